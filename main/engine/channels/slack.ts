import { type FailureClass, type SlackSettings, type TestReport } from '../../contract/index.js';
import type { HttpRequest } from '../net/http.js';
import { validateEventText } from '../templates.js';
import { CHAT_DEFAULT_TEXT, chatFacts, chatText } from './chat-facts.js';
import type { Dispatcher } from 'undici';
import { callVendor, ChannelConfigError, resultOf, retryAfterOf, TestRun, unrecorded, type VendorCall, type VendorFailure } from './http-kit.js';
import type { Channel, DeliveryItem, ItemResult, ItemSession, OutgoingEvent, Secrets, Target } from './types.js';

/**
 * Slack: one message per delivery, Block Kit blocks plus a plain `text` fallback (what
 * notifications and screen readers show). Two ways in, as Slack documents them: an incoming
 * webhook (the URL is the credential) answering `ok` or an error code as text with a status,
 * or a bot token posting with chat.postMessage, which answers HTTP 200 with `{ok, error}`.
 */

/** The sandbox points a captured integration here: the webhook URL's path kept, the host swapped. */
export type SlackTargetSettings = SlackSettings & { sandbox_origin?: string };

export const SLACK_DEFAULT_TEXT = CHAT_DEFAULT_TEXT;

/** Slack's mrkdwn needs only these three escaped. */
const esc = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

export async function slackMessage(target: { name: string; settings: Pick<SlackSettings, 'text_template' | 'mode' | 'channel'> }, event: OutgoingEvent) {
  const text = await chatText(target.settings.text_template, target.name, event);
  const fields = chatFacts(event).map(({ label, value }) => ({ type: 'mrkdwn', text: `*${label}*\n${esc(value).slice(0, 1900)}` }));
  const blocks = [
    { type: 'header', text: { type: 'plain_text', text: text.slice(0, 150), emoji: false } },
    { type: 'section', fields },
    { type: 'context', elements: [{ type: 'mrkdwn', text: esc(`Herald · ${target.name} · event ${event.id} · ${event.created_at}`) }] },
  ];
  return { text: text.slice(0, 3000), blocks, ...(target.settings.mode === 'bot' ? { channel: target.settings.channel } : {}) };
}

// ------------------------------------------------------------------ errors

type SlackFailure = VendorFailure;

const MALFORMED = { what: 'the message was rejected as malformed.', hint: 'Check the text template; if it persists, report it as a Herald bug.', classification: 'permanent' } as const;
const SLOW_DOWN = { what: 'too many messages; Slack asked to slow down.', hint: 'Herald waits as long as Retry-After says, then retries.', classification: 'transient' } as const;
const SLACK_DOWN = { what: 'Slack had an internal problem.', hint: 'Herald retries on the schedule.', classification: 'transient' } as const;
/** Slack's documented error codes, in plain words, with the fix. */
const SLACK_ERRORS: Record<string, { what: string; hint: string; classification: FailureClass }> = {
  invalid_auth: { what: 'the bot token was revoked or mistyped.', hint: 'Create a new one under OAuth & Permissions and paste it here.', classification: 'auth' },
  not_authed: { what: 'no bot token reached Slack.', hint: 'Paste the bot token (xoxb-…) and save.', classification: 'auth' },
  account_inactive: { what: 'the token belongs to a deleted user or an uninstalled app.', hint: 'Reinstall the app to the workspace and paste its new bot token.', classification: 'auth' },
  token_revoked: { what: 'the bot token was revoked.', hint: 'Reinstall the app to the workspace and paste its new bot token.', classification: 'auth' },
  token_expired: { what: 'the bot token has expired.', hint: 'Turn off token rotation for the app, or paste a fresh token.', classification: 'auth' },
  missing_scope: { what: 'the bot token lacks the chat:write scope.', hint: 'Add chat:write under OAuth & Permissions, reinstall the app and paste the new token.', classification: 'auth' },
  invalid_token: { what: 'the webhook URL is no longer valid.', hint: 'Add a new incoming webhook to the app (Incoming Webhooks) and paste its URL.', classification: 'auth' },
  no_service: { what: 'this incoming webhook was removed or disabled.', hint: 'Add a new incoming webhook to the app (Incoming Webhooks) and paste its URL.', classification: 'auth' },
  no_team: { what: 'the workspace of this webhook no longer exists.', hint: 'Add a new incoming webhook to the app (Incoming Webhooks) and paste its URL.', classification: 'auth' },
  team_disabled: { what: 'the workspace of this webhook no longer exists.', hint: 'Add a new incoming webhook to the app (Incoming Webhooks) and paste its URL.', classification: 'auth' },
  action_prohibited: { what: 'a workspace admin restricted posting here.', hint: 'Ask a Slack admin to allow the app in this channel.', classification: 'permanent' },
  posting_to_general_channel_denied: { what: 'only admins may post in this channel.', hint: 'Choose another channel, or ask an admin to allow the app.', classification: 'permanent' },
  channel_not_found: { what: 'the channel does not exist or the bot cannot see it.', hint: 'Check the channel id or name; for a private channel, invite the bot first (/invite @your-bot).', classification: 'permanent' },
  not_in_channel: { what: 'the bot is not a member of the channel.', hint: 'Invite the bot to the channel: type /invite @your-bot in it.', classification: 'permanent' },
  channel_is_archived: { what: 'the channel is archived.', hint: 'Unarchive the channel, or choose another one.', classification: 'permanent' },
  is_archived: { what: 'the channel is archived.', hint: 'Unarchive the channel, or choose another one.', classification: 'permanent' },
  invalid_payload: MALFORMED,
  invalid_blocks: MALFORMED,
  invalid_blocks_format: MALFORMED,
  msg_too_long: MALFORMED,
  no_text: MALFORMED,
  ratelimited: SLOW_DOWN,
  rate_limited: SLOW_DOWN,
  fatal_error: SLACK_DOWN,
  internal_error: SLACK_DOWN,
  service_unavailable: SLACK_DOWN,
  request_timeout: SLACK_DOWN,
};

