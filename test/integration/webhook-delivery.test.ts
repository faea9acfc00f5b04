import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { findTrigger } from '../../main/contract/catalogue.js';
import type { Engine } from '../../main/engine/engine.js';
import { VirtualClock } from '../../main/engine/clock.js';
import { WEBHOOK_STANDARD_SCHEDULE_MS } from '../../main/engine/policy.js';
import { Receiver } from '../support/receiver.js';
import { advance, tempDir, virtualEngine } from '../support/world.js';

const TOKEN = 'whsec_7f3a9c1e5b2d4f6a8c0e';

describe('webhook delivery (seed 004)', () => {
  let dir: ReturnType<typeof tempDir>;
  let receiver: Receiver;
  let engine: Engine;
  let clock: VirtualClock;

  beforeEach(async () => {
    dir = tempDir();
    receiver = await Receiver.start();
    ({ engine, clock } = virtualEngine(dir.path));
  });
  afterEach(async () => {
    await engine.close();
    await receiver.close();
    dir.remove();
  });

  function createWebhook(overrides: { projects?: string[]; token_header?: string } = {}) {
    return engine.createIntegration({
      kind: 'webhook',
      name: 'SIEM intake',
      is_active: true,
      settings: {
        url: receiver.url('/intake'),
        projects: overrides.projects ?? [],
        events: ['project_sca_analysis_started', 'project_sca_analysis_finished', 'sca_policy_has_been_triggered'],
        token_header: overrides.token_header ?? 'X-Herald-Authentication',
      },
      secrets: { token: TOKEN },
    });
  }

  const fire = (trigger: string, payload: Record<string, unknown>) => engine.fireEvent({ trigger, payload }, 'api');

  it('sends the events of one window in one POST with the exact body shape and the token header', async () => {
    createWebhook({ token_header: 'X-CodeScoring-Authentication' });
    fire('project_sca_analysis_started', { project_id: 7, project_name: 'payments-api' });
    clock.advance(1000);
    fire('project_sca_analysis_finished', { project_id: 7, project_name: 'payments-api', vulnerabilities_count: 3, dependencies_count: 120 });
    clock.advance(1000);
    fire('project_sca_analysis_started', { project_id: 8, project_name: 'customer-portal' });
    expect(receiver.requests).toHaveLength(0);

    await advance(engine, clock, 5000);

    expect(receiver.requests).toHaveLength(1);
    const [req] = receiver.requests;
    expect(req!.method).toBe('POST');
    expect(req!.url).toBe('/intake');
    expect(req!.headers['content-type']).toBe('application/json');
    expect(req!.headers['x-codescoring-authentication']).toBe(TOKEN);
    expect(req!.json).toEqual({
      events: [
        { created_at: '2026-11-22T09:00:00.000Z', trigger: 'project_sca_analysis_started', payload: { project_id: 7, project_name: 'payments-api' } },
        {
          created_at: '2026-11-22T09:00:01.000Z',
          trigger: 'project_sca_analysis_finished',
          payload: { project_id: 7, project_name: 'payments-api', vulnerabilities_count: 3, dependencies_count: 120 },
        },
        { created_at: '2026-11-22T09:00:02.000Z', trigger: 'project_sca_analysis_started', payload: { project_id: 8, project_name: 'customer-portal' } },
      ],
    });
    // Exactly these keys, nothing of ours leaks into the body.
    expect(Object.keys((req!.json as { events: object[] }).events[0]!)).toEqual(['created_at', 'trigger', 'payload']);

    await advance(engine, clock, 60_000);
    expect(receiver.requests).toHaveLength(1);
  });

  it('honours the triggers and projects filters', async () => {
    createWebhook({ projects: ['payments-api', '42'] });
    fire('project_sca_analysis_started', { project_id: 1, project_name: 'payments-api' });
    fire('project_sca_analysis_started', { project_id: 42, project_name: 'legacy-billing' });
    fire('project_sca_analysis_started', { project_id: 2, project_name: 'not-mine' });
    fire('clones_analysis_started', { project_id: 1, project_name: 'payments-api' });
    await advance(engine, clock, 5000);
    const events = (receiver.requests[0]!.json as { events: { payload: { project_id: number } }[] }).events;
    expect(events.map((e) => e.payload.project_id)).toEqual([1, 42]);
  });

  it('re-sends failed events together on 1m→5m→30m→3h→12h→24h→48h, then disables the webhook', async () => {
    const hook = createWebhook();
    receiver.status = 500;
    fire('project_sca_analysis_started', { project_id: 7, project_name: 'payments-api' });
    fire('project_sca_analysis_started', { project_id: 8, project_name: 'customer-portal' });
    await advance(engine, clock, 5000);
    expect(receiver.requests).toHaveLength(1);

    // An event arriving during the back-off joins the retried batch instead of going alone.
    clock.advance(10_000);
    fire('project_sca_analysis_started', { project_id: 9, project_name: 'search-service' });

    for (const [step, delay] of WEBHOOK_STANDARD_SCHEDULE_MS.entries()) {
      // The step is scheduled exactly `delay` after the failed request.
      const failure = lastAttempt(engine);
      expect(failure.next_attempt_at - failure.started_at).toBe(delay);
      // Just before it is due: nothing.
      await advance(engine, clock, failure.next_attempt_at - clock.now() - 1);
      expect(receiver.requests).toHaveLength(step + 1);
      // The 5 s tick after it falls due: one request carrying every failed event.
      await advance(engine, clock, 5000);
      expect(receiver.requests).toHaveLength(step + 2);
      const body = receiver.requests.at(-1)!.json as { events: { payload: { project_id: number } }[] };
      expect(body.events.map((e) => e.payload.project_id)).toEqual([7, 8, 9]);
    }

    const after = engine.getIntegration(hook.id);
    expect(after.is_active).toBe(false);
    expect(after.health.state).toBe('disabled');
    expect(after.health.disabled_by).toBe('auto');
    expect(after.health.disabled_reason).toMatch(/48 h/);

    // Disabled: nothing more is sent, whatever happens.
    fire('project_sca_analysis_started', { project_id: 10, project_name: 'late' });
    await advance(engine, clock, 72 * 3_600_000);
    expect(receiver.requests).toHaveLength(1 + WEBHOOK_STANDARD_SCHEDULE_MS.length);
  });

  it('succeeds on 2xx after failures and resets the schedule', async () => {
    const hook = createWebhook();
    receiver.status = 503;
    fire('project_sca_analysis_started', { project_id: 7, project_name: 'payments-api' });
    await advance(engine, clock, 5000);
    expect(engine.getIntegration(hook.id).health).toMatchObject({ state: 'failing', retry_step: 1 });
    receiver.status = 299;
    await advance(engine, clock, 60_000);
    expect(receiver.requests).toHaveLength(2);
    expect(engine.getIntegration(hook.id).health).toMatchObject({ state: 'active', retry_step: 0, pending_deliveries: 0, last_status_code: 299 });
  });

  it('records every attempt: time, duration, status, capped response excerpt, error', async () => {
    createWebhook();
    receiver.status = 502;
    receiver.responseBody = 'x'.repeat(10_000);
    fire('project_sca_analysis_started', { project_id: 7, project_name: 'payments-api' });
    await advance(engine, clock, 5000);
    const page = engine.handlers['log.list']({ limit: 10, kinds: [] }) as { entries: { type: string; id: string }[] };
    const attemptEntry = page.entries.find((e) => e.type === 'attempt')!;
    const attempt = engine.repo.attempt(attemptEntry.id)!;
    expect(attempt).toMatchObject({ outcome: 'retry', status_code: 502, classification: 'transient', retry_step: 0 });
    expect(attempt.error).toMatch(/502/);
    expect(attempt.started_at).toBe('2026-11-22T09:00:05.000Z');
    expect(attempt.next_attempt_at).toBe('2026-11-22T09:01:05.000Z');
    expect(attempt.duration_ms).toBeGreaterThanOrEqual(0);
    expect(attempt.response!.body_excerpt).toHaveLength(4096);
    expect(attempt.response!.body_truncated).toBe(true);
    expect(attempt.request.headers['X-Herald-Authentication']).toBe('••••••••');
    expect(attempt.request.body).not.toContain(TOKEN);
  });

  it('loses nothing across a restart between attempts', async () => {
    const hook = createWebhook();
    receiver.status = 500;
    fire('project_sca_analysis_started', { project_id: 7, project_name: 'payments-api' });
    fire('sca_policy_has_been_triggered', example('sca_policy_has_been_triggered'));
    await advance(engine, clock, 5000);
    expect(receiver.requests).toHaveLength(1);
    await engine.close();

    // The app was down for 10 minutes: the overdue 1-minute retry runs at the first tick.
    const restartedClock = new VirtualClock(clock.now() + 10 * 60_000);
    ({ engine, clock } = virtualEngine(dir.path, restartedClock));
    expect(engine.getIntegration(hook.id).health).toMatchObject({ state: 'failing', pending_deliveries: 2 });
    receiver.status = 200;
    await advance(engine, clock, 5000);
    expect(receiver.requests).toHaveLength(2);
    expect((receiver.requests[1]!.json as { events: unknown[] }).events).toHaveLength(2);
    expect(engine.getIntegration(hook.id).health).toMatchObject({ state: 'active', pending_deliveries: 0 });
  });

  it('returns deliveries interrupted mid-send (a crash) to pending on the next start', async () => {
    createWebhook();
    fire('project_sca_analysis_started', { project_id: 7, project_name: 'payments-api' });
    // Simulate a crash after claiming: the lease is taken but no attempt was recorded.
    const [id] = engine.repo.pendingWork().map((w) => w.id);
    engine.repo.claim(id!, clock.now(), clock.now() + 60_000, 100);
    await engine.close();
    ({ engine, clock } = virtualEngine(dir.path, new VirtualClock(clock.now() + 1000)));
    await advance(engine, clock, 5000);
    expect(receiver.requests).toHaveLength(1);
  });
});

function lastAttempt(engine: Engine): { started_at: number; next_attempt_at: number } {
  return engine.repo.db
    .prepare('SELECT started_at, next_attempt_at FROM attempts ORDER BY started_at DESC, rowid DESC LIMIT 1')
    .get() as { started_at: number; next_attempt_at: number };
}

function example(trigger: string): Record<string, unknown> {
  return structuredClone(findTrigger(trigger)!.example);
}
