import { zodResolver } from '@hookform/resolvers/zod';
import AddIcon from '@mui/icons-material/Add';
import DeleteOutlineIcon from '@mui/icons-material/DeleteOutline';
import {
  Alert,
  Autocomplete,
  Box,
  Button,
  Chip,
  Dialog,
  DialogActions,
  DialogContent,
  DialogTitle,
  FormControl,
  FormControlLabel,
  FormHelperText,
  FormLabel,
  IconButton,
  ListItemIcon,
  ListSubheader,
  Menu,
  MenuItem,
  Paper,
  Radio,
  RadioGroup,
  Stack,
  Switch,
  TextField,
  Tooltip,
  CircularProgress,
  Typography,
} from '@mui/material';
import ScienceOutlinedIcon from '@mui/icons-material/ScienceOutlined';
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { Trans, useTranslation } from 'react-i18next';
import { Controller, get, set, useFieldArray, useForm, type FieldErrors, type FieldPath, type Resolver } from 'react-hook-form';
import type { z } from 'zod';
import { ACTION_PARAMS_SCHEMAS, AREAS, catalogue, RuleInputSchema, type Integration, type Rule } from '../../../main/contract/index.js';
import { ApiError, call } from '../api.js';
import { i18n } from '../i18n/index.js';
import { translateMessage } from '../i18n/validation.js';
import { useDebounced } from '../useDebounced.js';
import { formatNumber } from '../format.js';
import { mono } from '../theme.js';
import { AREA_LABEL } from './areas.js';
import { ConditionsEditor } from './ConditionsEditor.js';
import { DryRunView } from './DryRunView.js';
import { EmailActionFields, POLICY_TRIGGERS } from './EmailActionFields.js';
import { SmsActionFields } from './SmsFields.js';
import { KindIcon, kindLabel } from './kinds.js';

type FormValues = z.input<typeof RuleInputSchema>;
const ROUTABLE = catalogue.filter((t) => t.name !== 'test').sort((a, b) => AREAS.indexOf(a.area) - AREAS.indexOf(b.area));
/** A trigger's title from the catalogue, in the console's language. */
const titleOf = (name: string) => catalogue.find((t) => t.name === name)?.title[i18n.language === 'ru' ? 'ru' : 'en'] ?? name;

/** Every message under a path (e.g. all recipients' problems), from client or server validation, in the console's language. */
function messagesUnder(errors: FieldErrors<FormValues>, path: string): string[] {
  const node = get(errors, path) as unknown;
  const out: string[] = [];
  const walk = (value: unknown) => {
    if (!value || typeof value !== 'object') return;
    const message = (value as { message?: unknown }).message;
    if (typeof message === 'string') out.push(translateMessage(message));
    for (const [key, child] of Object.entries(value)) if (key !== 'ref' && key !== 'message' && key !== 'type') walk(child);
  };
  walk(node);
  return [...new Set(out)];
}

const ruleResolver = zodResolver(RuleInputSchema);

/**
 * The rule schema, then each action's params against its integration's kind: the same checks the
 * engine runs on save, so "actions.0.params.recipients.1" shows before any round trip.
 */
