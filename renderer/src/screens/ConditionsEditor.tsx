import AddIcon from '@mui/icons-material/Add';
import DeleteOutlineIcon from '@mui/icons-material/DeleteOutline';
import { Autocomplete, Box, Button, FormControlLabel, FormHelperText, IconButton, MenuItem, Paper, Stack, Switch, TextField, Typography } from '@mui/material';
import { useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Controller, get, useFieldArray, useWatch, type Control, type FieldErrors } from 'react-hook-form';
import type { z } from 'zod';
import { BLOCKER_ONLY, CONDITION_OPS, type Condition, type ConditionOp, type RuleInputSchema } from '../../../main/contract/index.js';
import { i18n } from '../i18n/index.js';
import { translateMessage } from '../i18n/validation.js';

type FormValues = z.input<typeof RuleInputSchema>;
type Draft = { field: string; op: ConditionOp; value?: Condition['value'] | undefined };
type Scalar = string | number | boolean;

export const SEVERITIES = ['info', 'low', 'medium', 'high', 'critical'] as const;

/** Payload fields of the policy alerts (seeds 000, 004): what conditions usually test. */
const FIELDS: { name: 'severity' | 'blocker' | 'stage' | 'policy_name' | 'dependency' | 'vulnerability'; type: 'severity' | 'boolean' | 'text' }[] = [
  { name: 'severity', type: 'severity' },
  { name: 'blocker', type: 'boolean' },
  { name: 'stage', type: 'text' },
  { name: 'policy_name', type: 'text' },
  { name: 'dependency', type: 'text' },
  { name: 'vulnerability', type: 'text' },
];
const typeOf = (field: string) => FIELDS.find((f) => f.name === field.trim())?.type ?? 'text';

const OP_SYMBOL: Record<'equals' | 'not_equals' | 'gte', string> = { equals: '=', not_equals: '≠', gte: '≥' };

const show = (v: unknown) => (typeof v === 'string' ? v : JSON.stringify(v));

/** "severity ≥ high", "stage in prod, stage", "vulnerability present". */
export function describeCondition(c: Pick<Condition, 'field' | 'op' | 'value'>): string {
  if (c.op === 'exists') return i18n.t('rules:conditions.describe.exists', { field: c.field });
  if (c.op === 'in') return i18n.t('rules:conditions.describe.in', { field: c.field, values: (Array.isArray(c.value) ? c.value : [c.value]).map(show).join(', ') });
  return `${c.field} ${OP_SYMBOL[c.op]} ${show(c.value)}`;
}

/** Typed text → a value: "true"/"false" are booleans, everything else stays text (the engine compares numbers by value). */
function scalar(text: string): Scalar {
  const t = text.trim();
  if (t === 'true') return true;
  if (t === 'false') return false;
  return t;
}
const listOf = (text: string): Scalar[] =>
  text
    .split(',')
    .map((p) => p.trim())
    .filter(Boolean)
    .map(scalar);
const textOf = (value: Condition['value']): string => (value === undefined ? '' : Array.isArray(value) ? value.map(String).join(', ') : String(value));

const isBlockerOnly = (c: Draft | undefined) => c?.field === 'blocker' && c.op === 'equals' && (c.value === true || c.value === 'true');
const isSeverityFloor = (c: Draft | undefined) => c?.field === 'severity' && c.op === 'gte' && typeof c.value === 'string';

/** Every message at or under a path, from the client resolver or the server, in the console's language. */
function messages(errors: FieldErrors<FormValues>, path: string): string[] {
  const out: string[] = [];
  const walk = (node: unknown) => {
    if (!node || typeof node !== 'object') return;
    const message = (node as { message?: unknown }).message;
    if (typeof message === 'string') out.push(translateMessage(message));
    for (const [k, child] of Object.entries(node)) if (k !== 'ref' && k !== 'message' && k !== 'type') walk(child);
  };
  walk(get(errors, path));
  return [...new Set(out)];
}

/**
 * Conditions on the payload: all must hold. Shortcuts for the usual ones ("Blocker only",
 * "Severity at least") edit the same list the rows show.
 */
