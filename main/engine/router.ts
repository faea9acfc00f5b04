import { EmailActionParamsSchema, type Condition, type RuleFallback, type DeliveryPolicy, type DeliveryAction, type DryRunCheck, type HeraldEvent, type Rule, type RuleAction, type TriggerName } from '../contract/index.js';
import { channelFor } from './channels/index.js';
import { dedupKeyOf } from './channels/incident-kit.js';
import { openAlertsKey, type Channel } from './channels/types.js';
import { explainRule, POLICY_TRIGGERS, projectsMatch, ruleMatches, SCAN_BOUNDARY_TRIGGERS, SCAN_FINISHED_TRIGGERS, subjectKeys } from './rules.js';
import { newId, type IntegrationRow, type Repo, type RuleRow } from './store/repo.js';
import { parsePolicy } from './policy.js';

export interface Routed {
  routed: { integration_id: string; integration_name: string }[];
  /** Fallbacks to watch were stored: the escalator must look again (some may be due at once). */
  escalations: number;
  held: { integration_id: string; integration_name: string; rule_name: string }[];
  switched_off: boolean;
}

export interface RouteEvent {
  /** Absent in a dry run: the event is not stored. */
  id?: string;
  trigger: string;
  project: string | null;
  payload: Record<string, unknown>;
}

export function toRule(row: RuleRow, iso: (ms: number) => string): Rule {
  const definition = JSON.parse(row.definition) as { triggers: TriggerName[]; projects: string[]; conditions?: Condition[]; actions: RuleAction[] };
  return {
    id: row.id,
    name: row.name,
    is_active: row.is_active === 1,
    triggers: definition.triggers,
    projects: definition.projects,
    conditions: definition.conditions ?? [],
    actions: definition.actions,
    created_at: iso(row.created_at),
    updated_at: iso(row.updated_at),
  };
}

/** Integrations and rules parsed once; rebuilt whenever either table or the trigger switches change. */
export interface RoutingTable {
  integrations: Map<string, { row: IntegrationRow; settings: unknown; policy: DeliveryPolicy; channel: Channel<unknown>; digestAction: (params: Record<string, unknown>) => boolean }>;
  rules: Rule[];
  disabledTriggers: ReadonlySet<string>;
}

export function buildRoutingTable(repo: Repo, disabledTriggers: readonly string[]): RoutingTable {
  const integrations: RoutingTable['integrations'] = new Map();
  for (const row of repo.integrations()) {
    integrations.set(row.id, {
      row,
      settings: JSON.parse(row.settings) as unknown,
      policy: parsePolicy(row.policy),
      channel: channelFor(row.kind),
      digestAction: (params) => row.kind === 'email' && EmailActionParamsSchema.safeParse(params).data?.format === 'digest',
    });
  }
  return { integrations, rules: repo.rules().map((r) => toRule(r, String)), disabledTriggers: new Set(disabledTriggers) };
}

export interface PlannedDelivery {
  integration: IntegrationRow;
  /** '' = one delivery per event for the integration (batching kinds); '<rule>/<index>' per action. */
  key: string;
  action: DeliveryAction | null;
  rule: Rule | null;
  what: 'send' | 'digest';
  /** Rule actions served by this delivery that name a fallback: watched until delivered. */
  fallbacks: PlannedFallback[];
}

export interface PlannedFallback {
  rule: Rule;
  index: number;
  fallback: RuleFallback;
}

export interface RoutePlan {
  deliveries: PlannedDelivery[];
  /** Actions whose integration is disabled but that name a fallback: the event escalates at once. */
  escalations: (PlannedFallback & { primary: IntegrationRow })[];
  held: { integration_id: string; integration_name: string; rule_id: string; rule_name: string }[];
  checks: DryRunCheck[];
  skipped: { integration_id: string; integration_name: string; rule_name: string | null; reason: string }[];
  switched_off: boolean;
}

/** Incident kinds with resolving on: the scan's finish may resolve their open alerts. */
const followsScans = (entry: { channel: Channel<unknown>; settings: unknown } | undefined): boolean => entry?.channel.followsScans?.(entry.settings) === true;

/** Why a webhook's own filters take an event or not. */
function explainOwnFilters(settings: unknown, event: RouteEvent): { ok: boolean; text: string }[] {
  const s = settings as { events?: string[]; projects?: string[] };
  const out: { ok: boolean; text: string }[] = [];
  const triggerOk = (s.events ?? []).includes(event.trigger);
  out.push({ ok: triggerOk, text: triggerOk ? `Its events include ${event.trigger}` : `Its events do not include ${event.trigger}` });
  const projects = s.projects ?? [];
  if (projects.length === 0) out.push({ ok: true, text: 'All projects' });
  else {
    const ok = projectsMatch(projects, event.payload);
    out.push({ ok, text: ok ? `Project ${subjectKeys(event.payload).join(' / ')} is listed` : `Project is not in ${projects.join(', ')}` });
  }
  return out;
}

