import { zodResolver } from '@hookform/resolvers/zod';
import ExpandMoreIcon from '@mui/icons-material/ExpandMore';
import NetworkCheckIcon from '@mui/icons-material/NetworkCheck';
import SendIcon from '@mui/icons-material/Send';
import VisibilityIcon from '@mui/icons-material/Visibility';
import VisibilityOffIcon from '@mui/icons-material/VisibilityOff';
import {
  Accordion,
  AccordionDetails,
  AccordionSummary,
  Alert,
  Box,
  Button,
  Checkbox,
  Dialog,
  DialogActions,
  DialogContent,
  DialogTitle,
  FormControlLabel,
  FormHelperText,
  IconButton,
  InputAdornment,
  Link,
  MenuItem,
  Radio,
  RadioGroup,
  Stack,
  Switch,
  Tab,
  Tabs,
  TextField,
  Typography,
} from '@mui/material';
import { useMutation } from '@tanstack/react-query';
import { useState, type ReactNode } from 'react';
import { Trans, useTranslation } from 'react-i18next';
import { Controller, get, useForm, useWatch, type FieldPath } from 'react-hook-form';
import type { z } from 'zod';
import { DEFAULT_GRAPH_BASE, DEFAULT_M365_LOGIN_BASE, EmailInputSchema, type EmailTemplateKind, type Integration, type IntegrationInput, type TestReport } from '../../../main/contract/index.js';
import { ApiError, call } from '../api.js';
import { i18n } from '../i18n/index.js';
import { translateMessage } from '../i18n/validation.js';
import { DeliveryPolicyFields, draftToPolicy, policyToDraft, withPolicyDraft, type PolicyDraft } from './DeliveryPolicyFields.js';
import { TemplateEditors, TemplatePreviewPanel, useTemplatePreviews } from './EmailTemplatesEditor.js';
import { TestReportView } from './TestReportView.js';
import { StoredSecretReveal } from './StoredSecretReveal.js';
import { useSaveIntegration } from './useSaveIntegration.js';

type Email = Extract<Integration, { kind: 'email' }>;
type FormValues = Omit<z.input<typeof EmailInputSchema>, 'policy'> & { policy: PolicyDraft };
type Security = 'none' | 'starttls' | 'tls';
type TabId = 'settings' | 'templates';
const DEFAULT_PORT: Record<Security, number> = { none: 25, starttls: 587, tls: 465 };
/** Protocol names stay as they are; only "plain SMTP" is words. */
const securityLabel = (security: Security) => (security === 'none' ? i18n.t('email:fields.security.plainSmtp') : security === 'tls' ? 'SSL/TLS' : 'STARTTLS');

function defaults(existing?: Email): FormValues {
  const s = existing?.settings;
  return {
    kind: 'email',
    name: existing?.name ?? '',
    is_active: existing?.is_active ?? true,
    settings: {
      // Stored before Microsoft 365 existed: no transport means SMTP with a password.
      transport: s?.transport ?? 'smtp',
      auth_method: s?.auth_method ?? 'password',
      tenant_id: s?.tenant_id ?? '',
      client_id: s?.client_id ?? '',
      login_base: s?.login_base ?? DEFAULT_M365_LOGIN_BASE,
      graph_base: s?.graph_base ?? DEFAULT_GRAPH_BASE,
      host: s?.host ?? '',
      port: s?.port ?? 587,
      security: s?.security ?? 'starttls',
      require_tls: s?.require_tls ?? true,
      auth: s?.auth ?? false,
      username: s?.username ?? '',
      from_address: s?.from_address ?? '',
      from_name: s?.from_name ?? i18n.t('email:defaults.fromName'),
      reply_to: s?.reply_to ?? '',
      signature: s?.signature ?? '',
      ca_pem: s?.ca_pem ?? '',
      allow_self_signed: s?.allow_self_signed ?? false,
      connection_timeout_ms: s?.connection_timeout_ms ?? 10_000,
      greeting_timeout_ms: s?.greeting_timeout_ms ?? 10_000,
      templates: s?.templates ?? { event: { subject: '', html: '', text: '' }, digest: { subject: '', html: '', text: '' } },
    },
    secrets: { password: '', client_secret: '' },
    policy: policyToDraft(existing?.policy),
  };
}

