import type { Dispatcher } from 'undici';
import type { FailureClass, SplunkSettings, TestReport } from '../../contract/index.js';
import { createAgent, type HttpRequest, type TlsTrust } from '../net/http.js';
import { alertRecord, checkMessageTemplate, testRecord, type AlertRecord } from './alert-record.js';
import { callVendor, ChannelConfigError, resultOf, retryAfterOf, TestRun, unrecorded, type VendorFailure } from './http-kit.js';
import type { Channel, OutgoingEvent, Secrets, Target } from './types.js';

/**
 * Splunk HTTP Event Collector: every due event in one `POST /services/collector/event`, as
 * concatenated JSON objects `{time, host, source, sourcetype, index, event}` (the HEC event
 * format), with `Authorization: Splunk <token>`. HEC answers `{"text","code"}`; its documented
 * codes are explained below. TLS stays verified: a private CA or a self-signed certificate (the
 * default on a fresh Splunk's port 8088) must be allowed explicitly.
 */

const eventUrl = (settings: SplunkSettings) => `${settings.url.replace(/\/+$/, '')}/services/collector/event`;
const healthUrl = (settings: SplunkSettings) => `${settings.url.replace(/\/+$/, '')}/services/collector/health`;

/** One HEC event object: the metadata Splunk indexes by, and the Herald record as the event. */
export function hecEvent(settings: SplunkSettings, record: AlertRecord | (AlertRecord & { test: true })) {
  const time = Date.parse(record.created_at);
  return {
    // Epoch seconds with milliseconds, so Splunk's _time is the event's own time, not the arrival.
    time: Number.isFinite(time) ? time / 1000 : Date.now() / 1000,
    ...(settings.host ? { host: settings.host } : {}),
    source: settings.source || 'herald',
    sourcetype: settings.sourcetype,
    ...(settings.index ? { index: settings.index } : {}),
    event: record,
  };
}

export async function splunkBody(target: { name: string; settings: SplunkSettings }, events: OutgoingEvent[]): Promise<string> {
  const records = await Promise.all(events.map((e) => alertRecord(target, e)));
  // HEC takes several event objects one after another in one body; a newline keeps them readable.
  return records.map((r) => JSON.stringify(hecEvent(target.settings, r))).join('\n');
}

function splunkRequest(settings: SplunkSettings, secrets: Secrets, body: string, userAgent: string): HttpRequest {
  const token = secrets.token?.trim();
  if (!token) throw new ChannelConfigError('No HEC token is stored: paste the token.');
  return { method: 'POST', url: eventUrl(settings), headers: { authorization: `Splunk ${token}`, 'content-type': 'application/json', 'user-agent': userAgent }, body };
}

/** A private CA replaces the system's roots (as for Jira and email); self-signed turns verification off. */
export function splunkTls(settings: Pick<SplunkSettings, 'ca_pem' | 'allow_self_signed'>): TlsTrust {
  return { ...(settings.ca_pem ? { ca: [settings.ca_pem] } : {}), ...(settings.allow_self_signed ? { rejectUnauthorized: false } : {}) };
}

/** Deliveries with custom trust reuse one pool per trust setting instead of the engine's shared one. */
const pools = new Map<string, Dispatcher>();
function dispatcherFor(settings: SplunkSettings, runtime: { dispatcher: Dispatcher; timeoutMs: number }): Dispatcher {
  if (!settings.ca_pem && !settings.allow_self_signed) return runtime.dispatcher;
  const key = `${runtime.timeoutMs}|${settings.allow_self_signed}|${settings.ca_pem}`;
  let pool = pools.get(key);
  if (!pool) {
    if (pools.size >= 16) {
      const [oldest] = pools;
      pools.delete(oldest![0]);
      void oldest![1].close();
    }
    pool = createAgent(runtime.timeoutMs, splunkTls(settings));
    pools.set(key, pool);
  }
  return pool;
}

// ------------------------------------------------------------------ errors

