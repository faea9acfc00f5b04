import { findTrigger, type Integration } from '../../contract/index.js';
import type { Repo } from '../store/repo.js';
import { POLICY_TRIGGERS } from '../rules.js';
import { wallAt } from './schedule.js';

/** What one report says about its period: read from the store, rendered by render.ts. */
export interface ReportData {
  from: number;
  to: number;
  zone: string;
  total_events: number;
  by_trigger: { trigger: string; count: number }[];
  by_project: { project: string | null; count: number }[];
  /** One entry per local calendar day of the period, oldest first (the chart). */
  by_day: { date: string; count: number }[];
  policies: { policy_name: string; blocker: boolean; alerts: number; projects: string[]; vulnerabilities: string[]; worst_severity: string | null }[];
  failures: { integration_id: string | null; integration_name: string; failed_attempts: number; dead_letters: number; last_error: string | null }[];
  health: {
    integration_id: string;
    integration_name: string;
    kind: string;
    state: Integration['health']['state'];
    attempts: number;
    delivered: number;
    failed: number;
    success_rate: number | null;
    latency_p95_ms: number | null;
    pending: number;
    dead_letters: number;
    last_error: string | null;
  }[];
}

const SEVERITY_ORDER = ['critical', 'high', 'medium', 'low', 'info'];

