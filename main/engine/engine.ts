import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import {
  catalogue,
  DEFAULT_DELIVERY_POLICY,
  findTrigger,
  HeraldError,
  issuesFromZod,
  SettingsSchema,
  ACTION_PARAMS_SCHEMAS,
  JiraActionParamsSchema,
  type JiraPreview,
  type Attempt,
  type EventSource,
  type FieldIssue,
  type FireResult,
  type AppInfo,
  type HealthBucket,
  type HealthSeries,
  type DeadLetter,
  type DeadLetterPage,
  type DryRunDelivery,
  type EscalationNotice,
  type DryRunResult,
  type ReplayResult,
  type IntegrationKind,
  type Rule,
  type RuleInputParsed,
  type TemplatePreview,
  type Handlers,
  type Integration,
  type IntegrationInputParsed,
  type LogEntry,
  type MaskedSecret,
  type Settings,
  type TestReport,
  type TriggerSummary,
  type TriggerName,
  SandboxSettingsSchema,
  type SandboxSettings,
  type EmailSettings,
} from '../contract/index.js';
import { PushBus } from './bus.js';
import { channelFor } from './channels/index.js';
import type { ChannelRuntime, Secrets, TestOptions } from './channels/types.js';
import { iso, ScaledClock, type Clock } from './clock.js';
import { lockDataDir } from './lock.js';
import { createAgent } from './net/http.js';
import { fileKeySecretBox, maskSecret, type SecretBox } from './secrets.js';
import { fingerprintOf, issueFields } from './channels/jira.js';
import { previewDelivery } from './preview.js';
import { Notifications } from './notifications.js';
import { buildRoutingTable, hasStaleAlerts, planRoutes, routeEvent, toRule, type RoutingTable } from './router.js';
import { POLICY_TRIGGERS, SCAN_BOUNDARY_TRIGGERS, subjectOf } from './rules.js';
import { Scheduler } from './scheduler.js';
import { Escalator } from './escalation.js';
import { parsePolicy } from './policy.js';
import { DEFAULT_TEMPLATES, renderDigestEmail, renderEventEmail, sampleDigestInput, sampleEventInput, TEMPLATE_VARIABLES, validateEventText, validateTemplate } from './templates.js';
import { openDatabase } from './store/db.js';
import { newId, Repo, type IntegrationRow, type RuleRow } from './store/repo.js';
import { synthesizeEvent } from './synthetic.js';
import { redactPayload } from './redact.js';
import { SandboxManager } from './sandbox/manager.js';
import { releaseRaw } from './channels/email.js';
import { Reports } from './reports/service.js';

export interface EngineOptions {
  dataDir: string;
  version: string;
  mode: 'electron' | 'browser';
  clock?: Clock;
  /** Electron passes a safeStorage box; headless uses a key file in the data folder. */
  secretBox?: SecretBox;
  nativeBinding?: string;
  /** Events per webhook request at most (default 1000); the crash test and benchmark lower it. */
  maxBatch?: number;
  /** Jitter source for retry waits (default Math.random); tests pass () => 0 for exact schedules. */
  random?: () => number;
}

const DAY = 86_400_000;

/** Findings the scan scenario cycles through: a blocker, a license policy without a CVE, a high. */
const SCENARIO_FINDINGS: readonly Record<string, unknown>[] = [
  { policy_id: 7, policy_name: 'Block critical CVEs in production', blocker: true, dependency: 'org.apache.logging.log4j:log4j-core', dependency_version: '2.14.1', vulnerability: 'CVE-2021-44228', severity: 'critical', purl: 'pkg:maven/org.apache.logging.log4j/log4j-core@2.14.1' },
  { policy_id: 9, policy_name: 'No copyleft licenses', blocker: false, dependency: 'com.github.jnr:jnr-posix', dependency_version: '3.1.15', vulnerability: undefined, severity: undefined, purl: 'pkg:maven/com.github.jnr/jnr-posix@3.1.15' },
  { policy_id: 11, policy_name: 'Warn on high-severity CVEs', blocker: false, dependency: 'com.fasterxml.jackson.core:jackson-databind', dependency_version: '2.9.10.1', vulnerability: 'CVE-2020-8840', severity: 'high', purl: 'pkg:maven/com.fasterxml.jackson.core/jackson-databind@2.9.10.1' },
];

/** The dispatch engine: store, router, scheduler and channels behind the contract's handlers. */
export class Engine {
  readonly bus = new PushBus();
  readonly clock: Clock;
  readonly repo: Repo;
  readonly scheduler: Scheduler;
  readonly escalator: Escalator;
  readonly handlers: Handlers;
  readonly notifications: Notifications;
  readonly sandbox: SandboxManager;
  readonly reports: Reports;
  apiUrl: string | null = null;
  private readonly secretBox: SecretBox;
  private readonly unlock: () => void;
  private settingsCache: Settings;
  private agent: ReturnType<typeof createAgent>;
  private pruneTimer: { cancel(): void } | null = null;

  constructor(private readonly options: EngineOptions) {
    mkdirSync(options.dataDir, { recursive: true, mode: 0o700 });
    this.unlock = lockDataDir(options.dataDir);
    try {
      // Adjustable, so the console's demo clock can speed time up and back down.
      this.clock = options.clock ?? new ScaledClock(1);
      this.repo = new Repo(openDatabase(join(options.dataDir, 'herald.sqlite'), options.nativeBinding ? { nativeBinding: options.nativeBinding } : {}));
      this.secretBox = options.secretBox ?? fileKeySecretBox(options.dataDir);
    } catch (error) {
      this.unlock();
      throw error;
    }
    this.settingsCache = this.loadSettings();
    this.notifications = new Notifications(this.repo, this.clock, this.bus, () => this.settingsCache.notifications_off);
    this.agent = createAgent(this.settingsCache.http_timeout_ms);
    this.sandbox = new SandboxManager({ onCapture: (capture) => this.bus.emit({ type: 'sandbox.captured', capture }) });
    this.scheduler = new Scheduler({
      repo: this.repo,
      clock: this.clock,
      batchIntervalMs: () => this.settingsCache.batch_interval_ms,
      random: options.random ?? Math.random,
      timeScale: () => this.timeScale,
      ...(options.maxBatch !== undefined ? { maxBatch: options.maxBatch } : {}),
      runtime: () => this.runtime(),
      decryptSecrets: (row) => this.decryptSecrets(row),
      settingsFor: (row) => this.sandbox.redirect(row.id, row.name, row.kind as IntegrationKind, sandboxOf(row), JSON.parse(row.settings)),
      onAttempt: (attempt, integrationId) => this.afterAttempt(attempt, integrationId),
      onDisabled: (integrationId, reason) => this.afterAutoDisable(integrationId, reason),
    });
    this.escalator = new Escalator({
      repo: this.repo,
      clock: this.clock,
      timeScale: () => this.timeScale,
      onEscalation: (notice, message, level) => this.notice(notice.fallback_integration_id, level, message, notice),
      onQueued: (integrationId) => this.wakeFor([integrationId]),
    });
    this.reports = new Reports({
      repo: this.repo,
      clock: this.clock,
      language: () => this.settingsCache.language,
      integrations: () => this.listIntegrations(),
      decryptSecrets: (row) => this.decryptSecrets(row),
      settingsFor: async (row) => (await this.sandbox.redirect(row.id, row.name, 'email', sandboxOf(row), JSON.parse(row.settings))) as EmailSettings,
      sandboxMode: (row) => sandboxOf(row).mode,
      notice: (integrationId, level, message) => this.notice(integrationId, level, message),
      timeScale: () => this.timeScale,
    });
    this.handlers = this.buildHandlers();
  }

