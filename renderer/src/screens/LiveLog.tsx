import BoltIcon from '@mui/icons-material/Bolt';
import ChevronRightIcon from '@mui/icons-material/ChevronRight';
import CloseIcon from '@mui/icons-material/Close';
import ErrorIcon from '@mui/icons-material/ErrorOutline';
import InfoIcon from '@mui/icons-material/InfoOutlined';
import NorthIcon from '@mui/icons-material/North';
import SendIcon from '@mui/icons-material/Send';
import WarningIcon from '@mui/icons-material/WarningAmber';
import {
  Alert,
  Autocomplete,
  Box,
  Button,
  Chip,
  CircularProgress,
  Divider,
  Drawer,
  IconButton,
  MenuItem,
  Paper,
  Stack,
  Table,
  TableBody,
  TableCell,
  TableHead,
  TableRow,
  TextField,
  ToggleButton,
  ToggleButtonGroup,
  Typography,
  Link,
} from '@mui/material';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useVirtualizer } from '@tanstack/react-virtual';
import { memo, useCallback, useEffect, useLayoutEffect, useMemo, useRef, useState, useSyncExternalStore, type ReactNode } from 'react';
import type { Attempt } from '../../../main/contract/index.js';
import { call } from '../api.js';
import { formatTime, prettyJson } from '../format.js';
import { useLogListener } from '../push.js';
import { navigate, useRouteParams } from '../route.js';
import { mono } from '../theme.js';
import { TimeAgo } from '../time.js';
import { filterKey, isFiltered, KINDS, LogFeed, type Entry, type FeedState, type LogFilter, type LogKind } from './livelog/feed.js';

const KIND_LABEL: Record<LogKind, string> = { event: 'Events', delivered: 'Delivered', retry: 'Retry', failed: 'Failed', notice: 'Notices' };
const RANGES = [
  ['15m', 'Last 15 minutes', 15 * 60_000],
  ['1h', 'Last hour', 3_600_000],
  ['24h', 'Last 24 hours', 86_400_000],
  ['7d', 'Last 7 days', 7 * 86_400_000],
] as const;

/** `#/log?integration=…&trigger=…&kinds=delivered,failed&since=…&until=…` ↔ the filter. */
function filterFromParams(p: URLSearchParams): LogFilter {
  const kinds = (p.get('kinds') ?? '')
    .split(',')
    .filter((k): k is LogKind => (KINDS as readonly string[]).includes(k));
  const iso = (v: string | null) => (v && !Number.isNaN(Date.parse(v)) ? new Date(v).toISOString() : undefined);
  const since = iso(p.get('since'));
  const until = iso(p.get('until'));
  return {
    kinds,
    ...(p.get('integration') ? { integration: p.get('integration')! } : {}),
    ...(p.get('trigger') ? { trigger: p.get('trigger')! } : {}),
    ...(since ? { since } : {}),
    ...(until ? { until } : {}),
  };
}

function setFilter(f: LogFilter): void {
  const params: Record<string, string> = {};
  if (f.integration) params.integration = f.integration;
  if (f.trigger) params.trigger = f.trigger;
  if (f.kinds.length) params.kinds = KINDS.filter((k) => f.kinds.includes(k)).join(',');
  if (f.since) params.since = f.since;
  if (f.until) params.until = f.until;
  navigate('log', params);
}

/** `datetime-local` shows local time without a zone; the filter keeps ISO 8601 (UTC). */
const toLocalInput = (iso?: string) => {
  if (!iso) return '';
  const d = new Date(iso);
  return new Date(d.getTime() - d.getTimezoneOffset() * 60_000).toISOString().slice(0, 16);
};
const fromLocalInput = (v: string) => (v ? new Date(v).toISOString() : undefined);

function useFeed(filter: LogFilter): [LogFeed | null, FeedState] {
  const key = filterKey(filter);
  const [feed, setFeed] = useState<LogFeed | null>(null);
  useEffect(() => {
    const f = new LogFeed(filter);
    setFeed(f);
    void f.start();
    // Anything pushed while the stream was down, or before it first opened, was missed: catch up.
    const onConnection = (e: Event) => (e as CustomEvent<'open' | 'lost'>).detail === 'open' && void f.catchUp();
    window.addEventListener('herald:connection', onConnection);
    return () => {
      window.removeEventListener('herald:connection', onConnection);
      f.dispose();
    };
    // The key stands for the filter's contents: a new feed only when the filter really changes.
  }, [key]);
  useLogListener(useCallback((entry: Entry) => feed?.push(entry), [feed]));
  const empty = useMemo<FeedState>(() => ({ entries: [], pending: 0, loading: 'first', error: null, exhausted: false }), []);
  const state = useSyncExternalStore(feed?.subscribe ?? noSubscribe, feed?.snapshot ?? (() => empty));
  return [feed, state];
}
const noSubscribe = () => () => undefined;

