import { MenuItem, Stack, TextField } from '@mui/material';
import { useState } from 'react';
import { Controller, get, useWatch } from 'react-hook-form';
import { useTranslation } from 'react-i18next';
import type { z } from 'zod';
import { SMS_DEFAULT_BODIES, SmsInputSchema, type Integration } from '../../../main/contract/index.js';
import { ChannelFormShell, monoInput, useChannelForm } from './ChannelForm.js';
import { policyToDraft, type PolicyDraft } from './DeliveryPolicyFields.js';
import { PhoneListField, SmsLengthCounter } from './SmsFields.js';

type Sms = Extract<Integration, { kind: 'sms' }>;
type FormValues = Omit<z.input<typeof SmsInputSchema>, 'policy' | 'secrets'> & { secrets: { password: string; token: string; header_value: string }; policy: PolicyDraft };

function defaults(existing?: Sms): FormValues {
  const s = existing?.settings;
  return {
    kind: 'sms',
    name: existing?.name ?? '',
    is_active: existing?.is_active ?? true,
    settings: {
      url: s?.url ?? '',
      method: s?.method ?? 'POST',
      auth: s?.auth ?? 'bearer',
      username: s?.username ?? '',
      header_name: s?.header_name ?? '',
      content_type: s?.content_type ?? 'json',
      body_template: s?.body_template ?? '',
      recipients: s?.recipients ?? [],
      text_template: s?.text_template ?? '',
      encoding: s?.encoding ?? 'auto',
      max_parts: s?.max_parts ?? 3,
      success_contains: s?.success_contains ?? '',
      timeout_ms: s?.timeout_ms ?? 15_000,
    },
    secrets: { password: '', token: '', header_value: '' },
    policy: policyToDraft(existing?.policy),
  };
}

