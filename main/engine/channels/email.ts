import { lookup } from 'node:dns/promises';
import { isIP } from 'node:net';
import type { TLSSocket } from 'node:tls';
import { format } from 'node:util';
import nodemailer from 'nodemailer';
import SMTPConnection from 'nodemailer/lib/smtp-connection';
import { EMAIL_TEMPLATE_KINDS, EmailActionParamsSchema, HeraldError, type EmailSettings, type FieldIssue, type FailureClass, type RecipientProgress, type RecordedRequest, type TestReport, type TestStep } from '../../contract/index.js';
import { describeCert, openTcp, withTimeout } from '../net/diagnose.js';
import { createAgent, REQUEST_BODY_CAP, RESPONSE_EXCERPT_CAP, type HttpExchange } from '../net/http.js';
import { forgetToken, getToken, GRAPH_SCOPE, graphMessage, graphRequest, M365Error, sendMailUrl, SMTP_SCOPE, tokenRoles, tokenStep, type M365Runtime } from './m365.js';
import { explainNetworkError, errorCode } from '../net/errors.js';
import { renderDigestEmail, renderEventEmail, validateTemplate, type RenderedEmail } from '../templates.js';
import type { Channel, ChannelRuntime, DeliveryItem, ItemSession, Secrets, Target, TestOptions } from './types.js';

/**
 * SMTP (seeds 000–002): Check connection walks DNS → TCP → greeting → TLS → EHLO → AUTH and
 * shows each; Send test email goes through nodemailer. Events reach email only through rule
 * actions, which name the recipients; each delivery is one message (or one scan digest).
 */

interface SmtpFailure {
  step: 'dns' | 'tcp' | 'greeting' | 'tls' | 'ehlo' | 'auth' | 'send';
  message: string;
  hint: string;
  temporary: boolean;
}

/** Hands nodemailer an Entra ID token when it asks; `renew` after the server refused the last one. */
export type TokenProvider = (renew: boolean) => Promise<string>;

export function smtpOptions(settings: EmailSettings, secrets: Secrets, logger?: (line: string) => void, tokenProvider?: TokenProvider): SMTPConnection.Options {
  const tlsOptions: Record<string, unknown> = { rejectUnauthorized: !settings.allow_self_signed, minVersion: 'TLSv1.2' };
  if (settings.ca_pem) tlsOptions.ca = [settings.ca_pem];
  return {
    host: settings.host,
    port: settings.port,
    secure: settings.security === 'tls',
    requireTLS: settings.security === 'starttls' && settings.require_tls,
    ignoreTLS: settings.security === 'none',
    connectionTimeout: settings.connection_timeout_ms,
    greetingTimeout: settings.greeting_timeout_ms,
    socketTimeout: Math.max(settings.connection_timeout_ms, 30_000),
    name: 'herald.local',
    tls: tlsOptions,
    ...(settings.auth ? { auth: settings.auth_method === 'oauth2' ? xoauth2Auth(settings, tokenProvider) : { user: settings.username, pass: secrets.password ?? '' } } : {}),
    ...(logger ? { logger: transcriptLogger(logger, secrets.password), transactionLog: true } : { logger: false }),
  } as SMTPConnection.Options;
}

/** nodemailer's OAuth2 auth: no stored token, so it calls provisionCallback (ours) for each new one. */
function xoauth2Auth(settings: EmailSettings, tokenProvider: TokenProvider | undefined) {
  return {
    type: 'OAuth2',
    user: settings.username,
    provisionCallback: (_user: string, renew: boolean, callback: (error: Error | null, token?: string) => void) => {
      if (!tokenProvider) return callback(new Error('No Entra ID token source for XOAUTH2'));
      tokenProvider(renew).then((token) => callback(null, token), (error: Error) => callback(error));
    },
  };
}

/** The SASL XOAUTH2 initial response: user and bearer token, ^A-separated, base64. */
function xoauth2Client(user: string, token: string) {
  return {
    getToken: (_renew: boolean, callback: (error: Error | null, token?: string) => void) => callback(null, token),
    buildXOAuth2Token: (accessToken: string) => Buffer.from(`user=${user}\x01auth=Bearer ${accessToken}\x01\x01`, 'utf8').toString('base64'),
  };
}

/** nodemailer logs the SMTP conversation through a bunyan-style logger; keep its lines, minus secrets. */
function transcriptLogger(push: (line: string) => void, password: string | null | undefined) {
  const redact = (line: string) => {
    let out = line;
    if (password) {
      out = out.split(password).join('••••••••');
      out = out.split(Buffer.from(password).toString('base64')).join('••••••••');
    }
    // AUTH PLAIN/LOGIN payloads are base64 of the credentials: never show them.
    return out.replace(/^(C: AUTH (?:PLAIN|LOGIN|XOAUTH2)) \S+/i, '$1 ••••••••').replace(/^C: (?!AUTH|EHLO|HELO|MAIL|RCPT|DATA|QUIT|STARTTLS|RSET|NOOP)[A-Za-z0-9+/=]{8,}$/, 'C: ••••••••');
  };
  const log = (...args: unknown[]) => {
    const [meta, ...rest] = args;
    const tnx = typeof meta === 'object' && meta !== null ? (meta as { tnx?: string }).tnx : undefined;
    // tnx tells who spoke: 'server' and 'client' are the SMTP conversation, the rest is context.
    const prefix = tnx === 'server' ? 'S: ' : tnx === 'client' ? 'C: ' : tnx === 'network' || tnx === 'smtp' ? '* ' : null;
    if (!prefix || rest.length === 0) return;
    const text = format(...(rest as [string, ...unknown[]]));
    for (const line of text.split(/\r?\n/)) if (line) push(redact(prefix + line));
  };
  return { trace: log, debug: log, info: log, warn: () => undefined, error: () => undefined, fatal: () => undefined };
}

