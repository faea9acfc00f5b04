import { z } from 'zod';
import { findTrigger } from '../contract/catalogue.js';
import { HeraldError } from '../contract/index.js';

/**
 * Synthetic events for demos (issue 7, "Demo"): a realistic payload for any catalogue trigger,
 * built from the trigger's JSON Schema field by field. The same (trigger, seed, index) always
 * gives the same payload, so a demo can be repeated; a different index gives the next event.
 *
 * Pure and offline: no clock, no network, no Math.random.
 */

/** mulberry32: a tiny, well-known 32-bit PRNG; good enough for demo data, and reproducible. */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** FNV-1a: mixes the trigger name into the seed so two triggers with one seed do not look alike. */
function hashString(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) hash = Math.imul(hash ^ text.charCodeAt(i), 0x01000193) >>> 0;
  return hash;
}

class Dice {
  constructor(private readonly next: () => number) {}
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }
  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.next() * items.length)] as T;
  }
  chance(share: number): boolean {
    return this.next() < share;
  }
  hex(length: number): string {
    let out = '';
    for (let i = 0; i < length; i++) out += '0123456789abcdef'[this.int(0, 15)];
    return out;
  }
}

// ------------------------------------------------------------------ plausible vocabularies

const PROJECTS = [
  'payments-api', 'ledger-service', 'customer-portal', 'mobile-backend', 'legacy-billing', 'search-service',
  'infra-terraform', 'k8s-deployments', 'auth-gateway', 'notification-hub', 'risk-engine', 'data-pipeline',
] as const;
const TEAMS = ['payments', 'ledger', 'portal', 'platform', 'risk', 'search', 'mobile', 'data'] as const;
const STAGES = ['dev', 'test', 'stage', 'prod'] as const;
const BRANCHES = ['main', 'master', 'develop', 'release/2026.03', 'release/2026.11', 'v2.14.1', 'feature/sso-login'] as const;
const POLICY_NAMES = [
  'Block critical CVEs in production',
  'No high-severity CVEs from the npm proxy',
  'Deny components with known exploits',
  'Warn on outdated vulnerable dependencies',
  'Block CVEs with a public fix older than 30 days',
] as const;
const LICENSE_POLICY_NAMES = ['Forbid copyleft licenses (GPL, AGPL)', 'Review unknown licenses'] as const;
const INTEGRATION_KINDS = ['webhook', 'email', 'jira'] as const;
const INTEGRATION_NAMES = ['SOC webhook', 'SIEM', 'Security team mail', 'Jira SECOPS', 'Slack relay', 'AppSec digest'] as const;

/** A known vulnerable component: dependency, purl, CVE and severity agree with each other. */
interface Component {
  ecosystem: 'maven' | 'npm' | 'pypi' | 'golang' | 'nuget';
  namespace?: string;
  name: string;
  versions: readonly string[];
  cve: string;
  severity: 'critical' | 'high' | 'medium' | 'low';
}
const COMPONENTS: readonly Component[] = [
  { ecosystem: 'maven', namespace: 'org.apache.logging.log4j', name: 'log4j-core', versions: ['2.14.1', '2.15.0', '2.16.0'], cve: 'CVE-2021-44228', severity: 'critical' },
  { ecosystem: 'maven', namespace: 'org.springframework', name: 'spring-beans', versions: ['5.3.17', '5.2.19'], cve: 'CVE-2022-22965', severity: 'critical' },
  { ecosystem: 'maven', namespace: 'com.fasterxml.jackson.core', name: 'jackson-databind', versions: ['2.9.10.1', '2.12.6'], cve: 'CVE-2020-36518', severity: 'high' },
  { ecosystem: 'npm', name: 'lodash', versions: ['4.17.20', '4.17.15'], cve: 'CVE-2021-23337', severity: 'high' },
  { ecosystem: 'npm', name: 'minimist', versions: ['1.2.5', '0.2.1'], cve: 'CVE-2021-44906', severity: 'critical' },
  { ecosystem: 'npm', name: 'axios', versions: ['0.21.1', '1.5.1'], cve: 'CVE-2023-45857', severity: 'medium' },
  { ecosystem: 'pypi', name: 'requests', versions: ['2.25.1', '2.31.0'], cve: 'CVE-2023-32681', severity: 'medium' },
  { ecosystem: 'pypi', name: 'pyyaml', versions: ['5.3.1', '5.1'], cve: 'CVE-2020-14343', severity: 'critical' },
  { ecosystem: 'golang', namespace: 'golang.org/x', name: 'net', versions: ['0.7.0', '0.15.0'], cve: 'CVE-2023-44487', severity: 'high' },
  { ecosystem: 'nuget', name: 'Newtonsoft.Json', versions: ['12.0.3', '11.0.2'], cve: 'CVE-2024-21907', severity: 'high' },
  { ecosystem: 'npm', name: 'semver', versions: ['7.5.1', '5.7.1'], cve: 'CVE-2022-25883', severity: 'medium' },
  { ecosystem: 'maven', namespace: 'commons-io', name: 'commons-io', versions: ['2.6', '2.11.0'], cve: 'CVE-2021-29425', severity: 'low' },
];

