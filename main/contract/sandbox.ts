import { z } from 'zod';
import { IdSchema } from './schemas.js';

/**
 * The offline sandbox (issue 7). Each integration has a mode:
 * - `live`: sends go where its settings say;
 * - `capture`: sends go to a receiver of its kind on 127.0.0.1 inside Herald (an SMTP inbox, a
 *   webhook bin, a Jira simulator) and are kept there for the console's inbox views;
 * - `chaos`: the same receiver, answering a chosen share of sends with failures, so retries and
 *   auto-disable can be shown on purpose.
 */
export const SANDBOX_MODES = ['live', 'capture', 'chaos'] as const;
export type SandboxMode = (typeof SANDBOX_MODES)[number];
/** `status`: an error answer (HTTP status, SMTP reply code, Jira 429); `timeout`: never answers; `slow`: answers late. */
export const CHAOS_FAILURES = ['status', 'timeout', 'slow'] as const;
export type ChaosFailure = (typeof CHAOS_FAILURES)[number];

export const ChaosSettingsSchema = z.object({
  rate: z
    .number({ error: 'rate is the share of sends that fail, from 0 to 1, e.g. 0.3' })
    .min(0, 'rate is at least 0 (nothing fails)')
    .max(1, 'rate is at most 1 (every send fails)')
    .default(0.3),
  failures: z
    .array(z.enum(CHAOS_FAILURES, { error: 'A failure is status, timeout or slow' }))
    .min(1, 'Choose at least one way to fail: status, timeout or slow')
    .transform((list) => [...new Set(list)])
    .default(['status']),
  /** HTTP status (webhook, Jira) or SMTP reply code (email); null = the receiver's usual one (503, Jira 429, SMTP 451). */
  status: z
    .number({ error: 'status is an error code from 400 to 599, e.g. 503 (HTTP) or 451 (SMTP)' })
    .int('status is an error code from 400 to 599, e.g. 503 (HTTP) or 451 (SMTP)')
    .min(400, 'status is an error code from 400 to 599, e.g. 503 (HTTP) or 451 (SMTP)')
    .max(599, 'status is an error code from 400 to 599, e.g. 503 (HTTP) or 451 (SMTP)')
    .nullable()
    .default(null),
  /** How late a `slow` answer comes, in real milliseconds. */
  delay_ms: z
    .number({ error: 'delay_ms is a whole number of milliseconds up to 120000' })
    .int('delay_ms is a whole number of milliseconds up to 120000')
    .min(0, 'delay_ms is at least 0')
    .max(120_000, 'delay_ms is at most 120000 (two minutes)')
    .default(3000),
});
export type ChaosSettings = z.infer<typeof ChaosSettingsSchema>;
export const DEFAULT_CHAOS: ChaosSettings = { rate: 0.3, failures: ['status'], status: null, delay_ms: 3000 };

/** What the webhook bin answers when chaos leaves a request alone (Capture, or Chaos's lucky ones). */
export const BinReplySchema = z.object({
  status: z
    .number({ error: 'status is an HTTP status from 200 to 599, e.g. 200 or 202' })
    .int('status is an HTTP status from 200 to 599, e.g. 200 or 202')
    .min(200, 'status is an HTTP status from 200 to 599, e.g. 200 or 202')
    .max(599, 'status is an HTTP status from 200 to 599, e.g. 200 or 202')
    .default(200),
  delay_ms: z
    .number({ error: 'delay_ms is a whole number of milliseconds up to 120000' })
    .int('delay_ms is a whole number of milliseconds up to 120000')
    .min(0, 'delay_ms is at least 0')
    .max(120_000, 'delay_ms is at most 120000 (two minutes)')
    .default(0),
  body: z.string().max(10_000, 'The answer body is at most 10,000 characters').default('{"accepted":true}'),
});
export type BinReply = z.infer<typeof BinReplySchema>;
export const DEFAULT_BIN_REPLY: BinReply = { status: 200, delay_ms: 0, body: '{"accepted":true}' };

export const SandboxSettingsSchema = z.object({
  mode: z.enum(SANDBOX_MODES, { error: 'mode is live, capture or chaos' }).default('live'),
  chaos: ChaosSettingsSchema.default(DEFAULT_CHAOS),
  /** Webhooks only: the bin's answer. */
  reply: BinReplySchema.default(DEFAULT_BIN_REPLY),
});
export type SandboxSettings = z.infer<typeof SandboxSettingsSchema>;

/** What an integration shows of its sandbox. */
export interface IntegrationSandbox extends SandboxSettings {
  /** Where its receiver listens (e.g. `http://127.0.0.1:41234`); null while none runs. */
  address: string | null;
  /** Captures held for it. */
  captures: number;
}

