import { zodResolver } from '@hookform/resolvers/zod';
import AddIcon from '@mui/icons-material/Add';
import DeleteOutlineIcon from '@mui/icons-material/DeleteOutline';
import EmailOutlinedIcon from '@mui/icons-material/EmailOutlined';
import WebhookIcon from '@mui/icons-material/Webhook';
import AssignmentOutlinedIcon from '@mui/icons-material/AssignmentOutlined';
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
import { Controller, get, set, useFieldArray, useForm, type FieldErrors, type FieldPath, type Resolver } from 'react-hook-form';
import type { z } from 'zod';
import { ACTION_PARAMS_SCHEMAS, AREAS, catalogue, RuleInputSchema, type Integration, type Rule } from '../../../main/contract/index.js';
import { ApiError, call } from '../api.js';
import { useDebounced } from '../useDebounced.js';
import { mono } from '../theme.js';
import { AREA_LABEL } from './areas.js';
import { ConditionsEditor } from './ConditionsEditor.js';
import { DryRunView } from './DryRunView.js';
import { EmailActionFields, POLICY_TRIGGERS } from './EmailActionFields.js';

type FormValues = z.input<typeof RuleInputSchema>;
const ROUTABLE = catalogue.filter((t) => t.name !== 'test').sort((a, b) => AREAS.indexOf(a.area) - AREAS.indexOf(b.area));
const titleOf = (name: string) => catalogue.find((t) => t.name === name)?.title.en ?? name;

/** Every message under a path (e.g. all recipients' problems), from client or server validation. */
function messagesUnder(errors: FieldErrors<FormValues>, path: string): string[] {
  const node = get(errors, path) as unknown;
  const out: string[] = [];
  const walk = (value: unknown) => {
    if (!value || typeof value !== 'object') return;
    const message = (value as { message?: unknown }).message;
    if (typeof message === 'string') out.push(message);
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
        issues.push({ path: ['format'], message: 'A scan digest lists triggered policies: add "SCA Policy has been triggered" or "OSA Policy has been triggered" to the events, or send one email per event.' });
      }
      for (const issue of issues) {
        const path = ['actions', i, 'params', ...issue.path].join('.');
        if (!get(errors, path)) set(errors, path, { type: 'params', message: issue.message });
      }
      if (issues.length) failed = true;
    });
    return failed ? { values: {}, errors } : (result as Awaited<ReturnType<Resolver<FormValues>>>);
  };
}

