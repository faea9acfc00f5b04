import { randomUUID } from 'node:crypto';
import type {
  Attempt,
  AttemptOutcome,
  Delivery,
  DeliveryAction,
  EscalatedFrom,
  EventSource,
  FailureClass,
  HeraldEvent,
  LogEntry,
  RecipientProgress,
  RecordedRequest,
  RecordedResponse,
} from '../../contract/index.js';
import { iso } from '../clock.js';
import type { Statement } from 'better-sqlite3';
import type { Db } from './db.js';

/** Row shapes and the SQL that touches them. The engine decides; this only reads and writes. */

export interface IntegrationRow {
  id: string;
  kind: string;
  name: string;
  is_active: number;
  settings: string;
  secrets: string;
  disabled_reason: string | null;
  disabled_at: number | null;
  disabled_by: string | null;
  retry_step: number;
  next_attempt_at: number | null;
  /** JSON DeliveryPolicy; '{}' = defaults. */
  policy: string;
  /** JSON SandboxSettings; '{}' = live. Written only by setSandbox (and a duplicate's insert). */
  sandbox: string;
  created_at: number;
  updated_at: number;
}

export interface RuleRow {
  id: string;
  name: string;
  is_active: number;
  /** JSON {triggers, projects, actions}. */
  definition: string;
  created_at: number;
  updated_at: number;
}

export interface ClaimedDelivery {
  delivery_id: string;
  event: HeraldEvent;
  action: DeliveryAction | null;
  progress: RecipientProgress | null;
}

export interface EscalationRow {
  id: string;
  event_id: string;
  rule_id: string;
  rule_name: string;
  action_index: number;
  primary_delivery_id: string | null;
  primary_integration_id: string;
  primary_name: string;
  /** JSON RuleFallback, frozen when the event was routed. */
  fallback: string;
  due_at: number;
  status: 'waiting' | 'not_needed' | 'escalated' | 'skipped';
  reason: 'timeout' | 'disabled' | null;
  fallback_delivery_id: string | null;
  created_at: number;
  settled_at: number | null;
}

export interface NotificationRow {
  id: string;
  kind: string;
  integration_id: string | null;
  title: string;
  message: string;
  link: string;
  created_at: number;
  updated_at: number;
  read_at: number | null;
  resolved_at: number | null;
}

export interface LogFilter {
  integration_id?: string | undefined;
  trigger?: string | undefined;
  kinds?: readonly string[] | undefined;
  since?: number | undefined;
  until?: number | undefined;
}

export interface DeadLetterRow {
  delivery_id: string;
  event_id: string;
  integration_id: string;
  attempts: number;
  last_error: string | null;
  died_at: number;
  action: string | null;
  trigger: string;
  project: string | null;
  event_created_at: number;
  integration_name: string;
  integration_kind: string;
}

const parseJson = <T>(text: string | null): T | null => (text === null ? null : (JSON.parse(text) as T));

interface EventRow {
  id: string;
  trigger: string;
  created_at: number;
  received_at: number;
  project: string | null;
  payload: string;
  source: string;
}

interface AttemptRow {
  id: string;
  integration_id: string | null;
  integration_name: string;
  started_at: number;
  duration_ms: number;
  outcome: AttemptOutcome;
  status_code: number | null;
  error: string | null;
  classification: FailureClass | null;
  retry_step: number;
  next_attempt_at: number | null;
  event_ids: string;
  request: string;
  response: string | null;
}

export const newId = (): string => randomUUID();

export function toEvent(row: EventRow): HeraldEvent {
  return {
    id: row.id,
    trigger: row.trigger,
    created_at: iso(row.created_at),
    received_at: iso(row.received_at),
    project: row.project,
    payload: JSON.parse(row.payload) as Record<string, unknown>,
    source: row.source as EventSource,
  };
}

/**
 * Derived from the recorded exchange, so it needs no column of its own. Channels whose client
 * hides the wire (Jira through jira.js) record what they did in `x-herald-*` response headers.
 */