export function ConditionsEditor({ control, errors }: { control: Control<FormValues>; errors: FieldErrors<FormValues> }) {
  const { t } = useTranslation('rules');
  const list = useFieldArray({ control, name: 'conditions' });
  const conditions = (useWatch({ control, name: 'conditions' }) ?? []) as Draft[];
  const blockerOnly = conditions.some(isBlockerOnly);
  const floorIndex = conditions.findIndex(isSeverityFloor);
  const floor = floorIndex >= 0 ? String(conditions[floorIndex]!.value) : '';
  const listError = translateMessage((get(errors, 'conditions.message') ?? get(errors, 'conditions.root.message')) as string | undefined);

  return (
    <Box component="section" aria-labelledby="conditions-title">
      <Typography variant="h3" component="h2" id="conditions-title" sx={{ mb: 0.25 }}>
        {t('conditions.title')}
      </Typography>
      <Typography variant="body2" color="text.secondary" sx={{ mb: 1.5 }}>
        {t('conditions.intro')}
      </Typography>
      <Stack direction="row" spacing={3} alignItems="center" sx={{ mb: 1.5 }} useFlexGap flexWrap="wrap">
        <FormControlLabel
          control={
            <Switch
              checked={blockerOnly}
              onChange={(e) => {
                if (e.target.checked) list.append({ ...BLOCKER_ONLY });
                else list.remove(conditions.map((c, i) => (isBlockerOnly(c) ? i : -1)).filter((i) => i >= 0));
              }}
            />
          }
          label={t('conditions.blockerOnly')}
        />
        <TextField
          select
          size="small"
          label={t('conditions.severityAtLeast')}
          value={floor}
          sx={{ width: 200 }}
          onChange={(e) => {
            const level = e.target.value;
            if (!level) list.remove(floorIndex);
            else if (floorIndex >= 0) list.update(floorIndex, { field: 'severity', op: 'gte', value: level });
            else list.append({ field: 'severity', op: 'gte', value: level });
          }}
        >
          <MenuItem value="">
            <em>{t('conditions.anySeverity')}</em>
          </MenuItem>
          {SEVERITIES.map((s) => (
            <MenuItem key={s} value={s}>
              {s}
            </MenuItem>
          ))}
        </TextField>
      </Stack>
      <Stack spacing={1}>
        {list.fields.map((item, index) => (
          <Controller
            key={item.id}
            control={control}
            name={`conditions.${index}`}
            render={({ field }) => (
              <ConditionRow
                index={index}
                value={field.value as Draft}
                onChange={field.onChange}
                onRemove={() => list.remove(index)}
                fieldError={messages(errors, `conditions.${index}.field`)[0]}
                opError={messages(errors, `conditions.${index}.op`)[0]}
                valueError={messages(errors, `conditions.${index}.value`)[0]}
              />
            )}
          />
        ))}
      </Stack>
      {listError && <FormHelperText error>{listError}</FormHelperText>}
      <Button size="small" startIcon={<AddIcon />} sx={{ mt: 1 }} onClick={() => list.append({ field: '', op: 'equals', value: '' })}>
        {t('conditions.add')}
      </Button>
    </Box>
  );
}