export function LiveLog() {
  const params = useRouteParams();
  const filter = useMemo(() => filterFromParams(params), [params]);
  const [feed, state] = useFeed(filter);
  const [open, setOpen] = useState<Entry | null>(null);
  const onOpen = useCallback((e: Entry) => setOpen(e), []);
  const filtered = isFiltered(filter);

  return (
    <Box>
      <Typography variant="h1">Live log</Typography>
      <Typography color="text.secondary" sx={{ mb: 2 }}>
        Events, delivery attempts and retries as they happen, newest first. Click an attempt to see the exact request and response, or an event to see
        where it went.
      </Typography>
      <Filters filter={filter} />
      {state.error && (
        <Alert
          severity="error"
          sx={{ mb: 2 }}
          action={
            <Button color="inherit" size="small" onClick={() => feed?.retry()}>
              Try again
            </Button>
          }
        >
          Could not load the log: {state.error}. Check that Herald is still running (in browser mode, that `npm run serve` has not stopped), then try again.
        </Alert>
      )}
      {state.loading === 'first' && !state.error && <CircularProgress aria-label="Loading the log" />}
      {state.loading !== 'first' && !state.error && state.entries.length === 0 && state.pending === 0 && (
        <Paper variant="outlined" sx={{ p: 4, textAlign: 'center' }} data-testid="log-empty">
          {filtered ? (
            <>
              <Typography color="text.secondary">No entry matches these filters. New ones that do appear here as they happen.</Typography>
              <Button sx={{ mt: 1.5 }} onClick={() => setFilter({ kinds: [] })}>
                Clear filters
              </Button>
            </>
          ) : (
            <Typography color="text.secondary">
              Nothing yet. Fire an event from the Events screen or POST to /api/events; it appears here at once.
            </Typography>
          )}
        </Paper>
      )}
      {feed && (state.entries.length > 0 || state.pending > 0) && <VirtualLog key={feed.id} feed={feed} state={state} onOpen={onOpen} />}
      {/* Above the app bar (which sits above the permanent nav drawer), or it hides the header and its close button. */}
      <Drawer anchor="right" open={!!open} onClose={() => setOpen(null)} sx={{ zIndex: (t) => t.zIndex.drawer + 2 }} slotProps={{ paper: { sx: { width: 680, maxWidth: '100vw' }, 'aria-label': open?.type === 'event' ? 'Event details' : 'Delivery attempt details' } }}>
        {open?.type === 'attempt' && <AttemptDetail id={open.id} onClose={() => setOpen(null)} />}
        {open?.type === 'event' && <EventDetail entry={open} onClose={() => setOpen(null)} />}
      </Drawer>
    </Box>
  );
}

