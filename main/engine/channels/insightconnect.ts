import type { Dispatcher } from 'undici';
import type { InsightConnectSettings, TestReport } from '../../contract/index.js';
import type { HttpExchange, HttpRequest } from '../net/http.js';
import { alertRecord, checkMessageTemplate, testRecord, type AlertRecord } from './alert-record.js';
import { callVendor, ChannelConfigError, resultOf, retryAfterOf, TestRun, unrecorded, type VendorFailure } from './http-kit.js';
import type { Channel, DeliveryItem, ItemResult, ItemSession, Secrets, Target } from './types.js';

/**
 * Rapid7 InsightConnect API trigger: one workflow run per event, the record POSTed as the JSON
 * the trigger's variables read. The trigger URL is the secret (its UUID is the only guard unless
 * the trigger requires a key); a trigger that requires one gets an Insight API key in X-API-Key.
 * InsightConnect answers 200 with the job it started (`rrn`, `job_id`).
 */

/** The sandbox points a captured integration here: the trigger URL's path kept, the host swapped. */
export type InsightConnectTargetSettings = InsightConnectSettings & { sandbox_origin?: string };

const MASKED_URL = (origin: string) => `${origin}/connect/v1/workflows/••••••••/events/execute`;

function triggerUrl(settings: InsightConnectTargetSettings, secrets: Secrets): string {
  const url = secrets.trigger_url?.trim();
  if (!url) throw new ChannelConfigError('No trigger URL is stored: paste the workflow’s API trigger URL.');
  if (!settings.sandbox_origin) return url;
  const original = new URL(url);
  return `${settings.sandbox_origin}${original.pathname}${original.search}`;
}

function icRequest(settings: InsightConnectTargetSettings, secrets: Secrets, record: AlertRecord, userAgent: string): HttpRequest {
  const key = secrets.api_key?.trim();
  return {
    method: 'POST',
    url: triggerUrl(settings, secrets),
    headers: { 'content-type': 'application/json', 'user-agent': userAgent, ...(key ? { 'x-api-key': key } : {}) },
    body: JSON.stringify(record),
  };
}

/** The URL carries the workflow's id: the log keeps the host only. */
const mask = (ex: HttpExchange): HttpExchange => ({ ...ex, request: { ...ex.request, url: MASKED_URL(new URL(ex.request.url).origin) } });
const call = { explain: (res: Parameters<typeof explainInsightConnectAnswer>[0]) => explainInsightConnectAnswer(res), mask, secretHeaders: ['x-api-key'] as const };

// ------------------------------------------------------------------ errors

/** The text of an error body: `{"message":…}` or `{"error":…}`, else the body itself, shortened. */
function saidIn(body: string): string {
  try {
    const json = JSON.parse(body) as { message?: unknown; error?: unknown };
    const text = typeof json.message === 'string' ? json.message : typeof json.error === 'string' ? json.error : null;
    if (text) return text.slice(0, 300);
  } catch {
    // not JSON: shown as is
  }
  return body.trim().replace(/\s+/g, ' ').slice(0, 300);
}

const KEY_HINT = 'If the trigger requires an API key, paste an active Insight user or organization key (Insight Platform → Administration → API Key Management); otherwise clear the key.';
const GONE_HINT = 'The workflow was deactivated or deleted, or the URL is mistyped: activate the workflow in InsightConnect, or copy its API trigger URL again.';

