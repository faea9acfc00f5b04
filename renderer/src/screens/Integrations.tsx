import AddIcon from '@mui/icons-material/Add';
import DeleteIcon from '@mui/icons-material/DeleteOutline';
import EditIcon from '@mui/icons-material/EditOutlined';
import PlayCircleIcon from '@mui/icons-material/PlayCircleOutline';
import RefreshIcon from '@mui/icons-material/Refresh';
import ReplayIcon from '@mui/icons-material/Replay';
import MailIcon from '@mui/icons-material/MailOutline';
import WebhookIcon from '@mui/icons-material/Webhook';
import AssignmentIcon from '@mui/icons-material/AssignmentOutlined';
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
  Paper,
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
import { retryScheduleOf, type Integration, type TestReport } from '../../../main/contract/index.js';
import { ApiError, call } from '../api.js';
import { formatShort, formatTime, percent } from '../format.js';
import { navigate, useRouteParams } from '../route.js';
import { TimeAgo } from '../time.js';
import { TestReportView } from './TestReportView.js';
import { EmailForm } from './EmailForm.js';
import { JiraForm } from './JiraForm.js';
import { WebhookForm } from './WebhookForm.js';

type TabId = 'all' | 'active' | 'disabled';
type Editing = Integration | { new: Integration['kind'] } | null;

const KIND_LABEL: Record<Integration['kind'], string> = { webhook: 'Webhook', email: 'Email (SMTP)', jira: 'Jira' };
const KindIcon = ({ kind }: { kind: Integration['kind'] }) =>
  kind === 'email' ? (
    <MailIcon color="action" titleAccess={KIND_LABEL.email} />
  ) : kind === 'jira' ? (
    <AssignmentIcon color="action" titleAccess={KIND_LABEL.jira} />
  ) : (
    <WebhookIcon color="action" titleAccess={KIND_LABEL.webhook} />
  );

/** One line that says where an integration points. */
function target(i: Integration): string {
  if (i.kind === 'webhook') return i.settings.url;
  if (i.kind === 'jira') return `${i.settings.url} · ${i.settings.deployment === 'cloud' ? 'Cloud' : 'Server/Data Center'}`;
  const security = { none: 'plain', starttls: 'STARTTLS', tls: 'SSL/TLS' }[i.settings.security];
  return `${i.settings.host}:${i.settings.port} · ${security} · from ${i.settings.from_address}`;
}

