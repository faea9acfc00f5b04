import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { AREAS, catalogue, findTrigger, TRIGGER_NAMES, TriggerNameSchema, triggersByArea } from '../../main/contract/catalogue.js';

// Seed 004's table, in its order: trigger value, English title, Russian description (verbatim).
const SEED: [name: string, titleEn: string, descriptionRu: string][] = [
  ['sca_policy_has_been_triggered', 'SCA Policy has been triggered', 'Сработала политика при SCA-анализе'],
  ['osa_policy_has_been_triggered', 'OSA Policy has been triggered', 'Сработала политика при OSA-анализе'],
  ['project_sca_analysis_started', 'Project SCA analysis started', 'SCA-анализ проекта был запущен'],
  ['project_sca_analysis_finished', 'Project SCA analysis finished', 'SCA-анализ проекта был завершён'],
  ['project_sca_analysis_cancelled', 'Project SCA analysis cancelled', 'SCA-анализ проекта был отменён'],
  ['project_sca_analysis_failed', 'Project SCA analysis failed', 'SCA-анализ проекта был завершён с ошибкой'],
  ['container_image_sca_analysis_started', 'Container Image SCA analysis started', 'SCA-анализ контейнерного образа был запущен'],
  ['container_image_sca_analysis_finished', 'Container Image SCA analysis finished', 'SCA-анализ контейнерного образа был завершён'],
  ['container_image_sca_analysis_cancelled', 'Container Image SCA analysis cancelled', 'SCA-анализ контейнерного образа был отменён'],
  ['container_image_sca_analysis_failed', 'Container Image SCA analysis failed', 'SCA-анализ контейнерного образа был завершён с ошибкой'],
  ['clones_analysis_started', 'Clone analysis started', 'Анализ дубликатов проекта был запущен'],
  ['clones_analysis_finished', 'Clone analysis finished', 'Анализ дубликатов проекта был завершён'],
  ['clones_analysis_cancelled', 'Clone analysis cancelled', 'Анализ дубликатов проекта был отменён'],
  ['clones_analysis_failed', 'Clone analysis failed', 'Анализ дубликатов проекта был завершён с ошибкой'],
  ['authors_analysis_started', 'Authors analysis started', 'Анализ авторов проекта был запущен'],
  ['authors_analysis_finished', 'Authors analysis finished', 'Анализ авторов проекта был завершён'],
  ['authors_analysis_failed', 'Authors analysis failed', 'Анализ авторов проекта был завершён с ошибкой'],
  ['authors_analysis_cancelled', 'Authors analysis cancelled', 'Анализ авторов проекта был отменён'],
  ['cloning_of_repository_started', 'Cloning of repository started', 'Клонирование репозитория было запущено'],
  ['cloning_of_repository_finished', 'Cloning of repository finished', 'Клонирование репозитория было завершено'],
  ['cloning_of_repository_failed', 'Cloning of repository failed', 'Клонирование репозитория было завершено с ошибкой'],
  ['project_secrets_analysis_started', 'Project Secrets analysis started', 'Начался анализ секретов проекта'],
  ['project_secrets_analysis_finished', 'Project Secrets analysis finished', 'Завершился анализ секретов проекта'],
  ['project_secrets_analysis_cancelled', 'Project Secrets analysis cancelled', 'Анализ секретов проекта был отменен'],
  ['project_secrets_analysis_failed', 'Project Secrets analysis failed', 'Анализ секретов проекта был завершен с ошибкой'],
  ['ml_model_user_secrets_training_run_started', 'Secrets ML model user training run started', 'Началось обучение ML модели для модуля Секретов'],
  ['ml_model_user_secrets_training_run_finished', 'Secrets ML model user training run finished', 'Обучение ML модели для модуля Секретов завершено'],
  ['ml_model_user_secrets_training_run_cancelled', 'Secrets ML model user training run cancelled', 'Обучение ML модели для модуля Секретов отменено'],
  ['ml_model_user_secrets_training_run_failed', 'Secrets ML model user training run failed', 'Обучение ML модели для модуля Секретов завершено с ошибкой'],
  ['ml_model_user_secrets_accepted', 'Secrets ML model user accepted', 'ML модель для модуля Секретов принята'],
  ['ml_model_user_secrets_purged', 'Secrets ML model user purged', 'ML модель для модуля Секретов очищена'],
];

