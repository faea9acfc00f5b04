import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { findTrigger } from '../../main/contract/catalogue.js';
import { RuleInputSchema, SplunkInputSchema, type CapturedRequest, type Integration, type LogEntry } from '../../main/contract/index.js';
import type { VirtualClock } from '../../main/engine/clock.js';
import type { Engine } from '../../main/engine/engine.js';
import { invoke } from '../../main/engine/invoke.js';
import { previewDelivery } from '../../main/engine/preview.js';
import { translateValidation } from '../../renderer/src/i18n/validation-messages.js';
import { SplunkFake } from '../support/log-receivers-fake.js';
import { closedPort } from '../support/receiver.js';
import { localCertificate } from '../support/tls.js';
import { advance, tempDir, virtualEngine } from '../support/world.js';

type SplunkInput = z.input<typeof SplunkInputSchema>;

/** Splunk HEC through the real channel against a fake that answers as Splunk documents, on a real SQLite file. */
describe('Splunk HTTP Event Collector (issue 8)', () => {
  let dir: ReturnType<typeof tempDir>;
  let engine: Engine;
  let clock: VirtualClock;
  let splunk: SplunkFake;

  beforeEach(async () => {
    dir = tempDir();
    ({ engine, clock } = virtualEngine(dir.path));
    splunk = await SplunkFake.start();
  });
  afterEach(async () => {
    await engine.close();
    await splunk.close();
    dir.remove();
  });

  const input = (settings: Partial<SplunkInput['settings']> = {}, token = splunk.token): SplunkInput => ({
    kind: 'splunk',
    name: 'Splunk SOC',
    settings: { url: splunk.origin, index: 'security', timeout_ms: 3000, ...settings },
    secrets: { token },
  });
  const create = async (i: SplunkInput): Promise<Integration> => engine.handlers['integrations.create'](SplunkInputSchema.parse(i));
  const rule = async (integrationId: string) =>
    engine.handlers['rules.create'](RuleInputSchema.parse({ name: 'Policies to Splunk', triggers: ['sca_policy_has_been_triggered'], actions: [{ integration_id: integrationId, params: {} }] }));
  const alert = (over: Record<string, unknown> = {}) => engine.fireEvent({ trigger: 'sca_policy_has_been_triggered', payload: { ...structuredClone(findTrigger('sca_policy_has_been_triggered')!.example), ...over } }, 'api');
  const attempts = () =>
    engine.repo
      .logPage(undefined, 1000)
      .filter((e): e is Extract<LogEntry, { type: 'attempt' }> & { seq: number } => e.type === 'attempt')
      .map((e) => e.attempt)
      .reverse();
  const test = (id: string) => engine.handlers['integrations.test']({ id });
  const posts = () => splunk.requests.filter((r) => r.path === '/services/collector/event');

  it('sends the due events in one request as concatenated HEC event objects with time, metadata and the record', async () => {
    const saved = await create(input({ host: 'herald-01', source: 'herald-prod' }));
    expect(JSON.stringify(saved)).not.toContain(splunk.token);
    await rule(saved.id);
    alert();
    alert({ vulnerability: 'CVE-2022-22965' });
    await advance(engine, clock, 6000);

    expect(posts()).toHaveLength(1);
    const [req] = posts();
    expect(req!.headers.authorization).toBe(`Splunk ${splunk.token}`);
    // Two objects one after another, not an array.
    expect(req!.body.trim().startsWith('{')).toBe(true);
    expect(req!.body.split('\n')).toHaveLength(2);
    expect(splunk.events).toHaveLength(2);
    const [first, second] = splunk.events;
    expect(first).toMatchObject({ host: 'herald-01', source: 'herald-prod', sourcetype: 'herald:alert', index: 'security' });
    expect(typeof first!.time).toBe('number');
    expect(Math.abs(first!.time! * 1000 - clock.now())).toBeLessThan(10_000);
    expect(first!.event).toMatchObject({
      message: 'Block critical CVEs in production: CVE-2021-44228 in payments-api',
      trigger: 'sca_policy_has_been_triggered',
      trigger_title: findTrigger('sca_policy_has_been_triggered')!.title.en,
      project: 'payments-api',
      policy: 'Block critical CVEs in production',
      severity: 'critical',
      blocker: true,
      dependency: 'org.apache.logging.log4j:log4j-core',
      dependency_version: '2.14.1',
      vulnerability: 'CVE-2021-44228',
      integration: 'Splunk SOC',
      source: 'herald',
      payload: expect.objectContaining({ alert_id: 48213 }),
    });
    expect(second!.event.vulnerability).toBe('CVE-2022-22965');

    const [attempt] = attempts();
    expect(attempt).toMatchObject({ outcome: 'delivered', status_code: 200 });
    expect(attempt!.event_ids).toHaveLength(2);
    expect(JSON.stringify(attempts())).not.toContain(splunk.token);
  });

  it('an invalid token (403, code 4) disables the integration with the reason, keeps the events, and they go out after the fix', async () => {
    const saved = await create(input({}, '00000000-0000-0000-0000-000000000000'));
    await rule(saved.id);
    alert();
    await advance(engine, clock, 6000);
    expect(attempts()[0]).toMatchObject({ outcome: 'failed', status_code: 403, classification: 'auth' });
    expect(attempts()[0]!.error).toBe('Splunk says "Invalid token" (code 4): the token is wrong or was deleted. Copy the token from Settings → Data inputs → HTTP Event Collector and paste it here.');
    const health = engine.getIntegration(saved.id).health;
    expect(health).toMatchObject({ state: 'disabled', pending_deliveries: 1 });
    expect(translateValidation(health.disabled_reason!, 'ru')).toMatch(/токен неверный или удалён/);
    // No retry ladder for bad credentials.
    await advance(engine, clock, 120_000);
    expect(posts()).toHaveLength(1);

    await engine.handlers['integrations.update']({ id: saved.id, input: SplunkInputSchema.parse({ ...input(), is_active: true }) });
    await advance(engine, clock, 6000);
    expect(splunk.events).toHaveLength(1);
    expect(engine.getIntegration(saved.id).health.state).not.toBe('disabled');
  });

  it('a disabled token (code 1) is an auth failure too', async () => {
    splunk.disabledTokens.add(splunk.token);
    const saved = await create(input());
    await rule(saved.id);
    alert();
    await advance(engine, clock, 6000);
    expect(attempts()[0]).toMatchObject({ status_code: 403, classification: 'auth' });
    expect(attempts()[0]!.error).toContain('Splunk says "Token disabled" (code 1): the token is disabled.');
  });

  it('an index the token may not write to (400, code 7) ends the batch with the hint about allowed indexes, without disabling', async () => {
    const saved = await create(input({ index: 'firewall' }));
    await rule(saved.id);
    alert();
    await advance(engine, clock, 6000);
    const [attempt] = attempts();
    expect(attempt).toMatchObject({ outcome: 'failed', status_code: 400, classification: 'permanent' });
    expect(attempt!.error).toContain('Splunk says "Incorrect index" (code 7): the token may not write to this index, or the index does not exist. Event 1 of the request was refused.');
    expect(attempt!.error).toContain('allowed indexes');
    expect(translateValidation(attempt!.error!, 'ru')).toMatch(/^Splunk ответил «Incorrect index» \(код 7\): токену нельзя писать в этот индекс, или такого индекса нет\. Событие 1 в запросе отклонено\. Добавьте индекс/);
    expect(engine.getIntegration(saved.id).health).toMatchObject({ state: expect.not.stringMatching('disabled'), pending_deliveries: 0, dead_letters: 1 });
    await advance(engine, clock, 120_000);
    expect(posts()).toHaveLength(1);
  });

  it('honours Retry-After of a busy HEC (503, code 9) to the second, retries a 500 on the schedule, then delivers', async () => {
    const saved = await create(input());
    await rule(saved.id);
    splunk.failNext(1, { status: 503, retryAfterSeconds: 300 });
    alert();
    await advance(engine, clock, 6000);
    const busy = attempts().at(-1)!;
    expect(busy).toMatchObject({ outcome: 'retry', status_code: 503, classification: 'transient' });
    expect(busy.error).toContain('Splunk says "Server is busy" (code 9): Splunk is busy and refused the events for now.');
    expect(Date.parse(busy.next_attempt_at!) - Date.parse(busy.started_at)).toBe(300_000);
    await advance(engine, clock, 280_000);
    expect(splunk.events).toHaveLength(0);
    await advance(engine, clock, 20_000);
    expect(splunk.events).toHaveLength(1);

    splunk.failNext(1, { status: 500 });
    alert({ vulnerability: 'CVE-2022-0002' });
    await advance(engine, clock, 6000);
    expect(attempts().at(-1)).toMatchObject({ outcome: 'retry', status_code: 500, classification: 'transient' });
    expect(attempts().at(-1)!.error).toContain('Splunk says "Internal server error" (code 8)');
    await advance(engine, clock, 60_000);
    expect(splunk.events).toHaveLength(2);
    expect(attempts().at(-1)).toMatchObject({ outcome: 'delivered' });
  });

  it('Test it checks HEC health, then sends a test event and shows the answer with its ackId', async () => {
    splunk.ack = true;
    const saved = await create(input());
    const report = await test(saved.id);
    expect(report.ok).toBe(true);
    expect(report.steps.map((s) => [s.id, s.status])).toEqual([
      ['connect', 'ok'],
      ['health', 'ok'],
      ['send', 'ok'],
    ]);
    expect(report.steps[1]!.detail).toBe('Splunk says "HEC is healthy"');
    expect(report.steps[2]!.detail).toBe('Splunk says "Success" (code 0, ackId 0)');
    expect(report.summary).toBe('Splunk accepted the test event for index security.');
    expect(report.details).toMatchObject({ ack_id: '0', index: 'security', sourcetype: 'herald:alert' });
    expect(splunk.events.at(-1)!.event).toMatchObject({ message: 'Test message from Herald (Splunk SOC)', test: true });
    for (const text of [report.summary, report.steps[1]!.detail, report.steps[2]!.detail]) expect(translateValidation(text, 'ru')).toMatch(/[А-Яа-я]/);
  });

  it('Test it explains an unhealthy HEC, a bad token, a wrong port and a missing token', async () => {
    const saved = await create(input());
    splunk.failNext(1, { status: 'unhealthy' });
    let report = await test(saved.id);
    expect(report.ok).toBe(false);
    expect(report.steps.map((s) => [s.id, s.status])).toEqual([
      ['connect', 'ok'],
      ['health', 'failed'],
    ]);
    expect(report.summary).toBe('Splunk says "HEC is unhealthy, queues are full" (code 18): HEC is unhealthy: its queues are full.');

    const wrong = await create(input({}, '00000000-0000-0000-0000-000000000000'));
    report = await test(wrong.id);
    expect(report.steps.map((s) => [s.id, s.status])).toEqual([
      ['connect', 'ok'],
      ['health', 'ok'],
      ['send', 'failed'],
    ]);
    expect(report.summary).toBe('Splunk says "Invalid token" (code 4): the token is wrong or was deleted.');
    expect(report.hint).toBe('Copy the token from Settings → Data inputs → HTTP Event Collector and paste it here.');
    expect(translateValidation(report.summary, 'ru')).toBe('Splunk ответил «Invalid token» (код 4): токен неверный или удалён.');

    const refused = await create(input({ url: `http://127.0.0.1:${await closedPort()}` }));
    report = await test(refused.id);
    expect(report.steps.map((s) => [s.id, s.status])).toEqual([['connect', 'failed']]);
    expect(report.summary).toMatch(/refused/i);

    const unsaved = await engine.handlers['integrations.test']({ input: SplunkInputSchema.parse({ ...input(), secrets: {} }) });
    expect(unsaved.ok).toBe(false);
    expect(unsaved.summary).toBe('No HEC token is stored: paste the token.');
  });

  it('a self-signed HEC certificate fails until allowed, and a pasted CA makes it verified', async () => {
    const cert = await localCertificate();
    const tlsSplunk = await SplunkFake.start({ tls: cert });
    try {
      const strict = await create(input({ url: tlsSplunk.origin }, tlsSplunk.token));
      let report = await test(strict.id);
      expect(report.ok).toBe(false);
      expect(report.steps[0]).toMatchObject({ id: 'connect', status: 'failed' });

      const allowed = await create(input({ url: tlsSplunk.origin, allow_self_signed: true }, tlsSplunk.token));
      report = await test(allowed.id);
      expect(report.ok).toBe(true);

      const pinned = await create(input({ url: tlsSplunk.origin, ca_pem: cert.cert }, tlsSplunk.token));
      report = await test(pinned.id);
      expect(report.ok).toBe(true);
      await rule(pinned.id);
      alert();
      await advance(engine, clock, 6000);
      expect(tlsSplunk.events.filter((e) => !e.event.test)).toHaveLength(1);
    } finally {
      await tlsSplunk.close();
    }
  });

  it('validates the address, index and token in both languages, and refuses a broken message template', async () => {
    const result = SplunkInputSchema.safeParse({ kind: 'splunk', name: 'x', settings: { url: 'https://splunk:8088/services/collector/event', index: '_Internal' }, secrets: { token: 'not-a-guid' } });
    expect(result.success).toBe(false);
    const messages = result.error!.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
    expect(messages).toContain('settings.url: Enter only the scheme, host and port: Herald adds /services/collector/event');
    expect(messages).toContain('settings.index: An index name is lower-case letters, digits, _ and -, starting with a letter or digit');
    expect(messages.some((m) => m.startsWith('secrets.token: A HEC token looks like'))).toBe(true);
    for (const issue of result.error!.issues) expect(translateValidation(issue.message, 'ru')).toMatch(/[А-Яа-я]/);
    expect(SplunkInputSchema.safeParse({ kind: 'splunk', name: 'x', settings: { url: '' } }).error!.issues[0]!.message).toBe('Enter the HEC address, e.g. https://splunk.example.com:8088');
    await expect(create(input({ message_template: '{% if event.project %}unclosed' }))).rejects.toMatchObject({
      details: { issues: [{ path: 'settings.message_template', message: expect.stringContaining('not closed') }] },
    });
  });

  it('the dry-run preview is the HEC request with the token masked', async () => {
    const event = { id: 'evt-1', trigger: 'sca_policy_has_been_triggered', created_at: '2026-12-01T10:00:00.000Z', project: 'payments-api', payload: structuredClone(findTrigger('sca_policy_has_been_triggered')!.example) };
    const preview = await previewDelivery({ kind: 'splunk', name: 'Splunk SOC', settings: SplunkInputSchema.parse(input()).settings, secrets: {} }, { event, action: null, digest_events: [] }, 'Herald/test');
    expect(preview).toMatchObject({ kind: 'http', method: 'POST', url: `${splunk.origin}/services/collector/event`, headers: { authorization: 'Splunk ••••••••' } });
    if (preview.kind !== 'http') throw new Error('not http');
    expect(JSON.parse(preview.body)).toMatchObject({ time: Date.parse('2026-12-01T10:00:00.000Z') / 1000, sourcetype: 'herald:alert', index: 'security', event: { vulnerability: 'CVE-2021-44228' } });
    expect(preview.body).not.toContain(splunk.token);
  });

  it('Capture mode sends to the sandbox bin, never to Splunk', async () => {
    const saved = await create(input());
    await rule(saved.id);
    await invoke(engine.handlers, 'integrations.setSandbox', { id: saved.id, mode: 'capture' });
    alert();
    await advance(engine, clock, 6000);
    expect(splunk.requests).toHaveLength(0);
    const list = await invoke(engine.handlers, 'sandbox.list', { integration_id: saved.id });
    if (!list.ok) throw new Error(list.error.message);
    expect(list.value.captures).toHaveLength(1);
    const got = await invoke(engine.handlers, 'sandbox.get', { id: list.value.captures[0]!.id });
    if (!got.ok) throw new Error(got.error.message);
    const capture = got.value as CapturedRequest;
    expect(capture.path).toBe('/services/collector/event');
    expect(JSON.parse(capture.body)).toMatchObject({ sourcetype: 'herald:alert', event: { vulnerability: 'CVE-2021-44228' } });
    const report = await test(saved.id);
    expect(report).toMatchObject({ ok: true, sandbox: 'capture' });
    expect(splunk.requests).toHaveLength(0);
  });
});
