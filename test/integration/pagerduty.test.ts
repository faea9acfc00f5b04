import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { findTrigger } from '../../main/contract/catalogue.js';
import { PagerDutyInputSchema, retryScheduleOf, RuleInputSchema, type CapturedRequest, type Integration, type LogEntry } from '../../main/contract/index.js';
import type { VirtualClock } from '../../main/engine/clock.js';
import type { Engine } from '../../main/engine/engine.js';
import { invoke } from '../../main/engine/invoke.js';
import { previewDelivery } from '../../main/engine/preview.js';
import { translateValidation } from '../../renderer/src/i18n/validation-messages.js';
import { PagerDutyFake } from '../support/incident-fakes.js';
import { closedPort } from '../support/receiver.js';
import { advance, tempDir, virtualEngine } from '../support/world.js';

type PagerDutyInput = z.input<typeof PagerDutyInputSchema>;

/** PagerDuty through the real channel against a fake Events API v2, on a real SQLite file. */
describe('PagerDuty (issue 8)', () => {
  let dir: ReturnType<typeof tempDir>;
  let engine: Engine;
  let clock: VirtualClock;
  let pd: PagerDutyFake;

  beforeEach(async () => {
    dir = tempDir();
    ({ engine, clock } = virtualEngine(dir.path));
    pd = await PagerDutyFake.start();
  });
  afterEach(async () => {
    await engine.close();
    await pd.close();
    dir.remove();
  });

  const input = (over: Partial<PagerDutyInput['settings']> = {}, key: string | null = pd.routingKey): PagerDutyInput => ({
    kind: 'pagerduty',
    name: 'PagerDuty AppSec',
    settings: { events_url: pd.eventsUrl, timeout_ms: 3000, ...over },
    secrets: { routing_key: key },
  });
  const create = async (i: PagerDutyInput): Promise<Integration> => engine.handlers['integrations.create'](PagerDutyInputSchema.parse(i));
  const rule = async (integrationId: string, conditions: unknown[] = []) =>
    engine.handlers['rules.create'](RuleInputSchema.parse({ name: 'Policies to PagerDuty', triggers: ['sca_policy_has_been_triggered'], conditions, actions: [{ integration_id: integrationId, params: {} }] }));
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
  const test = (id: string) => engine.handlers['integrations.test']({ id });

  it('triggers one alert per policy alert: dedup_key from the fingerprint, mapped severity, facts as custom_details', async () => {
    const saved = await create(input());
    expect(JSON.stringify(saved)).not.toContain(pd.routingKey);
    await rule(saved.id);
    alert();
    await advance(engine, clock, 5000);

    expect(pd.events).toHaveLength(1);
    const event = pd.events[0]! as { routing_key: string; event_action: string; dedup_key: string; client: string; payload: Record<string, unknown> };
    expect(event).toMatchObject({ routing_key: pd.routingKey, event_action: 'trigger', client: 'Herald' });
    expect(event.dedup_key).toMatch(/^herald-[0-9a-f]{16}$/);
    expect(event.payload).toMatchObject({
      summary: 'Block critical CVEs in production: CVE-2021-44228 in payments-api',
      source: 'payments-api',
      // The example policy blocks: Blocker → critical by default.
      severity: 'critical',
      component: 'org.apache.logging.log4j:log4j-core@2.14.1',
      group: 'payments-api',
      class: 'Block critical CVEs in production',
    });
    expect(event.payload.custom_details).toMatchObject({ Project: 'payments-api', Vulnerability: 'CVE-2021-44228', Policy: 'Block critical CVEs in production' });
    expect(Date.parse(String(event.payload.timestamp))).not.toBeNaN();

    const [attempt] = attempts();
    expect(attempt).toMatchObject({ outcome: 'delivered', status_code: 202 });
    // The routing key travels in the body: the log masks it there.
    const full = await engine.handlers['log.attempt']({ id: attempt!.id });
    expect(JSON.stringify(full)).toContain('"routing_key\\":\\"••••••••\\"');
    expect(JSON.stringify(full)).not.toContain(pd.routingKey);
  });

  it('maps severities through the setting: a non-blocking high finding becomes warning when so configured', async () => {
    const saved = await create(input({ severity_map: { high: 'warning' } }));
    await rule(saved.id);
    alert({ blocker: false, severity: 'high', vulnerability: 'CVE-2023-0001' });
    alert({ blocker: false, severity: 'low', vulnerability: 'CVE-2023-0002' });
    await advance(engine, clock, 5000);
    expect(pd.events.map((e) => (e.payload as { severity: string }).severity)).toEqual(['warning', 'info']);
  });

  it('deduplicates repeats: the same alert in the next scan folds into the open one; a scan that finishes without it resolves it', async () => {
    const saved = await create(input());
    await rule(saved.id);
    // Scan 1 reports two alerts.
    scan('started');
    alert({ vulnerability: 'CVE-2021-44228' });
    alert({ vulnerability: 'CVE-2021-45046' });
    scan('finished');
    await advance(engine, clock, 5000);
    expect(pd.open).toHaveLength(2);
    // Nothing was open before scan 1 finished, so its finish sent nothing.
    expect(pd.events.map((e) => e.event_action)).toEqual(['trigger', 'trigger']);

    // Scan 2 reports one of them again: same dedup_key, still one alert in PagerDuty.
    scan('started');
    alert({ vulnerability: 'CVE-2021-44228' });
    scan('finished');
    await advance(engine, clock, 5000);
    const kept = pd.open;
    expect(kept).toHaveLength(1);
    expect(kept[0]!.triggers).toBe(2);
    const resolves = pd.events.filter((e) => e.event_action === 'resolve');
    expect(resolves).toHaveLength(1);
    expect(resolves[0]!.dedup_key).not.toBe(kept[0]!.dedup_key);
    expect(resolves[0]).toEqual({ routing_key: pd.routingKey, event_action: 'resolve', dedup_key: resolves[0]!.dedup_key });

    // Scan 3 is clean: the last one is resolved; scan 4 is clean too and sends nothing more.
    scan('started');
    scan('finished');
    await advance(engine, clock, 5000);
    expect(pd.open).toHaveLength(0);
    scan('started');
    scan('finished');
    await advance(engine, clock, 5000);
    expect(pd.events.filter((e) => e.event_action === 'resolve')).toHaveLength(2);
    expect(attempts().every((a) => a.outcome === 'delivered')).toBe(true);
  });

  it('the dry run of a scan finish shows the resolve it would send, and why the rule takes the finish', async () => {
    const saved = await create(input());
    await rule(saved.id);
    const finished = { trigger: 'project_sca_analysis_finished', payload: example('project_sca_analysis_finished') };
    // Nothing open yet: nothing to resolve.
    let dry = await engine.dryRun(finished);
    expect(dry.deliveries).toHaveLength(0);
    expect(dry.skipped.map((s) => s.reason)).toEqual(['No alert it keeps open in this project is missing from the scan: nothing to resolve.']);

    alert();
    await advance(engine, clock, 5000);
    scan('started');
    dry = await engine.dryRun(finished);
    expect(dry.deliveries.map((d) => d.integration_name)).toEqual(['PagerDuty AppSec']);
    const preview = dry.deliveries[0]!.preview;
    if (preview.kind !== 'http') throw new Error('not http');
    expect(JSON.parse(preview.body)).toMatchObject({ routing_key: '••••••••', event_action: 'resolve' });
    const check = dry.checks.find((c) => c.name === 'Policies to PagerDuty')!;
    expect(check.matched).toBe(true);
    expect(check.reasons.at(-1)).toEqual({ ok: true, text: 'Finishes the scan: alerts it no longer reports are resolved' });
    // A dry run sends nothing.
    expect(pd.events.filter((e) => e.event_action === 'resolve')).toHaveLength(0);
  });

  it('resolves only in the project that was scanned, and not at all with resolving switched off', async () => {
    const saved = await create(input());
    await rule(saved.id);
    alert({ project_name: 'payments-api' });
    alert({ project_name: 'customer-portal' });
    await advance(engine, clock, 5000);
    scan('started', 'customer-portal');
    scan('finished', 'customer-portal');
    await advance(engine, clock, 5000);
    expect(pd.open.map((a) => (a.event.payload as { source: string }).source)).toEqual(['payments-api']);

    // A second integration with resolving off: the same billing alert goes to both, only the first resolves it.
    const off = await create({ ...input({ resolve_on_clean_scan: false }), name: 'No resolving' });
    await rule(off.id);
    alert({ project_name: 'billing', vulnerability: 'CVE-2024-1' });
    await advance(engine, clock, 5000);
    scan('started', 'billing');
    scan('finished', 'billing');
    await advance(engine, clock, 5000);
    const billing = pd.events.filter((e) => (e.payload as { source?: string } | undefined)?.source === 'billing');
    expect(billing).toHaveLength(2);
    expect(pd.events.filter((e) => e.event_action === 'resolve' && e.dedup_key === billing[0]!.dedup_key)).toHaveLength(1);
    expect(attempts().filter((a) => a.integration_id === off.id)).toHaveLength(1);
  });

  it('an unknown routing key (400 naming the routing key) disables the integration with the reason; delivered after the fix', async () => {
    const saved = await create(input({}, 'Rffffffffffffffffffffffffffffff0'));
    await rule(saved.id);
    alert();
    await advance(engine, clock, 5000);
    expect(attempts()[0]).toMatchObject({ outcome: 'failed', status_code: 400, classification: 'auth' });
    expect(attempts()[0]!.error).toBe(
      'PagerDuty says 400: the routing key was not accepted. [Event object is invalid; Invalid routing key] Copy the Integration Key of the service’s Events API v2 integration (Service → Integrations) and paste it as the routing key.',
    );
    const health = engine.getIntegration(saved.id).health;
    expect(health).toMatchObject({ state: 'disabled', pending_deliveries: 1 });
    expect(translateValidation(health.disabled_reason!, 'ru')).toContain('ключ маршрутизации не принят');

    await engine.handlers['integrations.update']({ id: saved.id, input: PagerDutyInputSchema.parse(input()) });
    await advance(engine, clock, 5000);
    expect(pd.events).toHaveLength(1);
  });

  it('an invalid event (400 not about the routing key) costs only that delivery, with PagerDuty\'s errors shown', async () => {
    const saved = await create(input());
    await rule(saved.id);
    pd.failNext(1, { status: 'invalid' });
    alert();
    alert({ vulnerability: 'CVE-2022-0001' });
    await advance(engine, clock, 5000);
    expect(attempts()[0]).toMatchObject({ outcome: 'failed', status_code: 400, classification: 'permanent' });
    expect(attempts()[0]!.error).toBe(
      "PagerDuty says 400: the event was rejected as invalid. [Event object is invalid; 'payload.summary' is missing or blank] Check the summary template; if it persists, report it as a Herald bug.",
    );
    expect(translateValidation(attempts()[0]!.error!, 'ru')).toMatch(/^PagerDuty ответил 400: событие отклонено как некорректное\. \[Event object is invalid; .*\] Проверьте шаблон заголовка/);
    expect(attempts()[1]).toMatchObject({ outcome: 'delivered' });
    expect(engine.getIntegration(saved.id).health.state).not.toBe('disabled');
  });

  it('honours Retry-After on 429; without it backs off by the retry schedule; retries a 500; then delivers', async () => {
    const saved = await create(input());
    await rule(saved.id);
    pd.failNext(1, { status: 429, retryAfterSeconds: 120 });
    alert();
    await advance(engine, clock, 5000);
    expect(attempts().at(-1)).toMatchObject({ outcome: 'retry', status_code: 429, classification: 'transient' });
    expect(Date.parse(attempts().at(-1)!.next_attempt_at!) - Date.parse(attempts().at(-1)!.started_at)).toBe(120_000);
    await advance(engine, clock, 100_000);
    expect(pd.events).toHaveLength(0);
    await advance(engine, clock, 20_000);
    expect(pd.events).toHaveLength(1);

    // PagerDuty documents no Retry-After: the schedule's first step.
    pd.failNext(1, { status: 429 });
    alert({ vulnerability: 'CVE-2022-0002' });
    await advance(engine, clock, 5000);
    const limited = attempts().at(-1)!;
    expect(limited).toMatchObject({ outcome: 'retry', status_code: 429 });
    expect(limited.error).toContain('PagerDuty says 429: too many events for this routing key');
    const firstStep = retryScheduleOf(engine.getIntegration(saved.id).policy.retry)[0]!;
    expect(Date.parse(limited.next_attempt_at!) - Date.parse(limited.started_at)).toBe(firstStep);

    await advance(engine, clock, firstStep + 1000);
    expect(pd.events).toHaveLength(2);

    pd.failNext(1, { status: 502 });
    alert({ vulnerability: 'CVE-2022-0003' });
    await advance(engine, clock, 5000);
    expect(attempts().at(-1)).toMatchObject({ outcome: 'retry', status_code: 502, classification: 'transient' });
    expect(attempts().at(-1)!.error).toBe('PagerDuty failed with 502. Herald retries on the schedule.');
    await advance(engine, clock, firstStep + 1000);
    expect(pd.events).toHaveLength(3);
    expect(attempts().at(-1)).toMatchObject({ outcome: 'delivered' });
  });

  it('a resolve that fails is retried and still resolves', async () => {
    const saved = await create(input());
    await rule(saved.id);
    alert();
    await advance(engine, clock, 5000);
    scan('started');
    scan('finished');
    pd.failNext(1, { status: 503 });
    await advance(engine, clock, 5000);
    expect(attempts().at(-1)).toMatchObject({ outcome: 'retry', status_code: 503 });
    expect(pd.open).toHaveLength(1);
    await advance(engine, clock, 120_000);
    expect(pd.open).toHaveLength(0);
    expect(attempts().at(-1)).toMatchObject({ outcome: 'delivered', status_code: 202 });
  });

  it('Test it triggers a test alert and resolves it at once, showing the dedup_key; failures name the fix', async () => {
    const good = await create(input());
    let report = await test(good.id);
    expect(report.ok).toBe(true);
    expect(report.steps.map((s) => [s.id, s.status])).toEqual([
      ['connect', 'ok'],
      ['trigger', 'ok'],
      ['resolve', 'ok'],
    ]);
    const key = report.details!.dedup_key!;
    expect(key).toMatch(/^herald-test-/);
    expect(report.steps[1]!.detail).toBe(`PagerDuty accepted the event: dedup_key ${key}`);
    expect(report.summary).toBe('PagerDuty accepted a test alert and it was resolved at once.');
    // Nobody is paged: the test alert is resolved.
    expect(pd.alerts.get(key)).toMatchObject({ status: 'resolved', severity: 'info' });
    expect(pd.open).toHaveLength(0);

    const wrong = await create({ ...input({}, 'Rffffffffffffffffffffffffffffff0'), name: 'Wrong key' });
    report = await test(wrong.id);
    expect(report.ok).toBe(false);
    expect(report.steps.map((s) => [s.id, s.status])).toEqual([
      ['connect', 'ok'],
      ['trigger', 'failed'],
    ]);
    expect(report.summary).toBe('PagerDuty says 400: the routing key was not accepted. [Event object is invalid; Invalid routing key]');
    expect(report.hint).toContain('Integration Key');
    for (const text of [report.summary, report.hint!, report.steps[1]!.label]) expect(translateValidation(text, 'ru')).toMatch(/[А-Яа-я]/);

    const refused = await create({ ...input({ events_url: `http://127.0.0.1:${await closedPort()}/v2/enqueue` }), name: 'Refused' });
    report = await test(refused.id);
    expect(report.steps.map((s) => [s.id, s.status])).toEqual([['connect', 'failed']]);

    const unsaved = await engine.handlers['integrations.test']({ input: PagerDutyInputSchema.parse({ kind: 'pagerduty', name: 'No key', settings: {}, secrets: {} }) });
    expect(unsaved).toMatchObject({ ok: false, summary: 'No routing key is stored: paste the Integration Key of an Events API v2 integration.' });
  });

  it('validates the routing key, the severity map and the summary template, naming the field', async () => {
    const result = PagerDutyInputSchema.safeParse({ kind: 'pagerduty', name: 'x', settings: { events_url: 'nope', severity_map: { high: 'major' } }, secrets: { routing_key: 'short' } });
    expect(result.success).toBe(false);
    const messages = result.error!.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
    expect(messages).toContain('secrets.routing_key: A routing key is the 32-character Integration Key of an Events API v2 integration');
    expect(messages).toContain('settings.severity_map.high: PagerDuty severity is critical, error, warning or info');
    expect(messages.some((m) => m.startsWith('settings.events_url: '))).toBe(true);
    const defaults = PagerDutyInputSchema.parse({ kind: 'pagerduty', name: 'x', settings: {}, secrets: {} }).settings;
    expect(defaults).toMatchObject({ events_url: 'https://events.pagerduty.com/v2/enqueue', resolve_on_clean_scan: true, severity_map: { blocker: 'critical', critical: 'critical', high: 'error', medium: 'warning', low: 'info', info: 'info', other: 'warning' } });
    await expect(create(input({ summary_template: '{% if event.project %}unclosed' }))).rejects.toMatchObject({
      details: { issues: [{ path: 'settings.summary_template', message: expect.stringContaining('not closed') }] },
    });
  });

  it('the dry-run preview is the event the channel sends, with the routing key masked', async () => {
    const event = { id: 'evt-1', trigger: 'sca_policy_has_been_triggered', created_at: '2026-12-01T10:00:00.000Z', project: 'payments-api', payload: example('sca_policy_has_been_triggered') };
    const preview = await previewDelivery({ kind: 'pagerduty', name: 'PagerDuty AppSec', settings: PagerDutyInputSchema.parse(input()).settings, secrets: {} }, { event, action: null, digest_events: [] }, 'Herald/test');
    expect(preview).toMatchObject({ kind: 'http', method: 'POST', url: pd.eventsUrl });
    if (preview.kind !== 'http') throw new Error('not http');
    expect(JSON.parse(preview.body)).toMatchObject({ routing_key: '••••••••', event_action: 'trigger', dedup_key: expect.stringMatching(/^herald-/), payload: { severity: 'critical' } });
  });

  it('Capture mode sends to the sandbox bin, never to PagerDuty, and never with the real routing key', async () => {
    const saved = await create(input());
    await rule(saved.id);
    const switched = await invoke(engine.handlers, 'integrations.setSandbox', { id: saved.id, mode: 'capture' });
    expect(switched.ok).toBe(true);
    alert();
    await advance(engine, clock, 5000);
    expect(pd.requests).toHaveLength(0);
    const list = await invoke(engine.handlers, 'sandbox.list', { integration_id: saved.id });
    if (!list.ok) throw new Error(list.error.message);
    expect(list.value.captures).toHaveLength(1);
    const got = await invoke(engine.handlers, 'sandbox.get', { id: list.value.captures[0]!.id });
    if (!got.ok) throw new Error(got.error.message);
    const capture = got.value as CapturedRequest;
    expect(capture.path).toBe('/v2/enqueue');
    expect(capture.body).not.toContain(pd.routingKey);
    expect(JSON.parse(capture.body)).toMatchObject({ event_action: 'trigger', payload: { source: 'payments-api' } });
  });
});
