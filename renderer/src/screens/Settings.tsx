import ContentCopyIcon from '@mui/icons-material/ContentCopy';
import {
  Alert,
  Box,
  Button,
  CircularProgress,
  FormControlLabel,
  IconButton,
  InputAdornment,
  MenuItem,
  Paper,
  Stack,
  Switch,
  TextField,
  Tooltip,
  Typography,
} from '@mui/material';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState, type ReactNode } from 'react';
import { useForm, type FieldPath, type UseFormSetError } from 'react-hook-form';
import { useTranslation } from 'react-i18next';
import { SettingsPatchSchema, type Settings as SettingsDto } from '../../../main/contract/index.js';
import { ApiError, call } from '../api.js';
import { translateMessage } from '../i18n/validation.js';

/** The numbers as typed, in the units shown (seconds, days). */
interface FormValues {
  batch_interval_s: string;
  http_timeout_s: string;
  retention_days: string;
  api_port: string;
}
/** Contract field → form field. */
const FIELD: Record<string, keyof FormValues> = {
  batch_interval_ms: 'batch_interval_s',
  http_timeout_ms: 'http_timeout_s',
  retention_days: 'retention_days',
  api_port: 'api_port',
};

const toForm = (s: SettingsDto): FormValues => ({
  batch_interval_s: String(s.batch_interval_ms / 1000),
  http_timeout_s: String(s.http_timeout_ms / 1000),
  retention_days: String(s.retention_days),
  api_port: String(s.api_port),
});
/** Seconds → ms; text that is not a number is passed on as NaN so the contract's schema names the field. */
const num = (text: string, scale = 1) => (text.trim() === '' ? Number.NaN : Math.round(Number(text) * scale));
const toPatch = (v: FormValues) => ({
  batch_interval_ms: num(v.batch_interval_s, 1000),
  http_timeout_ms: num(v.http_timeout_s, 1000),
  retention_days: num(v.retention_days),
  api_port: num(v.api_port),
});

function placeIssues(issues: { path: string; message: string }[], setError: UseFormSetError<FormValues>): string[] {
  const rest: string[] = [];
  for (const issue of issues) {
    const field = FIELD[issue.path.split('.')[0] ?? ''];
    if (field) setError(field as FieldPath<FormValues>, { message: issue.message });
    else rest.push(issue.path ? `${issue.path}: ${translateMessage(issue.message)}` : translateMessage(issue.message));
  }
  return rest;
}

/**
 * Saves a change together with every other setting as it is now: the contract's patch schema fills
 * a missing field with its default, so a patch of one field alone would reset the others (the
 * language, the theme, switched-off triggers) to their defaults.
 */
export async function saveSettings(patch: Partial<SettingsDto>): Promise<SettingsDto> {
  const current = await call('settings.get', {});
  return call('settings.update', { ...current, ...patch });
}

