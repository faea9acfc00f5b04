import type { DiscordSettings, FailureClass, TestReport } from '../../contract/index.js';
import type { HttpExchange, HttpRequest } from '../net/http.js';
import { validateEventText } from '../templates.js';
import type { Dispatcher } from 'undici';
import { chatFacts, chatText, clip, footerOf, redirectedUrl, severityOf } from './chat-facts.js';
import { callVendor, ChannelConfigError, resultOf, retryAfterOf, TestRun, unrecorded, type VendorCall, type VendorFailure } from './http-kit.js';
import type { Channel, DeliveryItem, ItemResult, ItemSession, OutgoingEvent, Secrets, Target } from './types.js';

/**
 * Discord: one message per delivery through a channel webhook, `POST {url}?wait=true` with a
 * plain `content` line and one embed (title, description, fields, severity colour). With wait=true
 * Discord answers 200 and the message it created. Errors are JSON `{message, code}`; a 429 carries
 * `retry_after` in (fractional) seconds besides the Retry-After header.
 */

export type DiscordTargetSettings = DiscordSettings & { sandbox_origin?: string };

/** Discord's documented limits: longer text is cut with "…" rather than refused. */
const LIMIT = { content: 2000, title: 256, description: 4096, fields: 25, fieldName: 256, fieldValue: 1024, footer: 2048 } as const;
const COLOR: Record<string, number> = { critical: 0xd32f2f, high: 0xf57c00, medium: 0xfbc02d, low: 0x1976d2 };
const NEUTRAL = 0x607d8b;

export async function discordMessage(target: { name: string; settings: Pick<DiscordSettings, 'text_template' | 'username'> }, event: OutgoingEvent) {
  const text = await chatText(target.settings.text_template, target.name, event);
  const facts = chatFacts(event);
  const description = facts.find((f) => f.label === 'Vulnerability')?.value ?? facts.find((f) => f.label === 'Trigger')!.value;
  return {
    content: clip(text, LIMIT.content),
    ...(target.settings.username ? { username: target.settings.username } : {}),
    // Event data must never ping @everyone or a role.
    allowed_mentions: { parse: [] as string[] },
    embeds: [
      {
        title: clip(text, LIMIT.title),
        description: clip(description, LIMIT.description),
        color: COLOR[severityOf(event) ?? ''] ?? NEUTRAL,
        fields: facts.slice(0, LIMIT.fields).map((f) => ({ name: clip(f.label, LIMIT.fieldName), value: clip(f.value, LIMIT.fieldValue), inline: f.label !== 'Dependency' && f.label !== 'Policy' })),
        timestamp: event.created_at,
        footer: { text: clip(footerOf(target.name, event), LIMIT.footer) },
      },
    ],
  };
}

// ------------------------------------------------------------------ errors

type Known = { what: string; hint: string; classification: FailureClass };
const MALFORMED: Known = { what: 'the message was rejected as malformed.', hint: 'Check the text template and the username; if it persists, report it as a Herald bug.', classification: 'permanent' };
const NEW_WEBHOOK = "Create a webhook in the channel's settings (Integrations → Webhooks) and paste its URL.";
/** Discord's JSON error codes that a webhook meets, in plain words, with the fix. */
const DISCORD_ERRORS: Record<number, Known> = {
  10015: { what: 'the webhook was deleted.', hint: NEW_WEBHOOK, classification: 'auth' },
  50027: { what: "the webhook's token is wrong or was reset.", hint: 'Copy the webhook URL again (Integrations → Webhooks → Copy Webhook URL) and paste it here.', classification: 'auth' },
  10003: { what: 'the thread or channel does not exist.', hint: 'Remove thread_id from the URL, or use a thread that exists.', classification: 'permanent' },
  50001: { what: 'the webhook cannot reach the thread or channel.', hint: "Check the channel's permissions, or create the webhook in a channel it may post to.", classification: 'permanent' },
  50013: { what: 'the webhook lacks the permission to post there.', hint: "Check the channel's permissions, or create the webhook in a channel it may post to.", classification: 'permanent' },
  50035: MALFORMED,
  50006: MALFORMED,
  40005: MALFORMED,
};
const SLOW_DOWN = { what: 'too many messages; Discord asked to slow down.', hint: 'Herald waits as long as Discord says, then retries.' };
const DISCORD_DOWN = { what: 'Discord had an internal problem.', hint: 'Herald retries on the schedule.' };

