import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A local Slack that answers as Slack documents it. Incoming webhooks (`POST /services/T…/B…/…`)
 * answer `200 ok` as text, errors as text with a status (400 invalid_payload, 403 invalid_token /
 * action_prohibited, 404 no_service / channel_not_found, 410 channel_is_archived, 429 with
 * Retry-After). The Web API (`POST /api/auth.test`, `/api/chat.postMessage`) answers HTTP 200 with
 * `{"ok":false,"error":…}` for its errors and HTTP 429 + Retry-After when rate limited.
 */
export interface SlackFakeOptions {
  /** The bot token the Web API accepts. */
  token?: string;
  /** The incoming webhook path that exists. */
  webhookPath?: string;
  /** Channels that exist, by id and #name; the bot is a member of those in `joined`. */
  channels?: { id: string; name: string; archived?: boolean; joined?: boolean }[];
}

export interface SlackPost {
  via: 'webhook' | 'api';
  channel: string | null;
  text: string;
  blocks: unknown[];
}

export interface RecordedSlackRequest {
  method: string;
  path: string;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

type Failure = { status: 429; retryAfterSeconds: number } | { status: 500 | 503 } | { status: 'webhook'; code: number; error: string } | { status: 'api'; error: string };

export class SlackFake {
  readonly requests: RecordedSlackRequest[] = [];
  readonly posts: SlackPost[] = [];
  private failures: Failure[] = [];
  private readonly options: Required<SlackFakeOptions>;

  private constructor(
    private readonly server: Server,
    options: SlackFakeOptions,
  ) {
    this.options = {
      token: options.token ?? 'xoxb-1111-2222-herald-test',
      webhookPath: options.webhookPath ?? '/services/T0001/B0001/abcdefghijklmnop',
      channels: options.channels ?? [
        { id: 'C0SEC0001', name: 'security-alerts', joined: true },
        { id: 'C0OLD0001', name: 'old-alerts', archived: true, joined: true },
        { id: 'C0OTH0001', name: 'general', joined: false },
      ],
    };
  }

  static async start(options: SlackFakeOptions = {}): Promise<SlackFake> {
    const holder: { fake?: SlackFake } = {};
    const server = createServer((req, res) => void holder.fake!.handle(req, res));
    holder.fake = new SlackFake(server, options);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return holder.fake;
  }

  get origin(): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }
  get apiBase(): string {
    return `${this.origin}/api`;
  }
  get webhookUrl(): string {
    return `${this.origin}${this.options.webhookPath}`;
  }
  get token(): string {
    return this.options.token;
  }

  /** The next `count` requests fail like this, then Slack is back. */
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
    this.requests.push({ method: req.method ?? 'GET', path, headers: req.headers, body });
    const text = (status: number, value: string, headers: Record<string, string> = {}) => {
      res.writeHead(status, { 'content-type': 'text/html', ...headers });
      res.end(value);
    };
    const json = (value: unknown, status = 200, headers: Record<string, string> = {}) => {
      res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', ...headers });
      res.end(JSON.stringify(value));
    };
    const webhook = path.startsWith('/services/');
    const failure = this.failures.shift();
    if (failure) {
      if (failure.status === 429) return webhook ? text(429, 'rate_limited', { 'retry-after': String(failure.retryAfterSeconds) }) : json({ ok: false, error: 'ratelimited' }, 429, { 'retry-after': String(failure.retryAfterSeconds) });
      if (failure.status === 'webhook') return text(failure.code, failure.error);
      if (failure.status === 'api') return json({ ok: false, error: failure.error });
      return text(failure.status, '<html><body>Internal Server Error</body></html>');
    }
    if (req.method !== 'POST') return text(405, 'method_not_allowed');

    if (webhook) {
      if (path !== this.options.webhookPath) return text(403, 'invalid_token');
      const message = parse(body);
      if (!message || (typeof message.text !== 'string' && !Array.isArray(message.blocks))) return text(400, 'invalid_payload');
      this.posts.push({ via: 'webhook', channel: null, text: String(message.text ?? ''), blocks: (message.blocks as unknown[]) ?? [] });
      return text(200, 'ok');
    }

    const auth = req.headers.authorization;
    if (!auth) return json({ ok: false, error: 'not_authed' });
    if (auth !== `Bearer ${this.options.token}`) return json({ ok: false, error: 'invalid_auth' });
    if (path === '/api/auth.test') return json({ ok: true, url: 'https://herald-test.slack.com/', team: 'Herald Test', user: 'herald_bot', team_id: 'T0001', user_id: 'U0BOT0001', bot_id: 'B0001' });
    if (path === '/api/chat.postMessage') {
      const message = parse(body);
      if (!message) return json({ ok: false, error: 'invalid_json' });
      const wanted = String(message.channel ?? '');
      const channel = this.options.channels.find((c) => c.id === wanted || `#${c.name}` === wanted);
      if (!channel) return json({ ok: false, error: 'channel_not_found' });
      if (channel.archived) return json({ ok: false, error: 'is_archived' });
      if (!channel.joined) return json({ ok: false, error: 'not_in_channel' });
      if (typeof message.text !== 'string' && !Array.isArray(message.blocks)) return json({ ok: false, error: 'no_text' });
      this.posts.push({ via: 'api', channel: channel.id, text: String(message.text ?? ''), blocks: (message.blocks as unknown[]) ?? [] });
      return json({ ok: true, channel: channel.id, ts: `1700000000.${String(this.posts.length).padStart(6, '0')}`, message: { text: message.text } });
    }
    return json({ ok: false, error: 'unknown_method' }, 404);
  }
}

function parse(body: string): Record<string, unknown> | null {
  try {
    const value = JSON.parse(body) as unknown;
    return value && typeof value === 'object' ? (value as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}
