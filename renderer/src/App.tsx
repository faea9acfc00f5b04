import BoltIcon from '@mui/icons-material/Bolt';
import CableIcon from '@mui/icons-material/Cable';
import CircleIcon from '@mui/icons-material/Circle';
import AltRouteIcon from '@mui/icons-material/AltRoute';
import ListAltIcon from '@mui/icons-material/ListAlt';
import MoveToInboxOutlinedIcon from '@mui/icons-material/MoveToInboxOutlined';
import MarkEmailUnreadOutlinedIcon from '@mui/icons-material/MarkEmailUnreadOutlined';
import SpeedIcon from '@mui/icons-material/Speed';
import CloseIcon from '@mui/icons-material/Close';
import MonitorHeartOutlinedIcon from '@mui/icons-material/MonitorHeartOutlined';
import PauseCircleOutlineIcon from '@mui/icons-material/PauseCircleOutline';
import PlayCircleOutlineIcon from '@mui/icons-material/PlayCircleOutline';
import SettingsOutlinedIcon from '@mui/icons-material/SettingsOutlined';
import SummarizeOutlinedIcon from '@mui/icons-material/SummarizeOutlined';
import { Alert, AlertTitle, AppBar, Box, Button, Chip, Drawer, IconButton, List, ListItem, ListItemButton, ListItemIcon, ListItemText, Menu, MenuItem, Snackbar, Toolbar, Tooltip, Typography } from '@mui/material';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useCallback, useEffect, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { call } from './api.js';
import { formatNumber } from './format.js';
import { translateMessage } from './i18n/validation.js';
import { useAutoDisabledListener, useConnection, usePushBridge, type AutoDisabled } from './push.js';
import { currentRoute, navigate, type Route } from './route.js';
import { setTimeScale } from './time.js';
import { NotificationsBell } from './NotificationsBell.js';
import { DeadLetters } from './screens/DeadLetters.js';
import { Events } from './screens/Events.js';
import { Health } from './screens/Health.js';
import { Settings } from './screens/Settings.js';
import { Integrations } from './screens/Integrations.js';
import { LiveLog } from './screens/LiveLog.js';
import { Reports } from './screens/Reports.js';
import { Rules } from './screens/Rules.js';
import { Sandbox } from './screens/Sandbox.js';

export { navigate, type Route };
/** Each screen's name is common:nav.<id>. */
const ROUTES: { id: Route; icon: ReactNode }[] = [
  { id: 'integrations', icon: <CableIcon /> },
  { id: 'rules', icon: <AltRouteIcon /> },
  { id: 'events', icon: <BoltIcon /> },
  { id: 'log', icon: <ListAltIcon /> },
  { id: 'sandbox', icon: <MoveToInboxOutlinedIcon /> },
  { id: 'dead', icon: <MarkEmailUnreadOutlinedIcon /> },
  { id: 'health', icon: <MonitorHeartOutlinedIcon /> },
  { id: 'reports', icon: <SummarizeOutlinedIcon /> },
  { id: 'settings', icon: <SettingsOutlinedIcon /> },
];
const DRAWER = 268;

