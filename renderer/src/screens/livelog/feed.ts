import type { LOG_KINDS, LogEntry, LogPage, MethodInput } from '../../../../main/contract/index.js';
import { call } from '../../api.js';

export type Entry = LogEntry & { seq: number };
export type LogKind = (typeof LOG_KINDS)[number];
export const KINDS: readonly LogKind[] = ['event', 'delivered', 'retry', 'failed', 'notice'];

/** The server-side filter of the live log, as kept in the URL hash query. */
export interface LogFilter {
  integration?: string;
  trigger?: string;
  kinds: LogKind[];
  /** ISO 8601 bounds, inclusive, on when the entry happened (the engine's clock). */
  since?: string;
  until?: string;
}

export const isFiltered = (f: LogFilter) => !!(f.integration || f.trigger || f.kinds.length || f.since || f.until);

export function filterKey(f: LogFilter): string {
  return JSON.stringify([f.integration ?? '', f.trigger ?? '', [...f.kinds].sort(), f.since ?? '', f.until ?? '']);
}

function query(f: LogFilter): MethodInput<'log.list'> {
  return {
    limit: FIRST_PAGE,
    kinds: f.kinds,
    ...(f.integration ? { integration_id: f.integration } : {}),
    // The engine validates the trigger (it may come from a hand-edited link) and says so.
    ...(f.trigger ? { trigger: f.trigger as MethodInput<'log.list'>['trigger'] } : {}),
    ...(f.since ? { since: f.since } : {}),
    ...(f.until ? { until: f.until } : {}),
  };
}

export const kindOf = (e: LogEntry): LogKind => (e.type === 'attempt' ? e.attempt.outcome : e.type);

/** Event id → trigger, from every event pushed while the screen is open (matched or not). */
const triggerOfEvent = new Map<string, string>();
const TRIGGER_MEMORY = 20_000;
function remember(e: LogEntry): void {
  if (e.type !== 'event') return;
  triggerOfEvent.set(e.id, e.event.trigger);
  if (triggerOfEvent.size > TRIGGER_MEMORY) triggerOfEvent.delete(triggerOfEvent.keys().next().value!);
}

/**
 * Does a pushed entry belong under the filter? 'yes' and 'no' are exact answers computed from
 * the entry itself, with the same rules as the engine's SQL (repo.logPage): kinds by outcome or
 * type, time by `at`, integration by the attempt's or notice's integration, trigger by the event's
 * trigger; notices never match a trigger filter.
 *
 * Two cases cannot be answered from the entry alone, and answer 'ask':
 * - an event under an integration filter: it matches when one of its deliveries goes to that
 *   integration, which the entry does not say (only how many integrations it was routed to). An
 *   event routed nowhere and not held for a digest is a certain 'no'.
 * - an attempt under a trigger filter whose events were not pushed while the screen was open.
 * For 'ask' the feed re-queries the newest page(s) of the filtered log from the server and
 * merges what it has not got yet (see LogFeed.catchUp): one request per burst of pushes, however
 * many entries it holds, instead of one `log.deliveries` call per event — and always exactly the
 * engine's answer.
 */
export function decide(e: LogEntry, f: LogFilter): 'yes' | 'no' | 'ask' {
  if (f.kinds.length && !f.kinds.includes(kindOf(e))) return 'no';
  const at = Date.parse(e.at);
  if (f.since && at < Date.parse(f.since)) return 'no';
  if (f.until && at > Date.parse(f.until)) return 'no';
  let answer: 'yes' | 'ask' = 'yes';
  if (f.integration) {
    if (e.type === 'attempt' && e.attempt.integration_id !== f.integration) return 'no';
    // An escalation concerns its primary integration as much as the fallback it names.
    if (e.type === 'notice' && e.integration_id !== f.integration && e.escalation?.integration_id !== f.integration) return 'no';
    if (e.type === 'event') {
      if (e.switched_off || (!e.routed_to && !e.held_for_digest)) return 'no';
      answer = 'ask';
    }
  }
  if (f.trigger) {
    if (e.type === 'notice') return 'no';
    if (e.type === 'event' && e.event.trigger !== f.trigger) return 'no';
    if (e.type === 'attempt') {
      const triggers = e.attempt.event_ids.map((id) => triggerOfEvent.get(id));
      if (!triggers.includes(f.trigger)) {
        if (triggers.every((t) => t !== undefined)) return 'no';
        answer = 'ask';
      }
    }
  }
  return answer;
}

