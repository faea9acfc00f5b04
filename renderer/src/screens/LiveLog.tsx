import BoltIcon from '@mui/icons-material/Bolt';
import CloseIcon from '@mui/icons-material/Close';
import ErrorIcon from '@mui/icons-material/ErrorOutline';
import InfoIcon from '@mui/icons-material/InfoOutlined';
import SendIcon from '@mui/icons-material/Send';
import WarningIcon from '@mui/icons-material/WarningAmber';
import {
  Alert,
  Box,
  Button,
  Chip,
  CircularProgress,
  Drawer,
  IconButton,
  MenuItem,
  Paper,
  Stack,
  Table,
  TableBody,
  TableCell,
  TableRow,
  TextField,
  Typography,
} from '@mui/material';
import { useInfiniteQuery, useQuery } from '@tanstack/react-query';
import { useCallback, useMemo, useState } from 'react';
import type { LogEntry } from '../../../main/contract/index.js';
import { call } from '../api.js';
import { formatTime, fromNow, prettyJson } from '../format.js';
import { useLogListener } from '../push.js';
import { mono } from '../theme.js';

type Entry = LogEntry & { seq: number };
type Filter = 'all' | 'event' | 'attempt' | 'notice';
const MAX_LIVE = 2000;

export function LiveLog() {
  const pages = useInfiniteQuery({
    queryKey: ['log'],
    queryFn: ({ pageParam }) => call('log.list', { limit: 200, ...(pageParam ? { before: pageParam } : {}) }),
    initialPageParam: 0,
    getNextPageParam: (last) => last.next_before ?? undefined,
    // Pushes only reach an open screen: reload what happened while it was closed.
    refetchOnMount: 'always',
  });
  const [live, setLive] = useState<Entry[]>([]);
  const [type, setType] = useState<Filter>('all');
  const [text, setText] = useState('');
  const [open, setOpen] = useState<Entry | null>(null);

  // Entries pushed while the screen is open arrive on top, newest first.
  useLogListener(useCallback((entry: Entry) => setLive((prev) => [entry, ...prev].slice(0, MAX_LIVE)), []));

  const entries = useMemo(() => {
    const seen = new Set<number>();
    const all = [...live, ...(pages.data?.pages.flatMap((p) => p.entries) ?? [])].filter((e) => (seen.has(e.seq) ? false : (seen.add(e.seq), true)));
    all.sort((a, b) => b.seq - a.seq);
    const q = text.trim().toLowerCase();
    return all.filter((e) => (type === 'all' || e.type === type) && (!q || JSON.stringify(e).toLowerCase().includes(q)));
  }, [live, pages.data, type, text]);

  return (
    <Box>
      <Typography variant="h1">Live log</Typography>
      <Typography color="text.secondary" sx={{ mb: 2 }}>
        Events, delivery attempts and retries as they happen. Click an attempt to see the exact request and response.
      </Typography>
      <Stack direction="row" spacing={2} sx={{ mb: 2 }}>
        <TextField select size="small" label="Show" value={type} onChange={(e) => setType(e.target.value as Filter)} sx={{ width: 180 }}>
          <MenuItem value="all">Everything</MenuItem>
          <MenuItem value="event">Events</MenuItem>
          <MenuItem value="attempt">Attempts</MenuItem>
          <MenuItem value="notice">Notices</MenuItem>
        </TextField>
        <TextField size="small" label="Filter" placeholder="trigger, integration, status…" value={text} onChange={(e) => setText(e.target.value)} sx={{ width: 320 }} />
      </Stack>
      {pages.error && <Alert severity="error">Could not load the log: {pages.error.message}</Alert>}
      {pages.isPending && <CircularProgress aria-label="Loading the log" />}
      {pages.data && entries.length === 0 && (
        <Paper variant="outlined" sx={{ p: 3, textAlign: 'center' }}>
          <Typography color="text.secondary">Nothing yet. Fire an event from the Events screen or POST to /api/events; it appears here at once.</Typography>
        </Paper>
      )}
      {entries.length > 0 && (
        <Paper variant="outlined">
          <Table size="small" aria-label="Log entries">
            <TableBody>
              {entries.map((e) => (
                <LogRow key={e.seq} entry={e} onOpen={() => setOpen(e)} />
              ))}
            </TableBody>
          </Table>
        </Paper>
      )}
      {pages.hasNextPage && (
        <Button sx={{ mt: 1 }} onClick={() => void pages.fetchNextPage()} disabled={pages.isFetchingNextPage}>
          Load older
        </Button>
      )}
      <Drawer anchor="right" open={!!open} onClose={() => setOpen(null)} slotProps={{ paper: { sx: { width: 640, maxWidth: '100vw' } } }}>
        {open?.type === 'attempt' && <AttemptDetail id={open.id} onClose={() => setOpen(null)} />}
        {open?.type === 'event' && <EventDetail entry={open} onClose={() => setOpen(null)} />}
      </Drawer>
    </Box>
  );
}

