import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { findTrigger, type DeliveryPolicyInput, type LogEntry, type RuleInput } from '../../main/contract/index.js';
import type { VirtualClock } from '../../main/engine/clock.js';
import type { Engine } from '../../main/engine/engine.js';
import { invoke } from '../../main/engine/invoke.js';
import { Receiver } from '../support/receiver.js';
import { SmtpSink } from '../support/smtp.js';
import { advance, tempDir, virtualEngine } from '../support/world.js';

const m = 60_000;
const POLICY_ALERT = structuredClone(findTrigger('sca_policy_has_been_triggered')!.example);

describe('fallback escalation (real receivers, real SQLite, virtual clock)', () => {
  let dir: ReturnType<typeof tempDir>;
  let primaryReceiver: Receiver;
  let fallbackReceiver: Receiver;
  let engine: Engine;
  let clock: VirtualClock;

  beforeEach(async () => {
    dir = tempDir();
    primaryReceiver = await Receiver.start();
    fallbackReceiver = await Receiver.start();
    ({ engine, clock } = virtualEngine(dir.path));
  });
  const after: (() => Promise<void>)[] = [];
  afterEach(async () => {
    await engine.close();
    for (const close of after.splice(0)) await close();
    await primaryReceiver.close();
    await fallbackReceiver.close();
    dir.remove();
  });

  /** Its own filters take only scan starts: policy alerts reach it through the rule alone. */
  function webhook(name: string, receiver: Receiver, policy: DeliveryPolicyInput = { batch_window_ms: 0 }) {
    return engine.createIntegration({
      kind: 'webhook',
      name,
      is_active: true,
      settings: { url: receiver.url(`/${name.toLowerCase()}`), projects: [], events: ['project_sca_analysis_started'], token_header: 'X-Herald-Authentication' },
      secrets: { token: 'whsec_fallback_test_token' },
      policy: policy as never,
    });
  }
  async function rule(primaryId: string, fallbackId: string, afterMinutes = 15) {
    const input: RuleInput = {
      name: 'Blockers page the on-call',
      triggers: ['sca_policy_has_been_triggered'],
      actions: [{ integration_id: primaryId, params: {}, fallback: { integration_id: fallbackId, params: {}, after_minutes: afterMinutes } }],
    };
    const result = await invoke(engine.handlers, 'rules.create', input);
    if (!result.ok) throw new Error(result.error.message);
    return result.value;
  }
  const fire = () => engine.fireEvent({ trigger: 'sca_policy_has_been_triggered', payload: POLICY_ALERT }, 'api');
  const escalationNotices = () =>
    engine.repo.logPage(undefined, 1000).filter((e): e is Extract<LogEntry, { type: 'notice' }> & { seq: number } => e.type === 'notice' && e.escalation !== undefined);
  /** Seed 004's webhook body carries no event id: events are told apart by their creation time. */
  const eventsAt = (r: Receiver) => r.requests.flatMap((q) => (q.json as { events: { created_at: string; trigger: string }[] }).events.map((e) => `${e.trigger}@${e.created_at}`));
  const sent = (...events: { trigger: string; created_at: string }[]) => events.map((e) => `${e.trigger}@${e.created_at}`);
  /** Minute by minute, as the retry ladder and the escalation timer see it. */
  async function minutes(n: number) {
    for (let i = 0; i < n; i++) await advance(engine, clock, m);
  }

  it('escalates a primary that keeps failing with 500 once the limit passes, exactly once, and says so in the log', async () => {
    primaryReceiver.status = 500;
    primaryReceiver.responseBody = '{"error":"upstream unavailable"}';
    const primary = webhook('Primary', primaryReceiver);
    const fallback = webhook('Fallback', fallbackReceiver);
    await rule(primary.id, fallback.id, 15);
    const { event } = fire();
    await engine.scheduler.idle();
    expect(primaryReceiver.requests).toHaveLength(1);

    await minutes(14);
    // Retried at 1 and 5 min (seed 004's ladder), still failing: not yet escalated.
    expect(primaryReceiver.requests.length).toBeGreaterThanOrEqual(3);
    expect(fallbackReceiver.requests).toHaveLength(0);
    expect(escalationNotices()).toHaveLength(0);

    await minutes(1);
    expect(eventsAt(fallbackReceiver)).toEqual(sent(event));

    // An hour later, and through more failed retries of the primary: still one.
    await minutes(60);
    expect(eventsAt(fallbackReceiver)).toEqual(sent(event));

    const notices = escalationNotices();
    expect(notices).toHaveLength(1);
    expect(notices[0]!.message).toBe('Escalated: sca_policy_has_been_triggered to Fallback — Primary not delivered within 15 min');
    expect(notices[0]).toMatchObject({ level: 'warning', integration_id: fallback.id, escalation: { outcome: 'escalated', reason: 'timeout', integration_id: primary.id, fallback_name: 'Fallback', event_id: event.id, after_minutes: 15 } });
    expect(Date.parse(notices[0]!.at) - Date.parse(event.received_at)).toBe(15 * m);

    // The delivery log links the fallback delivery to the primary one.
    const deliveries = engine.repo.deliveriesOfEvent(event.id);
    const primaryDelivery = deliveries.find((d) => d.integration_id === primary.id)!;
    const fallbackDelivery = deliveries.find((d) => d.integration_id === fallback.id)!;
    expect(primaryDelivery.status).toBe('pending');
    expect(primaryDelivery.escalated_from).toBeNull();
    expect(fallbackDelivery).toMatchObject({ status: 'delivered', escalated_from: { delivery_id: primaryDelivery.id, integration_name: 'Primary', reason: 'timeout', after_minutes: 15 } });
    expect(notices[0]!.escalation!.fallback_delivery_id).toBe(fallbackDelivery.id);

    // The log filtered by either integration shows the escalation.
    for (const id of [primary.id, fallback.id]) expect(engine.repo.logPage(undefined, 100, { integration_id: id }).some((e) => e.type === 'notice' && !!e.escalation)).toBe(true);
  });

  it('does not escalate when the primary is delivered in time, even after failing first', async () => {
    primaryReceiver.status = 500;
    const primary = webhook('Primary', primaryReceiver);
    const fallback = webhook('Fallback', fallbackReceiver);
    await rule(primary.id, fallback.id, 15);
    const { event } = fire();
    await engine.scheduler.idle();
    primaryReceiver.status = 200;
    await minutes(1); // the 1-minute retry delivers
    expect(engine.repo.deliveriesOfEvent(event.id)[0]!.status).toBe('delivered');
    await minutes(30);
    expect(fallbackReceiver.requests).toHaveLength(0);
    expect(escalationNotices()).toHaveLength(0);
    expect(engine.repo.escalationsOfEvent(event.id).map((e) => e.status)).toEqual(['not_needed']);
  });

  it('escalates at once when the primary integration is already disabled', async () => {
    const primary = webhook('Primary', primaryReceiver);
    const fallback = webhook('Fallback', fallbackReceiver);
    await rule(primary.id, fallback.id, 15);
    engine.setActive(primary.id, false);
    const { event } = fire();
    await engine.scheduler.idle();
    expect(primaryReceiver.requests).toHaveLength(0);
    expect(eventsAt(fallbackReceiver)).toEqual(sent(event));
    const [notice] = escalationNotices();
    expect(notice!.message).toBe('Escalated: sca_policy_has_been_triggered to Fallback — Primary is disabled');
    expect(notice!.escalation).toMatchObject({ reason: 'disabled', delivery_id: null });
    const fallbackDelivery = engine.repo.deliveriesOfEvent(event.id).find((d) => d.integration_id === fallback.id)!;
    expect(fallbackDelivery.escalated_from).toMatchObject({ delivery_id: null, integration_id: primary.id, reason: 'disabled' });
    await minutes(20);
    expect(fallbackReceiver.requests).toHaveLength(1);
  });

  it('escalates as soon as the primary is auto-disabled while its delivery waits', async () => {
    primaryReceiver.status = 503;
    // One retry after a minute, then the schedule is exhausted and the integration disabled.
    const primary = webhook('Primary', primaryReceiver, { batch_window_ms: 0, retry: { preset: 'custom', custom_ms: [m] } });
    const fallback = webhook('Fallback', fallbackReceiver);
    await rule(primary.id, fallback.id, 60);
    const { event } = fire();
    await engine.scheduler.idle();
    expect(fallbackReceiver.requests).toHaveLength(0);
    await minutes(1);
    await engine.scheduler.idle();
    expect(engine.getIntegration(primary.id).health).toMatchObject({ state: 'disabled', disabled_by: 'auto' });
    expect(eventsAt(fallbackReceiver)).toEqual(sent(event));
    const [notice] = escalationNotices();
    expect(notice!.message).toBe('Escalated: sca_policy_has_been_triggered to Fallback — Primary is disabled');
    expect(Date.parse(notice!.at) - Date.parse(event.received_at)).toBe(1 * m);
    await minutes(70);
    expect(fallbackReceiver.requests).toHaveLength(1);
  });

  it('escalates once across restarts: one while waiting, one after the limit passed while closed', async () => {
    primaryReceiver.status = 500;
    const primary = webhook('Primary', primaryReceiver);
    const fallback = webhook('Fallback', fallbackReceiver);
    await rule(primary.id, fallback.id, 15);
    const first = fire().event;
    await engine.scheduler.idle();
    await minutes(5);
    await engine.close();
    // Reopened on the same data folder and clock: the watch was persisted.
    ({ engine } = virtualEngine(dir.path, clock));
    await minutes(9);
    expect(fallbackReceiver.requests).toHaveLength(0);
    await minutes(1);
    expect(eventsAt(fallbackReceiver)).toEqual(sent(first));

    const second = fire().event;
    await engine.scheduler.idle();
    await engine.close();
    // Closed past the second event's limit: it escalates when Herald starts again.
    clock.advance(40 * m);
    ({ engine } = virtualEngine(dir.path, clock));
    await engine.scheduler.idle();
    expect(eventsAt(fallbackReceiver)).toEqual(sent(first, second));
    await engine.close();
    ({ engine } = virtualEngine(dir.path, clock));
    await minutes(30);
    expect(eventsAt(fallbackReceiver)).toEqual(sent(first, second));
    expect(escalationNotices()).toHaveLength(2);
  });

  it('watches a per-action delivery too: an email the SMTP server keeps greylisting (451) escalates to a webhook', async () => {
    const smtp = await SmtpSink.start({});
    after.push(() => smtp.close());
    const result = await invoke(engine.handlers, 'integrations.create', {
      kind: 'email',
      name: 'AppSec mail',
      settings: { host: '127.0.0.1', port: smtp.port, security: 'none', require_tls: false, from_address: 'herald@example.com', from_name: 'Herald', reply_to: 'appsec@example.com' },
      secrets: {},
      policy: { batch_window_ms: 0 },
    });
    if (!result.ok) throw new Error(result.error.message);
    const mail = result.value;
    const fallback = webhook('Fallback', fallbackReceiver);
    const created = await invoke(engine.handlers, 'rules.create', {
      name: 'Blockers to AppSec',
      triggers: ['sca_policy_has_been_triggered'],
      actions: [{ integration_id: mail.id, params: { recipients: ['greylist@example.com'] }, fallback: { integration_id: fallback.id, params: {}, after_minutes: 5 } }],
    });
    expect(created.ok).toBe(true);
    const { event } = fire();
    await engine.scheduler.idle();
    await minutes(4);
    expect(fallbackReceiver.requests).toHaveLength(0);
    await minutes(1);
    expect(eventsAt(fallbackReceiver)).toEqual(sent(event));
    const deliveries = engine.repo.deliveriesOfEvent(event.id);
    const primary = deliveries.find((d) => d.integration_id === mail.id)!;
    expect(primary.status).not.toBe('delivered');
    expect(primary.action).toMatchObject({ rule_name: 'Blockers to AppSec', params: { recipients: ['greylist@example.com'] } });
    expect(engine.getIntegration(mail.id).health.state).toBe('failing');
    expect(deliveries.find((d) => d.integration_id === fallback.id)!.escalated_from).toMatchObject({ delivery_id: primary.id, integration_name: 'AppSec mail', reason: 'timeout', after_minutes: 5 });
    expect(escalationNotices().map((n) => n.message)).toEqual(['Escalated: sca_policy_has_been_triggered to Fallback — AppSec mail not delivered within 5 min']);
  });

  it('skips, and says so, when the fallback is disabled too', async () => {
    const primary = webhook('Primary', primaryReceiver);
    const fallback = webhook('Fallback', fallbackReceiver);
    await rule(primary.id, fallback.id, 15);
    engine.setActive(primary.id, false);
    engine.setActive(fallback.id, false);
    const { event } = fire();
    await engine.scheduler.idle();
    expect(fallbackReceiver.requests).toHaveLength(0);
    const [notice] = escalationNotices();
    expect(notice).toMatchObject({ level: 'error', message: 'Not escalated: sca_policy_has_been_triggered — Primary is disabled, and the fallback Fallback is disabled too', escalation: { outcome: 'skipped' } });
    expect(engine.repo.escalationsOfEvent(event.id).map((e) => e.status)).toEqual(['skipped']);
  });

  it('refuses bad fallbacks with messages that name the field and the fix', async () => {
    const primary = webhook('Primary', primaryReceiver);
    const fallback = webhook('Fallback', fallbackReceiver);
    const create = (fb: unknown, params: Record<string, unknown> = {}) =>
      invoke(engine.handlers, 'rules.create', { name: 'R', triggers: ['sca_policy_has_been_triggered'], actions: [{ integration_id: primary.id, params, fallback: fb }] });
    const issues = async (fb: unknown) => {
      const result = await create(fb);
      expect(result.ok).toBe(false);
      return result.ok ? [] : (result.error.details?.issues ?? []);
    };

    for (const after of [0, 10_081, 2.5, '15']) {
      const result = await create({ integration_id: fallback.id, after_minutes: after });
      expect(result.ok).toBe(false);
      if (!result.ok) expect(result.error.message).toBe('actions.0.fallback.after_minutes: Enter the minutes to wait before escalating: a whole number from 1 to 10080 (a week)');
    }
    expect(await issues({ integration_id: primary.id, after_minutes: 15 })).toEqual([
      { path: 'actions.0.fallback.integration_id', message: "Escalate to another integration than the action's own: choose a different one" },
    ]);
    expect(await issues({ integration_id: 'nope', after_minutes: 15 })).toEqual([
      { path: 'actions.0.fallback.integration_id', message: 'No such integration; it may have been deleted. Choose another one.' },
    ]);
    expect(await issues({ integration_id: '', after_minutes: 15 })).toEqual([{ path: 'actions.0.fallback.integration_id', message: 'Choose the integration to escalate to' }]);

    const mail = engine.createIntegration({
      kind: 'email',
      name: 'Mail',
      is_active: true,
      settings: { host: '127.0.0.1', port: 2525, security: 'none', from_address: 'herald@example.com', from_name: 'Herald', reply_to: 'appsec@example.com' } as never,
      secrets: {},
    });
    expect(await issues({ integration_id: mail.id, after_minutes: 15, params: { recipients: [] } })).toEqual([{ path: 'actions.0.fallback.params.recipients', message: 'Add at least one recipient' }]);
    expect(await issues({ integration_id: mail.id, after_minutes: 15, params: { recipients: ['oncall@example.com'], format: 'digest' } })).toEqual([
      { path: 'actions.0.fallback.params.format', message: 'A fallback sends the one event that was not delivered: choose one email per event' },
    ]);

    // Good: saved with the email params normalised; the integration cannot be deleted while a fallback names it.
    const ok = await create({ integration_id: mail.id, after_minutes: 30, params: { recipients: ['OnCall@example.com'] } });
    expect(ok.ok && ok.value.actions[0]!.fallback).toEqual({ integration_id: mail.id, after_minutes: 30, params: { recipients: ['oncall@example.com'], format: 'per_event' } });
    const del = await invoke(engine.handlers, 'integrations.delete', { id: mail.id });
    expect(!del.ok && del.error.message).toMatch(/^Mail is used by rule "R"/);
  });

  it('shows the fallback in the dry run, and the fallback delivery when the primary is disabled', async () => {
    const primary = webhook('Primary', primaryReceiver);
    const fallback = webhook('Fallback', fallbackReceiver);
    await rule(primary.id, fallback.id, 15);
    let dry = await engine.dryRun({ trigger: 'sca_policy_has_been_triggered', payload: POLICY_ALERT });
    expect(dry.deliveries).toHaveLength(1);
    expect(dry.deliveries[0]).toMatchObject({ integration_name: 'Primary', fallbacks: [{ integration_name: 'Fallback', after_minutes: 15, rule_name: 'Blockers page the on-call' }] });
    engine.setActive(primary.id, false);
    dry = await engine.dryRun({ trigger: 'sca_policy_has_been_triggered', payload: POLICY_ALERT });
    expect(dry.deliveries).toMatchObject([{ integration_name: 'Fallback', what: 'send', escalated_from: { integration_name: 'Primary', reason: 'disabled' }, preview: { kind: 'http' } }]);
    expect(dry.skipped.map((s) => s.integration_name)).toEqual(['Primary']);
    // Nothing was stored or sent.
    expect(escalationNotices()).toHaveLength(0);
    expect(fallbackReceiver.requests).toHaveLength(0);
  });
});
