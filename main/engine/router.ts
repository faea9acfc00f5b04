import { EmailActionParamsSchema, type DeliveryAction, type Rule, type RuleAction, type TriggerName } from '../contract/index.js';
import { channelFor } from './channels/index.js';
import { POLICY_TRIGGERS, ruleMatches, SCAN_BOUNDARY_TRIGGERS, SCAN_FINISHED_TRIGGERS } from './rules.js';
import type { IntegrationRow, Repo, RuleRow } from './store/repo.js';

export interface Routed {
  routed: { integration_id: string; integration_name: string }[];
  held: { integration_id: string; integration_name: string; rule_name: string }[];
}

interface RouteEvent {
  id: string;
  trigger: string;
  project: string | null;
  payload: Record<string, unknown>;
}

export function toRule(row: RuleRow, iso: (ms: number) => string): Rule {
  const definition = JSON.parse(row.definition) as { triggers: TriggerName[]; projects: string[]; actions: RuleAction[] };
  return {
    id: row.id,
    name: row.name,
    is_active: row.is_active === 1,
    triggers: definition.triggers,
    projects: definition.projects,
    actions: definition.actions,
    created_at: iso(row.created_at),
    updated_at: iso(row.updated_at),
  };
}

/**
 * Decides, inside the event's transaction, which deliveries an event creates: the integrations'
 * own filters (webhooks), then every matching rule's actions. Email actions in digest format hold
 * policy alerts and turn the scan's finish into one digest delivery.
 */
export function routeEvent(repo: Repo, event: RouteEvent, now: number): Routed {
  const out: Routed = { routed: [], held: [] };
  const integrations = new Map(repo.integrations().map((row) => [row.id, row]));
  const add = (row: IntegrationRow, key: string, action: DeliveryAction | null) => {
    if (repo.insertDelivery(event.id, row.id, now, key, action) && !out.routed.some((r) => r.integration_id === row.id)) {
      out.routed.push({ integration_id: row.id, integration_name: row.name });
    }
  };

  for (const row of integrations.values()) {
    if (row.is_active === 1 && channelFor(row.kind).wants(JSON.parse(row.settings) as never, event)) add(row, '', null);
  }

  const isPolicy = POLICY_TRIGGERS.includes(event.trigger);
  const isScanFinish = SCAN_FINISHED_TRIGGERS.includes(event.trigger);
  for (const rule of repo.rules().map((r) => toRule(r, String))) {
    if (!rule.is_active) continue;
    const matches = ruleMatches(rule, event);
    rule.actions.forEach((action, index) => {
      const row = integrations.get(action.integration_id);
      if (!row || row.is_active !== 1) return;
      const base = { rule_id: rule.id, rule_name: rule.name, index, params: action.params };
      // Kinds that batch send each event once per integration, however many rules name it.
      if (channelFor(row.kind).mode === 'batch') {
        if (matches) add(row, '', null);
        return;
      }
      const digest = row.kind === 'email' && EmailActionParamsSchema.safeParse(action.params).data?.format === 'digest';
      if (!digest) {
        if (matches) add(row, `${rule.id}/${index}`, base);
        return;
      }
      if (isPolicy && matches) {
        out.held.push({ integration_id: row.id, integration_name: row.name, rule_name: rule.name });
      } else if (isScanFinish && event.project !== null && ruleMatches({ ...rule, triggers: [event.trigger as TriggerName] }, event)) {
        // The digest lists the policies this rule routes that fired since the scan started; none, no email.
        const wanted = POLICY_TRIGGERS.filter((t) => (rule.triggers as readonly string[]).includes(t));
        const policies = repo.eventsOfScan(event.id, event.project, SCAN_BOUNDARY_TRIGGERS, wanted).filter((e) => ruleMatches(rule, e));
        if (policies.length) add(row, `${rule.id}/${index}`, { ...base, digest_event_ids: policies.map((e) => e.id) });
      } else if (matches && !isPolicy && !isScanFinish) {
        add(row, `${rule.id}/${index}`, base);
      }
    });
  }
  return out;
}