function resolverFor(integrations: Integration[]): Resolver<FormValues> {
  return async (values, context, options) => {
    const result = await ruleResolver(values, context, options);
    const errors: FieldErrors<FormValues> = { ...result.errors };
    let failed = Object.keys(errors).length > 0;
    (values.actions ?? []).forEach((action, i) => {
      const kind = integrations.find((x) => x.id === action?.integration_id)?.kind;
      if (!kind) return;
      const parsed = ACTION_PARAMS_SCHEMAS[kind].safeParse(action.params ?? {});
      const issues = parsed.success ? [] : parsed.error.issues.map((issue) => ({ path: issue.path, message: issue.message }));
      // The engine refuses a digest with nothing to list; say it before Save does.
      if (kind === 'email' && action.params?.format === 'digest' && !(values.triggers ?? []).some((t) => POLICY_TRIGGERS.includes(t))) {
        issues.push({ path: ['format'], message: i18n.t('rules:form.digestNeedsPolicy') });
      }
      for (const issue of issues) {
        const path = ['actions', i, 'params', ...issue.path].join('.');
        if (!get(errors, path)) set(errors, path, { type: 'params', message: issue.message });
      }
      if (issues.length) failed = true;
      // The fallback: the engine's checks, so its fields say what is wrong before Save.
      const fallback = action.fallback;
      if (!fallback) return;
      const fallbackKind = integrations.find((x) => x.id === fallback.integration_id)?.kind;
      const at = `actions.${i}.fallback`;
      if (fallback.integration_id && fallback.integration_id === action.integration_id) {
        if (!get(errors, `${at}.integration_id`)) set(errors, `${at}.integration_id`, { type: 'fallback', message: "Escalate to another integration than the action's own: choose a different one" });
        failed = true;
      }
      if (!fallbackKind) return;
      const fallbackParsed = ACTION_PARAMS_SCHEMAS[fallbackKind].safeParse(fallback.params ?? {});
      const fallbackIssues = fallbackParsed.success ? [] : fallbackParsed.error.issues.map((issue) => ({ path: issue.path, message: issue.message }));
      if (fallbackKind === 'email' && fallback.params?.format === 'digest') fallbackIssues.push({ path: ['format'], message: 'A fallback sends the one event that was not delivered: choose one email per event' });
      for (const issue of fallbackIssues) {
        const path = [at, 'params', ...issue.path].join('.');
        if (!get(errors, path)) set(errors, path, { type: 'params', message: issue.message });
      }
      if (fallbackIssues.length) failed = true;
    });
    return failed ? { values: {}, errors } : (result as Awaited<ReturnType<Resolver<FormValues>>>);
  };
}