export function explainSmtpError(error: unknown, settings: Pick<EmailSettings, 'host' | 'port' | 'security' | 'greeting_timeout_ms'> & Partial<Pick<EmailSettings, 'auth_method'>>): SmtpFailure {
  const e = error as { code?: string; responseCode?: number; response?: string; command?: string; message?: string };
  const code = errorCode(error) ?? e.code ?? '';
  const reply = e.response ? ` The server said: "${e.response}".` : '';
  // Asked for STARTTLS because TLS is required, and the server refused or lacks it.
  if (e.code === 'ETLS' || e.command === 'STARTTLS' || /STARTTLS/i.test(e.message ?? '')) {
    return {
      step: 'tls', temporary: false,
      message: 'The server does not offer STARTTLS, and "Require TLS" is on, so nothing was sent in clear.',
      hint: 'Use SSL/TLS on port 465 if the server has it; turn "Require TLS" off only on a trusted network.',
    };
  }
  if (settings.auth_method === 'oauth2' && (e.responseCode === 535 || e.code === 'EAUTH')) {
    return {
      step: 'auth', temporary: false,
      message: `The server refused the Entra ID token (AUTH XOAUTH2).${reply}`,
      hint: 'Give the app the SMTP.SendAsApp application permission (Office 365 Exchange Online) with admin consent, register its service principal in Exchange Online and grant it access to this mailbox, and turn on authenticated SMTP for the mailbox.',
    };
  }
  if (e.responseCode === 535 || (e.code === 'EAUTH' && /535/.test(e.response ?? ''))) {
    return {
      step: 'auth', temporary: false,
      message: `Authentication failed (535): the server rejected the login and password.${reply}`,
      hint: 'Check the login and password. Gmail, Outlook/Microsoft 365, Yandex and Mail.ru require an app password when two-step sign-in is on; the account password will not work.',
    };
  }
  if (e.code === 'EAUTH') {
    return { step: 'auth', temporary: false, message: `Authentication failed: ${e.message ?? 'rejected'}.${reply}`, hint: 'Check that the server supports AUTH on this port (often only after STARTTLS) and that login and password are right.' };
  }
  if (e.code === 'EENVELOPE' && e.responseCode && e.responseCode >= 500) {
    return {
      step: 'send', temporary: false,
      message: `The server rejected the recipient (${e.responseCode}).${reply}`,
      hint: 'Check the address. Many servers only relay to their own domain, or to others only after authentication.',
    };
  }
  if (e.responseCode && e.responseCode >= 400 && e.responseCode < 500) {
    return { step: e.command === 'AUTH PLAIN' || e.command === 'AUTH LOGIN' ? 'auth' : 'send', temporary: true, message: `Temporary failure (${e.responseCode}).${reply}`, hint: 'The server asked to try again later (greylisting, rate limit or a full mailbox); Herald retries on its schedule.' };
  }
  if (e.responseCode && e.responseCode >= 500) {
    return { step: 'send', temporary: false, message: `The server refused the message (${e.responseCode}).${reply}`, hint: 'This is permanent; read the server\'s reply above for the reason.' };
  }
  if (code === 'ERR_SSL_WRONG_VERSION_NUMBER' || /wrong version number|packet length too long/i.test(e.message ?? '')) {
    return { step: 'tls', temporary: false, message: 'The server did not answer with TLS: this port speaks plain SMTP.', hint: 'SSL/TLS (implicit) is for port 465; on ports 587 and 25 choose STARTTLS.' };
  }
  if (/greeting/i.test(e.message ?? '')) {
    return {
      step: 'greeting', temporary: true,
      message: `Connected, but the server sent no SMTP greeting within ${settings.greeting_timeout_ms / 1000} s.`,
      hint: settings.security !== 'tls' ? 'Port 465 usually expects SSL/TLS from the first byte: choose SSL/TLS. Otherwise check that this is an SMTP port.' : 'Check that this is an SMTP port and the server is not overloaded.',
    };
  }
  const net = explainNetworkError(error, { host: settings.host, port: settings.port });
  if (net.step === 'tls' || /certificate|self.signed/i.test(e.message ?? '')) {
    return {
      step: 'tls', temporary: false,
      message: net.step === 'tls' ? net.message : `TLS failed: ${e.message}.`,
      hint: 'For an internal server, paste its CA under "Custom CA certificate"; "Allow self-signed" also works but lets anyone in the middle read your mail.',
    };
  }
  return { step: net.step === 'dns' ? 'dns' : net.step === 'http' ? 'send' : 'tcp', temporary: net.classification === 'transient', message: net.message, hint: net.hint };
}

