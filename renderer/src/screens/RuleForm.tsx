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
  MenuItem,
  Paper,
  Radio,
  RadioGroup,
  Stack,
  Switch,
  TextField,
  Typography,
} from '@mui/material';
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { Controller, get, useFieldArray, useForm, type FieldErrors, type FieldPath } from 'react-hook-form';
import type { z } from 'zod';
import { AREAS, catalogue, EmailAddressSchema, RuleInputSchema, type Integration, type Rule } from '../../../main/contract/index.js';
import { ApiError, call } from '../api.js';
import { useDebounced } from '../useDebounced.js';
import { mono } from '../theme.js';
import { AREA_LABEL } from './areas.js';

type FormValues = z.input<typeof RuleInputSchema>;
const ROUTABLE = catalogue.filter((t) => t.name !== 'test').sort((a, b) => AREAS.indexOf(a.area) - AREAS.indexOf(b.area));
const titleOf = (name: string) => catalogue.find((t) => t.name === name)?.title.en ?? name;
const POLICY_TRIGGERS = ['sca_policy_has_been_triggered', 'osa_policy_has_been_triggered'];

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

export function RuleForm({ existing, integrations, onClose }: { existing?: Rule | undefined; integrations: Integration[]; onClose: () => void }) {
  const queryClient = useQueryClient();
  const form = useForm<FormValues>({
    resolver: zodResolver(RuleInputSchema),
    defaultValues: existing
      ? { name: existing.name, is_active: existing.is_active, triggers: existing.triggers, projects: existing.projects, actions: existing.actions }
      : { name: '', is_active: true, triggers: POLICY_TRIGGERS as FormValues['triggers'], projects: [], actions: [] },
  });
  const { control, register, handleSubmit, formState, setError, watch } = form;
  const actions = useFieldArray({ control, name: 'actions' });
  const triggers = watch('triggers') ?? [];

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
                    <TextField {...params} label="Events" required error={!!fieldState.error} helperText={fieldState.error?.message ?? 'The triggers this rule routes'} />
                  )}
                />
              )}
            />
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
                                helperText={integrationErrors[0] ?? (target && !target.is_active ? 'This integration is inactive: it sends nothing until switched on.' : ' ')}
                                onChange={(e) => {
                                  const next = integrations.find((i) => i.id === e.target.value);
                                  field.onChange({ integration_id: e.target.value, params: paramsFor(next) });
                                }}
                              >
                                {integrations.map((i) => (
                                  <MenuItem key={i.id} value={i.id}>
                                    <ListItemIcon sx={{ minWidth: 32 }}>
                                      {i.kind === 'email' ? <EmailOutlinedIcon fontSize="small" /> : i.kind === 'jira' ? <AssignmentOutlinedIcon fontSize="small" /> : <WebhookIcon fontSize="small" />}
                                    </ListItemIcon>
                                    {i.name}
                                    {!i.is_active && (
                                      <Typography component="span" variant="caption" color="warning.main" sx={{ ml: 1 }}>
                                        inactive
                                      </Typography>
                                    )}
                                  </MenuItem>
                                ))}
                              </TextField>
                              <IconButton aria-label={`Remove action ${index + 1}`} onClick={() => actions.remove(index)} sx={{ mt: 1 }}>
                                <DeleteOutlineIcon />
                              </IconButton>
                            </Stack>
                            {target?.kind === 'email' && (
                              <>
                                <Autocomplete
                                  multiple
                                  freeSolo
                                  autoSelect
                                  options={[] as string[]}
                                  value={(params.recipients as string[] | undefined) ?? []}
                                  onChange={(_e, value) => setParams({ recipients: [...new Set(value.map((v) => v.trim()).filter(Boolean))] })}
                                  renderValue={(value, getItemProps) =>
                                    value.map((address, i) => (
                                      <Chip size="small" label={address} color={EmailAddressSchema.safeParse(address).success ? 'default' : 'error'} {...getItemProps({ index: i })} key={address} />
                                    ))
                                  }
                                  renderInput={(params) => (
                                    <TextField
                                      {...params}
                                      label="Recipients"
                                      required
                                      placeholder="appsec@example.com"
                                      error={recipientErrors.length > 0}
                                      helperText={recipientErrors.join(' · ') || 'Type an address and press Enter. Each recipient is tracked: a retry never re-sends to who already accepted.'}
                                    />
                                  )}
                                />
                                <FormControl error={formatErrors.length > 0}>
                                  <FormLabel id={`format-${index}`}>Format</FormLabel>
                                  <RadioGroup aria-labelledby={`format-${index}`} value={(params.format as string | undefined) ?? 'per_event'} onChange={(e) => setParams({ format: e.target.value })}>
                                    <FormControlLabel value="per_event" control={<Radio />} label="One email per event" />
                                    <FormControlLabel
                                      value="digest"
                                      control={<Radio />}
                                      label="Scan digest: one email when the project's or image's SCA analysis finishes, listing every policy that triggered"
                                    />
                                  </RadioGroup>
                                  <FormHelperText>
                                    {formatErrors[0] ??
                                      (params.format === 'digest' && !triggers.some((t) => POLICY_TRIGGERS.includes(t))
                                        ? 'Add "SCA Policy has been triggered" or "OSA Policy has been triggered" to the events: the digest lists them.'
                                        : 'Seed 000: the digest has Policy name, Blocker, Dependency and Vulnerability. No policy triggered, no email.')}
                                  </FormHelperText>
                                </FormControl>
                              </>
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
                  <Button
                    startIcon={<AddIcon />}
                    disabled={integrations.length === 0}
                    onClick={() => {
                      const first = integrations.find((i) => i.kind === 'email') ?? integrations[0]!;
                      actions.append({ integration_id: first.id, params: paramsFor(first) });
                    }}
                  >
                    Add action
                  </Button>
                </Box>
              </Stack>
            </Box>
            {save.error && !(save.error instanceof ApiError && save.error.details?.issues?.length) && <Alert severity="error">{save.error.message}</Alert>}
          </Stack>
        </Box>
      </DialogContent>
      <DialogActions sx={{ px: 3, py: 1.5 }}>
        <Button onClick={onClose}>Cancel</Button>
        <Button type="submit" form="rule-form" variant="contained" disabled={save.isPending}>
          Save
        </Button>
      </DialogActions>
    </Dialog>
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