export function RuleForm({ existing, integrations, onClose }: { existing?: Rule | undefined; integrations: Integration[]; onClose: () => void }) {
  const { t } = useTranslation(['rules', 'common']);
  const queryClient = useQueryClient();
  const form = useForm<FormValues>({
    resolver: resolverFor(integrations),
    defaultValues: existing
      ? { name: existing.name, is_active: existing.is_active, triggers: existing.triggers, projects: existing.projects, conditions: existing.conditions, actions: existing.actions }
      : { name: '', is_active: true, triggers: POLICY_TRIGGERS as FormValues['triggers'], projects: [], conditions: [], actions: [] },
  });
  const { control, register, handleSubmit, formState, setError, watch } = form;
  const actions = useFieldArray({ control, name: 'actions' });
  const [addMenu, setAddMenu] = useState<HTMLElement | null>(null);
  const triggers = watch('triggers') ?? [];
  const [dryRunOpen, setDryRunOpen] = useState(false);
  const example = catalogue.find((t) => t.name === triggers[0]);
  const dryRun = useMutation({ mutationFn: () => call('events.dryRun', { trigger: example!.name, payload: structuredClone(example!.example) }) });

  const save = useMutation<Rule, Error, FormValues>({
    mutationFn: (values) => (existing ? call('rules.update', { id: existing.id, input: values }) : call('rules.create', values)),
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: ['rules'] });
      onClose();
    },
    onError: (error) => {
      if (error instanceof ApiError) for (const issue of error.details?.issues ?? []) setError(issue.path as FieldPath<FormValues>, { message: issue.message });
    },
  });
  const nameError = translateMessage(formState.errors.name?.message);
  const exampleTitle = example ? titleOf(example.name) : '';

  return (
    <Dialog open onClose={onClose} maxWidth="md" fullWidth aria-labelledby="rule-form-title">
      <DialogTitle id="rule-form-title">{existing ? t('form.titleEdit', { name: existing.name }) : t('form.titleNew')}</DialogTitle>
      <DialogContent dividers>
        <Box component="form" id="rule-form" data-testid="rule-form" noValidate onSubmit={handleSubmit((v) => save.mutate(v))}>
          <Stack spacing={2.5}>
            <Stack direction="row" spacing={2} alignItems="center">
              <TextField label={t('form.name')} required autoFocus sx={{ flex: 1 }} {...register('name')} error={!!nameError} helperText={nameError ?? t('form.nameHelp')} />
              <Controller
                control={control}
                name="is_active"
                render={({ field }) => <FormControlLabel control={<Switch checked={!!field.value} onChange={(e) => field.onChange(e.target.checked)} />} label={t('form.active')} />}
              />
            </Stack>
            <Controller
              control={control}
              name="triggers"
              render={({ field, fieldState }) => (
                <Autocomplete
                  multiple
                  disableCloseOnSelect
                  options={ROUTABLE.map((t) => t.name)}
                  groupBy={(name) => AREA_LABEL[catalogue.find((t) => t.name === name)?.area ?? 'system']}
                  getOptionLabel={titleOf}
                  value={field.value ?? []}
                  onChange={(_e, value) => field.onChange(value)}
                  limitTags={6}
                  renderValue={(value, getItemProps) => value.map((name, index) => <Chip size="small" label={titleOf(name)} {...getItemProps({ index })} key={name} />)}
                  renderInput={(params) => (
                    <TextField
                      {...params}
                      label={t('form.events')}
                      required
                      error={!!fieldState.error}
                      helperText={translateMessage(fieldState.error?.message) ?? t('form.eventsHelp', { selected: formatNumber(field.value?.length ?? 0), total: formatNumber(ROUTABLE.length) })}
                    />
                  )}
                />
              )}
            />
            <Stack direction="row" spacing={1} sx={{ mt: '4px !important' }}>
              <Button size="small" onClick={() => form.setValue('triggers', POLICY_TRIGGERS as FormValues['triggers'], { shouldValidate: formState.isSubmitted })}>
                {t('form.policyAlertsOnly')}
              </Button>
              <Button size="small" onClick={() => form.setValue('triggers', ROUTABLE.map((t) => t.name) as FormValues['triggers'], { shouldValidate: formState.isSubmitted })}>
                {t('form.selectAll')}
              </Button>
              <Button size="small" onClick={() => form.setValue('triggers', [], { shouldValidate: formState.isSubmitted })} disabled={!triggers.length}>
                {t('form.clear')}
              </Button>
            </Stack>
            <Controller
              control={control}
              name="projects"
              render={({ field }) => (
                <Autocomplete
                  multiple
                  freeSolo
                  autoSelect
                  options={[] as string[]}
                  value={field.value ?? []}
                  onChange={(_e, value) => field.onChange([...new Set(value.map((v) => v.trim()).filter(Boolean))])}
                  renderValue={(value, getItemProps) => value.map((p, index) => <Chip size="small" label={p} {...getItemProps({ index })} key={p} />)}
                  renderInput={(params) => (
                    <TextField
                      {...params}
                      label={t('form.projects')}
                      placeholder={field.value?.length ? '' : t('form.allProjects')}
                      slotProps={{ inputLabel: { ...params.InputLabelProps, shrink: true } }}
                      helperText={t('form.projectsHelp')}
                    />
                  )}
                />
              )}
            />
            <ConditionsEditor control={control} errors={formState.errors} />
            <Box>
              <Typography variant="h3" component="h2" sx={{ mb: 1 }}>
                {t('form.actions')}
              </Typography>
              {formState.errors.actions?.message && <FormHelperText error>{translateMessage(formState.errors.actions.message)}</FormHelperText>}
              {formState.errors.actions?.root?.message && <FormHelperText error>{translateMessage(formState.errors.actions.root.message)}</FormHelperText>}
              <Stack spacing={1.5}>
                {actions.fields.map((item, index) => (
                  <Controller
                    key={item.id}
                    control={control}
                    name={`actions.${index}`}
                    render={({ field }) => {
                      const target = integrations.find((i) => i.id === field.value.integration_id);
                      const params = field.value.params ?? {};
                      const setParams = (next: Record<string, unknown>) => field.onChange({ ...field.value, params: { ...params, ...next } });
                      const integrationErrors = messagesUnder(formState.errors, `actions.${index}.integration_id`);
                      return (
                        <Paper variant="outlined" sx={{ p: 2 }} data-testid="rule-action">
                          <Stack spacing={2}>
                            <Stack direction="row" spacing={1} alignItems="flex-start">
                              <TextField
                                select
                                label={t('form.sendTo')}
                                value={field.value.integration_id}
                                sx={{ flex: 1 }}
                                error={integrationErrors.length > 0}
                                helperText={
                                  integrationErrors[0] ??
                                  (!target ? (
                                    t('form.targetDeleted')
                                  ) : !target.is_active ? (
                                    <Box component="span" sx={{ color: 'warning.main' }} data-testid="inactive-warning">
                                      {t('form.targetInactive', { name: target.name })}
                                    </Box>
                                  ) : (
                                    t(`form.kindHelp.${target.kind}`)
                                  ))
                                }
                                onChange={(e) => {
                                  const next = integrations.find((i) => i.id === e.target.value);
                                  // The fallback stays, unless it now names the action's own integration.
                                  const fallback = field.value.fallback?.integration_id === e.target.value ? undefined : field.value.fallback;
                                  field.onChange({ integration_id: e.target.value, params: paramsFor(next), ...(fallback ? { fallback } : {}) });
                                }}
                              >
                                {integrations.map((i) => (
                                  <MenuItem key={i.id} value={i.id}>
                                    <IntegrationOption integration={i} />
                                  </MenuItem>
                                ))}
                              </TextField>
                              <IconButton aria-label={t('form.removeAction', { n: String(index + 1) })} onClick={() => actions.remove(index)} sx={{ mt: 1 }}>
                                <DeleteOutlineIcon />
                              </IconButton>
                            </Stack>
                            <ActionParamsFields path={`actions.${index}`} id={String(index)} target={target} params={params} setParams={setParams} errors={formState.errors} triggers={triggers} />
                            {target && (
                              <FallbackFields
                                index={index}
                                action={field.value}
                                primary={target}
                                integrations={integrations}
                                errors={formState.errors}
                                triggers={triggers}
                                onChange={(fallback) => {
                                  const { fallback: _old, ...rest } = field.value;
                                  field.onChange(fallback ? { ...rest, fallback } : rest);
                                }}
                              />
                            )}
                          </Stack>
                        </Paper>
                      );
                    }}
                  />
                ))}
                {integrations.length === 0 && <Alert severity="info">{t('form.noIntegrations')}</Alert>}
                <Box>
                  <Button startIcon={<AddIcon />} disabled={integrations.length === 0} onClick={(e) => setAddMenu(e.currentTarget)} aria-haspopup="menu">
                    {t('form.addAction')}
                  </Button>
                  <Menu anchorEl={addMenu} open={!!addMenu} onClose={() => setAddMenu(null)}>
                    <ListSubheader sx={{ lineHeight: '32px' }}>{t('form.addActionMenu')}</ListSubheader>
                    {integrations.map((i) => (
                      <MenuItem
                        key={i.id}
                        onClick={() => {
                          setAddMenu(null);
                          actions.append({ integration_id: i.id, params: paramsFor(i) });
                        }}
                      >
                        <IntegrationOption integration={i} />
                      </MenuItem>
                    ))}
                  </Menu>
                </Box>
              </Stack>
            </Box>
            {save.error && !(save.error instanceof ApiError && save.error.details?.issues?.length) && <Alert severity="error">{translateMessage(save.error.message) || t('common:errors.generic')}</Alert>}
          </Stack>
        </Box>
      </DialogContent>
      <DialogActions sx={{ px: 3, py: 1.5 }}>
        <Tooltip disableInteractive placement="top-start" title={example ? t('form.dryRun.tooltip', { title: exampleTitle }) : t('form.dryRun.chooseEventFirst')}>
          <span style={{ marginRight: 'auto' }}>
            <Button startIcon={<ScienceOutlinedIcon />} disabled={!example} onClick={() => (setDryRunOpen(true), dryRun.mutate())}>
              {t('form.dryRun.button')}
            </Button>
          </span>
        </Tooltip>
        <Button onClick={onClose}>{t('common:actions.cancel')}</Button>
        <Button type="submit" form="rule-form" variant="contained" disabled={save.isPending}>
          {t('common:actions.save')}
        </Button>
      </DialogActions>
      <Dialog open={dryRunOpen} onClose={() => setDryRunOpen(false)} maxWidth="md" fullWidth aria-labelledby="rule-dry-run-title">
        <DialogTitle id="rule-dry-run-title">{t('form.dryRun.title', { title: exampleTitle })}</DialogTitle>
        <DialogContent dividers>
          <Alert severity="info" sx={{ mb: 2 }}>
            <Trans t={t} i18nKey={existing ? 'form.dryRun.infoExisting' : 'form.dryRun.infoNew'} values={{ trigger: example?.name ?? '' }} components={{ strong: <strong /> }} />
          </Alert>
          {dryRun.isPending && <CircularProgress size={24} aria-label={t('form.dryRun.running')} />}
          {dryRun.error && <Alert severity="error">{t('form.dryRun.failed', { message: translateMessage(dryRun.error.message) })}</Alert>}
          {dryRun.data && <DryRunView result={dryRun.data} focusRuleId={existing?.id} />}
        </DialogContent>
        <DialogActions>
          <Button onClick={() => setDryRunOpen(false)}>{t('common:actions.close')}</Button>
        </DialogActions>
      </Dialog>
    </Dialog>
  );
}



