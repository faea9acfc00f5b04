import { describe, expect, it } from 'vitest';
import { DEFAULT_DELIVERY_POLICY, DeliveryPolicySchema, FAST_CYCLES_MS, formatDuration, parseDurationList } from '../../main/contract/index.js';
import { describeDelay, failureRatioExceeded, JITTER_CAP_MS, JITTER_RATIO, jitterMs, nextAfterFailure, nextUnderPolicy, WEBHOOK_STANDARD_SCHEDULE_MS } from '../../main/engine/policy.js';
import { parseRetryAfter } from '../../main/engine/channels/webhook.js';
import { projectsMatch as projectMatches } from '../../main/engine/rules.js';

describe('retry policy (seed 004)', () => {
  it('is exactly 1 min, 5 min, 30 min, 3 h, 12 h, 24 h, 48 h', () => {
    expect(WEBHOOK_STANDARD_SCHEDULE_MS.map(describeDelay)).toEqual(['1 min', '5 min', '30 min', '3 h', '12 h', '24 h', '48 h']);
  });

  it('schedules the n-th retry after the n-th failure and is exhausted after the 48 h step', () => {
    const now = 1_000_000;
    expect(nextAfterFailure(1, now, WEBHOOK_STANDARD_SCHEDULE_MS)).toEqual({ kind: 'retry', step: 1, at: now + 60_000 });
    expect(nextAfterFailure(7, now, WEBHOOK_STANDARD_SCHEDULE_MS)).toEqual({ kind: 'retry', step: 7, at: now + 48 * 3_600_000 });
    expect(nextAfterFailure(8, now, WEBHOOK_STANDARD_SCHEDULE_MS)).toEqual({ kind: 'exhausted' });
  });

  it('lets Retry-After push a retry later but never earlier', () => {
    expect(nextAfterFailure(1, 0, WEBHOOK_STANDARD_SCHEDULE_MS, 120_000)).toMatchObject({ at: 120_000 });
    expect(nextAfterFailure(1, 0, WEBHOOK_STANDARD_SCHEDULE_MS, 5_000)).toMatchObject({ at: 60_000 });
  });

  it('parses Retry-After as seconds or an HTTP date, capped at a day', () => {
    const now = Date.parse('2026-11-22T09:00:00Z');
    expect(parseRetryAfter('120', now)).toBe(120_000);
    expect(parseRetryAfter('Sun, 22 Nov 2026 09:02:00 GMT', now)).toBe(120_000);
    expect(parseRetryAfter('9999999', now)).toBe(86_400_000);
    expect(parseRetryAfter('soon', now)).toBeUndefined();
    expect(parseRetryAfter(undefined, now)).toBeUndefined();
  });
});

describe('projects filter', () => {
  it('matches everything when empty, else project_id or project_name', () => {
    expect(projectMatches([], {})).toBe(true);
    expect(projectMatches(['payments-api'], { project_id: 1, project_name: 'payments-api' })).toBe(true);
    expect(projectMatches(['17'], { project_id: 17, project_name: 'x' })).toBe(true);
    expect(projectMatches(['payments-api'], { project_id: 2, project_name: 'other' })).toBe(false);
    // Events without a project (ML model training) do not pass a project filter.
    expect(projectMatches(['payments-api'], {})).toBe(false);
  });
});

