import BoltIcon from '@mui/icons-material/Bolt';
import ChevronRightIcon from '@mui/icons-material/ChevronRight';
import CloseIcon from '@mui/icons-material/Close';
import ErrorIcon from '@mui/icons-material/ErrorOutline';
import InfoIcon from '@mui/icons-material/InfoOutlined';
import MoveUpIcon from '@mui/icons-material/MoveUp';
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
import { Trans, useTranslation } from 'react-i18next';
import type { Attempt, EscalationNotice } from '../../../main/contract/index.js';
import { call } from '../api.js';
import { formatNumber, formatTime, prettyJson } from '../format.js';
import { currentLocale } from '../i18n/index.js';
import { translateMessage } from '../i18n/validation.js';
import { useLogListener } from '../push.js';
import { navigate, useRouteParams } from '../route.js';
import { mono } from '../theme.js';
import { TimeAgo } from '../time.js';
import { filterKey, isFiltered, KINDS, LogFeed, type Entry, type FeedState, type LogFilter, type LogKind } from './livelog/feed.js';

const RANGES = [
  ['15m', 15 * 60_000],
  ['1h', 3_600_000],
  ['24h', 86_400_000],
  ['7d', 7 * 86_400_000],
] as const;

/** The time of day of a row ("10:31:05 AM", "10:31:05"): one formatter per language, not one per row. */
const timeOfDay = new Map<string, Intl.DateTimeFormat>();
function formatTimeOfDay(iso: string): string {
  const locale = currentLocale();
  let f = timeOfDay.get(locale);
  if (!f) timeOfDay.set(locale, (f = new Intl.DateTimeFormat(locale, { timeStyle: 'medium' })));
  return f.format(new Date(iso));
}

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
  const { t } = useTranslation(['livelog', 'common']);

  return (
    <Box>
      <Typography variant="h1">{t('title')}</Typography>
      <Typography color="text.secondary" sx={{ mb: 2 }}>
        {t('intro')}
      </Typography>
      <Filters filter={filter} />
      {state.error && (
        <Alert
          severity="error"
          sx={{ mb: 2 }}
          action={
            <Button color="inherit" size="small" onClick={() => feed?.retry()}>
              {t('common:actions.retry')}
            </Button>
          }
        >
          {t('loadError', { error: translateMessage(state.error) })}
        </Alert>
      )}
      {state.loading === 'first' && !state.error && <CircularProgress aria-label={t('loading')} />}
      {state.loading !== 'first' && !state.error && state.entries.length === 0 && state.pending === 0 && (
        <Paper variant="outlined" sx={{ p: 4, textAlign: 'center' }} data-testid="log-empty">
          {filtered ? (
            <>
              <Typography color="text.secondary">{t('empty.filtered')}</Typography>
              <Button sx={{ mt: 1.5 }} onClick={() => setFilter({ kinds: [] })}>
                {t('filters.clear')}
              </Button>
            </>
          ) : (
            <Typography color="text.secondary">{t('empty.none')}</Typography>
          )}
        </Paper>
      )}
      {feed && (state.entries.length > 0 || state.pending > 0) && <VirtualLog key={feed.id} feed={feed} state={state} onOpen={onOpen} />}
      {/* Above the app bar (which sits above the permanent nav drawer), or it hides the header and its close button. */}
      <Drawer anchor="right" open={!!open} onClose={() => setOpen(null)} sx={{ zIndex: (t) => t.zIndex.drawer + 2 }} slotProps={{ paper: { sx: { width: 680, maxWidth: '100vw' }, 'aria-label': open?.type === 'event' ? t('drawer.eventLabel') : t('drawer.attemptLabel') } }}>
        {open?.type === 'attempt' && <AttemptDetail id={open.id} onClose={() => setOpen(null)} />}
        {open?.type === 'event' && <EventDetail entry={open} onClose={() => setOpen(null)} />}
      </Drawer>
    </Box>
  );
}

