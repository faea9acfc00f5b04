import type { Dispatcher } from 'undici';
import type { PagerDutySettings, TestReport } from '../../contract/index.js';
import type { HttpExchange, HttpRequest } from '../net/http.js';
import { renderEventText, validateEventText } from '../templates.js';
import { callVendor, ChannelConfigError, resultOf, retryAfterOf, TestRun, unrecorded, type VendorFailure } from './http-kit.js';
import { clip, dedupKeyOf, incidentFacts, isScanClose, levelOf, OpenAlerts } from './incident-kit.js';
import type { Channel, ChannelMemory, DeliveryItem, ItemResult, ItemSession, OutgoingEvent, Secrets, Target } from './types.js';

/**
 * PagerDuty Events API v2: one `trigger` per alert with the alert's fingerprint as `dedup_key`
 * (PagerDuty folds repeats into the open alert), and a `resolve` for each open alert a later scan
 * of the project no longer reports. The routing key travels in the body, so the log masks it there.
 */

/** In Capture and Chaos the sandbox's bin stands in; it never receives the real routing key. */
export type PagerDutyTargetSettings = PagerDutySettings & { sandboxed?: boolean };

const DEFAULT_SUMMARY =
  '{% if event.payload.policy_name %}{{ event.payload.policy_name }}: {{ event.payload.vulnerability | default: event.payload.dependency }}{% else %}{{ trigger.title }}{% endif %}{% if event.project %} in {{ event.project }}{% endif %}';
export const PAGERDUTY_DEFAULT_SUMMARY = DEFAULT_SUMMARY;
const MASK = '••••••••';

export async function pagerDutyEvent(target: { name: string; settings: Pick<PagerDutySettings, 'summary_template' | 'severity_map'> }, event: OutgoingEvent, routingKey: string) {
  const summary = (await renderEventText(target.settings.summary_template || DEFAULT_SUMMARY, { event, integration_name: target.name, signature: '' })).trim() || event.trigger;
  const p = event.payload;
  const facts = incidentFacts(event);
  const title = facts[0]![1];
  const component = [p.dependency, p.dependency_version].filter((v) => v !== undefined && v !== null && v !== '').join('@');
  return {
    routing_key: routingKey,
    event_action: 'trigger',
    dedup_key: dedupKeyOf(event),
    payload: {
      summary: clip(summary, 1024),
      source: event.project ?? (typeof p.container_image_name === 'string' ? p.container_image_name : 'CodeScoring'),
      severity: target.settings.severity_map[levelOf(p)],
      timestamp: event.created_at,
      ...(component ? { component } : {}),
      ...(event.project ? { group: event.project } : {}),
      class: typeof p.policy_name === 'string' ? p.policy_name : title,
      custom_details: { ...Object.fromEntries(facts), 'Herald event': event.id, 'Herald integration': target.name },
    },
    client: 'Herald',
  };
}

const resolveEvent = (routingKey: string, dedupKey: string) => ({ routing_key: routingKey, event_action: 'resolve', dedup_key: dedupKey });

// ------------------------------------------------------------------ errors

const ROUTING_KEY_HINT = 'Copy the Integration Key of the service’s Events API v2 integration (Service → Integrations) and paste it as the routing key.';

/** PagerDuty's `errors` list of a 400, or its message. */
function errorsOf(body: string): string {
  try {
    const json = JSON.parse(body) as { message?: unknown; errors?: unknown };
    const errors = Array.isArray(json.errors) ? json.errors.filter((e) => typeof e === 'string') : [];
    return [typeof json.message === 'string' ? json.message : '', ...errors].filter(Boolean).join('; ');
  } catch {
    return body.trim().slice(0, 300);
  }
}

const says = (status: number, what: string, detail = '') => `PagerDuty says ${status}: ${what}${detail ? ` [${detail}]` : ''}`;

/** What one Events API answer means: null for success (202). */
export function explainPagerDutyAnswer(res: { status: number; headers: Record<string, string>; body_excerpt: string }): VendorFailure | null {
  if (res.status >= 200 && res.status <= 299) return null;
  const retryAfterMs = retryAfterOf(res);
  const withRetry = (f: VendorFailure): VendorFailure => (retryAfterMs !== undefined ? { ...f, retryAfterMs } : f);
  if (res.status === 400) {
    const detail = errorsOf(res.body_excerpt);
    // An unknown or malformed routing key is reported as an invalid event naming routing_key.
    if (/routing.?key|integration key/i.test(detail)) return { message: says(400, 'the routing key was not accepted.', detail), hint: ROUTING_KEY_HINT, classification: 'auth' };
    return { message: says(400, 'the event was rejected as invalid.', detail), hint: 'Check the summary template; if it persists, report it as a Herald bug.', classification: 'permanent' };
  }
  if (res.status === 429) return withRetry({ message: says(429, 'too many events for this routing key; PagerDuty asked to slow down.'), hint: 'Herald backs off on the retry schedule (or as long as Retry-After says) and retries.', classification: 'transient' });
  if (res.status === 401 || res.status === 403) return { message: says(res.status, 'the request was refused.'), hint: ROUTING_KEY_HINT, classification: 'auth' };
  if (res.status === 404) return { message: says(404, 'there is no Events API at this URL.'), hint: 'Choose the US or EU service region, or check the events URL.', classification: 'permanent' };
  if (res.status >= 500) return withRetry({ message: `PagerDuty failed with ${res.status}.`, hint: 'Herald retries on the schedule.', classification: 'transient' });
  return { message: `PagerDuty answered ${res.status}.`, hint: 'Check that the events URL points at PagerDuty.', classification: 'permanent' };
}