interface DiscordError {
  message?: unknown;
  code?: unknown;
  retry_after?: unknown;
  global?: unknown;
  errors?: unknown;
}

/** The first field error of an Invalid Form Body: `embeds.0.description: Must be 4096 or fewer in length.` */
function firstFieldError(errors: unknown, path: string[] = []): string | null {
  if (!errors || typeof errors !== 'object') return null;
  const node = errors as Record<string, unknown>;
  const list = node._errors;
  if (Array.isArray(list) && list.length) {
    const first = list[0] as { message?: unknown };
    return `${path.join('.')}: ${typeof first.message === 'string' ? first.message : 'invalid'}`;
  }
  for (const [key, value] of Object.entries(node)) {
    const found = firstFieldError(value, [...path, key]);
    if (found) return found;
  }
  return null;
}

function parse(body: string): DiscordError | null {
  try {
    const json = JSON.parse(body) as unknown;
    return json && typeof json === 'object' ? (json as DiscordError) : null;
  } catch {
    return null;
  }
}

/** What one Discord answer means: null for success (200 with the message, or 204). */
export function explainDiscordAnswer(res: { status: number; headers: Record<string, string>; body_excerpt: string }): VendorFailure | null {
  if (res.status >= 200 && res.status <= 299) return null;
  const json = parse(res.body_excerpt);
  const code = typeof json?.code === 'number' ? json.code : null;
  const vendorText = typeof json?.message === 'string' ? json.message.replace(/[\r\n]+/g, ' ').slice(0, 200) : null;
  const field = code === 50035 ? firstFieldError(json?.errors) : null;
  const says = code !== null && vendorText ? `Discord says ${code} ${vendorText}${field ? ` (${field})` : ''}` : `Discord says ${res.status}`;
  if (res.status === 429) {
    // The body's retry_after is in seconds and may be fractional (1.5); the header rounds it up.
    const seconds = typeof json?.retry_after === 'number' && Number.isFinite(json.retry_after) && json.retry_after >= 0 ? json.retry_after : null;
    const retryAfterMs = seconds !== null ? Math.ceil(seconds * 1000) : retryAfterOf(res);
    const scope = json?.global === true ? ' (the global limit)' : '';
    return { message: `Discord says 429${scope}: ${SLOW_DOWN.what}`, hint: SLOW_DOWN.hint, classification: 'transient', ...(retryAfterMs !== undefined ? { retryAfterMs } : {}) };
  }
  if (res.status >= 500) {
    const retryAfterMs = retryAfterOf(res);
    return { message: `Discord says ${res.status}: ${DISCORD_DOWN.what}`, hint: DISCORD_DOWN.hint, classification: 'transient', ...(retryAfterMs !== undefined ? { retryAfterMs } : {}) };
  }
  const known = code !== null ? DISCORD_ERRORS[code] : undefined;
  if (known) return { message: `${says}: ${known.what}`, hint: known.hint, classification: known.classification };
  if (res.status === 404) return { message: `${says}: the webhook was deleted.`, hint: NEW_WEBHOOK, classification: 'auth' };
  if (res.status === 401) return { message: `${says}: the webhook's token is wrong or was reset.`, hint: DISCORD_ERRORS[50027]!.hint, classification: 'auth' };
  if (res.status === 400 || res.status === 413) return { message: `${says}: ${MALFORMED.what}`, hint: MALFORMED.hint, classification: 'permanent' };
  return { message: `Discord answered ${res.status}.`, hint: 'Check that the URL is a Discord webhook URL (…/api/webhooks/<id>/<token>).', classification: 'permanent' };
}

// ------------------------------------------------------------------ requests

function webhookUrl(settings: DiscordTargetSettings, secrets: Secrets): URL {
  const url = secrets.webhook_url;
  if (!url) throw new ChannelConfigError('No webhook URL is stored: paste the Discord webhook URL.');
  return new URL(redirectedUrl(url, settings.sandbox_origin));
}

function postRequest(settings: DiscordTargetSettings, secrets: Secrets, body: unknown, userAgent: string): HttpRequest {
  const url = webhookUrl(settings, secrets);
  // wait=true: Discord confirms the message was saved (and says why not) instead of a bare 204.
  url.searchParams.set('wait', 'true');
  return { method: 'POST', url: url.toString(), headers: { 'content-type': 'application/json', 'user-agent': userAgent }, body: JSON.stringify(body) };
}

