import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';

/**
 * A Jira REST fake that answers as Atlassian's documentation says: API v2 (Server/Data Center,
 * wiki-markup strings) and v3 (Cloud, ADF documents), `{errorMessages, errors}` error bodies,
 * 401 with an HTML body, 403, and 429 with Retry-After. Served under a context path (default
 * `/jira`) so a client that drops the path fails.
 */
export type JiraAuth = { kind: 'bearer'; token: string } | { kind: 'basic'; username: string; password: string };

export interface JiraFakeOptions {
  deployment: 'Server' | 'Cloud';
  auth: JiraAuth;
  contextPath?: string;
  /** Issue types of project SEC; a required custom field makes Herald's check list it. */
  requiredCustomField?: boolean;
  canCreate?: boolean;
  /** Serve HTTPS with this certificate (e.g. a self-signed one made by test/support/tls.ts). */
  tls?: { key: string; cert: string };
}

export interface FakeIssue {
  id: string;
  key: string;
  fields: Record<string, unknown>;
  comments: unknown[];
}

export interface RecordedJiraRequest {
  method: string;
  path: string;
  query: Record<string, string>;
  headers: Record<string, string | string[] | undefined>;
  body: unknown;
}

const PROJECT = { id: '10000', key: 'SEC', name: 'Security' };
const ISSUE_TYPES = [
  { id: '10004', name: 'Bug', subtask: false },
  { id: '10002', name: 'Task', subtask: false },
];

export class JiraFake {
  readonly issues: FakeIssue[] = [];
  readonly requests: RecordedJiraRequest[] = [];
  private failures: { status: number; retryAfterSeconds?: number }[] = [];
  /** Delay every answer by this much, to make a client time out. */
  hangMs = 0;
  private nextId = 1;

  private constructor(
    private readonly server: Server,
    readonly options: Required<Omit<JiraFakeOptions, 'requiredCustomField' | 'tls'>> & { requiredCustomField: boolean; tls?: JiraFakeOptions['tls'] },
  ) {}

  static async start(options: JiraFakeOptions): Promise<JiraFake> {
    const holder: { fake?: JiraFake } = {};
    const handler = (req: IncomingMessage, res: ServerResponse) => void holder.fake!.handle(req, res);
    const server: Server = options.tls ? createHttpsServer({ key: options.tls.key, cert: options.tls.cert }, handler) : createServer(handler);
    const fake = new JiraFake(server, { contextPath: '/jira', canCreate: true, requiredCustomField: false, ...options });
    holder.fake = fake;
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
    return fake;
  }

  get url(): string {
    const scheme = this.options.tls ? 'https' : 'http';
    return `${scheme}://127.0.0.1:${(this.server.address() as AddressInfo).port}${this.options.contextPath}`;
  }

  /** The next `count` requests (after auth) fail with this status. */
  failNext(count: number, failure: { status: number; retryAfterSeconds?: number }): void {
    for (let i = 0; i < count; i++) this.failures.push(failure);
  }

  close(): Promise<void> {
    this.server.closeAllConnections();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }

  private get api(): '2' | '3' {
    return this.options.deployment === 'Cloud' ? '3' : '2';
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    if (this.hangMs) await new Promise((resolve) => setTimeout(resolve, this.hangMs));
    if (res.destroyed) return;
    const raw = Buffer.concat(chunks).toString('utf8');
    const url = new URL(req.url ?? '/', 'http://fake');
    const query = Object.fromEntries(url.searchParams);
    let body: unknown = undefined;
    if (raw) {
      try {
        body = JSON.parse(raw);
      } catch {
        return this.json(res, 400, { errorMessages: ['Unexpected character: the request body is not valid JSON.'], errors: {} });
      }
    }
    if (!url.pathname.startsWith(`${this.options.contextPath}/`)) return this.json(res, 404, { errorMessages: ['Not found'], errors: {} });
    const path = url.pathname.slice(this.options.contextPath.length);
    this.requests.push({ method: req.method ?? 'GET', path, query, headers: req.headers, body });

    const m = /^\/rest\/api\/(2|3)\/(.*)$/.exec(path);
    if (!m) return this.json(res, 404, { errorMessages: ['Not found'], errors: {} });
    const [, version, route] = m as unknown as [string, '2' | '3', string];
    // Cloud serves v2 as well; the fake answers it for serverInfo, the one call Herald makes there.
    const cloudV2 = this.options.deployment === 'Cloud' && version === '2' && route === 'serverInfo';
    if (version !== this.api && !cloudV2) return this.json(res, 404, { errorMessages: [`API version ${version} is not available here`], errors: {} });

    // Server answers serverInfo anonymously; everything else needs credentials.
    if (!(route === 'serverInfo' && this.options.deployment === 'Server') && !this.authorized(req)) {
      if (this.options.deployment === 'Server') res.setHeader('X-Seraph-LoginReason', 'AUTHENTICATED_FAILED');
      res.writeHead(401, { 'content-type': 'text/html;charset=UTF-8' });
      return void res.end('<html><head><title>Unauthorized (401)</title></head><body><h1>Unauthorized</h1><p>You are not authorized to access this resource.</p></body></html>');
    }
    const failure = this.failures.shift();
    if (failure) {
      if (failure.retryAfterSeconds !== undefined) res.setHeader('Retry-After', String(failure.retryAfterSeconds));
      return this.json(res, failure.status, { errorMessages: [failure.status === 429 ? 'Rate limit exceeded.' : 'Service unavailable'], errors: {} });
    }
    if (req.method === 'POST' && !String(req.headers['content-type'] ?? '').includes('application/json')) {
      return this.json(res, 415, { errorMessages: ['Unsupported Media Type'], errors: {} });
    }
    return this.route(req.method ?? 'GET', route, query, body, res);
  }