async function checkConnection(target: Target<EmailSettings>, options: TestOptions = {}, runtime?: M365Runtime): Promise<TestReport> {
  const settings = target.settings;
  const m365 = runtime ?? { dispatcher: createAgent(settings.connection_timeout_ms), userAgent: 'Herald' };
  const startedAt = new Date();
  const t0 = performance.now();
  const steps: TestStep[] = [];
  const transcript: string[] = [];
  const details: Record<string, string> = {};
  const finish = (): TestReport => {
    const failed = steps.find((s) => s.status === 'failed');
    return {
      ok: !failed,
      summary: failed ? failed.detail : options.send_email ? 'Test email sent.' : 'Connection, TLS and login work. No email was sent.',
      ...(failed?.hint ? { hint: failed.hint } : {}),
      steps,
      transcript,
      details,
      started_at: startedAt.toISOString(),
      total_ms: Math.round(performance.now() - t0),
    };
  };
  const since = () => performance.now();
  const ms = (from: number) => Math.round(performance.now() - from);
  const fail = (f: SmtpFailure, duration: number | null) => steps.push({ id: f.step, label: LABEL[f.step], status: 'failed', duration_ms: duration, detail: f.message, hint: f.hint });

  // DNS and TCP on their own, so a refused port is told apart from an SMTP problem.
  let address = settings.host;
  let t = since();
  if (isIP(settings.host)) steps.push({ id: 'dns', label: LABEL.dns, status: 'skipped', duration_ms: 0, detail: `${settings.host} is an IP address; no lookup needed.` });
  else {
    try {
      const found = await withTimeout(lookup(settings.host, { all: true }), settings.connection_timeout_ms, 'ETIMEDOUT');
      address = found[0]!.address;
      steps.push({ id: 'dns', label: LABEL.dns, status: 'ok', duration_ms: ms(t), detail: `${settings.host} → ${found.map((a) => a.address).join(', ')}` });
    } catch (error) {
      fail(explainSmtpError(error, settings), ms(t));
      return finish();
    }
  }
  t = since();
  try {
    await openTcp(address, settings.port, settings.connection_timeout_ms);
    steps.push({ id: 'tcp', label: LABEL.tcp, status: 'ok', duration_ms: ms(t), detail: `Connected to ${address}:${settings.port}` });
  } catch (error) {
    fail(explainSmtpError(error, settings), ms(t));
    return finish();
  }

  // Greeting, TLS and EHLO through nodemailer's SMTP client.
  const connection = new SMTPConnection(smtpOptions(settings, target.secrets, (line) => transcript.push(line)));
  // Some failures arrive as 'error' events rather than through the callback.
  const failed = new Promise<never>((_resolve, reject) => connection.once('error', reject));
  failed.catch(() => undefined);
  t = since();
  try {
    await Promise.race([new Promise<void>((resolve, reject) => connection.connect((err) => (err ? reject(err) : resolve()))), failed]);
  } catch (error) {
    const f = explainSmtpError(error, settings);
    const banner = transcript.find((l) => l.startsWith('S: 220'));
    if (banner && f.step !== 'greeting') steps.push({ id: 'greeting', label: LABEL.greeting, status: 'ok', duration_ms: null, detail: banner.slice(3) });
    fail(f, ms(t));
    connection.close();
    return finish();
  }
  const banner = transcript.find((l) => l.startsWith('S: 220'))?.slice(3) ?? '(no banner recorded)';
  steps.push({ id: 'greeting', label: LABEL.greeting, status: 'ok', duration_ms: ms(t), detail: banner });
  details.banner = banner;

  // nodemailer keeps the (possibly upgraded) socket and the EHLO capabilities on the instance.
  const internals = connection as unknown as { secure: boolean; _socket?: TLSSocket; _supportedExtensions?: string[]; _supportedAuth?: string[] };
  if (internals.secure && internals._socket?.getPeerCertificate) {
    const socket = internals._socket;
    const cert = socket.getPeerCertificate();
    const described = describeCert(cert && Object.keys(cert).length ? cert : null);
    details.tls = `${socket.getProtocol() ?? 'TLS'}, ${described}`;
    steps.push({
      id: 'tls',
      label: LABEL.tls,
      status: socket.authorized ? 'ok' : 'warning',
      duration_ms: null,
      detail: `${settings.security === 'tls' ? 'SSL/TLS' : 'STARTTLS'}: ${details.tls}`,
      ...(socket.authorized ? {} : { hint: 'The certificate is not trusted, and "Allow self-signed" let it through. Prefer pasting the internal CA.' }),
    });
  } else {
    steps.push({
      id: 'tls',
      label: LABEL.tls,
      status: settings.security === 'none' ? 'skipped' : 'warning',
      duration_ms: null,
      detail: settings.security === 'none' ? 'Plain SMTP: mail and the password travel unencrypted.' : 'The server offered no STARTTLS; the session stayed unencrypted.',
      ...(settings.security === 'none' ? {} : { hint: 'Turn on "Require TLS" so this fails instead of sending in clear.' }),
    });
  }
  const extensions = internals._supportedExtensions ?? [];
  const authMethods = internals._supportedAuth ?? [];
  details.capabilities = [...extensions, ...(authMethods.length ? [`AUTH ${authMethods.join(' ')}`] : [])].join(', ');
  steps.push({ id: 'ehlo', label: LABEL.ehlo, status: 'ok', duration_ms: null, detail: `Capabilities: ${details.capabilities || 'none advertised'}` });

  if (settings.auth && settings.auth_method === 'oauth2') {
    // XOAUTH2: a token from Entra ID first (its own step, so a wrong secret is told apart from Exchange refusing the token).
    const { step, grant } = await tokenStep(settings, target.secrets, SMTP_SCOPE, m365);
    steps.push(step);
    if (!grant) {
      connection.close();
      return finish();
    }
    t = since();
    try {
      await Promise.race([
        new Promise<void>((resolve, reject) => connection.login({ user: settings.username, oauth2: xoauth2Client(settings.username, grant.token) } as unknown as SMTPConnection.Credentials, (err) => (err ? reject(err) : resolve()))),
        failed,
      ]);
      steps.push({ id: 'auth', label: LABEL.auth, status: 'ok', duration_ms: ms(t), detail: `AUTH XOAUTH2 accepted for ${settings.username}` });
    } catch (error) {
      fail({ ...explainSmtpError(error, settings), step: 'auth' }, ms(t));
      connection.close();
      return finish();
    }
  } else if (settings.auth) {
    t = since();
    try {
      await Promise.race([
        new Promise<void>((resolve, reject) => connection.login({ user: settings.username, pass: target.secrets.password ?? '' }, (err) => (err ? reject(err) : resolve()))),
        failed,
      ]);
      steps.push({ id: 'auth', label: LABEL.auth, status: 'ok', duration_ms: ms(t), detail: `Logged in as ${settings.username}` });
    } catch (error) {
      fail({ ...explainSmtpError(error, settings), step: 'auth' }, ms(t));
      connection.close();
      return finish();
    }
  } else {
    steps.push({ id: 'auth', label: LABEL.auth, status: 'skipped', duration_ms: 0, detail: 'SMTP authentication is off.' });
  }
  connection.quit();

  if (options.send_email) {
    t = since();
    const transport = nodemailer.createTransport(smtpOptions(settings, target.secrets, (line) => transcript.push(line), tokenProviderFor(settings, target.secrets, m365)));
    try {
      const info = await transport.sendMail({
        from: { name: settings.from_name, address: settings.from_address },
        replyTo: settings.reply_to,
        to: options.send_email.to,
        subject: options.send_email.subject,
        text: withSignature(options.send_email.body, settings.signature),
      });
      details.message_id = info.messageId;
      details.server_reply = info.response;
      const rejected = (info.rejected as unknown[]).map(String);
      steps.push({
        id: 'send',
        label: LABEL.send,
        status: rejected.length ? 'failed' : 'ok',
        duration_ms: ms(t),
        detail: rejected.length ? `Rejected recipients: ${rejected.join(', ')}` : `Test email sent to ${options.send_email.to}. Server reply: ${info.response}; message id ${info.messageId}`,
      });
    } catch (error) {
      fail({ ...explainSmtpError(error, settings), step: 'send' }, ms(t));
    } finally {
      transport.close();
    }
  }
  return finish();
}

