import BoltIcon from '@mui/icons-material/Bolt';
import CasinoOutlinedIcon from '@mui/icons-material/CasinoOutlined';
import AutoAwesomeOutlinedIcon from '@mui/icons-material/AutoAwesomeOutlined';
import UndoIcon from '@mui/icons-material/Undo';
import VisibilityOffOutlinedIcon from '@mui/icons-material/VisibilityOffOutlined';
import { Alert, AlertTitle, Box, Button, Chip, CircularProgress, IconButton, Link, Paper, Snackbar, Stack, TextField, Tooltip, Typography } from '@mui/material';
import { useMutation } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { FireResult, RedactionKind, RedactResult, TriggerName, TriggerSummary } from '../../../../main/contract/index.js';
import { call } from '../../api.js';
import { navigate } from '../../App.js';
import { formatNumber } from '../../format.js';
import { translateMessage } from '../../i18n/validation.js';
import { mono } from '../../theme.js';

const MAX_COUNT = 100;

/** Pretty JSON, as the payload editor shows it. */
const pretty = (payload: unknown) => JSON.stringify(payload, null, 2);

interface Props {
  trigger: TriggerSummary;
  /** The editor's text as it is now, and what it parses to (null with a syntax error). */
  text: string;
  payload: Record<string, unknown> | null;
  /** Replaces the editor's text (as if the user had typed it). */
  onReplace: (text: string) => void;
}

/** What a batch of synthetic events did: fired before an error, if one stopped it. */
interface Batch {
  seed: number;
  total: number;
  results: FireResult[];
  error: Error | null;
}

/**
 * Demo data next to the payload editor (issue 7): repeatable example payloads from a seed,
 * a batch of synthetic events fired through the engine, and redaction of a real payload before it is shown.
 */
