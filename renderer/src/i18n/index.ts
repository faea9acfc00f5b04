import i18next from 'i18next';
import { initReactI18next } from 'react-i18next';
import { en, ru, type Language } from './resources.js';

export { en, ru, LANGUAGES, type Language } from './resources.js';

declare module 'i18next' {
  interface CustomTypeOptions {
    defaultNS: 'common';
    resources: typeof en;
    // Texts are plain strings for React, never null.
    returnNull: false;
  }
}

const LANGUAGE_KEY = 'herald.language';
/** The last language on this machine, so the first paint is not in the wrong language. */
export function rememberedLanguage(): Language {
  try {
    return localStorage.getItem(LANGUAGE_KEY) === 'ru' ? 'ru' : 'en';
  } catch {
    return 'en';
  }
}

export const i18n = i18next.createInstance();
void i18n.use(initReactI18next).init({
  resources: { en, ru },
  lng: rememberedLanguage(),
  fallbackLng: 'en',
  defaultNS: 'common',
  ns: Object.keys(en),
  // React escapes what it renders; escaping here would show &lt; in payload examples.
  interpolation: { escapeValue: false },
  returnNull: false,
  initAsync: false,
  showSupportNotice: false,
});

/** Switches every screen at once; dates and numbers follow (format.ts reads the language). */
export async function setLanguage(language: Language): Promise<void> {
  try {
    localStorage.setItem(LANGUAGE_KEY, language);
  } catch {
    /* private mode: the setting still applies once loaded */
  }
  document.documentElement.lang = language;
  if (i18n.language !== language) await i18n.changeLanguage(language);
}

/** The BCP 47 locale for Intl formatters. */
export function currentLocale(): string {
  return i18n.language === 'ru' ? 'ru-RU' : 'en-US';
}

// Screen readers pick their voice from this before the settings arrive.
document.documentElement.lang = i18n.language;
