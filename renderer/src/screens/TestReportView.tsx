import CheckCircleIcon from '@mui/icons-material/CheckCircle';
import ErrorIcon from '@mui/icons-material/Error';
import RemoveCircleOutlineIcon from '@mui/icons-material/RemoveCircleOutline';
import WarningIcon from '@mui/icons-material/Warning';
import { Accordion, AccordionDetails, AccordionSummary, Alert, AlertTitle, Box, LinearProgress, List, ListItem, ListItemIcon, ListItemText, Typography } from '@mui/material';
import ExpandMoreIcon from '@mui/icons-material/ExpandMore';
import type { StepStatus, TestReport } from '../../../main/contract/index.js';
import { mono } from '../theme.js';

const ICON: Record<StepStatus, React.ReactNode> = {
  ok: <CheckCircleIcon color="success" titleAccess="passed" />,
  failed: <ErrorIcon color="error" titleAccess="failed" />,
  skipped: <RemoveCircleOutlineIcon color="disabled" titleAccess="skipped" />,
  warning: <WarningIcon color="warning" titleAccess="warning" />,
};

/** Each step of Test it with its timing, what was seen, and what to do about a failure. */
export function TestReportView({
  report,
  running,
  error,
  runningText = 'Testing… connecting, then sending trigger test with an empty payload.',
}: {
  report?: TestReport | undefined;
  running: boolean;
  error?: string | null | undefined;
  runningText?: string;
}) {
  if (running) {
    return (
      <Box data-testid="test-report" aria-busy="true" sx={{ py: 1 }}>
        <Typography variant="body2" gutterBottom>
          {runningText}
        </Typography>
        <LinearProgress />
      </Box>
    );
  }
  if (error) return <Alert severity="error" data-testid="test-report">{error}</Alert>;
  if (!report) return null;
  return (
    <Box data-testid="test-report">
      <Alert severity={report.ok ? 'success' : 'error'} sx={{ mb: 1 }}>
        <AlertTitle>{report.ok ? 'Test passed' : 'Test failed'}</AlertTitle>
        {report.summary}
        {report.hint && (
          <Typography variant="body2" sx={{ mt: 0.5 }}>
            <strong>What to try:</strong> {report.hint}
          </Typography>
        )}
      </Alert>
      <List dense disablePadding>
        {report.steps.map((step) => (
          <ListItem key={step.id} data-testid={`step-${step.id}`} data-status={step.status} alignItems="flex-start" disableGutters>
            <ListItemIcon sx={{ minWidth: 32, mt: 0.5 }}>{ICON[step.status]}</ListItemIcon>
            <ListItemText
              primary={
                <>
                  <strong>{step.label}</strong>
                  {step.duration_ms !== null && step.status !== 'skipped' && (
                    <Typography component="span" variant="caption" color="text.secondary" sx={{ ml: 1 }}>
                      {step.duration_ms} ms
                    </Typography>
                  )}
                </>
              }
              secondary={
                <>
                  <span>{step.detail}</span>
                  {step.hint && step.status !== 'ok' && (
                    <Typography component="span" variant="body2" display="block" color={step.status === 'failed' ? 'error' : 'warning.main'}>
                      {step.hint}
                    </Typography>
                  )}
                </>
              }
            />
          </ListItem>
        ))}
      </List>
      <Typography variant="caption" color="text.secondary">
        Total {report.total_ms} ms
        {report.status_code !== undefined && ` · HTTP ${report.status_code}`}
      </Typography>
      {report.response_excerpt !== undefined && report.response_excerpt !== '' && (
        <Box component="pre" aria-label="Response excerpt" sx={{ ...mono, mt: 1, p: 1, bgcolor: 'action.hover', borderRadius: 1, maxHeight: 160, overflow: 'auto', whiteSpace: 'pre-wrap', wordBreak: 'break-all' }}>
          {report.response_excerpt}
        </Box>
      )}
      {report.transcript && report.transcript.length > 0 && (
        <Accordion variant="outlined" disableGutters sx={{ mt: 1 }}>
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