export function withSignature(body: string, signature: string): string {
  return signature.trim() ? `${body}\n\n-- \n${signature.trim()}` : body;
}

const LABEL: Record<SmtpFailure['step'], string> = {
  dns: 'DNS',
  tcp: 'TCP connect',
  greeting: 'SMTP greeting',
  tls: 'TLS',
  ehlo: 'EHLO',
  auth: 'Authentication',
  send: 'Send test email',
};

/** How a failed send is classified: network and 4xx retry; 5xx is final; auth and TLS need a person. */
function classify(f: SmtpFailure): FailureClass {
  if (f.temporary) return 'transient';
  if (f.step === 'auth') return 'auth';
  if (f.step === 'tls' || f.step === 'greeting') return 'config';
  if (f.step === 'dns' || f.step === 'tcp') return 'transient';
  return 'permanent';
}

interface RejectedRecipientError {
  recipient?: string;
  responseCode?: number;
  response?: string;
}

/** Folds one send's accepted and rejected recipients into what earlier tries achieved. */
export function mergeProgress(before: RecipientProgress | null, accepted: readonly string[], rejectedErrors: readonly RejectedRecipientError[]): RecipientProgress {
  const acceptedSet = new Set([...(before?.accepted ?? []), ...accepted.map((a) => a.toLowerCase())]);
  const rejected = new Map<string, RecipientProgress['rejected'][number]>();
  for (const r of before?.rejected ?? []) if (!acceptedSet.has(r.address)) rejected.set(r.address, r);
  for (const e of rejectedErrors) {
    if (!e.recipient) continue;
    const address = e.recipient.toLowerCase();
    const code = e.responseCode ?? null;
    rejected.set(address, { address, code, message: e.response ?? 'rejected', permanent: code !== null && code >= 500 });
  }
  return { accepted: [...acceptedSet], rejected: [...rejected.values()] };
}

