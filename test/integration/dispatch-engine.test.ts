import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ScenarioInputSchema, type DeliveryPolicyInput, type PushEvent } from '../../main/contract/index.js';
import { ScaledClock, type VirtualClock } from '../../main/engine/clock.js';
import { Engine } from '../../main/engine/engine.js';
import { Receiver } from '../support/receiver.js';
import { advance, tempDir, virtualEngine } from '../support/world.js';

const TOKEN = 'whsec_2b4d6f8a0c1e3a5c7e9b';
const FINISHED = { project_id: 7, project_name: 'payments-api', vulnerabilities_count: 3, dependencies_count: 120 };
const s = 1000;
const m = 60_000;
const h = 3_600_000;

describe('dispatch engine: policies, rules, switches, dead letters (real receiver, real SQLite, virtual clock)', () => {
  let dir: ReturnType<typeof tempDir>;
  let receiver: Receiver;
  let engine: Engine;
  let clock: VirtualClock;
  let pushes: PushEvent[];

  beforeEach(async () => {
    dir = tempDir();
    receiver = await Receiver.start();
    ({ engine, clock } = virtualEngine(dir.path));
    pushes = [];
    engine.bus.subscribe((e) => pushes.push(e));
  });
  afterEach(async () => {
    await engine.close();
    await receiver.close();
    dir.remove();
  });

  function webhook(name: string, policy?: DeliveryPolicyInput, events: string[] = ['project_sca_analysis_finished', 'sca_policy_has_been_triggered'], url = receiver.url(`/${name}`)) {
    return engine.createIntegration({
      kind: 'webhook',
      name,
      is_active: true,
      settings: { url, projects: [], events: events as never, token_header: 'X-Herald-Authentication' },
      secrets: { token: TOKEN },
      ...(policy ? { policy: policy as never } : {}),
    });
  }
  const fire = (trigger = 'project_sca_analysis_finished', payload: Record<string, unknown> = FINISHED) => engine.fireEvent({ trigger, payload }, 'api');
  /** Virtual start time of every attempt of one integration, relative to the first. */
  const attemptOffsets = (integrationId: string) => {
    const rows = engine.repo.db.prepare('SELECT started_at FROM attempts WHERE integration_id = ? ORDER BY started_at, rowid').all(integrationId) as { started_at: number }[];
    return rows.map((r) => r.started_at - rows[0]!.started_at);
  };
  const statuses = (integrationId: string) =>
    Object.fromEntries((engine.repo.db.prepare('SELECT status, COUNT(*) AS n FROM deliveries WHERE integration_id = ? GROUP BY status').all(integrationId) as { status: string; n: number }[]).map((r) => [r.status, r.n]));

  it('batches per integration: window 0 sends at once, a custom window waits, the default follows Settings', async () => {
    const now = webhook('now', { batch_window_ms: 0 });
    const slow = webhook('slow', { batch_window_ms: 30 * s });
    const dflt = webhook('default');
    fire();
    await engine.scheduler.idle();
    expect(receiver.requests.map((r) => r.url)).toEqual(['/now']);
    await advance(engine, clock, 5 * s);
    expect(receiver.requests.map((r) => r.url)).toEqual(['/now', '/default']);
    fire();
    await advance(engine, clock, 24 * s);
    expect(receiver.requests.map((r) => r.url)).toEqual(['/now', '/default', '/now', '/default']);
    await advance(engine, clock, 1 * s);
    // The slow webhook's window ran from its oldest event: both events in one POST at 30 s.
    expect(receiver.requests.map((r) => r.url)).toEqual(['/now', '/default', '/now', '/default', '/slow']);
    expect((receiver.requests[4]!.json as { events: unknown[] }).events).toHaveLength(2);
    expect(engine.getIntegration(now.id).policy.batch_window_ms).toBe(0);
    expect(engine.getIntegration(dflt.id).policy).toMatchObject({ batch_window_ms: null, retry: { preset: 'webhook_standard' }, auto_disable: { preset: 'exhausted' } });
    expect(slow.policy.batch_window_ms).toBe(30 * s);
  });

  it('plays seed 003 fast cycles to the millisecond, then (exhausted preset) disables after the 16th retry', async () => {
    receiver.status = 500;
    const hook = webhook('fast', { batch_window_ms: 0, retry: { preset: 'fast_cycles' } });
    fire();
    await engine.scheduler.idle();
    // Step exactly to each announced retry, as a user watching the clock would.
    for (let i = 0; i < 40 && engine.getIntegration(hook.id).is_active; i++) {
      const next = Date.parse(engine.getIntegration(hook.id).health.next_attempt_at!);
      await advance(engine, clock, next - clock.now());
    }
    expect(attemptOffsets(hook.id)).toEqual(
      [0, 1, 3, 5, 10, 10, 0, 1, 3, 5, 30].map((x) => x * s).concat([1, 1, 3, 5, 10, 30].map((x) => x * m)).reduce<number[]>((acc, d) => [...acc, (acc.at(-1) ?? 0) + d], []),
    );
    expect(engine.getIntegration(hook.id).health).toMatchObject({ state: 'disabled', disabled_by: 'auto' });
    expect(engine.getIntegration(hook.id).health.disabled_reason).toMatch(/still failed after the 30 min retry/);
    expect(statuses(hook.id)).toEqual({ dead: 1 });
  });

  it('honours Retry-After on 429 exactly, and jitter never makes a retry early', async () => {
    receiver.status = 429;
    receiver.responseHeaders = { 'retry-after': '120' };
    const hook = webhook('limited', { batch_window_ms: 0, retry: { preset: 'fast_cycles' } });
    fire();
    await engine.scheduler.idle();
    await advance(engine, clock, 119 * s);
    expect(receiver.requests).toHaveLength(1);
    receiver.status = 200;
    await advance(engine, clock, 1 * s);
    expect(receiver.requests).toHaveLength(2);
    expect(attemptOffsets(hook.id)).toEqual([0, 120 * s]);
  });

  it('disables at ≥ 60 % failed over 12 h (seed 003), keeps the queue, tells the other integrations, and refresh availability sends it', async () => {
    const other = await Receiver.start();
    try {
      // Another webhook subscribed to Herald's own auto-disable notice (seed 003 tells the other systems).
      const watcher = webhook('watcher', { batch_window_ms: 0 }, ['integration_auto_disabled'], other.url('/watch'));
      const hook = webhook('flaky', { batch_window_ms: 0, retry: { preset: 'fast_cycles' }, auto_disable: { preset: 'failure_ratio', min_attempts: 10 } });
      // 5 good and 5 bad requests: 50 %, below the limit.
      for (let i = 0; i < 5; i++) {
        receiver.status = 500;
        fire();
        await engine.scheduler.idle();
        receiver.status = 200;
        await advance(engine, clock, 2 * s);
      }
      expect(engine.getIntegration(hook.id).health.state).toBe('active');
      expect(engine.repo.failureStats(hook.id, 0)).toEqual({ total: 10, failed: 5 });
      // Now it keeps failing: (5 + f) / (10 + f) ≥ 60 % at f = 3.
      receiver.status = 503;
      fire();
      fire('sca_policy_has_been_triggered', { alert_id: 1, stage: 'prod', policy_id: 7, policy_name: 'Block critical CVEs', blocker: true, dependency: 'log4j-core', dependency_version: '2.14.1', project_id: 7, project_name: 'payments-api' });
      // A send finishes after the clock moved; step a second at a time so each retry runs on time.
      for (let i = 0; i < 60; i++) await advance(engine, clock, 1 * s);
      const disabled = engine.getIntegration(hook.id);
      expect(disabled.health).toMatchObject({ state: 'disabled', disabled_by: 'auto' });
      expect(disabled.health.disabled_reason).toBe(
        'Disabled automatically: 62 % of 13 requests failed in the last 12 h (the limit is 60 %). Last error: The receiver failed with 503. The events already queued are kept and go out when it is enabled again; new events are not queued for it while it is disabled.',
      );
      expect(statuses(hook.id)).toMatchObject({ delivered: 5, pending: 2 });
      const failedBefore = receiver.requests.length;
      await advance(engine, clock, 1 * h);
      expect(receiver.requests).toHaveLength(failedBefore);

      // Told on the desktop (push), in the log, and to the other webhook as a catalogue event.
      expect(pushes).toContainEqual({ type: 'integration.autoDisabled', integration_id: hook.id, integration_name: 'flaky', reason: disabled.health.disabled_reason });
      expect(other.requests).toHaveLength(1);
      const notice = (other.requests[0]!.json as { events: { trigger: string; payload: Record<string, unknown> }[] }).events[0]!;
      expect(notice.trigger).toBe('integration_auto_disabled');
      expect(notice.payload).toMatchObject({ integration_id: hook.id, integration_name: 'flaky', integration_kind: 'webhook', pending_deliveries: 2, reason: disabled.health.disabled_reason });
      expect(engine.getIntegration(watcher.id).health.state).toBe('active');

      receiver.status = 200;
      const { report, integration } = await engine.refreshAvailability(hook.id);
      expect(report.ok).toBe(true);
      expect(integration.health.state).toBe('active');
      await engine.scheduler.idle();
      const last = receiver.requests.at(-1)!.json as { events: { trigger: string }[] };
      expect(last.events.map((e) => e.trigger)).toEqual(['project_sca_analysis_finished', 'sca_policy_has_been_triggered']);
      expect(statuses(hook.id)).toEqual({ delivered: 7 });
    } finally {
      await other.close();
    }
  });

  it('counts only the window: failures older than 12 h do not disable', async () => {
    const hook = webhook('old', { batch_window_ms: 0, retry: { preset: 'custom', custom_ms: [1000] }, auto_disable: { preset: 'failure_ratio', min_attempts: 4 } });
    receiver.status = 500;
    fire();
    await advance(engine, clock, 1 * s); // 2 failures, the last step repeats
    receiver.status = 200;
    await advance(engine, clock, 1 * s);
    expect(engine.repo.failureStats(hook.id, 0)).toEqual({ total: 3, failed: 2 });
    await advance(engine, clock, 13 * h);
    receiver.status = 500;
    fire();
    await advance(engine, clock, 1 * s);
    await advance(engine, clock, 1 * s);
    // 3 failures in the window so far, under the 4-request minimum: still active and retrying.
    expect(engine.getIntegration(hook.id).health.state).toBe('failing');
    await advance(engine, clock, 1 * s);
    expect(engine.getIntegration(hook.id).health.state).toBe('disabled');
  });

  it('lists dead letters with their last error and replays them one by one or in bulk, keeping the event ids', async () => {
    receiver.status = 500;
    const hook = webhook('dies', { batch_window_ms: 0, retry: { preset: 'custom', custom_ms: [1000] } });
    const first = fire();
    const second = fire('project_sca_analysis_finished', { ...FINISHED, project_id: 8, project_name: 'ledger' });
    await engine.scheduler.idle();
    await advance(engine, clock, 1 * s);
    expect(engine.getIntegration(hook.id).health.state).toBe('disabled');

    const page = engine.deadLetters({ limit: 1 });
    expect(page.total).toBe(2);
    expect(page.items).toHaveLength(1);
    expect(page.items[0]).toMatchObject({ integration_id: hook.id, integration_name: 'dies', trigger: 'project_sca_analysis_finished', last_error: 'The receiver failed with 500.' });
    const rest = engine.deadLetters({ limit: 1, before: page.next_before! });
    expect(rest.items).toHaveLength(1);
    // The first event went alone and again with the second, which arrived during the first send.
    expect([page.items[0]!.attempts, rest.items[0]!.attempts].sort()).toEqual([1, 2]);
    expect(new Set([page.items[0]!.event_id, rest.items[0]!.event_id])).toEqual(new Set([first.event.id, second.event.id]));

    // Replayed while disabled: queued, waiting for it to be enabled.
    receiver.status = 200;
    const one = engine.replay({ delivery_ids: [page.items[0]!.delivery_id] });
    expect(one).toEqual({ replayed: 1, waiting_for: [{ integration_id: hook.id, integration_name: 'dies', count: 1 }] });
    expect(engine.deadLetters({ limit: 10 }).total).toBe(1);
    const sent = receiver.requests.length;
    engine.setActive(hook.id, true);
    await engine.scheduler.idle();
    expect(receiver.requests).toHaveLength(sent + 1);
    expect(engine.replay({ all: true })).toEqual({ replayed: 1, waiting_for: [] });
    await engine.scheduler.idle();
    expect(receiver.requests).toHaveLength(sent + 2);
    expect(engine.deadLetters({ limit: 10 }).total).toBe(0);
    // The same events, not copies: both deliveries of the original event ids are delivered.
    for (const id of [first.event.id, second.event.id]) expect(engine.repo.deliveriesOfEvent(id).map((d) => d.status)).toEqual(['delivered']);
    expect(engine.replay({ all: true })).toEqual({ replayed: 0, waiting_for: [] });
  });

  it('retry now skips the wait but keeps the retry step', async () => {
    receiver.status = 500;
    const hook = webhook('wait', { batch_window_ms: 0 });
    fire();
    await engine.scheduler.idle();
    expect(engine.getIntegration(hook.id).health).toMatchObject({ state: 'failing', retry_step: 1 });
    receiver.status = 200;
    engine.retryNow(hook.id);
    await engine.scheduler.idle();
    expect(receiver.requests).toHaveLength(2);
    expect(engine.getIntegration(hook.id).health).toMatchObject({ state: 'active', retry_step: 0, pending_deliveries: 0 });
    engine.setActive(hook.id, false);
    expect(() => engine.retryNow(hook.id)).toThrow(/is disabled: enable it/);
  });

  it('switches a trigger off everywhere: recorded, not sent; on again, sent', async () => {
    const hook = webhook('switch', { batch_window_ms: 0 });
    expect(engine.setTriggerEnabled('project_sca_analysis_finished', false)).toMatchObject({ name: 'project_sca_analysis_finished', enabled: false });
    const off = fire();
    expect(off).toMatchObject({ routed_to: [], switched_off: true });
    await advance(engine, clock, 10 * s);
    expect(receiver.requests).toHaveLength(0);
    expect(engine.repo.logPage(undefined, 5).find((e) => e.type === 'event')).toMatchObject({ switched_off: true, routed_to: 0 });
    expect(engine.listTriggers().filter((t) => !t.enabled).map((t) => t.name)).toEqual(['project_sca_analysis_finished']);
    // It survives a restart (a setting).
    await engine.close();
    engine = new Engine({ dataDir: dir.path, version: 'test', mode: 'browser', clock, random: () => 0 });
    engine.start();
    expect(engine.settings.disabled_triggers).toEqual(['project_sca_analysis_finished']);
    engine.setTriggerEnabled('project_sca_analysis_finished', true);
    expect(fire().routed_to).toEqual([{ integration_id: hook.id, integration_name: 'switch' }]);
    await engine.scheduler.idle();
    expect(receiver.requests).toHaveLength(1);
  });

  it('routes rules with conditions: each matching action gets its own delivery', async () => {
    const all = webhook('all', { batch_window_ms: 0 }, ['test']);
    const blockers = webhook('blockers', { batch_window_ms: 0 }, ['test']);
    engine.createRule({ name: 'Every policy', is_active: true, triggers: ['sca_policy_has_been_triggered'], projects: [], conditions: [], actions: [{ integration_id: all.id, params: {} }] });
    engine.createRule({
      name: 'Blockers at high or above',
      is_active: true,
      triggers: ['sca_policy_has_been_triggered'],
      projects: ['payments-api'],
      conditions: [
        { field: 'blocker', op: 'equals', value: true },
        { field: 'severity', op: 'gte', value: 'high' },
      ],
      actions: [{ integration_id: blockers.id, params: {} }],
    });
    const alert = { alert_id: 1, stage: 'prod', policy_id: 7, policy_name: 'Block critical CVEs', blocker: true, dependency: 'log4j-core', dependency_version: '2.14.1', severity: 'critical', project_id: 7, project_name: 'payments-api' };
    expect(fire('sca_policy_has_been_triggered', alert).routed_to.map((r) => r.integration_name)).toEqual(['all', 'blockers']);
    expect(fire('sca_policy_has_been_triggered', { ...alert, severity: 'medium' }).routed_to.map((r) => r.integration_name)).toEqual(['all']);
    expect(fire('sca_policy_has_been_triggered', { ...alert, blocker: false }).routed_to.map((r) => r.integration_name)).toEqual(['all']);
    expect(fire('sca_policy_has_been_triggered', { ...alert, project_name: 'ledger' }).routed_to.map((r) => r.integration_name)).toEqual(['all']);
    await engine.scheduler.idle();
    expect(receiver.requests.filter((r) => r.url === '/blockers')).toHaveLength(1);
  });

  it('dry run: which rules match and why not, and exactly what each delivery would send — storing nothing', async () => {
    webhook('SIEM intake', { batch_window_ms: 30 * s }, ['sca_policy_has_been_triggered'], receiver.url('/siem'));
    const mail = engine.createIntegration({
      kind: 'email',
      name: 'Security mail',
      is_active: true,
      settings: { transport: 'smtp', host: '127.0.0.1', port: 2525, security: 'none', require_tls: false, auth: false, auth_method: 'password', tenant_id: '', client_id: '', login_base: 'https://login.microsoftonline.com', graph_base: 'https://graph.microsoft.com/v1.0', username: '', from_address: 'herald@example.com', from_name: 'Herald', reply_to: 'appsec@example.com', signature: '', ca_pem: '', allow_self_signed: false, connection_timeout_ms: 10_000, greeting_timeout_ms: 10_000, templates: { event: { subject: '', html: '', text: '' }, digest: { subject: '', html: '', text: '' } } },
      secrets: {},
    });
    engine.createRule({ name: 'Blockers to AppSec', is_active: true, triggers: ['sca_policy_has_been_triggered'], projects: [], conditions: [{ field: 'blocker', op: 'equals', value: true }], actions: [{ integration_id: mail.id, params: { recipients: ['appsec@example.com'], format: 'per_event' } }] });
    engine.createRule({ name: 'Prod only', is_active: true, triggers: ['sca_policy_has_been_triggered'], projects: [], conditions: [{ field: 'stage', op: 'equals', value: 'prod' }], actions: [{ integration_id: mail.id, params: { recipients: ['oncall@example.com'] } }] });
    const before = engine.repo.db.prepare('SELECT (SELECT COUNT(*) FROM events) + (SELECT COUNT(*) FROM deliveries) + (SELECT COUNT(*) FROM log) AS n').get();

    const alert = { alert_id: 1, stage: 'dev', policy_id: 7, policy_name: 'Block critical CVEs', blocker: true, dependency: 'log4j-core', dependency_version: '2.14.1', vulnerability: 'CVE-2021-44228', project_id: 7, project_name: 'payments-api' };
    const result = await engine.dryRun({ trigger: 'sca_policy_has_been_triggered', payload: alert });

    expect(result).toMatchObject({ trigger: 'sca_policy_has_been_triggered', project: 'payments-api', switched_off: false, skipped: [] });
    expect(result.checks.map((c) => [c.name, c.matched])).toEqual([
      ['SIEM intake (its own events and projects)', true],
      ['Blockers to AppSec', true],
      ['Prod only', false],
    ]);
    expect(result.checks[2]!.reasons).toContainEqual({ ok: false, text: 'stage is dev; needs stage = prod' });
    expect(result.deliveries.map((d) => [d.integration_name, d.rule_name, d.what, d.due_in_ms])).toEqual([
      ['SIEM intake', null, 'send', 30 * s],
      ['Security mail', 'Blockers to AppSec', 'send', 5 * s],
    ]);
    const http = result.deliveries[0]!.preview;
    expect(http).toMatchObject({ kind: 'http', method: 'POST', url: receiver.url('/siem') });
    if (http.kind !== 'http') throw new Error('expected an HTTP preview');
    expect(http.headers['X-Herald-Authentication']).toBe('••••••••7e9b');
    expect(JSON.stringify(result)).not.toContain(TOKEN);
    expect(JSON.parse(http.body)).toEqual({ events: [{ created_at: expect.any(String), trigger: 'sca_policy_has_been_triggered', payload: alert }] });
    const email = result.deliveries[1]!.preview;
    expect(email).toMatchObject({ kind: 'email', to: ['appsec@example.com'], from: 'Herald <herald@example.com>', reply_to: 'appsec@example.com' });
    if (email.kind !== 'email') throw new Error('expected an email preview');
    expect(email.subject).toContain('payments-api');
    expect(email.text).toContain('CVE-2021-44228');

    expect(engine.repo.db.prepare('SELECT (SELECT COUNT(*) FROM events) + (SELECT COUNT(*) FROM deliveries) + (SELECT COUNT(*) FROM log) AS n').get()).toEqual(before);

    // Disabled integrations and switched-off triggers are explained, not silently dropped.
    engine.setActive(mail.id, false);
    const skipped = await engine.dryRun({ trigger: 'sca_policy_has_been_triggered', payload: alert });
    expect(skipped.skipped).toEqual([{ integration_id: mail.id, integration_name: 'Security mail', rule_name: 'Blockers to AppSec', reason: 'Security mail is disabled: Disabled by a user' }]);
    engine.setTriggerEnabled('sca_policy_has_been_triggered', false);
    expect(await engine.dryRun({ trigger: 'sca_policy_has_been_triggered', payload: alert })).toMatchObject({ switched_off: true, deliveries: [] });
    await expect(engine.dryRun({ trigger: 'sca_policy_has_been_triggered', payload: { ...alert, blocker: 'yes' } })).rejects.toMatchObject({ code: 'validation', message: 'payload.blocker: blocker must be true or false' });
  });

  it('filters the live log by integration, trigger, kind and time', async () => {
    const good = webhook('good', { batch_window_ms: 0 });
    const bad = webhook('bad', { batch_window_ms: 0 }, ['sca_policy_has_been_triggered'], receiver.url('/bad'));
    receiver.status = 200;
    fire();
    await engine.scheduler.idle();
    const t1 = clock.now();
    clock.advance(10 * s);
    receiver.status = 500;
    fire('sca_policy_has_been_triggered', { alert_id: 1, stage: 'prod', policy_id: 7, policy_name: 'p', blocker: true, dependency: 'd', dependency_version: '1', project_id: 7, project_name: 'payments-api' });
    await engine.scheduler.idle();
    const list = (q: Record<string, unknown>) => engine.repo.logPage(undefined, 100, q).map((e) => (e.type === 'event' ? `event ${e.event.trigger}` : e.type === 'attempt' ? `${e.attempt.outcome} ${e.attempt.integration_name}` : `notice ${e.message}`));

    expect(list({ integration_id: bad.id })).toEqual(['retry bad', 'event sca_policy_has_been_triggered']);
    expect(list({ integration_id: good.id })).toEqual(['retry good', 'event sca_policy_has_been_triggered', 'delivered good', 'event project_sca_analysis_finished']);
    expect(list({ trigger: 'project_sca_analysis_finished' })).toEqual(['delivered good', 'event project_sca_analysis_finished']);
    expect(list({ kinds: ['retry'] })).toEqual(['retry bad', 'retry good']);
    expect(list({ kinds: ['event', 'delivered'] })).toEqual(['event sca_policy_has_been_triggered', 'delivered good', 'event project_sca_analysis_finished']);
    expect(list({ until: t1 })).toEqual(['delivered good', 'event project_sca_analysis_finished']);
    expect(list({ since: t1 + 1 })).toHaveLength(3);
    // Through the contract: ISO times and validation that names the field.
    const page = await engine.handlers['log.list']({ limit: 1, kinds: ['retry'], integration_id: good.id, since: new Date(t1).toISOString() });
    expect(page.entries).toHaveLength(1);
  });

  it('charts success and latency per time bucket, and pausing holds every send without losing one', async () => {
    const hook = webhook('charted', { batch_window_ms: 0 });
    receiver.status = 200;
    fire();
    await engine.scheduler.idle();
    await advance(engine, clock, 1 * h);
    receiver.status = 500;
    fire();
    await engine.scheduler.idle();
    const [series] = engine.healthSeries({ integration_id: hook.id, bucket_ms: h });
    expect(series!.integration_name).toBe('charted');
    expect(series!.buckets).toHaveLength(25);
    const used = series!.buckets.filter((b) => b.attempts > 0);
    expect(used.map((b) => [b.attempts, b.delivered, b.failed])).toEqual([[1, 1, 0], [1, 0, 1]]);
    expect(used[0]!.latency_p50_ms).toBeGreaterThanOrEqual(0);
    expect(used[0]!.latency_p95_ms).toBe(used[0]!.latency_p50_ms);
    expect(() => engine.healthSeries({ integration_id: 'nope', bucket_ms: h })).toThrow(/No integration with id nope/);

    receiver.status = 200;
    const paused = await engine.handlers['deliveries.pause']({ paused: true });
    expect(paused.paused).toBe(true);
    expect(pushes).toContainEqual({ type: 'deliveries.paused', paused: true });
    await advance(engine, clock, 10 * m);
    fire();
    await advance(engine, clock, 1 * h);
    expect(receiver.requests).toHaveLength(2);
    expect(engine.getIntegration(hook.id).health.pending_deliveries).toBe(2);
    expect((await engine.handlers['deliveries.pause']({ paused: false })).paused).toBe(false);
    await engine.scheduler.idle();
    expect(receiver.requests).toHaveLength(3);
    expect((receiver.requests[2]!.json as { events: unknown[] }).events).toHaveLength(2);
    expect(engine.getIntegration(hook.id).health).toMatchObject({ pending_deliveries: 0, dead_letters: 0 });
  });

  it('raises one notification per cause, keeps it current, resolves it when the cause goes away, and hides switched-off kinds', async () => {
    const bell = () => engine.notifications.list(false, 100);
    receiver.status = 500;
    const hook = webhook('bell', { batch_window_ms: 0, retry: { preset: 'custom', custom_ms: [1000] } });
    fire();
    await engine.scheduler.idle();
    await advance(engine, clock, 1 * s);
    // Exhausted: disabled, and its event is a dead letter.
    expect(bell().items.map((n) => [n.kind, n.title, n.link])).toEqual([
      ['auto_disabled', 'bell was disabled automatically', `#/integrations?focus=${hook.id}`],
      ['dead_letters', '1 dead letter for bell', `#/dead?integration=${hook.id}`],
    ]);
    expect(bell().unread).toBe(2);
    expect(pushes.filter((p) => p.type === 'notification').length).toBeGreaterThanOrEqual(2);

    // A failed test of the saved settings is a notice; a passing one resolves it.
    const failed = await engine.test(hook.id, undefined);
    expect(failed.ok).toBe(false);
    expect(bell().items.find((n) => n.kind === 'test_failed')).toMatchObject({ title: 'Test of bell failed', message: failed.summary });

    const marked = engine.notifications.markRead(bell().items.filter((n) => n.kind === 'dead_letters').map((n) => n.id));
    expect(marked.unread).toBe(2);
    engine.handlers['settings.update']({ notifications_off: ['test_failed'] });
    expect(bell()).toMatchObject({ unread: 1 });
    expect(bell().items.map((n) => n.kind)).toEqual(['auto_disabled', 'dead_letters']);

    receiver.status = 200;
    await engine.refreshAvailability(hook.id);
    engine.replay({ all: true });
    await engine.scheduler.idle();
    engine.handlers['settings.update']({ notifications_off: [] });
    expect(bell()).toEqual({ items: [], unread: 0 });
    // History keeps the resolved ones until retention.
    expect(engine.notifications.list(true, 100).items.map((n) => [n.kind, n.resolved])).toEqual(
      expect.arrayContaining([
        ['auto_disabled', true],
        ['dead_letters', true],
        ['test_failed', true],
      ]),
    );
  });

  it('runs a scan with a chosen share of blocking alerts', async () => {
    const results = engine.fireScenario({ scenario: 'project_scan', subject: 'ledger', policies: 5, blocker_share: 0.4 });
    expect(results.map((r) => r.event.trigger)).toEqual(['project_sca_analysis_started', ...Array(5).fill('sca_policy_has_been_triggered'), 'project_sca_analysis_finished']);
    expect(results.slice(1, 6).map((r) => r.event.payload.blocker)).toEqual([true, true, false, false, false]);
    expect(engine.fireScenario({ scenario: 'project_scan', policies: 3 }).slice(1, 4).map((r) => r.event.payload.blocker)).toEqual([true, false, false]);
    expect(ScenarioInputSchema.safeParse({ blocker_share: 1.5 }).error!.issues[0]).toMatchObject({ path: ['blocker_share'], message: 'At most 100 %' });
  });

  it('retention prunes old events, attempts and log rows but never what still waits to be delivered', async () => {
    receiver.status = 200;
    webhook('kept', { batch_window_ms: 0 });
    fire();
    await engine.scheduler.idle();
    receiver.status = 500;
    const failing = webhook('stuck', { batch_window_ms: 0, retry: { preset: 'custom', custom_ms: [7 * 24 * h] } }, ['sca_policy_has_been_triggered']);
    const waiting = fire('sca_policy_has_been_triggered', { alert_id: 1, stage: 'prod', policy_id: 7, policy_name: 'p', blocker: false, dependency: 'd', dependency_version: '1', project_id: 7, project_name: 'payments-api' });
    await engine.scheduler.idle();
    clock.advance(31 * 24 * h);
    engine.prune();
    const count = (table: string) => (engine.repo.db.prepare(`SELECT COUNT(*) AS n FROM ${table}`).get() as { n: number }).n;
    expect(count('events')).toBe(1);
    expect(count('attempts')).toBe(0);
    expect(engine.repo.deliveriesOfEvent(waiting.event.id).find((d) => d.integration_id === failing.id)).toMatchObject({ status: 'pending' });
  });
});

