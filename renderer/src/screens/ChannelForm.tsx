import { zodResolver } from '@hookform/resolvers/zod';
import { Alert, Box, Button, Dialog, DialogContent, DialogTitle, FormControlLabel, Stack, Switch, TextField, Typography } from '@mui/material';
import { useMutation } from '@tanstack/react-query';
import { useState, type ReactNode } from 'react';
import { Controller, get, useForm, useWatch, type DefaultValues, type FieldPath, type FieldValues, type UseFormReturn } from 'react-hook-form';
import { useTranslation } from 'react-i18next';
import type { Integration, IntegrationInput, TestReport } from '../../../main/contract/index.js';
import { ApiError, call } from '../api.js';
import { translateMessage } from '../i18n/validation.js';
import { mono } from '../theme.js';
import { DeliveryPolicyFields, draftToPolicy, withPolicyDraft, type PolicyDraft } from './DeliveryPolicyFields.js';
import { SetupActions } from './SetupActions.js';
import { StoredSecretReveal } from './StoredSecretReveal.js';
import { TestReportView } from './TestReportView.js';
import { useSaveIntegration } from './useSaveIntegration.js';

/** The values every channel form holds besides its own settings. */
export type ChannelValues = FieldValues & { kind: string; name: string; is_active?: boolean | undefined; secrets: Record<string, string>; policy: PolicyDraft };

export const monoInput = { htmlInput: { spellCheck: false, style: { fontFamily: mono.fontFamily } } };

/**
 * The state of a chat/incident/log channel's form: react-hook-form checked by the kind's contract
 * schema, Test it with the values as typed, and save. Secrets left empty keep the stored value.
 */
export function useChannelForm<V extends ChannelValues>(options: {
  schema: unknown;
  defaults: V;
  existing: Integration | undefined;
  secretNames: readonly string[];
  onClose: () => void;
  /** What Test it sends besides the settings, e.g. the number an SMS test goes to. */
  testOptions?: () => Record<string, unknown>;
}) {
  const { existing, secretNames } = options;
  const { t } = useTranslation('forms');
  const form = useForm<V>({ resolver: withPolicyDraft<V>(zodResolver(options.schema as never)), mode: 'onChange', defaultValues: options.defaults as DefaultValues<V> });
  const { register, formState, setError, getValues } = form;
  const [tested, setTested] = useState(false);

  const toInput = (values: V): IntegrationInput => {
    const secrets: Record<string, string | null> = {};
    for (const name of secretNames) {
      const value = values.secrets?.[name] ?? '';
      if (value !== '' || !existing) secrets[name] = value === '' ? null : value;
    }
    return { ...values, secrets, policy: draftToPolicy(values.policy).policy } as unknown as IntegrationInput;
  };
  const test = useMutation<TestReport, Error>({
    mutationFn: () =>
      call('integrations.test', {
        ...(existing ? { id: existing.id } : {}),
        input: (({ policy: _policy, ...input }) => input)(toInput(getValues())) as never,
        ...options.testOptions?.(),
      }),
    onSuccess: () => setTested(true),
  });
  const save = useSaveIntegration<V>({ existing, toInput, setError, onSaved: options.onClose });

  const errorOf = (name: string) => get(formState.errors, name) as { message?: string } | undefined;
  /** A text field bound to `name`, its validation message in place of the help. */
  const text = (name: FieldPath<V>, label: string, help: string, extra: Record<string, unknown> = {}) => {
    const error = errorOf(name);
    return <TextField label={label} {...register(name)} error={!!error} helperText={translateMessage(error?.message) ?? help} {...extra} />;
  };
  /** A secret: typed as a password, shown masked when stored, with the logged reveal. */
  const secret = (name: string, field: { label: string; help: string; placeholder?: string; optional?: boolean }) => {
    const stored = existing?.secrets[name];
    const error = errorOf(`secrets.${name}`);
    return (
      <Stack spacing={1} key={name}>
        <TextField
          label={field.label}
          type="password"
          autoComplete="new-password"
          required={!field.optional && !stored?.is_set}
          {...register(`secrets.${name}` as FieldPath<V>)}
          error={!!error}
          placeholder={stored?.is_set ? t('common.storedPlaceholder', { masked: stored.masked ?? '' }) : field.placeholder}
          helperText={translateMessage(error?.message) ?? (stored?.is_set ? t('channel.keepStored') : field.help)}
          slotProps={monoInput}
        />
        {existing && stored?.is_set && <StoredSecretReveal integrationId={existing.id} secret={name} label={field.label} />}
      </Stack>
    );
  };
  const untested = !existing && (!tested || !test.data?.ok);
  return { form, test, save, text, secret, untested, existing };
}

