import { describe, expect, it } from 'vitest';
import { describeDelay, nextAfterFailure, WEBHOOK_STANDARD_SCHEDULE_MS } from '../../main/engine/policy.js';
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
