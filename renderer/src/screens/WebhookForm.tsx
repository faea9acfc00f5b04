import { zodResolver } from '@hookform/resolvers/zod';
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
import { Controller, useForm } from 'react-hook-form';
import type { z } from 'zod';
import { catalogue, DEFAULT_TOKEN_HEADER, WebhookInputSchema, type Integration, type IntegrationInput, type TestReport } from '../../../main/contract/index.js';
import { ApiError, call } from '../api.js';
import { AREA_LABEL } from './areas.js';
import { TestReportView } from './TestReportView.js';
import { useSaveIntegration } from './useSaveIntegration.js';

type FormValues = z.input<typeof WebhookInputSchema>;
const SUBSCRIBABLE = catalogue.filter((t) => t.name !== 'test');
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
  };
}

/** Create or edit a webhook. Test it runs on the unsaved values; an empty token keeps the stored one. */
export function WebhookForm({ existing, onClose }: { existing?: Webhook | undefined; onClose: () => void }) {
  const [revealToken, setRevealToken] = useState(false);
  const [removeToken, setRemoveToken] = useState(false);
  const form = useForm<FormValues>({ resolver: zodResolver(WebhookInputSchema), mode: 'onChange', defaultValues: defaults(existing) });
  const { control, register, handleSubmit, formState, setError, getValues } = form;
  const storedToken = existing?.secrets.token;

  /** Raw values → contract input: an untouched token field on edit means "keep". */
  const toInput = (values: FormValues): IntegrationInput => {
    const token = values.secrets?.token ?? '';
    const secrets = removeToken ? { token: null } : token === '' && existing ? {} : { token: token === '' ? null : token };
    return { ...values, secrets };
  };

  const test = useMutation<TestReport, Error>({
    mutationFn: () => call('integrations.test', { ...(existing ? { id: existing.id } : {}), input: toInput(getValues()) }),
  });

  const save = useSaveIntegration<FormValues>({ existing, toInput, setError, onSaved: onClose });

  const errors = formState.errors;
  return (
    <Dialog open onClose={onClose} maxWidth="md" fullWidth aria-labelledby="webhook-form-title">
      <DialogTitle id="webhook-form-title">{existing ? `Edit ${existing.name}` : 'Add webhook'}</DialogTitle>
      <DialogContent dividers>
        <Box component="form" data-testid="webhook-form" noValidate onSubmit={handleSubmit((v) => save.mutate(v))} id="webhook-form">
          <Stack spacing={2.5}>
            <TextField label="Name" required autoFocus {...register('name')} error={!!errors.name} helperText={errors.name?.message ?? 'How this webhook appears in Herald, e.g. "SIEM intake"'} />
            <TextField
              label="URL"
              required
              placeholder="https://alerts.example.com/herald"
              {...register('settings.url')}
              error={!!errors.settings?.url}
              helperText={errors.settings?.url?.message ?? 'Herald POSTs {"events": [...]} here'}
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
                    renderValue={(value, getItemProps) => value.map((name, index) => <Chip size="small" label={titleOf(name)} {...getItemProps({ index })} key={name} />)}
                    renderInput={(params) => (
                      <TextField {...params} label="Events" required error={!!fieldState.error} helperText={fieldState.error?.message ?? 'Triggers that fire this webhook'} />
                    )}
                  />
                  <Stack direction="row" spacing={1} sx={{ mt: 0.5 }}>
                    <Button size="small" onClick={() => field.onChange(SUBSCRIBABLE.map((t) => t.name))}>
                      Select all
                    </Button>
                    <Button size="small" onClick={() => field.onChange([])}>
                      Clear
                    </Button>
                  </Stack>
                </Box>
              )}
            />
            <Controller
              control={control}
              name="settings.projects"
              render={({ field }) => (
                <Autocomplete
                  multiple
                  freeSolo
                  options={[] as string[]}
                  value={field.value ?? []}
                  onChange={(_e, value) => field.onChange(value.map((v) => v.trim()).filter(Boolean))}
                  renderValue={(value, getItemProps) => value.map((p, index) => <Chip size="small" label={p} {...getItemProps({ index })} key={p} />)}
                  renderInput={(params) => (
                    <TextField {...params} label="Projects" error={!!errors.settings?.projects} helperText={errors.settings?.projects?.message ?? 'Project names or ids; press Enter after each. Leave empty to match all projects.'} />
                  )}
                />
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
              placeholder={storedToken?.is_set ? `${storedToken.masked} (stored)` : 'Shared secret the receiver checks'}
              {...register('secrets.token')}
              error={!!errors.secrets?.token}
              helperText={errors.secrets?.token?.message ?? (storedToken?.is_set ? 'Leave empty to keep the current token.' : 'Sent in the header below with every request.')}
              slotProps={{
                input: {
                  endAdornment: (
                    <InputAdornment position="end">
                      <IconButton aria-label={revealToken ? 'Hide token' : 'Show token'} onClick={() => setRevealToken((v) => !v)} edge="end">
                        {revealToken ? <VisibilityOffIcon /> : <VisibilityIcon />}
                      </IconButton>
                    </InputAdornment>
                  ),
                },
              }}
            />
            {storedToken?.is_set && (
              <FormControlLabel control={<Checkbox checked={removeToken} onChange={(e) => setRemoveToken(e.target.checked)} />} label="Remove the stored token" />
            )}
            <TextField
              label="Token header"
              {...register('settings.token_header')}
              error={!!errors.settings?.token_header}
              helperText={errors.settings?.token_header?.message ?? 'Use X-CodeScoring-Authentication for receivers built for CodeScoring.'}
            />
            <Controller
              control={control}
              name="is_active"
              render={({ field }) => <FormControlLabel control={<Switch checked={!!field.value} onChange={(e) => field.onChange(e.target.checked)} />} label="Active" />}
            />
            {(test.isPending || test.data || test.error) && (
              <>
                <Divider />
                <TestReportView report={test.data} running={test.isPending} error={test.error?.message} />
              </>
            )}
            {save.error && !(save.error instanceof ApiError && save.error.details?.issues?.length) && <Alert severity="error">{save.error.message}</Alert>}
          </Stack>
        </Box>
      </DialogContent>
      <DialogActions sx={{ px: 3, py: 1.5 }}>
        <Button onClick={() => test.mutate()} disabled={test.isPending} variant="outlined">
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
