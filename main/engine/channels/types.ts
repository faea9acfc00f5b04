import type { Dispatcher } from 'undici';
import type { DeliveryAction, DeliveryPreview, FailureClass, FieldIssue, IntegrationKind, RecipientProgress, TestReport } from '../../contract/index.js';
import type { z } from 'zod';
import type { TestEmailSchema } from '../../contract/index.js';
import type { HttpExchange } from '../net/http.js';

export interface OutgoingEvent {
  id: string;
  trigger: string;
  created_at: string;
  project: string | null;
  payload: Record<string, unknown>;
}

/** One delivery sent on its own (an email): its event, the rule action it serves, and what happened so far. */
export interface DeliveryItem {
  delivery_id: string;
  event: OutgoingEvent;
  action: DeliveryAction | null;
  progress: RecipientProgress | null;
  /** Scan digest: the policy alerts it lists, oldest first. Empty otherwise. */
  digest_events: OutgoingEvent[];
}

export type ItemResult = SendResult & {
  /** Where to see the result, e.g. the Jira issue that was created or commented on. */
  link?: { label: string; url: string };
  progress?: RecipientProgress;
  /** Delivered, but with something the user should see (e.g. a recipient rejected for good). */
  note?: { error: string; classification: FailureClass };
};

/** Durable key/value memory of one integration, e.g. which Jira issue an alert already has. */
export interface ChannelMemory {
  get(key: string): string | null;
  put(key: string, value: string): void;
}

export interface ItemSession {
  send(item: DeliveryItem): Promise<ItemResult>;
  close(): void;
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
  /** Jira: also check this project and issue type. */
  jira_target?: { project_key: string; issue_type: string } | undefined;
  /** SMS: the number the test message goes to (else the first recipient). */
  sms_to?: string | undefined;
}

export interface ChannelRuntime {
  timeoutMs: number;
  /** Shared keep-alive pool for deliveries; Test it opens its own connections. */
  dispatcher: Dispatcher;
  userAgent: string;
  /** The engine's clock (virtual in tests): token lifetimes are measured on it. */
  now?: () => number;
}

/** What a dry run renders for one delivery: its event, the rule action, and a digest's alerts. */
export type PreviewItem = Pick<DeliveryItem, 'event' | 'action' | 'digest_events'>;

/**
 * Which sandbox receiver stands in for the kind's real target in Capture and Chaos. HTTP kinds go
 * to the webhook bin and say how their settings point there; email and Jira have receivers of their own.
 */
export type SandboxTarget<S> = { receiver: 'webhook-bin'; redirect(settings: S, binAddress: string): S } | { receiver: 'smtp-inbox' } | { receiver: 'jira-simulator' };

interface ChannelBase<S> {
  kind: IntegrationKind;
  /** Keys of the secrets object; each is encrypted at rest and masked in every output. */
  secretNames: readonly string[];
  /** Whether the integration's own filters want the event (webhooks); rule actions route the rest. */
  wants(settings: S, event: { trigger: string; payload: Record<string, unknown> }): boolean;
  test(target: Target<S>, runtime: ChannelRuntime, options?: TestOptions): Promise<TestReport>;
  /** Exactly what a delivery would send, rendered by the functions the channel sends with. Secrets arrive masked. */
  preview(target: Target<S>, item: PreviewItem, userAgent: string): Promise<DeliveryPreview>;
  /** Checks beyond the schema when the integration is saved (templates compile), so they never fail at send time. */
  checkSettings?(settings: S): Promise<FieldIssue[]>;
  sandbox: SandboxTarget<S>;
  /**
   * Incident kinds: the scan's finish is routed to the rule actions that page on its policy alerts
   * (while the action has alerts open in that project, see `openAlertsKey`), so the channel can
   * resolve the alerts the finished scan no longer reports.
   */
  followsScans?(settings: S): boolean;
}

/** ChannelMemory key of the alerts one rule action (`<rule id>/<index>`) keeps open in one project: a JSON array of fingerprints. */
export const openAlertsKey = (actionKey: string, project: string): string => `open:${actionKey}:${project}`;

/**
 * One integration kind. Adding a kind means one file implementing this (listed in `index.ts`), its
 * contract schemas, its form (listed in the renderer's `kinds.tsx`), and its tests.
 * `batch`: every due event of the integration goes in one request (seed 004's webhook).
 * `each`: one message per delivery through a session that may reuse its connection (email).
 */
export type Channel<S = unknown> =
  | (ChannelBase<S> & {
      mode: 'batch';
      send(target: Target<S>, events: OutgoingEvent[], runtime: ChannelRuntime): Promise<SendResult>;
      /**
       * Act on the failure class like `each` kinds do: auth/config disables the integration and keeps
       * the batch queued, permanent ends the batch. Without it (seed 004's webhook) every failure
       * climbs the retry schedule.
       */
      failsByClass?: boolean;
    })
  | (ChannelBase<S> & { mode: 'each'; open(target: Target<S>, runtime: ChannelRuntime, memory: ChannelMemory): ItemSession });
