import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { MAX_CAPTURES, rollChaos, type Capture, type ChaosConfig, type RandomSource, type SandboxReceiver } from './types.js';
import type { JiraIssueFields, JiraRequestFields } from '../../contract/index.js';

/**
 * The Jira simulator of the offline sandbox: the REST endpoints Herald's Jira channel calls
 * (serverInfo, myself, project, mypermissions, createmeta, issue create, JQL search by label,
 * comment), answered in the shapes Atlassian documents. Issues it creates are kept and listed as
 * captures next to a capture of every request; `<url>/browse/<KEY>` shows one as a page.
 *
 * One simulator serves both deployments, told apart by the context path, because Herald's
 * Test it warns when serverInfo names the other one:
 * - `<address>` or `<address>/server`: Jira Data Center 9 — REST v2 only, wiki-markup strings;
 * - `<address>/cloud`: Jira Cloud — REST v3 with Atlassian Document Format (v2 as well, as Cloud does).
 */

export interface JiraSimProject {
  key: string;
  name?: string;
  /** Issue type names; default Bug and Task. */
  issueTypes?: string[];
}

export interface JiraSimOptions {
  /** Default: one project `SEC` ("Security") with Bug and Task. */
  projects?: JiraSimProject[];
  /**
   * Accept only this secret: a Bearer token, or the password/API token of Basic auth (with
   * `username`, the login or e-mail must match too). Unset: any non-empty credentials pass.
   */
  auth?: { secret: string; username?: string } | null;
  /**
   * Any well-formed project key exists (made on first use, with Bug and Task), and an issue
   * type named in a create request is added: Capture mode stands in for whatever Jira the
   * integration points at, whose projects Herald cannot know.
   */
  openProjects?: boolean;
  random?: RandomSource;
}

export type JiraComment = JiraIssueFields['comments'][number];

export interface JiraIssueCapture extends Capture, JiraIssueFields {
  receiver: 'jira';
  issue_id: string;
  /** ISO 8601, the same instant as `at`. */
  created: string;
}

export interface JiraRequestCapture extends Capture, JiraRequestFields {
  receiver: 'jira';
}

export type JiraCapture = JiraIssueCapture | JiraRequestCapture;

type Deployment = 'Server' | 'Cloud';
type Api = '2' | '3';

interface Project {
  id: string;
  key: string;
  name: string;
  issueTypes: { id: string; name: string; subtask: false }[];
  nextNumber: number;
}

interface Call {
  req: IncomingMessage;
  res: ServerResponse;
  deployment: Deployment;
  api: Api;
  route: string;
  query: Record<string, string>;
  body: unknown;
  capture: JiraRequestCapture;
  /** Where this deployment's REST root is, for `self` links. */
  base: string;
}

const DEFAULT_PROJECTS: JiraSimProject[] = [{ key: 'SEC', name: 'Security', issueTypes: ['Bug', 'Task'] }];
const PRIORITIES = ['Highest', 'High', 'Medium', 'Low', 'Lowest'];
/** Larger bodies are refused (413) rather than buffered: an issue is a few KiB. */
const MAX_BODY_BYTES = 1024 * 1024;
const DEFAULT_SLOW_MS = 3000;
const CLOUD_ACCOUNT = { accountId: '5b10ac8d82e05b22cc7d4ef5', accountType: 'atlassian', emailAddress: 'herald@sandbox.invalid', displayName: 'Herald Sandbox', active: true, timeZone: 'UTC' };
const SERVER_USER = { name: 'herald', key: 'JIRAUSER10000', emailAddress: 'herald@sandbox.invalid', displayName: 'Herald Sandbox', active: true, timeZone: 'UTC' };

