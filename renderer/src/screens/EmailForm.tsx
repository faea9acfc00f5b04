import { zodResolver } from '@hookform/resolvers/zod';
import ExpandMoreIcon from '@mui/icons-material/ExpandMore';
import {
  Accordion,
  AccordionDetails,
  AccordionSummary,
  Alert,
  Box,
  Button,
  Dialog,
  DialogActions,
  DialogContent,
  DialogTitle,
  Divider,
  FormControlLabel,
  MenuItem,
  Stack,
  Switch,
  Tab,
  Tabs,
  TextField,
  Typography,
} from '@mui/material';
import { useMutation } from '@tanstack/react-query';
import { useState } from 'react';
import { Controller, get, useForm, useWatch, type FieldPath } from 'react-hook-form';
import type { z } from 'zod';
import { EmailInputSchema, type Integration, type IntegrationInput, type TestReport } from '../../../main/contract/index.js';
import { ApiError, call } from '../api.js';
import { EmailTemplatesEditor } from './EmailTemplatesEditor.js';
import { TestReportView } from './TestReportView.js';
import { useSaveIntegration } from './useSaveIntegration.js';

type Email = Extract<Integration, { kind: 'email' }>;
type FormValues = z.input<typeof EmailInputSchema>;
const DEFAULT_PORT = { none: 25, starttls: 587, tls: 465 } as const;

function defaults(existing?: Email): FormValues {
  const s = existing?.settings;
  return {
    kind: 'email',
    name: existing?.name ?? '',
    is_active: existing?.is_active ?? true,
    settings: {
      host: s?.host ?? '',
      port: s?.port ?? 587,
      security: s?.security ?? 'starttls',
      require_tls: s?.require_tls ?? true,
      auth: s?.auth ?? false,
      username: s?.username ?? '',
      from_address: s?.from_address ?? '',
      from_name: s?.from_name ?? 'Herald security alerts',
      reply_to: s?.reply_to ?? '',
      signature: s?.signature ?? '',
      ca_pem: s?.ca_pem ?? '',
      allow_self_signed: s?.allow_self_signed ?? false,
      connection_timeout_ms: s?.connection_timeout_ms ?? 10_000,
      greeting_timeout_ms: s?.greeting_timeout_ms ?? 10_000,
      templates: s?.templates ?? { event: { subject: '', html: '', text: '' }, digest: { subject: '', html: '', text: '' } },
    },
    secrets: { password: '' },
  };
}

