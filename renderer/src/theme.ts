import { createTheme } from '@mui/material';

export function makeTheme(mode: 'light' | 'dark') {
  return createTheme({
    palette: {
      mode,
      primary: { main: mode === 'light' ? '#1d4ed8' : '#93c5fd' },
      secondary: { main: '#0f766e' },
      // Chips put white (light) or dark (dark mode) text on these: keep 4.5:1 contrast.
      ...(mode === 'light'
        ? { warning: { main: '#b45309', contrastText: '#fff' } }
        : { error: { main: '#f87171', contrastText: 'rgba(0, 0, 0, 0.87)' } }),
      background: mode === 'light' ? { default: '#f6f7fb', paper: '#ffffff' } : {},
    },
    shape: { borderRadius: 8 },
    typography: {
      fontFamily: 'system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif',
      h1: { fontSize: '1.5rem', fontWeight: 600 },
      h2: { fontSize: '1.15rem', fontWeight: 600 },
      h3: { fontSize: '1rem', fontWeight: 600 },
    },
    components: {
      MuiButton: { defaultProps: { disableElevation: true }, styleOverrides: { root: { textTransform: 'none', fontWeight: 600 } } },
      MuiTab: { styleOverrides: { root: { textTransform: 'none', fontWeight: 600 } } },
      MuiToggleButton: { styleOverrides: { root: { textTransform: 'none', fontWeight: 600, paddingLeft: 14, paddingRight: 14 } } },
      MuiPaper: { defaultProps: { elevation: 0 }, styleOverrides: { root: { backgroundImage: 'none' } } },
    },
  });
}

export const mono = { fontFamily: 'ui-monospace, SFMono-Regular, Menlo, Consolas, "Liberation Mono", monospace', fontSize: 12.5 } as const;
