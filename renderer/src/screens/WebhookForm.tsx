import { zodResolver } from '@hookform/resolvers/zod';
import PlayCircleIcon from '@mui/icons-material/PlayCircleOutline';
import VisibilityIcon from '@mui/icons-material/Visibility';
import VisibilityOffIcon from '@mui/icons-material/VisibilityOff';
import {
  Alert,
  Autocomplete,
  Box,
  Button,
  Checkbox,
  Chip,
  Dialog,
  DialogActions,
  DialogContent,
  DialogTitle,
  Divider,
  FormControlLabel,
  IconButton,
  InputAdornment,
  Stack,
  Switch,
  TextField,
  Typography,
} from '@mui/material';
import { useMutation } from '@tanstack/react-query';
import { useState } from 'react';
import { Controller, useForm, type FieldPath, type UseFormSetError } from 'react-hook-form';
import type { z } from 'zod';
import { AREAS, catalogue, DEFAULT_TOKEN_HEADER, WebhookInputSchema, type Integration, type IntegrationInput, type TestReport } from '../../../main/contract/index.js';
import { ApiError, call } from '../api.js';
import { AREA_LABEL } from './areas.js';
import { DeliveryPolicyFields, draftToPolicy, policyFieldPath, policyToDraft, withPolicyDraft, type PolicyDraft } from './DeliveryPolicyFields.js';
import { TestReportView } from './TestReportView.js';
import { useSaveIntegration } from './useSaveIntegration.js';

type FormValues = Omit<z.input<typeof WebhookInputSchema>, 'policy'> & { policy: PolicyDraft };
// groupBy needs each area's options next to each other.
const SUBSCRIBABLE = catalogue.filter((t) => t.name !== 'test').sort((a, b) => AREAS.indexOf(a.area) - AREAS.indexOf(b.area));
const titleOf = (name: string) => catalogue.find((t) => t.name === name)?.title.en ?? name;

type Webhook = Extract<Integration, { kind: 'webhook' }>;

function defaults(existing?: Webhook): FormValues {
  return {
    kind: 'webhook',
    name: existing?.name ?? '',
    is_active: existing?.is_active ?? true,
    settings: {
      url: existing?.settings.url ?? '',
      projects: existing?.settings.projects ?? [],
      events: existing?.settings.events ?? [],
      token_header: existing?.settings.token_header ?? DEFAULT_TOKEN_HEADER,
    },
    secrets: { token: '' },
    policy: policyToDraft(existing?.policy),
  };
}

/** Paths the form shows next to a field; server issues elsewhere go into an Alert. */
const FIELD_PATHS = new Set(['name', 'is_active', 'settings.url', 'settings.projects', 'settings.events', 'settings.token_header', 'secrets.token']);
const fieldPathOf = (path: string) => {
  const policy = policyFieldPath(path);
  if (policy) return policy;
  const base = path.replace(/\.\d+$/, ''); // settings.events.3 → settings.events
  return FIELD_PATHS.has(base) ? base : null;
};
const FIX_FIELDS = 'Some fields need attention: fix the highlighted fields, then press Test it again.';

function placeIssues(error: Error, setError: UseFormSetError<FormValues>): void {
  if (!(error instanceof ApiError)) return;
  for (const issue of error.details?.issues ?? []) {
    const path = fieldPathOf(issue.path);
    if (path) setError(path as FieldPath<FormValues>, { message: issue.message });
  }
}

/** What cannot be shown next to a field, in plain words. */
function unplaced(error: Error): string[] {
  const issues = error instanceof ApiError ? (error.details?.issues ?? []) : [];
  if (!issues.length) return [error.message];
  return issues.filter((i) => !fieldPathOf(i.path)).map((i) => (i.path ? `${i.path}: ${i.message}` : i.message));
}

