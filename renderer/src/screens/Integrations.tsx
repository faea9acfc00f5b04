import AddIcon from '@mui/icons-material/Add';
import MailIcon from '@mui/icons-material/MailOutline';
import WebhookIcon from '@mui/icons-material/Webhook';
import ContentCopyIcon from '@mui/icons-material/ContentCopy';
import DeleteIcon from '@mui/icons-material/DeleteOutline';
import EditIcon from '@mui/icons-material/EditOutlined';
import PlayCircleIcon from '@mui/icons-material/PlayCircleOutline';
import RefreshIcon from '@mui/icons-material/Refresh';
import ReplayIcon from '@mui/icons-material/Replay';
import {
  Alert,
  Box,
  Button,
  Card,
  CardContent,
  Chip,
  CircularProgress,
  Dialog,
  Menu,
  MenuItem,
  DialogActions,
  DialogContent,
  DialogContentText,
  DialogTitle,
  IconButton,
  Link,
  ListSubheader,
  Paper,
  Snackbar,
  Stack,
  Switch,
  Tab,
  Table,
  TableBody,
  TableCell,
  TableContainer,
  TableHead,
  TableRow,
  Tabs,
  Tooltip,
  Typography,
} from '@mui/material';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef, useState } from 'react';
import { Trans, useTranslation } from 'react-i18next';
import { retryScheduleOf, type Integration, type TestReport } from '../../../main/contract/index.js';
import { ApiError, call } from '../api.js';
import { formatNumber, formatShort, formatTime, percent } from '../format.js';
import { i18n } from '../i18n/index.js';
import { translateMessage } from '../i18n/validation.js';
import { navigate, useRouteParams } from '../route.js';
import { TimeAgo } from '../time.js';
import { TestReportView } from './TestReportView.js';
import { IntegrationForm, KIND_GROUPS, KindIcon, kindLabel, targetLine } from './kinds.js';
import { SandboxModeChip, SandboxModeDialog } from './SandboxModeDialog.js';

type TabId = 'all' | 'active' | 'disabled';
type Editing = Integration | { new: Integration['kind'] } | null;

