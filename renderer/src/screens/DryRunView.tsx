import AssignmentOutlinedIcon from '@mui/icons-material/AssignmentOutlined';
import CheckIcon from '@mui/icons-material/Check';
import CheckCircleIcon from '@mui/icons-material/CheckCircle';
import RemoveCircleOutlineIcon from '@mui/icons-material/RemoveCircleOutline';
import CloseIcon from '@mui/icons-material/Close';
import EmailOutlinedIcon from '@mui/icons-material/EmailOutlined';
import WebhookIcon from '@mui/icons-material/Webhook';
import { Accordion, AccordionDetails, AccordionSummary, Alert, AlertTitle, Box, Chip, Paper, Stack, Table, TableBody, TableCell, TableRow, Typography } from '@mui/material';
import ExpandMoreIcon from '@mui/icons-material/ExpandMore';
import type { ReactNode } from 'react';
import type { DeliveryPreview, DryRunCheck, DryRunDelivery, DryRunResult } from '../../../main/contract/index.js';
import { mono } from '../theme.js';

/** "at once", "in 5 s", "in 3 min", "in 2 h" (engine time). */
export function dueIn(ms: number | null): string {
  if (ms === null) return '';
  if (ms < 1000) return 'at once';
  if (ms < 60_000) return `in ${Math.round(ms / 1000)} s`;
  if (ms < 3_600_000) return `in ${Math.round(ms / 60_000)} min`;
  if (ms < 86_400_000) return `in ${Math.round(ms / 3_600_000)} h`;
  return `in ${Math.round(ms / 86_400_000)} d`;
}

const KIND_ICON = {
  email: <EmailOutlinedIcon fontSize="small" color="action" titleAccess="Email (SMTP)" />,
  jira: <AssignmentOutlinedIcon fontSize="small" color="action" titleAccess="Jira" />,
  webhook: <WebhookIcon fontSize="small" color="action" titleAccess="Webhook" />,
} as const;

const pre = { ...mono, fontSize: 12, whiteSpace: 'pre-wrap', wordBreak: 'break-word', m: 0, p: 1.25, bgcolor: 'action.hover', borderRadius: 1, maxHeight: 320, overflow: 'auto' } as const;

/**
 * What a dry run found: every rule and webhook with the reasons it takes the event or not, and
 * for each delivery exactly what would be sent.
 */
export function DryRunView({ result, focusRuleId }: { result: DryRunResult; focusRuleId?: string | undefined }) {
  // The rule being edited first, then matches, then the rest.
  const checks = [...result.checks].sort((a, b) => Number(b.rule_id === focusRuleId && !!focusRuleId) - Number(a.rule_id === focusRuleId && !!focusRuleId) || Number(b.matched) - Number(a.matched));
  const sending = result.deliveries.filter((d) => d.what !== 'hold');
  return (
    <Stack spacing={2} data-testid="dry-run-result">
      <Typography variant="body2" color="text.secondary">
        Dry run of <Box component="code" sx={mono}>{result.trigger}</Box>
        {result.project ? ` for ${result.project}` : ''}: nothing was stored or sent.
      </Typography>
      {result.switched_off && (
        <Alert severity="warning" data-testid="dry-run-switched-off">
          <AlertTitle>Switched off: recorded, not sent</AlertTitle>
          {result.trigger} is switched off in the event catalogue. A fired event is kept in the live log and goes nowhere, whatever the rules say.
        </Alert>
      )}

      <Box>
        <Typography variant="h3" component="h3" sx={{ mb: 1 }}>
          Rules and webhooks
        </Typography>
        {checks.length === 0 && <Typography color="text.secondary">No rules and no webhooks yet.</Typography>}
        <Stack spacing={0.75}>
          {checks.map((c) => (
            <CheckCard key={`${c.rule_id ?? c.integration_id}:${c.name}`} check={c} focused={!!focusRuleId && c.rule_id === focusRuleId} />
          ))}
        </Stack>
      </Box>

      <Box>
        <Typography variant="h3" component="h3" sx={{ mb: 1 }}>
          {result.switched_off ? 'Deliveries' : sending.length ? `Would send ${sending.length} ${sending.length === 1 ? 'delivery' : 'deliveries'}` : 'Deliveries'}
        </Typography>
        {result.deliveries.length === 0 && (
          <Typography color="text.secondary" data-testid="dry-run-nothing">
            {result.switched_off ? 'Nothing: the trigger is switched off.' : 'Nothing would be sent: no active rule or webhook takes this event.'}
          </Typography>
        )}
        <Stack spacing={1.5}>
          {result.deliveries.map((d, i) => (
            <DeliveryCard key={`${d.integration_id}:${d.rule_id ?? ''}:${i}`} delivery={d} />
          ))}
        </Stack>
      </Box>

      {result.skipped.length > 0 && (
        <Alert severity="warning" data-testid="dry-run-skipped">
          <AlertTitle>Matched, but not sent</AlertTitle>
          <Box component="ul" sx={{ m: 0, pl: 2.5 }}>
            {result.skipped.map((s, i) => (
              <li key={i}>
                <strong>{s.integration_name}</strong>
                {s.rule_name ? ` (rule “${s.rule_name}”)` : ''}: {s.reason}
              </li>
            ))}
          </Box>
        </Alert>
      )}
    </Stack>
  );
}

