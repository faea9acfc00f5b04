import {
  Box,
  FormControl,
  FormControlLabel,
  FormHelperText,
  FormLabel,
  InputAdornment,
  ListItemText,
  MenuItem,
  Radio,
  RadioGroup,
  Stack,
  TextField,
  ToggleButton,
  ToggleButtonGroup,
  Typography,
} from '@mui/material';
import { useQuery } from '@tanstack/react-query';
import { Controller, get, useFormState, useWatch, type Control, type FieldError, type FieldErrors, type FieldValues, type Resolver, type ResolverOptions, type ResolverResult } from 'react-hook-form';
import {
  DEFAULT_DELIVERY_POLICY,
  FAST_CYCLES_MS,
  formatDuration,
  parseDurationList,
  WEBHOOK_STANDARD_SCHEDULE_MS,
  type AutoDisablePreset,
  type DeliveryPolicy,
  type DeliveryPolicyInput,
  type RetryPreset,
} from '../../../main/contract/index.js';
import { useTranslation } from 'react-i18next';
import { call } from '../api.js';
import { formatNumber } from '../format.js';
import { i18n } from '../i18n/index.js';
import { translateMessage } from '../i18n/validation.js';

/**
 * The delivery policy as the form edits it: seconds, percentages and duration lists as typed,
 * converted to the contract's milliseconds and ratios on validation and save.
 */
export interface PolicyDraft {
  batching: 'default' | 'now' | 'custom';
  batch_seconds: string;
  retry: RetryPreset;
  /** "1m, 5m, 30m" for the custom schedule. */
  custom: string;
  auto_disable: AutoDisablePreset;
  failure_percent: string;
  /** "12h" */
  window: string;
  min_attempts: string;
}
type DraftKey = keyof PolicyDraft;

/** Like formatDuration, but hours up to 48 h, as the seeds write them (24h, 48h rather than 1d, 2d). */
export function shortDuration(ms: number): string {
  const HOUR = 3_600_000;
  if (ms > 0 && ms % HOUR === 0 && ms <= 48 * HOUR) return `${ms / HOUR}h`;
  return formatDuration(ms);
}
type Unit = 'ms' | 's' | 'm' | 'h' | 'd';
/** "12h" as the console's language writes it ("12 ч" in Russian); what is not a short duration stays as typed. */
export const durationText = (text: string) => text.replace(/\b(\d+(?:\.\d+)?)(ms|s|m|h|d)\b/g, (_m, value: string, unit: Unit) => i18n.t(`forms:policy.units.${unit}`, { value }));
export const ladder = (schedule: readonly number[]) => schedule.map((ms) => durationText(shortDuration(ms))).join(' → ');
/** The seed-004 ladder, e.g. "1m → 5m → … → 48h" (a function: it follows the language). */
export const standardLadder = () => ladder(WEBHOOK_STANDARD_SCHEDULE_MS);
export const fastCyclesText = () => FAST_CYCLES_MS.map((cycle, i) => i18n.t('forms:policy.cycle', { n: String(i + 1), ladder: ladder(cycle) })).join(' · ');

const retryLabel = (preset: RetryPreset) => i18n.t(`forms:policy.presets.${preset}`);

/** The waits a policy's retries follow, in words. */
export function describeRetry(retry: DeliveryPolicy['retry']): string {
  if (retry.preset === 'fast_cycles') return fastCyclesText();
  if (retry.preset === 'custom') return ladder(retry.custom_ms);
  return standardLadder();
}

export function policyToDraft(policy: DeliveryPolicy = DEFAULT_DELIVERY_POLICY): PolicyDraft {
  const window = policy.batch_window_ms;
  const a = policy.auto_disable;
  return {
    batching: window === null ? 'default' : window === 0 ? 'now' : 'custom',
    batch_seconds: window ? String(window / 1000) : '5',
    retry: policy.retry.preset,
    custom: policy.retry.custom_ms.map(shortDuration).join(', '),
    auto_disable: a.preset,
    failure_percent: String(Math.round(a.failure_ratio * 100)),
    window: shortDuration(a.window_ms),
    min_attempts: String(a.min_attempts),
  };
}

const number = (text: string): number | null => (text.trim() === '' || !Number.isFinite(Number(text)) ? null : Number(text));

/**
 * Draft → contract input. What cannot even be parsed (a word in the schedule, an empty number)
 * comes back as an issue on its draft field; the rest is the contract schema's job.
 */
