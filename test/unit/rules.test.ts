import { describe, expect, it } from 'vitest';
import { BLOCKER_ONLY, RuleInputSchema, type Condition } from '../../main/contract/index.js';
import { checkCondition, explainRule, projectsMatch, ruleMatches, subjectOf } from '../../main/engine/rules.js';

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

describe('rule conditions', () => {
  const alert = { trigger: 'sca_policy_has_been_triggered', payload: { project_id: 1, project_name: 'payments-api', blocker: true, severity: 'high', stage: 'prod', alert_id: 9 } };
  const withConditions = (conditions: Condition[]) => ({ is_active: true, triggers: ['sca_policy_has_been_triggered' as const], projects: [] as string[], conditions });

  it('"blocker only" matches blockers and nothing else', () => {
    expect(ruleMatches(withConditions([BLOCKER_ONLY]), alert)).toBe(true);
    expect(ruleMatches(withConditions([BLOCKER_ONLY]), { ...alert, payload: { ...alert.payload, blocker: false } })).toBe(false);
    // A payload without the field never satisfies a comparison.
    const { blocker: _blocker, ...noBlocker } = alert.payload;
    expect(ruleMatches(withConditions([BLOCKER_ONLY]), { ...alert, payload: noBlocker })).toBe(false);
  });

  it('compares severities by rank with ≥, and numbers by value', () => {
    const atLeast = (value: string | number, field = 'severity') => withConditions([{ field, op: 'gte', value }]);
    expect(ruleMatches(atLeast('high'), alert)).toBe(true);
    expect(ruleMatches(atLeast('medium'), alert)).toBe(true);
    expect(ruleMatches(atLeast('critical'), alert)).toBe(false);
    expect(ruleMatches(atLeast('HIGH'), { ...alert, payload: { ...alert.payload, severity: 'Critical' } })).toBe(true);
    expect(ruleMatches(atLeast(9, 'alert_id'), alert)).toBe(true);
    expect(ruleMatches(atLeast(10, 'alert_id'), alert)).toBe(false);
    // A number against a severity name never compares.
    expect(ruleMatches(atLeast(3), alert)).toBe(false);
  });

  it('supports equals, not_equals, in and exists, case-insensitively, all of them together (AND)', () => {
    expect(ruleMatches(withConditions([{ field: 'stage', op: 'equals', value: 'PROD' }]), alert)).toBe(true);
    expect(ruleMatches(withConditions([{ field: 'stage', op: 'not_equals', value: 'prod' }]), alert)).toBe(false);
    expect(ruleMatches(withConditions([{ field: 'stage', op: 'in', value: ['stage', 'prod'] }]), alert)).toBe(true);
    expect(ruleMatches(withConditions([{ field: 'stage', op: 'in', value: ['dev'] }]), alert)).toBe(false);
    expect(ruleMatches(withConditions([{ field: 'vulnerability', op: 'exists' }]), alert)).toBe(false);
    expect(ruleMatches(withConditions([{ field: 'blocker', op: 'equals', value: 'true' }]), alert)).toBe(true);
    expect(ruleMatches(withConditions([BLOCKER_ONLY, { field: 'stage', op: 'equals', value: 'dev' }]), alert)).toBe(false);
    expect(ruleMatches(withConditions([{ field: 'meta.team', op: 'equals', value: 'red' }]), { ...alert, payload: { ...alert.payload, meta: { team: 'red' } } })).toBe(true);
  });

  it('explains each test for the dry run', () => {
    const reasons = explainRule({ ...withConditions([{ field: 'severity', op: 'gte', value: 'critical' }]), projects: ['ledger'] }, alert);
    expect(reasons).toEqual([
      { ok: true, text: 'Rule is active' },
      { ok: true, text: 'Routes sca_policy_has_been_triggered' },
      { ok: false, text: 'Project payments-api / 1 is not in ledger' },
      { ok: false, text: 'severity is high; needs severity ≥ critical' },
    ]);
    expect(checkCondition({ field: 'vulnerability', op: 'exists' }, alert.payload)).toEqual({ ok: false, text: 'vulnerability is absent; needs to be present' });
  });

  it('rejects conditions that cannot work, naming the field and the fix', () => {
    const parse = (conditions: unknown[]) => RuleInputSchema.safeParse({ name: 'r', triggers: ['test'], actions: [{ integration_id: 'i' }], conditions });
    const messages = (conditions: unknown[]) => Object.fromEntries(parse(conditions).error!.issues.map((i) => [i.path.join('.'), i.message]));
    expect(messages([{ field: 'severity', op: 'gte', value: 'urgent' }])).toEqual({ 'conditions.0.value': 'Compare with a number or a severity: info, low, medium, high, critical' });
    expect(messages([{ field: 'stage', op: 'in', value: [] }])).toEqual({ 'conditions.0.value': 'List at least one value, e.g. prod, stage' });
    expect(messages([{ field: 'stage', op: 'equals' }])).toEqual({ 'conditions.0.value': 'Enter the value to compare stage with' });
    expect(messages([{ field: 'bad field', op: 'equals', value: 1 }])['conditions.0.field']).toMatch(/Name a payload field/);
    expect(messages([{ field: 'x', op: 'like', value: 1 }])['conditions.0.op']).toMatch(/Choose equals/);
    expect(parse([{ field: 'vulnerability', op: 'exists' }]).success).toBe(true);
    expect(RuleInputSchema.parse({ name: 'r', triggers: ['test'], actions: [{ integration_id: 'i' }] }).conditions).toEqual([]);
  });
});
