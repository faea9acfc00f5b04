import { z } from 'zod';

/**
 * Delivery policies: how long events wait to be batched, when a failed request is retried, and
 * when Herald gives up and disables the integration. Presets come from the seeds; the UI and the
 * engine both read the schedules from here.
 */

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;

/** Seed 004: 1 min → 5 min → 30 min → 3 h → 12 h → 24 h → 48 h, then the webhook is disabled. */
export const WEBHOOK_STANDARD_SCHEDULE_MS: readonly number[] = [1 * MINUTE, 5 * MINUTE, 30 * MINUTE, 3 * HOUR, 12 * HOUR, 24 * HOUR, 48 * HOUR];

/** Seed 003: three cycles, retried "until a 2xx": 1,3,5,10,10 s / 0,1,3,5,30 s / 1,1,3,5,10,30 min. */
export const FAST_CYCLES_MS: readonly (readonly number[])[] = [
  [1, 3, 5, 10, 10].map((s) => s * SECOND),
  [0, 1, 3, 5, 30].map((s) => s * SECOND),
  [1, 1, 3, 5, 10, 30].map((m) => m * MINUTE),
];

export const RETRY_PRESETS = ['webhook_standard', 'fast_cycles', 'custom'] as const;
export type RetryPreset = (typeof RETRY_PRESETS)[number];
export const AUTO_DISABLE_PRESETS = ['exhausted', 'failure_ratio'] as const;
export type AutoDisablePreset = (typeof AUTO_DISABLE_PRESETS)[number];

/** Longest single wait a custom schedule may hold: a week. */
const MAX_STEP_MS = 7 * 24 * HOUR;

/** "1m, 5m, 30m, 3h" → milliseconds. Units: ms, s, m/min, h, d. A bare number is seconds. */
export function parseDurationList(text: string): { ok: true; value: number[] } | { ok: false; error: string } {
  const parts = text
    .split(/[,;\s/]+/)
    .map((p) => p.trim())
    .filter(Boolean);
  const units: Record<string, number> = { ms: 1, s: SECOND, sec: SECOND, m: MINUTE, min: MINUTE, h: HOUR, d: 24 * HOUR };
  const out: number[] = [];
  for (const part of parts) {
    const match = /^(\d+(?:\.\d+)?)\s*(ms|s|sec|m|min|h|d)?$/i.exec(part);
    if (!match) return { ok: false, error: `"${part}" is not a duration: write e.g. 30s, 5m, 3h or 1d` };
    out.push(Math.round(Number(match[1]) * units[(match[2] ?? 's').toLowerCase()]!));
  }
  return { ok: true, value: out };
}

/** 60000 → "1m"; the inverse of parseDurationList for one value. */
export function formatDuration(ms: number): string {
  if (ms === 0) return '0s';
  if (ms % (24 * HOUR) === 0) return `${ms / (24 * HOUR)}d`;
  if (ms % HOUR === 0) return `${ms / HOUR}h`;
  if (ms % MINUTE === 0) return `${ms / MINUTE}m`;
  if (ms % SECOND === 0) return `${ms / SECOND}s`;
  return `${ms}ms`;
}

export const RetryPolicySchema = z
  .object({
    preset: z.enum(RETRY_PRESETS, { error: 'Choose webhook_standard, fast_cycles or custom' }).default('webhook_standard'),
    /** Only for `custom`: the wait before each retry, in milliseconds. */
    custom_ms: z
      .array(z.number().int('Use whole milliseconds').min(0, 'A wait cannot be negative').max(MAX_STEP_MS, 'A single wait is at most 7 days'))
      .max(50, 'At most 50 retries')
      .default([]),
  })
  .superRefine((v, ctx) => {
    if (v.preset === 'custom' && v.custom_ms.length === 0) {
      ctx.addIssue({ code: 'custom', path: ['custom_ms'], message: 'List at least one wait, e.g. 30s, 5m, 1h — or choose a preset' });
    }
  });