export const SetSandboxInputSchema = z.object({
  id: IdSchema,
  mode: SandboxSettingsSchema.shape.mode.unwrap(),
  /** Omitted: the stored chaos settings are kept. */
  chaos: ChaosSettingsSchema.optional(),
  /** Omitted: the stored answer of the webhook bin is kept. */
  reply: BinReplySchema.optional(),
});

export const CaptureQuerySchema = z.object({
  integration_id: IdSchema.optional(),
  limit: z.number().int().min(1, 'limit is at least 1').max(2000, 'limit is at most 2000').default(500),
});
export const CaptureScopeSchema = z.object({ integration_id: IdSchema.optional() }).default({});
export const ExportCaptureInputSchema = z.object({
  /** One capture (an email exports as .eml, anything else as JSON); omitted: every capture in scope as one JSON file. */
  id: IdSchema.optional(),
  integration_id: IdSchema.optional(),
});
export const ReleaseCaptureInputSchema = z.object({
  id: IdSchema,
  /** A live email integration whose SMTP server gets the message. */
  integration_id: z.string({ error: 'Choose the email integration to release through' }).trim().min(1, 'Choose the email integration to release through').max(64, 'id is too long'),
});
export const ClockScaleInputSchema = z.object({
  scale: z
    .number({ error: 'scale is how many times faster engine time runs: 1, 60 or 3600' })
    .int('scale is a whole number: 1, 60 or 3600')
    .min(1, 'scale is at least 1 (real time)')
    .max(1_000_000, 'scale is at most 1000000'),
});

interface CaptureCommon {
  /** `<integration id>.<receiver's id>`: unique across integrations. */
  id: string;
  integration_id: string;
  integration_name: string;
  /** ISO 8601, wall time of arrival. */
  at: string;
  /** What chaos did to this request, if anything. */
  injected: ChaosFailure | null;
}

/** One line of an inbox list. */
export interface CaptureSummary extends CaptureCommon {
  receiver: 'smtp' | 'webhook' | 'jira';
  /** Jira keeps the issues it created and every request; the inbox lists the issues by default. */
  jira_type: 'issue' | 'request' | null;
  /** Subject, `POST /path`, or `SEC-1 Summary`. */
  title: string;
  /** Recipients, a body excerpt, or the issue type and labels. */
  detail: string;
  /** HTTP status or SMTP reply code answered; null when none was (held or still open). */
  status: number | null;
}

export interface CapturedEmail extends CaptureCommon {
  receiver: 'smtp';
  envelope: { from: string; to: string[] };
  /** In message order, repeated headers kept. */
  headers: [string, string][];
  subject: string;
  from: string;
  to: string[];
  date: string | null;
  text: string;
  html: string | null;
  attachments: { filename: string | null; content_type: string; size: number; content_base64: string }[];
  /** The message source as received. */
  raw: string;
  size: number;
  session: { secure: boolean; starttls: boolean; user: string | null; helo: string; transmission: string };
  reply: { code: number; message: string } | null;
}

export interface CapturedRequest extends CaptureCommon {
  receiver: 'webhook';
  method: string;
  path: string;
  query: [string, string][];
  /** As sent, except the token header's value, which is masked. */
  headers: [string, string][];
  body: string;
  json?: unknown;
  size: number;
  truncated: boolean;
  /** Which header carried the token, as spelled in the request. */
  token_header: string | null;
  status: number | null;
}

export interface CapturedJiraIssue extends CaptureCommon {
  receiver: 'jira';
  type: 'issue';
  key: string;
  project: string;
  issue_type: string;
  summary: string;
  labels: string[];
  description_format: 'wiki' | 'adf' | null;
  fields: Record<string, unknown>;
  comments: { id: string; body: unknown; created: string }[];
  /** The simulator's page for the issue. */
  browse_url: string | null;
}

export interface CapturedJiraRequest extends CaptureCommon {
  receiver: 'jira';
  type: 'request';
  method: string;
  path: string;
  query: Record<string, string>;
  auth: { scheme: 'bearer' | 'basic' | 'other'; user: string | null } | null;
  body: unknown;
  status: number | null;
  issue_key: string | null;
}

export type SandboxCapture = CapturedEmail | CapturedRequest | CapturedJiraIssue | CapturedJiraRequest;

export interface CaptureList {
  captures: CaptureSummary[];
  /** Held in scope, before the limit. */
  total: number;
}

export interface CaptureExport {
  filename: string;
  content_type: string;
  /** base64 for .eml (the exact bytes), UTF-8 text for JSON. */
  encoding: 'base64' | 'utf8';
  content: string;
}

export interface ReleaseResult {
  accepted: string[];
  rejected: string[];
  /** The SMTP server's last reply. */
  response: string;
}