export function describeTarget(
  request: Attempt['request'],
  response: Attempt['response'],
): { protocol: 'http' | 'smtp'; target: string | null; link: string | null } {
  if (request.method === 'SMTP') {
    const to = request.headers.to;
    return { protocol: 'smtp', target: to ? `To ${to}${request.headers.subject ? ` · ${request.headers.subject}` : ''}` : null, link: null };
  }
  // Microsoft Graph sendMail: the recipients and subject are in the JSON message.
  if (request.method === 'POST' && /\/users\/[^/]+\/sendMail$/.test(request.url)) {
    try {
      const { message } = JSON.parse(request.body) as { message?: { subject?: string; toRecipients?: { emailAddress?: { address?: string } }[] } };
      const to = (message?.toRecipients ?? []).map((r) => r.emailAddress?.address).filter(Boolean).join(', ');
      if (to) return { protocol: 'http', target: `To ${to}${message?.subject ? ` · ${message.subject}` : ''}`, link: null };
    } catch {
      // Truncated or MIME: no target line.
    }
  }
  const issue = response?.headers['x-herald-issue'];
  if (issue) return { protocol: 'http', target: `${response.headers['x-herald-action'] ?? 'Issue'} ${issue}`, link: response.headers['x-herald-issue-url'] ?? null };
  return { protocol: 'http', target: null, link: null };
}

function toAttempt(row: AttemptRow): Attempt {
  return {
    id: row.id,
    integration_id: row.integration_id,
    integration_name: row.integration_name,
    started_at: iso(row.started_at),
    duration_ms: row.duration_ms,
    outcome: row.outcome,
    status_code: row.status_code,
    error: row.error,
    classification: row.classification,
    retry_step: row.retry_step,
    next_attempt_at: row.next_attempt_at === null ? null : iso(row.next_attempt_at),
    event_ids: JSON.parse(row.event_ids) as string[],
    ...describeTarget(JSON.parse(row.request) as RecordedRequest, row.response === null ? null : (JSON.parse(row.response) as RecordedResponse)),
    request: JSON.parse(row.request) as RecordedRequest,
    response: row.response === null ? null : (JSON.parse(row.response) as RecordedResponse),
  };
}

export class Repo {
  /** Compiling a statement costs more than running it: each SQL text is prepared once. */
  private readonly statements = new Map<string, Statement<unknown[]>>();
  /** Bumped by every write to integrations or rules, so routing can cache what it parsed. */
  routingVersion = 0;
  constructor(readonly db: Db) {}

  private stmt(sql: string): Statement<unknown[]> {
    let statement = this.statements.get(sql);
    if (!statement) {
      statement = this.db.prepare(sql);
      this.statements.set(sql, statement);
    }
    return statement;
  }

  transaction<T>(fn: () => T): T {
    return this.db.transaction(fn)();
  }

  // ---- settings
  allSettings(): Record<string, unknown> {
    const rows = this.stmt('SELECT key, value FROM settings').all() as { key: string; value: string }[];
    const out: Record<string, unknown> = {};
    for (const r of rows) {
      try {
        out[r.key] = JSON.parse(r.value);
      } catch {
        /* a hand-edited value that is not JSON falls back to the default */
      }
    }
    return out;
  }
  putSetting(key: string, value: unknown): void {
    this.stmt('INSERT INTO settings(key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value').run(key, JSON.stringify(value));
  }

  // ---- integrations
  integrations(): IntegrationRow[] {
    return this.stmt('SELECT * FROM integrations ORDER BY created_at, rowid').all() as IntegrationRow[];
  }
  integration(id: string): IntegrationRow | undefined {
    return this.stmt('SELECT * FROM integrations WHERE id = ?').get(id) as IntegrationRow | undefined;
  }
  insertIntegration(row: Omit<IntegrationRow, 'sandbox'> & { sandbox?: string }): void {
    this.routingVersion++;
    this.stmt(
        `INSERT INTO integrations (id, kind, name, is_active, settings, secrets, disabled_reason, disabled_at, disabled_by, retry_step, next_attempt_at, policy, sandbox, created_at, updated_at)
         VALUES (@id, @kind, @name, @is_active, @settings, @secrets, @disabled_reason, @disabled_at, @disabled_by, @retry_step, @next_attempt_at, @policy, @sandbox, @created_at, @updated_at)`,
      )
      .run({ ...row, sandbox: row.sandbox ?? '{}' });
  }
  setIntegrationSandbox(id: string, sandbox: string, now: number): void {
    this.stmt('UPDATE integrations SET sandbox = ?, updated_at = ? WHERE id = ?').run(sandbox, now, id);
  }
  updateIntegration(row: IntegrationRow): void {
    this.routingVersion++;
    this.stmt(
        `UPDATE integrations SET kind=@kind, name=@name, is_active=@is_active, settings=@settings, secrets=@secrets,
           disabled_reason=@disabled_reason, disabled_at=@disabled_at, disabled_by=@disabled_by,
           retry_step=@retry_step, next_attempt_at=@next_attempt_at, policy=@policy, updated_at=@updated_at
         WHERE id=@id`,
      )
      .run(row);
  }
  deleteIntegration(id: string): boolean {
    this.routingVersion++;
    return this.stmt('DELETE FROM integrations WHERE id = ?').run(id).changes > 0;
  }

