import { retryScheduleOf, type Attempt, type HeraldEvent } from '../contract/index.js';
import { iso, type Clock, type ClockTimer } from './clock.js';
import { channelFor } from './channels/index.js';
import type { Channel, ChannelRuntime, DeliveryItem, ItemResult, ItemSession, OutgoingEvent, Secrets, SendResult } from './channels/types.js';
import { describeDelay, failureRatioExceeded, nextUnderPolicy, parsePolicy } from './policy.js';
import { describeTarget, newId, type ClaimedDelivery, type IntegrationRow, type Repo } from './store/repo.js';

/** Upper bound of events in one request; the rest go in the next request. */
export const MAX_BATCH = 1000;
/**
 * With nothing due, the scheduler still looks every minute of real time: timers follow the
 * monotonic clock, which stands still while a laptop sleeps, but due times are wall-clock times.
 */
const IDLE_WAKE_MS = 60_000;

export interface SchedulerHooks {
  repo: Repo;
  clock: Clock;
  /** The batching window of integrations whose policy says "default" (Settings). */
  batchIntervalMs: () => number;
  /** Events per request at most (tests and benchmarks lower it). */
  maxBatch?: number;
  /** Engine milliseconds per real millisecond (the compressed demo clock); the idle wake-up is in real time. */
  timeScale?: () => number;
  /** Jitter source for retry waits; Math.random unless a test needs exact times. */
  random: () => number;
  runtime: () => ChannelRuntime;
  decryptSecrets: (row: IntegrationRow) => Secrets;
  /** The settings a send uses: the stored ones, or redirected to the sandbox receiver (which may start first). */
  settingsFor: (row: IntegrationRow) => Promise<unknown>;
  /** Called after anything changed that a renderer shows. */
  onAttempt: (attempt: Attempt, integrationId: string) => void;
  onDisabled: (integrationId: string, reason: string) => void;
}

/** Retry state after a failed request: the next step, or why the integration was disabled. */
interface AfterFailure {
  nextAt: number | null;
  disabledReason: string | null;
  /** Disabled by the failure ratio: the queue waits for re-enabling instead of dying. */
  keepQueue: boolean;
}

/**
 * Seed 004's periodic task, per integration: an integration's events wait its batching window
 * (from the oldest one) and then go out together. One that failed waits for its next retry step;
 * events that arrive meanwhile join the batch that is retried. The timer sleeps until the next
 * moment anything is due, so the virtual clock and the compressed demo clock need no polling.
 */
export class Scheduler {
  private timer: ClockTimer | null = null;
  private timerAt = Infinity;
  private inFlight = new Map<string, Promise<void>>();
  private stopped = true;
  private paused = false;

  constructor(private readonly hooks: SchedulerHooks) {}

  start(): void {
    this.stopped = false;
    // One Herald per data folder (lock file): any lease left is from a process that died.
    this.hooks.repo.releaseAllLeases(this.hooks.clock.now());
    this.tick();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.timer?.cancel();
    this.timer = null;
    this.timerAt = Infinity;
    await this.idle();
  }

  /** Re-plans the wake-up, e.g. after a policy or the default window changed. */
  reschedule(): void {
    if (!this.stopped) this.tick();
  }

  /** Sends what is due now (a new event with window 0, an enabled integration, "retry now"). */
  kick(): void {
    if (!this.stopped) this.tick();
  }

  /** A new event: wake no later than `at` (its integration's window from now). */
  wakeBy(at: number): void {
    if (this.stopped) return;
    if (at <= this.hooks.clock.now()) this.tick();
    else if (at < this.timerAt) this.arm(at);
  }

  /** Resolves when no tick and no send is in progress. */
  async idle(): Promise<void> {
    while (this.inFlight.size) await Promise.all(this.inFlight.values());
  }

  /** Holds every send (the tray's "Pause deliveries"); events keep being recorded and queued. */
  setPaused(paused: boolean): void {
    this.paused = paused;
    if (!paused) this.kick();
  }

  get isPaused(): boolean {
    return this.paused;
  }