// ------------------------------------------------------------------ requests

function routingKeyOf(settings: PagerDutyTargetSettings, secrets: Secrets): string {
  const key = secrets.routing_key;
  if (!key) throw new ChannelConfigError('No routing key is stored: paste the Integration Key of an Events API v2 integration.');
  return settings.sandboxed ? MASK : key;
}

function request(settings: PagerDutyTargetSettings, body: unknown, userAgent: string): HttpRequest {
  return { method: 'POST', url: settings.events_url, headers: { 'content-type': 'application/json', 'user-agent': userAgent }, body: JSON.stringify(body) };
}

/** The routing key is in the body: the log shows it masked. */
const maskBody = (ex: HttpExchange): HttpExchange => ({ ...ex, request: { ...ex.request, body: ex.request.body.replace(/("routing_key":")[^"]*"/, `$1${MASK}"`) } });
const vendor = { explain: explainPagerDutyAnswer, mask: maskBody };

function openSession(target: Target<PagerDutyTargetSettings>, runtime: { dispatcher: Dispatcher; userAgent: string }, memory: ChannelMemory): ItemSession {
  const { settings } = target;
  const config = (message: string): ItemResult => ({ outcome: 'failed', error: message, classification: 'config', exchange: unrecorded(settings.events_url) });
  const post = (body: unknown) => callVendor(request(settings, body, runtime.userAgent), { dispatcher: runtime.dispatcher, ...vendor });

  async function send(item: DeliveryItem): Promise<ItemResult> {
    let key: string;
    try {
      key = routingKeyOf(settings, target.secrets);
    } catch (error) {
      if (error instanceof ChannelConfigError) return config(error.message);
      throw error;
    }
    const open = new OpenAlerts(memory, item);
    if (isScanClose(item)) {
      // One resolve per alert the scan no longer reports; a failure stops here and is retried.
      let last: { ex: HttpExchange; failure: VendorFailure | null } | null = null;
      for (const dedupKey of open.stale(item.digest_events)) {
        last = await post(resolveEvent(key, dedupKey));
        if (last.failure) return resultOf(last.ex, last.failure);
        open.remove(dedupKey);
      }
      return last ? resultOf(last.ex, null) : { outcome: 'delivered', exchange: unrecorded(settings.events_url) };
    }
    let body;
    try {
      body = await pagerDutyEvent(target, item.event, key);
    } catch (error) {
      return config(`The PagerDuty summary template failed: ${(error as Error).message}`);
    }
    const { ex, failure } = await post(body);
    if (!failure && settings.resolve_on_clean_scan) open.add(body.dedup_key);
    return resultOf(ex, failure);
  }
  return { send, close: () => undefined };
}

// ------------------------------------------------------------------ Test it

async function test(target: Target<PagerDutyTargetSettings>, runtime: { timeoutMs: number; userAgent: string }): Promise<TestReport> {
  const { settings, secrets } = target;
  const run = new TestRun(Math.min(settings.timeout_ms, runtime.timeoutMs || settings.timeout_ms));
  // A fresh key each time: the test alert is resolved at once, so nobody is paged for real.
  const dedupKey = `herald-test-${Date.now().toString(36)}`;
  const trigger = {
    routing_key: '',
    event_action: 'trigger',
    dedup_key: dedupKey,
    payload: { summary: `Test alert from Herald (${target.name}): resolved at once, no action needed`, source: 'Herald', severity: 'info', timestamp: new Date().toISOString(), class: 'Herald test' },
    client: 'Herald',
  };
  const sent = await run.call('trigger', 'Test alert', () => request(settings, { ...trigger, routing_key: routingKeyOf(settings, secrets) }, runtime.userAgent), vendor);
  if (!sent) return run.finish('');
  const accepted = typeof sent.dedup_key === 'string' ? sent.dedup_key : dedupKey;
  run.details.dedup_key = accepted;
  run.detail(`PagerDuty accepted the event: dedup_key ${accepted}`);
  if (await run.call('resolve', 'Resolve the test alert', () => request(settings, resolveEvent(routingKeyOf(settings, secrets), accepted), runtime.userAgent), vendor)) {
    run.detail(`Resolved ${accepted}`);
  }
  return run.finish('PagerDuty accepted a test alert and it was resolved at once.');
}

export const pagerDutyChannel: Channel<PagerDutyTargetSettings> = {
  kind: 'pagerduty',
  mode: 'each',
  secretNames: ['routing_key'],
  wants: () => false,
  followsScans: (settings) => settings.resolve_on_clean_scan,
  open: (target, runtime, memory) => openSession(target, runtime, memory),
  test: (target, runtime) => test(target, runtime),
  async preview(target, item, userAgent) {
    const settings = target.settings;
    const body = isScanClose(item) ? resolveEvent(MASK, '<each open alert this scan no longer reports>') : await pagerDutyEvent(target, item.event, MASK);
    return { kind: 'http', method: 'POST', url: settings.events_url, headers: { 'content-type': 'application/json', 'user-agent': userAgent }, body: JSON.stringify(body, null, 2) };
  },
  async checkSettings(settings) {
    const problem = settings.summary_template.trim() ? await validateEventText(settings.summary_template) : null;
    return problem ? [{ path: 'settings.summary_template', message: problem }] : [];
  },
  sandbox: { receiver: 'webhook-bin', redirect: (settings, binAddress) => ({ ...settings, events_url: `${binAddress}/v2/enqueue`, sandboxed: true }) },
};