/**
 * Decides which deliveries an event creates: the integrations' own filters (webhooks), then every
 * matching rule's actions. Email actions in digest format hold policy alerts and turn the scan's
 * finish into one digest delivery. Pure: the dry run shows this plan, fireEvent stores it.
 */
export function planRoutes(
  table: RoutingTable,
  event: RouteEvent,
  eventsOfScan: (project: string, triggers: readonly string[]) => HeraldEvent[],
  /** Dry run: say why each rule and webhook matched or not. Off on the ingest path, where it would only cost. */
  explain = false,
  /** Whether an incident integration keeps alerts open under this memory key that the scan no longer reports. */
  hasStaleAlerts: (integrationId: string, key: string, present: HeraldEvent[]) => boolean = () => false,
): RoutePlan {
  const plan: RoutePlan = { deliveries: [], escalations: [], held: [], checks: [], skipped: [], switched_off: table.disabledTriggers.has(event.trigger) };
  const seen = new Map<string, PlannedDelivery>();
  const add = (row: IntegrationRow, key: string, action: DeliveryAction | null, rule: Rule | null, what: PlannedDelivery['what'], fallback?: PlannedFallback) => {
    const id = `${row.id}|${key}`;
    // One delivery per batching integration, but every rule action's fallback still watches it.
    const existing = seen.get(id);
    if (existing) return void (fallback && existing.fallbacks.push(fallback));
    const planned: PlannedDelivery = { integration: row, key, action, rule, what, fallbacks: fallback ? [fallback] : [] };
    seen.set(id, planned);
    plan.deliveries.push(planned);
  };
  const skip = (row: IntegrationRow, rule: Rule | null) => {
    const reason = `${row.name} is disabled${row.disabled_reason ? `: ${row.disabled_reason}` : ''}`;
    if (!plan.skipped.some((s) => s.integration_id === row.id && s.rule_name === (rule?.name ?? null))) plan.skipped.push({ integration_id: row.id, integration_name: row.name, rule_name: rule?.name ?? null, reason });
  };

  for (const { row, settings, channel } of table.integrations.values()) {
    if (row.kind !== 'webhook') continue;
    const matched = channel.wants(settings as never, event);
    if (explain) plan.checks.push({ rule_id: null, name: `${row.name} (its own events and projects)`, integration_id: row.id, matched, reasons: explainOwnFilters(settings, event) });
    if (!matched || plan.switched_off) continue;
    if (row.is_active === 1) add(row, '', null, null, 'send');
    else skip(row, null);
  }

  const isPolicy = POLICY_TRIGGERS.includes(event.trigger);
  const isScanFinish = SCAN_FINISHED_TRIGGERS.includes(event.trigger);
  for (const rule of table.rules) {
    const matches = ruleMatches(rule, event);
    const digestActions = rule.actions.filter((a) => table.integrations.get(a.integration_id)?.digestAction(a.params));
    // A digest rule also "matches" the scan's finish, even when it does not route that trigger itself.
    // Its conditions apply to the policy alerts the digest lists, not to the finish event.
    const asFinish = { ...rule, triggers: [event.trigger as TriggerName], conditions: [] };
    const finishesDigest = isScanFinish && event.project !== null && digestActions.length > 0 && ruleMatches(asFinish, event);
    // An incident action's finish: the rule pages on policy alerts, so the finish may resolve some.
    const followsScan =
      isScanFinish &&
      event.project !== null &&
      rule.triggers.some((t) => POLICY_TRIGGERS.includes(t)) &&
      rule.actions.some((a) => followsScans(table.integrations.get(a.integration_id))) &&
      ruleMatches(asFinish, event);
    const extra = finishesDigest ? 'Finishes the scan its digest collects' : followsScan ? 'Finishes the scan: alerts it no longer reports are resolved' : null;
    if (explain) plan.checks.push({
      rule_id: rule.id,
      name: rule.name,
      matched: matches || finishesDigest || followsScan,
      reasons: extra && !matches ? [...explainRule(asFinish, event), { ok: true, text: extra }] : explainRule(rule, event),
    });
    if (plan.switched_off || !rule.is_active) continue;

    rule.actions.forEach((action, index) => {
      const entry = table.integrations.get(action.integration_id);
      if (!entry) return;
      const { row } = entry;
      const base = { rule_id: rule.id, rule_name: rule.name, index, params: action.params };
      const digest = entry.digestAction(action.params);
      // Incident kinds never page on a scan's finish: it closes what the scan no longer reports.
      if (isScanFinish && followsScans(entry)) {
        if (!followsScan || row.is_active !== 1) return;
        const wanted = POLICY_TRIGGERS.filter((t) => (rule.triggers as readonly string[]).includes(t));
        const present = eventsOfScan(event.project!, wanted).filter((e) => ruleMatches(rule, e));
        if (!hasStaleAlerts(row.id, openAlertsKey(`${rule.id}/${index}`, event.project!), present)) {
          plan.skipped.push({ integration_id: row.id, integration_name: row.name, rule_name: rule.name, reason: 'No alert it keeps open in this project is missing from the scan: nothing to resolve.' });
          return;
        }
        return add(row, `${rule.id}/${index}`, { ...base, digest_event_ids: present.map((e) => e.id) }, rule, 'send');
      }
      const wouldAct = digest ? (isPolicy && matches) || finishesDigest || (matches && !isPolicy && !isScanFinish) : matches;
      if (!wouldAct) return;
      // A scan digest never escalates (the engine refuses such a rule): it holds alerts by design.
      const fallback = action.fallback && !digest ? { rule, index, fallback: action.fallback } : undefined;
      if (row.is_active !== 1) {
        if (fallback) plan.escalations.push({ ...fallback, primary: row });
        return skip(row, rule);
      }
      // Kinds that batch send each event once per integration, however many rules name it.
      if (entry.channel.mode === 'batch') return add(row, '', null, rule, 'send', fallback);
      if (!digest) return add(row, `${rule.id}/${index}`, base, rule, 'send', fallback);
      if (isPolicy) {
        plan.held.push({ integration_id: row.id, integration_name: row.name, rule_id: rule.id, rule_name: rule.name });
      } else if (finishesDigest) {
        // The digest lists the policies this rule routes that fired since the scan started; none, no email.
        const wanted = POLICY_TRIGGERS.filter((t) => (rule.triggers as readonly string[]).includes(t));
        const policies = eventsOfScan(event.project!, wanted).filter((e) => ruleMatches(rule, e));
        if (policies.length) add(row, `${rule.id}/${index}`, { ...base, digest_event_ids: policies.map((e) => e.id) }, rule, 'digest');
        else plan.skipped.push({ integration_id: row.id, integration_name: row.name, rule_name: rule.name, reason: 'No policy alert of this scan matched the rule: no digest email is sent.' });
      } else {
        add(row, `${rule.id}/${index}`, base, rule, 'send');
      }
    });
  }
  return plan;
}

