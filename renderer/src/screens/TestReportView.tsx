import CheckCircleIcon from '@mui/icons-material/CheckCircle';
import ErrorIcon from '@mui/icons-material/Error';
import ExpandMoreIcon from '@mui/icons-material/ExpandMore';
import RemoveCircleOutlineIcon from '@mui/icons-material/RemoveCircleOutline';
import WarningIcon from '@mui/icons-material/Warning';
import { Accordion, AccordionDetails, AccordionSummary, Alert, AlertTitle, Box, Chip, LinearProgress, Stack, Typography } from '@mui/material';
import { useEffect, useRef, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { StepStatus, TestReport } from '../../../main/contract/index.js';
import { formatNumber } from '../format.js';
import { scrollBehavior } from '../motion.js';
import { translateMessage } from '../i18n/validation.js';
import { mono } from '../theme.js';

/** The status word ("passed") comes from forms:report.status.<status>. */
const STATUS: Record<StepStatus, { icon: ReactNode; color: string }> = {
  ok: { icon: <CheckCircleIcon color="success" fontSize="small" />, color: 'success.main' },
  failed: { icon: <ErrorIcon color="error" fontSize="small" />, color: 'error.main' },
  skipped: { icon: <RemoveCircleOutlineIcon color="disabled" fontSize="small" />, color: 'text.disabled' },
  warning: { icon: <WarningIcon color="warning" fontSize="small" />, color: 'warning.main' },
};

const DETAIL_NAMES = { banner: 1, tls: 1, capabilities: 1, message_id: 1, server_reply: 1, version: 1, bot: 1, chat: 1, encoding: 1, parts: 1 } as const;
type DetailName = keyof typeof DETAIL_NAMES;

const statusColor = (code: number) => (code >= 200 && code < 300 ? 'success' : code >= 500 || code === 429 ? 'warning' : 'error');

/** Each step of Test it with its timing, what was seen, and what to do about a failure. */
export function TestReportView({
  report,
  running,
  error,
  runningText,
}: {
  report?: TestReport | undefined;
  running: boolean;
  error?: string | null | undefined;
  runningText?: string;
}) {
  const { t } = useTranslation('forms');
  const ref = useRef<HTMLDivElement>(null);
  // In a long form the result may render below the fold: bring it into view once it arrives.
  useEffect(() => {
    if (!running && (report || error)) ref.current?.scrollIntoView?.({ block: 'nearest', behavior: scrollBehavior() });
  }, [running, report, error]);

  if (running) {
    return (
      <Box data-testid="test-report" aria-busy="true" role="status" sx={{ py: 1 }}>
        <Typography variant="body2" gutterBottom>
          {runningText ?? t('report.testing')}
        </Typography>
        <LinearProgress aria-label={t('report.testingAria')} />
      </Box>
    );
  }
  if (error) {
    return (
      <Alert severity="error" data-testid="test-report" ref={ref}>
        {translateMessage(error)}
      </Alert>
    );
  }
  if (!report) return null;
  return (
    <Box data-testid="test-report" data-ok={report.ok} ref={ref}>
      <Alert severity={report.ok ? 'success' : 'error'} sx={{ mb: 1.5 }} data-testid="test-summary">
        <AlertTitle>{report.ok ? t('report.passed') : t('report.failed')}</AlertTitle>
        {translateMessage(report.summary)}
        {report.hint && (
          <Typography variant="body2" sx={{ mt: 0.5 }}>
            <strong>{t('report.whatToDo')}</strong> {translateMessage(report.hint)}
          </Typography>
        )}
      </Alert>
      {report.sandbox && (
        <Alert severity="info" sx={{ mb: 1.5 }} data-testid="test-sandboxed">
          {t(`report.sandbox.${report.sandbox}`)}
        </Alert>
      )}
      <Box component="ol" aria-label={t('report.steps')} sx={{ listStyle: 'none', m: 0, p: 0 }}>
        {report.steps.map((step) => {
          const s = STATUS[step.status];
          const statusWord = t(`report.status.${step.status}`);
          return (
            <Box
              component="li"
              key={step.id}
              data-testid={`step-${step.id}`}
              data-status={step.status}
              sx={{
                display: 'flex',
                gap: 1.25,
                py: 0.75,
                px: 1,
                mb: 0.5,
                borderLeft: 3,
                borderColor: s.color,
                borderRadius: 0.5,
                bgcolor: step.status === 'failed' ? 'rgba(211, 47, 47, 0.08)' : step.status === 'warning' ? 'rgba(237, 108, 2, 0.08)' : 'transparent',
              }}
            >
              <Box sx={{ pt: 0.25 }} title={statusWord}>
                {s.icon}
              </Box>
              <Box sx={{ minWidth: 0, flex: 1 }}>
                <Stack direction="row" spacing={1} alignItems="baseline">
                  <Typography variant="body2" sx={{ fontWeight: 600, flex: 1 }}>
                    {translateMessage(step.label)}
                    <Box component="span" sx={{ position: 'absolute', width: 1, height: 1, overflow: 'hidden', clip: 'rect(0 0 0 0)' }}>
                      {` (${statusWord})`}
                    </Box>
                  </Typography>
                  {step.duration_ms !== null && step.status !== 'skipped' && (
                    <Typography variant="caption" color="text.secondary" sx={{ whiteSpace: 'nowrap' }}>
                      {t('report.ms', { value: formatNumber(step.duration_ms) })}
                    </Typography>
                  )}
                </Stack>
                {step.detail && (
                  <Typography variant="body2" color="text.secondary" sx={{ wordBreak: 'break-word' }}>
                    {translateMessage(step.detail)}
                  </Typography>
                )}
                {step.hint && step.status !== 'ok' && (
                  <Typography variant="body2" sx={{ mt: 0.25, color: (theme) => (step.status !== 'failed' ? theme.palette.text.primary : theme.palette.mode === 'light' ? theme.palette.error.dark : theme.palette.error.main) }}>
                    → {translateMessage(step.hint)}
                  </Typography>
                )}
              </Box>
            </Box>
          );
        })}
      </Box>
      <Stack direction="row" spacing={1} alignItems="center" sx={{ mt: 1 }}>
        {report.status_code !== undefined && <Chip size="small" data-testid="test-status" color={statusColor(report.status_code)} label={`HTTP ${report.status_code}`} />}
        <Typography variant="caption" color="text.secondary">
          {t('report.total', { value: formatNumber(report.total_ms) })}
        </Typography>
      </Stack>
      {report.response_excerpt !== undefined && report.response_excerpt !== '' && (
        <>
          <Typography variant="caption" color="text.secondary" component="div" sx={{ mt: 1.5, mb: 0.5 }}>
            {t('report.responseBody')}
          </Typography>
          <Box
            component="pre"
            data-testid="test-response"
            aria-label={t('report.responseExcerpt')}
            tabIndex={0}
            sx={{ ...mono, m: 0, p: 1, bgcolor: 'background.paper', border: 1, borderColor: 'divider', borderRadius: 1, maxHeight: 180, overflow: 'auto', whiteSpace: 'pre-wrap', wordBreak: 'break-all' }}
          >
            {report.response_excerpt}
          </Box>
        </>
      )}
      {report.details && Object.keys(report.details).length > 0 && (
        <Box component="dl" sx={{ mt: 1.5, mb: 0, display: 'grid', gridTemplateColumns: 'auto 1fr', columnGap: 2, rowGap: 0.5 }}>
          {Object.entries(report.details).map(([k, v]) => (
            <Box key={k} sx={{ display: 'contents' }}>
              <Typography component="dt" variant="caption" color="text.secondary">
                {k in DETAIL_NAMES ? t(`report.details.${k as DetailName}`) : k}
              </Typography>
              <Typography component="dd" variant="caption" sx={{ ...mono, m: 0, wordBreak: 'break-all' }}>
                {v}
              </Typography>
            </Box>
          ))}
        </Box>
      )}
      {report.transcript && report.transcript.length > 0 && (
        <Accordion variant="outlined" disableGutters sx={{ mt: 1.5 }}>
          <AccordionSummary expandIcon={<ExpandMoreIcon />}>
            <Typography variant="body2">{t('report.transcript', { count: report.transcript.length })}</Typography>
          </AccordionSummary>
          <AccordionDetails>
            <Box component="pre" data-testid="transcript" sx={{ ...mono, m: 0, maxHeight: 240, overflow: 'auto', whiteSpace: 'pre-wrap' }}>
              {report.transcript.join('\n')}
            </Box>
          </AccordionDetails>
        </Accordion>
      )}
    </Box>
  );
}
