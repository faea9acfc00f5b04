import nodemailer from 'nodemailer';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { findTrigger } from '../../main/contract/catalogue.js';
import { EmailInputSchema, RuleInputSchema, type EmailSettings, type LogEntry, type TestReport } from '../../main/contract/index.js';
import type { VirtualClock } from '../../main/engine/clock.js';
import type { Engine } from '../../main/engine/engine.js';
import { SmtpInbox, type SmtpCapture } from '../../main/engine/sandbox/smtp-inbox.js';
import { advance, tempDir, virtualEngine } from '../support/world.js';

type EmailInput = z.input<typeof EmailInputSchema>;

const USER = 'herald@sandbox.local';
const PASSWORD = 'sandbox-pass-4711';

/** A small seeded PRNG (mulberry32), so a chaos run is the same every time. */
function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** The sandbox SMTP inbox receiving what Herald's real email channel sends (issue 7). */
describe('sandbox SMTP inbox', () => {
  let dir: ReturnType<typeof tempDir>;
  let engine: Engine;
  let clock: VirtualClock;
  let inboxes: SmtpInbox[] = [];

  beforeEach(() => {
    dir = tempDir();
    ({ engine, clock } = virtualEngine(dir.path));
  });
  afterEach(async () => {
    await engine.close();
    await Promise.all(inboxes.map((i) => i.stop()));
    inboxes = [];
    dir.remove();
  });

  async function inbox(options: ConstructorParameters<typeof SmtpInbox>[0] = { auth: { username: USER, password: PASSWORD } }): Promise<SmtpInbox> {
    const created = new SmtpInbox(options);
    inboxes.push(created);
    await created.start();
    return created;
  }

  /** Herald's email integration pointed at the inbox: STARTTLS required, trusting the inbox's certificate as its CA. */
  const emailInput = (box: SmtpInbox, over: Partial<EmailSettings> = {}, password = PASSWORD): EmailInput => ({
    kind: 'email',
    name: 'Sandbox inbox',
    is_active: true,
    settings: {
      host: '127.0.0.1',
      port: box.port!,
      security: 'starttls',
      require_tls: true,
      auth: true,
      username: USER,
      from_address: 'alerts@example.com',
      from_name: 'Herald alerts',
      reply_to: 'secops@example.com',
      signature: 'Security Operations · ext. 4242',
      ca_pem: box.certificatePem!,
      allow_self_signed: false,
      connection_timeout_ms: 3000,
      greeting_timeout_ms: 2000,
      ...over,
    },
    secrets: { password },
  });
  const example = (trigger: string) => structuredClone(findTrigger(trigger)!.example);

  it('captures an alert delivered by the email channel over STARTTLS + AUTH, with envelope, headers, html, text and session facts', async () => {
    const box = await inbox();
    expect(box.address).toBe(`smtp://127.0.0.1:${box.port}`);
    const live: SmtpCapture[] = [];
    box.onCapture((c) => live.push(c));
    const mail = await engine.handlers['integrations.create'](EmailInputSchema.parse(emailInput(box)));
    engine.createRule(RuleInputSchema.parse({ name: 'Policy alerts', triggers: ['sca_policy_has_been_triggered'], projects: [], actions: [{ integration_id: mail.id, params: { recipients: ['analyst@example.com', 'lead@example.com'] } }] }));
    const fired = engine.fireEvent({ trigger: 'sca_policy_has_been_triggered', payload: example('sca_policy_has_been_triggered') }, 'api');
    await advance(engine, clock, 5000);

    const attempt = engine.repo
      .logPage(undefined, 100)
      .flatMap((e: LogEntry) => (e.type === 'attempt' ? [e.attempt] : []))[0];
    expect(attempt).toMatchObject({ outcome: 'delivered', status_code: 250 });
    expect(box.captures()).toHaveLength(1);
    const [capture] = box.captures();
    expect(live).toEqual([capture]);
    expect(capture).toMatchObject({
      receiver: 'smtp',
      injected: null,
      envelope: { from: 'alerts@example.com', to: ['analyst@example.com', 'lead@example.com'] },
      to: ['analyst@example.com', 'lead@example.com'],
      from: '"Herald alerts" <alerts@example.com>',
      session: { secure: true, starttls: true, user: USER },
      reply: { code: 250 },
    });
    expect(capture!.session.transmission).toBe('ESMTPSA');
    expect(capture!.subject).toContain('SCA Policy has been triggered');
    expect(capture!.subject).toContain('payments-api');
    expect(capture!.text).toContain('Block critical CVEs in production');
    expect(capture!.text).toContain('Security Operations · ext. 4242');
    expect(capture!.html).toContain('Security Operations · ext. 4242');
    expect(capture!.date).toMatch(/^\d{4}-\d\d-\d\dT/);
    expect(capture!.headers).toContainEqual(['X-Herald-Event-ID', fired.event.id]);
    expect(capture!.headers.find(([name]) => name === 'Subject')![1]).toMatch(/^=\?UTF-8\?Q\?=5BHerald=5D_SCA_Policy/);
    // The .eml export is the message as received, and its header says what the capture says.
    const eml = box.eml(capture!.id)!.toString('utf8');
    expect(eml).toBe(capture!.raw);
    expect(eml).toMatch(/^X-Herald-Event-Id: /im);
    expect(box.eml('nope')).toBeNull();
  });

  it('captures a Test it email, and refuses a wrong password with 535', async () => {
    const box = await inbox();
    const run = (input: EmailInput, to?: string) =>
      engine.test(undefined, EmailInputSchema.parse(input), to ? { send_email: { to, subject: 'Herald test', body: 'Hello from Herald' } } : {}) as Promise<TestReport>;

    const report = await run(emailInput(box), 'soc@example.com');
    expect(report.ok, JSON.stringify(report.steps)).toBe(true);
    expect(report.steps.find((s) => s.id === 'tls')).toMatchObject({ status: 'ok' });
    expect(report.steps.find((s) => s.id === 'tls')!.detail).toMatch(/STARTTLS: TLSv1\.[23], certificate for 127\.0\.0\.1/);
    const [capture] = box.captures();
    expect(capture).toMatchObject({ subject: 'Herald test', envelope: { to: ['soc@example.com'] }, to: ['soc@example.com'], session: { starttls: true, user: USER } });
    expect(capture!.text).toContain('Hello from Herald');

    const refused = await run(emailInput(box, {}, 'wrong-password'), 'soc@example.com');
    expect(refused.ok).toBe(false);
    expect(refused.steps.find((s) => s.id === 'auth')).toMatchObject({ status: 'failed' });
    expect(refused.summary).toMatch(/Authentication failed \(535\)/);
    expect(box.captures()).toHaveLength(1);
  });

  it('without credentials AUTH is optional and STARTTLS can be off; attachments are kept; oversized mail gets 552', async () => {
    const box = await inbox({ starttls: false, sizeLimit: 64 * 1024 });
    expect(box.certificatePem).toBeNull();
    const transport = nodemailer.createTransport({ host: '127.0.0.1', port: box.port!, secure: false, ignoreTLS: true });
    await transport.sendMail({ from: 'a@example.com', to: 'b@example.com', subject: 'With a file', text: 'see attached', attachments: [{ filename: 'report.json', content: '{"ok":true}', contentType: 'application/json' }] });
    const [capture] = box.captures();
    expect(capture!.session).toMatchObject({ secure: false, starttls: false, user: null });
    expect(capture!.attachments).toEqual([{ filename: 'report.json', content_type: 'application/json', size: 11, content_base64: Buffer.from('{"ok":true}').toString('base64') }]);
    await expect(transport.sendMail({ from: 'a@example.com', to: 'b@example.com', subject: 'Too big', text: 'x'.repeat(100 * 1024) })).rejects.toMatchObject({ responseCode: 552 });
    expect(box.captures()).toHaveLength(1);
    transport.close();
    box.clear();
    expect(box.captures()).toEqual([]);
  });

  it('chaos at 0.3 over 1,000 messages: the injected share is within ±5 %, and the sender saw exactly those failures', async () => {
    const box = await inbox({ auth: { username: USER, password: PASSWORD }, starttls: false, random: seeded(7) });
    box.setChaos({ rate: 0.3, modes: ['status'], status: 451 });
    const transport = nodemailer.createTransport({
      pool: true,
      maxConnections: 4,
      maxMessages: Infinity,
      host: '127.0.0.1',
      port: box.port!,
      secure: false,
      // Plain SMTP with AUTH: nodemailer's pool reconnects after each refused message, and a TLS handshake each time would triple the run.
      ignoreTLS: true,
      auth: { user: USER, pass: PASSWORD },
    });
    const results = await Promise.allSettled(
      Array.from({ length: 1000 }, (_, i) => transport.sendMail({ from: 'alerts@example.com', to: 'soc@example.com', subject: `Alert ${i}`, text: `Alert body ${i}` })),
    );
    transport.close();
    const failed = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
    const captures = box.captures();
    const injected = captures.filter((c) => c.injected === 'status');
    expect(captures).toHaveLength(1000);
    expect(injected.length / 1000).toBeGreaterThanOrEqual(0.25);
    expect(injected.length / 1000).toBeLessThanOrEqual(0.35);
    expect(failed).toHaveLength(injected.length);
    expect(failed.every((r) => (r.reason as { responseCode?: number }).responseCode === 451)).toBe(true);
    expect(injected.every((c) => c.reply?.code === 451)).toBe(true);
    // The subjects that failed at the sender are exactly the ones the inbox marked.
    const failedSubjects = new Set(results.flatMap((r, i) => (r.status === 'rejected' ? [`Alert ${i}`] : [])));
    expect(new Set(injected.map((c) => c.subject))).toEqual(failedSubjects);
  }, 20_000);

  it('chaos slow delays the reply, timeout holds it until the client gives up, a 5xx status is permanent', async () => {
    const box = await inbox({ starttls: false });
    const transport = (socketTimeout?: number) => nodemailer.createTransport({ host: '127.0.0.1', port: box.port!, secure: false, ignoreTLS: true, ...(socketTimeout ? { socketTimeout } : {}) });
    const send = (t: ReturnType<typeof transport>, subject: string) => t.sendMail({ from: 'a@example.com', to: 'b@example.com', subject, text: subject });

    box.setChaos({ rate: 1, modes: ['slow'], delay_ms: 300 });
    const started = Date.now();
    await send(transport(), 'slow');
    expect(Date.now() - started).toBeGreaterThanOrEqual(290);

    box.setChaos({ rate: 1, modes: ['timeout'] });
    await expect(send(transport(400), 'held')).rejects.toMatchObject({ code: 'ETIMEDOUT' });

    box.setChaos({ rate: 1, modes: ['status'], status: 554 });
    await expect(send(transport(), 'refused')).rejects.toMatchObject({ responseCode: 554 });

    box.setChaos(null);
    await send(transport(), 'normal');
    expect(box.captures().map((c) => [c.subject, c.injected, c.reply?.code ?? null])).toEqual([
      ['slow', 'slow', 250],
      ['held', 'timeout', null],
      ['refused', 'status', 554],
      ['normal', null, 250],
    ]);
  });

  it('start is idempotent, stop releases a held session, and the certificate survives a restart', async () => {
    const box = await inbox();
    await box.start();
    const port = box.port;
    const pem = box.certificatePem;
    box.setChaos({ rate: 1, modes: ['timeout'] });
    const held = nodemailer
      .createTransport({ host: '127.0.0.1', port: port!, secure: false, requireTLS: true, tls: { ca: [pem!] }, auth: { user: USER, pass: PASSWORD } })
      .sendMail({ from: 'a@example.com', to: 'b@example.com', subject: 'held', text: 'held' })
      .then(() => null, (error: unknown) => error);
    await expect.poll(() => box.captures().length).toBe(1);
    const stopped = Date.now();
    await box.stop();
    expect(Date.now() - stopped).toBeLessThan(2000);
    expect(await held).toMatchObject({ responseCode: 421 });
    expect(box.address).toBeNull();
    await box.start();
    expect(box.certificatePem).toBe(pem);
  });
});
