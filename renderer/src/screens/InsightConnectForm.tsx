import { useTranslation } from 'react-i18next';
import type { z } from 'zod';
import { InsightConnectInputSchema, type Integration } from '../../../main/contract/index.js';
import { ChannelFormShell, monoInput, useChannelForm } from './ChannelForm.js';
import { policyToDraft, type PolicyDraft } from './DeliveryPolicyFields.js';

type InsightConnect = Extract<Integration, { kind: 'insightconnect' }>;
type FormValues = Omit<z.input<typeof InsightConnectInputSchema>, 'policy' | 'secrets'> & { secrets: { trigger_url: string; api_key: string }; policy: PolicyDraft };

function defaults(existing?: InsightConnect): FormValues {
  const s = existing?.settings;
  return {
    kind: 'insightconnect',
    name: existing?.name ?? '',
    is_active: existing?.is_active ?? true,
    settings: { message_template: s?.message_template ?? '', timeout_ms: s?.timeout_ms ?? 15_000 },
    secrets: { trigger_url: '', api_key: '' },
    policy: policyToDraft(existing?.policy),
  };
}

/** Rapid7 InsightConnect: a workflow's API trigger URL and optional API key; Test it starts the workflow and shows the job. */
export function InsightConnectForm({ existing, onClose }: { existing?: InsightConnect | undefined; onClose: () => void }) {
  const { t } = useTranslation('forms');
  const kit = useChannelForm<FormValues>({ schema: InsightConnectInputSchema, defaults: defaults(existing), existing, secretNames: ['trigger_url', 'api_key'], onClose });
  const { form, text, secret } = kit;
  return (
    <ChannelFormShell
      kit={kit}
      id="insightconnect"
      title={existing ? t('common.edit', { name: existing.name }) : t('insightconnect.add')}
      nameHelp={t('insightconnect.nameHelp')}
      testIntro={t('insightconnect.testIntro')}
      testingText={t('insightconnect.testing')}
      kindNoun="request"
      onClose={onClose}
    >
      {secret('trigger_url', { label: t('insightconnect.triggerUrl'), help: t('insightconnect.triggerUrlHelp'), placeholder: 'https://us.api.insight.rapid7.com/connect/v1/workflows/…/events/execute' })}
      {secret('api_key', { label: t('insightconnect.apiKey'), help: t('insightconnect.apiKeyHelp'), optional: true })}
      {text('settings.message_template', t('record.messageTemplate'), t('record.messageTemplateHelp'), { multiline: true, minRows: 2, slotProps: monoInput })}
      {text('settings.timeout_ms', t('channel.timeout'), '1000–120000', { type: 'number', ...form.register('settings.timeout_ms', { valueAsNumber: true }) })}
    </ChannelFormShell>
  );
}
