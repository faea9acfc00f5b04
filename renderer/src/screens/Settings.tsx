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
import { SettingsPatchSchema, type Settings as SettingsDto } from '../../../main/contract/index.js';
import { ApiError, call } from '../api.js';

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
    else rest.push(issue.path ? `${issue.path}: ${issue.message}` : issue.message);
  }
  return rest;
}

/** Settings: how Herald sends (batching, timeout), how long it keeps history, and how the console looks. */
export function Settings() {
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
    mutationFn: (patch: Partial<SettingsDto>) => call('settings.update', patch),
    onSuccess: (next) => queryClient.setQueryData(['settings'], next),
  });

  const onSubmit = handleSubmit(async (values) => {
    setSaved(false);
    setOtherErrors([]);
    const patch = toPatch(values);
    // The contract's own schema first: the same messages as the engine, without a round trip.
    const local = SettingsPatchSchema.safeParse(patch);
    if (!local.success) {
      const issues = local.error.issues.map((i) => ({ path: i.path.join('.'), message: Number.isNaN(patch[i.path[0] as keyof typeof patch]) ? 'Enter a number' : i.message }));
      setOtherErrors(placeIssues(issues, setError));
      return;
    }
    try {
      const next = await update.mutateAsync(local.data);
      reset(toForm(next));
      setSaved(true);
    } catch (error) {
      if (error instanceof ApiError && error.details?.issues?.length) setOtherErrors(placeIssues(error.details.issues, setError));
      else setOtherErrors([(error as Error).message]);
    }
  });

  /** Switches and selects apply as soon as they change. */
  const apply = (patch: Partial<SettingsDto>) => {
    setOtherErrors([]);
    update.mutate(patch, { onError: (error) => setOtherErrors([error.message]) });
  };

  const desktop = info.data?.mode === 'electron';
  const s = settings.data;
  const err = formState.errors;

  return (
    <Box sx={{ maxWidth: 860 }}>
      <Box sx={{ mb: 2 }}>
        <Typography variant="h1">Settings</Typography>
        <Typography color="text.secondary">How Herald sends, how long it keeps its history, and how this console looks.</Typography>
      </Box>
      {settings.error && <Alert severity="error">Could not load the settings: {settings.error.message}</Alert>}
      {settings.isPending && <CircularProgress aria-label="Loading settings" sx={{ m: 2 }} />}
      {otherErrors.length > 0 && (
        <Alert severity="error" sx={{ mb: 2 }} onClose={() => setOtherErrors([])} data-testid="settings-error">
          {otherErrors.map((e) => (
            <div key={e}>{e}</div>
          ))}
        </Alert>
      )}
      {s && (
        <Stack spacing={2}>
          <Group title="Delivery and history">
            <Box component="form" noValidate onSubmit={(e) => void onSubmit(e)} aria-label="Delivery and history" data-testid="settings-form">
              <Stack spacing={2.5}>
                <TextField
                  label="Default batching window"
                  type="number"
                  {...register('batch_interval_s', { onChange: () => setSaved(false) })}
                  error={!!err.batch_interval_s}
                  helperText={err.batch_interval_s?.message ?? 'Events for one integration are collected this long and sent together (seed 004: 5 s). 0 sends each event at once. Integrations with their own window keep it.'}
                  slotProps={{ input: { endAdornment: <InputAdornment position="end">s</InputAdornment> }, htmlInput: { min: 0, step: 'any' } }}
                  sx={{ maxWidth: 560 }}
                />
                <TextField
                  label="HTTP timeout"
                  type="number"
                  {...register('http_timeout_s', { onChange: () => setSaved(false) })}
                  error={!!err.http_timeout_s}
                  helperText={err.http_timeout_s?.message ?? 'How long Herald waits for a webhook or Jira to answer before the attempt counts as failed and is retried.'}
                  slotProps={{ input: { endAdornment: <InputAdornment position="end">s</InputAdornment> }, htmlInput: { min: 0.5, step: 'any' } }}
                  sx={{ maxWidth: 560 }}
                />
                <TextField
                  label="Keep history for"
                  type="number"
                  {...register('retention_days', { onChange: () => setSaved(false) })}
                  error={!!err.retention_days}
                  helperText={err.retention_days?.message ?? 'Events, attempts and notices older than this are deleted. Dead letters go with them.'}
                  slotProps={{ input: { endAdornment: <InputAdornment position="end">days</InputAdornment> }, htmlInput: { min: 1, step: 1 } }}
                  sx={{ maxWidth: 560 }}
                />
                <TextField
                  label="Local API port"
                  type="number"
                  {...register('api_port', { onChange: () => setSaved(false) })}
                  error={!!err.api_port}
                  helperText={
                    err.api_port?.message ??
                    (desktop
                      ? `The desktop app's local API (0 turns it off). A new port applies when Herald restarts.${info.data?.api_url ? ` Now serving ${info.data.api_url}.` : ''}`
                      : `Used by the desktop app only; this browser-mode server was started with its own port${info.data?.api_url ? ` (${info.data.api_url})` : ''}.`)
                  }
                  slotProps={{ htmlInput: { min: 0, max: 65535, step: 1 } }}
                  sx={{ maxWidth: 560 }}
                />
                <Stack direction="row" spacing={2} alignItems="center">
                  <Button type="submit" variant="contained" disabled={update.isPending}>
                    Save
                  </Button>
                  <Button disabled={!formState.isDirty} onClick={() => reset(toForm(s))}>
                    Discard changes
                  </Button>
                  {saved && !formState.isDirty && (
                    <Typography role="status" color="success.main" variant="body2" data-testid="settings-saved">
                      Saved
                    </Typography>
                  )}
                </Stack>
              </Stack>
            </Box>
          </Group>

          <Group title="Appearance">
            <Stack spacing={2.5}>
              <TextField
                select
                label="Theme"
                value={s.theme}
                onChange={(e) => apply({ theme: e.target.value as SettingsDto['theme'] })}
                helperText="System follows your operating system's light or dark mode."
                sx={{ maxWidth: 320 }}
                data-testid="theme-select"
              >
                <MenuItem value="system">System</MenuItem>
                <MenuItem value="light">Light</MenuItem>
                <MenuItem value="dark">Dark</MenuItem>
              </TextField>
              <TextField
                select
                label="Language"
                value={s.language}
                onChange={(e) => apply({ language: e.target.value as SettingsDto['language'] })}
                helperText={s.language === 'ru' ? 'Saved. The Russian translation of the console is coming; until then it stays in English.' : 'The language of the console.'}
                sx={{ maxWidth: 320 }}
              >
                <MenuItem value="en">English</MenuItem>
                <MenuItem value="ru" lang="ru">
                  Русский
                </MenuItem>
              </TextField>
            </Stack>
          </Group>

          <Group title="Desktop app">
            <Stack spacing={2}>
              <Box>
                <FormControlLabel
                  control={<Switch checked={s.close_to_tray} onChange={(e) => apply({ close_to_tray: e.target.checked })} />}
                  label="Closing the window keeps Herald running in the tray"
                />
                <Typography variant="body2" color="text.secondary" sx={{ ml: 6 }}>
                  {desktop ? 'Deliveries and retries go on while the window is closed. Quit from the tray menu.' : 'Applies to the desktop app; browser mode has no tray.'}
                </Typography>
              </Box>
              <TextField
                label="Data folder"
                value={info.data?.data_dir ?? ''}
                helperText="The database, encrypted secrets and logs. Back up this folder to keep your integrations and history."
                slotProps={{
                  input: {
                    readOnly: true,
                    sx: { fontFamily: 'ui-monospace, SFMono-Regular, Menlo, Consolas, monospace', fontSize: 13 },
                    endAdornment: (
                      <InputAdornment position="end">
                        <Tooltip title={copied ? 'Copied' : 'Copy the path'}>
                          <IconButton
                            aria-label="Copy the data folder path"
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