// Seed 004's payload column: the fields each trigger carries (policy payloads are truncated in the seed).
const PROJECT = ['project_id', 'project_name'];
const IMAGE = ['container_image_id', 'container_image_name'];
const COUNTS = ['vulnerabilities_count', 'dependencies_count'];
const REPO = ['repo_url', 'repo_ref_name'];
const SEED_FIELDS: Record<string, string[]> = {
  sca_policy_has_been_triggered: ['alert_id', 'stage'],
  osa_policy_has_been_triggered: ['alert_id', 'stage'],
  project_sca_analysis_started: PROJECT,
  project_sca_analysis_finished: [...PROJECT, ...COUNTS],
  project_sca_analysis_cancelled: PROJECT,
  project_sca_analysis_failed: [...PROJECT, 'error'],
  container_image_sca_analysis_started: IMAGE,
  container_image_sca_analysis_finished: [...IMAGE, ...COUNTS],
  container_image_sca_analysis_cancelled: IMAGE,
  container_image_sca_analysis_failed: [...IMAGE, 'error'],
  clones_analysis_started: PROJECT,
  clones_analysis_finished: PROJECT,
  clones_analysis_cancelled: PROJECT,
  clones_analysis_failed: [...PROJECT, 'error'],
  authors_analysis_started: PROJECT,
  authors_analysis_finished: PROJECT,
  authors_analysis_failed: [...PROJECT, 'error'],
  authors_analysis_cancelled: PROJECT,
  cloning_of_repository_started: [...PROJECT, ...REPO],
  cloning_of_repository_finished: [...PROJECT, ...REPO],
  cloning_of_repository_failed: [...PROJECT, ...REPO, 'error'],
  project_secrets_analysis_started: PROJECT,
  project_secrets_analysis_finished: PROJECT,
  project_secrets_analysis_cancelled: PROJECT,
  project_secrets_analysis_failed: PROJECT,
  ml_model_user_secrets_training_run_started: [],
  ml_model_user_secrets_training_run_finished: [],
  ml_model_user_secrets_training_run_cancelled: [],
  ml_model_user_secrets_training_run_failed: [],
  ml_model_user_secrets_accepted: [],
  ml_model_user_secrets_purged: [],
  integration_auto_disabled: ['integration_id', 'integration_name', 'integration_kind', 'reason', 'disabled_at', 'pending_deliveries'],
  test: [],
};

interface ObjectSchema {
  type?: string;
  properties?: Record<string, { type?: string; description?: string; enum?: unknown[] }>;
  required?: string[];
  additionalProperties?: unknown;
}
const jsonSchema = (payload: z.ZodType) => z.toJSONSchema(payload, { io: 'input' }) as ObjectSchema;

/** A value of the wrong JSON type for a property. */
function wrongValue(type: string | undefined): unknown {
  if (type === 'integer' || type === 'number') return 'x';
  if (type === 'boolean') return 'yes';
  return 42;
}

const seedNames = SEED.map(([name]) => name);
const nonTest = catalogue.filter((t) => t.area !== 'system');