  /** Share of failed requests of one integration since a moment (seed 003's 60 % over 12 h). */
  failureStats(id: string, since: number): { total: number; failed: number } {
    const row = this.stmt("SELECT COUNT(*) AS total, COALESCE(SUM(outcome <> 'delivered'), 0) AS failed FROM attempts WHERE integration_id = ? AND started_at >= ?").get(id, since) as { total: number; failed: number };
    return row;
  }

  healthFigures(id: string, since: number) {
    const last = this.stmt('SELECT started_at, status_code, error, outcome FROM attempts WHERE integration_id = ? ORDER BY started_at DESC, rowid DESC LIMIT 1')
      .get(id) as { started_at: number; status_code: number | null; error: string | null; outcome: string } | undefined;
    const lastSuccess = this.stmt("SELECT MAX(started_at) AS at FROM attempts WHERE integration_id = ? AND outcome = 'delivered'")
      .get(id) as { at: number | null };
    const rate = this.stmt("SELECT COUNT(*) AS total, SUM(outcome = 'delivered') AS ok FROM attempts WHERE integration_id = ? AND started_at >= ?")
      .get(id, since) as { total: number; ok: number | null };
    const pending = this.stmt("SELECT COUNT(*) AS n FROM deliveries WHERE integration_id = ? AND status IN ('pending','sending')")
      .get(id) as { n: number };
    const dead = this.stmt("SELECT COUNT(*) AS n FROM deliveries WHERE integration_id = ? AND status = 'dead'").get(id) as { n: number };
    return { last, lastSuccessAt: lastSuccess.at, total: rate.total, ok: rate.ok ?? 0, pending: pending.n, dead: dead.n };
  }

  // ---- channel memory
  memoryGet(integrationId: string, key: string): string | null {
    const row = this.stmt('SELECT value FROM channel_memory WHERE integration_id = ? AND key = ?').get(integrationId, key) as { value: string } | undefined;
    return row?.value ?? null;
  }
  memoryPut(integrationId: string, key: string, value: string, now: number): void {
    this.stmt('INSERT INTO channel_memory (integration_id, key, value, updated_at) VALUES (?, ?, ?, ?) ON CONFLICT(integration_id, key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at').run(integrationId, key, value, now);
  }
  memoryDelete(integrationId: string, key: string): void {
    this.stmt('DELETE FROM channel_memory WHERE integration_id = ? AND key = ?').run(integrationId, key);
  }

  // ---- rules
  rules(): RuleRow[] {
    return this.stmt('SELECT * FROM rules ORDER BY created_at, rowid').all() as RuleRow[];
  }
  rule(id: string): RuleRow | undefined {
    return this.stmt('SELECT * FROM rules WHERE id = ?').get(id) as RuleRow | undefined;
  }
  insertRule(row: RuleRow): void {
    this.routingVersion++;
    this.stmt('INSERT INTO rules (id, name, is_active, definition, created_at, updated_at) VALUES (@id, @name, @is_active, @definition, @created_at, @updated_at)').run(row);
  }
  updateRule(row: RuleRow): void {
    this.routingVersion++;
    this.stmt('UPDATE rules SET name=@name, is_active=@is_active, definition=@definition, updated_at=@updated_at WHERE id=@id').run(row);
  }
  deleteRule(id: string): boolean {
    this.routingVersion++;
    return this.stmt('DELETE FROM rules WHERE id = ?').run(id).changes > 0;
  }

