import type { Attempt, HeraldEvent } from '../contract/index.js';
import { iso, type Clock, type ClockTimer } from './clock.js';
import { channelFor } from './channels/index.js';
import type { Channel, ChannelRuntime, DeliveryItem, ItemResult, ItemSession, OutgoingEvent, Secrets, SendResult } from './channels/types.js';
import { describeDelay, nextAfterFailure, WEBHOOK_STANDARD_SCHEDULE_MS } from './policy.js';
import { describeTarget, newId, type ClaimedDelivery, type IntegrationRow, type Repo } from './store/repo.js';

/** Upper bound of events in one request; the rest go in the next tick. */
export const MAX_BATCH = 1000;

export interface SchedulerHooks {
  repo: Repo;
  clock: Clock;
  batchIntervalMs: () => number;
  runtime: () => ChannelRuntime;
  decryptSecrets: (row: IntegrationRow) => Secrets;
  parseSettings: (row: IntegrationRow) => unknown;
  /** Called after anything changed that a renderer shows. */
  onAttempt: (attempt: Attempt, integrationId: string) => void;
  onDisabled: (integrationId: string, reason: string) => void;
}

/**
 * Seed 004's periodic task: every batch interval, each integration's accumulated events go out
 * in one request. An integration that failed waits for its next retry step; events that arrive
 * meanwhile join the batch that is retried.
 */
export class Scheduler {
  private timer: ClockTimer | null = null;
  private inFlight = new Map<string, Promise<void>>();
  private stopped = true;

  constructor(private readonly hooks: SchedulerHooks) {}

  start(): void {
    this.stopped = false;
    this.hooks.repo.releaseAllLeases(this.hooks.clock.now());
    this.schedule();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.timer?.cancel();
    this.timer = null;
    await this.idle();
  }

  /** Re-arms the timer, e.g. after the batch interval changed. */
  reschedule(): void {
    if (!this.stopped) this.schedule();
  }

  /** Sends now instead of at the next tick (batch interval 0, or a user's "retry now"). */
  kick(): void {
    this.tick();
  }

  /** Resolves when no tick and no send is in progress. */
  async idle(): Promise<void> {
    while (this.inFlight.size) await Promise.all(this.inFlight.values());
  }

  private schedule(): void {
    this.timer?.cancel();
    const interval = this.hooks.batchIntervalMs();
    // With interval 0 events are kicked on arrival; the timer is only there for retries.
    this.timer = this.hooks.clock.setTimeout(() => {
      this.tick();
      this.schedule();
    }, interval > 0 ? interval : 1000);
  }

  /**
   * Claims synchronously, so every due integration is taken at the tick's own (possibly
   * virtual) time; the sends then run concurrently, one at a time per integration.
   */
  tick(): void {
    const now = this.hooks.clock.now();
    this.hooks.repo.releaseExpiredLeases(now);
    for (const id of this.hooks.repo.dueIntegrationIds(now)) {
      if (this.inFlight.has(id)) continue;
      const work = this.deliver(id)
        .catch((error: unknown) => console.error(`delivery to integration ${id} failed unexpectedly:`, error))
        .finally(() => this.inFlight.delete(id));
      this.inFlight.set(id, work);
    }
  }

