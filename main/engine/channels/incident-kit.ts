import { catalogue, type IncidentLevel } from '../../contract/index.js';
import { SCAN_FINISHED_TRIGGERS } from '../rules.js';
import { fingerprintOf } from './jira.js';
import { openAlertsKey, type ChannelMemory, type DeliveryItem, type OutgoingEvent } from './types.js';

/**
 * What the incident services (PagerDuty, Opsgenie) share: the alert's dedup key, its level for the
 * severity or priority mapping, the facts shown with it, and the open alerts each rule action keeps
 * per project, so that a scan which finishes without an alert resolves it.
 */

/** The same alert in every scan: same project, policy, dependency and vulnerability (as Jira's default). */
export const INCIDENT_FINGERPRINT = ['project', 'policy_name', 'dependency', 'vulnerability'] as const;
export const dedupKeyOf = (event: OutgoingEvent): string => `herald-${fingerprintOf(event, INCIDENT_FINGERPRINT)}`;

/** A blocking policy is `blocker` whatever its severity; events without a severity are `other`. */
export function levelOf(payload: Record<string, unknown>): IncidentLevel {
  if (payload.blocker === true) return 'blocker';
  const severity = typeof payload.severity === 'string' ? payload.severity.toLowerCase() : '';
  return (['critical', 'high', 'medium', 'low', 'info'] as const).find((l) => l === severity) ?? 'other';
}

const str = (v: unknown) => (v === undefined || v === null || v === '' ? null : String(v));

/** The facts of an alert as label/value pairs, in the order a responder reads them. */
export function incidentFacts(event: OutgoingEvent): [string, string][] {
  const p = event.payload;
  const title = catalogue.find((t) => t.name === event.trigger)?.title.en ?? event.trigger;
  const dependency = str(p.dependency) && [str(p.dependency), str(p.dependency_version)].filter(Boolean).join(' ');
  const severity = p.blocker === true ? `${str(p.severity) ?? 'blocker'} (blocker)` : str(p.severity);
  const rows: [string, string | null][] = [
    ['Trigger', title],
    ['Project', event.project],
    ['Policy', str(p.policy_name)],
    ['Severity', severity],
    ['Dependency', dependency],
    ['Vulnerability', str(p.vulnerability)],
    ['Stage', str(p.stage)],
    ['Package URL', str(p.purl)],
  ];
  return rows.filter((r): r is [string, string] => r[1] !== null);
}

/** A scan's finish routed to an incident action: it carries the policy alerts the scan reported (maybe none). */
export const isScanClose = (item: Pick<DeliveryItem, 'event' | 'action'>): boolean =>
  SCAN_FINISHED_TRIGGERS.includes(item.event.trigger) && item.action?.digest_event_ids !== undefined;

/** The dedup keys one rule action keeps open in one project, in the integration's durable memory. */
export class OpenAlerts {
  private readonly key: string | null;

  constructor(
    private readonly memory: ChannelMemory,
    item: Pick<DeliveryItem, 'event' | 'action'>,
  ) {
    // Without a project (an OSA check) or a rule action (a replay of an old delivery) nothing can close it later.
    this.key = item.action && item.event.project ? openAlertsKey(`${item.action.rule_id}/${item.action.index}`, item.event.project) : null;
  }

  list(): string[] {
    if (!this.key) return [];
    try {
      const value = JSON.parse(this.memory.get(this.key) ?? '[]') as unknown;
      return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
    } catch {
      return [];
    }
  }

  add(dedupKey: string): void {
    const open = this.list();
    if (this.key && !open.includes(dedupKey)) this.memory.put(this.key, JSON.stringify([...open, dedupKey]));
  }

  remove(dedupKey: string): void {
    if (this.key) this.memory.put(this.key, JSON.stringify(this.list().filter((k) => k !== dedupKey)));
  }

  /** Open alerts the finished scan no longer reports. */
  stale(present: readonly OutgoingEvent[]): string[] {
    const still = new Set(present.map(dedupKeyOf));
    return this.list().filter((k) => !still.has(k));
  }
}

/** Cut to a vendor's limit, marking the cut. */
export const clip = (text: string, max: number): string => (text.length <= max ? text : `${text.slice(0, max - 1)}…`);