/** Reads the period's figures; `integrations` are the Health screen's view of each integration now. */
export function collectReport(repo: Repo, integrations: Integration[], period: { from: number; to: number }, zone: string): ReportData {
  const db = repo.db;
  const range = { from: period.from, to: period.to };
  const inPeriod = 'received_at >= @from AND received_at < @to';

  const byTrigger = db.prepare(`SELECT trigger, COUNT(*) AS count FROM events WHERE ${inPeriod} GROUP BY trigger ORDER BY count DESC, trigger`).all(range) as { trigger: string; count: number }[];
  const byProject = db.prepare(`SELECT project, COUNT(*) AS count FROM events WHERE ${inPeriod} GROUP BY project ORDER BY count DESC, project IS NULL, project`).all(range) as { project: string | null; count: number }[];

  // Days in the report's zone: a day starts at local midnight, not UTC's.
  const days = new Map<string, number>();
  for (let at = period.from; ; ) {
    const w = wallAt(at, zone);
    const key = `${w.year}-${String(w.month).padStart(2, '0')}-${String(w.day).padStart(2, '0')}`;
    if (!days.has(key)) days.set(key, 0);
    if (at >= period.to - 1) break;
    at = Math.min(at + 6 * 3_600_000, period.to - 1);
  }
  for (const row of db.prepare(`SELECT received_at FROM events WHERE ${inPeriod}`).raw().all(range) as [number][]) {
    const w = wallAt(row[0], zone);
    const key = `${w.year}-${String(w.month).padStart(2, '0')}-${String(w.day).padStart(2, '0')}`;
    days.set(key, (days.get(key) ?? 0) + 1);
  }

  const policyRows = db
    .prepare(
      `SELECT json_extract(payload, '$.policy_name') AS policy_name, json_extract(payload, '$.blocker') AS blocker, COUNT(*) AS alerts,
              json_group_array(DISTINCT project) AS projects,
              json_group_array(DISTINCT json_extract(payload, '$.vulnerability')) AS vulnerabilities,
              json_group_array(DISTINCT json_extract(payload, '$.severity')) AS severities
       FROM events WHERE ${inPeriod} AND trigger IN (${POLICY_TRIGGERS.map((t) => `'${t}'`).join(', ')})
       GROUP BY policy_name, blocker ORDER BY blocker DESC, alerts DESC, policy_name`,
    )
    .all(range) as { policy_name: string | null; blocker: number | null; alerts: number; projects: string; vulnerabilities: string; severities: string }[];
  const strings = (json: string) => (JSON.parse(json) as unknown[]).filter((v): v is string => typeof v === 'string' && v !== '').sort();
  const policies = policyRows.map((r) => {
    const severities = strings(r.severities);
    return {
      policy_name: r.policy_name ?? '—',
      blocker: r.blocker === 1,
      alerts: r.alerts,
      projects: strings(r.projects),
      vulnerabilities: strings(r.vulnerabilities),
      worst_severity: SEVERITY_ORDER.find((s) => severities.includes(s)) ?? null,
    };
  });

  const failedAttempts = db
    .prepare(
      `SELECT integration_id, integration_name, COUNT(*) AS n,
              (SELECT error FROM attempts b WHERE b.integration_name = a.integration_name AND b.outcome <> 'delivered' AND b.started_at >= @from AND b.started_at < @to ORDER BY b.started_at DESC LIMIT 1) AS last_error
       FROM attempts a WHERE outcome <> 'delivered' AND started_at >= @from AND started_at < @to GROUP BY integration_id, integration_name`,
    )
    .all(range) as { integration_id: string | null; integration_name: string; n: number; last_error: string | null }[];
  const dead = db
    .prepare(
      `SELECT d.integration_id, i.name AS integration_name, COUNT(*) AS n, MAX(d.last_error) AS last_error FROM deliveries d JOIN integrations i ON i.id = d.integration_id
       WHERE d.status = 'dead' AND d.updated_at >= @from AND d.updated_at < @to GROUP BY d.integration_id`,
    )
    .all(range) as { integration_id: string; integration_name: string; n: number; last_error: string | null }[];
  const failures = new Map<string, ReportData['failures'][number]>();
  for (const r of failedAttempts) failures.set(r.integration_id ?? `name:${r.integration_name}`, { integration_id: r.integration_id, integration_name: r.integration_name, failed_attempts: r.n, dead_letters: 0, last_error: r.last_error });
  for (const r of dead) {
    const entry = failures.get(r.integration_id) ?? { integration_id: r.integration_id, integration_name: r.integration_name, failed_attempts: 0, dead_letters: 0, last_error: r.last_error };
    entry.dead_letters = r.n;
    failures.set(r.integration_id, entry);
  }

  const attempts = db
    .prepare('SELECT integration_id, outcome, duration_ms FROM attempts WHERE started_at >= @from AND started_at < @to AND integration_id IS NOT NULL')
    .all(range) as { integration_id: string; outcome: string; duration_ms: number }[];
  const health = integrations.map((i) => {
    const mine = attempts.filter((a) => a.integration_id === i.id);
    const delivered = mine.filter((a) => a.outcome === 'delivered').length;
    const sorted = mine.map((a) => a.duration_ms).sort((a, b) => a - b);
    return {
      integration_id: i.id,
      integration_name: i.name,
      kind: i.kind,
      state: i.health.state,
      attempts: mine.length,
      delivered,
      failed: mine.length - delivered,
      success_rate: mine.length ? delivered / mine.length : null,
      latency_p95_ms: sorted.length ? sorted[Math.min(sorted.length - 1, Math.ceil(0.95 * sorted.length) - 1)]! : null,
      pending: i.health.pending_deliveries,
      dead_letters: i.health.dead_letters,
      last_error: i.health.last_error,
    };
  });

  return {
    from: period.from,
    to: period.to,
    zone,
    total_events: byTrigger.reduce((sum, r) => sum + r.count, 0),
    by_trigger: byTrigger,
    by_project: byProject,
    by_day: [...days].map(([date, count]) => ({ date, count })),
    policies,
    failures: [...failures.values()].sort((a, b) => b.failed_attempts + b.dead_letters - (a.failed_attempts + a.dead_letters)),
    health,
  };
}

/** A trigger's title in the report's language; unknown names stay as they are. */
export function triggerTitle(trigger: string, language: 'en' | 'ru'): string {
  return findTrigger(trigger)?.title[language] ?? trigger;
}
