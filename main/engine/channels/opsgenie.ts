import type { Dispatcher } from 'undici';
import type { OpsgenieSettings, TestReport } from '../../contract/index.js';
import type { HttpExchange, HttpRequest } from '../net/http.js';
import { renderEventText, validateEventText } from '../templates.js';
import { callVendor, ChannelConfigError, resultOf, retryAfterOf, TestRun, unrecorded, type VendorFailure } from './http-kit.js';
import { clip, dedupKeyOf, incidentFacts, isScanClose, levelOf, OpenAlerts } from './incident-kit.js';
import type { Channel, ChannelMemory, DeliveryItem, ItemResult, ItemSession, OutgoingEvent, Secrets, Target } from './types.js';

/**
 * Opsgenie Alert API: one alert per event with the alert's fingerprint as `alias` (Opsgenie
 * counts repeats on the open alert instead of opening another), closed by alias when a later
 * scan of the project no longer reports it. Requests are processed asynchronously: 202 means
 * accepted, and Test it asks for the request's status to show what Opsgenie made of it.
 */

const DEFAULT_MESSAGE =
  '{% if event.payload.policy_name %}{{ event.payload.policy_name }}: {{ event.payload.vulnerability | default: event.payload.dependency }}{% else %}{{ trigger.title }}{% endif %}{% if event.project %} in {{ event.project }}{% endif %}';
export const OPSGENIE_DEFAULT_MESSAGE = DEFAULT_MESSAGE;

export async function opsgenieAlert(target: { name: string; settings: Pick<OpsgenieSettings, 'message_template' | 'priority_map' | 'teams'> }, event: OutgoingEvent) {
  const message = (await renderEventText(target.settings.message_template || DEFAULT_MESSAGE, { event, integration_name: target.name, signature: '' })).trim() || event.trigger;
  const facts = incidentFacts(event);
  const level = levelOf(event.payload);
  const description = [...facts.map(([label, value]) => `${label}: ${value}`), '', `Reported by Herald (${target.name}) from event ${event.id} at ${event.created_at}.`].join('\n');
  const tag = (v: string) => v.replace(/\s+/g, '-').slice(0, 50);
  return {
    message: clip(message, 130),
    alias: dedupKeyOf(event),
    description: clip(description, 15_000),
    ...(target.settings.teams.length ? { responders: target.settings.teams.map((name) => ({ type: 'team', name })) } : {}),
    tags: ['herald', tag(event.trigger), ...(level === 'other' ? [] : [level])],
    details: { ...Object.fromEntries(facts.map(([k, v]) => [k, clip(v, 8000)])), 'Herald event': event.id },
    entity: event.project ?? (typeof event.payload.dependency === 'string' ? event.payload.dependency : 'CodeScoring'),
    source: 'Herald',
    priority: target.settings.priority_map[level],
  };
}

// The alert's own text in Opsgenie, not a message to the console's user.
const CLOSE_NOTE = 'Closed by Herald: the latest scan of the project no longer reports this alert.';
const TEST_NOTE = 'Herald test: closed at once.';
const closeBody = { source: 'Herald', user: 'Herald', note: CLOSE_NOTE };

// ------------------------------------------------------------------ errors

const KEY_HINT = 'Use the API key of an API integration with Create and Update Access (Settings → Integrations → API); an account API key cannot create alerts.';

/** Opsgenie's message and any per-field errors of a 4xx. */
function errorsOf(body: string): string {
  try {
    const json = JSON.parse(body) as { message?: unknown; errors?: unknown };
    const fields = json.errors && typeof json.errors === 'object' ? Object.entries(json.errors as Record<string, unknown>).map(([k, v]) => `${k}: ${String(v)}`) : [];
    return [typeof json.message === 'string' ? json.message : '', ...fields].filter(Boolean).join('; ');
  } catch {
    return body.trim().slice(0, 300);
  }
}

const says = (status: number, what: string, detail = '') => `Opsgenie says ${status}: ${what}${detail ? ` [${detail}]` : ''}`;

