import { useTranslation } from 'react-i18next';
import type { z } from 'zod';
import { TeamsInputSchema, type Integration } from '../../../main/contract/index.js';
import { ChannelFormShell, monoInput, useChannelForm } from './ChannelForm.js';
import { policyToDraft, type PolicyDraft } from './DeliveryPolicyFields.js';

type Teams = Extract<Integration, { kind: 'teams' }>;
type FormValues = Omit<z.input<typeof TeamsInputSchema>, 'policy' | 'secrets'> & { secrets: { webhook_url: string }; policy: PolicyDraft };

function defaults(existing?: Teams): FormValues {
  const s = existing?.settings;
  return {
    kind: 'teams',
    name: existing?.name ?? '',
    is_active: existing?.is_active ?? true,
    settings: { text_template: s?.text_template ?? '', timeout_ms: s?.timeout_ms ?? 15_000 },
    secrets: { webhook_url: '' },
    policy: policyToDraft(existing?.policy),
  };
}

/** Microsoft Teams: a Workflows (or legacy connector) webhook URL; Test it posts a test card. */
export function TeamsForm({ existing, onClose }: { existing?: Teams | undefined; onClose: () => void }) {
  const { t } = useTranslation('forms');
  const kit = useChannelForm<FormValues>({ schema: TeamsInputSchema, defaults: defaults(existing), existing, secretNames: ['webhook_url'], onClose });
  const { form, text, secret } = kit;
  return (
    <ChannelFormShell kit={kit} id="teams" title={existing ? t('common.edit', { name: existing.name }) : t('teams.add')} nameHelp={t('teams.nameHelp')} testIntro={t('teams.testIntro')} testingText={t('teams.testing')} onClose={onClose}>
      {secret('webhook_url', { label: t('teams.webhookUrl'), help: t('teams.webhookUrlHelp'), placeholder: 'https://…/workflows/…/triggers/manual/paths/invoke?…' })}
      {text('settings.text_template', t('teams.textTemplate'), t('teams.textTemplateHelp'), { multiline: true, minRows: 2, slotProps: monoInput })}
      {text('settings.timeout_ms', t('channel.timeout'), '1000–120000', { type: 'number', ...form.register('settings.timeout_ms', { valueAsNumber: true }) })}
    </ChannelFormShell>
  );
}
