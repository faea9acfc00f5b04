import type { Rule } from '../contract/index.js';

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

export function ruleMatches(rule: Pick<Rule, 'is_active' | 'triggers' | 'projects'>, event: { trigger: string; payload: Record<string, unknown> }): boolean {
  return rule.is_active && (rule.triggers as readonly string[]).includes(event.trigger) && projectsMatch(rule.projects, event.payload);
}