function Filters({ filter }: { filter: LogFilter }) {
  const integrations = useQuery({ queryKey: ['integrations'], queryFn: () => call('integrations.list', {}) });
  const catalogue = useQuery({ queryKey: ['catalogue'], queryFn: () => call('catalogue.list', {}), staleTime: Infinity });
  const triggers = useMemo(() => catalogue.data?.map((t) => t.name) ?? [], [catalogue.data]);
  const titleOf = useMemo(() => new Map(catalogue.data?.map((t) => [t.name, t.title.en])), [catalogue.data]);
  const [custom, setCustom] = useState(false);
  const range = filter.since || filter.until || custom ? 'custom' : 'any';
  const integrationKnown = !filter.integration || !integrations.data || integrations.data.some((i) => i.id === filter.integration);
  const presetRange = async (ms: number) => {
    // The engine's clock, which runs ahead of the wall clock under a compressed time scale.
    const info = await call('app.info', {}).catch(() => null);
    const now = info ? Date.parse(info.now) : Date.now();
    setCustom(false);
    setFilter({ ...filter, since: new Date(now - ms).toISOString(), until: undefined });
  };
  return (
    <Stack spacing={1.5} sx={{ mb: 2 }} data-testid="log-filters">
      <Stack direction="row" spacing={2} alignItems="center" flexWrap="wrap" useFlexGap>
        <TextField
          select
          size="small"
          label="Integration"
          value={integrationKnown ? (filter.integration ?? '') : filter.integration}
          onChange={(e) => setFilter({ ...filter, integration: e.target.value || undefined })}
          sx={{ width: 220 }}
          slotProps={{ select: { displayEmpty: true }, inputLabel: { shrink: true } }}
        >
          <MenuItem value="">All integrations</MenuItem>
          {!integrationKnown && <MenuItem value={filter.integration}>Deleted integration</MenuItem>}
          {integrations.data?.map((i) => (
            <MenuItem key={i.id} value={i.id}>
              {i.name}
            </MenuItem>
          ))}
        </TextField>
        <Autocomplete
          size="small"
          options={triggers}
          value={filter.trigger ?? null}
          onChange={(_e, v) => setFilter({ ...filter, trigger: v ?? undefined })}
          getOptionLabel={(name) => name}
          renderOption={(props, name) => (
            <li {...props} key={name}>
              <Box>
                <Box sx={{ ...mono, fontSize: 13 }}>{name}</Box>
                <Typography variant="caption" color="text.secondary">
                  {titleOf.get(name)}
                </Typography>
              </Box>
            </li>
          )}
          sx={{ width: 300 }}
          renderInput={(p) => <TextField {...p} label="Trigger" placeholder="All triggers" slotProps={{ inputLabel: { shrink: true } }} />}
        />
        <TextField
          select
          size="small"
          label="Time"
          value={range}
          onChange={(e) => {
            const v = e.target.value;
            if (v === 'any') {
              setCustom(false);
              setFilter({ ...filter, since: undefined, until: undefined });
            } else if (v === 'custom') setCustom(true);
            else void presetRange(RANGES.find(([id]) => id === v)![2]);
          }}
          sx={{ width: 180 }}
        >
          <MenuItem value="any">Any time</MenuItem>
          {RANGES.map(([id, label]) => (
            <MenuItem key={id} value={id}>
              {label}
            </MenuItem>
          ))}
          <MenuItem value="custom">Between…</MenuItem>
        </TextField>
        {range === 'custom' && (
          <>
            <TextField
              size="small"
              type="datetime-local"
              label="From"
              value={toLocalInput(filter.since)}
              onChange={(e) => setFilter({ ...filter, since: fromLocalInput(e.target.value) })}
              slotProps={{ inputLabel: { shrink: true } }}
            />
            <TextField
              size="small"
              type="datetime-local"
              label="To"
              value={toLocalInput(filter.until)}
              onChange={(e) => setFilter({ ...filter, until: fromLocalInput(e.target.value) })}
              slotProps={{ inputLabel: { shrink: true } }}
            />
          </>
        )}
      </Stack>
      <Stack direction="row" spacing={1.5} alignItems="center" flexWrap="wrap" useFlexGap>
        <Typography variant="body2" color="text.secondary" id="log-kinds-label">
          Show
        </Typography>
        <ToggleButtonGroup
          size="small"
          value={filter.kinds}
          onChange={(_e, v: LogKind[]) => setFilter({ ...filter, kinds: v })}
          aria-labelledby="log-kinds-label"
          aria-describedby="log-kinds-hint"
        >
          {KINDS.map((k) => (
            <ToggleButton key={k} value={k}>
              {KIND_LABEL[k]}
            </ToggleButton>
          ))}
        </ToggleButtonGroup>
        <Typography variant="caption" color="text.secondary" id="log-kinds-hint">
          {filter.kinds.length ? '' : 'all kinds; pick some to narrow'}
        </Typography>
        {isFiltered(filter) && (
          <Button size="small" onClick={() => (setCustom(false), setFilter({ kinds: [] }))}>
            Clear filters
          </Button>
        )}
      </Stack>
    </Stack>
  );
}

/** Close to the measured height, so that measuring rows on the way barely moves the scroll bar. */
function estimateRow(e: Entry): number {
  if (e.type !== 'attempt') return 57;
  const a = e.attempt;
  return 57 + (a.target ? 20 : 0) + (a.error ? 20 : 0) + (a.next_attempt_at ? 20 : 0);
}