/** What one InsightConnect answer means: null for success. */
export function explainInsightConnectAnswer(res: { status: number; headers: Record<string, string>; body_excerpt: string }): VendorFailure | null {
  if (res.status >= 200 && res.status <= 299) return null;
  const said = saidIn(res.body_excerpt);
  const tail = said ? ` InsightConnect said: “${said}”.` : '';
  if (res.status === 401) return { message: `InsightConnect says 401: the API key is missing or not valid.${tail}`, hint: KEY_HINT, classification: 'auth' };
  if (res.status === 403) return { message: `InsightConnect says 403: the API key may not run this workflow.${tail}`, hint: 'Use a key of a user or organization with access to this InsightConnect workflow.', classification: 'auth' };
  if (res.status === 404) return { message: `InsightConnect says 404: no active workflow has this trigger.${tail}`, hint: GONE_HINT, classification: 'permanent' };
  if (res.status === 400 || res.status === 422) return { message: `InsightConnect says ${res.status}: the trigger refused the event.${tail}`, hint: 'Check that the trigger’s variables match Herald’s record fields (message, trigger, project, policy, severity, …).', classification: 'permanent' };
  if (res.status === 429) {
    const retryAfterMs = retryAfterOf(res);
    return { message: `InsightConnect says 429: too many workflow runs; it asked to slow down.${tail}`, hint: 'Herald waits as long as Retry-After says, then retries.', classification: 'transient', ...(retryAfterMs !== undefined ? { retryAfterMs } : {}) };
  }
  if (res.status >= 500) return { message: `InsightConnect failed with ${res.status}.${tail}`, hint: 'Herald retries on the schedule.', classification: 'transient' };
  return { message: `InsightConnect answered ${res.status}.${tail}`, hint: 'Check that the URL is the workflow’s API trigger URL.', classification: 'permanent' };
}

/** The job a trigger started, as its answer names it. */
function jobOf(answer: Record<string, unknown>): string | null {
  if (typeof answer.job_id === 'string' && answer.job_id) return answer.job_id;
  if (typeof answer.rrn === 'string' && answer.rrn) return answer.rrn;
  return null;
}

function openSession(target: Target<InsightConnectTargetSettings>, runtime: { dispatcher: Dispatcher; userAgent: string }): ItemSession {
  async function send(item: DeliveryItem): Promise<ItemResult> {
    let record: AlertRecord;
    try {
      record = await alertRecord(target, item.event);
    } catch (error) {
      return { outcome: 'failed', error: `The message template failed: ${(error as Error).message}`, classification: 'config', exchange: unrecorded(MASKED_URL('https://insight.rapid7.com')) };
    }
    let req: HttpRequest;
    try {
      req = icRequest(target.settings, target.secrets, record, runtime.userAgent);
    } catch (error) {
      if (error instanceof ChannelConfigError) return { outcome: 'failed', error: error.message, classification: 'config', exchange: unrecorded(MASKED_URL('https://insight.rapid7.com')) };
      throw error;
    }
    const { ex, failure } = await callVendor(req, { dispatcher: runtime.dispatcher, ...call });
    return resultOf(ex, failure);
  }
  return { send, close: () => undefined };
}

// ------------------------------------------------------------------ Test it

async function test(target: Target<InsightConnectTargetSettings>, runtime: { timeoutMs: number; userAgent: string }): Promise<TestReport> {
  const { settings, secrets } = target;
  const run = new TestRun(Math.min(settings.timeout_ms, runtime.timeoutMs || settings.timeout_ms));
  const answer = await run.call('send', 'Test event', () => icRequest(settings, secrets, testRecord(target.name), runtime.userAgent), call);
  if (!answer) return run.finish('');
  const job = jobOf(answer);
  if (job) {
    run.details.job_id = job;
    if (typeof answer.rrn === 'string') run.details.rrn = answer.rrn;
    run.detail(`The workflow started job ${job}`);
  } else run.detail('The trigger accepted the event; the answer named no job.');
  return run.finish(job ? `InsightConnect started the workflow (job ${job}).` : 'InsightConnect accepted the test event.');
}

export const insightConnectChannel: Channel<InsightConnectTargetSettings> = {
  kind: 'insightconnect',
  mode: 'each',
  secretNames: ['trigger_url', 'api_key'],
  wants: () => false,
  open: (target, runtime) => openSession(target, runtime),
  test: (target, runtime) => test(target, runtime),
  async preview(target, item, userAgent) {
    const record = await alertRecord(target, item.event);
    const headers: Record<string, string> = { 'content-type': 'application/json', 'user-agent': userAgent, ...(target.secrets.api_key ? { 'x-api-key': '••••••••' } : {}) };
    return { kind: 'http', method: 'POST', url: MASKED_URL('https://us.api.insight.rapid7.com'), headers, body: JSON.stringify(record, null, 2) };
  },
  checkSettings: (settings) => checkMessageTemplate(settings),
  // The trigger URL is a secret: keep its path, swap in the bin's address.
  sandbox: { receiver: 'webhook-bin', redirect: (settings, binAddress) => ({ ...settings, sandbox_origin: binAddress }) },
};
