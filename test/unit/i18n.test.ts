import { describe, expect, it } from 'vitest';
import i18next from 'i18next';
import { en, ru } from '../../renderer/src/i18n/resources.js';
import { exact, translateValidation } from '../../renderer/src/i18n/validation-messages.js';

type Tree = { [key: string]: string | Tree };

function leaves(tree: Tree, prefix = ''): Map<string, string> {
  const out = new Map<string, string>();
  for (const [key, value] of Object.entries(tree)) {
    const path = prefix ? `${prefix}.${key}` : key;
    if (typeof value === 'string') out.set(path, value);
    else for (const [k, v] of leaves(value, path)) out.set(k, v);
  }
  return out;
}
const placeholders = (text: string) => [...text.matchAll(/\{\{\s*(\w+)/g)].map((m) => m[1]).sort();

/** Words that are the same in both languages: product names, protocols, units. */
const SAME_IN_BOTH = /^(Herald|Microsoft 365|Cloud|Server\/Data Center|SMTP|HTTP|HTTPS|JSON|Jira|Slack|Microsoft Teams|Discord|Mattermost|Splunk \(HEC\)|Sumo Logic|Rapid7 InsightConnect|PagerDuty|Opsgenie|Telegram|URL|CSV|HTML|TLS|STARTTLS|ID|OK|p50|p95|—|[A-Z]{2,}( [A-Z]{2,})*|\{\{\w+\}\}.*|[^A-Za-z]*)$/;

describe('translations', () => {
  const english = leaves(en as unknown as Tree);
  const russian = leaves(ru as unknown as Tree);

  it('has a Russian text for every English key, and nothing Russian that English lacks', () => {
    const missing = [...english.keys()].filter((k) => !russian.has(k));
    const extra = [...russian.keys()].filter((k) => !english.has(k) && !/_(few|many)$/.test(k));
    expect(missing).toEqual([]);
    expect(extra).toEqual([]);
  });

  it('gives every plural the few and many forms Russian needs', () => {
    const plurals = [...english.keys()].filter((k) => k.endsWith('_other')).map((k) => k.slice(0, -'_other'.length));
    const incomplete = plurals.filter((base) => !['one', 'few', 'many', 'other'].every((form) => russian.has(`${base}_${form}`)));
    expect(incomplete).toEqual([]);
  });

  it('keeps the same placeholders in both languages', () => {
    const mismatched = [...english].filter(([key, text]) => {
      const theirs = russian.get(key);
      return theirs !== undefined && placeholders(text).join() !== placeholders(theirs).join();
    });
    expect(mismatched.map(([k]) => k)).toEqual([]);
  });

  it('translates rather than copies: no Russian text is the English one, bar names and units', () => {
    const copied = [...english].filter(([key, text]) => russian.get(key) === text && !SAME_IN_BOTH.test(text));
    expect(copied.map(([k, v]) => `${k}: ${v}`)).toEqual([]);
  });

  it('switches at runtime', async () => {
    const i18n = i18next.createInstance();
    await i18n.init({ resources: { en, ru }, lng: 'ru', fallbackLng: 'en', defaultNS: 'common', showSupportNotice: false });
    expect(i18n.t('nav.log')).toBe('Журнал');
    await i18n.changeLanguage('en');
    expect(i18n.t('nav.log')).toBe('Live log');
  });
});

describe('validation messages', () => {
  it('has a Russian text for every table entry', () => {
    for (const [message, text] of Object.entries(exact)) {
      expect(text, message).toMatch(/[А-Яа-яЁё]/);
    }
  });

  it('shows English messages as they are in English, and unknown ones unchanged in Russian', () => {
    expect(translateValidation('Enter a subject', 'en')).toBe('Enter a subject');
    expect(translateValidation('a message no schema has', 'ru')).toBe('a message no schema has');
  });
});
