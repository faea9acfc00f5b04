import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { findTrigger } from '../../main/contract/catalogue.js';
import { MattermostInputSchema, RuleInputSchema, type CapturedRequest, type Integration, type LogEntry } from '../../main/contract/index.js';
import type { VirtualClock } from '../../main/engine/clock.js';
import type { Engine } from '../../main/engine/engine.js';
import { invoke } from '../../main/engine/invoke.js';
import { previewDelivery } from '../../main/engine/preview.js';
import { translateValidation } from '../../renderer/src/i18n/validation-messages.js';
import { MattermostFake } from '../support/chat-fakes.js';
import { advance, tempDir, virtualEngine } from '../support/world.js';

type MattermostInput = z.input<typeof MattermostInputSchema>;
type Attachment = { fallback: string; color: string; title: string; fields: { title: string; value: string; short: boolean }[]; footer: string };

/** Mattermost through the real channel against a fake incoming webhook that answers as Mattermost documents, on a real SQLite file. */
describe('Mattermost (issue 8)', () => {
  let dir: ReturnType<typeof tempDir>;
  let engine: Engine;
  let clock: VirtualClock;
  let mm: MattermostFake;

  beforeEach(async () => {
    dir = tempDir();
    ({ engine, clock } = virtualEngine(dir.path));
    mm = await MattermostFake.start();
  });
  afterEach(async () => {
    await engine.close();
    await mm.close();
    dir.remove();
  });

  const input = (url = mm.webhookUrl(), settings: Partial<MattermostInput['settings']> = {}): MattermostInput => ({ kind: 'mattermost', name: 'Mattermost ~alerts', settings: { timeout_ms: 3000, ...settings }, secrets: { webhook_url: url } });
  const create = async (i: MattermostInput): Promise<Integration> => engine.handlers['integrations.create'](MattermostInputSchema.parse(i));
  const rule = async (integrationId: string) =>
    engine.handlers['rules.create'](RuleInputSchema.parse({ name: 'Policies to Mattermost', triggers: ['sca_policy_has_been_triggered'], actions: [{ integration_id: integrationId, params: {} }] }));
  const alert = (over: Record<string, unknown> = {}) => engine.fireEvent({ trigger: 'sca_policy_has_been_triggered', payload: { ...structuredClone(findTrigger('sca_policy_has_been_triggered')!.example), ...over } }, 'api');
  const attempts = () =>
    engine.repo
      .logPage(undefined, 1000)
      .filter((e): e is Extract<LogEntry, { type: 'attempt' }> & { seq: number } => e.type === 'attempt')
      .map((e) => e.attempt)
      .reverse();
  const test = (id: string) => engine.handlers['integrations.test']({ id });

  it('posts text and one Slack-compatible attachment per alert, with the channel, username and icon overrides; the key stays secret', async () => {
    const saved = await create(input(undefined, { channel: 'town-square', username: 'herald', icon_url: 'https://example.com/herald.png' }));
    expect(JSON.stringify(saved)).not.toContain(mm.key);
    await rule(saved.id);
    alert();
    await advance(engine, clock, 5000);

    expect(mm.posts).toHaveLength(1);
    const post = mm.posts[0]!;
    expect(post).toMatchObject({ text: 'Block critical CVEs in production: CVE-2021-44228 in payments-api', channel: 'town-square', username: 'herald', icon_url: 'https://example.com/herald.png' });
    const [attachment] = post.attachments as Attachment[];
    expect(attachment).toMatchObject({ fallback: post.text, color: '#D32F2F', title: 'SCA Policy has been triggered' });
    expect(attachment!.fields.map((f) => f.title)).toEqual(['Project', 'Policy', 'Severity', 'Dependency', 'Vulnerability']);
    expect(attachment!.fields).toContainEqual({ title: 'Vulnerability', value: 'CVE-2021-44228', short: true });
    expect(attachment!.footer).toContain('Herald · Mattermost ~alerts · event ');
    expect((post.props as { card: string }).card).toContain('**Vulnerability:** CVE-2021-44228');

    expect(attempts()[0]).toMatchObject({ outcome: 'delivered', status_code: 200 });
    expect(JSON.stringify(attempts())).not.toContain(mm.key);
  });

  it('an unknown webhook key (400 invalid) disables the integration with the reason and keeps the message; delivered after the fix', async () => {
    const saved = await create(input(mm.webhookUrl('deletedhookkey000000000000')));
    await rule(saved.id);
    alert();
    await advance(engine, clock, 5000);
    expect(attempts()[0]).toMatchObject({ outcome: 'failed', status_code: 400, classification: 'auth' });
    expect(attempts()[0]!.error).toContain('Mattermost says 400 web.incoming_webhook.invalid.app_error: the webhook does not exist (deleted, or the URL is mistyped).');
    const health = engine.getIntegration(saved.id).health;
    expect(health).toMatchObject({ state: 'disabled', pending_deliveries: 1 });
    expect(translateValidation(health.disabled_reason!, 'ru')).toMatch(/такого вебхука нет/);

    await engine.handlers['integrations.update']({ id: saved.id, input: MattermostInputSchema.parse(input()) });
    await advance(engine, clock, 5000);
    expect(mm.posts).toHaveLength(1);
  });

  it('a missing channel (404) or a locked webhook (403) costs only that message and names the fix', async () => {
    const missing = await create(input(undefined, { channel: 'no-such-channel' }));
    await rule(missing.id);
    alert();
    await advance(engine, clock, 5000);
    expect(attempts().at(-1)).toMatchObject({ outcome: 'failed', status_code: 404, classification: 'permanent' });
    expect(attempts().at(-1)!.error).toContain("Mattermost says 404 web.incoming_webhook.channel.app_error: the channel was not found. Enter the channel's name in lower case");
    expect(engine.getIntegration(missing.id).health.state).not.toBe('disabled');

    mm.locked = true;
    const other = await create(input(undefined, { channel: 'town-square' }));
    const report = await test(other.id);
    expect(report).toMatchObject({ ok: false, summary: 'Mattermost says 403 web.incoming_webhook.channel_locked.app_error: this webhook may post only to its own channel.' });
    expect(report.hint).toBe('Leave the channel empty, or untick "Lock to this channel" on the webhook in Mattermost.');
    expect(translateValidation(report.summary, 'ru')).toBe('Mattermost ответил 403 web.incoming_webhook.channel_locked.app_error: этот вебхук может писать только в свой канал.');
  });

  it('honours 429 Retry-After / X-Ratelimit-Reset to the millisecond, retries a 503 on the schedule, then delivers', async () => {
    const saved = await create(input());
    await rule(saved.id);
    mm.failNext(1, { status: 429, resetSeconds: 120 });
    alert();
    await advance(engine, clock, 5000);
    const throttled = attempts().at(-1)!;
    expect(throttled).toMatchObject({ outcome: 'retry', status_code: 429, classification: 'transient' });
    expect(throttled.error).toContain('Mattermost says 429: too many requests; Mattermost asked to slow down.');
    expect(Date.parse(throttled.next_attempt_at!) - Date.parse(throttled.started_at)).toBe(120_000);
    await advance(engine, clock, 110_000);
    expect(mm.posts).toHaveLength(0);
    await advance(engine, clock, 15_000);
    expect(mm.posts).toHaveLength(1);

    mm.failNext(1, { status: 503 });
    alert({ vulnerability: 'CVE-2022-0002' });
    await advance(engine, clock, 5000);
    expect(attempts().at(-1)).toMatchObject({ outcome: 'retry', status_code: 503, classification: 'transient' });
    expect(attempts().at(-1)!.error).toContain('Mattermost says 503 app.post.save.app_error: Mattermost had an internal problem.');
    await advance(engine, clock, 60_000);
    expect(mm.posts).toHaveLength(2);
  });

  it('Test it posts a test message and says where; a wrong key names the fix', async () => {
    const good = await create(input());
    let report = await test(good.id);
    expect(report).toMatchObject({ ok: true, summary: 'Mattermost accepted the test message.' });
    expect(report.steps.map((s) => [s.id, s.status])).toEqual([
      ['connect', 'ok'],
      ['send', 'ok'],
    ]);
    expect(report.steps[1]!.detail).toBe("Posted to the webhook's channel");
    expect(mm.posts.at(-1)!.text).toBe('Test message from Herald (Mattermost ~alerts)');

    const wrong = await create(input(mm.webhookUrl('wrongkey')));
    report = await test(wrong.id);
    expect(report.ok).toBe(false);
    expect(report.hint).toBe('Create an incoming webhook (Integrations → Incoming Webhooks) and paste its URL.');
    for (const text of [report.summary, report.hint!, "Posted to the webhook's channel", 'Mattermost accepted the test message.']) expect(translateValidation(text, 'ru')).toMatch(/[А-Яа-я]/);
  });

  it('validates the URL, the channel name and the icon, naming the fields', () => {
    const bad = MattermostInputSchema.safeParse({ kind: 'mattermost', name: 'x', settings: { channel: 'Town Square', icon_url: 'herald.png' }, secrets: { webhook_url: 'https://mm.example.com/api/v4/posts' } });
    const messages = bad.error!.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
    expect(messages).toEqual([
      'settings.channel: A channel is its name in lower case (town-square, not Town Square) or @username',
      'settings.icon_url: The icon is an http(s) URL of an image, e.g. https://example.com/herald.png',
      'secrets.webhook_url: Paste the whole webhook URL, e.g. https://mattermost.example.com/hooks/xxx-generatedkey-xxx',
    ]);
    expect(MattermostInputSchema.safeParse(input('https://chat.example.com/mattermost/hooks/abc123', { channel: '@alice' })).success).toBe(true);
  });

  it('the dry-run preview masks the key; Capture mode goes to the sandbox bin and never to Mattermost', async () => {
    const event = { id: 'evt-1', trigger: 'sca_policy_has_been_triggered', created_at: '2026-12-01T10:00:00.000Z', project: 'payments-api', payload: structuredClone(findTrigger('sca_policy_has_been_triggered')!.example) };
    const preview = await previewDelivery({ kind: 'mattermost', name: 'MM', settings: MattermostInputSchema.parse(input()).settings, secrets: {} }, { event, action: null, digest_events: [] }, 'Herald/test');
    expect(preview).toMatchObject({ kind: 'http', method: 'POST', url: 'https://••••••••/hooks/••••••••' });

    const saved = await create(input());
    await rule(saved.id);
    expect((await invoke(engine.handlers, 'integrations.setSandbox', { id: saved.id, mode: 'capture' })).ok).toBe(true);
    alert();
    await advance(engine, clock, 5000);
    expect(mm.requests).toHaveLength(0);
    const list = await invoke(engine.handlers, 'sandbox.list', { integration_id: saved.id });
    if (!list.ok) throw new Error(list.error.message);
    const got = await invoke(engine.handlers, 'sandbox.get', { id: list.value.captures[0]!.id });
    if (!got.ok) throw new Error(got.error.message);
    expect((got.value as CapturedRequest).path).toBe(`/hooks/${mm.key}`);
  });

  it('refuses to save a text template LiquidJS cannot render', async () => {
    await expect(create(input(undefined, { text_template: '{{ event.project ' }))).rejects.toMatchObject({ details: { issues: [{ path: 'settings.text_template' }] } });
  });
});