  start(): void {
    this.scheduler.start();
    // After the scheduler: what fell due while Herald was closed escalates now, once.
    this.escalator.start();
    this.reports.start();
    // Receivers of integrations left in Capture or Chaos start now, so their addresses show at once.
    for (const row of this.repo.integrations()) {
      const sandbox = sandboxOf(row);
      if (sandbox.mode !== 'live') void this.sandbox.apply(row.id, row.name, row.kind as IntegrationKind, sandbox).then(() => this.publishSoon(row.id), (error: unknown) => this.notice(row.id, 'error', `${row.name}: the sandbox receiver did not start: ${(error as Error).message}`));
    }
    this.prune();
    const loop = () => {
      this.pruneTimer = this.clock.setTimeout(() => (this.prune(), loop()), DAY / 4);
    };
    loop();
  }

  async close(): Promise<void> {
    this.pruneTimer?.cancel();
    this.escalator.stop();
    await this.scheduler.stop();
    await this.reports.stop();
    await this.sandbox.close();
    this.flushPublishes();
    await this.agent.close().catch(() => undefined);
    this.repo.db.close();
    this.unlock();
  }

  get settings(): Settings {
    return this.settingsCache;
  }

  /** How fast engine time runs against real time (the compressed demo clock). */
  get timeScale(): number {
    return (this.clock as { factor?: number }).factor ?? 1;
  }


  get version(): string {
    return this.options.version;
  }

  get dataDir(): string {
    return this.options.dataDir;
  }

  // ---------------------------------------------------------------- settings

