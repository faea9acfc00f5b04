import DeleteSweepOutlinedIcon from '@mui/icons-material/DeleteSweepOutlined';
import FileDownloadOutlinedIcon from '@mui/icons-material/FileDownloadOutlined';
import MailOutlineIcon from '@mui/icons-material/MailOutline';
import MoveToInboxOutlinedIcon from '@mui/icons-material/MoveToInboxOutlined';
import SwapHorizIcon from '@mui/icons-material/SwapHoriz';
import AssignmentOutlinedIcon from '@mui/icons-material/AssignmentOutlined';
import WebhookIcon from '@mui/icons-material/Webhook';
import {
  Alert,
  Box,
  Button,
  CircularProgress,
  Dialog,
  DialogActions,
  DialogContent,
  DialogContentText,
  DialogTitle,
  Link,
  List,
  ListItem,
  ListItemButton,
  MenuItem,
  Paper,
  Stack,
  TextField,
  Typography,
} from '@mui/material';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type KeyboardEvent } from 'react';
import { Trans, useTranslation } from 'react-i18next';
import type { CaptureSummary, Integration } from '../../../main/contract/index.js';
import { call } from '../api.js';
import { formatNumber } from '../format.js';
import { translateMessage } from '../i18n/validation.js';
import { navigate, routeParams } from '../route.js';
import { TimeAgo } from '../time.js';
import { EmailView } from './sandbox/EmailView.js';
import { KINDS, kindOf, matchesKind, type CaptureKind, type KindFilter } from './sandbox/kinds.js';
import { JiraView } from './sandbox/JiraView.js';
import { JiraRequestView, RequestView } from './sandbox/RequestView.js';
import { InjectedChip, saveExport, StatusChip } from './sandbox/shared.js';

function KindIcon({ kind, label }: { kind: CaptureKind; label: string }) {
  const props = { fontSize: 'small' as const, titleAccess: label, color: 'action' as const };
  if (kind === 'email') return <MailOutlineIcon {...props} />;
  if (kind === 'webhook') return <WebhookIcon {...props} />;
  if (kind === 'issue') return <AssignmentOutlinedIcon {...props} />;
  return <SwapHorizIcon {...props} />;
}