/** What one Alert API answer means: null for success (202, or 200 for a request status). */
export function explainOpsgenieAnswer(res: { status: number; headers: Record<string, string>; body_excerpt: string }): VendorFailure | null {
  if (res.status >= 200 && res.status <= 299) return null;
  const retryAfterMs = retryAfterOf(res);
  const withRetry = (f: VendorFailure): VendorFailure => (retryAfterMs !== undefined ? { ...f, retryAfterMs } : f);
  const detail = errorsOf(res.body_excerpt);
  if (res.status === 401 || res.status === 403) return { message: says(res.status, 'the API key was not accepted.', detail), hint: KEY_HINT, classification: 'auth' };
  if (res.status === 422 || res.status === 400) return { message: says(res.status, 'the alert was rejected as invalid.', detail), hint: 'Check the message template and the team names; if it persists, report it as a Herald bug.', classification: 'permanent' };
  if (res.status === 429) return withRetry({ message: says(429, 'too many requests; Opsgenie asked to slow down.'), hint: 'Herald waits as long as Retry-After says (else the retry schedule), then retries.', classification: 'transient' });
  if (res.status === 404) return { message: says(404, 'there is no such alert or API here.', detail), hint: 'Choose the US or EU region that matches your Opsgenie account, or check the API base.', classification: 'permanent' };
  if (res.status >= 500) return withRetry({ message: `Opsgenie failed with ${res.status}.`, hint: 'Herald retries on the schedule.', classification: 'transient' });
  return { message: `Opsgenie answered ${res.status}.`, hint: 'Check that the API base points at Opsgenie.', classification: 'permanent' };
}

// ------------------------------------------------------------------ requests

function request(settings: OpsgenieSettings, secrets: Secrets, method: 'GET' | 'POST', path: string, body: unknown, userAgent: string): HttpRequest {
  const key = secrets.api_key;
  if (!key) throw new ChannelConfigError('No API key is stored: paste the API key of an Opsgenie API integration.');
  const headers = { authorization: `GenieKey ${key}`, 'user-agent': userAgent, ...(method === 'POST' ? { 'content-type': 'application/json' } : {}) };
  return { method, url: `${settings.api_base.replace(/\/+$/, '')}${path}`, headers, body: method === 'POST' ? JSON.stringify(body) : '' };
}

const closePath = (alias: string) => `/v2/alerts/${encodeURIComponent(alias)}/close?identifierType=alias`;

function openSession(target: Target<OpsgenieSettings>, runtime: { dispatcher: Dispatcher; userAgent: string }, memory: ChannelMemory): ItemSession {
  const { settings, secrets } = target;
  const config = (message: string): ItemResult => ({ outcome: 'failed', error: message, classification: 'config', exchange: unrecorded(settings.api_base) });
  const post = (path: string, body: unknown) => callVendor(request(settings, secrets, 'POST', path, body, runtime.userAgent), { dispatcher: runtime.dispatcher, explain: explainOpsgenieAnswer });

  async function send(item: DeliveryItem): Promise<ItemResult> {
    if (!secrets.api_key) return config('No API key is stored: paste the API key of an Opsgenie API integration.');
    const open = new OpenAlerts(memory, item);
    if (isScanClose(item)) {
      let last: { ex: HttpExchange; failure: VendorFailure | null } | null = null;
      for (const alias of open.stale(item.digest_events)) {
        last = await post(closePath(alias), closeBody);
        // An alert closed by hand in Opsgenie is gone: nothing left to close.
        if (last.failure && last.ex.response?.status !== 404) return resultOf(last.ex, last.failure);
        open.remove(alias);
      }
      return last ? resultOf(last.ex, null) : { outcome: 'delivered', exchange: unrecorded(settings.api_base) };
    }
    let body;
    try {
      body = await opsgenieAlert(target, item.event);
    } catch (error) {
      return config(`The Opsgenie message template failed: ${(error as Error).message}`);
    }
    const { ex, failure } = await post('/v2/alerts', body);
    if (!failure && settings.resolve_on_clean_scan) open.add(body.alias);
    return resultOf(ex, failure);
  }
  return { send, close: () => undefined };
}