export class JiraSimulator implements SandboxReceiver<JiraCapture> {
  readonly kind = 'jira' as const;
  private server: Server | null = null;
  private starting: Promise<void> | null = null;
  private projects: Project[] = [];
  private auth: JiraSimOptions['auth'] = null;
  private chaos: ChaosConfig | null = null;
  private readonly random: RandomSource;
  /** Issues by key, oldest first (Map keeps insertion order), bounded like the requests. */
  private readonly issues = new Map<string, JiraIssueCapture>();
  private readonly requests: JiraRequestCapture[] = [];
  private readonly listeners = new Set<(capture: JiraCapture) => void>();
  /** Answers a `timeout` injection holds open, ended on stop. */
  private readonly held = new Set<ServerResponse>();
  private readonly timers = new Set<NodeJS.Timeout>();
  private seq = 0;

  private readonly openProjects: boolean;

  constructor(options: JiraSimOptions = {}) {
    this.random = options.random ?? Math.random;
    this.openProjects = options.openProjects ?? false;
    this.configure(options);
  }

  /** Projects and accepted credentials can change while running; issues already made are kept. */
  configure(options: Pick<JiraSimOptions, 'projects' | 'auth'>): void {
    if (options.projects) this.projects = buildProjects(options.projects, this.projects);
    else if (!this.projects.length) this.projects = buildProjects(DEFAULT_PROJECTS, []);
    if (options.auth !== undefined) this.auth = options.auth;
  }

  get port(): number | null {
    const address = this.server?.address();
    return address && typeof address === 'object' ? (address as AddressInfo).port : null;
  }

  get address(): string | null {
    return this.port === null ? null : `http://127.0.0.1:${this.port}`;
  }

  /** The URL to put in a Jira integration of this deployment. */
  urlFor(deployment: 'server' | 'cloud'): string | null {
    return this.address && `${this.address}/${deployment}`;
  }

  start(port = 0): Promise<void> {
    if (this.server?.listening) return Promise.resolve();
    this.starting ??= new Promise<void>((resolve, reject) => {
      const server = createServer((req, res) => void this.handle(req, res).catch(() => json(res, 500, { errorMessages: ['Internal server error'], errors: {} })));
      server.once('error', (error) => {
        this.starting = null;
        reject(error);
      });
      server.listen(port, '127.0.0.1', () => {
        this.server = server;
        this.starting = null;
        resolve();
      });
    });
    return this.starting;
  }