function describeRejections(list: RecipientProgress['rejected']): string {
  return list.map((r) => `${r.address} (${r.message})`).join('; ');
}

const failedExchange = (request: RecordedRequest, durationMs: number, error: unknown) => ({ request, response: null, error, duration_ms: durationMs });

/** The email a delivery sends: the scan digest when its action collected policy alerts, else one per event. */
export function renderDeliveryEmail(target: Pick<Target<EmailSettings>, 'name' | 'settings'>, item: Pick<DeliveryItem, 'event' | 'action' | 'digest_events'>): Promise<RenderedEmail> {
  const { settings } = target;
  const common = { integration_name: target.name, signature: settings.signature };
  if (item.action?.digest_event_ids) return renderDigestEmail(settings.templates.digest, { ...common, analysis: item.event, policies: item.digest_events });
  return renderEventEmail(settings.templates.event, { ...common, event: item.event });
}

/** Tokens for XOAUTH2 from the shared cache; a renewal (the server refused the last one) fetches a new one. */
function tokenProviderFor(settings: EmailSettings, secrets: Secrets, runtime: M365Runtime, onFailure?: (error: M365Error) => void): TokenProvider | undefined {
  if (!(settings.auth && settings.auth_method === 'oauth2')) return undefined;
  return async (renew) => {
    if (renew) forgetToken(settings, secrets, SMTP_SCOPE);
    try {
      return (await getToken(settings, secrets, SMTP_SCOPE, runtime, { fresh: renew })).grant.token;
    } catch (error) {
      if (error instanceof M365Error) onFailure?.(error);
      throw error;
    }
  };
}

function openSession(target: Target<EmailSettings>, runtime: ChannelRuntime): ItemSession {
  const { settings } = target;
  // The sign-in failure behind an XOAUTH2 error, which nodemailer reports only as EAUTH.
  let tokenFailure: M365Error | null = null;
  const provider = tokenProviderFor(settings, target.secrets, runtime, (error) => (tokenFailure = error));
  // One pooled connection per run: smtp-server and real relays greet slowly, messages are quick.
  const transport = nodemailer.createTransport({ ...smtpOptions(settings, target.secrets, undefined, provider), pool: true, maxConnections: 1, maxMessages: Infinity } as SMTPConnection.Options);
  const url = `${settings.security === 'tls' ? 'smtps' : 'smtp'}://${settings.host}:${settings.port}`;
  const from = { name: settings.from_name, address: settings.from_address };

  const render = (item: DeliveryItem) => renderDeliveryEmail(target, item);

  return {
    async send(item) {
      const parsed = EmailActionParamsSchema.safeParse(item.action?.params);
      const request: RecordedRequest = { method: 'SMTP', url, headers: {}, body: '', body_truncated: false };
      if (!parsed.success) {
        return { outcome: 'failed', error: 'This delivery has no valid recipients; edit the rule action that names this email integration.', classification: 'config', exchange: failedExchange(request, 0, null) };
      }
      const done = new Set([...(item.progress?.accepted ?? []), ...(item.progress?.rejected ?? []).filter((r) => r.permanent).map((r) => r.address)]);
      const to = parsed.data.recipients.filter((r) => !done.has(r));
      if (to.length === 0) return { outcome: 'delivered', exchange: failedExchange(request, 0, null), progress: item.progress ?? { accepted: [], rejected: [] } };

      let email: RenderedEmail;
      try {
        email = await render(item);
      } catch (error) {
        // Templates are checked at save time; this is a payload the checks did not foresee.
        return { outcome: 'failed', error: `The email template failed: ${(error as Error).message}. Fix it under the integration's Templates.`, classification: 'config', exchange: failedExchange(request, 0, error) };
      }
      request.headers = { from: `${settings.from_name} <${settings.from_address}>`, to: to.join(', '), 'reply-to': settings.reply_to, subject: email.subject };
      request.body = email.text.length > REQUEST_BODY_CAP ? email.text.slice(0, REQUEST_BODY_CAP) : email.text;
      request.body_truncated = email.text.length > REQUEST_BODY_CAP;

      const t0 = performance.now();
      try {
        const info = await transport.sendMail({
          from,
          replyTo: settings.reply_to,
          to,
          subject: email.subject,
          text: email.text,
          html: email.html,
          headers: { 'X-Herald-Event-Id': item.event.id, 'X-Herald-Trigger': item.event.trigger },
        });
        const duration = Math.round(performance.now() - t0);
        const infoWithErrors = info as typeof info & { rejectedErrors?: RejectedRecipientError[] };
        const progress = mergeProgress(item.progress, (info.accepted as unknown[]).map(String), infoWithErrors.rejectedErrors ?? []);
        const code = Number(/^\d{3}/.exec(info.response)?.[0] ?? 250);
        const exchange = {
          request,
          response: { status: code, headers: { 'message-id': info.messageId }, body_excerpt: info.response.slice(0, RESPONSE_EXCERPT_CAP), body_truncated: false },
          error: null,
          duration_ms: duration,
        };
        const deferred = progress.rejected.filter((r) => !r.permanent);
        const refused = progress.rejected.filter((r) => r.permanent);
        if (deferred.length) {
          return { outcome: 'failed', exchange, progress, error: `Temporarily rejected: ${describeRejections(deferred)}. Only they will be retried; ${progress.accepted.length} recipient(s) already accepted.`, classification: 'transient' };
        }
        if (refused.length) return { outcome: 'delivered', exchange, progress, note: { error: `Rejected for good, not retried: ${describeRejections(refused)}.`, classification: 'permanent' } };
        return { outcome: 'delivered', exchange, progress };
      } catch (error) {
        const duration = Math.round(performance.now() - t0);
        const e = error as { code?: string; rejectedErrors?: RejectedRecipientError[] };
        if (e.code === 'EENVELOPE' && e.rejectedErrors?.length) {
          const progress = mergeProgress(item.progress, [], e.rejectedErrors);
          const deferred = progress.rejected.filter((r) => !r.permanent);
          return deferred.length
            ? { outcome: 'failed', exchange: failedExchange(request, duration, error), progress, error: `Temporarily rejected: ${describeRejections(deferred)}. Herald retries on the schedule.`, classification: 'transient' }
            : { outcome: 'failed', exchange: failedExchange(request, duration, error), progress, error: `Every recipient was rejected: ${describeRejections(progress.rejected)}. Check the addresses; this is not retried.`, classification: 'permanent' };
        }
        const signIn = tokenFailure as M365Error | null;
        if (signIn) {
          tokenFailure = null;
          const { failure } = signIn;
          return { outcome: 'failed', exchange: signIn.exchange ?? failedExchange(request, duration, error), progress: item.progress ?? { accepted: [], rejected: [] }, error: `${failure.message} ${failure.hint}`, classification: failure.classification, ...(failure.retryAfterMs !== undefined ? { retryAfterMs: failure.retryAfterMs } : {}) };
        }
        const f = explainSmtpError(error, settings);
        return { outcome: 'failed', exchange: failedExchange(request, duration, error), progress: item.progress ?? { accepted: [], rejected: [] }, error: `${f.message} ${f.hint}`, classification: classify(f) };
      }
    },
    close() {
      transport.close();
    },
  };
}

