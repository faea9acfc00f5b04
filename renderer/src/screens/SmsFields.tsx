import { Autocomplete, Box, Chip, TextField, Tooltip, Typography } from '@mui/material';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { fitSms, PhoneNumberSchema, SMS_DEFAULT_TEXT, smsLength, type Integration } from '../../../main/contract/index.js';
import { call } from '../api.js';
import { translateMessage } from '../i18n/validation.js';
import { mono } from '../theme.js';
import { useDebounced } from '../useDebounced.js';

/** Why a number is refused, in the contract's words; null when it is fine. */
function phoneProblem(phone: string): string | null {
  const parsed = PhoneNumberSchema.safeParse(phone);
  return parsed.success ? null : translateMessage(parsed.error.issues[0]?.message ?? '');
}

const SEPARATORS = /[\s,;]+/;

/** Phone numbers as chips: typed, or pasted as a list; a bad number is marked and named. */
export function PhoneListField({ label, value, onChange, errors, help, required }: { label: string; value: string[]; onChange: (next: string[]) => void; errors: string[]; help: string; required?: boolean }) {
  const [input, setInput] = useState('');
  const add = (list: string[]) => onChange([...new Set([...value, ...list.map((p) => p.trim()).filter(Boolean)])]);
  const invalid = value.map((p) => [p, phoneProblem(p)] as const).filter(([, problem]) => problem);
  const helperText = invalid.length ? invalid.map(([, problem]) => problem).join(' · ') : errors.length ? errors.map((e) => translateMessage(e)).join(' · ') : help;
  return (
    <Autocomplete
      multiple
      freeSolo
      options={[] as string[]}
      value={value}
      inputValue={input}
      onInputChange={(_e, next, reason) => {
        if (reason !== 'input' || !SEPARATORS.test(next)) return setInput(next);
        const parts = next.split(SEPARATORS);
        const tail = /[\s,;]$/.test(next) ? '' : (parts.pop() ?? '');
        add(parts);
        setInput(tail);
      }}
      onChange={(_e, next) => {
        onChange([...new Set(next.map((v) => v.trim()).filter(Boolean))]);
        setInput('');
      }}
      onBlur={() => {
        if (input.trim()) add([input]);
        setInput('');
      }}
      renderValue={(list, getItemProps) =>
        list.map((phone, i) => {
          const problem = phoneProblem(phone);
          const chip = <Chip size="small" label={phone} color={problem ? 'error' : 'default'} variant={problem ? 'outlined' : 'filled'} {...getItemProps({ index: i })} key={phone} />;
          return problem ? (
            <Tooltip key={phone} title={problem}>
              {chip}
            </Tooltip>
          ) : (
            chip
          );
        })
      }
      renderInput={(p) => (
        <TextField
          {...p}
          label={label}
          required={!!required}
          placeholder={value.length ? '' : '+447700900123'}
          error={errors.length > 0 || invalid.length > 0}
          helperText={helperText}
          inputProps={{ ...p.inputProps, spellCheck: false, autoComplete: 'off', inputMode: 'tel' }}
        />
      )}
    />
  );
}

/**
 * The live length of the SMS text: the template rendered for a sample alert by the engine (the
 * same renderer a delivery uses), then counted as phones count it: encoding, characters, parts.
 */
export function SmsLengthCounter({ template, maxParts, ucs2 }: { template: string; maxParts: number; ucs2: boolean }) {
  const { t } = useTranslation('forms');
  const source = useDebounced(template.trim() ? template : SMS_DEFAULT_TEXT, 300);
  const preview = useQuery({
    queryKey: ['templates.preview', 'sms', source],
    queryFn: () => call('templates.preview', { kind: 'event', trigger: 'sca_policy_has_been_triggered', template: { subject: 'x', html: 'x', text: source }, integration_name: 'SMS', signature: '' }),
    placeholderData: keepPreviousData,
    retry: false,
    staleTime: Infinity,
  });
  if (preview.error) return null; // the field shows the template's error on save
  const text = preview.data?.text;
  if (text === undefined) return null;
  const parts = Number.isFinite(maxParts) && maxParts >= 1 ? Math.min(10, Math.floor(maxParts)) : 3;
  const length = smsLength(text, ucs2);
  const fitted = fitSms(text, parts, ucs2);
  const sent = smsLength(fitted.text, ucs2);
  return (
    <Box data-testid="sms-counter" aria-live="polite" sx={{ mt: -1.5, px: 1.75 }}>
      <Typography variant="body2" color={fitted.truncated ? 'warning.main' : 'text.secondary'}>
        {t('sms.counter', { encoding: length.encoding === 'gsm7' ? 'GSM-7' : 'UCS-2', count: length.units, parts: String(length.parts), perPart: String(length.per_part) })}
        {fitted.truncated && ` ${t('sms.counterCut', { max: String(parts), count: sent.units })}`}
      </Typography>
      <Typography variant="caption" color="text.secondary" component="div" sx={{ ...mono, whiteSpace: 'pre-wrap', wordBreak: 'break-word' }}>
        {t('sms.counterSample', { text: fitted.text })}
      </Typography>
    </Box>
  );
}

/** A rule's SMS action: its own numbers, or the integration's. */
export function SmsActionFields({ params, setParams, errors, integration }: { params: Record<string, unknown>; setParams: (next: Record<string, unknown>) => void; errors: string[]; integration: Extract<Integration, { kind: 'sms' }> }) {
  const { t } = useTranslation('forms');
  const recipients = (params.recipients as string[] | undefined) ?? [];
  const own = integration.settings.recipients;
  return (
    <PhoneListField
      label={t('sms.actionRecipients')}
      value={recipients}
      onChange={(next) => setParams({ recipients: next })}
      errors={errors}
      help={own.length ? t('sms.actionRecipientsHelp', { count: own.length, list: own.join(', ') }) : t('sms.actionRecipientsNone')}
      required={own.length === 0}
    />
  );
}