  async stop(): Promise<void> {
    const server = this.server;
    if (!server) return;
    this.server = null;
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
    for (const res of this.held) res.destroy();
    this.held.clear();
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  /** Issues and requests together, oldest first. */
  captures(): JiraCapture[] {
    return [...this.issues.values(), ...this.requests].sort((a, b) => Number(a.id.split('-')[1]) - Number(b.id.split('-')[1]));
  }

  issueList(): JiraIssueCapture[] {
    return [...this.issues.values()];
  }

  requestList(): JiraRequestCapture[] {
    return [...this.requests];
  }

  /** Forgets issues and requests; numbering restarts at <KEY>-1. */
  clear(): void {
    this.issues.clear();
    this.requests.length = 0;
    for (const p of this.projects) p.nextNumber = 1;
  }

  setChaos(chaos: ChaosConfig | null): void {
    this.chaos = chaos && chaos.rate > 0 && chaos.modes.length ? { ...chaos, rate: Math.min(1, chaos.rate) } : null;
  }

  onCapture(listener: (capture: JiraCapture) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  // ---------------------------------------------------------------- request handling

  private nextId(kind: 'req' | 'issue'): string {
    return `${kind}-${++this.seq}`;
  }

  private emit(capture: JiraCapture): void {
    for (const listener of this.listeners) {
      try {
        listener(capture);
      } catch {
        // A console listener's failure must not fail the request.
      }
    }
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const raw = await readBody(req);
    const url = new URL(req.url ?? '/', 'http://sandbox');
    const capture: JiraRequestCapture = {
      id: this.nextId('req'),
      at: new Date().toISOString(),
      receiver: 'jira',
      injected: null,
      type: 'request',
      method: req.method ?? 'GET',
      path: url.pathname,
      query: Object.fromEntries(url.searchParams),
      auth: describeAuth(req.headers.authorization),
      body: raw === null || raw === undefined ? null : parseBody(raw),
      status: null,
      issue_key: null,
    };
    this.requests.push(capture);
    if (this.requests.length > MAX_CAPTURES) this.requests.splice(0, this.requests.length - MAX_CAPTURES);
    res.on('finish', () => (capture.status = res.statusCode));

    // The coin is tossed before anything else so the injected share is exactly the rate's;
    // only for the REST API, so the browse page a delivery links to always opens.
    const browse = /^(.*?)\/browse\/([^/]+)$/.exec(url.pathname);
    const injected = browse ? null : this.toss();
    capture.injected = injected;
    this.emit(capture);
    if (injected === 'timeout') {
      this.held.add(res);
      res.on('close', () => this.held.delete(res));
      return;
    }
    if (injected === 'status') return this.injectStatus(res);
    if (injected === 'slow') await this.sleep(this.chaos?.delay_ms ?? DEFAULT_SLOW_MS);
    if (res.destroyed || !this.server) return;

    if (browse) return this.browsePage(res, decode(browse[2]!));
    if (raw === undefined) return json(res, 413, { errorMessages: ['The request body is too large.'], errors: {} });
    const m = /^(.*?)\/rest\/api\/(2|3)\/(.*)$/.exec(url.pathname);
    if (!m) return json(res, 404, { errorMessages: ['Not found'], errors: {} });
    const [, contextPath, api, route] = m as unknown as [string, string, Api, string];
    const deployment: Deployment = /\/cloud$/i.test(contextPath) ? 'Cloud' : 'Server';
    // Data Center has no v3; Cloud still serves v2.
    if (deployment === 'Server' && api === '3') return json(res, 404, { errorMessages: ['null for uri: ' + url.pathname], errors: {} });
    if (typeof capture.body === 'string') return json(res, 400, { errorMessages: ['Unexpected character: the request body is not valid JSON.'], errors: {} });
    const call: Call = { req, res, deployment, api, route, query: capture.query, body: capture.body, capture, base: `${this.address}${contextPath}` };

    // serverInfo answers anonymously, so Test it tells a wrong URL from wrong credentials.
    if (route !== 'serverInfo' && !this.authorized(req.headers.authorization)) {
      if (deployment === 'Server') res.setHeader('X-Seraph-LoginReason', 'AUTHENTICATED_FAILED');
      res.setHeader('WWW-Authenticate', 'Basic realm="protected-area"');
      return json(res, 401, { errorMessages: ['You are not authenticated. Authentication required to perform this operation.'], errors: {} });
    }
    if (req.method === 'POST' && !String(req.headers['content-type'] ?? '').includes('application/json')) return json(res, 415, { errorMessages: ['Unsupported Media Type'], errors: {} });
    this.route(call);
  }

  private toss(): Capture['injected'] {
    return rollChaos(this.chaos, this.random);
  }

  private injectStatus(res: ServerResponse): void {
    const status = this.chaos?.status ?? 429;
    // Jira sends Retry-After with 429 and 503; Herald waits that long before the retry.
    if (status === 429 || status === 503) res.setHeader('Retry-After', '1');
    const message = status === 429 ? 'Rate limit exceeded.' : status === 503 ? 'Service Unavailable' : `Injected failure ${status}`;
    json(res, status, { errorMessages: [message], errors: {} });
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.timers.delete(timer);
        resolve();
      }, ms);
      this.timers.add(timer);
    });
  }

  private authorized(header: string | undefined): boolean {
    const parsed = parseAuth(header);
    if (!parsed || !parsed.secret) return false;
    if (!this.auth) return true;
    if (parsed.secret !== this.auth.secret) return false;
    return parsed.scheme === 'bearer' || this.auth.username === undefined || parsed.user === this.auth.username;
  }

  private route(call: Call): void {
    const { req, res, route, api, deployment } = call;
    const method = req.method ?? 'GET';
    const cloud = deployment === 'Cloud';
    if (method === 'GET' && route === 'serverInfo') {
      return json(res, 200, {
        baseUrl: call.base,
        version: cloud ? '1001.0.0-SNAPSHOT' : '9.12.2',
        versionNumbers: cloud ? [1001, 0, 0] : [9, 12, 2],
        deploymentType: cloud ? 'Cloud' : 'Server',
        buildNumber: cloud ? 100282 : 9120002,
        serverTitle: 'Herald sandbox Jira',
      });
    }
    if (method === 'GET' && route === 'myself') return json(res, 200, { self: `${call.base}/rest/api/${api}/myself`, ...(cloud ? CLOUD_ACCOUNT : SERVER_USER) });
    const projectRoute = /^project\/([^/]+)$/.exec(route);
    if (method === 'GET' && projectRoute) {
      const project = this.project(decode(projectRoute[1]!));
      if (!project) return json(res, 404, { errorMessages: [`No project could be found with key '${decode(projectRoute[1]!)}'.`], errors: {} });
      return json(res, 200, { self: self(call, `project/${project.id}`), id: project.id, key: project.key, name: project.name, projectTypeKey: 'software', issueTypes: project.issueTypes.map((t) => ({ ...t, self: self(call, `issuetype/${t.id}`) })) });
    }
    if (method === 'GET' && route === 'mypermissions') {
      if (call.query.projectKey && !this.project(call.query.projectKey)) return json(res, 404, { errorMessages: [`No project could be found with key '${call.query.projectKey}'.`], errors: {} });
      const keys = (call.query.permissions ?? 'CREATE_ISSUES').split(',').filter(Boolean);
      return json(res, 200, { permissions: Object.fromEntries(keys.map((key, i) => [key, { id: String(10 + i), key, name: key, type: 'PROJECT', havePermission: true }])) });
    }
    const meta = /^issue\/createmeta\/([^/]+)\/issuetypes(?:\/([^/]+))?$/.exec(route);
    if (method === 'GET' && meta) return this.createMeta(call, decode(meta[1]!), meta[2] && decode(meta[2]));
    if (method === 'POST' && route === 'issue') return this.createIssue(call);
    const commentRoute = /^issue\/([^/]+)\/comment$/.exec(route);
    if (commentRoute && (method === 'POST' || method === 'GET')) return this.comment(call, decode(commentRoute[1]!));
    const issueRoute = /^issue\/([^/]+)$/.exec(route);
    if (method === 'GET' && issueRoute) {
      const issue = this.issue(decode(issueRoute[1]!));
      if (!issue) return json(res, 404, { errorMessages: ['Issue does not exist or you do not have permission to see it.'], errors: {} });
      return json(res, 200, issueJson(call, issue, undefined));
    }
    if ((method === 'GET' || method === 'POST') && (route === 'search' || route === 'search/jql')) {
      // Cloud removed the old search from v3 in 2025; Data Center has no search/jql.
      if (route === 'search' && api === '3') return json(res, 410, { errorMessages: ['The requested API has been removed. Please migrate to the /rest/api/3/search/jql API.'], errors: {} });
      if (route === 'search/jql' && !cloud) return json(res, 404, { errorMessages: ['null for uri: ' + call.capture.path], errors: {} });
      return this.search(call, route === 'search');
    }
    return json(res, 404, { errorMessages: ['null for uri: ' + call.capture.path], errors: {} });
  }

  /** `<url>/browse/SEC-1`, the link Herald records with a delivery: the issue as a plain page. */
  private browsePage(res: ServerResponse, key: string): void {
    const issue = this.issue(key);
    // No scripts, styles or requests of its own: the summary and description are the sender's text.
    res.setHeader('Content-Security-Policy', "default-src 'none'; style-src 'unsafe-inline'");
    res.setHeader('X-Content-Type-Options', 'nosniff');
    const page = (status: number, title: string, body: string) => {
      res.writeHead(status, { 'content-type': 'text/html;charset=UTF-8' });
      res.end(`<!doctype html><html><head><meta charset="utf-8"><title>${escapeHtml(title)}</title><style>body{font:14px system-ui,sans-serif;margin:2em;max-width:60em}pre{white-space:pre-wrap;background:#f4f5f7;padding:1em}</style></head><body>${body}</body></html>`);
    };
    if (!issue) return page(404, 'Issue not found', `<h1>${escapeHtml(key)}</h1><p>The sandbox has no such issue (it keeps issues only until it is cleared or stopped).</p>`);
    const text = (value: unknown) => (typeof value === 'string' ? value : isAdf(value) ? adfText(value) : '');
    const comments = issue.comments.map((c) => `<h3>${escapeHtml(c.created)}</h3><pre>${escapeHtml(text(c.body))}</pre>`).join('');
    page(
      200,
      `[${issue.key}] ${issue.summary}`,
      `<p>Herald sandbox · ${escapeHtml(issue.project)} · ${escapeHtml(issue.issue_type)} · created ${escapeHtml(issue.created)}</p><h1>${escapeHtml(issue.key)}: ${escapeHtml(issue.summary)}</h1>` +
        `<p>Labels: ${issue.labels.map(escapeHtml).join(', ') || 'none'}</p><h2>Description</h2><pre>${escapeHtml(text(issue.fields.description))}</pre>` +
        (comments ? `<h2>Comments</h2>${comments}` : ''),
    );
  }

  private project(keyOrId: string): Project | undefined {
    const found = this.projects.find((p) => p.key === keyOrId || p.id === keyOrId);
    if (found || !this.openProjects || !/^[A-Z][A-Z0-9_]{0,49}$/.test(keyOrId)) return found;
    this.projects = buildProjects([...this.projects.map((p) => ({ key: p.key, name: p.name, issueTypes: p.issueTypes.map((t) => t.name) })), { key: keyOrId }], this.projects);
    return this.projects.find((p) => p.key === keyOrId);
  }

  private addIssueType(project: Project, name: string): void {
    const id = String(Number(project.id) * 100 + 50 + project.issueTypes.length);
    project.issueTypes.push({ id, name, subtask: false });
  }

  private issue(keyOrId: string): JiraIssueCapture | undefined {
    return this.issues.get(keyOrId) ?? [...this.issues.values()].find((i) => i.issue_id === keyOrId);
  }

  /** Data Center 9 pages these as `values`; Cloud as `issueTypes` and `fields`. */
  private createMeta(call: Call, projectKey: string, typeId: string | undefined): void {
    const project = this.project(projectKey);
    if (!project) return json(call.res, 404, { errorMessages: [`No project could be found with key '${projectKey}'.`], errors: {} });
    const cloud = call.deployment === 'Cloud';
    const page = (items: unknown[], name: string) => ({ maxResults: 50, startAt: 0, total: items.length, ...(cloud ? { [name]: items } : { isLast: true, values: items }) });
    if (!typeId) return json(call.res, 200, page(project.issueTypes.map((t) => ({ ...t, self: self(call, `issuetype/${t.id}`), description: '' })), 'issueTypes'));
    if (!project.issueTypes.some((t) => t.id === typeId)) return json(call.res, 404, { errorMessages: ['The issue type with id ' + typeId + ' does not exist.'], errors: {} });
    const field = (fieldId: string, name: string, type: string, required: boolean) => ({ fieldId, key: fieldId, name, required, schema: { type }, hasDefaultValue: false, operations: ['set'] });
    const fields = [
      field('summary', 'Summary', 'string', true),
      field('issuetype', 'Issue Type', 'issuetype', true),
      field('project', 'Project', 'project', true),
      field('reporter', 'Reporter', 'user', false),
      field('description', 'Description', 'string', false),
      field('priority', 'Priority', 'priority', false),
      field('labels', 'Labels', 'array', false),
      field('components', 'Component/s', 'array', false),
      field('assignee', 'Assignee', 'user', false),
    ];
    json(call.res, 200, page(fields, 'fields'));
  }

  /** Validates as Jira does (one message per field) and keeps the issue. */
  private createIssue(call: Call): void {
    const fields = ((call.body as { fields?: unknown } | null)?.fields ?? null) as Record<string, unknown> | null;
    if (!fields || typeof fields !== 'object') return json(call.res, 400, { errorMessages: ['Can not deserialize the request: "fields" is missing.'], errors: {} });
    const errors: Record<string, string> = {};
    const projectRef = fields.project as { key?: string; id?: string } | undefined;
    const project = projectRef && this.project(projectRef.key ?? projectRef.id ?? '');
    if (!project) errors.project = projectRef ? `project is invalid: no project with key '${projectRef.key ?? projectRef.id}'` : 'project is required';
    const typeRef = fields.issuetype as { id?: string; name?: string } | undefined;
    if (project && this.openProjects && typeRef?.name?.trim() && !project.issueTypes.some((t) => t.name.toLowerCase() === typeRef.name!.toLowerCase())) this.addIssueType(project, typeRef.name.trim());
    const type = project?.issueTypes.find((t) => t.id === typeRef?.id || t.name.toLowerCase() === typeRef?.name?.toLowerCase());
    if (project && !type) errors.issuetype = 'Specify a valid issue type';
    const summary = fields.summary;
    if (typeof summary !== 'string' || !summary.trim()) errors.summary = 'You must specify a summary of the issue.';
    else if (summary.length > 255) errors.summary = 'Summary must be less than 255 characters.';
    else if (/[\r\n]/.test(summary)) errors.summary = 'The summary is invalid because it contains newline characters.';
    const adf = call.api === '3';
    if (fields.description !== undefined && fields.description !== null) {
      if (adf && !isAdf(fields.description)) errors.description = 'Operation value must be an Atlassian Document (see the Atlassian Document Format)';
      if (!adf && typeof fields.description !== 'string') errors.description = 'Operation value must be a string';
    }
    const labels = fields.labels ?? [];
    if (!Array.isArray(labels) || labels.some((l) => typeof l !== 'string' || !l || /\s/.test(l) || l.length > 255)) errors.labels = 'The label must not contain spaces.';
    const priority = (fields.priority as { name?: string } | undefined)?.name;
    if (fields.priority !== undefined && !PRIORITIES.includes(priority ?? '')) errors.priority = `Priority name '${priority}' is not valid`;
    if (Object.keys(errors).length || !project || !type) return json(call.res, 400, { errorMessages: [], errors });

    const number = project.nextNumber++;
    const key = `${project.key}-${number}`;
    const at = new Date().toISOString();
    const issue: JiraIssueCapture = {
      id: this.nextId('issue'),
      at,
      receiver: 'jira',
      injected: null,
      type: 'issue',
      key,
      issue_id: String(10_000 + this.seq),
      project: project.key,
      issue_type: type.name,
      summary: String(summary),
      labels: labels as string[],
      description_format: fields.description === undefined || fields.description === null ? null : adf ? 'adf' : 'wiki',
      fields,
      comments: [],
      created: at,
    };
    this.issues.delete(key);
    this.issues.set(key, issue);
    if (this.issues.size > MAX_CAPTURES) this.issues.delete(this.issues.keys().next().value!);
    call.capture.issue_key = key;
    this.emit(issue);
    json(call.res, 201, { id: issue.issue_id, key, self: self(call, `issue/${issue.issue_id}`) });
  }

  private comment(call: Call, keyOrId: string): void {
    const issue = this.issue(keyOrId);
    if (!issue) return json(call.res, 404, { errorMessages: ['Issue does not exist or you do not have permission to see it.'], errors: {} });
    call.capture.issue_key = issue.key;
    if (call.req.method === 'GET') return json(call.res, 200, { startAt: 0, maxResults: issue.comments.length, total: issue.comments.length, comments: issue.comments.map((c) => commentJson(call, issue, c)) });
    const text = (call.body as { body?: unknown } | null)?.body;
    if (call.api === '3' ? !isAdf(text) : typeof text !== 'string' || !text.trim()) return json(call.res, 400, { errorMessages: [], errors: { comment: call.api === '3' ? 'Comment body is not valid!' : 'Comment body can not be empty!' } });
    const comment: JiraComment = { id: String(10_000 + ++this.seq), body: text, created: new Date().toISOString() };
    issue.comments.push(comment);
    json(call.res, 201, commentJson(call, issue, comment));
  }

  /** The JQL Herald writes (project, labels, key, issuetype joined by AND, ORDER BY created); anything else is a JQL error. */
  private search(call: Call, legacy: boolean): void {
    const params = call.req.method === 'POST' ? ((call.body ?? {}) as Record<string, unknown>) : call.query;
    const jql = String(params.jql ?? '');
    const query = parseJql(jql);
    if (typeof query === 'string') return json(call.res, 400, { errorMessages: [`Error in the JQL Query: ${query}`], errors: {} });
    for (const p of query.where.project ?? []) {
      if (!this.project(p)) return json(call.res, 400, { errorMessages: [`The value '${p}' does not exist for the field 'project'.`], errors: {} });
    }
    const matches = (values: string[] | undefined, actual: string[]) => !values || values.some((v) => actual.some((a) => a.toLowerCase() === v.toLowerCase()));
    let found = [...this.issues.values()].filter(
      (i) => matches(query.where.project, [i.project]) && matches(query.where.labels, i.labels) && matches(query.where.key, [i.key]) && matches(query.where.issuetype, [i.issue_type]),
    );
    if (query.descending) found = found.reverse();
    const startAt = Math.max(0, Number(params.startAt ?? 0) || 0);
    const maxResults = Math.min(100, Math.max(0, Number(params.maxResults ?? 50) || 50));
    const requested = Array.isArray(params.fields) ? params.fields.map(String) : typeof params.fields === 'string' ? params.fields.split(',') : undefined;
    const issues = found.slice(startAt, startAt + maxResults).map((i) => issueJson(call, i, requested));
    if (legacy) return json(call.res, 200, { expand: 'schema,names', startAt, maxResults, total: found.length, issues });
    json(call.res, 200, { issues, isLast: startAt + maxResults >= found.length });
  }
}

