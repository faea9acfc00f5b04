import MonitorHeartOutlinedIcon from '@mui/icons-material/MonitorHeartOutlined';
import ReplayIcon from '@mui/icons-material/Replay';
import {
  Alert,
  Box,
  Button,
  CircularProgress,
  Link,
  Paper,
  Stack,
  Table,
  TableBody,
  TableCell,
  TableContainer,
  TableHead,
  TableRow,
  ToggleButton,
  ToggleButtonGroup,
  Typography,
} from '@mui/material';
import { BarChart } from '@mui/x-charts/BarChart';
import { LineChart } from '@mui/x-charts/LineChart';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useMemo, useState, type ReactNode } from 'react';
import { Trans, useTranslation } from 'react-i18next';
import type { HealthBucket, HealthSeries, Integration } from '../../../main/contract/index.js';
import { call } from '../api.js';
import { formatNumber, formatShort, formatTime, percent } from '../format.js';
import { currentLocale, i18n } from '../i18n/index.js';
import { translateMessage } from '../i18n/validation.js';
import { retryLine } from './Integrations.js';

type RangeId = '1h' | '24h' | '7d';
/** Buckets narrow enough to see a burst, few enough to read: 12 of 5 min, 24 of 1 h, 28 of 6 h. Labels: health:range.<id>. */
const RANGES: Record<RangeId, { span_ms: number; bucket_ms: number }> = {
  '1h': { span_ms: 3_600_000, bucket_ms: 300_000 },
  '24h': { span_ms: 86_400_000, bucket_ms: 3_600_000 },
  '7d': { span_ms: 7 * 86_400_000, bucket_ms: 6 * 3_600_000 },
};
/** Axis ticks in the console's language (24-hour clock and "3 дек." in Russian). */
function tickFormats() {
  const locale = currentLocale();
  return {
    time: new Intl.DateTimeFormat(locale, { hour: 'numeric', minute: '2-digit' }),
    day: new Intl.DateTimeFormat(locale, { month: 'short', day: 'numeric', hour: 'numeric' }),
  };
}
/** Short labels under the bars; the whole bucket (start – end) in the tooltip. */
function bucketFormatter(bucketMs: number, buckets: HealthBucket[]) {
  const byStart = new Map(buckets.map((x) => [x.at, x]));
  const ticks = tickFormats();
  return (iso: string, context: { location: string }) => {
    const start = new Date(iso);
    if (context.location === 'tick') return (bucketMs >= 86_400_000 / 4 ? ticks.day : ticks.time).format(start);
    const bucket = byStart.get(iso);
    const values = { start: formatShort(iso), end: ticks.time.format(new Date(start.getTime() + bucketMs)) };
    return bucket && bucket.attempts
      ? i18n.t('health:card.bucketRate', { ...values, rate: percent(bucket.delivered / bucket.attempts) })
      : i18n.t('health:card.bucket', values);
  };
}

/**
 * Health: per integration, how many deliveries went through and how fast, over time; who is
 * failing and when its next retry is; and what was given up on (dead letters).
 */
