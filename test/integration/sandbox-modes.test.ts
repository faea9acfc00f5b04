import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { EmailInputSchema, findTrigger, JiraInputSchema, RuleInputSchema, WebhookInputSchema, type CapturedEmail, type CapturedJiraIssue, type CapturedRequest, type Integration, type LogEntry, type PushEvent } from '../../main/contract/index.js';
import { Engine } from '../../main/engine/engine.js';
import { invoke } from '../../main/engine/invoke.js';
import { WEBHOOK_STANDARD_SCHEDULE_MS } from '../../main/engine/policy.js';
import type { VirtualClock } from '../../main/engine/clock.js';
import { closedPort } from '../support/receiver.js';
import { SmtpSink, SMTP_PASSWORD, SMTP_USER } from '../support/smtp.js';
import { advance, tempDir, virtualEngine } from '../support/world.js';

const TOKEN = 'whsec_live_9a8b7c6d5e4f3a2b';
const example = (trigger: string) => structuredClone(findTrigger(trigger)!.example) as Record<string, unknown>;

/**
 * Capture and Chaos modes through the engine: the real channels deliver into the sandbox
 * receivers in place of the configured targets (which are closed ports here: anything reaching
 * them would fail the test).
 */
describe('sandbox modes: live, capture, chaos', () => {
  let dir: ReturnType<typeof tempDir>;
  let engine: Engine;
  let clock: VirtualClock;
  let deadPort: number;
  const pushes: PushEvent[] = [];

  beforeEach(async () => {
    dir = tempDir();
    ({ engine, clock } = virtualEngine(dir.path));
    engine.bus.subscribe((event) => pushes.push(event));
    pushes.length = 0;
    deadPort = await closedPort();
  });
  afterEach(async () => {
    await engine.close();
    dir.remove();
  });

  const call = async <T,>(promise: Promise<{ ok: true; value: T } | { ok: false; error: { message: string } }>): Promise<T> => {
    const result = await promise;
    if (!result.ok) throw new Error(result.error.message);
    return result.value;
  };
  const setMode = (id: string, mode: 'live' | 'capture' | 'chaos', chaos?: Record<string, unknown>) => call(invoke(engine.handlers, 'integrations.setSandbox', { id, mode, ...(chaos ? { chaos } : {}) }));
  const captures = async (integrationId?: string) => (await call(invoke(engine.handlers, 'sandbox.list', integrationId ? { integration_id: integrationId } : {}))).captures;
  const capture = <T,>(id: string) => call(invoke(engine.handlers, 'sandbox.get', { id })) as Promise<T>;

  const webhook = (): Promise<Integration> =>
    engine.handlers['integrations.create'](
      WebhookInputSchema.parse({ kind: 'webhook', name: 'SIEM intake', settings: { url: `http://127.0.0.1:${deadPort}/intake?tenant=7`, events: ['project_sca_analysis_started', 'sca_policy_has_been_triggered', 'project_sca_analysis_finished'] }, secrets: { token: TOKEN } }),
    ) as Promise<Integration>;
  const email = (port: number, name = 'Corporate SMTP'): Promise<Integration> =>
    engine.handlers['integrations.create'](
      EmailInputSchema.parse({
        kind: 'email',
        name,
        settings: { host: '127.0.0.1', port, security: 'none', auth: true, username: SMTP_USER, from_address: 'alerts@example.com', from_name: 'Herald alerts', reply_to: 'secops@example.com', connection_timeout_ms: 3000, greeting_timeout_ms: 2000 },
        secrets: { password: SMTP_PASSWORD },
      }),
    ) as Promise<Integration>;

  it('Capture: the webhook request goes to the bin with path, query, headers and body; the token is masked; Test it follows', async () => {
    const hook = await webhook();
    const switched = await setMode(hook.id, 'capture');
    expect(switched.sandbox).toMatchObject({ mode: 'capture', captures: 0 });
    expect(switched.sandbox.address).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);

    engine.fireEvent({ trigger: 'project_sca_analysis_started', payload: { project_id: 7, project_name: 'payments-api' } }, 'api');
    await advance(engine, clock, 5000);

    const list = await captures(hook.id);
    expect(list).toHaveLength(1);
    expect(list[0]).toMatchObject({ receiver: 'webhook', title: 'POST /intake', integration_name: 'SIEM intake', status: 200, injected: null });
    expect(pushes.some((p) => p.type === 'sandbox.captured' && p.capture.id === list[0]!.id)).toBe(true);
    const request = await capture<CapturedRequest>(list[0]!.id);
    expect(request.query).toEqual([['tenant', '7']]);
    expect(request.token_header).toBe('X-Herald-Authentication');
    const tokenValue = request.headers.find(([k]) => k.toLowerCase() === 'x-herald-authentication')![1];
    expect(tokenValue).toBe('••••••••3a2b');
    expect(JSON.stringify(request)).not.toContain(TOKEN);
    expect(request.json).toMatchObject({ events: [{ trigger: 'project_sca_analysis_started', payload: { project_name: 'payments-api' } }] });
    expect(engine.getIntegration(hook.id).health).toMatchObject({ state: 'active', last_status_code: 200 });

    const report = await call(invoke(engine.handlers, 'integrations.test', { id: hook.id }));
    expect(report.ok).toBe(true);
    expect(report.sandbox).toBe('capture');
    expect(await captures(hook.id)).toHaveLength(2);
    // The dry run shows the configured request, flagged as going to the sandbox instead.
    const dry = await call(invoke(engine.handlers, 'events.dryRun', { trigger: 'project_sca_analysis_started', payload: { project_id: 7, project_name: 'payments-api' } }));
    expect(dry.deliveries).toMatchObject([{ integration_id: hook.id, sandbox: 'capture', preview: { kind: 'http', url: `http://127.0.0.1:${deadPort}/intake?tenant=7` } }]);

    // Back to Live: sends go to the configured (closed) port again; the captures stay readable.
    await setMode(hook.id, 'live');
    expect(engine.getIntegration(hook.id).sandbox).toMatchObject({ mode: 'live', address: null, captures: 2 });
    const liveReport = await call(invoke(engine.handlers, 'integrations.test', { id: hook.id }));
    expect(liveReport.ok).toBe(false);
    expect(liveReport.sandbox).toBeUndefined();
  });

  it('Capture: a scan digest email arrives in the SMTP inbox over STARTTLS with AUTH; exports as .eml; releases to a real server', async () => {
    const real = await SmtpSink.start({ auth: true });
    try {
      const captured = await email(deadPort, 'Demo mail');
      await setMode(captured.id, 'capture');
      await call(invoke(engine.handlers, 'rules.create', RuleInputSchema.parse({ name: 'Digest', triggers: ['sca_policy_has_been_triggered'], actions: [{ integration_id: captured.id, params: { recipients: ['appsec@example.com'], format: 'digest' } }] })));
      engine.fireScenario({ scenario: 'project_scan', subject: 'payments-api', policies: 3 });
      await advance(engine, clock, 5000);

      const list = await captures(captured.id);
      expect(list).toHaveLength(1);
      expect(list[0]).toMatchObject({ receiver: 'smtp', detail: 'appsec@example.com', status: 250 });
      expect(list[0]!.title).toContain('payments-api');
      const mail = await capture<CapturedEmail>(list[0]!.id);
      expect(mail.session).toMatchObject({ secure: true, starttls: true, user: SMTP_USER });
      expect(mail.html).toContain('Block critical CVEs in production');
      expect(mail.text).toContain('No copyleft licenses');
      expect(mail.raw).not.toContain(SMTP_PASSWORD);

      const eml = await call(invoke(engine.handlers, 'sandbox.export', { id: mail.id }));
      expect(eml).toMatchObject({ content_type: 'message/rfc822', encoding: 'base64' });
      expect(eml.filename).toMatch(/\.eml$/);
      expect(Buffer.from(eml.content, 'base64').toString('utf8')).toBe(mail.raw);

      // A capture-mode integration cannot release: it would only capture again.
      const refused = await invoke(engine.handlers, 'sandbox.release', { id: mail.id, integration_id: captured.id });
      expect(refused.ok || refused.error.message).toMatch(/switch it to Live/);

      const live = await email(real.port, 'Corporate SMTP');
      const released = await call(invoke(engine.handlers, 'sandbox.release', { id: mail.id, integration_id: live.id }));
      expect(released.accepted).toEqual(['appsec@example.com']);
      expect(real.messages).toHaveLength(1);
      expect(real.messages[0]!.mail.subject).toBe(mail.subject);
      expect(real.messages[0]!.envelope.to).toEqual(['appsec@example.com']);
      expect(real.messages[0]!.mail.messageId).toBe(mail.headers.find(([k]) => k.toLowerCase() === 'message-id')![1]);
      const notices = engine.repo.logPage(undefined, 100).filter((e): e is Extract<LogEntry, { type: 'notice' }> & { seq: number } => e.type === 'notice');
      expect(notices.some((n) => n.message.includes('released through Corporate SMTP to 1 recipient(s)'))).toBe(true);
    } finally {
      await real.close();
    }
  });

  it('Capture: Jira issues are created in the simulator for any project key, with the Server wiki description', async () => {
    const jira = (await engine.handlers['integrations.create'](
      JiraInputSchema.parse({ kind: 'jira', name: 'Security Jira', settings: { deployment: 'server', url: `http://127.0.0.1:${deadPort}/jira`, auth_type: 'token', timeout_ms: 3000 }, secrets: { token: 'pat-0123456789abcdef' } }),
    )) as Integration;
    await setMode(jira.id, 'capture');
    expect((await call(invoke(engine.handlers, 'integrations.test', { id: jira.id }))).ok).toBe(true);
    await call(invoke(engine.handlers, 'rules.create', RuleInputSchema.parse({ name: 'To Jira', triggers: ['sca_policy_has_been_triggered'], actions: [{ integration_id: jira.id, params: { project_key: 'APPSEC', issue_type: 'Vulnerability' } }] })));
    engine.fireEvent({ trigger: 'sca_policy_has_been_triggered', payload: example('sca_policy_has_been_triggered') }, 'api');
    await advance(engine, clock, 5000);

    const issues = (await captures(jira.id)).filter((c) => c.jira_type === 'issue');
    expect(issues).toHaveLength(1);
    expect(issues[0]!.title).toMatch(/^APPSEC-1 /);
    const issue = await capture<CapturedJiraIssue>(issues[0]!.id);
    expect(issue).toMatchObject({ project: 'APPSEC', issue_type: 'Vulnerability', description_format: 'wiki', labels: expect.arrayContaining(['herald']) });
    expect(issue.browse_url).toMatch(/\/browse\/APPSEC-1$/);
  });

  it('Chaos at rate 1: every send fails with the chosen status, the retry ladder runs, and the integration auto-disables', async () => {
    const hook = await webhook();
    const chaotic = await setMode(hook.id, 'chaos', { rate: 1, failures: ['status'], status: 500 });
    expect(chaotic.sandbox.chaos).toEqual({ rate: 1, failures: ['status'], status: 500, delay_ms: 3000 });
    engine.fireEvent({ trigger: 'project_sca_analysis_started', payload: { project_id: 7, project_name: 'payments-api' } }, 'api');
    await advance(engine, clock, 5000);
    for (const delay of WEBHOOK_STANDARD_SCHEDULE_MS) await advance(engine, clock, delay + 5000);

    const after = engine.getIntegration(hook.id);
    expect(after.health).toMatchObject({ state: 'disabled', disabled_by: 'auto', last_status_code: 500 });
    const list = await captures(hook.id);
    expect(list).toHaveLength(1 + WEBHOOK_STANDARD_SCHEDULE_MS.length);
    expect(list.every((c) => c.injected === 'status' && c.status === 500)).toBe(true);
  });

  it('rejects bad modes and chaos settings naming the field, and keeps the stored chaos when only the mode changes', async () => {
    const hook = await webhook();
    const bad = async (input: unknown) => {
      const result = await invoke(engine.handlers, 'integrations.setSandbox', input);
      if (result.ok) throw new Error(`accepted ${JSON.stringify(input)}`);
      return result.error.message;
    };
    expect(await bad({ id: hook.id, mode: 'mirror' })).toBe('mode: mode is live, capture or chaos');
    expect(await bad({ id: hook.id, mode: 'chaos', chaos: { rate: 1.5 } })).toBe('chaos.rate: rate is at most 1 (every send fails)');
    expect(await bad({ id: hook.id, mode: 'chaos', chaos: { failures: [] } })).toBe('chaos.failures: Choose at least one way to fail: status, timeout or slow');
    expect(await bad({ id: hook.id, mode: 'chaos', chaos: { status: 200 } })).toMatch(/^chaos\.status: status is an error code from 400 to 599/);
    expect(await bad({ id: hook.id, mode: 'capture', reply: { status: 100 } })).toMatch(/^reply\.status: status is an HTTP status from 200 to 599/);

    await setMode(hook.id, 'chaos', { rate: 0.5, failures: ['slow', 'status'] });
    await setMode(hook.id, 'capture');
    expect(engine.getIntegration(hook.id).sandbox.chaos).toMatchObject({ rate: 0.5, failures: ['slow', 'status'] });
    // Mode and chaos survive a restart; the receiver comes back on its own.
    await engine.close();
    ({ engine, clock } = virtualEngine(dir.path));
    expect(engine.getIntegration(hook.id).sandbox).toMatchObject({ mode: 'capture', chaos: { rate: 0.5 } });
    expect((await call(invoke(engine.handlers, 'integrations.test', { id: hook.id }))).ok).toBe(true);
  });

  it('Capture: the webhook bin answers as configured, and Herald treats the answer as it would a real one', async () => {
    const hook = await webhook();
    await setMode(hook.id, 'capture', undefined);
    await call(invoke(engine.handlers, 'integrations.setSandbox', { id: hook.id, mode: 'capture', reply: { status: 202, body: '{"queued":true}' } }));
    const report = await call(invoke(engine.handlers, 'integrations.test', { id: hook.id }));
    expect(report).toMatchObject({ ok: true, status_code: 202 });
    await call(invoke(engine.handlers, 'integrations.setSandbox', { id: hook.id, mode: 'capture', reply: { status: 410 } }));
    expect(engine.getIntegration(hook.id).sandbox.reply).toEqual({ status: 410, delay_ms: 0, body: '{"accepted":true}' });
    const gone = await call(invoke(engine.handlers, 'integrations.test', { id: hook.id }));
    expect(gone).toMatchObject({ ok: false, status_code: 410 });
  });

  it('clears and exports captures; deleting the integration drops its receiver', async () => {
    const hook = await webhook();
    await setMode(hook.id, 'capture');
    await call(invoke(engine.handlers, 'integrations.test', { id: hook.id }));
    const all = await call(invoke(engine.handlers, 'sandbox.export', {}));
    expect(JSON.parse(all.content)).toHaveLength(1);
    expect(await call(invoke(engine.handlers, 'sandbox.clear', { integration_id: hook.id }))).toEqual({ cleared: 1 });
    expect(await captures()).toEqual([]);
    expect(pushes.some((p) => p.type === 'sandbox.cleared' && p.integration_id === hook.id)).toBe(true);
    const gone = await invoke(engine.handlers, 'sandbox.get', { id: `${hook.id}.req-1` });
    expect(gone.ok || gone.error.code).toBe('not_found');
    await call(invoke(engine.handlers, 'integrations.delete', { id: hook.id }));
    expect(engine.sandbox.info(hook.id)).toEqual({ address: null, captures: 0 });
  });
});