export function draftToPolicy(draft: PolicyDraft | undefined): { policy: DeliveryPolicyInput; issues: Partial<Record<DraftKey, string>> } {
  const d = draft ?? policyToDraft();
  const issues: Partial<Record<DraftKey, string>> = {};
  const defaults = DEFAULT_DELIVERY_POLICY.auto_disable;

  let batch: number | null = null;
  if (d.batching === 'now') batch = 0;
  if (d.batching === 'custom') {
    const seconds = number(d.batch_seconds);
    if (seconds === null) issues.batch_seconds = i18n.t('forms:policy.issues.batchSeconds');
    else batch = Math.round(seconds * 1000);
  }

  const parsed = parseDurationList(d.custom);
  if (d.retry === 'custom' && !parsed.ok) issues.custom = parsed.error;

  const ratioRule = d.auto_disable === 'failure_ratio';
  const percent = number(d.failure_percent);
  if (ratioRule && percent === null) issues.failure_percent = i18n.t('forms:policy.issues.percent');
  const windowList = parseDurationList(d.window);
  const window = windowList.ok && windowList.value.length === 1 ? windowList.value[0]! : null;
  if (ratioRule && window === null) issues.window = windowList.ok ? i18n.t('forms:policy.issues.window') : windowList.error;
  const minAttempts = number(d.min_attempts);
  if (ratioRule && minAttempts === null) issues.min_attempts = i18n.t('forms:policy.issues.minAttempts');

  return {
    policy: {
      batch_window_ms: batch,
      retry: { preset: d.retry, custom_ms: parsed.ok ? parsed.value : [] },
      // With "after the last retry" the ratio fields are not used: a half-typed value must not block saving.
      auto_disable: {
        preset: d.auto_disable,
        failure_ratio: ratioRule && percent !== null ? percent / 100 : defaults.failure_ratio,
        window_ms: ratioRule && window !== null ? window : defaults.window_ms,
        min_attempts: ratioRule && minAttempts !== null ? minAttempts : defaults.min_attempts,
      },
    },
    issues,
  };
}

const DRAFT_KEYS: readonly DraftKey[] = ['batching', 'batch_seconds', 'retry', 'custom', 'auto_disable', 'failure_percent', 'window', 'min_attempts'];
const CONTRACT_PATHS: [RegExp, DraftKey][] = [
  [/^policy\.batch_window_ms\b/, 'batch_seconds'],
  [/^policy\.retry\.custom_ms\b/, 'custom'],
  [/^policy\.auto_disable\.window_ms\b/, 'window'],
  [/^policy\.auto_disable\.failure_ratio\b/, 'failure_percent'],
  [/^policy\.auto_disable\.min_attempts\b/, 'min_attempts'],
  [/^policy\.auto_disable\b/, 'auto_disable'],
];

/** Where a contract path (from zod or from the server) shows in the draft, e.g. policy.retry.custom_ms.2 → policy.custom. */
export function policyFieldPath(path: string): `policy.${DraftKey}` | null {
  if (path !== 'policy' && !path.startsWith('policy.')) return null;
  const rest = path.slice('policy.'.length) as DraftKey;
  if (DRAFT_KEYS.includes(rest)) return `policy.${rest}`;
  for (const [re, key] of CONTRACT_PATHS) if (re.test(path)) return `policy.${key}`;
  return 'policy.retry';
}

type LooseResolver = (values: FieldValues, context: unknown, options: ResolverOptions<FieldValues>) => Promise<ResolverResult<FieldValues>> | ResolverResult<FieldValues>;

/**
 * Wraps a form's zod resolver: the draft is converted and checked with the contract schema, and
 * every policy error lands on the draft field that holds the value. Valid values keep the draft,
 * so one toInput() serves Save and Test it.
 */
export function withPolicyDraft<V extends FieldValues & { policy: PolicyDraft }>(base: unknown): Resolver<V> {
  const resolve = base as LooseResolver;
  return async (values, context, options) => {
    const { policy, issues } = draftToPolicy(values.policy);
    const result = await resolve({ ...values, policy }, context, options as unknown as ResolverOptions<FieldValues>);
    const errors: Record<string, unknown> = { ...result.errors };
    const mapped: Partial<Record<DraftKey, FieldError>> = {};
    const walk = (node: unknown, path: string) => {
      if (!node || typeof node !== 'object') return;
      const message = (node as { message?: unknown }).message;
      if (typeof message === 'string') {
        const key = policyFieldPath(path)?.slice('policy.'.length) as DraftKey | undefined;
        if (key && !mapped[key]) mapped[key] = { type: 'policy', message };
      }
      for (const [k, child] of Object.entries(node)) if (k !== 'ref' && k !== 'message' && k !== 'type') walk(child, `${path}.${k}`);
    };
    walk(errors.policy, 'policy');
    delete errors.policy;
    for (const [key, message] of Object.entries(issues)) mapped[key as DraftKey] = { type: 'draft', message };
    if (Object.keys(mapped).length) errors.policy = mapped;
    if (Object.keys(errors).length) return { values: {}, errors: errors as FieldErrors<V> };
    return { values: { ...(result.values as V), policy: values.policy }, errors: {} };
  };
}