/** The sandbox's inbox views: what integrations in Capture or Chaos mode sent, kept on this machine. */
export function Sandbox() {
  const { t } = useTranslation(['sandbox', 'common']);
  const queryClient = useQueryClient();
  const [integrationId, setIntegrationId] = useState(() => routeParams().get('integration') ?? '');
  const [kind, setKind] = useState<KindFilter>('all');
  const [selectedId, setSelectedId] = useState<string | null>(null);
  const [confirmClear, setConfirmClear] = useState(false);

  const integrations = useQuery({ queryKey: ['integrations'], queryFn: () => call('integrations.list', {}) });
  const list = useQuery({
    queryKey: ['sandbox', 'list', integrationId],
    queryFn: () => call('sandbox.list', { limit: 500, ...(integrationId ? { integration_id: integrationId } : {}) }),
  });
  const all = list.data?.captures ?? [];
  const shown = all.filter((c) => matchesKind(c, kind));
  const total = list.data?.total ?? 0;
  const selected = selectedId && shown.some((c) => c.id === selectedId) ? selectedId : null;

  const filterOptions = (integrations.data ?? []).filter((i) => i.sandbox.mode !== 'live' || i.sandbox.captures > 0 || i.id === integrationId);
  const scopeName = integrations.data?.find((i) => i.id === integrationId)?.name;
  const scope = integrationId ? { integration_id: integrationId } : {};

  const exportAll = useMutation({ mutationFn: () => call('sandbox.export', scope), onSuccess: (file) => saveExport(file) });
  const clear = useMutation({
    mutationFn: () => call('sandbox.clear', scope),
    onSuccess: () => {
      setConfirmClear(false);
      setSelectedId(null);
    },
    onSettled: () => Promise.all([queryClient.invalidateQueries({ queryKey: ['sandbox'] }), queryClient.invalidateQueries({ queryKey: ['integrations'] })]),
  });

  const filter = (id: string) => {
    setIntegrationId(id);
    setSelectedId(null);
    navigate('sandbox', id ? { integration: id } : undefined);
  };
  const modeLabel = (i: Integration) => t(`modes.${i.sandbox.mode}`);

  return (
    <Box>
      <Box sx={{ mb: 2 }}>
        <Typography variant="h1">{t('title')}</Typography>
        <Typography color="text.secondary">{t('intro')}</Typography>
      </Box>

      {list.error && <Alert severity="error" sx={{ mb: 2 }}>{t('loadFailed', { message: translateMessage(list.error.message) })}</Alert>}
      {exportAll.error && (
        <Alert severity="error" sx={{ mb: 2 }} onClose={() => exportAll.reset()}>
          {t('toolbar.exportFailed', { message: translateMessage(exportAll.error.message) })}
        </Alert>
      )}

      <Paper variant="outlined">
        <Stack direction="row" spacing={1.5} alignItems="center" sx={{ p: 1.5, borderBottom: 1, borderColor: 'divider' }} useFlexGap flexWrap="wrap" data-testid="sandbox-toolbar">
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
            {filterOptions.map((i) => (
              <MenuItem key={i.id} value={i.id}>
                {t('toolbar.integrationOption', { name: i.name, mode: modeLabel(i) })}
              </MenuItem>
            ))}
          </TextField>
          <TextField select size="small" label={t('toolbar.kind')} value={kind} onChange={(e) => setKind(e.target.value as KindFilter)} sx={{ minWidth: 190 }}>
            {KINDS.map((k) => (
              <MenuItem key={k} value={k}>
                {t(`kinds.${k}`)}
              </MenuItem>
            ))}
          </TextField>
          <Typography variant="body2" color="text.secondary" sx={{ flex: 1 }} data-testid="capture-total">
            {list.data ? (shown.length === all.length && all.length === total ? t('toolbar.total', { count: total }) : t('toolbar.shown', { count: total, shown: formatNumber(shown.length) })) : ''}
          </Typography>
          <Button variant="outlined" startIcon={<FileDownloadOutlinedIcon />} disabled={total === 0 || exportAll.isPending} onClick={() => exportAll.mutate()}>
            {t('toolbar.export')}
          </Button>
          <Button variant="outlined" color="error" startIcon={<DeleteSweepOutlinedIcon />} disabled={total === 0 || clear.isPending} onClick={() => setConfirmClear(true)}>
            {t('toolbar.clear')}
          </Button>
        </Stack>

        {list.isPending && <CircularProgress aria-label={t('loading')} sx={{ m: 2 }} />}
        {list.data && total === 0 && <EmptyState name={scopeName} />}
        {list.data && total > 0 && (
          <Box sx={{ display: 'grid', gridTemplateColumns: { xs: '1fr', md: 'minmax(300px, 400px) minmax(0, 1fr)' }, minHeight: 420 }}>
            <Box
              sx={(th) => ({
                overflow: 'auto',
                borderBottom: `1px solid ${th.palette.divider}`,
                [th.breakpoints.up('md')]: { borderBottom: 0, borderRight: `1px solid ${th.palette.divider}`, maxHeight: 'calc(100vh - 250px)' },
              })}
            >
              {shown.length === 0 ? (
                <Typography color="text.secondary" sx={{ p: 2 }} data-testid="capture-none">
                  {t('noneOfKind', { kind: t(`kinds.${kind}`) })}
                </Typography>
              ) : (
                <List disablePadding aria-label={t('list.label')} data-testid="capture-list" onKeyDown={(e) => moveSelection(e, shown, setSelectedId)}>
                  {shown.map((c) => (
                    <CaptureRow key={c.id} capture={c} selected={c.id === selected} onSelect={() => setSelectedId(c.id)} />
                  ))}
                </List>
              )}
            </Box>
            {/* Mail-client layout: on wide screens the list and the open capture scroll apart; a new capture opens at its top. */}
            <Box
              key={selected ?? ''}
              role="region"
              aria-label={t('detail.label')}
              tabIndex={selected ? 0 : undefined}
              sx={(th) => ({ p: 2, minWidth: 0, outline: 'none', [th.breakpoints.up('md')]: { maxHeight: 'calc(100vh - 250px)', overflow: 'auto' }, '&:focus-visible': { boxShadow: `inset 0 0 0 2px ${th.palette.primary.main}` } })}
            >
              {selected ? <CaptureDetail id={selected} /> : <Typography color="text.secondary">{t('selectHint')}</Typography>}
            </Box>
          </Box>
        )}
      </Paper>

      <Dialog open={confirmClear} onClose={() => setConfirmClear(false)} aria-labelledby="clear-title" data-testid="clear-dialog">
        <DialogTitle id="clear-title">{scopeName ? t('clear.titleFor', { count: total, name: scopeName }) : t('clear.title', { count: total })}</DialogTitle>
        <DialogContent>
          <DialogContentText>{t('clear.body')}</DialogContentText>
          {clear.error && (
            <Alert severity="error" sx={{ mt: 2 }}>
              {t('clear.failed', { message: translateMessage(clear.error.message) })}
            </Alert>
          )}
        </DialogContent>
        <DialogActions>
          <Button onClick={() => setConfirmClear(false)}>{t('common:actions.cancel')}</Button>
          <Button variant="contained" color="error" startIcon={<DeleteSweepOutlinedIcon />} disabled={clear.isPending} onClick={() => clear.mutate()}>
            {t('clear.confirm')}
          </Button>
        </DialogActions>
      </Dialog>
    </Box>
  );
}

