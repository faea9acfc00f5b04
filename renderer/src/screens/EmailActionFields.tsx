import { Autocomplete, Box, Chip, FormControl, FormControlLabel, FormHelperText, FormLabel, Radio, RadioGroup, TextField, Tooltip, Typography } from '@mui/material';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { EmailAddressSchema, type EmailActionParams } from '../../../main/contract/index.js';
import { i18n } from '../i18n/index.js';
import { translateMessage } from '../i18n/validation.js';

export const POLICY_TRIGGERS = ['sca_policy_has_been_triggered', 'osa_policy_has_been_triggered'];

/** Why an address is refused, in the contract's words (in the console's language); null when it is fine. */
function addressProblem(address: string): string | null {
  const parsed = EmailAddressSchema.safeParse(address);
  if (parsed.success) return null;
  const message = parsed.error.issues[0]?.message;
  return message ? translateMessage(message) : i18n.t('email:action.notAnAddress');
}

/** Addresses typed or pasted as "a@x, b@y; c@z" or one per line. */
const SEPARATORS = /[\s,;]+/;

/** The formats with the keys of their title and description under email:action.formats. */
const FORMATS: { value: EmailActionParams['format']; key: 'perEvent' | 'digest' }[] = [
  { value: 'per_event', key: 'perEvent' },
  { value: 'digest', key: 'digest' },
];

/**
 * Recipients and format of a rule's email action. `errors` are the messages the form holds for
 * this action (client checks and the server's `actions.N.params.*`), keyed by param.
 */
export function EmailActionFields({
  index,
  params,
  setParams,
  recipientErrors,
  formatErrors,
  triggers,
  showFormat = true,
}: {
  /** Distinguishes this editor's element ids: an action index, or e.g. "0-fallback". */
  index: number | string;
  params: Record<string, unknown>;
  setParams: (next: Record<string, unknown>) => void;
  recipientErrors: string[];
  formatErrors: string[];
  triggers: string[];
  /** A fallback sends the one event that was not delivered: always one email per event. */
  showFormat?: boolean;
}) {
  const { t } = useTranslation('email');
  const recipients = (params.recipients as string[] | undefined) ?? [];
  const format = (params.format as string | undefined) ?? 'per_event';
  const [input, setInput] = useState('');

  const add = (list: string[]) => {
    const seen = new Set(recipients.map((r) => r.toLowerCase()));
    const next = [...recipients];
    for (const raw of list) {
      const address = raw.trim();
      if (address && !seen.has(address.toLowerCase())) {
        seen.add(address.toLowerCase());
        next.push(address);
      }
    }
    setParams({ recipients: next });
  };
  const invalid = recipients.map((r) => [r, addressProblem(r)] as const).filter(([, problem]) => problem);
  // Named addresses first: "recipients.1: not an address" from a save does not say which one it was.
  const help =
    invalid.length > 0
      ? invalid.map(([r, problem]) => `"${r}": ${problem}`).join(' · ')
      : recipientErrors.length > 0
        ? recipientErrors.map((e) => translateMessage(e)).join(' · ')
        : t('action.recipientsHelp');

  return (
    <>
      <Autocomplete
        multiple
        freeSolo
        options={[] as string[]}
        value={recipients}
        inputValue={input}
        onInputChange={(_e, value, reason) => {
          if (reason !== 'input' || !SEPARATORS.test(value)) return setInput(value);
          // A pasted list, or a separator typed after an address: keep the unfinished tail in the box.
          const parts = value.split(SEPARATORS);
          const tail = /[\s,;]$/.test(value) ? '' : (parts.pop() ?? '');
          add(parts);
          setInput(tail);
        }}
        onChange={(_e, value) => {
          setParams({ recipients: [...new Map(value.map((v) => v.trim()).filter(Boolean).map((v) => [v.toLowerCase(), v])).values()] });
          setInput('');
        }}
        onBlur={() => {
          if (input.trim()) add([input]);
          setInput('');
        }}
        renderValue={(value, getItemProps) =>
          value.map((address, i) => {
            const problem = addressProblem(address);
            const chip = <Chip size="small" label={address} color={problem ? 'error' : 'default'} variant={problem ? 'outlined' : 'filled'} {...getItemProps({ index: i })} key={address} />;
            return problem ? (
              <Tooltip key={address} title={problem}>
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
            label={t('action.recipients')}
            required
            placeholder={recipients.length ? '' : 'appsec@example.com'}
            error={recipientErrors.length > 0 || invalid.length > 0}
            helperText={help}
            inputProps={{ ...p.inputProps, spellCheck: false, autoComplete: 'off' }}
          />
        )}
      />
      {showFormat && (
        <FormControl error={formatErrors.length > 0}>
          <FormLabel id={`format-${index}`}>{t('action.format')}</FormLabel>
          <RadioGroup aria-labelledby={`format-${index}`} value={format} onChange={(e) => setParams({ format: e.target.value })}>
            {FORMATS.map((f) => (
              <FormControlLabel
                key={f.value}
                value={f.value}
                control={<Radio />}
                sx={{ alignItems: 'flex-start', mb: 0.5, '& .MuiRadio-root': { pt: 0.5 } }}
                label={
                  <Box sx={{ pt: 0.75 }}>
                    <Typography variant="body2" sx={{ fontWeight: 600 }}>
                      {t(`action.formats.${f.key}.title`)}
                    </Typography>
                    <Typography variant="body2" color="text.secondary">
                      {t(`action.formats.${f.key}.description`)}
                    </Typography>
                  </Box>
                }
              />
            ))}
          </RadioGroup>
          {(formatErrors.length > 0 || (format === 'digest' && !triggers.some((name) => POLICY_TRIGGERS.includes(name)))) && (
            <FormHelperText sx={{ color: formatErrors.length ? undefined : 'warning.main' }}>
              {translateMessage(formatErrors[0]) ?? t('action.digestNeedsPolicyTriggers')}
            </FormHelperText>
          )}
        </FormControl>
      )}
    </>
  );
}
