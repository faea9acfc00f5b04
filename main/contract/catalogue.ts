import { z } from 'zod';

/**
 * The event catalogue: the 31 CodeScoring triggers of seed 004 plus `test`. Each entry has the
 * seed's payload fields as a zod schema (unknown keys allowed, so a newer producer does not break
 * us) and a realistic example that parses with it.
 */
export const AREAS = ['sca', 'osa', 'containers', 'clones', 'authors', 'repositories', 'secrets', 'ml_model', 'system'] as const;
export type Area = (typeof AREAS)[number];

export interface TriggerDefinition {
  /** The `trigger` value sent in the request body. */
  name: string;
  area: Area;
  title: { en: string; ru: string };
  description: { en: string; ru: string };
  payload: z.ZodType<Record<string, unknown>>;
  example: Record<string, unknown>;
}

const id = (what: string) => z.number({ error: `${what} must be a whole number` }).int(`${what} must be a whole number`).nonnegative(`${what} cannot be negative`);
const text = (what: string) => z.string({ error: `${what} must be text` }).min(1, `${what} cannot be empty`);
const count = (what: string) => id(what);

const projectFields = {
  project_id: id('project_id').describe('Project id in CodeScoring'),
  project_name: text('project_name').describe('Project name'),
};
const containerFields = {
  container_image_id: id('container_image_id').describe('Container image id in CodeScoring'),
  container_image_name: text('container_image_name').describe('Image reference, registry/name:tag'),
};
const errorField = { error: text('error').describe('What went wrong, as reported by the analysis') };
const countFields = {
  vulnerabilities_count: count('vulnerabilities_count').describe('Vulnerabilities found'),
  dependencies_count: count('dependencies_count').describe('Dependencies found'),
};
const repoFields = {
  repo_url: text('repo_url').describe('Repository URL'),
  repo_ref_name: text('repo_ref_name').describe('Branch or tag that was cloned'),
};

const SEVERITIES = ['critical', 'high', 'medium', 'low', 'info'] as const;
const policyFields = {
  alert_id: id('alert_id').describe('Policy alert id'),
  stage: text('stage').describe('Pipeline stage the policy ran in, e.g. "dev", "test", "prod"'),
  policy_id: id('policy_id').describe('Policy id'),
  policy_name: text('policy_name').describe('Name of the triggered policy'),
  blocker: z.boolean({ error: 'blocker must be true or false' }).describe('The policy blocks the build'),
  dependency: text('dependency').describe('Component that triggered the policy'),
  dependency_version: text('dependency_version').optional().describe('Version of the component'),
  vulnerability: text('vulnerability').optional().describe('Vulnerability id, e.g. CVE-2021-44228; absent for license policies'),
  severity: z.enum(SEVERITIES, { error: `severity must be one of ${SEVERITIES.join(', ')}` }).optional().describe('Highest severity of the finding'),
  purl: text('purl').optional().describe('Package URL of the component'),
};

const schema = (shape: z.ZodRawShape) => z.looseObject(shape) as unknown as z.ZodType<Record<string, unknown>>;
const empty = schema({});

interface Entry {
  name: string;
  area: Area;
  en: string;
  ru: string;
  descriptionEn: string;
  descriptionRu: string;
  payload: z.ZodType<Record<string, unknown>>;
  example: Record<string, unknown>;
}

