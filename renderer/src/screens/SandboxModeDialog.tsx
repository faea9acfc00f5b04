import BugReportOutlinedIcon from '@mui/icons-material/BugReportOutlined';
import MoveToInboxOutlinedIcon from '@mui/icons-material/MoveToInboxOutlined';
import PublicIcon from '@mui/icons-material/Public';
import {
  Alert,
  Box,
  Button,
  Checkbox,
  Chip,
  Dialog,
  DialogActions,
  DialogContent,
  DialogTitle,
  FormControl,
  FormControlLabel,
  FormGroup,
  FormHelperText,
  FormLabel,
  Link,
  Radio,
  RadioGroup,
  Slider,
  Stack,
  TextField,
  Typography,
} from '@mui/material';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { CHAOS_FAILURES, SANDBOX_MODES, type ChaosFailure, type Integration, type SandboxMode } from '../../../main/contract/index.js';
import { call } from '../api.js';
import { formatNumber, percent } from '../format.js';
import { translateMessage } from '../i18n/validation.js';
import { mono } from '../theme.js';

const MODE_ICON = { live: <PublicIcon fontSize="small" />, capture: <MoveToInboxOutlinedIcon fontSize="small" />, chaos: <BugReportOutlinedIcon fontSize="small" /> };

/** The row's button: Live is quiet, Capture and Chaos stand out so nobody forgets a sandboxed integration. */
export function SandboxModeChip({ integration, onClick }: { integration: Integration; onClick: () => void }) {
  const { t } = useTranslation('integrations');
  const { mode, chaos } = integration.sandbox;
  const label = mode === 'chaos' ? t('sandbox.chaosRate', { rate: percent(chaos.rate) }) : t(`sandbox.modes.${mode}`);
  return (
    <Chip
      data-testid="sandbox-mode"
      data-mode={mode}
      size="small"
      icon={MODE_ICON[mode]}
      label={label}
      variant={mode === 'live' ? 'outlined' : 'filled'}
      color={mode === 'live' ? 'default' : mode === 'capture' ? 'info' : 'warning'}
      onClick={onClick}
      aria-label={t('sandbox.button', { name: integration.name, mode: label })}
      aria-haspopup="dialog"
    />
  );
}

