import { CssBaseline, ThemeProvider, useMediaQuery } from '@mui/material';
import { QueryClient, QueryClientProvider, useQuery } from '@tanstack/react-query';
import { StrictMode, useEffect, useMemo, type ReactNode } from 'react';
import { createRoot } from 'react-dom/client';
import { call } from './api.js';
import { App } from './App.js';
import { makeTheme, rememberThemeChoice, rememberedThemeChoice, type ThemeChoice } from './theme.js';

const queryClient = new QueryClient({
  defaultOptions: { queries: { retry: 1, refetchOnWindowFocus: false, staleTime: 5_000 } },
});

/** The theme comes from Settings (light, dark or system); system follows prefers-color-scheme, live. */
function Themed({ children }: { children: ReactNode }) {
  const settings = useQuery({ queryKey: ['settings'], queryFn: () => call('settings.get', {}) });
  // Until the settings arrive, the last choice on this machine avoids a flash of the wrong theme.
  const choice: ThemeChoice = settings.data?.theme ?? rememberedThemeChoice();
  useEffect(() => {
    if (settings.data) rememberThemeChoice(settings.data.theme);
  }, [settings.data]);
  const systemDark = useMediaQuery('(prefers-color-scheme: dark)');
  const mode = choice === 'system' ? (systemDark ? 'dark' : 'light') : choice;
  const theme = useMemo(() => makeTheme(mode), [mode]);
  useEffect(() => {
    document.documentElement.dataset.theme = mode;
    document.documentElement.style.colorScheme = mode;
  }, [mode]);
  return (
    <ThemeProvider theme={theme}>
      <CssBaseline />
      {children}
    </ThemeProvider>
  );
}

function Root() {
  return (
    <QueryClientProvider client={queryClient}>
      <Themed>
        <App />
      </Themed>
    </QueryClientProvider>
  );
}

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <Root />
  </StrictMode>,
);
