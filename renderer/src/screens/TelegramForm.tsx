import { Stack } from '@mui/material';
import { useTranslation } from 'react-i18next';
import type { z } from 'zod';
import { DEFAULT_TELEGRAM_API_BASE, TelegramInputSchema, type Integration } from '../../../main/contract/index.js';
import { ChannelFormShell, monoInput, useChannelForm } from './ChannelForm.js';
import { policyToDraft, type PolicyDraft } from './DeliveryPolicyFields.js';

type Telegram = Extract<Integration, { kind: 'telegram' }>;
type FormValues = Omit<z.input<typeof TelegramInputSchema>, 'policy' | 'secrets'> & { secrets: { bot_token: string }; policy: PolicyDraft };

function defaults(existing?: Telegram): FormValues {
  const s = existing?.settings;
  return {
    kind: 'telegram',
    name: existing?.name ?? '',
    is_active: existing?.is_active ?? true,
    settings: {
      chat_id: s?.chat_id ?? '',
      message_thread_id: s?.message_thread_id ?? '',
      api_base: s?.api_base ?? DEFAULT_TELEGRAM_API_BASE,
      text_template: s?.text_template ?? '',
      timeout_ms: s?.timeout_ms ?? 15_000,
    },
    secrets: { bot_token: '' },
    policy: policyToDraft(existing?.policy),
  };
}

/** Telegram: a bot token and a chat; Test it names the bot (getMe) and posts a test message. */
export function TelegramForm({ existing, onClose }: { existing?: Telegram | undefined; onClose: () => void }) {
  const { t } = useTranslation('forms');
  const kit = useChannelForm<FormValues>({ schema: TelegramInputSchema, defaults: defaults(existing), existing, secretNames: ['bot_token'], onClose });
  const { form, text, secret } = kit;
  return (
    <ChannelFormShell kit={kit} id="telegram" title={existing ? t('common.edit', { name: existing.name }) : t('telegram.add')} nameHelp={t('telegram.nameHelp')} testIntro={t('telegram.testIntro')} testingText={t('telegram.testing')} onClose={onClose}>
      {secret('bot_token', { label: t('telegram.botToken'), help: t('telegram.botTokenHelp'), placeholder: '123456789:AAE…' })}
      <Stack direction={{ xs: 'column', sm: 'row' }} spacing={2}>
        {text('settings.chat_id', t('telegram.chatId'), t('telegram.chatIdHelp'), { required: true, placeholder: '-1001234567890', sx: { flex: 2 }, slotProps: monoInput })}
        {text('settings.message_thread_id', t('telegram.threadId'), t('telegram.threadIdHelp'), { sx: { flex: 1 }, inputMode: 'numeric' })}
      </Stack>
      {text('settings.text_template', t('telegram.textTemplate'), t('telegram.textTemplateHelp'), { multiline: true, minRows: 3, placeholder: t('telegram.textTemplatePlaceholder'), slotProps: monoInput })}
      {text('settings.api_base', t('telegram.apiBase'), t('telegram.apiBaseHelp'))}
      {text('settings.timeout_ms', t('channel.timeout'), '1000–120000', { type: 'number', ...form.register('settings.timeout_ms', { valueAsNumber: true }) })}
    </ChannelFormShell>
  );
}