  // ---- events and deliveries
  insertEvent(e: { id: string; trigger: string; created_at: number; received_at: number; project: string | null; payload: Record<string, unknown>; source: EventSource }): void {
    this.stmt('INSERT INTO events (id, trigger, created_at, received_at, project, payload, source) VALUES (?, ?, ?, ?, ?, ?, ?)')
      .run(e.id, e.trigger, e.created_at, e.received_at, e.project, JSON.stringify(e.payload), e.source);
  }
  /** False when this (event, integration, action) already has its delivery. */
  insertDelivery(eventId: string, integrationId: string, now: number, actionKey = '', action: DeliveryAction | null = null, escalatedFrom: EscalatedFrom | null = null): boolean {
    return (
      this.stmt("INSERT OR IGNORE INTO deliveries (id, event_id, integration_id, status, action_key, action, escalated_from, created_at, updated_at) VALUES (?, ?, ?, 'pending', ?, ?, ?, ?, ?)")
        .run(newId(), eventId, integrationId, actionKey, action === null ? null : JSON.stringify(action), escalatedFrom === null ? null : JSON.stringify(escalatedFrom), now, now).changes > 0
    );
  }
  deliveryId(eventId: string, integrationId: string, actionKey: string): string | null {
    const row = this.stmt('SELECT id FROM deliveries WHERE event_id = ? AND integration_id = ? AND action_key = ?').get(eventId, integrationId, actionKey) as { id: string } | undefined;
    return row?.id ?? null;
  }
  deliveryStatus(id: string): Delivery['status'] | null {
    const row = this.stmt('SELECT status FROM deliveries WHERE id = ?').get(id) as { status: Delivery['status'] } | undefined;
    return row?.status ?? null;
  }

