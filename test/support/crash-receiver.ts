import { createServer, type Server } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

/**
 * The crash test's webhook receiver: a real HTTP server that reads each batch
 * (`{"events":[{created_at, trigger, payload}]}`), waits a few milliseconds so a kill can land
 * while the request is open, and answers 200.
 *
 * An event counts as *received* only once the 200 carrying it was written to the socket: a body
 * that arrived but was never answered (the sender died first) does not count, so an engine that
 * marked a batch delivered before it knew the answer could not pass for one that waits.
 * Every complete body is also counted as *seen*, the stricter measure for duplicates.
 */
export class CrashReceiver {
  /** key → times a complete body carrying it arrived. */
  readonly seen = new Map<string, number>();
  /** key → times a 200 carrying it was written. */
  readonly received = new Map<string, number>();
  requests = 0;
  answered = 0;
  /** Requests whose body arrived and whose answer is not written yet. */
  open = 0;
  /** Bodies that were not the webhook shape (should stay 0). */
  malformed = 0;
  /** Called with the request's number when a complete body arrived, before the delay. */
  onBody: (n: number) => void = () => undefined;
  /** Called with the request's number once its 200 was written. */
  onAnswered: (n: number) => void = () => undefined;
  private server: Server;
  private hold: Promise<void> | null = null;
  /** Connections whose other end closed (a killed engine's sockets are closed by its kernel). */
  private closed = new WeakSet<Socket>();

  private constructor(
    private readonly keyOf: (payload: Record<string, unknown>) => string,
    private readonly delayMs: () => number,
    private readonly token: string,
  ) {
    this.server = createServer((req, res) => {
      let body = '';
      req.setEncoding('utf8');
      req.on('data', (chunk: string) => (body += chunk));
      req.on('end', () => {
        let keys: string[];
        try {
          if (req.headers['x-herald-authentication'] !== this.token) throw new Error('wrong token');
          const parsed = JSON.parse(body) as { events: { trigger: string; payload: Record<string, unknown> }[] };
          keys = parsed.events.map((e) => this.keyOf(e.payload));
        } catch {
          this.malformed++;
          res.writeHead(400).end();
          return;
        }
        const n = ++this.requests;
        for (const k of keys) this.seen.set(k, (this.seen.get(k) ?? 0) + 1);
        this.open++;
        this.onBody(n);
        setTimeout(async () => {
          // Held answers wait until the sender is dead, then find their connection closed.
          while (this.hold) await this.hold;
          this.open--;
          // The sender is gone (killed): whatever is written now reaches nobody.
          if (res.destroyed || req.socket.destroyed || this.closed.has(req.socket)) return;
          res.on('finish', () => {
            this.answered++;
            for (const k of keys) this.received.set(k, (this.received.get(k) ?? 0) + 1);
            this.onAnswered(n);
          });
          res.writeHead(200, { 'content-type': 'text/plain' }).end('ok');
        }, this.delayMs());
      });
    });
    this.server.on('connection', (socket: Socket) => {
      socket.once('end', () => this.closed.add(socket));
      socket.once('close', () => this.closed.add(socket));
    });
  }

  static async start(options: { keyOf: (payload: Record<string, unknown>) => string; delayMs: () => number; token: string }): Promise<CrashReceiver> {
    const r = new CrashReceiver(options.keyOf, options.delayMs, options.token);
    await new Promise<void>((resolve) => r.server.listen(0, '127.0.0.1', resolve));
    return r;
  }

  url(path = '/crash'): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}${path}`;
  }

  /**
   * Answers nothing until `until` settles (the killed engine has exited) and the kernel has had
   * a moment to report its closed connections: a kill then lands while the request is open for sure.
   */
  holdAnswersUntil(until: Promise<unknown>): void {
    const hold: Promise<void> = until.then(() => new Promise<void>((r) => setTimeout(r, 20))).finally(() => {
      if (this.hold === hold) this.hold = null;
    });
    this.hold = hold;
  }

  /** Events seen more than once, counted once per extra copy. */
  duplicates(): number {
    let extra = 0;
    for (const n of this.seen.values()) extra += n - 1;
    return extra;
  }

  close(): Promise<void> {
    this.server.closeAllConnections();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}
