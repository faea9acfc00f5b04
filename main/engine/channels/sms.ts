import { fitSms, SMS_DEFAULT_BODIES, SMS_DEFAULT_TEXT, SmsActionParamsSchema, smsLength, type RecipientProgress, type SmsSettings, type TestReport } from '../../contract/index.js';
import type { HttpExchange, HttpRequest } from '../net/http.js';
import { renderEscaped, renderEventText, validateEscaped, validateEventText } from '../templates.js';
import type { Dispatcher } from 'undici';
import { callVendor, resultOf, retryAfterOf, TestRun, unrecorded, type VendorFailure } from './http-kit.js';
import type { Channel, DeliveryItem, ItemResult, ItemSession, OutgoingEvent, PreviewItem, Secrets, Target } from './types.js';

/**
 * SMS through a generic HTTP gateway (seed 002): one request per recipient, the text rendered
 * once and cut to the parts allowed, then placed in the gateway's URL or body template with each
 * value escaped for where it lands. A retry only texts the numbers the gateway has not accepted.
 */

/** The sandbox points a captured integration's URL at the bin, keeping its path and query. */
export type SmsTargetSettings = SmsSettings & { sandbox_origin?: string };

const str = (v: unknown) => (v === undefined || v === null ? '' : typeof v === 'object' ? JSON.stringify(v) : String(v));
/** Each value escaped for its place: inside a JSON string, a form field, a URL, or as is. */
const ESCAPES = {
  json: (v: unknown) => JSON.stringify(str(v)).slice(1, -1),
  form: (v: unknown) => encodeURIComponent(str(v)),
  plain: (v: unknown) => str(v),
  url: (v: unknown) => encodeURIComponent(str(v)),
} as const;
const CONTENT_TYPES = { json: 'application/json; charset=utf-8', form: 'application/x-www-form-urlencoded; charset=utf-8', plain: 'text/plain; charset=utf-8' } as const;
const hasLiquid = (s: string) => /\{\{|\{%/.test(s);
/** What a body or URL template is trial-rendered with when saved. */
const gatewayContext = (phone: string, text: string) => ({ phone, text });
const SAMPLE_CONTEXT = gatewayContext('+447700900123', 'CVE-2021-44228 in payments-api');

/** The text every recipient of one event gets: rendered, tidied, cut to the allowed parts. */
export async function smsText(target: { name: string; settings: Pick<SmsSettings, 'text_template' | 'max_parts' | 'encoding'> }, event: OutgoingEvent) {
  const { settings } = target;
  const rendered = await renderEventText(settings.text_template.trim() ? settings.text_template : SMS_DEFAULT_TEXT, { event, integration_name: target.name, signature: '' });
  // The same tidying as the text preview the console counts with, so the counter and the SMS agree.
  const text = rendered.replace(/[ \t]+$/gm, '').replace(/\n{3,}/g, '\n\n').trim() || event.trigger;
  const fitted = fitSms(text, settings.max_parts, settings.encoding === 'ucs2');
  return { ...fitted, length: smsLength(fitted.text, settings.encoding === 'ucs2') };
}

/** Who gets texted: the rule action's numbers, else the integration's. */
export function recipientsOf(settings: SmsSettings, params: Record<string, unknown> | undefined): string[] {
  const parsed = SmsActionParamsSchema.safeParse(params ?? {});
  return parsed.success && parsed.data.recipients.length ? parsed.data.recipients : settings.recipients;
}

function authHeaders(settings: SmsSettings, secrets: Secrets): Record<string, string> {
  if (settings.auth === 'basic') return { authorization: `Basic ${Buffer.from(`${settings.username}:${secrets.password ?? ''}`).toString('base64')}` };
  if (settings.auth === 'bearer') return { authorization: `Bearer ${secrets.token ?? ''}` };
  if (settings.auth === 'header') return { [settings.header_name]: secrets.header_value ?? '' };
  return {};
}

/** The request for one number. GET gateways take everything in the URL; the others get a body. */
export async function smsRequest(settings: SmsTargetSettings, secrets: Secrets, phone: string, text: string, userAgent: string): Promise<HttpRequest> {
  const context = gatewayContext(phone, text);
  let url = hasLiquid(settings.url) ? await renderEscaped(settings.url, context, ESCAPES.url) : settings.url;
  if (settings.sandbox_origin) url = url.replace(/^https?:\/\/[^/?#]+/i, settings.sandbox_origin);
  const headers: Record<string, string> = { 'user-agent': userAgent, ...authHeaders(settings, secrets) };
  if (settings.method === 'GET') return { method: 'GET', url, headers };
  const template = settings.body_template.trim() ? settings.body_template : SMS_DEFAULT_BODIES[settings.content_type];
  const body = await renderEscaped(template, context, ESCAPES[settings.content_type]);
  return { method: settings.method, url, headers: { ...headers, 'content-type': CONTENT_TYPES[settings.content_type] }, body };
}

const secretHeadersOf = (settings: SmsSettings) => (settings.auth === 'header' ? [settings.header_name] : []);

// ------------------------------------------------------------------ answers

/** What a gateway's answer means: null for success (2xx, with the success text if one is set). */
export function explainGateway(settings: Pick<SmsSettings, 'success_contains'>) {
  return (res: { status: number; headers: Record<string, string>; body_excerpt: string }): VendorFailure | null => {
    const { status } = res;
    if (status >= 200 && status <= 299) {
      if (!settings.success_contains || res.body_excerpt.includes(settings.success_contains)) return null;
      return {
        message: `The SMS gateway answered ${status} without "${settings.success_contains}".`,
        hint: 'Read the gateway’s answer: it reports an error in the body. If it reports success another way, change “Success must contain”.',
        classification: 'permanent',
      };
    }
    if (status === 401 || status === 403) return { message: `The SMS gateway refused the credentials (${status}).`, hint: 'Check the authentication type, the login and the secret the gateway expects.', classification: 'auth' };
    const retryAfterMs = retryAfterOf(res);
    const wait = retryAfterMs !== undefined ? { retryAfterMs } : {};
    if (status === 429) return { message: 'The SMS gateway says 429: too many requests.', hint: 'Herald waits as long as Retry-After says, then retries.', classification: 'transient', ...wait };
    if (status >= 500) return { message: `The SMS gateway failed with ${status}.`, hint: 'Herald retries on the schedule.', classification: 'transient', ...wait };
    if (status === 404 || status === 405) return { message: `The SMS gateway answered ${status}.`, hint: 'Check the gateway URL and the method it expects.', classification: 'permanent' };
    return { message: `The SMS gateway rejected the message (${status}).`, hint: 'Check the number, the body template and the content type the gateway expects; its answer is in the log.', classification: 'permanent' };
  };
}

// ------------------------------------------------------------------ deliveries

function openSession(target: Target<SmsTargetSettings>, runtime: { dispatcher: Dispatcher; userAgent: string }): ItemSession {
  const { settings, secrets } = target;
  const explain = explainGateway(settings);
  async function send(item: DeliveryItem): Promise<ItemResult> {
    const progress: RecipientProgress = { accepted: [...(item.progress?.accepted ?? [])], rejected: [...(item.progress?.rejected ?? [])] };
    const everyone = recipientsOf(settings, item.action?.params);
    if (!everyone.length) return { outcome: 'failed', error: 'No phone numbers to text: add recipients to the SMS integration or to the rule action.', classification: 'permanent', exchange: unrecorded(settings.url) };
    const done = new Set([...progress.accepted, ...progress.rejected.filter((r) => r.permanent).map((r) => r.address)]);
    let text: string;
    try {
      text = (await smsText(target, item.event)).text;
    } catch (error) {
      return { outcome: 'failed', error: `The SMS text template failed: ${(error as Error).message}`, classification: 'config', exchange: unrecorded(settings.url) };
    }
    let last: HttpExchange | null = null;
    for (const phone of everyone.filter((p) => !done.has(p))) {
      let req: HttpRequest;
      try {
        req = await smsRequest(settings, secrets, phone, text, runtime.userAgent);
      } catch (error) {
        return { outcome: 'failed', error: `The SMS body template failed: ${(error as Error).message}`, classification: 'config', exchange: unrecorded(settings.url), progress };
      }
      const { ex, failure } = await callVendor(req, { dispatcher: runtime.dispatcher, secretHeaders: secretHeadersOf(settings), explain });
      last = ex;
      progress.rejected = progress.rejected.filter((r) => r.address !== phone);
      if (!failure) {
        progress.accepted.push(phone);
        continue;
      }
      const code = ex.response?.status ?? null;
      if (failure.classification === 'permanent') {
        progress.rejected.push({ address: phone, code, message: failure.message, permanent: true });
        continue;
      }
      // Bad credentials or a busy gateway: stop here; the numbers already texted are not texted again.
      progress.rejected.push({ address: phone, code, message: failure.message, permanent: false });
      const result = resultOf(ex, failure);
      const sent = progress.accepted.length ? ` Not texted again: ${progress.accepted.length} number(s) that already got it.` : '';
      return result.outcome === 'failed' ? { ...result, error: `${phone}: ${result.error}${sent}`, progress } : result;
    }
    const exchange = last ?? unrecorded(settings.url);
    const refused = progress.rejected.filter((r) => r.permanent);
    const list = refused.map((r) => `${r.address} (${r.code ?? 'no answer'})`).join(', ');
    if (refused.length && !progress.accepted.length) return { outcome: 'failed', exchange, progress, error: `Every number was rejected: ${list}. ${refused[0]!.message} Check the numbers and the gateway settings; this is not retried.`, classification: 'permanent' };
    if (refused.length) return { outcome: 'delivered', exchange, progress, note: { error: `Rejected for good, not retried: ${list}.`, classification: 'permanent' } };
    return { outcome: 'delivered', exchange, progress };
  }
  return { send, close: () => undefined };
}

// ------------------------------------------------------------------ Test it

async function test(target: Target<SmsTargetSettings>, runtime: { timeoutMs: number; userAgent: string }, to: string | undefined): Promise<TestReport> {
  const { settings, secrets } = target;
  const run = new TestRun(Math.min(settings.timeout_ms, runtime.timeoutMs || settings.timeout_ms));
  const phone = to ?? settings.recipients[0];
  if (!phone) {
    run.fail('send', 'Test SMS', 'No number to text.', 'Type a number in Test it, or add a recipient, then test again.');
    return run.finish('');
  }
  const text = `Herald test SMS (${target.name}): alerts will reach this number.`;
  let answer: { status: number; body_excerpt: string } | null = null;
  const explain = explainGateway(settings);
  let req: HttpRequest;
  try {
    req = await smsRequest(settings, secrets, phone, text, runtime.userAgent);
  } catch (error) {
    run.fail('send', 'Test SMS', `The SMS body template failed: ${(error as Error).message}`, 'Fix the body template and test again.');
    return run.finish('');
  }
  const ok = await run.call('send', 'Test SMS', req, {
    secretHeaders: secretHeadersOf(settings),
    explain: (res) => {
      answer = res;
      return explain(res);
    },
  });
  const got = answer as { status: number; body_excerpt: string } | null;
  const said = got?.body_excerpt.replace(/\s+/g, ' ').trim().slice(0, 300) ?? '';
  if (ok) run.detail(`Sent to ${phone}; the gateway answered ${got?.status ?? '?'}${said ? `: ${said}` : ''}`);
  else if (got) {
    const step = run.steps.at(-1)!;
    if (said) step.detail = `${step.detail} The gateway said: ${said}`;
  }
  const length = smsLength(text, settings.encoding === 'ucs2');
  run.details.encoding = length.encoding === 'gsm7' ? 'GSM-7' : 'UCS-2';
  run.details.parts = String(length.parts);
  return { ...run.finish(`The gateway accepted a test SMS to ${phone}.`), ...(got ? { status_code: got.status, response_excerpt: got.body_excerpt } : {}) };
}

/** The dry run: the request for the first number, secrets masked, and how the text counts. */
async function preview(target: Target<SmsTargetSettings>, item: PreviewItem, userAgent: string) {
  const { settings } = target;
  const phone = recipientsOf(settings, item.action?.params ?? undefined)[0];
  if (!phone) return { kind: 'none' as const, note: 'No phone numbers to text: add recipients to the SMS integration or to the rule action.' };
  const { text, length, truncated } = await smsText(target, item.event);
  const masked = { password: '••••••••', token: '••••••••', header_value: '••••••••' };
  const req = await smsRequest(settings, masked, phone, text, userAgent);
  if (req.headers.authorization) req.headers.authorization = req.headers.authorization.replace(/^(\w+) .*$/, '$1 ••••••••');
  const note = `SMS text: ${length.encoding === 'gsm7' ? 'GSM-7' : 'UCS-2'}, ${length.units} characters, ${length.parts} part(s)${truncated ? ', shortened to fit' : ''}.`;
  return { kind: 'http' as const, method: req.method, url: req.url, headers: req.headers, body: req.body ?? '', note };
}

export const smsChannel: Channel<SmsTargetSettings> = {
  kind: 'sms',
  mode: 'each',
  secretNames: ['password', 'token', 'header_value'],
  wants: () => false,
  open: (target, runtime) => openSession(target, runtime),
  test: (target, runtime, options) => test(target, runtime, options?.sms_to),
  preview,
  async checkSettings(settings) {
    const issues: { path: string; message: string }[] = [];
    const text = settings.text_template.trim() ? await validateEventText(settings.text_template) : null;
    if (text) issues.push({ path: 'settings.text_template', message: text });
    const sample = SAMPLE_CONTEXT;
    if (settings.body_template.trim() && settings.method !== 'GET') {
      const body = await validateEscaped(settings.body_template, sample, ESCAPES[settings.content_type]);
      if (body) issues.push({ path: 'settings.body_template', message: body });
    }
    if (hasLiquid(settings.url)) {
      const url = await validateEscaped(settings.url, sample, ESCAPES.url);
      if (url) issues.push({ path: 'settings.url', message: url });
    }
    return issues;
  },
  // The URL is not a secret: the bin takes the place of its host, its path and query kept.
  sandbox: { receiver: 'webhook-bin', redirect: (settings, binAddress) => ({ ...settings, sandbox_origin: binAddress }) },
};