export function RuleForm({ existing, integrations, onClose }: { existing?: Rule | undefined; integrations: Integration[]; onClose: () => void }) {
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
  const nameError = formState.errors.name?.message;

  return (
    <Dialog open onClose={onClose} maxWidth="md" fullWidth aria-labelledby="rule-form-title">
      <DialogTitle id="rule-form-title">{existing ? `Edit ${existing.name}` : 'Create rule'}</DialogTitle>
      <DialogContent dividers>
        <Box component="form" id="rule-form" data-testid="rule-form" noValidate onSubmit={handleSubmit((v) => save.mutate(v))}>
          <Stack spacing={2.5}>
            <Stack direction="row" spacing={2} alignItems="center">
              <TextField label="Name" required autoFocus sx={{ flex: 1 }} {...register('name')} error={!!nameError} helperText={nameError ?? 'e.g. "SCA policies to AppSec"'} />
              <Controller
                control={control}
                name="is_active"
                render={({ field }) => <FormControlLabel control={<Switch checked={!!field.value} onChange={(e) => field.onChange(e.target.checked)} />} label="Active" />}
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
                      label="Events"
                      required
                      error={!!fieldState.error}
                      helperText={fieldState.error?.message ?? `The triggers this rule routes · ${field.value?.length ?? 0} of ${ROUTABLE.length} selected`}
                    />
                  )}
                />
              )}
            />
            <Stack direction="row" spacing={1} sx={{ mt: '4px !important' }}>
              <Button size="small" onClick={() => form.setValue('triggers', POLICY_TRIGGERS as FormValues['triggers'], { shouldValidate: formState.isSubmitted })}>
                Policy alerts only
              </Button>
              <Button size="small" onClick={() => form.setValue('triggers', ROUTABLE.map((t) => t.name) as FormValues['triggers'], { shouldValidate: formState.isSubmitted })}>
                Select all
              </Button>
              <Button size="small" onClick={() => form.setValue('triggers', [], { shouldValidate: formState.isSubmitted })} disabled={!triggers.length}>
                Clear
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
                      label="Projects"
                      placeholder={field.value?.length ? '' : 'All projects'}
                      slotProps={{ inputLabel: { ...params.InputLabelProps, shrink: true } }}
                      helperText="Project or container image names (or ids). Empty matches all. Press Enter to add one."
                    />
                  )}
                />
              )}
            />
            <ConditionsEditor control={control} errors={formState.errors} />
            <Box>
              <Typography variant="h3" component="h2" sx={{ mb: 1 }}>
                Actions
              </Typography>
              {formState.errors.actions?.message && <FormHelperText error>{formState.errors.actions.message}</FormHelperText>}
              {formState.errors.actions?.root?.message && <FormHelperText error>{formState.errors.actions.root.message}</FormHelperText>}
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
                      const recipientErrors = messagesUnder(formState.errors, `actions.${index}.params.recipients`);
                      const formatErrors = messagesUnder(formState.errors, `actions.${index}.params.format`);
                      const integrationErrors = messagesUnder(formState.errors, `actions.${index}.integration_id`);
                      return (
                        <Paper variant="outlined" sx={{ p: 2 }} data-testid="rule-action">
                          <Stack spacing={2}>
                            <Stack direction="row" spacing={1} alignItems="flex-start">
                              <TextField
                                select
                                label="Send to"
                                value={field.value.integration_id}
                                sx={{ flex: 1 }}
                                error={integrationErrors.length > 0}
                                helperText={
                                  integrationErrors[0] ??
                                  (!target ? (
                                    'This integration was deleted: choose another or remove the action'
                                  ) : !target.is_active ? (
                                    <Box component="span" sx={{ color: 'warning.main' }} data-testid="inactive-warning">
                                      {target.name} is inactive: it sends nothing until it is switched on under Integrations.
                                    </Box>
                                  ) : (
                                    KIND_HELP[target.kind]
                                  ))
                                }
                                onChange={(e) => {
                                  const next = integrations.find((i) => i.id === e.target.value);
                                  field.onChange({ integration_id: e.target.value, params: paramsFor(next) });
                                }}
                              >
                                {integrations.map((i) => (
                                  <MenuItem key={i.id} value={i.id}>
                                    <IntegrationOption integration={i} />
                                  </MenuItem>
                                ))}
                              </TextField>
                              <IconButton aria-label={`Remove action ${index + 1}`} onClick={() => actions.remove(index)} sx={{ mt: 1 }}>
                                <DeleteOutlineIcon />
                              </IconButton>
                            </Stack>
                            {target?.kind === 'email' && (
                              <EmailActionFields index={index} params={params} setParams={setParams} recipientErrors={recipientErrors} formatErrors={formatErrors} triggers={triggers} />
                            )}
                            {target?.kind === 'jira' && <JiraActionFields index={index} params={params} setParams={setParams} errors={formState.errors} integration={target} />}
                            {target?.kind === 'webhook' && <Typography variant="body2" color="text.secondary">Sends the events to the webhook's URL, batched like its own events.</Typography>}
                          </Stack>
                        </Paper>
                      );
                    }}
                  />
                ))}
                {integrations.length === 0 && <Alert severity="info">Add an integration first (Integrations → Add): an email server or a webhook.</Alert>}
                <Box>
                  <Button startIcon={<AddIcon />} disabled={integrations.length === 0} onClick={(e) => setAddMenu(e.currentTarget)} aria-haspopup="menu">
                    Add action
                  </Button>
                  <Menu anchorEl={addMenu} open={!!addMenu} onClose={() => setAddMenu(null)}>
                    <ListSubheader sx={{ lineHeight: '32px' }}>Send matching events to</ListSubheader>
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
            {save.error && !(save.error instanceof ApiError && save.error.details?.issues?.length) && <Alert severity="error">{save.error.message}</Alert>}
          </Stack>
        </Box>
      </DialogContent>
      <DialogActions sx={{ px: 3, py: 1.5 }}>
        <Tooltip disableInteractive placement="top-start" title={example ? `Which saved rules and webhooks would take the catalogue example of “${example.title.en}”, and what they would send. Save first to include your changes.` : 'Choose an event first'}>
          <span style={{ marginRight: 'auto' }}>
            <Button startIcon={<ScienceOutlinedIcon />} disabled={!example} onClick={() => (setDryRunOpen(true), dryRun.mutate())}>
              Dry run with this event
            </Button>
          </span>
        </Tooltip>
        <Button onClick={onClose}>Cancel</Button>
        <Button type="submit" form="rule-form" variant="contained" disabled={save.isPending}>
          Save
        </Button>
      </DialogActions>
      <Dialog open={dryRunOpen} onClose={() => setDryRunOpen(false)} maxWidth="md" fullWidth aria-labelledby="rule-dry-run-title">
        <DialogTitle id="rule-dry-run-title">Dry run: {example?.title.en}</DialogTitle>
        <DialogContent dividers>
          <Alert severity="info" sx={{ mb: 2 }}>
            The catalogue example of {example?.name} against the <strong>saved</strong> rules{existing ? '' : ' (this new rule is not saved yet, so it is not among them)'}. Changes you have not saved are not
            included. For another payload use Dry run on the Events screen.
          </Alert>
          {dryRun.isPending && <CircularProgress size={24} aria-label="Running the dry run" />}
          {dryRun.error && <Alert severity="error">Could not run the dry run: {dryRun.error.message}</Alert>}
          {dryRun.data && <DryRunView result={dryRun.data} focusRuleId={existing?.id} />}
        </DialogContent>
        <DialogActions>
          <Button onClick={() => setDryRunOpen(false)}>Close</Button>
        </DialogActions>
      </Dialog>
    </Dialog>
  );
}

