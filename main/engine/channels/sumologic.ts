import type { SumoLogicSettings, TestReport } from '../../contract/index.js';
import type { HttpExchange, HttpRequest } from '../net/http.js';
import { alertRecord, checkMessageTemplate, testRecord } from './alert-record.js';
import { callVendor, ChannelConfigError, resultOf, retryAfterOf, TestRun, unrecorded, type VendorCall, type VendorFailure } from './http-kit.js';
import type { Channel, OutgoingEvent, Secrets, Target } from './types.js';

/**
 * Sumo Logic HTTP Logs & Metrics source: every due event in one POST to the source URL (which is
 * the credential), one JSON record per line, metadata in X-Sumo-Category / X-Sumo-Name /
 * X-Sumo-Host, gzip-compressed unless turned off. Sumo answers 200 with an empty body; 401 for a
 * bad URL token, 404 for a source that no longer exists, 429 when throttled, 503/504 when down.
 */

/** The sandbox points a captured integration here: the source URL's path kept, the host swapped. */
export type SumoLogicTargetSettings = SumoLogicSettings & { sandbox_origin?: string };

const MASKED_PATH = '/receiver/v1/http/••••••••';

function sourceUrl(settings: SumoLogicTargetSettings, secrets: Secrets): string {
  const url = secrets.source_url?.trim();
  if (!url) throw new ChannelConfigError('No source URL is stored: paste the HTTP source URL.');
  if (!settings.sandbox_origin) return url;
  const original = new URL(url);
  return `${settings.sandbox_origin}${original.pathname}${original.search}`;
}

function sumoHeaders(settings: SumoLogicSettings, userAgent: string): Record<string, string> {
  return {
    'content-type': 'application/json',
    'user-agent': userAgent,
    ...(settings.category ? { 'x-sumo-category': settings.category } : {}),
    ...(settings.source_name ? { 'x-sumo-name': settings.source_name } : {}),
    ...(settings.source_host ? { 'x-sumo-host': settings.source_host } : {}),
  };
}

/** Newline-delimited JSON: Sumo splits the body into one log message per line. */
export async function sumoBody(target: { name: string; settings: SumoLogicSettings }, events: OutgoingEvent[]): Promise<string> {
  const records = await Promise.all(events.map((e) => alertRecord(target, e)));
  return records.map((r) => JSON.stringify(r)).join('\n');
}

function sumoRequest(settings: SumoLogicTargetSettings, secrets: Secrets, body: string, userAgent: string): HttpRequest {
  return { method: 'POST', url: sourceUrl(settings, secrets), headers: sumoHeaders(settings, userAgent), body, gzip: settings.gzip };
}

/** The source URL is the credential: the log shows its host and nothing of its token. */
const mask = (ex: HttpExchange): HttpExchange => ({ ...ex, request: { ...ex.request, url: `${new URL(ex.request.url).origin}${MASKED_PATH}` } });

// ------------------------------------------------------------------ errors

const NEW_SOURCE = 'Create a new HTTP source (or regenerate its URL) in Sumo Logic under Collection, and paste the new URL here.';