/**
 * Batching window, retry schedule and auto-disable: one section, the same in every integration
 * form. The form's values hold a PolicyDraft under `policy` (see withPolicyDraft).
 */
export function DeliveryPolicyFields<V extends FieldValues & { policy: PolicyDraft }>({ control: anyControl, kindNoun }: { control: Control<V>; kindNoun: string }) {
  const { t } = useTranslation('forms');
  const control = anyControl as unknown as Control<{ policy: PolicyDraft }>;
  const { errors } = useFormState({ control });
  const draft = useWatch({ control, name: 'policy' });
  const settings = useQuery({ queryKey: ['settings'], queryFn: () => call('settings.get', {}), staleTime: 60_000 });
  const defaultWindow = settings.data ? durationText(shortDuration(settings.data.batch_interval_ms)) : null;
  const error = (key: DraftKey) => translateMessage((get(errors, `policy.${key}`) as { message?: string } | undefined)?.message);
  const intro = kindNoun === 'request' ? t('policy.introRequest') : kindNoun === 'message' ? t('policy.introMessage') : t('policy.intro', { noun: kindNoun });
  const standard = standardLadder();
  const fastCycles = fastCyclesText();
  const parsedCustom = parseDurationList(draft?.custom ?? '');
  const percent = number(draft?.failure_percent ?? '') ?? 60;

  return (
    <Box component="section" aria-labelledby="delivery-policy-title" data-testid="delivery-policy">
      <Typography variant="h3" component="h2" id="delivery-policy-title" sx={{ mb: 0.25 }}>
        {t('policy.title')}
      </Typography>
      <Typography variant="body2" color="text.secondary" sx={{ mb: 2 }}>
        {intro}
      </Typography>
      <Stack spacing={2.5}>
        <FormControl>
          <FormLabel id="batching-label" sx={{ mb: 0.75 }}>
            {t('policy.batching')}
          </FormLabel>
          <Stack direction="row" spacing={2} alignItems="flex-start">
            <Controller
              control={control}
              name="policy.batching"
              render={({ field }) => (
                <ToggleButtonGroup exclusive size="small" color="primary" value={field.value} onChange={(_e, v: PolicyDraft['batching'] | null) => v && field.onChange(v)} aria-labelledby="batching-label">
                  <ToggleButton value="default">{defaultWindow ? t('policy.settingsDefaultWith', { window: defaultWindow }) : t('policy.settingsDefault')}</ToggleButton>
                  <ToggleButton value="now">{t('policy.sendAtOnce')}</ToggleButton>
                  <ToggleButton value="custom">{t('policy.custom')}</ToggleButton>
                </ToggleButtonGroup>
              )}
            />
            {draft?.batching === 'custom' && (
              <Controller
                control={control}
                name="policy.batch_seconds"
                render={({ field }) => (
                  <TextField
                    size="small"
                    label={t('policy.window')}
                    type="number"
                    value={field.value}
                    onChange={field.onChange}
                    onBlur={field.onBlur}
                    error={!!error('batch_seconds')}
                    sx={{ width: 150 }}
                    slotProps={{ input: { endAdornment: <InputAdornment position="end">{t('policy.seconds')}</InputAdornment> }, htmlInput: { min: 0, max: 3600, step: 'any' } }}
                  />
                )}
              />
            )}
          </Stack>
          <FormHelperText error={!!error('batch_seconds')}>
            {error('batch_seconds') ??
              (draft?.batching === 'now'
                ? t('policy.batchNow')
                : draft?.batching === 'custom'
                  ? t('policy.batchCustom')
                  : t('policy.batchDefault', { window: defaultWindow ?? t('policy.settingsWindow') }))}
          </FormHelperText>
        </FormControl>

        <Box>
          <Controller
            control={control}
            name="policy.retry"
            render={({ field }) => (
              <TextField
                select
                fullWidth
                label={t('policy.retry')}
                value={field.value}
                onChange={(e) => field.onChange(e.target.value)}
                error={!!error('retry')}
                helperText={
                  error('retry') ??
                  (field.value === 'fast_cycles'
                    ? t('policy.fastHelp', { cycles: fastCycles })
                    : field.value === 'custom'
                      ? t('policy.customHelp')
                      : t('policy.standardHelp', { ladder: standard }))
                }
                slotProps={{ select: { renderValue: (v) => retryLabel(v as RetryPreset) }, formHelperText: { sx: { fontVariantNumeric: 'tabular-nums' } } }}
              >
                <MenuItem value="webhook_standard">
                  <ListItemText primary={retryLabel('webhook_standard')} secondary={standard} />
                </MenuItem>
                <MenuItem value="fast_cycles">
                  <ListItemText
                    primary={retryLabel('fast_cycles')}
                    secondary={
                      <>
                        {FAST_CYCLES_MS.map((c, i) => (
                          <Box component="span" key={i} sx={{ display: 'block' }}>
                            {t('policy.cycleLine', { n: String(i + 1), ladder: ladder(c) })}
                          </Box>
                        ))}
                      </>
                    }
                  />
                </MenuItem>
                <MenuItem value="custom">
                  <ListItemText primary={retryLabel('custom')} secondary={t('policy.customSecondary')} />
                </MenuItem>
              </TextField>
            )}
          />
          {draft?.retry === 'custom' && (
            <Controller
              control={control}
              name="policy.custom"
              render={({ field }) => (
                <TextField
                  fullWidth
                  label={t('policy.waits')}
                  placeholder="1m, 5m, 30m"
                  value={field.value}
                  onChange={field.onChange}
                  onBlur={field.onBlur}
                  error={!!error('custom')}
                  helperText={
                    error('custom') ??
                    (parsedCustom.ok && parsedCustom.value.length
                      ? t('policy.retries', { count: parsedCustom.value.length, ladder: ladder(parsedCustom.value) })
                      : t('policy.waitsHelp'))
                  }
                  sx={{ mt: 2 }}
                  slotProps={{ htmlInput: { spellCheck: false } }}
                />
              )}
            />
          )}
        </Box>

        <FormControl error={!!error('auto_disable')}>
          <FormLabel id="auto-disable-label">{t('policy.autoDisable')}</FormLabel>
          <Controller
            control={control}
            name="policy.auto_disable"
            render={({ field }) => (
              <RadioGroup aria-labelledby="auto-disable-label" value={field.value} onChange={(e) => field.onChange(e.target.value)}>
                <FormControlLabel value="exhausted" control={<Radio size="small" />} label={t('policy.exhausted')} />
                <FormControlLabel value="failure_ratio" control={<Radio size="small" />} label={t('policy.failureRatio', { percent: formatNumber(percent), window: durationText(draft?.window || '12h') })} />
              </RadioGroup>
            )}
          />
          <FormHelperText sx={{ mx: 0 }} data-testid="auto-disable-help">
            {error('auto_disable') ?? t(`policy.help.${draft?.auto_disable ?? 'exhausted'}`)}
          </FormHelperText>
        </FormControl>
        {draft?.auto_disable === 'failure_ratio' && (
          <Stack direction="row" spacing={2} alignItems="flex-start">
            <Controller
              control={control}
              name="policy.failure_percent"
              render={({ field }) => (
                <TextField
                  label={t('policy.failedRequests')}
                  type="number"
                  value={field.value}
                  onChange={field.onChange}
                  onBlur={field.onBlur}
                  error={!!error('failure_percent')}
                  helperText={error('failure_percent') ?? t('policy.failedRequestsHelp')}
                  sx={{ flex: 1 }}
                  slotProps={{ input: { endAdornment: <InputAdornment position="end">%</InputAdornment> }, htmlInput: { min: 5, max: 100 } }}
                />
              )}
            />
            <Controller
              control={control}
              name="policy.window"
              render={({ field }) => (
                <TextField
                  label={t('policy.overTheLast')}
                  value={field.value}
                  onChange={field.onChange}
                  onBlur={field.onBlur}
                  error={!!error('window')}
                  helperText={error('window') ?? t('policy.overTheLastHelp')}
                  sx={{ flex: 1 }}
                  slotProps={{ htmlInput: { spellCheck: false } }}
                />
              )}
            />
            <Controller
              control={control}
              name="policy.min_attempts"
              render={({ field }) => (
                <TextField
                  label={t('policy.minAttempts')}
                  type="number"
                  value={field.value}
                  onChange={field.onChange}
                  onBlur={field.onBlur}
                  error={!!error('min_attempts')}
                  helperText={error('min_attempts') ?? t('policy.minAttemptsHelp')}
                  sx={{ flex: 1 }}
                  slotProps={{ htmlInput: { min: 1 } }}
                />
              )}
            />
          </Stack>
        )}
      </Stack>
    </Box>
  );
}