export function DemoDataToolbar({ trigger, text, payload, onReplace }: Props) {
  const { t, i18n } = useTranslation('events');
  const lang = i18n.language === 'ru' ? 'ru' : 'en';
  const [seed, setSeed] = useState(1);
  const [count, setCount] = useState(5);
  /** The example last generated, while the editor still shows it. */
  const [generated, setGenerated] = useState<{ seed: number; text: string } | null>(null);
  /** The last redaction, with the text it replaced (for Undo). */
  const [redacted, setRedacted] = useState<{ before: string; after: string; redactions: RedactResult['redactions'] } | null>(null);
  const [batch, setBatch] = useState<Batch | null>(null);

  const generate = useMutation({
    mutationFn: (s: number) => call('events.synthesize', { trigger: trigger.name as TriggerName, seed: s, count: 1 }),
    onSuccess: (result, s) => {
      const next = pretty(result.events[0]?.payload ?? {});
      setGenerated({ seed: s, text: next });
      setRedacted(null);
      onReplace(next);
    },
  });
  const fireMany = useMutation({
    mutationFn: async ({ s, n }: { s: number; n: number }): Promise<Batch> => {
      const { events } = await call('events.synthesize', { trigger: trigger.name as TriggerName, seed: s, count: n });
      const results: FireResult[] = [];
      // One at a time, in order: the live log shows them as a demo audience expects.
      for (const event of events) {
        try {
          results.push(await call('events.fire', { trigger: event.trigger, payload: event.payload }));
        } catch (e) {
          return { seed: s, total: events.length, results, error: e as Error };
        }
      }
      return { seed: s, total: events.length, results, error: null };
    },
    onSuccess: setBatch,
  });
  const redact = useMutation({
    mutationFn: (p: Record<string, unknown>) => call('events.redact', { payload: p }),
    onSuccess: (result) => {
      const after = pretty(result.payload);
      setRedacted({ before: text, after, redactions: result.redactions });
      onReplace(after);
    },
  });

  const showsGenerated = generated !== null && generated.text === text;
  const showsRedacted = redacted !== null && redacted.after === text;
  const failed = generate.error ?? redact.error ?? fireMany.error;
  const failedKey = generate.error ? 'demo.generateFailed' : redact.error ? 'demo.redactFailed' : 'demo.fireManyFailed';
  const busy = generate.isPending || fireMany.isPending || redact.isPending;

  return (
    <Paper variant="outlined" component="section" aria-label={t('demo.title')} sx={{ p: 1.5, mb: 1.5 }} data-testid="demo-data">
      <Stack direction="row" alignItems="baseline" spacing={1} sx={{ mb: 1.5 }}>
        <Typography variant="subtitle2" component="h4" sx={{ whiteSpace: 'nowrap' }}>
          {t('demo.title')}
        </Typography>
        <Typography variant="caption" color="text.secondary">
          {t('demo.intro')}
        </Typography>
      </Stack>
      {/* Three groups that wrap as a whole: example, synthetic batch, redaction. */}
      <Stack direction="row" useFlexGap flexWrap="wrap" alignItems="center" columnGap={3} rowGap={1.5}>
        {/* Enter in the seed field generates; Enter in the count field fires. */}
        <Stack
          direction="row"
          alignItems="center"
          spacing={1}
          component="form"
          onSubmit={(e) => {
            e.preventDefault();
            if (!busy) generate.mutate(seed);
          }}
        >
          <TextField
            size="small"
            type="number"
            label={t('demo.seed')}
            value={seed}
            onChange={(e) => setSeed(Math.max(0, Math.trunc(Number(e.target.value)) || 0))}
            slotProps={{ htmlInput: { min: 0, 'data-testid': 'demo-seed' } }}
            sx={{ width: 96 }}
          />
          <Button type="submit" variant="outlined" startIcon={<AutoAwesomeOutlinedIcon />} disabled={busy}>
            {t('demo.generate')}
          </Button>
          <Tooltip disableInteractive title={t('demo.newSeed', { seed: formatNumber(seed + 1) })}>
            <span>
              <IconButton
                aria-label={t('demo.newSeed', { seed: formatNumber(seed + 1) })}
                disabled={busy}
                onClick={() => {
                  setSeed(seed + 1);
                  generate.mutate(seed + 1);
                }}
              >
                <CasinoOutlinedIcon />
              </IconButton>
            </span>
          </Tooltip>
        </Stack>
        <Stack
          direction="row"
          alignItems="center"
          spacing={1}
          component="form"
          onSubmit={(e) => {
            e.preventDefault();
            if (!busy) fireMany.mutate({ s: seed, n: count });
          }}
        >
          <TextField
            size="small"
            type="number"
            label={t('demo.count')}
            value={count}
            onChange={(e) => setCount(Math.max(1, Math.min(MAX_COUNT, Math.trunc(Number(e.target.value)) || 1)))}
            slotProps={{ htmlInput: { min: 1, max: MAX_COUNT, 'data-testid': 'demo-count' } }}
            sx={{ width: 96 }}
          />
          <Tooltip disableInteractive title={t('demo.fireManyHint')}>
            <span>
              <Button type="submit" variant="outlined" startIcon={<BoltIcon />} disabled={busy}>
                {t('demo.fireMany', { count })}
              </Button>
            </span>
          </Tooltip>
          {fireMany.isPending && <CircularProgress size={20} aria-label={t('demo.firing')} />}
        </Stack>
        <Stack direction="row" alignItems="center" spacing={1}>
          <Tooltip disableInteractive title={t('demo.redactHint')}>
            <span>
              <Button variant="outlined" startIcon={<VisibilityOffOutlinedIcon />} disabled={busy || payload === null} onClick={() => payload && redact.mutate(payload)}>
                {t('demo.redact')}
              </Button>
            </span>
          </Tooltip>
          {showsRedacted && (
            <Button
              startIcon={<UndoIcon />}
              onClick={() => {
                onReplace(redacted.before);
                setRedacted(null);
              }}
            >
              {t('demo.undoRedaction')}
            </Button>
          )}
        </Stack>
      </Stack>

      {showsGenerated && (
        <Typography variant="body2" color="text.secondary" sx={{ mt: 1 }} data-testid="demo-seed-note">
          {t('demo.fromSeed', { seed: formatNumber(generated.seed) })}
        </Typography>
      )}
      {showsRedacted && (
        <Box sx={{ mt: 1 }} data-testid="redactions">
          {redacted.redactions.length === 0 ? (
            <Typography variant="body2" color="text.secondary">
              {t('demo.nothingToRedact')}
            </Typography>
          ) : (
            <>
              <Typography variant="body2" id={`redactions-${trigger.name}`}>
                {t('demo.hidden', { count: redacted.redactions.length })}
              </Typography>
              <Box component="ul" aria-labelledby={`redactions-${trigger.name}`} sx={{ listStyle: 'none', m: 0, mt: 0.5, p: 0, display: 'flex', flexWrap: 'wrap', gap: 0.75 }}>
                {redacted.redactions.map((r) => (
                  <li key={`${r.kind} ${r.path}`}>
                    <Chip
                      size="small"
                      variant="outlined"
                      data-kind={r.kind}
                      label={
                        <>
                          <Box component="code" sx={{ ...mono, fontSize: 12 }}>
                            {r.path}
                          </Box>
                          {' → '}
                          {t(`demo.kinds.${r.kind satisfies RedactionKind}`)}
                        </>
                      }
                    />
                  </li>
                ))}
              </Box>
            </>
          )}
        </Box>
      )}
      {failed && (
        <Alert severity="error" sx={{ mt: 1 }} onClose={() => (generate.reset(), redact.reset(), fireMany.reset())}>
          {t(failedKey, { message: translateMessage(failed.message) })}
        </Alert>
      )}

      <Snackbar open={!!batch} autoHideDuration={8000} onClose={() => setBatch(null)} anchorOrigin={{ vertical: 'bottom', horizontal: 'right' }}>
        {/* The snackbar's transition needs the Alert itself as its child (it holds the ref). */}
        {batch ? (
          <Alert severity={batchSeverity(batch)} onClose={() => setBatch(null)} variant="filled" data-testid="demo-fired">
            <BatchReport batch={batch} title={trigger.title[lang]} />
          </Alert>
        ) : (
          <span />
        )}
      </Snackbar>
    </Paper>
  );
}