/** Live, Capture or Chaos for one integration, with the chaos settings. */
export function SandboxModeDialog({ integration, onClose }: { integration: Integration; onClose: () => void }) {
  const { t } = useTranslation(['integrations', 'common']);
  const queryClient = useQueryClient();
  const [mode, setMode] = useState<SandboxMode>(integration.sandbox.mode);
  const [rate, setRate] = useState(Math.round(integration.sandbox.chaos.rate * 100));
  const [failures, setFailures] = useState<ChaosFailure[]>(integration.sandbox.chaos.failures);
  const [status, setStatus] = useState(integration.sandbox.chaos.status === null ? '' : String(integration.sandbox.chaos.status));
  const [delay, setDelay] = useState(String(integration.sandbox.chaos.delay_ms));
  const [replyStatus, setReplyStatus] = useState(String(integration.sandbox.reply.status));
  const [replyDelay, setReplyDelay] = useState(String(integration.sandbox.reply.delay_ms));
  const [replyBody, setReplyBody] = useState(integration.sandbox.reply.body);
  const answers = integration.kind === 'webhook' && mode !== 'live';
  const apply = useMutation({
    mutationFn: () =>
      call('integrations.setSandbox', {
        id: integration.id,
        mode,
        ...(mode === 'chaos' ? { chaos: { rate: rate / 100, failures, status: status.trim() === '' ? null : Number(status), delay_ms: Number(delay) } } : {}),
        ...(answers ? { reply: { status: Number(replyStatus), delay_ms: Number(replyDelay), body: replyBody } } : {}),
      }),
    onSuccess: (next) => {
      queryClient.setQueryData<Integration[]>(['integrations'], (list) => list?.map((i) => (i.id === next.id ? next : i)));
      onClose();
    },
    onSettled: () => queryClient.invalidateQueries({ queryKey: ['integrations'] }),
  });
  const receiver = t(`sandbox.receivers.${integration.kind}`);
  const toggle = (failure: ChaosFailure, on: boolean) => setFailures((list) => (on ? [...list, failure] : list.filter((f) => f !== failure)));
  const { address, captures } = integration.sandbox;

  return (
    <Dialog open onClose={onClose} aria-labelledby="sandbox-mode-title" data-testid="sandbox-mode-dialog" maxWidth="sm" fullWidth>
      <DialogTitle id="sandbox-mode-title">{t('sandbox.title', { name: integration.name })}</DialogTitle>
      <DialogContent>
        <FormControl>
          <FormLabel id="sandbox-mode-label" sx={{ mb: 0.5 }}>
            {t('sandbox.modeLabel')}
          </FormLabel>
          <RadioGroup aria-labelledby="sandbox-mode-label" value={mode} onChange={(e) => setMode(e.target.value as SandboxMode)}>
            {SANDBOX_MODES.map((m) => (
              <Box key={m} sx={{ mb: 1 }}>
                <FormControlLabel
                  value={m}
                  control={<Radio />}
                  label={
                    <Stack direction="row" spacing={1} alignItems="center">
                      {MODE_ICON[m]}
                      <Typography fontWeight={600}>{t(`sandbox.modes.${m}`)}</Typography>
                    </Stack>
                  }
                />
                <Typography variant="body2" color="text.secondary" sx={{ ml: 4 }}>
                  {m === 'live' ? t('sandbox.liveHelp') : t(m === 'capture' ? 'sandbox.captureHelp' : 'sandbox.chaosHelp', { receiver })}
                </Typography>
              </Box>
            ))}
          </RadioGroup>
        </FormControl>

        {mode === 'chaos' && (
          <Box data-testid="chaos-settings" sx={{ mt: 1, p: 2, border: 1, borderColor: 'divider', borderRadius: 1 }}>
            <Typography id="chaos-rate-label" gutterBottom>
              {t('sandbox.rate')}: <strong>{t('sandbox.rateValue', { rate: `${formatNumber(rate)} %` })}</strong>
            </Typography>
            <Slider
              value={rate}
              onChange={(_e, v) => setRate(v as number)}
              min={0}
              max={100}
              step={5}
              marks={[{ value: 0 }, { value: 30 }, { value: 50 }, { value: 100 }]}
              valueLabelDisplay="auto"
              valueLabelFormat={(v) => `${v} %`}
              slotProps={{ input: { 'aria-labelledby': 'chaos-rate-label' } }}
            />
            <FormControl component="fieldset" error={failures.length === 0} sx={{ mt: 1 }}>
              <FormLabel component="legend">{t('sandbox.failures')}</FormLabel>
              <FormGroup>
                {CHAOS_FAILURES.map((f) => (
                  <Box key={f}>
                    <FormControlLabel control={<Checkbox checked={failures.includes(f)} onChange={(e) => toggle(f, e.target.checked)} />} label={t(`sandbox.failure.${f}`)} />
                    <Typography variant="caption" color="text.secondary" component="div" sx={{ ml: 4, mt: -1, mb: 0.5 }}>
                      {t(`sandbox.failureHelp.${f}`)}
                    </Typography>
                  </Box>
                ))}
              </FormGroup>
              {failures.length === 0 && <FormHelperText>{t('sandbox.chooseFailure')}</FormHelperText>}
            </FormControl>
            <Stack direction="row" spacing={2} sx={{ mt: 2 }}>
              <TextField
                label={t('sandbox.status')}
                value={status}
                onChange={(e) => setStatus(e.target.value.replace(/\D/g, '').slice(0, 3))}
                helperText={t('sandbox.statusHelp')}
                size="small"
                disabled={!failures.includes('status')}
                slotProps={{ htmlInput: { inputMode: 'numeric' } }}
                sx={{ flex: 1 }}
              />
              <TextField
                label={t('sandbox.delay')}
                value={delay}
                onChange={(e) => setDelay(e.target.value.replace(/\D/g, '').slice(0, 6))}
                size="small"
                disabled={!failures.includes('slow')}
                slotProps={{ htmlInput: { inputMode: 'numeric' } }}
                sx={{ flex: 1 }}
              />
            </Stack>
          </Box>
        )}

        {answers && (
          <Box data-testid="bin-reply" sx={{ mt: 2 }}>
            <Typography fontWeight={600} gutterBottom>
              {t('sandbox.reply.title')}
            </Typography>
            <Typography variant="body2" color="text.secondary" sx={{ mb: 1.5 }}>
              {t(mode === 'chaos' ? 'sandbox.reply.helpChaos' : 'sandbox.reply.help')}
            </Typography>
            <Stack direction="row" spacing={2}>
              <TextField
                label={t('sandbox.reply.status')}
                value={replyStatus}
                onChange={(e) => setReplyStatus(e.target.value.replace(/\D/g, '').slice(0, 3))}
                size="small"
                slotProps={{ htmlInput: { inputMode: 'numeric' } }}
                sx={{ flex: 1 }}
              />
              <TextField
                label={t('sandbox.reply.delay')}
                value={replyDelay}
                onChange={(e) => setReplyDelay(e.target.value.replace(/\D/g, '').slice(0, 6))}
                size="small"
                slotProps={{ htmlInput: { inputMode: 'numeric' } }}
                sx={{ flex: 1 }}
              />
            </Stack>
            <TextField
              label={t('sandbox.reply.body')}
              value={replyBody}
              onChange={(e) => setReplyBody(e.target.value)}
              size="small"
              fullWidth
              multiline
              maxRows={4}
              sx={{ mt: 2 }}
              slotProps={{ htmlInput: { style: { fontFamily: mono } } }}
            />
          </Box>
        )}

        {address && (
          <Typography variant="body2" color="text.secondary" sx={{ mt: 2 }}>
            {t('sandbox.addressLabel')}{' '}
            <Box component="span" sx={{ fontFamily: mono }}>
              {address}
            </Box>
          </Typography>
        )}
        {captures > 0 && (
          <Typography variant="body2" sx={{ mt: 1 }}>
            {t('sandbox.captures', { count: captures })} ·{' '}
            <Link href={`#/sandbox?integration=${encodeURIComponent(integration.id)}`} onClick={onClose}>
              {t('sandbox.openSandbox')}
            </Link>
          </Typography>
        )}
        {apply.error && (
          <Alert severity="error" sx={{ mt: 2 }} data-testid="sandbox-mode-error">
            {t('sandbox.failed', { message: translateMessage(apply.error.message) })}
          </Alert>
        )}
      </DialogContent>
      <DialogActions>
        <Button onClick={onClose}>{t('common:actions.cancel')}</Button>
        <Button variant="contained" onClick={() => apply.mutate()} disabled={apply.isPending || (mode === 'chaos' && failures.length === 0)}>
          {t('sandbox.apply')}
        </Button>
      </DialogActions>
    </Dialog>
  );
}