function dependencyName(c: Component): string {
  if (!c.namespace) return c.name;
  return c.ecosystem === 'maven' ? `${c.namespace}:${c.name}` : `${c.namespace}/${c.name}`;
}
function purlOf(c: Component, version: string): string {
  return `pkg:${c.ecosystem}/${c.namespace ? `${c.namespace}/` : ''}${c.name}@${version}`;
}

/** Failure texts per subject, so a project analysis never fails with an image-pull error. */
const ERRORS = {
  project: [
    (s: Subject) => `Dependency resolution failed: could not find ${dependencyName(s.component)}:${s.version} in https://nexus.example.com/repository/maven-public/`,
    () => 'Analysis timed out after 3600 s',
    () => 'Commit history unavailable: the repository is a shallow clone (depth 1)',
    () => 'Worker was restarted during the analysis (OOMKilled)',
  ],
  image: [
    (s: Subject) => `Image pull failed: manifest unknown for ${s.image}`,
    (s: Subject) => `Image pull failed: 401 Unauthorized from ${s.image.split('/')[0]}`,
    () => 'Layer extraction failed: no space left on device',
  ],
  repository: [
    (s: Subject) => `Repository clone failed: authentication required for ${s.repoUrl}`,
    (s: Subject) => `Repository clone failed: remote branch not found in ${s.repoUrl}`,
    () => 'Repository clone failed: connection timed out after 120 s',
  ],
} as const;

/** One coherent "world" per event: every field of the payload describes the same thing. */
interface Subject {
  kind: keyof typeof ERRORS;
  project: string;
  team: string;
  component: Component;
  version: string;
  image: string;
  repoUrl: string;
  /** A license policy alert: no CVE, no severity. */
  licenseAlert: boolean;
}

function subject(kind: Subject['kind'], dice: Dice): Subject {
  const project = dice.pick(PROJECTS);
  const team = dice.pick(TEAMS);
  const component = dice.pick(COMPONENTS);
  const version = `${dice.int(1, 5)}.${dice.int(0, 20)}.${dice.int(0, 9)}`;
  return {
    kind,
    project,
    team,
    component,
    version: dice.pick(component.versions),
    image: `registry.example.com/${team}/${project}:${version}`,
    repoUrl: `https://git.example.com/${team}/${project}.git`,
    licenseAlert: dice.chance(0.15),
  };
}

// ------------------------------------------------------------------ schema walk

interface FieldSchema {
  type?: string | string[];
  enum?: unknown[];
  format?: string;
  minimum?: number;
  maximum?: number;
  description?: string;
}

/** A fixed demo epoch (not the clock) so the same seed gives the same dates. */
const EPOCH_MS = Date.UTC(2026, 10, 1);

function fieldValue(field: string, schema: FieldSchema, s: Subject, dice: Dice): unknown {
  if (schema.enum && schema.enum.length > 0) {
    // Severity follows the component's CVE most of the time, as in a real alert.
    if (field === 'severity' && schema.enum.includes(s.component.severity) && dice.chance(0.8)) return s.component.severity;
    return dice.pick(schema.enum);
  }
  const type = Array.isArray(schema.type) ? schema.type[0] : schema.type;
  if (type === 'boolean') return field === 'blocker' ? dice.chance(0.3) : dice.chance(0.5);
  if (type === 'integer' || type === 'number') return numberValue(field, schema, dice);
  return stringValue(field, schema, s, dice);
}

function numberValue(field: string, schema: FieldSchema, dice: Dice): number {
  const [min, max] =
    field === 'alert_id' ? [10_000, 99_999]
    : field === 'policy_id' ? [1, 40]
    : field.endsWith('_id') ? [1, 400]
    : field === 'vulnerabilities_count' ? [0, 120]
    : field === 'dependencies_count' ? [20, 2500]
    : field === 'pending_deliveries' ? [0, 25]
    : field.endsWith('_count') ? [0, 50]
    : [0, 1000];
  const low = Math.max(min, schema.minimum ?? min);
  const high = Math.min(max, schema.maximum ?? max);
  return dice.int(low, Math.max(low, high));
}