  // ---- escalations
  insertEscalation(row: Omit<EscalationRow, 'status' | 'reason' | 'fallback_delivery_id' | 'settled_at'>): boolean {
    return (
      this.stmt(
        `INSERT OR IGNORE INTO escalations (id, event_id, rule_id, rule_name, action_index, primary_delivery_id, primary_integration_id, primary_name, fallback, due_at, status, created_at)
         VALUES (@id, @event_id, @rule_id, @rule_name, @action_index, @primary_delivery_id, @primary_integration_id, @primary_name, @fallback, @due_at, 'waiting', @created_at)`,
      ).run(row).changes > 0
    );
  }
  dueEscalations(now: number, limit: number): EscalationRow[] {
    return this.stmt("SELECT * FROM escalations WHERE status = 'waiting' AND due_at <= ? ORDER BY due_at, rowid LIMIT ?").all(now, limit) as EscalationRow[];
  }
  nextEscalationDue(): number | null {
    return (this.stmt("SELECT MIN(due_at) AS at FROM escalations WHERE status = 'waiting'").get() as { at: number | null }).at;
  }
  /** The primary integration is disabled: its waiting escalations are due now. */
  escalateNowFor(integrationId: string, now: number): number {
    return this.stmt("UPDATE escalations SET due_at = ? WHERE status = 'waiting' AND primary_integration_id = ? AND due_at > ?").run(now, integrationId, now).changes;
  }
  /** False when another pass settled it first: an escalation happens once. */
  settleEscalation(id: string, status: 'not_needed' | 'escalated' | 'skipped', reason: 'timeout' | 'disabled' | null, fallbackDeliveryId: string | null, now: number): boolean {
    return (
      this.stmt("UPDATE escalations SET status = ?, reason = ?, fallback_delivery_id = ?, settled_at = ? WHERE id = ? AND status = 'waiting'").run(status, reason, fallbackDeliveryId, now, id).changes > 0
    );
  }
  setEscalationDelivery(id: string, deliveryId: string | null): void {
    this.stmt('UPDATE escalations SET fallback_delivery_id = ? WHERE id = ?').run(deliveryId, id);
  }
  escalationsOfEvent(eventId: string): EscalationRow[] {
    return this.stmt('SELECT * FROM escalations WHERE event_id = ? ORDER BY rowid').all(eventId) as EscalationRow[];
  }
  eventsByIds(ids: readonly string[]): HeraldEvent[] {
    const rows = this.stmt('SELECT * FROM events WHERE id IN (SELECT value FROM json_each(?)) ORDER BY rowid').all(JSON.stringify(ids)) as EventRow[];
    return rows.map(toEvent);
  }
  /**
   * Events of one project that arrived after the last boundary event (scan start or finish)
   * before `eventId`, in arrival order: the policy alerts of the scan `eventId` finishes.
   */
  eventsOfScan(eventId: string | null, project: string, boundaryTriggers: readonly string[], triggers: readonly string[]): HeraldEvent[] {
    const rows = this.stmt(
        // Without an id (a dry run), the scan is the one still open: everything after the last boundary.
        `WITH me AS (SELECT COALESCE((SELECT rowid FROM events WHERE id = @id), (SELECT COALESCE(MAX(rowid), 0) + 1 FROM events)) AS r),
              start AS (SELECT COALESCE(MAX(rowid), 0) AS r FROM events
                        WHERE project = @project AND rowid < (SELECT r FROM me) AND trigger IN (SELECT value FROM json_each(@boundaries)))
         SELECT * FROM events
         WHERE project = @project AND rowid > (SELECT r FROM start) AND rowid < (SELECT r FROM me)
           AND trigger IN (SELECT value FROM json_each(@triggers))
         ORDER BY rowid`,
      )
      .all({ id: eventId, project, boundaries: JSON.stringify(boundaryTriggers), triggers: JSON.stringify(triggers) }) as EventRow[];
    return rows.map(toEvent);
  }
  deliveriesOfEvent(eventId: string): Delivery[] {
    const rows = this.stmt('SELECT * FROM deliveries WHERE event_id = ? ORDER BY created_at, rowid').all(eventId) as (Omit<Delivery, 'created_at' | 'updated_at' | 'action' | 'progress' | 'escalated_from'> & {
      created_at: number;
      updated_at: number;
      action: string | null;
      progress: string | null;
      escalated_from: string | null;
    })[];
    return rows.map((r) => ({
      id: r.id,
      event_id: r.event_id,
      integration_id: r.integration_id,
      action: parseJson<DeliveryAction>(r.action),
      progress: parseJson<RecipientProgress>(r.progress),
      escalated_from: parseJson<EscalatedFrom>(r.escalated_from),
      status: r.status,
      attempts: r.attempts,
      last_error: r.last_error,
      created_at: iso(r.created_at),
      updated_at: iso(r.updated_at),
    }));
  }

  /**
   * Active integrations with pending work: their retry state, policy, and when the oldest pending
   * delivery arrived. The scheduler turns this into due times (batching window or retry step).
   */
  pendingWork(): { id: string; retry_step: number; next_attempt_at: number | null; policy: string; oldest: number }[] {
    return this.stmt(
        `SELECT i.id, i.retry_step, i.next_attempt_at, i.policy,
                (SELECT MIN(d.created_at) FROM deliveries d WHERE d.integration_id = i.id AND d.status = 'pending') AS oldest
         FROM integrations i WHERE i.is_active = 1`,
      )
      .all()
      .filter((r) => (r as { oldest: number | null }).oldest !== null) as { id: string; retry_step: number; next_attempt_at: number | null; policy: string; oldest: number }[];
  }

  /** Earliest lease that will expire, so a stuck send is picked up again without polling. */
  nextLeaseExpiry(): number | null {
    return (this.stmt("SELECT MIN(lease_until) AS at FROM deliveries WHERE status = 'sending'").get() as { at: number | null }).at;
  }

