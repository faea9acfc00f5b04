import CheckCircleIcon from '@mui/icons-material/CheckCircle';
import ErrorIcon from '@mui/icons-material/Error';
import ExpandMoreIcon from '@mui/icons-material/ExpandMore';
import RemoveCircleOutlineIcon from '@mui/icons-material/RemoveCircleOutline';
import WarningIcon from '@mui/icons-material/Warning';
import { Accordion, AccordionDetails, AccordionSummary, Alert, AlertTitle, Box, Chip, LinearProgress, Stack, Typography } from '@mui/material';
import { useEffect, useRef, type ReactNode } from 'react';
import type { StepStatus, TestReport } from '../../../main/contract/index.js';
import { mono } from '../theme.js';

const STATUS: Record<StepStatus, { icon: ReactNode; color: string; label: string }> = {
  ok: { icon: <CheckCircleIcon color="success" fontSize="small" />, color: 'success.main', label: 'passed' },
  failed: { icon: <ErrorIcon color="error" fontSize="small" />, color: 'error.main', label: 'failed' },
  skipped: { icon: <RemoveCircleOutlineIcon color="disabled" fontSize="small" />, color: 'text.disabled', label: 'skipped' },
  warning: { icon: <WarningIcon color="warning" fontSize="small" />, color: 'warning.main', label: 'warning' },
};

const statusColor = (code: number) => (code >= 200 && code < 300 ? 'success' : code >= 500 || code === 429 ? 'warning' : 'error');

/** Each step of Test it with its timing, what was seen, and what to do about a failure. */
export function TestReportView({
  report,
  running,
  error,
  runningText = 'Testing… resolving the address, connecting, then sending trigger test with an empty payload.',
}: {
  report?: TestReport | undefined;
  running: boolean;
  error?: string | null | undefined;
  runningText?: string;
}) {
  const ref = useRef<HTMLDivElement>(null);
  // In a long form the result may render below the fold: bring it into view once it arrives.
  useEffect(() => {
    if (!running && (report || error)) ref.current?.scrollIntoView?.({ block: 'nearest', behavior: 'smooth' });
  }, [running, report, error]);

  if (running) {
    return (
      <Box data-testid="test-report" aria-busy="true" role="status" sx={{ py: 1 }}>
        <Typography variant="body2" gutterBottom>
          {runningText}
        </Typography>
        <LinearProgress aria-label="Testing" />
      </Box>
    );
  }
  if (error) {
    return (
      <Alert severity="error" data-testid="test-report" ref={ref}>
        {error}
      </Alert>
    );
  }
  if (!report) return null;
  return (
    <Box data-testid="test-report" data-ok={report.ok} ref={ref}>
      <Alert severity={report.ok ? 'success' : 'error'} sx={{ mb: 1.5 }} data-testid="test-summary">
        <AlertTitle>{report.ok ? 'Test passed' : 'Test failed'}</AlertTitle>
        {report.summary}
        {report.hint && (
          <Typography variant="body2" sx={{ mt: 0.5 }}>
            <strong>What to do:</strong> {report.hint}
          </Typography>
        )}
      </Alert>
      <Box component="ol" aria-label="Test steps" sx={{ listStyle: 'none', m: 0, p: 0 }}>
        {report.steps.map((step) => {
          const s = STATUS[step.status];
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
                opacity: step.status === 'skipped' ? 0.7 : 1,
              }}
            >
              <Box sx={{ pt: 0.25 }} title={s.label}>
                {s.icon}
              </Box>
              <Box sx={{ minWidth: 0, flex: 1 }}>
                <Stack direction="row" spacing={1} alignItems="baseline">
                  <Typography variant="body2" sx={{ fontWeight: 600, flex: 1 }}>
                    {step.label}
                    <Box component="span" sx={{ position: 'absolute', width: 1, height: 1, overflow: 'hidden', clip: 'rect(0 0 0 0)' }}>
                      {` (${s.label})`}
                    </Box>
                  </Typography>
                  {step.duration_ms !== null && step.status !== 'skipped' && (
                    <Typography variant="caption" color="text.secondary" sx={{ whiteSpace: 'nowrap' }}>
                      {step.duration_ms} ms
                    </Typography>
                  )}
                </Stack>
                {step.detail && (
                  <Typography variant="body2" color="text.secondary" sx={{ wordBreak: 'break-word' }}>
                    {step.detail}
                  </Typography>
                )}
                {step.hint && step.status !== 'ok' && (
                  <Typography variant="body2" sx={{ mt: 0.25, color: step.status === 'failed' ? 'error.main' : 'text.primary' }}>
                    → {step.hint}
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
          Total {report.total_ms} ms
        </Typography>
      </Stack>
      {report.response_excerpt !== undefined && report.response_excerpt !== '' && (
        <>
          <Typography variant="caption" color="text.secondary" component="div" sx={{ mt: 1.5, mb: 0.5 }}>
            Response body (excerpt)
          </Typography>
          <Box
            component="pre"
            data-testid="test-response"
            aria-label="Response excerpt"
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
                {k}
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
            <Typography variant="body2">Conversation transcript ({report.transcript.length} lines, password redacted)</Typography>
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