function Section({ title, description, children }: { title: string; description?: ReactNode; children: ReactNode }) {
  return (
    <Box component="section" aria-label={title}>
      <Typography variant="h3" component="h3" sx={{ mb: description ? 0.25 : 1.5 }}>
        {title}
      </Typography>
      {description && (
        <Typography variant="body2" color="text.secondary" sx={{ mb: 1.5 }}>
          {description}
        </Typography>
      )}
      <Stack spacing={2}>{children}</Stack>
    </Box>
  );
}

/**
 * One SMTP server (seeds 000–002). Settings and templates on the left; on the right, whatever
 * checks the left: Check connection / Send test email, or the live template preview.
 */
export function EmailForm({ existing, onClose }: { existing?: Email | undefined; onClose: () => void }) {
  const { t } = useTranslation(['email', 'common']);
  const form = useForm<FormValues>({ resolver: withPolicyDraft<FormValues>(zodResolver(EmailInputSchema)), mode: 'onChange', defaultValues: defaults(existing) });
  const { control, register, handleSubmit, formState, setError, getValues, setValue } = form;
  const [security, port, auth, selfSigned, fromName, fromAddress, transport, authMethod] = useWatch({
    control,
    name: ['settings.security', 'settings.port', 'settings.auth', 'settings.allow_self_signed', 'settings.from_name', 'settings.from_address', 'settings.transport', 'settings.auth_method'],
  });
  const graph = transport === 'graph';
  const oauth2 = !graph && !!auth && authMethod === 'oauth2';
  const [tab, setTab] = useState<TabId>('settings');
  const [kind, setKind] = useState<EmailTemplateKind>('digest');
  const [trigger, setTrigger] = useState('sca_policy_has_been_triggered');
  const [revealPassword, setRevealPassword] = useState(false);
  const [removePassword, setRemovePassword] = useState(false);
  const [revealClientSecret, setRevealClientSecret] = useState(false);
  const [removeClientSecret, setRemoveClientSecret] = useState(false);
  const storedClientSecret = existing?.secrets.client_secret;
  const [testTo, setTestTo] = useState('');
  const [testSubject, setTestSubject] = useState<string>(() => t('defaults.testSubject'));
  const [testBody, setTestBody] = useState<string>(() => t('defaults.testBody'));
  const storedPassword = existing?.secrets.password;
  const previews = useTemplatePreviews(form, trigger);

  /** Form values → contract input: an untouched password on edit means "keep the stored one". */
  const toInput = (values: FormValues): IntegrationInput => {
    /** Each secret: removed, kept (untouched on edit), or set. */
    const secret = (value: string | null | undefined, remove: boolean) => (remove ? { v: null } : (value ?? '') === '' && existing ? {} : { v: value ? value : null });
    const password = secret(values.secrets?.password, removePassword);
    const clientSecret = secret(values.secrets?.client_secret, removeClientSecret);
    const secrets = { ...('v' in password ? { password: password.v } : {}), ...('v' in clientSecret ? { client_secret: clientSecret.v } : {}) };
    return { ...values, secrets, policy: draftToPolicy(values.policy).policy };
  };
  /** Test it checks the server with the values on the left; the delivery policy plays no part. */
  const testInput = (): IntegrationInput => {
    const { policy: _policy, ...input } = toInput(getValues());
    return input;
  };
  const test = useMutation<TestReport, Error, boolean>({
    mutationFn: (send) =>
      call('integrations.test', {
        ...(existing ? { id: existing.id } : {}),
        input: testInput(),
        ...(send ? { send_email: { to: testTo.trim(), subject: testSubject, body: testBody } } : {}),
      }),
  });
  const testIssues = test.error instanceof ApiError ? (test.error.details?.issues ?? []) : [];
  const testIssue = (path: string) => translateMessage(testIssues.find((i) => i.path === path)?.message);
  const save = useSaveIntegration<FormValues>({ existing, toInput, setError, onSaved: onClose });

  const brokenKinds = (['event', 'digest'] as const).filter((k) => previews[k].issues.length > 0 || !!get(formState.errors, `settings.templates.${k}`));
  const submit = handleSubmit(
    (values) => {
      // The live preview already knows the template does not render: say so instead of a round trip.
      // (Errors from an earlier save are not counted: the server checks again.)
      const unrenderable = (['event', 'digest'] as const).filter((k) => previews[k].issues.length > 0);
      if (unrenderable.length) {
        setTab('templates');
        if (!unrenderable.includes(kind)) setKind(unrenderable[0]!);
        return;
      }
      save.mutate(values);
    },
    (errors) => {
      // Client-side errors are all on the Settings tab except templates.
      if (!get(errors, 'settings.templates')) setTab('settings');
    },
  );

  const text = (name: FieldPath<FormValues>, label: string, help: string, extra: Record<string, unknown> = {}) => {
    const error = get(formState.errors, name) as { message?: string } | undefined;
    return <TextField label={label} {...register(name)} error={!!error} helperText={translateMessage(error?.message) ?? help} {...extra} />;
  };
  const number = (name: FieldPath<FormValues>, label: string, help: string, extra: Record<string, unknown> = {}) => {
    const error = get(formState.errors, name) as { message?: string } | undefined;
    return <TextField label={label} type="number" {...register(name, { valueAsNumber: true })} error={!!error} helperText={translateMessage(error?.message) ?? help} {...extra} />;
  };
  const usualPort = DEFAULT_PORT[security ?? 'starttls'];
  const portError = (get(formState.errors, 'settings.port') as { message?: string } | undefined)?.message;
  const saveProblem = save.error && !(save.error instanceof ApiError && save.error.details?.issues?.length) ? translateMessage(save.error.message) : null;

  /** Seed 001's OAuth2 fields: the same three for Graph and for SMTP with XOAUTH2. */
  const entraFields = (
    <>
      <Stack direction="row" spacing={2} alignItems="flex-start">
        {text('settings.tenant_id', t('m365.tenantId.label'), t('m365.tenantId.help'), { required: true, sx: { flex: 1 }, autoComplete: 'off', slotProps: { htmlInput: { spellCheck: false } } })}
        {text('settings.client_id', t('m365.clientId.label'), t('m365.clientId.help'), { required: true, sx: { flex: 1 }, autoComplete: 'off', slotProps: { htmlInput: { spellCheck: false } } })}
      </Stack>
      <Box>
        <TextField
          label={t('m365.clientSecret.label')}
          fullWidth
          required={!storedClientSecret?.is_set}
          type={revealClientSecret ? 'text' : 'password'}
          autoComplete="new-password"
          disabled={removeClientSecret}
          placeholder={storedClientSecret?.is_set ? t('m365.clientSecret.stored', { masked: storedClientSecret.masked ?? '••••••••' }) : ''}
          {...register('secrets.client_secret')}
          helperText={removeClientSecret ? t('m365.clientSecret.removed') : storedClientSecret?.is_set ? t('m365.clientSecret.keepStored') : t('m365.clientSecret.writeOnly')}
          slotProps={{
            ...(storedClientSecret?.is_set ? { inputLabel: { shrink: true } } : {}),
            htmlInput: { spellCheck: false },
            input: {
              endAdornment: (
                <InputAdornment position="end">
                  <IconButton aria-label={revealClientSecret ? t('m365.clientSecret.hide') : t('m365.clientSecret.show')} onClick={() => setRevealClientSecret((v) => !v)} edge="end" disabled={removeClientSecret}>
                    {revealClientSecret ? <VisibilityOffIcon /> : <VisibilityIcon />}
                  </IconButton>
                </InputAdornment>
              ),
            },
          }}
        />
        {existing && storedClientSecret?.is_set && !removeClientSecret && <StoredSecretReveal integrationId={existing.id} secret="client_secret" />}
        {storedClientSecret?.is_set && (
          <FormControlLabel control={<Checkbox size="small" checked={removeClientSecret} onChange={(e) => setRemoveClientSecret(e.target.checked)} />} label={t('m365.clientSecret.remove')} />
        )}
      </Box>
    </>
  );

  const settings = (
    <Stack spacing={3.5} sx={{ display: tab === 'settings' ? 'flex' : 'none' }}>
      {text('name', t('fields.name.label'), t('fields.name.help'), { required: true, autoFocus: !existing })}
      <Controller
        control={control}
        name="settings.transport"
        render={({ field }) => (
          <Box component="fieldset" sx={{ border: 0, m: 0, p: 0 }}>
            <Typography component="legend" variant="h3" sx={{ mb: 0.5 }} id="email-transport-label">
              {t('m365.transport.label')}
            </Typography>
            <RadioGroup row aria-labelledby="email-transport-label" value={field.value ?? 'smtp'} onChange={(e) => field.onChange(e.target.value)}>
              <FormControlLabel value="smtp" control={<Radio />} label={t('m365.transport.smtp')} />
              <FormControlLabel value="graph" control={<Radio />} label={t('m365.transport.graph')} />
            </RadioGroup>
            <FormHelperText sx={{ mt: 0 }}>{field.value === 'graph' ? t('m365.transport.graphHelp') : t('m365.transport.smtpHelp')}</FormHelperText>
          </Box>
        )}
      />
      {graph && (
        <Section title={t('m365.section')} description={t('m365.sectionDescription')}>
          {entraFields}
          <Alert severity="info">{t('m365.graphPermission')}</Alert>
        </Section>
      )}
      {!graph && (
      <Section title={t('sections.server')}>
        <Stack direction="row" spacing={2} alignItems="flex-start">
          {text('settings.host', t('fields.host.label'), t('fields.host.help'), { required: true, sx: { flex: 3 }, slotProps: { htmlInput: { spellCheck: false } } })}
          <Controller
            control={control}
            name="settings.security"
            render={({ field }) => (
              <TextField
                select
                label={t('fields.security.label')}
                value={field.value}
                onChange={(e) => {
                  const next = e.target.value as Security;
                  // Follow the usual port of the new mode unless the user typed a port of their own.
                  const current = getValues('settings.port');
                  if (!current || Object.values(DEFAULT_PORT).includes(current)) setValue('settings.port', DEFAULT_PORT[next], { shouldValidate: true });
                  field.onChange(next);
                }}
                sx={{ flex: 2 }}
                helperText={
                  Number.isFinite(port) && port !== usualPort ? (
                    <>
                      {t('fields.security.usualPort', { mode: securityLabel(field.value ?? 'starttls'), port: String(usualPort) })}{' '}
                      <Link component="button" type="button" sx={{ verticalAlign: 'baseline' }} onClick={() => setValue('settings.port', usualPort, { shouldValidate: true })}>
                        {t('fields.security.usePort', { port: String(usualPort) })}
                      </Link>
                    </>
                  ) : (
                    t('fields.security.help')
                  )
                }
              >
                <MenuItem value="starttls">{t('fields.security.optionStarttls')}</MenuItem>
                <MenuItem value="tls">{t('fields.security.optionTls')}</MenuItem>
                <MenuItem value="none">{t('fields.security.optionNone')}</MenuItem>
              </TextField>
            )}
          />
          <TextField
            label={t('fields.port.label')}
            type="number"
            required
            sx={{ flex: 1, minWidth: 110 }}
            {...register('settings.port', { valueAsNumber: true })}
            error={!!portError}
            helperText={translateMessage(portError) ?? '1–65535'}
          />
        </Stack>
        {security === 'starttls' && (
          <Controller
            control={control}
            name="settings.require_tls"
            render={({ field }) => (
              <Box>
                <FormControlLabel control={<Switch checked={!!field.value} onChange={(e) => field.onChange(e.target.checked)} />} label={t('fields.requireTls.label')} />
                <FormHelperText sx={{ mt: 0, ml: 6 }}>
                  {field.value
                    ? t('fields.requireTls.on')
                    : t('fields.requireTls.off')}
                </FormHelperText>
              </Box>
            )}
          />
        )}
        {security === 'none' && <Alert severity="warning">{t('fields.plainWarning')}</Alert>}
      </Section>
      )}

      {!graph && (
      <Section title={t('sections.authentication')}>
        <Controller
          control={control}
          name="settings.auth"
          render={({ field }) => (
            <Box>
              <FormControlLabel control={<Switch checked={!!field.value} onChange={(e) => field.onChange(e.target.checked)} />} label={t('fields.auth.label')} />
              <FormHelperText sx={{ mt: 0, ml: 6 }}>{field.value ? (oauth2 ? t('m365.authOn') : t('fields.auth.on')) : t('fields.auth.off')}</FormHelperText>
            </Box>
          )}
        />
        {auth && (
          <Controller
            control={control}
            name="settings.auth_method"
            render={({ field }) => (
              <Box component="fieldset" sx={{ border: 0, m: 0, p: 0 }}>
                <Typography component="legend" variant="body2" color="text.secondary" id="email-auth-method-label">
                  {t('m365.authMethod.label')}
                </Typography>
                <RadioGroup row aria-labelledby="email-auth-method-label" value={field.value ?? 'password'} onChange={(e) => field.onChange(e.target.value)}>
                  <FormControlLabel value="password" control={<Radio />} label={t('m365.authMethod.password')} />
                  <FormControlLabel value="oauth2" control={<Radio />} label={t('m365.authMethod.oauth2')} />
                </RadioGroup>
                {field.value === 'oauth2' && <FormHelperText sx={{ mt: 0 }}>{t('m365.authMethod.oauth2Help')}</FormHelperText>}
              </Box>
            )}
          />
        )}
        {oauth2 && (
          <>
            {text('settings.username', t('m365.mailbox.label'), t('m365.mailbox.help'), { required: true, autoComplete: 'off', type: 'email' })}
            {entraFields}
          </>
        )}
        {auth && !oauth2 && (
          <Stack direction="row" spacing={2} alignItems="flex-start">
            {text('settings.username', t('fields.username.label'), t('fields.username.help'), { sx: { flex: 1 }, required: true, autoComplete: 'off' })}
            <Box sx={{ flex: 1 }}>
              <TextField
                label={t('fields.password.label')}
                fullWidth
                type={revealPassword ? 'text' : 'password'}
                autoComplete="new-password"
                disabled={removePassword}
                placeholder={storedPassword?.is_set ? t('fields.password.stored', { masked: storedPassword.masked ?? '••••••••' }) : ''}
                {...register('secrets.password')}
                helperText={
                  removePassword
                    ? t('fields.password.removed')
                    : storedPassword?.is_set
                      ? t('fields.password.keepStored')
                      : t('fields.password.writeOnly')
                }
                slotProps={{
                  ...(storedPassword?.is_set ? { inputLabel: { shrink: true } } : {}),
                  input: {
                    endAdornment: (
                      <InputAdornment position="end">
                        <IconButton aria-label={revealPassword ? t('fields.password.hide') : t('fields.password.show')} onClick={() => setRevealPassword((v) => !v)} edge="end" disabled={removePassword}>
                          {revealPassword ? <VisibilityOffIcon /> : <VisibilityIcon />}
                        </IconButton>
                      </InputAdornment>
                    ),
                  },
                }}
              />
              {existing && storedPassword?.is_set && !removePassword && <StoredSecretReveal integrationId={existing.id} secret="password" />}
              {storedPassword?.is_set && (
                <FormControlLabel control={<Checkbox size="small" checked={removePassword} onChange={(e) => setRemovePassword(e.target.checked)} />} label={t('fields.password.remove')} />
              )}
            </Box>
          </Stack>
        )}
      </Section>
      )}

      <Section title={t('sections.sender')} description={t('sections.senderDescription')}>
        <Stack direction="row" spacing={2} alignItems="flex-start">
          {text('settings.from_address', t('fields.fromAddress.label'), graph ? t('m365.fromAddressHelp') : t('fields.fromAddress.help'), { required: true, sx: { flex: 1 }, type: 'email' })}
          {text('settings.from_name', t('fields.fromName.label'), t('fields.fromName.help'), { required: true, sx: { flex: 1 } })}
        </Stack>
        {text('settings.reply_to', t('fields.replyTo.label'), t('fields.replyTo.help'), { required: true, type: 'email' })}
      </Section>

      <Section title={t('sections.signature')}>
        {text('settings.signature', t('fields.signature.label'), t('fields.signature.help'), { multiline: true, minRows: 2 })}
      </Section>

      <Section title={t('sections.status')}>
        <Controller
          control={control}
          name="is_active"
          render={({ field }) => (
            <Box>
              <FormControlLabel control={<Switch checked={!!field.value} onChange={(e) => field.onChange(e.target.checked)} />} label={t('fields.active.label')} />
              <FormHelperText sx={{ mt: 0, ml: 6, color: field.value ? undefined : 'warning.main' }} data-testid="active-help">
                {field.value
                  ? t('fields.active.on')
                  : t('fields.active.off')}
              </FormHelperText>
            </Box>
          )}
        />
      </Section>

      <DeliveryPolicyFields control={control} kindNoun="message" />

      <Accordion variant="outlined" disableGutters defaultExpanded={!!existing && (existing.settings.ca_pem !== '' || existing.settings.allow_self_signed)}>
        <AccordionSummary expandIcon={<ExpandMoreIcon />}>
          <Box>
            <Typography variant="h3" component="h3">
              {t('sections.advanced')}
            </Typography>
            <Typography variant="body2" color="text.secondary">
              {graph ? t('m365.advancedSummary') : t('sections.advancedSummary')}
              {selfSigned && !graph ? t('sections.advancedSelfSigned') : ''}
            </Typography>
          </Box>
        </AccordionSummary>
        <AccordionDetails>
          <Stack spacing={2}>
            {(graph || oauth2) && text('settings.login_base', t('m365.loginBase.label'), t('m365.loginBase.help'), { slotProps: { htmlInput: { spellCheck: false } } })}
            {graph && text('settings.graph_base', t('m365.graphBase.label'), t('m365.graphBase.help'), { slotProps: { htmlInput: { spellCheck: false } } })}
            {!graph && text('settings.ca_pem', t('fields.caPem.label'), t('fields.caPem.help'), {
              multiline: true,
              minRows: 3,
              slotProps: { htmlInput: { spellCheck: false, style: { fontFamily: 'monospace', fontSize: 12 } } },
            })}
            {!graph && (
              <Controller
                control={control}
                name="settings.allow_self_signed"
                render={({ field }) => <FormControlLabel control={<Switch checked={!!field.value} onChange={(e) => field.onChange(e.target.checked)} />} label={t('fields.allowSelfSigned.label')} />}
              />
            )}
            {selfSigned && !graph && (
              <Alert severity="warning" data-testid="self-signed-warning">
                {t('fields.allowSelfSigned.warning')}
              </Alert>
            )}
            <Stack direction="row" spacing={2}>
              {number('settings.connection_timeout_ms', t('fields.connectionTimeout'), '1000–120000', { sx: { flex: 1 } })}
              {!graph && number('settings.greeting_timeout_ms', t('fields.greetingTimeout'), '1000–120000', { sx: { flex: 1 } })}
            </Stack>
          </Stack>
        </AccordionDetails>
      </Accordion>
    </Stack>
  );

  const testPanel = (
    <Stack spacing={2}>
      <Typography variant="h3" component="h2" id="email-side-title">
        {t('test.title')}
      </Typography>
      <Typography variant="body2" color="text.secondary">
        <Trans t={t} i18nKey={graph ? 'm365.testIntro' : 'test.intro'} components={{ strong: <strong /> }} />
      </Typography>
      <Button variant="outlined" startIcon={<NetworkCheckIcon />} onClick={() => test.mutate(false)} disabled={test.isPending} sx={{ alignSelf: 'flex-start' }}>
        {graph ? t('m365.check') : t('test.checkConnection')}
      </Button>
      <Box component="fieldset" sx={{ border: 1, borderColor: 'divider', borderRadius: 1, p: 2, pt: 1, m: 0 }}>
        <Typography component="legend" variant="body2" sx={{ px: 0.5, fontWeight: 600 }}>
          {t('test.testEmail')}
        </Typography>
        <Stack spacing={1.5}>
          <TextField
            label={t('test.recipient')}
            size="small"
            type="email"
            value={testTo}
            onChange={(e) => setTestTo(e.target.value)}
            placeholder="you@example.com"
            error={!!testIssue('send_email.to')}
            helperText={testIssue('send_email.to')}
          />
          <TextField label={t('test.subject')} size="small" value={testSubject} onChange={(e) => setTestSubject(e.target.value)} error={!!testIssue('send_email.subject')} helperText={testIssue('send_email.subject')} />
          <TextField label={t('test.body')} size="small" value={testBody} onChange={(e) => setTestBody(e.target.value)} multiline minRows={2} maxRows={6} />
          <Button variant="outlined" startIcon={<SendIcon />} onClick={() => test.mutate(true)} disabled={test.isPending || !testTo.trim()} sx={{ alignSelf: 'flex-start' }}>
            {t('test.send')}
          </Button>
        </Stack>
      </Box>
      {(test.isPending || test.data || test.error) && (
        <TestReportView
          report={test.data}
          running={test.isPending}
          error={
            test.error
              ? testIssues.length
                ? t('test.fixFirst', { issues: testIssues.map((i) => `${i.path}: ${translateMessage(i.message)}`).join(' · ') })
                : translateMessage(test.error.message)
              : null
          }
          runningText={graph ? t('m365.running') : t('test.running')}
        />
      )}
    </Stack>
  );

  return (
    <Dialog open onClose={onClose} maxWidth="xl" fullWidth aria-labelledby="email-form-title" slotProps={{ paper: { sx: { height: 'calc(100% - 64px)' } } }}>
      <DialogTitle id="email-form-title">{existing ? t('form.titleEdit', { name: existing.name }) : t('form.titleAdd')}</DialogTitle>
      {/* clip, not hidden: a scrollIntoView inside a column must scroll that column, never shift the whole dialog. */}
      <DialogContent dividers sx={{ p: 0, display: 'flex', minHeight: 0, overflow: { xs: 'auto', md: 'clip' } }}>
        <Box
          component="form"
          id="email-form"
          data-testid="email-form"
          noValidate
          onSubmit={(e) => void submit(e)}
          sx={{ display: 'flex', flexDirection: { xs: 'column', md: 'row' }, flex: 1, minHeight: 0, overflow: { md: 'clip' } }}
        >
          <Box sx={{ flex: 1, minWidth: 0, overflow: { md: 'auto' } }}>
            <Tabs
              value={tab}
              onChange={(_e, next: TabId) => setTab(next)}
              sx={{ px: 3, borderBottom: 1, borderColor: 'divider', position: 'sticky', top: 0, bgcolor: 'background.paper', zIndex: 2 }}
            >
              <Tab value="settings" label={t('form.tabs.settings')} />
              <Tab value="templates" label={brokenKinds.length ? t('form.tabs.templatesWithErrors') : t('form.tabs.templates')} sx={brokenKinds.length ? { color: 'error.main' } : undefined} />
            </Tabs>
            <Box sx={{ px: 3, py: 2.5 }}>
              {settings}
              {tab === 'templates' && <TemplateEditors form={form} kind={kind} onKind={setKind} previews={previews} />}
              {brokenKinds.length > 0 && tab === 'settings' && (
                <Alert severity="error" sx={{ mt: 2 }} action={<Button onClick={() => setTab('templates')}>{t('common:actions.show')}</Button>}>
                  {t('form.templatesBroken')}
                </Alert>
              )}
              {saveProblem && (
                <Alert severity="error" sx={{ mt: 2 }}>
                  {t('form.couldNotSave', { problem: saveProblem })}
                </Alert>
              )}
            </Box>
          </Box>
          <Box
            component="aside"
            aria-labelledby={tab === 'settings' ? 'email-side-title' : undefined}
            aria-label={tab === 'templates' ? t('form.previewAside') : undefined}
            sx={{
              width: { md: tab === 'templates' ? '48%' : 460 },
              flexShrink: 0,
              p: 3,
              overflow: { md: 'auto' },
              display: 'flex',
              flexDirection: 'column',
              bgcolor: 'action.hover',
              borderStyle: 'solid',
              borderColor: 'divider',
              borderWidth: 0,
              borderLeftWidth: { md: 1 },
              borderTopWidth: { xs: 1, md: 0 },
            }}
          >
            {tab === 'settings' ? (
              testPanel
            ) : (
              <TemplatePreviewPanel kind={kind} preview={previews[kind]} trigger={trigger} onTrigger={setTrigger} from={`${fromName || t('form.previewFromName')} <${fromAddress || t('form.previewFromAddress')}>`} />
            )}
          </Box>
        </Box>
      </DialogContent>
      <DialogActions sx={{ px: 3, py: 1.5 }}>
        {brokenKinds.length > 0 && (
          <Typography variant="body2" color="error" sx={{ mr: 'auto' }} role="status">
            {t('form.fixTemplatesToSave')}
          </Typography>
        )}
        <Button onClick={onClose}>{t('common:actions.cancel')}</Button>
        <Button type="submit" form="email-form" variant="contained" disabled={save.isPending}>
          {t('common:actions.save')}
        </Button>
      </DialogActions>
    </Dialog>
  );
}
