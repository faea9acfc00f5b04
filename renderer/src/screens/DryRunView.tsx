import CheckIcon from '@mui/icons-material/Check';
import CheckCircleIcon from '@mui/icons-material/CheckCircle';
import RemoveCircleOutlineIcon from '@mui/icons-material/RemoveCircleOutline';
import CloseIcon from '@mui/icons-material/Close';
import ContentCopyIcon from '@mui/icons-material/ContentCopy';
import { Accordion, AccordionDetails, AccordionSummary, Alert, AlertTitle, Box, Button, Chip, Paper, Stack, Table, TableBody, TableCell, TableRow, Tooltip, Typography } from '@mui/material';
import ExpandMoreIcon from '@mui/icons-material/ExpandMore';
import { useState, type ReactNode } from 'react';
import { asCurl, asJson } from './copyAs.js';
import { KindIcon } from './kinds.js';
import { Trans, useTranslation } from 'react-i18next';
import type { DeliveryPreview, DryRunCheck, DryRunDelivery, DryRunResult } from '../../../main/contract/index.js';
import { formatNumber } from '../format.js';
import { i18n } from '../i18n/index.js';
import { translateMessage } from '../i18n/validation.js';
import { mono } from '../theme.js';

/** "at once", "in 5 s", "in 3 min", "in 2 h" (engine time). */
export function dueIn(ms: number | null): string {
  if (ms === null) return '';
  const n = (unit: number) => formatNumber(Math.round(ms / unit));
  if (ms < 1000) return i18n.t('events:dueIn.now');
  if (ms < 60_000) return i18n.t('events:dueIn.seconds', { n: n(1000) });
  if (ms < 3_600_000) return i18n.t('events:dueIn.minutes', { n: n(60_000) });
  if (ms < 86_400_000) return i18n.t('events:dueIn.hours', { n: n(3_600_000) });
  return i18n.t('events:dueIn.days', { n: n(86_400_000) });
}


/** A webhook's own subscription is named "<name> (its own events and projects)" by the engine. */
const OWN_SUFFIX = ' (its own events and projects)';
function checkName(c: DryRunCheck, t: ReturnType<typeof useTranslation<'events'>>['t']): string {
  return c.rule_id === null && c.name.endsWith(OWN_SUFFIX) ? t('dryRun.ownName', { name: c.name.slice(0, -OWN_SUFFIX.length) }) : c.name;
}

const pre = { ...mono, fontSize: 12, whiteSpace: 'pre-wrap', wordBreak: 'break-word', m: 0, p: 1.25, bgcolor: 'action.hover', borderRadius: 1, maxHeight: 320, overflow: 'auto' } as const;

/**
 * What a dry run found: every rule and webhook with the reasons it takes the event or not, and
 * for each delivery exactly what would be sent.
 */
export function DryRunView({ result, focusRuleId }: { result: DryRunResult; focusRuleId?: string | undefined }) {
  // The rule being edited first, then matches, then the rest.
  const checks = [...result.checks].sort((a, b) => Number(b.rule_id === focusRuleId && !!focusRuleId) - Number(a.rule_id === focusRuleId && !!focusRuleId) || Number(b.matched) - Number(a.matched));
  const sending = result.deliveries.filter((d) => d.what !== 'hold');
  const { t } = useTranslation('events');
  return (
    <Stack spacing={2} data-testid="dry-run-result">
      <Typography variant="body2" color="text.secondary">
        <Trans
          t={t}
          i18nKey={result.project ? 'dryRun.ofProject' : 'dryRun.of'}
          values={{ trigger: result.trigger, project: result.project ?? '' }}
          components={{ code: <Box component="code" sx={mono} /> }}
        />
      </Typography>
      {result.switched_off && (
        <Alert severity="warning" data-testid="dry-run-switched-off">
          <AlertTitle>{t('dryRun.switchedOffTitle')}</AlertTitle>
          {t('dryRun.switchedOff', { trigger: result.trigger })}
        </Alert>
      )}

      <Box>
        <Typography variant="h3" component="h3" sx={{ mb: 1 }}>
          {t('dryRun.checks')}
        </Typography>
        {checks.length === 0 && <Typography color="text.secondary">{t('dryRun.noChecks')}</Typography>}
        <Stack spacing={0.75}>
          {checks.map((c) => (
            <CheckCard key={`${c.rule_id ?? c.integration_id}:${c.name}`} check={c} focused={!!focusRuleId && c.rule_id === focusRuleId} />
          ))}
        </Stack>
      </Box>

      <Box>
        <Typography variant="h3" component="h3" sx={{ mb: 1 }}>
          {!result.switched_off && sending.length ? t('dryRun.wouldSend', { count: sending.length }) : t('dryRun.deliveries')}
        </Typography>
        {result.deliveries.length === 0 && (
          <Typography color="text.secondary" data-testid="dry-run-nothing">
            {result.switched_off ? t('dryRun.nothingOff') : t('dryRun.nothing')}
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
          <AlertTitle>{t('dryRun.skippedTitle')}</AlertTitle>
          <Box component="ul" sx={{ m: 0, pl: 2.5 }}>
            {result.skipped.map((s, i) => (
              <li key={i}>
                <strong>{s.integration_name}</strong>
                {s.rule_name ? t('dryRun.skippedRule', { name: s.rule_name }) : ''}: {translateMessage(s.reason)}
              </li>
            ))}
          </Box>
        </Alert>
      )}
    </Stack>
  );
}

