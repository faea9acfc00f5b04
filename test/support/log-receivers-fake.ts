import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { gunzipSync } from 'node:zlib';

/**
 * Local stand-ins for the machine receivers, answering as their vendors document:
 * Splunk's HTTP Event Collector, a Sumo Logic HTTP Logs & Metrics source, and a Rapid7
 * InsightConnect API trigger. They share the plumbing (start, record, scripted failures, close).
 */

export interface RecordedRequest {
  method: string;
  path: string;
  headers: Record<string, string | string[] | undefined>;
  /** The body as sent, gunzipped when it came with Content-Encoding: gzip. */
  body: string;
  gzipped: boolean;
}

type Reply = { status: number; body: string; headers?: Record<string, string> };

abstract class FakeReceiver<F> {
  readonly requests: RecordedRequest[] = [];
  protected failures: F[] = [];
  protected server!: Server;
  protected scheme: 'http' | 'https' = 'http';

  protected async listen(tls?: { key: string; cert: string }): Promise<void> {
    const handler = (req: IncomingMessage, res: ServerResponse) => void this.receive(req, res);
    this.server = tls ? createHttpsServer({ key: tls.key, cert: tls.cert }, handler) : createServer(handler);
    this.scheme = tls ? 'https' : 'http';
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
  }

