import { createHash } from 'node:crypto';
import { Agent as HttpsAgent } from 'node:https';
import { Version2Client, Version3Client } from 'jira.js';
import { JiraActionParamsSchema, type FailureClass, type JiraActionParams, type JiraSettings, type RecordedRequest, type TestReport, type TestStep } from '../../contract/index.js';
import { renderEventText } from '../templates.js';
import type { Channel, ChannelMemory, DeliveryItem, ItemResult, ItemSession, OutgoingEvent, Secrets, Target, TestOptions } from './types.js';

/**
 * Jira (seed 000's task manager): one issue per triggered alert, never two. An alert's
 * fingerprint is remembered with its issue key, and also set as a `herald-<fingerprint>` label so
 * that a lost local memory is recovered by a JQL search before anything is created.
 * Server/Data Center speaks REST v2 (wiki markup), Cloud v3 (Atlassian Document Format).
 */

type Client = Version2Client | Version3Client;

export function jiraClient(settings: JiraSettings, secrets: Secrets, api: '2' | '3' = settings.deployment === 'cloud' ? '3' : '2'): Client {
  const secret = settings.auth_type === 'basic' ? secrets.password : secrets.token;
  if (!secret) throw new JiraConfigError(settings.auth_type === 'basic' ? 'No password is stored: enter the Jira password.' : 'No access token is stored: enter the token.');
  // jira.js sends Basic for {email, apiToken}: the Cloud e-mail + API token, or a Server login + password.
  const authentication = settings.auth_type === 'basic' || settings.deployment === 'cloud' ? { basic: { email: settings.username, apiToken: secret } } : { oauth2: { accessToken: secret } };
  const httpsAgent = settings.url.startsWith('https:') ? new HttpsAgent({ keepAlive: true, ...(settings.ca_pem ? { ca: [settings.ca_pem] } : {}) }) : undefined;
  const config = { host: settings.url.replace(/\/+$/, ''), authentication, baseRequestConfig: { timeout: settings.timeout_ms, maxRedirects: 0, ...(httpsAgent ? { httpsAgent } : {}) } };
  // jira.js types only list Basic and JWT for a fixed host; OAuth 2 with just an access token is a plain Bearer header at runtime.
  const typed = config as unknown as ConstructorParameters<typeof Version2Client>[0];
  return api === '3' ? new Version3Client(typed) : new Version2Client(typed);
}

class JiraConfigError extends Error {}

interface JiraFailure {
  message: string;
  hint: string;
  classification: FailureClass;
  status: number | null;
  retryAfterMs?: number;
}