/** Create or edit a webhook. Test it runs on the unsaved values; an empty token keeps the stored one. */
export function WebhookForm({ existing, onClose }: { existing?: Webhook | undefined; onClose: () => void }) {
  const [revealToken, setRevealToken] = useState(false);
  const [removeToken, setRemoveToken] = useState(false);
  const form = useForm<FormValues>({ resolver: withPolicyDraft<FormValues>(zodResolver(WebhookInputSchema)), mode: 'onChange', defaultValues: defaults(existing) });
  const { control, register, handleSubmit, formState, setError, getValues, trigger } = form;
  const storedToken = existing?.secrets.token;

  /** Raw values → contract input: an untouched token field on edit means "keep". */
  const toInput = (values: FormValues): IntegrationInput => {
    const token = values.secrets?.token ?? '';
    const secrets = removeToken ? { token: null } : token === '' && existing ? {} : { token: token === '' ? null : token };
    return { ...values, secrets, policy: draftToPolicy(values.policy).policy };
  };

  const test = useMutation<TestReport, Error>({
    mutationFn: async () => {
      // Name and events are not needed to reach the receiver, but the contract input requires them.
      if (!(await trigger())) throw new Error(FIX_FIELDS);
      // The delivery policy plays no part in a test.
      const { policy: _policy, ...input } = toInput(getValues());
      return call('integrations.test', { ...(existing ? { id: existing.id } : {}), input });
    },
    onError: (error) => placeIssues(error, setError),
  });
  const testError = test.error ? unplaced(test.error).join(' · ') || FIX_FIELDS : null;

  const save = useSaveIntegration<FormValues>({ existing, toInput, setError, onSaved: onClose });
  const saveError = save.error ? unplaced(save.error) : [];

  const errors = formState.errors;
  const fields = (
    <Stack spacing={2.5}>
      <TextField
        label="Name"
        required
        autoFocus
        {...register('name')}
        error={!!errors.name}
        helperText={errors.name?.message ?? 'How this webhook appears in Herald, e.g. "SIEM intake"'}
      />
      <TextField
        label="URL"
        required
        placeholder="https://alerts.example.com/herald"
        {...register('settings.url')}
        error={!!errors.settings?.url}
        helperText={errors.settings?.url?.message ?? 'Herald POSTs {"events": [...]} here as JSON'}
        slotProps={{ htmlInput: { spellCheck: false, autoComplete: 'off' } }}
      />
      <Controller
        control={control}
        name="settings.projects"
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
                error={!!errors.settings?.projects}
                helperText={errors.settings?.projects?.message ?? errors.settings?.projects?.[0]?.message ?? 'Leave empty to match all projects. Type a project name and press Enter to add it.'}
              />
            )}
          />
        )}
      />
      <Controller
        control={control}
        name="settings.events"
        render={({ field, fieldState }) => (
          <Box>
            <Autocomplete
              multiple
              disableCloseOnSelect
              options={SUBSCRIBABLE.map((t) => t.name)}
              groupBy={(name) => AREA_LABEL[catalogue.find((t) => t.name === name)?.area ?? 'system']}
              getOptionLabel={titleOf}
              value={field.value ?? []}
              onChange={(_e, value) => field.onChange(value)}
              onBlur={field.onBlur}
              limitTags={8}
              renderValue={(value, getItemProps) => value.map((name, index) => <Chip size="small" label={titleOf(name)} {...getItemProps({ index })} key={name} />)}
              renderInput={(params) => (
                <TextField
                  {...params}
                  label="Events"
                  required
                  error={!!fieldState.error}
                  helperText={fieldState.error?.message ?? `Triggers that fire this webhook · ${field.value?.length ?? 0} of ${SUBSCRIBABLE.length} selected`}
                />
              )}
            />
            <Stack direction="row" spacing={1} sx={{ mt: 0.5 }}>
              <Button size="small" onClick={() => field.onChange(SUBSCRIBABLE.map((t) => t.name))}>
                Select all
              </Button>
              <Button size="small" onClick={() => field.onChange([])} disabled={!field.value?.length}>
                Clear
              </Button>
            </Stack>
          </Box>
        )}
      />
      <Divider />
      <Typography variant="h3" component="h2">
        Authentication
      </Typography>
      <TextField
        label="Token"
        type={revealToken ? 'text' : 'password'}
        autoComplete="off"
        disabled={removeToken}
        placeholder={storedToken?.is_set ? `${storedToken.masked ?? '••••••••'} (stored)` : 'Shared secret the receiver checks'}
        {...register('secrets.token')}
        error={!!errors.secrets?.token}
        helperText={
          errors.secrets?.token?.message ??
          (removeToken ? 'The stored token is removed when you save.' : storedToken?.is_set ? 'Leave empty to keep the current token.' : 'Optional. Sent in the token header with every request.')
        }
        slotProps={{
          htmlInput: { spellCheck: false },
          // Keep the masked stored token visible as the placeholder.
          ...(storedToken?.is_set ? { inputLabel: { shrink: true } } : {}),
          input: {
            endAdornment: (
              <InputAdornment position="end">
                <IconButton aria-label={revealToken ? 'Hide token' : 'Show token'} onClick={() => setRevealToken((v) => !v)} edge="end" disabled={removeToken}>
                  {revealToken ? <VisibilityOffIcon /> : <VisibilityIcon />}
                </IconButton>
              </InputAdornment>
            ),
          },
        }}
      />
      {storedToken?.is_set && (
        <FormControlLabel
          sx={{ mt: '8px !important' }}
          control={<Checkbox checked={removeToken} onChange={(e) => setRemoveToken(e.target.checked)} />}
          label="Remove the stored token"
        />
      )}
      <TextField
        label="Token header"
        {...register('settings.token_header')}
        error={!!errors.settings?.token_header}
        helperText={errors.settings?.token_header?.message ?? `Default ${DEFAULT_TOKEN_HEADER}. Use X-CodeScoring-Authentication for receivers built for CodeScoring.`}
        slotProps={{ htmlInput: { spellCheck: false } }}
      />
      <Divider />
      <DeliveryPolicyFields control={control} kindNoun="request" />
      <Divider />
      <Controller
        control={control}
        name="is_active"
        render={({ field }) => (
          <FormControlLabel
            control={<Switch checked={!!field.value} onChange={(e) => field.onChange(e.target.checked)} />}
            label="Active"
            sx={{ mt: '8px !important' }}
          />
        )}
      />
      {saveError.length > 0 && (
        <Alert severity="error">
          Could not save: {saveError.join(' · ')}
        </Alert>
      )}
    </Stack>
  );

  return (
    <Dialog open onClose={onClose} maxWidth="lg" fullWidth aria-labelledby="webhook-form-title">
      <DialogTitle id="webhook-form-title">{existing ? `Edit ${existing.name}` : 'Add webhook'}</DialogTitle>
      <DialogContent dividers sx={{ p: 0 }}>
        <Box component="form" data-testid="webhook-form" noValidate onSubmit={handleSubmit((v) => save.mutate(v))} id="webhook-form" sx={{ display: 'flex', flexDirection: { xs: 'column', md: 'row' }, minHeight: '100%' }}>
          <Box sx={{ flex: 1, minWidth: 0, p: 3 }}>{fields}</Box>
          <Box
            component="section"
            aria-labelledby="webhook-test-title"
            sx={{
              width: { md: 420 },
              flexShrink: 0,
              p: 3,
              bgcolor: 'action.hover',
              borderStyle: 'solid',
              borderColor: 'divider',
              borderWidth: 0,
              borderLeftWidth: { md: 1 },
              borderTopWidth: { xs: 1, md: 0 },
            }}
          >
            <Box sx={{ position: { md: 'sticky' }, top: { md: 24 } }}>
            <Typography variant="h3" component="h2" id="webhook-test-title" gutterBottom>
              Connection test
            </Typography>
            {test.isPending || test.data || testError ? (
              <TestReportView report={test.data} running={test.isPending} error={testError} />
            ) : (
              <Typography variant="body2" color="text.secondary">
                Press <strong>Test it</strong> to send a <code>test</code> event with the values on the left. Nothing is saved. Each step — address, connection, TLS,
                request and the receiver&apos;s answer — is checked and explained, so you can fix the settings before alerts depend on them.
              </Typography>
            )}
            </Box>
          </Box>
        </Box>
      </DialogContent>
      <DialogActions sx={{ px: 3, py: 1.5 }}>
        <Button onClick={() => test.mutate()} disabled={test.isPending} variant="outlined" startIcon={<PlayCircleIcon />}>
          Test it
        </Button>
        <Box sx={{ flex: 1 }} />
        <Button onClick={onClose}>Cancel</Button>
        <Button type="submit" form="webhook-form" variant="contained" disabled={save.isPending}>
          Save
        </Button>
      </DialogActions>
    </Dialog>
  );
}
