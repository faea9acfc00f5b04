import { z } from 'zod';

/**
 * The event catalogue: the 31 CodeScoring webhook triggers of seed 004 (in the seed's order),
 * Herald's own `integration_auto_disabled` (seed 003 tells the other systems when an integration
 * is disabled), and `test`, which "Test it" sends with an empty payload.
 *
 * Each entry carries the seed's payload fields as a zod schema. Schemas are loose objects: unknown
 * keys are allowed, so a newer CodeScoring that adds a field does not break delivery. Every field
 * has a `.describe()`; the UI shows the payload as JSON Schema (`z.toJSONSchema`). Every `example`
 * parses with its own schema (see test/unit/catalogue.test.ts).
 *
 * This module is also bundled into the renderer: keep it free of Node APIs.
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
  'integration_auto_disabled',
  'test',
] as const;
export type TriggerName = (typeof TRIGGER_NAMES)[number];
export const TriggerNameSchema = z.enum(TRIGGER_NAMES, { error: (issue) => `Unknown trigger ${JSON.stringify(issue.input)}; choose one from the catalogue` });

// ------------------------------------------------------------------ field builders
// Error messages name the field: the engine shows them as `payload.<field>: <message>`.

type Shape = z.ZodRawShape;

const id = (field: string) =>
  z.number({ error: `${field} must be a whole number` }).int(`${field} must be a whole number`).nonnegative(`${field} cannot be negative`);
const count = id;
const name = (field: string) => z.string({ error: `${field} must be text` }).min(1, `${field} cannot be empty`);
const str = (field: string) => z.string({ error: `${field} must be text` });

const project = {
  project_id: id('project_id').describe('Project id in CodeScoring'),
  project_name: name('project_name').describe('Project name in CodeScoring'),
};
const containerImage = {
  container_image_id: id('container_image_id').describe('Container image id in CodeScoring'),
  container_image_name: name('container_image_name').describe('Image reference: registry/name:tag'),
};
const repository = {
  repo_url: str('repo_url').describe('URL of the repository being cloned'),
  repo_ref_name: str('repo_ref_name').describe('Branch or tag being cloned'),
};

/** The payload of a `*_finished` SCA trigger: the subject plus what the analysis found. */
const withCounts = (shape: Shape): Shape => ({
  ...shape,
  vulnerabilities_count: count('vulnerabilities_count').describe('Number of vulnerabilities found'),
  dependencies_count: count('dependencies_count').describe('Number of dependencies found'),
});

/** The payload of a `*_failed` trigger: the subject plus the error text. */
const withError = (shape: Shape): Shape => ({
  ...shape,
  error: name('error').describe('Error description reported by CodeScoring'),
});

/** Every field optional, keeping its description (used where the seed's subject may be absent). */
const optional = (shape: Shape): Shape =>
  Object.fromEntries(Object.entries(shape).map(([key, schema]) => [key, z.optional(schema)]));

const payload = (shape: Shape) => z.looseObject(shape);
const emptyPayload = payload({});

// ------------------------------------------------------------------ policy alerts
// The seed truncates the policy payload after `"alert_id": 0, "stage": "dev`. The rest follows
// the policy e-mail of seed 000 (Policy name, Blocker, Dependency, Vulnerability) and what a
// policy alert in CodeScoring shows.

const SEVERITIES = ['critical', 'high', 'medium', 'low', 'info'] as const;

const policyAlert = {
  alert_id: id('alert_id').describe('Policy alert id in CodeScoring'),
  stage: name('stage').describe('Stage the policy was checked at, e.g. "dev", "test", "stage", "prod"'),
  policy_id: id('policy_id').describe('Id of the triggered policy'),
  policy_name: name('policy_name').describe('Name of the triggered policy'),
  blocker: z.boolean({ error: 'blocker must be true or false' }).describe('True if the policy blocks the build'),
  dependency: name('dependency').describe('Component that triggered the policy, e.g. "org.apache.logging.log4j:log4j-core"'),
  dependency_version: name('dependency_version').describe('Version of the component'),
  vulnerability: name('vulnerability').optional().describe('Vulnerability id, e.g. "CVE-2021-44228"; absent for license policies'),
  severity: z
    .enum(SEVERITIES, { error: `severity must be one of ${SEVERITIES.join(', ')}` })
    .optional()
    .describe('Severity of the finding: critical, high, medium, low or info'),
  purl: name('purl').optional().describe('Package URL of the component, e.g. "pkg:maven/org.apache.logging.log4j/log4j-core@2.14.1"'),
};

