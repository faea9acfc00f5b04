import { useTranslation } from 'react-i18next';
import type { z } from 'zod';
import { MattermostInputSchema, type Integration } from '../../../main/contract/index.js';
import { ChannelFormShell, monoInput, useChannelForm } from './ChannelForm.js';
import { policyToDraft, type PolicyDraft } from './DeliveryPolicyFields.js';

type Mattermost = Extract<Integration, { kind: 'mattermost' }>;
type FormValues = Omit<z.input<typeof MattermostInputSchema>, 'policy' | 'secrets'> & { secrets: { webhook_url: string }; policy: PolicyDraft };

function defaults(existing?: Mattermost): FormValues {
  const s = existing?.settings;
  return {
    kind: 'mattermost',
    name: existing?.name ?? '',
    is_active: existing?.is_active ?? true,
    settings: { channel: s?.channel ?? '', username: s?.username ?? '', icon_url: s?.icon_url ?? '', text_template: s?.text_template ?? '', timeout_ms: s?.timeout_ms ?? 15_000 },
    secrets: { webhook_url: '' },
    policy: policyToDraft(existing?.policy),
  };
}

/** Mattermost: an incoming webhook URL with optional channel, username and icon overrides. */
export function MattermostForm({ existing, onClose }: { existing?: Mattermost | undefined; onClose: () => void }) {
  const { t } = useTranslation('forms');
  const kit = useChannelForm<FormValues>({ schema: MattermostInputSchema, defaults: defaults(existing), existing, secretNames: ['webhook_url'], onClose });
  const { form, text, secret } = kit;
  return (
    <ChannelFormShell kit={kit} id="mattermost" title={existing ? t('common.edit', { name: existing.name }) : t('mattermost.add')} nameHelp={t('mattermost.nameHelp')} testIntro={t('mattermost.testIntro')} testingText={t('mattermost.testing')} onClose={onClose}>
      {secret('webhook_url', { label: t('mattermost.webhookUrl'), help: t('mattermost.webhookUrlHelp'), placeholder: 'https://mattermost.example.com/hooks/…' })}
      {text('settings.channel', t('mattermost.channel'), t('mattermost.channelHelp'), { placeholder: 'security-alerts', slotProps: monoInput })}
      {text('settings.username', t('mattermost.username'), t('mattermost.usernameHelp'), { placeholder: 'herald' })}
      {text('settings.icon_url', t('mattermost.iconUrl'), t('mattermost.iconUrlHelp'), { placeholder: 'https://…/herald.png' })}
      {text('settings.text_template', t('mattermost.textTemplate'), t('mattermost.textTemplateHelp'), { multiline: true, minRows: 2, slotProps: monoInput })}
      {text('settings.timeout_ms', t('channel.timeout'), '1000–120000', { type: 'number', ...form.register('settings.timeout_ms', { valueAsNumber: true }) })}
    </ChannelFormShell>
  );
}
