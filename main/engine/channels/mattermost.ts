import type { FailureClass, MattermostSettings, TestReport } from '../../contract/index.js';
import type { HttpRequest } from '../net/http.js';
import { parseRetryAfter } from './webhook.js';
import { validateEventText } from '../templates.js';
import type { Dispatcher } from 'undici';
import { chatFacts, chatText, clip, footerOf, redirectedUrl, severityOf } from './chat-facts.js';
import { callVendor, ChannelConfigError, resultOf, retryAfterOf, TestRun, unrecorded, type VendorCall, type VendorFailure } from './http-kit.js';
import type { Channel, DeliveryItem, ItemResult, ItemSession, OutgoingEvent, Secrets, Target } from './types.js';

/**
 * Mattermost: one post per delivery through an incoming webhook (`POST /hooks/<key>`), with a
 * Markdown `text` line and one Slack-compatible attachment (fallback, colour, title, fields,
 * footer). The server answers 200 "ok"; its errors are JSON AppErrors `{id, message, status_code}`.
 */

export type MattermostTargetSettings = MattermostSettings & { sandbox_origin?: string };

const COLOR: Record<string, string> = { critical: '#D32F2F', high: '#F57C00', medium: '#FBC02D', low: '#1976D2' };
/** Mattermost's post limit is 16383 characters; a line and its facts stay far below. */
const TEXT_LIMIT = 4000;

export async function mattermostMessage(target: { name: string; settings: Pick<MattermostSettings, 'text_template' | 'channel' | 'username' | 'icon_url'> }, event: OutgoingEvent) {
  const s = target.settings;
  const text = clip(await chatText(s.text_template, target.name, event), TEXT_LIMIT);
  const facts = chatFacts(event);
  return {
    text,
    ...(s.channel ? { channel: s.channel } : {}),
    ...(s.username ? { username: s.username } : {}),
    ...(s.icon_url ? { icon_url: s.icon_url } : {}),
    attachments: [
      {
        fallback: text,
        color: COLOR[severityOf(event) ?? ''] ?? '#607D8B',
        title: facts.find((f) => f.label === 'Trigger')!.value,
        fields: facts.filter((f) => f.label !== 'Trigger').map((f) => ({ title: f.label, value: clip(f.value, 1000), short: f.label !== 'Dependency' && f.label !== 'Policy' })),
        footer: `${footerOf(target.name, event)} · ${event.created_at}`,
      },
    ],
    // The post's info panel ("card") shows every fact as Markdown.
    props: { card: facts.map((f) => `**${f.label}:** ${f.value}`).join('\n') },
  };
}

// ------------------------------------------------------------------ errors

type Known = { what: string; hint: string; classification: FailureClass };
const MALFORMED: Known = { what: 'the message was rejected as malformed.', hint: 'Check the text template; if it persists, report it as a Herald bug.', classification: 'permanent' };
/** Mattermost's AppError ids of incoming webhooks, in plain words, with the fix. */
const MATTERMOST_ERRORS: Record<string, Known> = {
  'web.incoming_webhook.invalid.app_error': {
    what: 'the webhook does not exist (deleted, or the URL is mistyped).',
    hint: 'Create an incoming webhook (Integrations → Incoming Webhooks) and paste its URL.',
    classification: 'auth',
  },
  'web.incoming_webhook.disabled.app_error': {
    what: 'incoming webhooks are turned off on this server.',
    hint: 'Ask a Mattermost admin to enable them (System Console → Integrations → Integration Management).',
    classification: 'auth',
  },
  'web.incoming_webhook.channel.app_error': {
    what: 'the channel was not found.',
    hint: "Enter the channel's name in lower case (town-square, not Town Square), or leave it empty for the webhook's own channel.",
    classification: 'permanent',
  },
  'web.incoming_webhook.channel_locked.app_error': {
    what: 'this webhook may post only to its own channel.',
    hint: 'Leave the channel empty, or untick "Lock to this channel" on the webhook in Mattermost.',
    classification: 'permanent',
  },
  'web.incoming_webhook.permissions.app_error': {
    what: "the webhook's creator may not post in that channel.",
    hint: "Add the webhook's creator to the channel, or choose another channel.",
    classification: 'permanent',
  },
  'web.incoming_webhook.user.app_error': { what: 'the user was not found.', hint: 'Check the @username in the channel field.', classification: 'permanent' },
  'web.incoming_webhook.text.app_error': MALFORMED,
  'web.incoming_webhook.parse.app_error': MALFORMED,
  'api.post.create_post.town_square_read_only': { what: 'the channel is read-only.', hint: 'Choose another channel.', classification: 'permanent' },
};
const SLOW_DOWN = { what: 'too many requests; Mattermost asked to slow down.', hint: 'Herald waits as long as Retry-After says, then retries.' };
const MATTERMOST_DOWN = { what: 'Mattermost had an internal problem.', hint: 'Herald retries on the schedule.' };

function appErrorId(body: string): string | null {
  try {
    const json = JSON.parse(body) as { id?: unknown };
    return typeof json?.id === 'string' && /^[\w.]{1,120}$/.test(json.id) ? json.id : null;
  } catch {
    return null;
  }
}

