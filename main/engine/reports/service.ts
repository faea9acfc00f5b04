import type { Statement } from 'better-sqlite3';
import nodemailer from 'nodemailer';
import {
  HeraldError,
  ReportScheduleSchema,
  type EmailSettings,
  type Integration,
  type Report,
  type ReportInputParsed,
  type ReportSchedule,
  type ReportSendResult,
} from '../../contract/index.js';
import { iso, type Clock, type ClockTimer } from '../clock.js';
import { explainSmtpError, smtpOptions } from '../channels/email.js';
import type { Secrets } from '../channels/types.js';
import { newId, type IntegrationRow, type Repo } from '../store/repo.js';
import { collectReport } from './content.js';
import { renderReport, type ReportLanguage } from './render.js';
import { machineTimeZone, nextRun, periodOf, previousRun } from './schedule.js';

interface ReportRow {
  id: string;
  name: string;
  enabled: number;
  integration_id: string;
  recipients: string;
  schedule: string;
  timezone: string;
  last_sent_at: number | null;
  next_due_at: number | null;
  last_error: string | null;
  created_at: number;
  updated_at: number;
}

export interface ReportHooks {
  repo: Repo;
  clock: Clock;
  language: () => ReportLanguage;
  /** Every integration as the Health screen shows it (figures for the report's health table). */
  integrations: () => Integration[];
  decryptSecrets: (row: IntegrationRow) => Secrets;
  /** The stored settings, or redirected to the sandbox inbox when the integration is in Capture/Chaos. */
  settingsFor: (row: IntegrationRow) => Promise<EmailSettings>;
  sandboxMode: (row: IntegrationRow) => 'live' | 'capture' | 'chaos';
  notice: (integrationId: string | null, level: 'info' | 'warning' | 'error', message: string) => void;
  /** Engine milliseconds per real millisecond (the demo clock): the wake-up cap is a real minute. */
  timeScale?: () => number;
}

/**
 * With nothing due soon the timer still wakes every minute of engine time: a laptop that slept
 * through a run sends it at the next wake-up, and timers never exceed setTimeout's 24.8-day range.
 */
const WAKE_CAP_MS = 60_000;

/** Seed 003's scheduled reports on Herald's clock: plans, sends and records each run. */
export class Reports {
  private timer: ClockTimer | null = null;
  private stopped = true;
  private readonly inFlight = new Map<string, Promise<unknown>>();
  private readonly statements = new Map<string, Statement<unknown[]>>();

  constructor(private readonly hooks: ReportHooks) {}

  /** Each SQL text prepared once: the timer looks at the table every minute. */
  private stmt(sql: string): Statement<unknown[]> {
    let statement = this.statements.get(sql);
    if (!statement) this.statements.set(sql, (statement = this.hooks.repo.db.prepare(sql)));
    return statement;
  }

  start(): void {
    this.stopped = false;
    // A run missed while Herald was closed is due now: tick sends it once (the latest period only).
    this.tick();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.timer?.cancel();
    this.timer = null;
    await this.idle();
  }

  /** Resolves when every send started so far has finished (tests wait on it). */
  async idle(): Promise<void> {
    while (this.inFlight.size) await Promise.allSettled([...this.inFlight.values()]);
  }

  // ---------------------------------------------------------------- store

  private rows(): ReportRow[] {
    return this.stmt('SELECT * FROM reports ORDER BY created_at, rowid').all() as ReportRow[];
  }

  private row(id: string): ReportRow {
    const row = this.stmt('SELECT * FROM reports WHERE id = ?').get(id) as ReportRow | undefined;
    if (!row) throw new HeraldError('not_found', `No report with id ${id}. It may have been deleted; reload the list.`);
    return row;
  }

  private write(row: ReportRow): void {
    this.hooks.repo.db
      .prepare(
        `INSERT INTO reports (id, name, enabled, integration_id, recipients, schedule, timezone, last_sent_at, next_due_at, last_error, created_at, updated_at)
         VALUES (@id, @name, @enabled, @integration_id, @recipients, @schedule, @timezone, @last_sent_at, @next_due_at, @last_error, @created_at, @updated_at)
         ON CONFLICT(id) DO UPDATE SET name=excluded.name, enabled=excluded.enabled, integration_id=excluded.integration_id, recipients=excluded.recipients,
           schedule=excluded.schedule, timezone=excluded.timezone, last_sent_at=excluded.last_sent_at, next_due_at=excluded.next_due_at,
           last_error=excluded.last_error, updated_at=excluded.updated_at`,
      )
      .run(row);
  }