  private arm(at: number): void {
    this.timer?.cancel();
    this.timerAt = at;
    this.timer = this.hooks.clock.setTimeout(() => {
      this.timer = null;
      this.timerAt = Infinity;
      this.tick();
    }, at - this.hooks.clock.now());
  }

  /** When an integration's pending work is due: its retry step if failing, else its window after the oldest event. */
  private dueTimes(): { id: string; at: number }[] {
    const defaultWindow = this.hooks.batchIntervalMs();
    return this.hooks.repo.pendingWork().map((w) => {
      if (w.retry_step > 0 && w.next_attempt_at !== null) return { id: w.id, at: w.next_attempt_at };
      const window = parsePolicy(w.policy).batch_window_ms ?? defaultWindow;
      return { id: w.id, at: w.oldest + window };
    });
  }

  /**
   * Claims synchronously, so every due integration is taken at the tick's own (possibly
   * virtual) time; the sends then run concurrently, one at a time per integration.
   */
  tick(): void {
    if (this.stopped) return;
    const now = this.hooks.clock.now();
    this.hooks.repo.releaseExpiredLeases(now);
    let next = now + IDLE_WAKE_MS * (this.hooks.timeScale?.() ?? 1);
    for (const { id, at } of this.dueTimes()) {
      if (this.inFlight.has(id)) continue;
      if (at > now) {
        next = Math.min(next, at);
        continue;
      }
      if (this.paused) continue;
      const work = this.deliver(id)
        .catch((error: unknown) => console.error(`delivery to integration ${id} failed unexpectedly:`, error))
        .finally(() => {
          this.inFlight.delete(id);
          // More may be due: the rest of a capped batch, or events that arrived during the send.
          this.tick();
        });
      this.inFlight.set(id, work);
    }
    const lease = this.hooks.repo.nextLeaseExpiry();
    if (lease !== null && this.inFlight.size === 0) next = Math.min(next, lease + 1);
    this.arm(Math.max(next, now));
  }

