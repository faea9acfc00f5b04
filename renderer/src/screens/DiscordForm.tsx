import { useTranslation } from 'react-i18next';
import type { z } from 'zod';
import { DiscordInputSchema, type Integration } from '../../../main/contract/index.js';
import { ChannelFormShell, monoInput, useChannelForm } from './ChannelForm.js';
import { policyToDraft, type PolicyDraft } from './DeliveryPolicyFields.js';

type Discord = Extract<Integration, { kind: 'discord' }>;
type FormValues = Omit<z.input<typeof DiscordInputSchema>, 'policy' | 'secrets'> & { secrets: { webhook_url: string }; policy: PolicyDraft };

function defaults(existing?: Discord): FormValues {
  const s = existing?.settings;
  return {
    kind: 'discord',
    name: existing?.name ?? '',
    is_active: existing?.is_active ?? true,
    settings: { username: s?.username ?? '', text_template: s?.text_template ?? '', timeout_ms: s?.timeout_ms ?? 15_000 },
    secrets: { webhook_url: '' },
    policy: policyToDraft(existing?.policy),
  };
}

/** Discord: a channel webhook URL and an optional sender name; Test it reads the webhook and posts. */
export function DiscordForm({ existing, onClose }: { existing?: Discord | undefined; onClose: () => void }) {
  const { t } = useTranslation('forms');
  const kit = useChannelForm<FormValues>({ schema: DiscordInputSchema, defaults: defaults(existing), existing, secretNames: ['webhook_url'], onClose });
  const { form, text, secret } = kit;
  return (
    <ChannelFormShell kit={kit} id="discord" title={existing ? t('common.edit', { name: existing.name }) : t('discord.add')} nameHelp={t('discord.nameHelp')} testIntro={t('discord.testIntro')} testingText={t('discord.testing')} onClose={onClose}>
      {secret('webhook_url', { label: t('discord.webhookUrl'), help: t('discord.webhookUrlHelp'), placeholder: 'https://discord.com/api/webhooks/…' })}
      {text('settings.username', t('discord.username'), t('discord.usernameHelp'), { placeholder: 'Herald' })}
      {text('settings.text_template', t('discord.textTemplate'), t('discord.textTemplateHelp'), { multiline: true, minRows: 2, slotProps: monoInput })}
      {text('settings.timeout_ms', t('channel.timeout'), '1000–120000', { type: 'number', ...form.register('settings.timeout_ms', { valueAsNumber: true }) })}
    </ChannelFormShell>
  );
}
