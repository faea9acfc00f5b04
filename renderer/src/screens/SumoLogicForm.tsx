import { FormControlLabel, FormHelperText, Stack, Switch } from '@mui/material';
import { Controller } from 'react-hook-form';
import { useTranslation } from 'react-i18next';
import type { z } from 'zod';
import { SumoLogicInputSchema, type Integration } from '../../../main/contract/index.js';
import { ChannelFormShell, monoInput, useChannelForm } from './ChannelForm.js';
import { policyToDraft, type PolicyDraft } from './DeliveryPolicyFields.js';

type Sumo = Extract<Integration, { kind: 'sumologic' }>;
type FormValues = Omit<z.input<typeof SumoLogicInputSchema>, 'policy' | 'secrets'> & { secrets: { source_url: string }; policy: PolicyDraft };

function defaults(existing?: Sumo): FormValues {
  const s = existing?.settings;
  return {
    kind: 'sumologic',
    name: existing?.name ?? '',
    is_active: existing?.is_active ?? true,
    settings: {
      category: s?.category ?? '',
      source_name: s?.source_name ?? '',
      source_host: s?.source_host ?? '',
      gzip: s?.gzip ?? true,
      message_template: s?.message_template ?? '',
      timeout_ms: s?.timeout_ms ?? 15_000,
    },
    secrets: { source_url: '' },
    policy: policyToDraft(existing?.policy),
  };
}

/** Sumo Logic HTTP Logs & Metrics source: the source URL (the credential) and the X-Sumo metadata; Test it sends a test record. */
export function SumoLogicForm({ existing, onClose }: { existing?: Sumo | undefined; onClose: () => void }) {
  const { t } = useTranslation('forms');
  const kit = useChannelForm<FormValues>({ schema: SumoLogicInputSchema, defaults: defaults(existing), existing, secretNames: ['source_url'], onClose });
  const { form, text, secret } = kit;
  return (
    <ChannelFormShell
      kit={kit}
      id="sumologic"
      title={existing ? t('common.edit', { name: existing.name }) : t('sumologic.add')}
      nameHelp={t('sumologic.nameHelp')}
      testIntro={t('sumologic.testIntro')}
      testingText={t('sumologic.testing')}
      kindNoun="request"
      routing={t('record.routingBatch')}
      onClose={onClose}
    >
      {secret('source_url', { label: t('sumologic.sourceUrl'), help: t('sumologic.sourceUrlHelp'), placeholder: 'https://endpoint4.collection.us2.sumologic.com/receiver/v1/http/…' })}
      {text('settings.category', t('sumologic.category'), t('sumologic.categoryHelp'), { placeholder: 'security/herald' })}
      <Stack direction={{ xs: 'column', sm: 'row' }} spacing={2}>
        {text('settings.source_name', t('sumologic.sourceName'), t('sumologic.sourceNameHelp'), { sx: { flex: 1 } })}
        {text('settings.source_host', t('sumologic.sourceHost'), t('sumologic.sourceHostHelp'), { sx: { flex: 1 } })}
      </Stack>
      <Controller
        control={form.control}
        name="settings.gzip"
        render={({ field }) => (
          <div>
            <FormControlLabel control={<Switch checked={!!field.value} onChange={(e) => field.onChange(e.target.checked)} />} label={t('sumologic.gzip')} />
            <FormHelperText sx={{ mt: 0 }}>{t('sumologic.gzipHelp')}</FormHelperText>
          </div>
        )}
      />
      {text('settings.message_template', t('record.messageTemplate'), t('record.messageTemplateHelp'), { multiline: true, minRows: 2, slotProps: monoInput })}
      {text('settings.timeout_ms', t('channel.timeout'), '1000–120000', { type: 'number', ...form.register('settings.timeout_ms', { valueAsNumber: true }) })}
    </ChannelFormShell>
  );
}