/** An integration as a choice: kind icon, name, and a warning when it would send nothing. */
function IntegrationOption({ integration: i }: { integration: Integration }) {
  const { t } = useTranslation('rules');
  return (
    <>
      <ListItemIcon sx={{ minWidth: 32 }}>
        <KindIcon kind={i.kind} fontSize="small" />
      </ListItemIcon>
      <Box component="span" sx={{ flex: 1 }}>
        {i.name}
        <Typography component="span" variant="caption" color="text.secondary" sx={{ ml: 1 }}>
          {kindLabel(i.kind)}
        </Typography>
      </Box>
      {!i.is_active && (
        <Typography component="span" variant="caption" color="warning.main" sx={{ ml: 2 }}>
          {t('form.optionInactive')}
        </Typography>
      )}
    </>
  );
}

type ActionValue = NonNullable<FormValues['actions']>[number];
type FallbackValue = NonNullable<ActionValue['fallback']>;

/** What an action (or its fallback) carries for its integration's kind: the same editor for both. */
function ActionParamsFields({
  path,
  id,
  target,
  params,
  setParams,
  errors,
  triggers,
}: {
  /** Where its errors live: `actions.0` or `actions.0.fallback`. */
  path: string;
  id: string;
  target: Integration | undefined;
  params: Record<string, unknown>;
  setParams: (next: Record<string, unknown>) => void;
  errors: FieldErrors<FormValues>;
  triggers: string[];
}) {
  const { t } = useTranslation('rules');
  if (target?.kind === 'email') {
    return (
      <EmailActionFields
        index={id}
        params={params}
        setParams={setParams}
        recipientErrors={messagesUnder(errors, `${path}.params.recipients`)}
        formatErrors={messagesUnder(errors, `${path}.params.format`)}
        triggers={triggers}
        showFormat={!path.endsWith('.fallback')}
      />
    );
  }
  if (target?.kind === 'jira') return <JiraActionFields path={path} id={id} params={params} setParams={setParams} errors={errors} integration={target} />;
  if (target?.kind === 'sms') return <SmsActionFields params={params} setParams={setParams} errors={messagesUnder(errors, `${path}.params.recipients`)} integration={target} />;
  if (target?.kind === 'webhook') return <Typography variant="body2" color="text.secondary">{t('form.webhookAction')}</Typography>;
  return null;
}