describe('the demo clock', () => {
  it('speeds engine time up and back down at runtime, never backwards, and says so in the log', async () => {
    const dir = tempDir();
    const engine = new Engine({ dataDir: dir.path, version: 'test', mode: 'browser' });
    engine.start();
    try {
      const events: PushEvent[] = [];
      engine.bus.subscribe((e) => events.push(e));
      const before = Date.parse(engine.appInfo().now);
      const fast = await invoke(engine.handlers, 'clock.setScale', { scale: 3600 });
      expect(fast.ok && fast.value.time_scale).toBe(3600);
      await new Promise((r) => setTimeout(r, 50));
      // 50 ms real at ×3600 is three minutes of engine time.
      const later = Date.parse(engine.appInfo().now);
      expect(later - before).toBeGreaterThan(60_000);
      const slow = await invoke(engine.handlers, 'clock.setScale', { scale: 1 });
      expect(slow.ok && slow.value.time_scale).toBe(1);
      expect(Date.parse(engine.appInfo().now)).toBeGreaterThanOrEqual(later);
      expect(events.filter((e) => e.type === 'clock').map((e) => (e as { time_scale: number }).time_scale)).toEqual([3600, 1]);
      const bad = await invoke(engine.handlers, 'clock.setScale', { scale: 0 });
      expect(bad.ok || bad.error.message).toBe('scale: scale is at least 1 (real time)');
    } finally {
      await engine.close();
      dir.remove();
    }
  });

  it('refuses to change a test clock', async () => {
    const dir = tempDir();
    const { engine } = virtualEngine(dir.path);
    try {
      const result = await invoke(engine.handlers, 'clock.setScale', { scale: 60 });
      expect(result.ok || result.error.code).toBe('conflict');
    } finally {
      await engine.close();
      dir.remove();
    }
  });
});