/** The token in the URL is the credential: the log shows the host and the webhook id only, and no answer echoes the token. */
function masking(secrets: Secrets): Pick<VendorCall, 'explain' | 'mask'> {
  const token = /\/webhooks\/\d+\/([\w-]+)/.exec(secrets.webhook_url ?? '')?.[1];
  const hide = (text: string) => (token ? text.split(token).join('••••••••') : text);
  return {
    explain: explainDiscordAnswer,
    mask: (ex: HttpExchange) => {
      const url = new URL(ex.request.url);
      const id = /\/webhooks\/(\d+)\//.exec(url.pathname)?.[1] ?? '';
      return {
        ...ex,
        request: { ...ex.request, url: `${url.origin}/api/webhooks/${id}/••••••••${url.search}` },
        response: ex.response ? { ...ex.response, body_excerpt: hide(ex.response.body_excerpt) } : null,
      };
    },
  };
}

function openSession(target: Target<DiscordTargetSettings>, runtime: { dispatcher: Dispatcher; userAgent: string }): ItemSession {
  async function send(item: DeliveryItem): Promise<ItemResult> {
    let req: HttpRequest;
    try {
      req = postRequest(target.settings, target.secrets, await discordMessage(target, item.event), runtime.userAgent);
    } catch (error) {
      if (error instanceof ChannelConfigError) return { outcome: 'failed', error: error.message, classification: 'config', exchange: unrecorded('https://discord.com/api/webhooks') };
      return { outcome: 'failed', error: `The Discord text template failed: ${(error as Error).message}`, classification: 'config', exchange: unrecorded('https://discord.com/api/webhooks') };
    }
    const { ex, failure } = await callVendor(req, { dispatcher: runtime.dispatcher, ...masking(target.secrets) });
    return resultOf(ex, failure);
  }
  return { send, close: () => undefined };
}

// ------------------------------------------------------------------ Test it

async function test(target: Target<DiscordTargetSettings>, runtime: { timeoutMs: number; userAgent: string }): Promise<TestReport> {
  const { settings, secrets } = target;
  const run = new TestRun(Math.min(settings.timeout_ms, runtime.timeoutMs || settings.timeout_ms));
  // GET on the webhook URL needs no other credential and names the webhook and its channel.
  const hook = await run.call('webhook', 'Webhook', () => ({ method: 'GET', url: webhookUrl(settings, secrets).toString(), headers: { 'user-agent': runtime.userAgent }, body: '' }), masking(secrets));
  if (!hook) return run.finish('');
  if (typeof hook.name === 'string' && typeof hook.channel_id === 'string') {
    run.details.webhook = hook.name;
    run.details.channel_id = hook.channel_id;
    run.detail(`Webhook "${hook.name}" posts to channel ${hook.channel_id}`);
  } else run.detail('The webhook answered; it named no channel.');
  const text = `Test message from Herald (${target.name})`;
  const message = {
    content: text,
    ...(settings.username ? { username: settings.username } : {}),
    allowed_mentions: { parse: [] },
    embeds: [{ title: text, description: 'This integration can post here.', color: NEUTRAL }],
  };
  const posted = await run.call('send', 'Test message', () => postRequest(settings, secrets, message, runtime.userAgent), masking(secrets));
  if (posted) run.detail(typeof posted.id === 'string' ? `Posted message ${posted.id}` : 'Discord accepted it');
  return run.finish('Discord accepted the test message.');
}

export const discordChannel: Channel<DiscordTargetSettings> = {
  kind: 'discord',
  mode: 'each',
  secretNames: ['webhook_url'],
  wants: () => false,
  open: (target, runtime) => openSession(target, runtime),
  test: (target, runtime) => test(target, runtime),
  async preview(target, item, userAgent) {
    const message = await discordMessage(target, item.event);
    return { kind: 'http', method: 'POST', url: 'https://discord.com/api/webhooks/••••••••?wait=true', headers: { 'content-type': 'application/json', 'user-agent': userAgent }, body: JSON.stringify(message, null, 2) };
  },
  async checkSettings(settings) {
    const problem = settings.text_template.trim() ? await validateEventText(settings.text_template) : null;
    return problem ? [{ path: 'settings.text_template', message: problem }] : [];
  },
  // The URL is a secret: the channel keeps its path and swaps in the bin's address.
  sandbox: { receiver: 'webhook-bin', redirect: (settings, binAddress) => ({ ...settings, sandbox_origin: binAddress }) },
};