export function Integrations() {
  const { t } = useTranslation(['integrations', 'common']);
  const queryClient = useQueryClient();
  const list = useQuery({ queryKey: ['integrations'], queryFn: () => call('integrations.list', {}) });
  const [tab, setTab] = useState<TabId>('all');
  const [editing, setEditing] = useState<Editing>(null);
  const [addMenu, setAddMenu] = useState<HTMLElement | null>(null);
  const [deleting, setDeleting] = useState<Integration | null>(null);
  const [sandboxOf, setSandboxOf] = useState<Integration | null>(null);
  const [report, setReport] = useState<{ title: string; report?: TestReport; reenabled?: string; error?: string } | null>(null);

  const invalidate = () => queryClient.invalidateQueries({ queryKey: ['integrations'] });
  const params = useRouteParams();
  const focus = params.get('focus');
  const retryNow = useMutation({ mutationFn: (id: string) => call('integrations.retryNow', { id }), onSettled: invalidate });
  const deadOf = (id: string) => list.data?.find((i) => i.id === id)?.health.dead_letters ?? 0;
  useEffect(() => {
    if (focus && list.data) document.querySelector(`[data-integration-id="${CSS.escape(focus)}"]`)?.scrollIntoView({ block: 'center' });
  }, [focus, list.data]);
  // File → New integration (CmdOrCtrl+N in the desktop app) lands on #/integrations?new=1.
  const addButton = useRef<HTMLButtonElement | null>(null);
  useEffect(() => {
    if (params.get('new') !== '1' || !addButton.current) return;
    setAddMenu(addButton.current);
    window.history.replaceState(null, '', '#/integrations');
  }, [params]);
  const setActive = useMutation({ mutationFn: (v: { id: string; active: boolean }) => call('integrations.setActive', v), onSettled: invalidate });
  const [duplicated, setDuplicated] = useState<string | null>(null);
  // The copy starts disabled; its form opens at once, since a copy is made to be changed.
  const duplicate = useMutation({
    mutationFn: (id: string) => call('integrations.duplicate', { id }),
    onSuccess: (copy) => (setDuplicated(copy.name), setEditing(copy)),
    onSettled: invalidate,
  });
  const remove = useMutation({ mutationFn: (id: string) => call('integrations.delete', { id }), onSuccess: () => setDeleting(null), onSettled: invalidate });
  const runTest = useMutation({
    mutationFn: async (v: { integration: Integration; refresh: boolean }) => {
      if (!v.refresh) return { report: await call('integrations.test', { id: v.integration.id }) };
      const result = await call('integrations.refreshAvailability', { id: v.integration.id });
      return { report: result.report, reenabled: !v.integration.is_active && result.integration.is_active ? result.integration.name : undefined };
    },
    onMutate: (v) => setReport({ title: t(v.refresh ? 'report.refresh' : 'report.test', { name: v.integration.name }) }),
    onSuccess: (r) => setReport((prev) => prev && { ...prev, report: r.report, ...(r.reenabled ? { reenabled: r.reenabled } : {}) }),
    onError: (e) => setReport((prev) => prev && { ...prev, error: translateMessage(e.message) }),
    onSettled: invalidate,
  });

  const all = list.data ?? [];
  const shown = all.filter((i) => tab === 'all' || (tab === 'active' ? i.is_active : !i.is_active));
  const count = (t: TabId) => all.filter((i) => t === 'all' || (t === 'active' ? i.is_active : !i.is_active)).length;

  return (
    <Box>
      <Stack direction="row" alignItems="center" sx={{ mb: 2 }}>
        <Box sx={{ flex: 1 }}>
          <Typography variant="h1">{t('title')}</Typography>
          <Typography color="text.secondary">{t('intro')}</Typography>
        </Box>
        <Button ref={addButton} variant="contained" startIcon={<AddIcon />} onClick={(e) => setAddMenu(e.currentTarget)} aria-haspopup="menu">
          {t('add')}
        </Button>
        <Menu anchorEl={addMenu} open={!!addMenu} onClose={() => setAddMenu(null)}>
          {KIND_GROUPS.flatMap((group) => [
            <ListSubheader key={group.id} role="presentation" sx={{ lineHeight: 2.5, bgcolor: 'background.paper' }}>
              {t(`groups.${group.id}`)}
            </ListSubheader>,
            ...group.kinds.map((kind) => (
              <MenuItem key={kind} onClick={() => (setAddMenu(null), setEditing({ new: kind }))}>
                <KindIcon kind={kind} />
                <Box component="span" sx={{ ml: 1.5 }}>
                  {kindLabel(kind)}
                </Box>
              </MenuItem>
            )),
          ])}
        </Menu>
      </Stack>

      {list.error && <Alert severity="error">{t('errors.load', { message: translateMessage(list.error.message) })}</Alert>}
      {retryNow.error && (
        <Alert severity="error" onClose={() => retryNow.reset()} sx={{ mb: 2 }}>
          {t('errors.retryNow', { message: translateMessage(retryNow.error.message) })}
        </Alert>
      )}
      {setActive.error && (
        <Alert severity="error" onClose={() => setActive.reset()} sx={{ mb: 2 }}>
          {t('errors.setActive', { message: translateMessage(setActive.error.message) })}
        </Alert>
      )}
      {duplicate.error && (
        <Alert severity="error" onClose={() => duplicate.reset()} sx={{ mb: 2 }}>
          {t('errors.duplicate', { message: translateMessage(duplicate.error.message) })}
        </Alert>
      )}
      {list.isPending && <CircularProgress aria-label={t('loading')} />}

      {list.data && all.length === 0 && (
        <Card variant="outlined" sx={{ maxWidth: 640, mt: 4 }}>
          <CardContent>
            <Stack direction="row" spacing={2} alignItems="flex-start">
              <WebhookIcon color="primary" sx={{ fontSize: 40 }} />
              <Box>
                <Typography variant="h2" gutterBottom>
                  {t('empty.title')}
                </Typography>
                <Typography color="text.secondary" sx={{ mb: 2 }}>
                  <Trans t={t} i18nKey="empty.body" components={{ strong: <strong /> }} />
                </Typography>
                <Stack direction="row" spacing={1}>
                  <Button variant="contained" startIcon={<AddIcon />} onClick={() => setEditing({ new: 'webhook' })}>
                    {t('empty.addWebhook')}
                  </Button>
                  <Button variant="outlined" startIcon={<MailIcon />} onClick={() => setEditing({ new: 'email' })}>
                    {t('empty.addEmail')}
                  </Button>
                </Stack>
              </Box>
            </Stack>
          </CardContent>
        </Card>
      )}

      {all.length > 0 && (
        <Paper variant="outlined">
          <Tabs value={tab} onChange={(_e, v: TabId) => setTab(v)} aria-label={t('tabs.label')} sx={{ px: 1, borderBottom: 1, borderColor: 'divider' }}>
            <Tab value="all" label={t('tabs.all', { count: count('all') })} />
            <Tab value="active" label={t('tabs.active', { count: count('active') })} />
            <Tab value="disabled" label={t('tabs.disabled', { count: count('disabled') })} />
          </Tabs>
          <TableContainer>
            <Table size="small" aria-label={t('table.label')}>
              <TableHead sx={{ '& th': { whiteSpace: 'nowrap', color: 'text.secondary', fontWeight: 600 } }}>
                <TableRow>
                  <TableCell>{t('table.name')}</TableCell>
                  <TableCell>{t('table.health')}</TableCell>
                  <TableCell>{t('table.lastDelivery')}</TableCell>
                  <TableCell align="right">{t('table.success')}</TableCell>
                  <TableCell align="right">{t('table.pending')}</TableCell>
                  <TableCell align="center">{t('table.active')}</TableCell>
                  <TableCell align="right">{t('table.actions')}</TableCell>
                </TableRow>
              </TableHead>
              <TableBody>
                {shown.map((i) => (
                  <TableRow key={i.id} data-testid="integration-row" data-integration-id={i.id} hover selected={i.id === focus}>
                    <TableCell sx={{ minWidth: 220 }}>
                      <Stack direction="row" spacing={1.5} alignItems="center">
                        <KindIcon kind={i.kind} />
                        <Box sx={{ minWidth: 0 }}>
                          <Typography fontWeight={600}>{i.name}</Typography>
                          <Box sx={{ display: 'flex', alignItems: 'center', gap: 0.75, flexWrap: 'wrap', mt: 0.25 }}>
                            <SandboxModeChip integration={i} onClick={() => setSandboxOf(i)} />
                            <Typography
                              variant="caption"
                              color="text.secondary"
                              sx={{ wordBreak: 'break-all', textDecoration: i.sandbox.mode === 'live' ? undefined : 'line-through' }}
                              title={i.sandbox.mode === 'live' ? undefined : t('sandbox.notUsed')}
                            >
                              {targetLine(i)}
                            </Typography>
                          </Box>
                        </Box>
                      </Stack>
                    </TableCell>
                    <TableCell sx={{ minWidth: 200, maxWidth: 300 }}>
                      <HealthChip
                        integration={i}
                        deadLetters={deadOf(i.id)}
                        onRetryNow={() => retryNow.mutate(i.id)}
                        retrying={retryNow.isPending && retryNow.variables === i.id}
                        onRefresh={() => runTest.mutate({ integration: i, refresh: true })}
                      />
                    </TableCell>
                    <TableCell sx={{ whiteSpace: 'nowrap' }}>
                      <TimeAgo iso={i.health.last_attempt_at} fallback={t('row.never')} />
                      {i.health.last_attempt_at && (
                        <Typography variant="caption" color={i.health.last_error ? 'error' : 'text.secondary'} component="div" title={i.health.last_error ? translateMessage(i.health.last_error) : undefined}>
                          {i.health.last_status_code !== null ? `${i.kind === 'email' && i.settings.transport !== 'graph' ? 'SMTP' : 'HTTP'} ${i.health.last_status_code}` : i.health.last_error ? t('row.noResponse') : ''}
                        </Typography>
                      )}
                      {i.health.last_attempt_at && (
                        <Link href={`#/log?integration=${encodeURIComponent(i.id)}`} variant="caption" sx={{ display: 'block' }} aria-label={t('row.liveLogOf', { name: i.name })}>
                          {t('row.liveLog')}
                        </Link>
                      )}
                    </TableCell>
                    <TableCell align="right">{percent(i.health.success_rate_24h)}</TableCell>
                    <TableCell align="right">{formatNumber(i.health.pending_deliveries)}</TableCell>
                    <TableCell align="center">
                      <Switch
                        checked={i.is_active}
                        onChange={(e) => setActive.mutate({ id: i.id, active: e.target.checked })}
                        slotProps={{ input: { 'aria-label': t(i.is_active ? 'row.disable' : 'row.enable', { name: i.name }) } }}
                      />
                    </TableCell>
                    <TableCell align="right" sx={{ whiteSpace: 'nowrap' }}>
                      <Tooltip title={t('common:actions.testIt')}>
                        <IconButton size="small" aria-label={t('row.test', { name: i.name })} onClick={() => runTest.mutate({ integration: i, refresh: false })}>
                          <PlayCircleIcon />
                        </IconButton>
                      </Tooltip>
                      <Tooltip title={t('common:actions.edit')}>
                        <IconButton size="small" aria-label={t('row.edit', { name: i.name })} onClick={() => setEditing(i)}>
                          <EditIcon />
                        </IconButton>
                      </Tooltip>
                      <Tooltip title={t('row.duplicateTip')}>
                        <IconButton size="small" aria-label={t('row.duplicate', { name: i.name })} onClick={() => duplicate.mutate(i.id)} disabled={duplicate.isPending}>
                          <ContentCopyIcon />
                        </IconButton>
                      </Tooltip>
                      <Tooltip title={t('common:actions.delete')}>
                        <IconButton size="small" aria-label={t('row.delete', { name: i.name })} onClick={() => setDeleting(i)}>
                          <DeleteIcon />
                        </IconButton>
                      </Tooltip>
                    </TableCell>
                  </TableRow>
                ))}
                {shown.length === 0 && (
                  <TableRow>
                    <TableCell colSpan={7}>
                      <Typography color="text.secondary" sx={{ py: 2, textAlign: 'center' }}>
                        {tab === 'disabled' ? t('row.nothingDisabled') : t('row.noActive')}
                      </Typography>
                    </TableCell>
                  </TableRow>
                )}
              </TableBody>
            </Table>
          </TableContainer>
        </Paper>
      )}

      {sandboxOf && <SandboxModeDialog integration={all.find((i) => i.id === sandboxOf.id) ?? sandboxOf} onClose={() => setSandboxOf(null)} />}
      {editing && <IntegrationForm kind={'new' in editing ? editing.new : editing.kind} existing={'new' in editing ? undefined : editing} onClose={() => setEditing(null)} />}

      <Dialog open={!!deleting} onClose={() => (setDeleting(null), remove.reset())} aria-labelledby="delete-title" data-testid="delete-dialog">
        <DialogTitle id="delete-title">{t('remove.title', { name: deleting?.name ?? '' })}</DialogTitle>
        <DialogContent>
          <DialogContentText>
            {deleting?.health.pending_deliveries ? (
              <Trans t={t} i18nKey="remove.bodyPending" count={deleting.health.pending_deliveries} values={{ name: deleting.name }} components={{ strong: <strong /> }} />
            ) : (
              <Trans t={t} i18nKey="remove.body" values={{ name: deleting?.name ?? '' }} components={{ strong: <strong /> }} />
            )}
          </DialogContentText>
          {remove.error && (
            <Alert
              severity="error"
              sx={{ mt: 2 }}
              data-testid="delete-error"
              action={
                remove.error instanceof ApiError && remove.error.code === 'conflict' ? (
                  <Button color="inherit" size="small" href="#/rules">
                    {t('remove.openRules')}
                  </Button>
                ) : undefined
              }
            >
              {translateMessage(remove.error.message)}
            </Alert>
          )}
        </DialogContent>
        <DialogActions>
          <Button onClick={() => setDeleting(null)}>{t('common:actions.cancel')}</Button>
          <Button color="error" variant="contained" disabled={remove.isPending} onClick={() => deleting && remove.mutate(deleting.id)}>
            {t('common:actions.delete')}
          </Button>
        </DialogActions>
      </Dialog>

      <Dialog open={!!report} onClose={() => setReport(null)} maxWidth="sm" fullWidth aria-labelledby="report-title">
        <DialogTitle id="report-title">{report?.title}</DialogTitle>
        <DialogContent>
          {report?.reenabled && (
            <Alert severity="info" sx={{ mb: 1.5 }}>
              {t('report.reenabled', { name: report.reenabled })}
            </Alert>
          )}
          <TestReportView report={report?.report} running={runTest.isPending} error={report?.error} />
        </DialogContent>
        <DialogActions>
          <Button onClick={() => setReport(null)}>{t('common:actions.close')}</Button>
        </DialogActions>
      </Dialog>

      <Snackbar open={!!duplicated} autoHideDuration={8000} onClose={() => setDuplicated(null)} anchorOrigin={{ vertical: 'bottom', horizontal: 'center' }}>
        <Alert severity="info" variant="filled" onClose={() => setDuplicated(null)} data-testid="duplicated">
          {t('duplicated', { name: duplicated ?? '' })}
        </Alert>
      </Snackbar>
    </Box>
  );
}