  private authorized(req: IncomingMessage): boolean {
    const header = req.headers.authorization ?? '';
    const auth = this.options.auth;
    if (auth.kind === 'bearer') return header === `Bearer ${auth.token}`;
    return header === `Basic ${Buffer.from(`${auth.username}:${auth.password}`).toString('base64')}`;
  }

  private route(method: string, route: string, query: Record<string, string>, body: unknown, res: ServerResponse): void {
    const self = (p: string) => `${this.url}/rest/api/${this.api}/${p}`;
    if (method === 'GET' && route === 'serverInfo') {
      return this.json(res, 200, {
        baseUrl: this.url,
        version: this.options.deployment === 'Cloud' ? '1001.0.0-SNAPSHOT' : '9.12.2',
        versionNumbers: this.options.deployment === 'Cloud' ? [1001, 0, 0] : [9, 12, 2],
        deploymentType: this.options.deployment,
        buildNumber: this.options.deployment === 'Cloud' ? 100282 : 9120002,
        serverTitle: 'Security Jira',
      });
    }
    if (method === 'GET' && route === 'myself') {
      return this.options.deployment === 'Cloud'
        ? this.json(res, 200, { accountId: '5b10ac8d82e05b22cc7d4ef5', accountType: 'atlassian', emailAddress: 'secops@example.com', displayName: 'SecOps Bot', active: true })
        : this.json(res, 200, { name: 'herald', key: 'JIRAUSER10100', emailAddress: 'herald@example.com', displayName: 'Herald Bot', active: true });
    }
    const project = /^project\/([^/]+)$/.exec(route);
    if (method === 'GET' && project) {
      if (project[1] !== PROJECT.key && project[1] !== PROJECT.id) return this.json(res, 404, { errorMessages: [`No project could be found with key '${project[1]}'.`], errors: {} });
      return this.json(res, 200, { ...PROJECT, self: self(`project/${PROJECT.id}`), issueTypes: ISSUE_TYPES });
    }
    if (method === 'GET' && route === 'mypermissions') {
      return this.json(res, 200, { permissions: { CREATE_ISSUES: { id: '11', key: 'CREATE_ISSUES', name: 'Create Issues', type: 'PROJECT', havePermission: this.options.canCreate } } });
    }
    const meta = /^issue\/createmeta\/([^/]+)\/issuetypes(?:\/([^/]+))?$/.exec(route);
    if (method === 'GET' && meta) {
      if (meta[1] !== PROJECT.key && meta[1] !== PROJECT.id) return this.json(res, 404, { errorMessages: [`No project could be found with key '${meta[1]}'.`], errors: {} });
      if (!meta[2]) return this.json(res, 200, { maxResults: 50, startAt: 0, total: ISSUE_TYPES.length, isLast: true, values: ISSUE_TYPES.map((t) => ({ ...t, self: self(`issuetype/${t.id}`) })) });
      const type = ISSUE_TYPES.find((t) => t.id === meta[2]);
      if (!type) return this.json(res, 404, { errorMessages: ['Issue type not found'], errors: {} });
      const fields = this.fieldsFor(type.name);
      return this.json(res, 200, { maxResults: 50, startAt: 0, total: fields.length, isLast: true, values: fields });
    }
    if (method === 'POST' && route === 'issue') return this.createIssue(body, res);
    const comment = /^issue\/([^/]+)\/comment$/.exec(route);
    if (method === 'POST' && comment) {
      const issue = this.issues.find((i) => i.key === comment[1] || i.id === comment[1]);
      if (!issue) return this.json(res, 404, { errorMessages: ['Issue does not exist or you do not have permission to see it.'], errors: {} });
      const text = (body as { body?: unknown } | undefined)?.body;
      if (this.api === '3' ? !isAdf(text) : typeof text !== 'string' || !text) return this.json(res, 400, { errorMessages: [], errors: { comment: 'Comment body can not be empty!' } });
      const created = { id: String(10_000 + issue.comments.length), body: text, created: new Date().toISOString() };
      issue.comments.push(text);
      return this.json(res, 201, { ...created, self: self(`issue/${issue.id}/comment/${created.id}`) });
    }
    if (method === 'GET' && (route === 'search' || route === 'search/jql')) {
      if ((route === 'search') !== (this.api === '2')) return this.json(res, this.api === '3' ? 410 : 404, { errorMessages: ['The requested API has been removed. Please migrate to the /rest/api/3/search/jql API.'], errors: {} });
      const label = /labels\s*=\s*"?([^"\s]+)"?/.exec(query.jql ?? '')?.[1];
      const projectKey = /project\s*=\s*"?([A-Z0-9_]+)"?/.exec(query.jql ?? '')?.[1];
      if (!label) return this.json(res, 400, { errorMessages: [`Error in the JQL Query: unsupported query ${query.jql}`], errors: {} });
      const found = this.issues.filter((i) => (i.fields.labels as string[] | undefined)?.includes(label) && (!projectKey || projectKey === PROJECT.key));
      const issues = found.map((i) => ({ id: i.id, key: i.key, self: self(`issue/${i.id}`), fields: { summary: i.fields.summary, labels: i.fields.labels } }));
      return route === 'search' ? this.json(res, 200, { startAt: 0, maxResults: 50, total: issues.length, issues }) : this.json(res, 200, { issues, isLast: true });
    }
    return this.json(res, 404, { errorMessages: ['Not found'], errors: {} });
  }

  private fieldsFor(typeName: string) {
    const field = (fieldId: string, name: string, type: string, required: boolean) => ({ fieldId, key: fieldId, name, required, schema: { type }, hasDefaultValue: false, operations: ['set'] });
    return [
      field('summary', 'Summary', 'string', true),
      field('issuetype', 'Issue Type', 'issuetype', true),
      field('project', 'Project', 'project', true),
      field('reporter', 'Reporter', 'user', false),
      field('description', 'Description', 'string', false),
      field('priority', 'Priority', 'priority', false),
      field('labels', 'Labels', 'array', false),
      field('components', 'Component/s', 'array', false),
      field('assignee', 'Assignee', 'user', false),
      ...(this.options.requiredCustomField && typeName === 'Bug' ? [field('customfield_10100', 'Affected service', 'string', true)] : []),
    ];
  }

  private createIssue(body: unknown, res: ServerResponse): void {
    const fields = ((body as { fields?: Record<string, unknown> } | undefined)?.fields ?? {}) as Record<string, unknown>;
    const errors: Record<string, string> = {};
    const projectRef = fields.project as { key?: string; id?: string } | undefined;
    if (!projectRef || (projectRef.key !== PROJECT.key && projectRef.id !== PROJECT.id)) errors.project = 'project is required';
    const typeRef = fields.issuetype as { id?: string; name?: string } | undefined;
    const type = ISSUE_TYPES.find((t) => t.id === typeRef?.id || t.name === typeRef?.name);
    if (!type) errors.issuetype = 'The issue type selected is invalid.';
    if (typeof fields.summary !== 'string' || !fields.summary.trim()) errors.summary = 'You must specify a summary of the issue.';
    else if (fields.summary.length > 255) errors.summary = 'Summary must be less than 255 characters.';
    if (fields.summary && /[\r\n]/.test(String(fields.summary))) errors.summary = 'The summary is invalid because it contains newline characters.';
    if (fields.description !== undefined) {
      if (this.api === '3' && !isAdf(fields.description)) errors.description = 'Operation value must be an Atlassian Document (see the Atlassian Document Format)';
      if (this.api === '2' && typeof fields.description !== 'string') errors.description = 'Operation value must be a string';
    }
    const labels = fields.labels as unknown[] | undefined;
    if (labels?.some((l) => typeof l !== 'string' || /\s/.test(l))) errors.labels = 'The label must not contain spaces.';
    if (fields.priority !== undefined && !['Highest', 'High', 'Medium', 'Low', 'Lowest'].includes((fields.priority as { name?: string }).name ?? '')) {
      errors.priority = `Priority name '${(fields.priority as { name?: string }).name}' is not valid`;
    }
    if (this.options.requiredCustomField && type?.name === 'Bug' && !fields.customfield_10100) errors.customfield_10100 = 'Affected service is required.';
    if (!this.options.canCreate) return this.json(res, 403, { errorMessages: ['You do not have permission to create issues in this project.'], errors: {} });
    if (Object.keys(errors).length) return this.json(res, 400, { errorMessages: [], errors });
    const id = String(10_000 + this.nextId);
    const key = `${PROJECT.key}-${this.nextId++}`;
    this.issues.push({ id, key, fields, comments: [] });
    this.json(res, 201, { id, key, self: `${this.url}/rest/api/${this.api}/issue/${id}` });
  }

  private json(res: ServerResponse, status: number, body: unknown): void {
    res.writeHead(status, { 'content-type': 'application/json;charset=UTF-8' });
    res.end(JSON.stringify(body));
  }
}

function isAdf(value: unknown): boolean {
  return typeof value === 'object' && value !== null && (value as { type?: unknown }).type === 'doc' && (value as { version?: unknown }).version === 1 && Array.isArray((value as { content?: unknown }).content);
}