function CheckCard({ check: c, focused }: { check: DryRunCheck; focused: boolean }) {
  const { t } = useTranslation('events');
  const name = checkName(c, t);
  return (
    <Paper variant="outlined" sx={{ px: 1.5, py: 1, borderColor: focused ? 'primary.main' : undefined }} data-testid="dry-run-check" data-matched={c.matched}>
      <Stack direction="row" spacing={1} alignItems="center">
        {c.matched ? (
          <CheckCircleIcon fontSize="small" color="success" titleAccess={t('dryRun.matches')} />
        ) : (
          <RemoveCircleOutlineIcon fontSize="small" sx={{ color: 'text.disabled' }} titleAccess={t('dryRun.noMatch')} />
        )}
        <Typography sx={{ fontWeight: 600, flex: 1, minWidth: 0 }}>{name}</Typography>
        {focused && <Chip size="small" variant="outlined" label={t('dryRun.thisRule')} />}
        <Chip size="small" color={c.matched ? 'success' : 'default'} label={c.matched ? t('dryRun.matches') : t('dryRun.noMatch')} />
      </Stack>
      <Box
        component="ul"
        sx={{ m: 0, p: 0, pl: 3.5, listStyle: 'none', display: 'flex', flexWrap: 'wrap', columnGap: 2.5, rowGap: 0.25 }}
        aria-label={c.matched ? t('dryRun.whyMatches', { name }) : t('dryRun.whyNot', { name })}
      >
        {c.reasons.map((r, i) => (
          <Stack key={i} component="li" direction="row" spacing={0.5} alignItems="center" data-testid="dry-run-reason" data-ok={r.ok}>
            {r.ok ? <CheckIcon sx={{ fontSize: 16 }} color="success" titleAccess={t('dryRun.passes')} /> : <CloseIcon sx={{ fontSize: 16, color: 'text.disabled' }} titleAccess={t('dryRun.fails')} />}
            <Typography variant="body2" color={r.ok ? 'text.primary' : 'text.secondary'}>
              {translateMessage(r.text)}
            </Typography>
          </Stack>
        ))}
      </Box>
    </Paper>
  );
}