function Filters({ filter }: { filter: LogFilter }) {
  const { t, i18n } = useTranslation('livelog');
  const language = i18n.language === 'ru' ? 'ru' : 'en';
  const integrations = useQuery({ queryKey: ['integrations'], queryFn: () => call('integrations.list', {}) });
  const catalogue = useQuery({ queryKey: ['catalogue'], queryFn: () => call('catalogue.list', {}), staleTime: Infinity });
  const triggers = useMemo(() => catalogue.data?.map((t) => t.name) ?? [], [catalogue.data]);
  const titleOf = useMemo(() => new Map(catalogue.data?.map((tr) => [tr.name, tr.title[language]])), [catalogue.data, language]);
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
          label={t('filters.integration')}
          value={integrationKnown ? (filter.integration ?? '') : filter.integration}
          onChange={(e) => setFilter({ ...filter, integration: e.target.value || undefined })}
          sx={{ width: 220 }}
          slotProps={{ select: { displayEmpty: true }, inputLabel: { shrink: true } }}
        >
          <MenuItem value="">{t('filters.allIntegrations')}</MenuItem>
          {!integrationKnown && <MenuItem value={filter.integration}>{t('filters.deletedIntegration')}</MenuItem>}
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
          renderInput={(p) => <TextField {...p} label={t('filters.trigger')} placeholder={t('filters.allTriggers')} slotProps={{ inputLabel: { shrink: true } }} />}
        />
        <TextField
          select
          size="small"
          label={t('filters.time')}
          value={range}
          onChange={(e) => {
            const v = e.target.value;
            if (v === 'any') {
              setCustom(false);
              setFilter({ ...filter, since: undefined, until: undefined });
            } else if (v === 'custom') setCustom(true);
            else void presetRange(RANGES.find(([id]) => id === v)![1]);
          }}
          sx={{ width: 180 }}
        >
          <MenuItem value="any">{t('filters.anyTime')}</MenuItem>
          {RANGES.map(([id]) => (
            <MenuItem key={id} value={id}>
              {t(`filters.ranges.${id}`)}
            </MenuItem>
          ))}
          <MenuItem value="custom">{t('filters.between')}</MenuItem>
        </TextField>
        {range === 'custom' && (
          <>
            <TextField
              size="small"
              type="datetime-local"
              label={t('filters.from')}
              value={toLocalInput(filter.since)}
              onChange={(e) => setFilter({ ...filter, since: fromLocalInput(e.target.value) })}
              slotProps={{ inputLabel: { shrink: true } }}
            />
            <TextField
              size="small"
              type="datetime-local"
              label={t('filters.to')}
              value={toLocalInput(filter.until)}
              onChange={(e) => setFilter({ ...filter, until: fromLocalInput(e.target.value) })}
              slotProps={{ inputLabel: { shrink: true } }}
            />
          </>
        )}
      </Stack>
      <Stack direction="row" spacing={1.5} alignItems="center" flexWrap="wrap" useFlexGap>
        <Typography variant="body2" color="text.secondary" id="log-kinds-label">
          {t('filters.show')}
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
              {t(`kinds.${k}`)}
            </ToggleButton>
          ))}
        </ToggleButtonGroup>
        <Typography variant="caption" color="text.secondary" id="log-kinds-hint">
          {filter.kinds.length ? '' : t('filters.allKinds')}
        </Typography>
        {isFiltered(filter) && (
          <Button size="small" onClick={() => (setCustom(false), setFilter({ kinds: [] }))}>
            {t('filters.clear')}
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
  const { t } = useTranslation('livelog');
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
  // Compensate a re-measured row above the view by where the list really is: right after "jump to
  // latest" the virtualiser's own offset is a scroll event behind, and compensating by it would
  // carry the list away from the top.
  virtualizer.shouldAdjustScrollPositionOnItemSizeChange = (item) => item.start < (scroller.current?.scrollTop ?? 0);
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
          {t('list.loaded', { count: entries.length, n: formatNumber(entries.length) })}
          {state.exhausted ? '' : t('list.olderOnScroll')}
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
          {t('list.jumpToLatest', { count: state.pending, n: formatNumber(state.pending) })}
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
        <Table size="small" aria-label={t('list.label')} aria-rowcount={entries.length} sx={{ tableLayout: 'fixed' }}>
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
            {state.loading === 'older' ? t('list.loadingOlder') : t('list.start')}
          </Typography>
        )}
      </Paper>
    </Box>
  );
}

