import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { findTrigger } from '../../main/contract/catalogue.js';
import { RuleInputSchema, SumoLogicInputSchema, type CapturedRequest, type Integration, type LogEntry } from '../../main/contract/index.js';
import type { VirtualClock } from '../../main/engine/clock.js';
import type { Engine } from '../../main/engine/engine.js';
import { invoke } from '../../main/engine/invoke.js';
import { previewDelivery } from '../../main/engine/preview.js';
import { translateValidation } from '../../renderer/src/i18n/validation-messages.js';
import { SumoFake } from '../support/log-receivers-fake.js';
import { closedPort } from '../support/receiver.js';
import { advance, tempDir, virtualEngine } from '../support/world.js';

type SumoInput = z.input<typeof SumoLogicInputSchema>;

/** Sumo Logic through the real channel against a fake HTTP source that answers as Sumo documents, on a real SQLite file. */
describe('Sumo Logic HTTP source (issue 8)', () => {
  let dir: ReturnType<typeof tempDir>;
  let engine: Engine;
  let clock: VirtualClock;
  let sumo: SumoFake;

  beforeEach(async () => {
    dir = tempDir();
    ({ engine, clock } = virtualEngine(dir.path));
    sumo = await SumoFake.start();
  });
  afterEach(async () => {
    await engine.close();
    await sumo.close();
    dir.remove();
  });

  const input = (settings: Partial<SumoInput['settings']> = {}, url = sumo.sourceUrl): SumoInput => ({
    kind: 'sumologic',
    name: 'Sumo security',
    settings: { category: 'security/herald', source_name: 'herald', source_host: 'herald-01', timeout_ms: 3000, ...settings },
    secrets: { source_url: url },
  });
  const create = async (i: SumoInput): Promise<Integration> => engine.handlers['integrations.create'](SumoLogicInputSchema.parse(i));
  const rule = async (integrationId: string) =>
    engine.handlers['rules.create'](RuleInputSchema.parse({ name: 'Policies to Sumo', triggers: ['sca_policy_has_been_triggered'], actions: [{ integration_id: integrationId, params: {} }] }));
  const alert = (over: Record<string, unknown> = {}) => engine.fireEvent({ trigger: 'sca_policy_has_been_triggered', payload: { ...structuredClone(findTrigger('sca_policy_has_been_triggered')!.example), ...over } }, 'api');
  const attempts = () =>
    engine.repo
      .logPage(undefined, 1000)
      .filter((e): e is Extract<LogEntry, { type: 'attempt' }> & { seq: number } => e.type === 'attempt')
      .map((e) => e.attempt)
      .reverse();
  const test = (id: string) => engine.handlers['integrations.test']({ id });

  it('sends the due events gzip-compressed in one request, one JSON record per line, with the X-Sumo headers', async () => {
    const saved = await create(input());
    expect(JSON.stringify(saved)).not.toContain(sumo.token);
    await rule(saved.id);
    alert();
    alert({ vulnerability: 'CVE-2022-22965' });
    await advance(engine, clock, 6000);

    expect(sumo.requests).toHaveLength(1);
    expect(sumo.requests[0]!.gzipped).toBe(true);
    expect(sumo.messages).toHaveLength(2);
    expect(sumo.messages[0]).toMatchObject({ category: 'security/herald', name: 'herald', host: 'herald-01' });
    expect(sumo.messages[0]!.line).toMatchObject({
      message: 'Block critical CVEs in production: CVE-2021-44228 in payments-api',
      trigger: 'sca_policy_has_been_triggered',
      project: 'payments-api',
      policy: 'Block critical CVEs in production',
      severity: 'critical',
      vulnerability: 'CVE-2021-44228',
      payload: expect.objectContaining({ alert_id: 48213 }),
    });
    expect(sumo.messages[1]!.line.vulnerability).toBe('CVE-2022-22965');

    const [attempt] = attempts();
    expect(attempt).toMatchObject({ outcome: 'delivered', status_code: 200 });
    // The source URL is the credential: the log shows only its host.
    const detail = await engine.handlers['log.attempt']({ id: attempt!.id });
    expect(JSON.stringify([attempts(), detail])).not.toContain(sumo.token);
    expect(JSON.stringify(detail)).toContain(`${sumo.origin}/receiver/v1/http/••••••••`);
    // The log records the body uncompressed, with the encoding it went with.
    expect(JSON.stringify(detail)).toContain('CVE-2021-44228');
    expect(JSON.stringify(detail)).toContain('"content-encoding":"gzip"');
  });

  it('sends plain text when compression is off', async () => {
    const saved = await create(input({ gzip: false, category: '' }));
    await rule(saved.id);
    alert();
    await advance(engine, clock, 6000);
    expect(sumo.requests[0]!.gzipped).toBe(false);
    expect(sumo.requests[0]!.headers['x-sumo-category']).toBeUndefined();
    expect(sumo.messages).toHaveLength(1);
  });

  it('a bad source URL (401) disables the integration with the reason and keeps the events; after the fix they go out', async () => {
    const saved = await create(input({}, `${sumo.origin}/receiver/v1/http/WrongToken123`));
    await rule(saved.id);
    alert();
    await advance(engine, clock, 6000);
    expect(attempts()[0]).toMatchObject({ outcome: 'failed', status_code: 401, classification: 'auth' });
    expect(attempts()[0]!.error).toBe("Sumo Logic says 401: the source URL's token is missing or invalid. Create a new HTTP source (or regenerate its URL) in Sumo Logic under Collection, and paste the new URL here.");
    const health = engine.getIntegration(saved.id).health;
    expect(health).toMatchObject({ state: 'disabled', pending_deliveries: 1 });
    expect(translateValidation(health.disabled_reason!, 'ru')).toMatch(/токен в адресе источника отсутствует или неверен\. Создайте новый HTTP-источник/);
    expect(JSON.stringify(engine.getIntegration(saved.id))).not.toContain('WrongToken123');

    await engine.handlers['integrations.update']({ id: saved.id, input: SumoLogicInputSchema.parse(input()) });
    await advance(engine, clock, 6000);
    expect(sumo.messages).toHaveLength(1);
  });

  it('a deleted source (404) ends the batch with the hint to create a new HTTP source', async () => {
    sumo.deletedTokens.add('DeletedSource01');
    const saved = await create(input({}, `${sumo.origin}/receiver/v1/http/DeletedSource01`));
    await rule(saved.id);
    alert();
    await advance(engine, clock, 6000);
    expect(attempts()[0]).toMatchObject({ outcome: 'failed', status_code: 404, classification: 'permanent' });
    expect(attempts()[0]!.error).toContain('Sumo Logic says 404: no HTTP source has this URL any more. Create a new HTTP source');
    expect(engine.getIntegration(saved.id).health).toMatchObject({ dead_letters: 1, pending_deliveries: 0 });
  });

  it('honours Retry-After of a throttled source (429) exactly, retries a 503 on the schedule, then delivers', async () => {
    const saved = await create(input());
    await rule(saved.id);
    sumo.failNext(1, { status: 429, retryAfterSeconds: 120 });
    alert();
    await advance(engine, clock, 6000);
    const throttled = attempts().at(-1)!;
    expect(throttled).toMatchObject({ outcome: 'retry', status_code: 429, classification: 'transient' });
    expect(Date.parse(throttled.next_attempt_at!) - Date.parse(throttled.started_at)).toBe(120_000);
    await advance(engine, clock, 100_000);
    expect(sumo.messages).toHaveLength(0);
    await advance(engine, clock, 20_000);
    expect(sumo.messages).toHaveLength(1);

    sumo.failNext(1, { status: 503 });
    alert({ vulnerability: 'CVE-2022-0002' });
    await advance(engine, clock, 6000);
    expect(attempts().at(-1)).toMatchObject({ outcome: 'retry', status_code: 503, classification: 'transient' });
    expect(attempts().at(-1)!.error).toContain('Sumo Logic failed with 503. Sumo Logic said: “<html><body>Service Unavailable</body></html>”.');
    expect(translateValidation(attempts().at(-1)!.error!, 'ru')).toMatch(/^Sumo Logic вернул ошибку 503\. Ответ Sumo Logic: «.*»\. Посмотрите страницу состояния/);
    await advance(engine, clock, 60_000);
    expect(sumo.messages).toHaveLength(2);
  });

  it('Test it sends a test record; failures name the fix', async () => {
    const saved = await create(input());
    let report = await test(saved.id);
    expect(report.ok).toBe(true);
    expect(report.steps.map((s) => [s.id, s.status])).toEqual([
      ['connect', 'ok'],
      ['send', 'ok'],
    ]);
    expect(report.steps[1]!.detail).toBe('Sumo Logic answered 200; search _sourceCategory="security/herald"');
    expect(report.summary).toBe('Sumo Logic accepted the test record.');
    expect(sumo.messages.at(-1)!.line).toMatchObject({ message: 'Test message from Herald (Sumo security)', test: true });
    expect(translateValidation(report.steps[1]!.detail, 'ru')).toBe('Sumo Logic ответил 200; ищите _sourceCategory="security/herald"');

    const wrong = await create(input({}, `${sumo.origin}/receiver/v1/http/WrongToken123`));
    report = await test(wrong.id);
    expect(report.ok).toBe(false);
    expect(report.summary).toBe("Sumo Logic says 401: the source URL's token is missing or invalid.");
    expect(report.hint).toContain('Create a new HTTP source');

    const refused = await create(input({}, `http://127.0.0.1:${await closedPort()}/receiver/v1/http/abc`));
    report = await test(refused.id);
    expect(report.steps.map((s) => [s.id, s.status])).toEqual([['connect', 'failed']]);
  });

  it('validates the source URL in both languages', () => {
    const result = SumoLogicInputSchema.safeParse({ kind: 'sumologic', name: 'x', settings: { category: 'a\nb' }, secrets: { source_url: 'https://sumologic.com/' } });
    expect(result.success).toBe(false);
    const messages = result.error!.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
    expect(messages).toContain('secrets.source_url: Paste the whole HTTP source URL, e.g. https://endpoint4.collection.us2.sumologic.com/receiver/v1/http/ZaVnC4dhaV…');
    expect(messages).toContain('settings.category: Source category cannot contain line breaks or control characters');
    for (const issue of result.error!.issues) expect(translateValidation(issue.message, 'ru')).toMatch(/[А-Яа-я]/);
  });

  it('the dry-run preview masks the source URL', async () => {
    const event = { id: 'evt-1', trigger: 'sca_policy_has_been_triggered', created_at: '2026-12-01T10:00:00.000Z', project: 'payments-api', payload: structuredClone(findTrigger('sca_policy_has_been_triggered')!.example) };
    const preview = await previewDelivery({ kind: 'sumologic', name: 'Sumo', settings: SumoLogicInputSchema.parse(input()).settings, secrets: {} }, { event, action: null, digest_events: [] }, 'Herald/test');
    expect(preview).toMatchObject({ kind: 'http', method: 'POST', url: expect.stringContaining('/receiver/v1/http/••••••••'), headers: { 'x-sumo-category': 'security/herald', 'content-encoding': 'gzip' } });
    if (preview.kind !== 'http') throw new Error('not http');
    expect(JSON.parse(preview.body)).toMatchObject({ vulnerability: 'CVE-2021-44228' });
  });

  it('Capture mode sends to the sandbox bin uncompressed, keeping the path, never to Sumo', async () => {
    const saved = await create(input());
    await rule(saved.id);
    await invoke(engine.handlers, 'integrations.setSandbox', { id: saved.id, mode: 'capture' });
    alert();
    await advance(engine, clock, 6000);
    expect(sumo.requests).toHaveLength(0);
    const list = await invoke(engine.handlers, 'sandbox.list', { integration_id: saved.id });
    if (!list.ok) throw new Error(list.error.message);
    const got = await invoke(engine.handlers, 'sandbox.get', { id: list.value.captures[0]!.id });
    if (!got.ok) throw new Error(got.error.message);
    const capture = got.value as CapturedRequest;
    expect(capture.path).toBe(`/receiver/v1/http/${sumo.token}`);
    expect(JSON.parse(capture.body)).toMatchObject({ vulnerability: 'CVE-2021-44228' });
  });
});
