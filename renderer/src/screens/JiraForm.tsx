import { zodResolver } from '@hookform/resolvers/zod';
import { Alert, Box, Button, Dialog, DialogContent, DialogTitle, FormControlLabel, MenuItem, Stack, Switch, TextField, Typography } from '@mui/material';
import { useMutation } from '@tanstack/react-query';
import { useState } from 'react';
import { Controller, get, useForm, useWatch, type FieldPath } from 'react-hook-form';
import { useTranslation } from 'react-i18next';
import type { z } from 'zod';
import { JiraInputSchema, type Integration, type IntegrationInput, type TestReport } from '../../../main/contract/index.js';
import { ApiError, call } from '../api.js';
import { translateMessage } from '../i18n/validation.js';
import { DeliveryPolicyFields, draftToPolicy, policyToDraft, withPolicyDraft, type PolicyDraft } from './DeliveryPolicyFields.js';
import { SetupActions } from './SetupActions.js';
import { TestReportView } from './TestReportView.js';
import { StoredSecretReveal } from './StoredSecretReveal.js';
import { useSaveIntegration } from './useSaveIntegration.js';

type Jira = Extract<Integration, { kind: 'jira' }>;
type FormValues = Omit<z.input<typeof JiraInputSchema>, 'policy'> & { policy: PolicyDraft };

function defaults(existing?: Jira): FormValues {
  const s = existing?.settings;
  return {
    kind: 'jira',
    name: existing?.name ?? '',
    is_active: existing?.is_active ?? true,
    settings: { deployment: s?.deployment ?? 'server', url: s?.url ?? '', auth_type: s?.auth_type ?? 'token', username: s?.username ?? '', ca_pem: s?.ca_pem ?? '', timeout_ms: s?.timeout_ms ?? 15_000 },
    secrets: { token: '', password: '' },
    policy: policyToDraft(existing?.policy),
  };
}

