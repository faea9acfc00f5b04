import type { Dispatcher } from 'undici';
import type { FailureClass, IntegrationKind, TestReport } from '../../contract/index.js';
import type { z } from 'zod';
import type { TestEmailSchema } from '../../contract/index.js';
import type { HttpExchange } from '../net/http.js';

export interface OutgoingEvent {
  id: string;
  trigger: string;
  created_at: string;
  payload: Record<string, unknown>;
}

export type Secrets = Record<string, string | null>;

export interface Target<S> {
  name: string;
  settings: S;
  secrets: Secrets;
}

export type SendResult =
  | { outcome: 'delivered'; exchange: HttpExchange }
  | { outcome: 'failed'; exchange: HttpExchange; error: string; classification: FailureClass; retryAfterMs?: number };

export interface TestOptions {
  /** Email: also send a test message. */
  send_email?: z.output<typeof TestEmailSchema> | undefined;
}

export interface ChannelRuntime {
  timeoutMs: number;
  /** Shared keep-alive pool for deliveries; Test it opens its own connections. */
  dispatcher: Dispatcher;
  userAgent: string;
}

/** One integration kind. Adding a kind means one file implementing this, its form, and its tests. */
export interface Channel<S = unknown> {
  kind: IntegrationKind;
  /** Keys of the secrets object; each is encrypted at rest and masked in every output. */
  secretNames: readonly string[];
  /** Whether this integration wants the event at all (its own trigger and project filters). */
  wants(settings: S, event: { trigger: string; payload: Record<string, unknown> }): boolean;
  send(target: Target<S>, events: OutgoingEvent[], runtime: ChannelRuntime): Promise<SendResult>;
  test(target: Target<S>, runtime: ChannelRuntime, options?: TestOptions): Promise<TestReport>;
}
