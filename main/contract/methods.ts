import { z } from 'zod';
import type { Result } from './result.js';
import { TriggerNameSchema } from './catalogue.js';
import {
  EventInputSchema,
  IdSchema,
  IntegrationInputSchema,
  LogQuerySchema,
  RuleInputSchema,
  ScenarioInputSchema,
  SettingsPatchSchema,
  TemplatePreviewInputSchema,
  JiraPreviewInputSchema,
  TestInputSchema,
  DeadLetterQuerySchema,
  HealthSeriesQuerySchema,
  MarkReadInputSchema,
  NotificationQuerySchema,
  ReplayInputSchema,
  type NotificationList,
  type HealthSeries,
  type DeadLetterPage,
  type DryRunResult,
  type ReplayResult,
  type AppInfo,
  type Attempt,
  type Delivery,
  type FireResult,
  type Integration,
  type LogPage,
  type Rule,
  type Settings,
  type TemplateDefaults,
  type TemplatePreview,
  type JiraPreview,
  type TestReport,
  type TriggerSummary,
} from './schemas.js';
import {
  CaptureQuerySchema,
  CaptureScopeSchema,
  ClockScaleInputSchema,
  ExportCaptureInputSchema,
  ReleaseCaptureInputSchema,
  SetSandboxInputSchema,
  type CaptureExport,
  type CaptureList,
  type ReleaseResult,
  type SandboxCapture,
} from './sandbox.js';
import { ReportInputSchema, ReportUpdateSchema, type Report, type ReportSendResult } from './reports.js';

/**
 * The one table of methods. The shell registers an IPC handler per entry, the server exposes
 * each as `POST /rpc/<name>`, the preload builds `window.herald` by looping over the names.
 * A method without an engine handler is a compile error (see `Handlers`).
 */
function method<I extends z.ZodType, O>(input: I, doc: string) {
  return { input, doc, __output: undefined as unknown as O };
}

const Empty = z.object({}).default({});
const ById = z.object({ id: IdSchema });
const RevealSecretInput = z.object({
  id: IdSchema,
  secret: z.string().trim().min(1, 'secret is required: the name of a stored secret such as token or password').max(64, 'secret is the name of a stored secret such as token or password'),
});

// Demo data (issue 7): synthetic events and redaction of real payloads.
const SynthesizeInput = z.object({
  trigger: TriggerNameSchema,
  seed: z
    .number({ error: 'seed must be a whole number, e.g. 1; the same seed gives the same events' })
    .int('seed must be a whole number, e.g. 1; the same seed gives the same events')
    .default(1),
  count: z
    .number({ error: 'count must be a whole number from 1 to 100' })
    .int('count must be a whole number from 1 to 100')
    .min(1, 'count must be at least 1')
    .max(100, 'count must be at most 100: generate fewer events at a time')
    .default(1),
});
export interface SynthesizeResult {
  events: { trigger: string; payload: Record<string, unknown> }[];
}
const RedactInput = z.object({
  payload: z.record(z.string(), z.unknown(), { error: 'payload must be a JSON object, e.g. {"token": "…"}' }),
});
export type RedactionKind = 'secret' | 'email' | 'hostname' | 'ip';
export interface RedactResult {
  payload: Record<string, unknown>;
  redactions: { path: string; kind: RedactionKind }[];
}