// ------------------------------------------------------------------ helpers

function buildProjects(specs: JiraSimProject[], previous: Project[]): Project[] {
  return specs.map((spec, p) => {
    const key = spec.key.trim().toUpperCase();
    const before = previous.find((old) => old.key === key);
    return {
      id: String(10_000 + p),
      key,
      name: spec.name ?? key,
      issueTypes: (spec.issueTypes?.length ? spec.issueTypes : ['Bug', 'Task']).map((name, t) => ({ id: String(10_001 + p * 100 + t), name, subtask: false as const })),
      // Keys stay unique when projects are reconfigured mid-session.
      nextNumber: before?.nextNumber ?? 1,
    };
  });
}

/** The body as text; null when empty, undefined when over the limit (the rest is drained unread). */
async function readBody(req: IncomingMessage): Promise<string | null | undefined> {
  const chunks: Buffer[] = [];
  let size = 0;
  let tooLarge = false;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY_BYTES) tooLarge = true;
    else chunks.push(chunk as Buffer);
  }
  if (tooLarge) return undefined;
  return size ? Buffer.concat(chunks).toString('utf8') : null;
}

/** A malformed %-escape is kept as written (Jira answers 404 for it, not 500). */
function decode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

function parseBody(raw: string): unknown {
  try {
    return JSON.parse(raw) as unknown;
  } catch {
    return raw;
  }
}