/** An SCA policy fires on a project or on a container image: one of the two must be named. */
const scaPolicyPayload = payload({ ...policyAlert, ...optional(project), ...optional(containerImage) }).superRefine((value, ctx) => {
  if (value.project_id === undefined && value.container_image_id === undefined) {
    ctx.addIssue({ code: 'custom', path: ['project_id'], message: 'project_id or container_image_id is required: an SCA policy fires on a project or a container image' });
  }
});

/** OSA checks a package on its own (e.g. through a repository proxy); a project may be absent. */
const osaPolicyPayload = payload({
  ...policyAlert,
  ...optional(project),
  package_name: name('package_name').optional().describe('Package checked by OSA'),
  package_version: name('package_version').optional().describe('Version of the package checked by OSA'),
});

// ------------------------------------------------------------------ lifecycle triggers
// Most triggers come in families: started / finished / cancelled / failed, with the subject's
// fields in every payload, counts added when an SCA analysis finishes and `error` when it fails.

type Phase = 'started' | 'finished' | 'cancelled' | 'failed';

interface PhaseSpec {
  titleRu: string;
  /** The seed's Russian description, verbatim. */
  descriptionRu: string;
  example: Record<string, unknown>;
}

interface Family {
  prefix: string;
  area: Area;
  /** The seed's English title without the phase, e.g. "Project SCA analysis". */
  titleEn: string;
  /** The subject for English descriptions, e.g. "The software composition analysis (SCA) of a project". */
  subjectEn: string;
  shape: Shape;
  finishedShape?: Shape;
  failedShape?: Shape;
  /** In the seed's order (object keys keep insertion order). */
  phases: Partial<Record<Phase, PhaseSpec>>;
}

const PHASE_EN: Record<Phase, string> = {
  started: 'started',
  finished: 'finished',
  cancelled: 'was cancelled before it finished',
  failed: 'failed with an error',
};

function lifecycle(f: Family): TriggerDefinition[] {
  const shapes: Record<Phase, Shape> = { started: f.shape, finished: f.finishedShape ?? f.shape, cancelled: f.shape, failed: f.failedShape ?? withError(f.shape) };
  return (Object.entries(f.phases) as [Phase, PhaseSpec][]).map(([phase, spec]) => ({
    name: `${f.prefix}_${phase}`,
    area: f.area,
    title: { en: `${f.titleEn} ${phase}`, ru: spec.titleRu },
    description: { en: `${f.subjectEn} ${PHASE_EN[phase]}.`, ru: spec.descriptionRu },
    payload: payload(shapes[phase]),
    example: spec.example,
  }));
}

const repo = (url: string, ref: string) => ({ repo_url: url, repo_ref_name: ref });

// ------------------------------------------------------------------ the catalogue