/** Rows are only rendered near the viewport; the rest are two spacer rows of the right height. */
function VirtualLog({ feed, state, onOpen }: { feed: LogFeed; state: FeedState; onOpen: (e: Entry) => void }) {
  const { entries } = state;
  const scroller = useRef<HTMLDivElement>(null);
  const [height, setHeight] = useState(600);
  // The list fills the window below the filters; the page itself does not scroll.
  useLayoutEffect(() => {
    const fit = () => scroller.current && setHeight(Math.max(320, window.innerHeight - scroller.current.getBoundingClientRect().top - 24));
    fit();
    window.addEventListener('resize', fit);
    return () => window.removeEventListener('resize', fit);
  }, []);
  // Stable between renders: a new getItemKey makes the virtualiser lay out every row again (all
  // 100,000 of them), on every scroll frame.
  const getItemKey = useCallback((i: number) => entries[i]!.seq, [entries]);
  const estimateSize = useCallback((i: number) => estimateRow(entries[i]!), [entries]);
  const getScrollElement = useCallback(() => scroller.current, []);
  const virtualizer = useVirtualizer({
    count: entries.length,
    getScrollElement,
    estimateSize,
    overscan: 8,
    getItemKey,
    // Rendering in the scroll handler (flushSync) costs frames; a commit a frame later does not show.
    useFlushSync: false,
  });
  const items = virtualizer.getVirtualItems();
  const last = items.at(-1)?.index ?? 0;
  useEffect(() => {
    if (last >= entries.length - 40) void feed.loadOlder();
  }, [last, entries.length, feed, state.loading]);

  const onScroll = useCallback(() => feed.setFollowing((scroller.current?.scrollTop ?? 0) < 4), [feed]);
  const jump = () => {
    feed.release();
    scroller.current?.scrollTo({ top: 0 });
    feed.setFollowing(true);
  };
  const top = items[0]?.start ?? 0;
  const bottom = virtualizer.getTotalSize() - (items.at(-1)?.end ?? 0);

  return (
    <Box sx={{ position: 'relative' }}>
      <Stack direction="row" alignItems="center" sx={{ mb: 1, minHeight: 32 }}>
        <Typography variant="body2" color="text.secondary" data-testid="log-count">
          {entries.length.toLocaleString()} {entries.length === 1 ? 'entry' : 'entries'} loaded{state.exhausted ? '' : ', older ones load as you scroll'}
        </Typography>
      </Stack>
      {state.pending > 0 && (
        <Button
          variant="contained"
          size="small"
          startIcon={<NorthIcon />}
          onClick={jump}
          data-testid="jump-to-latest"
          sx={{ position: 'absolute', top: 48, left: '50%', transform: 'translateX(-50%)', zIndex: 2, borderRadius: 4, boxShadow: 3 }}
        >
          {state.pending.toLocaleString()} new {state.pending === 1 ? 'entry' : 'entries'} — jump to latest
        </Button>
      )}
      <Paper
        variant="outlined"
        ref={scroller}
        onScroll={onScroll}
        data-testid="log-scroller"
        tabIndex={-1}
        sx={{ height, overflowY: 'auto', overflowAnchor: 'none', contain: 'strict' }}
      >
        <Table size="small" aria-label="Log entries" aria-rowcount={entries.length} sx={{ tableLayout: 'fixed' }}>
          <TableBody>
            {top > 0 && (
              <tr aria-hidden>
                <td colSpan={4} style={{ height: top, padding: 0, border: 0 }} />
              </tr>
            )}
            {items.map((item) => (
              <LogRow key={item.key} entry={entries[item.index]!} index={item.index} measure={virtualizer.measureElement} onOpen={onOpen} />
            ))}
            {bottom > 0 && (
              <tr aria-hidden>
                <td colSpan={4} style={{ height: bottom, padding: 0, border: 0 }} />
              </tr>
            )}
          </TableBody>
        </Table>
        {(state.loading === 'older' || state.exhausted) && (
          <Typography variant="body2" color="text.secondary" sx={{ p: 1.5, textAlign: 'center' }} data-testid="log-end">
            {state.loading === 'older' ? 'Loading older entries…' : 'Start of the log: nothing older matches.'}
          </Typography>
        )}
      </Paper>
    </Box>
  );
}

const OUTCOME_COLOR = { delivered: 'success', retry: 'warning', failed: 'error' } as const;
const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