  private async deliver(integrationId: string): Promise<void> {
    const { repo, clock } = this.hooks;
    const row = repo.integration(integrationId);
    if (!row || !row.is_active) return;
    const runtime = this.hooks.runtime();
    const startedAt = clock.now();
    const claimed = repo.claim(integrationId, startedAt, startedAt + runtime.timeoutMs * 3 + 30_000, MAX_BATCH);
    if (claimed.length === 0) return;
    const channel = channelFor(row.kind);
    if (channel.mode === 'each') return this.deliverEach(row, channel, claimed, runtime);

    let result: SendResult;
    try {
      const secrets = this.hooks.decryptSecrets(row);
      result = await channel.send({ name: row.name, settings: this.hooks.parseSettings(row), secrets }, claimed.map((c) => outgoing(c.event)), runtime);
    } catch (error) {
      result = unexpectedFailure(error, 'POST');
    }

    const now = clock.now();
    const deliveryIds = claimed.map((c) => c.delivery_id);
    let disabledReason: string | null = null;

    const attempt = repo.transaction(() => {
      const current = repo.integration(integrationId);
      const step = current?.retry_step ?? row.retry_step;
      let nextAt: number | null = null;
      if (result.outcome === 'delivered') {
        repo.settleDeliveries(deliveryIds, 'delivered', null, now);
        if (current) repo.updateIntegration({ ...current, retry_step: 0, next_attempt_at: null });
      } else {
        const next = this.afterTransientFailure(current, step, startedAt, now, result.error, result.retryAfterMs);
        nextAt = next.nextAt;
        disabledReason = next.disabledReason;
        repo.settleDeliveries(deliveryIds, nextAt === null ? 'dead' : 'pending', result.error, now);
      }
      return this.recordAttempt(row, current !== undefined, startedAt, step, nextAt, result, claimed.map((c) => c.event.id));
    });

    this.hooks.onAttempt(attempt, integrationId);
    if (disabledReason) this.hooks.onDisabled(integrationId, disabledReason);
  }

  /**
   * One message per delivery over one session. A transient failure stops the run and puts the
   * integration on its retry ladder; a permanent one costs only that delivery; an auth or TLS
   * failure disables the integration, keeping its queue, because retrying bad credentials only
   * locks the account.
   */
  private async deliverEach(row: IntegrationRow, channel: Extract<Channel, { mode: 'each' }>, claimed: ClaimedDelivery[], runtime: ChannelRuntime): Promise<void> {
    const { repo, clock } = this.hooks;
    const remaining = [...claimed];
    let session: ItemSession | null = null;
    try {
      const memory = { get: (key: string) => repo.memoryGet(row.id, key), put: (key: string, value: string) => repo.memoryPut(row.id, key, value, clock.now()) };
      session = channel.open({ name: row.name, settings: this.hooks.parseSettings(row), secrets: this.hooks.decryptSecrets(row) }, runtime, memory);
      while (remaining.length && !this.stopped) {
        const c = remaining.shift()!;
        const digestIds = c.action?.digest_event_ids ?? [];
        const item: DeliveryItem = { delivery_id: c.delivery_id, event: outgoing(c.event), action: c.action, progress: c.progress, digest_events: digestIds.length ? repo.eventsByIds(digestIds).map(outgoing) : [] };
        const startedAt = clock.now();
        let result: ItemResult;
        try {
          result = await session.send(item);
        } catch (error) {
          result = unexpectedFailure(error, 'SMTP');
        }
        const now = clock.now();
        let disabledReason: string | null = null;
        let stop = false;
        const attempt = repo.transaction(() => {
          const current = repo.integration(row.id);
          const step = current?.retry_step ?? row.retry_step;
          const progress = result.progress ?? c.progress;
          let nextAt: number | null = null;
          if (result.outcome === 'delivered') {
            repo.settleDelivery(c.delivery_id, 'delivered', result.note?.error ?? null, progress, now);
            if (current && current.retry_step > 0) repo.updateIntegration({ ...current, retry_step: 0, next_attempt_at: null });
          } else if (result.classification === 'transient') {
            const next = this.afterTransientFailure(current, step, startedAt, now, result.error, result.retryAfterMs);
            nextAt = next.nextAt;
            disabledReason = next.disabledReason;
            repo.settleDelivery(c.delivery_id, nextAt === null ? 'dead' : 'pending', result.error, progress, now);
            stop = true;
          } else if (result.classification === 'permanent') {
            repo.settleDelivery(c.delivery_id, 'dead', result.error, progress, now);
          } else {
            repo.settleDelivery(c.delivery_id, 'pending', result.error, progress, now);
            stop = true;
            if (current) {
              const queued = repo.healthFigures(row.id, now).pending;
              disabledReason = `Disabled automatically: ${result.error} Fix the settings and enable it again; ${queued} queued message(s) will go out then.`;
              repo.updateIntegration({ ...current, is_active: 0, disabled_reason: disabledReason, disabled_at: now, disabled_by: 'auto', retry_step: 0, next_attempt_at: null, updated_at: now });
            }
          }
          return this.recordAttempt(row, current !== undefined, startedAt, step, nextAt, result, [c.event.id, ...digestIds]);
        });
        this.hooks.onAttempt(attempt, row.id);
        if (disabledReason) this.hooks.onDisabled(row.id, disabledReason);
        if (stop) break;
      }
    } finally {
      session?.close();
      if (remaining.length) repo.releaseDeliveries(remaining.map((c) => c.delivery_id), clock.now());
    }
  }