/** Settings: how Herald sends (batching, timeout), how long it keeps history, and how the console looks. */
export function Settings() {
  const { t } = useTranslation(['settings', 'common']);
  const queryClient = useQueryClient();
  const settings = useQuery({ queryKey: ['settings'], queryFn: () => call('settings.get', {}) });
  const info = useQuery({ queryKey: ['app.info'], queryFn: () => call('app.info', {}), staleTime: Infinity });
  const form = useForm<FormValues>({ defaultValues: { batch_interval_s: '', http_timeout_s: '', retention_days: '', api_port: '' } });
  const { register, handleSubmit, formState, reset, setError } = form;
  const [otherErrors, setOtherErrors] = useState<string[]>([]);
  const [saved, setSaved] = useState(false);
  const [copied, setCopied] = useState(false);

  useEffect(() => {
    if (settings.data && !formState.isDirty) reset(toForm(settings.data));
  }, [settings.data, formState.isDirty, reset]);

  const update = useMutation({
    mutationFn: (patch: Partial<SettingsDto>) => saveSettings(patch),
    onSuccess: (next) => queryClient.setQueryData(['settings'], next),
  });

  const onSubmit = handleSubmit(async (values) => {
    setSaved(false);
    setOtherErrors([]);
    const patch = toPatch(values);
    // The contract's own schema first: the same messages as the engine, without a round trip.
    const local = SettingsPatchSchema.safeParse(patch);
    if (!local.success) {
      const issues = local.error.issues.map((i) => ({ path: i.path.join('.'), message: Number.isNaN(patch[i.path[0] as keyof typeof patch]) ? t('delivery.enterNumber') : i.message }));
      setOtherErrors(placeIssues(issues, setError));
      return;
    }
    try {
      // Only the fields of this form: local.data also holds the schema's defaults for the others.
      const next = await update.mutateAsync(patch);
      reset(toForm(next));
      setSaved(true);
    } catch (error) {
      if (error instanceof ApiError && error.details?.issues?.length) setOtherErrors(placeIssues(error.details.issues, setError));
      else setOtherErrors([translateMessage((error as Error).message)]);
    }
  });

  /** Switches and selects apply as soon as they change. */
  const apply = (patch: Partial<SettingsDto>) => {
    setOtherErrors([]);
    update.mutate(patch, { onError: (error) => setOtherErrors([translateMessage(error.message)]) });
  };

  const desktop = info.data?.mode === 'electron';
  const s = settings.data;
  const err = formState.errors;
  /** A field's error, from the contract's schema or the engine, in the console's language. */
  const problem = (field: keyof FormValues) => translateMessage(err[field]?.message);
  const apiUrl = info.data?.api_url;

  return (
    <Box sx={{ maxWidth: 860 }}>
      <Box sx={{ mb: 2 }}>
        <Typography variant="h1">{t('title')}</Typography>
        <Typography color="text.secondary">{t('intro')}</Typography>
      </Box>
      {settings.error && <Alert severity="error">{t('loadFailed', { message: translateMessage(settings.error.message) })}</Alert>}
      {settings.isPending && <CircularProgress aria-label={t('loading')} sx={{ m: 2 }} />}
      {otherErrors.length > 0 && (
        <Alert severity="error" sx={{ mb: 2 }} onClose={() => setOtherErrors([])} data-testid="settings-error">
          {otherErrors.map((e) => (
            <div key={e}>{e}</div>
          ))}
        </Alert>
      )}
      {s && (
        <Stack spacing={2}>
          <Group title={t('groups.delivery')}>
            <Box component="form" noValidate onSubmit={(e) => void onSubmit(e)} aria-label={t('groups.delivery')} data-testid="settings-form">
              <Stack spacing={2.5}>
                <TextField
                  label={t('delivery.batch')}
                  type="number"
                  {...register('batch_interval_s', { onChange: () => setSaved(false) })}
                  error={!!err.batch_interval_s}
                  helperText={problem('batch_interval_s') ?? t('delivery.batchHelp')}
                  slotProps={{ input: { endAdornment: <InputAdornment position="end">{t('delivery.seconds')}</InputAdornment> }, htmlInput: { min: 0, step: 'any' } }}
                  sx={{ maxWidth: 560 }}
                />
                <TextField
                  label={t('delivery.timeout')}
                  type="number"
                  {...register('http_timeout_s', { onChange: () => setSaved(false) })}
                  error={!!err.http_timeout_s}
                  helperText={problem('http_timeout_s') ?? t('delivery.timeoutHelp')}
                  slotProps={{ input: { endAdornment: <InputAdornment position="end">{t('delivery.seconds')}</InputAdornment> }, htmlInput: { min: 0.5, step: 'any' } }}
                  sx={{ maxWidth: 560 }}
                />
                <TextField
                  label={t('delivery.retention')}
                  type="number"
                  {...register('retention_days', { onChange: () => setSaved(false) })}
                  error={!!err.retention_days}
                  helperText={problem('retention_days') ?? t('delivery.retentionHelp')}
                  slotProps={{ input: { endAdornment: <InputAdornment position="end">{t('delivery.days')}</InputAdornment> }, htmlInput: { min: 1, step: 1 } }}
                  sx={{ maxWidth: 560 }}
                />
                <TextField
                  label={t('delivery.port')}
                  type="number"
                  {...register('api_port', { onChange: () => setSaved(false) })}
                  error={!!err.api_port}
                  helperText={
                    problem('api_port') ??
                    (desktop
                      ? apiUrl
                        ? t('delivery.portHelpDesktopServing', { url: apiUrl })
                        : t('delivery.portHelpDesktop')
                      : apiUrl
                        ? t('delivery.portHelpBrowserUrl', { url: apiUrl })
                        : t('delivery.portHelpBrowser'))
                  }
                  slotProps={{ htmlInput: { min: 0, max: 65535, step: 1 } }}
                  sx={{ maxWidth: 560 }}
                />
                <Stack direction="row" spacing={2} alignItems="center">
                  <Button type="submit" variant="contained" disabled={update.isPending}>
                    {t('common:actions.save')}
                  </Button>
                  <Button disabled={!formState.isDirty} onClick={() => reset(toForm(s))}>
                    {t('delivery.discard')}
                  </Button>
                  {saved && !formState.isDirty && (
                    <Typography role="status" color="success.main" variant="body2" data-testid="settings-saved">
                      {t('delivery.saved')}
                    </Typography>
                  )}
                </Stack>
              </Stack>
            </Box>
          </Group>

          <Group title={t('groups.appearance')}>
            <Stack spacing={2.5}>
              <TextField
                select
                label={t('appearance.theme')}
                value={s.theme}
                onChange={(e) => apply({ theme: e.target.value as SettingsDto['theme'] })}
                helperText={t('appearance.themeHelp')}
                sx={{ maxWidth: 320 }}
                data-testid="theme-select"
              >
                <MenuItem value="system">{t('appearance.system')}</MenuItem>
                <MenuItem value="light">{t('appearance.light')}</MenuItem>
                <MenuItem value="dark">{t('appearance.dark')}</MenuItem>
              </TextField>
              {/* main.tsx applies the saved language: every screen switches at once, without a reload. */}
              <TextField
                select
                label={t('appearance.language')}
                value={s.language}
                onChange={(e) => apply({ language: e.target.value as SettingsDto['language'] })}
                helperText={t('appearance.languageHelp')}
                sx={{ maxWidth: 320 }}
                data-testid="language-select"
              >
                {/* Each language by its own name, in both languages. */}
                <MenuItem value="en" lang="en">
                  English
                </MenuItem>
                <MenuItem value="ru" lang="ru">
                  Русский
                </MenuItem>
              </TextField>
            </Stack>
          </Group>

          <Group title={t('groups.desktop')}>
            <Stack spacing={2}>
              <Box>
                <FormControlLabel
                  control={<Switch checked={s.close_to_tray} onChange={(e) => apply({ close_to_tray: e.target.checked })} />}
                  label={t('desktop.tray')}
                />
                <Typography variant="body2" color="text.secondary" sx={{ ml: 6 }}>
                  {desktop ? t('desktop.trayHelpDesktop') : t('desktop.trayHelpBrowser')}
                </Typography>
              </Box>
              <TextField
                label={t('desktop.dataFolder')}
                value={info.data?.data_dir ?? ''}
                helperText={t('desktop.dataFolderHelp')}
                slotProps={{
                  input: {
                    readOnly: true,
                    sx: { fontFamily: 'ui-monospace, SFMono-Regular, Menlo, Consolas, monospace', fontSize: 13 },
                    endAdornment: (
                      <InputAdornment position="end">
                        <Tooltip title={copied ? t('desktop.copied') : t('desktop.copyPath')}>
                          <IconButton
                            aria-label={t('desktop.copyPathLabel')}
                            edge="end"
                            onClick={() => {
                              void navigator.clipboard?.writeText(info.data?.data_dir ?? '').then(() => setCopied(true), () => setCopied(false));
                            }}
                          >
                            <ContentCopyIcon fontSize="small" />
                          </IconButton>
                        </Tooltip>
                      </InputAdornment>
                    ),
                  },
                }}
              />
            </Stack>
          </Group>
        </Stack>
      )}
    </Box>
  );
}

function Group({ title, children }: { title: string; children: ReactNode }) {
  return (
    <Paper variant="outlined" component="section" aria-label={title} sx={{ p: 2.5 }}>
      <Typography variant="h2" sx={{ mb: 2 }}>
        {title}
      </Typography>
      {children}
    </Paper>
  );
}
