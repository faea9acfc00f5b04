import ReplayIcon from '@mui/icons-material/Replay';
import MarkEmailUnreadOutlinedIcon from '@mui/icons-material/MarkEmailUnreadOutlined';
import {
  Alert,
  AlertTitle,
  Box,
  Button,
  Checkbox,
  CircularProgress,
  Dialog,
  DialogActions,
  DialogContent,
  DialogContentText,
  DialogTitle,
  Link,
  MenuItem,
  Paper,
  Stack,
  Table,
  TableBody,
  TableCell,
  TableContainer,
  TableHead,
  TableRow,
  TextField,
  Typography,
} from '@mui/material';
import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { catalogue, type ReplayResult } from '../../../main/contract/index.js';
import { call } from '../api.js';
import { formatShort, formatTime } from '../format.js';
import { routeParams, navigate } from '../route.js';
import { mono } from '../theme.js';

const PAGE = 100;
const titleOf = (name: string) => catalogue.find((t) => t.name === name)?.title.en ?? name;
const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

/**
 * Dead letters: deliveries Herald gave up on. Fix the cause, then replay them: they are queued
 * again with their original event ids.
 */
export function DeadLetters() {
  const queryClient = useQueryClient();
  const [integrationId, setIntegrationId] = useState(() => routeParams().get('integration') ?? '');
  const [selected, setSelected] = useState<Set<string>>(new Set());
  const [confirmAll, setConfirmAll] = useState(false);
  const [result, setResult] = useState<ReplayResult | null>(null);
  const integrations = useQuery({ queryKey: ['integrations'], queryFn: () => call('integrations.list', {}) });
  const dead = useInfiniteQuery({
    queryKey: ['dead', 'list', integrationId],
    queryFn: ({ pageParam }) => call('deliveries.dead', { limit: PAGE, ...(integrationId ? { integration_id: integrationId } : {}), ...(pageParam ? { before: pageParam } : {}) }),
    initialPageParam: null as { at: number; id: string } | null,
    getNextPageParam: (last) => last.next_before,
  });
  const items = dead.data?.pages.flatMap((p) => p.items) ?? [];
  const total = dead.data?.pages[0]?.total ?? 0;
  const filterName = integrations.data?.find((i) => i.id === integrationId)?.name;

  const replay = useMutation({
    mutationFn: (input: { delivery_ids: string[] } | { all: true }) => call('deliveries.replay', { ...input, ...(integrationId ? { integration_id: integrationId } : {}) }),
    onSuccess: (r) => {
      setResult(r);
      setSelected(new Set());
      setConfirmAll(false);
    },
    onSettled: () => Promise.all([queryClient.invalidateQueries({ queryKey: ['dead'] }), queryClient.invalidateQueries({ queryKey: ['integrations'] })]),
  });

  const filter = (id: string) => {
    setIntegrationId(id);
    setSelected(new Set());
    navigate('dead', id ? { integration: id } : undefined);
  };
  const toggle = (id: string) =>
    setSelected((prev) => {
      const next = new Set(prev);
      if (next.has(id)) next.delete(id);
      else next.add(id);
      return next;
    });
  const allShown = items.length > 0 && items.every((i) => selected.has(i.delivery_id));

  return (
    <Box>
      <Stack direction="row" alignItems="flex-start" spacing={2} sx={{ mb: 2 }}>
        <Box sx={{ flex: 1 }}>
          <Typography variant="h1">Dead letters</Typography>
          <Typography color="text.secondary">
            Deliveries Herald gave up on, with their last error. Fix the cause, then replay them: they go out again with their original event ids.
          </Typography>
        </Box>
      </Stack>

      {result && (
        <Alert severity={result.replayed ? 'success' : 'info'} onClose={() => setResult(null)} sx={{ mb: 2 }} data-testid="replay-result">
          <AlertTitle>{result.replayed ? `Replaying ${plural(result.replayed, 'delivery', 'deliveries')} with their original event ids` : 'Nothing to replay'}</AlertTitle>
          {result.waiting_for.map((w) => (
            <div key={w.integration_id}>
              {w.count} wait for <strong>{w.integration_name}</strong> to be enabled.{' '}
              <Link component="button" sx={{ verticalAlign: 'baseline' }} onClick={() => navigate('integrations')}>
                Open Integrations
              </Link>
            </div>
          ))}
          {result.replayed > 0 && (
            <Link href="#/log" sx={{ display: 'inline-block', mt: 0.5 }}>
              Watch them in the live log
            </Link>
          )}
        </Alert>
      )}
      {replay.error && (
        <Alert severity="error" onClose={() => replay.reset()} sx={{ mb: 2 }}>
          Could not replay: {replay.error.message}
        </Alert>
      )}
      {dead.error && <Alert severity="error">Could not load the dead letters: {dead.error.message}</Alert>}

      <Paper variant="outlined">
        <Stack direction="row" spacing={1.5} alignItems="center" sx={{ p: 1.5, borderBottom: 1, borderColor: 'divider' }} useFlexGap flexWrap="wrap">
          <TextField
            select
            size="small"
            label="Integration"
            value={integrationId}
            onChange={(e) => filter(e.target.value)}
            sx={{ minWidth: 240 }}
            slotProps={{ select: { displayEmpty: true }, inputLabel: { shrink: true } }}
          >
            <MenuItem value="">All integrations</MenuItem>
            {(integrations.data ?? []).map((i) => (
              <MenuItem key={i.id} value={i.id}>
                {i.name}
              </MenuItem>
            ))}
          </TextField>
          <Typography variant="body2" color="text.secondary" sx={{ flex: 1 }} data-testid="dead-total">
            {dead.data ? `${plural(total, 'dead letter', 'dead letters')}${filterName ? ` for ${filterName}` : ''}` : ''}
            {selected.size > 0 ? ` · ${selected.size} selected` : ''}
          </Typography>
          <Button variant="outlined" startIcon={<ReplayIcon />} disabled={selected.size === 0 || replay.isPending} onClick={() => replay.mutate({ delivery_ids: [...selected] })}>
            Replay selected{selected.size ? ` (${selected.size})` : ''}
          </Button>
          <Button variant="contained" startIcon={<ReplayIcon />} disabled={total === 0 || replay.isPending} onClick={() => setConfirmAll(true)}>
            Replay all
          </Button>
        </Stack>

        {dead.isPending && <CircularProgress aria-label="Loading dead letters" sx={{ m: 2 }} />}
        {dead.data && items.length === 0 && (
          <Box sx={{ p: 4, textAlign: 'center' }} data-testid="dead-empty">
            <MarkEmailUnreadOutlinedIcon color="primary" sx={{ fontSize: 40 }} />
            <Typography variant="h3" component="h2" sx={{ mt: 1 }}>
              {filterName ? `No dead letters for ${filterName}` : 'No dead letters'}
            </Typography>
            <Typography color="text.secondary" sx={{ mt: 1, maxWidth: 640, mx: 'auto' }}>
              A dead letter is a delivery Herald stopped trying: its integration&apos;s last retry failed (with the &ldquo;after the last retry fails&rdquo;
              auto-disable), or the receiver refused it for good, such as an SMTP 5xx or a Jira 400. It is kept here with its last error, so that once the
              cause is fixed you can replay it — with its original event id, so receivers can tell it is the same event.
            </Typography>
          </Box>
        )}
        {items.length > 0 && (
          <TableContainer>
            <Table size="small" aria-label="Dead letters">
              <TableHead sx={{ '& th': { whiteSpace: 'nowrap', color: 'text.secondary', fontWeight: 600 } }}>
                <TableRow>
                  <TableCell padding="checkbox">
                    <Checkbox
                      checked={allShown}
                      indeterminate={selected.size > 0 && !allShown}
                      onChange={() => setSelected(allShown ? new Set() : new Set(items.map((i) => i.delivery_id)))}
                      slotProps={{ input: { 'aria-label': 'Select all shown' } }}
                    />
                  </TableCell>
                  <TableCell>Event</TableCell>
                  <TableCell>Project</TableCell>
                  <TableCell>Integration</TableCell>
                  <TableCell>Rule</TableCell>
                  <TableCell align="right">Attempts</TableCell>
                  <TableCell>Last error</TableCell>
                  <TableCell>Died</TableCell>
                </TableRow>
              </TableHead>
              <TableBody>
                {items.map((d) => (
                  <TableRow key={d.delivery_id} hover selected={selected.has(d.delivery_id)} data-testid="dead-row" sx={{ verticalAlign: 'top' }}>
                    <TableCell padding="checkbox">
                      <Checkbox checked={selected.has(d.delivery_id)} onChange={() => toggle(d.delivery_id)} slotProps={{ input: { 'aria-label': `Select ${d.trigger} to ${d.integration_name}` } }} />
                    </TableCell>
                    <TableCell sx={{ minWidth: 200 }}>
                      <Typography variant="body2" sx={{ fontWeight: 600 }}>
                        {titleOf(d.trigger)}
                      </Typography>
                      <Typography variant="caption" color="text.secondary" component="div" sx={mono} title={`Event id ${d.event_id}`}>
                        {d.trigger}
                      </Typography>
                    </TableCell>
                    <TableCell sx={{ whiteSpace: 'nowrap' }}>{d.project ?? '—'}</TableCell>
                    <TableCell sx={{ whiteSpace: 'nowrap' }}>{d.integration_name}</TableCell>
                    <TableCell>
                      {d.rule_name ?? (
                        <Typography variant="body2" color="text.secondary" title="The webhook's own subscription, not a rule">
                          —
                        </Typography>
                      )}
                    </TableCell>
                    <TableCell align="right">{d.attempts}</TableCell>
                    <TableCell sx={{ minWidth: 240, maxWidth: 380 }}>
                      <Typography
                        variant="body2"
                        color="error"
                        title={d.last_error ?? undefined}
                        sx={{ display: '-webkit-box', WebkitLineClamp: 2, WebkitBoxOrient: 'vertical', overflow: 'hidden', wordBreak: 'break-word' }}
                      >
                        {d.last_error ?? '—'}
                      </Typography>
                    </TableCell>
                    <TableCell sx={{ whiteSpace: 'nowrap' }} title={formatTime(d.died_at)}>
                      {formatShort(d.died_at)}
                    </TableCell>
                  </TableRow>
                ))}
              </TableBody>
            </Table>
          </TableContainer>
        )}
        {dead.hasNextPage && (
          <Box sx={{ p: 1.5, textAlign: 'center', borderTop: 1, borderColor: 'divider' }}>
            <Button onClick={() => void dead.fetchNextPage()} disabled={dead.isFetchingNextPage}>
              Show older ({total - items.length} more)
            </Button>
          </Box>
        )}
      </Paper>

      <Dialog open={confirmAll} onClose={() => setConfirmAll(false)} aria-labelledby="replay-all-title" data-testid="replay-all-dialog">
        <DialogTitle id="replay-all-title">Replay {plural(total, 'dead letter', 'dead letters')}{filterName ? ` for ${filterName}` : ''}?</DialogTitle>
        <DialogContent>
          <DialogContentText>
            They are queued again and sent on their integration&apos;s schedule. Each keeps its <strong>original event id</strong>, so a receiver that
            de-duplicates by id sees the same event, not a new one. Email recipients who already accepted a message are not sent it again. Deliveries of a
            disabled integration wait until it is enabled.
          </DialogContentText>
        </DialogContent>
        <DialogActions>
          <Button onClick={() => setConfirmAll(false)}>Cancel</Button>
          <Button variant="contained" startIcon={<ReplayIcon />} disabled={replay.isPending} onClick={() => replay.mutate({ all: true })}>
            Replay all
          </Button>
        </DialogActions>
      </Dialog>
    </Box>
  );
}