/** SMS through an HTTP gateway: where and how to call it, who gets texted, and the text with its live length. */
export function SmsForm({ existing, onClose }: { existing?: Sms | undefined; onClose: () => void }) {
  const { t } = useTranslation('forms');
  const [testTo, setTestTo] = useState('');
  const kit = useChannelForm<FormValues>({
    schema: SmsInputSchema,
    defaults: defaults(existing),
    existing,
    secretNames: ['password', 'token', 'header_value'],
    onClose,
    testOptions: () => (testTo.trim() ? { sms_to: testTo.trim() } : {}),
  });
  const { form, text, secret } = kit;
  const [method, auth, contentType, template, maxParts, encoding] = useWatch({
    control: form.control,
    name: ['settings.method', 'settings.auth', 'settings.content_type', 'settings.text_template', 'settings.max_parts', 'settings.encoding'],
  });
  const select = (name: 'settings.method' | 'settings.auth' | 'settings.content_type' | 'settings.encoding', label: string, help: string, options: [string, string][], sx: object = {}) => (
    <Controller
      control={form.control}
      name={name}
      render={({ field }) => (
        <TextField select label={label} value={field.value} onChange={(e) => field.onChange(e.target.value)} helperText={help} sx={sx}>
          {options.map(([value, shown]) => (
            <MenuItem key={value} value={value}>
              {shown}
            </MenuItem>
          ))}
        </TextField>
      )}
    />
  );
  const recipientErrors = (() => {
    const node = get(form.formState.errors, 'settings.recipients') as unknown;
    if (!node || typeof node !== 'object') return [];
    const out: string[] = [];
    if (typeof (node as { message?: unknown }).message === 'string') out.push((node as { message: string }).message);
    if (Array.isArray(node)) for (const item of node) if (item && typeof item.message === 'string') out.push(item.message as string);
    return out;
  })();
  const testProblem = testTo.trim() && !/^\+\d{8,15}$/.test(testTo.trim()) ? t('sms.testToInvalid') : null;
  return (
    <ChannelFormShell
      kit={kit}
      id="sms"
      title={existing ? t('common.edit', { name: existing.name }) : t('sms.add')}
      nameHelp={t('sms.nameHelp')}
      testIntro={t('sms.testIntro')}
      testingText={t('sms.testing')}
      onClose={onClose}
      testExtra={
        <TextField
          size="small"
          label={t('sms.testTo')}
          value={testTo}
          onChange={(e) => setTestTo(e.target.value)}
          placeholder="+447700900123"
          error={!!testProblem}
          helperText={testProblem ?? t('sms.testToHelp')}
          slotProps={{ htmlInput: { inputMode: 'tel', spellCheck: false } }}
        />
      }
    >
      {text('settings.url', t('sms.url'), t('sms.urlHelp'), { required: true, placeholder: 'https://sms.example.com/api/send', slotProps: monoInput })}
      <Stack direction={{ xs: 'column', sm: 'row' }} spacing={2}>
        {select('settings.method', t('sms.method'), t('sms.methodHelp'), [['POST', 'POST'], ['GET', 'GET'], ['PUT', 'PUT']], { flex: 1 })}
        {method !== 'GET' &&
          select(
            'settings.content_type',
            t('sms.contentType'),
            t('sms.contentTypeHelp'),
            [
              ['json', 'JSON'],
              ['form', t('sms.contentTypes.form')],
              ['plain', t('sms.contentTypes.plain')],
            ],
            { flex: 1 },
          )}
      </Stack>
      {method !== 'GET' &&
        text('settings.body_template', t('sms.bodyTemplate'), t('sms.bodyTemplateHelp'), { multiline: true, minRows: 2, placeholder: SMS_DEFAULT_BODIES[contentType ?? 'json'], slotProps: monoInput })}
      {select('settings.auth', t('sms.auth'), t('sms.authHelp'), [
        ['none', t('sms.auths.none')],
        ['basic', t('sms.auths.basic')],
        ['bearer', t('sms.auths.bearer')],
        ['header', t('sms.auths.header')],
      ])}
      {auth === 'basic' && (
        <Stack direction={{ xs: 'column', sm: 'row' }} spacing={2}>
          {text('settings.username', t('sms.username'), '', { required: true, sx: { flex: 1 } })}
          <Stack sx={{ flex: 1 }}>{secret('password', { label: t('sms.password'), help: t('sms.secretHelp') })}</Stack>
        </Stack>
      )}
      {auth === 'bearer' && secret('token', { label: t('sms.token'), help: t('sms.secretHelp') })}
      {auth === 'header' && (
        <Stack direction={{ xs: 'column', sm: 'row' }} spacing={2}>
          {text('settings.header_name', t('sms.headerName'), t('sms.headerNameHelp'), { required: true, placeholder: 'X-API-Key', sx: { flex: 1 } })}
          <Stack sx={{ flex: 1 }}>{secret('header_value', { label: t('sms.headerValue'), help: t('sms.secretHelp') })}</Stack>
        </Stack>
      )}
      <Controller
        control={form.control}
        name="settings.recipients"
        render={({ field }) => <PhoneListField label={t('sms.recipients')} value={(field.value as string[] | undefined) ?? []} onChange={field.onChange} errors={recipientErrors} help={t('sms.recipientsHelp')} />}
      />
      {text('settings.text_template', t('sms.textTemplate'), t('sms.textTemplateHelp'), { multiline: true, minRows: 2, slotProps: monoInput })}
      <SmsLengthCounter template={template ?? ''} maxParts={Number(maxParts)} ucs2={encoding === 'ucs2'} />
      <Stack direction={{ xs: 'column', sm: 'row' }} spacing={2}>
        {select(
          'settings.encoding',
          t('sms.encoding'),
          t('sms.encodingHelp'),
          [
            ['auto', t('sms.encodings.auto')],
            ['ucs2', t('sms.encodings.ucs2')],
          ],
          { flex: 1 },
        )}
        {text('settings.max_parts', t('sms.maxParts'), t('sms.maxPartsHelp'), { type: 'number', sx: { flex: 1 }, ...form.register('settings.max_parts', { valueAsNumber: true }) })}
      </Stack>
      {text('settings.success_contains', t('sms.successContains'), t('sms.successContainsHelp'), { placeholder: '"status":"queued"', slotProps: monoInput })}
      {text('settings.timeout_ms', t('channel.timeout'), '1000–120000', { type: 'number', ...form.register('settings.timeout_ms', { valueAsNumber: true }) })}
    </ChannelFormShell>
  );
}