/** "Retry 2 of 7 at 10:31"; past the end of a schedule that repeats its last wait, says so. */
export function retryLine(i: Integration): string {
  const h = i.health;
  const total = retryScheduleOf(i.policy.retry).length;
  const values = { step: formatNumber(h.retry_step), total: formatNumber(total), time: h.next_attempt_at ? formatShort(h.next_attempt_at) : '' };
  const key = h.retry_step > total ? 'retryRepeats' : 'retryOf';
  return i18n.t(`integrations:health.${key}${h.next_attempt_at ? 'At' : ''}`, values);
}

function HealthChip({
  integration: i,
  deadLetters,
  onRetryNow,
  retrying,
  onRefresh,
}: {
  integration: Integration;
  deadLetters: number;
  onRetryNow: () => void;
  retrying: boolean;
  onRefresh: () => void;
}) {
  const { t } = useTranslation('integrations');
  const h = i.health;
  const deadLink = deadLetters > 0 && (
    <Link component="button" variant="caption" sx={{ display: 'block', mt: 0.25 }} onClick={() => navigate('dead', { integration: i.id })} data-testid="dead-letters-link">
      {t('health.deadLetters', { count: deadLetters })}
    </Link>
  );
  if (h.state === 'disabled') {
    const auto = h.disabled_by === 'auto';
    return (
      <Box data-testid="health" data-state="disabled" data-by={h.disabled_by ?? undefined}>
        <Chip size="small" color="error" label={auto ? t('health.disabledAuto') : t('health.disabled')} />
        <Typography
          variant="caption"
          color="text.secondary"
          component="div"
          title={h.disabled_reason ? translateMessage(h.disabled_reason) : undefined}
          data-testid="disabled-reason"
          sx={{ mt: 0.25, display: '-webkit-box', WebkitLineClamp: 3, WebkitBoxOrient: 'vertical', overflow: 'hidden', wordBreak: 'break-word' }}
        >
          {/* The chip already says "Disabled automatically". */}
          {(h.disabled_reason && translateMessage(h.disabled_reason.replace(/^Disabled automatically:\s*/, '').replace(/^./, (c) => c.toUpperCase()))) ??
            (auto ? t('health.disabledAuto') : t('health.disabledByUser'))}
        </Typography>
        {h.disabled_at && (
          <Typography variant="caption" color="text.secondary" component="div" title={formatTime(h.disabled_at)} data-testid="disabled-since">
            {t(auto ? 'health.sinceAuto' : 'health.sinceUser', { time: formatShort(h.disabled_at) })}
          </Typography>
        )}
        {auto && (
          <Tooltip disableInteractive title={t('health.refreshTip')}>
            <Button size="small" variant="outlined" startIcon={<RefreshIcon />} onClick={onRefresh} sx={{ mt: 0.75, whiteSpace: 'nowrap' }} aria-label={t('health.refreshOf', { name: i.name })}>
              {t('health.refresh')}
            </Button>
          </Tooltip>
        )}
        {deadLink}
      </Box>
    );
  }
  if (h.state === 'failing') {
    return (
      <Box data-testid="health" data-state="failing">
        <Tooltip title={h.last_error ? translateMessage(h.last_error) : ''}>
          <Chip size="small" color="warning" label={t('health.failing')} />
        </Tooltip>
        <Typography variant="caption" color="text.secondary" component="div" sx={{ mt: 0.25 }} data-testid="retry-state" title={h.next_attempt_at ? formatTime(h.next_attempt_at) : undefined}>
          {retryLine(i)}
        </Typography>
        <Button size="small" variant="outlined" startIcon={<ReplayIcon />} onClick={onRetryNow} disabled={retrying} sx={{ mt: 0.75, whiteSpace: 'nowrap' }} aria-label={t('health.retryNowOf', { name: i.name })}>
          {t('health.retryNow')}
        </Button>
        {deadLink}
      </Box>
    );
  }
  return (
    <Box>
      <Chip data-testid="health" data-state="active" size="small" color="success" label={t('health.active')} />
      {deadLink}
    </Box>
  );
}
