import type { WebhookSettings } from '../../contract/index.js';
import { diagnoseHttp } from '../net/diagnose.js';
import { explainNetworkError, explainStatus } from '../net/errors.js';
import { exchange, type HttpRequest } from '../net/http.js';
import { projectsMatch } from '../rules.js';
import type { Channel, OutgoingEvent, Target } from './types.js';

/**
 * Seed 004's webhook: one POST per batch, body `{"events":[{created_at, trigger, payload}]}`,
 * the token in a configurable header, any 2xx is success.
 */
export function webhookRequest(target: Target<WebhookSettings>, events: OutgoingEvent[], userAgent: string): HttpRequest {
  const headers: Record<string, string> = { 'content-type': 'application/json', 'user-agent': userAgent };
  const token = target.secrets.token;
  if (token) headers[target.settings.token_header] = token;
  const body = JSON.stringify({ events: events.map((e) => ({ created_at: e.created_at, trigger: e.trigger, payload: e.payload })) });
  return { method: 'POST', url: target.settings.url, headers, body };
}

/** Retry-After as seconds or an HTTP date; capped at a day so a bad header cannot park deliveries. */
export function parseRetryAfter(value: string | undefined, now: number): number | undefined {
  if (!value) return undefined;
  const seconds = Number(value);
  const ms = Number.isFinite(seconds) ? seconds * 1000 : Date.parse(value) - now;
  return Number.isFinite(ms) && ms >= 0 ? Math.min(ms, 86_400_000) : undefined;
}

export const webhookChannel: Channel<WebhookSettings> = {
  kind: 'webhook',
  mode: 'batch',
  secretNames: ['token'],

  wants(settings, event) {
    return settings.events.includes(event.trigger as never) && projectsMatch(settings.projects, event.payload);
  },

  async send(target, events, runtime) {
    const req = webhookRequest(target, events, runtime.userAgent);
    const result = await exchange(req, { dispatcher: runtime.dispatcher, secretHeaders: [target.settings.token_header] });
    if (!result.response) {
      const url = new URL(target.settings.url);
      const e = explainNetworkError(result.error, { host: url.hostname, port: Number(url.port || (url.protocol === 'https:' ? 443 : 80)) });
      return { outcome: 'failed', exchange: result, error: e.message, classification: e.classification };
    }
    const verdict = explainStatus(result.response.status, target.settings.token_header);
    if (!verdict) return { outcome: 'delivered', exchange: result };
    const retryAfterMs = [429, 503].includes(result.response.status) ? parseRetryAfter(result.response.headers['retry-after'], Date.now()) : undefined;
    return { outcome: 'failed', exchange: result, error: verdict.message, classification: verdict.classification, ...(retryAfterMs !== undefined ? { retryAfterMs } : {}) };
  },

  async test(target, runtime) {
    const req = webhookRequest(target, [{ id: 'test', trigger: 'test', created_at: new Date().toISOString(), project: null, payload: {} }], runtime.userAgent);
    const report = await diagnoseHttp(req, { timeoutMs: runtime.timeoutMs, secretHeaders: [target.settings.token_header], tokenHeader: target.settings.token_header });
    if (report.ok && !target.secrets.token) {
      report.steps.push({ id: 'token', label: 'Token', status: 'warning', duration_ms: null, detail: 'No token is set: the receiver cannot tell Herald\'s requests from anyone else\'s.', hint: 'Set a token and check it on the receiver.' });
    }
    return report;
  },

  async preview(target, item, userAgent) {
    const req = webhookRequest(target, [item.event], userAgent);
    return { kind: 'http', method: req.method, url: req.url, headers: req.headers, body: JSON.stringify(JSON.parse(req.body ?? '{}'), null, 2) };
  },

  sandbox: {
    receiver: 'webhook-bin',
    // The bin answers on any path, so the receiver's path and query stay visible in the capture.
    redirect(settings, binAddress) {
      const original = new URL(settings.url);
      return { ...settings, url: `${binAddress}${original.pathname}${original.search}` };
    },
  },
};