export const emailChannel: Channel<EmailSettings> = {
  kind: 'email',
  mode: 'each',
  secretNames: ['password', 'client_secret'],
  // Email goes only where rule actions send it, to the recipients they name.
  wants: () => false,
  open: (target, runtime) => (target.settings.transport === 'graph' ? openGraphSession(target, runtime) : openSession(target, runtime)),
  test: (target, runtime, options) => (target.settings.transport === 'graph' ? testGraph(target, runtime, options) : checkConnection(target, options, runtime)),
  async preview(target, item) {
    const params = EmailActionParamsSchema.parse(item.action?.params ?? {});
    const email = await renderDeliveryEmail(target, item);
    const settings = target.settings;
    // The content is the same either way; the transport says which road it would take.
    const via =
      settings.transport === 'graph'
        ? { transport: 'graph' as const, endpoint: sendMailUrl(settings), oauth2: true }
        : { transport: 'smtp' as const, endpoint: `${settings.host}:${settings.port}`, oauth2: settings.auth && settings.auth_method === 'oauth2' };
    return { kind: 'email', from: `${settings.from_name} <${settings.from_address}>`, to: params.recipients, reply_to: settings.reply_to, subject: email.subject, text: email.text, html: email.html, via };
  },
  async checkSettings(settings) {
    const issues: FieldIssue[] = [];
    for (const kind of EMAIL_TEMPLATE_KINDS) {
      for (const issue of await validateTemplate(kind, settings.templates[kind])) issues.push({ path: `settings.templates.${kind}.${issue.path}`, message: issue.message });
    }
    return issues;
  },
  sandbox: { receiver: 'smtp-inbox' },
};

/**
 * Sends a message exactly as captured (the sandbox's "release"), to its original envelope
 * recipients, through this integration's SMTP server. Fails with the same plain-language
 * explanation Test it gives.
 */