/** What one Sumo answer means: null for success. The body of an error is shown as Sumo wrote it. */
export function explainSumoAnswer(res: { status: number; headers: Record<string, string>; body_excerpt: string }): VendorFailure | null {
  if (res.status >= 200 && res.status <= 299) return null;
  const said = res.body_excerpt.trim().replace(/\s+/g, ' ').slice(0, 300);
  const tail = said ? ` Sumo Logic said: “${said}”.` : '';
  const retryAfterMs = retryAfterOf(res);
  if (res.status === 401) return { message: `Sumo Logic says 401: the source URL's token is missing or invalid.${tail}`, hint: NEW_SOURCE, classification: 'auth' };
  if (res.status === 403) return { message: `Sumo Logic says 403: this source refuses the data.${tail}`, hint: NEW_SOURCE, classification: 'auth' };
  if (res.status === 404) return { message: `Sumo Logic says 404: no HTTP source has this URL any more.${tail}`, hint: NEW_SOURCE, classification: 'permanent' };
  if (res.status === 413) return { message: `Sumo Logic says 413: the request is larger than a source accepts.${tail}`, hint: 'Check the message template; if it persists, report it as a Herald bug.', classification: 'permanent' };
  if (res.status === 429) {
    return { message: `Sumo Logic says 429: the account is over its ingest quota and throttles this source.${tail}`, hint: 'Herald waits as long as Retry-After says, then retries.', classification: 'transient', ...(retryAfterMs !== undefined ? { retryAfterMs } : {}) };
  }
  if (res.status === 408) return { message: `Sumo Logic says 408: it timed out processing the request.${tail}`, hint: 'Herald retries on the schedule.', classification: 'transient' };
  if (res.status >= 500) return { message: `Sumo Logic failed with ${res.status}.${tail}`, hint: 'Check Sumo Logic’s status page; Herald retries on the schedule.', classification: 'transient', ...(retryAfterMs !== undefined ? { retryAfterMs } : {}) };
  return { message: `Sumo Logic answered ${res.status}.${tail}`, hint: 'Check that the URL is an HTTP Logs & Metrics source URL.', classification: 'permanent' };
}

// ------------------------------------------------------------------ Test it

async function test(target: Target<SumoLogicTargetSettings>, runtime: { timeoutMs: number; userAgent: string }): Promise<TestReport> {
  const { settings, secrets } = target;
  const run = new TestRun(Math.min(settings.timeout_ms, runtime.timeoutMs || settings.timeout_ms));
  const body = JSON.stringify(testRecord(target.name));
  if (await run.call('send', 'Test record', () => sumoRequest(settings, secrets, body, runtime.userAgent), { explain: explainSumoAnswer, mask })) {
    run.detail(settings.category ? `Sumo Logic answered 200; search _sourceCategory="${settings.category}"` : 'Sumo Logic answered 200');
  }
  if (settings.category) run.details.category = settings.category;
  return run.finish('Sumo Logic accepted the test record.');
}

export const sumoLogicChannel: Channel<SumoLogicTargetSettings> = {
  kind: 'sumologic',
  mode: 'batch',
  failsByClass: true,
  secretNames: ['source_url'],
  wants: () => false,
  async send(target, events, runtime) {
    let body: string;
    try {
      body = await sumoBody(target, events);
    } catch (error) {
      return { outcome: 'failed', error: `The message template failed: ${(error as Error).message}`, classification: 'config', exchange: unrecorded(`https://sumologic${MASKED_PATH}`) };
    }
    let req: HttpRequest;
    try {
      req = sumoRequest(target.settings, target.secrets, body, runtime.userAgent);
    } catch (error) {
      if (error instanceof ChannelConfigError) return { outcome: 'failed', error: error.message, classification: 'config', exchange: unrecorded(`https://sumologic${MASKED_PATH}`) };
      throw error;
    }
    const call: VendorCall = { dispatcher: runtime.dispatcher, explain: explainSumoAnswer, mask };
    const { ex, failure } = await callVendor(req, call);
    return resultOf(ex, failure);
  },
  test: (target, runtime) => test(target, runtime),
  async preview(target, item, userAgent) {
    const body = await sumoBody(target, [item.event]);
    const headers = { ...sumoHeaders(target.settings, userAgent), ...(target.settings.gzip ? { 'content-encoding': 'gzip' } : {}) };
    return { kind: 'http', method: 'POST', url: `https://endpoint•.collection.•.sumologic.com${MASKED_PATH}`, headers, body };
  },
  checkSettings: (settings) => checkMessageTemplate(settings),
  // The source URL is a secret: keep its path, swap in the bin's address; the bin stores bodies as text, so no gzip.
  sandbox: { receiver: 'webhook-bin', redirect: (settings, binAddress) => ({ ...settings, gzip: false, sandbox_origin: binAddress }) },
};