/** Up/Down (and j/k, as in mail clients) open the previous or next capture and move the focus with it. */
function moveSelection(e: KeyboardEvent<HTMLElement>, shown: CaptureSummary[], select: (id: string) => void) {
  const step = e.key === 'ArrowDown' || e.key === 'j' ? 1 : e.key === 'ArrowUp' || e.key === 'k' ? -1 : 0;
  if (!step) return;
  const buttons = [...e.currentTarget.querySelectorAll<HTMLElement>('[data-testid="capture-row"]')];
  const at = buttons.indexOf(document.activeElement as HTMLElement);
  const next = at < 0 ? 0 : Math.min(buttons.length - 1, Math.max(0, at + step));
  const capture = shown[next];
  if (!capture) return;
  e.preventDefault();
  buttons[next]?.focus();
  select(capture.id);
}

function CaptureRow({ capture: c, selected, onSelect }: { capture: CaptureSummary; selected: boolean; onSelect: () => void }) {
  const { t } = useTranslation('sandbox');
  const kind = kindOf(c);
  return (
    <ListItem disablePadding divider>
      <ListItemButton
        selected={selected}
        aria-current={selected ? 'true' : undefined}
        onClick={onSelect}
        data-testid="capture-row"
        data-kind={kind}
        sx={{ alignItems: 'flex-start', gap: 1.5, py: 1 }}
      >
        <Box sx={{ pt: 0.25 }}>
          <KindIcon kind={kind} label={t(`kind.${kind}`)} />
        </Box>
        <Box sx={{ flex: 1, minWidth: 0 }}>
          <Stack direction="row" spacing={1} alignItems="baseline">
            <Typography variant="body2" sx={{ fontWeight: 600, flex: 1, minWidth: 0 }} noWrap title={c.title}>
              {c.title}
            </Typography>
            <Typography variant="caption" color="text.secondary" sx={{ whiteSpace: 'nowrap' }}>
              <TimeAgo iso={c.at} />
            </Typography>
          </Stack>
          <Typography variant="body2" color="text.secondary" noWrap title={c.detail}>
            {c.integration_name}
            {c.detail ? ` · ${c.detail}` : ''}
          </Typography>
          <Stack direction="row" spacing={0.5} sx={{ mt: 0.5 }} component="span">
            <StatusChip status={c.status} kind={c.receiver === 'smtp' ? 'smtp' : 'http'} />
            <InjectedChip injected={c.injected} />
          </Stack>
        </Box>
      </ListItemButton>
    </ListItem>
  );
}

function CaptureDetail({ id }: { id: string }) {
  const { t } = useTranslation('sandbox');
  const capture = useQuery({ queryKey: ['sandbox', 'get', id], queryFn: () => call('sandbox.get', { id }) });
  if (capture.isPending) return <CircularProgress aria-label={t('loading')} />;
  if (capture.error) return <Alert severity="error">{t('detailFailed', { message: translateMessage(capture.error.message) })}</Alert>;
  const c = capture.data;
  return (
    <Box data-testid="capture-detail" data-kind={c.receiver === 'jira' ? c.type : c.receiver}>
      <Typography variant="caption" color="text.secondary" component="p" sx={{ mb: 1 }}>
        {t('detail.from', { name: c.integration_name })}
      </Typography>
      {c.receiver === 'smtp' && <EmailView key={c.id} capture={c} />}
      {c.receiver === 'webhook' && <RequestView capture={c} />}
      {c.receiver === 'jira' && c.type === 'issue' && <JiraView capture={c} />}
      {c.receiver === 'jira' && c.type === 'request' && <JiraRequestView capture={c} />}
    </Box>
  );
}

function EmptyState({ name }: { name: string | undefined }) {
  const { t } = useTranslation('sandbox');
  return (
    <Box sx={{ p: 4, textAlign: 'center' }} data-testid="sandbox-empty">
      <MoveToInboxOutlinedIcon color="primary" sx={{ fontSize: 40 }} />
      <Typography variant="h3" component="h2" sx={{ mt: 1 }}>
        {name ? t('empty.titleFor', { name }) : t('empty.title')}
      </Typography>
      <Typography color="text.secondary" sx={{ mt: 1, maxWidth: 640, mx: 'auto' }}>
        <Trans t={t} i18nKey="empty.body" components={{ integrations: <Link href="#/integrations" /> }} />
      </Typography>
    </Box>
  );
}
