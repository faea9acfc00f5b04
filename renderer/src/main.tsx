import { CssBaseline, ThemeProvider, useMediaQuery } from '@mui/material';
import { QueryClient, QueryClientProvider, useQuery } from '@tanstack/react-query';
import { Fragment, StrictMode, useEffect, useMemo, useState, type ReactNode } from 'react';
import { createRoot } from 'react-dom/client';
import { call } from './api.js';
import { App } from './App.js';
import { i18n, setLanguage, type Language } from './i18n/index.js';
import { I18nextProvider } from 'react-i18next';
import { makeTheme, rememberThemeChoice, rememberedThemeChoice, type ThemeChoice } from './theme.js';

const queryClient = new QueryClient({
  defaultOptions: { queries: { retry: 1, refetchOnWindowFocus: false, staleTime: 5_000 } },
});

/**
 * Theme and language come from Settings. The theme is light, dark or system (which follows
 * prefers-color-scheme, live). A language change re-renders every screen in place: dates and
 * numbers follow, since format.ts reads the current locale.
 */
function Themed({ children }: { children: ReactNode }) {
  const settings = useQuery({ queryKey: ['settings'], queryFn: () => call('settings.get', {}) });
  const [language, setShownLanguage] = useState<Language>(i18n.language === 'ru' ? 'ru' : 'en');
  const wanted = settings.data?.language;
  useEffect(() => {
    if (!wanted) return;
    void setLanguage(wanted).then(() => setShownLanguage(wanted));
  }, [wanted]);
  // Until the settings arrive, the last choice on this machine avoids a flash of the wrong theme.
  const choice: ThemeChoice = settings.data?.theme ?? rememberedThemeChoice();
  useEffect(() => {
    if (settings.data) rememberThemeChoice(settings.data.theme);
  }, [settings.data]);
  const systemDark = useMediaQuery('(prefers-color-scheme: dark)');
  const mode = choice === 'system' ? (systemDark ? 'dark' : 'light') : choice;
  const theme = useMemo(() => makeTheme(mode, language), [mode, language]);
  useEffect(() => {
    document.documentElement.dataset.theme = mode;
    document.documentElement.style.colorScheme = mode;
  }, [mode]);
  return (
    <ThemeProvider theme={theme}>
      <CssBaseline />
      {/* Keyed by language so memoised rows and cached formatters render again in the new one. */}
      <Fragment key={language}>{children}</Fragment>
    </ThemeProvider>
  );
}

function Root() {
  return (
    <I18nextProvider i18n={i18n}>
      <QueryClientProvider client={queryClient}>
        <Themed>
          <App />
        </Themed>
      </QueryClientProvider>
    </I18nextProvider>
  );
}

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <Root />
  </StrictMode>,
);
