const relative = new Intl.RelativeTimeFormat(undefined, { numeric: 'auto' });
const absolute = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'medium' });

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
  for (const [ms, unit] of steps) if (abs >= ms || unit === 'second') return relative.format(Math.round(diff / ms), unit);
  return '';
}

const timeOnly = new Intl.DateTimeFormat(undefined, { timeStyle: 'short' });
const dayAndTime = new Intl.DateTimeFormat(undefined, { month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit' });

/** "10:31" today, "Dec 3, 10:31" on another day. */
export function formatShort(iso: string | null | undefined, now = Date.now()): string {
  if (!iso) return '';
  const date = new Date(iso);
  return date.toDateString() === new Date(now).toDateString() ? timeOnly.format(date) : dayAndTime.format(date);
}

export function formatTime(iso: string | null | undefined): string {
  return iso ? absolute.format(new Date(iso)) : '';
}

export function percent(ratio: number | null): string {
  return ratio === null ? '—' : `${Math.round(ratio * 100)} %`;
}

export function prettyJson(text: string): string {
  try {
    return JSON.stringify(JSON.parse(text), null, 2);
  } catch {
    return text;
  }
}
