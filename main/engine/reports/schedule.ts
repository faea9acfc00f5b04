import type { ReportSchedule } from '../../contract/index.js';

/**
 * When a report runs, in its own time zone. Wall-clock times are turned into instants with
 * Intl (no time zone library): a time that does not exist on a spring-forward day (02:30 in
 * Berlin) runs at the same wall time after the jump (03:30); one that happens twice on a
 * fall-back day runs at the first.
 */

interface Wall {
  year: number;
  /** 1–12 */
  month: number;
  day: number;
  hour: number;
  minute: number;
}

const partsCache = new Map<string, Intl.DateTimeFormat>();
function formatter(zone: string): Intl.DateTimeFormat {
  let f = partsCache.get(zone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', { timeZone: zone, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric', second: 'numeric' });
    partsCache.set(zone, f);
  }
  return f;
}

/** The wall clock in `zone` at an instant. */
export function wallAt(ms: number, zone: string): Wall & { second: number } {
  const parts: Record<string, number> = {};
  for (const p of formatter(zone).formatToParts(new Date(ms))) if (p.type !== 'literal') parts[p.type] = Number(p.value);
  return { year: parts.year!, month: parts.month!, day: parts.day!, hour: parts.hour! % 24, minute: parts.minute!, second: parts.second! };
}

/** Offset of `zone` from UTC at an instant, in ms (Berlin in winter: +3,600,000). */
function offsetAt(ms: number, zone: string): number {
  const w = wallAt(ms, zone);
  const asUtc = Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute, w.second);
  return asUtc - Math.floor(ms / 1000) * 1000;
}

/** The instant a wall-clock time happens in `zone` (see the note above for DST gaps and overlaps). */
export function instantOf(wall: Wall, zone: string): number {
  const asUtc = Date.UTC(wall.year, wall.month - 1, wall.day, wall.hour, wall.minute);
  // The offset just before and just after the wall time bracket any change that day.
  const before = offsetAt(asUtc - 86_400_000 / 2, zone);
  const after = offsetAt(asUtc + 86_400_000 / 2, zone);
  const first = asUtc - before;
  if (before === after) return asUtc - offsetAt(first, zone);
  const second = asUtc - after;
  const firstOk = sameWall(wallAt(first, zone), wall);
  const secondOk = sameWall(wallAt(second, zone), wall);
  if (firstOk && secondOk) return Math.min(first, second); // happens twice: the first
  if (firstOk) return first;
  if (secondOk) return second;
  // Skipped by a spring-forward: the same wall time after the jump.
  return asUtc - before;
}

const sameWall = (a: Wall, b: Wall) => a.year === b.year && a.month === b.month && a.day === b.day && a.hour === b.hour && a.minute === b.minute;

const daysInMonth = (year: number, month: number) => new Date(Date.UTC(year, month, 0)).getUTCDate();

/** Calendar date `offset` days after y-m-d. */
function addDays(year: number, month: number, day: number, offset: number): { year: number; month: number; day: number } {
  const d = new Date(Date.UTC(year, month - 1, day + offset));
  return { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate() };
}

function runsOn(schedule: ReportSchedule, date: { year: number; month: number; day: number }): boolean {
  if (schedule.frequency === 'daily') return true;
  if (schedule.frequency === 'weekly') {
    const weekday = new Date(Date.UTC(date.year, date.month - 1, date.day)).getUTCDay() || 7;
    return weekday === schedule.weekday;
  }
  return schedule.day === 'last' ? date.day === daysInMonth(date.year, date.month) : date.day === schedule.day;
}

function runAtDate(schedule: ReportSchedule, date: { year: number; month: number; day: number }, zone: string): number {
  const [hour, minute] = schedule.time.split(':').map(Number) as [number, number];
  return instantOf({ ...date, hour, minute }, zone);
}

/** The first run strictly after `after`. */
export function nextRun(schedule: ReportSchedule, zone: string, after: number): number {
  const today = wallAt(after, zone);
  // A month has at most 31 days; two months cover any "day N" or "last day" schedule.
  for (let i = -1; i <= 64; i++) {
    const date = addDays(today.year, today.month, today.day, i);
    if (!runsOn(schedule, date)) continue;
    const at = runAtDate(schedule, date, zone);
    if (at > after) return at;
  }
  throw new Error('no run found in 64 days');
}

/** The last run at or before `at`. */
export function previousRun(schedule: ReportSchedule, zone: string, at: number): number {
  const today = wallAt(at, zone);
  for (let i = 1; i >= -64; i--) {
    const date = addDays(today.year, today.month, today.day, i);
    if (!runsOn(schedule, date)) continue;
    const run = runAtDate(schedule, date, zone);
    if (run <= at) return run;
  }
  throw new Error('no run found in 64 days');
}

/**
 * The period a report sent at `end` covers. A scheduled run covers the time since the run before
 * it (the previous day, the previous 7 days, the month since last month's run), so consecutive
 * reports tile without gaps or overlaps. A preview ("Send now") covers one such period ending now.
 */
export function periodOf(schedule: ReportSchedule, zone: string, end: number, preview: boolean): { from: number; to: number } {
  if (!preview) return { from: previousRun(schedule, zone, end - 1), to: end };
  const w = wallAt(end, zone);
  if (schedule.frequency === 'monthly') {
    const month = w.month === 1 ? 12 : w.month - 1;
    const year = w.month === 1 ? w.year - 1 : w.year;
    const day = Math.min(w.day, daysInMonth(year, month));
    return { from: instantOf({ year, month, day, hour: w.hour, minute: w.minute }, zone), to: end };
  }
  const date = addDays(w.year, w.month, w.day, schedule.frequency === 'weekly' ? -7 : -1);
  return { from: instantOf({ ...date, hour: w.hour, minute: w.minute }, zone), to: end };
}

/** The machine's own zone, for reports that name none. */
export function machineTimeZone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
}
