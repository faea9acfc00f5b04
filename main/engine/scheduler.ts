import type { Attempt } from '../contract/index.js';
import { iso, type Clock, type ClockTimer } from './clock.js';
import { channelFor } from './channels/index.js';
import type { ChannelRuntime, Secrets } from './channels/types.js';
import { describeDelay, nextAfterFailure, WEBHOOK_STANDARD_SCHEDULE_MS } from './policy.js';
import { newId, type IntegrationRow, type Repo } from './store/repo.js';

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

    let result;
    try {
      const secrets = this.hooks.decryptSecrets(row);
      result = await channel.send(
        { name: row.name, settings: this.hooks.parseSettings(row), secrets },
        claimed.map((c) => ({ id: c.event.id, trigger: c.event.trigger, created_at: c.event.created_at, payload: c.event.payload })),
        runtime,
      );
    } catch (error) {
      // A bug or an unreadable secret: recorded like any failure so nothing is lost silently.
      const message = error instanceof Error ? error.message : String(error);
      result = {
        outcome: 'failed' as const,
        error: message,
        classification: 'config' as const,
        exchange: { request: { method: 'POST', url: '', headers: {}, body: '', body_truncated: false }, response: null, error, duration_ms: 0 },
      };
    }

    const now = clock.now();
    const deliveryIds = claimed.map((c) => c.delivery_id);
    const attemptId = newId();
    let disabledReason: string | null = null;

    const attempt = repo.transaction(() => {
      const current = repo.integration(integrationId);
      const step = current?.retry_step ?? row.retry_step;
      let nextAt: number | null = null;
      if (result.outcome === 'delivered') {
        repo.settleDeliveries(deliveryIds, 'delivered', null, now);
        if (current) repo.updateIntegration({ ...current, retry_step: 0, next_attempt_at: null });
      } else {
        // Counted from when the attempt started, so the ladder does not drift by request durations.
        const next = nextAfterFailure(step + 1, startedAt, WEBHOOK_STANDARD_SCHEDULE_MS, result.retryAfterMs);
        if (next.kind === 'retry') {
          nextAt = next.at;
          repo.settleDeliveries(deliveryIds, 'pending', result.error, now);
          if (current) repo.updateIntegration({ ...current, retry_step: next.step, next_attempt_at: next.at });
        } else {
          const last = WEBHOOK_STANDARD_SCHEDULE_MS[WEBHOOK_STANDARD_SCHEDULE_MS.length - 1] ?? 0;
          disabledReason = `Disabled automatically: the request still failed after the ${describeDelay(last)} retry (${result.error})`;
          repo.settleDeliveries(deliveryIds, 'dead', result.error, now);
          if (current) {
            repo.killPending(integrationId, result.error, now);
            repo.updateIntegration({
              ...current,
              is_active: 0,
              disabled_reason: disabledReason,
              disabled_at: now,
              disabled_by: 'auto',
              retry_step: 0,
              next_attempt_at: null,
              updated_at: now,
            });
          }
        }
      }
      const record: Attempt = {
        id: attemptId,
        // Deleted while the request was out: the attempt stays in the log, unlinked.
        integration_id: current ? integrationId : null,
        integration_name: row.name,
        started_at: iso(startedAt),
        duration_ms: result.exchange.duration_ms,
        outcome: result.outcome === 'delivered' ? 'delivered' : nextAt !== null ? 'retry' : 'failed',
        status_code: result.exchange.response?.status ?? null,
        error: result.outcome === 'delivered' ? null : result.error,
        classification: result.outcome === 'delivered' ? null : result.classification,
        event_ids: claimed.map((c) => c.event.id),
        retry_step: step,
        next_attempt_at: nextAt === null ? null : iso(nextAt),
        request: result.exchange.request,
        response: result.exchange.response,
      };
      repo.insertAttempt({ ...record, started_at: startedAt, next_attempt_at: nextAt });
      return record;
    });

    this.hooks.onAttempt(attempt, integrationId);
    if (disabledReason) this.hooks.onDisabled(integrationId, disabledReason);
  }
}
