import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { findTrigger } from '../../main/contract/catalogue.js';
import { InsightConnectInputSchema, RuleInputSchema, type CapturedRequest, type Integration, type LogEntry } from '../../main/contract/index.js';
import type { VirtualClock } from '../../main/engine/clock.js';
import type { Engine } from '../../main/engine/engine.js';
import { invoke } from '../../main/engine/invoke.js';
import { previewDelivery } from '../../main/engine/preview.js';
import { translateValidation } from '../../renderer/src/i18n/validation-messages.js';
import { InsightConnectFake } from '../support/log-receivers-fake.js';
import { advance, tempDir, virtualEngine } from '../support/world.js';

type IcInput = z.input<typeof InsightConnectInputSchema>;

/** InsightConnect through the real channel against a fake API trigger, on a real SQLite file. */
describe('Rapid7 InsightConnect (issue 8)', () => {
  let dir: ReturnType<typeof tempDir>;
  let engine: Engine;
  let clock: VirtualClock;
  let ic: InsightConnectFake;

  beforeEach(async () => {
    dir = tempDir();
    ({ engine, clock } = virtualEngine(dir.path));
    ic = await InsightConnectFake.start();
  });
  afterEach(async () => {
    await engine.close();
    await ic.close();
    dir.remove();
  });

  const input = (secrets: IcInput['secrets'] = {}): IcInput => ({
    kind: 'insightconnect',
    name: 'Triage workflow',
    settings: { timeout_ms: 3000 },
    secrets: { trigger_url: ic.triggerUrl, api_key: ic.apiKey, ...secrets },
  });
  const create = async (i: IcInput): Promise<Integration> => engine.handlers['integrations.create'](InsightConnectInputSchema.parse(i));
  const rule = async (integrationId: string) =>
    engine.handlers['rules.create'](RuleInputSchema.parse({ name: 'Policies to InsightConnect', triggers: ['sca_policy_has_been_triggered'], actions: [{ integration_id: integrationId, params: {} }] }));
  const alert = (over: Record<string, unknown> = {}) => engine.fireEvent({ trigger: 'sca_policy_has_been_triggered', payload: { ...structuredClone(findTrigger('sca_policy_has_been_triggered')!.example), ...over } }, 'api');
  const attempts = () =>
    engine.repo
      .logPage(undefined, 1000)
      .filter((e): e is Extract<LogEntry, { type: 'attempt' }> & { seq: number } => e.type === 'attempt')
      .map((e) => e.attempt)
      .reverse();
  const test = (id: string) => engine.handlers['integrations.test']({ id });

  it('starts one workflow job per event with the record and the API key; the log keeps the job id, not the secrets', async () => {
    const saved = await create(input());
    expect(JSON.stringify(saved)).not.toContain(ic.workflowId);
    expect(JSON.stringify(saved)).not.toContain(ic.apiKey!);
    await rule(saved.id);
    alert();
    alert({ vulnerability: 'CVE-2022-22965' });
    await advance(engine, clock, 6000);

    expect(ic.jobs).toHaveLength(2);
    expect(ic.requests[0]!.headers['x-api-key']).toBe(ic.apiKey);
    expect(ic.jobs[0]!.event).toMatchObject({
      message: 'Block critical CVEs in production: CVE-2021-44228 in payments-api',
      trigger: 'sca_policy_has_been_triggered',
      project: 'payments-api',
      policy: 'Block critical CVEs in production',
      severity: 'critical',
      vulnerability: 'CVE-2021-44228',
    });
    expect(ic.jobs[1]!.event.vulnerability).toBe('CVE-2022-22965');
    expect(attempts().map((a) => a.outcome)).toEqual(['delivered', 'delivered']);
    const detail = await engine.handlers['log.attempt']({ id: attempts()[0]!.id });
    const log = JSON.stringify([engine.repo.logPage(undefined, 100), detail]);
    // The attempt's response shows the job the workflow started.
    expect(JSON.stringify(detail)).toContain(ic.jobs[0]!.job_id);
    expect(log).not.toContain(ic.workflowId);
    expect(log).not.toContain(ic.apiKey!);
  });

  it('a missing or wrong API key (401) disables the integration with the reason; after the fix the event goes out', async () => {
    const saved = await create(input({ api_key: null }));
    await rule(saved.id);
    alert();
    await advance(engine, clock, 6000);
    expect(attempts()[0]).toMatchObject({ outcome: 'failed', status_code: 401, classification: 'auth' });
    expect(attempts()[0]!.error).toContain('InsightConnect says 401: the API key is missing or not valid. InsightConnect said: “Unauthorized”. If the trigger requires an API key');
    const health = engine.getIntegration(saved.id).health;
    expect(health).toMatchObject({ state: 'disabled', pending_deliveries: 1 });
    expect(translateValidation(health.disabled_reason!, 'ru')).toMatch(/API-ключ не передан или недействителен\. Ответ InsightConnect: «Unauthorized»\. Если триггер требует API-ключ/);

    await engine.handlers['integrations.update']({ id: saved.id, input: InsightConnectInputSchema.parse(input()) });
    await advance(engine, clock, 6000);
    expect(ic.jobs).toHaveLength(1);
  });

  it('a deactivated workflow (404) costs that event with the hint, without disabling', async () => {
    ic.active = false;
    const saved = await create(input());
    await rule(saved.id);
    alert();
    await advance(engine, clock, 6000);
    expect(attempts()[0]).toMatchObject({ outcome: 'failed', status_code: 404, classification: 'permanent' });
    expect(attempts()[0]!.error).toContain('InsightConnect says 404: no active workflow has this trigger.');
    expect(attempts()[0]!.error).toContain('activate the workflow in InsightConnect');
    expect(engine.getIntegration(saved.id).health.state).not.toBe('disabled');
  });

  it('honours Retry-After on 429 exactly, retries a 502 on the schedule, then delivers', async () => {
    const saved = await create(input());
    await rule(saved.id);
    ic.failNext(1, { status: 429, retryAfterSeconds: 90 });
    alert();
    await advance(engine, clock, 6000);
    const limited = attempts().at(-1)!;
    expect(limited).toMatchObject({ outcome: 'retry', status_code: 429, classification: 'transient' });
    expect(Date.parse(limited.next_attempt_at!) - Date.parse(limited.started_at)).toBe(90_000);
    await advance(engine, clock, 80_000);
    expect(ic.jobs).toHaveLength(0);
    await advance(engine, clock, 10_000);
    expect(ic.jobs).toHaveLength(1);

    ic.failNext(1, { status: 502 });
    alert({ vulnerability: 'CVE-2022-0002' });
    await advance(engine, clock, 6000);
    expect(attempts().at(-1)).toMatchObject({ outcome: 'retry', status_code: 502, classification: 'transient' });
    await advance(engine, clock, 60_000);
    expect(ic.jobs).toHaveLength(2);
  });

  it('Test it starts the workflow and shows the job; a wrong key and a deleted workflow are explained', async () => {
    const saved = await create(input());
    let report = await test(saved.id);
    expect(report.ok).toBe(true);
    expect(report.steps.map((s) => [s.id, s.status])).toEqual([
      ['connect', 'ok'],
      ['send', 'ok'],
    ]);
    const job = ic.jobs.at(-1)!.job_id;
    expect(report.steps[1]!.detail).toBe(`The workflow started job ${job}`);
    expect(report.summary).toBe(`InsightConnect started the workflow (job ${job}).`);
    expect(report.details).toMatchObject({ job_id: job, rrn: expect.stringContaining('workflow_job') });
    expect(translateValidation(report.summary, 'ru')).toBe(`InsightConnect запустил рабочий процесс (задание ${job}).`);

    const wrong = await create(input({ api_key: 'wrong-key-0000' }));
    report = await test(wrong.id);
    expect(report.ok).toBe(false);
    expect(report.summary).toBe('InsightConnect says 401: the API key is missing or not valid. InsightConnect said: “Unauthorized”.');
    expect(translateValidation(report.summary, 'ru')).toBe('InsightConnect ответил 401: API-ключ не передан или недействителен. Ответ InsightConnect: «Unauthorized».');

    ic.active = false;
    report = await test(saved.id);
    expect(report.hint).toContain('activate the workflow in InsightConnect');
  });

  it('validates the trigger URL and key in both languages', () => {
    const result = InsightConnectInputSchema.safeParse({ kind: 'insightconnect', name: 'x', settings: {}, secrets: { trigger_url: 'not a url', api_key: 'a b' } });
    expect(result.success).toBe(false);
    const messages = result.error!.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
    expect(messages).toContain('secrets.trigger_url: Paste the whole trigger URL, e.g. https://us.api.insight.rapid7.com/connect/v1/workflows/…/events/execute');
    expect(messages).toContain('secrets.api_key: An Insight API key is letters, digits and dashes: copy it from Insight Platform → API Key Management');
    for (const issue of result.error!.issues) expect(translateValidation(issue.message, 'ru')).toMatch(/[А-Яа-я]/);
  });

  it('the dry-run preview masks the trigger URL and the key', async () => {
    const event = { id: 'evt-1', trigger: 'sca_policy_has_been_triggered', created_at: '2026-12-01T10:00:00.000Z', project: 'payments-api', payload: structuredClone(findTrigger('sca_policy_has_been_triggered')!.example) };
    const preview = await previewDelivery({ kind: 'insightconnect', name: 'IC', settings: InsightConnectInputSchema.parse(input()).settings, secrets: { api_key: '••••' } }, { event, action: null, digest_events: [] }, 'Herald/test');
    expect(preview).toMatchObject({ kind: 'http', url: expect.stringContaining('/workflows/••••••••/'), headers: { 'x-api-key': '••••••••' } });
    if (preview.kind !== 'http') throw new Error('not http');
    expect(JSON.parse(preview.body)).toMatchObject({ vulnerability: 'CVE-2021-44228' });
  });

  it('Capture mode sends to the sandbox bin, never to InsightConnect', async () => {
    const saved = await create(input());
    await rule(saved.id);
    await invoke(engine.handlers, 'integrations.setSandbox', { id: saved.id, mode: 'capture' });
    alert();
    await advance(engine, clock, 6000);
    expect(ic.requests).toHaveLength(0);
    const list = await invoke(engine.handlers, 'sandbox.list', { integration_id: saved.id });
    if (!list.ok) throw new Error(list.error.message);
    const got = await invoke(engine.handlers, 'sandbox.get', { id: list.value.captures[0]!.id });
    if (!got.ok) throw new Error(got.error.message);
    expect((got.value as CapturedRequest).path).toBe(`/connect/v1/workflows/${ic.workflowId}/events/execute`);
  });
});