  private async deliver(integrationId: string): Promise<void> {
    const { repo, clock } = this.hooks;
    const row = repo.integration(integrationId);
    if (!row || !row.is_active) return;
    const runtime = this.hooks.runtime();
    const startedAt = clock.now();
    const claimed = repo.claim(integrationId, startedAt, startedAt + runtime.timeoutMs * 3 + 30_000, this.hooks.maxBatch ?? MAX_BATCH);
    if (claimed.length === 0) return;
    const channel = channelFor(row.kind);
    if (channel.mode === 'each') return this.deliverEach(row, channel, claimed, runtime);

    let result: SendResult;
    try {
      const secrets = this.hooks.decryptSecrets(row);
      result = await channel.send({ name: row.name, settings: await this.hooks.settingsFor(row), secrets }, claimed.map((c) => outgoing(c.event)), runtime);
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
        if (current && (current.retry_step > 0 || current.next_attempt_at !== null)) repo.updateIntegration({ ...current, retry_step: 0, next_attempt_at: null });
      } else if (channel.failsByClass && result.classification === 'permanent') {
        // The vendor refused these events for good: retrying the same body cannot help.
        repo.settleDeliveries(deliveryIds, 'dead', result.error, now);
        disabledReason = this.disableIfFailingTooOften(current, now, result.error);
      } else if (channel.failsByClass && result.classification !== 'transient') {
        // Bad credentials or settings: retrying only locks the account; the events wait for the fix.
        repo.settleDeliveries(deliveryIds, 'pending', result.error, now);
        if (current) {
          const queued = repo.healthFigures(integrationId, now).pending;
          disabledReason = `Disabled automatically: ${result.error} Fix the settings and enable it again; ${queued} queued message(s) will go out then.`;
          repo.updateIntegration({ ...current, is_active: 0, disabled_reason: disabledReason, disabled_at: now, disabled_by: 'auto', retry_step: 0, next_attempt_at: null, updated_at: now });
        }
      } else {
        const next = this.afterFailure(current, step, startedAt, now, result.error, result.retryAfterMs);
        nextAt = next.nextAt;
        disabledReason = next.disabledReason;
        // Exhausted: they die with the last error. Disabled by the failure ratio: the queue waits.
        repo.settleDeliveries(deliveryIds, nextAt === null && !next.keepQueue ? 'dead' : 'pending', result.error, now);
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
      session = channel.open({ name: row.name, settings: await this.hooks.settingsFor(row), secrets: this.hooks.decryptSecrets(row) }, runtime, memory);
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
            const next = this.afterFailure(current, step, startedAt, now, result.error, result.retryAfterMs);
            nextAt = next.nextAt;
            disabledReason = next.disabledReason;
            repo.settleDelivery(c.delivery_id, nextAt === null && !next.keepQueue ? 'dead' : 'pending', result.error, progress, now);
            stop = true;
          } else if (result.classification === 'permanent') {
            repo.settleDelivery(c.delivery_id, 'dead', result.error, progress, now);
            // A rejected message is still a failed request for seed 003's failure ratio.
            disabledReason = this.disableIfFailingTooOften(current, now, result.error);
            if (disabledReason) stop = true;
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

  /**
   * After a failed request: the next rung of the integration's retry schedule, or auto-disable —
   * when the schedule is exhausted (seed 004; what is queued becomes dead letters), or when too
   * many requests failed over the window (seed 003; the queue is kept for when it is enabled).
   */
  private afterFailure(current: IntegrationRow | undefined, step: number, startedAt: number, now: number, error: string, retryAfterMs: number | undefined): AfterFailure {
    const { repo } = this.hooks;
    if (!current) return { nextAt: null, disabledReason: null, keepQueue: false };
    const byRatio = this.disableIfFailingTooOften(current, now, error);
    if (byRatio) return { nextAt: null, disabledReason: byRatio, keepQueue: true };
    const policy = parsePolicy(current.policy);
    // Counted from when the attempt started, so the ladder does not drift by request durations.
    const next = nextUnderPolicy(policy, step + 1, startedAt, retryAfterMs, this.hooks.random);
    if (next.kind === 'retry') {
      repo.updateIntegration({ ...current, retry_step: next.step, next_attempt_at: next.at });
      return { nextAt: next.at, disabledReason: null, keepQueue: false };
    }
    const schedule = retryScheduleOf(policy.retry);
    const last = schedule[schedule.length - 1] ?? 0;
    const disabledReason = `Disabled automatically: the request still failed after the ${describeDelay(last)} retry (${error})`;
    repo.killPending(current.id, error, now);
    repo.updateIntegration({ ...current, is_active: 0, disabled_reason: disabledReason, disabled_at: now, disabled_by: 'auto', retry_step: 0, next_attempt_at: null, updated_at: now });
    return { nextAt: null, disabledReason, keepQueue: false };
  }

  /** Seed 003: ≥ 60 % of the requests over 12 h failed (this one included) → disable, keep the queue. */
  private disableIfFailingTooOften(current: IntegrationRow | undefined, now: number, error: string): string | null {
    if (!current) return null;
    const policy = parsePolicy(current.policy);
    if (policy.auto_disable.preset !== 'failure_ratio') return null;
    const seen = this.hooks.repo.failureStats(current.id, now - policy.auto_disable.window_ms);
    const stats = { total: seen.total + 1, failed: seen.failed + 1 };
    if (!failureRatioExceeded(policy, stats)) return null;
    const percent = Math.round((stats.failed / stats.total) * 100);
    const reason = `Disabled automatically: ${percent} % of ${stats.total} requests failed in the last ${describeDelay(policy.auto_disable.window_ms)} (the limit is ${Math.round(policy.auto_disable.failure_ratio * 100)} %). Last error: ${error} The events already queued are kept and go out when it is enabled again; new events are not queued for it while it is disabled.`;
    this.hooks.repo.updateIntegration({ ...current, is_active: 0, disabled_reason: reason, disabled_at: now, disabled_by: 'auto', retry_step: 0, next_attempt_at: null, updated_at: now });
    return reason;
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