const OUTCOME_COLOR = { delivered: 'success', retry: 'warning', failed: 'error' } as const;

function LogRow({ entry: e, onOpen }: { entry: Entry; onOpen: () => void }) {
  const clickable = e.type !== 'notice';
  return (
    <TableRow
      data-testid="log-entry"
      data-type={e.type}
      hover={clickable}
      onClick={clickable ? onOpen : undefined}
      onKeyDown={clickable ? (ev) => (ev.key === 'Enter' || ev.key === ' ') && onOpen() : undefined}
      tabIndex={clickable ? 0 : -1}
      sx={{ cursor: clickable ? 'pointer' : 'default' }}
    >
      <TableCell sx={{ width: 150, whiteSpace: 'nowrap' }} title={formatTime(e.at)}>
        <Typography variant="body2">{new Date(e.at).toLocaleTimeString()}</Typography>
        <Typography variant="caption" color="text.secondary">
          {fromNow(e.at)}
        </Typography>
      </TableCell>
      <TableCell sx={{ width: 40 }}>
        {e.type === 'event' && <BoltIcon color="primary" titleAccess="Event" />}
        {e.type === 'attempt' && <SendIcon color={OUTCOME_COLOR[e.attempt.outcome]} titleAccess="Attempt" />}
        {e.type === 'notice' && (e.level === 'error' ? <ErrorIcon color="error" titleAccess="Error" /> : e.level === 'warning' ? <WarningIcon color="warning" titleAccess="Warning" /> : <InfoIcon color="info" titleAccess="Notice" />)}
      </TableCell>
      <TableCell>
        {e.type === 'event' && (
          <>
            <Typography variant="body2">
              Event <Box component="span" sx={mono}>{e.event.trigger}</Box>
              {e.event.project && <> · {e.event.project}</>}
            </Typography>
            <Typography variant="caption" color="text.secondary">
              from {e.event.source} · routed to {e.routed_to} integration{e.routed_to === 1 ? '' : 's'}
            </Typography>
          </>
        )}
        {e.type === 'attempt' && (
          <>
            <Stack direction="row" spacing={1} alignItems="center">
              <Typography variant="body2">
                {e.attempt.integration_name} · {e.attempt.event_ids.length} event{e.attempt.event_ids.length === 1 ? '' : 's'}
                {e.attempt.retry_step > 0 && ` · retry ${e.attempt.retry_step}`}
              </Typography>
              <Chip size="small" color={OUTCOME_COLOR[e.attempt.outcome]} label={e.attempt.outcome} />
              {e.attempt.status_code !== null && <Chip size="small" variant="outlined" label={`HTTP ${e.attempt.status_code}`} />}
              <Typography variant="caption" color="text.secondary">
                {e.attempt.duration_ms} ms
              </Typography>
            </Stack>
            {e.attempt.error && (
              <Typography variant="caption" color="error" component="div">
                {e.attempt.error}
              </Typography>
            )}
            {e.attempt.next_attempt_at && (
              <Typography variant="caption" color="text.secondary" component="div" title={formatTime(e.attempt.next_attempt_at)}>
                next retry {fromNow(e.attempt.next_attempt_at)}
              </Typography>
            )}
          </>
        )}
        {e.type === 'notice' && <Typography variant="body2">{e.message}</Typography>}
      </TableCell>
    </TableRow>
  );
}

function DrawerHeader({ title, onClose }: { title: string; onClose: () => void }) {
  return (
    <Stack direction="row" alignItems="center" sx={{ px: 2, py: 1.5, borderBottom: 1, borderColor: 'divider' }}>
      <Typography variant="h2" sx={{ flex: 1 }}>
        {title}
      </Typography>
      <IconButton aria-label="Close" onClick={onClose}>
        <CloseIcon />
      </IconButton>
    </Stack>
  );
}