export type ChannelFormKit<V extends ChannelValues> = ReturnType<typeof useChannelForm<V>>;

/**
 * The frame every channel form shares: name, the kind's own fields, delivery policy, the active
 * switch, and Test it beside them; the footer sets up after a passing test or saves anyway.
 */
export function ChannelFormShell<V extends ChannelValues>({
  kit,
  id,
  title,
  nameHelp,
  testIntro,
  testingText,
  kindNoun = 'message',
  routing,
  onClose,
  children,
  testExtra,
}: {
  kit: ChannelFormKit<V>;
  /** Prefix of the form's ids and test ids, e.g. "teams" → #teams-form. */
  id: string;
  title: string;
  nameHelp: string;
  testIntro: string;
  testingText: string;
  kindNoun?: 'message' | 'request';
  /** How events reach this integration; defaults to "rules send here, one message per event". */
  routing?: string;
  onClose: () => void;
  children: ReactNode;
  /** Inputs of the Test it panel above its button, e.g. the number a test SMS goes to. */
  testExtra?: ReactNode;
}) {
  const { t } = useTranslation('forms');
  const { t: tc } = useTranslation('common');
  const { form, test, save, text, untested, existing } = kit;
  const control = form.control as unknown as UseFormReturn<ChannelValues>['control'];
  const active = useWatch({ control, name: 'is_active' });
  return (
    <Dialog open onClose={onClose} maxWidth="lg" fullWidth aria-labelledby={`${id}-form-title`}>
      <DialogTitle id={`${id}-form-title`}>{title}</DialogTitle>
      <DialogContent dividers sx={{ p: 0 }}>
        <Box component="form" id={`${id}-form`} data-testid={`${id}-form`} noValidate onSubmit={form.handleSubmit((v) => save.mutate(v))} sx={{ display: 'flex', flexDirection: { xs: 'column', md: 'row' } }}>
          <Stack spacing={2.5} sx={{ flex: 1, minWidth: 0, p: 3 }}>
            {text('name' as FieldPath<V>, t('common.name'), nameHelp, { required: true, autoFocus: true })}
            {children}
            <DeliveryPolicyFields control={control} kindNoun={kindNoun} />
            <Controller
              control={control}
              name="is_active"
              render={({ field }) => <FormControlLabel control={<Switch checked={!!field.value} onChange={(e) => field.onChange(e.target.checked)} />} label={t('common.active')} />}
            />
            {!active && <Alert severity="info">{t('channel.inactive')}</Alert>}
            <Alert severity="info" variant="outlined">
              {routing ?? t('channel.routing')}
            </Alert>
            {save.error && !(save.error instanceof ApiError && save.error.details?.issues?.length) && <Alert severity="error">{translateMessage(save.error.message)}</Alert>}
          </Stack>
          <Stack component="section" aria-labelledby={`${id}-test-title`} spacing={2} sx={{ width: { md: 440 }, flexShrink: 0, p: 3, bgcolor: 'action.hover', borderLeft: { md: 1 }, borderColor: 'divider' }}>
            <Typography variant="h3" component="h2" id={`${id}-test-title`}>
              {tc('actions.testIt')}
            </Typography>
            <Typography variant="body2" color="text.secondary">
              {testIntro}
            </Typography>
            {testExtra}
            <Box>
              <Button variant="outlined" onClick={() => test.mutate()} disabled={test.isPending}>
                {tc('actions.testIt')}
              </Button>
            </Box>
            {(test.isPending || test.data || test.error) && <TestReportView report={test.data} running={test.isPending} error={translateMessage(test.error?.message)} runningText={testingText} />}
          </Stack>
        </Box>
      </DialogContent>
      <SetupActions
        formId={`${id}-form`}
        untested={untested}
        testFailed={!!test.data && !test.data.ok}
        editing={!!existing}
        saving={save.isPending}
        onCancel={onClose}
        texts={{ testFirst: t('channel.testFirst'), testFailed: t('channel.testFailed'), saveAnyway: t('channel.saveAnyway'), setupNow: t('channel.setupNow') }}
      />
    </Dialog>
  );
}
