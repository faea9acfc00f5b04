import type { Dispatcher } from 'undici';
import type { FailureClass, TestReport, TestStep } from '../../contract/index.js';
import { explainNetworkError } from '../net/errors.js';
import { createAgent, exchange, type HttpExchange, type HttpRequest, type TlsTrust } from '../net/http.js';
import type { ItemResult, SendResult } from './types.js';
import { parseRetryAfter } from './webhook.js';

/**
 * What the HTTP channels (chat, incident and log services) share: one call with the vendor's
 * answer explained, a delivery result from it, and Test it as a list of steps. Each channel file
 * keeps what is its own: the request, the vendor's error table, and its steps.
 */

/** One vendor answer in plain words, with the fix; `retryAfterMs` when the vendor asked to wait. */
export interface VendorFailure {
  message: string;
  hint: string;
  classification: FailureClass;
  retryAfterMs?: number;
}

/** A setting or secret is missing, so nothing can be sent: a config failure, no request made. */
export class ChannelConfigError extends Error {}

export function hostPort(url: string): { host: string; port: number } {
  try {
    const u = new URL(url);
    return { host: u.hostname, port: Number(u.port || (u.protocol === 'https:' ? 443 : 80)) };
  } catch {
    return { host: url, port: 443 };
  }
}

/** Retry-After of a 429 or 503 (seconds or an HTTP date), else undefined. */
export function retryAfterOf(res: { status: number; headers: Record<string, string> }): number | undefined {
  return res.status === 429 || res.status === 503 ? parseRetryAfter(res.headers['retry-after'], Date.now()) : undefined;
}

/** An attempt that never left Herald, for the attempt log. */
export const unrecorded = (url: string): HttpExchange => ({ request: { method: 'POST', url, headers: {}, body: '', body_truncated: false }, response: null, error: null, duration_ms: 0 });

export interface VendorCall {
  dispatcher: Dispatcher;
  /** Header names whose values are masked in the log (authorization always is). */
  secretHeaders?: readonly string[];
  /** The vendor's answer explained; null when it means success. */
  explain(res: { status: number; headers: Record<string, string>; body_excerpt: string }): VendorFailure | null;
  /** Hides what the log must not show, e.g. a URL that is itself the credential. */
  mask?(ex: HttpExchange): HttpExchange;
}

/** One request; network failures come back explained like the vendor's own. Never throws. */
export async function callVendor(req: HttpRequest, options: VendorCall): Promise<{ ex: HttpExchange; failure: VendorFailure | null }> {
  const raw = await exchange(req, { dispatcher: options.dispatcher, ...(options.secretHeaders ? { secretHeaders: options.secretHeaders } : {}) });
  const ex = options.mask ? options.mask(raw) : raw;
  if (!ex.response) {
    const e = explainNetworkError(raw.error, hostPort(req.url));
    return { ex, failure: { message: e.message, hint: e.hint, classification: e.classification } };
  }
  return { ex, failure: options.explain(ex.response) };
}

/** The scheduler's view of one call: delivered, or failed with its class and any Retry-After. */
export function resultOf(ex: HttpExchange, failure: VendorFailure | null): ItemResult & SendResult {
  if (!failure) return { outcome: 'delivered', exchange: ex };
  return { outcome: 'failed', exchange: ex, error: `${failure.message} ${failure.hint}`, classification: failure.classification, ...(failure.retryAfterMs !== undefined ? { retryAfterMs: failure.retryAfterMs } : {}) };
}

/**
 * Test it as steps: the first call adds a Connection step (reached or not), each call its own
 * step with the vendor's answer explained. `finish` reports the first failure, else `okSummary`.
 */
export class TestRun {
  readonly steps: TestStep[] = [];
  readonly details: Record<string, string> = {};
  readonly agent: Dispatcher & { close(): Promise<void> };
  private readonly startedAt = new Date();
  private readonly t0 = performance.now();
  private connected = false;

  constructor(timeoutMs: number, tls: TlsTrust = {}) {
    this.agent = createAgent(timeoutMs, tls);
  }

  /** A call as a step; returns the parsed JSON answer ({} for a non-JSON success), or null when the step failed. */
  async call(id: string, label: string, req: HttpRequest | (() => HttpRequest), options: Omit<VendorCall, 'dispatcher'>): Promise<Record<string, unknown> | null> {
    const started = performance.now();
    let request: HttpRequest;
    try {
      request = typeof req === 'function' ? req() : req;
    } catch (error) {
      if (!(error instanceof ChannelConfigError)) throw error;
      this.fail(id, label, error.message, 'Open the integration and set the secret.', started);
      return null;
    }
    const { ex, failure } = await callVendor(request, { ...options, dispatcher: this.agent });
    const took = Math.round(performance.now() - started);
    if (!this.connected) {
      if (!ex.response) {
        this.steps.push({ id: 'connect', label: 'Connection', status: 'failed', duration_ms: took, detail: failure!.message, hint: failure!.hint });
        return null;
      }
      this.connected = true;
      const { host, port } = hostPort(request.url);
      this.steps.push({ id: 'connect', label: 'Connection', status: 'ok', duration_ms: null, detail: `Connected to ${host}:${port}` });
    }
    if (failure) {
      this.steps.push({ id, label, status: 'failed', duration_ms: took, detail: failure.message, hint: failure.hint });
      return null;
    }
    this.steps.push({ id, label, status: 'ok', duration_ms: took, detail: '' });
    try {
      const json = JSON.parse(ex.response?.body_excerpt ?? '') as unknown;
      return json && typeof json === 'object' && !Array.isArray(json) ? (json as Record<string, unknown>) : {};
    } catch {
      return {};
    }
  }

  /** Sets the detail of the step just added. */
  detail(text: string): void {
    const last = this.steps.at(-1);
    if (last) last.detail = text;
  }

  fail(id: string, label: string, detail: string, hint: string, startedAt = performance.now()): void {
    this.steps.push({ id, label, status: 'failed', duration_ms: Math.round(performance.now() - startedAt), detail, hint });
  }

  get failed(): boolean {
    return this.steps.some((s) => s.status === 'failed');
  }

  finish(okSummary: string): TestReport {
    void this.agent.close();
    const failed = this.steps.find((s) => s.status === 'failed');
    return {
      ok: !failed,
      summary: failed ? failed.detail : okSummary,
      ...(failed?.hint ? { hint: failed.hint } : {}),
      steps: this.steps,
      details: this.details,
      started_at: this.startedAt.toISOString(),
      total_ms: Math.round(performance.now() - this.t0),
    };
  }
}