export const catalogue: readonly TriggerDefinition[] = [
  {
    name: 'sca_policy_has_been_triggered',
    area: 'sca',
    title: { en: 'SCA Policy has been triggered', ru: 'Сработала политика SCA' },
    description: { en: 'A policy fired during software composition analysis (SCA) of a project or a container image.', ru: 'Сработала политика при SCA-анализе' },
    payload: scaPolicyPayload,
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
    title: { en: 'OSA Policy has been triggered', ru: 'Сработала политика OSA' },
    description: { en: 'A policy fired during open-source analysis (OSA) of a package, e.g. one requested through a repository proxy.', ru: 'Сработала политика при OSA-анализе' },
    payload: osaPolicyPayload,
    example: {
      alert_id: 48377,
      stage: 'dev',
      policy_id: 12,
      policy_name: 'No high-severity CVEs from the npm proxy',
      blocker: true,
      dependency: 'lodash',
      dependency_version: '4.17.20',
      vulnerability: 'CVE-2021-23337',
      severity: 'high',
      purl: 'pkg:npm/lodash@4.17.20',
      package_name: 'lodash',
      package_version: '4.17.20',
    },
  },
  ...lifecycle({
    prefix: 'project_sca_analysis',
    area: 'sca',
    titleEn: 'Project SCA analysis',
    subjectEn: 'The software composition analysis (SCA) of a project',
    shape: project,
    finishedShape: withCounts(project),
    phases: {
      started: { titleRu: 'Запущен SCA-анализ проекта', descriptionRu: 'SCA-анализ проекта был запущен', example: { project_id: 112, project_name: 'payments-api' } },
      finished: {
        titleRu: 'Завершён SCA-анализ проекта',
        descriptionRu: 'SCA-анализ проекта был завершён',
        example: { project_id: 112, project_name: 'payments-api', vulnerabilities_count: 17, dependencies_count: 412 },
      },
      cancelled: { titleRu: 'Отменён SCA-анализ проекта', descriptionRu: 'SCA-анализ проекта был отменён', example: { project_id: 87, project_name: 'customer-portal' } },
      failed: {
        titleRu: 'Ошибка SCA-анализа проекта',
        descriptionRu: 'SCA-анализ проекта был завершён с ошибкой',
        example: {
          project_id: 154,
          project_name: 'ledger-service',
          error: 'Dependency resolution failed: could not find org.springframework.boot:spring-boot-starter-web:3.2.4 in https://nexus.internal.example/repository/maven-public/',
        },
      },
    },
  }),
  ...lifecycle({
    prefix: 'container_image_sca_analysis',
    area: 'containers',
    titleEn: 'Container Image SCA analysis',
    subjectEn: 'The software composition analysis (SCA) of a container image',
    shape: containerImage,
    finishedShape: withCounts(containerImage),
    phases: {
      started: {
        titleRu: 'Запущен SCA-анализ контейнерного образа',
        descriptionRu: 'SCA-анализ контейнерного образа был запущен',
        example: { container_image_id: 58, container_image_name: 'registry.internal.example/payments/api:2.14.1' },
      },
      finished: {
        titleRu: 'Завершён SCA-анализ контейнерного образа',
        descriptionRu: 'SCA-анализ контейнерного образа был завершён',
        example: { container_image_id: 58, container_image_name: 'registry.internal.example/payments/api:2.14.1', vulnerabilities_count: 43, dependencies_count: 1287 },
      },
      cancelled: {
        titleRu: 'Отменён SCA-анализ контейнерного образа',
        descriptionRu: 'SCA-анализ контейнерного образа был отменён',
        example: { container_image_id: 61, container_image_name: 'registry.internal.example/portal/web:5.3.0' },
      },
      failed: {
        titleRu: 'Ошибка SCA-анализа контейнерного образа',
        descriptionRu: 'SCA-анализ контейнерного образа был завершён с ошибкой',
        example: {
          container_image_id: 64,
          container_image_name: 'registry.internal.example/ledger/worker:1.8.2',
          error: 'Image pull failed: manifest unknown for registry.internal.example/ledger/worker:1.8.2',
        },
      },
    },
  }),
  ...lifecycle({
    prefix: 'clones_analysis',
    area: 'clones',
    titleEn: 'Clone analysis',
    subjectEn: 'The clone (duplicate code) analysis of a project',
    shape: project,
    phases: {
      started: { titleRu: 'Запущен анализ дубликатов', descriptionRu: 'Анализ дубликатов проекта был запущен', example: { project_id: 87, project_name: 'customer-portal' } },
      finished: { titleRu: 'Завершён анализ дубликатов', descriptionRu: 'Анализ дубликатов проекта был завершён', example: { project_id: 87, project_name: 'customer-portal' } },
      cancelled: { titleRu: 'Отменён анализ дубликатов', descriptionRu: 'Анализ дубликатов проекта был отменён', example: { project_id: 131, project_name: 'mobile-backend' } },
      failed: {
        titleRu: 'Ошибка анализа дубликатов',
        descriptionRu: 'Анализ дубликатов проекта был завершён с ошибкой',
        example: { project_id: 96, project_name: 'legacy-billing', error: 'Analysis timed out after 3600 s' },
      },
    },
  }),
  ...lifecycle({
    prefix: 'authors_analysis',
    area: 'authors',
    titleEn: 'Authors analysis',
    subjectEn: 'The authors (contributors) analysis of a project',
    shape: project,
    phases: {
      started: { titleRu: 'Запущен анализ авторов', descriptionRu: 'Анализ авторов проекта был запущен', example: { project_id: 112, project_name: 'payments-api' } },
      finished: { titleRu: 'Завершён анализ авторов', descriptionRu: 'Анализ авторов проекта был завершён', example: { project_id: 112, project_name: 'payments-api' } },
      failed: {
        titleRu: 'Ошибка анализа авторов',
        descriptionRu: 'Анализ авторов проекта был завершён с ошибкой',
        example: { project_id: 175, project_name: 'search-service', error: 'Commit history unavailable: the repository is a shallow clone (depth 1)' },
      },
      cancelled: { titleRu: 'Отменён анализ авторов', descriptionRu: 'Анализ авторов проекта был отменён', example: { project_id: 203, project_name: 'infra-terraform' } },
    },
  }),
  ...lifecycle({
    prefix: 'cloning_of_repository',
    area: 'repositories',
    titleEn: 'Cloning of repository',
    subjectEn: "Cloning of a project's repository",
    shape: { ...project, ...repository },
    phases: {
      started: {
        titleRu: 'Запущено клонирование репозитория',
        descriptionRu: 'Клонирование репозитория было запущено',
        example: { project_id: 112, project_name: 'payments-api', ...repo('https://git.example.com/payments/payments-api.git', 'main') },
      },
      finished: {
        titleRu: 'Завершено клонирование репозитория',
        descriptionRu: 'Клонирование репозитория было завершено',
        example: { project_id: 87, project_name: 'customer-portal', ...repo('https://git.example.com/web/customer-portal.git', 'release/2026.03') },
      },
      failed: {
        titleRu: 'Ошибка клонирования репозитория',
        descriptionRu: 'Клонирование репозитория было завершено с ошибкой',
        example: {
          project_id: 96,
          project_name: 'legacy-billing',
          ...repo('https://git.example.com/finance/legacy-billing.git', 'master'),
          error: 'Repository clone failed: authentication required for https://git.example.com/finance/legacy-billing.git',
        },
      },
    },
  }),
  ...lifecycle({
    prefix: 'project_secrets_analysis',
    area: 'secrets',
    titleEn: 'Project Secrets analysis',
    subjectEn: 'The secrets analysis of a project (leaked keys, tokens and passwords)',
    shape: project,
    // The seed lists no `error` field for project_secrets_analysis_failed: only the project.
    failedShape: project,
    phases: {
      started: { titleRu: 'Запущен анализ секретов проекта', descriptionRu: 'Начался анализ секретов проекта', example: { project_id: 203, project_name: 'infra-terraform' } },
      finished: { titleRu: 'Завершён анализ секретов проекта', descriptionRu: 'Завершился анализ секретов проекта', example: { project_id: 203, project_name: 'infra-terraform' } },
      cancelled: { titleRu: 'Отменён анализ секретов проекта', descriptionRu: 'Анализ секретов проекта был отменен', example: { project_id: 131, project_name: 'mobile-backend' } },
      failed: { titleRu: 'Ошибка анализа секретов проекта', descriptionRu: 'Анализ секретов проекта был завершен с ошибкой', example: { project_id: 219, project_name: 'k8s-deployments' } },
    },
  }),
  // The ML model of the Secrets module: the seed documents an empty payload for all six.
  ...lifecycle({
    prefix: 'ml_model_user_secrets_training_run',
    area: 'ml_model',
    titleEn: 'Secrets ML model user training run',
    subjectEn: 'Training of the user ML model of the Secrets module',
    shape: {},
    failedShape: {},
    phases: {
      started: { titleRu: 'Запущено обучение ML-модели секретов', descriptionRu: 'Началось обучение ML модели для модуля Секретов', example: {} },
      finished: { titleRu: 'Завершено обучение ML-модели секретов', descriptionRu: 'Обучение ML модели для модуля Секретов завершено', example: {} },
      cancelled: { titleRu: 'Отменено обучение ML-модели секретов', descriptionRu: 'Обучение ML модели для модуля Секретов отменено', example: {} },
      failed: { titleRu: 'Ошибка обучения ML-модели секретов', descriptionRu: 'Обучение ML модели для модуля Секретов завершено с ошибкой', example: {} },
    },
  }),
  {
    name: 'ml_model_user_secrets_accepted',
    area: 'ml_model',
    title: { en: 'Secrets ML model user accepted', ru: 'ML-модель секретов принята' },
    description: { en: 'The user-trained ML model of the Secrets module was accepted and is now in use.', ru: 'ML модель для модуля Секретов принята' },
    payload: emptyPayload,
    example: {},
  },
  {
    name: 'ml_model_user_secrets_purged',
    area: 'ml_model',
    title: { en: 'Secrets ML model user purged', ru: 'ML-модель секретов очищена' },
    description: { en: 'The user-trained ML model of the Secrets module was purged.', ru: 'ML модель для модуля Секретов очищена' },
    payload: emptyPayload,
    example: {},
  },
  {
    // Seed 003: when an integration is disabled automatically, the other configured systems are told.
    name: 'integration_auto_disabled',
    area: 'system',
    title: { en: 'Integration disabled automatically', ru: 'Интеграция отключена автоматически' },
    description: {
      en: 'Herald stopped sending to an integration because its deliveries kept failing. Route it to another integration to hear about it.',
      ru: 'Herald перестал отправлять в интеграцию, потому что доставки в неё не проходили. Направьте это событие в другую интеграцию, чтобы узнать об этом.',
    },
    payload: payload({
      integration_id: name('integration_id').describe('Id of the disabled integration in Herald'),
      integration_name: name('integration_name').describe('Name of the disabled integration'),
      integration_kind: name('integration_kind').describe('Kind of the disabled integration: webhook, email, jira…'),
      reason: name('reason').describe('Why Herald disabled it, in plain words'),
      disabled_at: name('disabled_at').describe('When it was disabled (ISO 8601)'),
      pending_deliveries: count('pending_deliveries').describe('Deliveries still waiting for it'),
    }),
    example: {
      integration_id: '3f1c2a9e-5b7d-4e21-9c0a-1d2e3f4a5b6c',
      integration_name: 'SOC webhook',
      integration_kind: 'webhook',
      reason: 'Disabled automatically: the request still failed after the 48 h retry (the receiver answered 503 Service Unavailable)',
      disabled_at: '2026-11-24T09:00:00.000Z',
      pending_deliveries: 0,
    },
  },
  {
    name: 'test',
    area: 'system',
    title: { en: 'Test', ru: 'Тест' },
    description: { en: 'Sent by Test it; the payload is empty.', ru: 'Отправляется кнопкой «Проверить подключение»; payload пустой.' },
    payload: emptyPayload,
    example: {},
  },
];

export function findTrigger(name: string): TriggerDefinition | undefined {
  return catalogue.find((t) => t.name === name);
}

/** The catalogue grouped by area, each group in catalogue order; every area is present. */
export function triggersByArea(): Record<Area, TriggerDefinition[]> {
  const out = Object.fromEntries(AREAS.map((a) => [a, [] as TriggerDefinition[]])) as Record<Area, TriggerDefinition[]>;
  for (const t of catalogue) out[t.area].push(t);
  return out;
}