  private toReport(row: ReportRow): Report {
    return {
      id: row.id,
      name: row.name,
      enabled: row.enabled === 1,
      integration_id: row.integration_id,
      integration_name: this.hooks.repo.integration(row.integration_id)?.name ?? null,
      recipients: JSON.parse(row.recipients) as string[],
      schedule: scheduleOf(row),
      timezone: row.timezone,
      last_sent_at: row.last_sent_at === null ? null : iso(row.last_sent_at),
      last_error: row.last_error,
      next_due_at: row.next_due_at === null ? null : iso(row.next_due_at),
      created_at: iso(row.created_at),
      updated_at: iso(row.updated_at),
    };
  }

  // ---------------------------------------------------------------- contract

  list(): Report[] {
    return this.rows().map((r) => this.toReport(r));
  }

  private check(input: ReportInputParsed): void {
    const integration = this.hooks.repo.integration(input.integration_id);
    if (!integration) {
      throw new HeraldError('validation', 'integration_id: No such integration; it may have been deleted. Choose an email integration.', {
        issues: [{ path: 'integration_id', message: 'No such integration; it may have been deleted. Choose an email integration.' }],
      });
    }
    if (integration.kind !== 'email') {
      throw new HeraldError('validation', `integration_id: ${integration.name} is not an email integration; reports are sent by email`, {
        issues: [{ path: 'integration_id', message: 'Reports are sent by email: choose an email integration' }],
      });
    }
  }

  create(input: ReportInputParsed): Report {
    this.check(input);
    const now = this.hooks.clock.now();
    const timezone = input.timezone ?? machineTimeZone();
    const row: ReportRow = {
      id: newId(),
      name: input.name,
      enabled: input.enabled ? 1 : 0,
      integration_id: input.integration_id,
      recipients: JSON.stringify(input.recipients),
      schedule: JSON.stringify(input.schedule),
      timezone,
      last_sent_at: null,
      next_due_at: input.enabled ? nextRun(input.schedule, timezone, now) : null,
      last_error: null,
      created_at: now,
      updated_at: now,
    };
    this.write(row);
    this.arm();
    return this.toReport(row);
  }

  update(id: string, input: ReportInputParsed): Report {
    const existing = this.row(id);
    this.check(input);
    const now = this.hooks.clock.now();
    const timezone = input.timezone ?? existing.timezone;
    const row: ReportRow = {
      ...existing,
      name: input.name,
      enabled: input.enabled ? 1 : 0,
      integration_id: input.integration_id,
      recipients: JSON.stringify(input.recipients),
      schedule: JSON.stringify(input.schedule),
      timezone,
      // A changed schedule starts from now: nothing is sent for periods it would have had before.
      next_due_at: input.enabled ? nextRun(input.schedule, timezone, now) : null,
      updated_at: now,
    };
    this.write(row);
    this.arm();
    return this.toReport(row);
  }

  delete(id: string): { id: string } {
    this.row(id);
    this.stmt('DELETE FROM reports WHERE id = ?').run(id);
    this.arm();
    return { id };
  }

  /** A preview now, to the same recipients; the schedule and the last result stay as they are. */
  async sendNow(id: string): Promise<ReportSendResult> {
    const row = this.row(id);
    const now = this.hooks.clock.now();
    const schedule = scheduleOf(row);
    const result = await this.track(`preview:${id}:${now}`, this.send(row, periodOf(schedule, row.timezone, now, true), true));
    return { ...result, report: this.toReport(this.row(id)) };
  }

  // ---------------------------------------------------------------- timing

  private arm(): void {
    this.timer?.cancel();
    this.timer = null;
    if (this.stopped) return;
    const now = this.hooks.clock.now();
    const next = this.stmt('SELECT MIN(next_due_at) AS at FROM reports WHERE enabled = 1 AND next_due_at IS NOT NULL').get() as { at: number | null };
    // Nothing scheduled: no timer until a report is created or switched on.
    if (next.at === null) return;
    const wait = Math.min(WAKE_CAP_MS * (this.hooks.timeScale?.() ?? 1), Math.max(0, next.at - now));
    this.timer = this.hooks.clock.setTimeout(() => this.tick(), wait);
  }

  private tick(): void {
    if (this.stopped) return;
    const now = this.hooks.clock.now();
    const due = this.stmt('SELECT * FROM reports WHERE enabled = 1 AND next_due_at IS NOT NULL AND next_due_at <= ?').all(now) as ReportRow[];
    for (const row of due) {
      if (this.inFlight.has(row.id)) continue;
      const schedule = scheduleOf(row);
      // However many runs were missed, one report goes out: the latest period that has ended.
      const runAt = Math.max(row.next_due_at!, previousRun(schedule, row.timezone, now));
      const nextDue = nextRun(schedule, row.timezone, now);
      this.stmt('UPDATE reports SET next_due_at = ? WHERE id = ?').run(nextDue, row.id);
      void this.track(row.id, this.scheduled(row, schedule, runAt));
    }
    this.arm();
  }