  get origin(): string {
    return `${this.scheme}://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  /** The next `count` requests fail like this, then the service is back. */
  failNext(count: number, failure: F): void {
    for (let i = 0; i < count; i++) this.failures.push(failure);
  }

  close(): Promise<void> {
    this.server.closeAllConnections();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }

  private async receive(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const raw = Buffer.concat(chunks);
    const gzipped = req.headers['content-encoding'] === 'gzip';
    const body = (gzipped ? gunzipSync(raw) : raw).toString('utf8');
    const recorded: RecordedRequest = { method: req.method ?? 'GET', path: (req.url ?? '/').split('?')[0]!, headers: req.headers, body, gzipped };
    this.requests.push(recorded);
    const reply = this.answer(recorded);
    res.writeHead(reply.status, { 'content-type': 'application/json', ...reply.headers });
    res.end(reply.body);
  }

  protected abstract answer(req: RecordedRequest): Reply;
}

const json = (status: number, value: unknown, headers: Record<string, string> = {}): Reply => ({ status, body: JSON.stringify(value), headers });

// ------------------------------------------------------------------ Splunk HEC

export type SplunkFailure = { status: 503; retryAfterSeconds?: number } | { status: 500 } | { status: 'unhealthy' };

export interface HecEvent {
  time?: number;
  host?: string;
  source?: string;
  sourcetype?: string;
  index?: string;
  event: Record<string, unknown>;
}

/**
 * HEC as Splunk documents it: `POST /services/collector/event` with `Authorization: Splunk <token>`
 * and concatenated event objects; answers `{"text","code"}` — 0 Success, 1 Token disabled,
 * 2 Token is required, 3 Invalid authorization, 4 Invalid token, 5 No data, 6 Invalid data
 * format, 7 Incorrect index (with `invalid-event-number`), 8 Internal server error, 9 Server is
 * busy (503); `GET /services/collector/health` answers 17 HEC is healthy or 18 unhealthy (503).
 */
export class SplunkFake extends FakeReceiver<SplunkFailure> {
  readonly events: HecEvent[] = [];
  token = '0c5e1f4a-7d3b-4e6f-9a21-5b8c3d2e1f00';
  disabledTokens = new Set<string>();
  /** The indexes the token may write to; the first is its default. */
  allowedIndexes = ['main', 'security'];
  /** Indexer acknowledgement on: success answers carry an ackId. */
  ack = false;
  private nextAck = 0;

  static async start(options: { tls?: { key: string; cert: string } } = {}): Promise<SplunkFake> {
    const fake = new SplunkFake();
    await fake.listen(options.tls);
    return fake;
  }

  protected answer(req: RecordedRequest): Reply {
    const failure = this.failures.shift();
    if (req.path === '/services/collector/health') {
      if (failure?.status === 'unhealthy') return json(503, { text: 'HEC is unhealthy, queues are full', code: 18 });
      if (failure) this.failures.unshift(failure);
      return json(200, { text: 'HEC is healthy', code: 17 });
    }
    if (req.path !== '/services/collector/event' && req.path !== '/services/collector') return json(404, { text: 'The requested URL was not found on this server.', code: 404 });
    const auth = req.headers.authorization;
    if (typeof auth !== 'string' || !auth) return json(401, { text: 'Token is required', code: 2 });
    const match = /^Splunk (\S+)$/.exec(auth);
    if (!match) return json(401, { text: 'Invalid authorization', code: 3 });
    if (this.disabledTokens.has(match[1]!)) return json(403, { text: 'Token disabled', code: 1 });
    if (match[1] !== this.token) return json(403, { text: 'Invalid token', code: 4 });
    if (failure?.status === 503) return json(503, { text: 'Server is busy', code: 9 }, failure.retryAfterSeconds !== undefined ? { 'retry-after': String(failure.retryAfterSeconds) } : {});
    if (failure?.status === 500) return json(500, { text: 'Internal server error', code: 8 });
    const parsed = parseConcatenated(req.body);
    if (parsed.length === 0) return json(400, { text: 'No data', code: 5 });
    const accepted: HecEvent[] = [];
    for (const [i, item] of parsed.entries()) {
      if (!item || typeof item !== 'object' || Array.isArray(item)) return json(400, { text: 'Invalid data format', code: 6, 'invalid-event-number': i });
      const e = item as Partial<HecEvent>;
      if (!('event' in e)) return json(400, { text: 'Event field is required', code: 12, 'invalid-event-number': i });
      if (e.index !== undefined && !this.allowedIndexes.includes(e.index)) return json(400, { text: 'Incorrect index', code: 7, 'invalid-event-number': i });
      accepted.push({ ...e, index: e.index ?? this.allowedIndexes[0] } as HecEvent);
    }
    this.events.push(...accepted);
    return json(200, this.ack ? { text: 'Success', code: 0, ackId: this.nextAck++ } : { text: 'Success', code: 0 });
  }
}

/** HEC's body: JSON objects one after another, with or without whitespace between them. */
function parseConcatenated(body: string): unknown[] {
  const out: unknown[] = [];
  let depth = 0;
  let start = -1;
  let inString = false;
  for (let i = 0; i < body.length; i++) {
    const c = body[i]!;
    if (inString) {
      if (c === '\\') i++;
      else if (c === '"') inString = false;
      continue;
    }
    if (c === '"') inString = true;
    else if (c === '{') {
      if (depth++ === 0) start = i;
    } else if (c === '}' && --depth === 0) {
      try {
        out.push(JSON.parse(body.slice(start, i + 1)));
      } catch {
        out.push(null);
      }
    } else if (depth === 0 && !/\s/.test(c)) out.push(null);
  }
  return out;
}

// ------------------------------------------------------------------ Sumo Logic

export type SumoFailure = { status: 429; retryAfterSeconds?: number } | { status: 503 | 504 };

/**
 * A Sumo Logic HTTP Logs & Metrics source: `POST /receiver/v1/http/<token>`, one log message per
 * line; 200 with an empty body. An unknown token answers 401, a deleted source 404, throttling
 * 429 (with Retry-After when the fake is told to), an outage 503/504.
 */
export class SumoFake extends FakeReceiver<SumoFailure> {
  readonly messages: { line: Record<string, unknown>; category: string | null; name: string | null; host: string | null }[] = [];
  token = 'ZaVnC4dhaV2b_hjV5uE1KcxZ9q_HeraldTest00==';
  deletedTokens = new Set<string>();

  static async start(): Promise<SumoFake> {
    const fake = new SumoFake();
    await fake.listen();
    return fake;
  }

  get sourceUrl(): string {
    return `${this.origin}/receiver/v1/http/${this.token}`;
  }

  protected answer(req: RecordedRequest): Reply {
    const match = /^\/receiver\/v1\/http\/([^/]+)$/.exec(req.path);
    if (!match || req.method !== 'POST') return { status: 404, body: '' };
    if (this.deletedTokens.has(match[1]!)) return { status: 404, body: '' };
    if (match[1] !== this.token) return { status: 401, body: '' };
    const failure = this.failures.shift();
    if (failure?.status === 429) return { status: 429, body: '', headers: failure.retryAfterSeconds !== undefined ? { 'retry-after': String(failure.retryAfterSeconds) } : {} };
    if (failure) return { status: failure.status, body: '<html><body>Service Unavailable</body></html>', headers: { 'content-type': 'text/html' } };
    const header = (name: string) => (typeof req.headers[name] === 'string' ? (req.headers[name] as string) : null);
    for (const line of req.body.split('\n').filter((l) => l.trim())) {
      this.messages.push({ line: JSON.parse(line) as Record<string, unknown>, category: header('x-sumo-category'), name: header('x-sumo-name'), host: header('x-sumo-host') });
    }
    return { status: 200, body: '' };
  }
}

// ------------------------------------------------------------------ InsightConnect

export type InsightConnectFailure = { status: 429; retryAfterSeconds?: number } | { status: 500 | 502 | 503 };

/**
 * A Rapid7 InsightConnect API trigger: `POST /connect/v1/workflows/<id>/events/execute`, starting
 * one job per event and answering 200 with its `rrn` and `job_id`. A trigger that requires a key
 * answers 401 without a valid X-API-Key; an inactive or deleted workflow 404.
 */
export class InsightConnectFake extends FakeReceiver<InsightConnectFailure> {
  readonly jobs: { job_id: string; event: Record<string, unknown> }[] = [];
  workflowId = '5d5f1a2b-3c4d-4e5f-8a9b-0c1d2e3f4a5b';
  /** Null: the trigger does not require a key. */
  apiKey: string | null = 'a1b2c3d4-e5f6-4711-8899-aabbccddeeff';
  active = true;

  static async start(): Promise<InsightConnectFake> {
    const fake = new InsightConnectFake();
    await fake.listen();
    return fake;
  }

  get triggerUrl(): string {
    return `${this.origin}/connect/v1/workflows/${this.workflowId}/events/execute`;
  }

  protected answer(req: RecordedRequest): Reply {
    const match = /^\/connect\/v1\/workflows\/([^/]+)\/events\/execute$/.exec(req.path);
    if (!match || match[1] !== this.workflowId || !this.active) return json(404, { message: 'Workflow not found or not active' });
    if (this.apiKey !== null) {
      const key = req.headers['x-api-key'];
      if (key !== this.apiKey) return json(401, { message: 'Unauthorized' });
    }
    const failure = this.failures.shift();
    if (failure?.status === 429) return json(429, { message: 'Too Many Requests' }, failure.retryAfterSeconds !== undefined ? { 'retry-after': String(failure.retryAfterSeconds) } : {});
    if (failure) return json(failure.status, { message: 'Internal Server Error' });
    let event: Record<string, unknown>;
    try {
      event = JSON.parse(req.body) as Record<string, unknown>;
    } catch {
      return json(400, { message: 'Request body is not valid JSON' });
    }
    const job_id = `0f6b${String(this.jobs.length + 1).padStart(4, '0')}-1a2b-4c3d-9e8f-7a6b5c4d3e2f`;
    this.jobs.push({ job_id, event });
    return json(200, { rrn: `rrn:icon:us:44d88612-fea8-a8f3-6de8-2e1278abb02f:workflow_job:${job_id}`, job_id, status: 'QUEUED' });
  }
}
