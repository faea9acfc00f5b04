import { Alert, FormControlLabel, Stack, Switch } from '@mui/material';
import { Controller, useWatch } from 'react-hook-form';
import { useTranslation } from 'react-i18next';
import type { z } from 'zod';
import { DEFAULT_SPLUNK_SOURCETYPE, SplunkInputSchema, type Integration } from '../../../main/contract/index.js';
import { ChannelFormShell, monoInput, useChannelForm } from './ChannelForm.js';
import { policyToDraft, type PolicyDraft } from './DeliveryPolicyFields.js';

type Splunk = Extract<Integration, { kind: 'splunk' }>;
type FormValues = Omit<z.input<typeof SplunkInputSchema>, 'policy' | 'secrets'> & { secrets: { token: string }; policy: PolicyDraft };

function defaults(existing?: Splunk): FormValues {
  const s = existing?.settings;
  return {
    kind: 'splunk',
    name: existing?.name ?? '',
    is_active: existing?.is_active ?? true,
    settings: {
      url: s?.url ?? '',
      index: s?.index ?? '',
      sourcetype: s?.sourcetype ?? DEFAULT_SPLUNK_SOURCETYPE,
      source: s?.source ?? '',
      host: s?.host ?? '',
      ca_pem: s?.ca_pem ?? '',
      allow_self_signed: s?.allow_self_signed ?? false,
      message_template: s?.message_template ?? '',
      timeout_ms: s?.timeout_ms ?? 15_000,
    },
    secrets: { token: '' },
    policy: policyToDraft(existing?.policy),
  };
}

/** Splunk HTTP Event Collector: address, token, index and metadata, TLS trust; Test it checks health and sends a test event. */
export function SplunkForm({ existing, onClose }: { existing?: Splunk | undefined; onClose: () => void }) {
  const { t } = useTranslation('forms');
  const kit = useChannelForm<FormValues>({ schema: SplunkInputSchema, defaults: defaults(existing), existing, secretNames: ['token'], onClose });
  const { form, text, secret } = kit;
  const selfSigned = useWatch({ control: form.control, name: 'settings.allow_self_signed' });
  return (
    <ChannelFormShell
      kit={kit}
      id="splunk"
      title={existing ? t('common.edit', { name: existing.name }) : t('splunk.add')}
      nameHelp={t('splunk.nameHelp')}
      testIntro={t('splunk.testIntro')}
      testingText={t('splunk.testing')}
      kindNoun="request"
      routing={t('record.routingBatch')}
      onClose={onClose}
    >
      {text('settings.url', t('splunk.url'), t('splunk.urlHelp'), { required: true, placeholder: 'https://splunk.example.com:8088', slotProps: monoInput })}
      {secret('token', { label: t('splunk.token'), help: t('splunk.tokenHelp'), placeholder: '12345678-9abc-def0-1234-56789abcdef0' })}
      <Stack direction={{ xs: 'column', sm: 'row' }} spacing={2}>
        {text('settings.index', t('splunk.index'), t('splunk.indexHelp'), { sx: { flex: 1 } })}
        {text('settings.sourcetype', t('splunk.sourcetype'), t('splunk.sourcetypeHelp'), { sx: { flex: 1 } })}
      </Stack>
      <Stack direction={{ xs: 'column', sm: 'row' }} spacing={2}>
        {text('settings.source', t('splunk.source'), t('splunk.sourceHelp'), { sx: { flex: 1 } })}
        {text('settings.host', t('splunk.host'), t('splunk.hostHelp'), { sx: { flex: 1 } })}
      </Stack>
      {text('settings.ca_pem', t('splunk.caPem'), t('splunk.caPemHelp'), { multiline: true, minRows: 2, slotProps: monoInput })}
      <Controller
        control={form.control}
        name="settings.allow_self_signed"
        render={({ field }) => <FormControlLabel control={<Switch checked={!!field.value} onChange={(e) => field.onChange(e.target.checked)} />} label={t('splunk.allowSelfSigned')} />}
      />
      {selfSigned && (
        <Alert severity="warning" data-testid="self-signed-warning">
          {t('splunk.allowSelfSignedWarning')}
        </Alert>
      )}
      {text('settings.message_template', t('record.messageTemplate'), t('record.messageTemplateHelp'), { multiline: true, minRows: 2, slotProps: monoInput })}
      {text('settings.timeout_ms', t('channel.timeout'), '1000–120000', { type: 'number', ...form.register('settings.timeout_ms', { valueAsNumber: true }) })}
    </ChannelFormShell>
  );
}