export interface FeedState {
  /** Newest first. */
  entries: Entry[];
  /** Entries that arrived while the user was scrolled away from the newest one. */
  pending: number;
  loading: 'first' | 'older' | null;
  error: string | null;
  /** The oldest entry under the filter is loaded. */
  exhausted: boolean;
}

const FIRST_PAGE = 200;
const OLDER_PAGE = 1000;
/** The most entries kept in memory; older ones load again on scrolling down. */
const MAX_ENTRIES = 250_000;

/** The live log under one filter: the loaded pages, pushed entries, and the follow-tail hold. */
let feeds = 0;
export class LogFeed {
  /** Tells feeds apart, e.g. as a React key: a new filter gets a fresh list and scroll position. */
  readonly id = ++feeds;
  private state: FeedState = { entries: [], pending: 0, loading: 'first', error: null, exhausted: false };
  private listeners = new Set<() => void>();
  private known = new Set<number>();
  private cursor: number | null = null;
  /** The newest seq the server has answered for this filter: catch-up stops there. */
  private head = 0;
  private held: Entry[] = [];
  private incoming: Entry[] = [];
  private frame: number | null = null;
  private following = true;
  private disposed = false;
  private catchingUp: Promise<void> | null = null;
  private catchUpAgain = false;
  private catchUpTimer: ReturnType<typeof setTimeout> | null = null;

  constructor(readonly filter: LogFilter) {}

  subscribe = (listener: () => void) => {
    this.listeners.add(listener);
    return () => void this.listeners.delete(listener);
  };
  snapshot = () => this.state;

  private set(patch: Partial<FeedState>) {
    if (this.disposed) return;
    this.state = { ...this.state, ...patch };
    for (const l of this.listeners) l();
  }

  /** Resolves true once the first page is in; catch-up only makes sense after it. */
  private started: Promise<boolean> = Promise.resolve(false);

  start(): Promise<boolean> {
    this.started = this.loadFirst();
    return this.started;
  }

  private async loadFirst(): Promise<boolean> {
    try {
      const page = await call('log.list', { ...query(this.filter), limit: FIRST_PAGE });
      if (this.disposed) return false;
      this.head = Math.max(this.head, page.entries[0]?.seq ?? 0);
      this.cursor = page.next_before;
      const fresh = page.entries.filter((e) => this.add(e));
      this.set({ entries: mergeNewestFirst(fresh, this.state.entries), loading: null, exhausted: page.next_before === null, error: null });
      return true;
    } catch (error) {
      this.set({ loading: null, error: (error as Error).message });
      return false;
    }
  }

  retry(): void {
    if (this.state.entries.length === 0) {
      this.set({ loading: 'first', error: null });
      void this.start();
    } else {
      this.set({ error: null });
      void this.loadOlder();
    }
  }

  async loadOlder(): Promise<void> {
    if (this.state.loading || this.state.exhausted || this.state.error || this.cursor === null) return;
    this.set({ loading: 'older' });
    try {
      const page = await call('log.list', { ...query(this.filter), limit: OLDER_PAGE, before: this.cursor });
      if (this.disposed) return;
      this.cursor = page.next_before;
      const fresh = page.entries.filter((e) => this.add(e));
      this.set({ entries: this.state.entries.concat(fresh), loading: null, exhausted: page.next_before === null });
    } catch (error) {
      this.set({ loading: null, error: (error as Error).message });
    }
  }

  /** A pushed entry: shown if it matches (see decide), asked of the server if unsure. */
  push(entry: Entry): void {
    remember(entry);
    if (this.known.has(entry.seq)) return;
    const verdict = isFiltered(this.filter) ? decide(entry, this.filter) : 'yes';
    if (verdict === 'no') return;
    if (verdict === 'ask') return this.scheduleCatchUp();
    this.add(entry);
    this.arrive([entry]);
  }

