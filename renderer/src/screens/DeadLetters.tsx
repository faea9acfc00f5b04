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
import { Trans, useTranslation } from 'react-i18next';
import { catalogue, type ReplayResult } from '../../../main/contract/index.js';
import { call } from '../api.js';
import { formatNumber, formatShort, formatTime } from '../format.js';
import { i18n } from '../i18n/index.js';
import { translateMessage } from '../i18n/validation.js';
import { routeParams, navigate } from '../route.js';
import { mono } from '../theme.js';

const PAGE = 100;
/** A trigger's title from the catalogue, in the console's language. */
const titleOf = (name: string) => catalogue.find((t) => t.name === name)?.title[i18n.language === 'ru' ? 'ru' : 'en'] ?? name;

/**
 * Dead letters: deliveries Herald gave up on. Fix the cause, then replay them: they are queued
 * again with their original event ids.
 */
export function DeadLetters() {
  const { t } = useTranslation(['deadLetters', 'common']);
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
          <Typography variant="h1">{t('title')}</Typography>
          <Typography color="text.secondary">{t('intro')}</Typography>
        </Box>
      </Stack>

      {result && (
        <Alert severity={result.replayed ? 'success' : 'info'} onClose={() => setResult(null)} sx={{ mb: 2 }} data-testid="replay-result">
          <AlertTitle>{result.replayed ? t('result.replaying', { count: result.replayed }) : t('result.nothing')}</AlertTitle>
          {result.waiting_for.map((w) => (
            <div key={w.integration_id}>
              <Trans t={t} i18nKey="result.waiting" count={w.count} components={{ name: <strong>{w.integration_name}</strong> }} />{' '}
              <Link component="button" sx={{ verticalAlign: 'baseline' }} onClick={() => navigate('integrations')}>
                {t('result.openIntegrations')}
              </Link>
            </div>
          ))}
          {result.replayed > 0 && (
            <Link href="#/log" sx={{ display: 'inline-block', mt: 0.5 }}>
              {t('result.watch')}
            </Link>
          )}
        </Alert>
      )}
      {replay.error && (
        <Alert severity="error" onClose={() => replay.reset()} sx={{ mb: 2 }}>
          {t('replayFailed', { message: translateMessage(replay.error.message) })}
        </Alert>
      )}
      {dead.error && <Alert severity="error">{t('loadFailed', { message: translateMessage(dead.error.message) })}</Alert>}

      <Paper variant="outlined">
        <Stack direction="row" spacing={1.5} alignItems="center" sx={{ p: 1.5, borderBottom: 1, borderColor: 'divider' }} useFlexGap flexWrap="wrap">
          <TextField
            select
            size="small"
            label={t('toolbar.integration')}
            value={integrationId}
            onChange={(e) => filter(e.target.value)}
            sx={{ minWidth: 240 }}
            slotProps={{ select: { displayEmpty: true }, inputLabel: { shrink: true } }}
          >
            <MenuItem value="">{t('toolbar.allIntegrations')}</MenuItem>
            {(integrations.data ?? []).map((i) => (
              <MenuItem key={i.id} value={i.id}>
                {i.name}
              </MenuItem>
            ))}
          </TextField>
          <Typography variant="body2" color="text.secondary" sx={{ flex: 1 }} data-testid="dead-total">
            {dead.data ? (filterName ? t('toolbar.totalFor', { count: total, name: filterName }) : t('toolbar.total', { count: total })) : ''}
            {selected.size > 0 ? ` · ${t('toolbar.selected', { count: selected.size })}` : ''}
          </Typography>
          <Button variant="outlined" startIcon={<ReplayIcon />} disabled={selected.size === 0 || replay.isPending} onClick={() => replay.mutate({ delivery_ids: [...selected] })}>
            {selected.size ? t('toolbar.replaySelectedCount', { count: selected.size }) : t('toolbar.replaySelected')}
          </Button>
          <Button variant="contained" startIcon={<ReplayIcon />} disabled={total === 0 || replay.isPending} onClick={() => setConfirmAll(true)}>
            {t('toolbar.replayAll')}
          </Button>
        </Stack>

        {dead.isPending && <CircularProgress aria-label={t('loading')} sx={{ m: 2 }} />}
        {dead.data && items.length === 0 && (
          <Box sx={{ p: 4, textAlign: 'center' }} data-testid="dead-empty">
            <MarkEmailUnreadOutlinedIcon color="primary" sx={{ fontSize: 40 }} />
            <Typography variant="h3" component="h2" sx={{ mt: 1 }}>
              {filterName ? t('empty.titleFor', { name: filterName }) : t('empty.title')}
            </Typography>
            <Typography color="text.secondary" sx={{ mt: 1, maxWidth: 640, mx: 'auto' }}>
              {t('empty.body')}
            </Typography>
          </Box>
        )}
        {items.length > 0 && (
          <TableContainer>
            <Table size="small" aria-label={t('table.label')}>
              <TableHead sx={{ '& th': { whiteSpace: 'nowrap', color: 'text.secondary', fontWeight: 600 } }}>
                <TableRow>
                  <TableCell padding="checkbox">
                    <Checkbox
                      checked={allShown}
                      indeterminate={selected.size > 0 && !allShown}
                      onChange={() => setSelected(allShown ? new Set() : new Set(items.map((i) => i.delivery_id)))}
                      slotProps={{ input: { 'aria-label': t('table.selectAll') } }}
                    />
                  </TableCell>
                  <TableCell>{t('table.event')}</TableCell>
                  <TableCell>{t('table.project')}</TableCell>
                  <TableCell>{t('table.integration')}</TableCell>
                  <TableCell>{t('table.rule')}</TableCell>
                  <TableCell align="right">{t('table.attempts')}</TableCell>
                  <TableCell>{t('table.lastError')}</TableCell>
                  <TableCell>{t('table.died')}</TableCell>
                </TableRow>
              </TableHead>
              <TableBody>
                {items.map((d) => (
                  <TableRow key={d.delivery_id} hover selected={selected.has(d.delivery_id)} data-testid="dead-row" sx={{ verticalAlign: 'top' }}>
                    <TableCell padding="checkbox">
                      <Checkbox checked={selected.has(d.delivery_id)} onChange={() => toggle(d.delivery_id)} slotProps={{ input: { 'aria-label': t('table.select', { trigger: d.trigger, name: d.integration_name }) } }} />
                    </TableCell>
                    <TableCell sx={{ minWidth: 180 }}>
                      <Typography variant="body2" sx={{ fontWeight: 600 }}>
                        {titleOf(d.trigger)}
                      </Typography>
                      <Typography variant="caption" color="text.secondary" component="div" sx={mono} title={t('table.eventId', { id: d.event_id })}>
                        {d.trigger}
                      </Typography>
                    </TableCell>
                    <TableCell sx={{ whiteSpace: 'nowrap' }}>{d.project ?? '—'}</TableCell>
                    <TableCell sx={{ whiteSpace: 'nowrap' }}>{d.integration_name}</TableCell>
                    <TableCell>
                      {d.rule_name ?? (
                        <Typography variant="body2" color="text.secondary" title={t('table.noRule')}>
                          —
                        </Typography>
                      )}
                    </TableCell>
                    <TableCell align="right">{formatNumber(d.attempts)}</TableCell>
                    <TableCell sx={{ minWidth: 180, maxWidth: 340 }}>
                      <Typography
                        variant="body2"
                        color="error"
                        title={translateMessage(d.last_error ?? undefined)}
                        sx={{ display: '-webkit-box', WebkitLineClamp: 2, WebkitBoxOrient: 'vertical', overflow: 'hidden', wordBreak: 'break-word' }}
                      >
                        {translateMessage(d.last_error ?? undefined) ?? '—'}
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
              {t('table.showOlder', { count: total - items.length })}
            </Button>
          </Box>
        )}
      </Paper>

      <Dialog open={confirmAll} onClose={() => setConfirmAll(false)} aria-labelledby="replay-all-title" data-testid="replay-all-dialog">
        <DialogTitle id="replay-all-title">
          {filterName ? t('confirm.titleFor', { count: total, name: filterName }) : t('confirm.title', { count: total })}
        </DialogTitle>
        <DialogContent>
          <DialogContentText>
            <Trans t={t} i18nKey="confirm.body" components={{ strong: <strong /> }} />
          </DialogContentText>
        </DialogContent>
        <DialogActions>
          <Button onClick={() => setConfirmAll(false)}>{t('common:actions.cancel')}</Button>
          <Button variant="contained" startIcon={<ReplayIcon />} disabled={replay.isPending} onClick={() => replay.mutate({ all: true })}>
            {t('toolbar.replayAll')}
          </Button>
        </DialogActions>
      </Dialog>
    </Box>
  );
}