/** The error code in a Slack answer: `{ok:false,error}` from the Web API, the plain text from a webhook. */
export function slackErrorCode(body: string): string | null {
  const trimmed = body.trim();
  try {
    const json = JSON.parse(trimmed) as { ok?: unknown; error?: unknown };
    if (json && typeof json === 'object' && json.ok === false && typeof json.error === 'string') return json.error;
    return null;
  } catch {
    return /^[a-z_]{2,64}$/.test(trimmed) && trimmed !== 'ok' ? trimmed : null;
  }
}

/** What one Slack answer means: null for success. */
export function explainSlackAnswer(res: { status: number; headers: Record<string, string>; body_excerpt: string }): SlackFailure | null {
  const code = slackErrorCode(res.body_excerpt);
  const retryAfterMs = retryAfterOf(res);
  const withRetry = (f: SlackFailure): SlackFailure => (retryAfterMs !== undefined ? { ...f, retryAfterMs } : f);
  if (res.status >= 200 && res.status <= 299 && !code) return null;
  if (code) {
    const known = SLACK_ERRORS[code];
    if (known) return withRetry({ message: `Slack says ${code}: ${known.what}`, hint: known.hint, classification: known.classification });
    return withRetry({ message: `Slack says ${code}.`, hint: 'Look the code up in Slack\'s API documentation for chat.postMessage or incoming webhooks.', classification: res.status >= 500 || res.status === 429 ? 'transient' : 'permanent' });
  }
  if (res.status === 429) return withRetry({ message: `Slack says ratelimited: ${SLOW_DOWN.what}`, hint: SLOW_DOWN.hint, classification: 'transient' });
  if (res.status === 401 || res.status === 403) return { message: `Slack refused the request (${res.status}).`, hint: 'Check the webhook URL or bot token.', classification: 'auth' };
  if (res.status >= 500) return withRetry({ message: `Slack failed with ${res.status}.`, hint: SLACK_DOWN.hint, classification: 'transient' });
  return { message: `Slack answered ${res.status}.`, hint: 'Check that the URL points at Slack.', classification: 'permanent' };
}

// ------------------------------------------------------------------ requests

/** Where a call goes: the webhook URL or `<api base>/<method>`, with the sandbox's host swapped in. */
function endpoint(settings: SlackTargetSettings, secrets: Secrets, method: 'chat.postMessage' | 'auth.test'): { url: string; headers: Record<string, string> } {
  if (settings.mode === 'webhook') {
    const url = secrets.webhook_url;
    if (!url) throw new ChannelConfigError('No webhook URL is stored: paste the incoming webhook URL.');
    if (!settings.sandbox_origin) return { url, headers: {} };
    const original = new URL(url);
    return { url: `${settings.sandbox_origin}${original.pathname}${original.search}`, headers: {} };
  }
  const token = secrets.bot_token;
  if (!token) throw new ChannelConfigError('No bot token is stored: paste the bot token (xoxb-…).');
  const base = (settings.sandbox_origin ? `${settings.sandbox_origin}/api` : settings.api_base).replace(/\/+$/, '');
  return { url: `${base}/${method}`, headers: { authorization: `Bearer ${token}` } };
}