export function Health() {
  const { t } = useTranslation('health');
  const queryClient = useQueryClient();
  const [range, setRange] = useState<RangeId>('24h');
  const spec = RANGES[range];
  const integrations = useQuery({ queryKey: ['integrations'], queryFn: () => call('integrations.list', {}) });
  // Times are the engine's: under a compressed clock it runs ahead of this machine's.
  const series = useQuery({
    queryKey: ['health', range],
    queryFn: async () => {
      const info = await call('app.info', {});
      const since = new Date(Date.parse(info.now) - spec.span_ms).toISOString();
      return { now: info.now, series: await call('health.series', { since, bucket_ms: spec.bucket_ms }) };
    },
    refetchInterval: 5_000,
  });
  const retryNow = useMutation({
    mutationFn: (id: string) => call('integrations.retryNow', { id }),
    onSettled: () => Promise.all([queryClient.invalidateQueries({ queryKey: ['integrations'] }), queryClient.invalidateQueries({ queryKey: ['health'] })]),
  });

  const list = integrations.data ?? [];
  const failing = list.filter((i) => i.health.state === 'failing');
  const withDead = list.filter((i) => i.health.dead_letters > 0);
  const all = series.data?.series ?? [];
  const active = all.filter((s) => s.buckets.some((b) => b.attempts > 0));

  return (
    <Box>
      <Stack direction="row" alignItems="flex-start" spacing={2} sx={{ mb: 2 }} useFlexGap flexWrap="wrap">
        <Box sx={{ flex: 1, minWidth: 320 }}>
          <Typography variant="h1">{t('title')}</Typography>
          <Typography color="text.secondary">{t('intro')}</Typography>
        </Box>
        <ToggleButtonGroup
          exclusive
          size="small"
          value={range}
          onChange={(_, v: RangeId | null) => v && setRange(v)}
          aria-label={t('range.label')}
          data-testid="health-range"
        >
          {(Object.keys(RANGES) as RangeId[]).map((id) => (
            <ToggleButton key={id} value={id}>
              {t(`range.${id}`)}
            </ToggleButton>
          ))}
        </ToggleButtonGroup>
      </Stack>

      {(integrations.error || series.error) && (
        <Alert severity="error" sx={{ mb: 2 }}>
          {t('loadFailed', { message: translateMessage((integrations.error ?? series.error)?.message ?? '') })}
        </Alert>
      )}
      {retryNow.error && (
        <Alert severity="error" onClose={() => retryNow.reset()} sx={{ mb: 2 }}>
          {t('retryFailed', { message: translateMessage(retryNow.error.message) })}
        </Alert>
      )}

      {(integrations.isPending || series.isPending) && <CircularProgress aria-label={t('loading')} sx={{ m: 2 }} />}

      {integrations.data && list.length === 0 && (
        <EmptyState title={t('noIntegrations.title')}>
          <Trans
            t={t}
            i18nKey="noIntegrations.body"
            components={{ add: <Link href="#/integrations" />, strong: <strong />, events: <Link href="#/events" /> }}
          />
        </EmptyState>
      )}

      {list.length > 0 && (
        <>
          <Section title={t('retries.title')} testId="next-retries">
            {failing.length === 0 ? (
              <Typography color="text.secondary" sx={{ p: 2 }}>
                {t('retries.none')}
              </Typography>
            ) : (
              <TableContainer>
                <Table size="small" aria-label={t('retries.title')}>
                  <TableHead sx={{ '& th': { color: 'text.secondary', fontWeight: 600 } }}>
                    <TableRow>
                      <TableCell>{t('retries.integration')}</TableCell>
                      <TableCell>{t('retries.nextRetry')}</TableCell>
                      <TableCell align="right">{t('retries.queued')}</TableCell>
                      <TableCell>{t('retries.lastError')}</TableCell>
                      <TableCell />
                    </TableRow>
                  </TableHead>
                  <TableBody>
                    {failing.map((i) => (
                      <TableRow key={i.id} data-testid="retry-row" sx={{ verticalAlign: 'top' }}>
                        <TableCell sx={{ fontWeight: 600, whiteSpace: 'nowrap' }}>{i.name}</TableCell>
                        <TableCell sx={{ whiteSpace: 'nowrap' }} title={i.health.next_attempt_at ? formatTime(i.health.next_attempt_at) : undefined} data-testid="retry-line">
                          {retryLine(i)}
                        </TableCell>
                        <TableCell align="right">{formatNumber(i.health.pending_deliveries)}</TableCell>
                        <TableCell sx={{ maxWidth: 420 }}>
                          <Typography variant="body2" color="error" sx={{ wordBreak: 'break-word' }}>
                            {translateMessage(i.health.last_error ?? undefined) ?? '—'}
                          </Typography>
                        </TableCell>
                        <TableCell align="right">
                          <Button
                            size="small"
                            variant="outlined"
                            startIcon={<ReplayIcon />}
                            aria-label={t('retries.retryNamedNow', { name: i.name })}
                            disabled={retryNow.isPending && retryNow.variables === i.id}
                            onClick={() => retryNow.mutate(i.id)}
                          >
                            {t('retries.retryNow')}
                          </Button>
                        </TableCell>
                      </TableRow>
                    ))}
                  </TableBody>
                </Table>
              </TableContainer>
            )}
          </Section>

          {withDead.length > 0 && (
            <Section title={t('dead.title')} testId="health-dead">
              <Stack direction="row" spacing={2} useFlexGap flexWrap="wrap" sx={{ p: 2 }}>
                {withDead.map((i) => (
                  <Link key={i.id} href={`#/dead?integration=${encodeURIComponent(i.id)}`} data-testid="dead-link">
                    {t('dead.link', { name: i.name, count: i.health.dead_letters })}
                  </Link>
                ))}
              </Stack>
            </Section>
          )}

          {series.data && active.length === 0 && (
            <EmptyState title={t(`noDeliveries.${range}`)}>
              <Trans t={t} i18nKey="noDeliveries.body" components={{ events: <Link href="#/events" />, strong: <strong /> }} />
            </EmptyState>
          )}
          {active.length > 0 && (
            <Typography variant="body2" color="text.secondary" sx={{ mb: 1 }}>
              {t('shown', { range: t(`range.${range}`), time: formatShort(series.data?.now), buckets: t(`buckets.${range}`) })}
              {list.length > active.length ? ` · ${t('hidden', { count: list.length - active.length })}` : ''}
            </Typography>
          )}
          <Stack spacing={2}>
            {active.map((s) => (
              <IntegrationCharts key={s.integration_id} series={s} integration={list.find((i) => i.id === s.integration_id)} bucketMs={spec.bucket_ms} />
            ))}
          </Stack>
        </>
      )}
    </Box>
  );
}

