import AddIcon from '@mui/icons-material/Add';
import DeleteOutlineIcon from '@mui/icons-material/DeleteOutline';
import { Autocomplete, Box, Button, FormControlLabel, FormHelperText, IconButton, MenuItem, Paper, Stack, Switch, TextField, Typography } from '@mui/material';
import { useState, type ReactNode } from 'react';
import { Controller, get, useFieldArray, useWatch, type Control, type FieldErrors } from 'react-hook-form';
import type { z } from 'zod';
import { BLOCKER_ONLY, CONDITION_OPS, type Condition, type ConditionOp, type RuleInputSchema } from '../../../main/contract/index.js';

type FormValues = z.input<typeof RuleInputSchema>;
type Draft = { field: string; op: ConditionOp; value?: Condition['value'] | undefined };
type Scalar = string | number | boolean;

export const SEVERITIES = ['info', 'low', 'medium', 'high', 'critical'] as const;

/** Payload fields of the policy alerts (seeds 000, 004): what conditions usually test. */
const FIELDS: { name: string; help: string; type: 'severity' | 'boolean' | 'text' }[] = [
  { name: 'severity', help: 'info, low, medium, high or critical', type: 'severity' },
  { name: 'blocker', help: 'true if the policy blocks the build', type: 'boolean' },
  { name: 'stage', help: 'e.g. dev, test, stage, prod', type: 'text' },
  { name: 'policy_name', help: 'the triggered policy', type: 'text' },
  { name: 'dependency', help: 'e.g. org.apache.logging.log4j:log4j-core', type: 'text' },
  { name: 'vulnerability', help: 'e.g. CVE-2021-44228', type: 'text' },
];
const typeOf = (field: string) => FIELDS.find((f) => f.name === field.trim())?.type ?? 'text';

const OP_LABEL: Record<ConditionOp, string> = { equals: 'equals', not_equals: 'is not', in: 'is one of', gte: 'is at least', exists: 'is present' };
const OP_SYMBOL: Record<ConditionOp, string> = { equals: '=', not_equals: '≠', in: 'in', gte: '≥', exists: 'present' };

const show = (v: unknown) => (typeof v === 'string' ? v : JSON.stringify(v));

/** "severity ≥ high", "stage in prod, stage", "vulnerability present". */
export function describeCondition(c: Pick<Condition, 'field' | 'op' | 'value'>): string {
  if (c.op === 'exists') return `${c.field} present`;
  if (c.op === 'in') return `${c.field} in ${(Array.isArray(c.value) ? c.value : [c.value]).map(show).join(', ')}`;
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

/** Every message at or under a path, from the client resolver or the server. */
function messages(errors: FieldErrors<FormValues>, path: string): string[] {
  const out: string[] = [];
  const walk = (node: unknown) => {
    if (!node || typeof node !== 'object') return;
    const message = (node as { message?: unknown }).message;
    if (typeof message === 'string') out.push(message);
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
  const list = useFieldArray({ control, name: 'conditions' });
  const conditions = (useWatch({ control, name: 'conditions' }) ?? []) as Draft[];
  const blockerOnly = conditions.some(isBlockerOnly);
  const floorIndex = conditions.findIndex(isSeverityFloor);
  const floor = floorIndex >= 0 ? String(conditions[floorIndex]!.value) : '';
  const listError = (get(errors, 'conditions.message') ?? get(errors, 'conditions.root.message')) as string | undefined;

  return (
    <Box component="section" aria-labelledby="conditions-title">
      <Typography variant="h3" component="h2" id="conditions-title" sx={{ mb: 0.25 }}>
        Conditions
      </Typography>
      <Typography variant="body2" color="text.secondary" sx={{ mb: 1.5 }}>
        Only events whose payload passes every condition are routed. None: every event of the chosen triggers and projects.
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
          label="Blocker only"
        />
        <TextField
          select
          size="small"
          label="Severity at least"
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
            <em>Any severity</em>
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
        Add condition
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
        Any value
      </Typography>
    );
  } else if (kind === 'boolean' && c.op !== 'in' && c.op !== 'gte') {
    valueInput = (
      <TextField select size="small" label="Value" value={String(c.value === true || c.value === 'true')} onChange={(e) => onChange({ ...c, value: e.target.value === 'true' })} sx={{ flex: 1 }} error={!!valueError} helperText={valueError}>
        <MenuItem value="true">true</MenuItem>
        <MenuItem value="false">false</MenuItem>
      </TextField>
    );
  } else if (kind === 'severity' && c.op !== 'in') {
    valueInput = (
      <TextField select size="small" label="Value" value={typeof c.value === 'string' ? c.value : ''} onChange={(e) => onChange({ ...c, value: e.target.value })} sx={{ flex: 1 }} error={!!valueError} helperText={valueError ?? (c.op === 'gte' ? 'This level or worse' : undefined)}>
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
        label={c.op === 'in' ? 'Values' : 'Value'}
        value={text}
        onChange={(e) => setText2(e.target.value)}
        placeholder={c.op === 'in' ? 'prod, stage' : c.op === 'gte' ? 'a number or a severity' : kind === 'text' ? 'e.g. prod' : ''}
        sx={{ flex: 1 }}
        error={!!valueError}
        helperText={valueError ?? (c.op === 'in' ? 'Comma-separated: any of them matches' : undefined)}
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
          options={FIELDS.map((f) => f.name)}
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
                    {FIELDS.find((f) => f.name === option)?.help}
                  </Typography>
                </Box>
              </li>
            );
          }}
          renderInput={(params) => (
            <TextField {...params} size="small" label="Payload field" placeholder="severity" error={!!fieldError} helperText={fieldError} slotProps={{ htmlInput: { ...params.inputProps, spellCheck: false } }} />
          )}
        />
        <TextField select size="small" label="Operator" value={c.op} onChange={(e) => setOp(e.target.value as ConditionOp)} sx={{ width: 150 }} error={!!opError} helperText={opError}>
          {CONDITION_OPS.filter((op) => op !== 'gte' || kind !== 'boolean').map((op) => (
            <MenuItem key={op} value={op}>
              {OP_LABEL[op]}
            </MenuItem>
          ))}
        </TextField>
        {valueInput}
        <IconButton aria-label={`Remove condition ${n}`} onClick={onRemove} sx={{ mt: 0.25 }}>
          <DeleteOutlineIcon />
        </IconButton>
      </Stack>
    </Paper>
  );
}
