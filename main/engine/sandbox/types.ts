/**
 * The offline sandbox (issue 7): receivers on 127.0.0.1 that stand in for an SMTP server, a
 * webhook receiver and Jira, started on demand inside the app. A live channel delivers to them
 * unchanged; what they receive is kept as captures for the console's inbox views.
 *
 * Each receiver lives in its own file (smtp-inbox.ts, webhook-bin.ts, jira-sim.ts) and
 * implements SandboxReceiver. Captures are kept in memory, newest last, bounded per receiver.
 */

/** Injected failures ("Chaos" mode): each request fails with this probability, in one of these ways. */
export interface ChaosConfig {
  /** 0 (never) … 1 (always). */
  rate: number;
  /**
   * How a request fails, chosen uniformly among the listed ones:
   * - `status`: answer with `status` (HTTP receivers: e.g. 500, 503, 429 with Retry-After; SMTP: a 4xx/5xx reply code);
   * - `timeout`: accept the connection and never answer;
   * - `slow`: answer normally after `delay_ms`.
   */
  modes: ('status' | 'timeout' | 'slow')[];
  /** HTTP status or SMTP reply code for `status` (default: 503 HTTP, 451 SMTP; Jira: 429 with Retry-After). */
  status?: number;
  delay_ms?: number;
}

export interface Capture {
  /** Unique within the receiver. */
  id: string;
  /** ISO 8601. */
  at: string;
  receiver: 'smtp' | 'webhook' | 'jira';
  /** What the chaos injection did to this request, if anything. */
  injected: 'status' | 'timeout' | 'slow' | null;
}

export interface SandboxReceiver<C extends Capture = Capture> {
  readonly kind: Capture['receiver'];
  /** Binds 127.0.0.1 on `port` (0 = any free port). Idempotent. */
  start(port?: number): Promise<void>;
  stop(): Promise<void>;
  /** e.g. `http://127.0.0.1:41234` or `smtp://127.0.0.1:41235`; null when stopped. */
  readonly address: string | null;
  readonly port: number | null;
  captures(): C[];
  clear(): void;
  setChaos(chaos: ChaosConfig | null): void;
  /** Called with each new capture (the console's live inbox). */
  onCapture(listener: (capture: C) => void): () => void;
}

/** Bounded memory: the oldest captures go first. */
export const MAX_CAPTURES = 2000;

/** One seeded coin per receiver, so a chaos run can be replayed (tests pass their own). */
export type RandomSource = () => number;

/**
 * Whether this request fails, and how: one coin for "fail?", a second for "how", so a seeded run
 * replays the same failures. An empty list of modes fails with a status.
 */
export function rollChaos(chaos: ChaosConfig | null, random: RandomSource): Capture['injected'] {
  if (!chaos || random() >= chaos.rate) return null;
  return chaos.modes[Math.min(chaos.modes.length - 1, Math.floor(random() * chaos.modes.length))] ?? 'status';
}