  /** Leases every pending delivery of one integration (oldest first), returning them with their events. */
  claim(integrationId: string, now: number, leaseUntil: number, limit: number): ClaimedDelivery[] {
    return this.transaction(() => {
      const rows = this.stmt(
          `SELECT d.id AS delivery_id, d.action AS delivery_action, d.progress AS delivery_progress, e.* FROM deliveries d JOIN events e ON e.id = d.event_id
           WHERE d.integration_id = ? AND d.status = 'pending' ORDER BY d.created_at, d.rowid LIMIT ?`,
        )
        .all(integrationId, limit) as (EventRow & { delivery_id: string; delivery_action: string | null; delivery_progress: string | null })[];
      // Arrival order walks the index; the batch itself goes out in event time order.
      rows.sort((a, b) => a.created_at - b.created_at);
      // One set-based UPDATE: per-row statements dominated large batches (see bench/delivery.mjs).
      this.stmt("UPDATE deliveries SET status = 'sending', lease_until = ?, updated_at = ? WHERE id IN (SELECT value FROM json_each(?))")
        .run(leaseUntil, now, JSON.stringify(rows.map((r) => r.delivery_id)));
      return rows.map((r) => ({
        delivery_id: r.delivery_id,
        event: toEvent(r),
        action: parseJson<DeliveryAction>(r.delivery_action),
        progress: parseJson<RecipientProgress>(r.delivery_progress),
      }));
    });
  }

  /** Leases that outlived their process or their deadline go back to pending. */
  releaseExpiredLeases(now: number): number {
    return this.stmt("UPDATE deliveries SET status = 'pending', lease_until = NULL, updated_at = ? WHERE status = 'sending' AND lease_until < ?").run(now, now).changes;
  }
  releaseAllLeases(now: number): number {
    return this.stmt("UPDATE deliveries SET status = 'pending', lease_until = NULL, updated_at = ? WHERE status = 'sending'").run(now).changes;
  }

  settleDeliveries(ids: readonly string[], status: 'delivered' | 'pending' | 'dead', error: string | null, now: number): void {
    this.stmt('UPDATE deliveries SET status = ?, attempts = attempts + 1, lease_until = NULL, last_error = ?, updated_at = ? WHERE id IN (SELECT value FROM json_each(?))')
      .run(status, error, now, JSON.stringify(ids));
  }
  /** One delivery's outcome, with its per-recipient progress (email). */
  settleDelivery(id: string, status: 'delivered' | 'pending' | 'dead', error: string | null, progress: RecipientProgress | null, now: number): void {
    this.stmt('UPDATE deliveries SET status = ?, attempts = attempts + 1, lease_until = NULL, last_error = ?, progress = ?, updated_at = ? WHERE id = ?')
      .run(status, error, progress === null ? null : JSON.stringify(progress), now, id);
  }
  /** Claimed but not tried (the run stopped early): back to pending, no attempt counted. */
  releaseDeliveries(ids: readonly string[], now: number): void {
    this.stmt("UPDATE deliveries SET status = 'pending', lease_until = NULL, updated_at = ? WHERE status = 'sending' AND id IN (SELECT value FROM json_each(?))")
      .run(now, JSON.stringify(ids));
  }
  /** On auto-disable every undelivered event of the integration gives up with the last error. */
  killPending(integrationId: string, error: string, now: number): number {
    return this.stmt("UPDATE deliveries SET status = 'dead', lease_until = NULL, last_error = ?, updated_at = ? WHERE integration_id = ? AND status IN ('pending','sending')")
      .run(error, now, integrationId).changes;
  }

  // ---- notifications
  openNotification(kind: string, integrationId: string | null): NotificationRow | undefined {
    return this.stmt('SELECT * FROM notifications WHERE kind = ? AND integration_id IS ? AND resolved_at IS NULL ORDER BY updated_at DESC LIMIT 1').get(kind, integrationId) as NotificationRow | undefined;
  }
  upsertNotification(row: NotificationRow): void {
    this.stmt(
      `INSERT INTO notifications (id, kind, integration_id, title, message, link, created_at, updated_at, read_at, resolved_at)
       VALUES (@id, @kind, @integration_id, @title, @message, @link, @created_at, @updated_at, @read_at, @resolved_at)
       ON CONFLICT(id) DO UPDATE SET title = excluded.title, message = excluded.message, link = excluded.link,
         updated_at = excluded.updated_at, read_at = excluded.read_at, resolved_at = excluded.resolved_at`,
    ).run(row);
  }
  notification(id: string): NotificationRow | undefined {
    return this.stmt('SELECT * FROM notifications WHERE id = ?').get(id) as NotificationRow | undefined;
  }
  notifications(includeResolved: boolean, limit: number): NotificationRow[] {
    return this.stmt('SELECT * FROM notifications WHERE (@all = 1 OR resolved_at IS NULL) ORDER BY updated_at DESC, rowid DESC LIMIT @limit').all({ all: includeResolved ? 1 : 0, limit }) as NotificationRow[];
  }
  unreadNotifications(kindsOff: readonly string[]): number {
    return (this.stmt('SELECT COUNT(*) AS n FROM notifications WHERE resolved_at IS NULL AND read_at IS NULL AND kind NOT IN (SELECT value FROM json_each(?))').get(JSON.stringify(kindsOff)) as { n: number }).n;
  }

