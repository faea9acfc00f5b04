import { MenuItem, TextField } from '@mui/material';
import { Controller, useWatch } from 'react-hook-form';
import { useTranslation } from 'react-i18next';
import type { z } from 'zod';
import { DEFAULT_SLACK_API_BASE, SlackInputSchema, type Integration } from '../../../main/contract/index.js';
import { ChannelFormShell, monoInput, useChannelForm } from './ChannelForm.js';
import { policyToDraft, type PolicyDraft } from './DeliveryPolicyFields.js';

type Slack = Extract<Integration, { kind: 'slack' }>;
type FormValues = Omit<z.input<typeof SlackInputSchema>, 'policy' | 'secrets'> & { secrets: { webhook_url: string; bot_token: string }; policy: PolicyDraft };

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
  const kit = useChannelForm<FormValues>({ schema: SlackInputSchema, defaults: defaults(existing), existing, secretNames: ['webhook_url', 'bot_token'], onClose });
  const { form, text, secret } = kit;
  const mode = useWatch({ control: form.control, name: 'settings.mode' });
  return (
    <ChannelFormShell
      kit={kit}
      id="slack"
      title={existing ? t('common.edit', { name: existing.name }) : t('slack.add')}
      nameHelp={t('slack.nameHelp')}
      testIntro={mode === 'bot' ? t('slack.testIntroBot') : t('slack.testIntroWebhook')}
      testingText={t('slack.testing')}
      onClose={onClose}
    >
      <Controller
        control={form.control}
        name="settings.mode"
        render={({ field }) => (
          <TextField select label={t('slack.mode')} value={field.value} onChange={(e) => field.onChange(e.target.value)} helperText={mode === 'bot' ? t('slack.modeBotHelp') : t('slack.modeWebhookHelp')}>
            <MenuItem value="webhook">{t('slack.modeWebhook')}</MenuItem>
            <MenuItem value="bot">{t('slack.modeBot')}</MenuItem>
          </TextField>
        )}
      />
      {mode === 'bot'
        ? secret('bot_token', { label: t('slack.botToken'), help: t('slack.botTokenHelp'), placeholder: 'xoxb-…' })
        : secret('webhook_url', { label: t('slack.webhookUrl'), help: t('slack.webhookUrlHelp'), placeholder: 'https://hooks.slack.com/services/…' })}
      {mode === 'bot' && text('settings.channel', t('slack.channel'), t('slack.channelHelp'), { required: true, placeholder: '#security-alerts' })}
      {mode === 'bot' && text('settings.api_base', t('slack.apiBase'), t('slack.apiBaseHelp'))}
      {text('settings.text_template', t('slack.textTemplate'), t('slack.textTemplateHelp'), { multiline: true, minRows: 2, slotProps: monoInput })}
      {text('settings.timeout_ms', t('channel.timeout'), '1000–120000', { type: 'number', ...form.register('settings.timeout_ms', { valueAsNumber: true }) })}
    </ChannelFormShell>
  );
}