function stringValue(field: string, schema: FieldSchema, s: Subject, dice: Dice): string {
  switch (field) {
    case 'project_name': return s.project;
    case 'container_image_name': return s.image;
    case 'stage': return dice.pick(STAGES);
    case 'policy_name': return dice.pick(s.licenseAlert ? LICENSE_POLICY_NAMES : POLICY_NAMES);
    case 'dependency': return dependencyName(s.component);
    case 'dependency_version':
    case 'package_version': return s.version;
    case 'package_name': return s.component.name;
    case 'vulnerability': return s.component.cve;
    case 'purl': return purlOf(s.component, s.version);
    case 'repo_url': return s.repoUrl;
    case 'repo_ref_name': return dice.pick(BRANCHES);
    case 'error': return dice.pick<(s: Subject) => string>(ERRORS[s.kind])(s);
    case 'integration_name': return dice.pick(INTEGRATION_NAMES);
    case 'integration_kind': return dice.pick(INTEGRATION_KINDS);
    case 'reason': return `Disabled automatically: the request still failed after the 48 h retry (the receiver answered ${dice.pick(['503 Service Unavailable', '502 Bad Gateway', '401 Unauthorized', 'a timeout'])})`;
  }
  // Generic fallbacks by name and format, for fields a future catalogue may add.
  if (schema.format === 'date-time' || field.endsWith('_at') || /\(ISO 8601\)/.test(schema.description ?? '')) {
    return new Date(EPOCH_MS + dice.int(0, 29 * 24 * 3600) * 1000).toISOString();
  }
  if (schema.format === 'email' || field.includes('email')) return `${dice.pick(['anna', 'ivan', 'maria', 'alex', 'olga'])}.${dice.pick(['petrova', 'smirnov', 'ivanova', 'kim'])}@example.com`;
  if (schema.format === 'uri' || field.endsWith('url')) return `https://${s.team}.example.com/${s.project}`;
  if (schema.format === 'uuid' || field.endsWith('_id')) return uuid(dice);
  if (/cve|vulnerab/i.test(field)) return s.component.cve;
  if (field.endsWith('name')) return s.project;
  return `${field.replace(/_/g, '-')}-${dice.int(1, 999)}`;
}

function uuid(dice: Dice): string {
  const h = dice.hex(32);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-${'89ab'[dice.int(0, 3)]}${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

/** Which optional fields to fill: the subject groups (project, container image) are chosen together. */
function includeOptional(field: string, choice: { project: boolean; image: boolean }, dice: Dice): boolean {
  if (field.startsWith('project_')) return choice.project;
  if (field.startsWith('container_image_')) return choice.image;
  // Alert fields are always there unless it is a license alert (decided by the caller).
  if (field === 'vulnerability' || field === 'severity' || field === 'purl') return true;
  if (field === 'package_name' || field === 'package_version') return true;
  return dice.chance(0.7);
}

/**
 * A realistic payload for `trigger`, deterministic in (trigger, seed, index). Throws not_found
 * for a trigger outside the catalogue.
 */
export function synthesizeEvent(trigger: string, seed: number, index = 0): Record<string, unknown> {
  const definition = findTrigger(trigger);
  if (!definition) throw new HeraldError('not_found', `Unknown trigger "${trigger}": choose one from the catalogue`);
  const dice = new Dice(mulberry32(hashString(trigger) ^ Math.imul(seed | 0, 0x9e3779b1) ^ Math.imul(index + 1, 0x85ebca6b)));
  const json = z.toJSONSchema(definition.payload, { unrepresentable: 'any' }) as { properties?: Record<string, FieldSchema>; required?: string[] };
  const properties = json.properties ?? {};
  const required = new Set(json.required ?? []);

  const kind = 'repo_url' in properties ? 'repository' : 'container_image_id' in properties && !('project_id' in properties) ? 'image' : 'project';
  const s = subject(kind, dice);
  // An SCA policy fires on a project or on an image (the schema requires one); OSA may have neither.
  const projectOptional = 'project_id' in properties && !required.has('project_id');
  const hasImage = 'container_image_id' in properties;
  const onImage = hasImage && dice.chance(0.35);
  const choice = { project: projectOptional ? (hasImage ? !onImage : dice.chance(0.6)) : true, image: onImage };

  const payload: Record<string, unknown> = {};
  for (const [field, schema] of Object.entries(properties)) {
    if (!required.has(field)) {
      // License policies have no CVE: ~15 % of alerts leave vulnerability and severity out.
      if (s.licenseAlert && (field === 'vulnerability' || field === 'severity')) continue;
      if (!includeOptional(field, choice, dice)) continue;
    }
    payload[field] = fieldValue(field, schema, s, dice);
  }
  return payload;
}