function CheckCard({ check: c, focused }: { check: DryRunCheck; focused: boolean }) {
  return (
    <Paper variant="outlined" sx={{ px: 1.5, py: 1, borderColor: focused ? 'primary.main' : undefined }} data-testid="dry-run-check" data-matched={c.matched}>
      <Stack direction="row" spacing={1} alignItems="center">
        {c.matched ? <CheckCircleIcon fontSize="small" color="success" titleAccess="matches" /> : <RemoveCircleOutlineIcon fontSize="small" sx={{ color: 'text.disabled' }} titleAccess="no match" />}
        <Typography sx={{ fontWeight: 600, flex: 1, minWidth: 0 }}>{c.name}</Typography>
        {focused && <Chip size="small" variant="outlined" label="this rule (as saved)" />}
        <Chip size="small" color={c.matched ? 'success' : 'default'} label={c.matched ? 'matches' : 'no match'} />
      </Stack>
      <Box
        component="ul"
        sx={{ m: 0, p: 0, pl: 3.5, listStyle: 'none', display: 'flex', flexWrap: 'wrap', columnGap: 2.5, rowGap: 0.25 }}
        aria-label={`Why ${c.name} ${c.matched ? 'matches' : 'does not match'}`}
      >
        {c.reasons.map((r, i) => (
          <Stack key={i} component="li" direction="row" spacing={0.5} alignItems="center" data-testid="dry-run-reason" data-ok={r.ok}>
            {r.ok ? <CheckIcon sx={{ fontSize: 16 }} color="success" titleAccess="passes" /> : <CloseIcon sx={{ fontSize: 16, color: 'text.disabled' }} titleAccess="fails" />}
            <Typography variant="body2" color={r.ok ? 'text.primary' : 'text.secondary'}>
              {r.text}
            </Typography>
          </Stack>
        ))}
      </Box>
    </Paper>
  );
}

const WHAT: Record<DryRunDelivery['what'], string> = { send: 'sends', hold: 'held for the scan digest', digest: 'sends the scan digest' };

function DeliveryCard({ delivery: d }: { delivery: DryRunDelivery }) {
  const when = d.what === 'hold' ? WHAT.hold : `${WHAT[d.what]} ${dueIn(d.due_in_ms)}`;
  return (
    <Paper variant="outlined" sx={{ p: 1.5 }} data-testid="dry-run-delivery">
      <Stack direction="row" spacing={1} alignItems="center" sx={{ mb: 1 }} useFlexGap flexWrap="wrap">
        {KIND_ICON[d.integration_kind as keyof typeof KIND_ICON]}
        <Typography sx={{ fontWeight: 600 }}>{d.integration_name}</Typography>
        <Typography variant="body2" color="text.secondary" sx={{ flex: 1 }}>
          {d.rule_name ? `rule “${d.rule_name}”` : 'its own events and projects'}
        </Typography>
        <Chip size="small" color={d.what === 'hold' ? 'info' : 'primary'} variant="outlined" label={when} />
      </Stack>
      <PreviewView preview={d.preview} />
    </Paper>
  );
}

function Rows({ rows, label }: { rows: [string, ReactNode][]; label: string }) {
  return (
    <Table size="small" aria-label={label} sx={{ '& td': { py: 0.5, verticalAlign: 'top' }, '& td:first-of-type': { width: 130, color: 'text.secondary', whiteSpace: 'nowrap' } }}>
      <TableBody>
        {rows.map(([k, v]) => (
          <TableRow key={k}>
            <TableCell>{k}</TableCell>
            <TableCell sx={{ wordBreak: 'break-word' }}>{v}</TableCell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}

function PreviewView({ preview: p }: { preview: DeliveryPreview }) {
  if (p.kind === 'http') {
    return (
      <Stack spacing={1} data-testid="preview-http">
        <Typography sx={{ ...mono, fontWeight: 600, wordBreak: 'break-all' }}>
          {p.method} {p.url}
        </Typography>
        <Rows label="Request headers" rows={Object.entries(p.headers).map(([k, v]) => [k, <Box component="span" sx={mono}>{v}</Box>])} />
        <Box component="pre" sx={pre} aria-label="Request body">
          {p.body}
        </Box>
      </Stack>
    );
  }
  if (p.kind === 'email') {
    return (
      <Stack spacing={1} data-testid="preview-email">
        <Rows
          label="Email headers"
          rows={[
            ['From', p.from],
            ['To', p.to.join(', ')],
            ['Reply-To', p.reply_to],
            ['Subject', <strong>{p.subject}</strong>],
          ]}
        />
        <Box component="pre" sx={pre} aria-label="Text part">
          {p.text}
        </Box>
        <Accordion variant="outlined" disableGutters slotProps={{ transition: { unmountOnExit: true } }}>
          <AccordionSummary expandIcon={<ExpandMoreIcon />}>
            <Typography variant="body2">HTML part</Typography>
          </AccordionSummary>
          <AccordionDetails>
            <Box component="iframe" title="HTML part" sandbox="" srcDoc={p.html} sx={{ width: '100%', height: 320, border: 1, borderColor: 'divider', borderRadius: 1, bgcolor: '#fff' }} />
          </AccordionDetails>
        </Accordion>
      </Stack>
    );
  }
  if (p.kind === 'jira') {
    return (
      <Stack spacing={1} data-testid="preview-jira">
        <Rows
          label="Jira issue"
          rows={[
            ['Project', p.project_key],
            ['Issue type', p.issue_type],
            ['Fingerprint', <Box component="span" sx={mono}>{p.fingerprint}</Box>],
          ]}
        />
        <Box component="pre" sx={pre} aria-label="Issue fields">
          {JSON.stringify(p.fields, null, 2)}
        </Box>
      </Stack>
    );
  }
  return (
    <Typography variant="body2" color="text.secondary" data-testid="preview-note">
      {p.note}
    </Typography>
  );
}