const INDEXES_HINT = 'Add the index to the token’s allowed indexes (Settings → Data inputs → HTTP Event Collector → the token → Edit), or clear the Index field to use the token’s default.';
const TOKEN_HINT = 'Copy the token from Settings → Data inputs → HTTP Event Collector and paste it here.';
/** HEC's documented status codes (the `code` of its answer), in plain words, with the fix. */
const HEC_CODES: Record<number, { what: string; hint: string; classification: FailureClass }> = {
  1: { what: 'the token is disabled.', hint: 'Enable the token under Settings → Data inputs → HTTP Event Collector, or paste another one.', classification: 'auth' },
  2: { what: 'no token reached Splunk.', hint: TOKEN_HINT, classification: 'auth' },
  3: { what: 'the Authorization header was not understood.', hint: TOKEN_HINT, classification: 'auth' },
  4: { what: 'the token is wrong or was deleted.', hint: TOKEN_HINT, classification: 'auth' },
  5: { what: 'the request had no events.', hint: 'Report it as a Herald bug.', classification: 'permanent' },
  6: { what: 'an event was not valid HEC JSON.', hint: 'Check the message template; if it persists, report it as a Herald bug.', classification: 'permanent' },
  7: { what: 'the token may not write to this index, or the index does not exist.', hint: INDEXES_HINT, classification: 'permanent' },
  8: { what: 'Splunk had an internal error.', hint: 'Herald retries on the schedule.', classification: 'transient' },
  9: { what: 'Splunk is busy and refused the events for now.', hint: 'Herald waits as long as Retry-After says, then retries.', classification: 'transient' },
  10: { what: 'the token requires indexer acknowledgement, which needs a channel id.', hint: 'Turn off "Enable indexer acknowledgement" for this token: Herald keeps its own delivery log.', classification: 'permanent' },
  11: { what: 'the data channel id was refused.', hint: 'Turn off "Enable indexer acknowledgement" for this token: Herald keeps its own delivery log.', classification: 'permanent' },
  12: { what: 'an event had no event field.', hint: 'Report it as a Herald bug.', classification: 'permanent' },
  13: { what: 'an event had an empty event field.', hint: 'Report it as a Herald bug.', classification: 'permanent' },
  18: { what: 'HEC is unhealthy: its queues are full.', hint: 'Splunk is overloaded; Herald retries on the schedule.', classification: 'transient' },
  23: { what: 'HEC is unhealthy.', hint: 'Splunk is overloaded; Herald retries on the schedule.', classification: 'transient' },
};

/** HEC's answer body: `{"text":"Invalid token","code":4}`, with `invalid-event-number` for a bad event. */
export function hecAnswer(body: string): { text: string; code: number; invalidEvent: number | null } | null {
  try {
    const json = JSON.parse(body) as { text?: unknown; code?: unknown; 'invalid-event-number'?: unknown };
    if (!json || typeof json !== 'object' || typeof json.code !== 'number') return null;
    return { text: typeof json.text === 'string' ? json.text : '', code: json.code, invalidEvent: typeof json['invalid-event-number'] === 'number' ? json['invalid-event-number'] : null };
  } catch {
    return null;
  }
}

/** What one HEC answer means: null for success (200, code 0 or a healthy 17). */
export function explainSplunkAnswer(res: { status: number; headers: Record<string, string>; body_excerpt: string }): VendorFailure | null {
  const answer = hecAnswer(res.body_excerpt);
  const retryAfterMs = retryAfterOf(res);
  const withRetry = (f: VendorFailure): VendorFailure => (retryAfterMs !== undefined ? { ...f, retryAfterMs } : f);
  if (res.status >= 200 && res.status <= 299 && (!answer || answer.code === 0 || answer.code === 17)) return null;
  if (answer) {
    const known = HEC_CODES[answer.code];
    const said = `Splunk says "${answer.text}" (code ${answer.code})`;
    const which = answer.invalidEvent !== null ? ` Event ${answer.invalidEvent + 1} of the request was refused.` : '';
    if (known) return withRetry({ message: `${said}: ${known.what}${which}`, hint: known.hint, classification: known.classification });
    const classification: FailureClass = res.status === 401 || res.status === 403 ? 'auth' : res.status >= 500 || res.status === 429 ? 'transient' : 'permanent';
    return withRetry({ message: `${said}.${which}`, hint: 'Look the code up in Splunk’s HTTP Event Collector status codes.', classification });
  }
  if (res.status === 401 || res.status === 403) return { message: `Splunk refused the request (${res.status}).`, hint: TOKEN_HINT, classification: 'auth' };
  if (res.status === 404) return { message: 'Splunk answered 404: nothing handles /services/collector here.', hint: 'Check the address and port: HEC listens on its own port, 8088 by default, and must be enabled under Global Settings.', classification: 'permanent' };
  if (res.status === 429 || res.status === 503) return withRetry({ message: `Splunk is busy (${res.status}).`, hint: HEC_CODES[9]!.hint, classification: 'transient' });
  if (res.status >= 500) return { message: `Splunk failed with ${res.status}.`, hint: 'Herald retries on the schedule.', classification: 'transient' };
  return { message: `Splunk answered ${res.status}.`, hint: 'Check that the address points at the HTTP Event Collector.', classification: 'permanent' };
}

