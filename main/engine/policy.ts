/** Seed 004: 1 min → 5 min → 30 min → 3 h → 12 h → 24 h → 48 h, then the webhook is disabled. */
export const WEBHOOK_STANDARD_SCHEDULE_MS: readonly number[] = [
  60_000,
  5 * 60_000,
  30 * 60_000,
  3 * 3_600_000,
  12 * 3_600_000,
  24 * 3_600_000,
  48 * 3_600_000,
];

export type NextStep = { kind: 'retry'; step: number; at: number } | { kind: 'exhausted' };

/**
 * After the `failures`-th consecutive failed request (1-based), when to try again. A Retry-After
 * from the receiver can only push the retry later, never earlier than the schedule.
 */
export function nextAfterFailure(failures: number, now: number, schedule: readonly number[], retryAfterMs?: number): NextStep {
  const delay = schedule[failures - 1];
  if (delay === undefined) return { kind: 'exhausted' };
  return { kind: 'retry', step: failures, at: now + Math.max(delay, retryAfterMs ?? 0) };
}

export function describeDelay(ms: number): string {
  if (ms % 3_600_000 === 0) return `${ms / 3_600_000} h`;
  if (ms % 60_000 === 0) return `${ms / 60_000} min`;
  return `${Math.round(ms / 1000)} s`;
}
