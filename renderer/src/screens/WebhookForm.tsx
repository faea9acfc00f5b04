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
import { Trans, useTranslation } from 'react-i18next';
import type { z } from 'zod';
import { AREAS, catalogue, DEFAULT_TOKEN_HEADER, WebhookInputSchema, type Integration, type IntegrationInput, type TestReport } from '../../../main/contract/index.js';
import { ApiError, call } from '../api.js';
import { formatNumber } from '../format.js';
import { i18n } from '../i18n/index.js';
import { translateMessage } from '../i18n/validation.js';
import { AREA_LABEL } from './areas.js';
import { DeliveryPolicyFields, draftToPolicy, policyFieldPath, policyToDraft, withPolicyDraft, type PolicyDraft } from './DeliveryPolicyFields.js';
import { TestReportView } from './TestReportView.js';
import { StoredSecretReveal } from './StoredSecretReveal.js';
import { useSaveIntegration } from './useSaveIntegration.js';

type FormValues = Omit<z.input<typeof WebhookInputSchema>, 'policy'> & { policy: PolicyDraft };
// groupBy needs each area's options next to each other.
const SUBSCRIBABLE = catalogue.filter((t) => t.name !== 'test').sort((a, b) => AREAS.indexOf(a.area) - AREAS.indexOf(b.area));
const titleOf = (name: string) => catalogue.find((t) => t.name === name)?.title[i18n.language === 'ru' ? 'ru' : 'en'] ?? name;

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
const fixFields = () => i18n.t('forms:webhook.fixFields');

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
  if (!issues.length) return [translateMessage(error.message)];
  return issues.filter((i) => !fieldPathOf(i.path)).map((i) => (i.path ? `${i.path}: ${translateMessage(i.message)}` : translateMessage(i.message)));
}