function ConditionRow({
  index,
  value: c,
  onChange,
  onRemove,
  fieldError,
  opError,
  valueError,
}: {
  index: number;
  value: Draft;
  onChange: (next: Draft) => void;
  onRemove: () => void;
  fieldError: string | undefined;
  opError: string | undefined;
  valueError: string | undefined;
}) {
  // A comma list or a number is kept as typed, so "prod, " does not lose its comma mid-typing.
  const { t } = useTranslation('rules');
  const [text, setText] = useState(() => textOf(c.value));
  const kind = typeOf(c.field);
  const n = index + 1;

  const setField = (name: string) => {
    const next = typeOf(name);
    if (next === 'boolean' && (c.op === 'equals' || c.op === 'not_equals')) return onChange({ field: name, op: c.op, value: true });
    if (next === 'severity' && c.op !== 'in' && c.op !== 'exists') return onChange({ field: name, op: c.op, value: typeof c.value === 'string' && (SEVERITIES as readonly string[]).includes(c.value) ? c.value : 'high' });
    onChange({ ...c, field: name });
  };
  const setOp = (op: ConditionOp) => {
    if (op === 'exists') return onChange({ field: c.field, op });
    if (op === 'in') {
      setText(textOf(c.value));
      return onChange({ field: c.field, op, value: listOf(textOf(c.value)) });
    }
    if (kind === 'boolean' && op !== 'gte') return onChange({ field: c.field, op, value: typeof c.value === 'boolean' ? c.value : true });
    if (kind === 'severity') return onChange({ field: c.field, op, value: typeof c.value === 'string' && (SEVERITIES as readonly string[]).includes(c.value) ? c.value : 'high' });
    const single = Array.isArray(c.value) ? (c.value[0] ?? '') : (c.value ?? '');
    setText(String(single));
    onChange({ field: c.field, op, value: single });
  };
  const setText2 = (next: string) => {
    setText(next);
    if (c.op === 'in') onChange({ ...c, value: listOf(next) });
    else if (c.op === 'gte') onChange({ ...c, value: next.trim() !== '' && Number.isFinite(Number(next)) ? Number(next) : next.trim() });
    else onChange({ ...c, value: scalar(next) });
  };

  let valueInput: ReactNode;
  if (c.op === 'exists') {
    valueInput = (
      <Typography variant="body2" color="text.secondary" sx={{ flex: 1, pt: 1 }}>
        {t('conditions.anyValue')}
      </Typography>
    );
  } else if (kind === 'boolean' && c.op !== 'in' && c.op !== 'gte') {
    valueInput = (
      <TextField select size="small" label={t('conditions.value')} value={String(c.value === true || c.value === 'true')} onChange={(e) => onChange({ ...c, value: e.target.value === 'true' })} sx={{ flex: 1 }} error={!!valueError} helperText={valueError}>
        <MenuItem value="true">true</MenuItem>
        <MenuItem value="false">false</MenuItem>
      </TextField>
    );
  } else if (kind === 'severity' && c.op !== 'in') {
    valueInput = (
      <TextField select size="small" label={t('conditions.value')} value={typeof c.value === 'string' ? c.value : ''} onChange={(e) => onChange({ ...c, value: e.target.value })} sx={{ flex: 1 }} error={!!valueError} helperText={valueError ?? (c.op === 'gte' ? t('conditions.levelOrWorse') : undefined)}>
        {SEVERITIES.map((s) => (
          <MenuItem key={s} value={s}>
            {s}
          </MenuItem>
        ))}
      </TextField>
    );
  } else {
    valueInput = (
      <TextField
        size="small"
        label={c.op === 'in' ? t('conditions.values') : t('conditions.value')}
        value={text}
        onChange={(e) => setText2(e.target.value)}
        placeholder={c.op === 'in' ? 'prod, stage' : c.op === 'gte' ? t('conditions.numberOrSeverity') : kind === 'text' ? t('conditions.examplePlaceholder') : ''}
        sx={{ flex: 1 }}
        error={!!valueError}
        helperText={valueError ?? (c.op === 'in' ? t('conditions.commaSeparated') : undefined)}
        slotProps={{ htmlInput: { spellCheck: false } }}
      />
    );
  }

  return (
    <Paper variant="outlined" sx={{ p: 1.5 }} data-testid="condition-row">
      <Stack direction="row" spacing={1} alignItems="flex-start">
        <Autocomplete
          freeSolo
          autoSelect
          options={FIELDS.map((f) => f.name as string)}
          value={c.field}
          onChange={(_e, v) => setField((v ?? '').trim())}
          onInputChange={(_e, v, reason) => reason === 'input' && onChange({ ...c, field: v })}
          sx={{ flex: 1.2 }}
          renderOption={(props, option) => {
            const { key, ...rest } = props as typeof props & { key: string };
            return (
              <li key={key} {...rest}>
                <Box>
                  <Box sx={{ fontFamily: 'monospace' }}>{option}</Box>
                  <Typography variant="caption" color="text.secondary">
                    {FIELDS.some((f) => f.name === option) && t(`conditions.fields.${option as (typeof FIELDS)[number]['name']}`)}
                  </Typography>
                </Box>
              </li>
            );
          }}
          renderInput={(params) => (
            <TextField {...params} size="small" label={t('conditions.field')} placeholder="severity" error={!!fieldError} helperText={fieldError} slotProps={{ htmlInput: { ...params.inputProps, spellCheck: false } }} />
          )}
        />
        <TextField select size="small" label={t('conditions.operator')} value={c.op} onChange={(e) => setOp(e.target.value as ConditionOp)} sx={{ width: 150 }} error={!!opError} helperText={opError}>
          {CONDITION_OPS.filter((op) => op !== 'gte' || kind !== 'boolean').map((op) => (
            <MenuItem key={op} value={op}>
              {t(`conditions.ops.${op}`)}
            </MenuItem>
          ))}
        </TextField>
        {valueInput}
        <IconButton aria-label={t('conditions.remove', { n: String(n) })} onClick={onRemove} sx={{ mt: 0.25 }}>
          <DeleteOutlineIcon />
        </IconButton>
      </Stack>
    </Paper>
  );
}