export async function releaseRaw(settings: EmailSettings, secrets: Secrets, message: { raw: Buffer; envelope: { from: string; to: string[] } }, runtime?: M365Runtime): Promise<{ accepted: string[]; rejected: string[]; response: string }> {
  if (settings.transport === 'graph') {
    // Graph sends MIME as is: base64 of the message, as text/plain; recipients come from its To/Cc headers.
    const rt = runtime ?? { dispatcher: createAgent(Math.max(settings.connection_timeout_ms, 5000)), userAgent: 'Herald' };
    try {
      const { ex, failure } = await graphRequest(settings, secrets, { method: 'POST', url: sendMailUrl(settings), body: message.raw.toString('base64'), contentType: 'text/plain' }, rt);
      if (failure) throw new HeraldError('unavailable', `${failure.message} ${failure.hint}`);
      return { accepted: message.envelope.to, rejected: [], response: `${ex.response!.status} Accepted` };
    } catch (error) {
      if (error instanceof M365Error) throw new HeraldError('unavailable', `${error.failure.message} ${error.failure.hint}`);
      throw error;
    }
  }
  const rt = runtime ?? { dispatcher: createAgent(Math.max(settings.connection_timeout_ms, 5000)), userAgent: 'Herald' };
  let signIn: M365Error | null = null;
  const transport = nodemailer.createTransport(smtpOptions(settings, secrets, undefined, tokenProviderFor(settings, secrets, rt, (error) => (signIn = error))));
  try {
    // The From of the original stays in the headers; the envelope sender is this integration's, whose server accepts it.
    const info = await transport.sendMail({ envelope: { from: settings.from_address, to: message.envelope.to }, raw: message.raw });
    return { accepted: info.accepted.map(String), rejected: info.rejected.map(String), response: info.response };
  } catch (error) {
    // An XOAUTH2 sign-in failure is Entra ID's, not the SMTP server's.
    const failure = (signIn as M365Error | null)?.failure ?? explainSmtpError(error, settings);
    throw new HeraldError('unavailable', `${failure.message} ${failure.hint}`.trim());
  } finally {
    transport.close();
  }
}

// ------------------------------------------------------------------ Microsoft 365 (Graph API)

const unrecordedGraph = (url: string): HttpExchange => ({ request: { method: 'POST', url, headers: {}, body: '', body_truncated: false }, response: null, error: null, duration_ms: 0 });

/** Graph mode: one sendMail per delivery with a cached app-only token; the same recipients, templates and digests as SMTP. */
function openGraphSession(target: Target<EmailSettings>, runtime: ChannelRuntime): ItemSession {
  const { settings, secrets } = target;
  const url = sendMailUrl(settings);
  return {
    async send(item) {
      const parsed = EmailActionParamsSchema.safeParse(item.action?.params);
      if (!parsed.success) {
        return { outcome: 'failed', error: 'This delivery has no valid recipients; edit the rule action that names this email integration.', classification: 'config', exchange: unrecordedGraph(url) };
      }
      const done = new Set([...(item.progress?.accepted ?? []), ...(item.progress?.rejected ?? []).filter((r) => r.permanent).map((r) => r.address)]);
      const to = parsed.data.recipients.filter((r) => !done.has(r));
      if (to.length === 0) return { outcome: 'delivered', exchange: unrecordedGraph(url), progress: item.progress ?? { accepted: [], rejected: [] } };
      let email: RenderedEmail;
      try {
        email = await renderDeliveryEmail(target, item);
      } catch (error) {
        return { outcome: 'failed', error: `The email template failed: ${(error as Error).message}. Fix it under the integration's Templates.`, classification: 'config', exchange: unrecordedGraph(url) };
      }
      const body = JSON.stringify(graphMessage(settings, email, to, { 'X-Herald-Event-Id': item.event.id, 'X-Herald-Trigger': item.event.trigger }));
      const progress = item.progress ?? { accepted: [], rejected: [] };
      try {
        const { ex, failure } = await graphRequest(settings, secrets, { method: 'POST', url, body }, runtime);
        if (!failure) return { outcome: 'delivered', exchange: ex, progress: mergeProgress(item.progress, to, []) };
        return { outcome: 'failed', exchange: ex, progress, error: `${failure.message} ${failure.hint}`, classification: failure.classification, ...(failure.retryAfterMs !== undefined ? { retryAfterMs: failure.retryAfterMs } : {}) };
      } catch (error) {
        if (!(error instanceof M365Error)) throw error;
        const { failure } = error;
        return { outcome: 'failed', exchange: error.exchange ?? unrecordedGraph(url), progress, error: `${failure.message} ${failure.hint}`, classification: failure.classification, ...(failure.retryAfterMs !== undefined ? { retryAfterMs: failure.retryAfterMs } : {}) };
      }
    },
    close: () => undefined,
  };
}

const GRAPH_LABEL = { token: 'Access token', permission: 'Mail.Send permission', mailbox: 'Mailbox', send: 'Send test email' } as const;

