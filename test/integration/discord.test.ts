import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { findTrigger } from '../../main/contract/catalogue.js';
import { DiscordInputSchema, RuleInputSchema, type CapturedRequest, type Integration, type LogEntry } from '../../main/contract/index.js';
import type { VirtualClock } from '../../main/engine/clock.js';
import type { Engine } from '../../main/engine/engine.js';
import { invoke } from '../../main/engine/invoke.js';
import { previewDelivery } from '../../main/engine/preview.js';
import { discordMessage } from '../../main/engine/channels/discord.js';
import { translateValidation } from '../../renderer/src/i18n/validation-messages.js';
import { DiscordFake } from '../support/chat-fakes.js';
import { advance, tempDir, virtualEngine } from '../support/world.js';

type DiscordInput = z.input<typeof DiscordInputSchema>;
type Embed = { title: string; description: string; color: number; fields: { name: string; value: string; inline: boolean }[]; timestamp: string; footer: { text: string } };

/** Discord through the real channel against a fake webhook that answers as Discord documents, on a real SQLite file. */
describe('Discord (issue 8)', () => {
  let dir: ReturnType<typeof tempDir>;
  let engine: Engine;
  let clock: VirtualClock;
  let discord: DiscordFake;

  beforeEach(async () => {
    dir = tempDir();
    ({ engine, clock } = virtualEngine(dir.path));
    discord = await DiscordFake.start();
  });
  afterEach(async () => {
    await engine.close();
    await discord.close();
    dir.remove();
  });

  const input = (url = discord.webhookUrl(), settings: Partial<DiscordInput['settings']> = {}): DiscordInput => ({ kind: 'discord', name: 'Discord #alerts', settings: { timeout_ms: 3000, ...settings }, secrets: { webhook_url: url } });
  const create = async (i: DiscordInput): Promise<Integration> => engine.handlers['integrations.create'](DiscordInputSchema.parse(i));
  const rule = async (integrationId: string) =>
    engine.handlers['rules.create'](RuleInputSchema.parse({ name: 'Policies to Discord', triggers: ['sca_policy_has_been_triggered'], actions: [{ integration_id: integrationId, params: {} }] }));
  const alert = (over: Record<string, unknown> = {}) => engine.fireEvent({ trigger: 'sca_policy_has_been_triggered', payload: { ...structuredClone(findTrigger('sca_policy_has_been_triggered')!.example), ...over } }, 'api');
  const attempts = () =>
    engine.repo
      .logPage(undefined, 1000)
      .filter((e): e is Extract<LogEntry, { type: 'attempt' }> & { seq: number } => e.type === 'attempt')
      .map((e) => e.attempt)
      .reverse();
  const test = (id: string) => engine.handlers['integrations.test']({ id });

  it('posts content and one embed per alert with ?wait=true: fields, severity colour, no mentions; the token never shows', async () => {
    const saved = await create(input(undefined, { username: 'Herald' }));
    expect(JSON.stringify(saved)).not.toContain(discord.token);
    await rule(saved.id);
    alert();
    await advance(engine, clock, 5000);

    expect(discord.posts).toHaveLength(1);
    const post = discord.posts[0]!;
    expect(discord.requests.at(-1)!.query.get('wait')).toBe('true');
    expect(post).toMatchObject({ content: 'Block critical CVEs in production: CVE-2021-44228 in payments-api', username: 'Herald', allowed_mentions: { parse: [] } });
    const [embed] = post.embeds as Embed[];
    expect(embed!.title).toBe(post.content);
    expect(embed!.description).toBe('CVE-2021-44228');
    expect(embed!.color).toBe(0xd32f2f);
    expect(embed!.fields.map((f) => f.name)).toEqual(['Trigger', 'Project', 'Policy', 'Severity', 'Dependency', 'Vulnerability']);
    expect(embed!.fields).toContainEqual({ name: 'Project', value: 'payments-api', inline: true });
    expect(embed!.footer.text).toContain('Herald · Discord #alerts · event ');
    expect(Number.isNaN(Date.parse(embed!.timestamp))).toBe(false);

    const [attempt] = attempts();
    expect(attempt).toMatchObject({ outcome: 'delivered', status_code: 200 });
    expect(JSON.stringify(attempts())).not.toContain(discord.token);
  });

  it("cuts text to Discord's limits with an ellipsis instead of being refused", async () => {
    const event = { id: 'e', trigger: 'sca_policy_has_been_triggered', created_at: '2026-12-01T10:00:00.000Z', project: 'p', payload: { vulnerability: 'V'.repeat(5000), policy_name: 'P'.repeat(3000) } };
    const message = await discordMessage({ name: 'x', settings: { text_template: '{{ event.payload.policy_name }}', username: '' } }, event);
    expect(message.content).toHaveLength(2000);
    expect(message.content.endsWith('…')).toBe(true);
    expect(message.embeds[0]!.title).toHaveLength(256);
    expect(message.embeds[0]!.description).toHaveLength(4096);
    expect(message.embeds[0]!.fields.every((f) => f.value.length <= 1024)).toBe(true);
    // The fake enforces the same limits as Discord: the cut message goes through.
    const saved = await create(input(undefined, { text_template: '{{ event.payload.policy_name }}' }));
    await rule(saved.id);
    alert({ policy_name: 'P'.repeat(3000), vulnerability: 'V'.repeat(5000) });
    await advance(engine, clock, 5000);
    expect(attempts().at(-1)).toMatchObject({ outcome: 'delivered' });
  });

  it('an invalid token (401 50027) disables the integration with the reason and keeps the message; delivered after the fix', async () => {
    const saved = await create(input(discord.webhookUrl('reset-token')));
    await rule(saved.id);
    alert();
    await advance(engine, clock, 5000);
    expect(attempts()[0]).toMatchObject({ outcome: 'failed', status_code: 401, classification: 'auth' });
    expect(attempts()[0]!.error).toContain("Discord says 50027 Invalid Webhook Token: the webhook's token is wrong or was reset.");
    const health = engine.getIntegration(saved.id).health;
    expect(health).toMatchObject({ state: 'disabled', pending_deliveries: 1 });
    expect(translateValidation(health.disabled_reason!, 'ru')).toMatch(/токен вебхука неверен/);

    await engine.handlers['integrations.update']({ id: saved.id, input: DiscordInputSchema.parse(input()) });
    await advance(engine, clock, 5000);
    expect(discord.posts).toHaveLength(1);
  });

  it('a deleted webhook (404 10015) disables too; an Invalid Form Body costs only that message and names the field', async () => {
    const deleted = await create(input(discord.webhookUrl(discord.token, '100000000000000001')));
    await rule(deleted.id);
    alert();
    await advance(engine, clock, 5000);
    expect(attempts().at(-1)).toMatchObject({ outcome: 'failed', status_code: 404, classification: 'auth' });
    expect(attempts().at(-1)!.error).toContain('Discord says 10015 Unknown Webhook: the webhook was deleted.');

    const good = await create(input());
    await rule(good.id);
    discord.failNext(1, { status: 400 });
    alert({ vulnerability: 'CVE-2022-0001' });
    await advance(engine, clock, 5000);
    const failed = attempts().filter((a) => a.integration_id === good.id).at(-1)!;
    expect(failed).toMatchObject({ outcome: 'failed', status_code: 400, classification: 'permanent' });
    expect(failed.error).toBe(
      'Discord says 50035 Invalid Form Body (embeds.0.description: Must be 4096 or fewer in length.): the message was rejected as malformed. Check the text template and the username; if it persists, report it as a Herald bug.',
    );
    expect(translateValidation(failed.error!, 'ru')).toBe(
      'Discord ответил 50035 Invalid Form Body (embeds.0.description: Must be 4096 or fewer in length.): сообщение отклонено как неверно составленное. Проверьте шаблон текста и имя отправителя; если ошибка повторяется, сообщите о ней как об ошибке Herald.',
    );
    expect(engine.getIntegration(good.id).health.state).not.toBe('disabled');
  });

  it("honours the 429 body's fractional retry_after (1.5 s) to the millisecond, retries a 500, then delivers", async () => {
    // A short ladder (500 ms) so Discord's own wait is the one that counts: Herald never retries sooner than either.
    const saved = await create({ ...input(), policy: { retry: { preset: 'custom', custom_ms: [500, 500, 500, 500] } } });
    await rule(saved.id);
    discord.failNext(1, { status: 429, retryAfter: 1.5 });
    alert();
    await advance(engine, clock, 5000);
    const throttled = attempts().at(-1)!;
    expect(throttled).toMatchObject({ outcome: 'retry', status_code: 429, classification: 'transient' });
    expect(Date.parse(throttled.next_attempt_at!) - Date.parse(throttled.started_at)).toBe(1500);
    expect(throttled.error).toContain('Discord says 429: too many messages; Discord asked to slow down.');
    await advance(engine, clock, 1000);
    expect(discord.posts).toHaveLength(0);
    await advance(engine, clock, 1000);
    expect(discord.posts).toHaveLength(1);

    discord.failNext(1, { status: 429, retryAfter: 30, global: true });
    alert({ vulnerability: 'CVE-2022-0009' });
    await advance(engine, clock, 5000);
    expect(attempts().at(-1)!.error).toContain('Discord says 429 (the global limit)');
    expect(Date.parse(attempts().at(-1)!.next_attempt_at!) - Date.parse(attempts().at(-1)!.started_at)).toBe(30_000);
    await advance(engine, clock, 31_000);
    expect(discord.posts).toHaveLength(2);

    discord.failNext(1, { status: 500 });
    alert({ vulnerability: 'CVE-2022-0002' });
    await advance(engine, clock, 5000);
    expect(attempts().at(-1)).toMatchObject({ outcome: 'retry', status_code: 500, classification: 'transient' });
    expect(Date.parse(attempts().at(-1)!.next_attempt_at!) - Date.parse(attempts().at(-1)!.started_at)).toBe(500);
    await advance(engine, clock, 1000);
    expect(discord.posts).toHaveLength(3);
  });

  it('Test it reads the webhook (name and channel), then posts; a reset token names the fix', async () => {
    const good = await create(input());
    let report = await test(good.id);
    expect(report).toMatchObject({ ok: true, summary: 'Discord accepted the test message.' });
    expect(report.steps.map((s) => [s.id, s.status])).toEqual([
      ['connect', 'ok'],
      ['webhook', 'ok'],
      ['send', 'ok'],
    ]);
    expect(report.steps[1]!.detail).toBe(`Webhook "Herald alerts" posts to channel ${discord.channelId}`);
    expect(report.steps[2]!.detail).toMatch(/^Posted message \d+$/);
    expect(discord.posts.at(-1)!.content).toBe('Test message from Herald (Discord #alerts)');

    const reset = await create(input(discord.webhookUrl('reset-token')));
    report = await test(reset.id);
    expect(report.ok).toBe(false);
    expect(report.steps.map((s) => [s.id, s.status])).toEqual([
      ['connect', 'ok'],
      ['webhook', 'failed'],
    ]);
    expect(report.summary).toBe("Discord says 50027 Invalid Webhook Token: the webhook's token is wrong or was reset.");
    expect(report.hint).toBe('Copy the webhook URL again (Integrations → Webhooks → Copy Webhook URL) and paste it here.');
    for (const text of [report.summary, report.hint!, 'Webhook', `Webhook "Herald alerts" posts to channel 1`, 'Posted message 12']) expect(translateValidation(text, 'ru')).toMatch(/[А-Яа-я]/);
  });

  it('validates the URL shape and a username Discord refuses, naming the fields', () => {
    const bad = DiscordInputSchema.safeParse({ kind: 'discord', name: 'x', settings: { username: 'Discord Bot' }, secrets: { webhook_url: 'https://discord.com/channels/1/2' } });
    const messages = bad.error!.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
    expect(messages).toContain('settings.username: Discord does not allow "discord" or "clyde" in a webhook username; choose another');
    expect(messages).toContain('secrets.webhook_url: Paste the whole webhook URL, e.g. https://discord.com/api/webhooks/123456789012345678/abc…');
    expect(DiscordInputSchema.safeParse(input('https://discord.com/api/webhooks/123/abc-DEF_9?thread_id=5')).success).toBe(true);
  });

  it('the dry-run preview masks the token; Capture mode goes to the sandbox bin and never to Discord', async () => {
    const event = { id: 'evt-1', trigger: 'sca_policy_has_been_triggered', created_at: '2026-12-01T10:00:00.000Z', project: 'payments-api', payload: structuredClone(findTrigger('sca_policy_has_been_triggered')!.example) };
    const preview = await previewDelivery({ kind: 'discord', name: 'Discord #alerts', settings: DiscordInputSchema.parse(input()).settings, secrets: {} }, { event, action: null, digest_events: [] }, 'Herald/test');
    expect(preview).toMatchObject({ kind: 'http', method: 'POST', url: 'https://discord.com/api/webhooks/••••••••?wait=true' });

    const saved = await create(input());
    await rule(saved.id);
    expect((await invoke(engine.handlers, 'integrations.setSandbox', { id: saved.id, mode: 'capture' })).ok).toBe(true);
    alert();
    await advance(engine, clock, 5000);
    expect(discord.requests).toHaveLength(0);
    const list = await invoke(engine.handlers, 'sandbox.list', { integration_id: saved.id });
    if (!list.ok) throw new Error(list.error.message);
    const got = await invoke(engine.handlers, 'sandbox.get', { id: list.value.captures[0]!.id });
    if (!got.ok) throw new Error(got.error.message);
    const capture = got.value as CapturedRequest;
    expect(capture.path).toBe(`/api/webhooks/${discord.webhookId}/${discord.token}`);
    expect(JSON.parse(capture.body)).toMatchObject({ embeds: [{ fields: expect.any(Array) }] });

    const report = await test(saved.id);
    expect(report).toMatchObject({ ok: true, sandbox: 'capture' });
    expect(report.steps.find((s) => s.id === 'webhook')!.detail).toBe('The webhook answered; it named no channel.');
    expect(discord.requests).toHaveLength(0);
  });
});