  // ---- dead letters
  deadLetters(integrationId: string | undefined, before: { at: number; id: string } | undefined, limit: number): { rows: DeadLetterRow[]; total: number } {
    const filter = integrationId === undefined ? '' : 'AND d.integration_id = @integration';
    const rows = this.stmt(
        `SELECT d.id AS delivery_id, d.event_id, d.integration_id, d.attempts, d.last_error, d.updated_at AS died_at, d.action,
                e.trigger, e.project, e.created_at AS event_created_at, i.name AS integration_name, i.kind AS integration_kind
         FROM deliveries d JOIN events e ON e.id = d.event_id JOIN integrations i ON i.id = d.integration_id
         WHERE d.status = 'dead' ${filter} AND (@before_at IS NULL OR d.updated_at < @before_at OR (d.updated_at = @before_at AND d.id < @before_id))
         ORDER BY d.updated_at DESC, d.id DESC LIMIT @limit`,
      )
      .all({ integration: integrationId ?? null, before_at: before?.at ?? null, before_id: before?.id ?? null, limit }) as DeadLetterRow[];
    const total = (this.stmt(`SELECT COUNT(*) AS n FROM deliveries d WHERE d.status = 'dead' ${filter}`).get(integrationId === undefined ? {} : { integration: integrationId }) as { n: number }).n;
    return { rows, total };
  }

  /**
   * Dead deliveries back to pending, keeping their event and per-recipient progress: a replay
   * sends the same event id, and an email never goes again to who already accepted it.
   * Returns how many, per integration.
   */
  replayDead(ids: readonly string[] | 'all', integrationId: string | undefined, now: number): Map<string, number> {
    const rows = this.stmt(
      `UPDATE deliveries SET status = 'pending', attempts = 0, lease_until = NULL, created_at = @now, updated_at = @now
       WHERE status = 'dead' AND (@ids IS NULL OR id IN (SELECT value FROM json_each(@ids))) AND (@integration IS NULL OR integration_id = @integration)
       RETURNING integration_id`,
    ).all({ now, ids: ids === 'all' ? null : JSON.stringify(ids), integration: integrationId ?? null }) as { integration_id: string }[];
    const counts = new Map<string, number>();
    for (const r of rows) counts.set(r.integration_id, (counts.get(r.integration_id) ?? 0) + 1);
    return counts;
  }

  // ---- attempts
  insertAttempt(a: Omit<AttemptRow, 'event_ids' | 'request' | 'response'> & { event_ids: string[]; request: RecordedRequest; response: RecordedResponse | null }): void {
    this.stmt(
        `INSERT INTO attempts (id, integration_id, integration_name, started_at, duration_ms, outcome, status_code, error, classification, retry_step, next_attempt_at, event_ids, request, response)
         VALUES (@id, @integration_id, @integration_name, @started_at, @duration_ms, @outcome, @status_code, @error, @classification, @retry_step, @next_attempt_at, @event_ids, @request, @response)`,
      )
      .run({ ...a, event_ids: JSON.stringify(a.event_ids), request: JSON.stringify(a.request), response: a.response === null ? null : JSON.stringify(a.response) });
  }
  attempt(id: string): Attempt | undefined {
    const row = this.stmt('SELECT * FROM attempts WHERE id = ?').get(id) as AttemptRow | undefined;
    return row && toAttempt(row);
  }

