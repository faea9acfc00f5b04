import type { AddressInfo } from 'node:net';
import { simpleParser, type AddressObject, type ParsedMail } from 'mailparser';
import { generate } from 'selfsigned';
import { SMTPServer, type SMTPServerDataStream, type SMTPServerSession } from 'smtp-server';
import { MAX_CAPTURES, rollChaos, type Capture, type ChaosConfig, type RandomSource, type SandboxReceiver } from './types.js';
import type { EmailFields } from '../../contract/index.js';

/**
 * The sandbox SMTP inbox (issue 7): a real SMTP server (smtp-server) on 127.0.0.1 that keeps
 * every message it receives, parsed by mailparser, so the console can render it and export it.
 * Optional AUTH (PLAIN/LOGIN against one username and password) and STARTTLS with a
 * certificate generated once per inbox and never written to disk.
 */

export type SmtpAttachment = EmailFields['attachments'][number];

export interface SmtpCapture extends Capture, EmailFields {
  receiver: 'smtp';
}

export interface SmtpInboxOptions {
  /** With credentials, AUTH is required and checked; without, AUTH is optional and anyone gets in. */
  auth?: { username: string; password: string };
  /** Offer STARTTLS (default true). */
  starttls?: boolean;
  /** Largest accepted message in bytes (default 25 MB); larger ones get 552. */
  sizeLimit?: number;
  random?: RandomSource;
}

export const DEFAULT_SMTP_SIZE_LIMIT = 25 * 1024 * 1024;
const DEFAULT_CHAOS_SMTP_CODE = 451;
const DEFAULT_CHAOS_DELAY_MS = 3000;
const BANNER = 'Herald sandbox inbox';

type Injected = SmtpCapture['injected'];

export class SmtpInbox implements SandboxReceiver<SmtpCapture> {
  readonly kind = 'smtp' as const;
  private server: SMTPServer | null = null;
  private starting: Promise<void> | null = null;
  private boundPort: number | null = null;
  private certificate: { key: string; cert: string } | null = null;
  private readonly list: SmtpCapture[] = [];
  private readonly rawById = new Map<string, Buffer>();
  private readonly listeners = new Set<(capture: SmtpCapture) => void>();
  private chaos: ChaosConfig | null = null;
  /** DATA replies held by `timeout` chaos, answered (421) on stop so the server can close. */
  private readonly held = new Map<string, (error?: Error) => void>();
  private readonly delays = new Set<NodeJS.Timeout>();
  private sequence = 0;
  private readonly random: RandomSource;

  constructor(private readonly options: SmtpInboxOptions = {}) {
    this.random = options.random ?? Math.random;
  }

  private get sizeLimit(): number {
    return this.options.sizeLimit ?? DEFAULT_SMTP_SIZE_LIMIT;
  }

  get address(): string | null {
    return this.boundPort === null ? null : `smtp://127.0.0.1:${this.boundPort}`;
  }

  get port(): number | null {
    return this.boundPort;
  }

  /** The inbox's self-signed certificate (PEM), for the email integration's CA field; null before the first start. */
  get certificatePem(): string | null {
    return this.certificate?.cert ?? null;
  }

  start(port = 0): Promise<void> {
    if (this.server) return Promise.resolve();
    // Idempotent also while a start is in flight.
    this.starting ??= this.listen(port).finally(() => {
      this.starting = null;
    });
    return this.starting;
  }

  async stop(): Promise<void> {
    if (this.starting) await this.starting.catch(() => undefined);
    const server = this.server;
    if (!server) return;
    this.server = null;
    this.boundPort = null;
    for (const timer of this.delays) clearTimeout(timer);
    this.delays.clear();
    for (const release of this.held.values()) release(Object.assign(new Error('Sandbox inbox shutting down'), { responseCode: 421 }));
    this.held.clear();
    const closed = new Promise<void>((resolve) => server.close(() => resolve()));
    // Idle pooled clients would keep the server open for smtp-server's 30 s grace period.
    for (const connection of server.connections) {
      connection.send(421, 'Sandbox inbox shutting down');
      connection.close();
    }
    await closed;
  }