/** What one Mattermost answer means: null for success (200 "ok"). */
export function explainMattermostAnswer(res: { status: number; headers: Record<string, string>; body_excerpt: string }): VendorFailure | null {
  if (res.status >= 200 && res.status <= 299) return null;
  const id = appErrorId(res.body_excerpt);
  const says = `Mattermost says ${res.status}${id ? ` ${id}` : ''}`;
  if (res.status === 429) {
    // Its rate limiter sends Retry-After and X-Ratelimit-Reset, both in seconds.
    const retryAfterMs = retryAfterOf(res) ?? parseRetryAfter(res.headers['x-ratelimit-reset'], Date.now());
    return { message: `${says}: ${SLOW_DOWN.what}`, hint: SLOW_DOWN.hint, classification: 'transient', ...(retryAfterMs !== undefined ? { retryAfterMs } : {}) };
  }
  const known = id ? MATTERMOST_ERRORS[id] : undefined;
  if (known) return { message: `${says}: ${known.what}`, hint: known.hint, classification: known.classification };
  if (res.status >= 500) {
    const retryAfterMs = retryAfterOf(res);
    return { message: `${says}: ${MATTERMOST_DOWN.what}`, hint: MATTERMOST_DOWN.hint, classification: 'transient', ...(retryAfterMs !== undefined ? { retryAfterMs } : {}) };
  }
  if (res.status === 401 || res.status === 404) return { message: `${says}: ${MATTERMOST_ERRORS['web.incoming_webhook.invalid.app_error']!.what}`, hint: MATTERMOST_ERRORS['web.incoming_webhook.invalid.app_error']!.hint, classification: 'auth' };
  if (res.status === 400) return { message: `${says}: ${MALFORMED.what}`, hint: MALFORMED.hint, classification: 'permanent' };
  return { message: `Mattermost answered ${res.status}.`, hint: 'Check that the URL is a Mattermost incoming webhook URL (…/hooks/<key>).', classification: 'permanent' };
}

// ------------------------------------------------------------------ requests

function mattermostRequest(settings: MattermostTargetSettings, secrets: Secrets, body: unknown, userAgent: string): HttpRequest {
  const url = secrets.webhook_url;
  if (!url) throw new ChannelConfigError('No webhook URL is stored: paste the Mattermost incoming webhook URL.');
  return { method: 'POST', url: redirectedUrl(url, settings.sandbox_origin), headers: { 'content-type': 'application/json', 'user-agent': userAgent }, body: JSON.stringify(body) };
}

/** The hook key is the credential: the log shows the server and nothing of the key. */
const masking: Pick<VendorCall, 'explain' | 'mask'> = {
  explain: explainMattermostAnswer,
  mask: (ex) => {
    const url = new URL(ex.request.url);
    return { ...ex, request: { ...ex.request, url: `${url.origin}${url.pathname.replace(/\/hooks\/[^/]+/, '/hooks/••••••••')}` } };
  },
};

function openSession(target: Target<MattermostTargetSettings>, runtime: { dispatcher: Dispatcher; userAgent: string }): ItemSession {
  async function send(item: DeliveryItem): Promise<ItemResult> {
    let req: HttpRequest;
    try {
      req = mattermostRequest(target.settings, target.secrets, await mattermostMessage(target, item.event), runtime.userAgent);
    } catch (error) {
      if (error instanceof ChannelConfigError) return { outcome: 'failed', error: error.message, classification: 'config', exchange: unrecorded('https://mattermost/hooks') };
      return { outcome: 'failed', error: `The Mattermost text template failed: ${(error as Error).message}`, classification: 'config', exchange: unrecorded('https://mattermost/hooks') };
    }
    const { ex, failure } = await callVendor(req, { dispatcher: runtime.dispatcher, ...masking });
    return resultOf(ex, failure);
  }
  return { send, close: () => undefined };
}

// ------------------------------------------------------------------ Test it

async function test(target: Target<MattermostTargetSettings>, runtime: { timeoutMs: number; userAgent: string }): Promise<TestReport> {
  const { settings, secrets } = target;
  const run = new TestRun(Math.min(settings.timeout_ms, runtime.timeoutMs || settings.timeout_ms));
  const text = `Test message from Herald (${target.name})`;
  const message = {
    text,
    ...(settings.channel ? { channel: settings.channel } : {}),
    ...(settings.username ? { username: settings.username } : {}),
    ...(settings.icon_url ? { icon_url: settings.icon_url } : {}),
    attachments: [{ fallback: text, color: '#607D8B', text: 'This integration can post here.' }],
  };
  if (await run.call('send', 'Test message', () => mattermostRequest(settings, secrets, message, runtime.userAgent), masking)) {
    run.detail(settings.channel ? `Posted to ${settings.channel}` : "Posted to the webhook's channel");
  }
  return run.finish('Mattermost accepted the test message.');
}

export const mattermostChannel: Channel<MattermostTargetSettings> = {
  kind: 'mattermost',
  mode: 'each',
  secretNames: ['webhook_url'],
  wants: () => false,
  open: (target, runtime) => openSession(target, runtime),
  test: (target, runtime) => test(target, runtime),
  async preview(target, item, userAgent) {
    const message = await mattermostMessage(target, item.event);
    return { kind: 'http', method: 'POST', url: 'https://••••••••/hooks/••••••••', headers: { 'content-type': 'application/json', 'user-agent': userAgent }, body: JSON.stringify(message, null, 2) };
  },
  async checkSettings(settings) {
    const problem = settings.text_template.trim() ? await validateEventText(settings.text_template) : null;
    return problem ? [{ path: 'settings.text_template', message: problem }] : [];
  },
  // The URL is a secret: the channel keeps its path and swaps in the bin's address.
  sandbox: { receiver: 'webhook-bin', redirect: (settings, binAddress) => ({ ...settings, sandbox_origin: binAddress }) },
};