/** Four lifecycle triggers share a shape: started / finished / cancelled / failed. */
function lifecycle(
  prefix: string,
  area: Area,
  subjectEn: string,
  subjectRu: { started: string; finished: string; cancelled: string; failed: string },
  fields: z.ZodRawShape,
  example: Record<string, unknown>,
  extra: { finished?: z.ZodRawShape; finishedExample?: Record<string, unknown>; failedError?: string; order?: ('started' | 'finished' | 'cancelled' | 'failed')[]; failedHasError?: boolean } = {},
): Entry[] {
  const descEn = {
    started: `${subjectEn} started.`,
    finished: `${subjectEn} finished.`,
    cancelled: `${subjectEn} was cancelled.`,
    failed: `${subjectEn} finished with an error.`,
  };
  const order = extra.order ?? ['started', 'finished', 'cancelled', 'failed'];
  const failedHasError = extra.failedHasError ?? true;
  return order.map((phase) => {
    const phaseFields = phase === 'finished' ? { ...fields, ...extra.finished } : phase === 'failed' && failedHasError ? { ...fields, ...errorField } : fields;
    const phaseExample =
      phase === 'finished' ? { ...example, ...extra.finishedExample } : phase === 'failed' && failedHasError ? { ...example, error: extra.failedError ?? 'Analysis failed' } : example;
    // Titles are filled in by titled(): the seed's English names do not follow one pattern.
    return { name: `${prefix}_${phase}`, area, en: '', ru: '', descriptionEn: descEn[phase], descriptionRu: subjectRu[phase], payload: schema(phaseFields), example: phaseExample };
  });
}

function titled(entries: Entry[], titles: string[], titlesRu: string[]): Entry[] {
  return entries.map((e, i) => ({ ...e, en: titles[i]!, ru: titlesRu[i]! }));
}