/** How a batch went: fired, routed to integrations, held for digests, switched off. */
function summarize({ results }: Batch) {
  return {
    routed: results.filter((r) => r.routed_to.length > 0).length,
    held: results.filter((r) => r.held_for_digest.length > 0).length,
    names: [...new Set(results.flatMap((r) => r.routed_to.map((x) => x.integration_name)))].join(', '),
    off: results.length > 0 && results.every((r) => r.switched_off),
  };
}

function batchSeverity(batch: Batch): 'error' | 'warning' | 'success' {
  const { routed, held, off } = summarize(batch);
  return batch.error ? 'error' : off || (routed === 0 && held === 0) ? 'warning' : 'success';
}

/** The snackbar's text after "Fire N synthetic events": how many were fired, where they went. */
function BatchReport({ batch, title }: { batch: Batch; title: string }) {
  const { t } = useTranslation('events');
  const { results } = batch;
  const { routed, held, names, off } = summarize(batch);
  return (
    <>
      <AlertTitle>
        {batch.error
          ? t('demo.firedPartial', { fired: formatNumber(results.length), total: formatNumber(batch.total) })
          : t('demo.fired', { count: results.length, seed: formatNumber(batch.seed) })}
      </AlertTitle>
      {batch.error && <div>{translateMessage(batch.error.message)}</div>}
      {off ? (
        <div>{t('demo.firedSwitchedOff', { title })}</div>
      ) : (
        <>
          {routed > 0 && <div>{t('demo.firedRouted', { routed: formatNumber(routed), names })}</div>}
          {held > 0 && <div>{t('demo.firedHeld', { held: formatNumber(held) })}</div>}
          {routed === 0 && held === 0 && results.length > 0 && (
            <div>
              {t('demo.firedNobody')}{' '}
              <Link component="button" color="inherit" onClick={() => navigate('integrations')}>
                {t('fired.openIntegrations')}
              </Link>
            </div>
          )}
        </>
      )}
      <Link color="inherit" href="#/log">
        {t('fired.watchLog')}
      </Link>
    </>
  );
}