  captures(): SmtpCapture[] {
    return [...this.list];
  }

  clear(): void {
    this.list.length = 0;
    this.rawById.clear();
  }

  setChaos(chaos: ChaosConfig | null): void {
    this.chaos = chaos && chaos.rate > 0 && chaos.modes.length > 0 ? { ...chaos, modes: [...chaos.modes] } : null;
  }

  onCapture(listener: (capture: SmtpCapture) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** The message bytes exactly as received, for a .eml export; null when unknown or evicted. */
  eml(id: string): Buffer | null {
    return this.rawById.get(id) ?? null;
  }

  private async listen(port: number): Promise<void> {
    const starttls = this.options.starttls ?? true;
    if (starttls) this.certificate ??= await localCertificate();
    const auth = this.options.auth;
    const server = new SMTPServer({
      banner: BANNER,
      logger: false,
      size: this.sizeLimit,
      ...(this.certificate && starttls ? { key: this.certificate.key, cert: this.certificate.cert } : {}),
      disabledCommands: starttls ? [] : ['STARTTLS'],
      authMethods: ['PLAIN', 'LOGIN'],
      authOptional: !auth,
      // A sandbox on loopback: the "security: none" integration must be able to log in too.
      allowInsecureAuth: true,
      onAuth: (credentials, _session, callback) => {
        if (!auth) return callback(null, { user: credentials.username });
        if (credentials.username === auth.username && credentials.password === auth.password) return callback(null, { user: credentials.username });
        callback(Object.assign(new Error('5.7.8 Authentication credentials invalid'), { responseCode: 535 }));
      },
      onData: (stream, session, callback) => this.receive(stream, session, callback),
      // A client that gave up on a held reply is gone; forget its callback.
      onClose: (session) => {
        this.held.delete(session.id);
      },
    });
    // Client resets and TLS errors surface here; one bad client must not crash the engine.
    server.on('error', () => undefined);
    await new Promise<void>((resolve, reject) => {
      const onError = (error: Error) => reject(error);
      server.server.once('error', onError);
      server.listen(port, '127.0.0.1', () => {
        server.server.off('error', onError);
        resolve();
      });
    });
    this.server = server;
    this.boundPort = (server.server.address() as AddressInfo).port;
  }

  private receive(stream: SMTPServerDataStream, session: SMTPServerSession, callback: (error?: Error | null) => void): void {
    const chunks: Buffer[] = [];
    stream.on('data', (chunk: Buffer) => chunks.push(chunk));
    stream.on('end', () => {
      // smtp-server only measures; refusing is ours. An oversized message is not kept.
      if (stream.sizeExceeded) return callback(Object.assign(new Error(`5.3.4 Message exceeds the sandbox limit of ${this.sizeLimit} bytes`), { responseCode: 552 }));
      const raw = Buffer.concat(chunks);
      const injected = this.roll();
      void simpleParser(raw).then(
        (mail) => this.answer(session.id, injected, this.record(raw, mail, session, injected), callback),
        // Unparseable mail is still mail the client sent: accept it as a bare capture.
        () => this.answer(session.id, injected, this.record(raw, null, session, injected), callback),
      );
    });
  }

  private answer(sessionId: string, injected: Injected, capture: SmtpCapture, callback: (error?: Error | null) => void): void {
    const chaos = this.chaos;
    if (injected === 'status') {
      const code = chaos?.status ?? DEFAULT_CHAOS_SMTP_CODE;
      const message = `${code >= 500 ? '5.3.0' : '4.3.0'} Sandbox chaos: injected failure`;
      capture.reply = { code, message };
      return callback(Object.assign(new Error(message), { responseCode: code }));
    }
    if (injected === 'timeout') {
      // Never answer: the client's own socket timeout decides.
      this.held.set(sessionId, callback);
      return;
    }
    capture.reply = { code: 250, message: 'OK: message queued' };
    if (injected === 'slow') {
      const timer = setTimeout(() => {
        this.delays.delete(timer);
        callback();
      }, chaos?.delay_ms ?? DEFAULT_CHAOS_DELAY_MS);
      this.delays.add(timer);
      return;
    }
    callback();
  }

  private roll(): Injected {
    return rollChaos(this.chaos, this.random);
  }

  private record(raw: Buffer, mail: ParsedMail | null, session: SMTPServerSession, injected: Injected): SmtpCapture {
    const id = `smtp-${Date.now().toString(36)}-${(++this.sequence).toString(36)}`;
    const user = session.user as unknown;
    const capture: SmtpCapture = {
      id,
      at: new Date().toISOString(),
      receiver: 'smtp',
      injected,
      envelope: { from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '', to: session.envelope.rcptTo.map((r) => r.address) },
      headers: mail ? mail.headerLines.map((line) => headerPair(line.line)) : [],
      subject: mail?.subject ?? '',
      from: mail?.from?.text ?? '',
      to: addresses(mail?.to),
      date: mail?.date && !Number.isNaN(mail.date.getTime()) ? mail.date.toISOString() : null,
      text: mail?.text ?? '',
      html: mail && typeof mail.html === 'string' ? mail.html : null,
      attachments: (mail?.attachments ?? []).map((a) => ({ filename: a.filename ?? null, content_type: a.contentType, size: a.size, content_base64: a.content.toString('base64') })),
      raw: raw.toString('utf8'),
      size: raw.length,
      session: {
        secure: session.secure,
        // The server never listens in implicit TLS, so any TLS here came from STARTTLS.
        starttls: session.secure,
        user: typeof user === 'string' ? user : null,
        helo: session.hostNameAppearsAs ?? '',
        transmission: session.transmissionType ?? '',
      },
      reply: null,
    };
    this.list.push(capture);
    this.rawById.set(id, raw);
    while (this.list.length > MAX_CAPTURES) this.rawById.delete(this.list.shift()!.id);
    for (const listener of this.listeners) listener(capture);
    return capture;
  }
}

/** "Subject: Hello\r\n world" → ["Subject", "Hello world"] (unfolded, as received otherwise). */
function headerPair(line: string): [string, string] {
  const colon = line.indexOf(':');
  if (colon < 0) return [line.trim(), ''];
  return [line.slice(0, colon).trim(), line.slice(colon + 1).replace(/\r?\n[ \t]+/g, ' ').trim()];
}

function addresses(field: AddressObject | AddressObject[] | undefined): string[] {
  if (!field) return [];
  const list = Array.isArray(field) ? field : [field];
  return list.flatMap((group) => group.value.flatMap((a) => (a.group ? a.group.map((g) => g.address ?? '') : [a.address ?? '']))).filter(Boolean);
}

/** A certificate for 127.0.0.1 and localhost, made in memory when the inbox first starts. */
async function localCertificate(): Promise<{ key: string; cert: string }> {
  const pems = await generate([{ name: 'commonName', value: '127.0.0.1' }], {
    keySize: 2048,
    algorithm: 'sha256',
    extensions: [
      // A CA so the email integration can trust it by pasting it into its CA field.
      { name: 'basicConstraints', cA: true },
      { name: 'keyUsage', digitalSignature: true, keyEncipherment: true, keyCertSign: true },
      { name: 'extKeyUsage', serverAuth: true },
      { name: 'subjectAltName', altNames: [{ type: 7, ip: '127.0.0.1' }, { type: 2, value: 'localhost' }] },
    ],
  } as Parameters<typeof generate>[1]);
  return { key: pems.private, cert: pems.cert };
}
