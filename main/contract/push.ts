import type { HeraldNotification, Integration, LogEntry } from './schemas.js';
import type { CaptureSummary } from './sandbox.js';

/** Pushed from the engine to every renderer: IPC in Electron, Server-Sent Events in browser mode. */
export type PushEvent =
  | { type: 'log'; entry: LogEntry & { seq: number } }
  | { type: 'integration'; integration: Integration }
  | { type: 'integration.deleted'; id: string }
  /** For a desktop notification: Herald stopped sending to an integration. */
  | { type: 'integration.autoDisabled'; integration_id: string; integration_name: string; reason: string }
  /** Deliveries were paused or resumed (from the app bar, the tray or the API). */
  | { type: 'deliveries.paused'; paused: boolean }
  /** A notification was raised, updated, read or resolved. */
  | { type: 'notification'; notification: HeraldNotification }
  /** A sandbox receiver kept a send (the inbox views update live). */
  | { type: 'sandbox.captured'; capture: CaptureSummary }
  /** Captures were cleared: one integration's, or all (null). */
  | { type: 'sandbox.cleared'; integration_id: string | null }
  /** The demo clock changed speed. */
  | { type: 'clock'; time_scale: number };

export const PUSH_CHANNEL = 'herald:push';
export const INVOKE_CHANNEL = 'herald:invoke';