function KeyValues({ rows, label }: { rows: [string, string][]; label: string }) {
  return (
    <Table size="small" aria-label={label}>
      <TableBody>
        {rows.map(([k, v]) => (
          <TableRow key={k}>
            <TableCell sx={{ ...mono, width: 200, verticalAlign: 'top', color: 'text.secondary' }}>{k}</TableCell>
            <TableCell sx={{ ...mono, wordBreak: 'break-all' }}>{v}</TableCell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}

function Code({ children, label }: { children: string; label: string }) {
  return (
    <Box component="pre" aria-label={label} sx={{ ...mono, p: 1.5, m: 0, bgcolor: 'action.hover', borderRadius: 1, overflow: 'auto', maxHeight: 320, whiteSpace: 'pre-wrap', wordBreak: 'break-all' }}>
      {children}
    </Box>
  );
}

function AttemptDetail({ id, onClose }: { id: string; onClose: () => void }) {
  const attempt = useQuery({ queryKey: ['attempt', id], queryFn: () => call('log.attempt', { id }) });
  const a = attempt.data;
  return (
    <Box data-testid="attempt-detail">
      <DrawerHeader title="Delivery attempt" onClose={onClose} />
      <Box sx={{ p: 2 }}>
        {attempt.error && <Alert severity="error">{attempt.error.message}</Alert>}
        {a && (
          <Stack spacing={2}>
            <Stack direction="row" spacing={1} alignItems="center">
              <Chip color={OUTCOME_COLOR[a.outcome]} label={a.outcome} />
              {a.classification && <Chip variant="outlined" label={a.classification} />}
              <Typography variant="body2" color="text.secondary">
                {formatTime(a.started_at)} · {a.duration_ms} ms · {a.retry_step === 0 ? 'first send' : `retry ${a.retry_step}`}
              </Typography>
            </Stack>
            {a.error && <Alert severity={a.outcome === 'failed' ? 'error' : 'warning'}>{a.error}</Alert>}
            {a.next_attempt_at && <Typography variant="body2">Next retry: {formatTime(a.next_attempt_at)} ({fromNow(a.next_attempt_at)})</Typography>}
            <Typography variant="h3">Request</Typography>
            <Typography sx={mono}>
              {a.request.method} {a.request.url}
            </Typography>
            <KeyValues label="Request headers" rows={Object.entries(a.request.headers)} />
            <Code label="Request body">{prettyJson(a.request.body) + (a.request.body_truncated ? '\n… (truncated)' : '')}</Code>
            <Typography variant="h3">Response</Typography>
            {a.response ? (
              <>
                <Typography sx={mono}>HTTP {a.response.status}</Typography>
                <KeyValues label="Response headers" rows={Object.entries(a.response.headers)} />
                <Code label="Response body">{(a.response.body_excerpt || '(empty body)') + (a.response.body_truncated ? '\n… (truncated to 4 KiB)' : '')}</Code>
              </>
            ) : (
              <Typography color="text.secondary">No response: the request did not complete.</Typography>
            )}
          </Stack>
        )}
      </Box>
    </Box>
  );
}

function EventDetail({ entry, onClose }: { entry: Extract<Entry, { type: 'event' }>; onClose: () => void }) {
  const deliveries = useQuery({ queryKey: ['deliveries', entry.id], queryFn: () => call('log.deliveries', { event_id: entry.id }) });
  const integrations = useQuery({ queryKey: ['integrations'], queryFn: () => call('integrations.list', {}) });
  const nameOf = (id: string) => integrations.data?.find((i) => i.id === id)?.name ?? id;
  return (
    <Box data-testid="event-detail">
      <DrawerHeader title={`Event ${entry.event.trigger}`} onClose={onClose} />
      <Stack spacing={2} sx={{ p: 2 }}>
        <KeyValues
          label="Event"
          rows={[
            ['id', entry.event.id],
            ['created_at', entry.event.created_at],
            ['received_at', entry.event.received_at],
            ['source', entry.event.source],
          ]}
        />
        <Typography variant="h3">Payload</Typography>
        <Code label="Payload">{JSON.stringify(entry.event.payload, null, 2)}</Code>
        <Typography variant="h3">Deliveries</Typography>
        {deliveries.data?.length === 0 && <Typography color="text.secondary">No integration subscribes to this event.</Typography>}
        {deliveries.data?.map((d) => (
          <Stack key={d.id} direction="row" spacing={1} alignItems="center">
            <Typography variant="body2">{nameOf(d.integration_id)}</Typography>
            <Chip size="small" label={d.status} color={d.status === 'delivered' ? 'success' : d.status === 'dead' ? 'error' : 'default'} />
            <Typography variant="caption" color="text.secondary">
              {d.attempts} attempt{d.attempts === 1 ? '' : 's'}
              {d.last_error ? ` · ${d.last_error}` : ''}
            </Typography>
          </Stack>
        ))}
      </Stack>
    </Box>
  );
}
