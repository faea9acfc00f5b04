import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A local Telegram Bot API that answers as Telegram documents it: `POST /bot<token>/<method>`,
 * every answer JSON `{"ok":true,"result":…}` or `{"ok":false,"error_code":…,"description":…}`
 * with `parameters.retry_after` on 429 and `parameters.migrate_to_chat_id` for a migrated group.
 * An unknown token is 401 Unauthorized, an unknown method 404 Not Found. sendMessage checks the
 * chat, the forum topic, the HTML (parse_mode HTML: known tags, balanced, & < > escaped) and the
 * 4096-character limit after entity parsing.
 */
export interface TelegramChat {
  id: number;
  type: 'private' | 'group' | 'supergroup' | 'channel';
  title?: string;
  first_name?: string;
  username?: string;
  /** The bot may post here; false: 403 not a member. */
  member?: boolean;
  /** A private chat whose user blocked the bot. */
  blocked?: boolean;
  /** A group that became this supergroup. */
  migrated_to?: number;
  /** Forum topics (message_thread_id) that exist. */
  topics?: number[];
}

export interface TelegramPost {
  chat_id: number;
  message_thread_id: number | null;
  /** As sent (HTML). */
  html: string;
  /** As a member would see it: tags gone, entities decoded. */
  text: string;
  parse_mode: unknown;
  link_preview_options: unknown;
}

export interface RecordedTelegramRequest {
  method: string;
  path: string;
  body: string;
}

type Failure = { status: 429; retryAfterSeconds: number } | { status: 500 | 502 } | { status: 'api'; error_code: number; description: string };

const ALLOWED_TAGS = new Set(['b', 'strong', 'i', 'em', 'u', 'ins', 's', 'strike', 'del', 'span', 'tg-spoiler', 'a', 'code', 'pre', 'blockquote', 'tg-emoji']);

export const TELEGRAM_TEST_TOKEN = '123456789:AAHerald-test-token_0123456789abcdef';

export class TelegramFake {
  readonly requests: RecordedTelegramRequest[] = [];
  readonly posts: TelegramPost[] = [];
  private failures: Failure[] = [];
  readonly chats: TelegramChat[] = [
    { id: -1001234567890, type: 'supergroup', title: 'Security alerts', topics: [42] },
    { id: 555000111, type: 'private', first_name: 'Ann', blocked: true },
    { id: -1009876543210, type: 'channel', title: 'Herald channel', username: 'herald_channel', member: false },
    { id: -4000000001, type: 'group', title: 'Old group', migrated_to: -1004000000001 },
  ];

  private constructor(
    private readonly server: Server,
    readonly token: string,
  ) {}

  static async start(token = TELEGRAM_TEST_TOKEN): Promise<TelegramFake> {
    const holder: { fake?: TelegramFake } = {};
    const server = createServer((req, res) => void holder.fake!.handle(req, res));
    holder.fake = new TelegramFake(server, token);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return holder.fake;
  }

  get apiBase(): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  /** The next `count` requests fail like this, then Telegram is back. */
  failNext(count: number, failure: Failure): void {
    for (let i = 0; i < count; i++) this.failures.push(failure);
  }

  close(): Promise<void> {
    this.server.closeAllConnections();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const body = Buffer.concat(chunks).toString('utf8');
    const path = (req.url ?? '/').split('?')[0]!;
    this.requests.push({ method: req.method ?? 'GET', path, body });
    const answer = (status: number, value: unknown) => {
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(value));
    };
    const error = (error_code: number, description: string, parameters?: Record<string, unknown>) => answer(error_code, { ok: false, error_code, description, ...(parameters ? { parameters } : {}) });
    const failure = this.failures.shift();
    if (failure) {
      if (failure.status === 429) return error(429, `Too Many Requests: retry after ${failure.retryAfterSeconds}`, { retry_after: failure.retryAfterSeconds });
      if (failure.status === 'api') return error(failure.error_code, failure.description);
      // A proxy in front of the Bot API answers 5xx with a page of its own.
      res.writeHead(failure.status, { 'content-type': 'text/html' });
      return void res.end('<html><body><h1>502 Bad Gateway</h1></body></html>');
    }
    const m = /^\/bot([^/]+)\/(\w+)$/.exec(path);
    if (!m) return error(404, 'Not Found');
    if (decodeURIComponent(m[1]!) !== this.token) return error(401, 'Unauthorized');
    const method = m[2]!;
    let params: Record<string, unknown> = {};
    try {
      params = body ? (JSON.parse(body) as Record<string, unknown>) : {};
    } catch {
      return error(400, 'Bad Request: invalid JSON');
    }
    if (method === 'getMe') return answer(200, { ok: true, result: { id: 123456789, is_bot: true, first_name: 'Herald Alerts', username: 'herald_alerts_bot', can_join_groups: true } });
    if (method !== 'sendMessage') return error(404, 'Not Found');