function Section({ title, testId, children }: { title: string; testId: string; children: ReactNode }) {
  return (
    <Paper variant="outlined" sx={{ mb: 2 }} component="section" aria-label={title} data-testid={testId}>
      <Typography variant="h2" sx={{ px: 2, pt: 1.5, pb: 1, borderBottom: 1, borderColor: 'divider' }}>
        {title}
      </Typography>
      {children}
    </Paper>
  );
}

function EmptyState({ title, children }: { title: string; children: ReactNode }) {
  return (
    <Paper variant="outlined" sx={{ p: 4, textAlign: 'center', mb: 2 }} data-testid="health-empty">
      <MonitorHeartOutlinedIcon color="primary" sx={{ fontSize: 40 }} />
      <Typography variant="h3" component="h2" sx={{ mt: 1 }}>
        {title}
      </Typography>
      <Typography color="text.secondary" sx={{ mt: 1, maxWidth: 640, mx: 'auto' }}>
        {children}
      </Typography>
    </Paper>
  );
}

function IntegrationCharts({ series, integration, bucketMs }: { series: HealthSeries; integration: Integration | undefined; bucketMs: number }) {
  const { t } = useTranslation('health');
  // The charts' own texts (an empty chart, loading) in the console's language.
  const localeText = useMemo(() => ({ noData: t('chart.noData'), loading: t('chart.loading') }), [t]);
  const b = series.buckets;
  const attempts = b.reduce((n, x) => n + x.attempts, 0);
  const delivered = b.reduce((n, x) => n + x.delivered, 0);
  const failed = b.reduce((n, x) => n + x.failed, 0);
  const rate = attempts ? delivered / attempts : null;
  const p95s = b.map((x) => x.latency_p95_ms).filter((v): v is number => v !== null);
  const worstP95 = p95s.length ? Math.max(...p95s) : null;
  const labels = b.map((x) => x.at);
  const valueFormatter = bucketFormatter(bucketMs, b);
  const slowest = worstP95 !== null ? formatNumber(Math.round(worstP95)) : null;
  const summary = `${t('card.summary', {
    attempts: t('card.attempts', { count: attempts }),
    delivered: formatNumber(delivered),
    failed: formatNumber(failed),
    rate: percent(rate),
  })}${slowest !== null ? `; ${t('card.slowest', { ms: slowest })}` : ''}`;
  const ms = (v: number | null) => (v === null ? '—' : t('card.ms', { ms: formatNumber(Math.round(v)) }));
  return (
    <Paper variant="outlined" component="section" aria-label={t('card.label', { name: series.integration_name })} data-testid="health-card" data-integration={series.integration_name}>
      <Stack direction="row" alignItems="baseline" spacing={2} sx={{ px: 2, pt: 1.5 }} useFlexGap flexWrap="wrap">
        <Typography variant="h2">{series.integration_name}</Typography>
        {integration && integration.health.state !== 'active' && (
          <Typography variant="body2" color={integration.health.state === 'failing' ? 'warning.main' : 'text.secondary'}>
            {integration.health.state === 'failing' ? t('card.failing') : t('card.disabled')}
          </Typography>
        )}
        <Typography variant="body2" color="text.secondary" data-testid="health-summary" sx={{ ml: 'auto' }}>
          {summary}
        </Typography>
      </Stack>
      <Stack direction={{ xs: 'column', lg: 'row' }} sx={{ px: 1, pb: 1 }}>
        <Box sx={{ flex: 1, minWidth: 0 }} role="figure" aria-label={t('card.deliveriesFigure', { name: series.integration_name, summary })}>
          <Typography variant="body2" sx={{ fontWeight: 600, px: 1, pt: 1 }}>
            {t('card.deliveriesTitle')}
          </Typography>
          <BarChart
            localeText={localeText}
            height={220}
            xAxis={[{ scaleType: 'band', data: labels, valueFormatter, tickLabelStyle: { fontSize: 11 } }]}
            yAxis={[{ tickMinStep: 1, width: 40, valueFormatter: (v: number) => formatNumber(v) }]}
            series={[
              { data: b.map((x) => x.delivered), label: t('card.delivered'), stack: 'outcome', color: '#16a34a', valueFormatter: (v) => (v === null ? '' : formatNumber(v)) },
              { data: b.map((x) => x.failed), label: t('card.failed'), stack: 'outcome', color: '#dc2626', valueFormatter: (v) => (v === null ? '' : formatNumber(v)) },
            ]}
            margin={{ left: 4, right: 24, top: 8, bottom: 4 }}
          />
        </Box>
        <Box sx={{ flex: 1, minWidth: 0 }} role="figure" aria-label={
            slowest !== null ? t('card.latencyFigureSlowest', { name: series.integration_name, ms: slowest }) : t('card.latencyFigure', { name: series.integration_name })
          }
        >
          <Typography variant="body2" sx={{ fontWeight: 600, px: 1, pt: 1 }}>
            {t('card.latencyTitle')}
          </Typography>
          <LineChart
            localeText={localeText}
            height={220}
            xAxis={[{ scaleType: 'point', data: labels, valueFormatter, tickLabelStyle: { fontSize: 11 } }]}
            yAxis={[{ min: 0, width: 48, valueFormatter: (v: number) => formatNumber(v) }]}
            series={[
              { data: b.map((x) => x.latency_p50_ms), label: 'p50', connectNulls: true, showMark: true, color: '#2563eb', valueFormatter: ms },
              { data: b.map((x) => x.latency_p95_ms), label: 'p95', connectNulls: true, showMark: true, color: '#d97706', valueFormatter: ms },
            ]}
            margin={{ left: 4, right: 24, top: 8, bottom: 4 }}
          />
        </Box>
      </Stack>
    </Paper>
  );
}
