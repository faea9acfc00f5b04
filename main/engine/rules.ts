import { SEVERITY_RANK, type Condition, type Rule } from '../contract/index.js';

/** Seed 000's scan digest: policy alerts are collected and sent when the analysis finishes. */
export const POLICY_TRIGGERS: readonly string[] = ['sca_policy_has_been_triggered', 'osa_policy_has_been_triggered'];
export const SCAN_FINISHED_TRIGGERS: readonly string[] = ['project_sca_analysis_finished', 'container_image_sca_analysis_finished'];
/** A scan's window opens at its start; a previous finish closes the one before it. */
export const SCAN_BOUNDARY_TRIGGERS: readonly string[] = [
  'project_sca_analysis_started',
  'container_image_sca_analysis_started',
  ...SCAN_FINISHED_TRIGGERS,
];

/** The names an event answers to in a projects filter: project or image, by name or id. */
export function subjectKeys(payload: Record<string, unknown>): string[] {
  return [payload.project_name, payload.project_id, payload.container_image_name, payload.container_image_id]
    .filter((v) => v !== undefined && v !== null && v !== '')
    .map(String);
}

/** The one key events of the same project or image share (the `project` column). */
export function subjectOf(payload: Record<string, unknown>): string | null {
  const key = [payload.project_name, payload.container_image_name, payload.project_id, payload.container_image_id].find((v) => v !== undefined && v !== null && v !== '');
  return key === undefined ? null : String(key);
}

export function projectsMatch(projects: readonly string[], payload: Record<string, unknown>): boolean {
  if (projects.length === 0) return true;
  return subjectKeys(payload).some((key) => projects.includes(key));
}

function fieldValue(payload: Record<string, unknown>, path: string): unknown {
  let value: unknown = payload;
  for (const part of path.split('.')) {
    if (value === null || typeof value !== 'object') return undefined;
    value = (value as Record<string, unknown>)[part];
  }
  return value;
}

/** Strings compare without case ("Prod" = "prod"); "true"/"1" typed into a form equal true/1. */
function same(actual: unknown, expected: unknown): boolean {
  if (typeof actual === 'string' && typeof expected === 'string') return actual.toLowerCase() === expected.toLowerCase();
  if (typeof actual === 'boolean' && typeof expected === 'string') return String(actual) === expected.toLowerCase();
  if (typeof actual === 'number' && typeof expected === 'string') return expected.trim() !== '' && actual === Number(expected);
  return actual === expected;
}

/** Numbers by value; severities (info < low < medium < high < critical) by rank. Anything else never compares. */
function rank(value: unknown): number | undefined {
  if (typeof value === 'number') return value;
  if (typeof value === 'string') return SEVERITY_RANK[value.toLowerCase()];
  return undefined;
}

const show = (v: unknown): string => (typeof v === 'string' ? v : JSON.stringify(v));

/** Whether one condition holds, and a line that says why, for the dry run. */
export function checkCondition(condition: Condition, payload: Record<string, unknown>): { ok: boolean; text: string } {
  const actual = fieldValue(payload, condition.field);
  const { field, op, value } = condition;
  if (op === 'exists') return actual === undefined || actual === null ? { ok: false, text: `${field} is absent; needs to be present` } : { ok: true, text: `${field} is present` };
  if (actual === undefined || actual === null) return { ok: false, text: `${field} is absent; needs ${describeCondition(condition)}` };
  let ok: boolean;
  if (op === 'equals') ok = same(actual, value);
  else if (op === 'not_equals') ok = !same(actual, value);
  else if (op === 'in') ok = Array.isArray(value) && value.some((v) => same(actual, v));
  else {
    const a = rank(actual);
    const b = rank(value);
    ok = a !== undefined && b !== undefined && typeof actual === typeof value && a >= b;
  }
  return { ok, text: ok ? `${field} is ${show(actual)}: ${describeCondition(condition)}` : `${field} is ${show(actual)}; needs ${describeCondition(condition)}` };
}

export function describeCondition(c: Condition): string {
  if (c.op === 'exists') return `${c.field} present`;
  if (c.op === 'equals') return `${c.field} = ${show(c.value)}`;
  if (c.op === 'not_equals') return `${c.field} ≠ ${show(c.value)}`;
  if (c.op === 'in') return `${c.field} in ${(Array.isArray(c.value) ? c.value : [c.value]).map(show).join(', ')}`;
  return `${c.field} ≥ ${show(c.value)}`;
}

type Matchable = Pick<Rule, 'is_active' | 'triggers' | 'projects'> & { conditions?: readonly Condition[] };

/** Every test a rule puts to an event, in order, each with its verdict and a line for people. */
export function explainRule(rule: Matchable, event: { trigger: string; payload: Record<string, unknown> }): { ok: boolean; text: string }[] {
  const out: { ok: boolean; text: string }[] = [];
  out.push(rule.is_active ? { ok: true, text: 'Rule is active' } : { ok: false, text: 'Rule is switched off' });
  const triggerOk = (rule.triggers as readonly string[]).includes(event.trigger);
  out.push({ ok: triggerOk, text: triggerOk ? `Routes ${event.trigger}` : `Does not route ${event.trigger}` });
  const keys = subjectKeys(event.payload);
  if (rule.projects.length === 0) out.push({ ok: true, text: 'All projects' });
  else {
    const ok = projectsMatch(rule.projects, event.payload);
    out.push({ ok, text: ok ? `Project ${keys.join(' / ')} is listed` : `Project ${keys.length ? keys.join(' / ') : '(none in the payload)'} is not in ${rule.projects.join(', ')}` });
  }
  for (const condition of rule.conditions ?? []) out.push(checkCondition(condition, event.payload));
  return out;
}

export function conditionsHold(conditions: readonly Condition[] | undefined, payload: Record<string, unknown>): boolean {
  return (conditions ?? []).every((c) => checkCondition(c, payload).ok);
}

export function ruleMatches(rule: Matchable, event: { trigger: string; payload: Record<string, unknown> }): boolean {
  return rule.is_active && (rule.triggers as readonly string[]).includes(event.trigger) && projectsMatch(rule.projects, event.payload) && conditionsHold(rule.conditions, event.payload);
}
