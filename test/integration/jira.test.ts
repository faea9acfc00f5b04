import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { findTrigger } from '../../main/contract/catalogue.js';
import { JiraInputSchema, RuleInputSchema, type Integration, type LogEntry } from '../../main/contract/index.js';
import type { VirtualClock } from '../../main/engine/clock.js';
import type { Engine } from '../../main/engine/engine.js';
import { JiraFake, type JiraFakeOptions } from '../support/jira-fake.js';
import { closedPort } from '../support/receiver.js';
import { localCertificate } from '../support/tls.js';
import { advance, tempDir, virtualEngine } from '../support/world.js';

type JiraInput = z.input<typeof JiraInputSchema>;
const PAT = 'pat-NjE0OTk1Mzc4MTk2OkP3x9';
const CLOUD_TOKEN = 'ATATT3xFfGF0-cloud-token';

/** Jira through jira.js against a fake that answers as Atlassian documents, on a real SQLite file. */
describe('Jira (seed 000)', () => {
  let dir: ReturnType<typeof tempDir>;
  let engine: Engine;
  let clock: VirtualClock;
  let fakes: JiraFake[] = [];

  beforeEach(() => {
    dir = tempDir();
    ({ engine, clock } = virtualEngine(dir.path));
  });
  afterEach(async () => {
    await engine.close();
    await Promise.all(fakes.map((f) => f.close()));
    fakes = [];
    dir.remove();
  });

  async function fake(options: JiraFakeOptions): Promise<JiraFake> {
    const f = await JiraFake.start(options);
    fakes.push(f);
    return f;
  }

  const serverInput = (url: string, over: Partial<JiraInput['settings']> = {}, secrets: JiraInput['secrets'] = { token: PAT }): JiraInput => ({
    kind: 'jira',
    name: 'Security Jira',
    settings: { deployment: 'server', url, auth_type: 'token', timeout_ms: 3000, ...over },
    secrets,
  });
  const create = async (input: JiraInput): Promise<Integration> => engine.handlers['integrations.create'](JiraInputSchema.parse(input));
  const rule = async (integrationId: string, params: Record<string, unknown> = {}) =>
    engine.handlers['rules.create'](RuleInputSchema.parse({ name: 'Policies to Jira', triggers: ['sca_policy_has_been_triggered'], actions: [{ integration_id: integrationId, params: { project_key: 'SEC', ...params } }] }));
  const alert = (over: Record<string, unknown> = {}) => engine.fireEvent({ trigger: 'sca_policy_has_been_triggered', payload: { ...structuredClone(findTrigger('sca_policy_has_been_triggered')!.example), ...over } }, 'api');
  const attempts = () =>
    engine.repo
      .logPage(undefined, 1000)
      .filter((e): e is Extract<LogEntry, { type: 'attempt' }> & { seq: number } => e.type === 'attempt')
      .map((e) => e.attempt)
      .reverse();
  const test = (id: string, target?: { project_key: string; issue_type: string }) => engine.handlers['integrations.test']({ id, ...(target ? { jira_target: target } : {}) });

  it('Test it on Server/DC with a personal access token: server, login, project, permission, required fields', async () => {
    const jira = await fake({ deployment: 'Server', auth: { kind: 'bearer', token: PAT } });
    const saved = await create(serverInput(jira.url));
    const report = await test(saved.id, { project_key: 'SEC', issue_type: 'Bug' });
    expect(report.ok).toBe(true);
    expect(report.steps.map((s) => [s.id, s.status])).toEqual([
      ['server', 'ok'],
      ['auth', 'ok'],
      ['project', 'ok'],
      ['permission', 'ok'],
      ['fields', 'ok'],
    ]);
    expect(report.steps[1]!.detail).toContain('Herald Bot');
    // The context path is kept: every request went under /jira.
    expect(jira.requests.every((r) => r.path.startsWith('/rest/api/2/'))).toBe(true);
    expect(jira.requests.find((r) => r.path === '/rest/api/2/myself')!.headers.authorization).toBe(`Bearer ${PAT}`);
  });

  it('Test it explains a bad token (401 with an HTML body), a missing project, a required field and a type mismatch', async () => {
    const jira = await fake({ deployment: 'Server', auth: { kind: 'bearer', token: PAT }, requiredCustomField: true });
    const bad = await create(serverInput(jira.url, {}, { token: 'wrong' }));
    let report = await test(bad.id);
    expect(report.ok).toBe(false);
    expect(report.steps.at(-1)).toMatchObject({ id: 'auth', status: 'failed' });
    expect(report.summary).toBe('Jira rejected the credentials (401).');
    expect(report.hint).toMatch(/personal access token/);

    const good = await create(serverInput(jira.url));
    report = await test(good.id, { project_key: 'NOPE', issue_type: 'Bug' });
    expect(report.steps.at(-1)).toMatchObject({ id: 'project', status: 'failed' });
    expect(report.summary).toContain("No project could be found with key 'NOPE'");

    report = await test(good.id, { project_key: 'SEC', issue_type: 'Bug' });
    expect(report.steps.at(-1)).toMatchObject({ id: 'fields', status: 'failed' });
    expect(report.summary).toContain('Affected service (customfield_10100)');
    report = await test(good.id, { project_key: 'SEC', issue_type: 'Story' });
    expect(report.summary).toContain('has no issue type "Story". It has: Bug, Task');

    // Set to Cloud, but the server says it is Server: a warning that names the right choice.
    const mismatched = await create({ kind: 'jira', name: 'Wrong type', settings: { deployment: 'cloud', url: jira.url, auth_type: 'token', username: 'secops@example.com' }, secrets: { token: PAT } });
    report = await test(mismatched.id);
    expect(report.steps[0]).toMatchObject({ id: 'server', status: 'warning' });
    expect(report.steps[0]!.detail).toContain('says it is Server, but the integration is set to Cloud');
    expect(report.steps[0]!.hint).toContain('Choose Jira Server/Data Center');
  });

  it('Test it names a refused port and a timeout-free network failure in plain words', async () => {
    const saved = await create(serverInput(`http://127.0.0.1:${await closedPort()}/jira`));
    const report = await test(saved.id);
    expect(report.ok).toBe(false);
    expect(report.steps[0]).toMatchObject({ id: 'server', status: 'failed' });
    expect(report.summary).toMatch(/Nothing accepts connections/);

    // The context path left out: Jira answers 404 and the hint says where to look.
    const jira = await fake({ deployment: 'Server', auth: { kind: 'bearer', token: PAT } });
    const noContext = await create(serverInput(jira.url.replace(/\/jira$/, '')));
    const wrongUrl = await test(noContext.id);
    expect(wrongUrl.summary).toBe('Not found (404). Jira says: Not found');
    expect(wrongUrl.hint).toMatch(/context path such as \/jira/);
  });

  it('creates one issue per alert with the configured fields (Server, API v2, wiki text)', async () => {
    const jira = await fake({ deployment: 'Server', auth: { kind: 'bearer', token: PAT } });
    const saved = await create(serverInput(jira.url));
    await rule(saved.id, { issue_type: 'Bug', labels: ['security', 'sca'], component: 'Backend', assignee: 'jdoe' });
    alert();
    await advance(engine, clock, 5000);

    expect(jira.issues).toHaveLength(1);
    const { key, fields } = jira.issues[0]!;
    expect(key).toBe('SEC-1');
    expect(fields).toMatchObject({
      project: { key: 'SEC' },
      issuetype: { name: 'Bug' },
      summary: 'Block critical CVEs in production: CVE-2021-44228 in payments-api',
      priority: { name: 'Highest' },
      components: [{ name: 'Backend' }],
      assignee: { name: 'jdoe' },
    });
    expect(fields.labels).toEqual(['security', 'sca', expect.stringMatching(/^herald-[0-9a-f]{16}$/)]);
    expect(typeof fields.description).toBe('string');
    expect(fields.description).toContain('Dependency: org.apache.logging.log4j:log4j-core');
    const [attempt] = attempts();
    expect(attempt).toMatchObject({ outcome: 'delivered', status_code: 201, target: 'Created SEC-1', link: `${jira.url}/browse/SEC-1` });
  });

  it('Cloud (API v3): e-mail + API token, ADF description, accountId assignee', async () => {
    const jira = await fake({ deployment: 'Cloud', auth: { kind: 'basic', username: 'secops@example.com', password: CLOUD_TOKEN } });
    const saved = await create({ kind: 'jira', name: 'Cloud Jira', settings: { deployment: 'cloud', url: jira.url, auth_type: 'token', username: 'secops@example.com' }, secrets: { token: CLOUD_TOKEN } });
    await rule(saved.id, { issue_type: 'Task', assignee: '5b10ac8d82e05b22cc7d4ef5' });
    alert();
    await advance(engine, clock, 5000);
    expect(jira.issues).toHaveLength(1);
    const { fields } = jira.issues[0]!;
    expect(fields.description).toMatchObject({ type: 'doc', version: 1 });
    expect(fields.assignee).toEqual({ accountId: '5b10ac8d82e05b22cc7d4ef5' });
    expect(jira.requests.every((r) => r.path.startsWith('/rest/api/3/'))).toBe(true);
    const report = await test(saved.id, { project_key: 'SEC', issue_type: 'Task' });
    expect(report.ok).toBe(true);
    expect(report.steps[0]!.detail).toContain('Cloud');
    expect(report.steps[1]!.detail).toContain('SecOps Bot');
  });

  it('Server/DC with login and password (basic)', async () => {
    const jira = await fake({ deployment: 'Server', auth: { kind: 'basic', username: 'herald', password: 's3cret-pass' } });
    const saved = await create(serverInput(jira.url, { auth_type: 'basic', username: 'herald' }, { password: 's3cret-pass' }));
    expect((await test(saved.id)).ok).toBe(true);
    await rule(saved.id);
    alert();
    await advance(engine, clock, 5000);
    expect(jira.issues).toHaveLength(1);
    expect(JSON.stringify(engine.repo.attempt(attempts()[0]!.id))).not.toContain('s3cret-pass');
  });

  it('never duplicates: the same alert comments on its issue, and the label recovers a lost mapping', async () => {
    const jira = await fake({ deployment: 'Server', auth: { kind: 'bearer', token: PAT } });
    const saved = await create(serverInput(jira.url));
    await rule(saved.id);
    alert({ alert_id: 1 });
    await advance(engine, clock, 5000);
    alert({ alert_id: 2 });
    await advance(engine, clock, 5000);
    expect(jira.issues).toHaveLength(1);
    expect(jira.issues[0]!.comments).toHaveLength(1);
    expect(attempts().at(-1)).toMatchObject({ outcome: 'delivered', target: 'Commented on SEC-1' });

    // Forget the local mapping, as a fresh data folder would: the label search finds SEC-1.
    engine.repo.db.prepare('DELETE FROM channel_memory').run();
    alert({ alert_id: 3 });
    await advance(engine, clock, 5000);
    expect(jira.issues).toHaveLength(1);
    expect(jira.issues[0]!.comments).toHaveLength(2);
    expect(jira.requests.some((r) => r.path === '/rest/api/2/search' && r.query.jql?.includes('labels = "herald-'))).toBe(true);

    // A different vulnerability is a different alert.
    alert({ vulnerability: 'CVE-2021-45046' });
    await advance(engine, clock, 5000);
    expect(jira.issues.map((i) => i.key)).toEqual(['SEC-1', 'SEC-2']);
  });

  it('honours Retry-After on 429, retries 5xx on the schedule, and does not retry a 400', async () => {
    const jira = await fake({ deployment: 'Server', auth: { kind: 'bearer', token: PAT } });
    const saved = await create(serverInput(jira.url));
    await rule(saved.id);
    jira.failNext(1, { status: 429, retryAfterSeconds: 600 });
    alert();
    await advance(engine, clock, 5000);
    expect(attempts().at(-1)).toMatchObject({ outcome: 'retry', status_code: 429, classification: 'transient' });
    const next = Date.parse(attempts().at(-1)!.next_attempt_at!) - Date.parse(attempts().at(-1)!.started_at);
    expect(next).toBe(600_000);
    await advance(engine, clock, 60_000);
    expect(jira.issues).toHaveLength(0);
    await advance(engine, clock, 540_000);
    expect(jira.issues).toHaveLength(1);

    jira.failNext(1, { status: 503 });
    alert({ vulnerability: 'CVE-2022-0001' });
    await advance(engine, clock, 5000);
    expect(attempts().at(-1)).toMatchObject({ outcome: 'retry', status_code: 503 });
    await advance(engine, clock, 60_000);
    expect(jira.issues).toHaveLength(2);

    await engine.handlers['rules.update']({
      id: engine.listRules()[0]!.id,
      input: RuleInputSchema.parse({ name: 'Policies to Jira', triggers: ['sca_policy_has_been_triggered'], actions: [{ integration_id: saved.id, params: { project_key: 'SEC', labels: ['security'], priorities: { blocker: 'Urgent' } } }] }),
    });
    alert({ vulnerability: 'CVE-2023-0002' });
    await advance(engine, clock, 5000);
    expect(attempts().at(-1)).toMatchObject({ outcome: 'failed', status_code: 400, classification: 'permanent' });
    expect(attempts().at(-1)!.error).toContain("priority: Priority name 'Urgent' is not valid");
    await advance(engine, clock, 3_600_000);
    expect(jira.issues).toHaveLength(2);
  });

  it('a 401 while sending disables the integration with the reason and keeps the queue', async () => {
    const jira = await fake({ deployment: 'Server', auth: { kind: 'bearer', token: PAT } });
    const saved = await create(serverInput(jira.url, {}, { token: 'revoked' }));
    await rule(saved.id);
    alert();
    await advance(engine, clock, 5000);
    expect(attempts()[0]).toMatchObject({ outcome: 'failed', status_code: 401, classification: 'auth' });
    expect(engine.getIntegration(saved.id).health).toMatchObject({ state: 'disabled', pending_deliveries: 1 });
    await engine.handlers['integrations.update']({ id: saved.id, input: JiraInputSchema.parse(serverInput(jira.url)) });
    await advance(engine, clock, 5000);
    expect(jira.issues).toHaveLength(1);
  });

  it('checks Jira templates and the project key when the rule is saved', async () => {
    const jira = await fake({ deployment: 'Server', auth: { kind: 'bearer', token: PAT } });
    const saved = await create(serverInput(jira.url));
    const error = await rule(saved.id, { project_key: 'sec', summary_template: '{{ event.project | nope }}' }).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'validation' });
    const paths = (error as { details: { issues: { path: string }[] } }).details.issues.map((i) => i.path);
    expect(paths).toContain('actions.0.params.project_key');
    const templateError = await rule(saved.id, { summary_template: '{{ event.project | nope }}' }).catch((e: unknown) => e);
    expect((templateError as { details: { issues: { path: string }[] } }).details.issues[0]!.path).toBe('actions.0.params.summary_template');
  });

  it('Test it explains a missing create permission (403 on create too), a timeout, and TLS trust', async () => {
    const noCreate = await fake({ deployment: 'Server', auth: { kind: 'bearer', token: PAT }, canCreate: false });
    const saved = await create(serverInput(noCreate.url));
    let report = await test(saved.id, { project_key: 'SEC', issue_type: 'Bug' });
    expect(report.steps.at(-1)).toMatchObject({ id: 'permission', status: 'failed' });
    expect(report.hint).toMatch(/Create Issues permission/);
    await rule(saved.id);
    alert();
    await advance(engine, clock, 5000);
    expect(attempts()[0]).toMatchObject({ outcome: 'failed', status_code: 403, classification: 'auth' });
    expect(attempts()[0]!.error).toContain('You do not have permission to create issues in this project.');

    const slow = await fake({ deployment: 'Server', auth: { kind: 'bearer', token: PAT } });
    slow.hangMs = 2500;
    const slowSaved = await create(serverInput(slow.url, { timeout_ms: 1000 }));
    report = await test(slowSaved.id);
    expect(report.summary).toBe('Jira did not answer within 1 s.');

    const cert = await localCertificate();
    const secure = await fake({ deployment: 'Server', auth: { kind: 'bearer', token: PAT }, tls: cert });
    const untrusted = await create(serverInput(secure.url));
    report = await test(untrusted.id);
    expect(report.summary).toMatch(/^TLS failed: .*self.signed/i);
    expect(report.hint).toMatch(/Custom CA certificate/);
    const trusted = await create(serverInput(secure.url, { ca_pem: cert.cert }));
    expect((await test(trusted.id)).ok).toBe(true);
  });

  it('previews the issue an action would create, in wiki text or ADF', async () => {
    const server = await engine.handlers['jira.preview']({ params: { project_key: 'SEC', labels: ['sca'] }, trigger: 'sca_policy_has_been_triggered', deployment: 'server', integration_name: 'Jira' });
    expect(server.summary).toBe('Block critical CVEs in production: CVE-2021-44228 in payments-api');
    expect(server.fields).toMatchObject({ project: { key: 'SEC' }, issuetype: { name: 'Bug' }, priority: { name: 'Highest' }, labels: ['sca', `herald-${server.fingerprint}`] });
    expect(server.description).toContain('Vulnerability: CVE-2021-44228');
    const cloud = await engine.handlers['jira.preview']({ params: { project_key: 'SEC', description_template: 'Fix {{ event.payload.dependency }}\n\nNow.' }, trigger: 'sca_policy_has_been_triggered', deployment: 'cloud', integration_name: 'Jira' });
    expect(cloud.description).toEqual({
      type: 'doc',
      version: 1,
      content: [
        { type: 'paragraph', content: [{ type: 'text', text: 'Fix org.apache.logging.log4j:log4j-core' }] },
        { type: 'paragraph', content: [{ type: 'text', text: 'Now.' }] },
      ],
    });
    const error = await Promise.resolve()
      .then(() => engine.handlers['jira.preview']({ params: { project_key: 'SEC', description_template: '{% for x in %}' }, trigger: 'test', deployment: 'server', integration_name: 'Jira' }))
      .catch((e: unknown) => e);
    expect((error as { details: { issues: { path: string }[] } }).details.issues[0]!.path).toBe('params.description_template');
  });
});