function slackRequest(settings: SlackTargetSettings, secrets: Secrets, method: 'chat.postMessage' | 'auth.test', body: unknown, userAgent: string): HttpRequest {
  const { url, headers } = endpoint(settings, secrets, method);
  return { method: 'POST', url, headers: { 'content-type': 'application/json; charset=utf-8', 'user-agent': userAgent, ...headers }, body: JSON.stringify(body) };
}

/** The webhook URL is the credential: the log shows its host and nothing of its path. */
function masking(settings: SlackTargetSettings): Pick<VendorCall, 'explain' | 'mask'> {
  if (settings.mode !== 'webhook') return { explain: explainSlackAnswer };
  return {
    explain: explainSlackAnswer,
    mask: (ex) => ({ ...ex, request: { ...ex.request, url: `${new URL(ex.request.url).origin}/services/••••••••` } }),
  };
}

function openSession(target: Target<SlackTargetSettings>, runtime: { dispatcher: Dispatcher; userAgent: string }): ItemSession {
  async function send(item: DeliveryItem): Promise<ItemResult> {
    let message;
    try {
      message = await slackMessage(target, item.event);
    } catch (error) {
      return { outcome: 'failed', error: `The Slack text template failed: ${(error as Error).message}`, classification: 'config', exchange: unrecorded(target.settings.api_base) };
    }
    let req: HttpRequest;
    try {
      req = slackRequest(target.settings, target.secrets, 'chat.postMessage', message, runtime.userAgent);
    } catch (error) {
      if (error instanceof ChannelConfigError) return { outcome: 'failed', error: error.message, classification: 'config', exchange: unrecorded(target.settings.api_base) };
      throw error;
    }
    const { ex, failure } = await callVendor(req, { dispatcher: runtime.dispatcher, ...masking(target.settings) });
    return resultOf(ex, failure);
  }
  return { send, close: () => undefined };
}

// ------------------------------------------------------------------ Test it

async function test(target: Target<SlackTargetSettings>, runtime: { timeoutMs: number; userAgent: string }): Promise<TestReport> {
  const { settings, secrets } = target;
  const run = new TestRun(Math.min(settings.timeout_ms, runtime.timeoutMs || settings.timeout_ms));
  const call = (id: string, label: string, method: 'chat.postMessage' | 'auth.test', body: unknown) =>
    run.call(id, label, () => slackRequest(settings, secrets, method, body, runtime.userAgent), masking(settings));
  if (settings.mode === 'bot') {
    const who = await call('auth', 'Authentication', 'auth.test', {});
    if (!who) return run.finish('');
    // The sandbox's bin accepts any token and names no workspace.
    if (typeof who.team === 'string' && typeof who.user === 'string') {
      run.details.team = who.team;
      run.details.bot = who.user;
      run.detail(`Signed in to ${who.team} as ${who.user}`);
    } else run.detail('The token was accepted; the answer named no workspace.');
  }
  const text = `Test message from Herald (${target.name})`;
  const message = { text, blocks: [{ type: 'section', text: { type: 'mrkdwn', text: esc(`${text}: this integration can post here.`) } }], ...(settings.mode === 'bot' ? { channel: settings.channel } : {}) };
  if (await call('send', 'Test message', 'chat.postMessage', message)) run.detail(settings.mode === 'bot' ? `Posted to ${settings.channel}` : 'Slack answered ok');
  return run.finish(settings.mode === 'bot' ? `Herald can post to ${settings.channel}.` : 'Slack accepted the test message.');
}

export const slackChannel: Channel<SlackTargetSettings> = {
  kind: 'slack',
  mode: 'each',
  secretNames: ['webhook_url', 'bot_token'],
  wants: () => false,
  open: (target, runtime) => openSession(target, runtime),
  test: (target, runtime) => test(target, runtime),
  async preview(target, item, userAgent) {
    const settings = target.settings;
    const message = await slackMessage(target, item.event);
    const url = settings.mode === 'bot' ? `${settings.api_base.replace(/\/+$/, '')}/chat.postMessage` : 'https://hooks.slack.com/services/••••••••';
    const headers: Record<string, string> = { 'content-type': 'application/json; charset=utf-8', 'user-agent': userAgent, ...(settings.mode === 'bot' ? { authorization: 'Bearer ••••••••' } : {}) };
    return { kind: 'http', method: 'POST', url, headers, body: JSON.stringify(message, null, 2) };
  },
  async checkSettings(settings) {
    const problem = settings.text_template.trim() ? await validateEventText(settings.text_template) : null;
    return problem ? [{ path: 'settings.text_template', message: problem }] : [];
  },
  // Slack's webhook URL is a secret: the channel keeps its path and swaps in the bin's address.
  sandbox: { receiver: 'webhook-bin', redirect: (settings, binAddress) => ({ ...settings, sandbox_origin: binAddress }) },
};
