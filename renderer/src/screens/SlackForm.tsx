import { zodResolver } from '@hookform/resolvers/zod';
import { Alert, Box, Button, Dialog, DialogContent, DialogTitle, FormControlLabel, MenuItem, Stack, Switch, TextField, Typography } from '@mui/material';
import { useMutation } from '@tanstack/react-query';
import { useState } from 'react';
import { Controller, get, useForm, useWatch, type FieldPath } from 'react-hook-form';
import { useTranslation } from 'react-i18next';
import type { z } from 'zod';
import { DEFAULT_SLACK_API_BASE, SlackInputSchema, type Integration, type IntegrationInput, type TestReport } from '../../../main/contract/index.js';
import { ApiError, call } from '../api.js';
import { translateMessage } from '../i18n/validation.js';
import { mono } from '../theme.js';
import { DeliveryPolicyFields, draftToPolicy, policyToDraft, withPolicyDraft, type PolicyDraft } from './DeliveryPolicyFields.js';
import { SetupActions } from './SetupActions.js';
import { TestReportView } from './TestReportView.js';
import { StoredSecretReveal } from './StoredSecretReveal.js';
import { useSaveIntegration } from './useSaveIntegration.js';

type Slack = Extract<Integration, { kind: 'slack' }>;
type FormValues = Omit<z.input<typeof SlackInputSchema>, 'policy'> & { policy: PolicyDraft };

function defaults(existing?: Slack): FormValues {
  const s = existing?.settings;
  return {
    kind: 'slack',
    name: existing?.name ?? '',
    is_active: existing?.is_active ?? true,
    settings: { mode: s?.mode ?? 'webhook', channel: s?.channel ?? '', api_base: s?.api_base ?? DEFAULT_SLACK_API_BASE, text_template: s?.text_template ?? '', timeout_ms: s?.timeout_ms ?? 15_000 },
    secrets: { webhook_url: '', bot_token: '' },
    policy: policyToDraft(existing?.policy),
  };
}

