import { zodResolver } from '@hookform/resolvers/zod';
import AddIcon from '@mui/icons-material/Add';
import DeleteOutlineIcon from '@mui/icons-material/DeleteOutline';
import EditOutlinedIcon from '@mui/icons-material/EditOutlined';
import SendOutlinedIcon from '@mui/icons-material/SendOutlined';
import SummarizeOutlinedIcon from '@mui/icons-material/SummarizeOutlined';
import {
  Alert,
  AlertTitle,
  Autocomplete,
  Box,
  Button,
  Chip,
  CircularProgress,
  Dialog,
  DialogActions,
  DialogContent,
  DialogContentText,
  DialogTitle,
  FormControlLabel,
  IconButton,
  MenuItem,
  Paper,
  Stack,
  Switch,
  Table,
  TableBody,
  TableCell,
  TableHead,
  TableRow,
  TextField,
  Tooltip,
  Typography,
} from '@mui/material';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useMemo, useState } from 'react';
import { Controller, get, useForm, type FieldErrors, type FieldPath } from 'react-hook-form';
import { useTranslation } from 'react-i18next';
import { ReportInputSchema, type Integration, type Report, type ReportInput, type ReportSchedule, type ReportSendResult } from '../../../main/contract/index.js';
import { ApiError, call } from '../api.js';
import { currentLocale, i18n } from '../i18n/index.js';
import { translateMessage } from '../i18n/validation.js';
import { formatInZone, formatTime, fromNow } from '../format.js';

type FormValues = ReportInput;

const MACHINE_ZONE = Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
/** Every IANA zone the browser knows (Intl.supportedValuesOf is ES2022; older engines get a short list). */
const ZONES: string[] = (() => {
  const supported = (Intl as { supportedValuesOf?: (key: string) => string[] }).supportedValuesOf?.('timeZone') ?? [];
  return [...new Set([MACHINE_ZONE, 'UTC', ...supported])];
})();

/** "Monday" in the console's language; ISO 1 = Monday (16 Nov 2026 was a Monday). */
export function weekdayName(isoDay: number): string {
  return new Intl.DateTimeFormat(currentLocale(), { weekday: 'long', timeZone: 'UTC' }).format(new Date(Date.UTC(2026, 10, 15 + isoDay, 12)));
}

/** "Every Monday at 09:00" / "Еженедельно, понедельник, в 09:00". */
export function describeSchedule(schedule: ReportSchedule): string {
  const time = schedule.time;
  if (schedule.frequency === 'daily') return i18n.t('reports:schedule.daily', { time });
  if (schedule.frequency === 'weekly') return i18n.t('reports:schedule.weekly', { time, weekday: weekdayName(schedule.weekday) });
  return schedule.day === 'last' ? i18n.t('reports:schedule.monthlyLast', { time }) : i18n.t('reports:schedule.monthly', { time, day: schedule.day });
}

const toInput = (r: Report): FormValues => ({ name: r.name, enabled: r.enabled, integration_id: r.integration_id, recipients: r.recipients, schedule: r.schedule, timezone: r.timezone });