  /** While following, the newest entries stay in view; otherwise they wait behind "N new entries". */
  setFollowing(following: boolean): void {
    if (following === this.following) return;
    this.following = following;
    if (following) this.release();
  }

  /** Shows the entries that arrived while scrolled away. */
  release(): void {
    if (!this.held.length) return;
    const held = this.held;
    this.held = [];
    this.show(held, 0);
  }

  /**
   * Fetches the newest entries under the filter until it reaches what the server already
   * answered (`head`), and merges the ones not shown yet. Used for undecidable pushes and after
   * the push stream (re)connects, when anything could have been missed.
   */
  catchUp(): Promise<void> {
    if (this.catchingUp) {
      this.catchUpAgain = true;
      return this.catchingUp;
    }
    this.catchingUp = (async () => {
      try {
        // Before the first page there is nothing to catch up on: that page is the newest there is.
        if (!(await this.started)) return;
        let before: number | undefined;
        const found: Entry[] = [];
        let top = this.head;
        for (let i = 0; i < 20; i++) {
          const page: LogPage = await call('log.list', { ...query(this.filter), limit: OLDER_PAGE, ...(before ? { before } : {}) });
          if (this.disposed) return;
          if (i === 0) top = Math.max(top, page.entries[0]?.seq ?? 0);
          found.push(...page.entries.filter((e) => e.seq > this.head));
          const last = page.entries.at(-1);
          if (!last || last.seq <= this.head || page.next_before === null) break;
          before = page.next_before;
        }
        this.head = top;
        const fresh = found.filter((e) => this.add(e));
        if (fresh.length) this.arrive(fresh);
      } catch {
        // The next push or reconnect tries again; the first page's error is shown by start().
      } finally {
        this.catchingUp = null;
        if (this.catchUpAgain && !this.disposed) {
          this.catchUpAgain = false;
          void this.catchUp();
        }
      }
    })();
    return this.catchingUp;
  }

  dispose(): void {
    this.disposed = true;
    if (this.frame !== null) cancelAnimationFrame(this.frame);
    if (this.catchUpTimer) clearTimeout(this.catchUpTimer);
    this.listeners.clear();
  }

  /** Coalesces a burst of undecidable pushes into one catch-up. */
  private scheduleCatchUp() {
    this.catchUpTimer ??= setTimeout(() => {
      this.catchUpTimer = null;
      void this.catchUp();
    }, 150);
  }

  private add(e: Entry): boolean {
    if (this.known.has(e.seq)) return false;
    this.known.add(e.seq);
    return true;
  }

  /** A burst of arrivals becomes one state update per frame, not one render per entry. */
  private arrive(entries: Entry[]) {
    this.incoming.push(...entries);
    this.frame ??= requestAnimationFrame(() => {
      this.frame = null;
      const batch = this.incoming;
      this.incoming = [];
      if (this.following) this.show(batch, 0);
      else {
        this.held.push(...batch);
        this.set({ pending: this.held.length });
      }
    });
  }

  private show(batch: Entry[], pending: number) {
    let entries = mergeNewestFirst(batch, this.state.entries);
    let exhausted = this.state.exhausted;
    if (entries.length > MAX_ENTRIES) {
      for (const e of entries.slice(MAX_ENTRIES)) this.known.delete(e.seq);
      entries = entries.slice(0, MAX_ENTRIES);
      this.cursor = entries.at(-1)!.seq;
      exhausted = false;
    }
    this.set({ entries, pending, exhausted });
  }
}

/** `fresh` goes in front when it is all newer (the usual case); otherwise everything is re-sorted. */
function mergeNewestFirst(fresh: Entry[], entries: Entry[]): Entry[] {
  if (!fresh.length) return entries;
  const sorted = [...fresh].sort((a, b) => b.seq - a.seq);
  const newest = entries[0]?.seq ?? 0;
  if (sorted.at(-1)!.seq > newest) return sorted.concat(entries);
  return sorted.concat(entries).sort((a, b) => b.seq - a.seq);
}