/** jira.js wraps axios: HttpException carries status and body, the axios error (its cause) the headers. */
export function explainJiraError(error: unknown, settings: JiraSettings, what = 'the request'): JiraFailure {
  if (error instanceof JiraConfigError) return { message: error.message, hint: 'Open the integration and set the secret.', classification: 'config', status: null };
  const e = error as { status?: number; response?: { data?: unknown }; cause?: { response?: { headers?: Record<string, string> }; code?: string; message?: string }; code?: string; message?: string };
  const status = typeof e.status === 'number' && e.response ? e.status : undefined;
  if (status === undefined) {
    const code = e.code ?? e.cause?.code ?? '';
    const message = e.message ?? e.cause?.message ?? String(error);
    const host = (() => {
      try {
        return new URL(settings.url).host;
      } catch {
        return settings.url;
      }
    })();
    if (code === 'ECONNREFUSED') return { message: `Nothing accepts connections at ${host}.`, hint: 'Check the URL and port, and that Jira is running.', classification: 'transient', status: null };
    if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') return { message: `The name ${host} does not resolve.`, hint: 'Check the URL for typos; internal names need the company DNS or VPN.', classification: 'transient', status: null };
    if (code === 'ECONNABORTED' || code === 'ETIMEDOUT' || /timeout/i.test(message)) {
      return { message: `Jira did not answer within ${settings.timeout_ms / 1000} s.`, hint: 'Jira may be overloaded, or a firewall drops the traffic. Raise the timeout if Jira is just slow.', classification: 'transient', status: null };
    }
    if (/certificate|self.signed|UNABLE_TO_VERIFY|CERT_/i.test(`${code} ${message}`)) {
      return { message: `TLS failed: ${message}.`, hint: 'For an internal Jira, paste the CA certificate under "Custom CA certificate".', classification: 'config', status: null };
    }
    return { message: `${what} failed: ${message}`, hint: 'Check the URL and the network.', classification: 'transient', status: null };
  }
  const body = e.response?.data;
  const headers = e.cause?.response?.headers ?? {};
  const jiraSays = describeJiraBody(body);
  const said = jiraSays ? ` Jira says: ${jiraSays}` : '';
  const retryAfter = Number(headers['retry-after']);
  const retryAfterMs = Number.isFinite(retryAfter) && retryAfter >= 0 ? Math.min(retryAfter * 1000, 86_400_000) : undefined;
  if (status === 401) {
    return {
      message: `Jira rejected the credentials (401).${said}`,
      hint:
        settings.deployment === 'cloud'
          ? 'Jira Cloud needs the account e-mail and an API token (id.atlassian.com → Security → API tokens), not the password.'
          : settings.auth_type === 'token'
            ? 'Check the personal access token: it may have expired or been revoked (Profile → Personal Access Tokens).'
            : 'Check the login and password. After several failures Jira may require a CAPTCHA: sign in once in the browser.',
      classification: 'auth',
      status,
    };
  }
  if (status === 403) return { message: `Jira refused ${what} (403).${said}`, hint: 'The account lacks a permission (e.g. Create Issues in this project), or Jira requires a CAPTCHA after failed logins.', classification: 'auth', status };
  if (status === 404) return { message: `Not found (404).${said}`, hint: 'Check the URL, including any context path such as /jira, and the project key.', classification: 'permanent', status };
  if (status === 400) return { message: `Jira rejected ${what} (400).${said}`, hint: 'Fix the fields Jira names in the rule action (project, issue type, priority names, labels, required fields).', classification: 'permanent', status };
  if (status === 429 || status === 503) return { message: `Jira asked to slow down (${status}).${said}`, hint: 'Herald waits as long as Retry-After says, then retries.', classification: 'transient', status, ...(retryAfterMs !== undefined ? { retryAfterMs } : {}) };
  if (status >= 500) return { message: `Jira failed with ${status}.${said}`, hint: 'A server-side problem; Herald retries on the schedule.', classification: 'transient', status };
  return { message: `Unexpected answer ${status}.${said}`, hint: 'Check the URL points at Jira.', classification: 'permanent', status };
}

/** `{errorMessages, errors}` as one line, field by field; HTML error pages reduced to a hint. */
export function describeJiraBody(body: unknown): string {
  // Jira's 401 and proxy errors are HTML pages: nothing in them a user needs.
  if (typeof body === 'string') return body.trim().startsWith('<') ? '' : body.slice(0, 300);
  if (!body || typeof body !== 'object') return '';
  const { errorMessages, errors } = body as { errorMessages?: unknown; errors?: unknown };
  const parts: string[] = [];
  if (Array.isArray(errorMessages)) parts.push(...errorMessages.map(String));
  if (errors && typeof errors === 'object') parts.push(...Object.entries(errors).map(([field, message]) => `${field}: ${String(message)}`));
  return parts.join('; ');
}

// ------------------------------------------------------------------ issue content

const DEFAULT_SUMMARY =
  '{% if event.payload.policy_name %}{{ event.payload.policy_name }}: {{ event.payload.vulnerability | default: event.payload.dependency }}{% else %}{{ trigger.title }}{% endif %}{% if event.project %} in {{ event.project }}{% endif %}';
const DEFAULT_DESCRIPTION = `{{ trigger.description }}
{% for f in event.fields %}
{{ f.label }}: {{ f.value }}{% endfor %}

Reported by Herald ({{ integration.name }}) from event {{ event.id }} at {{ event.time }}.`;

export const JIRA_DEFAULTS = { summary: DEFAULT_SUMMARY, description: DEFAULT_DESCRIPTION };

export function fingerprintOf(event: OutgoingEvent, fields: readonly string[]): string {
  const values = fields.map((f) => (f === 'project' ? (event.project ?? '') : String(event.payload[f] ?? '')));
  return createHash('sha256').update(JSON.stringify([event.trigger.replace(/^(sca|osa)_/, ''), ...values])).digest('hex').slice(0, 16);
}