const KIND_LABEL: Record<Integration['kind'], string> = { email: 'Email (SMTP)', webhook: 'Webhook', jira: 'Jira' };
const KIND_HELP: Record<Integration['kind'], string> = {
  email: 'Email: the recipients and format below',
  webhook: 'Webhook: events go to its URL in its batches',
  jira: 'Jira: one issue per alert, never a duplicate',
};

function KindIcon({ kind }: { kind: Integration['kind'] }) {
  if (kind === 'email') return <EmailOutlinedIcon fontSize="small" />;
  if (kind === 'jira') return <AssignmentOutlinedIcon fontSize="small" />;
  return <WebhookIcon fontSize="small" />;
}

/** An integration as a choice: kind icon, name, and a warning when it would send nothing. */
function IntegrationOption({ integration: i }: { integration: Integration }) {
  return (
    <>
      <ListItemIcon sx={{ minWidth: 32 }} title={KIND_LABEL[i.kind]}>
        <KindIcon kind={i.kind} />
      </ListItemIcon>
      <Box component="span" sx={{ flex: 1 }}>
        {i.name}
        <Typography component="span" variant="caption" color="text.secondary" sx={{ ml: 1 }}>
          {KIND_LABEL[i.kind]}
        </Typography>
      </Box>
      {!i.is_active && (
        <Typography component="span" variant="caption" color="warning.main" sx={{ ml: 2 }}>
          inactive: sends nothing
        </Typography>
      )}
    </>
  );
}

function paramsFor(integration: Integration | undefined): Record<string, unknown> {
  if (integration?.kind === 'email') return { recipients: [], format: 'per_event' };
  if (integration?.kind === 'jira') return { project_key: '', issue_type: 'Bug', labels: ['herald'], on_repeat: 'comment' };
  return {};
}