export function Integrations() {
  const queryClient = useQueryClient();
  const list = useQuery({ queryKey: ['integrations'], queryFn: () => call('integrations.list', {}) });
  const [tab, setTab] = useState<TabId>('all');
  const [editing, setEditing] = useState<Editing>(null);
  const [addMenu, setAddMenu] = useState<HTMLElement | null>(null);
  const [deleting, setDeleting] = useState<Integration | null>(null);
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
  const remove = useMutation({ mutationFn: (id: string) => call('integrations.delete', { id }), onSuccess: () => setDeleting(null), onSettled: invalidate });
  const runTest = useMutation({
    mutationFn: async (v: { integration: Integration; refresh: boolean }) => {
      if (!v.refresh) return { report: await call('integrations.test', { id: v.integration.id }) };
      const result = await call('integrations.refreshAvailability', { id: v.integration.id });
      return { report: result.report, reenabled: !v.integration.is_active && result.integration.is_active ? result.integration.name : undefined };
    },
    onMutate: (v) => setReport({ title: `${v.refresh ? 'Refresh availability' : 'Test it'}: ${v.integration.name}` }),
    onSuccess: (r) => setReport((prev) => prev && { ...prev, report: r.report, ...(r.reenabled ? { reenabled: r.reenabled } : {}) }),
    onError: (e) => setReport((prev) => prev && { ...prev, error: e.message }),
    onSettled: invalidate,
  });

  const all = list.data ?? [];
  const shown = all.filter((i) => tab === 'all' || (tab === 'active' ? i.is_active : !i.is_active));
  const count = (t: TabId) => all.filter((i) => t === 'all' || (t === 'active' ? i.is_active : !i.is_active)).length;

  return (
    <Box>
      <Stack direction="row" alignItems="center" sx={{ mb: 2 }}>
        <Box sx={{ flex: 1 }}>
          <Typography variant="h1">Integrations</Typography>
          <Typography color="text.secondary">Where security alerts go. A webhook receives the events it subscribes to; email and Jira receive what rules route to them.</Typography>
        </Box>
        <Button ref={addButton} variant="contained" startIcon={<AddIcon />} onClick={(e) => setAddMenu(e.currentTarget)} aria-haspopup="menu">
          Add integration
        </Button>
        <Menu anchorEl={addMenu} open={!!addMenu} onClose={() => setAddMenu(null)}>
          {(['webhook', 'email', 'jira'] as const).map((kind) => (
            <MenuItem key={kind} onClick={() => (setAddMenu(null), setEditing({ new: kind }))}>
              <KindIcon kind={kind} />
              <Box component="span" sx={{ ml: 1.5 }}>
                {KIND_LABEL[kind]}
              </Box>
            </MenuItem>
          ))}
        </Menu>
      </Stack>

      {list.error && <Alert severity="error">Could not load integrations: {list.error.message}</Alert>}
      {retryNow.error && (
        <Alert severity="error" onClose={() => retryNow.reset()} sx={{ mb: 2 }}>
          Could not retry now: {retryNow.error.message}
        </Alert>
      )}
      {setActive.error && (
        <Alert severity="error" onClose={() => setActive.reset()} sx={{ mb: 2 }}>
          Could not change whether the integration is active: {setActive.error.message}
        </Alert>
      )}
      {list.isPending && <CircularProgress aria-label="Loading integrations" />}

      {list.data && all.length === 0 && (
        <Card variant="outlined" sx={{ maxWidth: 640, mt: 4 }}>
          <CardContent>
            <Stack direction="row" spacing={2} alignItems="flex-start">
              <WebhookIcon color="primary" sx={{ fontSize: 40 }} />
              <Box>
                <Typography variant="h2" gutterBottom>
                  No integrations yet
                </Typography>
                <Typography color="text.secondary" sx={{ mb: 2 }}>
                  Add a webhook to start receiving alerts: give it a URL, choose the events, press <strong>Test it</strong> to check the connection
                  step by step, then save. Events are batched every 5 seconds and retried on a schedule if the receiver fails. An SMTP server can
                  be set up and checked now; email alerts arrive with rules.
                </Typography>
                <Stack direction="row" spacing={1}>
                  <Button variant="contained" startIcon={<AddIcon />} onClick={() => setEditing({ new: 'webhook' })}>
                    Add webhook
                  </Button>
                  <Button variant="outlined" startIcon={<MailIcon />} onClick={() => setEditing({ new: 'email' })}>
                    Add email (SMTP)
                  </Button>
                </Stack>
              </Box>
            </Stack>
          </CardContent>
        </Card>
      )}

      {all.length > 0 && (
        <Paper variant="outlined">
          <Tabs value={tab} onChange={(_e, v: TabId) => setTab(v)} aria-label="Filter integrations" sx={{ px: 1, borderBottom: 1, borderColor: 'divider' }}>
            <Tab value="all" label={`All (${count('all')})`} />
            <Tab value="active" label={`Active (${count('active')})`} />
            <Tab value="disabled" label={`Disabled (${count('disabled')})`} />
          </Tabs>
          <TableContainer>
            <Table size="small" aria-label="Integrations">
              <TableHead sx={{ '& th': { whiteSpace: 'nowrap', color: 'text.secondary', fontWeight: 600 } }}>
                <TableRow>
                  <TableCell>Name</TableCell>
                  <TableCell>Health</TableCell>
                  <TableCell>Last delivery</TableCell>
                  <TableCell align="right">Success 24 h</TableCell>
                  <TableCell align="right">Pending</TableCell>
                  <TableCell align="center">Active</TableCell>
                  <TableCell align="right">Actions</TableCell>
                </TableRow>
              </TableHead>
              <TableBody>
                {shown.map((i) => (
                  <TableRow key={i.id} data-testid="integration-row" data-integration-id={i.id} hover selected={i.id === focus}>
                    <TableCell sx={{ minWidth: 240 }}>
                      <Stack direction="row" spacing={1.5} alignItems="center">
                        <KindIcon kind={i.kind} />
                        <Box sx={{ minWidth: 0 }}>
                          <Typography fontWeight={600}>{i.name}</Typography>
                          <Typography variant="caption" color="text.secondary" sx={{ wordBreak: 'break-all' }}>
                            {target(i)}
                          </Typography>
                        </Box>
                      </Stack>
                    </TableCell>
                    <TableCell sx={{ minWidth: 230, maxWidth: 320 }}>
                      <HealthChip
                        integration={i}
                        deadLetters={deadOf(i.id)}
                        onRetryNow={() => retryNow.mutate(i.id)}
                        retrying={retryNow.isPending && retryNow.variables === i.id}
                        onRefresh={() => runTest.mutate({ integration: i, refresh: true })}
                      />
                    </TableCell>
                    <TableCell sx={{ whiteSpace: 'nowrap' }}>
                      <TimeAgo iso={i.health.last_attempt_at} fallback="Never" />
                      {i.health.last_attempt_at && (
                        <Typography variant="caption" color={i.health.last_error ? 'error' : 'text.secondary'} component="div" title={i.health.last_error ?? undefined}>
                          {i.health.last_status_code !== null ? `${i.kind === 'email' ? 'SMTP' : 'HTTP'} ${i.health.last_status_code}` : i.health.last_error ? 'No response' : ''}
                        </Typography>
                      )}
                      {i.health.last_attempt_at && (
                        <Link href={`#/log?integration=${encodeURIComponent(i.id)}`} variant="caption" sx={{ display: 'block' }} aria-label={`Live log of ${i.name}`}>
                          Live log →
                        </Link>
                      )}
                    </TableCell>
                    <TableCell align="right">{percent(i.health.success_rate_24h)}</TableCell>
                    <TableCell align="right">{i.health.pending_deliveries}</TableCell>
                    <TableCell align="center">
                      <Switch
                        checked={i.is_active}
                        onChange={(e) => setActive.mutate({ id: i.id, active: e.target.checked })}
                        slotProps={{ input: { 'aria-label': `${i.is_active ? 'Disable' : 'Enable'} ${i.name}` } }}
                      />
                    </TableCell>
                    <TableCell align="right" sx={{ whiteSpace: 'nowrap' }}>
                      <Tooltip title="Test it">
                        <IconButton aria-label={`Test ${i.name}`} onClick={() => runTest.mutate({ integration: i, refresh: false })}>
                          <PlayCircleIcon />
                        </IconButton>
                      </Tooltip>
                      <Tooltip title="Edit">
                        <IconButton aria-label={`Edit ${i.name}`} onClick={() => setEditing(i)}>
                          <EditIcon />
                        </IconButton>
                      </Tooltip>
                      <Tooltip title="Delete">
                        <IconButton aria-label={`Delete ${i.name}`} onClick={() => setDeleting(i)}>
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
                        {tab === 'disabled' ? 'Nothing is disabled.' : 'No active integrations.'}
                      </Typography>
                    </TableCell>
                  </TableRow>
                )}
              </TableBody>
            </Table>
          </TableContainer>
        </Paper>
      )}

      {editing && ('new' in editing ? editing.new : editing.kind) === 'webhook' && (
        <WebhookForm existing={'new' in editing ? undefined : (editing as Extract<Integration, { kind: 'webhook' }>)} onClose={() => setEditing(null)} />
      )}
      {editing && ('new' in editing ? editing.new : editing.kind) === 'jira' && (
        <JiraForm existing={'new' in editing ? undefined : (editing as Extract<Integration, { kind: 'jira' }>)} onClose={() => setEditing(null)} />
      )}
      {editing && ('new' in editing ? editing.new : editing.kind) === 'email' && (
        <EmailForm existing={'new' in editing ? undefined : (editing as Extract<Integration, { kind: 'email' }>)} onClose={() => setEditing(null)} />
      )}

      <Dialog open={!!deleting} onClose={() => (setDeleting(null), remove.reset())} aria-labelledby="delete-title" data-testid="delete-dialog">
        <DialogTitle id="delete-title">Delete {deleting?.name}?</DialogTitle>
        <DialogContent>
          <DialogContentText>
            <strong>{deleting?.name}</strong> stops receiving alerts
            {deleting?.health.pending_deliveries
              ? ` and its ${deleting.health.pending_deliveries} pending ${deleting.health.pending_deliveries === 1 ? 'delivery is' : 'deliveries are'} dropped`
              : ''}
            . Past attempts stay in the live log. This cannot be undone.
          </DialogContentText>
          {remove.error && (
            <Alert
              severity="error"
              sx={{ mt: 2 }}
              data-testid="delete-error"
              action={
                remove.error instanceof ApiError && remove.error.code === 'conflict' ? (
                  <Button color="inherit" size="small" href="#/rules">
                    Open Rules
                  </Button>
                ) : undefined
              }
            >
              {remove.error.message}
            </Alert>
          )}
        </DialogContent>
        <DialogActions>
          <Button onClick={() => setDeleting(null)}>Cancel</Button>
          <Button color="error" variant="contained" disabled={remove.isPending} onClick={() => deleting && remove.mutate(deleting.id)}>
            Delete
          </Button>
        </DialogActions>
      </Dialog>

      <Dialog open={!!report} onClose={() => setReport(null)} maxWidth="sm" fullWidth aria-labelledby="report-title">
        <DialogTitle id="report-title">{report?.title}</DialogTitle>
        <DialogContent>
          {report?.reenabled && (
            <Alert severity="info" sx={{ mb: 1.5 }}>
              {report.reenabled} passed the test and is enabled again.
            </Alert>
          )}
          <TestReportView report={report?.report} running={runTest.isPending} error={report?.error} />
        </DialogContent>
        <DialogActions>
          <Button onClick={() => setReport(null)}>Close</Button>
        </DialogActions>
      </Dialog>
    </Box>
  );
}

/** "Retry 2 of 7 at 10:31"; past the end of a schedule that repeats its last wait, says so. */
export function retryLine(i: Integration): string {
  const h = i.health;
  const total = retryScheduleOf(i.policy.retry).length;
  const at = h.next_attempt_at ? ` at ${formatShort(h.next_attempt_at)}` : '';
  if (h.retry_step > total) return `Retry ${h.retry_step} (the last wait repeats)${at}`;
  return `Retry ${h.retry_step} of ${total}${at}`;
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
  const h = i.health;
  const deadLink = deadLetters > 0 && (
    <Link component="button" variant="caption" sx={{ display: 'block', mt: 0.25 }} onClick={() => navigate('dead', { integration: i.id })} data-testid="dead-letters-link">
      {deadLetters} dead {deadLetters === 1 ? 'letter' : 'letters'} →
    </Link>
  );
  if (h.state === 'disabled') {
    const auto = h.disabled_by === 'auto';
    return (
      <Box data-testid="health" data-state="disabled" data-by={h.disabled_by ?? undefined}>
        <Chip size="small" color="error" label={auto ? 'Disabled automatically' : 'Disabled'} />
        <Typography
          variant="caption"
          color="text.secondary"
          component="div"
          title={h.disabled_reason ?? undefined}
          data-testid="disabled-reason"
          sx={{ mt: 0.25, display: '-webkit-box', WebkitLineClamp: 3, WebkitBoxOrient: 'vertical', overflow: 'hidden', wordBreak: 'break-word' }}
        >
          {/* The chip already says "Disabled automatically". */}
          {h.disabled_reason?.replace(/^Disabled automatically:\s*/, '').replace(/^./, (c) => c.toUpperCase()) ?? (auto ? 'Disabled automatically' : 'Disabled by a user')}
        </Typography>
        {h.disabled_at && (
          <Typography variant="caption" color="text.secondary" component="div" title={formatTime(h.disabled_at)} data-testid="disabled-since">
            {auto ? 'By Herald' : 'By a user'} since {formatShort(h.disabled_at)}
          </Typography>
        )}
        {auto && (
          <Tooltip disableInteractive title="Test it again, and enable it if the test passes">
            <Button size="small" variant="outlined" startIcon={<RefreshIcon />} onClick={onRefresh} sx={{ mt: 0.75, whiteSpace: 'nowrap' }} aria-label={`Refresh availability of ${i.name}`}>
              Refresh availability
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
        <Tooltip title={h.last_error ?? ''}>
          <Chip size="small" color="warning" label="Failing" />
        </Tooltip>
        <Typography variant="caption" color="text.secondary" component="div" sx={{ mt: 0.25 }} data-testid="retry-state" title={h.next_attempt_at ? formatTime(h.next_attempt_at) : undefined}>
          {retryLine(i)}
        </Typography>
        <Button size="small" variant="outlined" startIcon={<ReplayIcon />} onClick={onRetryNow} disabled={retrying} sx={{ mt: 0.75, whiteSpace: 'nowrap' }} aria-label={`Retry ${i.name} now`}>
          Retry now
        </Button>
        {deadLink}
      </Box>
    );
  }
  return (
    <Box>
      <Chip data-testid="health" data-state="active" size="small" color="success" label="Active" />
      {deadLink}
    </Box>
  );
}