describe('event catalogue', () => {
  it("has 33 entries: the 31 seed triggers in seed order, Herald's auto-disable notice, then test", () => {
    expect(catalogue).toHaveLength(33);
    expect(nonTest).toHaveLength(31);
    expect(seedNames).toEqual([
      'sca_policy_has_been_triggered',
      'osa_policy_has_been_triggered',
      'project_sca_analysis_started',
      'project_sca_analysis_finished',
      'project_sca_analysis_cancelled',
      'project_sca_analysis_failed',
      'container_image_sca_analysis_started',
      'container_image_sca_analysis_finished',
      'container_image_sca_analysis_cancelled',
      'container_image_sca_analysis_failed',
      'clones_analysis_started',
      'clones_analysis_finished',
      'clones_analysis_cancelled',
      'clones_analysis_failed',
      'authors_analysis_started',
      'authors_analysis_finished',
      'authors_analysis_failed',
      'authors_analysis_cancelled',
      'cloning_of_repository_started',
      'cloning_of_repository_finished',
      'cloning_of_repository_failed',
      'project_secrets_analysis_started',
      'project_secrets_analysis_finished',
      'project_secrets_analysis_cancelled',
      'project_secrets_analysis_failed',
      'ml_model_user_secrets_training_run_started',
      'ml_model_user_secrets_training_run_finished',
      'ml_model_user_secrets_training_run_cancelled',
      'ml_model_user_secrets_training_run_failed',
      'ml_model_user_secrets_accepted',
      'ml_model_user_secrets_purged',
    ]);
    expect(catalogue.map((t) => t.name)).toEqual([...seedNames, 'integration_auto_disabled', 'test']);
    expect(catalogue.at(-1)).toMatchObject({ name: 'test', area: 'system', example: {} });
  });

  it('has unique names, and TRIGGER_NAMES lists them in catalogue order', () => {
    const names = catalogue.map((t) => t.name);
    expect(new Set(names).size).toBe(names.length);
    expect([...TRIGGER_NAMES]).toEqual(names);
    for (const name of names) {
      expect(TriggerNameSchema.safeParse(name).success, name).toBe(true);
      expect(findTrigger(name)?.name).toBe(name);
    }
    expect(findTrigger('no_such_trigger')).toBeUndefined();
    const unknown = TriggerNameSchema.safeParse('project_sca_analysis_done');
    expect(unknown.success).toBe(false);
    expect(unknown.error!.issues[0]!.message).toMatch(/Unknown trigger "project_sca_analysis_done"/);
  });

  it("uses the seed's English titles and Russian descriptions verbatim, and fills in the rest", () => {
    for (const [name, titleEn, descriptionRu] of SEED) {
      const t = findTrigger(name)!;
      expect(t.title.en, name).toBe(titleEn);
      expect(t.description.ru, name).toBe(descriptionRu);
      expect(t.title.ru, name).toMatch(/[а-яё]/i);
      expect(t.description.en, name).toMatch(/^[A-Z].*\.$/);
    }
  });

  it('puts each trigger in its area', () => {
    const expectedArea = (name: string) => {
      if (name === 'test' || name === 'integration_auto_disabled') return 'system';
      if (name.startsWith('sca_policy') || name.startsWith('project_sca_analysis')) return 'sca';
      if (name.startsWith('osa_policy')) return 'osa';
      if (name.startsWith('container_image')) return 'containers';
      if (name.startsWith('clones_')) return 'clones';
      if (name.startsWith('authors_')) return 'authors';
      if (name.startsWith('cloning_of_repository')) return 'repositories';
      if (name.startsWith('project_secrets')) return 'secrets';
      if (name.startsWith('ml_model')) return 'ml_model';
      return 'unknown';
    };
    for (const t of catalogue) expect(t.area, t.name).toBe(expectedArea(t.name));
  });

  it('groups every trigger into exactly one area with triggersByArea', () => {
    const groups = triggersByArea();
    expect(Object.keys(groups).sort()).toEqual([...AREAS].sort());
    const grouped = Object.values(groups).flat();
    expect(grouped).toHaveLength(catalogue.length);
    expect(grouped.map((t) => t.name).sort()).toEqual(catalogue.map((t) => t.name).sort());
    for (const area of AREAS) expect(groups[area].every((t) => t.area === area), area).toBe(true);
    expect(groups.sca.map((t) => t.name)).toEqual(['sca_policy_has_been_triggered', ...catalogue.filter((t) => t.name.startsWith('project_sca_')).map((t) => t.name)]);
    expect(groups.ml_model).toHaveLength(6);
    expect(groups.repositories).toHaveLength(3);
    expect(groups.system.map((t) => t.name)).toEqual(['integration_auto_disabled', 'test']);
  });

  it('has an example for every trigger that parses with its own schema', () => {
    for (const t of catalogue) {
      const result = t.payload.safeParse(t.example);
      expect(result.success, `${t.name}: ${result.error?.message}`).toBe(true);
    }
  });

  it('exports every payload schema to JSON Schema, with a description for every field', () => {
    for (const t of catalogue) {
      const schema = jsonSchema(t.payload);
      expect(schema.type, t.name).toBe('object');
      // Loose objects: a newer CodeScoring may add fields.
      expect(schema.additionalProperties, t.name).not.toBe(false);
      for (const [field, property] of Object.entries(schema.properties ?? {})) {
        expect(property.description, `${t.name}.${field}`).toMatch(/\S/);
      }
      // The engine's own call (unrepresentable types become {}) works too.
      expect(() => z.toJSONSchema(t.payload, { io: 'input', unrepresentable: 'any' })).not.toThrow();
    }
  });

  it("has the seed's payload fields, with ids and counts as integers", () => {
    for (const t of catalogue) {
      const properties = jsonSchema(t.payload).properties ?? {};
      expect(Object.keys(properties), t.name).toEqual(expect.arrayContaining(SEED_FIELDS[t.name]!));
      for (const [field, property] of Object.entries(properties)) {
        // Herald's own integration ids are UUIDs; CodeScoring's ids are integers.
        if (t.area !== 'system' && (field.endsWith('_id') || field.endsWith('_count'))) expect(property.type, `${t.name}.${field}`).toBe('integer');
      }
    }
    for (const t of catalogue.filter((t) => t.area === 'ml_model' || t.name === 'test')) {
      expect(Object.keys(jsonSchema(t.payload).properties ?? {}), t.name).toEqual([]);
    }
  });

  it('rejects a wrong-typed value in every required field, naming the field', () => {
    let checked = 0;
    for (const t of catalogue) {
      const schema = jsonSchema(t.payload);
      for (const field of schema.required ?? []) {
        const result = t.payload.safeParse({ ...t.example, [field]: wrongValue(schema.properties?.[field]?.type) });
        expect(result.success, `${t.name}.${field}`).toBe(false);
        expect(result.error!.issues.map((i) => i.path.join('.')), `${t.name}.${field}`).toContain(field);
        checked += 1;
      }
    }
    expect(checked).toBeGreaterThan(60);
    const finished = findTrigger('project_sca_analysis_finished')!;
    const bad = finished.payload.safeParse({ ...finished.example, project_id: 'x' });
    expect(bad.error!.issues[0]).toMatchObject({ path: ['project_id'], message: 'project_id must be a whole number' });
  });

  it('requires exactly the seed fields of the lifecycle triggers, and nothing for empty payloads', () => {
    for (const t of catalogue.filter((t) => !t.name.endsWith('_policy_has_been_triggered'))) {
      expect((jsonSchema(t.payload).required ?? []).sort(), t.name).toEqual([...SEED_FIELDS[t.name]!].sort());
    }
    for (const t of catalogue.filter((t) => t.area === 'ml_model' || t.name === 'test')) {
      expect(t.payload.safeParse({}).success, t.name).toBe(true);
      expect(t.example).toEqual({});
    }
  });

  it('checks ranges, not just types', () => {
    const finished = findTrigger('container_image_sca_analysis_finished')!;
    expect(finished.payload.safeParse({ ...finished.example, vulnerabilities_count: -1 }).success).toBe(false);
    expect(finished.payload.safeParse({ ...finished.example, dependencies_count: 12.5 }).success).toBe(false);
    expect(finished.payload.safeParse({ ...finished.example, container_image_name: '' }).success).toBe(false);
    const failed = findTrigger('cloning_of_repository_failed')!;
    expect(failed.payload.safeParse({ ...failed.example, error: '' }).success).toBe(false);
    const { error: _error, ...withoutError } = failed.example;
    expect(failed.payload.safeParse(withoutError).success).toBe(false);
  });

  it('keeps unknown payload keys (a newer CodeScoring may send more)', () => {
    const started = findTrigger('project_sca_analysis_started')!;
    const result = started.payload.safeParse({ ...started.example, branch: 'main' });
    expect(result.success).toBe(true);
    expect(result.data).toMatchObject({ branch: 'main' });
  });

  describe('policy triggers', () => {
    const sca = findTrigger('sca_policy_has_been_triggered')!;
    const osa = findTrigger('osa_policy_has_been_triggered')!;

    it('carry the fields of the policy e-mail (seed 000): policy name, blocker, dependency, vulnerability', () => {
      for (const t of [sca, osa]) {
        expect(t.example, t.name).toMatchObject({
          alert_id: expect.any(Number),
          stage: expect.any(String),
          policy_name: expect.any(String),
          blocker: expect.any(Boolean),
          dependency: expect.any(String),
          dependency_version: expect.any(String),
          vulnerability: expect.stringMatching(/^CVE-\d{4}-\d+$/),
        });
        expect(jsonSchema(t.payload).required, t.name).toEqual(
          expect.arrayContaining(['alert_id', 'stage', 'policy_id', 'policy_name', 'blocker', 'dependency', 'dependency_version']),
        );
      }
      expect(sca.example).toMatchObject({ blocker: true, vulnerability: 'CVE-2021-44228', project_name: 'payments-api' });
    });

    it('accept a license policy alert without a vulnerability or severity', () => {
      for (const t of [sca, osa]) {
        const { vulnerability: _v, severity: _s, ...license } = t.example;
        expect(t.payload.safeParse({ ...license, policy_name: 'Deny GPL-3.0 licenses' }).success, t.name).toBe(true);
      }
    });

    it('accept only known severities and a boolean blocker', () => {
      expect(jsonSchema(sca.payload).properties?.severity?.enum).toEqual(['critical', 'high', 'medium', 'low', 'info']);
      expect(sca.payload.safeParse({ ...sca.example, severity: 'urgent' }).success).toBe(false);
      expect(sca.payload.safeParse({ ...sca.example, blocker: 'true' }).success).toBe(false);
    });

    it('SCA: fires on a project or a container image, and needs one of them', () => {
      const { project_id: _id, project_name: _name, ...noSubject } = sca.example;
      const onImage = { ...noSubject, container_image_id: 58, container_image_name: 'registry.internal.example/payments/api:2.14.1' };
      expect(sca.payload.safeParse(onImage).success).toBe(true);
      const missing = sca.payload.safeParse(noSubject);
      expect(missing.success).toBe(false);
      expect(missing.error!.issues[0]!.message).toMatch(/project_id or container_image_id/);
    });

    it('OSA: a package without a project is fine', () => {
      expect(osa.example).not.toHaveProperty('project_id');
      expect(osa.payload.safeParse({ ...osa.example, project_id: 112, project_name: 'payments-api' }).success).toBe(true);
      expect(osa.payload.safeParse({ ...osa.example, project_id: 'x' }).success).toBe(false);
    });
  });
});
