import BoltIcon from '@mui/icons-material/Bolt';
import CableIcon from '@mui/icons-material/Cable';
import CircleIcon from '@mui/icons-material/Circle';
import AltRouteIcon from '@mui/icons-material/AltRoute';
import ListAltIcon from '@mui/icons-material/ListAlt';
import { AppBar, Box, Chip, Drawer, List, ListItem, ListItemButton, ListItemIcon, ListItemText, Toolbar, Tooltip, Typography } from '@mui/material';
import { useQuery } from '@tanstack/react-query';
import { useEffect, useState, type ReactNode } from 'react';
import { call } from './api.js';
import { useConnection, usePushBridge } from './push.js';
import { Events } from './screens/Events.js';
import { Integrations } from './screens/Integrations.js';
import { LiveLog } from './screens/LiveLog.js';
import { Rules } from './screens/Rules.js';

export type Route = 'integrations' | 'rules' | 'events' | 'log';
const ROUTES: { id: Route; label: string; icon: ReactNode }[] = [
  { id: 'integrations', label: 'Integrations', icon: <CableIcon /> },
  { id: 'rules', label: 'Rules', icon: <AltRouteIcon /> },
  { id: 'events', label: 'Events', icon: <BoltIcon /> },
  { id: 'log', label: 'Live log', icon: <ListAltIcon /> },
];
const DRAWER = 232;

function currentRoute(): Route {
  const id = window.location.hash.replace(/^#\/?/, '');
  return ROUTES.some((r) => r.id === id) ? (id as Route) : 'integrations';
}

/** Hash routes work the same over file:// (Electron) and http:// from any sub path (browser mode). */
export function navigate(route: Route): void {
  window.location.hash = `/${route}`;
}

export function App() {
  usePushBridge();
  const [route, setRoute] = useState<Route>(currentRoute);
  useEffect(() => {
    const onHash = () => setRoute(currentRoute());
    window.addEventListener('hashchange', onHash);
    return () => window.removeEventListener('hashchange', onHash);
  }, []);
  useEffect(() => {
    const label = ROUTES.find((r) => r.id === route)?.label;
    document.title = label ? `${label} · Herald` : 'Herald';
  }, [route]);
  const info = useQuery({ queryKey: ['app.info'], queryFn: () => call('app.info', {}), staleTime: Infinity });
  const connection = useConnection();

  return (
    <Box sx={{ display: 'flex', minHeight: '100vh' }}>
      <AppBar position="fixed" color="inherit" elevation={0} sx={{ zIndex: (t) => t.zIndex.drawer + 1, borderBottom: 1, borderColor: 'divider' }}>
        <Toolbar variant="dense" sx={{ gap: 1.5, minHeight: 56 }}>
          <img src="./herald.svg" alt="" width={28} height={28} />
          <Typography component="div" sx={{ fontWeight: 700, fontSize: 19, letterSpacing: 0.3 }}>
            Herald
          </Typography>
          <Typography variant="body2" color="text.secondary" sx={{ display: { xs: 'none', sm: 'block' } }}>
            Security alert routing
          </Typography>
          <Box sx={{ flex: 1 }} />
          <Tooltip title={connection === 'open' ? 'Live updates are connected' : 'The live update stream was interrupted; reconnecting automatically'}>
            <Chip
              data-testid="connection"
              data-state={connection}
              size="small"
              variant="outlined"
              color={connection === 'open' ? 'success' : 'warning'}
              icon={<CircleIcon sx={{ fontSize: '10px !important' }} />}
              label={connection === 'open' ? 'Live' : 'Reconnecting…'}
              role="status"
            />
          </Tooltip>
        </Toolbar>
      </AppBar>
      <Drawer variant="permanent" sx={{ width: DRAWER, flexShrink: 0, '& .MuiDrawer-paper': { width: DRAWER, boxSizing: 'border-box' } }}>
        <Toolbar variant="dense" sx={{ minHeight: 56 }} />
        <Box component="nav" aria-label="Main" sx={{ pt: 1 }}>
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
                  <ListItemText primary={r.label} slotProps={{ primary: { fontWeight: route === r.id ? 600 : 400 } }} />
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
                {info.data.mode === 'electron' ? 'Desktop app' : 'Browser mode'}
                {info.data.api_url ? ` · API ${info.data.api_url}` : ''}
              </Typography>
            </>
          ) : (
            <Typography variant="caption" color="text.secondary">
              {info.error ? 'Version unavailable' : 'Loading…'}
            </Typography>
          )}
        </Box>
      </Drawer>
      <Box component="main" sx={{ flexGrow: 1, minWidth: 0, px: 3, pb: 3 }}>
        <Toolbar variant="dense" sx={{ minHeight: 56, mb: 3 }} />
        {route === 'integrations' && <Integrations />}
        {route === 'rules' && <Rules />}
        {route === 'events' && <Events />}
        {route === 'log' && <LiveLog />}
      </Box>
    </Box>
  );
}