describe('delivery policy presets', () => {
  const policy = (input: Record<string, unknown> = {}) => DeliveryPolicySchema.parse(input);
  /** Every wait of a policy until it gives up (or `limit` steps), as the scheduler sees it. */
  const ladder = (p: ReturnType<typeof policy>, limit = 40) => {
    const out: number[] = [];
    for (let failures = 1; failures <= limit; failures++) {
      const next = nextUnderPolicy(p, failures, 0, undefined);
      if (next.kind === 'exhausted') break;
      out.push(next.at);
    }
    return out;
  };

  it('defaults to seed 004: 5 s window from Settings, the webhook standard ladder, disable when exhausted', () => {
    expect(DEFAULT_DELIVERY_POLICY).toEqual({
      batch_window_ms: null,
      retry: { preset: 'webhook_standard', custom_ms: [] },
      auto_disable: { preset: 'exhausted', window_ms: 12 * 3_600_000, failure_ratio: 0.6, min_attempts: 10 },
    });
    expect(ladder(DEFAULT_DELIVERY_POLICY)).toEqual([60_000, 300_000, 1_800_000, 10_800_000, 43_200_000, 86_400_000, 172_800_000]);
  });

  it('plays seed 003 fast cycles exactly: 1,3,5,10,10 s / 0,1,3,5,30 s / 1,1,3,5,10,30 min', () => {
    const fast = policy({ retry: { preset: 'fast_cycles' } });
    expect(FAST_CYCLES_MS.map((cycle) => cycle.map(formatDuration).join(','))).toEqual(['1s,3s,5s,10s,10s', '0s,1s,3s,5s,30s', '1m,1m,3m,5m,10m,30m']);
    const s = 1000;
    const m = 60_000;
    expect(ladder(fast)).toEqual([1 * s, 3 * s, 5 * s, 10 * s, 10 * s, 0, 1 * s, 3 * s, 5 * s, 30 * s, 1 * m, 1 * m, 3 * m, 5 * m, 10 * m, 30 * m]);
  });

  it('with the failure-ratio preset keeps retrying "until a 2xx": the last wait repeats', () => {
    const seed003 = policy({ retry: { preset: 'fast_cycles' }, auto_disable: { preset: 'failure_ratio' } });
    const waits = ladder(seed003, 30);
    expect(waits).toHaveLength(30);
    expect(waits.slice(15)).toEqual(Array(15).fill(30 * 60_000));
  });

  it('never repeats a zero wait forever: the repeated last step is at least a second', () => {
    const p = policy({ retry: { preset: 'custom', custom_ms: [0] }, auto_disable: { preset: 'failure_ratio' } });
    expect(ladder(p, 3)).toEqual([0, 1000, 1000]);
  });

  it('takes a custom list, and refuses an empty one with the fix', () => {
    expect(ladder(policy({ retry: { preset: 'custom', custom_ms: [2000, 0, 90_000] } }))).toEqual([2000, 0, 90_000]);
    const bad = DeliveryPolicySchema.safeParse({ retry: { preset: 'custom', custom_ms: [] } });
    expect(bad.error!.issues[0]).toMatchObject({ path: ['retry', 'custom_ms'], message: 'List at least one wait, e.g. 30s, 5m, 1h — or choose a preset' });
    expect(DeliveryPolicySchema.safeParse({ retry: { preset: 'custom', custom_ms: [-1] } }).error!.issues[0]!.message).toBe('A wait cannot be negative');
  });

  it('parses and prints duration lists the way people write them', () => {
    expect(parseDurationList('1m, 5m, 30m, 3h, 12h, 24h, 48h')).toEqual({ ok: true, value: [...WEBHOOK_STANDARD_SCHEDULE_MS] });
    expect(parseDurationList('0 1s 1.5m 250ms 1d')).toEqual({ ok: true, value: [0, 1000, 90_000, 250, 86_400_000] });
    expect(parseDurationList('1m, soon')).toEqual({ ok: false, error: '"soon" is not a duration: write e.g. 30s, 5m, 3h or 1d' });
    expect(WEBHOOK_STANDARD_SCHEDULE_MS.map(formatDuration)).toEqual(['1m', '5m', '30m', '3h', '12h', '1d', '2d']);
  });

  it('disables at ≥ 60 % failed over the window, only with enough requests', () => {
    const seed003 = policy({ auto_disable: { preset: 'failure_ratio' } });
    expect(failureRatioExceeded(seed003, { total: 10, failed: 6 })).toBe(true);
    expect(failureRatioExceeded(seed003, { total: 10, failed: 5 })).toBe(false);
    expect(failureRatioExceeded(seed003, { total: 9, failed: 9 })).toBe(false);
    expect(failureRatioExceeded(policy({ auto_disable: { preset: 'failure_ratio', failure_ratio: 0.5, min_attempts: 2 } }), { total: 2, failed: 1 })).toBe(true);
    // The exhausted preset never disables by ratio.
    expect(failureRatioExceeded(DEFAULT_DELIVERY_POLICY, { total: 100, failed: 100 })).toBe(false);
  });

  it('honours Retry-After exactly when it is longer than the schedule, also for fast cycles', () => {
    const fast = policy({ retry: { preset: 'fast_cycles' } });
    expect(nextUnderPolicy(fast, 1, 0, 120_000, () => 0.99)).toEqual({ kind: 'retry', step: 1, at: 120_000 });
    expect(nextUnderPolicy(fast, 1, 0, 500)).toEqual({ kind: 'retry', step: 1, at: 1000 });
  });

  it('adds jitter of at most 10 % of the wait, capped at 5 minutes, never less than the schedule', () => {
    for (const delay of [0, 1000, 60_000, 3_600_000, 48 * 3_600_000]) {
      const low = nextAfterFailure(1, 0, [delay], undefined, { random: () => 0 });
      const high = nextAfterFailure(1, 0, [delay], undefined, { random: () => 0.999999 });
      expect(low).toMatchObject({ at: delay });
      const max = Math.min(delay * JITTER_RATIO, JITTER_CAP_MS);
      expect((high as { at: number }).at - delay).toBeLessThanOrEqual(max);
      expect((high as { at: number }).at - delay).toBeGreaterThanOrEqual(Math.floor(max * 0.99));
    }
    // With a real random source, a thousand draws all stay in bounds and are not all equal.
    const draws = Array.from({ length: 1000 }, () => jitterMs(60_000, Math.random));
    expect(Math.min(...draws)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...draws)).toBeLessThan(6000);
    expect(new Set(draws).size).toBeGreaterThan(100);
  });
});
