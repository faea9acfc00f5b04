import { DEFAULT_DELIVERY_POLICY, DeliveryPolicySchema, retryScheduleOf, WEBHOOK_STANDARD_SCHEDULE_MS, type DeliveryPolicy } from '../contract/index.js';

export { WEBHOOK_STANDARD_SCHEDULE_MS };

export type NextStep = { kind: 'retry'; step: number; at: number } | { kind: 'exhausted' };

/** Jitter adds up to 10 % of a wait, at most 5 minutes, so failed integrations do not retry in lockstep. */
export const JITTER_RATIO = 0.1;
export const JITTER_CAP_MS = 5 * 60_000;

export function jitterMs(delay: number, random: () => number): number {
  return Math.floor(random() * Math.min(delay * JITTER_RATIO, JITTER_CAP_MS));
}

/** The shortest wait that repeats forever (failure-ratio preset after its last step). */
export const MIN_REPEATED_WAIT_MS = 1000;

export interface RetryOptions {
  /** Seed 003 retries "until a 2xx": after the last step, its wait repeats instead of giving up. */
  repeatLast?: boolean;
  /** Source of jitter in [0, 1); without it the schedule is exact. */
  random?: () => number;
}

/**
 * After the `failures`-th consecutive failed request (1-based), when to try again. A Retry-After
 * from the receiver can only push the retry later, never earlier than the schedule; when it does,
 * it is honoured exactly, without jitter.
 */
export function nextAfterFailure(failures: number, now: number, schedule: readonly number[], retryAfterMs?: number, options: RetryOptions = {}): NextStep {
  let delay = schedule[failures - 1];
  if (delay === undefined) {
    if (!options.repeatLast || schedule.length === 0) return { kind: 'exhausted' };
    // A custom list ending in 0 must not turn "repeat the last wait" into a busy loop.
    delay = Math.max(schedule[schedule.length - 1]!, MIN_REPEATED_WAIT_MS);
  }
  if (retryAfterMs !== undefined && retryAfterMs >= delay) return { kind: 'retry', step: failures, at: now + retryAfterMs };
  return { kind: 'retry', step: failures, at: now + delay + (options.random ? jitterMs(delay, options.random) : 0) };
}

/** The retry step that follows a failure under a policy: the ladder, then exhaustion or repetition. */
export function nextUnderPolicy(policy: DeliveryPolicy, failures: number, now: number, retryAfterMs: number | undefined, random?: () => number): NextStep {
  return nextAfterFailure(failures, now, retryScheduleOf(policy.retry), retryAfterMs, {
    repeatLast: policy.auto_disable.preset === 'failure_ratio',
    ...(random ? { random } : {}),
  });
}

/** Seed 003: disable when at least `failure_ratio` of the requests in the window failed. */
export function failureRatioExceeded(policy: DeliveryPolicy, stats: { total: number; failed: number }): boolean {
  const rule = policy.auto_disable;
  return rule.preset === 'failure_ratio' && stats.total >= rule.min_attempts && stats.failed / stats.total >= rule.failure_ratio;
}

export function describeDelay(ms: number): string {
  if (ms % 3_600_000 === 0) return `${ms / 3_600_000} h`;
  if (ms % 60_000 === 0) return `${ms / 60_000} min`;
  return `${Math.round(ms / 1000)} s`;
}

/** A stored policy that no longer parses (hand-edited) falls back to the defaults, never to a crash. */
export function parsePolicy(json: string): DeliveryPolicy {
  try {
    return DeliveryPolicySchema.parse(JSON.parse(json));
  } catch {
    return DEFAULT_DELIVERY_POLICY;
  }
}