    const wanted = String(params.chat_id ?? '');
    const chat = this.chats.find((c) => String(c.id) === wanted || (c.username && `@${c.username}` === wanted));
    if (!chat) return error(400, 'Bad Request: chat not found');
    if (chat.migrated_to) return error(400, 'Bad Request: group chat was upgraded to a supergroup chat', { migrate_to_chat_id: chat.migrated_to });
    if (chat.blocked) return error(403, 'Forbidden: bot was blocked by the user');
    if (chat.member === false) return error(403, `Forbidden: bot is not a member of the ${chat.type} chat`);
    const thread = params.message_thread_id === undefined ? null : Number(params.message_thread_id);
    if (thread !== null && !(chat.topics ?? []).includes(thread)) return error(400, 'Bad Request: message thread not found');
    const html = typeof params.text === 'string' ? params.text : '';
    const parsed = params.parse_mode === 'HTML' ? parseHtml(html) : { text: html };
    if ('error' in parsed) return error(400, `Bad Request: can't parse entities: ${parsed.error}`);
    if (!parsed.text.trim()) return error(400, 'Bad Request: message text is empty');
    if (parsed.text.length > 4096) return error(400, 'Bad Request: message is too long');
    this.posts.push({ chat_id: chat.id, message_thread_id: thread, html, text: parsed.text, parse_mode: params.parse_mode, link_preview_options: params.link_preview_options });
    const shownChat = { id: chat.id, type: chat.type, ...(chat.title ? { title: chat.title } : {}), ...(chat.username ? { username: chat.username } : {}), ...(chat.first_name ? { first_name: chat.first_name } : {}) };
    return answer(200, { ok: true, result: { message_id: this.posts.length, date: 1764590000, chat: shownChat, text: parsed.text } });
  }
}

/** Telegram's HTML: the supported tags, balanced, and &, <, > escaped elsewhere; the text a member sees. */
function parseHtml(html: string): { text: string } | { error: string } {
  const open: string[] = [];
  let text = '';
  let i = 0;
  const offset = () => Buffer.byteLength(html.slice(0, i));
  while (i < html.length) {
    const ch = html[i]!;
    if (ch === '<') {
      const end = html.indexOf('>', i);
      const tag = /^<(\/?)([a-z-]+)(\s[^>]*)?>$/i.exec(end < 0 ? '' : html.slice(i, end + 1));
      if (!tag) return { error: `Unsupported start tag at byte offset ${offset()}` };
      const name = tag[2]!.toLowerCase();
      if (!ALLOWED_TAGS.has(name)) return { error: `Unsupported start tag "${name}" at byte offset ${offset()}` };
      if (tag[1]) {
        if (open.pop() !== name) return { error: `Can't find end tag corresponding to start tag "${name}"` };
      } else open.push(name);
      i = end + 1;
      continue;
    }
    if (ch === '&') {
      const entity = /^&(lt|gt|amp|quot|#\d+|#x[0-9a-f]+);/i.exec(html.slice(i));
      if (!entity) return { error: `Character entity expected at byte offset ${offset()}` };
      const name = entity[1]!;
      const named: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"' };
      text += named[name.toLowerCase()] ?? String.fromCodePoint(name[1] === 'x' ? parseInt(name.slice(2), 16) : Number(name.slice(1)));
      i += entity[0].length;
      continue;
    }
    if (ch === '>') return { error: `Unexpected end tag at byte offset ${offset()}` };
    text += ch;
    i++;
  }
  if (open.length) return { error: `Can't find end tag corresponding to start tag "${open.at(-1)}"` };
  return { text };
}