const LogRow = memo(function LogRow({ entry: e, index, measure, onOpen }: { entry: Entry; index: number; measure: (el: Element | null) => void; onOpen: (e: Entry) => void }) {
  const clickable = e.type !== 'notice';
  const open = () => onOpen(e);
  return (
    <TableRow
      ref={measure}
      data-index={index}
      aria-rowindex={index + 1}
      data-testid="log-entry"
      data-type={e.type}
      data-seq={e.seq}
      hover={clickable}
      onClick={clickable ? open : undefined}
      onKeyDown={clickable ? (ev) => (ev.key === 'Enter' || ev.key === ' ') && (ev.preventDefault(), open()) : undefined}
      tabIndex={clickable ? 0 : undefined}
      aria-label={clickable ? (e.type === 'event' ? `Event ${e.event.trigger}, show details` : `Attempt to ${e.attempt.integration_name}, show details`) : undefined}
      sx={{ cursor: clickable ? 'pointer' : 'default', '&:last-child td': { borderBottom: 0 } }}
    >
      <TableCell sx={{ width: 130, whiteSpace: 'nowrap', verticalAlign: 'top' }}>
        <Typography variant="body2" title={formatTime(e.at)}>
          {new Date(e.at).toLocaleTimeString()}
        </Typography>
        <Typography variant="caption" color="text.secondary">
          <TimeAgo iso={e.at} />
        </Typography>
      </TableCell>
      <TableCell sx={{ width: 40, verticalAlign: 'top', pt: 1.25 }}>
        {e.type === 'event' && <BoltIcon color="primary" titleAccess="Event" />}
        {e.type === 'attempt' && <SendIcon color={OUTCOME_COLOR[e.attempt.outcome]} titleAccess="Delivery attempt" />}
        {e.type === 'notice' &&
          (e.level === 'error' ? (
            <ErrorIcon color="error" titleAccess="Error" />
          ) : e.level === 'warning' ? (
            <WarningIcon color="warning" titleAccess="Warning" />
          ) : (
            <InfoIcon color="info" titleAccess="Notice" />
          ))}
      </TableCell>
      <TableCell sx={{ verticalAlign: 'top' }}>
        {e.type === 'event' && (
          <>
            <Typography variant="body2">
              Event{' '}
              <Box component="span" sx={{ ...mono, fontWeight: 600 }}>
                {e.event.trigger}
              </Box>
              {e.event.project && <> · {e.event.project}</>}
            </Typography>
            <Typography variant="caption" color={e.routed_to || e.switched_off ? 'text.secondary' : 'warning.main'}>
              from {e.event.source} ·{' '}
              {e.switched_off ? (
                <Box component="span" sx={{ color: 'warning.main', fontWeight: 600 }} data-testid="switched-off">
                  switched off: recorded, not sent
                </Box>
              ) : e.routed_to ? (
                `routed to ${plural(e.routed_to, 'integration')}`
              ) : e.held_for_digest ? (
                ''
              ) : (
                'no integration subscribes to it'
              )}
              {e.routed_to && e.held_for_digest ? ' · ' : ''}
              {!!e.held_for_digest && (
                <Box component="span" sx={{ color: 'info.main', fontWeight: 600 }} data-testid="held-for-digest">
                  held for {e.held_for_digest === 1 ? 'a scan digest' : `${e.held_for_digest} scan digests`}
                </Box>
              )}
            </Typography>
          </>
        )}
        {e.type === 'attempt' && (
          <>
            <Stack direction="row" spacing={1} alignItems="center" flexWrap="wrap" useFlexGap>
              <Typography variant="body2" sx={{ fontWeight: 600 }}>
                {e.attempt.integration_name}
              </Typography>
              <Chip size="small" color={OUTCOME_COLOR[e.attempt.outcome]} label={e.attempt.outcome} data-testid="attempt-outcome" />
              {e.attempt.status_code !== null && <Chip size="small" variant="outlined" label={`${protocolLabel(e.attempt.protocol)} ${e.attempt.status_code}`} />}
              <Typography variant="caption" color="text.secondary">
                {plural(e.attempt.event_ids.length, 'event')} · {e.attempt.duration_ms} ms{e.attempt.retry_step > 0 ? ` · retry ${e.attempt.retry_step}` : ''}
              </Typography>
            </Stack>
            {e.attempt.target && (
              <Typography variant="caption" color="text.secondary" component="div" data-testid="attempt-target">
                {targetLine(e.attempt)}
                {e.attempt.link && (
                  <>
                    {' · '}
                    <Link href={e.attempt.link} target="_blank" rel="noreferrer" onClick={(ev) => ev.stopPropagation()}>
                      open
                    </Link>
                  </>
                )}
              </Typography>
            )}
            {e.attempt.error && (
              <Typography variant="caption" color={e.attempt.outcome === 'delivered' ? 'warning.main' : 'error'} component="div" data-testid="attempt-error">
                {e.attempt.outcome === 'delivered' && <WarningIcon sx={{ fontSize: 14, verticalAlign: 'text-bottom', mr: 0.5 }} titleAccess="Warning" />}
                {e.attempt.error}
              </Typography>
            )}
            {e.attempt.next_attempt_at && (
              <Typography variant="caption" color="text.secondary" component="div">
                Next retry <TimeAgo iso={e.attempt.next_attempt_at} due /> · at {formatTime(e.attempt.next_attempt_at)}
              </Typography>
            )}
          </>
        )}
        {e.type === 'notice' && <Typography variant="body2">{e.message}</Typography>}
      </TableCell>
      <TableCell sx={{ width: 40, verticalAlign: 'middle' }}>{clickable && <ChevronRightIcon color="action" aria-hidden />}</TableCell>
    </TableRow>
  );
});

function DrawerHeader({ title, subtitle, onClose }: { title: string; subtitle?: ReactNode; onClose: () => void }) {
  return (
    <Stack direction="row" alignItems="center" sx={{ px: 2.5, py: 1.5, borderBottom: 1, borderColor: 'divider', position: 'sticky', top: 0, bgcolor: 'background.paper', zIndex: 1 }}>
      <Box sx={{ flex: 1, minWidth: 0 }}>
        <Typography variant="h2">{title}</Typography>
        {subtitle && (
          <Typography variant="body2" color="text.secondary" noWrap>
            {subtitle}
          </Typography>
        )}
      </Box>
      <IconButton aria-label="Close details" onClick={onClose}>
        <CloseIcon />
      </IconButton>
    </Stack>
  );
}

function Section({ title, badge, children }: { title: string; badge?: ReactNode; children: ReactNode }) {
  return (
    <Box component="section">
      <Stack direction="row" spacing={1} alignItems="center" sx={{ mb: 1 }}>
        <Typography variant="h3">{title}</Typography>
        {badge}
      </Stack>
      <Stack spacing={1.5}>{children}</Stack>
    </Box>
  );
}