export const AutoDisablePolicySchema = z.object({
  /**
   * exhausted (seed 004): disable when the last retry of the schedule fails; undelivered events
   * become dead letters. failure_ratio (seed 003): keep retrying (the last wait repeats) and
   * disable when too many requests failed over a window; the queue is kept for re-enabling.
   */
  preset: z.enum(AUTO_DISABLE_PRESETS, { error: 'Choose exhausted or failure_ratio' }).default('exhausted'),
  window_ms: z.number().int().min(MINUTE, 'The window is at least 1 minute').max(7 * 24 * HOUR, 'The window is at most 7 days').default(12 * HOUR),
  failure_ratio: z.number().min(0.05, 'At least 5 %').max(1, 'At most 100 %').default(0.6),
  /** Too few requests say nothing about health: below this, the ratio is not applied. */
  min_attempts: z.number().int().min(1, 'At least 1 request').max(10_000, 'At most 10,000 requests').default(10),
});

export const DeliveryPolicySchema = z.object({
  /** Events wait this long to go out together (seed 004: 5 s). null = the default in Settings; 0 = at once. */
  batch_window_ms: z.number().int('Use whole milliseconds').min(0, 'Use 0 to send at once').max(3_600_000, 'At most one hour').nullable().default(null),
  retry: RetryPolicySchema.default({ preset: 'webhook_standard', custom_ms: [] }),
  auto_disable: AutoDisablePolicySchema.default({ preset: 'exhausted', window_ms: 12 * HOUR, failure_ratio: 0.6, min_attempts: 10 }),
});
export type DeliveryPolicy = z.infer<typeof DeliveryPolicySchema>;
export type DeliveryPolicyInput = z.input<typeof DeliveryPolicySchema>;
export const DEFAULT_DELIVERY_POLICY: DeliveryPolicy = DeliveryPolicySchema.parse({});

/** The waits of a retry policy, in order: the fast cycles are flattened into one ladder. */
export function retryScheduleOf(retry: z.infer<typeof RetryPolicySchema>): readonly number[] {
  if (retry.preset === 'fast_cycles') return FAST_CYCLES_MS.flat();
  if (retry.preset === 'custom') return retry.custom_ms;
  return WEBHOOK_STANDARD_SCHEDULE_MS;
}

// ------------------------------------------------------------------ rule conditions

/** Severity-like values compare by rank, so "severity ≥ high" means high or critical. */
export const SEVERITY_RANK: Readonly<Record<string, number>> = { info: 0, low: 1, medium: 2, moderate: 2, high: 3, critical: 4, blocker: 5 };

export const CONDITION_OPS = ['equals', 'not_equals', 'in', 'gte', 'exists'] as const;
export type ConditionOp = (typeof CONDITION_OPS)[number];
const Scalar = z.union([z.string().max(500, 'A value is at most 500 characters'), z.number(), z.boolean()]);

export const ConditionSchema = z
  .object({
    /** A payload field, dots for nesting: `severity`, `blocker`, `stage`. */
    field: z
      .string({ error: 'Enter the payload field, e.g. severity' })
      .trim()
      .regex(/^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z0-9_]+)*$/, 'Name a payload field, e.g. severity or blocker (letters, digits, _ and dots)'),
    op: z.enum(CONDITION_OPS, { error: 'Choose equals, not_equals, in, gte or exists' }),
    value: z.union([Scalar, z.array(Scalar).max(100, 'At most 100 values')]).optional(),
  })
  .superRefine((c, ctx) => {
    if (c.op === 'exists') return;
    if (c.value === undefined || c.value === '') {
      ctx.addIssue({ code: 'custom', path: ['value'], message: `Enter the value to compare ${c.field} with` });
      return;
    }
    if (c.op === 'in' && (!Array.isArray(c.value) || c.value.length === 0)) {
      ctx.addIssue({ code: 'custom', path: ['value'], message: 'List at least one value, e.g. prod, stage' });
    }
    if ((c.op === 'equals' || c.op === 'not_equals') && Array.isArray(c.value)) {
      ctx.addIssue({ code: 'custom', path: ['value'], message: 'Give one value, or use "in" for a list' });
    }
    if (c.op === 'gte') {
      const ok = typeof c.value === 'number' || (typeof c.value === 'string' && c.value.toLowerCase() in SEVERITY_RANK);
      if (!ok) ctx.addIssue({ code: 'custom', path: ['value'], message: 'Compare with a number or a severity: info, low, medium, high, critical' });
    }
  });
export type Condition = z.infer<typeof ConditionSchema>;

/** "Blocker only" as a condition. */
export const BLOCKER_ONLY: Condition = { field: 'blocker', op: 'equals', value: true };