/** An action's "Escalate if not delivered": another integration, its params, and the time limit. */
function FallbackFields({
  index,
  action,
  primary,
  integrations,
  errors,
  triggers,
  onChange,
}: {
  index: number;
  action: ActionValue;
  primary: Integration;
  integrations: Integration[];
  errors: FieldErrors<FormValues>;
  triggers: string[];
  onChange: (fallback: FallbackValue | undefined) => void;
}) {
  const { t } = useTranslation('rules');
  const fallback = action.fallback;
  const at = `actions.${index}.fallback`;
  const others = integrations.filter((i) => i.id !== primary.id);
  const digest = primary.kind === 'email' && action.params?.format === 'digest';
  const target = integrations.find((i) => i.id === fallback?.integration_id);
  const switchId = `fallback-switch-${index}`;
  const ownErrors = messagesUnder(errors, at).filter((m) => !messagesUnder(errors, `${at}.params`).includes(m) && !messagesUnder(errors, `${at}.integration_id`).includes(m) && !messagesUnder(errors, `${at}.after_minutes`).includes(m));
  const toError = messagesUnder(errors, `${at}.integration_id`)[0];
  const afterError = messagesUnder(errors, `${at}.after_minutes`)[0];
  const params = (fallback?.params ?? {}) as Record<string, unknown>;
  return (
    <Box component="section" aria-labelledby={`${switchId}-label`} data-testid="rule-fallback" sx={{ borderTop: 1, borderColor: 'divider', pt: 1.5 }}>
      <FormControlLabel
        id={`${switchId}-label`}
        control={
          <Switch
            checked={!!fallback}
            disabled={(!fallback && (others.length === 0 || digest))}
            onChange={(e) => {
              if (!e.target.checked) return onChange(undefined);
              const first = others.find((i) => i.is_active) ?? others[0];
              onChange({ integration_id: first?.id ?? '', params: paramsFor(first), after_minutes: 15 });
            }}
          />
        }
        label={t('form.fallback.switch')}
      />
      {!fallback && (others.length === 0 || digest) && <FormHelperText>{digest ? t('form.fallback.digest') : t('form.fallback.noOther')}</FormHelperText>}
      {ownErrors.map((m) => (
        <FormHelperText key={m} error>
          {m}
        </FormHelperText>
      ))}
      {fallback && (
        <Stack spacing={2} sx={{ mt: 1, pl: 2, borderLeft: 3, borderColor: 'warning.main' }}>
          <Typography variant="body2" color="text.secondary">
            {t('form.fallback.intro', { primary: primary.name })}
          </Typography>
          <Stack direction="row" spacing={2} alignItems="flex-start">
            <TextField
              select
              label={t('form.fallback.to')}
              value={fallback.integration_id}
              sx={{ flex: 1 }}
              error={!!toError}
              helperText={
                toError ??
                (target && !target.is_active ? (
                  <Box component="span" sx={{ color: 'warning.main' }}>
                    {t('form.targetInactive', { name: target.name })}
                  </Box>
                ) : (
                  t('form.fallback.toHelp')
                ))
              }
              onChange={(e) => {
                const next = integrations.find((i) => i.id === e.target.value);
                onChange({ ...fallback, integration_id: e.target.value, params: paramsFor(next) });
              }}
              slotProps={{ htmlInput: { 'data-testid': 'fallback-integration' } }}
            >
              {others.map((i) => (
                <MenuItem key={i.id} value={i.id}>
                  <IntegrationOption integration={i} />
                </MenuItem>
              ))}
            </TextField>
            <TextField
              label={t('form.fallback.after')}
              type="number"
              value={Number.isFinite(fallback.after_minutes) ? fallback.after_minutes : ''}
              onChange={(e) => onChange({ ...fallback, after_minutes: e.target.value === '' ? (undefined as unknown as number) : Number(e.target.value) })}
              error={!!afterError}
              helperText={afterError ?? t('form.fallback.afterHelp')}
              sx={{ width: 220 }}
              slotProps={{ htmlInput: { min: 1, max: 10080, step: 1 } }}
            />
          </Stack>
          <ActionParamsFields
            path={at}
            id={`${index}-fallback`}
            target={target}
            params={params}
            setParams={(next) => onChange({ ...fallback, params: { ...params, ...next } })}
            errors={errors}
            triggers={triggers}
          />
        </Stack>
      )}
    </Box>
  );
}

