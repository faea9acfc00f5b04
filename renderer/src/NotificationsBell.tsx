import BlockIcon from '@mui/icons-material/Block';
import ErrorOutlineIcon from '@mui/icons-material/ErrorOutline';
import MarkEmailUnreadIcon from '@mui/icons-material/MarkEmailUnread';
import NotificationsIcon from '@mui/icons-material/Notifications';
import NotificationsNoneIcon from '@mui/icons-material/NotificationsNone';
import TuneIcon from '@mui/icons-material/Tune';
import { Badge, Box, Button, Divider, FormControlLabel, IconButton, List, ListItem, ListItemButton, ListItemIcon, ListItemText, Popover, Stack, Switch, Tooltip, Typography } from '@mui/material';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { HeraldNotification, NotificationKind } from '../../main/contract/index.js';
import { call } from './api.js';
import { translateMessage } from './i18n/validation.js';
import { saveSettings } from './screens/Settings.js';
import { TimeAgo } from './time.js';

/** Each kind's label is notifications:kinds.<kind>. */
const KINDS: { kind: NotificationKind; icon: ReactNode }[] = [
  { kind: 'auto_disabled', icon: <BlockIcon color="error" /> },
  { kind: 'dead_letters', icon: <MarkEmailUnreadIcon color="warning" /> },
  { kind: 'test_failed', icon: <ErrorOutlineIcon color="warning" /> },
];

/**
 * Seed 001's in-app notifications: what needs attention now, each item linking to the screen
 * that deals with it. Items leave on their own when their cause goes away (re-enabled, replayed,
 * a passing test); each kind can be switched off here. The push bridge refreshes the list.
 */
export function NotificationsBell() {
  const { t } = useTranslation('notifications');
  const queryClient = useQueryClient();
  const [anchor, setAnchor] = useState<HTMLElement | null>(null);
  const [tuning, setTuning] = useState(false);
  const list = useQuery({ queryKey: ['notifications'], queryFn: () => call('notifications.list', { include_resolved: false, limit: 100 }) });
  const settings = useQuery({ queryKey: ['settings'], queryFn: () => call('settings.get', {}) });
  const markRead = useMutation({
    mutationFn: (input: { ids?: string[]; all?: boolean }) => call('notifications.markRead', input),
    onSuccess: (value) => queryClient.setQueryData(['notifications'], value),
  });
  const switchKind = useMutation({
    mutationFn: (off: NotificationKind[]) => saveSettings({ notifications_off: off }),
    onSuccess: (value) => {
      queryClient.setQueryData(['settings'], value);
      void queryClient.invalidateQueries({ queryKey: ['notifications'] });
    },
  });

  const unread = list.data?.unread ?? 0;
  const items = list.data?.items ?? [];
  const off = new Set<NotificationKind>(settings.data?.notifications_off ?? []);
  const open = (n: HeraldNotification) => {
    if (!n.read) markRead.mutate({ ids: [n.id] });
    setAnchor(null);
    window.location.hash = n.link.replace(/^#/, '');
  };

  return (
    <>
      <Tooltip title={unread ? t('bell.unreadHint', { count: unread }) : t('bell.title')}>
        <IconButton data-testid="notifications-bell" aria-label={unread ? t('bell.unreadLabel', { count: unread }) : t('bell.title')} onClick={(e) => setAnchor(e.currentTarget)}>
          <Badge badgeContent={unread} color="error" max={99}>
            {unread ? <NotificationsIcon /> : <NotificationsNoneIcon />}
          </Badge>
        </IconButton>
      </Tooltip>
      <Popover
        open={anchor !== null}
        anchorEl={anchor}
        onClose={() => setAnchor(null)}
        anchorOrigin={{ vertical: 'bottom', horizontal: 'right' }}
        transformOrigin={{ vertical: 'top', horizontal: 'right' }}
        slotProps={{ paper: { sx: { width: 420, maxHeight: 560 }, role: 'dialog', 'aria-label': t('bell.title') } }}
      >
        <Stack direction="row" sx={{ alignItems: 'center', px: 2, py: 1.25, gap: 1 }}>
          <Typography variant="subtitle1" component="h2" sx={{ fontWeight: 700, flex: 1 }}>
            {t('bell.title')}
          </Typography>
          <Button size="small" disabled={unread === 0 || markRead.isPending} onClick={() => markRead.mutate({ all: true })}>
            {t('panel.markAllRead')}
          </Button>
          <Tooltip title={t('panel.tune')}>
            <IconButton size="small" aria-label={t('panel.tune')} aria-pressed={tuning} onClick={() => setTuning((on) => !on)}>
              <TuneIcon fontSize="small" />
            </IconButton>
          </Tooltip>
        </Stack>
        <Divider />
        {tuning && (
          <Box sx={{ px: 2, py: 1, bgcolor: 'action.hover' }}>
            {KINDS.map((k) => (
              <FormControlLabel
                key={k.kind}
                sx={{ display: 'flex' }}
                control={
                  <Switch
                    size="small"
                    checked={!off.has(k.kind)}
                    disabled={switchKind.isPending || !settings.data}
                    onChange={(e) => {
                      const next = new Set(off);
                      if (e.target.checked) next.delete(k.kind);
                      else next.add(k.kind);
                      switchKind.mutate([...next]);
                    }}
                  />
                }
                label={<Typography variant="body2">{t(`kinds.${k.kind}`)}</Typography>}
              />
            ))}
            {switchKind.isError && (
              <Typography variant="caption" color="error">
                {t('panel.saveFailed', { message: translateMessage(switchKind.error.message) })}
              </Typography>
            )}
          </Box>
        )}
        {list.isError ? (
          <Typography sx={{ p: 2 }} color="error" variant="body2">
            {t('panel.loadFailed', { message: translateMessage(list.error.message) })}
          </Typography>
        ) : items.length === 0 ? (
          <Box sx={{ p: 3, textAlign: 'center' }}>
            <NotificationsNoneIcon color="disabled" />
            <Typography variant="body2" color="text.secondary">
              {t('panel.empty')}
            </Typography>
          </Box>
        ) : (
          <List dense disablePadding aria-label={t('panel.list')}>
            {items.map((n) => (
              <ListItem key={n.id} disablePadding>
              <ListItemButton onClick={() => open(n)} sx={{ alignItems: 'flex-start', bgcolor: n.read ? undefined : 'action.selected' }}>
                <ListItemIcon sx={{ minWidth: 36, mt: 0.5 }}>{KINDS.find((k) => k.kind === n.kind)?.icon}</ListItemIcon>
                <ListItemText
                  primary={
                    <Typography variant="body2" sx={{ fontWeight: n.read ? 400 : 700 }}>
                      {translateMessage(n.title)}
                    </Typography>
                  }
                  secondary={
                    <>
                      <Typography component="span" variant="caption" sx={{ display: 'block', overflowWrap: 'anywhere' }}>
                        {translateMessage(n.message)}
                      </Typography>
                      <Typography component="span" variant="caption" color="text.secondary">
                        <TimeAgo iso={n.updated_at} />
                      </Typography>
                    </>
                  }
                />
              </ListItemButton>
              </ListItem>
            ))}
          </List>
        )}
      </Popover>
    </>
  );
}