export const methods = {
  'app.info': method<typeof Empty, AppInfo>(Empty, 'Version, mode and data folder.'),

  'catalogue.list': method<typeof Empty, TriggerSummary[]>(Empty, 'Every trigger with its description, JSON schema and example payload.'),

  'integrations.list': method<typeof Empty, Integration[]>(Empty, 'All integrations, secrets masked, with health.'),
  'integrations.get': method<typeof ById, Integration>(ById, 'One integration. Fails with not_found.'),
  'integrations.create': method<typeof IntegrationInputSchema, Integration>(
    IntegrationInputSchema,
    'Creates an integration. Fails with validation naming the field.',
  ),
  'integrations.update': method<z.ZodObject<{ id: typeof IdSchema; input: typeof IntegrationInputSchema }>, Integration>(
    z.object({ id: IdSchema, input: IntegrationInputSchema }),
    'Replaces settings; omitted secrets are kept, null clears them. Fails with not_found or validation.',
  ),
  'integrations.delete': method<typeof ById, { id: string }>(ById, 'Deletes the integration and its pending deliveries; attempts stay in the log.'),
  'integrations.setActive': method<z.ZodObject<{ id: typeof IdSchema; active: z.ZodBoolean }>, Integration>(
    z.object({ id: IdSchema, active: z.boolean() }),
    'Manual enable/disable. Enabling clears an auto-disable and restarts the retry schedule.',
  ),
  'integrations.duplicate': method<typeof ById, Integration>(
    ById,
    'Copies an integration with its settings, stored secrets and delivery policy, as "<name> (copy)". The copy starts disabled, so nothing is sent twice until it is edited and enabled.',
  ),
  'integrations.revealSecret': method<typeof RevealSecretInput, { value: string | null }>(
    RevealSecretInput,
    'The clear value of one stored secret, for an explicit "reveal" in the form. Every reveal is written to the live log (never the value).',
  ),
  'integrations.test': method<typeof TestInputSchema, TestReport>(
    TestInputSchema,
    'Sends trigger `test` with an empty payload and reports each step. Never throws for network failures: they are steps.',
  ),
  'integrations.refreshAvailability': method<typeof ById, { report: TestReport; integration: Integration }>(
    ById,
    'Re-tests a saved integration and re-enables it when the test passes.',
  ),

  'integrations.setSandbox': method<typeof SetSandboxInputSchema, Integration>(
    SetSandboxInputSchema,
    'Live, Capture (sends go to the matching sandbox receiver on 127.0.0.1) or Chaos (the receiver fails a chosen share of sends). Test it follows the mode too.',
  ),

  'sandbox.list': method<typeof CaptureQuerySchema, CaptureList>(CaptureQuerySchema, 'What the sandbox receivers kept, newest first, for all integrations or one. Kept in memory until cleared or Herald restarts.'),
  'sandbox.get': method<typeof ById, SandboxCapture>(ById, 'One capture in full: the email with its source, the request with headers (token masked) and body, or the Jira issue.'),
  'sandbox.clear': method<typeof CaptureScopeSchema, { cleared: number }>(CaptureScopeSchema, 'Forgets the captures of one integration, or all.'),
  'sandbox.export': method<typeof ExportCaptureInputSchema, CaptureExport>(
    ExportCaptureInputSchema,
    'One captured email as .eml (its exact bytes), another capture as JSON, or every capture in scope as one JSON file.',
  ),
  'sandbox.release': method<typeof ReleaseCaptureInputSchema, ReleaseResult>(
    ReleaseCaptureInputSchema,
    'Sends a captured email, unchanged, to its original recipients through a live email integration\'s SMTP server.',
  ),
  'clock.setScale': method<typeof ClockScaleInputSchema, AppInfo>(
    ClockScaleInputSchema,
    'Runs engine time faster than real time (the demo clock: ×60, ×3600) or back at ×1. Retry waits and batching windows follow at once; not kept across restarts.',
  ),

  'events.fire': method<typeof EventInputSchema, FireResult>(
    EventInputSchema,
    'Validates the payload against the trigger schema, stores the event and its deliveries in one transaction.',
  ),

  'events.dryRun': method<typeof EventInputSchema, DryRunResult>(
    EventInputSchema,
    'Which rules and webhooks this event would match, why or why not, and exactly what each delivery would send. Stores and sends nothing. Fails with validation like events.fire.',
  ),

  'events.synthesize': method<typeof SynthesizeInput, SynthesizeResult>(
    SynthesizeInput,
    'Realistic example events for a trigger, built from its schema. The same trigger, seed and count always give the same events (repeatable demos). Stores and sends nothing.',
  ),
  'events.redact': method<typeof RedactInput, RedactResult>(
    RedactInput,
    'A copy of a payload with secrets, e-mail addresses and internal hostnames/IPs replaced by stable placeholders (<secret-1>, <email-1>, <host-1>, <ip-1>), and the list of what was hidden (path and kind).',
  ),

  'integrations.retryNow': method<typeof ById, Integration>(
    ById,
    'Skips the wait of a failing integration: its queued events are sent now. The retry step is kept.',
  ),

  'deliveries.dead': method<typeof DeadLetterQuerySchema, DeadLetterPage>(DeadLetterQuerySchema, 'Dead letters: deliveries that gave up, newest first, with their last error.'),
  'deliveries.replay': method<typeof ReplayInputSchema, ReplayResult>(
    ReplayInputSchema,
    'Queues dead deliveries again with the same event id; recipients that already accepted an email are not sent to again.',
  ),

  'health.series': method<typeof HealthSeriesQuerySchema, HealthSeries[]>(
    HealthSeriesQuerySchema,
    'Attempts, successes, failures and latency (p50, p95) per time bucket, per integration (or one).',
  ),

  'deliveries.pause': method<z.ZodObject<{ paused: z.ZodBoolean }>, AppInfo>(
    z.object({ paused: z.boolean() }),
    'Pauses or resumes all sending. Events keep being recorded and queued; nothing is lost. Not kept across restarts.',
  ),

  'notifications.list': method<typeof NotificationQuerySchema, NotificationList>(
    NotificationQuerySchema,
    'What needs attention (auto-disabled integrations, dead letters, failed tests), newest first, without the kinds switched off in Settings.',
  ),
  'notifications.markRead': method<typeof MarkReadInputSchema, NotificationList>(MarkReadInputSchema, 'Marks notifications read; they stay listed until their cause goes away.'),

  'triggers.setEnabled': method<z.ZodObject<{ trigger: typeof TriggerNameSchema; enabled: z.ZodBoolean }>, TriggerSummary>(
    z.object({ trigger: TriggerNameSchema, enabled: z.boolean() }),
    'Switches one trigger on or off everywhere (seed 001). Switched-off events are recorded and never sent.',
  ),

  'events.scenario': method<typeof ScenarioInputSchema, FireResult[]>(
    ScenarioInputSchema,
    'Fires a whole scan in order (analysis started, policy alerts, analysis finished) with source "scenario".',
  ),

  'rules.list': method<typeof Empty, Rule[]>(Empty, 'All routing rules.'),
  'rules.create': method<typeof RuleInputSchema, Rule>(
    RuleInputSchema,
    'Creates a rule. Each action\'s params are checked against its integration\'s kind; validation names the field, e.g. actions.0.params.recipients.1.',
  ),
  'rules.update': method<z.ZodObject<{ id: typeof IdSchema; input: typeof RuleInputSchema }>, Rule>(
    z.object({ id: IdSchema, input: RuleInputSchema }),
    'Replaces a rule. Deliveries already queued keep the action they were routed with.',
  ),
  'rules.delete': method<typeof ById, { id: string }>(ById, 'Deletes a rule; queued deliveries still go out.'),

  'templates.defaults': method<typeof Empty, TemplateDefaults>(Empty, 'Herald\'s default email templates and the variables templates can use.'),
  'templates.preview': method<typeof TemplatePreviewInputSchema, TemplatePreview>(
    TemplatePreviewInputSchema,
    'Renders a template against a catalogue example. Fails with validation naming the part (template.subject/html/text) and the line.',
  ),

  'jira.preview': method<typeof JiraPreviewInputSchema, JiraPreview>(
    JiraPreviewInputSchema,
    'The issue a Jira action would create for a catalogue example. Fails with validation naming params.<field>.',
  ),

  'log.list': method<typeof LogQuerySchema, LogPage>(LogQuerySchema, 'Newest-first page of the live log, optionally filtered by integration, trigger, kind and time.'),
  'log.attempt': method<typeof ById, Attempt>(ById, 'One attempt with its exact request and response.'),
  'log.deliveries': method<z.ZodObject<{ event_id: typeof IdSchema }>, Delivery[]>(
    z.object({ event_id: IdSchema }),
    'Deliveries of one event.',
  ),

  'reports.list': method<typeof Empty, Report[]>(Empty, 'Scheduled email reports with their next run and last result.'),
  'reports.create': method<typeof ReportInputSchema, Report>(
    ReportInputSchema,
    'Creates a daily, weekly or monthly report. The integration must exist and be an email integration; validation names the field.',
  ),
  'reports.update': method<typeof ReportUpdateSchema, Report>(ReportUpdateSchema, 'Replaces a report and plans its next run from now. Fails with not_found or validation.'),
  'reports.delete': method<typeof ById, { id: string }>(ById, 'Deletes a report; nothing more is sent for it.'),
  'reports.sendNow': method<typeof ById, ReportSendResult>(
    ById,
    'Sends a preview of the report now to its recipients (subject marked as a preview) without moving its schedule. Never throws for SMTP failures: the result says delivered or the error with the server\'s reply.',
  ),

  'settings.get': method<typeof Empty, Settings>(Empty, 'Engine settings.'),
  'settings.update': method<typeof SettingsPatchSchema, Settings>(SettingsPatchSchema, 'Changes some settings; validation names the field.'),
} as const;

export type Methods = typeof methods;
export type MethodName = keyof Methods;
export const METHOD_NAMES = Object.keys(methods) as MethodName[];
export type MethodInput<M extends MethodName> = z.input<Methods[M]['input']>;
export type MethodParsedInput<M extends MethodName> = z.output<Methods[M]['input']>;
export type MethodOutput<M extends MethodName> = Methods[M]['__output'];

/** What the engine must implement: one function per method, taking parsed input. */
export type Handlers = { [M in MethodName]: (input: MethodParsedInput<M>) => Promise<MethodOutput<M>> | MethodOutput<M> };

/** What the renderer calls: `window.herald` in Electron, the HTTP client in browser mode. */
export type HeraldApi = {
  [M in MethodName]: (input: MethodInput<M>) => Promise<Result<MethodOutput<M>>>;
};
