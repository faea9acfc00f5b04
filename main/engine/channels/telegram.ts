import type { TelegramSettings, TestReport } from '../../contract/index.js';
import type { HttpRequest } from '../net/http.js';
import { renderEventEscaped, validateEventText } from '../templates.js';
import type { Dispatcher } from 'undici';
import { callVendor, ChannelConfigError, resultOf, retryAfterOf, TestRun, unrecorded, type VendorCall, type VendorFailure } from './http-kit.js';
import type { Channel, DeliveryItem, ItemResult, ItemSession, OutgoingEvent, Secrets, Target } from './types.js';

/**
 * Telegram (Bot API): one sendMessage per delivery, as HTML (parse_mode HTML) rendered from a
 * LiquidJS template whose values are escaped, link previews off. Every answer is JSON
 * `{ok:true,result}` or `{ok:false,error_code,description,parameters?}`. The bot token is part
 * of the URL path (`/bot<token>/<method>`), so every recorded URL has it masked.
 */

/** The sandbox points a captured integration here instead of the API base. */
export type TelegramTargetSettings = TelegramSettings & { sandbox_origin?: string };

/** Telegram counts the text after entity parsing: at most 4096 characters. */
export const TELEGRAM_MAX_TEXT = 4096;

export const TELEGRAM_DEFAULT_TEXT = [
  '<b>{{ trigger.title }}</b>',
  '{% if event.payload.policy_name %}Policy: {{ event.payload.policy_name }}{% if event.payload.blocker %} (blocker){% endif %}{% endif %}',
  '{% if event.payload.severity %}Severity: {{ event.payload.severity }}{% endif %}',
  '{% if event.project %}Project: {{ event.project }}{% endif %}',
  '{% if event.payload.dependency %}Dependency: {{ event.payload.dependency }}{% if event.payload.dependency_version %} {{ event.payload.dependency_version }}{% endif %}{% endif %}',
  '{% if event.payload.vulnerability %}Vulnerability: {{ event.payload.vulnerability }}{% endif %}',
].join('\n');

/** Telegram's HTML needs only &, < and > escaped outside tags (numeric entities are also understood). */
export const escapeTelegramHtml = (value: unknown): string =>
  (value === undefined || value === null ? '' : typeof value === 'object' ? JSON.stringify(value) : String(value)).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/**
 * HTML cut to at most `max` visible characters (tags count nothing, an entity one), ending with
 * "…" when cut, with the tags still open closed again so Telegram can parse it.
 */