  private track<T>(key: string, work: Promise<T>): Promise<T> {
    const tracked = work.finally(() => this.inFlight.delete(key));
    this.inFlight.set(key, tracked);
    return tracked;
  }

  private async scheduled(row: ReportRow, schedule: ReportSchedule, runAt: number): Promise<void> {
    const result = await this.send(row, periodOf(schedule, row.timezone, runAt, false), false);
    const current = this.stmt('SELECT id FROM reports WHERE id = ?').get(row.id);
    if (!current) return; // deleted while sending
    if (result.delivered) this.stmt('UPDATE reports SET last_sent_at = ?, last_error = NULL WHERE id = ?').run(this.hooks.clock.now(), row.id);
    else this.stmt('UPDATE reports SET last_error = ? WHERE id = ?').run(result.error, row.id);
  }

  // ---------------------------------------------------------------- sending

  private async send(row: ReportRow, period: { from: number; to: number }, preview: boolean): Promise<Omit<ReportSendResult, 'report'>> {
    const recipients = JSON.parse(row.recipients) as string[];
    const schedule = scheduleOf(row);
    const language = this.hooks.language();
    const integration = this.hooks.repo.integration(row.integration_id);
    const base = { recipients, accepted: [] as string[], rejected: [] as string[], server_reply: null, period: { from: iso(period.from), to: iso(period.to) } };
    const failed = (error: string, subject = row.name, serverReply: string | null = null): Omit<ReportSendResult, 'report'> => {
      this.hooks.notice(integration?.id ?? null, 'error', `${preview ? 'Preview of report' : 'Report'} "${row.name}" was not sent: ${error}`);
      return { ...base, delivered: false, subject, error, server_reply: serverReply };
    };
    if (!integration) return failed('The email integration of this report was deleted. Choose another one for the report.');
    if (integration.kind !== 'email') return failed(`${integration.name} is not an email integration. Choose an email integration for the report.`);
    if (integration.is_active !== 1) return failed(`${integration.name} is disabled. Enable it, or choose another email integration for the report.`);

    const data = collectReport(this.hooks.repo, this.hooks.integrations(), period, row.timezone);
    const rendered = renderReport({ name: row.name, frequency: schedule.frequency, integration_name: integration.name, language, preview, data });
    let settings: EmailSettings;
    let secrets: Secrets;
    try {
      settings = await this.hooks.settingsFor(integration);
      secrets = this.hooks.decryptSecrets(integration);
    } catch (error) {
      return failed(`The settings of ${integration.name} cannot be used here: ${(error as Error).message}`, rendered.subject);
    }
    const mode = this.hooks.sandboxMode(integration);
    const transport = nodemailer.createTransport(smtpOptions(settings, secrets));
    try {
      const info = await transport.sendMail({
        from: { name: settings.from_name, address: settings.from_address },
        replyTo: settings.reply_to,
        to: recipients,
        subject: rendered.subject,
        // The engine's clock, so a report sent at a virtual 09:00 says 09:00.
        date: new Date(this.hooks.clock.now()),
        text: rendered.text,
        html: rendered.html,
        attachments: [{ filename: rendered.filename, content: rendered.csv, contentType: 'text/csv; charset=utf-8' }],
        headers: { 'X-Herald-Report': row.id },
      });
      const accepted = (info.accepted as unknown[]).map(String);
      const rejected = (info.rejected as unknown[]).map(String);
      const where = mode === 'live' ? '' : ' (to the sandbox inbox)';
      if (accepted.length === 0) return failed(`Every recipient was rejected: ${rejected.join(', ')}. Server reply: ${info.response}`, rendered.subject, info.response);
      this.hooks.notice(
        integration.id,
        rejected.length ? 'warning' : 'info',
        `${preview ? 'Preview of report' : 'Report'} "${row.name}" sent through ${integration.name}${where} to ${accepted.length} recipient(s)${rejected.length ? `; rejected: ${rejected.join(', ')}` : ''}`,
      );
      return { ...base, delivered: true, subject: rendered.subject, accepted, rejected, server_reply: info.response, error: null, ...(mode === 'live' ? {} : { sandbox: mode }) };
    } catch (error) {
      const f = explainSmtpError(error, settings);
      const reply = (error as { response?: string }).response ?? null;
      return failed(`${f.message} ${f.hint}`, rendered.subject, reply);
    } finally {
      transport.close();
    }
  }
}

function scheduleOf(row: ReportRow): ReportSchedule {
  return ReportScheduleSchema.parse(JSON.parse(row.schedule));
}
