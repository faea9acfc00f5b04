import type { AddressInfo } from 'node:net';
import { simpleParser, type ParsedMail } from 'mailparser';
import { SMTPServer, type SMTPServerOptions } from 'smtp-server';

export const SMTP_USER = 'alerts@example.com';
export const SMTP_PASSWORD = 'app-password-9f8e7d6c';

/** A real SMTP server (smtp-server) on 127.0.0.1 that parses every accepted message. */
export class SmtpSink {
  readonly messages: { envelope: { from: string; to: string[] }; mail: ParsedMail; raw: string }[] = [];
  /** The AUTH mechanism of every login, e.g. PLAIN or LOGIN. */
  readonly logins: string[] = [];
  private constructor(private readonly server: SMTPServer) {}

  static async start(options: { secure?: boolean; starttls?: boolean; auth?: boolean; tls?: { key: string; cert: string }; port?: number; greylistOnce?: boolean; authMethods?: string[]; acceptToken?: (user: string, token: string) => boolean }): Promise<SmtpSink> {
    const greylisted = new Set<string>();
    // onData needs the sink, which needs the server: the closure reads it once both exist.
    const holder: { sink?: SmtpSink } = {};
    const config: SMTPServerOptions = {
      secure: options.secure ?? false,
      ...(options.tls ? { key: options.tls.key, cert: options.tls.cert } : {}),
      disabledCommands: [...(options.starttls === false || !options.tls ? ['STARTTLS'] : []), ...(options.auth ? [] : ['AUTH'])],
      authMethods: options.authMethods ?? ['PLAIN', 'LOGIN'],
      allowInsecureAuth: true,
      banner: 'Herald test SMTP',
      logger: false,
      onAuth(auth, _session, callback) {
        holder.sink!.logins.push(auth.method);
        if (auth.method === 'XOAUTH2') {
          // As Exchange Online does: a refused bearer token gets the SASL error challenge, then 535.
          if (options.acceptToken?.(auth.username ?? '', auth.accessToken ?? '')) return callback(null, { user: auth.username });
          return callback(null, { data: { status: '401', schemes: 'bearer', scope: 'https://outlook.office365.com/.default' } });
        }
        if (auth.username === SMTP_USER && auth.password === SMTP_PASSWORD) return callback(null, { user: auth.username });
        const error = Object.assign(new Error('Authentication credentials invalid'), { responseCode: 535 });
        return callback(error);
      },
      onRcptTo(address, _session, callback) {
        if (address.address.startsWith('nobody@')) return callback(Object.assign(new Error('5.1.1 <' + address.address + '>: Recipient address rejected: User unknown'), { responseCode: 550 }));
        // greylistOnce: deferred the first time, accepted on the retry, as real greylisting does.
        const deferAgain = !options.greylistOnce || !greylisted.has(address.address);
        if (address.address.startsWith('greylist@') && deferAgain) {
          greylisted.add(address.address);
          return callback(Object.assign(new Error('4.7.1 Greylisted, try again later'), { responseCode: 451 }));
        }
        callback();
      },
      onData(stream, session, callback) {
        const chunks: Buffer[] = [];
        stream.on('data', (c: Buffer) => chunks.push(c));
        stream.on('end', () => {
          const raw = Buffer.concat(chunks).toString('utf8');
          void simpleParser(raw).then((mail) => {
            holder.sink!.messages.push({
              envelope: { from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '', to: session.envelope.rcptTo.map((r) => r.address) },
              mail,
              raw,
            });
            callback();
          }, callback);
        });
      },
    };
    const server = new SMTPServer(config);
    server.on('error', () => undefined);
    const sink = new SmtpSink(server);
    holder.sink = sink;
    await new Promise<void>((resolve) => server.listen(options.port ?? 0, '127.0.0.1', () => resolve()));
    return sink;
  }

  get port(): number {
    return ((this.server as unknown as { server: { address(): AddressInfo } }).server.address()).port;
  }

  close(): Promise<void> {
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}
