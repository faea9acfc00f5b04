import { describe, expect, it } from 'vitest';
import { RuleInputSchema } from '../../main/contract/index.js';
import { projectsMatch, ruleMatches, subjectOf } from '../../main/engine/rules.js';

describe('rule matching', () => {
  const rule = { is_active: true, triggers: ['sca_policy_has_been_triggered' as const], projects: [] as string[] };

  it('matches its triggers only, and nothing when inactive', () => {
    expect(ruleMatches(rule, { trigger: 'sca_policy_has_been_triggered', payload: {} })).toBe(true);
    expect(ruleMatches(rule, { trigger: 'osa_policy_has_been_triggered', payload: {} })).toBe(false);
    expect(ruleMatches({ ...rule, is_active: false }, { trigger: 'sca_policy_has_been_triggered', payload: {} })).toBe(false);
  });

  it('filters by project or container image, by name or id', () => {
    const filtered = { ...rule, projects: ['payments-api', 'registry.example/api:1', '58'] };
    expect(ruleMatches(filtered, { trigger: 'sca_policy_has_been_triggered', payload: { project_id: 1, project_name: 'payments-api' } })).toBe(true);
    expect(ruleMatches(filtered, { trigger: 'sca_policy_has_been_triggered', payload: { container_image_id: 3, container_image_name: 'registry.example/api:1' } })).toBe(true);
    expect(ruleMatches(filtered, { trigger: 'sca_policy_has_been_triggered', payload: { container_image_id: 58, container_image_name: 'other' } })).toBe(true);
    expect(ruleMatches(filtered, { trigger: 'sca_policy_has_been_triggered', payload: { project_id: 2, project_name: 'ledger' } })).toBe(false);
    expect(projectsMatch(['x'], {})).toBe(false);
  });

  it('keys a scan by project name, then image name, then id', () => {
    expect(subjectOf({ project_id: 7, project_name: 'payments-api' })).toBe('payments-api');
    expect(subjectOf({ container_image_id: 58, container_image_name: 'reg/api:1' })).toBe('reg/api:1');
    expect(subjectOf({ project_id: 7 })).toBe('7');
    expect(subjectOf({})).toBeNull();
  });

  it('parses rule input with messages that name the field', () => {
    const bad = RuleInputSchema.safeParse({ name: ' ', triggers: [], actions: [] });
    expect(bad.success).toBe(false);
    const messages = Object.fromEntries(bad.error!.issues.map((i) => [i.path.join('.'), i.message]));
    expect(messages).toEqual({
      name: 'Enter a name for this rule',
      triggers: 'Choose at least one event this rule routes',
      actions: 'Add at least one action: where matching events go',
    });
    const good = RuleInputSchema.parse({ name: 'r', triggers: ['test', 'test'], actions: [{ integration_id: 'i' }] });
    expect(good).toMatchObject({ is_active: true, triggers: ['test'], projects: [], actions: [{ integration_id: 'i', params: {} }] });
  });
});