/** Stores the plan's deliveries inside the event's transaction. */
export function routeEvent(repo: Repo, table: RoutingTable, event: RouteEvent & { id: string }, now: number): Routed {
  const plan = planRoutes(table, event, (project, triggers) => repo.eventsOfScan(event.id, project, SCAN_BOUNDARY_TRIGGERS, triggers), false, (id, key, present) => hasStaleAlerts(repo, id, key, present));
  const out: Routed = { routed: [], escalations: 0, held: plan.held.map(({ rule_id: _rule, ...h }) => h), switched_off: plan.switched_off };
  const watch = (f: PlannedFallback, primary: IntegrationRow, deliveryId: string | null, dueAt: number) => {
    const stored = repo.insertEscalation({
      id: newId(),
      event_id: event.id,
      rule_id: f.rule.id,
      rule_name: f.rule.name,
      action_index: f.index,
      primary_delivery_id: deliveryId,
      primary_integration_id: primary.id,
      primary_name: primary.name,
      fallback: JSON.stringify(f.fallback),
      due_at: dueAt,
      created_at: now,
    });
    if (stored) out.escalations++;
  };
  for (const d of plan.deliveries) {
    if (repo.insertDelivery(event.id, d.integration.id, now, d.key, d.action) && !out.routed.some((r) => r.integration_id === d.integration.id)) {
      out.routed.push({ integration_id: d.integration.id, integration_name: d.integration.name });
    }
    if (d.fallbacks.length) {
      const deliveryId = repo.deliveryId(event.id, d.integration.id, d.key);
      for (const f of d.fallbacks) watch(f, d.integration, deliveryId, now + f.fallback.after_minutes * 60_000);
    }
  }
  // The primary is disabled: nothing to wait for.
  for (const e of plan.escalations) watch(e, e.primary, null, now);
  return out;
}

/** Whether an incident channel keeps alerts open for one rule action in one project that `present` no longer lists. */
export function hasStaleAlerts(repo: Repo, integrationId: string, key: string, present: HeraldEvent[]): boolean {
  let open: unknown;
  try {
    open = JSON.parse(repo.memoryGet(integrationId, key) ?? '[]');
  } catch {
    return false;
  }
  if (!Array.isArray(open) || open.length === 0) return false;
  const still = new Set(present.map(dedupKeyOf));
  return open.some((k) => !still.has(k as string));
}