// ------------------------------------------------------------------ Test it

async function test(target: Target<OpsgenieSettings>, runtime: { timeoutMs: number; userAgent: string }): Promise<TestReport> {
  const { settings, secrets } = target;
  const run = new TestRun(Math.min(settings.timeout_ms, runtime.timeoutMs || settings.timeout_ms));
  const call = (id: string, label: string, method: 'GET' | 'POST', path: string, body: unknown, explain = explainOpsgenieAnswer) =>
    run.call(id, label, () => request(settings, secrets, method, path, body, runtime.userAgent), { explain });
  const alias = `herald-test-${Date.now().toString(36)}`;
  const alert = {
    message: `Test alert from Herald (${target.name})`,
    alias,
    description: 'Herald checks that it can create alerts here. It closes this alert at once; nobody needs to act.',
    tags: ['herald', 'test'],
    source: 'Herald',
    priority: 'P5',
  };
  const created = await call('create', 'Test alert', 'POST', '/v2/alerts', alert);
  if (!created) return run.finish('');
  const requestId = typeof created.requestId === 'string' ? created.requestId : '';
  run.details.alias = alias;
  if (requestId) run.details.request_id = requestId;
  run.detail(`Opsgenie accepted it (P5, tagged test): alias ${alias}`);
  if (requestId) {
    // Processing is asynchronous: a request not processed yet answers 404, which is no failure here.
    const pending = (res: { status: number; headers: Record<string, string>; body_excerpt: string }) => (res.status === 404 ? null : explainOpsgenieAnswer(res));
    const status = await call('status', 'Request status', 'GET', `/v2/alerts/requests/${encodeURIComponent(requestId)}`, null, pending);
    const data = status?.data as { isSuccess?: unknown; status?: unknown } | undefined;
    if (status && data && typeof data.status === 'string') {
      if (data.isSuccess === false) run.fail('processed', 'Request status', `Opsgenie could not process the test alert: ${data.status}`, KEY_HINT);
      else run.detail(`Opsgenie processed it: ${data.status}`);
    } else if (status) run.detail('Opsgenie has not processed it yet; it processes requests asynchronously.');
  }
  if (!run.failed && (await call('close', 'Close the test alert', 'POST', closePath(alias), { ...closeBody, note: TEST_NOTE }))) run.detail(`Closed ${alias}`);
  return run.finish('Opsgenie accepted a test alert and it was closed at once.');
}

export const opsgenieChannel: Channel<OpsgenieSettings> = {
  kind: 'opsgenie',
  mode: 'each',
  secretNames: ['api_key'],
  wants: () => false,
  followsScans: (settings) => settings.resolve_on_clean_scan,
  open: (target, runtime, memory) => openSession(target, runtime, memory),
  test: (target, runtime) => test(target, runtime),
  async preview(target, item, userAgent) {
    const base = target.settings.api_base.replace(/\/+$/, '');
    const headers = { authorization: 'GenieKey ••••••••', 'user-agent': userAgent, 'content-type': 'application/json' };
    if (isScanClose(item)) return { kind: 'http', method: 'POST', url: `${base}${closePath('<each open alert this scan no longer reports>')}`, headers, body: JSON.stringify(closeBody, null, 2) };
    return { kind: 'http', method: 'POST', url: `${base}/v2/alerts`, headers, body: JSON.stringify(await opsgenieAlert(target, item.event), null, 2) };
  },
  async checkSettings(settings) {
    const problem = settings.message_template.trim() ? await validateEventText(settings.message_template) : null;
    return problem ? [{ path: 'settings.message_template', message: problem }] : [];
  },
  sandbox: { receiver: 'webhook-bin', redirect: (settings, binAddress) => ({ ...settings, api_base: binAddress }) },
};
