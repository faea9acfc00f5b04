import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { findTrigger } from '../../main/contract/catalogue.js';
import { RuleInputSchema, TelegramInputSchema, type CapturedRequest, type Integration, type LogEntry } from '../../main/contract/index.js';
import type { VirtualClock } from '../../main/engine/clock.js';
import type { Engine } from '../../main/engine/engine.js';
import { invoke } from '../../main/engine/invoke.js';
import { previewDelivery } from '../../main/engine/preview.js';
import { truncateTelegramHtml } from '../../main/engine/channels/telegram.js';
import { translateValidation } from '../../renderer/src/i18n/validation-messages.js';
import { closedPort } from '../support/receiver.js';
import { TelegramFake } from '../support/telegram-fake.js';
import { advance, tempDir, virtualEngine } from '../support/world.js';

type TelegramInput = z.input<typeof TelegramInputSchema>;

/** Telegram through the real channel against a fake Bot API that answers as Telegram documents, on a real SQLite file. */
describe('Telegram (issue 8)', () => {
  let dir: ReturnType<typeof tempDir>;
  let engine: Engine;
  let clock: VirtualClock;
  let tg: TelegramFake;

  beforeEach(async () => {
    dir = tempDir();
    ({ engine, clock } = virtualEngine(dir.path));
    tg = await TelegramFake.start();
  });
  afterEach(async () => {
    await engine.close();
    await tg.close();
    dir.remove();
  });

  const input = (over: Partial<TelegramInput['settings']> = {}, token = tg.token): TelegramInput => ({
    kind: 'telegram',
    name: 'Telegram SecOps',
    settings: { chat_id: '-1001234567890', api_base: tg.apiBase, timeout_ms: 3000, ...over },
    secrets: { bot_token: token },
  });
  const create = async (i: TelegramInput): Promise<Integration> => engine.handlers['integrations.create'](TelegramInputSchema.parse(i));
  const rule = async (...ids: string[]) =>
    engine.handlers['rules.create'](RuleInputSchema.parse({ name: 'Policies to Telegram', triggers: ['sca_policy_has_been_triggered'], actions: ids.map((id) => ({ integration_id: id, params: {} })) }));
  const alert = (over: Record<string, unknown> = {}) => engine.fireEvent({ trigger: 'sca_policy_has_been_triggered', payload: { ...structuredClone(findTrigger('sca_policy_has_been_triggered')!.example), ...over } }, 'api');
  const attempts = () =>
    engine.repo
      .logPage(undefined, 1000)
      .filter((e): e is Extract<LogEntry, { type: 'attempt' }> & { seq: number } => e.type === 'attempt')
      .map((e) => e.attempt)
      .reverse();
  const test = (id: string) => engine.handlers['integrations.test']({ id });

  it('sends one HTML message per alert: bold title, the alert fields, values escaped, link previews off; the token never shows', async () => {
    const saved = await create(input({ message_thread_id: '42' }));
    expect(JSON.stringify(saved)).not.toContain('AAHerald-test-token');
    await rule(saved.id);
    alert({ dependency: 'org.example:<script>&co' });
    await advance(engine, clock, 5000);

    expect(tg.posts).toHaveLength(1);
    const [post] = tg.posts;
    expect(post).toMatchObject({ chat_id: -1001234567890, message_thread_id: 42, parse_mode: 'HTML', link_preview_options: { is_disabled: true } });
    expect(post!.html.startsWith('<b>SCA Policy has been triggered</b>\n')).toBe(true);
    expect(post!.html).toContain('org.example:&lt;script&gt;&amp;co');
    expect(post!.text.split('\n')).toEqual([
      'SCA Policy has been triggered',
      'Policy: Block critical CVEs in production (blocker)',
      'Severity: critical',
      'Project: payments-api',
      'Dependency: org.example:<script>&co 2.14.1',
      'Vulnerability: CVE-2021-44228',
    ]);
    const [attempt] = attempts();
    expect(attempt).toMatchObject({ outcome: 'delivered', status_code: 200 });
    const full = await engine.handlers['log.attempt']({ id: attempt!.id });
    expect(full.request.url).toBe(`${tg.apiBase}/bot••••••••/sendMessage`);
    expect(JSON.stringify(full)).not.toContain('AAHerald-test-token');
  });

  it('a custom template renders HTML with the values escaped, and a long text is cut to 4096 characters with "…"', async () => {
    const saved = await create(input({ text_template: '<i>{{ event.project }}</i> {{ event.payload.vulnerability }}{% for i in (1..1100) %} {{ event.payload.policy_name }}{% endfor %}' }));
    await rule(saved.id);
    alert({ policy_name: 'A&B' });
    await advance(engine, clock, 5000);
    expect(tg.posts).toHaveLength(1);
    expect(tg.posts[0]!.text).toHaveLength(4096);
    expect(tg.posts[0]!.text.endsWith('…')).toBe(true);
    expect(tg.posts[0]!.html.startsWith('<i>payments-api</i> CVE-2021-44228 A&amp;B')).toBe(true);
    // Cut inside a tag: it is closed again, and an entity is never split.
    expect(truncateTelegramHtml(`<b>${'x'.repeat(10)}&amp;yy</b>`, 12)).toBe('<b>xxxxxxxxxx&amp;…</b>');
  });

  it('a revoked token (401 Unauthorized) disables the integration with the reason and keeps the message; delivered after the fix', async () => {
    const saved = await create(input({}, '123456789:AAHrevoked-token_000000000000000000'));
    await rule(saved.id);
    alert();
    await advance(engine, clock, 5000);
    expect(attempts()[0]).toMatchObject({ outcome: 'failed', status_code: 401, classification: 'auth' });
    expect(attempts()[0]!.error).toBe('Telegram says "Unauthorized" (401): the bot token was revoked or mistyped. Copy the token from @BotFather (/mybots → API Token) and paste it here.');
    const health = engine.getIntegration(saved.id).health;
    expect(health).toMatchObject({ state: 'disabled', pending_deliveries: 1 });
    expect(translateValidation(health.disabled_reason!, 'ru')).toMatch(/токен бота отозван/);

    await engine.handlers['integrations.update']({ id: saved.id, input: TelegramInputSchema.parse(input()) });
    await advance(engine, clock, 5000);
    expect(tg.posts).toHaveLength(1);
  });

  it('chat not found, a blocked bot and a missing channel membership cost only that message, each with its fix', async () => {
    const missing = await create(input({ chat_id: '-1001111111111' }));
    const blocked = await create(input({ chat_id: '555000111' }));
    const channel = await create(input({ chat_id: '@herald_channel' }));
    const migrated = await create(input({ chat_id: '-4000000001' }));
    await rule(missing.id, blocked.id, channel.id, migrated.id);
    alert();
    await advance(engine, clock, 5000);
    const last = (id: string) => attempts().filter((a) => a.integration_id === id).at(-1)!;
    expect(last(missing.id)).toMatchObject({ outcome: 'failed', status_code: 400, classification: 'permanent' });
    expect(last(missing.id).error).toContain('Telegram says "Bad Request: chat not found" (400): the chat does not exist or the bot has never been in it. For a person: open the bot in Telegram and press Start.');
    expect(last(blocked.id)).toMatchObject({ status_code: 403, classification: 'permanent' });
    expect(last(blocked.id).error).toContain('Ask the user to unblock the bot');
    expect(last(channel.id).error).toContain('Telegram says "Forbidden: bot is not a member of the channel chat" (403): the bot is not a member of the chat.');
    expect(last(migrated.id).error).toContain('Change the chat id to -1004000000001.');
    for (const id of [missing.id, blocked.id, channel.id, migrated.id]) {
      expect(engine.getIntegration(id).health.state).not.toBe('disabled');
      expect(translateValidation(last(id).error!, 'ru').split('): ')[1]).not.toMatch(/\b(the|a|to|and)\b/);
    }
  });

  it('honours parameters.retry_after on 429 at exactly the right time, retries a 502 on the schedule, then delivers', async () => {
    const saved = await create(input());
    await rule(saved.id);
    tg.failNext(1, { status: 429, retryAfterSeconds: 90 });
    alert();
    await advance(engine, clock, 5000);
    const limited = attempts().at(-1)!;
    expect(limited).toMatchObject({ outcome: 'retry', status_code: 429, classification: 'transient' });
    expect(limited.error).toContain('Telegram says "Too Many Requests: retry after 90" (429): too many messages; Telegram asked to slow down.');
    expect(Date.parse(limited.next_attempt_at!) - Date.parse(limited.started_at)).toBe(90_000);
    await advance(engine, clock, 89_000);
    expect(tg.posts).toHaveLength(0);
    await advance(engine, clock, 1_000);
    expect(tg.posts).toHaveLength(1);

    tg.failNext(1, { status: 502 });
    alert({ vulnerability: 'CVE-2022-0002' });
    await advance(engine, clock, 5000);
    expect(attempts().at(-1)).toMatchObject({ outcome: 'retry', status_code: 502, classification: 'transient' });
    expect(attempts().at(-1)!.error).toContain('Telegram failed with 502.');
    await advance(engine, clock, 60_000);
    expect(tg.posts).toHaveLength(2);
    expect(attempts().at(-1)).toMatchObject({ outcome: 'delivered' });
  });

  it('Test it: getMe names the bot, the test message names the chat; failures name the fix, in both languages', async () => {
    const good = await create(input());
    let report = await test(good.id);
    expect(report.ok).toBe(true);
    expect(report.steps.map((s) => [s.id, s.status])).toEqual([
      ['connect', 'ok'],
      ['auth', 'ok'],
      ['send', 'ok'],
    ]);
    expect(report.steps[1]!.detail).toBe('Signed in as @herald_alerts_bot (Herald Alerts)');
    expect(report.steps[2]!.detail).toBe('Posted to Security alerts (-1001234567890)');
    expect(report.summary).toBe('Herald can post to Security alerts (-1001234567890).');
    expect(tg.posts.at(-1)!.text).toBe('Test message from Herald (Telegram SecOps)\nThis integration can post here.');

    const revoked = await create(input({}, '123456789:AAHrevoked-token_000000000000000000'));
    report = await test(revoked.id);
    expect(report.steps.map((s) => [s.id, s.status])).toEqual([
      ['connect', 'ok'],
      ['auth', 'failed'],
    ]);
    expect(report.summary).toBe('Telegram says "Unauthorized" (401): the bot token was revoked or mistyped.');

    const noTopic = await create(input({ message_thread_id: '7' }));
    report = await test(noTopic.id);
    expect(report.steps.map((s) => [s.id, s.status])).toEqual([
      ['connect', 'ok'],
      ['auth', 'ok'],
      ['send', 'failed'],
    ]);
    expect(report.hint).toBe('Check the topic id, or leave it empty to post in the main thread.');
    for (const text of [report.summary, report.hint!, report.steps[1]!.detail]) expect(translateValidation(text, 'ru')).toMatch(/[А-Яа-я]/);

    const refused = await create({ ...input(), settings: { ...input().settings, api_base: `http://127.0.0.1:${await closedPort()}` } });
    report = await test(refused.id);
    expect(report.steps.map((s) => [s.id, s.status])).toEqual([['connect', 'failed']]);
  });

  it('validates the chat id, the topic id and the token format, naming the field', () => {
    const result = TelegramInputSchema.safeParse({ kind: 'telegram', name: 'x', settings: { chat_id: 'security', message_thread_id: 'x' }, secrets: { bot_token: 'xoxb-1' } });
    expect(result.success).toBe(false);
    const messages = result.error!.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
    expect(messages).toContain('settings.chat_id: A chat id is a number (negative for groups, -100… for supergroups and channels) or @channelusername');
    expect(messages).toContain('settings.message_thread_id: The topic id is a number, e.g. 42; leave it empty outside forum topics');
    expect(messages).toContain('secrets.bot_token: A bot token looks like 123456789:AAE…; copy it from @BotFather');
    for (const chat of ['-1001234567890', '123456', '@security_alerts']) expect(TelegramInputSchema.safeParse({ ...input(), settings: { chat_id: chat } }).success, chat).toBe(true);
  });

  it('the dry-run preview is the message sent, with the token masked in the URL', async () => {
    const event = { id: 'evt-1', trigger: 'sca_policy_has_been_triggered', created_at: '2026-12-01T10:00:00.000Z', project: 'payments-api', payload: structuredClone(findTrigger('sca_policy_has_been_triggered')!.example) };
    const preview = await previewDelivery({ kind: 'telegram', name: 'Telegram SecOps', settings: TelegramInputSchema.parse(input()).settings, secrets: {} }, { event, action: null, digest_events: [] }, 'Herald/test');
    expect(preview).toMatchObject({ kind: 'http', method: 'POST', url: `${tg.apiBase}/bot••••••••/sendMessage` });
    if (preview.kind !== 'http') throw new Error('not http');
    expect(JSON.parse(preview.body)).toMatchObject({ chat_id: '-1001234567890', parse_mode: 'HTML', link_preview_options: { is_disabled: true }, text: expect.stringContaining('<b>SCA Policy has been triggered</b>') });
  });

  it('refuses to save a text template LiquidJS cannot render, naming the field', async () => {
    await expect(create(input({ text_template: '{% if event.project %}unclosed' }))).rejects.toMatchObject({
      details: { issues: [{ path: 'settings.text_template', message: expect.stringContaining('not closed') }] },
    });
  });

  it('Capture mode sends to the sandbox bin with the token masked in the path, never to Telegram', async () => {
    const saved = await create(input());
    await rule(saved.id);
    expect((await invoke(engine.handlers, 'integrations.setSandbox', { id: saved.id, mode: 'capture' })).ok).toBe(true);
    alert();
    await advance(engine, clock, 5000);
    expect(tg.requests).toHaveLength(0);
    const list = await invoke(engine.handlers, 'sandbox.list', { integration_id: saved.id });
    if (!list.ok) throw new Error(list.error.message);
    expect(list.value.captures).toHaveLength(1);
    const got = await invoke(engine.handlers, 'sandbox.get', { id: list.value.captures[0]!.id });
    if (!got.ok) throw new Error(got.error.message);
    const capture = got.value as CapturedRequest;
    expect(capture.path).toBe('/bot********/sendMessage');
    expect(JSON.stringify(capture)).not.toContain('AAHerald-test-token');
    expect(JSON.parse(capture.body)).toMatchObject({ chat_id: '-1001234567890', parse_mode: 'HTML' });

    const report = await test(saved.id);
    expect(report).toMatchObject({ ok: true, sandbox: 'capture' });
    expect(report.steps.find((s) => s.id === 'auth')!.detail).toBe('The token was accepted; the answer named no bot.');
    expect(tg.requests).toHaveLength(0);
  });
});