const OUTCOME_COLOR = { delivered: 'success', retry: 'warning', failed: 'error' } as const;

const LogRow = memo(function LogRow({ entry: e, index, measure, onOpen }: { entry: Entry; index: number; measure: (el: Element | null) => void; onOpen: (e: Entry) => void }) {
  const { t } = useTranslation('livelog');
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
      aria-label={
        clickable ? (e.type === 'event' ? t('row.eventLabel', { trigger: e.event.trigger }) : t('row.attemptLabel', { name: e.attempt.integration_name })) : undefined
      }
      sx={{ cursor: clickable ? 'pointer' : 'default', '&:last-child td': { borderBottom: 0 } }}
    >
      <TableCell sx={{ width: 130, whiteSpace: 'nowrap', verticalAlign: 'top' }}>
        <Typography variant="body2" title={formatTime(e.at)}>
          {formatTimeOfDay(e.at)}
        </Typography>
        <Typography variant="caption" color="text.secondary">
          <TimeAgo iso={e.at} />
        </Typography>
      </TableCell>
      <TableCell sx={{ width: 40, verticalAlign: 'top', pt: 1.25 }}>
        {e.type === 'event' && <BoltIcon color="primary" titleAccess={t('row.iconEvent')} />}
        {e.type === 'attempt' && <SendIcon color={OUTCOME_COLOR[e.attempt.outcome]} titleAccess={t('row.iconAttempt')} />}
        {e.type === 'notice' &&
          (e.escalation ? (
            <MoveUpIcon color={e.level === 'error' ? 'error' : 'warning'} titleAccess={t('row.iconEscalation')} />
          ) : e.level === 'error' ? (
            <ErrorIcon color="error" titleAccess={t('row.iconError')} />
          ) : e.level === 'warning' ? (
            <WarningIcon color="warning" titleAccess={t('row.iconWarning')} />
          ) : (
            <InfoIcon color="info" titleAccess={t('row.iconNotice')} />
          ))}
      </TableCell>
      <TableCell sx={{ verticalAlign: 'top' }}>
        {e.type === 'event' && (
          <>
            <Typography variant="body2">
              {t('row.event')}{' '}
              <Box component="span" sx={{ ...mono, fontWeight: 600 }}>
                {e.event.trigger}
              </Box>
              {e.event.project && <> · {e.event.project}</>}
            </Typography>
            <Typography variant="caption" color={e.routed_to || e.switched_off ? 'text.secondary' : 'warning.main'}>
              {t('row.from', { source: t(`sources.${e.event.source}`, { defaultValue: e.event.source }) })} ·{' '}
              {e.switched_off ? (
                <Box component="span" sx={{ color: 'warning.main', fontWeight: 600 }} data-testid="switched-off">
                  {t('row.switchedOff')}
                </Box>
              ) : e.routed_to ? (
                t('row.routedTo', { count: e.routed_to })
              ) : e.held_for_digest ? (
                ''
              ) : (
                t('row.noSubscriber')
              )}
              {e.routed_to && e.held_for_digest ? ' · ' : ''}
              {!!e.held_for_digest && (
                <Box component="span" sx={{ color: 'info.main', fontWeight: 600 }} data-testid="held-for-digest">
                  {e.held_for_digest === 1 ? t('row.heldForOneDigest') : t('row.heldForDigests', { count: e.held_for_digest })}
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
              <Chip size="small" color={OUTCOME_COLOR[e.attempt.outcome]} label={t(`outcome.${e.attempt.outcome}`)} data-testid="attempt-outcome" />
              {e.attempt.status_code !== null && <Chip size="small" variant="outlined" label={`${protocolLabel(e.attempt.protocol)} ${e.attempt.status_code}`} />}
              <Typography variant="caption" color="text.secondary">
                {t('row.events', { count: e.attempt.event_ids.length })} · {t('row.duration', { ms: formatNumber(e.attempt.duration_ms) })}
                {e.attempt.retry_step > 0 ? ` · ${t('row.retryStep', { step: String(e.attempt.retry_step) })}` : ''}
              </Typography>
            </Stack>
            {e.attempt.target && (
              <Typography variant="caption" color="text.secondary" component="div" data-testid="attempt-target">
                {targetLine(e.attempt, t)}
                {e.attempt.link && (
                  <>
                    {' · '}
                    <Link href={e.attempt.link} target="_blank" rel="noreferrer" onClick={(ev) => ev.stopPropagation()}>
                      {t('row.open')}
                    </Link>
                  </>
                )}
              </Typography>
            )}
            {e.attempt.error && (
              <Typography variant="caption" color={e.attempt.outcome === 'delivered' ? 'warning.main' : 'error'} component="div" data-testid="attempt-error">
                {e.attempt.outcome === 'delivered' && <WarningIcon sx={{ fontSize: 14, verticalAlign: 'text-bottom', mr: 0.5 }} titleAccess={t('row.iconWarning')} />}
                {translateMessage(e.attempt.error)}
              </Typography>
            )}
            {e.attempt.next_attempt_at && (
              <Typography variant="caption" color="text.secondary" component="div">
                {t('row.nextRetry')} <TimeAgo iso={e.attempt.next_attempt_at} due /> · {t('row.at', { time: formatTime(e.attempt.next_attempt_at) })}
              </Typography>
            )}
          </>
        )}
        {e.type === 'notice' && !e.escalation && <Typography variant="body2">{translateMessage(e.message)}</Typography>}
        {e.type === 'notice' && e.escalation && <EscalationLine escalation={e.escalation} message={e.message} />}
      </TableCell>
      <TableCell sx={{ width: 40, verticalAlign: 'middle' }}>{clickable && <ChevronRightIcon color="action" aria-hidden />}</TableCell>
    </TableRow>
  );
});

/** An escalation notice: which event went to which fallback, and why. */
function EscalationLine({ escalation: x, message }: { escalation: EscalationNotice; message: string }) {
  const { t } = useTranslation('livelog');
  const after = x.after_minutes % 60 === 0 ? t('row.hours', { count: x.after_minutes / 60 }) : t('row.minutes', { count: x.after_minutes });
  return (
    <Box data-testid="escalation" data-outcome={x.outcome}>
      <Typography variant="body2" sx={{ color: x.outcome === 'skipped' ? 'error.main' : undefined }}>
        {x.outcome === 'escalated' ? (
          <Trans
            t={t}
            i18nKey={x.reason === 'disabled' ? 'row.escalatedDisabled' : 'row.escalatedTimeout'}
            values={{ trigger: x.trigger, fallback: x.fallback_name, primary: x.integration_name, after }}
            components={{ b: <Box component="strong" sx={{ fontWeight: 600 }} />, code: <Box component="span" sx={{ ...mono, fontWeight: 600 }} /> }}
          />
        ) : (
          translateMessage(message)
        )}
      </Typography>
      <Typography variant="caption" color="text.secondary">
        {t('row.escalationRule', { rule: x.rule_name })}
      </Typography>
    </Box>
  );
}

function DrawerHeader({ title, subtitle, onClose }: { title: string; subtitle?: ReactNode; onClose: () => void }) {
  const { t } = useTranslation('livelog');
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
      <IconButton aria-label={t('drawer.close')} onClick={onClose}>
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

function TruncatedBadge() {
  const { t } = useTranslation('livelog');
  return <Chip size="small" color="warning" variant="outlined" label={t('drawer.truncated')} data-testid="truncated" />;
}
const truncatedBadge = <TruncatedBadge />;

const CLASSIFICATIONS = ['transient', 'permanent', 'auth', 'config'] as const;
type Classification = (typeof CLASSIFICATIONS)[number];
const isClassification = (c: string): c is Classification => (CLASSIFICATIONS as readonly string[]).includes(c);

function AttemptDetail({ id, onClose }: { id: string; onClose: () => void }) {
  const { t } = useTranslation('livelog');
  const classification = (c: string) => (isClassification(c) ? { label: t(`classification.${c}.label`), description: t(`classification.${c}.description`) } : { label: c, description: c });
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
      <DrawerHeader title={t('attempt.title')} subtitle={a ? `${a.integration_name} · ${t('row.events', { count: a.event_ids.length })}` : undefined} onClose={onClose} />
      <Box sx={{ p: 2.5 }}>
        {attempt.isPending && <CircularProgress aria-label={t('attempt.loading')} />}
        {attempt.error && <Alert severity="error">{t('attempt.loadError', { error: translateMessage(attempt.error.message) })}</Alert>}
        {a && (
          <Stack spacing={3}>
            <Stack spacing={1.5}>
              <Stack direction="row" spacing={1} alignItems="center" flexWrap="wrap" useFlexGap>
                <Chip color={OUTCOME_COLOR[a.outcome]} label={t(`outcome.${a.outcome}`)} />
                {a.status_code !== null && <Chip variant="outlined" label={`${protocolLabel(a.protocol)} ${a.status_code}`} />}
                {a.classification && <Chip variant="outlined" label={classification(a.classification).label} title={classification(a.classification).description} />}
              </Stack>
              <KeyValues
                label={t('attempt.timing')}
                rows={[
                  [t('attempt.started'), formatTime(a.started_at)],
                  [t('attempt.duration'), t('row.duration', { ms: formatNumber(a.duration_ms) })],
                  [t('attempt.schedule'), a.retry_step === 0 ? t('attempt.firstSend') : t('attempt.retryStep', { step: String(a.retry_step) })],
                  ...(a.next_attempt_at ? ([[t('attempt.nextRetry'), formatTime(a.next_attempt_at)]] as [string, string][]) : []),
                  ...(a.classification ? ([[t('attempt.classification'), classification(a.classification).description]] as [string, string][]) : []),
                ]}
              />
              {a.error && (
                <Alert severity={a.outcome === 'failed' ? 'error' : 'warning'} data-testid="attempt-detail-error">
                  {a.outcome === 'delivered' && <strong>{t('attempt.deliveredWithWarning')}</strong>}
                  {translateMessage(a.error)}
                </Alert>
              )}
              {integration?.health.state === 'failing' && !retryNow.isSuccess && (
                <Alert
                  severity="warning"
                  data-testid="retry-now"
                  action={
                    <Button color="inherit" size="small" disabled={retryNow.isPending} onClick={() => retryNow.mutate(integration.id)}>
                      {t('attempt.retryNow')}
                    </Button>
                  }
                >
                  {integration.health.next_attempt_at
                    ? t('attempt.failingUntil', { name: integration.name, time: formatTime(integration.health.next_attempt_at) })
                    : t('attempt.failing', { name: integration.name })}
                </Alert>
              )}
              {retryNow.isSuccess && (
                <Alert severity="success" data-testid="retry-now-done">
                  {t('attempt.retryNowDone', { name: retryNow.data.name })}
                </Alert>
              )}
              {retryNow.error && <Alert severity="error">{t('attempt.retryNowError', { error: translateMessage(retryNow.error.message) })}</Alert>}
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
  const { t } = useTranslation('livelog');
  const head: [string, string] = [t('http.header'), t('http.value')];
  return (
    <>
      <Section title={t('http.request')} badge={a.request.body_truncated ? truncatedBadge : undefined}>
        <Typography sx={{ ...mono, fontWeight: 600, wordBreak: 'break-all' }}>
          {a.request.method} {a.request.url}
        </Typography>
        <KeyValues label={t('http.requestHeaders')} head={head} rows={Object.entries(a.request.headers)} />
        <Typography variant="caption" color="text.secondary">
          {t('http.secretsMasked')}
        </Typography>
        <Code label={t('http.requestBody')}>{prettyJson(a.request.body)}</Code>
      </Section>
      <Divider />
      <Section title={t('http.response')} badge={a.response?.body_truncated ? truncatedBadge : undefined}>
        {a.response ? (
          <>
            <Typography sx={{ ...mono, fontWeight: 600 }}>HTTP {a.response.status}</Typography>
            <KeyValues label={t('http.responseHeaders')} head={head} rows={Object.entries(a.response.headers)} />
            <Code label={t('http.responseBody')}>{a.response.body_excerpt ? prettyJson(a.response.body_excerpt) : t('http.emptyBody')}</Code>
          </>
        ) : (
          <Typography color="text.secondary">{a.error ? t('http.noResponseBecause', { error: translateMessage(a.error) }) : t('http.noResponse')}</Typography>
        )}
      </Section>
    </>
  );
}

const EMAIL_HEADERS = [
  ['from', 'from'],
  ['to', 'to'],
  ['reply-to', 'replyTo'],
  ['subject', 'subject'],
] as const;

/** An email as sent (envelope headers and the text part) and what the SMTP server answered. */
function EmailExchange({ attempt: a }: { attempt: Attempt }) {
  const { t } = useTranslation('livelog');
  const headers = a.request.headers;
  const known = new Set<string>(EMAIL_HEADERS.map(([k]) => k));
  const rows: [string, ReactNode][] = [
    ...EMAIL_HEADERS.filter(([k]) => headers[k] !== undefined).map(([k, label]) => [t(`email.${label}`), headers[k]] as [string, ReactNode]),
    ...Object.entries(headers).filter(([k]) => !known.has(k)),
  ];
  const messageId = a.response?.headers['message-id'];
  return (
    <>
      <Section title={t('email.message')} badge={a.request.body_truncated ? truncatedBadge : undefined}>
        <Typography sx={{ ...mono, fontWeight: 600, wordBreak: 'break-all' }}>
          {a.request.method} {a.request.url}
        </Typography>
        {rows.length ? (
          <KeyValues label={t('email.headers')} rows={rows} />
        ) : (
          <Typography color="text.secondary">{t('email.nothingSent')}</Typography>
        )}
        {a.request.body && (
          <>
            <Typography variant="caption" color="text.secondary">
              {t('email.textPartHint')}
            </Typography>
            <Code label={t('email.textPart')}>{a.request.body}</Code>
          </>
        )}
      </Section>
      <Divider />
      <Section title={t('email.serverReply')} badge={a.response?.body_truncated ? truncatedBadge : undefined}>
        {a.response ? (
          <>
            <Stack direction="row" spacing={1} alignItems="center">
              <Chip size="small" color={a.response.status < 400 ? 'success' : a.response.status < 500 ? 'warning' : 'error'} label={`SMTP ${a.response.status}`} />
              <Typography variant="body2" color="text.secondary">
                {a.response.status < 400 ? t('email.accepted') : a.response.status < 500 ? t('email.temporaryRefusal') : t('email.refused')}
              </Typography>
            </Stack>
            {messageId && <KeyValues label={t('email.messageId')} rows={[['Message-ID', messageId]]} />}
            <Code label={t('email.serverReply')}>{a.response.body_excerpt || t('email.noReplyText')}</Code>
          </>
        ) : (
          <Typography color="text.secondary">{a.error ? t('email.noReplyBecause', { error: translateMessage(a.error) }) : t('email.noReply')}</Typography>
        )}
      </Section>
    </>
  );
}

/** For email, the engine's "To a@x, b@y · subject" reads better as "Email to …"; other targets are the engine's words. */
function targetLine(a: Pick<Attempt, 'protocol' | 'target'>, t: ReturnType<typeof useTranslation<'livelog'>>['t']): string {
  const target = a.target ?? '';
  return a.protocol === 'smtp' && target.startsWith('To ') ? t('row.emailTo', { to: target.slice(3) }) : translateMessage(target);
}

const DELIVERY_COLOR = { delivered: 'success', dead: 'error', pending: 'default', sending: 'info' } as const;

function EventDetail({ entry, onClose }: { entry: Extract<Entry, { type: 'event' }>; onClose: () => void }) {
  const { t } = useTranslation('livelog');
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
  const nameOf = (id: string) => (integrations.data ? (integrations.data.find((i) => i.id === id)?.name ?? t('event.deletedIntegration')) : '…');
  const ev = entry.event;
  return (
    <Box data-testid="event-detail">
      <DrawerHeader title={t('event.title')} subtitle={ev.trigger} onClose={onClose} />
      <Stack spacing={3} sx={{ p: 2.5 }}>
        <KeyValues
          label={t('event.title')}
          rows={[
            [t('event.trigger'), ev.trigger],
            [t('event.project'), ev.project ?? '—'],
            [t('event.source'), t(`sources.${ev.source}`, { defaultValue: ev.source })],
            [t('event.created'), formatTime(ev.created_at)],
            [t('event.received'), formatTime(ev.received_at)],
            [t('event.id'), ev.id],
          ]}
        />
        <Section title={t('event.payload')}>
          <Code label={t('event.payload')}>{JSON.stringify(ev.payload, null, 2)}</Code>
        </Section>
        <Section title={t('event.deliveries')}>
          {deliveries.error && <Alert severity="error">{t('event.deliveriesError', { error: translateMessage(deliveries.error.message) })}</Alert>}
          {deliveries.isPending && <CircularProgress size={24} aria-label={t('event.loadingDeliveries')} />}
          {deliveries.data?.length === 0 && (
            <Typography color="text.secondary">{entry.switched_off ? t('event.switchedOff', { trigger: ev.trigger }) : t('event.noSubscriber')}</Typography>
          )}
          {deliveries.data && deliveries.data.length > 0 && (
            <Table size="small" aria-label={t('event.deliveries')} data-testid="deliveries">
              <TableHead>
                <TableRow>
                  <TableCell>{t('event.columns.integration')}</TableCell>
                  <TableCell>{t('event.columns.status')}</TableCell>
                  <TableCell align="right">{t('event.columns.attempts')}</TableCell>
                  <TableCell>{t('event.columns.lastError')}</TableCell>
                </TableRow>
              </TableHead>
              <TableBody>
                {deliveries.data.map((d) => (
                  <TableRow key={d.id}>
                    <TableCell>
                      {nameOf(d.integration_id)}
                      {d.escalated_from && (
                        <Typography variant="caption" color="warning.main" component="div" data-testid="escalated-from">
                          {d.escalated_from.reason === 'disabled'
                            ? t('event.escalatedDisabled', { primary: d.escalated_from.integration_name })
                            : t('event.escalatedTimeout', {
                                primary: d.escalated_from.integration_name,
                                after: d.escalated_from.after_minutes % 60 === 0 ? t('row.hours', { count: d.escalated_from.after_minutes / 60 }) : t('row.minutes', { count: d.escalated_from.after_minutes }),
                              })}
                        </Typography>
                      )}
                    </TableCell>
                    <TableCell>
                      <Chip size="small" label={t(`event.status.${d.status}`)} color={DELIVERY_COLOR[d.status]} />
                    </TableCell>
                    <TableCell align="right">{formatNumber(d.attempts)}</TableCell>
                    <TableCell sx={{ color: 'error.main', wordBreak: 'break-word' }}>{d.last_error ? translateMessage(d.last_error) : ''}</TableCell>
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
                  {t('event.replay')}
                </Button>
              }
            >
              {dead.length === 1 ? t('event.oneGaveUp') : t('event.gaveUp', { count: dead.length })}
            </Alert>
          )}
          {replay.isSuccess && (
            <Alert severity="success" data-testid="replay-done">
              {t('event.replayed', { count: replay.data.replayed })}
              {replay.data.waiting_for.map((w) => ` ${t('event.waitingFor', { name: w.integration_name, count: w.count })}`).join('')}
            </Alert>
          )}
          {replay.error && <Alert severity="error">{t('event.replayError', { error: translateMessage(replay.error.message) })}</Alert>}
        </Section>
      </Stack>
    </Box>
  );
}

/** Status codes are HTTP statuses or SMTP reply codes; older log entries were all HTTP. */
function protocolLabel(protocol: 'http' | 'smtp' | undefined): string {
  return protocol === 'smtp' ? 'SMTP' : 'HTTP';
}