/** Scheduled email reports (seed 003): the list, Send now, and the form. */
export function Reports() {
  const { t } = useTranslation(['reports', 'common']);
  const queryClient = useQueryClient();
  // A scheduled send changes "next run" and "last result" without a push of its own: look again now and then.
  const reports = useQuery({ queryKey: ['reports'], queryFn: () => call('reports.list', {}), refetchInterval: 15_000 });
  const integrations = useQuery({ queryKey: ['integrations'], queryFn: () => call('integrations.list', {}) });
  const emails = (integrations.data ?? []).filter((i) => i.kind === 'email');
  const [editing, setEditing] = useState<Report | 'new' | null>(null);
  const [deleting, setDeleting] = useState<Report | null>(null);
  const [result, setResult] = useState<{ name: string; value: ReportSendResult } | null>(null);
  const refresh = () => queryClient.invalidateQueries({ queryKey: ['reports'] });
  const toggle = useMutation({
    mutationFn: (r: Report) => call('reports.update', { id: r.id, input: { ...toInput(r), enabled: !r.enabled } }),
    onSettled: refresh,
  });
  const remove = useMutation({
    mutationFn: (r: Report) => call('reports.delete', { id: r.id }),
    onSuccess: () => setDeleting(null),
    onSettled: refresh,
  });
  const sendNow = useMutation({
    mutationFn: (r: Report) => call('reports.sendNow', { id: r.id }),
    onMutate: () => setResult(null),
    onSuccess: (value, r) => setResult({ name: r.name, value }),
    onSettled: refresh,
  });
  const canCreate = emails.length > 0;

  return (
    <Box>
      <Stack direction="row" alignItems="flex-start" spacing={2} sx={{ mb: 2 }}>
        <Box sx={{ flex: 1 }}>
          <Typography variant="h1">{t('title')}</Typography>
          <Typography color="text.secondary">{t('intro')}</Typography>
        </Box>
        {!!reports.data?.length && (
          <Button variant="contained" startIcon={<AddIcon />} onClick={() => setEditing('new')} disabled={!canCreate} sx={{ flexShrink: 0 }}>
            {t('create')}
          </Button>
        )}
      </Stack>
      {reports.error && <Alert severity="error">{t('loadFailed', { message: translateMessage(reports.error.message) })}</Alert>}
      {toggle.error && (
        <Alert severity="error" onClose={() => toggle.reset()} sx={{ mb: 2 }}>
          {t('toggleFailed', { message: translateMessage(toggle.error.message) })}
        </Alert>
      )}
      {sendNow.error && (
        <Alert severity="error" onClose={() => sendNow.reset()} sx={{ mb: 2 }} data-testid="send-result">
          {translateMessage(sendNow.error.message)}
        </Alert>
      )}
      {result && <SendResult name={result.name} result={result.value} onClose={() => setResult(null)} />}
      {reports.isPending && <CircularProgress aria-label={t('loading')} />}
      {reports.data?.length === 0 && (
        <Paper variant="outlined" sx={{ p: 4, textAlign: 'center' }} data-testid="reports-empty">
          <SummarizeOutlinedIcon color="primary" sx={{ fontSize: 40 }} />
          <Typography variant="h3" component="h2" sx={{ mt: 1 }}>
            {t('empty.title')}
          </Typography>
          <Typography color="text.secondary" sx={{ mt: 1, mb: 2, maxWidth: 620, mx: 'auto' }}>
            {t('empty.body')}
          </Typography>
          {!canCreate && integrations.isSuccess && (
            <Alert severity="info" sx={{ maxWidth: 620, mx: 'auto', mb: 2, textAlign: 'left' }}>
              {t('empty.noEmail')}
            </Alert>
          )}
          <Button variant="contained" startIcon={<AddIcon />} onClick={() => setEditing('new')} disabled={!canCreate}>
            {t('create')}
          </Button>
        </Paper>
      )}
      {!!reports.data?.length && (
        <Paper variant="outlined" sx={{ overflowX: 'auto' }}>
          <Table aria-label={t('table.label')}>
            <TableHead>
              <TableRow>
                <TableCell sx={{ width: 72 }}>{t('table.enabled')}</TableCell>
                <TableCell>{t('table.name')}</TableCell>
                <TableCell>{t('table.integration')}</TableCell>
                <TableCell>{t('table.next')}</TableCell>
                <TableCell>{t('table.last')}</TableCell>
                <TableCell align="right">
                  <Box component="span" sx={{ position: 'absolute', width: 1, height: 1, overflow: 'hidden', clip: 'rect(0 0 0 0)' }}>
                    {t('table.rowActions')}
                  </Box>
                </TableCell>
              </TableRow>
            </TableHead>
            <TableBody>
              {reports.data.map((r) => (
                <TableRow key={r.id} data-testid="report-row" hover sx={{ verticalAlign: 'top', opacity: r.enabled ? 1 : 0.8 }}>
                  <TableCell>
                    <Switch
                      checked={r.enabled}
                      disabled={toggle.isPending && toggle.variables?.id === r.id}
                      onChange={() => toggle.mutate(r)}
                      slotProps={{ input: { 'aria-label': t('enabledSwitch', { name: r.name }) } }}
                    />
                  </TableCell>
                  <TableCell sx={{ pt: 2, minWidth: 200 }}>
                    <Typography sx={{ fontWeight: 600 }}>{r.name}</Typography>
                    <Typography variant="body2" color="text.secondary" data-testid="report-schedule">
                      {describeSchedule(r.schedule)} · {r.timezone}
                    </Typography>
                    {!r.enabled && (
                      <Typography variant="caption" color="text.secondary">
                        {t('off')}
                      </Typography>
                    )}
                  </TableCell>
                  <TableCell sx={{ pt: 2, minWidth: 200, maxWidth: 280 }}>
                    {r.integration_name ? (
                      <Typography variant="body2" sx={{ fontWeight: 500 }}>
                        {r.integration_name}
                      </Typography>
                    ) : (
                      <Typography variant="body2" color="error">
                        {t('deletedIntegration')}
                      </Typography>
                    )}
                    {r.recipients.length <= 2 ? (
                      r.recipients.map((a) => (
                        <Typography key={a} variant="body2" color="text.secondary" sx={{ wordBreak: 'break-all' }}>
                          {a}
                        </Typography>
                      ))
                    ) : (
                      <Tooltip title={r.recipients.join(', ')}>
                        <Chip size="small" label={t('recipients', { count: r.recipients.length })} tabIndex={0} />
                      </Tooltip>
                    )}
                  </TableCell>
                  <TableCell sx={{ pt: 2, whiteSpace: 'nowrap' }} title={r.next_due_at ? formatTime(r.next_due_at) : undefined} data-testid="report-next">
                    {r.next_due_at ? (
                      <>
                        <Typography variant="body2">{formatInZone(r.next_due_at, r.timezone)}</Typography>
                        <Typography variant="caption" color="text.secondary">
                          {fromNow(r.next_due_at)}
                        </Typography>
                      </>
                    ) : (
                      t('next.off')
                    )}
                  </TableCell>
                  <TableCell sx={{ pt: 2, maxWidth: 280 }} data-testid="report-last">
                    {r.last_error ? (
                      <Tooltip title={translateMessage(r.last_error)}>
                        <Chip size="small" color="error" variant="outlined" label={t('last.failed')} tabIndex={0} />
                      </Tooltip>
                    ) : r.last_sent_at ? (
                      <Typography variant="body2" title={formatTime(r.last_sent_at)}>
                        {t('last.sent', { time: fromNow(r.last_sent_at) })}
                      </Typography>
                    ) : (
                      <Typography variant="body2" color="text.secondary">
                        {t('last.never')}
                      </Typography>
                    )}
                  </TableCell>
                  <TableCell align="right" sx={{ whiteSpace: 'nowrap', width: 1 }}>
                    <Button
                      size="small"
                      variant="outlined"
                      startIcon={sendNow.isPending && sendNow.variables?.id === r.id ? <CircularProgress size={14} /> : <SendOutlinedIcon />}
                      disabled={sendNow.isPending}
                      onClick={() => sendNow.mutate(r)}
                      aria-label={t('sendNowNamed', { name: r.name })}
                      sx={{ display: 'flex', ml: 'auto', mb: 0.5 }}
                    >
                      {sendNow.isPending && sendNow.variables?.id === r.id ? t('sending') : t('sendNow')}
                    </Button>
                    <Tooltip title={t('common:actions.edit')}>
                      <IconButton aria-label={t('edit', { name: r.name })} onClick={() => setEditing(r)}>
                        <EditOutlinedIcon />
                      </IconButton>
                    </Tooltip>
                    <Tooltip title={t('common:actions.delete')}>
                      <IconButton aria-label={t('delete', { name: r.name })} onClick={() => setDeleting(r)}>
                        <DeleteOutlineIcon />
                      </IconButton>
                    </Tooltip>
                  </TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        </Paper>
      )}
      {editing && <ReportForm existing={editing === 'new' ? undefined : editing} integrations={emails} onClose={() => setEditing(null)} />}
      <Dialog open={!!deleting} onClose={() => (setDeleting(null), remove.reset())} aria-labelledby="report-delete-title">
        <DialogTitle id="report-delete-title">{t('confirmDelete.title', { name: deleting?.name ?? '' })}</DialogTitle>
        <DialogContent>
          <DialogContentText>{t('confirmDelete.body')}</DialogContentText>
          {remove.error && (
            <Alert severity="error" sx={{ mt: 2 }}>
              {t('confirmDelete.failed', { message: translateMessage(remove.error.message) })}
            </Alert>
          )}
        </DialogContent>
        <DialogActions>
          <Button onClick={() => (setDeleting(null), remove.reset())}>{t('common:actions.cancel')}</Button>
          <Button color="error" variant="contained" disabled={remove.isPending} onClick={() => deleting && remove.mutate(deleting)}>
            {t('common:actions.delete')}
          </Button>
        </DialogActions>
      </Dialog>
    </Box>
  );
}

function SendResult({ name, result, onClose }: { name: string; result: ReportSendResult; onClose: () => void }) {
  const { t } = useTranslation('reports');
  return (
    <Alert severity={result.delivered ? 'success' : 'error'} onClose={onClose} sx={{ mb: 2 }} data-testid="send-result" role="status">
      <AlertTitle>{result.delivered ? t('result.delivered', { name, count: result.accepted.length }) : t('result.failed', { name })}</AlertTitle>
      {result.error && <Box>{translateMessage(result.error)}</Box>}
      {result.sandbox && <Box>{t('result.sandbox')}</Box>}
      <Box sx={{ mt: 0.5 }}>{t('result.subject', { subject: result.subject })}</Box>
      {result.rejected.length > 0 && <Box>{t('result.rejected', { list: result.rejected.join(', ') })}</Box>}
      {result.server_reply && (
        <Box sx={{ fontFamily: 'monospace', fontSize: 13, mt: 0.5 }} data-testid="server-reply">
          {t('result.reply', { reply: result.server_reply })}
        </Box>
      )}
    </Alert>
  );
}

/** Every message under a path (recipients.0, recipients.3 …) in the console's language. */
function messagesUnder(errors: FieldErrors<FormValues>, path: string): string[] {
  const out: string[] = [];
  const walk = (value: unknown) => {
    if (!value || typeof value !== 'object') return;
    const message = (value as { message?: unknown }).message;
    if (typeof message === 'string') out.push(translateMessage(message));
    for (const [key, child] of Object.entries(value)) if (key !== 'ref' && key !== 'message' && key !== 'type') walk(child);
  };
  walk(get(errors, path));
  return [...new Set(out)];
}

const resolver = zodResolver(ReportInputSchema);
const DAYS = Array.from({ length: 28 }, (_, i) => i + 1);

function ReportForm({ existing, integrations, onClose }: { existing?: Report | undefined; integrations: Integration[]; onClose: () => void }) {
  const { t } = useTranslation(['reports', 'common']);
  const queryClient = useQueryClient();
  const form = useForm<FormValues>({
    resolver: resolver as never,
    defaultValues: existing
      ? toInput(existing)
      : { name: '', enabled: true, integration_id: integrations[0]?.id ?? '', recipients: [], schedule: { frequency: 'weekly', time: '09:00', weekday: 1, day: 1 }, timezone: MACHINE_ZONE },
  });
  const { control, register, handleSubmit, formState, setError, watch } = form;
  const [recipientsText, setRecipientsText] = useState(() => (existing?.recipients ?? []).join(', '));
  const frequency = watch('schedule.frequency');
  const save = useMutation<Report, Error, FormValues>({
    mutationFn: (values) => (existing ? call('reports.update', { id: existing.id, input: values }) : call('reports.create', values)),
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: ['reports'] });
      onClose();
    },
    onError: (error) => {
      if (error instanceof ApiError) for (const issue of error.details?.issues ?? []) setError(issue.path as FieldPath<FormValues>, { message: issue.message });
    },
  });
  const err = (path: string) => messagesUnder(formState.errors, path).join(' · ') || undefined;
  const weekdays = useMemo(() => [1, 2, 3, 4, 5, 6, 7].map((d) => ({ value: d, label: weekdayName(d) })), []);

  return (
    <Dialog open onClose={onClose} maxWidth="sm" fullWidth aria-labelledby="report-form-title">
      <DialogTitle id="report-form-title">{existing ? t('form.titleEdit', { name: existing.name }) : t('form.titleNew')}</DialogTitle>
      <DialogContent dividers>
        <Box component="form" id="report-form" data-testid="report-form" noValidate onSubmit={handleSubmit((v) => save.mutate(v))}>
          <Stack spacing={2.5}>
            <TextField label={t('form.name')} placeholder={t('form.namePlaceholder')} required {...register('name')} error={!!err('name')} helperText={err('name')} autoFocus />
            <Controller
              control={control}
              name="enabled"
              render={({ field }) => <FormControlLabel control={<Switch checked={!!field.value} onChange={(e) => field.onChange(e.target.checked)} />} label={t('form.enabled')} />}
            />
            <Controller
              control={control}
              name="integration_id"
              render={({ field }) => (
                <TextField select label={t('form.integration')} required value={field.value ?? ''} onChange={field.onChange} error={!!err('integration_id')} helperText={err('integration_id') ?? t('form.integrationHelp')}>
                  {integrations.map((i) => (
                    <MenuItem key={i.id} value={i.id}>
                      {i.is_active ? i.name : t('form.integrationDisabled', { name: i.name })}
                    </MenuItem>
                  ))}
                </TextField>
              )}
            />
            <Controller
              control={control}
              name="recipients"
              render={({ field }) => (
                <TextField
                  label={t('form.recipients')}
                  required
                  multiline
                  minRows={2}
                  placeholder="ciso@example.com, appsec@example.com"
                  value={recipientsText}
                  onChange={(e) => {
                    setRecipientsText(e.target.value);
                    field.onChange(e.target.value.split(/[\s,;]+/).map((a) => a.trim()).filter(Boolean));
                  }}
                  error={!!err('recipients')}
                  helperText={err('recipients') ?? t('form.recipientsHelp')}
                  slotProps={{ htmlInput: { spellCheck: false, autoComplete: 'off' } }}
                />
              )}
            />
            <Stack direction={{ xs: 'column', sm: 'row' }} spacing={2}>
              <Controller
                control={control}
                name="schedule.frequency"
                render={({ field }) => (
                  <TextField select label={t('form.frequency')} value={field.value} onChange={field.onChange} sx={{ minWidth: 160 }} error={!!err('schedule.frequency')} helperText={err('schedule.frequency')}>
                    {(['daily', 'weekly', 'monthly'] as const).map((f) => (
                      <MenuItem key={f} value={f}>
                        {t(`form.frequencies.${f}`)}
                      </MenuItem>
                    ))}
                  </TextField>
                )}
              />
              {frequency === 'weekly' && (
                <Controller
                  control={control}
                  name="schedule.weekday"
                  render={({ field }) => (
                    <TextField select label={t('form.weekday')} value={field.value ?? 1} onChange={(e) => field.onChange(Number(e.target.value))} sx={{ minWidth: 180 }} error={!!err('schedule.weekday')} helperText={err('schedule.weekday')}>
                      {weekdays.map((d) => (
                        <MenuItem key={d.value} value={d.value}>
                          {d.label}
                        </MenuItem>
                      ))}
                    </TextField>
                  )}
                />
              )}
              {frequency === 'monthly' && (
                <Controller
                  control={control}
                  name="schedule.day"
                  render={({ field }) => (
                    <TextField
                      select
                      label={t('form.day')}
                      value={String(field.value ?? 1)}
                      onChange={(e) => field.onChange(e.target.value === 'last' ? 'last' : Number(e.target.value))}
                      sx={{ minWidth: 200 }}
                      error={!!err('schedule.day')}
                      helperText={err('schedule.day')}
                    >
                      {DAYS.map((d) => (
                        <MenuItem key={d} value={String(d)}>
                          {d}
                        </MenuItem>
                      ))}
                      <MenuItem value="last">{t('form.lastDay')}</MenuItem>
                    </TextField>
                  )}
                />
              )}
              <TextField
                label={t('form.time')}
                type="time"
                required
                {...register('schedule.time')}
                error={!!err('schedule.time')}
                helperText={err('schedule.time')}
                sx={{ minWidth: 130 }}
                slotProps={{ inputLabel: { shrink: true } }}
              />
            </Stack>
            <Controller
              control={control}
              name="timezone"
              render={({ field }) => (
                <Autocomplete
                  options={ZONES}
                  value={field.value ?? MACHINE_ZONE}
                  disableClearable
                  onChange={(_e, value) => field.onChange(value)}
                  renderInput={(p) => <TextField {...p} label={t('form.timezone')} error={!!err('timezone')} helperText={err('timezone') ?? t('form.timezoneHelp')} />}
                />
              )}
            />
            <Typography variant="body2" color="text.secondary">
              {t(`form.covers.${frequency ?? 'weekly'}`)}
            </Typography>
            {save.error && (
              <Alert severity="error" data-testid="report-save-error">
                {t('form.saveFailed', { message: translateMessage(save.error.message) })}
              </Alert>
            )}
          </Stack>
        </Box>
      </DialogContent>
      <DialogActions>
        <Button onClick={onClose}>{t('common:actions.cancel')}</Button>
        <Button type="submit" form="report-form" variant="contained" disabled={save.isPending}>
          {t('form.save')}
        </Button>
      </DialogActions>
    </Dialog>
  );
}
