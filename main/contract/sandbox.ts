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

/**
 * What each receiver keeps of a send. The receivers (main/engine/sandbox/) store these fields as
 * they arrive; the console gets them with the integration added (and the webhook token masked).
 */
export interface EmailFields {
  /** What the client said in MAIL FROM / RCPT TO (may differ from the headers: Bcc, digests). */
  envelope: { from: string; to: string[] };
  /** In message order, repeated headers kept (Received, …); values as received (encoded words stay encoded: subject/from/to are the decoded ones). */
  headers: [string, string][];
  subject: string;
  from: string;
  to: string[];
  /** ISO 8601 from the Date header, null when missing or unparseable. */
  date: string | null;
  text: string;
  html: string | null;
  /** content_base64 for export: attachments are small in alerts, and captures are bounded. */
  attachments: { filename: string | null; content_type: string; size: number; content_base64: string }[];
  /** The message exactly as received (UTF-8 view); the .eml export has the bytes. */
  raw: string;
  size: number;
  session: {
    /** TLS was in use when DATA was sent. */
    secure: boolean;
    /** That TLS came from STARTTLS (the inbox never speaks implicit TLS). */
    starttls: boolean;
    /** The authenticated username, null without AUTH. */
    user: string | null;
    /** The client's EHLO/HELO name. */
    helo: string;
    /** e.g. ESMTPSA (S = TLS, A = authenticated). */
    transmission: string;
  };
  /** What the inbox answered the DATA with. */
  reply: { code: number; message: string } | null;
}

export interface RequestFields {
  method: string;
  /** The path without the query string. */
  path: string;
  /** Query parameters in order, repeated names kept. */
  query: [string, string][];
  /** As sent: original spelling and order, repeated headers kept. */
  headers: [string, string][];
  /** UTF-8 text of the body (up to the limit when `truncated`). */
  body: string;
  /** The parsed body when it is JSON; absent otherwise. */
  json?: unknown;
  /** Bytes received (counted up to the limit when `truncated`). */
  size: number;
  /** The body went over the size limit: answered 413, only the first part kept. */
  truncated: boolean;
  /** Which header carried a token, as spelled in the request; null when none did. */
  token_header: string | null;
  /** The status the bin answered with; null when it never answered (`timeout`). */
  status: number | null;
}

/** An issue the simulator created; its comments grow as Herald reports repeats. */
export interface JiraIssueFields {
  type: 'issue';
  key: string;
  project: string;
  issue_type: string;
  summary: string;
  labels: string[];
  /** `wiki` for a v2 string, `adf` for a v3 document. */
  description_format: 'wiki' | 'adf' | null;
  /** Every field as sent in the create request. */
  fields: Record<string, unknown>;
  /** Each body a string (v2) or an ADF document (v3), as sent. */
  comments: { id: string; body: unknown; created: string }[];
}

/** One HTTP request to the Jira simulator; the credentials themselves are never kept. */
export interface JiraRequestFields {
  type: 'request';
  method: string;
  path: string;
  query: Record<string, string>;
  /** How the caller signed in, and as whom (Basic only). */
  auth: { scheme: 'bearer' | 'basic' | 'other'; user: string | null } | null;
  /** Parsed JSON when it parses, else the text; null when empty. */
  body: unknown;
  /** The status answered; null while held (a `timeout` injection) or if the client left. */
  status: number | null;
  /** The issue created or commented on, if any. */
  issue_key: string | null;
}

export interface CapturedEmail extends CaptureCommon, EmailFields {
  receiver: 'smtp';
}
/** The token header's value is masked. */
export interface CapturedRequest extends CaptureCommon, RequestFields {
  receiver: 'webhook';
}
export interface CapturedJiraIssue extends CaptureCommon, JiraIssueFields {
  receiver: 'jira';
  /** The simulator's page for the issue. */
  browse_url: string | null;
}
export interface CapturedJiraRequest extends CaptureCommon, JiraRequestFields {
  receiver: 'jira';
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
