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
import { useState } from 'react';
import type { HealthBucket, HealthSeries, Integration } from '../../../main/contract/index.js';
import { call } from '../api.js';
import { formatShort, formatTime, percent } from '../format.js';
import { retryLine } from './Integrations.js';

type RangeId = '1h' | '24h' | '7d';
/** Buckets narrow enough to see a burst, few enough to read: 12 of 5 min, 24 of 1 h, 28 of 6 h. */
const RANGES: Record<RangeId, { label: string; span_ms: number; bucket_ms: number; bucketLabel: string }> = {
  '1h': { label: 'Last hour', span_ms: 3_600_000, bucket_ms: 300_000, bucketLabel: '5-minute buckets' },
  '24h': { label: '24 hours', span_ms: 86_400_000, bucket_ms: 3_600_000, bucketLabel: 'hourly buckets' },
  '7d': { label: '7 days', span_ms: 7 * 86_400_000, bucket_ms: 6 * 3_600_000, bucketLabel: '6-hour buckets' },
};
const timeTick = new Intl.DateTimeFormat(undefined, { hour: 'numeric', minute: '2-digit' });
const dayTick = new Intl.DateTimeFormat(undefined, { month: 'short', day: 'numeric', hour: 'numeric' });
/** Short labels under the bars; the whole bucket (start – end) in the tooltip. */
function bucketFormatter(bucketMs: number, buckets: HealthBucket[]) {
  const byStart = new Map(buckets.map((x) => [x.at, x]));
  return (iso: string, context: { location: string }) => {
    const start = new Date(iso);
    if (context.location === 'tick') return (bucketMs >= 86_400_000 / 4 ? dayTick : timeTick).format(start);
    const bucket = byStart.get(iso);
    const rate = bucket && bucket.attempts ? ` · ${percent(bucket.delivered / bucket.attempts)} success` : '';
    return `${formatShort(iso)} – ${timeTick.format(new Date(start.getTime() + bucketMs))}${rate}`;
  };
}
const plural = (n: number, one: string, many: string) => `${n.toLocaleString()} ${n === 1 ? one : many}`;

/**
 * Health: per integration, how many deliveries went through and how fast, over time; who is
 * failing and when its next retry is; and what was given up on (dead letters).
 */