export function App() {
  usePushBridge();
  const { t } = useTranslation();
  const [route, setRoute] = useState<Route>(currentRoute);
  useEffect(() => {
    const onHash = () => setRoute(currentRoute());
    window.addEventListener('hashchange', onHash);
    return () => window.removeEventListener('hashchange', onHash);
  }, []);
  useEffect(() => {
    document.title = ROUTES.some((r) => r.id === route) ? t('frame.documentTitle', { screen: t(`nav.${route}`) }) : t('app.name');
  }, [route, t]);
  const queryClient = useQueryClient();
  // A pause from the tray or the API is pushed (deliveries.paused), which refreshes this.
  const info = useQuery({ queryKey: ['app.info'], queryFn: () => call('app.info', {}), staleTime: Infinity });
  const pause = useMutation({
    mutationFn: (paused: boolean) => call('deliveries.pause', { paused }),
    onSuccess: (next) => queryClient.setQueryData(['app.info'], next),
  });
  const paused = info.data?.paused ?? false;
  const connection = useConnection();
  const dead = useQuery({ queryKey: ['dead', 'count'], queryFn: () => call('deliveries.dead', { limit: 1 }) });
  const deadCount = dead.data?.total ?? 0;
  const timeScale = info.data?.time_scale ?? 1;
  const [clockMenu, setClockMenu] = useState<HTMLElement | null>(null);
  const clock = useMutation({
    mutationFn: (scale: number) => call('clock.setScale', { scale }),
    onSuccess: (next) => queryClient.setQueryData(['app.info'], next),
  });
  useEffect(() => setTimeScale(timeScale), [timeScale]);

  return (
    <Box sx={{ display: 'flex', minHeight: '100vh' }}>
      <AppBar position="fixed" color="inherit" elevation={0} sx={{ zIndex: (t) => t.zIndex.drawer + 1, borderBottom: 1, borderColor: 'divider' }}>
        <Toolbar variant="dense" sx={{ gap: 1.5, minHeight: 56 }}>
          <img src="./herald.svg" alt="" width={28} height={28} />
          <Typography component="div" sx={{ fontWeight: 700, fontSize: 19, letterSpacing: 0.3 }}>
            {t('app.name')}
          </Typography>
          <Typography variant="body2" color="text.secondary" sx={{ display: { xs: 'none', sm: 'block' } }}>
            {t('app.tagline')}
          </Typography>
          <Box sx={{ flex: 1 }} />
          {timeScale > 1 ? (
            <Tooltip title={t('frame.timeScaleHint', { scale: formatNumber(timeScale) })}>
              <Chip
                data-testid="time-scale"
                size="small"
                color="secondary"
                icon={<SpeedIcon />}
                label={t('frame.timeScale', { scale: String(timeScale) })}
                onClick={(e) => setClockMenu(e.currentTarget)}
                aria-haspopup="menu"
              />
            </Tooltip>
          ) : (
            <Tooltip title={t('frame.demoClockHint')}>
              <IconButton data-testid="demo-clock" aria-label={t('frame.demoClock')} aria-haspopup="menu" onClick={(e) => setClockMenu(e.currentTarget)} disabled={!info.data}>
                <SpeedIcon />
              </IconButton>
            </Tooltip>
          )}
          <Menu anchorEl={clockMenu} open={!!clockMenu} onClose={() => setClockMenu(null)} data-testid="clock-menu">
            {([1, 60, 3600] as const).map((scale) => (
              <MenuItem key={scale} selected={scale === timeScale} onClick={() => (setClockMenu(null), clock.mutate(scale))}>
                {t(`frame.clock.${scale}`)}
              </MenuItem>
            ))}
          </Menu>
          {paused && (
            <Tooltip title={t('frame.pausedHint')}>
              <Chip data-testid="paused-chip" size="small" color="warning" icon={<PauseCircleOutlineIcon />} label={t('frame.paused')} role="status" />
            </Tooltip>
          )}
          <Tooltip title={paused ? t('frame.resume') : t('frame.pauseHint')}>
            <span>
              <IconButton
                data-testid="pause-toggle"
                aria-label={paused ? t('frame.resume') : t('frame.pause')}
                aria-pressed={paused}
                disabled={!info.data || pause.isPending}
                color={paused ? 'warning' : 'default'}
                onClick={() => pause.mutate(!paused)}
              >
                {paused ? <PlayCircleOutlineIcon /> : <PauseCircleOutlineIcon />}
              </IconButton>
            </span>
          </Tooltip>
          <NotificationsBell />
          <Tooltip title={connection === 'open' ? t('frame.liveHint') : t('frame.reconnectingHint')}>
            <Chip
              data-testid="connection"
              data-state={connection}
              size="small"
              variant="outlined"
              color={connection === 'open' ? 'success' : 'warning'}
              icon={<CircleIcon sx={{ fontSize: '10px !important' }} />}
              label={connection === 'open' ? t('frame.live') : t('frame.reconnecting')}
              role="status"
            />
          </Tooltip>
        </Toolbar>
      </AppBar>
      <Drawer variant="permanent" sx={{ width: DRAWER, flexShrink: 0, '& .MuiDrawer-paper': { width: DRAWER, boxSizing: 'border-box' } }}>
        <Toolbar variant="dense" sx={{ minHeight: 56 }} />
        <Box component="nav" aria-label={t('frame.mainNav')} sx={{ pt: 1 }}>
          <List>
            {ROUTES.map((r) => (
              <ListItem key={r.id} disablePadding>
                <ListItemButton
                  component="a"
                  href={`#/${r.id}`}
                  selected={route === r.id}
                  aria-current={route === r.id ? 'page' : undefined}
                  sx={{ mx: 1, mb: 0.5, borderRadius: 1, flex: 1 }}
                >
                  <ListItemIcon sx={{ minWidth: 36, color: route === r.id ? 'primary.main' : undefined }}>{r.icon}</ListItemIcon>
                  <ListItemText primary={t(`nav.${r.id}`)} slotProps={{ primary: { fontWeight: route === r.id ? 600 : 400 } }} />
                  {r.id === 'dead' && deadCount > 0 && <Chip size="small" color="error" label={deadCount} aria-label={t('frame.deadCount', { count: deadCount })} data-testid="dead-count" />}
                </ListItemButton>
              </ListItem>
            ))}
          </List>
        </Box>
        <Box component="footer" sx={{ mt: 'auto', px: 2, py: 1.5, borderTop: 1, borderColor: 'divider' }} data-testid="app-info">
          {info.data ? (
            <>
              <Typography variant="caption" component="div" sx={{ fontWeight: 600 }}>
                Herald {info.data.version}
              </Typography>
              <Typography variant="caption" color="text.secondary" component="div" title={info.data.data_dir}>
                {info.data.mode === 'electron' ? t('frame.desktopApp') : t('frame.browserMode')}
                {info.data.api_url ? ` · API ${info.data.api_url}` : ''}
              </Typography>
            </>
          ) : (
            <Typography variant="caption" color="text.secondary">
              {info.error ? t('frame.versionUnavailable') : t('frame.loading')}
            </Typography>
          )}
        </Box>
      </Drawer>
      <Box component="main" sx={{ flexGrow: 1, minWidth: 0, px: 3, pb: 3 }}>
        <Toolbar variant="dense" sx={{ minHeight: 56, mb: 3 }} />
        {paused && (
          <Alert
            severity="warning"
            sx={{ mb: 2 }}
            data-testid="paused-banner"
            action={
              <Button color="inherit" size="small" startIcon={<PlayCircleOutlineIcon />} disabled={pause.isPending} onClick={() => pause.mutate(false)}>
                {t('pausedBanner.resume')}
              </Button>
            }
          >
            <AlertTitle>{t('pausedBanner.title')}</AlertTitle>
            {t('pausedBanner.body')}
          </Alert>
        )}
        {pause.error && (
          <Alert severity="error" sx={{ mb: 2 }} onClose={() => pause.reset()}>
            {t(pause.variables ? 'pausedBanner.pauseFailed' : 'pausedBanner.resumeFailed', { message: translateMessage(pause.error.message) })}
          </Alert>
        )}
        {clock.error && (
          <Alert severity="error" sx={{ mb: 2 }} onClose={() => clock.reset()}>
            {t('frame.clockFailed', { message: translateMessage(clock.error.message) })}
          </Alert>
        )}
        {route === 'integrations' && <Integrations />}
        {route === 'rules' && <Rules />}
        {route === 'events' && <Events />}
        {route === 'log' && <LiveLog />}
        {route === 'sandbox' && <Sandbox />}
        {route === 'dead' && <DeadLetters />}
        {route === 'health' && <Health />}
        {route === 'reports' && <Reports />}
        {route === 'settings' && <Settings />}
      </Box>
      <AutoDisabledSnackbar />
    </Box>
  );
}