  // ---- log
  appendLog(entry: LogEntry): LogEntry & { seq: number } {
    const at = Date.parse(entry.at);
    const { lastInsertRowid } = this.stmt('INSERT INTO log (at, type, ref_id, data) VALUES (?, ?, ?, ?)').run(at, entry.type, entry.id, JSON.stringify(entry));
    return { ...entry, seq: Number(lastInsertRowid) };
  }
  logPage(before: number | undefined, limit: number, filter: LogFilter = {}): (LogEntry & { seq: number })[] {
    const filtered = filter.integration_id !== undefined || filter.trigger !== undefined || (filter.kinds?.length ?? 0) > 0 || filter.since !== undefined || filter.until !== undefined;
    const rows = (
      filtered
        ? this.stmt(
              // Attempts are filtered by outcome, the rest by type: the two sets of names do not overlap.
              `SELECT seq, data FROM log
               WHERE (@before IS NULL OR seq < @before)
                 AND (@since IS NULL OR at >= @since) AND (@until IS NULL OR at <= @until)
                 AND (@kinds IS NULL OR (CASE type WHEN 'attempt' THEN json_extract(data, '$.attempt.outcome') ELSE type END) IN (SELECT value FROM json_each(@kinds)))
                 AND (@integration IS NULL
                      OR (type = 'attempt' AND json_extract(data, '$.attempt.integration_id') = @integration)
                      OR (type = 'notice' AND json_extract(data, '$.integration_id') = @integration)
                      OR (type = 'notice' AND json_extract(data, '$.escalation.integration_id') = @integration)
                      OR (type = 'event' AND EXISTS (SELECT 1 FROM deliveries d WHERE d.event_id = log.ref_id AND d.integration_id = @integration)))
                 AND (@trigger IS NULL
                      OR (type = 'event' AND json_extract(data, '$.event.trigger') = @trigger)
                      OR (type = 'attempt' AND EXISTS (SELECT 1 FROM json_each(json_extract(log.data, '$.attempt.event_ids')) j JOIN events e ON e.id = j.value WHERE e.trigger = @trigger)))
               ORDER BY seq DESC LIMIT @limit`,
            ).all({
              before: before ?? null,
              limit,
              since: filter.since ?? null,
              until: filter.until ?? null,
              kinds: filter.kinds?.length ? JSON.stringify(filter.kinds) : null,
              integration: filter.integration_id ?? null,
              trigger: filter.trigger ?? null,
            })
        : before === undefined
          ? this.stmt('SELECT seq, data FROM log ORDER BY seq DESC LIMIT ?').all(limit)
          : this.stmt('SELECT seq, data FROM log WHERE seq < ? ORDER BY seq DESC LIMIT ?').all(before, limit)
    ) as { seq: number; data: string }[];
    return rows.map((r) => ({ ...(JSON.parse(r.data) as LogEntry), seq: r.seq }));
  }

  /** Attempts since a moment, oldest first: the raw material of the Health charts. */
  attemptsSince(since: number, integrationId: string | undefined): { integration_id: string; started_at: number; duration_ms: number; outcome: string }[] {
    return this.stmt(
        `SELECT integration_id, started_at, duration_ms, outcome FROM attempts
         WHERE started_at >= @since AND integration_id IS NOT NULL AND (@integration IS NULL OR integration_id = @integration)
         ORDER BY started_at`,
      )
      .all({ since, integration: integrationId ?? null }) as { integration_id: string; started_at: number; duration_ms: number; outcome: string }[];
  }

  /** Retention: old log rows, attempts, resolved notifications, and events that nothing still waits on. */
  prune(olderThan: number): { events: number; attempts: number; log: number; notifications: number } {
    return this.transaction(() => ({
      notifications: this.stmt('DELETE FROM notifications WHERE resolved_at IS NOT NULL AND resolved_at < ?').run(olderThan).changes,
      log: this.stmt('DELETE FROM log WHERE at < ?').run(olderThan).changes,
      attempts: this.stmt('DELETE FROM attempts WHERE started_at < ?').run(olderThan).changes,
      events: this.stmt(
          `DELETE FROM events WHERE received_at < ?
           AND NOT EXISTS (SELECT 1 FROM deliveries d WHERE d.event_id = events.id AND d.status IN ('pending','sending'))`,
        )
        .run(olderThan).changes,
    }));
  }
}