export function Health() {
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
          <Typography variant="h1">Health</Typography>
          <Typography color="text.secondary">
            How each integration is doing: deliveries that went through or failed, how long the receiver took to answer, the retries that are due next, and what
            Herald gave up on.
          </Typography>
        </Box>
        <ToggleButtonGroup
          exclusive
          size="small"
          value={range}
          onChange={(_, v: RangeId | null) => v && setRange(v)}
          aria-label="Time range"
          data-testid="health-range"
        >
          {(Object.keys(RANGES) as RangeId[]).map((id) => (
            <ToggleButton key={id} value={id}>
              {RANGES[id].label}
            </ToggleButton>
          ))}
        </ToggleButtonGroup>
      </Stack>

      {(integrations.error || series.error) && (
        <Alert severity="error" sx={{ mb: 2 }}>
          Could not load health: {(integrations.error ?? series.error)?.message}
        </Alert>
      )}
      {retryNow.error && (
        <Alert severity="error" onClose={() => retryNow.reset()} sx={{ mb: 2 }}>
          Could not retry now: {retryNow.error.message}
        </Alert>
      )}

      {(integrations.isPending || series.isPending) && <CircularProgress aria-label="Loading health" sx={{ m: 2 }} />}

      {integrations.data && list.length === 0 && (
        <EmptyState title="No integrations yet">
          Health shows how deliveries to your integrations go. Start by{' '}
          <Link href="#/integrations">adding an integration</Link> (a webhook, an SMTP server or Jira) and press <strong>Test it</strong>; then fire a test event
          from <Link href="#/events">Events</Link> and come back here.
        </EmptyState>
      )}

      {list.length > 0 && (
        <>
          <Section title="Next scheduled retries" testId="next-retries">
            {failing.length === 0 ? (
              <Typography color="text.secondary" sx={{ p: 2 }}>
                Nothing is waiting for a retry: every active integration delivered its last attempt.
              </Typography>
            ) : (
              <TableContainer>
                <Table size="small" aria-label="Next scheduled retries">
                  <TableHead sx={{ '& th': { color: 'text.secondary', fontWeight: 600 } }}>
                    <TableRow>
                      <TableCell>Integration</TableCell>
                      <TableCell>Next retry</TableCell>
                      <TableCell align="right">Queued</TableCell>
                      <TableCell>Last error</TableCell>
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
                        <TableCell align="right">{i.health.pending_deliveries}</TableCell>
                        <TableCell sx={{ maxWidth: 420 }}>
                          <Typography variant="body2" color="error" sx={{ wordBreak: 'break-word' }}>
                            {i.health.last_error ?? '—'}
                          </Typography>
                        </TableCell>
                        <TableCell align="right">
                          <Button
                            size="small"
                            variant="outlined"
                            startIcon={<ReplayIcon />}
                            aria-label={`Retry ${i.name} now`}
                            disabled={retryNow.isPending && retryNow.variables === i.id}
                            onClick={() => retryNow.mutate(i.id)}
                          >
                            Retry now
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
            <Section title="Dead letters" testId="health-dead">
              <Stack direction="row" spacing={2} useFlexGap flexWrap="wrap" sx={{ p: 2 }}>
                {withDead.map((i) => (
                  <Link key={i.id} href={`#/dead?integration=${encodeURIComponent(i.id)}`} data-testid="dead-link">
                    {i.name}: {plural(i.health.dead_letters, 'dead letter', 'dead letters')}
                  </Link>
                ))}
              </Stack>
            </Section>
          )}

          {series.data && active.length === 0 && (
            <EmptyState title={`No deliveries in the ${RANGES[range].label.toLowerCase()}`}>
              Nothing was sent to an integration in this range yet. Fire an event from <Link href="#/events">Events</Link> (the catalogue&apos;s{' '}
              <strong>Fire</strong> sends its example payload) or pick a longer range.
            </EmptyState>
          )}
          {active.length > 0 && (
            <Typography variant="body2" color="text.secondary" sx={{ mb: 1 }}>
              {RANGES[range].label} up to {formatShort(series.data?.now)}, in {RANGES[range].bucketLabel}
              {list.length > active.length ? ` · ${plural(list.length - active.length, 'integration', 'integrations')} without deliveries not shown` : ''}
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

function Section({ title, testId, children }: { title: string; testId: string; children: React.ReactNode }) {
  return (
    <Paper variant="outlined" sx={{ mb: 2 }} component="section" aria-label={title} data-testid={testId}>
      <Typography variant="h2" sx={{ px: 2, pt: 1.5, pb: 1, borderBottom: 1, borderColor: 'divider' }}>
        {title}
      </Typography>
      {children}
    </Paper>
  );
}

function EmptyState({ title, children }: { title: string; children: React.ReactNode }) {
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
  const b = series.buckets;
  const attempts = b.reduce((n, x) => n + x.attempts, 0);
  const delivered = b.reduce((n, x) => n + x.delivered, 0);
  const failed = b.reduce((n, x) => n + x.failed, 0);
  const rate = attempts ? delivered / attempts : null;
  const p95s = b.map((x) => x.latency_p95_ms).filter((v): v is number => v !== null);
  const worstP95 = p95s.length ? Math.max(...p95s) : null;
  const labels = b.map((x) => x.at);
  const valueFormatter = bucketFormatter(bucketMs, b);
  const summary = `${plural(attempts, 'attempt', 'attempts')}: ${delivered.toLocaleString()} delivered, ${failed.toLocaleString()} failed (${percent(rate)} success)${
    worstP95 !== null ? `; slowest p95 ${Math.round(worstP95)} ms` : ''
  }`;
  return (
    <Paper variant="outlined" component="section" aria-label={`Health of ${series.integration_name}`} data-testid="health-card" data-integration={series.integration_name}>
      <Stack direction="row" alignItems="baseline" spacing={2} sx={{ px: 2, pt: 1.5 }} useFlexGap flexWrap="wrap">
        <Typography variant="h2">{series.integration_name}</Typography>
        {integration && integration.health.state !== 'active' && (
          <Typography variant="body2" color={integration.health.state === 'failing' ? 'warning.main' : 'text.secondary'}>
            {integration.health.state === 'failing' ? 'Failing' : 'Disabled'}
          </Typography>
        )}
        <Typography variant="body2" color="text.secondary" data-testid="health-summary" sx={{ ml: 'auto' }}>
          {summary}
        </Typography>
      </Stack>
      <Stack direction={{ xs: 'column', lg: 'row' }} sx={{ px: 1, pb: 1 }}>
        <Box sx={{ flex: 1, minWidth: 0 }} role="figure" aria-label={`Deliveries of ${series.integration_name}: ${summary}`}>
          <Typography variant="body2" sx={{ fontWeight: 600, px: 1, pt: 1 }}>
            Delivered and failed attempts
          </Typography>
          <BarChart
            height={220}
            xAxis={[{ scaleType: 'band', data: labels, valueFormatter, tickLabelStyle: { fontSize: 11 } }]}
            yAxis={[{ tickMinStep: 1, width: 40 }]}
            series={[
              { data: b.map((x) => x.delivered), label: 'Delivered', stack: 'outcome', color: '#16a34a' },
              { data: b.map((x) => x.failed), label: 'Failed', stack: 'outcome', color: '#dc2626' },
            ]}
            margin={{ left: 4, right: 24, top: 8, bottom: 4 }}
          />
        </Box>
        <Box sx={{ flex: 1, minWidth: 0 }} role="figure" aria-label={`Latency of ${series.integration_name}${worstP95 !== null ? `: slowest p95 ${Math.round(worstP95)} ms` : ''}`}>
          <Typography variant="body2" sx={{ fontWeight: 600, px: 1, pt: 1 }}>
            Latency (ms)
          </Typography>
          <LineChart
            height={220}
            xAxis={[{ scaleType: 'point', data: labels, valueFormatter, tickLabelStyle: { fontSize: 11 } }]}
            yAxis={[{ min: 0, width: 48 }]}
            series={[
              { data: b.map((x) => x.latency_p50_ms), label: 'p50', connectNulls: true, showMark: true, color: '#2563eb', valueFormatter: (v) => (v === null ? '—' : `${Math.round(v)} ms`) },
              { data: b.map((x) => x.latency_p95_ms), label: 'p95', connectNulls: true, showMark: true, color: '#d97706', valueFormatter: (v) => (v === null ? '—' : `${Math.round(v)} ms`) },
            ]}
            margin={{ left: 4, right: 24, top: 8, bottom: 4 }}
          />
        </Box>
      </Stack>
    </Paper>
  );
}