/** Create or edit a webhook. Test it runs on the unsaved values; an empty token keeps the stored one. */
export function WebhookForm({ existing, onClose }: { existing?: Webhook | undefined; onClose: () => void }) {
  const { t } = useTranslation('forms');
  const { t: tc } = useTranslation('common');
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
      if (!(await trigger())) throw new Error(fixFields());
      // The delivery policy plays no part in a test.
      const { policy: _policy, ...input } = toInput(getValues());
      return call('integrations.test', { ...(existing ? { id: existing.id } : {}), input });
    },
    onError: (error) => placeIssues(error, setError),
  });
  const testError = test.error ? unplaced(test.error).join(' · ') || fixFields() : null;

  const save = useSaveIntegration<FormValues>({ existing, toInput, setError, onSaved: onClose });
  const saveError = save.error ? unplaced(save.error) : [];

  const errors = formState.errors;
  /** A field's validation message, in the console's language. */
  const message = (e: { message?: string | undefined } | undefined) => translateMessage(e?.message);
  const fields = (
    <Stack spacing={2.5}>
      <TextField
        label={t('common.name')}
        required
        autoFocus
        {...register('name')}
        error={!!errors.name}
        helperText={message(errors.name) ?? t('webhook.nameHelp')}
      />
      <TextField
        label={t('common.url')}
        required
        placeholder="https://alerts.example.com/herald"
        {...register('settings.url')}
        error={!!errors.settings?.url}
        helperText={message(errors.settings?.url) ?? t('webhook.urlHelp')}
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
                label={t('webhook.projects')}
                placeholder={field.value?.length ? '' : t('webhook.allProjects')}
                slotProps={{ inputLabel: { ...params.InputLabelProps, shrink: true } }}
                error={!!errors.settings?.projects}
                helperText={message(errors.settings?.projects) ?? message(errors.settings?.projects?.[0]) ?? t('webhook.projectsHelp')}
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
                  label={t('webhook.events')}
                  required
                  error={!!fieldState.error}
                  helperText={message(fieldState.error) ?? t('webhook.eventsHelp', { selected: formatNumber(field.value?.length ?? 0), total: formatNumber(SUBSCRIBABLE.length) })}
                />
              )}
            />
            <Stack direction="row" spacing={1} sx={{ mt: 0.5 }}>
              <Button size="small" onClick={() => field.onChange(SUBSCRIBABLE.map((t) => t.name))}>
                {t('webhook.selectAll')}
              </Button>
              <Button size="small" onClick={() => field.onChange([])} disabled={!field.value?.length}>
                {t('webhook.clear')}
              </Button>
            </Stack>
          </Box>
        )}
      />
      <Divider />
      <Typography variant="h3" component="h2">
        {t('webhook.authentication')}
      </Typography>
      <TextField
        label={t('webhook.token')}
        type={revealToken ? 'text' : 'password'}
        autoComplete="off"
        disabled={removeToken}
        placeholder={storedToken?.is_set ? t('common.storedPlaceholder', { masked: storedToken.masked ?? '••••••••' }) : t('webhook.tokenPlaceholder')}
        {...register('secrets.token')}
        error={!!errors.secrets?.token}
        helperText={
          message(errors.secrets?.token) ??
          (removeToken ? t('webhook.tokenRemoved') : storedToken?.is_set ? t('webhook.tokenKeep') : t('webhook.tokenOptional'))
        }
        slotProps={{
          htmlInput: { spellCheck: false },
          // Keep the masked stored token visible as the placeholder.
          ...(storedToken?.is_set ? { inputLabel: { shrink: true } } : {}),
          input: {
            endAdornment: (
              <InputAdornment position="end">
                <IconButton aria-label={revealToken ? t('webhook.hideToken') : t('webhook.showToken')} onClick={() => setRevealToken((v) => !v)} edge="end" disabled={removeToken}>
                  {revealToken ? <VisibilityOffIcon /> : <VisibilityIcon />}
                </IconButton>
              </InputAdornment>
            ),
          },
        }}
      />
      {existing && storedToken?.is_set && !removeToken && <StoredSecretReveal integrationId={existing.id} secret="token" />}
      {storedToken?.is_set && (
        <FormControlLabel
          sx={{ mt: '8px !important' }}
          control={<Checkbox checked={removeToken} onChange={(e) => setRemoveToken(e.target.checked)} />}
          label={t('webhook.removeToken')}
        />
      )}
      <TextField
        label={t('webhook.tokenHeader')}
        {...register('settings.token_header')}
        error={!!errors.settings?.token_header}
        helperText={message(errors.settings?.token_header) ?? t('webhook.tokenHeaderHelp', { header: DEFAULT_TOKEN_HEADER })}
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
            label={t('common.active')}
            sx={{ mt: '8px !important' }}
          />
        )}
      />
      {saveError.length > 0 && (
        <Alert severity="error">
          {t('webhook.couldNotSave', { reasons: saveError.join(' · ') })}
        </Alert>
      )}
    </Stack>
  );

  return (
    <Dialog open onClose={onClose} maxWidth="lg" fullWidth aria-labelledby="webhook-form-title">
      <DialogTitle id="webhook-form-title">{existing ? t('common.edit', { name: existing.name }) : t('webhook.add')}</DialogTitle>
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
              {t('webhook.testTitle')}
            </Typography>
            {test.isPending || test.data || testError ? (
              <TestReportView report={test.data} running={test.isPending} error={testError} />
            ) : (
              <Typography variant="body2" color="text.secondary">
                <Trans t={t} i18nKey="webhook.testIntro" components={{ b: <strong />, code: <code /> }} />
              </Typography>
            )}
            </Box>
          </Box>
        </Box>
      </DialogContent>
      <DialogActions sx={{ px: 3, py: 1.5 }}>
        <Button onClick={() => test.mutate()} disabled={test.isPending} variant="outlined" startIcon={<PlayCircleIcon />}>
          {tc('actions.testIt')}
        </Button>
        <Box sx={{ flex: 1 }} />
        <Button onClick={onClose}>{tc('actions.cancel')}</Button>
        <Button type="submit" form="webhook-form" variant="contained" disabled={save.isPending}>
          {tc('actions.save')}
        </Button>
      </DialogActions>
    </Dialog>
  );
}
