import BoltIcon from '@mui/icons-material/Bolt';
import ChevronRightIcon from '@mui/icons-material/ChevronRight';
import CloseIcon from '@mui/icons-material/Close';
import ErrorIcon from '@mui/icons-material/ErrorOutline';
import InfoIcon from '@mui/icons-material/InfoOutlined';
import SearchIcon from '@mui/icons-material/Search';
import SendIcon from '@mui/icons-material/Send';
import WarningIcon from '@mui/icons-material/WarningAmber';
import {
  Alert,
  Box,
  Button,
  Chip,
  CircularProgress,
  Divider,
  Drawer,
  IconButton,
  InputAdornment,
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
import { useInfiniteQuery, useQuery, useQueryClient, type InfiniteData } from '@tanstack/react-query';
import { memo, useCallback, useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import type { Attempt, LogEntry, LogPage } from '../../../main/contract/index.js';
import { call } from '../api.js';
import { formatTime, prettyJson } from '../format.js';
import { useLogListener } from '../push.js';
import { mono } from '../theme.js';
import { TimeAgo } from '../time.js';

type Entry = LogEntry & { seq: number };
type Filter = 'all' | 'event' | 'attempt' | 'notice';
type Pages = InfiniteData<LogPage, number>;
const LOG_KEY = ['log'] as const;
const PAGE = 200;
/** The most entries kept in memory; older ones come back with "Load older". */
const MAX_ENTRIES = 2000;

/** Prepends pushed entries to the cached pages (deduped by seq) and trims the oldest past the cap. */
function mergePushed(data: Pages | undefined, pushed: Entry[]): Pages | undefined {
  const first = data?.pages[0];
  if (!data || !first) return data;
  const known = new Set<number>();
  for (const page of data.pages) for (const e of page.entries) known.add(e.seq);
  const fresh = pushed.filter((e) => !known.has(e.seq)).sort((a, b) => b.seq - a.seq);
  if (!fresh.length) return data;
  const pages = [{ ...first, entries: [...fresh, ...first.entries] }, ...data.pages.slice(1)];
  let budget = MAX_ENTRIES;
  const kept: LogPage[] = [];
  for (const page of pages) {
    if (budget <= 0) break;
    if (page.entries.length <= budget) {
      kept.push(page);
      budget -= page.entries.length;
    } else {
      const entries = page.entries.slice(0, budget);
      // Continue "Load older" right after the last entry that is still shown.
      kept.push({ entries, next_before: entries.at(-1)?.seq ?? page.next_before });
      budget = 0;
    }
  }
  return { pages: kept, pageParams: data.pageParams.slice(0, kept.length) };
}

export function LiveLog() {
  const queryClient = useQueryClient();
  const pages = useInfiniteQuery({
    queryKey: LOG_KEY,
    queryFn: ({ pageParam }) => call('log.list', { limit: PAGE, ...(pageParam ? { before: pageParam } : {}) }),
    initialPageParam: 0,
    getNextPageParam: (last) => last.next_before ?? undefined,
    // Pushes only reach an open screen: reload what happened while it was closed.
    refetchOnMount: 'always',
    staleTime: Infinity,
  });
  const [type, setType] = useState<Filter>('all');
  const [text, setText] = useState('');
  const [open, setOpen] = useState<Entry | null>(null);

  // A burst of pushes becomes one cache update per frame, not one render per entry.
  const buffer = useRef<Entry[]>([]);
  const frame = useRef<number | null>(null);
  useLogListener(
    useCallback(
      (entry: Entry) => {
        buffer.current.push(entry);
        frame.current ??= requestAnimationFrame(() => {
          frame.current = null;
          const pushed = buffer.current;
          buffer.current = [];
          queryClient.setQueryData<Pages>(LOG_KEY, (data) => mergePushed(data, pushed));
        });
      },
      [queryClient],
    ),
  );
  useEffect(() => () => void (frame.current !== null && cancelAnimationFrame(frame.current)), []);

  const all = useMemo(() => {
    const seen = new Set<number>();
    return (pages.data?.pages.flatMap((p) => p.entries) ?? []).filter((e) => !seen.has(e.seq) && (seen.add(e.seq), true));
  }, [pages.data]);
  const entries = useMemo(() => {
    const q = text.trim().toLowerCase();
    return all.filter((e) => (type === 'all' || e.type === type) && (!q || searchText(e).includes(q)));
  }, [all, type, text]);
  const onOpen = useCallback((e: Entry) => setOpen(e), []);

  return (
    <Box>
      <Typography variant="h1">Live log</Typography>
      <Typography color="text.secondary" sx={{ mb: 2 }}>
        Events, delivery attempts and retries as they happen, newest first. Click an attempt to see the exact request and response, or an event to see
        where it went.
      </Typography>
      <Stack direction="row" spacing={2} alignItems="center" sx={{ mb: 2 }} flexWrap="wrap" useFlexGap>
        <ToggleButtonGroup size="small" exclusive value={type} onChange={(_e, v: Filter | null) => v && setType(v)} aria-label="Entry type">
          <ToggleButton value="all">All</ToggleButton>
          <ToggleButton value="event">Events</ToggleButton>
          <ToggleButton value="attempt">Attempts</ToggleButton>
          <ToggleButton value="notice">Notices</ToggleButton>
        </ToggleButtonGroup>
        <TextField
          size="small"
          label="Filter"
          placeholder="trigger, integration, status, error…"
          value={text}
          onChange={(e) => setText(e.target.value)}
          sx={{ width: 340 }}
          slotProps={{ input: { startAdornment: <InputAdornment position="start"><SearchIcon fontSize="small" /></InputAdornment> } }}
        />
        <Typography variant="body2" color="text.secondary" sx={{ ml: 'auto' }} aria-live="polite">
          {entries.length === all.length ? `${all.length} entries` : `${entries.length} of ${all.length} entries`}
        </Typography>
      </Stack>
      {pages.error && <Alert severity="error">Could not load the log: {pages.error.message}</Alert>}
      {pages.isPending && <CircularProgress aria-label="Loading the log" />}
      {pages.data && entries.length === 0 && (
        <Paper variant="outlined" sx={{ p: 4, textAlign: 'center' }}>
          <Typography color="text.secondary">
            {all.length
              ? 'No entry matches the filter.'
              : 'Nothing yet. Fire an event from the Events screen or POST to /api/events; it appears here at once.'}
          </Typography>
        </Paper>
      )}
      {entries.length > 0 && (
        <Paper variant="outlined">
          <Table size="small" aria-label="Log entries">
            <TableBody>
              {entries.map((e) => (
                <LogRow key={e.seq} entry={e} onOpen={onOpen} />
              ))}
            </TableBody>
          </Table>
        </Paper>
      )}
      {pages.hasNextPage && (
        <Button sx={{ mt: 1.5 }} variant="outlined" onClick={() => void pages.fetchNextPage()} disabled={pages.isFetchingNextPage}>
          {pages.isFetchingNextPage ? 'Loading…' : 'Load older'}
        </Button>
      )}
      {/* Above the app bar (which sits above the permanent nav drawer), or it hides the header and its close button. */}
      <Drawer anchor="right" open={!!open} onClose={() => setOpen(null)} sx={{ zIndex: (t) => t.zIndex.drawer + 2 }} slotProps={{ paper: { sx: { width: 680, maxWidth: '100vw' }, 'aria-label': open?.type === 'event' ? 'Event details' : 'Delivery attempt details' } }}>
        {open?.type === 'attempt' && <AttemptDetail id={open.id} onClose={() => setOpen(null)} />}
        {open?.type === 'event' && <EventDetail entry={open} onClose={() => setOpen(null)} />}
      </Drawer>
    </Box>
  );
}

function searchText(e: Entry): string {
  if (e.type === 'event') return `event ${e.event.trigger} ${e.event.project ?? ''} ${e.event.source}${e.switched_off ? ' switched off' : ''}`.toLowerCase();
  if (e.type === 'attempt') {
    const a = e.attempt;
    return `attempt ${a.integration_name} ${a.outcome} ${a.protocol ?? ''} ${a.status_code ?? ''} ${a.target ?? ''} ${a.error ?? ''} ${a.classification ?? ''}`.toLowerCase();
  }
  return `notice ${e.level} ${e.message}`.toLowerCase();
}

const OUTCOME_COLOR = { delivered: 'success', retry: 'warning', failed: 'error' } as const;
const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

const LogRow = memo(function LogRow({ entry: e, onOpen }: { entry: Entry; onOpen: (e: Entry) => void }) {
  const clickable = e.type !== 'notice';
  const open = () => onOpen(e);
  return (
    <TableRow
      data-testid="log-entry"
      data-type={e.type}
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
        </Section>
      </Stack>
    </Box>
  );
}

/** Status codes are HTTP statuses or SMTP reply codes; older log entries were all HTTP. */
function protocolLabel(protocol: 'http' | 'smtp' | undefined): string {
  return protocol === 'smtp' ? 'SMTP' : 'HTTP';
}