/** One SMTP server (seeds 000–002): settings, Check connection, and Send test email. */
export function EmailForm({ existing, onClose }: { existing?: Email | undefined; onClose: () => void }) {
  const form = useForm<FormValues>({ resolver: zodResolver(EmailInputSchema), mode: 'onChange', defaultValues: defaults(existing) });
  const { control, register, handleSubmit, formState, setError, getValues, setValue } = form;
  const [security, auth, active, selfSigned] = useWatch({ control, name: ['settings.security', 'settings.auth', 'is_active', 'settings.allow_self_signed'] });
  const [tab, setTab] = useState<'settings' | 'templates'>('settings');
  const [testTo, setTestTo] = useState('');
  const [testSubject, setTestSubject] = useState('Herald test email');
  const [testBody, setTestBody] = useState('This is a test email from Herald. If you can read it, alerts will reach you.');
  const storedPassword = existing?.secrets.password;

  const toInput = (values: FormValues): IntegrationInput => {
    const password = values.secrets?.password ?? '';
    return { ...values, secrets: password === '' && existing ? {} : { password: password === '' ? null : password } };
  };
  const test = useMutation<TestReport, Error, boolean>({
    mutationFn: (send) =>
      call('integrations.test', {
        ...(existing ? { id: existing.id } : {}),
        input: toInput(getValues()),
        ...(send ? { send_email: { to: testTo, subject: testSubject, body: testBody } } : {}),
      }),
  });
  const save = useSaveIntegration<FormValues>({ existing, toInput, setError, onSaved: onClose });

  const text = (name: FieldPath<FormValues>, label: string, help: string, extra: Record<string, unknown> = {}) => {
    const error = get(formState.errors, name) as { message?: string } | undefined;
    return <TextField label={label} {...register(name)} error={!!error} helperText={error?.message ?? help} {...extra} />;
  };

  const templateErrors = !!get(formState.errors, 'settings.templates');

  return (
    <Dialog open onClose={onClose} maxWidth="lg" fullWidth aria-labelledby="email-form-title">
      <DialogTitle id="email-form-title">{existing ? `Edit ${existing.name}` : 'Add email (SMTP)'}</DialogTitle>
      <DialogContent dividers sx={{ p: 0 }}>
        <Box component="form" id="email-form" data-testid="email-form" noValidate onSubmit={handleSubmit((v) => save.mutate(v))} sx={{ display: 'flex', flexDirection: { xs: 'column', md: 'row' }, minHeight: '100%' }}>
          <Box sx={{ flex: 1, minWidth: 0, px: 3, pb: 3 }}>
            <Tabs value={tab} onChange={(_e, next: 'settings' | 'templates') => setTab(next)} sx={{ mb: 2, borderBottom: 1, borderColor: 'divider' }}>
              <Tab value="settings" label="Settings" />
              <Tab value="templates" label={templateErrors ? 'Templates (errors)' : 'Templates'} sx={templateErrors ? { color: 'error.main' } : undefined} />
            </Tabs>
            <Stack spacing={2.5} sx={{ display: tab === 'settings' ? 'flex' : 'none' }}>
            {text('name', 'Name', 'e.g. "Corporate SMTP"', { required: true, autoFocus: true })}
            <Stack direction="row" spacing={2}>
              {text('settings.host', 'Server', 'DNS name or IP address, e.g. smtp.example.com', { required: true, sx: { flex: 2 } })}
              <Controller
                control={control}
                name="settings.security"
                render={({ field }) => (
                  <TextField
                    select
                    label="Encryption"
                    value={field.value}
                    onChange={(e) => {
                      const next = e.target.value as keyof typeof DEFAULT_PORT;
                      // Follow the usual port for the new mode unless the user chose their own.
                      if (Object.values(DEFAULT_PORT).includes(getValues('settings.port') as never)) setValue('settings.port', DEFAULT_PORT[next], { shouldValidate: true });
                      field.onChange(next);
                    }}
                    sx={{ flex: 1 }}
                    helperText="STARTTLS: 587 · SSL/TLS: 465"
                  >
                    <MenuItem value="starttls">STARTTLS</MenuItem>
                    <MenuItem value="tls">SSL/TLS (implicit)</MenuItem>
                    <MenuItem value="none">None (plain)</MenuItem>
                  </TextField>
                )}
              />
              {text('settings.port', 'Port', '1–65535', { type: 'number', required: true, sx: { flex: 1 }, ...register('settings.port', { valueAsNumber: true }) })}
            </Stack>
            {security === 'starttls' && (
              <Controller
                control={control}
                name="settings.require_tls"
                render={({ field }) => (
                  <FormControlLabel control={<Switch checked={!!field.value} onChange={(e) => field.onChange(e.target.checked)} />} label="Require TLS: fail if the server does not offer STARTTLS, never send in clear" />
                )}
              />
            )}
            {security === 'none' && <Alert severity="warning">Plain SMTP: messages and the password cross the network unencrypted.</Alert>}
            <Controller
              control={control}
              name="settings.auth"
              render={({ field }) => <FormControlLabel control={<Switch checked={!!field.value} onChange={(e) => field.onChange(e.target.checked)} />} label="SMTP authentication" />}
            />
            {auth && (
              <Stack direction="row" spacing={2}>
                {text('settings.username', 'Login', 'Usually the mailbox address', { sx: { flex: 1 } })}
                <TextField
                  label="Password"
                  type="password"
                  autoComplete="new-password"
                  sx={{ flex: 1 }}
                  placeholder={storedPassword?.is_set ? `${storedPassword.masked} (stored)` : ''}
                  {...register('secrets.password')}
                  helperText={storedPassword?.is_set ? 'Leave empty to keep the stored password.' : 'Gmail, Microsoft 365 and Yandex need an app password.'}
                />
              </Stack>
            )}
            <Divider />
            <Typography variant="h3" component="h2">
              Sender
            </Typography>
            <Stack direction="row" spacing={2}>
              {text('settings.from_address', 'From address', 'The system e-mail alerts come from', { required: true, sx: { flex: 1 } })}
              {text('settings.from_name', 'Sender name', 'Shown as the sender', { required: true, sx: { flex: 1 } })}
            </Stack>
            {text('settings.reply_to', 'Reply-To', 'The support e-mail replies go to', { required: true })}
            {text('settings.signature', 'Signature', 'Appended to every message', { multiline: true, minRows: 2 })}
            <Accordion variant="outlined" disableGutters>
              <AccordionSummary expandIcon={<ExpandMoreIcon />}>
                <Typography>Advanced: certificates and timeouts</Typography>
              </AccordionSummary>
              <AccordionDetails>
                <Stack spacing={2}>
                  {text('settings.ca_pem', 'Custom CA certificate (PEM)', 'For internal servers signed by your own CA', { multiline: true, minRows: 3, slotProps: { htmlInput: { spellCheck: false } } })}
                  <Controller
                    control={control}
                    name="settings.allow_self_signed"
                    render={({ field }) => <FormControlLabel control={<Switch checked={!!field.value} onChange={(e) => field.onChange(e.target.checked)} />} label="Allow self-signed certificates" />}
                  />
                  {selfSigned && <Alert severity="warning">Any certificate is accepted: someone in the middle could read the mail and the password. Prefer the custom CA above.</Alert>}
                  <Stack direction="row" spacing={2}>
                    {text('settings.connection_timeout_ms', 'Connection timeout (ms)', '1000–120000', { type: 'number', ...register('settings.connection_timeout_ms', { valueAsNumber: true }) })}
                    {text('settings.greeting_timeout_ms', 'Greeting timeout (ms)', '1000–120000', { type: 'number', ...register('settings.greeting_timeout_ms', { valueAsNumber: true }) })}
                  </Stack>
                </Stack>
              </AccordionDetails>
            </Accordion>
            <Controller
              control={control}
              name="is_active"
              render={({ field }) => <FormControlLabel control={<Switch checked={!!field.value} onChange={(e) => field.onChange(e.target.checked)} />} label="Active" />}
            />
            {!active && <Alert severity="info">Inactive: this server sends nothing, and the events rules route to it are not queued, until it is switched on. Check connection and Send test email still work.</Alert>}
            </Stack>
            {tab === 'templates' && <EmailTemplatesEditor form={form} />}
            {templateErrors && tab === 'settings' && (
              <Alert severity="error" sx={{ mt: 2 }} action={<Button onClick={() => setTab('templates')}>Show</Button>}>
                A template has errors.
              </Alert>
            )}
            {save.error && !(save.error instanceof ApiError && save.error.details?.issues?.length) && <Alert severity="error" sx={{ mt: 2 }}>{save.error.message}</Alert>}
          </Box>
          <Box
            component="section"
            aria-labelledby="email-test-title"
            sx={{ width: { md: 440 }, flexShrink: 0, p: 3, bgcolor: 'action.hover', borderStyle: 'solid', borderColor: 'divider', borderWidth: 0, borderLeftWidth: { md: 1 }, borderTopWidth: { xs: 1, md: 0 } }}
          >
            <Stack spacing={2} sx={{ position: { md: 'sticky' }, top: { md: 24 } }}>
              <Typography variant="h3" component="h2" id="email-test-title">
                Test it
              </Typography>
              <Typography variant="body2" color="text.secondary">
                <strong>Check connection</strong> walks DNS, TCP, greeting, TLS, EHLO and login with the values on the left and sends nothing. <strong>Send test email</strong> also sends a message. Nothing is saved.
              </Typography>
              <TextField label="Recipient" size="small" value={testTo} onChange={(e) => setTestTo(e.target.value)} placeholder="you@example.com" />
              <TextField label="Subject" size="small" value={testSubject} onChange={(e) => setTestSubject(e.target.value)} />
              <TextField label="Body" size="small" value={testBody} onChange={(e) => setTestBody(e.target.value)} multiline minRows={2} />
              <Stack direction="row" spacing={1}>
                <Button variant="outlined" onClick={() => test.mutate(false)} disabled={test.isPending}>
                  Check connection
                </Button>
                <Button variant="outlined" onClick={() => test.mutate(true)} disabled={test.isPending || !testTo.trim()}>
                  Send test email
                </Button>
              </Stack>
              {(test.isPending || test.data || test.error) && (
                <TestReportView report={test.data} running={test.isPending} error={test.error?.message} runningText="Connecting: DNS, TCP, greeting, TLS, EHLO, AUTH…" />
              )}
            </Stack>
          </Box>
        </Box>
      </DialogContent>
      <DialogActions sx={{ px: 3, py: 1.5 }}>
        <Button onClick={onClose}>Cancel</Button>
        <Button type="submit" form="email-form" variant="contained" disabled={save.isPending}>
          Save
        </Button>
      </DialogActions>
    </Dialog>
  );
}