/** Graph Test it: token → the token's application roles → the sender's mailbox → optionally a test message. */
async function testGraph(target: Target<EmailSettings>, runtime: ChannelRuntime, options: TestOptions = {}): Promise<TestReport> {
  const { settings, secrets } = target;
  const startedAt = new Date();
  const t0 = performance.now();
  const steps: TestStep[] = [];
  const transcript: string[] = [];
  const details: Record<string, string> = { tenant: settings.tenant_id, application: settings.client_id, mailbox: settings.from_address };
  // Test it opens its own connections, with the integration's own timeout.
  const rt: M365Runtime = { dispatcher: createAgent(Math.max(settings.connection_timeout_ms, 5000)), userAgent: runtime.userAgent, ...(runtime.now ? { now: runtime.now } : {}) };
  const finish = (): TestReport => {
    const failed = steps.find((s) => s.status === 'failed');
    return {
      ok: !failed,
      summary: failed ? failed.detail : options.send_email ? 'Microsoft Graph accepted the test email.' : 'Token, permission and mailbox check out. No email was sent.',
      ...(failed?.hint ? { hint: failed.hint } : {}),
      steps,
      transcript,
      details,
      started_at: startedAt.toISOString(),
      total_ms: Math.round(performance.now() - t0),
    };
  };
  const note = (ex: HttpExchange) => transcript.push(`${ex.request.method} ${ex.request.url} → ${ex.response ? ex.response.status : 'no response'}`);

  const { step, grant } = await tokenStep(settings, secrets, GRAPH_SCOPE, rt);
  transcript.push(`POST ${settings.login_base.replace(/\/+$/, '')}/${settings.tenant_id}/oauth2/v2.0/token (client_credentials, scope ${GRAPH_SCOPE}) → ${step.status === 'ok' ? 200 : 'refused'}`);
  steps.push(step);
  if (!grant) return finish();
  details.scope = grant.scope;
  details.expires_in = `${grant.expires_in} s`;

  // App-only tokens list the application permissions that have admin consent in `roles`.
  const roles = tokenRoles(grant.token);
  if (roles === null) {
    steps.push({ id: 'permission', label: GRAPH_LABEL.permission, status: 'skipped', duration_ms: 0, detail: 'The token is not a JWT, so Herald cannot read its permissions; the test email tells.' });
  } else if (roles.includes('Mail.Send')) {
    steps.push({ id: 'permission', label: GRAPH_LABEL.permission, status: 'ok', duration_ms: 0, detail: `The token carries the Mail.Send application permission (roles: ${roles.join(', ')}).` });
  } else {
    steps.push({
      id: 'permission',
      label: GRAPH_LABEL.permission,
      status: 'failed',
      duration_ms: 0,
      detail: `The token carries no Mail.Send application permission (roles: ${roles.join(', ') || 'none'}).`,
      hint: 'Grant the Mail.Send application permission (Microsoft Graph → Application permissions) and admin consent in Entra ID.',
    });
    return finish();
  }

  let t = performance.now();
  const lookup = await graphRequest(settings, secrets, { method: 'GET', url: `${settings.graph_base.replace(/\/+$/, '')}/users/${encodeURIComponent(settings.from_address)}?$select=displayName,mail,userPrincipalName` }, rt);
  note(lookup.ex);
  const took = Math.round(performance.now() - t);
  if (!lookup.failure) {
    let name = settings.from_address;
    try {
      const user = JSON.parse(lookup.ex.response!.body_excerpt) as { displayName?: string; mail?: string; userPrincipalName?: string };
      name = `${user.displayName ?? ''} <${user.mail ?? user.userPrincipalName ?? settings.from_address}>`.trim();
    } catch {
      // The status is enough.
    }
    steps.push({ id: 'mailbox', label: GRAPH_LABEL.mailbox, status: 'ok', duration_ms: took, detail: `Found the mailbox ${name}.` });
  } else if (lookup.ex.response?.status === 403) {
    // Looking a user up needs User.Read.All, which sending does not: not knowing is not a failure.
    steps.push({
      id: 'mailbox',
      label: GRAPH_LABEL.mailbox,
      status: 'warning',
      duration_ms: took,
      detail: `Herald may not look ${settings.from_address} up (that needs User.Read.All, which sending does not).`,
      hint: 'Send a test email to check the mailbox.',
    });
  } else {
    steps.push({ id: 'mailbox', label: GRAPH_LABEL.mailbox, status: 'failed', duration_ms: took, detail: lookup.failure.message, hint: lookup.failure.hint });
    return finish();
  }

  if (options.send_email) {
    t = performance.now();
    const html = `<pre style="font-family:inherit;white-space:pre-wrap">${escapeHtml(withSignature(options.send_email.body, settings.signature))}</pre>`;
    const sent = await graphRequest(settings, secrets, { method: 'POST', url: sendMailUrl(settings), body: JSON.stringify(graphMessage(settings, { subject: options.send_email.subject, html }, [options.send_email.to])) }, rt);
    note(sent.ex);
    if (sent.failure) steps.push({ id: 'send', label: GRAPH_LABEL.send, status: 'failed', duration_ms: Math.round(performance.now() - t), detail: sent.failure.message, hint: sent.failure.hint });
    else {
      details.server_reply = `${sent.ex.response!.status} Accepted`;
      steps.push({ id: 'send', label: GRAPH_LABEL.send, status: 'ok', duration_ms: Math.round(performance.now() - t), detail: `Graph accepted the test email to ${options.send_email.to} (${sent.ex.response!.status} Accepted); Exchange Online delivers it shortly.` });
    }
  }
  return finish();
}

const escapeHtml = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
