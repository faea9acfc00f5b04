import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { MAX_CAPTURES, rollChaos, type Capture, type ChaosConfig, type RandomSource, type SandboxReceiver } from './types.js';
import type { RequestFields } from '../../contract/index.js';

/**
 * The webhook bin (issue 7): an HTTP receiver on 127.0.0.1 that accepts any method on any path,
 * records the request exactly as it arrived and answers with a configurable response — or, in
 * Chaos mode, with an injected failure.
 */

/** Headers that carry a webhook token; the console highlights the one a request used. */
export const TOKEN_HEADERS = ['X-Herald-Authentication', 'X-CodeScoring-Authentication', 'Authorization'] as const;

/** A request body larger than this is refused with 413 (what arrived up to the limit is kept). */
export const DEFAULT_MAX_BODY_BYTES = 10 * 1024 * 1024;
/** All captured bodies together stay under this; the oldest captures go first. */
export const DEFAULT_MAX_STORED_BYTES = 64 * 1024 * 1024;

export const DEFAULT_CHAOS_STATUS = 503;
export const DEFAULT_CHAOS_DELAY_MS = 3000;
/** Seconds sent in Retry-After with an injected 429, short so a demo's retry comes quickly. */
export const CHAOS_RETRY_AFTER_S = 1;

export interface BinResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
  delay_ms: number;
}

export const DEFAULT_RESPONSE: BinResponse = {
  status: 200,
  headers: { 'content-type': 'application/json' },
  body: '{"accepted":true}',
  delay_ms: 0,
};

export interface WebhookCapture extends Capture, RequestFields {
  receiver: 'webhook';
  remote_port: number | null;
}

export interface WebhookBinOptions {
  /** Seeds the chaos coin (tests pass a seeded PRNG). */
  random?: RandomSource;
  /** When a capture happened; the app may pass its (possibly compressed) clock. */
  now?: () => number;
  maxBodyBytes?: number;
  maxCaptures?: number;
  maxStoredBytes?: number;
}

export class WebhookBin implements SandboxReceiver<WebhookCapture> {
  readonly kind = 'webhook' as const;
  private server: Server | null = null;
  private starting: Promise<void> | null = null;
  private boundPort: number | null = null;
  private list: WebhookCapture[] = [];
  private storedBytes = 0;
  private nextId = 1;
  private listeners = new Set<(capture: WebhookCapture) => void>();
  private chaos: ChaosConfig | null = null;
  private reply: BinResponse = { ...DEFAULT_RESPONSE, headers: { ...DEFAULT_RESPONSE.headers } };
  /** Slow and delayed answers still waiting, so stop() can cancel them. */
  private pendingTimers = new Set<NodeJS.Timeout>();
  private readonly random: RandomSource;
  private readonly now: () => number;
  private readonly maxBodyBytes: number;
  private readonly maxCaptures: number;
  private readonly maxStoredBytes: number;

  constructor(options: WebhookBinOptions = {}) {
    this.random = options.random ?? Math.random;
    this.now = options.now ?? Date.now;
    this.maxBodyBytes = options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
    this.maxCaptures = options.maxCaptures ?? MAX_CAPTURES;
    this.maxStoredBytes = options.maxStoredBytes ?? DEFAULT_MAX_STORED_BYTES;
  }

  get port(): number | null {
    return this.boundPort;
  }

  get address(): string | null {
    return this.boundPort === null ? null : `http://127.0.0.1:${this.boundPort}`;
  }