// ------------------------------------------------------------------ Test it

async function test(target: Target<SplunkSettings>, runtime: { timeoutMs: number; userAgent: string }): Promise<TestReport> {
  const { settings, secrets } = target;
  const run = new TestRun(Math.min(settings.timeout_ms, runtime.timeoutMs || settings.timeout_ms), splunkTls(settings));
  // The health endpoint needs no token: it tells a down collector from a bad token.
  const health = await run.call('health', 'HEC health', { method: 'GET', url: healthUrl(settings), headers: { 'user-agent': runtime.userAgent } }, { explain: explainSplunkAnswer });
  if (!health) return run.finish('');
  run.detail(typeof health.text === 'string' && health.text ? `Splunk says "${health.text}"` : 'The collector answered 200');
  const body = JSON.stringify(hecEvent(settings, testRecord(target.name)));
  const sent = await run.call('send', 'Test event', () => splunkRequest(settings, secrets, body, runtime.userAgent), { explain: explainSplunkAnswer });
  if (sent) {
    const ack = typeof sent.ackId === 'number' ? `, ackId ${sent.ackId}` : '';
    run.detail(typeof sent.text === 'string' ? `Splunk says "${sent.text}" (code ${String(sent.code)}${ack})` : 'The collector answered 200');
    if (typeof sent.ackId === 'number') run.details.ack_id = String(sent.ackId);
  }
  run.details.index = settings.index || '(token default)';
  run.details.sourcetype = settings.sourcetype;
  return run.finish(settings.index ? `Splunk accepted the test event for index ${settings.index}.` : 'Splunk accepted the test event for the token’s default index.');
}

export const splunkChannel: Channel<SplunkSettings> = {
  kind: 'splunk',
  mode: 'batch',
  failsByClass: true,
  secretNames: ['token'],
  wants: () => false,
  async send(target, events, runtime) {
    let body: string;
    try {
      body = await splunkBody(target, events);
    } catch (error) {
      return { outcome: 'failed', error: `The message template failed: ${(error as Error).message}`, classification: 'config', exchange: unrecorded(eventUrl(target.settings)) };
    }
    let req: HttpRequest;
    try {
      req = splunkRequest(target.settings, target.secrets, body, runtime.userAgent);
    } catch (error) {
      if (error instanceof ChannelConfigError) return { outcome: 'failed', error: error.message, classification: 'config', exchange: unrecorded(eventUrl(target.settings)) };
      throw error;
    }
    const { ex, failure } = await callVendor(req, { dispatcher: dispatcherFor(target.settings, runtime), explain: explainSplunkAnswer });
    return resultOf(ex, failure);
  },
  test: (target, runtime) => test(target, runtime),
  async preview(target, item, userAgent) {
    const body = await splunkBody(target, [item.event]);
    return {
      kind: 'http',
      method: 'POST',
      url: eventUrl(target.settings),
      headers: { authorization: 'Splunk ••••••••', 'content-type': 'application/json', 'user-agent': userAgent },
      body: JSON.stringify(JSON.parse(body), null, 2),
    };
  },
  checkSettings: (settings) => checkMessageTemplate(settings),
  // The bin answers on any path; it speaks plain HTTP, so the trust settings do not matter there.
  sandbox: { receiver: 'webhook-bin', redirect: (settings, binAddress) => ({ ...settings, url: binAddress }) },
};
