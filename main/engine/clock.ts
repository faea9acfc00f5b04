/**
 * All engine time goes through a Clock so tests and demos can run the 48 h retry ladder in
 * seconds. Timers are owned by the clock: a virtual clock fires them when advanced.
 */
export interface Clock {
  now(): number;
  setTimeout(fn: () => void, ms: number): ClockTimer;
}
export interface ClockTimer {
  cancel(): void;
}

export const systemClock: Clock = {
  now: () => Date.now(),
  setTimeout(fn, ms) {
    const handle = setTimeout(fn, ms);
    handle.unref?.();
    return { cancel: () => clearTimeout(handle) };
  },
};

interface PendingTimer {
  at: number;
  seq: number;
  fn: () => void;
  cancelled: boolean;
}

/** A clock that only moves when told to. `advance` fires due timers in time order. */
export class VirtualClock implements Clock {
  private current: number;
  private timers: PendingTimer[] = [];
  private seq = 0;

  constructor(start: number | string = '2026-11-22T09:00:00Z') {
    this.current = typeof start === 'number' ? start : Date.parse(start);
  }

  now(): number {
    return this.current;
  }

  setTimeout(fn: () => void, ms: number): ClockTimer {
    const timer: PendingTimer = { at: this.current + Math.max(0, ms), seq: this.seq++, fn, cancelled: false };
    this.timers.push(timer);
    return { cancel: () => (timer.cancelled = true) };
  }

  /** Moves time forward by `ms`, firing each due timer at its own instant. */
  advance(ms: number): void {
    const target = this.current + ms;
    for (;;) {
      this.timers = this.timers.filter((t) => !t.cancelled);
      const next = this.timers.filter((t) => t.at <= target).sort((a, b) => a.at - b.at || a.seq - b.seq)[0];
      if (!next) break;
      this.timers.splice(this.timers.indexOf(next), 1);
      this.current = Math.max(this.current, next.at);
      next.fn();
    }
    this.current = target;
  }

  set(time: number | string): void {
    const t = typeof time === 'number' ? time : Date.parse(time);
    if (t < this.current) throw new Error('VirtualClock cannot go backwards');
    this.advance(t - this.current);
  }
}

export const iso = (ms: number): string => new Date(ms).toISOString();

/**
 * Real time, sped up: `factor` virtual milliseconds pass per real millisecond, so at ×3600 the
 * 48 h step of the retry ladder takes 48 s. Starts at the real current time. The factor can
 * change while running (the console's demo clock): time goes on from where it is, never back.
 */
export class ScaledClock implements Clock {
  private realAnchor = Date.now();
  private virtualAnchor = this.realAnchor;
  private currentFactor: number;

  constructor(factor: number) {
    this.currentFactor = ScaledClock.check(factor);
  }

  get factor(): number {
    return this.currentFactor;
  }

  /** Timers already set keep their old real delay; the scheduler re-arms its own after a change. */
  setFactor(factor: number): void {
    const now = this.now();
    this.currentFactor = ScaledClock.check(factor);
    this.realAnchor = Date.now();
    this.virtualAnchor = now;
  }

  now(): number {
    return this.virtualAnchor + Math.round((Date.now() - this.realAnchor) * this.currentFactor);
  }

  setTimeout(fn: () => void, ms: number): ClockTimer {
    return systemClock.setTimeout(fn, Math.max(0, ms) / this.currentFactor);
  }

  private static check(factor: number): number {
    if (!(factor >= 1)) throw new Error('time scale must be at least 1');
    return factor;
  }
}
