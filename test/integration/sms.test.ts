import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { findTrigger } from '../../main/contract/catalogue.js';
import { fitSms, RuleInputSchema, SmsActionParamsSchema, SmsInputSchema, smsLength, type CapturedRequest, type Integration, type LogEntry } from '../../main/contract/index.js';
import type { VirtualClock } from '../../main/engine/clock.js';
import type { Engine } from '../../main/engine/engine.js';
import { invoke } from '../../main/engine/invoke.js';
import { previewDelivery } from '../../main/engine/preview.js';
import { translateValidation } from '../../renderer/src/i18n/validation-messages.js';
import { closedPort } from '../support/receiver.js';
import { SmsFake } from '../support/sms-fake.js';
import { advance, tempDir, virtualEngine } from '../support/world.js';

type SmsInput = z.input<typeof SmsInputSchema>;
const TOKEN = 'sms-test-token-0001';

/** The SMS gateway channel against a local gateway, on a real SQLite file with the virtual clock. */
describe('SMS gateway (issue 8, seed 002)', () => {
  let dir: ReturnType<typeof tempDir>;
  let engine: Engine;
  let clock: VirtualClock;
  let gw: SmsFake;

  beforeEach(async () => {
    dir = tempDir();
    ({ engine, clock } = virtualEngine(dir.path));
    gw = await SmsFake.start();
  });
  afterEach(async () => {
    await engine.close();
    await gw.close();
    dir.remove();
  });

  const input = (over: Partial<SmsInput['settings']> = {}, secrets: SmsInput['secrets'] = { token: TOKEN }): SmsInput => ({
    kind: 'sms',
    name: 'On-call SMS',
    settings: { url: gw.url, auth: 'bearer', recipients: ['+447700900123', '+79161234567'], timeout_ms: 3000, ...over },
    secrets,
  });
  const create = async (i: SmsInput): Promise<Integration> => engine.handlers['integrations.create'](SmsInputSchema.parse(i));
  const rule = async (id: string, params: Record<string, unknown> = {}) =>
    engine.handlers['rules.create'](RuleInputSchema.parse({ name: 'Blockers by SMS', triggers: ['sca_policy_has_been_triggered'], actions: [{ integration_id: id, params }] }));
  const alert = (over: Record<string, unknown> = {}) => engine.fireEvent({ trigger: 'sca_policy_has_been_triggered', payload: { ...structuredClone(findTrigger('sca_policy_has_been_triggered')!.example), ...over } }, 'api');
  const attempts = () =>
    engine.repo
      .logPage(undefined, 1000)
      .filter((e): e is Extract<LogEntry, { type: 'attempt' }> & { seq: number } => e.type === 'attempt')
      .map((e) => e.attempt)
      .reverse();
  const test = (id: string, sms_to?: string) => engine.handlers['integrations.test']({ id, ...(sms_to ? { sms_to } : {}) });

  it('texts every recipient with one JSON request each, values escaped for JSON; the token never shows', async () => {
    const saved = await create(input());
    expect(JSON.stringify(saved)).not.toContain(TOKEN);
    await rule(saved.id);
    alert({ policy_name: 'No "log4shell" \\ here' });
    await advance(engine, clock, 5000);

    expect(gw.sent).toEqual([
      { method: 'POST', to: '+447700900123', text: 'No "log4shell" \\ here (blocker): CVE-2021-44228 [critical] in payments-api' },
      { method: 'POST', to: '+79161234567', text: 'No "log4shell" \\ here (blocker): CVE-2021-44228 [critical] in payments-api' },
    ]);
    expect(gw.requests[0]!.headers['content-type']).toBe('application/json; charset=utf-8');
    const [attempt] = attempts();
    expect(attempt).toMatchObject({ outcome: 'delivered', status_code: 200 });
    const full = await engine.handlers['log.attempt']({ id: attempt!.id });
    expect(full.request.headers.authorization).toBe('••••••••');
    expect(JSON.stringify(full)).not.toContain(TOKEN);
  });

  it('a rule action names its own numbers; form bodies and basic auth; GET gateways with placeholders in the URL and a header key', async () => {
    await gw.close();
    gw = await SmsFake.start({ kind: 'basic', user: 'herald', password: 'pa55-word' });
    const form = await create(input({ auth: 'basic', username: 'herald', content_type: 'form', text_template: 'A&B = {{ event.project }}' }, { password: 'pa55-word' }));
    await rule(form.id, { recipients: ['+33612345678'] });
    alert();
    await advance(engine, clock, 5000);
    expect(gw.sent).toEqual([{ method: 'POST', to: '+33612345678', text: 'A&B = payments-api' }]);
    expect(gw.requests[0]!.body).toBe('to=%2B33612345678&text=A%26B%20%3D%20payments-api');

    await gw.close();
    gw = await SmsFake.start({ kind: 'header', name: 'X-API-Key', value: 'key-123' });
    const get = await create(input({ url: `${gw.url}?to={{ phone }}&text={{ text }}`, method: 'GET', auth: 'header', header_name: 'X-API-Key', recipients: ['+447700900123'], text_template: 'Привет & {{ event.project }}' }, { header_value: 'key-123' }));
    await engine.handlers['rules.create'](RuleInputSchema.parse({ name: 'GET', triggers: ['project_sca_analysis_finished'], actions: [{ integration_id: get.id, params: {} }] }));
    engine.fireEvent({ trigger: 'project_sca_analysis_finished', payload: structuredClone(findTrigger('project_sca_analysis_finished')!.example) }, 'api');
    await advance(engine, clock, 5000);
    expect(gw.sent).toEqual([{ method: 'GET', to: '+447700900123', text: expect.stringMatching(/^Привет & /) }]);
    const full = await engine.handlers['log.attempt']({ id: attempts().at(-1)!.id });
    expect(full.request.headers['X-API-Key']).toBe('••••••••');
  });

  it('counts GSM-7 and UCS-2 as phones do and cuts a long text to the parts allowed', async () => {
    expect(smsLength('a'.repeat(160))).toMatchObject({ encoding: 'gsm7', units: 160, parts: 1 });
    expect(smsLength('a'.repeat(161))).toMatchObject({ encoding: 'gsm7', parts: 2, per_part: 153 });
    expect(smsLength('€'.repeat(80))).toMatchObject({ encoding: 'gsm7', units: 160, parts: 1 });
    expect(smsLength('€'.repeat(81)).parts).toBe(2);
    expect(smsLength('Щ'.repeat(70))).toMatchObject({ encoding: 'ucs2', units: 70, parts: 1 });
    expect(smsLength('Щ'.repeat(71))).toMatchObject({ encoding: 'ucs2', parts: 2, per_part: 67 });
    expect(smsLength('plain', true).encoding).toBe('ucs2');
    // GSM-7 has no "…": three dots keep the message GSM-7.
    expect(fitSms('x'.repeat(200), 1)).toEqual({ text: `${'x'.repeat(157)}...`, truncated: true });
    expect(fitSms('ж'.repeat(200), 2)).toEqual({ text: `${'ж'.repeat(133)}…`, truncated: true });

    const saved = await create(input({ recipients: ['+447700900123'], max_parts: 2, text_template: '{% for i in (1..50) %}Уязвимость {{ i }} {% endfor %}' }));
    await rule(saved.id);
    alert();
    await advance(engine, clock, 5000);
    const text = gw.sent[0]!.text;
    expect(text.endsWith('…')).toBe(true);
    expect(smsLength(text)).toMatchObject({ encoding: 'ucs2', parts: 2 });
    expect(text.length).toBeLessThanOrEqual(134);
  });

  it('a refused token (401) disables the integration, keeps the message and texts it after the fix', async () => {
    const saved = await create(input({ recipients: ['+447700900123'] }, { token: 'wrong' }));
    await rule(saved.id);
    alert();
    await advance(engine, clock, 5000);
    expect(attempts()[0]).toMatchObject({ outcome: 'failed', status_code: 401, classification: 'auth' });
    expect(attempts()[0]!.error).toBe('+447700900123: The SMS gateway refused the credentials (401). Check the authentication type, the login and the secret the gateway expects.');
    const health = engine.getIntegration(saved.id).health;
    expect(health).toMatchObject({ state: 'disabled', pending_deliveries: 1 });
    expect(translateValidation(health.disabled_reason!, 'ru')).toMatch(/SMS-шлюз отклонил учётные данные \(401\)/);

    await engine.handlers['integrations.update']({ id: saved.id, input: SmsInputSchema.parse(input({ recipients: ['+447700900123'] })) });
    await advance(engine, clock, 5000);
    expect(gw.sent).toHaveLength(1);
  });

  it('honours Retry-After at exactly the right time; a 500 is retried on the schedule, then delivered', async () => {
    const saved = await create(input({ recipients: ['+447700900123'] }));
    await rule(saved.id);
    gw.failNext(1, { status: 429, retryAfterSeconds: 90 });
    alert();
    await advance(engine, clock, 5000);
    const limited = attempts().at(-1)!;
    expect(limited).toMatchObject({ outcome: 'retry', status_code: 429, classification: 'transient' });
    expect(Date.parse(limited.next_attempt_at!) - Date.parse(limited.started_at)).toBe(90_000);
    await advance(engine, clock, 89_000);
    expect(gw.sent).toHaveLength(0);
    await advance(engine, clock, 1_000);
    expect(gw.sent.map((s) => s.to)).toEqual(['+447700900123']);

    gw.failNext(1, { status: 500 });
    alert({ vulnerability: 'CVE-2022-0002' });
    await advance(engine, clock, 5000);
    expect(attempts().at(-1)).toMatchObject({ outcome: 'retry', status_code: 500, classification: 'transient' });
    expect(attempts().at(-1)!.error).toContain('The SMS gateway failed with 500.');
    await advance(engine, clock, 60_000);
    expect(gw.sent).toHaveLength(2);
    expect(attempts().at(-1)).toMatchObject({ outcome: 'delivered' });
  });

  it('after a rate limit on the second number, only that number is texted again', async () => {
    const saved = await create(input());
    await rule(saved.id);
    alert();
    // Let the first request through, then rate-limit the second.
    const handle = gw['handle'].bind(gw);
    let calls = 0;
    gw['handle'] = async (req, res) => {
      calls++;
      if (calls === 2) gw.failNext(1, { status: 429, retryAfterSeconds: 90 });
      return handle(req, res);
    };
    await advance(engine, clock, 5000);
    expect(gw.sent.map((s) => s.to)).toEqual(['+447700900123']);
    const limited = attempts().at(-1)!;
    expect(limited.error).toBe('+79161234567: The SMS gateway says 429: too many requests. Herald waits as long as Retry-After says, then retries. Not texted again: 1 number(s) that already got it.');
    expect(translateValidation(limited.error!, 'ru')).toMatch(/^\+79161234567: SMS-шлюз ответил 429/);
    await advance(engine, clock, 90_000);
    expect(gw.sent.map((s) => s.to)).toEqual(['+447700900123', '+79161234567']);
  });

  it('a number the gateway refuses costs only that number; all refused fails for good; 200 with an error body is caught by "success must contain"', async () => {
    const saved = await create(input({ recipients: ['+15005550001', '+447700900123'] }));
    await rule(saved.id);
    alert();
    await advance(engine, clock, 5000);
    expect(gw.sent.map((s) => s.to)).toEqual(['+447700900123']);
    expect(attempts().at(-1)).toMatchObject({ outcome: 'delivered', classification: 'permanent', error: 'Rejected for good, not retried: +15005550001 (400).' });

    const all = await create(input({ recipients: ['+15005550001'], success_contains: '"queued"' }));
    await rule(all.id);
    alert({ vulnerability: 'CVE-2022-0003' });
    await advance(engine, clock, 5000);
    const failed = attempts().filter((a) => a.integration_id === all.id).at(-1)!;
    expect(failed).toMatchObject({ outcome: 'failed', classification: 'permanent' });
    expect(failed.error).toBe('Every number was rejected: +15005550001 (400). The SMS gateway rejected the message (400). Check the numbers and the gateway settings; this is not retried.');
    expect(translateValidation(failed.error!, 'ru')).toMatch(/^Все номера отклонены: \+15005550001 \(400\)\. SMS-шлюз отклонил сообщение/);

    const strict = await create(input({ recipients: ['+447700900999'], success_contains: '"queued"' }));
    await rule(strict.id);
    alert({ vulnerability: 'CVE-2022-0004' });
    await advance(engine, clock, 5000);
    const caught = attempts().filter((a) => a.integration_id === strict.id).at(-1)!;
    expect(caught).toMatchObject({ outcome: 'failed', status_code: 200, classification: 'permanent' });
    expect(caught.error).toContain('The SMS gateway answered 200 without ""queued"".');
  });

  it('Test it texts the number typed (or the first recipient) and shows the gateway’s answer; failures name the fix', async () => {
    const saved = await create(input());
    let report = await test(saved.id, '+33612345678');
    expect(report.ok).toBe(true);
    expect(report.steps.map((s) => [s.id, s.status])).toEqual([
      ['connect', 'ok'],
      ['send', 'ok'],
    ]);
    expect(report.steps[1]!.detail).toBe('Sent to +33612345678; the gateway answered 200: {"status":"queued","id":"msg-1"}');
    expect(report.summary).toBe('The gateway accepted a test SMS to +33612345678.');
    expect(report).toMatchObject({ status_code: 200, response_excerpt: '{"status":"queued","id":"msg-1"}', details: { encoding: 'GSM-7', parts: '1' } });
    expect(gw.sent.at(-1)).toEqual({ method: 'POST', to: '+33612345678', text: 'Herald test SMS (On-call SMS): alerts will reach this number.' });
    report = await test(saved.id);
    expect(gw.sent.at(-1)!.to).toBe('+447700900123');

    const wrong = await create(input({}, { token: 'nope' }));
    report = await test(wrong.id);
    expect(report.ok).toBe(false);
    expect(report.summary).toBe('The SMS gateway refused the credentials (401). The gateway said: {"error":"unauthorized"}');
    expect(report.hint).toBe('Check the authentication type, the login and the secret the gateway expects.');
    for (const text of [report.summary, report.hint!]) expect(translateValidation(text, 'ru')).toMatch(/[А-Яа-я]/);

    const nobody = await create(input({ recipients: [] }));
    report = await test(nobody.id);
    expect(report).toMatchObject({ ok: false, summary: 'No number to text.', hint: 'Type a number in Test it, or add a recipient, then test again.' });

    const refused = await create(input({ url: `http://127.0.0.1:${await closedPort()}/api/send` }));
    report = await test(refused.id);
    expect(report.steps.map((s) => [s.id, s.status])).toEqual([['connect', 'failed']]);
  });

  it('validates numbers (naming the bad one), the URL, auth fields and parts, in both languages', () => {
    const result = SmsInputSchema.safeParse({ kind: 'sms', name: 'x', settings: { url: 'sms.example.com', auth: 'basic', recipients: ['+44 7700', '+447700900123'], max_parts: 11 }, secrets: {} });
    expect(result.success).toBe(false);
    const messages = result.error!.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
    expect(messages).toContain('settings.recipients.0: +44 7700 is not an international number: use + and 8–15 digits, e.g. +447700900123');
    expect(messages).toContain('settings.url: Not a valid http:// or https:// URL, e.g. https://sms.example.com/api/send?to={{ phone }}');
    expect(messages).toContain('settings.max_parts: At most 10 parts');
    for (const m of messages) expect(translateValidation(m, 'ru'), m).toMatch(/[А-Яа-я]/);
    const header = SmsInputSchema.safeParse({ kind: 'sms', name: 'x', settings: { url: 'https://sms.example.com/send', auth: 'header', header_name: 'X Key' }, secrets: {} });
    expect(header.error!.issues.map((i) => i.path.join('.'))).toEqual(['settings.header_name']);
    expect(SmsActionParamsSchema.safeParse({ recipients: ['0044770090'] }).error!.issues[0]!.message).toBe('0044770090 is not an international number: use + and 8–15 digits, e.g. +447700900123');
    expect(SmsInputSchema.safeParse(input({ url: 'https://sms.example.com/send?to={{ phone }}&msg={{ text }}' })).success).toBe(true);
  });

  it('the dry-run preview is the request for the first number with secrets masked, and says how the text counts', async () => {
    const event = { id: 'evt-1', trigger: 'sca_policy_has_been_triggered', created_at: '2026-12-01T10:00:00.000Z', project: 'payments-api', payload: structuredClone(findTrigger('sca_policy_has_been_triggered')!.example) };
    const settings = SmsInputSchema.parse(input()).settings;
    const preview = await previewDelivery({ kind: 'sms', name: 'On-call SMS', settings, secrets: {} }, { event, action: { rule_id: 'r', rule_name: 'R', index: 0, params: { recipients: ['+33612345678'] } }, digest_events: [] }, 'Herald/test');
    expect(preview).toMatchObject({ kind: 'http', method: 'POST', url: gw.url, headers: { authorization: 'Bearer ••••••••' }, note: 'SMS text: GSM-7, 88 characters, 1 part(s).' });
    if (preview.kind !== 'http') throw new Error('not http');
    expect(JSON.parse(preview.body)).toEqual({ to: '+33612345678', text: 'Block critical CVEs in production (blocker): CVE-2021-44228 [critical] in payments-api' });
    expect(translateValidation(preview.note!, 'ru')).toBe('Текст SMS: GSM-7, символов: 88, частей: 1.');
  });

  it('refuses to save a body template LiquidJS cannot render, naming the field', async () => {
    await expect(create(input({ body_template: '{"to": "{{ phone }"' }))).rejects.toMatchObject({
      details: { issues: [{ path: 'settings.body_template', message: expect.stringContaining('not closed') }] },
    });
  });

  it('Capture mode sends to the sandbox bin with the gateway path kept, never to the gateway', async () => {
    const saved = await create(input({ recipients: ['+447700900123'] }));
    await rule(saved.id);
    expect((await invoke(engine.handlers, 'integrations.setSandbox', { id: saved.id, mode: 'capture' })).ok).toBe(true);
    alert();
    await advance(engine, clock, 5000);
    expect(gw.requests).toHaveLength(0);
    const list = await invoke(engine.handlers, 'sandbox.list', { integration_id: saved.id });
    if (!list.ok) throw new Error(list.error.message);
    expect(list.value.captures).toHaveLength(1);
    const got = await invoke(engine.handlers, 'sandbox.get', { id: list.value.captures[0]!.id });
    if (!got.ok) throw new Error(got.error.message);
    const capture = got.value as CapturedRequest;
    expect(capture.path).toBe('/api/send');
    expect(JSON.parse(capture.body)).toMatchObject({ to: '+447700900123' });
    expect(attempts().at(-1)).toMatchObject({ outcome: 'delivered' });
  });
});