function priorityFor(params: JiraActionParams, payload: Record<string, unknown>): string | undefined {
  const level = payload.blocker === true ? 'blocker' : typeof payload.severity === 'string' ? payload.severity : undefined;
  const name = level ? params.priorities[level as keyof JiraActionParams['priorities']] : undefined;
  return name ? name : undefined;
}

/** Plain text as Atlassian Document Format: one paragraph per block, line breaks kept. */
export function toAdf(text: string) {
  const blocks = text.split(/\n{2,}/).filter((b) => b.trim());
  return {
    type: 'doc',
    version: 1,
    content: blocks.map((block) => ({
      type: 'paragraph',
      content: block.split('\n').flatMap((line, i) => [...(i ? [{ type: 'hardBreak' }] : []), ...(line ? [{ type: 'text', text: line }] : [])]),
    })),
  };
}

export async function issueFields(target: Pick<Target<Pick<JiraSettings, 'deployment'>>, 'name' | 'settings'>, params: JiraActionParams, event: OutgoingEvent, fingerprint: string) {
  const input = { event, integration_name: target.name, signature: '' };
  const summary = (await renderEventText(params.summary_template || DEFAULT_SUMMARY, input)).replace(/\s+/g, ' ').trim().slice(0, 254) || event.trigger;
  const description = (await renderEventText(params.description_template || DEFAULT_DESCRIPTION, input)).trim();
  const cloud = target.settings.deployment === 'cloud';
  const priority = priorityFor(params, event.payload);
  return {
    project: { key: params.project_key },
    issuetype: { name: params.issue_type },
    summary,
    description: cloud ? toAdf(description) : description,
    labels: [...new Set([...params.labels, `herald-${fingerprint}`])],
    ...(priority ? { priority: { name: priority } } : {}),
    ...(params.component ? { components: [{ name: params.component }] } : {}),
    ...(params.assignee ? { assignee: cloud ? { accountId: params.assignee } : { name: params.assignee } } : {}),
  };
}

function browseUrl(settings: JiraSettings, key: string): string {
  return `${settings.url.replace(/\/+$/, '')}/browse/${key}`;
}

// ------------------------------------------------------------------ sending

function openSession(target: Target<JiraSettings>, _runtime: unknown, memory: ChannelMemory): ItemSession {
  const { settings } = target;
  const api = settings.deployment === 'cloud' ? '3' : '2';
  const base = settings.url.replace(/\/+$/, '');
  let client: Client | null = null;

  async function send(item: DeliveryItem): Promise<ItemResult> {
    const request: RecordedRequest = { method: 'POST', url: `${base}/rest/api/${api}/issue`, headers: { authorization: '••••••••', 'content-type': 'application/json' }, body: '', body_truncated: false };
    const started = performance.now();
    const took = () => Math.round(performance.now() - started);
    const parsed = JiraActionParamsSchema.safeParse(item.action?.params);
    if (!parsed.success) return { outcome: 'failed', error: 'This delivery has no valid Jira project or issue type; edit the rule action.', classification: 'config', exchange: { request, response: null, error: null, duration_ms: 0 } };
    const params = parsed.data;
    const fingerprint = fingerprintOf(item.event, params.fingerprint);
    const label = `herald-${fingerprint}`;
    const done = (status: number, action: string, key: string, body: unknown): ItemResult => {
      const url = browseUrl(settings, key);
      return {
        outcome: 'delivered',
        link: { label: key, url },
        exchange: {
          request,
          response: { status, headers: { 'x-herald-action': action, 'x-herald-issue': key, 'x-herald-issue-url': url }, body_excerpt: JSON.stringify(body).slice(0, 4096), body_truncated: false },
          error: null,
          duration_ms: took(),
        },
      };
    };
    try {
      client ??= jiraClient(settings, target.secrets);
      let key = memory.get(`fingerprint:${fingerprint}`);
      if (!key) {
        // The local memory may be lost (new data folder); the label on the issue is the backup.
        const jql = `project = ${params.project_key} AND labels = "${label}" ORDER BY created ASC`;
        const found = client instanceof Version3Client ? await client.issueSearch.searchForIssuesUsingJqlEnhancedSearch({ jql, maxResults: 1, fields: ['summary'] }) : await client.issueSearch.searchForIssuesUsingJql({ jql, maxResults: 1, fields: ['summary'] });
        key = found.issues?.[0]?.key ?? null;
        if (key) memory.put(`fingerprint:${fingerprint}`, key);
      }
      if (key) {
        if (params.on_repeat === 'nothing') return done(200, 'Already reported as', key, { key, note: 'The same alert again; on_repeat is "nothing".' });
        const text = `The same alert fired again at ${item.event.created_at} (Herald event ${item.event.id}).`;
        request.url = `${base}/rest/api/${api}/issue/${key}/comment`;
        request.body = JSON.stringify({ body: api === '3' ? toAdf(text) : text });
        const comment = client instanceof Version3Client ? await client.issueComments.addComment({ issueIdOrKey: key, comment: toAdf(text) as never }) : await client.issueComments.addComment({ issueIdOrKey: key, comment: text });
        return done(201, 'Commented on', key, comment);
      }
      const fields = await issueFields(target, params, item.event, fingerprint);
      request.body = JSON.stringify({ fields });
      const created = client instanceof Version3Client ? await client.issues.createIssue({ fields: fields as never }) : await client.issues.createIssue({ fields: fields as never });
      memory.put(`fingerprint:${fingerprint}`, created.key);
      return done(201, 'Created', created.key, created);
    } catch (error) {
      const f = explainJiraError(error, settings, 'the issue');
      const e = error as { response?: { data?: unknown } };
      return {
        outcome: 'failed',
        error: `${f.message} ${f.hint}`,
        classification: f.classification,
        ...(f.retryAfterMs !== undefined ? { retryAfterMs: f.retryAfterMs } : {}),
        exchange: {
          request,
          response: f.status === null ? null : { status: f.status, headers: {}, body_excerpt: (typeof e.response?.data === 'string' ? e.response.data : JSON.stringify(e.response?.data ?? '')).slice(0, 4096), body_truncated: false },
          error,
          duration_ms: took(),
        },
      };
    }
  }
  return { send, close: () => undefined };
}