function parseAuth(header: string | undefined): { scheme: 'bearer' | 'basic' | 'other'; user: string | null; secret: string } | null {
  if (!header) return null;
  const [scheme = '', value = ''] = header.trim().split(/\s+/, 2);
  if (/^bearer$/i.test(scheme)) return { scheme: 'bearer', user: null, secret: value };
  if (/^basic$/i.test(scheme)) {
    const decoded = Buffer.from(value, 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    return colon < 0 ? { scheme: 'basic', user: decoded, secret: '' } : { scheme: 'basic', user: decoded.slice(0, colon), secret: decoded.slice(colon + 1) };
  }
  return { scheme: 'other', user: null, secret: '' };
}

function describeAuth(header: string | undefined): JiraRequestCapture['auth'] {
  const parsed = parseAuth(header);
  return parsed && { scheme: parsed.scheme, user: parsed.user };
}

type JqlField = 'project' | 'labels' | 'key' | 'issuetype';

/** `a = "x" AND b in (y, z) ORDER BY created ASC|DESC`, or the reason it is not understood. */
export function parseJql(jql: string): { where: Partial<Record<JqlField, string[]>>; descending: boolean } | string {
  const [condition = '', order] = jql.split(/\s+order\s+by\s+/i);
  let descending = false;
  if (order !== undefined) {
    const o = /^\s*(created|key)\s*(asc|desc)?\s*$/i.exec(order);
    if (!o) return `ordering by '${order.trim()}' is not supported by the sandbox.`;
    descending = o[2]?.toLowerCase() === 'desc';
  }
  const where: Partial<Record<JqlField, string[]>> = {};
  const value = String.raw`"(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*'|[^\s,()"']+`;
  const clause = new RegExp(String.raw`^\s*(project|labels|key|issuetype)\s*(?:=\s*(${value})|in\s*\(\s*((?:${value})(?:\s*,\s*(?:${value}))*)\s*\))\s*$`, 'i');
  for (const part of condition.trim() ? condition.split(/\s+and\s+/i) : []) {
    const c = clause.exec(part);
    if (!c) return `the sandbox does not understand '${part.trim()}'.`;
    const field = c[1]!.toLowerCase() as JqlField;
    const values = c[2] !== undefined ? [c[2]] : (c[3]!.match(new RegExp(value, 'g')) ?? []);
    where[field] = values.map((v) => (/^["']/.test(v) ? v.slice(1, -1).replace(/\\(.)/g, '$1') : v));
  }
  return { where, descending };
}

function self(call: Call, path: string): string {
  return `${call.base}/rest/api/${call.api}/${path}`;
}

/** Jira's timestamp format: 2026-12-01T19:44:12.000+0000. */
function jiraTime(iso: string): string {
  return iso.replace('Z', '+0000');
}

function commentJson(call: Call, issue: JiraIssueCapture, comment: JiraComment) {
  const author = call.deployment === 'Cloud' ? CLOUD_ACCOUNT : SERVER_USER;
  return { self: self(call, `issue/${issue.issue_id}/comment/${comment.id}`), id: comment.id, author, body: comment.body, created: jiraTime(comment.created), updated: jiraTime(comment.created) };
}

function issueJson(call: Call, issue: JiraIssueCapture, requested: string[] | undefined) {
  const all: Record<string, unknown> = {
    ...issue.fields,
    created: jiraTime(issue.created),
    updated: jiraTime(issue.comments.at(-1)?.created ?? issue.created),
    status: { name: 'Open' },
    comment: { startAt: 0, maxResults: issue.comments.length, total: issue.comments.length, comments: issue.comments.map((c) => commentJson(call, issue, c)) },
  };
  const every = !requested || requested.some((f) => f === '*all' || f === '*navigable');
  const fields = every ? all : Object.fromEntries(requested.filter((f) => f in all).map((f) => [f, all[f]]));
  return { id: issue.issue_id, key: issue.key, self: self(call, `issue/${issue.issue_id}`), fields };
}

/** The text of an ADF document: paragraphs apart, hard breaks as line breaks. */
function adfText(node: unknown): string {
  const n = node as { type?: string; text?: unknown; content?: unknown };
  if (n.type === 'text') return typeof n.text === 'string' ? n.text : '';
  if (n.type === 'hardBreak') return '\n';
  const inner = Array.isArray(n.content) ? n.content.map(adfText) : [];
  return n.type === 'doc' ? inner.join('\n\n') : inner.join('');
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

function isAdf(value: unknown): boolean {
  return typeof value === 'object' && value !== null && (value as { type?: unknown }).type === 'doc' && (value as { version?: unknown }).version === 1 && Array.isArray((value as { content?: unknown }).content);
}

function json(res: ServerResponse, status: number, body: unknown): void {
  if (res.destroyed || res.headersSent) return;
  res.writeHead(status, { 'content-type': 'application/json;charset=UTF-8' });
  res.end(JSON.stringify(body));
}