function paramsFor(integration: Integration | undefined): Record<string, unknown> {
  if (integration?.kind === 'email') return { recipients: [], format: 'per_event' };
  if (integration?.kind === 'jira') return { project_key: '', issue_type: 'Bug', labels: ['herald'], on_repeat: 'comment' };
  if (integration?.kind === 'sms') return { recipients: [] };
  return {};
}

/** Seed 000: "add a Jira server on the policy's Actions": where issues go and what they carry. */
function JiraActionFields({
  path,
  id,
  params,
  setParams,
  errors,
  integration,
}: {
  /** `actions.0` or `actions.0.fallback`. */
  path: string;
  id: string;
  params: Record<string, unknown>;
  setParams: (next: Record<string, unknown>) => void;
  errors: FieldErrors<FormValues>;
  integration: Extract<Integration, { kind: 'jira' }>;
}) {
  const { t } = useTranslation('rules');
  const [trigger, setTrigger] = useState('sca_policy_has_been_triggered');
  const debounced = useDebounced(params, 400);
  const preview = useQuery({
    queryKey: ['jira.preview', integration.settings.deployment, trigger, debounced],
    queryFn: () => call('jira.preview', { params: debounced, trigger: trigger as never, deployment: integration.settings.deployment, integration_name: integration.name }),
    enabled: typeof debounced.project_key === 'string' && /^[A-Z][A-Z0-9_]*$/.test(debounced.project_key),
    placeholderData: keepPreviousData,
    retry: false,
  });
  const previewIssues = preview.error instanceof ApiError ? (preview.error.details?.issues ?? []) : [];
  const error = (field: string) => messagesUnder(errors, `${path}.params.${field}`)[0] ?? translateMessage(previewIssues.find((i) => i.path === `params.${field}`)?.message);
  const priorities = { blocker: 'Highest', critical: 'Highest', high: 'High', medium: 'Medium', low: 'Low', info: 'Lowest', ...((params.priorities as Record<string, string> | undefined) ?? {}) };
  const str = (field: string) => (params[field] as string | undefined) ?? '';
  return (
    <Stack spacing={2}>
      <Stack direction="row" spacing={2}>
        <TextField label={t('jira.projectKey')} required value={str('project_key')} onChange={(e) => setParams({ project_key: e.target.value.toUpperCase() })} error={!!error('project_key')} helperText={error('project_key') ?? t('jira.projectKeyHelp')} sx={{ flex: 1 }} />
        <TextField label={t('jira.issueType')} value={str('issue_type')} onChange={(e) => setParams({ issue_type: e.target.value })} error={!!error('issue_type')} helperText={error('issue_type') ?? t('jira.issueTypeHelp')} sx={{ flex: 1 }} />
      </Stack>
      <Autocomplete
        multiple
        freeSolo
        autoSelect
        options={[] as string[]}
        value={(params.labels as string[] | undefined) ?? []}
        onChange={(_e, value) => setParams({ labels: [...new Set(value.map((v) => v.trim()).filter(Boolean))] })}
        renderValue={(value, getItemProps) => value.map((label, i) => <Chip size="small" label={label} {...getItemProps({ index: i })} key={label} />)}
        renderInput={(p) => <TextField {...p} label={t('jira.labels')} error={!!error('labels')} helperText={error('labels') ?? t('jira.labelsHelp')} />}
      />
      <Stack direction="row" spacing={2}>
        <TextField label={t('jira.component')} value={str('component')} onChange={(e) => setParams({ component: e.target.value })} helperText={t('jira.optional')} sx={{ flex: 1 }} />
        <TextField label={t('jira.assignee')} value={str('assignee')} onChange={(e) => setParams({ assignee: e.target.value })} helperText={t('jira.assigneeHelp')} sx={{ flex: 1 }} />
      </Stack>
      <TextField
        label={t('jira.summaryTemplate')}
        value={str('summary_template')}
        onChange={(e) => setParams({ summary_template: e.target.value })}
        error={!!error('summary_template')}
        helperText={error('summary_template') ?? t('jira.summaryTemplateHelp')}
        slotProps={{ htmlInput: { spellCheck: false } }}
      />
      <TextField
        label={t('jira.descriptionTemplate')}
        multiline
        minRows={3}
        value={str('description_template')}
        onChange={(e) => setParams({ description_template: e.target.value })}
        error={!!error('description_template')}
        helperText={error('description_template') ?? (integration.settings.deployment === 'cloud' ? t('jira.descriptionTemplateHelpCloud') : t('jira.descriptionTemplateHelpServer'))}
        slotProps={{ htmlInput: { spellCheck: false, style: { ...mono, fontSize: 13 } } }}
      />
      <Box>
        <FormLabel>{t('jira.priorities')}</FormLabel>
        <Stack direction="row" spacing={1} sx={{ mt: 1 }} useFlexGap flexWrap="wrap">
          {(['blocker', 'critical', 'high', 'medium', 'low', 'info'] as const).map((level) => (
            <TextField key={level} size="small" label={level} value={priorities[level]} onChange={(e) => setParams({ priorities: { ...priorities, [level]: e.target.value } })} sx={{ width: 120 }} />
          ))}
        </Stack>
        <FormHelperText>{t('jira.prioritiesHelp')}</FormHelperText>
      </Box>
      <Paper variant="outlined" sx={{ p: 1.5, bgcolor: 'action.hover' }} data-testid="jira-preview">
        <Stack direction="row" spacing={1} alignItems="center" sx={{ mb: 1 }}>
          <Typography variant="subtitle2" sx={{ flex: 1 }}>
            {t('jira.preview')}
          </Typography>
          <TextField select size="small" label={t('jira.exampleEvent')} value={trigger} onChange={(e) => setTrigger(e.target.value)} sx={{ width: 300 }}>
            {ROUTABLE.map((def) => (
              <MenuItem key={def.name} value={def.name}>
                {titleOf(def.name)}
              </MenuItem>
            ))}
          </TextField>
        </Stack>
        {!preview.data && !preview.error && <Typography variant="body2" color="text.secondary">{t('jira.enterProjectKey')}</Typography>}
        {preview.data && (
          <>
            <Typography variant="body2">
              <strong>{str('project_key')}</strong> · {str('issue_type') || 'Bug'} · <strong>{preview.data.summary}</strong>
            </Typography>
            {typeof preview.data.description === 'string' && (
              <Box component="pre" data-testid="jira-preview-description" sx={{ ...mono, fontSize: 12, whiteSpace: 'pre-wrap', m: 0, mt: 1, p: 1, bgcolor: 'background.paper', borderRadius: 1, maxHeight: 180, overflow: 'auto' }}>
                {preview.data.description}
              </Box>
            )}
            <Typography variant="caption" color="text.secondary" component="div" sx={{ mt: 1 }}>
              {typeof preview.data.description === 'string' ? t('jira.fieldsSentText') : t('jira.fieldsSentAdf')}
            </Typography>
            <Box component="pre" sx={{ ...mono, fontSize: 12, whiteSpace: 'pre-wrap', m: 0, maxHeight: 200, overflow: 'auto' }}>
              {JSON.stringify(typeof preview.data.description === 'string' ? { ...preview.data.fields, description: undefined } : preview.data.fields, null, 2)}
            </Box>
          </>
        )}
      </Paper>
      <FormControl>
        <FormLabel id={`repeat-${id}`}>{t('jira.repeat')}</FormLabel>
        <RadioGroup row aria-labelledby={`repeat-${id}`} value={str('on_repeat') || 'comment'} onChange={(e) => setParams({ on_repeat: e.target.value })}>
          <FormControlLabel value="comment" control={<Radio />} label={t('jira.repeatComment')} />
          <FormControlLabel value="nothing" control={<Radio />} label={t('jira.repeatNothing')} />
        </RadioGroup>
        <FormHelperText>{t('jira.repeatHelp')}</FormHelperText>
      </FormControl>
    </Stack>
  );
}