/** A Jira server (seed 000's task manager): connection, credentials, and a Test it that checks a project. */
export function JiraForm({ existing, onClose }: { existing?: Jira | undefined; onClose: () => void }) {
  const { t } = useTranslation('forms');
  const { t: tc } = useTranslation('common');
  const form = useForm<FormValues>({ resolver: withPolicyDraft<FormValues>(zodResolver(JiraInputSchema)), mode: 'onChange', defaultValues: defaults(existing) });
  const { control, register, handleSubmit, formState, setError, getValues } = form;
  const [deployment, authType, active] = useWatch({ control, name: ['settings.deployment', 'settings.auth_type', 'is_active'] });
  const [projectKey, setProjectKey] = useState('');
  const [issueType, setIssueType] = useState('Bug');
  const [tested, setTested] = useState(false);

  const toInput = (values: FormValues): IntegrationInput => {
    const secrets: Record<string, string | null> = {};
    for (const name of ['token', 'password'] as const) {
      const value = values.secrets?.[name] ?? '';
      if (value !== '' || !existing) secrets[name] = value === '' ? null : value;
    }
    return { ...values, secrets, policy: draftToPolicy(values.policy).policy };
  };
  const test = useMutation<TestReport, Error>({
    mutationFn: () =>
      call('integrations.test', {
        ...(existing ? { id: existing.id } : {}),
        // The delivery policy plays no part in a test.
        input: (({ policy: _policy, ...input }) => input)(toInput(getValues())),
        ...(projectKey.trim() ? { jira_target: { project_key: projectKey.trim().toUpperCase(), issue_type: issueType.trim() || 'Bug' } } : {}),
      }),
    onSuccess: () => setTested(true),
  });
  const save = useSaveIntegration<FormValues>({ existing, toInput, setError, onSaved: onClose });
  const text = (name: FieldPath<FormValues>, label: string, help: string, extra: Record<string, unknown> = {}) => {
    const error = get(formState.errors, name) as { message?: string } | undefined;
    return <TextField label={label} {...register(name)} error={!!error} helperText={translateMessage(error?.message) ?? help} {...extra} />;
  };
  const secret = existing?.secrets[authType === 'basic' ? 'password' : 'token'];
  // Seed 000: "Setup now" after a test; saving an untested or failing setup is an explicit choice.
  const untested = !existing && (!tested || !test.data?.ok);

  return (
    <Dialog open onClose={onClose} maxWidth="lg" fullWidth aria-labelledby="jira-form-title">
      <DialogTitle id="jira-form-title">{existing ? t('common.edit', { name: existing.name }) : t('jira.add')}</DialogTitle>
      <DialogContent dividers sx={{ p: 0 }}>
        <Box component="form" id="jira-form" data-testid="jira-form" noValidate onSubmit={handleSubmit((v) => save.mutate(v))} sx={{ display: 'flex', flexDirection: { xs: 'column', md: 'row' } }}>
          <Stack spacing={2.5} sx={{ flex: 1, minWidth: 0, p: 3 }}>
            {text('name', t('common.name'), t('jira.nameHelp'), { required: true, autoFocus: true })}
            <Controller
              control={control}
              name="settings.deployment"
              render={({ field }) => (
                <TextField select label={t('jira.type')} value={field.value} onChange={(e) => field.onChange(e.target.value)} helperText={t('jira.typeHelp')}>
                  <MenuItem value="server">Jira Server / Data Center</MenuItem>
                  <MenuItem value="cloud">Jira Cloud</MenuItem>
                </TextField>
              )}
            />
            {text('settings.url', t('common.url'), deployment === 'cloud' ? t('jira.urlHelpCloud') : t('jira.urlHelpServer'), { required: true })}
            <Controller
              control={control}
              name="settings.auth_type"
              render={({ field }) => (
                <TextField select label={t('jira.authType')} value={field.value} onChange={(e) => field.onChange(e.target.value)}>
                  <MenuItem value="token">{deployment === 'cloud' ? t('jira.authCloudToken') : t('jira.authPat')}</MenuItem>
                  <MenuItem value="basic">{t('jira.authBasic')}</MenuItem>
                </TextField>
              )}
            />
            {(deployment === 'cloud' || authType === 'basic') && text('settings.username', deployment === 'cloud' ? t('jira.accountEmail') : t('jira.login'), deployment === 'cloud' ? t('jira.accountEmailHelp') : t('jira.loginHelp'))}
            <TextField
              label={authType === 'basic' ? t('jira.password') : deployment === 'cloud' ? t('jira.apiToken') : t('jira.accessToken')}
              type="password"
              autoComplete="new-password"
              {...register(authType === 'basic' ? 'secrets.password' : 'secrets.token')}
              placeholder={secret?.is_set ? t('common.storedPlaceholder', { masked: secret.masked ?? '' }) : ''}
              helperText={secret?.is_set ? t('jira.keepStored') : deployment === 'cloud' ? t('jira.cloudTokenHelp') : authType === 'token' ? t('jira.patHelp') : t('jira.passwordHelp')}
            />
            {existing && secret?.is_set && <StoredSecretReveal key={authType} integrationId={existing.id} secret={authType === 'basic' ? 'password' : 'token'} />}
            {text('settings.ca_pem', t('jira.caPem'), t('jira.caPemHelp'), { multiline: true, minRows: 2, slotProps: { htmlInput: { spellCheck: false } } })}
            {text('settings.timeout_ms', t('jira.timeout'), '1000–120000', { type: 'number', ...register('settings.timeout_ms', { valueAsNumber: true }) })}
            <DeliveryPolicyFields control={control} kindNoun="request" />
            <Controller
              control={control}
              name="is_active"
              render={({ field }) => <FormControlLabel control={<Switch checked={!!field.value} onChange={(e) => field.onChange(e.target.checked)} />} label={t('common.active')} />}
            />
            {!active && <Alert severity="info">{t('jira.inactive')}</Alert>}
            {save.error && !(save.error instanceof ApiError && save.error.details?.issues?.length) && <Alert severity="error">{translateMessage(save.error.message)}</Alert>}
          </Stack>
          <Stack component="section" aria-labelledby="jira-test-title" spacing={2} sx={{ width: { md: 440 }, flexShrink: 0, p: 3, bgcolor: 'action.hover', borderLeft: { md: 1 }, borderColor: 'divider' }}>
            <Typography variant="h3" component="h2" id="jira-test-title">
              {tc('actions.testIt')}
            </Typography>
            <Typography variant="body2" color="text.secondary">
              {t('jira.testIntro')}
            </Typography>
            <Stack direction="row" spacing={1}>
              <TextField size="small" label={t('jira.projectKey')} value={projectKey} onChange={(e) => setProjectKey(e.target.value)} placeholder="SEC" />
              <TextField size="small" label={t('jira.issueType')} value={issueType} onChange={(e) => setIssueType(e.target.value)} />
            </Stack>
            <Box>
              <Button variant="outlined" onClick={() => test.mutate()} disabled={test.isPending}>
                {tc('actions.testIt')}
              </Button>
            </Box>
            {(test.isPending || test.data || test.error) && <TestReportView report={test.data} running={test.isPending} error={translateMessage(test.error?.message)} runningText={t('jira.testing')} />}
          </Stack>
        </Box>
      </DialogContent>
      <SetupActions
        formId="jira-form"
        untested={untested}
        testFailed={!!test.data && !test.data.ok}
        editing={!!existing}
        saving={save.isPending}
        onCancel={onClose}
        texts={{ testFirst: t('jira.testFirst'), testFailed: t('jira.testFailed'), saveAnyway: t('jira.saveAnyway'), setupNow: t('jira.setupNow') }}
      />
    </Dialog>
  );
}