const entries: Entry[] = [
  {
    name: 'sca_policy_has_been_triggered',
    area: 'sca',
    en: 'SCA Policy has been triggered',
    ru: 'Сработала политика SCA',
    descriptionEn: 'A policy was triggered during software composition analysis.',
    descriptionRu: 'Сработала политика при SCA-анализе',
    payload: schema({ ...policyFields, project_id: projectFields.project_id.optional(), project_name: projectFields.project_name.optional(), container_image_id: containerFields.container_image_id.optional(), container_image_name: containerFields.container_image_name.optional() }),
    example: {
      alert_id: 48213,
      stage: 'prod',
      project_id: 112,
      project_name: 'payments-api',
      policy_id: 7,
      policy_name: 'Block critical CVEs in production',
      blocker: true,
      dependency: 'org.apache.logging.log4j:log4j-core',
      dependency_version: '2.14.1',
      vulnerability: 'CVE-2021-44228',
      severity: 'critical',
      purl: 'pkg:maven/org.apache.logging.log4j/log4j-core@2.14.1',
    },
  },
  {
    name: 'osa_policy_has_been_triggered',
    area: 'osa',
    en: 'OSA Policy has been triggered',
    ru: 'Сработала политика OSA',
    descriptionEn: 'A policy was triggered during open-source package analysis (OSA).',
    descriptionRu: 'Сработала политика при OSA-анализе',
    payload: schema({
      ...policyFields,
      project_id: projectFields.project_id.optional(),
      project_name: projectFields.project_name.optional(),
      package_name: text('package_name').optional().describe('Package checked by OSA'),
      package_version: text('package_version').optional().describe('Version of the checked package'),
    }),
    example: {
      alert_id: 48377,
      stage: 'dev',
      policy_id: 12,
      policy_name: 'Deny copyleft licenses',
      blocker: false,
      dependency: 'pypi:requests-toolbelt',
      dependency_version: '0.9.1',
      package_name: 'requests-toolbelt',
      package_version: '0.9.1',
      severity: 'medium',
      purl: 'pkg:pypi/requests-toolbelt@0.9.1',
    },
  },
  ...titled(
    lifecycle(
      'project_sca_analysis',
      'sca',
      'SCA analysis of a project',
      {
        started: 'SCA-анализ проекта был запущен',
        finished: 'SCA-анализ проекта был завершён',
        cancelled: 'SCA-анализ проекта был отменён',
        failed: 'SCA-анализ проекта был завершён с ошибкой',
      },
      projectFields,
      { project_id: 112, project_name: 'payments-api' },
      { finished: countFields, finishedExample: { vulnerabilities_count: 17, dependencies_count: 412 }, failedError: 'Manifest parse error: pom.xml line 88: unexpected element <dependency>' },
    ),
    ['Project SCA analysis started', 'Project SCA analysis finished', 'Project SCA analysis cancelled', 'Project SCA analysis failed'],
    ['Запущен SCA-анализ проекта', 'Завершён SCA-анализ проекта', 'Отменён SCA-анализ проекта', 'Ошибка SCA-анализа проекта'],
  ),
  ...titled(
    lifecycle(
      'container_image_sca_analysis',
      'containers',
      'SCA analysis of a container image',
      {
        started: 'SCA-анализ контейнерного образа был запущен',
        finished: 'SCA-анализ контейнерного образа был завершён',
        cancelled: 'SCA-анализ контейнерного образа был отменён',
        failed: 'SCA-анализ контейнерного образа был завершён с ошибкой',
      },
      containerFields,
      { container_image_id: 58, container_image_name: 'registry.internal.example/payments/api:2.14.1' },
      { finished: countFields, finishedExample: { vulnerabilities_count: 43, dependencies_count: 1287 }, failedError: 'Image pull failed: manifest unknown for registry.internal.example/payments/api:2.14.1' },
    ),
    ['Container Image SCA analysis started', 'Container Image SCA analysis finished', 'Container Image SCA analysis cancelled', 'Container Image SCA analysis failed'],
    ['Запущен SCA-анализ образа', 'Завершён SCA-анализ образа', 'Отменён SCA-анализ образа', 'Ошибка SCA-анализа образа'],
  ),
  ...titled(
    lifecycle(
      'clones_analysis',
      'clones',
      'Clone (duplicate code) analysis of a project',
      {
        started: 'Анализ дубликатов проекта был запущен',
        finished: 'Анализ дубликатов проекта был завершён',
        cancelled: 'Анализ дубликатов проекта был отменён',
        failed: 'Анализ дубликатов проекта был завершён с ошибкой',
      },
      projectFields,
      { project_id: 87, project_name: 'customer-portal' },
      { failedError: 'Analysis timed out after 3600 s' },
    ),
    ['Clone analysis started', 'Clone analysis finished', 'Clone analysis cancelled', 'Clone analysis failed'],
    ['Запущен анализ дубликатов', 'Завершён анализ дубликатов', 'Отменён анализ дубликатов', 'Ошибка анализа дубликатов'],
  ),
  ...titled(
    lifecycle(
      'authors_analysis',
      'authors',
      'Authors analysis of a project',
      {
        started: 'Анализ авторов проекта был запущен',
        finished: 'Анализ авторов проекта был завершён',
        cancelled: 'Анализ авторов проекта был отменён',
        failed: 'Анализ авторов проекта был завершён с ошибкой',
      },
      projectFields,
      { project_id: 87, project_name: 'customer-portal' },
      { order: ['started', 'finished', 'failed', 'cancelled'], failedError: 'git log failed: shallow clone has no history before 2026-01-01' },
    ),
    ['Authors analysis started', 'Authors analysis finished', 'Authors analysis failed', 'Authors analysis cancelled'],
    ['Запущен анализ авторов', 'Завершён анализ авторов', 'Ошибка анализа авторов', 'Отменён анализ авторов'],
  ),
  ...titled(
    lifecycle(
      'cloning_of_repository',
      'repositories',
      'Cloning of a project repository',
      {
        started: 'Клонирование репозитория было запущено',
        finished: 'Клонирование репозитория было завершено',
        cancelled: '',
        failed: 'Клонирование репозитория было завершено с ошибкой',
      },
      { ...projectFields, ...repoFields },
      { project_id: 112, project_name: 'payments-api', repo_url: 'https://git.example.com/payments/payments-api.git', repo_ref_name: 'main' },
      { order: ['started', 'finished', 'failed'], failedError: 'Repository clone failed: authentication required for https://git.example.com/payments/payments-api.git' },
    ),
    ['Cloning of repository started', 'Cloning of repository finished', 'Cloning of repository failed'],
    ['Запущено клонирование репозитория', 'Завершено клонирование репозитория', 'Ошибка клонирования репозитория'],
  ),
  ...titled(
    lifecycle(
      'project_secrets_analysis',
      'secrets',
      'Secrets analysis of a project',
      {
        started: 'Начался анализ секретов проекта',
        finished: 'Завершился анализ секретов проекта',
        cancelled: 'Анализ секретов проекта был отменен',
        failed: 'Анализ секретов проекта был завершен с ошибкой',
      },
      projectFields,
      { project_id: 203, project_name: 'infra-terraform' },
      // Seed 004 lists no error field for this trigger.
      { failedHasError: false },
    ),
    ['Project Secrets analysis started', 'Project Secrets analysis finished', 'Project Secrets analysis cancelled', 'Project Secrets analysis failed'],
    ['Запущен анализ секретов', 'Завершён анализ секретов', 'Отменён анализ секретов', 'Ошибка анализа секретов'],
  ),
  ...mlModel(),
];

