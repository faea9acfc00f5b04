import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { findTrigger } from '../../main/contract/catalogue.js';
import { RuleInputSchema, TeamsInputSchema, type CapturedRequest, type Integration, type LogEntry } from '../../main/contract/index.js';
import type { VirtualClock } from '../../main/engine/clock.js';
import type { Engine } from '../../main/engine/engine.js';
import { invoke } from '../../main/engine/invoke.js';
import { previewDelivery } from '../../main/engine/preview.js';
import { translateValidation } from '../../renderer/src/i18n/validation-messages.js';
import { TeamsFake } from '../support/chat-fakes.js';
import { closedPort } from '../support/receiver.js';
import { advance, tempDir, virtualEngine } from '../support/world.js';

type TeamsInput = z.input<typeof TeamsInputSchema>;
type Card = { type: string; attachments: { contentType: string; content: { type: string; version: string; fallbackText: string; body: Record<string, unknown>[] } }[] };

/** Microsoft Teams through the real channel against a fake Workflows/connector endpoint, on a real SQLite file. */
describe('Microsoft Teams (issue 8)', () => {
  let dir: ReturnType<typeof tempDir>;
  let engine: Engine;
  let clock: VirtualClock;
  let teams: TeamsFake;

  beforeEach(async () => {
    dir = tempDir();
    ({ engine, clock } = virtualEngine(dir.path));
    teams = await TeamsFake.start();
  });
  afterEach(async () => {
    await engine.close();
    await teams.close();
    dir.remove();
  });

  const input = (url = teams.workflowUrl(), settings: Partial<TeamsInput['settings']> = {}): TeamsInput => ({ kind: 'teams', name: 'Teams AppSec', settings: { timeout_ms: 3000, ...settings }, secrets: { webhook_url: url } });
  const create = async (i: TeamsInput): Promise<Integration> => engine.handlers['integrations.create'](TeamsInputSchema.parse(i));
  const rule = async (integrationId: string) =>
    engine.handlers['rules.create'](RuleInputSchema.parse({ name: 'Policies to Teams', triggers: ['sca_policy_has_been_triggered'], actions: [{ integration_id: integrationId, params: {} }] }));
  const alert = (over: Record<string, unknown> = {}) => engine.fireEvent({ trigger: 'sca_policy_has_been_triggered', payload: { ...structuredClone(findTrigger('sca_policy_has_been_triggered')!.example), ...over } }, 'api');
  const attempts = () =>
    engine.repo
      .logPage(undefined, 1000)
      .filter((e): e is Extract<LogEntry, { type: 'attempt' }> & { seq: number } => e.type === 'attempt')
      .map((e) => e.attempt)
      .reverse();
  const test = (id: string) => engine.handlers['integrations.test']({ id });

  it('posts one Adaptive Card per alert to the workflow: title, facts, footer, fallback text; the URL stays secret', async () => {
    const saved = await create(input());
    expect(JSON.stringify(saved)).not.toContain(teams.signature);
    await rule(saved.id);
    alert();
    await advance(engine, clock, 5000);

    expect(teams.posts).toHaveLength(1);
    const message = teams.posts[0] as unknown as Card;
    expect(message.type).toBe('message');
    const [attachment] = message.attachments;
    expect(attachment!.contentType).toBe('application/vnd.microsoft.card.adaptive');
    const card = attachment!.content;
    expect(card).toMatchObject({ type: 'AdaptiveCard', version: '1.4', fallbackText: 'Block critical CVEs in production: CVE-2021-44228 in payments-api' });
    expect(card.body.map((b) => b.type)).toEqual(['Container', 'FactSet', 'TextBlock']);
    expect(card.body[0]).toMatchObject({ style: 'attention', items: [{ type: 'TextBlock', text: card.fallbackText, weight: 'Bolder' }] });
    const facts = (card.body[1]!.facts as { title: string; value: string }[]).map((f) => f.title);
    expect(facts).toEqual(['Trigger', 'Project', 'Policy', 'Severity', 'Dependency', 'Vulnerability']);
    expect(card.body[1]!.facts).toContainEqual({ title: 'Vulnerability', value: 'CVE-2021-44228' });
    expect(card.body[2]!.text).toContain('Herald · Teams AppSec · event ');

    const [attempt] = attempts();
    expect(attempt).toMatchObject({ outcome: 'delivered', status_code: 202 });
    expect(JSON.stringify(attempts())).not.toContain(teams.signature);
  });

  it('a legacy connector answers 200 "1" and gets the same card; its throttling inside a 200 is a retry', async () => {
    const saved = await create(input(teams.connectorUrl, { text_template: '{{ event.payload.vulnerability }} hit {{ event.project }}' }));
    await rule(saved.id);
    teams.failNext(1, { status: 'legacy429' });
    alert();
    await advance(engine, clock, 5000);
    expect(attempts().at(-1)).toMatchObject({ outcome: 'retry', status_code: 200, classification: 'transient' });
    expect(attempts().at(-1)!.error).toContain('Teams says 429: too many requests; Teams asked to slow down.');
    await advance(engine, clock, 60_000);
    expect(teams.posts).toHaveLength(1);
    expect((teams.posts[0] as unknown as Card).attachments[0]!.content.fallbackText).toBe('CVE-2021-44228 hit payments-api');
    expect(attempts().at(-1)).toMatchObject({ outcome: 'delivered', status_code: 200 });
  });

  it('a wrong signature (401) disables the integration with the reason and keeps the message; delivered after the fix', async () => {
    const saved = await create(input(teams.workflowUrl('forged')));
    await rule(saved.id);
    alert();
    await advance(engine, clock, 5000);
    expect(attempts()[0]).toMatchObject({ outcome: 'failed', status_code: 401, classification: 'auth' });
    expect(attempts()[0]!.error).toContain('Teams says 401 DirectApiAuthorizationRequired: the workflow refused the request.');
    const health = engine.getIntegration(saved.id).health;
    expect(health).toMatchObject({ state: 'disabled', pending_deliveries: 1 });
    expect(translateValidation(health.disabled_reason!, 'ru')).toMatch(/рабочий процесс отклонил запрос/);

    await engine.handlers['integrations.update']({ id: saved.id, input: TeamsInputSchema.parse(input()) });
    await advance(engine, clock, 5000);
    expect(teams.posts).toHaveLength(1);
  });

  it('honours Retry-After on 429 to the millisecond, retries a 502 on the schedule, and a rejected card costs only that message', async () => {
    const saved = await create(input());
    await rule(saved.id);
    teams.failNext(1, { status: 429, retryAfterSeconds: 600 });
    alert();
    await advance(engine, clock, 5000);
    const throttled = attempts().at(-1)!;
    expect(throttled).toMatchObject({ outcome: 'retry', status_code: 429, classification: 'transient' });
    expect(Date.parse(throttled.next_attempt_at!) - Date.parse(throttled.started_at)).toBe(600_000);
    await advance(engine, clock, 590_000);
    expect(teams.posts).toHaveLength(0);
    await advance(engine, clock, 15_000);
    expect(teams.posts).toHaveLength(1);

    teams.failNext(1, { status: 502 });
    alert({ vulnerability: 'CVE-2022-0002' });
    await advance(engine, clock, 5000);
    expect(attempts().at(-1)).toMatchObject({ outcome: 'retry', status_code: 502, classification: 'transient' });
    await advance(engine, clock, 60_000);
    expect(teams.posts).toHaveLength(2);

    teams.failNext(1, { status: 400 });
    alert({ vulnerability: 'CVE-2022-0003' });
    await advance(engine, clock, 5000);
    expect(attempts().at(-1)).toMatchObject({ outcome: 'failed', status_code: 400, classification: 'permanent' });
    expect(attempts().at(-1)!.error).toContain('Teams says 400 TriggerInputSchemaMismatch: the message was rejected as malformed.');
    expect(engine.getIntegration(saved.id).health.state).not.toBe('disabled');
  });

  it('Test it posts a test card and explains 202; a deleted flow, a refused port and a missing URL name the fix', async () => {
    const good = await create(input());
    let report = await test(good.id);
    expect(report).toMatchObject({ ok: true, summary: 'Teams accepted the test message.' });
    expect(report.steps.map((s) => [s.id, s.status])).toEqual([
      ['connect', 'ok'],
      ['send', 'ok'],
    ]);
    expect(report.steps[1]!.detail).toBe("Teams accepted it (202 Accepted); the workflow posts it. If nothing appears, open the workflow's run history.");
    expect((teams.posts.at(-1) as unknown as Card).attachments[0]!.content.fallbackText).toBe('Test message from Herald (Teams AppSec)');

    const connector = await create(input(teams.connectorUrl));
    report = await test(connector.id);
    expect(report.steps[1]!.detail).toBe('The connector posted it (200, "1").');

    const deleted = await create(input(teams.workflowUrl(teams.signature, 'ffffffff')));
    report = await test(deleted.id);
    expect(report.ok).toBe(false);
    expect(report.summary).toBe('Teams says 404 WorkflowNotFound: the workflow was deleted or turned off, or the URL is incomplete.');
    expect(report.hint).toBe('Turn the workflow on in Power Automate (or create it again) and paste its URL.');
    for (const text of [report.summary, report.hint!, report.steps[1]!.detail]) expect(translateValidation(text, 'ru')).toMatch(/[А-Яа-я]/);

    const refused = await create(input(`http://127.0.0.1:${await closedPort()}/workflows/x/triggers/manual/paths/invoke?sig=x`));
    report = await test(refused.id);
    expect(report.steps.map((s) => [s.id, s.status])).toEqual([['connect', 'failed']]);

    const unsaved = await engine.handlers['integrations.test']({ input: TeamsInputSchema.parse({ kind: 'teams', name: 'No URL', settings: {}, secrets: {} }) });
    expect(unsaved).toMatchObject({ ok: false, summary: 'No webhook URL is stored: paste the Teams workflow URL.' });
    // Passes the schema's shape check, but no URL parser takes it: a config error, not a crash.
    const unparsable = await engine.handlers['integrations.test']({ input: TeamsInputSchema.parse({ kind: 'teams', name: 'Bad URL', settings: {}, secrets: { webhook_url: 'http://[bad/x' } }) });
    expect(unparsable).toMatchObject({ ok: false, summary: 'The stored webhook URL is not a valid URL: paste it again.' });
  });

  it('the dry-run preview is the card the channel sends, with the URL masked', async () => {
    const event = { id: 'evt-1', trigger: 'sca_policy_has_been_triggered', created_at: '2026-12-01T10:00:00.000Z', project: 'payments-api', payload: structuredClone(findTrigger('sca_policy_has_been_triggered')!.example) };
    const preview = await previewDelivery({ kind: 'teams', name: 'Teams AppSec', settings: TeamsInputSchema.parse(input()).settings, secrets: {} }, { event, action: null, digest_events: [] }, 'Herald/test');
    expect(preview).toMatchObject({ kind: 'http', method: 'POST', url: 'https://••••••••/workflows/••••••••' });
    if (preview.kind !== 'http') throw new Error('not http');
    expect(JSON.parse(preview.body)).toMatchObject({ type: 'message', attachments: [{ contentType: 'application/vnd.microsoft.card.adaptive' }] });
  });

  it('validates the URL and the text template at save, naming the field', async () => {
    const bad = TeamsInputSchema.safeParse({ kind: 'teams', name: 'x', settings: {}, secrets: { webhook_url: 'prod-00.logic.azure.com/workflows' } });
    expect(bad.error!.issues.map((i) => `${i.path.join('.')}: ${i.message}`)).toContain('secrets.webhook_url: Paste the whole workflow URL, e.g. https://prod-00.westeurope.logic.azure.com:443/workflows/…');
    await expect(create(input(teams.workflowUrl(), { text_template: '{% if event.project %}unclosed' }))).rejects.toMatchObject({
      details: { issues: [{ path: 'settings.text_template', message: expect.stringContaining('not closed') }] },
    });
  });

  it('Capture mode sends to the sandbox bin with the path and signature kept, never to Teams', async () => {
    const saved = await create(input());
    await rule(saved.id);
    expect((await invoke(engine.handlers, 'integrations.setSandbox', { id: saved.id, mode: 'capture' })).ok).toBe(true);
    alert();
    await advance(engine, clock, 5000);
    expect(teams.requests).toHaveLength(0);
    const list = await invoke(engine.handlers, 'sandbox.list', { integration_id: saved.id });
    if (!list.ok) throw new Error(list.error.message);
    expect(list.value.captures).toHaveLength(1);
    const got = await invoke(engine.handlers, 'sandbox.get', { id: list.value.captures[0]!.id });
    if (!got.ok) throw new Error(got.error.message);
    const capture = got.value as CapturedRequest;
    expect(capture.path).toBe(`/workflows/${teams.flowId}/triggers/manual/paths/invoke`);
    expect(JSON.parse(capture.body)).toMatchObject({ type: 'message', attachments: [{ content: { type: 'AdaptiveCard' } }] });
  });
});