export function truncateTelegramHtml(html: string, max = TELEGRAM_MAX_TEXT): string {
  const visible = (s: string) => s.replace(/<[^>]*>/g, '').replace(/&(#\d+|#x[0-9a-f]+|\w+);/gi, '_').length;
  if (visible(html) <= max) return html;
  const open: string[] = [];
  let count = 0;
  let i = 0;
  while (i < html.length && count < max - 1) {
    if (html[i] === '<') {
      const end = html.indexOf('>', i);
      if (end < 0) break;
      const tag = html.slice(i + 1, end);
      const name = /^\/?\s*([a-z-]+)/i.exec(tag)?.[1]?.toLowerCase() ?? '';
      if (tag.startsWith('/')) open.splice(open.lastIndexOf(name), 1);
      else if (!tag.endsWith('/')) open.push(name);
      i = end + 1;
      continue;
    }
    const entity = html[i] === '&' ? /^&(#\d+|#x[0-9a-f]+|\w+);/i.exec(html.slice(i)) : null;
    // A surrogate pair is one character to the eye but two to Telegram's count: never split it.
    const step = entity ? entity[0].length : html.codePointAt(i)! > 0xffff ? 2 : 1;
    const weight = entity ? 1 : step;
    if (count + weight > max - 1) break;
    count += weight;
    i += step;
  }
  return `${html.slice(0, i).trimEnd()}…${open.reverse().map((name) => `</${name}>`).join('')}`;
}

export async function telegramMessage(target: { name: string; settings: Pick<TelegramSettings, 'text_template' | 'chat_id' | 'message_thread_id'> }, event: OutgoingEvent) {
  const { settings } = target;
  const rendered = await renderEventEscaped(settings.text_template.trim() ? settings.text_template : TELEGRAM_DEFAULT_TEXT, { event, integration_name: target.name, signature: '' }, escapeTelegramHtml);
  // Liquid tags leave blank lines behind; a chat message reads better without runs of them.
  const text = rendered.replace(/[ \t]+$/gm, '').replace(/\n{3,}/g, '\n\n').trim() || escapeTelegramHtml(event.trigger);
  return {
    chat_id: settings.chat_id,
    ...(settings.message_thread_id ? { message_thread_id: Number(settings.message_thread_id) } : {}),
    text: truncateTelegramHtml(text),
    parse_mode: 'HTML',
    link_preview_options: { is_disabled: true },
  };
}

// ------------------------------------------------------------------ errors

interface TelegramAnswer {
  ok?: unknown;
  error_code?: unknown;
  description?: unknown;
  result?: unknown;
  parameters?: { retry_after?: unknown; migrate_to_chat_id?: unknown };
}

const SLOW_DOWN = { what: 'too many messages; Telegram asked to slow down.', hint: 'Herald waits as long as retry_after says, then retries.' } as const;
const TELEGRAM_DOWN = { what: 'Telegram had an internal problem.', hint: 'Herald retries on the schedule.' } as const;

/** The documented answers, by description, in plain words with the fix. */
const TELEGRAM_ERRORS: { match: RegExp; what: string; hint: string | ((a: TelegramAnswer) => string); classification: 'auth' | 'permanent' }[] = [
  { match: /^Unauthorized/i, what: 'the bot token was revoked or mistyped.', hint: 'Copy the token from @BotFather (/mybots → API Token) and paste it here.', classification: 'auth' },
  { match: /^Not Found/i, what: 'no bot has this token, or the API base URL is wrong.', hint: 'Check the token from @BotFather and the API base URL.', classification: 'auth' },
  {
    match: /chat not found/i,
    what: 'the chat does not exist or the bot has never been in it.',
    hint: 'For a person: open the bot in Telegram and press Start. For a group or channel: add the bot to it. Then check the chat id.',
    classification: 'permanent',
  },
  { match: /bot was blocked by the user/i, what: 'the user blocked the bot.', hint: 'Ask the user to unblock the bot and press Start again.', classification: 'permanent' },
  {
    match: /bot is not a member of the (channel|supergroup|group) chat/i,
    what: 'the bot is not a member of the chat.',
    hint: 'Add the bot to the group, or to the channel as an administrator allowed to post.',
    classification: 'permanent',
  },
  { match: /bot was kicked/i, what: 'the bot was removed from the chat.', hint: 'Add the bot to the chat again.', classification: 'permanent' },
  { match: /can't initiate conversation/i, what: 'a bot cannot write to a person first.', hint: 'Open the bot in Telegram and press Start, then test again.', classification: 'permanent' },
  { match: /user is deactivated/i, what: 'the account of this chat was deleted.', hint: 'Choose another chat.', classification: 'permanent' },
  {
    match: /(upgraded|migrated) to a supergroup/i,
    what: 'the group became a supergroup with a new id.',
    hint: (a) => (a.parameters?.migrate_to_chat_id !== undefined ? `Change the chat id to ${String(a.parameters.migrate_to_chat_id)}.` : 'Change the chat id to the supergroup’s id (-100…).'),
    classification: 'permanent',
  },
  { match: /message thread not found/i, what: 'the forum topic does not exist.', hint: 'Check the topic id, or leave it empty to post in the main thread.', classification: 'permanent' },
  {
    match: /can't parse entities/i,
    what: 'the message is not valid Telegram HTML.',
    hint: 'Check the text template: close every tag, use only tags Telegram supports (b, i, u, s, code, pre, a), and write &, < and > as &amp;, &lt; and &gt;.',
    classification: 'permanent',
  },
  { match: /message is too long/i, what: 'the message is longer than Telegram allows.', hint: 'Shorten the text template.', classification: 'permanent' },
  { match: /not enough rights/i, what: 'the bot may not post in this chat.', hint: 'Allow the bot to send messages (in a channel, make it an administrator who may post).', classification: 'permanent' },
];

function parseAnswer(body: string): TelegramAnswer | null {
  try {
    const json = JSON.parse(body) as unknown;
    return json && typeof json === 'object' && !Array.isArray(json) ? (json as TelegramAnswer) : null;
  } catch {
    return null;
  }
}

/** What one Telegram answer means: null for success. */
export function explainTelegramAnswer(res: { status: number; headers: Record<string, string>; body_excerpt: string }): VendorFailure | null {
  const answer = parseAnswer(res.body_excerpt);
  // The sandbox's bin answers 200 with its own JSON: anything 2xx that is not ok:false is delivered.
  if (res.status >= 200 && res.status <= 299 && answer?.ok !== false) return null;
  const retryAfter = Number(answer?.parameters?.retry_after);
  const retryAfterMs = Number.isFinite(retryAfter) && retryAfter >= 0 ? retryAfter * 1000 : retryAfterOf(res);
  const code = typeof answer?.error_code === 'number' ? answer.error_code : res.status;
  const description = typeof answer?.description === 'string' ? answer.description.slice(0, 300) : null;
  if (code === 429 || res.status === 429) {
    return { message: `Telegram says "${description ?? 'Too Many Requests'}" (429): ${SLOW_DOWN.what}`, hint: SLOW_DOWN.hint, classification: 'transient', ...(retryAfterMs !== undefined ? { retryAfterMs } : {}) };
  }
  if (res.status >= 500 || code >= 500) {
    const said = description ? `Telegram says "${description}" (${code}): ${TELEGRAM_DOWN.what}` : `Telegram failed with ${res.status}.`;
    return { message: said, hint: TELEGRAM_DOWN.hint, classification: 'transient', ...(retryAfterMs !== undefined ? { retryAfterMs } : {}) };
  }
  if (!description) {
    if (res.status === 401) return { message: 'Telegram refused the bot token (401).', hint: TELEGRAM_ERRORS[0]!.hint as string, classification: 'auth' };
    return { message: `Telegram answered ${res.status}.`, hint: 'Check that the API base URL points at Telegram.', classification: 'permanent' };
  }
  const known = TELEGRAM_ERRORS.find((e) => e.match.test(description));
  if (known) return { message: `Telegram says "${description}" (${code}): ${known.what}`, hint: typeof known.hint === 'function' ? known.hint(answer!) : known.hint, classification: known.classification };
  return {
    message: `Telegram says "${description}" (${code}).`,
    hint: 'Look the description up in the Telegram Bot API documentation for sendMessage.',
    classification: code === 401 ? 'auth' : 'permanent',
  };
}

// ------------------------------------------------------------------ requests

const MASKED_PATH = '/bot••••••••/';

/** `<api base>/bot<token>/<method>`; in the sandbox the token never leaves Herald (the bin keeps paths). */
function telegramRequest(settings: TelegramTargetSettings, secrets: Secrets, method: 'getMe' | 'sendMessage', body: unknown, userAgent: string): HttpRequest {
  const token = secrets.bot_token;
  if (!token) throw new ChannelConfigError('No bot token is stored: paste the token from @BotFather.');
  const base = (settings.sandbox_origin ?? settings.api_base).replace(/\/+$/, '');
  const path = settings.sandbox_origin ? `/bot********/${method}` : `/bot${token}/${method}`;
  return { method: 'POST', url: `${base}${path}`, headers: { 'content-type': 'application/json; charset=utf-8', 'user-agent': userAgent }, body: JSON.stringify(body) };
}

const maskToken = (url: string) => url.replace(/\/bot[^/]*\//, MASKED_PATH);
const calling: Pick<VendorCall, 'explain' | 'mask'> = { explain: explainTelegramAnswer, mask: (ex) => ({ ...ex, request: { ...ex.request, url: maskToken(ex.request.url) } }) };

function openSession(target: Target<TelegramTargetSettings>, runtime: { dispatcher: Dispatcher; userAgent: string }): ItemSession {
  const where = `${target.settings.api_base.replace(/\/+$/, '')}${MASKED_PATH}sendMessage`;
  async function send(item: DeliveryItem): Promise<ItemResult> {
    let message;
    try {
      message = await telegramMessage(target, item.event);
    } catch (error) {
      return { outcome: 'failed', error: `The Telegram text template failed: ${(error as Error).message}`, classification: 'config', exchange: unrecorded(where) };
    }
    let req: HttpRequest;
    try {
      req = telegramRequest(target.settings, target.secrets, 'sendMessage', message, runtime.userAgent);
    } catch (error) {
      if (error instanceof ChannelConfigError) return { outcome: 'failed', error: error.message, classification: 'config', exchange: unrecorded(where) };
      throw error;
    }
    const { ex, failure } = await callVendor(req, { dispatcher: runtime.dispatcher, ...calling });
    return resultOf(ex, failure);
  }
  return { send, close: () => undefined };
}

// ------------------------------------------------------------------ Test it

const str = (v: unknown) => (typeof v === 'string' && v ? v : null);

async function test(target: Target<TelegramTargetSettings>, runtime: { timeoutMs: number; userAgent: string }): Promise<TestReport> {
  const { settings, secrets } = target;
  const run = new TestRun(Math.min(settings.timeout_ms, runtime.timeoutMs || settings.timeout_ms));
  const call = (id: string, label: string, method: 'getMe' | 'sendMessage', body: unknown) => run.call(id, label, () => telegramRequest(settings, secrets, method, body, runtime.userAgent), calling);

  const me = await call('auth', 'Bot', 'getMe', {});
  if (!me) return run.finish('');
  const bot = (me.result ?? {}) as Record<string, unknown>;
  // The sandbox's bin accepts any token and names no bot.
  if (str(bot.username)) {
    run.details.bot = `@${String(bot.username)}`;
    run.detail(`Signed in as @${String(bot.username)}${str(bot.first_name) ? ` (${String(bot.first_name)})` : ''}`);
  } else run.detail('The token was accepted; the answer named no bot.');

  const text = `<b>Test message from Herald</b> (${escapeTelegramHtml(target.name)})\nThis integration can post here.`;
  const body = { chat_id: settings.chat_id, ...(settings.message_thread_id ? { message_thread_id: Number(settings.message_thread_id) } : {}), text, parse_mode: 'HTML', link_preview_options: { is_disabled: true } };
  const sent = await call('send', 'Test message', 'sendMessage', body);
  let where = settings.chat_id;
  if (sent) {
    const chat = ((sent.result as Record<string, unknown> | undefined)?.chat ?? {}) as Record<string, unknown>;
    const title = str(chat.title) ?? (str(chat.username) ? `@${String(chat.username)}` : null) ?? str(chat.first_name);
    if (title) {
      where = `${title} (${settings.chat_id})`;
      run.details.chat = title;
    }
    run.detail(`Posted to ${where}`);
  }
  return run.finish(`Herald can post to ${where}.`);
}

export const telegramChannel: Channel<TelegramTargetSettings> = {
  kind: 'telegram',
  mode: 'each',
  secretNames: ['bot_token'],
  wants: () => false,
  open: (target, runtime) => openSession(target, runtime),
  test: (target, runtime) => test(target, runtime),
  async preview(target, item, userAgent) {
    const message = await telegramMessage(target, item.event);
    const url = `${target.settings.api_base.replace(/\/+$/, '')}${MASKED_PATH}sendMessage`;
    return { kind: 'http', method: 'POST', url, headers: { 'content-type': 'application/json; charset=utf-8', 'user-agent': userAgent }, body: JSON.stringify(message, null, 2) };
  },
  async checkSettings(settings) {
    const problem = settings.text_template.trim() ? await validateEventText(settings.text_template) : null;
    return problem ? [{ path: 'settings.text_template', message: problem }] : [];
  },
  // The token is in the path: the channel swaps the API base for the bin and masks the token itself.
  sandbox: { receiver: 'webhook-bin', redirect: (settings, binAddress) => ({ ...settings, sandbox_origin: binAddress }) },
};