  /** The next rung of the retry ladder, or auto-disable when the ladder is exhausted (seed 004). */
  private afterTransientFailure(current: IntegrationRow | undefined, step: number, startedAt: number, now: number, error: string, retryAfterMs: number | undefined): { nextAt: number | null; disabledReason: string | null } {
    const { repo } = this.hooks;
    // Counted from when the attempt started, so the ladder does not drift by request durations.
    const next = nextAfterFailure(step + 1, startedAt, WEBHOOK_STANDARD_SCHEDULE_MS, retryAfterMs);
    if (next.kind === 'retry') {
      if (current) repo.updateIntegration({ ...current, retry_step: next.step, next_attempt_at: next.at });
      return { nextAt: next.at, disabledReason: null };
    }
    const last = WEBHOOK_STANDARD_SCHEDULE_MS[WEBHOOK_STANDARD_SCHEDULE_MS.length - 1] ?? 0;
    const disabledReason = `Disabled automatically: the request still failed after the ${describeDelay(last)} retry (${error})`;
    if (current) {
      repo.killPending(current.id, error, now);
      repo.updateIntegration({ ...current, is_active: 0, disabled_reason: disabledReason, disabled_at: now, disabled_by: 'auto', retry_step: 0, next_attempt_at: null, updated_at: now });
    }
    return { nextAt: null, disabledReason };
  }

  private recordAttempt(row: IntegrationRow, stillExists: boolean, startedAt: number, step: number, nextAt: number | null, result: ItemResult, eventIds: string[]): Attempt {
    // Delivered with a note (a recipient refused for good): still delivered, and the note shows why.
    const problem = result.outcome === 'delivered' ? (result.note ?? null) : { error: result.error, classification: result.classification };
    const record: Attempt = {
      id: newId(),
      // Deleted while the request was out: the attempt stays in the log, unlinked.
      integration_id: stillExists ? row.id : null,
      integration_name: row.name,
      started_at: iso(startedAt),
      duration_ms: result.exchange.duration_ms,
      outcome: result.outcome === 'delivered' ? 'delivered' : nextAt !== null ? 'retry' : 'failed',
      status_code: result.exchange.response?.status ?? null,
      error: problem?.error ?? null,
      classification: problem?.classification ?? null,
      event_ids: eventIds,
      retry_step: step,
      ...describeTarget(result.exchange.request, result.exchange.response),
      next_attempt_at: nextAt === null ? null : iso(nextAt),
      request: result.exchange.request,
      response: result.exchange.response,
    };
    const { protocol: _protocol, target: _target, link: _link, ...stored } = record;
    this.hooks.repo.insertAttempt({ ...stored, started_at: startedAt, next_attempt_at: nextAt });
    return record;
  }
}

function outgoing(event: HeraldEvent): OutgoingEvent {
  return { id: event.id, trigger: event.trigger, created_at: event.created_at, project: event.project, payload: event.payload };
}

/** A bug or an unreadable secret: recorded like any failure so nothing is lost silently. */
function unexpectedFailure(error: unknown, method: string): SendResult {
  const message = error instanceof Error ? error.message : String(error);
  return {
    outcome: 'failed',
    error: message,
    classification: 'config',
    exchange: { request: { method, url: '', headers: {}, body: '', body_truncated: false }, response: null, error, duration_ms: 0 },
  };
}
