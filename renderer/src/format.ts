import { currentLocale } from './i18n/index.js';

/** Intl formatters are costly to build: one set per locale, made on first use. */
const cache = new Map<string, ReturnType<typeof makeFormatters>>();
function makeFormatters(locale: string) {
  return {
    relative: new Intl.RelativeTimeFormat(locale, { numeric: 'auto' }),
    absolute: new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'medium' }),
    timeOnly: new Intl.DateTimeFormat(locale, { timeStyle: 'short' }),
    dayAndTime: new Intl.DateTimeFormat(locale, { month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit' }),
    number: new Intl.NumberFormat(locale),
  };
}
function formatters() {
  const locale = currentLocale();
  let set = cache.get(locale);
  if (!set) cache.set(locale, (set = makeFormatters(locale)));
  return set;
}

/** "2 min ago" / "in 5 min"; the absolute time goes in a title attribute. */
export function fromNow(iso: string | null | undefined, now = Date.now()): string {
  if (!iso) return '—';
  const diff = Date.parse(iso) - now;
  const abs = Math.abs(diff);
  const steps: [number, Intl.RelativeTimeFormatUnit][] = [
    [86_400_000, 'day'],
    [3_600_000, 'hour'],
    [60_000, 'minute'],
    [1000, 'second'],
  ];
  for (const [ms, unit] of steps) if (abs >= ms || unit === 'second') return formatters().relative.format(Math.round(diff / ms), unit);
  return '';
}

/** "10:31" today, "Dec 3, 10:31" on another day. */
export function formatShort(iso: string | null | undefined, now = Date.now()): string {
  if (!iso) return '';
  const date = new Date(iso);
  const f = formatters();
  return date.toDateString() === new Date(now).toDateString() ? f.timeOnly.format(date) : f.dayAndTime.format(date);
}

export function formatTime(iso: string | null | undefined): string {
  return iso ? formatters().absolute.format(new Date(iso)) : '';
}

/** 12,345 in English, 12 345 in Russian. */
export function formatNumber(value: number): string {
  return formatters().number.format(value);
}

export function percent(ratio: number | null): string {
  // "100 %" with a space in both languages, as the engine's own messages write it.
  return ratio === null ? '—' : `${formatNumber(Math.round(ratio * 100))} %`;
}

export function prettyJson(text: string): string {
  try {
    return JSON.stringify(JSON.parse(text), null, 2);
  } catch {
    return text;
  }
}

/** "Dec 7, 2026, 9:00 AM" in another time zone (a report's), in the console's language. */
export function formatInZone(iso: string | null | undefined, timeZone: string): string {
  if (!iso) return '';
  try {
    return new Intl.DateTimeFormat(currentLocale(), { dateStyle: 'medium', timeStyle: 'short', timeZone }).format(new Date(iso));
  } catch {
    return formatTime(iso);
  }
}