describe('compressed clock', () => {
  it('plays the whole 48 h ladder of seed 004 in seconds against a real receiver', async () => {
    const dir = tempDir();
    const receiver = await Receiver.start();
    receiver.status = 503;
    // ×200,000: the 87.6 h of waits take about 1.6 s of real time.
    const engine = new Engine({ dataDir: dir.path, version: 'test', mode: 'browser', clock: new ScaledClock(200_000) });
    try {
      engine.start();
      const hook = engine.createIntegration({ kind: 'webhook', name: 'demo', is_active: true, settings: { url: receiver.url(), projects: [], events: ['test'], token_header: 'X-Herald-Authentication' }, secrets: {} });
      engine.fireEvent({ trigger: 'test', payload: {} }, 'ui');
      const started = Date.now();
      while (engine.getIntegration(hook.id).is_active && Date.now() - started < 20_000) await new Promise((r) => setTimeout(r, 50));
      const elapsed = Date.now() - started;
      expect(engine.getIntegration(hook.id).health.disabled_reason).toMatch(/after the 48 h retry/);
      expect(receiver.requests).toHaveLength(8);
      expect(elapsed).toBeLessThan(15_000);
      // Never early. (One real millisecond is 200 s here, so the upper bound is the virtual-clock tests' job.)
      const rows = engine.repo.db.prepare('SELECT started_at FROM attempts ORDER BY started_at').all() as { started_at: number }[];
      const gaps = rows.slice(1).map((r, i) => r.started_at - rows[i]!.started_at);
      [1 * m, 5 * m, 30 * m, 3 * h, 12 * h, 24 * h, 48 * h].forEach((wait, i) => expect(gaps[i]).toBeGreaterThanOrEqual(wait));
      expect(gaps.reduce((a, b) => a + b, 0)).toBeGreaterThanOrEqual(87.6 * h);
      expect(engine.timeScale).toBe(200_000);
    } finally {
      await engine.close();
      await receiver.close();
      dir.remove();
    }
  }, 30_000);
});
