import { createTheme } from '@mui/material';
import { enUS, ruRU } from '@mui/material/locale';
import type { Language } from './i18n/index.js';

/** The MUI locale carries its own texts (pagination, "Close" on chips) in the chosen language. */
export function makeTheme(mode: 'light' | 'dark', language: Language = 'en') {
  return createTheme(
    {
      palette: {
        mode,
        primary: { main: mode === 'light' ? '#1d4ed8' : '#93c5fd' },
        secondary: { main: '#0f766e' },
        // Chips put white (light) or dark (dark mode) text on these: keep 4.5:1 contrast.
        ...(mode === 'light'
          ? { warning: { main: '#b45309', contrastText: '#fff' }, info: { main: '#0369a1', contrastText: '#fff' } }
          : { error: { main: '#f87171', contrastText: 'rgba(0, 0, 0, 0.87)' } }),
        ...(mode === 'dark' ? { success: { main: '#4ade80' }, warning: { main: '#fbbf24' }, info: { main: '#7dd3fc' }, secondary: { main: '#5eead4' } } : {}),
        background: mode === 'light' ? { default: '#f6f7fb', paper: '#ffffff' } : { default: '#0f1115', paper: '#171a21' },
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
    },
    language === 'ru' ? ruRU : enUS,
  );
}

export const mono = { fontFamily: 'ui-monospace, SFMono-Regular, Menlo, Consolas, "Liberation Mono", monospace', fontSize: 12.5 } as const;

export type ThemeChoice = 'light' | 'dark' | 'system';
const THEME_KEY = 'herald.theme';
export function rememberedThemeChoice(): ThemeChoice {
  try {
    const v = localStorage.getItem(THEME_KEY);
    return v === 'light' || v === 'dark' ? v : 'system';
  } catch {
    return 'system';
  }
}
export function rememberThemeChoice(choice: ThemeChoice): void {
  try {
    localStorage.setItem(THEME_KEY, choice);
  } catch {
    /* private mode: the setting still applies once loaded */
  }
}