  private loadSettings(): Settings {
    const stored = this.repo.allSettings();
    // A bad stored value costs only that value, never the whole settings object.
    const clean: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(stored)) {
      const field = (SettingsSchema.shape as Record<string, z.ZodType>)[key];
      if (field?.safeParse(value).success) clean[key] = value;
      else if (field) console.warn(`settings: ignoring invalid stored value for ${key}; using the default`);
    }
    return SettingsSchema.parse(clean);
  }

  private updateSettings(patch: Partial<Settings>): Settings {
    const next = SettingsSchema.parse({ ...this.settingsCache, ...patch });
    this.repo.transaction(() => {
      for (const [key, value] of Object.entries(patch)) if (value !== undefined) this.repo.putSetting(key, value);
    });
    const intervalChanged = next.batch_interval_ms !== this.settingsCache.batch_interval_ms;
    if (next.http_timeout_ms !== this.settingsCache.http_timeout_ms) {
      const old = this.agent;
      this.agent = createAgent(next.http_timeout_ms);
      void old.close().catch(() => undefined);
    }
    this.settingsCache = next;
    if (intervalChanged) this.scheduler.reschedule();
    return next;
  }

  private runtime(): ChannelRuntime {
    return { timeoutMs: this.settingsCache.http_timeout_ms, dispatcher: this.agent, userAgent: `Herald/${this.options.version}`, now: () => this.clock.now() };
  }

  // ---------------------------------------------------------------- integrations

  private decryptSecrets(row: IntegrationRow): Secrets {
    const stored = JSON.parse(row.secrets) as Record<string, string>;
    const out: Secrets = {};
    for (const name of channelFor(row.kind).secretNames) out[name] = stored[name] ? this.secretBox.decrypt(stored[name]) : null;
    return out;
  }

  private maskedSecrets(row: IntegrationRow): Record<string, MaskedSecret> {
    const stored = JSON.parse(row.secrets) as Record<string, string>;
    const out: Record<string, MaskedSecret> = {};
    for (const name of channelFor(row.kind).secretNames) {
      if (!stored[name]) out[name] = maskSecret(null);
      else {
        try {
          out[name] = maskSecret(this.secretBox.decrypt(stored[name]));
        } catch {
          out[name] = { is_set: true, masked: '•••••••• (cannot be decrypted here)' };
        }
      }
    }
    return out;
  }

  /** Secrets as previews show them: masked, never in clear. */
  private maskedSecretValues(row: IntegrationRow): Secrets {
    const out: Secrets = {};
    for (const [name, masked] of Object.entries(this.maskedSecrets(row))) out[name] = masked.is_set ? masked.masked : null;
    return out;
  }

  /** Merges secret inputs into the stored ciphertexts: undefined keeps, null clears, string sets. */
  private mergeSecrets(kind: string, stored: Record<string, string>, input: Record<string, string | null | undefined>): string {
    const out: Record<string, string> = {};
    for (const name of channelFor(kind).secretNames) {
      const value = input[name];
      if (value === undefined) {
        if (stored[name]) out[name] = stored[name];
      } else if (value !== null) out[name] = this.secretBox.encrypt(value);
    }
    return JSON.stringify(out);
  }

  toIntegration(row: IntegrationRow): Integration {
    const now = this.clock.now();
    const f = this.repo.healthFigures(row.id, now - DAY);
    // Settings were validated by the kind's schema when they were written.
    const typed = { kind: row.kind, settings: JSON.parse(row.settings) } as Pick<Integration, 'kind' | 'settings'>;
    return {
      id: row.id,
      ...typed,
      name: row.name,
      is_active: row.is_active === 1,
      secrets: this.maskedSecrets(row),
      policy: parsePolicy(row.policy),
      sandbox: { ...sandboxOf(row), ...this.sandbox.info(row.id) },
      health: {
        state: row.is_active !== 1 ? 'disabled' : row.retry_step > 0 ? 'failing' : 'active',
        disabled_reason: row.is_active === 1 ? null : (row.disabled_reason ?? 'Disabled by a user'),
        disabled_at: row.disabled_at === null ? null : iso(row.disabled_at),
        disabled_by: row.is_active === 1 ? null : ((row.disabled_by as 'user' | 'auto' | null) ?? 'user'),
        last_attempt_at: f.last ? iso(f.last.started_at) : null,
        last_success_at: f.lastSuccessAt === null ? null : iso(f.lastSuccessAt),
        last_status_code: f.last?.status_code ?? null,
        last_error: f.last?.outcome === 'delivered' ? null : (f.last?.error ?? null),
        success_rate_24h: f.total ? f.ok / f.total : null,
        pending_deliveries: f.pending,
        dead_letters: f.dead,
        retry_step: row.retry_step,
        next_attempt_at: row.next_attempt_at === null ? null : iso(row.next_attempt_at),
      },
      created_at: iso(row.created_at),
      updated_at: iso(row.updated_at),
    } as Integration;
  }

  private requireRow(id: string): IntegrationRow {
    const row = this.repo.integration(id);
    if (!row) throw new HeraldError('not_found', `No integration with id ${id}. It may have been deleted; reload the list.`);
    return row;
  }

  createIntegration(input: IntegrationInputParsed): Integration {
    const now = this.clock.now();
    const row: IntegrationRow = {
      id: newId(),
      sandbox: '{}',
      kind: input.kind,
      name: input.name,
      is_active: input.is_active ? 1 : 0,
      settings: JSON.stringify(input.settings),
      secrets: this.mergeSecrets(input.kind, {}, input.secrets),
      disabled_reason: input.is_active ? null : 'Created disabled',
      disabled_at: input.is_active ? null : now,
      disabled_by: input.is_active ? null : 'user',
      retry_step: 0,
      next_attempt_at: null,
      policy: JSON.stringify(input.policy ?? DEFAULT_DELIVERY_POLICY),
      created_at: now,
      updated_at: now,
    };
    this.repo.insertIntegration(row);
    return this.publish(row.id);
  }

  updateIntegration(id: string, input: IntegrationInputParsed): Integration {
    const now = this.clock.now();
    this.repo.transaction(() => {
      const row = this.requireRow(id);
      if (row.kind !== input.kind) throw new HeraldError('validation', 'kind cannot change; create a new integration instead', { issues: [{ path: 'kind', message: 'kind cannot change; create a new integration instead' }] });
      const activation = this.activationChange(row, input.is_active, now);
      this.repo.updateIntegration({
        ...row,
        ...activation,
        name: input.name,
        settings: JSON.stringify(input.settings),
        secrets: this.mergeSecrets(row.kind, JSON.parse(row.secrets) as Record<string, string>, input.secrets),
        policy: input.policy ? JSON.stringify(input.policy) : row.policy,
        updated_at: now,
      });
    });
    if (input.is_active) this.notifications.resolve('auto_disabled', id);
    else this.escalator.integrationDisabled(id);
    // A shorter window or an enabled integration may make queued events due now.
    this.scheduler.reschedule();
    return this.publish(id);
  }

  /** Enabling clears any auto-disable and restarts the retry ladder; disabling records who did it. */
  private activationChange(row: IntegrationRow, active: boolean, now: number): Partial<IntegrationRow> {
    if (active === (row.is_active === 1)) return {};
    return active
      ? { is_active: 1, disabled_reason: null, disabled_at: null, disabled_by: null, retry_step: 0, next_attempt_at: null }
      : { is_active: 0, disabled_reason: 'Disabled by a user', disabled_at: now, disabled_by: 'user' };
  }

  setActive(id: string, active: boolean): Integration {
    const now = this.clock.now();
    const row = this.requireRow(id);
    const change = this.activationChange(row, active, now);
    if (Object.keys(change).length) {
      this.repo.updateIntegration({ ...row, ...change, updated_at: now });
      if (active) this.notifications.resolve('auto_disabled', id);
      this.notice(id, 'info', `${row.name} ${active ? 'enabled' : 'disabled'} by a user`);
      if (active) this.scheduler.kick();
      else this.escalator.integrationDisabled(id);
    }
    return this.publish(id);
  }

  deleteIntegration(id: string): { id: string } {
    const row = this.requireRow(id);
    const users = this.listRules().filter((r) => r.actions.some((a) => a.integration_id === id || a.fallback?.integration_id === id));
    if (users.length) {
      throw new HeraldError('conflict', `${row.name} is used by rule${users.length > 1 ? 's' : ''} ${users.map((r) => `"${r.name}"`).join(', ')}. Remove it from their actions (or delete the rules) first.`, {
        rules: users.map((r) => r.id),
      });
    }
    this.repo.deleteIntegration(id);
    void this.sandbox.forget(id);
    this.bus.emit({ type: 'integration.deleted', id });
    this.notice(null, 'info', `${row.name} deleted`);
    return { id };
  }

  /** A disabled copy: enabling it is a deliberate step, so one event is not suddenly sent twice. */
  duplicateIntegration(id: string): Integration {
    const now = this.clock.now();
    const copy = this.repo.transaction(() => {
      const row = this.requireRow(id);
      const names = new Set(this.repo.integrations().map((r) => r.name));
      let name = `${row.name} (copy)`;
      for (let n = 2; names.has(name); n++) name = `${row.name} (copy ${n})`;
      const copy: IntegrationRow = {
        ...row,
        id: newId(),
        name,
        is_active: 0,
        disabled_reason: `Copy of ${row.name}: enable it when it is ready`,
        disabled_at: now,
        disabled_by: 'user',
        retry_step: 0,
        next_attempt_at: null,
        created_at: now,
        updated_at: now,
      };
      this.repo.insertIntegration(copy);
      return copy;
    });
    this.notice(copy.id, 'info', `${copy.name} created as a disabled copy`);
    return this.publish(copy.id);
  }

  /** The only way a stored secret leaves the engine in clear: asked for by name, and logged (without the value). */
  revealSecret(id: string, secret: string): { value: string | null } {
    const row = this.requireRow(id);
    if (!channelFor(row.kind).secretNames.includes(secret)) {
      const known = channelFor(row.kind).secretNames.join(', ');
      throw new HeraldError('validation', `${row.kind} integrations store no secret called ${secret}; they store ${known}`, { issues: [{ path: 'secret', message: `Use one of: ${known}` }] });
    }
    let value: string | null;
    try {
      value = this.decryptSecrets(row)[secret] ?? null;
    } catch {
      throw new HeraldError('conflict', `The stored ${secret} of ${row.name} cannot be decrypted on this machine (it was saved with another key). Enter it again and save.`);
    }
    this.notice(id, 'warning', `${row.name}: the stored ${secret} was revealed in the console`);
    return { value };
  }

  async test(id: string | undefined, input: IntegrationInputParsed | undefined, options: TestOptions = {}): Promise<TestReport> {
    const row = id ? this.requireRow(id) : undefined;
    const kind = input?.kind ?? row!.kind;
    const storedSecrets = row ? this.decryptSecrets(row) : {};
    const secrets: Secrets = { ...storedSecrets };
    if (input) for (const [k, v] of Object.entries(input.secrets)) if (v !== undefined) secrets[k] = v;
    if (input && row && input.kind !== row.kind) throw new HeraldError('validation', 'kind cannot change', { issues: [{ path: 'input.kind', message: 'kind cannot change' }] });
    let settings: unknown = input ? input.settings : JSON.parse(row!.settings);
    // Test it follows the mode: a captured integration is tested against its receiver.
    if (row) settings = await this.sandbox.redirect(row.id, input?.name ?? row.name, kind as IntegrationKind, sandboxOf(row), settings);
    const report: TestReport = { ...(await channelFor(kind).test({ name: input?.name ?? row!.name, settings, secrets }, this.runtime(), options)), ...(row ? sandboxFlag(row) : {}) };
    // Only a test of the saved settings says something about the integration as it runs.
    if (row && !input && this.repo.integration(row.id)) {
      if (report.ok) this.notifications.resolve('test_failed', row.id);
      else this.notifications.raise('test_failed', row.id, { title: `Test of ${row.name} failed`, message: report.summary, link: `#/integrations?focus=${row.id}` });
    }
    return report;
  }

  async refreshAvailability(id: string): Promise<{ report: TestReport; integration: Integration }> {
    const report = await this.test(id, undefined);
    if (report.ok) {
      const row = this.requireRow(id);
      if (row.is_active !== 1 || row.retry_step > 0) {
        this.repo.updateIntegration({ ...row, ...this.activationChange(row, true, this.clock.now()), retry_step: 0, next_attempt_at: null, updated_at: this.clock.now() });
        this.notice(id, 'info', `${row.name} is reachable again and was re-enabled`);
        this.notifications.resolve('auto_disabled', id);
        this.scheduler.kick();
      }
    }
    return { report, integration: this.publish(id) };
  }

  private publish(id: string): Integration {
    const integration = this.toIntegration(this.requireRow(id));
    this.bus.emit({ type: 'integration', integration });
    return integration;
  }

  // ---------------------------------------------------------------- events

  /** Parsed integrations and rules, rebuilt only after a write to either or to the trigger switches. */
  private routing: { version: number; disabled: readonly string[]; table: RoutingTable } | null = null;
  private routingTable(): RoutingTable {
    const disabled = this.settingsCache.disabled_triggers;
    if (!this.routing || this.routing.version !== this.repo.routingVersion || this.routing.disabled !== disabled) {
      this.routing = { version: this.repo.routingVersion, disabled, table: buildRoutingTable(this.repo, disabled) };
    }
    return this.routing.table;
  }

  /** Checks the trigger and its payload; validation errors name `payload.<field>`. */
  private parseEventInput(input: { trigger: string; payload: Record<string, unknown> }) {
    const trigger = findTrigger(input.trigger);
    if (!trigger) {
      throw new HeraldError('validation', `trigger: unknown trigger "${input.trigger}"; see GET /api/settings/webhooks/triggers/ for the list`, {
        issues: [{ path: 'trigger', message: `Unknown trigger "${input.trigger}"; choose one from the catalogue` }],
      });
    }
    const parsed = trigger.payload.safeParse(input.payload);
    if (!parsed.success) {
      const issues = issuesFromZod(parsed.error.issues).map((i) => ({ ...i, path: i.path ? `payload.${i.path}` : 'payload' }));
      throw new HeraldError('validation', `${issues[0]?.path}: ${issues[0]?.message}`, { issues });
    }
    return { trigger, payload: parsed.data };
  }

  fireEvent(input: { trigger: string; payload: Record<string, unknown>; created_at?: string | undefined }, source: EventSource): FireResult {
    const { trigger, payload } = this.parseEventInput(input);
    const now = this.clock.now();
    const createdAt = input.created_at ? Date.parse(input.created_at) : now;
    const project = subjectOf(payload);
    const id = newId();
    const table = this.routingTable();

    const { entry, routing } = this.repo.transaction(() => {
      this.repo.insertEvent({ id, trigger: trigger.name, created_at: createdAt, received_at: now, project, payload, source });
      const routing = routeEvent(this.repo, table, { id, trigger: trigger.name, project, payload }, now);
      const event = { id, trigger: trigger.name, created_at: iso(createdAt), received_at: iso(now), project, payload, source };
      const entry = this.repo.appendLog({
        type: 'event',
        id,
        at: iso(now),
        event,
        routed_to: routing.routed.length,
        ...(routing.held.length ? { held_for_digest: routing.held.length } : {}),
        ...(routing.switched_off ? { switched_off: true } : {}),
      });
      return { entry, routing };
    });
    this.bus.emit({ type: 'log', entry });
    if (routing.routed.length) {
      // Wake the scheduler by the earliest window of the integrations that got the event.
      let at = Infinity;
      for (const r of routing.routed) {
        const policy = table.integrations.get(r.integration_id)?.policy;
        at = Math.min(at, now + (policy ? (policy.batch_window_ms ?? this.settingsCache.batch_interval_ms) : 0));
      }
      this.scheduler.wakeBy(at);
    }
    // An action whose integration is disabled escalates at once; the others arm the escalator's timer.
    if (routing.escalations) this.escalator.kick();
    return { event: (entry as Extract<LogEntry, { type: 'event' }>).event, routed_to: routing.routed, held_for_digest: routing.held, switched_off: routing.switched_off };
  }

  /** Wakes the scheduler by the earliest batching window of integrations that just got a fallback delivery. */
  private wakeFor(integrationIds: readonly string[]): void {
    const now = this.clock.now();
    let at = Infinity;
    for (const id of integrationIds) {
      const row = this.repo.integration(id);
      const window = row ? (parsePolicy(row.policy).batch_window_ms ?? this.settingsCache.batch_interval_ms) : 0;
      at = Math.min(at, now + window);
    }
    if (at < Infinity) this.scheduler.wakeBy(at);
  }

  /** What fireEvent would do with this event, without storing or sending anything. */
  async dryRun(input: { trigger: string; payload: Record<string, unknown> }): Promise<DryRunResult> {
    const { trigger, payload } = this.parseEventInput(input);
    const now = this.clock.now();
    const project = subjectOf(payload);
    const table = this.routingTable();
    const plan = planRoutes(table, { trigger: trigger.name, project, payload }, (p, triggers) => this.repo.eventsOfScan(null, p, SCAN_BOUNDARY_TRIGGERS, triggers), true, (id, key, present) => hasStaleAlerts(this.repo, id, key, present));
    const event = { id: 'dry-run', trigger: trigger.name, created_at: iso(now), project, payload };
    const deliveries: DryRunDelivery[] = [];
    for (const d of plan.deliveries) {
      const row = d.integration;
      const digestEvents = d.action?.digest_event_ids ? this.repo.eventsByIds(d.action.digest_event_ids) : [];
      let preview: DryRunDelivery['preview'];
      try {
        preview = await previewDelivery(
          { kind: row.kind, name: row.name, settings: JSON.parse(row.settings) as unknown, secrets: this.maskedSecretValues(row) },
          { event, action: d.action, digest_events: digestEvents },
          this.runtime().userAgent,
        );
      } catch (error) {
        preview = { kind: 'none', note: `Could not render this delivery: ${(error as Error).message}` };
      }
      const window = parsePolicy(row.policy).batch_window_ms ?? this.settingsCache.batch_interval_ms;
      const due = row.retry_step > 0 && row.next_attempt_at !== null ? row.next_attempt_at : now + window;
      deliveries.push({
        integration_id: row.id,
        integration_name: row.name,
        integration_kind: row.kind as IntegrationKind,
        rule_id: d.rule?.id ?? null,
        rule_name: d.rule?.name ?? null,
        what: d.what,
        due_in_ms: Math.max(0, due - now),
        preview,
        ...sandboxFlag(row),
        ...(d.fallbacks.length
          ? {
              fallbacks: d.fallbacks.map((f) => ({
                integration_id: f.fallback.integration_id,
                integration_name: table.integrations.get(f.fallback.integration_id)?.row.name ?? f.fallback.integration_id,
                after_minutes: f.fallback.after_minutes,
                rule_name: f.rule.name,
              })),
            }
          : {}),
      });
    }
    // A disabled primary escalates at once: the fallback's delivery is what would go out.
    for (const e of plan.escalations) {
      const row = table.integrations.get(e.fallback.integration_id)?.row;
      if (!row || row.is_active !== 1) {
        plan.skipped.push({ integration_id: e.fallback.integration_id, integration_name: row?.name ?? e.fallback.integration_id, rule_name: e.rule.name, reason: row ? `${row.name} is disabled too: the escalation from ${e.primary.name} is not sent.` : `The fallback integration was deleted: the escalation from ${e.primary.name} is not sent.` });
        continue;
      }
      let preview: DryRunDelivery['preview'];
      try {
        preview = await previewDelivery(
          { kind: row.kind, name: row.name, settings: JSON.parse(row.settings) as unknown, secrets: this.maskedSecretValues(row) },
          { event, action: { rule_id: e.rule.id, rule_name: e.rule.name, index: e.index, params: e.fallback.params }, digest_events: [] },
          this.runtime().userAgent,
        );
      } catch (error) {
        preview = { kind: 'none', note: `Could not render this delivery: ${(error as Error).message}` };
      }
      const window = parsePolicy(row.policy).batch_window_ms ?? this.settingsCache.batch_interval_ms;
      deliveries.push({
        integration_id: row.id,
        integration_name: row.name,
        integration_kind: row.kind as IntegrationKind,
        rule_id: e.rule.id,
        rule_name: e.rule.name,
        what: 'send',
        due_in_ms: window,
        preview,
        ...sandboxFlag(row),
        escalated_from: { integration_id: e.primary.id, integration_name: e.primary.name, reason: 'disabled' },
      });
    }
    for (const h of plan.held) {
      const kind = (table.integrations.get(h.integration_id)?.row.kind ?? 'email') as IntegrationKind;
      deliveries.push({ integration_id: h.integration_id, integration_name: h.integration_name, integration_kind: kind, rule_id: h.rule_id, rule_name: h.rule_name, what: 'hold', due_in_ms: null, preview: { kind: 'none', note: 'Held for the scan digest: one email lists every policy alert when the analysis finishes.' } });
    }
    return { trigger: trigger.name, project, switched_off: plan.switched_off, checks: plan.checks, deliveries, skipped: plan.skipped };
  }

  /** A whole scan, in order, as CodeScoring would report it: for demos and the digest. */
  fireScenario(input: { scenario: 'project_scan' | 'image_scan'; subject?: string | undefined; policies: number; blocker_share?: number | undefined }): FireResult[] {
    const image = input.scenario === 'image_scan';
    const prefix = image ? 'container_image_sca_analysis' : 'project_sca_analysis';
    const subject = image
      ? { container_image_id: 58, container_image_name: input.subject ?? 'registry.internal.example/payments/api:2.14.1' }
      : { project_id: 112, project_name: input.subject ?? 'payments-api' };
    const example = (name: string) => structuredClone(findTrigger(name)!.example);
    const results = [this.fireEvent({ trigger: `${prefix}_started`, payload: { ...subject } }, 'scenario')];
    const findings = SCENARIO_FINDINGS;
    for (let i = 0; i < input.policies; i++) {
      const base = example('sca_policy_has_been_triggered');
      delete base.project_id;
      delete base.project_name;
      const finding = findings[i % findings.length]!;
      // The first round(N × share) alerts block; the findings keep their names and CVEs.
      const blocker = input.blocker_share === undefined ? finding.blocker : i < Math.round(input.policies * input.blocker_share);
      results.push(this.fireEvent({ trigger: 'sca_policy_has_been_triggered', payload: { ...base, ...subject, alert_id: 50_000 + i, ...finding, blocker } }, 'scenario'));
    }
    const finished = { ...example(`${prefix}_finished`), ...subject };
    results.push(this.fireEvent({ trigger: `${prefix}_finished`, payload: finished }, 'scenario'));
    return results;
  }

  // ---------------------------------------------------------------- delivery control

  /** Seed 003: say so in the log, on the desktop, and to the other systems through the catalogue's system event. */
  private afterAutoDisable(integrationId: string, reason: string): void {
    this.notice(integrationId, 'error', reason);
    this.escalator.integrationDisabled(integrationId);
    const row = this.repo.integration(integrationId);
    if (!row) return;
    this.bus.emit({ type: 'integration.autoDisabled', integration_id: row.id, integration_name: row.name, reason });
    this.notifications.raise('auto_disabled', row.id, { title: `${row.name} was disabled automatically`, message: reason, link: `#/integrations?focus=${row.id}` });
    try {
      this.fireEvent(
        {
          trigger: 'integration_auto_disabled',
          payload: {
            integration_id: row.id,
            integration_name: row.name,
            integration_kind: row.kind,
            reason,
            disabled_at: iso(row.disabled_at ?? this.clock.now()),
            pending_deliveries: this.repo.healthFigures(row.id, this.clock.now()).pending,
          },
        },
        'system',
      );
    } catch (error) {
      console.error('could not announce the auto-disable:', error);
    }
  }

  // ---------------------------------------------------------------- sandbox and demo clock

  async setSandbox(id: string, mode: SandboxSettings['mode'], chaos: SandboxSettings['chaos'] | undefined, reply: SandboxSettings['reply'] | undefined): Promise<Integration> {
    const row = this.requireRow(id);
    const before = sandboxOf(row);
    const next: SandboxSettings = { mode, chaos: chaos ?? before.chaos, reply: reply ?? before.reply };
    try {
      await this.sandbox.apply(id, row.name, row.kind as IntegrationKind, next);
    } catch (error) {
      throw new HeraldError('unavailable', `The sandbox receiver for ${row.name} could not start: ${(error as Error).message}`);
    }
    this.repo.setIntegrationSandbox(id, JSON.stringify(next), this.clock.now());
    if (before.mode !== next.mode || (next.mode === 'chaos' && JSON.stringify(before.chaos) !== JSON.stringify(next.chaos))) {
      const { address } = this.sandbox.info(id);
      if (next.mode === 'live') this.notice(id, 'info', `${row.name} is live again: sends go to its own settings`);
      else if (next.mode === 'capture') this.notice(id, 'info', `${row.name} sends to the sandbox (Capture) at ${address}`);
      else this.notice(id, 'warning', `${row.name} sends to the sandbox with chaos: ${Math.round(next.chaos.rate * 100)}% of sends fail (${next.chaos.failures.join(', ')})`);
    }
    return this.publish(id);
  }

  /** A captured email, sent on unchanged through a live email integration. */
  async releaseCapture(captureId: string, integrationId: string): Promise<{ accepted: string[]; rejected: string[]; response: string }> {
    const email = this.sandbox.email(captureId);
    if (!email) throw new HeraldError('not_found', `No captured email with id ${captureId}; it may have been cleared.`);
    const row = this.repo.integration(integrationId);
    if (!row) throw new HeraldError('validation', `No integration with id ${integrationId}. It may have been deleted; reload the list.`, { issues: [{ path: 'integration_id', message: 'Choose an email integration from the list' }] });
    if (row.kind !== 'email') throw new HeraldError('validation', `${row.name} is not an email integration`, { issues: [{ path: 'integration_id', message: 'Choose an email integration' }] });
    if (sandboxOf(row).mode !== 'live') {
      throw new HeraldError('validation', `${row.name} is in the sandbox itself; switch it to Live to release through its SMTP server`, { issues: [{ path: 'integration_id', message: 'Choose a live email integration' }] });
    }
    const result = await releaseRaw(JSON.parse(row.settings) as EmailSettings, this.decryptSecrets(row), email, this.runtime());
    this.notice(integrationId, 'info', `Captured email "${email.subject}" released through ${row.name} to ${result.accepted.length} recipient(s)`);
    return result;
  }

  /** The demo clock: only a clock that runs in real time can be sped up (not a test's virtual clock). */
  setTimeScale(scale: number): AppInfo {
    if (!(this.clock instanceof ScaledClock)) throw new HeraldError('conflict', 'This engine runs on a test clock; its speed cannot change');
    if (scale !== this.clock.factor) {
      this.clock.setFactor(scale);
      this.scheduler.reschedule();
      this.notice(null, scale > 1 ? 'warning' : 'info', scale > 1 ? `Demo clock: time runs ×${scale} (retry waits and batching windows play fast)` : 'Demo clock off: time runs at real speed');
      this.bus.emit({ type: 'clock', time_scale: scale });
    }
    return this.appInfo();
  }

  appInfo(): AppInfo {
    return {
      version: this.options.version,
      mode: this.options.mode,
      data_dir: this.options.dataDir,
      api_url: this.apiUrl,
      time_scale: this.timeScale,
      now: iso(this.clock.now()),
      paused: this.scheduler.isPaused,
    };
  }

  /** Per integration and time bucket: attempts, outcomes and latency percentiles. */
  healthSeries(query: { integration_id?: string | undefined; since?: string | undefined; bucket_ms: number }): HealthSeries[] {
    const now = this.clock.now();
    const since = query.since ? Date.parse(query.since) : now - DAY;
    const width = query.bucket_ms;
    const first = Math.floor(since / width) * width;
    const count = Math.min(2000, Math.floor((now - first) / width) + 1);
    const rows = this.repo.integrations().filter((r) => query.integration_id === undefined || r.id === query.integration_id);
    if (query.integration_id !== undefined && rows.length === 0) throw new HeraldError('not_found', `No integration with id ${query.integration_id}. It may have been deleted; reload the list.`);
    const durations = new Map<string, number[][]>(rows.map((r) => [r.id, Array.from({ length: count }, () => [])]));
    const series = new Map<string, HealthBucket[]>(
      rows.map((r) => [r.id, Array.from({ length: count }, (_, i) => ({ at: iso(first + i * width), attempts: 0, delivered: 0, failed: 0, latency_p50_ms: null, latency_p95_ms: null }))]),
    );
    for (const a of this.repo.attemptsSince(first, query.integration_id)) {
      const i = Math.floor((a.started_at - first) / width);
      const bucket = series.get(a.integration_id)?.[i];
      if (!bucket) continue;
      bucket.attempts++;
      if (a.outcome === 'delivered') bucket.delivered++;
      else bucket.failed++;
      durations.get(a.integration_id)![i]!.push(a.duration_ms);
    }
    const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? null;
    for (const [id, buckets] of series) {
      buckets.forEach((b, i) => {
        const sorted = durations.get(id)![i]!.sort((x, y) => x - y);
        b.latency_p50_ms = percentile(sorted, 50);
        b.latency_p95_ms = percentile(sorted, 95);
      });
    }
    return rows.map((r) => ({ integration_id: r.id, integration_name: r.name, buckets: series.get(r.id)! }));
  }

  retryNow(id: string): Integration {
    const row = this.requireRow(id);
    if (row.is_active !== 1) throw new HeraldError('conflict', `${row.name} is disabled: enable it (or refresh availability) to send its queue.`);
    if (row.next_attempt_at !== null) this.repo.updateIntegration({ ...row, next_attempt_at: this.clock.now() });
    this.notice(id, 'info', `${row.name}: retry now requested by a user`);
    this.scheduler.kick();
    return this.publish(id);
  }

  deadLetters(query: { integration_id?: string | undefined; limit: number; before?: { at: number; id: string } | undefined }): DeadLetterPage {
    const { rows, total } = this.repo.deadLetters(query.integration_id, query.before, query.limit);
    const items: DeadLetter[] = rows.map((r) => ({
      delivery_id: r.delivery_id,
      event_id: r.event_id,
      trigger: r.trigger,
      project: r.project,
      event_created_at: iso(r.event_created_at),
      integration_id: r.integration_id,
      integration_name: r.integration_name,
      integration_kind: r.integration_kind,
      rule_name: r.action ? ((JSON.parse(r.action) as { rule_name?: string }).rule_name ?? null) : null,
      attempts: r.attempts,
      last_error: r.last_error,
      died_at: iso(r.died_at),
    }));
    const last = rows[rows.length - 1];
    return { items, total, next_before: rows.length === query.limit && last ? { at: last.died_at, id: last.delivery_id } : null };
  }

  replay(input: { delivery_ids?: string[] | undefined; all?: boolean | undefined; integration_id?: string | undefined }): ReplayResult {
    const now = this.clock.now();
    const counts = this.repo.transaction(() => this.repo.replayDead(input.all ? 'all' : (input.delivery_ids ?? []), input.integration_id, now));
    let replayed = 0;
    const waiting: ReplayResult['waiting_for'] = [];
    for (const [integrationId, count] of counts) {
      replayed += count;
      const row = this.repo.integration(integrationId);
      if (row && row.is_active !== 1) waiting.push({ integration_id: row.id, integration_name: row.name, count });
      this.publishSoon(integrationId);
      this.noteDeadLetters(integrationId, null);
    }
    if (replayed) {
      this.notice(input.integration_id ?? null, 'info', `Replaying ${replayed} dead ${replayed === 1 ? 'delivery' : 'deliveries'} with their original event ids${waiting.length ? `; ${waiting.map((w) => `${w.count} wait for ${w.integration_name} to be enabled`).join(', ')}` : ''}`);
      this.scheduler.kick();
    }
    return { replayed, waiting_for: waiting };
  }

  setTriggerEnabled(trigger: TriggerName, enabled: boolean): TriggerSummary {
    const current = new Set<TriggerName>(this.settingsCache.disabled_triggers);
    if (enabled) current.delete(trigger);
    else current.add(trigger);
    this.updateSettings({ disabled_triggers: [...current] });
    this.notice(null, 'info', `Trigger ${trigger} switched ${enabled ? 'on' : 'off'}${enabled ? '' : ': its events are recorded and not sent'}`);
    return this.listTriggers().find((t) => t.name === trigger)!;
  }

  listTriggers(): TriggerSummary[] {
    const off = new Set<string>(this.settingsCache.disabled_triggers);
    return this.triggers.map((t) => ({ ...t, enabled: !off.has(t.name) }));
  }

  // ---------------------------------------------------------------- log

  private afterAttempt(attempt: Attempt, integrationId: string): void {
    const { request: _request, response: _response, ...summary } = attempt;
    const entry = this.repo.appendLog({ type: 'attempt', id: attempt.id, at: attempt.started_at, attempt: summary });
    this.bus.emit({ type: 'log', entry });
    this.publishSoon(integrationId);
    if (attempt.outcome === 'failed') this.noteDeadLetters(integrationId, attempt.error);
  }

  /** Keeps the bell's dead-letter notice for an integration in step with how many there are. */
  private noteDeadLetters(integrationId: string, lastError: string | null): void {
    const row = this.repo.integration(integrationId);
    if (!row) return;
    const dead = this.repo.healthFigures(integrationId, this.clock.now()).dead;
    if (dead === 0) return this.notifications.resolve('dead_letters', integrationId);
    this.notifications.raise('dead_letters', integrationId, {
      title: `${dead} dead ${dead === 1 ? 'letter' : 'letters'} for ${row.name}`,
      message: `Herald gave up on ${dead === 1 ? 'a delivery' : `${dead} deliveries`}.${lastError ? ` Last error: ${lastError.replace(/\.?$/, '.')}` : ''} Fix the cause, then replay them.`,
      link: `#/dead?integration=${integrationId}`,
    });
  }

  /**
   * Health figures cost a few queries; a run of 1,000 emails would recompute them per message.
   * Renderers get the integration's state at most every 250 ms instead, and always the last one.
   */
  private readonly unpublished = new Set<string>();
  private publishTimer: NodeJS.Timeout | null = null;
  private publishSoon(integrationId: string): void {
    this.unpublished.add(integrationId);
    this.publishTimer ??= setTimeout(() => this.flushPublishes(), 250);
  }
  private flushPublishes(): void {
    if (this.publishTimer) clearTimeout(this.publishTimer);
    this.publishTimer = null;
    for (const id of this.unpublished) if (this.repo.db.open && this.repo.integration(id)) this.publish(id);
    this.unpublished.clear();
  }

  private notice(integrationId: string | null, level: 'info' | 'warning' | 'error', message: string, escalation?: EscalationNotice): void {
    const entry = this.repo.appendLog({ type: 'notice', id: newId(), at: iso(this.clock.now()), integration_id: integrationId, level, message, ...(escalation ? { escalation } : {}) });
    this.bus.emit({ type: 'log', entry });
  }

  prune(): void {
    this.repo.prune(this.clock.now() - this.settingsCache.retention_days * DAY);
  }

  // ---------------------------------------------------------------- contract

  /** The catalogue as the UI and the API show it: payload schemas as JSON Schema. */
  readonly triggers: Omit<TriggerSummary, 'enabled'>[] = catalogue.map((t) => ({
    name: t.name,
    area: t.area,
    title: t.title,
    description: t.description,
    schema: z.toJSONSchema(t.payload, { io: 'input', unrepresentable: 'any' }),
    example: t.example,
  }));

  listIntegrations(): Integration[] {
    return this.repo.integrations().map((r) => this.toIntegration(r));
  }

  getIntegration(id: string): Integration {
    return this.toIntegration(this.requireRow(id));
  }

  // ---------------------------------------------------------------- rules

  listRules(): Rule[] {
    return this.repo.rules().map((r) => toRule(r, iso));
  }

  /** Each action's params are parsed by its integration's kind; issues name the exact field. */
  private checkRule(input: RuleInputParsed): RuleInputParsed {
    const issues: FieldIssue[] = [];
    const actions = input.actions.map((action, index) => {
      const row = this.repo.integration(action.integration_id);
      if (!row) {
        issues.push({ path: `actions.${index}.integration_id`, message: 'No such integration; it may have been deleted. Choose another one.' });
        return action;
      }
      const fallback = this.checkFallback(action, index, issues);
      const parsed = ACTION_PARAMS_SCHEMAS[row.kind as IntegrationKind].safeParse(action.params);
      if (!parsed.success) {
        for (const issue of issuesFromZod(parsed.error.issues)) issues.push({ path: `actions.${index}.params${issue.path ? `.${issue.path}` : ''}`, message: issue.message });
        return action;
      }
      const params = parsed.data as Record<string, unknown>;
      if (params.format === 'digest' && !input.triggers.some((t) => POLICY_TRIGGERS.includes(t))) {
        issues.push({
          path: `actions.${index}.params.format`,
          message: 'A scan digest lists triggered policies: add "SCA Policy has been triggered" or "OSA Policy has been triggered" to the rule\'s events, or send one email per event.',
        });
      }
      if (params.format === 'digest' && action.fallback) {
        issues.push({ path: `actions.${index}.fallback`, message: 'A scan digest cannot escalate: it holds alerts until the scan finishes. Remove the fallback, or send one email per event.' });
      }
      return { integration_id: action.integration_id, params, ...(fallback ? { fallback } : {}) };
    });
    if (issues.length) throw new HeraldError('validation', `${issues[0]!.path}: ${issues[0]!.message}`, { issues });
    return { ...input, actions };
  }

  /** An action's fallback: another existing integration, with params of its kind, that sends one event. */
  private checkFallback(action: RuleInputParsed['actions'][number], index: number, issues: FieldIssue[]): RuleInputParsed['actions'][number]['fallback'] {
    const fallback = action.fallback;
    if (!fallback) return undefined;
    const at = `actions.${index}.fallback`;
    const row = this.repo.integration(fallback.integration_id);
    if (!row) {
      issues.push({ path: `${at}.integration_id`, message: 'No such integration; it may have been deleted. Choose another one.' });
      return fallback;
    }
    if (row.id === action.integration_id) {
      issues.push({ path: `${at}.integration_id`, message: "Escalate to another integration than the action's own: choose a different one" });
      return fallback;
    }
    const parsed = ACTION_PARAMS_SCHEMAS[row.kind as IntegrationKind].safeParse(fallback.params);
    if (!parsed.success) {
      for (const issue of issuesFromZod(parsed.error.issues)) issues.push({ path: `${at}.params${issue.path ? `.${issue.path}` : ''}`, message: issue.message });
      return fallback;
    }
    const params = parsed.data as Record<string, unknown>;
    if (params.format === 'digest') issues.push({ path: `${at}.params.format`, message: 'A fallback sends the one event that was not delivered: choose one email per event' });
    return { ...fallback, params };
  }

  /** Jira summary and description templates are checked when the rule is saved, like email's. */
  private async checkRuleTemplates(input: RuleInputParsed): Promise<void> {
    const issues: FieldIssue[] = [];
    // One answer with every problem: the kind-specific checks and the templates together.
    try {
      this.checkRule(input);
    } catch (error) {
      if (!(error instanceof HeraldError) || error.code !== 'validation') throw error;
      issues.push(...(error.details?.issues ?? []));
    }
    for (const [index, action] of input.actions.entries()) {
      const targets: [string, Record<string, unknown>][] = [[`actions.${index}.params`, action.params]];
      if (action.fallback) targets.push([`actions.${index}.fallback.params`, action.fallback.params]);
      for (const [at, params] of targets) {
        for (const field of ['summary_template', 'description_template'] as const) {
          const source = params[field];
          if (typeof source !== 'string' || !source.trim()) continue;
          const problem = await validateEventText(source);
          if (problem) issues.push({ path: `${at}.${field}`, message: problem });
        }
      }
    }
    if (issues.length) throw new HeraldError('validation', `${issues[0]!.path}: ${issues[0]!.message}`, { issues });
  }

  private ruleRow(id: string, input: RuleInputParsed, createdAt: number, now: number): RuleRow {
    return {
      id,
      name: input.name,
      is_active: input.is_active ? 1 : 0,
      definition: JSON.stringify({ triggers: input.triggers, projects: input.projects, conditions: input.conditions, actions: input.actions }),
      created_at: createdAt,
      updated_at: now,
    };
  }

  createRule(input: RuleInputParsed): Rule {
    const checked = this.checkRule(input);
    const now = this.clock.now();
    const row = this.ruleRow(newId(), checked, now, now);
    this.repo.insertRule(row);
    return toRule(row, iso);
  }

  updateRule(id: string, input: RuleInputParsed): Rule {
    const existing = this.repo.rule(id);
    if (!existing) throw new HeraldError('not_found', `No rule with id ${id}. It may have been deleted; reload the list.`);
    const checked = this.checkRule(input);
    const row = this.ruleRow(id, checked, existing.created_at, this.clock.now());
    this.repo.updateRule(row);
    return toRule(row, iso);
  }

  deleteRule(id: string): { id: string } {
    if (!this.repo.deleteRule(id)) throw new HeraldError('not_found', `No rule with id ${id}. It may have been deleted; reload the list.`);
    return { id };
  }

  // ---------------------------------------------------------------- templates

  /** A kind's own checks (templates compile) run when it is saved, so a broken one never surfaces at send time. */
  private async checkTemplates(input: IntegrationInputParsed): Promise<void> {
    const issues = (await channelFor(input.kind).checkSettings?.(input.settings as never)) ?? [];
    if (issues.length) throw new HeraldError('validation', `${issues[0]!.path}: ${issues[0]!.message}`, { issues });
  }

  async previewTemplate(input: { kind: 'event' | 'digest'; template: { subject: string; html: string; text: string }; trigger: string; integration_name: string; signature: string }): Promise<TemplatePreview> {
    const issues = (await validateTemplate(input.kind, input.template)).map((i) => ({ path: `template.${i.path}`, message: i.message }));
    if (issues.length) throw new HeraldError('validation', `${issues[0]!.path}: ${issues[0]!.message}`, { issues });
    return input.kind === 'digest'
      ? renderDigestEmail(input.template, sampleDigestInput(input.integration_name, input.signature))
      : renderEventEmail(input.template, sampleEventInput(input.trigger, input.integration_name, input.signature));
  }

  async previewJira(input: { params: Record<string, unknown>; trigger: string; deployment: 'server' | 'cloud'; integration_name: string }): Promise<JiraPreview> {
    const parsed = JiraActionParamsSchema.safeParse(input.params);
    const issues: FieldIssue[] = parsed.success ? [] : issuesFromZod(parsed.error.issues).map((i) => ({ path: `params.${i.path}`, message: i.message }));
    for (const field of ['summary_template', 'description_template'] as const) {
      const source = input.params[field];
      if (typeof source !== 'string' || !source.trim()) continue;
      const problem = await validateEventText(source);
      if (problem) issues.push({ path: `params.${field}`, message: problem });
    }
    if (issues.length || !parsed.success) throw new HeraldError('validation', `${issues[0]!.path}: ${issues[0]!.message}`, { issues });
    const event = sampleEventInput(input.trigger, input.integration_name, '').event;
    const fingerprint = fingerprintOf(event, parsed.data.fingerprint);
    const fields = await issueFields({ name: input.integration_name, settings: { deployment: input.deployment } }, parsed.data, event, fingerprint);
    return { summary: fields.summary, description: fields.description, fields, fingerprint };
  }

  private buildHandlers(): Handlers {
    return {
      'app.info': () => this.appInfo(),
      'health.series': (query) => this.healthSeries(query),
      'deliveries.pause': ({ paused }) => {
        if (paused !== this.scheduler.isPaused) {
          this.scheduler.setPaused(paused);
          this.notice(null, paused ? 'warning' : 'info', paused ? 'Deliveries paused: events are recorded and queued, nothing is sent' : 'Deliveries resumed');
          this.bus.emit({ type: 'deliveries.paused', paused });
        }
        return this.appInfo();
      },
      'catalogue.list': () => this.listTriggers(),
      'events.dryRun': (input) => this.dryRun(input),
      'events.synthesize': ({ trigger, seed, count }) => ({ events: Array.from({ length: count }, (_, index) => ({ trigger, payload: synthesizeEvent(trigger, seed, index) })) }),
      'events.redact': ({ payload }) => redactPayload(payload),
      'integrations.retryNow': ({ id }) => this.retryNow(id),
      'integrations.duplicate': ({ id }) => this.duplicateIntegration(id),
      'integrations.setSandbox': ({ id, mode, chaos, reply }) => this.setSandbox(id, mode, chaos, reply),
      'sandbox.list': ({ integration_id, limit }) => this.sandbox.list(integration_id, limit),
      'sandbox.get': ({ id }) => {
        const capture = this.sandbox.get(id);
        if (!capture) throw new HeraldError('not_found', `No capture with id ${id}; it may have been cleared.`);
        return capture;
      },
      'sandbox.clear': ({ integration_id }) => {
        const cleared = this.sandbox.clear(integration_id);
        this.bus.emit({ type: 'sandbox.cleared', integration_id: integration_id ?? null });
        for (const row of this.repo.integrations()) if (integration_id === undefined || row.id === integration_id) this.publishSoon(row.id);
        return { cleared };
      },
      'sandbox.export': ({ id, integration_id }) => {
        const exported = this.sandbox.export(id, integration_id);
        if (!exported) throw new HeraldError('not_found', `No capture with id ${id}; it may have been cleared.`);
        return exported;
      },
      'sandbox.release': ({ id, integration_id }) => this.releaseCapture(id, integration_id),
      'clock.setScale': ({ scale }) => this.setTimeScale(scale),
      'integrations.revealSecret': ({ id, secret }) => this.revealSecret(id, secret),
      'deliveries.dead': (query) => this.deadLetters(query),
      'deliveries.replay': (input) => this.replay(input),
      'notifications.list': ({ include_resolved, limit }) => this.notifications.list(include_resolved, limit),
      'notifications.markRead': ({ ids, all }) => this.notifications.markRead(all ? 'all' : (ids ?? [])),
      'triggers.setEnabled': ({ trigger, enabled }) => this.setTriggerEnabled(trigger, enabled),
      'integrations.list': () => this.listIntegrations(),
      'integrations.get': ({ id }) => this.getIntegration(id),
      'integrations.create': async (input) => (await this.checkTemplates(input), this.createIntegration(input)),
      'integrations.update': async ({ id, input }) => (await this.checkTemplates(input), this.updateIntegration(id, input)),
      'integrations.delete': ({ id }) => this.deleteIntegration(id),
      'integrations.setActive': ({ id, active }) => this.setActive(id, active),
      'integrations.test': ({ id, input, send_email, jira_target, sms_to }) => this.test(id, input, { send_email, jira_target, sms_to }),
      'integrations.refreshAvailability': ({ id }) => this.refreshAvailability(id),
      'events.fire': (input) => this.fireEvent(input, 'ui'),
      'events.scenario': (input) => this.fireScenario(input),
      'rules.list': () => this.listRules(),
      'rules.create': async (input) => (await this.checkRuleTemplates(input), this.createRule(input)),
      'rules.update': async ({ id, input }) => (await this.checkRuleTemplates(input), this.updateRule(id, input)),
      'rules.delete': ({ id }) => this.deleteRule(id),
      'templates.defaults': () => ({ templates: DEFAULT_TEMPLATES, variables: TEMPLATE_VARIABLES }),
      'templates.preview': (input) => this.previewTemplate(input),
      'jira.preview': (input) => this.previewJira(input),
      'log.list': ({ before, limit, integration_id, trigger, kinds, since, until }) => {
        const entries = this.repo.logPage(before, limit, { integration_id, trigger, kinds, since: since ? Date.parse(since) : undefined, until: until ? Date.parse(until) : undefined });
        return { entries, next_before: entries.length === limit ? (entries[entries.length - 1]?.seq ?? null) : null };
      },
      'log.attempt': ({ id }) => {
        const attempt = this.repo.attempt(id);
        if (!attempt) throw new HeraldError('not_found', `No attempt with id ${id}; it may have been pruned by retention.`);
        return attempt;
      },
      'log.deliveries': ({ event_id }) => this.repo.deliveriesOfEvent(event_id),
      'reports.list': () => this.reports.list(),
      'reports.create': (input) => this.reports.create(input),
      'reports.update': ({ id, input }) => this.reports.update(id, input),
      'reports.delete': ({ id }) => this.reports.delete(id),
      'reports.sendNow': ({ id }) => this.reports.sendNow(id),
      'settings.get': () => this.settingsCache,
      'settings.update': (patch) => this.updateSettings(patch),
    };
  }
}

/** The stored mode; anything unreadable is Live, the safe side (sends go where the user set them). */
function sandboxOf(row: IntegrationRow): SandboxSettings {
  try {
    const parsed = SandboxSettingsSchema.safeParse(JSON.parse(row.sandbox ?? '{}'));
    if (parsed.success) return parsed.data;
  } catch {
    // fall through
  }
  return SandboxSettingsSchema.parse({});
}

function sandboxFlag(row: IntegrationRow): { sandbox?: 'capture' | 'chaos' } {
  const { mode } = sandboxOf(row);
  return mode === 'live' ? {} : { sandbox: mode };
}
