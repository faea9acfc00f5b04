import type { DeliveryAction, EscalatedFrom, EscalationNotice, RuleFallback } from '../contract/index.js';
import type { Clock, ClockTimer } from './clock.js';
import { describeDelay } from './policy.js';
import type { EscalationRow, Repo } from './store/repo.js';

/** Like the scheduler: timers follow the monotonic clock, which stops while a laptop sleeps. */
const IDLE_WAKE_MS = 60_000;
/** Escalations settled per pass; the rest follow in the next one at once. */
const BATCH = 500;

export interface EscalatorHooks {
  repo: Repo;
  clock: Clock;
  timeScale?: () => number;
  /** An escalation was settled with an outcome a user should see (queued or skipped). */
  onEscalation: (notice: EscalationNotice, message: string, level: 'warning' | 'error') => void;
  /** A fallback delivery was queued for this integration: the scheduler should plan it. */
  onQueued: (integrationId: string) => void;
}

/** The fallback's delivery key: apart from the integration's own delivery of the same event. */
export const fallbackKey = (ruleId: string, index: number) => `fallback:${ruleId}/${index}`;

/**
 * Watches rule actions that name a fallback. When one is due (its time limit after the event,
 * or at once when its integration is disabled) and the primary delivery is not delivered, the
 * event is queued for the fallback integration — once: the row's status changes from waiting in
 * the same transaction that inserts the delivery, and both survive a restart.
 */
export class Escalator {
  private timer: ClockTimer | null = null;
  private stopped = true;

  constructor(private readonly hooks: EscalatorHooks) {}

  start(): void {
    this.stopped = false;
    this.tick();
  }

  stop(): void {
    this.stopped = true;
    this.timer?.cancel();
    this.timer = null;
  }

  /** Something new may be due now (a routed event, a disabled integration). */
  kick(): void {
    if (!this.stopped) this.tick();
  }

  /** The integration was disabled (by a user or automatically): its waiting actions escalate now. */
  integrationDisabled(integrationId: string): void {
    if (this.hooks.repo.escalateNowFor(integrationId, this.hooks.clock.now()) > 0) this.kick();
  }

  private tick(): void {
    if (this.stopped) return;
    const { repo, clock } = this.hooks;
    const now = clock.now();
    for (;;) {
      const due = repo.dueEscalations(now, BATCH);
      for (const row of due) {
        try {
          this.settle(row, now);
        } catch (error) {
          // Never a loop on one bad row, nor a timer that stops: it is given up, and said so.
          console.error(`escalation ${row.id} failed unexpectedly:`, error);
          repo.settleEscalation(row.id, 'skipped', null, null, now);
        }
      }
      if (due.length < BATCH) break;
    }
    const next = repo.nextEscalationDue();
    const idle = now + IDLE_WAKE_MS * (this.hooks.timeScale?.() ?? 1);
    const at = Math.max(now, Math.min(idle, next ?? Infinity));
    this.timer?.cancel();
    this.timer = clock.setTimeout(() => {
      this.timer = null;
      this.tick();
    }, at - now);
  }

  private settle(row: EscalationRow, now: number): void {
    const { repo } = this.hooks;
    const status = row.primary_delivery_id === null ? null : repo.deliveryStatus(row.primary_delivery_id);
    if (status === 'delivered') {
      repo.settleEscalation(row.id, 'not_needed', null, null, now);
      return;
    }
    const primary = repo.integration(row.primary_integration_id);
    const reason: EscalatedFrom['reason'] = !primary || primary.is_active !== 1 ? 'disabled' : 'timeout';
    const fallback = JSON.parse(row.fallback) as RuleFallback;
    const target = repo.integration(fallback.integration_id);
    const event = repo.eventsByIds([row.event_id])[0];
    const from: EscalatedFrom = { delivery_id: row.primary_delivery_id, integration_id: row.primary_integration_id, integration_name: row.primary_name, reason, after_minutes: fallback.after_minutes };
    const cause = reason === 'disabled' ? `${row.primary_name} is disabled` : `${row.primary_name} not delivered within ${describeDelay(fallback.after_minutes * 60_000)}`;
    const notice = (outcome: EscalationNotice['outcome'], deliveryId: string | null): EscalationNotice => ({
      ...from,
      event_id: row.event_id,
      trigger: event?.trigger ?? '',
      rule_name: row.rule_name,
      fallback_integration_id: fallback.integration_id,
      fallback_name: target?.name ?? fallback.integration_id,
      outcome,
      fallback_delivery_id: deliveryId,
    });

    if (!event || !target || target.is_active !== 1) {
      if (!repo.settleEscalation(row.id, 'skipped', reason, null, now)) return;
      if (!event) return;
      const name = target?.name ?? 'was deleted';
      this.hooks.onEscalation(
        notice('skipped', null),
        target ? `Not escalated: ${event.trigger} — ${cause}, and the fallback ${name} is disabled too` : `Not escalated: ${event.trigger} — ${cause}, and its fallback integration was deleted`,
        'error',
      );
      return;
    }

    const action: DeliveryAction = { rule_id: row.rule_id, rule_name: row.rule_name, index: row.action_index, params: fallback.params };
    const key = fallbackKey(row.rule_id, row.action_index);
    const deliveryId = repo.transaction(() => {
      if (!repo.settleEscalation(row.id, 'escalated', reason, null, now)) return null;
      repo.insertDelivery(row.event_id, target.id, now, key, action, from);
      const id = repo.deliveryId(row.event_id, target.id, key);
      repo.setEscalationDelivery(row.id, id);
      return id;
    });
    if (deliveryId === null) return;
    this.hooks.onEscalation(notice('escalated', deliveryId), `Escalated: ${event.trigger} to ${target.name} — ${cause}`, 'warning');
    this.hooks.onQueued(target.id);
  }
}
