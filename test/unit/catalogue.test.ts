import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { catalogue, findTrigger, TRIGGER_NAMES, triggersByArea } from '../../main/contract/catalogue.js';

// Seed 004's trigger column, in its order.
const SEED_TRIGGERS = [
  'sca_policy_has_been_triggered', 'osa_policy_has_been_triggered',
  'project_sca_analysis_started', 'project_sca_analysis_finished', 'project_sca_analysis_cancelled', 'project_sca_analysis_failed',
  'container_image_sca_analysis_started', 'container_image_sca_analysis_finished', 'container_image_sca_analysis_cancelled', 'container_image_sca_analysis_failed',
  'clones_analysis_started', 'clones_analysis_finished', 'clones_analysis_cancelled', 'clones_analysis_failed',
  'authors_analysis_started', 'authors_analysis_finished', 'authors_analysis_failed', 'authors_analysis_cancelled',
  'cloning_of_repository_started', 'cloning_of_repository_finished', 'cloning_of_repository_failed',
  'project_secrets_analysis_started', 'project_secrets_analysis_finished', 'project_secrets_analysis_cancelled', 'project_secrets_analysis_failed',
  'ml_model_user_secrets_training_run_started', 'ml_model_user_secrets_training_run_finished', 'ml_model_user_secrets_training_run_cancelled',
  'ml_model_user_secrets_training_run_failed', 'ml_model_user_secrets_accepted', 'ml_model_user_secrets_purged',
];

describe('event catalogue', () => {
  it('has the 31 seed triggers in seed order, then test', () => {
    expect(SEED_TRIGGERS).toHaveLength(31);
    expect(catalogue.map((t) => t.name)).toEqual([...SEED_TRIGGERS, 'test']);
    expect([...TRIGGER_NAMES]).toEqual(catalogue.map((t) => t.name));
  });

  it('gives every trigger titles and descriptions in both languages', () => {
    for (const t of catalogue) {
      for (const value of [t.title.en, t.title.ru, t.description.en, t.description.ru]) expect(value, t.name).toMatch(/\S/);
    }
    expect(findTrigger('project_sca_analysis_finished')!.title.en).toBe('Project SCA analysis finished');
    expect(findTrigger('project_sca_analysis_finished')!.description.ru).toBe('SCA-анализ проекта был завершён');
  });

  it('has examples that parse with their own schema, and schemas that export to JSON Schema', () => {
    for (const t of catalogue) {
      expect(t.payload.safeParse(t.example).success, t.name).toBe(true);
      expect(z.toJSONSchema(t.payload, { io: 'input' })).toMatchObject({ type: 'object' });
    }
  });

  it('rejects wrong types in the seed fields, naming the field', () => {
    const finished = findTrigger('project_sca_analysis_finished')!;
    const result = finished.payload.safeParse({ ...finished.example, project_id: 'seven' });
    expect(result.success).toBe(false);
    expect(result.error!.issues[0]!.path).toEqual(['project_id']);
    expect(result.error!.issues[0]!.message).toMatch(/project_id must be a whole number/);
    expect(finished.payload.safeParse({ project_id: 1, project_name: 'x' }).success).toBe(false); // counts missing
    const failed = findTrigger('cloning_of_repository_failed')!;
    expect(failed.payload.safeParse({ ...failed.example, error: '' }).success).toBe(false);
    const policy = findTrigger('sca_policy_has_been_triggered')!;
    expect(policy.payload.safeParse({ ...policy.example, blocker: 'yes' }).success).toBe(false);
  });

  it('carries the fields the policy e-mail needs (seed 000)', () => {
    const example = findTrigger('sca_policy_has_been_triggered')!.example;
    expect(example).toMatchObject({ policy_name: expect.any(String), blocker: true, dependency: expect.any(String), vulnerability: expect.stringMatching(/^CVE-/) });
  });

  it('groups every trigger into exactly one area', () => {
    const groups = triggersByArea();
    expect(Object.values(groups).flat().map((t) => t.name).sort()).toEqual(catalogue.map((t) => t.name).sort());
    expect(groups.ml_model).toHaveLength(6);
    expect(groups.repositories).toHaveLength(3);
  });
});