/** Herald stopped sending to an integration: say so wherever the user is, with the reason and a way there. */
function AutoDisabledSnackbar() {
  const { t } = useTranslation();
  const [queue, setQueue] = useState<AutoDisabled[]>([]);
  useAutoDisabledListener(useCallback((event: AutoDisabled) => setQueue((q) => [...q.filter((e) => e.integration_id !== event.integration_id), event]), []));
  const current = queue[0];
  const dismiss = () => setQueue((q) => q.slice(1));
  return (
    <Snackbar open={!!current} anchorOrigin={{ vertical: 'bottom', horizontal: 'right' }} key={current?.integration_id}>
      {current ? (
        <Alert
          severity="error"
          variant="filled"
          data-testid="auto-disabled-alert"
          sx={{ maxWidth: 560 }}
          action={
            <>
              <Button
                color="inherit"
                size="small"
                aria-label={t('autoDisabled.openNamed', { name: current.integration_name })}
                onClick={() => {
                  navigate('integrations', { focus: current.integration_id });
                  dismiss();
                }}
              >
                {t('autoDisabled.open')}
              </Button>
              <IconButton color="inherit" size="small" aria-label={t('autoDisabled.dismiss')} onClick={dismiss}>
                <CloseIcon fontSize="small" />
              </IconButton>
            </>
          }
        >
          <AlertTitle>{t('autoDisabled.title', { name: current.integration_name })}</AlertTitle>
          {/* The title says it was disabled automatically; the reason says why. */}
          {whyDisabled(current.reason)}
          {queue.length > 1 && <div>{t('autoDisabled.more', { count: queue.length - 1 })}</div>}
        </Alert>
      ) : (
        <span />
      )}
    </Snackbar>
  );
}

/**
 * The engine's reason without its "Disabled automatically:" lead (the title says so), in the
 * console's language: the reason alone is looked up first, then the whole message.
 */
function whyDisabled(reason: string): string {
  const lead = /^Disabled automatically:\s*/;
  const bare = reason.replace(lead, '');
  let text = translateMessage(bare);
  if (text === bare) {
    const whole = translateMessage(reason);
    // A translated whole message starts with its own "… automatically:" lead: drop it too.
    if (whole !== reason) text = whole.replace(/^[^:]*автоматически:\s*/i, '');
  }
  return text.replace(/^./, (c) => c.toUpperCase());
}
