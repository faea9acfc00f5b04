import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { findTrigger } from '../../main/contract/catalogue.js';
import { OpsgenieInputSchema, RuleInputSchema, type CapturedRequest, type Integration, type LogEntry } from '../../main/contract/index.js';
import type { VirtualClock } from '../../main/engine/clock.js';
import type { Engine } from '../../main/engine/engine.js';
import { invoke } from '../../main/engine/invoke.js';
import { previewDelivery } from '../../main/engine/preview.js';
import { translateValidation } from '../../renderer/src/i18n/validation-messages.js';
import { OpsgenieFake } from '../support/incident-fakes.js';
import { advance, tempDir, virtualEngine } from '../support/world.js';

type OpsgenieInput = z.input<typeof OpsgenieInputSchema>;

/** Opsgenie through the real channel against a fake Alert API, on a real SQLite file. */
describe('Opsgenie (issue 8)', () => {
  let dir: ReturnType<typeof tempDir>;
  let engine: Engine;
  let clock: VirtualClock;
  let og: OpsgenieFake;

  beforeEach(async () => {
    dir = tempDir();
    ({ engine, clock } = virtualEngine(dir.path));
    og = await OpsgenieFake.start();
  });
  afterEach(async () => {
    await engine.close();
    await og.close();
    dir.remove();
  });

  const input = (over: Partial<OpsgenieInput['settings']> = {}, key: string | null = og.apiKey): OpsgenieInput => ({
    kind: 'opsgenie',
    name: 'Opsgenie AppSec',
    settings: { api_base: og.origin, timeout_ms: 3000, ...over },
    secrets: { api_key: key },
  });
  const create = async (i: OpsgenieInput): Promise<Integration> => engine.handlers['integrations.create'](OpsgenieInputSchema.parse(i));
  const rule = async (integrationId: string) =>
    engine.handlers['rules.create'](RuleInputSchema.parse({ name: 'Policies to Opsgenie', triggers: ['sca_policy_has_been_triggered'], actions: [{ integration_id: integrationId, params: {} }] }));
  const example = (trigger: string) => structuredClone(findTrigger(trigger)!.example);
  const alert = (over: Record<string, unknown> = {}) => engine.fireEvent({ trigger: 'sca_policy_has_been_triggered', payload: { ...example('sca_policy_has_been_triggered'), ...over } }, 'api');
  const scan = (boundary: 'started' | 'finished', project = 'payments-api') =>
    engine.fireEvent({ trigger: `project_sca_analysis_${boundary}`, payload: { ...example(`project_sca_analysis_${boundary}`), project_name: project } }, 'api');
  const attempts = () =>
    engine.repo
      .logPage(undefined, 1000)
      .filter((e): e is Extract<LogEntry, { type: 'attempt' }> & { seq: number } => e.type === 'attempt')
      .map((e) => e.attempt)
      .reverse();
  const creates = () => og.requests.filter((r) => r.method === 'POST' && r.path === '/v2/alerts');
  const closes = () => og.requests.filter((r) => r.path.endsWith('/close'));
  const test = (id: string) => engine.handlers['integrations.test']({ id });

  it('creates one alert per policy alert: GenieKey, alias from the fingerprint, mapped priority, teams, tags, details', async () => {
    const saved = await create(input({ teams: ['AppSec', 'Platform'] }));
    expect(JSON.stringify(saved)).not.toContain(og.apiKey);
    await rule(saved.id);
    alert();
    alert({ blocker: false, severity: 'medium', vulnerability: 'CVE-2023-0001' });
    await advance(engine, clock, 5000);

    expect(creates()).toHaveLength(2);
    expect(creates()[0]!.headers.authorization).toBe(`GenieKey ${og.apiKey}`);
    const [first, second] = creates().map((r) => JSON.parse(r.body) as Record<string, unknown>);
    expect(first).toMatchObject({
      message: 'Block critical CVEs in production: CVE-2021-44228 in payments-api',
      alias: expect.stringMatching(/^herald-[0-9a-f]{16}$/),
      responders: [
        { type: 'team', name: 'AppSec' },
        { type: 'team', name: 'Platform' },
      ],
      tags: ['herald', 'sca_policy_has_been_triggered', 'blocker'],
      entity: 'payments-api',
      source: 'Herald',
      // A blocking policy: P1 by default.
      priority: 'P1',
      details: { Project: 'payments-api', Vulnerability: 'CVE-2021-44228' },
    });
    expect(String(first!.description)).toContain('Policy: Block critical CVEs in production');
    expect(second).toMatchObject({ priority: 'P3', tags: ['herald', 'sca_policy_has_been_triggered', 'medium'] });
    expect(attempts().map((a) => [a.outcome, a.status_code])).toEqual([
      ['delivered', 202],
      ['delivered', 202],
    ]);
    const full = await engine.handlers['log.attempt']({ id: attempts()[0]!.id });
    expect(JSON.stringify(full)).not.toContain(og.apiKey);
  });

  it('cuts the message to Opsgenie’s 130 characters and maps priorities through the setting', async () => {
    const saved = await create(input({ message_template: '{{ event.payload.policy_name }} {{ event.payload.policy_name }} {{ event.payload.policy_name }} {{ event.payload.policy_name }}', priority_map: { blocker: 'P2' } }));
    await rule(saved.id);
    alert();
    await advance(engine, clock, 5000);
    const body = JSON.parse(creates()[0]!.body) as { message: string; priority: string };
    expect(body.message).toHaveLength(130);
    expect(body.message.endsWith('…')).toBe(true);
    expect(body.priority).toBe('P2');
  });

  it('deduplicates by alias across scans and closes by alias when a scan finishes without the alert', async () => {
    const saved = await create(input());
    await rule(saved.id);
    scan('started');
    alert({ vulnerability: 'CVE-2021-44228' });
    alert({ vulnerability: 'CVE-2021-45046' });
    scan('finished');
    await advance(engine, clock, 5000);
    expect(og.open).toHaveLength(2);
    expect(closes()).toHaveLength(0);

    scan('started');
    alert({ vulnerability: 'CVE-2021-44228' });
    scan('finished');
    await advance(engine, clock, 5000);
    expect(og.open).toHaveLength(1);
    expect(og.open[0]!.count).toBe(2);
    expect(closes()).toHaveLength(1);
    expect(closes()[0]!.query).toBe('identifierType=alias');
    expect(JSON.parse(closes()[0]!.body)).toMatchObject({ source: 'Herald', note: expect.stringContaining('no longer reports') });

    scan('started');
    scan('finished');
    await advance(engine, clock, 5000);
    expect(og.open).toHaveLength(0);
    expect(closes()).toHaveLength(2);
    expect(attempts().every((a) => a.outcome === 'delivered')).toBe(true);
  });

  it('a wrong API key (401 Could not authenticate) disables the integration with the hint; delivered after the fix', async () => {
    const saved = await create(input({}, '00000000-0000-0000-0000-000000000000'));
    await rule(saved.id);
    alert();
    await advance(engine, clock, 5000);
    expect(attempts()[0]).toMatchObject({ outcome: 'failed', status_code: 401, classification: 'auth' });
    expect(attempts()[0]!.error).toBe(
      'Opsgenie says 401: the API key was not accepted. [Could not authenticate] Use the API key of an API integration with Create and Update Access (Settings → Integrations → API); an account API key cannot create alerts.',
    );
    const health = engine.getIntegration(saved.id).health;
    expect(health).toMatchObject({ state: 'disabled', pending_deliveries: 1 });
    expect(translateValidation(health.disabled_reason!, 'ru')).toContain('ключ API не принят');
    await engine.handlers['integrations.update']({ id: saved.id, input: OpsgenieInputSchema.parse(input()) });
    await advance(engine, clock, 5000);
    expect(og.open).toHaveLength(1);
  });

  it('a 422 costs only that delivery, with Opsgenie’s field errors shown', async () => {
    const saved = await create(input());
    await rule(saved.id);
    og.failNext(1, { status: 'invalid' });
    alert();
    alert({ vulnerability: 'CVE-2022-0001' });
    await advance(engine, clock, 5000);
    expect(attempts()[0]).toMatchObject({ outcome: 'failed', status_code: 422, classification: 'permanent' });
    expect(attempts()[0]!.error).toContain('Opsgenie says 422: the alert was rejected as invalid. [Request body is not valid; message: Message can not be empty.]');
    expect(translateValidation(attempts()[0]!.error!, 'ru')).toMatch(/^Opsgenie ответил 422: оповещение отклонено как некорректное\. \[Request body is not valid; .*\] Проверьте шаблон сообщения/);
    expect(attempts()[1]).toMatchObject({ outcome: 'delivered' });
    expect(engine.getIntegration(saved.id).health.state).not.toBe('disabled');
  });

  it('honours Retry-After on 429 (with the X-RateLimit headers), retries a 500, then delivers', async () => {
    const saved = await create(input());
    await rule(saved.id);
    og.failNext(1, { status: 429, retryAfterSeconds: 300 });
    alert();
    await advance(engine, clock, 5000);
    const limited = attempts().at(-1)!;
    expect(limited).toMatchObject({ outcome: 'retry', status_code: 429, classification: 'transient' });
    expect(limited.error).toContain('Opsgenie says 429: too many requests; Opsgenie asked to slow down.');
    expect(Date.parse(limited.next_attempt_at!) - Date.parse(limited.started_at)).toBe(300_000);
    await advance(engine, clock, 280_000);
    expect(og.open).toHaveLength(0);
    await advance(engine, clock, 20_000);
    expect(og.open).toHaveLength(1);

    og.failNext(1, { status: 500 });
    alert({ vulnerability: 'CVE-2022-0002' });
    await advance(engine, clock, 5000);
    expect(attempts().at(-1)).toMatchObject({ outcome: 'retry', status_code: 500, classification: 'transient' });
    await advance(engine, clock, 60_000);
    expect(og.open).toHaveLength(2);
    expect(attempts().at(-1)).toMatchObject({ outcome: 'delivered' });
  });

  it('Test it creates a P5 test alert, shows how Opsgenie processed it, and closes it; a wrong key fails with the hint', async () => {
    const good = await create(input());
    let report = await test(good.id);
    expect(report.ok).toBe(true);
    expect(report.steps.map((s) => [s.id, s.status])).toEqual([
      ['connect', 'ok'],
      ['create', 'ok'],
      ['status', 'ok'],
      ['close', 'ok'],
    ]);
    const alias = report.details!.alias!;
    expect(report.steps[1]!.detail).toBe(`Opsgenie accepted it (P5, tagged test): alias ${alias}`);
    expect(report.steps[2]!.detail).toBe('Opsgenie processed it: Created alert');
    expect(report.details!.request_id).toMatch(/^[0-9a-f-]{36}$/);
    expect(report.summary).toBe('Opsgenie accepted a test alert and it was closed at once.');
    const created = og.alerts.get(alias)!;
    expect(created).toMatchObject({ status: 'closed', body: { priority: 'P5', tags: ['herald', 'test'] } });
    for (const step of report.steps) expect(translateValidation(step.detail, 'ru'), step.detail).toMatch(/[А-Яа-я]/);

    // Processing is asynchronous: not processed yet is no failure.
    og.slowProcessing = true;
    report = await test(good.id);
    expect(report.ok).toBe(true);
    expect(report.steps[2]!.detail).toBe('Opsgenie has not processed it yet; it processes requests asynchronously.');

    const wrong = await create({ ...input({}, '00000000-0000-0000-0000-000000000000'), name: 'Wrong key' });
    report = await test(wrong.id);
    expect(report.ok).toBe(false);
    expect(report.steps.map((s) => [s.id, s.status])).toEqual([
      ['connect', 'ok'],
      ['create', 'failed'],
    ]);
    expect(report.summary).toBe('Opsgenie says 401: the API key was not accepted. [Could not authenticate]');
    expect(report.hint).toContain('Create and Update Access');
    expect(translateValidation(report.hint!, 'ru')).toMatch(/[А-Яа-я]/);
  });

  it('validates the API key, the region URL and the priority map, naming the field; EU is a base URL away', () => {
    const result = OpsgenieInputSchema.safeParse({ kind: 'opsgenie', name: 'x', settings: { api_base: 'ftp://x', priority_map: { high: 'P9' }, teams: [''] }, secrets: { api_key: 'not-a-key' } });
    expect(result.success).toBe(false);
    const messages = result.error!.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
    expect(messages).toContain('secrets.api_key: An Opsgenie API key looks like 1a2b3c4d-5e6f-…; copy it from the API integration');
    expect(messages).toContain('settings.priority_map.high: Opsgenie priority is P1, P2, P3, P4 or P5');
    expect(messages).toContain('settings.teams.0: Team names cannot be empty');
    for (const m of messages) expect(translateValidation(m.slice(m.indexOf(': ') + 2), 'ru')).toMatch(/[А-Яа-я]/);
    const eu = OpsgenieInputSchema.parse({ kind: 'opsgenie', name: 'x', settings: { api_base: 'https://api.eu.opsgenie.com' }, secrets: {} }).settings;
    expect(eu).toMatchObject({ api_base: 'https://api.eu.opsgenie.com', resolve_on_clean_scan: true, priority_map: { blocker: 'P1', critical: 'P1', high: 'P2', medium: 'P3', low: 'P4', info: 'P5', other: 'P3' } });
  });

  it('the dry-run preview is the alert the channel sends, with the key masked', async () => {
    const event = { id: 'evt-1', trigger: 'sca_policy_has_been_triggered', created_at: '2026-12-01T10:00:00.000Z', project: 'payments-api', payload: example('sca_policy_has_been_triggered') };
    const preview = await previewDelivery({ kind: 'opsgenie', name: 'Opsgenie AppSec', settings: OpsgenieInputSchema.parse(input()).settings, secrets: {} }, { event, action: null, digest_events: [] }, 'Herald/test');
    expect(preview).toMatchObject({ kind: 'http', method: 'POST', url: `${og.origin}/v2/alerts`, headers: { authorization: 'GenieKey ••••••••' } });
    if (preview.kind !== 'http') throw new Error('not http');
    expect(JSON.parse(preview.body)).toMatchObject({ priority: 'P1', alias: expect.stringMatching(/^herald-/) });
  });

  it('Capture mode sends to the sandbox bin, never to Opsgenie', async () => {
    const saved = await create(input());
    await rule(saved.id);
    await invoke(engine.handlers, 'integrations.setSandbox', { id: saved.id, mode: 'capture' });
    alert();
    await advance(engine, clock, 5000);
    expect(og.requests).toHaveLength(0);
    const list = await invoke(engine.handlers, 'sandbox.list', { integration_id: saved.id });
    if (!list.ok) throw new Error(list.error.message);
    expect(list.value.captures).toHaveLength(1);
    const got = await invoke(engine.handlers, 'sandbox.get', { id: list.value.captures[0]!.id });
    if (!got.ok) throw new Error(got.error.message);
    const capture = got.value as CapturedRequest;
    expect(capture.path).toBe('/v2/alerts');
    expect(JSON.parse(capture.body)).toMatchObject({ source: 'Herald', priority: 'P1' });
  });
});
