import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { findTrigger } from '../../main/contract/catalogue.js';
import { RuleInputSchema, SlackInputSchema, type CapturedRequest, type Integration, type LogEntry } from '../../main/contract/index.js';
import type { VirtualClock } from '../../main/engine/clock.js';
import type { Engine } from '../../main/engine/engine.js';
import { invoke } from '../../main/engine/invoke.js';
import { previewDelivery } from '../../main/engine/preview.js';
import { translateValidation } from '../../renderer/src/i18n/validation-messages.js';
import { closedPort } from '../support/receiver.js';
import { SlackFake } from '../support/slack-fake.js';
import { advance, tempDir, virtualEngine } from '../support/world.js';

type SlackInput = z.input<typeof SlackInputSchema>;

/** Slack through the real channel against a fake that answers as Slack documents, on a real SQLite file. */
describe('Slack (issue 8)', () => {
  let dir: ReturnType<typeof tempDir>;
  let engine: Engine;
  let clock: VirtualClock;
  let slack: SlackFake;

  beforeEach(async () => {
    dir = tempDir();
    ({ engine, clock } = virtualEngine(dir.path));
    slack = await SlackFake.start();
  });
  afterEach(async () => {
    await engine.close();
    await slack.close();
    dir.remove();
  });

  const webhookInput = (url = slack.webhookUrl): SlackInput => ({ kind: 'slack', name: 'Slack #security', settings: { mode: 'webhook', timeout_ms: 3000 }, secrets: { webhook_url: url } });
  const botInput = (channel = '#security-alerts', token = slack.token): SlackInput => ({
    kind: 'slack',
    name: 'Slack bot',
    settings: { mode: 'bot', channel, api_base: slack.apiBase, timeout_ms: 3000 },
    secrets: { bot_token: token },
  });
  const create = async (input: SlackInput): Promise<Integration> => engine.handlers['integrations.create'](SlackInputSchema.parse(input));
  const rule = async (integrationId: string) =>
    engine.handlers['rules.create'](RuleInputSchema.parse({ name: 'Policies to Slack', triggers: ['sca_policy_has_been_triggered'], actions: [{ integration_id: integrationId, params: {} }] }));
  const alert = (over: Record<string, unknown> = {}) => engine.fireEvent({ trigger: 'sca_policy_has_been_triggered', payload: { ...structuredClone(findTrigger('sca_policy_has_been_triggered')!.example), ...over } }, 'api');
  const attempts = () =>
    engine.repo
      .logPage(undefined, 1000)
      .filter((e): e is Extract<LogEntry, { type: 'attempt' }> & { seq: number } => e.type === 'attempt')
      .map((e) => e.attempt)
      .reverse();
  const test = (id: string) => engine.handlers['integrations.test']({ id });

  it('posts one Block Kit message per alert through the incoming webhook: header, fields, context and a text fallback', async () => {
    const saved = await create(webhookInput());
    // The webhook URL is the credential: masked in every output.
    expect(saved.secrets.webhook_url).toMatchObject({ is_set: true });
    expect(JSON.stringify(saved)).not.toContain('abcdefghijklmnop');
    await rule(saved.id);
    alert();
    await advance(engine, clock, 5000);

    expect(slack.posts).toHaveLength(1);
    const [post] = slack.posts;
    expect(post!.text).toBe('Block critical CVEs in production: CVE-2021-44228 in payments-api');
    const blocks = post!.blocks as { type: string; text?: { text: string }; fields?: { text: string }[]; elements?: { text: string }[] }[];
    expect(blocks.map((b) => b.type)).toEqual(['header', 'section', 'context']);
    expect(blocks[0]!.text!.text).toBe(post!.text);
    const fields = blocks[1]!.fields!.map((f) => f.text);
    expect(fields[0]).toMatch(/^\*Trigger\*\n/);
    expect(fields).toContain('*Project*\npayments-api');
    expect(fields).toContain('*Policy*\nBlock critical CVEs in production');
    expect(fields.some((f) => f.startsWith('*Severity*\ncritical'))).toBe(true);
    expect(fields.some((f) => f.startsWith('*Dependency*\norg.apache.logging.log4j:log4j-core'))).toBe(true);
    expect(fields).toContain('*Vulnerability*\nCVE-2021-44228');
    expect(blocks[2]!.elements![0]!.text).toContain('Herald · Slack #security · event ');

    const [attempt] = attempts();
    expect(attempt).toMatchObject({ outcome: 'delivered', status_code: 200 });
    // The log shows where it went, but not the secret path.
    expect(JSON.stringify(attempt)).not.toContain('abcdefghijklmnop');
  });

  it('posts through chat.postMessage with the bot token to the channel, with a custom text template', async () => {
    const saved = await create({ ...botInput(), settings: { ...botInput().settings, text_template: '{{ event.payload.vulnerability }} hit {{ event.project }}' } });
    await rule(saved.id);
    alert();
    await advance(engine, clock, 5000);
    expect(slack.posts).toEqual([expect.objectContaining({ via: 'api', channel: 'C0SEC0001', text: 'CVE-2021-44228 hit payments-api' })]);
    const req = slack.requests.find((r) => r.path === '/api/chat.postMessage')!;
    expect(req.headers.authorization).toBe(`Bearer ${slack.token}`);
    expect(JSON.stringify(attempts())).not.toContain(slack.token);
  });

  it('a revoked bot token disables the integration with the reason and keeps the message', async () => {
    const saved = await create(botInput('#security-alerts', 'xoxb-revoked-0000'));
    await rule(saved.id);
    alert();
    await advance(engine, clock, 5000);
    expect(attempts()[0]).toMatchObject({ outcome: 'failed', status_code: 200, classification: 'auth' });
    expect(attempts()[0]!.error).toContain('Slack says invalid_auth: the bot token was revoked or mistyped.');
    const health = engine.getIntegration(saved.id).health;
    expect(health).toMatchObject({ state: 'disabled', pending_deliveries: 1 });
    expect(translateValidation(health.disabled_reason!, 'ru')).toMatch(/токен бота отозван/);

    await engine.handlers['integrations.update']({ id: saved.id, input: SlackInputSchema.parse(botInput()) });
    await advance(engine, clock, 5000);
    expect(slack.posts).toHaveLength(1);
  });

  it('a removed webhook (403 invalid_token) disables; an archived or foreign channel costs only that message', async () => {
    const hook = await create(webhookInput(`${slack.origin}/services/T0001/B0001/removed`));
    await rule(hook.id);
    alert();
    await advance(engine, clock, 5000);
    expect(attempts().at(-1)).toMatchObject({ outcome: 'failed', status_code: 403, classification: 'auth' });
    expect(engine.getIntegration(hook.id).health.state).toBe('disabled');

    const archived = await create(botInput('#old-alerts'));
    const foreign = await create(botInput('#general'));
    await engine.handlers['rules.create'](
      RuleInputSchema.parse({ name: 'Both', triggers: ['sca_policy_has_been_triggered'], actions: [{ integration_id: archived.id, params: {} }, { integration_id: foreign.id, params: {} }] }),
    );
    alert({ vulnerability: 'CVE-2022-0001' });
    await advance(engine, clock, 5000);
    const byIntegration = (id: string) => attempts().filter((a) => a.integration_id === id);
    expect(byIntegration(archived.id).at(-1)).toMatchObject({ outcome: 'failed', classification: 'permanent' });
    expect(byIntegration(archived.id).at(-1)!.error).toContain('Slack says is_archived: the channel is archived.');
    expect(byIntegration(foreign.id).at(-1)!.error).toContain('Invite the bot to the channel');
    expect(engine.getIntegration(archived.id).health.state).not.toBe('disabled');
    expect(engine.getIntegration(foreign.id).health.state).not.toBe('disabled');
  });

  it('honours Retry-After on 429, retries a 500 on the schedule and then delivers', async () => {
    const saved = await create(webhookInput());
    await rule(saved.id);
    slack.failNext(1, { status: 429, retryAfterSeconds: 600 });
    alert();
    await advance(engine, clock, 5000);
    expect(attempts().at(-1)).toMatchObject({ outcome: 'retry', status_code: 429, classification: 'transient' });
    const next = Date.parse(attempts().at(-1)!.next_attempt_at!) - Date.parse(attempts().at(-1)!.started_at);
    expect(next).toBe(600_000);
    await advance(engine, clock, 60_000);
    expect(slack.posts).toHaveLength(0);
    await advance(engine, clock, 540_000);
    expect(slack.posts).toHaveLength(1);

    slack.failNext(1, { status: 500 });
    alert({ vulnerability: 'CVE-2022-0002' });
    await advance(engine, clock, 5000);
    expect(attempts().at(-1)).toMatchObject({ outcome: 'retry', status_code: 500, classification: 'transient' });
    expect(attempts().at(-1)!.error).toContain('Slack failed with 500.');
    await advance(engine, clock, 60_000);
    expect(slack.posts).toHaveLength(2);
    expect(attempts().at(-1)).toMatchObject({ outcome: 'delivered' });
  });

  it('Test it for a bot: auth.test names the workspace and bot, then a test message; failures name the fix', async () => {
    const good = await create(botInput());
    let report = await test(good.id);
    expect(report.ok).toBe(true);
    expect(report.steps.map((s) => [s.id, s.status])).toEqual([
      ['connect', 'ok'],
      ['auth', 'ok'],
      ['send', 'ok'],
    ]);
    expect(report.steps[1]!.detail).toBe('Signed in to Herald Test as herald_bot');
    expect(report.summary).toBe('Herald can post to #security-alerts.');
    expect(slack.posts.at(-1)!.text).toBe('Test message from Herald (Slack bot)');

    const revoked = await create(botInput('#security-alerts', 'xoxb-revoked-0000'));
    report = await test(revoked.id);
    expect(report.ok).toBe(false);
    expect(report.steps.map((s) => [s.id, s.status])).toEqual([
      ['connect', 'ok'],
      ['auth', 'failed'],
    ]);
    expect(report.summary).toBe('Slack says invalid_auth: the bot token was revoked or mistyped.');
    expect(report.hint).toBe('Create a new one under OAuth & Permissions and paste it here.');

    const outside = await create(botInput('#general'));
    report = await test(outside.id);
    expect(report.steps.map((s) => [s.id, s.status])).toEqual([
      ['connect', 'ok'],
      ['auth', 'ok'],
      ['send', 'failed'],
    ]);
    expect(report.hint).toContain('/invite @your-bot');
    for (const text of [report.summary, report.hint!, report.steps[0]!.detail, report.steps[1]!.detail]) expect(translateValidation(text, 'ru')).toMatch(/[А-Яа-я]/);
  });

  it('Test it for a webhook: only the send, with 404 no_service, a refused port and a missing URL explained', async () => {
    const good = await create(webhookInput());
    let report = await test(good.id);
    expect(report).toMatchObject({ ok: true, summary: 'Slack accepted the test message.' });
    expect(report.steps.map((s) => [s.id, s.status])).toEqual([
      ['connect', 'ok'],
      ['send', 'ok'],
    ]);

    slack.failNext(1, { status: 'webhook', code: 404, error: 'no_service' });
    report = await test(good.id);
    expect(report.ok).toBe(false);
    expect(report.summary).toBe('Slack says no_service: this incoming webhook was removed or disabled.');

    const refused = await create(webhookInput(`http://127.0.0.1:${await closedPort()}/services/T/B/x`));
    report = await test(refused.id);
    expect(report.ok).toBe(false);
    expect(report.steps.map((s) => [s.id, s.status])).toEqual([['connect', 'failed']]);
    expect(report.summary).toMatch(/refused/i);

    const unsaved = await engine.handlers['integrations.test']({ input: SlackInputSchema.parse({ kind: 'slack', name: 'No URL', settings: { mode: 'webhook' }, secrets: {} }) });
    expect(unsaved.ok).toBe(false);
    expect(unsaved.summary).toBe('No webhook URL is stored: paste the incoming webhook URL.');
  });

  it('rejects a bot without a channel and a token that is not a bot token, in both languages', () => {
    const result = SlackInputSchema.safeParse({ kind: 'slack', name: 'x', settings: { mode: 'bot', channel: '' }, secrets: { bot_token: 'not-a-token' } });
    expect(result.success).toBe(false);
    const messages = result.error!.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
    expect(messages).toContain('settings.channel: Enter the channel, e.g. #security-alerts or C0123ABCD');
    expect(messages).toContain('secrets.bot_token: A bot token starts with xoxb-; copy it from OAuth & Permissions');
    expect(SlackInputSchema.safeParse({ kind: 'slack', name: 'x', settings: { mode: 'bot', channel: 'Security Alerts' }, secrets: {} }).success).toBe(false);
  });

  it('the dry-run preview is the message the channel sends, with the webhook path and the token masked', async () => {
    const event = { id: 'evt-1', trigger: 'sca_policy_has_been_triggered', created_at: '2026-12-01T10:00:00.000Z', project: 'payments-api', payload: structuredClone(findTrigger('sca_policy_has_been_triggered')!.example) };
    const hook = await previewDelivery({ kind: 'slack', name: 'Slack #security', settings: SlackInputSchema.parse(webhookInput()).settings, secrets: {} }, { event, action: null, digest_events: [] }, 'Herald/test');
    expect(hook).toMatchObject({ kind: 'http', method: 'POST', url: 'https://hooks.slack.com/services/••••••••' });
    const bot = await previewDelivery({ kind: 'slack', name: 'Slack bot', settings: SlackInputSchema.parse(botInput()).settings, secrets: {} }, { event, action: null, digest_events: [] }, 'Herald/test');
    expect(bot).toMatchObject({ kind: 'http', url: `${slack.apiBase}/chat.postMessage`, headers: { authorization: 'Bearer ••••••••' } });
    if (bot.kind !== 'http') throw new Error('not http');
    expect(JSON.parse(bot.body)).toMatchObject({ channel: '#security-alerts', text: expect.stringContaining('CVE-2021-44228'), blocks: [{ type: 'header' }, { type: 'section' }, { type: 'context' }] });
  });

  it('refuses to save a text template LiquidJS cannot render, naming the field', async () => {
    await expect(create({ ...webhookInput(), settings: { mode: 'webhook', text_template: '{% if event.project %}unclosed' } })).rejects.toMatchObject({
      details: { issues: [{ path: 'settings.text_template', message: expect.stringContaining('not closed') }] },
    });
  });

  it('Capture mode sends to the sandbox bin, never to Slack, keeping the webhook path', async () => {
    const saved = await create(webhookInput());
    await rule(saved.id);
    const switched = await invoke(engine.handlers, 'integrations.setSandbox', { id: saved.id, mode: 'capture' });
    expect(switched.ok).toBe(true);
    alert();
    await advance(engine, clock, 5000);
    expect(slack.posts).toHaveLength(0);
    const list = await invoke(engine.handlers, 'sandbox.list', { integration_id: saved.id });
    if (!list.ok) throw new Error(list.error.message);
    expect(list.value.captures).toHaveLength(1);
    const got = await invoke(engine.handlers, 'sandbox.get', { id: list.value.captures[0]!.id });
    if (!got.ok) throw new Error(got.error.message);
    const capture = got.value as CapturedRequest;
    expect(capture.path).toBe('/services/T0001/B0001/abcdefghijklmnop');
    expect(JSON.parse(capture.body) as { blocks: unknown[] }).toMatchObject({ text: expect.stringContaining('CVE-2021-44228'), blocks: expect.any(Array) });

    const bot = await create(botInput());
    await invoke(engine.handlers, 'integrations.setSandbox', { id: bot.id, mode: 'capture' });
    const report = await test(bot.id);
    expect(report).toMatchObject({ ok: true, sandbox: 'capture' });
    expect(report.steps.find((s) => s.id === 'auth')!.detail).toBe('The token was accepted; the answer named no workspace.');
    expect(translateValidation(report.steps.find((s) => s.id === 'auth')!.detail, 'ru')).toBe('Токен принят; рабочее пространство в ответе не названо.');
    expect(slack.requests.filter((r) => r.path.startsWith('/api/'))).toHaveLength(0);
  });
});
