import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { z } from 'zod';
import type { EmailSettings, TestReport } from '../../main/contract/index.js';
import { EmailInputSchema } from '../../main/contract/index.js';
import { Engine } from '../../main/engine/engine.js';
import { closedPort } from '../support/receiver.js';
import { SMTP_PASSWORD, SMTP_USER, SmtpSink } from '../support/smtp.js';
import { localCertificate } from '../support/tls.js';
import { tempDir } from '../support/world.js';

/** Email Test it against a real SMTP server in plain, STARTTLS and implicit-TLS modes. */
describe('email: Check connection and Send test email', () => {
  let dir: ReturnType<typeof tempDir>;
  let engine: Engine;
  let cert: { key: string; cert: string };
  let plain: SmtpSink;
  let starttls: SmtpSink;
  let implicit: SmtpSink;

  beforeAll(async () => {
    dir = tempDir();
    engine = new Engine({ dataDir: dir.path, version: 'test', mode: 'browser' });
    cert = await localCertificate();
    [plain, starttls, implicit] = await Promise.all([
      SmtpSink.start({ auth: true }),
      SmtpSink.start({ auth: true, starttls: true, tls: cert }),
      SmtpSink.start({ auth: true, secure: true, tls: cert }),
    ]);
  });
  afterAll(async () => {
    await Promise.all([plain.close(), starttls.close(), implicit.close()]);
    await engine.close();
    dir.remove();
  });

  type EmailInput = z.input<typeof EmailInputSchema>;
  const settings = (port: number, over: Partial<EmailSettings> = {}): EmailInput => ({
    kind: 'email',
    name: 'Corporate SMTP',
    is_active: true,
    settings: {
      host: '127.0.0.1',
      port,
      security: 'none',
      require_tls: true,
      auth: true,
      username: SMTP_USER,
      from_address: 'alerts@example.com',
      from_name: 'Herald alerts',
      reply_to: 'secops@example.com',
      signature: 'Security Operations · ext. 4242',
      ca_pem: '',
      allow_self_signed: false,
      connection_timeout_ms: 3000,
      greeting_timeout_ms: 2000,
      ...over,
    },
    secrets: { password: SMTP_PASSWORD },
  });
  const run = (input: EmailInput, sendTo?: string) =>
    engine.test(undefined, EmailInputSchema.parse(input), sendTo ? { send_email: { to: sendTo, subject: 'Herald test', body: 'Hello from Herald' } } : {}) as Promise<TestReport>;
  const step = (r: TestReport, id: string) => r.steps.find((s) => s.id === id);

  it('checks a plain server: greeting banner, capabilities, AUTH; sends nothing', async () => {
    const report = await run(settings(plain.port));
    expect(report.ok, JSON.stringify(report.steps)).toBe(true);
    expect(report.steps.map((s) => [s.id, s.status])).toEqual([
      ['dns', 'skipped'],
      ['tcp', 'ok'],
      ['greeting', 'ok'],
      ['tls', 'skipped'],
      ['ehlo', 'ok'],
      ['auth', 'ok'],
    ]);
    expect(step(report, 'greeting')!.detail).toMatch(/Herald test SMTP/);
    expect(step(report, 'ehlo')!.detail).toMatch(/AUTH PLAIN LOGIN/);
    expect(plain.messages).toHaveLength(0);
    // The transcript is there, and the password is not.
    expect(report.transcript!.some((l) => l.startsWith('S: 220'))).toBe(true);
    expect(report.transcript!.join('\n')).not.toContain(SMTP_PASSWORD);
    expect(report.transcript!.join('\n')).not.toContain(Buffer.from(`\u0000${SMTP_USER}\u0000${SMTP_PASSWORD}`).toString('base64'));
  });

  it('upgrades with STARTTLS, trusting a custom CA, and reports the TLS version and certificate', async () => {
    const report = await run(settings(starttls.port, { security: 'starttls', ca_pem: cert.cert }));
    expect(report.ok, JSON.stringify(report.steps)).toBe(true);
    expect(step(report, 'tls')).toMatchObject({ status: 'ok' });
    expect(step(report, 'tls')!.detail).toMatch(/STARTTLS: TLSv1\.[23], certificate for herald-test\.local/);
  });

  it('speaks implicit TLS (port 465 style) and delivers a test email with From, sender name, Reply-To and signature', async () => {
    const report = await run(settings(implicit.port, { security: 'tls', ca_pem: cert.cert }), 'soc@example.com');
    expect(report.ok, JSON.stringify(report.steps)).toBe(true);
    expect(step(report, 'send')!.detail).toMatch(/Test email sent to soc@example.com/);
    expect(report.details!.message_id).toMatch(/^<.+>$/);
    expect(report.details!.server_reply).toMatch(/^250/);
    const [message] = implicit.messages;
    expect(message!.envelope.to).toEqual(['soc@example.com']);
    expect(message!.mail.from!.value[0]).toEqual({ address: 'alerts@example.com', name: 'Herald alerts' });
    expect(message!.mail.replyTo!.value[0]!.address).toBe('secops@example.com');
    expect(message!.mail.subject).toBe('Herald test');
    expect(message!.mail.text).toContain('Hello from Herald');
    expect(message!.mail.text).toContain('Security Operations · ext. 4242');
  });

  it('explains 535 with the app-password hint and never sends', async () => {
    const report = await run({ ...settings(plain.port), secrets: { password: 'wrong-password' } }, 'soc@example.com');
    expect(report.ok).toBe(false);
    expect(step(report, 'auth')).toMatchObject({ status: 'failed' });
    expect(report.summary).toMatch(/Authentication failed \(535\)/);
    expect(report.hint).toMatch(/app password/);
    expect(step(report, 'send')).toBeUndefined();
  });

  it('explains a rejected recipient (550) and a temporary failure (4xx)', async () => {
    const rejected = await run(settings(plain.port), 'nobody@example.com');
    expect(step(rejected, 'send')).toMatchObject({ status: 'failed' });
    expect(step(rejected, 'send')!.detail).toMatch(/rejected the recipient \(550\)/);
    expect(step(rejected, 'send')!.detail).toMatch(/User unknown/);
    const greylisted = await run(settings(plain.port), 'greylist@example.com');
    expect(step(greylisted, 'send')!.detail).toMatch(/Temporary failure \(451\)/);
    expect(step(greylisted, 'send')!.hint).toMatch(/later/);
  });

  it('explains a self-signed certificate, and lets "allow self-signed" through with a warning', async () => {
    const strict = await run(settings(implicit.port, { security: 'tls' }));
    expect(step(strict, 'tls')).toMatchObject({ status: 'failed' });
    expect(strict.hint).toMatch(/CA/);
    const lenient = await run(settings(implicit.port, { security: 'tls', allow_self_signed: true }));
    expect(lenient.ok).toBe(true);
    expect(step(lenient, 'tls')).toMatchObject({ status: 'warning' });
  });

  it('explains the wrong port for implicit TLS, and a TLS port spoken to in plain', async () => {
    const tlsOnPlain = await run(settings(plain.port, { security: 'tls' }));
    expect(step(tlsOnPlain, 'tls')).toMatchObject({ status: 'failed' });
    expect(tlsOnPlain.hint).toMatch(/465/);
    const plainOnTls = await run(settings(implicit.port, { security: 'starttls' }));
    expect(step(plainOnTls, 'greeting')).toMatchObject({ status: 'failed' });
    expect(plainOnTls.hint).toMatch(/SSL\/TLS/);
  });

  it('fails when STARTTLS is required but not offered, instead of sending in clear', async () => {
    const report = await run(settings(plain.port, { security: 'starttls', require_tls: true }));
    expect(report.ok).toBe(false);
    expect(step(report, 'tls')).toMatchObject({ status: 'failed' });
    expect(report.summary).toMatch(/does not offer STARTTLS/);
  });

  it('explains a refused connection at the TCP step', async () => {
    const report = await run(settings(await closedPort()));
    expect(step(report, 'tcp')).toMatchObject({ status: 'failed' });
    expect(report.summary).toMatch(/refused/);
  });

  it('rejects header injection and names the field', () => {
    const bad = EmailInputSchema.safeParse({ ...settings(25), settings: { ...settings(25).settings, from_name: 'Herald\r\nBcc: victim@example.com' } });
    expect(bad.success).toBe(false);
    expect(bad.error!.issues[0]).toMatchObject({ path: ['settings', 'from_name'], message: expect.stringMatching(/line breaks/) as unknown });
    const noLogin = EmailInputSchema.safeParse({ ...settings(25), settings: { ...settings(25).settings, username: '' } });
    expect(noLogin.error!.issues[0]).toMatchObject({ path: ['settings', 'username'] });
    const badAddress = EmailInputSchema.safeParse({ ...settings(25), settings: { ...settings(25).settings, reply_to: 'secops' } });
    expect(badAddress.error!.issues[0]!.message).toMatch(/name@example.com/);
  });

  it('stores the password encrypted and shows it masked', () => {
    const created = engine.createIntegration(EmailInputSchema.parse(settings(plain.port)));
    expect(created.secrets.password).toEqual({ is_set: true, masked: '••••••••7d6c' });
    const raw = engine.repo.db.prepare('SELECT secrets FROM integrations WHERE id = ?').get(created.id) as { secrets: string };
    expect(raw.secrets).not.toContain(SMTP_PASSWORD);
  });
});