function DeliveryCard({ delivery: d }: { delivery: DryRunDelivery }) {
  const { t } = useTranslation(['events', 'forms']);
  const when = d.what === 'hold' ? t('dryRun.hold') : t(d.what === 'digest' ? 'dryRun.digest' : 'dryRun.sends', { when: dueIn(d.due_in_ms) }).trimEnd();
  return (
    <Paper variant="outlined" sx={{ p: 1.5 }} data-testid="dry-run-delivery">
      <Stack direction="row" spacing={1} alignItems="center" sx={{ mb: 1 }} useFlexGap flexWrap="wrap">
        <KindIcon kind={d.integration_kind} fontSize="small" />
        <Typography sx={{ fontWeight: 600 }}>{d.integration_name}</Typography>
        <Typography variant="body2" color="text.secondary" sx={{ flex: 1 }}>
          {d.rule_name ? t('dryRun.rule', { name: d.rule_name }) : t('dryRun.ownEvents')}
        </Typography>
        <Chip size="small" color={d.what === 'hold' ? 'info' : 'primary'} variant="outlined" label={when} />
        {d.sandbox && (
          <Tooltip title={t('forms:report.sandbox.chipHint')}>
            <Chip size="small" color={d.sandbox === 'chaos' ? 'warning' : 'info'} label={t(d.sandbox === 'chaos' ? 'forms:report.sandbox.chipChaos' : 'forms:report.sandbox.chip')} data-testid="dry-run-sandboxed" />
          </Tooltip>
        )}
      </Stack>
      {d.escalated_from && (
        <Typography variant="body2" color="warning.main" sx={{ mb: 1 }} data-testid="dry-run-escalated-from">
          {t('dryRun.escalatedFrom', { name: d.escalated_from.integration_name })}
        </Typography>
      )}
      {d.fallbacks?.map((f) => (
        <Typography key={`${f.integration_id}:${f.rule_name}`} variant="body2" color="text.secondary" sx={{ mb: 1 }} data-testid="dry-run-fallback">
          {t('dryRun.escalatesTo', { name: f.integration_name, after: f.after_minutes % 60 === 0 ? t('dryRun.hours', { count: f.after_minutes / 60 }) : t('dryRun.minutes', { count: f.after_minutes }) })}
        </Typography>
      ))}
      <PreviewView preview={d.preview} />
      {d.preview.kind !== 'none' && <CopyButtons preview={d.preview} />}
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

/** Copy as curl (HTTP requests) and as JSON (any preview), for a terminal, a ticket or a demo. */
function CopyButtons({ preview }: { preview: DeliveryPreview }) {
  const { t } = useTranslation('events');
  const [copied, setCopied] = useState<'curl' | 'json' | null>(null);
  const copy = (what: 'curl' | 'json') => {
    const text = what === 'curl' && preview.kind === 'http' ? asCurl(preview) : asJson(preview);
    void navigator.clipboard?.writeText(text).then(
      () => setCopied(what),
      () => setCopied(null),
    );
  };
  return (
    <Stack direction="row" spacing={1} alignItems="center" sx={{ mt: 1 }}>
      {preview.kind === 'http' && (
        <Button size="small" variant="outlined" startIcon={<ContentCopyIcon />} onClick={() => copy('curl')}>
          {t('preview.copyCurl')}
        </Button>
      )}
      <Button size="small" variant="outlined" startIcon={<ContentCopyIcon />} onClick={() => copy('json')}>
        {t('preview.copyJson')}
      </Button>
      <Typography variant="caption" color="text.secondary" role="status">
        {copied === 'curl' ? t('preview.copiedCurl') : copied === 'json' ? t('preview.copiedJson') : ''}
      </Typography>
    </Stack>
  );
}

function PreviewView({ preview: p }: { preview: DeliveryPreview }) {
  const { t } = useTranslation('events');
  if (p.kind === 'http') {
    return (
      <Stack spacing={1} data-testid="preview-http">
        <Typography sx={{ ...mono, fontWeight: 600, wordBreak: 'break-all' }}>
          {p.method} {p.url}
        </Typography>
        <Rows label={t('preview.requestHeaders')} rows={Object.entries(p.headers).map(([k, v]) => [k, <Box component="span" sx={mono}>{v}</Box>])} />
        <Box component="pre" sx={pre} tabIndex={0} aria-label={t('preview.requestBody')}>
          {p.body}
        </Box>
        {p.note && (
          <Typography variant="body2" color="text.secondary" data-testid="preview-http-note">
            {translateMessage(p.note)}
          </Typography>
        )}
      </Stack>
    );
  }
  if (p.kind === 'email') {
    return (
      <Stack spacing={1} data-testid="preview-email">
        <Rows
          label={t('preview.emailHeaders')}
          rows={[
            [t('preview.from'), p.from],
            [t('preview.to'), p.to.join(', ')],
            [t('preview.replyTo'), p.reply_to],
            [t('preview.subject'), <strong>{p.subject}</strong>],
            // The same message either way; this says which road it would take.
            ...(p.via
              ? [[t('preview.via'), p.via.transport === 'graph' ? t('preview.viaGraph', { endpoint: p.via.endpoint }) : t(p.via.oauth2 ? 'preview.viaSmtpOauth' : 'preview.viaSmtp', { endpoint: p.via.endpoint })] as [string, string]]
              : []),
          ]}
        />
        <Box component="pre" sx={pre} tabIndex={0} aria-label={t('preview.textPart')}>
          {p.text}
        </Box>
        <Accordion variant="outlined" disableGutters slotProps={{ transition: { unmountOnExit: true } }}>
          <AccordionSummary expandIcon={<ExpandMoreIcon />}>
            <Typography variant="body2">{t('preview.htmlPart')}</Typography>
          </AccordionSummary>
          <AccordionDetails>
            <Box component="iframe" title={t('preview.htmlPart')} sandbox="" srcDoc={p.html} sx={{ width: '100%', height: 320, border: 1, borderColor: 'divider', borderRadius: 1, bgcolor: '#fff' }} />
          </AccordionDetails>
        </Accordion>
      </Stack>
    );
  }
  if (p.kind === 'jira') {
    return (
      <Stack spacing={1} data-testid="preview-jira">
        <Rows
          label={t('preview.jiraIssue')}
          rows={[
            [t('preview.project'), p.project_key],
            [t('preview.issueType'), p.issue_type],
            [t('preview.fingerprint'), <Box component="span" sx={mono}>{p.fingerprint}</Box>],
          ]}
        />
        <Box component="pre" sx={pre} tabIndex={0} aria-label={t('preview.issueFields')}>
          {JSON.stringify(p.fields, null, 2)}
        </Box>
      </Stack>
    );
  }
  return (
    <Typography variant="body2" color="text.secondary" data-testid="preview-note">
      {translateMessage(p.note)}
    </Typography>
  );
}
