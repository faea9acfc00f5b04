import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { findTrigger } from '../../main/contract/catalogue.js';
import { EmailInputSchema, RuleInputSchema, type EmailSettings, type Integration, type LogEntry, type Rule } from '../../main/contract/index.js';
import type { VirtualClock } from '../../main/engine/clock.js';
import type { Engine } from '../../main/engine/engine.js';
import { closedPort } from '../support/receiver.js';
import { SMTP_PASSWORD, SMTP_USER, SmtpSink } from '../support/smtp.js';
import { localCertificate } from '../support/tls.js';
import { advance, tempDir, virtualEngine } from '../support/world.js';

type EmailInput = z.input<typeof EmailInputSchema>;

/** Email delivery through rule actions, against a real SMTP server, on a real SQLite file. */
describe('email delivery (seeds 000–002)', () => {
  let dir: ReturnType<typeof tempDir>;
  let engine: Engine;
  let clock: VirtualClock;
  let sinks: SmtpSink[] = [];
  let cert: { key: string; cert: string };

  beforeAll(async () => {
    cert = await localCertificate();
  });
  beforeEach(() => {
    dir = tempDir();
    ({ engine, clock } = virtualEngine(dir.path));
  });
  afterEach(async () => {
    await engine.close();
    await Promise.all(sinks.map((s) => s.close()));
    sinks = [];
    dir.remove();
  });

  async function sink(options: Parameters<typeof SmtpSink.start>[0] = { auth: true }): Promise<SmtpSink> {
    const s = await SmtpSink.start(options);
    sinks.push(s);
    return s;
  }

  const emailInput = (port: number, over: Partial<EmailSettings> = {}, password: string = SMTP_PASSWORD): EmailInput => ({
    kind: 'email',
    name: 'Corporate SMTP',
    is_active: true,
    settings: {
      host: '127.0.0.1',
      port,
      security: 'none',
      auth: true,
      username: SMTP_USER,
      from_address: 'alerts@example.com',
      from_name: 'Herald alerts',
      reply_to: 'secops@example.com',
      signature: 'Security Operations · ext. 4242',
      connection_timeout_ms: 3000,
      greeting_timeout_ms: 2000,
      ...over,
    },
    secrets: { password },
  });

  const createEmail = async (input: EmailInput): Promise<Integration> => engine.handlers['integrations.create'](EmailInputSchema.parse(input));

  const createRule = (integrationId: string, params: Record<string, unknown>, triggers: string[] = ['sca_policy_has_been_triggered'], projects: string[] = []): Rule =>
    engine.createRule(RuleInputSchema.parse({ name: 'Policy alerts', triggers, projects, actions: [{ integration_id: integrationId, params }] }));

  const example = (trigger: string) => structuredClone(findTrigger(trigger)!.example);
  const attempts = () =>
    engine.repo
      .logPage(undefined, 1000)
      .filter((e): e is Extract<LogEntry, { type: 'attempt' }> & { seq: number } => e.type === 'attempt')
      .map((e) => e.attempt)
      .reverse();

  it('sends one multipart email per event with the right From, sender name, Reply-To, subject and signature', async () => {
    const smtp = await sink();
    const mail = await createEmail(emailInput(smtp.port));
    createRule(mail.id, { recipients: ['analyst@example.com', 'Lead@Example.com'] });
    const fired = engine.fireEvent({ trigger: 'sca_policy_has_been_triggered', payload: example('sca_policy_has_been_triggered') }, 'api');
    expect(fired.routed_to).toEqual([{ integration_id: mail.id, integration_name: 'Corporate SMTP' }]);
    expect(smtp.messages).toHaveLength(0);

    await advance(engine, clock, 5000);

    expect(smtp.messages).toHaveLength(1);
    const { envelope, mail: parsed } = smtp.messages[0]!;
    expect(envelope.to.sort()).toEqual(['analyst@example.com', 'lead@example.com']);
    expect(parsed.from?.value).toEqual([{ name: 'Herald alerts', address: 'alerts@example.com' }]);
    expect(parsed.replyTo?.value[0]?.address).toBe('secops@example.com');
    expect(parsed.subject).toContain('SCA Policy has been triggered');
    expect(parsed.subject).toContain('payments-api');
    expect(parsed.text).toContain('Block critical CVEs in production');
    expect(parsed.text).toContain('-- \nSecurity Operations · ext. 4242');
    expect(parsed.html).toContain('Security Operations · ext. 4242');
    expect(parsed.html).not.toMatch(/(src|href)="https?:|url\(/);
    expect(parsed.headers.get('x-herald-event-id')).toBe(fired.event.id);
    expect(String(parsed.headers.get('content-type') && (parsed.headers.get('content-type') as { value: string }).value)).toBe('multipart/alternative');

    const [attempt] = attempts();
    expect(attempt).toMatchObject({ outcome: 'delivered', status_code: 250, protocol: 'smtp', integration_name: 'Corporate SMTP', event_ids: [fired.event.id] });
    expect(attempt!.target).toBe(`To analyst@example.com, lead@example.com · ${parsed.subject}`);
    const full = engine.repo.attempt(attempt!.id)!;
    expect(full.request).toMatchObject({ method: 'SMTP', url: `smtp://127.0.0.1:${smtp.port}` });
    expect(full.request.headers.subject).toBe(parsed.subject);
    expect(JSON.stringify(full)).not.toContain(SMTP_PASSWORD);
    expect(engine.repo.deliveriesOfEvent(fired.event.id)[0]).toMatchObject({ status: 'delivered', progress: { accepted: ['analyst@example.com', 'lead@example.com'], rejected: [] } });
  });

  for (const mode of ['plain', 'starttls', 'tls'] as const) {
    it(`sends one scan digest listing every triggered policy when the analysis finishes (${mode}, AUTH ${mode === 'tls' ? 'LOGIN' : 'PLAIN'})`, async () => {
      const smtp = await sink({ auth: true, authMethods: mode === 'tls' ? ['LOGIN'] : ['PLAIN'], ...(mode === 'plain' ? {} : { tls: cert }), ...(mode === 'starttls' ? { starttls: true } : {}), ...(mode === 'tls' ? { secure: true } : {}) });
      const security = mode === 'plain' ? 'none' : mode;
      const mail = await createEmail(emailInput(smtp.port, { security, ca_pem: mode === 'plain' ? '' : cert.cert }));
      createRule(mail.id, { recipients: ['appsec@example.com'], format: 'digest' });

      // Another project's alert in the middle must not leak into this digest.
      engine.fireEvent({ trigger: 'project_sca_analysis_started', payload: { project_id: 112, project_name: 'payments-api' } }, 'api');
      const other = { ...example('sca_policy_has_been_triggered'), project_id: 87, project_name: 'customer-portal', policy_name: 'Other project policy' };
      const held = engine.fireEvent({ trigger: 'sca_policy_has_been_triggered', payload: other }, 'api');
      expect(held.routed_to).toEqual([]);
      expect(held.held_for_digest).toEqual([{ integration_id: mail.id, integration_name: 'Corporate SMTP', rule_name: 'Policy alerts' }]);
      const results = engine.fireScenario({ scenario: 'project_scan', subject: 'payments-api', policies: 3 });
      await advance(engine, clock, 5000);

      expect(smtp.messages).toHaveLength(1);
      expect(smtp.logins).toEqual([mode === 'tls' ? 'LOGIN' : 'PLAIN']);
      const { mail: parsed } = smtp.messages[0]!;
      expect(parsed.subject).toContain('payments-api');
      expect(parsed.subject).toMatch(/3 polic/);
      for (const name of ['Block critical CVEs in production', 'No copyleft licenses', 'Warn on high-severity CVEs']) {
        expect(parsed.text).toContain(name);
        expect(parsed.html).toContain(name);
      }
      expect(parsed.text).not.toContain('Other project policy');
      expect(parsed.text).toContain('CVE-2021-44228');
      expect(parsed.text).toContain('org.apache.logging.log4j:log4j-core');
      expect(parsed.html).toMatch(/Policy name[\s\S]*Blocker[\s\S]*Dependency[\s\S]*Vulnerability/);
      expect(parsed.from?.value[0]).toEqual({ name: 'Herald alerts', address: 'alerts@example.com' });
      expect(parsed.replyTo?.value[0]?.address).toBe('secops@example.com');
      expect(parsed.text).toContain('Security Operations · ext. 4242');

      const finished = results.at(-1)!;
      expect(finished.routed_to).toHaveLength(1);
      const [delivery] = engine.repo.deliveriesOfEvent(finished.event.id);
      expect(delivery!.action?.digest_event_ids).toEqual(results.slice(1, 4).map((r) => r.event.id));
      expect(attempts().at(-1)).toMatchObject({ outcome: 'delivered', event_ids: [finished.event.id, ...results.slice(1, 4).map((r) => r.event.id)] });
    });
  }

  it('sends no digest when no policy triggered during the scan', async () => {
    const smtp = await sink();
    const mail = await createEmail(emailInput(smtp.port));
    createRule(mail.id, { recipients: ['appsec@example.com'], format: 'digest' });
    const results = engine.fireScenario({ scenario: 'image_scan', policies: 0 });
    expect(results.at(-1)!.routed_to).toEqual([]);
    await advance(engine, clock, 5000);
    expect(smtp.messages).toHaveLength(0);
  });

  it('records a partial rejection per recipient, and the retry sends only to the deferred one', async () => {
    const smtp = await sink({ auth: true, greylistOnce: true });
    const mail = await createEmail(emailInput(smtp.port));
    createRule(mail.id, { recipients: ['ok@example.com', 'nobody@example.com', 'greylist@example.com'] });
    const fired = engine.fireEvent({ trigger: 'sca_policy_has_been_triggered', payload: example('sca_policy_has_been_triggered') }, 'api');

    await advance(engine, clock, 5000);
    expect(smtp.messages.map((m) => m.envelope.to)).toEqual([['ok@example.com']]);
    let [delivery] = engine.repo.deliveriesOfEvent(fired.event.id);
    expect(delivery!.status).toBe('pending');
    expect(delivery!.progress!.accepted).toEqual(['ok@example.com']);
    expect(delivery!.progress!.rejected).toEqual([
      expect.objectContaining({ address: 'nobody@example.com', code: 550, permanent: true }),
      expect.objectContaining({ address: 'greylist@example.com', code: 451, permanent: false }),
    ]);
    expect(attempts().at(-1)).toMatchObject({ outcome: 'retry', classification: 'transient' });
    expect(attempts().at(-1)!.error).toContain('greylist@example.com');

    await advance(engine, clock, 60_000);
    expect(smtp.messages.map((m) => m.envelope.to)).toEqual([['ok@example.com'], ['greylist@example.com']]);
    [delivery] = engine.repo.deliveriesOfEvent(fired.event.id);
    expect(delivery!.status).toBe('delivered');
    expect(delivery!.progress!.accepted).toEqual(['ok@example.com', 'greylist@example.com']);
    // Delivered, with the permanent refusal still visible.
    expect(attempts().at(-1)).toMatchObject({ outcome: 'delivered', classification: 'permanent' });
    expect(attempts().at(-1)!.error).toContain('nobody@example.com');
    expect(engine.getIntegration(mail.id).health.retry_step).toBe(0);
  });

  it('does not retry a permanent 5xx rejection and keeps the integration active', async () => {
    const smtp = await sink();
    const mail = await createEmail(emailInput(smtp.port));
    createRule(mail.id, { recipients: ['nobody@example.com'] });
    const fired = engine.fireEvent({ trigger: 'sca_policy_has_been_triggered', payload: example('sca_policy_has_been_triggered') }, 'api');
    await advance(engine, clock, 5000);
    expect(engine.repo.deliveriesOfEvent(fired.event.id)[0]!.status).toBe('dead');
    expect(attempts().at(-1)).toMatchObject({ outcome: 'failed', classification: 'permanent' });
    expect(attempts().at(-1)!.error).toMatch(/Every recipient was rejected.*nobody@example.com.*550/);
    await advance(engine, clock, 3_600_000);
    expect(attempts()).toHaveLength(1);
    expect(engine.getIntegration(mail.id).health.state).toBe('active');
  });

  it('retries network failures on the schedule and delivers once the server is back', async () => {
    const port = await closedPort();
    const mail = await createEmail(emailInput(port));
    createRule(mail.id, { recipients: ['analyst@example.com'] });
    const fired = engine.fireEvent({ trigger: 'sca_policy_has_been_triggered', payload: example('sca_policy_has_been_triggered') }, 'api');
    await advance(engine, clock, 5000);
    expect(attempts().at(-1)).toMatchObject({ outcome: 'retry', classification: 'transient', retry_step: 0 });
    expect(attempts().at(-1)!.error).toMatch(/refused/i);
    expect(engine.getIntegration(mail.id).health).toMatchObject({ state: 'failing', retry_step: 1 });

    const smtp = await sink({ auth: true, port });
    await advance(engine, clock, 60_000);
    expect(smtp.messages).toHaveLength(1);
    expect(engine.repo.deliveriesOfEvent(fired.event.id)[0]!.status).toBe('delivered');
    expect(engine.getIntegration(mail.id).health).toMatchObject({ state: 'active', retry_step: 0 });
  });

  it('on 535 does not retry: disables the integration, keeps the queue, and sends it once fixed', async () => {
    const smtp = await sink();
    const input = emailInput(smtp.port, {}, 'wrong-password');
    const mail = await createEmail(input);
    createRule(mail.id, { recipients: ['analyst@example.com'] });
    const first = engine.fireEvent({ trigger: 'sca_policy_has_been_triggered', payload: example('sca_policy_has_been_triggered') }, 'api');
    engine.fireEvent({ trigger: 'sca_policy_has_been_triggered', payload: { ...example('sca_policy_has_been_triggered'), alert_id: 2 } }, 'api');
    await advance(engine, clock, 5000);

    expect(attempts()).toHaveLength(1);
    expect(attempts()[0]).toMatchObject({ outcome: 'failed', classification: 'auth' });
    expect(attempts()[0]!.error).toMatch(/535.*app password/s);
    const disabled = engine.getIntegration(mail.id);
    expect(disabled.health).toMatchObject({ state: 'disabled', disabled_by: 'auto', pending_deliveries: 2 });
    expect(disabled.health.disabled_reason).toMatch(/535/);
    await advance(engine, clock, 3_600_000);
    expect(attempts()).toHaveLength(1);

    await engine.handlers['integrations.update']({ id: mail.id, input: EmailInputSchema.parse({ ...input, secrets: { password: SMTP_PASSWORD } }) });
    await advance(engine, clock, 5000);
    expect(smtp.messages).toHaveLength(2);
    expect(engine.repo.deliveriesOfEvent(first.event.id)[0]!.status).toBe('delivered');
  });

  it('checks templates at save time and names the broken part', async () => {
    const smtp = await sink();
    const input = emailInput(smtp.port, { templates: { event: { subject: '{{ event.trigger | upcase', html: '', text: '' }, digest: { subject: '', html: '', text: '{% for p in policies %}' } } });
    const error = await createEmail(input).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'validation' });
    const paths = (error as { details: { issues: { path: string }[] } }).details.issues.map((i) => i.path);
    expect(paths).toEqual(['settings.templates.event.subject', 'settings.templates.digest.text']);
    expect(engine.listIntegrations()).toHaveLength(0);
  });

  it('renders a custom template for the preview and for real sends', async () => {
    const smtp = await sink();
    const custom = { subject: 'ALERT {{ event.payload.policy_name | upcase }}', html: '<p>{{ event.payload.dependency }}</p>', text: 'Dependency: {{ event.payload.dependency }}' };
    const preview = await engine.handlers['templates.preview']({ kind: 'event', template: custom, trigger: 'sca_policy_has_been_triggered', integration_name: 'X', signature: 'sig' });
    expect(preview.subject).toBe('ALERT BLOCK CRITICAL CVES IN PRODUCTION');
    const mail = await createEmail(emailInput(smtp.port, { templates: { event: custom, digest: { subject: '', html: '', text: '' } } }));
    createRule(mail.id, { recipients: ['analyst@example.com'] });
    engine.fireEvent({ trigger: 'sca_policy_has_been_triggered', payload: { ...example('sca_policy_has_been_triggered'), dependency: '<b>evil</b>' } }, 'api');
    await advance(engine, clock, 5000);
    const parsed = smtp.messages[0]!.mail;
    expect(parsed.subject).toBe('ALERT BLOCK CRITICAL CVES IN PRODUCTION');
    expect(parsed.text).toContain('Dependency: <b>evil</b>');
    expect(parsed.html).toContain('&lt;b&gt;evil&lt;/b&gt;');
  });

  it('validates rule actions against the integration kind, naming the field', async () => {
    const smtp = await sink();
    const mail = await createEmail(emailInput(smtp.port));
    const attempt = (params: Record<string, unknown>, triggers = ['sca_policy_has_been_triggered'], integrationId = mail.id) => {
      try {
        createRule(integrationId, params, triggers);
        return [];
      } catch (error) {
        return (error as { details: { issues: { path: string; message: string }[] } }).details.issues;
      }
    };
    expect(attempt({ recipients: [] })[0]).toMatchObject({ path: 'actions.0.params.recipients', message: 'Add at least one recipient' });
    expect(attempt({ recipients: ['ok@example.com', 'not-an-address'] })[0]).toMatchObject({ path: 'actions.0.params.recipients.1' });
    expect(attempt({ recipients: ['a@example.com\r\nBcc: x@evil.test'] })[0]!.path).toBe('actions.0.params.recipients.0');
    expect(attempt({ recipients: ['ok@example.com'], format: 'digest' }, ['project_sca_analysis_failed'])[0]).toMatchObject({ path: 'actions.0.params.format' });
    expect(attempt({ recipients: ['ok@example.com'] }, undefined, 'no-such-id')[0]).toMatchObject({ path: 'actions.0.integration_id' });
    expect(engine.listRules()).toHaveLength(0);

    createRule(mail.id, { recipients: ['ok@example.com'] });
    expect(() => engine.deleteIntegration(mail.id)).toThrow(/used by rule "Policy alerts"/);
  });

  it('an inactive email integration sends nothing', async () => {
    const smtp = await sink();
    const mail = await createEmail({ ...emailInput(smtp.port), is_active: false });
    createRule(mail.id, { recipients: ['analyst@example.com'] });
    const fired = engine.fireEvent({ trigger: 'sca_policy_has_been_triggered', payload: example('sca_policy_has_been_triggered') }, 'api');
    expect(fired.routed_to).toEqual([]);
    await advance(engine, clock, 5000);
    expect(smtp.messages).toHaveLength(0);
  });
});