/** Slack: an incoming webhook, or a bot token and a channel; Test it signs in and posts a test message. */
export function SlackForm({ existing, onClose }: { existing?: Slack | undefined; onClose: () => void }) {
  const { t } = useTranslation('forms');
  const { t: tc } = useTranslation('common');
  const form = useForm<FormValues>({ resolver: withPolicyDraft<FormValues>(zodResolver(SlackInputSchema)), mode: 'onChange', defaultValues: defaults(existing) });
  const { control, register, handleSubmit, formState, setError, getValues } = form;
  const [mode, active] = useWatch({ control, name: ['settings.mode', 'is_active'] });
  const [tested, setTested] = useState(false);

  const toInput = (values: FormValues): IntegrationInput => {
    const secrets: Record<string, string | null> = {};
    for (const name of ['webhook_url', 'bot_token'] as const) {
      const value = values.secrets?.[name] ?? '';
      if (value !== '' || !existing) secrets[name] = value === '' ? null : value;
    }
    return { ...values, secrets, policy: draftToPolicy(values.policy).policy };
  };
  const test = useMutation<TestReport, Error>({
    mutationFn: () =>
      call('integrations.test', {
        ...(existing ? { id: existing.id } : {}),
        input: (({ policy: _policy, ...input }) => input)(toInput(getValues())),
      }),
    onSuccess: () => setTested(true),
  });
  const save = useSaveIntegration<FormValues>({ existing, toInput, setError, onSaved: onClose });
  const text = (name: FieldPath<FormValues>, label: string, help: string, extra: Record<string, unknown> = {}) => {
    const error = get(formState.errors, name) as { message?: string } | undefined;
    return <TextField label={label} {...register(name)} error={!!error} helperText={translateMessage(error?.message) ?? help} {...extra} />;
  };
  const secretName = mode === 'bot' ? ('bot_token' as const) : ('webhook_url' as const);
  const secret = existing?.secrets[secretName];
  const secretError = get(formState.errors, `secrets.${secretName}`) as { message?: string } | undefined;
  const untested = !existing && (!tested || !test.data?.ok);

  return (
    <Dialog open onClose={onClose} maxWidth="lg" fullWidth aria-labelledby="slack-form-title">
      <DialogTitle id="slack-form-title">{existing ? t('common.edit', { name: existing.name }) : t('slack.add')}</DialogTitle>
      <DialogContent dividers sx={{ p: 0 }}>
        <Box component="form" id="slack-form" data-testid="slack-form" noValidate onSubmit={handleSubmit((v) => save.mutate(v))} sx={{ display: 'flex', flexDirection: { xs: 'column', md: 'row' } }}>
          <Stack spacing={2.5} sx={{ flex: 1, minWidth: 0, p: 3 }}>
            {text('name', t('common.name'), t('slack.nameHelp'), { required: true, autoFocus: true })}
            <Controller
              control={control}
              name="settings.mode"
              render={({ field }) => (
                <TextField select label={t('slack.mode')} value={field.value} onChange={(e) => field.onChange(e.target.value)} helperText={mode === 'bot' ? t('slack.modeBotHelp') : t('slack.modeWebhookHelp')}>
                  <MenuItem value="webhook">{t('slack.modeWebhook')}</MenuItem>
                  <MenuItem value="bot">{t('slack.modeBot')}</MenuItem>
                </TextField>
              )}
            />
            <TextField
              key={secretName}
              label={mode === 'bot' ? t('slack.botToken') : t('slack.webhookUrl')}
              type="password"
              autoComplete="new-password"
              required={!secret?.is_set}
              {...register(mode === 'bot' ? 'secrets.bot_token' : 'secrets.webhook_url')}
              error={!!secretError}
              placeholder={secret?.is_set ? t('common.storedPlaceholder', { masked: secret.masked ?? '' }) : mode === 'bot' ? 'xoxb-…' : 'https://hooks.slack.com/services/…'}
              helperText={translateMessage(secretError?.message) ?? (secret?.is_set ? t('slack.keepStored') : mode === 'bot' ? t('slack.botTokenHelp') : t('slack.webhookUrlHelp'))}
              slotProps={{ htmlInput: { spellCheck: false, style: { fontFamily: mono.fontFamily } } }}
            />
            {existing && secret?.is_set && <StoredSecretReveal key={secretName} integrationId={existing.id} secret={secretName} />}
            {mode === 'bot' && text('settings.channel', t('slack.channel'), t('slack.channelHelp'), { required: true, placeholder: '#security-alerts' })}
            {mode === 'bot' && text('settings.api_base', t('slack.apiBase'), t('slack.apiBaseHelp'))}
            {text('settings.text_template', t('slack.textTemplate'), t('slack.textTemplateHelp'), { multiline: true, minRows: 2, slotProps: { htmlInput: { spellCheck: false, style: { fontFamily: mono.fontFamily } } } })}
            {text('settings.timeout_ms', t('slack.timeout'), '1000–120000', { type: 'number', ...register('settings.timeout_ms', { valueAsNumber: true }) })}
            <DeliveryPolicyFields control={control} kindNoun="request" />
            <Controller
              control={control}
              name="is_active"
              render={({ field }) => <FormControlLabel control={<Switch checked={!!field.value} onChange={(e) => field.onChange(e.target.checked)} />} label={t('common.active')} />}
            />
            {!active && <Alert severity="info">{t('slack.inactive')}</Alert>}
            <Alert severity="info" variant="outlined">
              {t('slack.routing')}
            </Alert>
            {save.error && !(save.error instanceof ApiError && save.error.details?.issues?.length) && <Alert severity="error">{translateMessage(save.error.message)}</Alert>}
          </Stack>
          <Stack component="section" aria-labelledby="slack-test-title" spacing={2} sx={{ width: { md: 440 }, flexShrink: 0, p: 3, bgcolor: 'action.hover', borderLeft: { md: 1 }, borderColor: 'divider' }}>
            <Typography variant="h3" component="h2" id="slack-test-title">
              {tc('actions.testIt')}
            </Typography>
            <Typography variant="body2" color="text.secondary">
              {mode === 'bot' ? t('slack.testIntroBot') : t('slack.testIntroWebhook')}
            </Typography>
            <Box>
              <Button variant="outlined" onClick={() => test.mutate()} disabled={test.isPending}>
                {tc('actions.testIt')}
              </Button>
            </Box>
            {(test.isPending || test.data || test.error) && <TestReportView report={test.data} running={test.isPending} error={translateMessage(test.error?.message)} runningText={t('slack.testing')} />}
          </Stack>
        </Box>
      </DialogContent>
      <SetupActions
        formId="slack-form"
        untested={untested}
        testFailed={!!test.data && !test.data.ok}
        editing={!!existing}
        saving={save.isPending}
        onCancel={onClose}
        texts={{ testFirst: t('slack.testFirst'), testFailed: t('slack.testFailed'), saveAnyway: t('slack.saveAnyway'), setupNow: t('slack.setupNow') }}
      />
    </Dialog>
  );
}