function mlModel(): Entry[] {
  const rows: [string, string, string, string, string][] = [
    ['ml_model_user_secrets_training_run_started', 'Secrets ML model user training run started', 'Началось обучение ML-модели секретов', 'Training of the user ML model for the Secrets module started.', 'Началось обучение ML модели для модуля Секретов'],
    ['ml_model_user_secrets_training_run_finished', 'Secrets ML model user training run finished', 'Завершено обучение ML-модели секретов', 'Training of the user ML model for the Secrets module finished.', 'Обучение ML модели для модуля Секретов завершено'],
    ['ml_model_user_secrets_training_run_cancelled', 'Secrets ML model user training run cancelled', 'Отменено обучение ML-модели секретов', 'Training of the user ML model for the Secrets module was cancelled.', 'Обучение ML модели для модуля Секретов отменено'],
    ['ml_model_user_secrets_training_run_failed', 'Secrets ML model user training run failed', 'Ошибка обучения ML-модели секретов', 'Training of the user ML model for the Secrets module failed.', 'Обучение ML модели для модуля Секретов завершено с ошибкой'],
    ['ml_model_user_secrets_accepted', 'Secrets ML model user accepted', 'ML-модель секретов принята', 'The user ML model for the Secrets module was accepted.', 'ML модель для модуля Секретов принята'],
    ['ml_model_user_secrets_purged', 'Secrets ML model user purged', 'ML-модель секретов очищена', 'The user ML model for the Secrets module was purged.', 'ML модель для модуля Секретов очищена'],
  ];
  return rows.map(([name, en, ru, descriptionEn, descriptionRu]) => ({ name, area: 'ml_model', en, ru, descriptionEn, descriptionRu, payload: empty, example: {} }));
}

entries.push({
  name: 'test',
  area: 'system',
  en: 'Test',
  ru: 'Тест',
  descriptionEn: 'Sent by Test it; the payload is empty.',
  descriptionRu: 'Отправляется кнопкой «Проверить подключение»; payload пустой.',
  payload: empty,
  example: {},
});

export const catalogue: readonly TriggerDefinition[] = entries.map((e) => ({
  name: e.name,
  area: e.area,
  title: { en: e.en, ru: e.ru },
  description: { en: e.descriptionEn, ru: e.descriptionRu },
  payload: e.payload,
  example: e.example,
}));

export const TRIGGER_NAMES = [
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
  'test',
] as const;
export type TriggerName = (typeof TRIGGER_NAMES)[number];
export const TriggerNameSchema = z.enum(TRIGGER_NAMES, { error: (issue) => `Unknown trigger ${JSON.stringify(issue.input)}; choose one from the catalogue` });

export function findTrigger(name: string): TriggerDefinition | undefined {
  return catalogue.find((t) => t.name === name);
}

export function triggersByArea(): Record<Area, TriggerDefinition[]> {
  const out = Object.fromEntries(AREAS.map((a) => [a, [] as TriggerDefinition[]])) as Record<Area, TriggerDefinition[]>;
  for (const t of catalogue) out[t.area].push(t);
  return out;
}