/** Seed 000: "add a Jira server on the policy's Actions": where issues go and what they carry. */
function JiraActionFields({
  index,
  params,
  setParams,
  errors,
  integration,
}: {
  index: number;
  params: Record<string, unknown>;
  setParams: (next: Record<string, unknown>) => void;
  errors: FieldErrors<FormValues>;
  integration: Extract<Integration, { kind: 'jira' }>;
}) {
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
  const error = (field: string) => messagesUnder(errors, `actions.${index}.params.${field}`)[0] ?? previewIssues.find((i) => i.path === `params.${field}`)?.message;
  const priorities = { blocker: 'Highest', critical: 'Highest', high: 'High', medium: 'Medium', low: 'Low', info: 'Lowest', ...((params.priorities as Record<string, string> | undefined) ?? {}) };
  const str = (field: string) => (params[field] as string | undefined) ?? '';
  return (
    <Stack spacing={2}>
      <Stack direction="row" spacing={2}>
        <TextField label="Project key" required value={str('project_key')} onChange={(e) => setParams({ project_key: e.target.value.toUpperCase() })} error={!!error('project_key')} helperText={error('project_key') ?? 'e.g. SEC'} sx={{ flex: 1 }} />
        <TextField label="Issue type" value={str('issue_type')} onChange={(e) => setParams({ issue_type: e.target.value })} error={!!error('issue_type')} helperText={error('issue_type') ?? 'e.g. Bug or Task'} sx={{ flex: 1 }} />
      </Stack>
      <Autocomplete
        multiple
        freeSolo
        autoSelect
        options={[] as string[]}
        value={(params.labels as string[] | undefined) ?? []}
        onChange={(_e, value) => setParams({ labels: [...new Set(value.map((v) => v.trim()).filter(Boolean))] })}
        renderValue={(value, getItemProps) => value.map((label, i) => <Chip size="small" label={label} {...getItemProps({ index: i })} key={label} />)}
        renderInput={(p) => <TextField {...p} label="Labels" error={!!error('labels')} helperText={error('labels') ?? 'No spaces. Herald also adds herald-<fingerprint> to find the issue again.'} />}
      />
      <Stack direction="row" spacing={2}>
        <TextField label="Component" value={str('component')} onChange={(e) => setParams({ component: e.target.value })} helperText="Optional" sx={{ flex: 1 }} />
        <TextField label="Assignee" value={str('assignee')} onChange={(e) => setParams({ assignee: e.target.value })} helperText="Optional: user name (Server) or account id (Cloud)" sx={{ flex: 1 }} />
      </Stack>
      <TextField
        label="Summary template"
        value={str('summary_template')}
        onChange={(e) => setParams({ summary_template: e.target.value })}
        error={!!error('summary_template')}
        helperText={error('summary_template') ?? 'Liquid; empty = "<policy>: <vulnerability> in <project>"'}
        slotProps={{ htmlInput: { spellCheck: false } }}
      />
      <TextField
        label="Description template"
        multiline
        minRows={3}
        value={str('description_template')}
        onChange={(e) => setParams({ description_template: e.target.value })}
        error={!!error('description_template')}
        helperText={error('description_template') ?? `Liquid; empty = the trigger, every payload field and the event id. Sent as ${integration.settings.deployment === 'cloud' ? 'ADF (Cloud)' : 'wiki text (Server/DC)'}.`}
        slotProps={{ htmlInput: { spellCheck: false, style: { ...mono, fontSize: 13 } } }}
      />
      <Box>
        <FormLabel>Priority by alert level</FormLabel>
        <Stack direction="row" spacing={1} sx={{ mt: 1 }} useFlexGap flexWrap="wrap">
          {(['blocker', 'critical', 'high', 'medium', 'low', 'info'] as const).map((level) => (
            <TextField key={level} size="small" label={level} value={priorities[level]} onChange={(e) => setParams({ priorities: { ...priorities, [level]: e.target.value } })} sx={{ width: 120 }} />
          ))}
        </Stack>
        <FormHelperText>Jira priority names; a blocker policy uses "blocker", other alerts their severity. Empty leaves the priority unset.</FormHelperText>
      </Box>
      <Paper variant="outlined" sx={{ p: 1.5, bgcolor: 'action.hover' }} data-testid="jira-preview">
        <Stack direction="row" spacing={1} alignItems="center" sx={{ mb: 1 }}>
          <Typography variant="subtitle2" sx={{ flex: 1 }}>
            Preview
          </Typography>
          <TextField select size="small" label="Example event" value={trigger} onChange={(e) => setTrigger(e.target.value)} sx={{ width: 300 }}>
            {ROUTABLE.map((t) => (
              <MenuItem key={t.name} value={t.name}>
                {t.title.en}
              </MenuItem>
            ))}
          </TextField>
        </Stack>
        {!preview.data && !preview.error && <Typography variant="body2" color="text.secondary">Enter the project key to see the issue.</Typography>}
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
              Fields sent to Jira{typeof preview.data.description === 'string' ? ' (besides the description)' : ' (description in ADF)'}:
            </Typography>
            <Box component="pre" sx={{ ...mono, fontSize: 12, whiteSpace: 'pre-wrap', m: 0, maxHeight: 200, overflow: 'auto' }}>
              {JSON.stringify(typeof preview.data.description === 'string' ? { ...preview.data.fields, description: undefined } : preview.data.fields, null, 2)}
            </Box>
          </>
        )}
      </Paper>
      <FormControl>
        <FormLabel id={`repeat-${index}`}>The same alert again</FormLabel>
        <RadioGroup row aria-labelledby={`repeat-${index}`} value={str('on_repeat') || 'comment'} onChange={(e) => setParams({ on_repeat: e.target.value })}>
          <FormControlLabel value="comment" control={<Radio />} label="Comment on its issue" />
          <FormControlLabel value="nothing" control={<Radio />} label="Do nothing" />
        </RadioGroup>
        <FormHelperText>Never a duplicate issue: alerts are matched by project, policy, dependency and vulnerability. Blockers get priority Highest, then by severity.</FormHelperText>
      </FormControl>
    </Stack>
  );
}