function KeyValues({ rows, label, head }: { rows: [string, ReactNode][]; label: string; head?: [string, string] }) {
  return (
    <Table size="small" aria-label={label} sx={{ '& td, & th': { px: 1 } }}>
      {head && (
        <TableHead>
          <TableRow>
            <TableCell>{head[0]}</TableCell>
            <TableCell>{head[1]}</TableCell>
          </TableRow>
        </TableHead>
      )}
      <TableBody>
        {rows.map(([k, v]) => (
          <TableRow key={k}>
            <TableCell sx={{ ...mono, width: 210, verticalAlign: 'top', color: 'text.secondary', wordBreak: 'break-word' }}>{k}</TableCell>
            <TableCell sx={{ ...mono, wordBreak: 'break-all' }}>{v}</TableCell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}

function Code({ children, label }: { children: string; label: string }) {
  return (
    <Box
      component="pre"
      aria-label={label}
      tabIndex={0}
      sx={{ ...mono, p: 1.5, m: 0, bgcolor: 'action.hover', borderRadius: 1, overflow: 'auto', maxHeight: 360, whiteSpace: 'pre-wrap', wordBreak: 'break-all' }}
    >
      {children}
    </Box>
  );
}

const truncatedBadge = <Chip size="small" color="warning" variant="outlined" label="truncated" data-testid="truncated" />;

const CLASSIFICATION: Record<string, string> = {
  transient: 'Transient: a network or server problem that may pass; Herald retries',
  permanent: 'Permanent: the receiver rejected the request; retrying will not help until it changes',
  auth: 'Authentication: the receiver refused the token; check the token and its header',
  config: 'Configuration: the settings cannot work as they are (e.g. the URL); edit the integration',
};

function AttemptDetail({ id, onClose }: { id: string; onClose: () => void }) {
  const attempt = useQuery({ queryKey: ['attempt', id], queryFn: () => call('log.attempt', { id }), staleTime: Infinity });
  const a = attempt.data;
  const integrations = useQuery({ queryKey: ['integrations'], queryFn: () => call('integrations.list', {}) });
  const integration = a?.integration_id ? integrations.data?.find((i) => i.id === a.integration_id) : undefined;
  const queryClient = useQueryClient();
  const retryNow = useMutation({
    mutationFn: (integrationId: string) => call('integrations.retryNow', { id: integrationId }),
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: ['integrations'] }),
  });
  return (
    <Box data-testid="attempt-detail">
      <DrawerHeader title="Delivery attempt" subtitle={a ? `${a.integration_name} · ${plural(a.event_ids.length, 'event')}` : undefined} onClose={onClose} />
      <Box sx={{ p: 2.5 }}>
        {attempt.isPending && <CircularProgress aria-label="Loading the attempt" />}
        {attempt.error && <Alert severity="error">Could not load this attempt: {attempt.error.message}</Alert>}
        {a && (
          <Stack spacing={3}>
            <Stack spacing={1.5}>
              <Stack direction="row" spacing={1} alignItems="center" flexWrap="wrap" useFlexGap>
                <Chip color={OUTCOME_COLOR[a.outcome]} label={a.outcome} />
                {a.status_code !== null && <Chip variant="outlined" label={`${protocolLabel(a.protocol)} ${a.status_code}`} />}
                {a.classification && <Chip variant="outlined" label={a.classification} title={CLASSIFICATION[a.classification]} />}
              </Stack>
              <KeyValues
                label="Timing"
                rows={[
                  ['Started', formatTime(a.started_at)],
                  ['Duration', `${a.duration_ms} ms`],
                  ['Schedule', a.retry_step === 0 ? 'First send' : `Retry step ${a.retry_step}`],
                  ...(a.next_attempt_at ? ([['Next retry', `${formatTime(a.next_attempt_at)}`]] as [string, string][]) : []),
                  ...(a.classification ? ([['Classification', CLASSIFICATION[a.classification] ?? a.classification]] as [string, string][]) : []),
                ]}
              />
              {a.error && (
                <Alert severity={a.outcome === 'failed' ? 'error' : 'warning'} data-testid="attempt-detail-error">
                  {a.outcome === 'delivered' && <strong>Delivered, with a warning: </strong>}
                  {a.error}
                </Alert>
              )}
              {integration?.health.state === 'failing' && !retryNow.isSuccess && (
                <Alert
                  severity="warning"
                  data-testid="retry-now"
                  action={
                    <Button color="inherit" size="small" disabled={retryNow.isPending} onClick={() => retryNow.mutate(integration.id)}>
                      Retry now
                    </Button>
                  }
                >
                  {integration.name} is failing
                  {integration.health.next_attempt_at ? `; its next retry is at ${formatTime(integration.health.next_attempt_at)}` : ''}. Fixed the receiver? Send
                  its queued events now instead of waiting.
                </Alert>
              )}
              {retryNow.isSuccess && (
                <Alert severity="success" data-testid="retry-now-done">
                  Sending the queued events of {retryNow.data.name} now; the attempt appears in the log.
                </Alert>
              )}
              {retryNow.error && <Alert severity="error">Could not retry now: {retryNow.error.message}</Alert>}
            </Stack>
            <Divider />
            {a.protocol === 'smtp' ? <EmailExchange attempt={a} /> : <HttpExchange attempt={a} />}
          </Stack>
        )}
      </Box>
    </Box>
  );
}

function HttpExchange({ attempt: a }: { attempt: Attempt }) {
  return (
    <>
      <Section title="Request" badge={a.request.body_truncated ? truncatedBadge : undefined}>
        <Typography sx={{ ...mono, fontWeight: 600, wordBreak: 'break-all' }}>
          {a.request.method} {a.request.url}
        </Typography>
        <KeyValues label="Request headers" head={['Header', 'Value']} rows={Object.entries(a.request.headers)} />
        <Typography variant="caption" color="text.secondary">
          Secrets are masked here; the receiver got the real value.
        </Typography>
        <Code label="Request body">{prettyJson(a.request.body)}</Code>
      </Section>
      <Divider />
      <Section title="Response" badge={a.response?.body_truncated ? truncatedBadge : undefined}>
        {a.response ? (
          <>
            <Typography sx={{ ...mono, fontWeight: 600 }}>HTTP {a.response.status}</Typography>
            <KeyValues label="Response headers" head={['Header', 'Value']} rows={Object.entries(a.response.headers)} />
            <Code label="Response body">{a.response.body_excerpt ? prettyJson(a.response.body_excerpt) : '(empty body)'}</Code>
          </>
        ) : (
          <Typography color="text.secondary">No response: the request did not complete{a.error ? ` (${a.error})` : ''}.</Typography>
        )}
      </Section>
    </>
  );
}

const EMAIL_HEADERS: [string, string][] = [
  ['from', 'From'],
  ['to', 'To'],
  ['reply-to', 'Reply-To'],
  ['subject', 'Subject'],
];

/** An email as sent (envelope headers and the text part) and what the SMTP server answered. */
function EmailExchange({ attempt: a }: { attempt: Attempt }) {
  const headers = a.request.headers;
  const known = new Set(EMAIL_HEADERS.map(([k]) => k));
  const rows: [string, ReactNode][] = [
    ...EMAIL_HEADERS.filter(([k]) => headers[k] !== undefined).map(([k, label]) => [label, headers[k]] as [string, ReactNode]),
    ...Object.entries(headers).filter(([k]) => !known.has(k)),
  ];
  const messageId = a.response?.headers['message-id'];
  return (
    <>
      <Section title="Message" badge={a.request.body_truncated ? truncatedBadge : undefined}>
        <Typography sx={{ ...mono, fontWeight: 600, wordBreak: 'break-all' }}>
          {a.request.method} {a.request.url}
        </Typography>
        {rows.length ? (
          <KeyValues label="Email headers" rows={rows} />
        ) : (
          <Typography color="text.secondary">Nothing was sent: there was no recipient left to send to, or the message could not be built.</Typography>
        )}
        {a.request.body && (
          <>
            <Typography variant="caption" color="text.secondary">
              Text part (the HTML part carries the same content)
            </Typography>
            <Code label="Text part">{a.request.body}</Code>
          </>
        )}
      </Section>
      <Divider />
      <Section title="Server reply" badge={a.response?.body_truncated ? truncatedBadge : undefined}>
        {a.response ? (
          <>
            <Stack direction="row" spacing={1} alignItems="center">
              <Chip size="small" color={a.response.status < 400 ? 'success' : a.response.status < 500 ? 'warning' : 'error'} label={`SMTP ${a.response.status}`} />
              <Typography variant="body2" color="text.secondary">
                {a.response.status < 400 ? 'Accepted for delivery' : a.response.status < 500 ? 'Temporary refusal: retried' : 'Refused for good'}
              </Typography>
            </Stack>
            {messageId && <KeyValues label="Message id" rows={[['Message-ID', messageId]]} />}
            <Code label="Server reply">{a.response.body_excerpt || '(no reply text)'}</Code>
          </>
        ) : (
          <Typography color="text.secondary">No reply: the SMTP session did not get that far{a.error ? ` (${a.error})` : ''}.</Typography>
        )}
      </Section>
    </>
  );
}

/** For email, the engine's "To a@x, b@y · subject" reads better as "Email to …". */
function targetLine(a: Pick<Attempt, 'protocol' | 'target'>): string {
  const target = a.target ?? '';
  return a.protocol === 'smtp' && target.startsWith('To ') ? `Email to ${target.slice(3)}` : target;
}

const DELIVERY_COLOR = { delivered: 'success', dead: 'error', pending: 'default', sending: 'info' } as const;

function EventDetail({ entry, onClose }: { entry: Extract<Entry, { type: 'event' }>; onClose: () => void }) {
  const deliveries = useQuery({
    queryKey: ['deliveries', entry.id],
    queryFn: () => call('log.deliveries', { event_id: entry.id }),
    // Follow the deliveries until every one has settled.
    refetchInterval: (q) => (q.state.data?.some((d) => d.status === 'pending' || d.status === 'sending') ? 2000 : false),
  });
  const integrations = useQuery({ queryKey: ['integrations'], queryFn: () => call('integrations.list', {}) });
  const queryClient = useQueryClient();
  const dead = deliveries.data?.filter((d) => d.status === 'dead') ?? [];
  const replay = useMutation({
    mutationFn: (ids: string[]) => call('deliveries.replay', { delivery_ids: ids }),
    onSuccess: () => {
      void deliveries.refetch();
      void queryClient.invalidateQueries({ queryKey: ['dead'] });
      void queryClient.invalidateQueries({ queryKey: ['integrations'] });
    },
  });
  const nameOf = (id: string) => (integrations.data ? (integrations.data.find((i) => i.id === id)?.name ?? 'Deleted integration') : '…');
  const ev = entry.event;
  return (
    <Box data-testid="event-detail">
      <DrawerHeader title="Event" subtitle={ev.trigger} onClose={onClose} />
      <Stack spacing={3} sx={{ p: 2.5 }}>
        <KeyValues
          label="Event"
          rows={[
            ['Trigger', ev.trigger],
            ['Project', ev.project ?? '—'],
            ['Source', ev.source],
            ['Created', formatTime(ev.created_at)],
            ['Received', formatTime(ev.received_at)],
            ['Id', ev.id],
          ]}
        />
        <Section title="Payload">
          <Code label="Payload">{JSON.stringify(ev.payload, null, 2)}</Code>
        </Section>
        <Section title="Deliveries">
          {deliveries.error && <Alert severity="error">Could not load the deliveries: {deliveries.error.message}</Alert>}
          {deliveries.isPending && <CircularProgress size={24} aria-label="Loading deliveries" />}
          {deliveries.data?.length === 0 && (
            <Typography color="text.secondary">
              {entry.switched_off
                ? `${ev.trigger} was switched off in the event catalogue when this event arrived: it was recorded and sent nowhere.`
                : 'No active integration subscribes to this trigger, so nothing was sent.'}
            </Typography>
          )}
          {deliveries.data && deliveries.data.length > 0 && (
            <Table size="small" aria-label="Deliveries" data-testid="deliveries">
              <TableHead>
                <TableRow>
                  <TableCell>Integration</TableCell>
                  <TableCell>Status</TableCell>
                  <TableCell align="right">Attempts</TableCell>
                  <TableCell>Last error</TableCell>
                </TableRow>
              </TableHead>
              <TableBody>
                {deliveries.data.map((d) => (
                  <TableRow key={d.id}>
                    <TableCell>{nameOf(d.integration_id)}</TableCell>
                    <TableCell>
                      <Chip size="small" label={d.status} color={DELIVERY_COLOR[d.status]} />
                    </TableCell>
                    <TableCell align="right">{d.attempts}</TableCell>
                    <TableCell sx={{ color: 'error.main', wordBreak: 'break-word' }}>{d.last_error ?? ''}</TableCell>
                  </TableRow>
                ))}
              </TableBody>
            </Table>
          )}
          {dead.length > 0 && (
            <Alert
              severity="error"
              data-testid="replay"
              action={
                <Button color="inherit" size="small" disabled={replay.isPending} onClick={() => replay.mutate(dead.map((d) => d.id))}>
                  Replay
                </Button>
              }
            >
              {dead.length === 1 ? 'One delivery gave up.' : `${dead.length} deliveries gave up.`} Replay sends this event to{' '}
              {dead.length === 1 ? 'that integration' : 'those integrations'} again, with the same event id.
            </Alert>
          )}
          {replay.isSuccess && (
            <Alert severity="success" data-testid="replay-done">
              Queued {replay.data.replayed === 1 ? '1 delivery' : `${replay.data.replayed} deliveries`} again.
              {replay.data.waiting_for.map((w) => ` ${w.integration_name} is disabled: ${w.count} will go out once it is enabled.`).join('')}
            </Alert>
          )}
          {replay.error && <Alert severity="error">Could not replay: {replay.error.message}</Alert>}
        </Section>
      </Stack>
    </Box>
  );
}

/** Status codes are HTTP statuses or SMTP reply codes; older log entries were all HTTP. */
function protocolLabel(protocol: 'http' | 'smtp' | undefined): string {
  return protocol === 'smtp' ? 'SMTP' : 'HTTP';
}
