import BoltIcon from '@mui/icons-material/Bolt';
import CableIcon from '@mui/icons-material/Cable';
import CircleIcon from '@mui/icons-material/Circle';
import ListAltIcon from '@mui/icons-material/ListAlt';
import { Box, Drawer, List, ListItemButton, ListItemIcon, ListItemText, Stack, Tooltip, Typography } from '@mui/material';
import { useQuery } from '@tanstack/react-query';
import { useEffect, useState, type ReactNode } from 'react';
import { call } from './api.js';
import { useConnection, usePushBridge } from './push.js';
import { Events } from './screens/Events.js';
import { Integrations } from './screens/Integrations.js';
import { LiveLog } from './screens/LiveLog.js';

export type Route = 'integrations' | 'events' | 'log';
const ROUTES: { id: Route; label: string; icon: ReactNode }[] = [
  { id: 'integrations', label: 'Integrations', icon: <CableIcon /> },
  { id: 'events', label: 'Events', icon: <BoltIcon /> },
  { id: 'log', label: 'Live log', icon: <ListAltIcon /> },
];
const DRAWER = 220;

function currentRoute(): Route {
  const id = window.location.hash.replace(/^#\/?/, '');
  return ROUTES.some((r) => r.id === id) ? (id as Route) : 'integrations';
}

/** Hash routes work the same over file:// (Electron) and http:// (browser mode). */
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
  const info = useQuery({ queryKey: ['app.info'], queryFn: () => call('app.info', {}) });
  const connection = useConnection();

  return (
    <Box sx={{ display: 'flex', minHeight: '100vh' }}>
      <Drawer variant="permanent" sx={{ width: DRAWER, flexShrink: 0, '& .MuiDrawer-paper': { width: DRAWER, boxSizing: 'border-box' } }}>
        <Stack direction="row" alignItems="center" spacing={1} sx={{ px: 2, py: 2 }}>
          <img src="./herald.svg" alt="" width={28} height={28} />
          <Typography component="div" sx={{ fontWeight: 700, fontSize: 20, letterSpacing: 0.3 }}>
            Herald
          </Typography>
        </Stack>
        <Box component="nav" aria-label="Main">
          <List>
            {ROUTES.map((r) => (
              <ListItemButton
                key={r.id}
                component="a"
                href={`#/${r.id}`}
                selected={route === r.id}
                aria-current={route === r.id ? 'page' : undefined}
                sx={{ mx: 1, borderRadius: 1 }}
              >
                <ListItemIcon sx={{ minWidth: 36 }}>{r.icon}</ListItemIcon>
                <ListItemText primary={r.label} />
              </ListItemButton>
            ))}
          </List>
        </Box>
        <Box sx={{ mt: 'auto', p: 2 }}>
          <Tooltip title={connection === 'open' ? 'Live updates are connected' : 'Reconnecting to the engine…'}>
            <Stack direction="row" spacing={1} alignItems="center" data-testid="connection">
              <CircleIcon sx={{ fontSize: 10 }} color={connection === 'open' ? 'success' : 'warning'} />
              <Typography variant="caption">{connection === 'open' ? 'Live' : 'Reconnecting…'}</Typography>
            </Stack>
          </Tooltip>
          {info.data && (
            <Typography variant="caption" color="text.secondary" component="div" sx={{ mt: 0.5 }}>
              v{info.data.version} · {info.data.mode === 'electron' ? 'desktop' : 'browser mode'}
            </Typography>
          )}
        </Box>
      </Drawer>
      <Box component="main" sx={{ flexGrow: 1, p: 3, minWidth: 0 }}>
        {route === 'integrations' && <Integrations />}
        {route === 'events' && <Events />}
        {route === 'log' && <LiveLog />}
      </Box>
    </Box>
  );
}