// ------------------------------------------------------------------ Test it

/** Fields Herald always sets; anything else a create screen requires must have a default. */
const FILLED = new Set(['summary', 'issuetype', 'project', 'description', 'labels', 'priority', 'components', 'assignee', 'reporter']);

async function test(target: Target<JiraSettings>, options: TestOptions = {}): Promise<TestReport> {
  const { settings } = target;
  const startedAt = new Date();
  const t0 = performance.now();
  const steps: TestStep[] = [];
  const details: Record<string, string> = {};
  const finish = (): TestReport => {
    const failed = steps.find((s) => s.status === 'failed');
    return {
      ok: !failed,
      summary: failed ? failed.detail : options.jira_target ? `Herald can create ${options.jira_target.issue_type} issues in ${options.jira_target.project_key}.` : 'Jira answers and the credentials work.',
      ...(failed?.hint ? { hint: failed.hint } : {}),
      steps,
      details,
      started_at: startedAt.toISOString(),
      total_ms: Math.round(performance.now() - t0),
    };
  };
  const step = async <T>(id: string, label: string, what: string, run: () => Promise<T>, describe: (value: T) => Omit<TestStep, 'id' | 'label' | 'duration_ms'>): Promise<T | undefined> => {
    const s = performance.now();
    try {
      const value = await run();
      steps.push({ id, label, duration_ms: Math.round(performance.now() - s), ...describe(value) });
      return value;
    } catch (error) {
      const f = explainJiraError(error, settings, what);
      steps.push({ id, label, status: 'failed', duration_ms: Math.round(performance.now() - s), detail: f.message, hint: f.hint });
      return undefined;
    }
  };

  // The read-only calls Test it makes have the same shape in v2 and v3.
  let client: Version2Client;
  try {
    client = jiraClient(settings, target.secrets) as Version2Client;
  } catch (error) {
    const f = explainJiraError(error, settings);
    steps.push({ id: 'auth', label: 'Authentication', status: 'failed', duration_ms: 0, detail: f.message, hint: f.hint });
    return finish();
  }

  // serverInfo through v2, which both Cloud and Server/DC serve, so a wrong type is told apart from a wrong URL.
  const info = await step('server', 'Server', 'the server info request', () => (jiraClient(settings, target.secrets, '2') as Version2Client).serverInfo.getServerInfo(), (v) => {
    const type = String(v.deploymentType ?? 'unknown');
    const expected = settings.deployment === 'cloud' ? 'Cloud' : 'Server';
    details.version = `${v.version ?? '?'} (${type})`;
    const matches = type === expected || (expected === 'Server' && type === 'DataCenter');
    return matches
      ? { status: 'ok', detail: `Jira ${v.version ?? ''} · ${type} · ${v.serverTitle ?? v.baseUrl ?? ''}` }
      : { status: 'warning', detail: `Jira ${v.version ?? ''} says it is ${type}, but the integration is set to ${expected}.`, hint: `Choose ${type === 'Cloud' ? 'Jira Cloud' : 'Jira Server/Data Center'}: the two use different APIs and description formats.` };
  });
  if (!info) return finish();
  const me = await step('auth', 'Authentication', 'the login', () => client.myself.getCurrentUser(), (v) => ({ status: 'ok', detail: `Signed in as ${v.displayName ?? v.name ?? v.accountId} (${v.emailAddress ?? v.name ?? v.accountId})` }));
  if (!me || !options.jira_target) return finish();
  const { project_key, issue_type } = options.jira_target;

  const project = await step('project', 'Project', `the project ${project_key}`, () => client.projects.getProject({ projectIdOrKey: project_key }), (v) => ({ status: 'ok', detail: `${v.key} · ${v.name}` }));
  if (!project) return finish();
  const permission = await step('permission', 'Create permission', 'the permission check', () => client.permissions.getMyPermissions({ projectKey: project_key, permissions: 'CREATE_ISSUES' }), (v) => {
    const allowed = (v.permissions as Record<string, { havePermission?: boolean }> | undefined)?.CREATE_ISSUES?.havePermission;
    return allowed ? { status: 'ok', detail: `May create issues in ${project_key}.` } : { status: 'failed', detail: `The account may not create issues in ${project_key}.`, hint: 'Ask a Jira admin for the Create Issues permission in this project.' };
  });
  if (!permission || steps.at(-1)?.status === 'failed') return finish();

  await step('fields', 'Required fields', 'the create screen', async () => {
    const types = await client.issues.getCreateIssueMetaIssueTypes({ projectIdOrKey: project_key });
    const type = (types.issueTypes ?? (types as { values?: { id: string; name: string }[] }).values ?? []).find((t: { name?: string }) => t.name?.toLowerCase() === issue_type.toLowerCase());
    if (!type) return { missingType: (types.issueTypes ?? (types as { values?: { name: string }[] }).values ?? []).map((t: { name?: string }) => t.name).join(', ') };
    const meta = await client.issues.getCreateIssueMetaIssueTypeId({ projectIdOrKey: project_key, issueTypeId: String(type.id) });
    const fields = (meta.fields ?? (meta as { values?: unknown[] }).values ?? []) as { fieldId?: string; key?: string; name?: string; required?: boolean; hasDefaultValue?: boolean }[];
    return { missing: fields.filter((f) => f.required && !f.hasDefaultValue && !FILLED.has(f.fieldId ?? f.key ?? '')).map((f) => `${f.name} (${f.fieldId ?? f.key})`) };
  }, (v) => {
    if ('missingType' in v) return { status: 'failed', detail: `${project_key} has no issue type "${issue_type}". It has: ${v.missingType}.`, hint: 'Use one of those names in the rule action.' };
    return v.missing.length
      ? { status: 'failed', detail: `The ${issue_type} create screen requires fields Herald does not fill: ${v.missing.join(', ')}.`, hint: 'Give those fields a default in Jira, make them optional, or choose another issue type.' }
      : { status: 'ok', detail: `Every required field of ${issue_type} is one Herald fills.` };
  });
  return finish();
}

export const jiraChannel: Channel<JiraSettings> = {
  kind: 'jira',
  mode: 'each',
  secretNames: ['token', 'password'],
  wants: () => false,
  open: openSession,
  test: (target, _runtime, options) => test(target, options),
  async preview(target, item) {
    const params = JiraActionParamsSchema.parse(item.action?.params ?? {});
    const fingerprint = fingerprintOf(item.event, params.fingerprint);
    const fields = await issueFields(target, params, item.event, fingerprint);
    return { kind: 'jira', project_key: params.project_key, issue_type: params.issue_type, fingerprint, fields };
  },
  sandbox: { receiver: 'jira-simulator' },
};