  start(port = 0): Promise<void> {
    if (this.server) return Promise.resolve();
    if (this.starting) return this.starting;
    const server = createServer((req, res) => this.handle(req, res));
    this.starting = new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, '127.0.0.1', () => {
        server.off('error', reject);
        this.server = server;
        this.boundPort = (server.address() as AddressInfo).port;
        resolve();
      });
    }).finally(() => (this.starting = null));
    return this.starting;
  }

  async stop(): Promise<void> {
    if (this.starting) await this.starting.catch(() => undefined);
    const server = this.server;
    if (!server) return;
    this.server = null;
    this.boundPort = null;
    for (const timer of this.pendingTimers) clearTimeout(timer);
    this.pendingTimers.clear();
    const closed = new Promise<void>((resolve) => server.close(() => resolve()));
    // Also drops the sockets a `timeout` is holding open: they would keep close() waiting forever.
    server.closeAllConnections();
    await closed;
  }

  captures(): WebhookCapture[] {
    return [...this.list];
  }

  clear(): void {
    this.list = [];
    this.storedBytes = 0;
  }

  setChaos(chaos: ChaosConfig | null): void {
    if (!chaos) {
      this.chaos = null;
      return;
    }
    const rate = Math.min(1, Math.max(0, Number.isFinite(chaos.rate) ? chaos.rate : 0));
    this.chaos = { ...chaos, rate, modes: chaos.modes.length > 0 ? [...chaos.modes] : ['status'] };
  }

  /** The answer to every request that chaos leaves alone; fields not given keep their value. */
  setResponse(response: Partial<BinResponse>): void {
    this.reply = { ...this.reply, ...response, headers: { ...(response.headers ?? this.reply.headers) } };
  }

  get response(): BinResponse {
    return { ...this.reply, headers: { ...this.reply.headers } };
  }

  onCapture(listener: (capture: WebhookCapture) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private handle(req: IncomingMessage, res: ServerResponse): void {
    const chunks: Buffer[] = [];
    let size = 0;
    let truncated = false;
    req.on('data', (chunk: Buffer) => {
      if (truncated) return; // drained and dropped: the client is told 413 once it finishes
      if (size + chunk.length > this.maxBodyBytes) {
        chunks.push(chunk.subarray(0, this.maxBodyBytes - size));
        size = this.maxBodyBytes;
        truncated = true;
        return;
      }
      chunks.push(chunk);
      size += chunk.length;
    });
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      const injected = truncated ? null : this.rollChaos();
      this.record(req, body, size, truncated, injected);
      if (truncated) return this.answer(res, { status: 413, headers: { 'content-type': 'application/json', connection: 'close' }, body: '{"error":"payload too large"}', delay_ms: 0 });
      switch (injected) {
        case 'timeout':
          return; // hold the socket until the client gives up (or stop() drops it)
        case 'status':
          return this.answer(res, this.chaosStatusResponse());
        case 'slow':
          return this.answer(res, { ...this.reply, delay_ms: this.chaos?.delay_ms ?? DEFAULT_CHAOS_DELAY_MS });
        default:
          return this.answer(res, this.reply);
      }
    });
    req.on('error', () => undefined); // a client that hangs up mid-body is simply not recorded
  }

  private rollChaos(): WebhookCapture['injected'] {
    return rollChaos(this.chaos, this.random);
  }

  private chaosStatusResponse(): BinResponse {
    const status = this.chaos?.status ?? DEFAULT_CHAOS_STATUS;
    const headers: Record<string, string> = { 'content-type': 'application/json' };
    if (status === 429) headers['retry-after'] = String(CHAOS_RETRY_AFTER_S);
    return { status, headers, body: JSON.stringify({ error: 'injected by the Herald sandbox (chaos)', status }), delay_ms: 0 };
  }

  private answer(res: ServerResponse, response: BinResponse): void {
    const send = () => {
      if (res.destroyed) return;
      res.writeHead(response.status, response.headers);
      res.end(response.body);
    };
    if (response.delay_ms <= 0) return send();
    const timer = setTimeout(() => {
      this.pendingTimers.delete(timer);
      send();
    }, response.delay_ms);
    this.pendingTimers.add(timer);
  }

  private record(req: IncomingMessage, body: string, size: number, truncated: boolean, injected: WebhookCapture['injected']): void {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const headers: [string, string][] = [];
    for (let i = 0; i + 1 < req.rawHeaders.length; i += 2) headers.push([req.rawHeaders[i]!, req.rawHeaders[i + 1]!]);
    const tokenHeader = headers.find(([name, value]) => value !== '' && TOKEN_HEADERS.some((t) => t.toLowerCase() === name.toLowerCase()));
    let status: number | null;
    if (truncated) status = 413;
    else if (injected === 'timeout') status = null;
    else if (injected === 'status') status = this.chaos?.status ?? DEFAULT_CHAOS_STATUS;
    else status = this.reply.status;
    const capture: WebhookCapture = {
      id: String(this.nextId++),
      at: new Date(this.now()).toISOString(),
      receiver: 'webhook',
      injected,
      method: req.method ?? '',
      path: url.pathname,
      query: [...url.searchParams.entries()],
      headers,
      body,
      size,
      truncated,
      remote_port: req.socket.remotePort ?? null,
      token_header: tokenHeader ? tokenHeader[0] : null,
      status,
    };
    const json = parseJson(body, req.headers['content-type']);
    if (json.ok) capture.json = json.value;
    this.keep(capture);
    for (const listener of this.listeners) {
      try {
        listener(capture);
      } catch {
        /* a broken listener must not break the receiver */
      }
    }
  }

  /** Newest last; the oldest go when either the count or the byte budget is exceeded. */
  private keep(capture: WebhookCapture): void {
    this.list.push(capture);
    this.storedBytes += capture.size;
    while (this.list.length > 0 && (this.list.length > this.maxCaptures || (this.storedBytes > this.maxStoredBytes && this.list.length > 1))) {
      this.storedBytes -= this.list.shift()!.size;
    }
  }
}

/** JSON when the content type says so or the text looks like an object or array. */
function parseJson(body: string, contentType: string | undefined): { ok: true; value: unknown } | { ok: false } {
  const trimmed = body.trim();
  const looksJson = trimmed.startsWith('{') || trimmed.startsWith('[');
  if (trimmed === '' || (!looksJson && !/json/i.test(contentType ?? ''))) return { ok: false };
  try {
    return { ok: true, value: JSON.parse(trimmed) as unknown };
  } catch {
    return { ok: false };
  }
}
