import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * Local PagerDuty (Events API v2) and Opsgenie (Alert API) that answer as their documentation
 * says, keep the alerts they hold (deduplicated by dedup_key / alias), and record every request.
 */

export interface RecordedRequest {
  method: string;
  path: string;
  query: string;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/** The next requests fail like this: a rate limit (Retry-After only when given), a server error, the vendor's "invalid" answer. */
export type IncidentFailure = { status: 429; retryAfterSeconds?: number } | { status: 500 | 502 | 503 } | { status: 'invalid' };

abstract class FakeServer {
  readonly requests: RecordedRequest[] = [];
  protected failures: IncidentFailure[] = [];
  protected server!: Server;

  protected async listen(): Promise<void> {
    this.server = createServer((req, res) => void this.receive(req, res));
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
  }

  get origin(): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  failNext(count: number, failure: IncidentFailure): void {
    for (let i = 0; i < count; i++) this.failures.push(failure);
  }

  close(): Promise<void> {
    this.server.closeAllConnections();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }

  private async receive(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const [path, query = ''] = (req.url ?? '/').split('?') as [string, string?];
    const recorded = { method: req.method ?? 'GET', path, query, headers: req.headers, body: Buffer.concat(chunks).toString('utf8') };
    this.requests.push(recorded);
    const failure = this.failures.shift();
    if (failure) return this.fail(failure, res);
    this.handle(recorded, res);
  }

  protected json(res: ServerResponse, status: number, value: unknown, headers: Record<string, string> = {}): void {
    res.writeHead(status, { 'content-type': 'application/json', ...headers });
    res.end(JSON.stringify(value));
  }

