import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A local SMS gateway of the common kind: `POST|PUT /api/send` with the number and text in a
 * JSON (`{"to","text"}`), form (`to=…&text=…`) or plain body (`?to=` in the query), or `GET
 * /api/send?to=…&text=…`. It checks the credentials it is given (bearer, basic or a header):
 * 401 `{"error":"unauthorized"}`; a number that is not E.164 digits is 400 `{"error":"invalid_number"}`;
 * 200 `{"status":"queued","id":…}` on success. Like many real gateways it can also answer 200 with
 * an error in the body (`{"status":"error","message":"insufficient balance"}`).
 */
export type SmsFakeAuth = { kind: 'none' } | { kind: 'bearer'; token: string } | { kind: 'basic'; user: string; password: string } | { kind: 'header'; name: string; value: string };

export interface SmsSent {
  method: string;
  to: string;
  text: string;
}

export interface RecordedSmsRequest {
  method: string;
  path: string;
  query: Record<string, string>;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

type Failure = { status: 429; retryAfterSeconds: number } | { status: 500 | 503 } | { status: 'ok-with-error' };

export class SmsFake {
  readonly requests: RecordedSmsRequest[] = [];
  readonly sent: SmsSent[] = [];
  /** Numbers the operator refuses for good (400 invalid_number). */
  readonly unreachable = new Set<string>(['+15005550001']);
  /** Numbers whose account has no balance: 200 with an error in the body. */
  readonly broke = new Set<string>(['+447700900999']);
  private failures: Failure[] = [];

  private constructor(
    private readonly server: Server,
    public auth: SmsFakeAuth,
  ) {}

  static async start(auth: SmsFakeAuth = { kind: 'bearer', token: 'sms-test-token-0001' }): Promise<SmsFake> {
    const holder: { fake?: SmsFake } = {};
    const server = createServer((req, res) => void holder.fake!.handle(req, res));
    holder.fake = new SmsFake(server, auth);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return holder.fake;
  }

  get url(): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/api/send`;
  }

  failNext(count: number, failure: Failure): void {
    for (let i = 0; i < count; i++) this.failures.push(failure);
  }

  close(): Promise<void> {
    this.server.closeAllConnections();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }

  private authorized(req: IncomingMessage): boolean {
    const a = this.auth;
    if (a.kind === 'none') return true;
    if (a.kind === 'bearer') return req.headers.authorization === `Bearer ${a.token}`;
    if (a.kind === 'basic') return req.headers.authorization === `Basic ${Buffer.from(`${a.user}:${a.password}`).toString('base64')}`;
    return req.headers[a.name.toLowerCase()] === a.value;
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const body = Buffer.concat(chunks).toString('utf8');
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const query = Object.fromEntries(url.searchParams);
    this.requests.push({ method: req.method ?? 'GET', path: url.pathname, query, headers: req.headers, body });
    const json = (status: number, value: unknown, headers: Record<string, string> = {}) => {
      res.writeHead(status, { 'content-type': 'application/json', ...headers });
      res.end(JSON.stringify(value));
    };
    const failure = this.failures.shift();
    if (failure) {
      if (failure.status === 429) return json(429, { error: 'rate_limited' }, { 'retry-after': String(failure.retryAfterSeconds) });
      if (failure.status === 'ok-with-error') return json(200, { status: 'error', message: 'insufficient balance' });
      return json(failure.status, { error: 'internal_error' });
    }
    if (url.pathname !== '/api/send') return json(404, { error: 'not_found' });
    if (!['GET', 'POST', 'PUT'].includes(req.method ?? '')) return json(405, { error: 'method_not_allowed' });
    if (!this.authorized(req)) return json(401, { error: 'unauthorized' });

    let to = query.to ?? '';
    let text = query.text ?? '';
    const type = String(req.headers['content-type'] ?? '');
    if (req.method !== 'GET') {
      if (type.startsWith('application/json')) {
        try {
          const parsed = JSON.parse(body) as { to?: unknown; text?: unknown };
          to = String(parsed.to ?? '');
          text = String(parsed.text ?? '');
        } catch {
          return json(400, { error: 'invalid_json' });
        }
      } else if (type.startsWith('application/x-www-form-urlencoded')) {
        const form = new URLSearchParams(body);
        to = form.get('to') ?? '';
        text = form.get('text') ?? '';
      } else text = body;
    }
    if (!/^\+\d{8,15}$/.test(to) || this.unreachable.has(to)) return json(400, { error: 'invalid_number', to });
    if (!text) return json(400, { error: 'empty_text' });
    if (this.broke.has(to)) return json(200, { status: 'error', message: 'insufficient balance' });
    this.sent.push({ method: req.method ?? 'GET', to, text });
    return json(200, { status: 'queued', id: `msg-${this.sent.length}` });
  }
}