  protected abstract fail(failure: IncidentFailure, res: ServerResponse): void;
  protected abstract handle(req: RecordedRequest, res: ServerResponse): void;
}

function parse(body: string): Record<string, unknown> | null {
  try {
    const value = JSON.parse(body) as unknown;
    return value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

// ------------------------------------------------------------------ PagerDuty

export interface PagerDutyAlert {
  dedup_key: string;
  status: 'triggered' | 'resolved';
  /** Triggers folded into this alert (repeats with the same dedup_key). */
  triggers: number;
  summary: string;
  severity: string;
  event: Record<string, unknown>;
}

/**
 * `POST /v2/enqueue`: 202 `{"status":"success","message":"Event processed","dedup_key":…}`; a bad
 * event or an unknown routing key 400 `{"status":"invalid event","message":"Event object is
 * invalid","errors":[…]}`; 429 with no body when rate limited (no Retry-After documented).
 */
export class PagerDutyFake extends FakeServer {
  readonly alerts = new Map<string, PagerDutyAlert>();
  /** Every event accepted, in order. */
  readonly events: Record<string, unknown>[] = [];

  private constructor(readonly routingKey: string) {
    super();
  }

  static async start(routingKey = 'R0123456789abcdef0123456789abcde'): Promise<PagerDutyFake> {
    const fake = new PagerDutyFake(routingKey);
    await fake.listen();
    return fake;
  }

  get eventsUrl(): string {
    return `${this.origin}/v2/enqueue`;
  }

  /** Alerts that are open now. */
  get open(): PagerDutyAlert[] {
    return [...this.alerts.values()].filter((a) => a.status === 'triggered');
  }

  protected fail(failure: IncidentFailure, res: ServerResponse): void {
    if (failure.status === 429) {
      res.writeHead(429, failure.retryAfterSeconds !== undefined ? { 'retry-after': String(failure.retryAfterSeconds) } : {});
      return void res.end();
    }
    if (failure.status === 'invalid') return this.json(res, 400, { status: 'invalid event', message: 'Event object is invalid', errors: ["'payload.summary' is missing or blank"] });
    this.json(res, failure.status, { status: 'error', message: 'Internal error' });
  }

  protected handle(req: RecordedRequest, res: ServerResponse): void {
    if (req.path !== '/v2/enqueue') return this.json(res, 404, { status: 'not found', message: 'Not found' });
    if (req.method !== 'POST') return this.json(res, 405, { status: 'method not allowed', message: 'Method not allowed' });
    const invalid = (...errors: string[]) => this.json(res, 400, { status: 'invalid event', message: 'Event object is invalid', errors });
    const event = parse(req.body);
    if (!event) return invalid('Malformed JSON');
    if (event.routing_key !== this.routingKey) return invalid('Invalid routing key');
    const action = event.event_action;
    const dedupKey = typeof event.dedup_key === 'string' && event.dedup_key ? event.dedup_key : randomUUID().replace(/-/g, '');
    if (action === 'trigger') {
      const payload = (event.payload ?? {}) as Record<string, unknown>;
      const errors: string[] = [];
      if (typeof payload.summary !== 'string' || !payload.summary.trim()) errors.push("'payload.summary' is missing or blank");
      else if (payload.summary.length > 1024) errors.push("'payload.summary' is too long");
      if (typeof payload.source !== 'string' || !payload.source.trim()) errors.push("'payload.source' is missing or blank");
      if (!['critical', 'error', 'warning', 'info'].includes(String(payload.severity))) errors.push("'payload.severity' is invalid (must be one of the following: 'critical', 'warning', 'error' or 'info')");
      if (errors.length) return invalid(...errors);
      const open = this.alerts.get(dedupKey);
      if (open && open.status === 'triggered') open.triggers++;
      else this.alerts.set(dedupKey, { dedup_key: dedupKey, status: 'triggered', triggers: 1, summary: String(payload.summary), severity: String(payload.severity), event });
    } else if (action === 'resolve' || action === 'acknowledge') {
      if (typeof event.dedup_key !== 'string' || !event.dedup_key) return invalid("'dedup_key' is missing or blank");
      const alert = this.alerts.get(dedupKey);
      if (alert && action === 'resolve') alert.status = 'resolved';
    } else return invalid("'event_action' is invalid (must be one of the following: 'trigger', 'acknowledge' or 'resolve')");
    this.events.push(event);
    this.json(res, 202, { status: 'success', message: 'Event processed', dedup_key: dedupKey });
  }
}

// ------------------------------------------------------------------ Opsgenie

export interface OpsgenieAlert {
  id: string;
  alias: string;
  status: 'open' | 'closed';
  /** Creates folded into this alert (repeats with the same alias while open). */
  count: number;
  body: Record<string, unknown>;
}

/**
 * `POST /v2/alerts` and `POST /v2/alerts/{alias}/close?identifierType=alias` with
 * `Authorization: GenieKey …`: 202 `{"result":"Request will be processed","took":…,"requestId":…}`,
 * processed asynchronously; `GET /v2/alerts/requests/{id}` tells how. 401 `{"message":"Could not
 * authenticate",…}`, 422 `{"message":"Request body is not valid","errors":{…},…}`, 429 with the
 * X-RateLimit-* headers.
 */
export class OpsgenieFake extends FakeServer {
  readonly alerts = new Map<string, OpsgenieAlert>();
  private readonly statuses = new Map<string, Record<string, unknown>>();
  /** Answer request-status lookups with 404 ("not processed yet"). */
  slowProcessing = false;

  private constructor(readonly apiKey: string) {
    super();
  }

  static async start(apiKey = '1a2b3c4d-5e6f-4a8b-9c0d-1e2f3a4b5c6d'): Promise<OpsgenieFake> {
    const fake = new OpsgenieFake(apiKey);
    await fake.listen();
    return fake;
  }

  get open(): OpsgenieAlert[] {
    return [...this.alerts.values()].filter((a) => a.status === 'open');
  }

  protected fail(failure: IncidentFailure, res: ServerResponse): void {
    const requestId = randomUUID();
    if (failure.status === 429) {
      const headers: Record<string, string> = { 'x-ratelimit-state': 'THROTTLED', 'x-ratelimit-reason': 'INTEGRATION', 'x-ratelimit-period-in-sec': '60' };
      if (failure.retryAfterSeconds !== undefined) headers['retry-after'] = String(failure.retryAfterSeconds);
      return this.json(res, 429, { message: 'You are making too many requests! To avoid errors, we recommend you limit requests.', took: 0.0, requestId }, headers);
    }
    if (failure.status === 'invalid') return this.json(res, 422, { message: 'Request body is not valid', errors: { message: 'Message can not be empty.' }, took: 0.0, requestId });
    this.json(res, failure.status, { message: 'Internal Server Error', took: 0.0, requestId });
  }

  protected handle(req: RecordedRequest, res: ServerResponse): void {
    const requestId = randomUUID();
    const took = 0.01;
    if (req.headers.authorization !== `GenieKey ${this.apiKey}`) return this.json(res, 401, { message: 'Could not authenticate', took, requestId });
    const accepted = (status: Record<string, unknown>) => {
      this.statuses.set(requestId, { ...status, processedAt: new Date().toISOString(), integrationId: 'herald-api-integration' });
      this.json(res, 202, { result: 'Request will be processed', took, requestId });
    };
    const statusMatch = /^\/v2\/alerts\/requests\/([^/]+)$/.exec(req.path);
    if (req.method === 'GET' && statusMatch) {
      const data = this.slowProcessing ? undefined : this.statuses.get(decodeURIComponent(statusMatch[1]!));
      if (!data) return this.json(res, 404, { message: 'Request not found. It might not be processed, yet.', took, requestId });
      return this.json(res, 200, { data, took, requestId });
    }
    if (req.method === 'POST' && req.path === '/v2/alerts') {
      const body = parse(req.body);
      if (!body) return this.json(res, 400, { message: 'Could not parse the request body.', took, requestId });
      const errors: Record<string, string> = {};
      if (typeof body.message !== 'string' || !body.message.trim()) errors.message = 'Message can not be empty.';
      else if (body.message.length > 130) errors.message = 'Message can not be longer than 130 characters.';
      if (typeof body.alias === 'string' && body.alias.length > 512) errors.alias = 'Alias can not be longer than 512 characters.';
      if (body.priority !== undefined && !['P1', 'P2', 'P3', 'P4', 'P5'].includes(String(body.priority))) errors.priority = 'Priority should be one of [P1, P2, P3, P4, P5]';
      if (Object.keys(errors).length) return this.json(res, 422, { message: 'Request body is not valid', errors, took, requestId });
      const alias = typeof body.alias === 'string' && body.alias ? body.alias : randomUUID();
      const existing = this.alerts.get(alias);
      if (existing && existing.status === 'open') {
        existing.count++;
        return accepted({ success: true, action: 'Create', isSuccess: true, status: 'Alert is already open; count increased', alertId: existing.id, alias });
      }
      const alert: OpsgenieAlert = { id: randomUUID(), alias, status: 'open', count: 1, body };
      this.alerts.set(alias, alert);
      return accepted({ success: true, action: 'Create', isSuccess: true, status: 'Created alert', alertId: alert.id, alias });
    }
    const closeMatch = /^\/v2\/alerts\/([^/]+)\/close$/.exec(req.path);
    if (req.method === 'POST' && closeMatch) {
      if (new URLSearchParams(req.query).get('identifierType') !== 'alias') return this.json(res, 404, { message: 'Alert does not exist', took, requestId });
      const alias = decodeURIComponent(closeMatch[1]!);
      const alert = this.alerts.get(alias);
      if (!alert || alert.status !== 'open') return accepted({ success: false, action: 'Close', isSuccess: false, status: 'Alert does not exist', alertId: '', alias });
      alert.status = 'closed';
      return accepted({ success: true, action: 'Close', isSuccess: true, status: 'Closed alert', alertId: alert.id, alias });
    }
    this.json(res, 404, { message: 'Could not find the requested resource.', took, requestId });
  }
}
