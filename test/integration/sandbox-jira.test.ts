import { Pool, request } from 'undici';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { findTrigger } from '../../main/contract/catalogue.js';
import { JiraInputSchema, RuleInputSchema, type Integration, type LogEntry } from '../../main/contract/index.js';
import type { VirtualClock } from '../../main/engine/clock.js';
import type { Engine } from '../../main/engine/engine.js';
import { JiraSimulator, parseJql, type JiraSimOptions } from '../../main/engine/sandbox/jira-sim.js';
import { seededRandom } from '../support/crash-herald.js';
import { advance, tempDir, virtualEngine } from '../support/world.js';

type JiraInput = z.input<typeof JiraInputSchema>;
const PAT = 'pat-sandbox-0001';

/** Herald's real Jira channel (jira.js) through a real Engine, delivering into the sandbox's Jira simulator. */
describe('Sandbox Jira simulator', () => {
  let dir: ReturnType<typeof tempDir>;
  let engine: Engine;
  let clock: VirtualClock;
  let sims: JiraSimulator[] = [];

  beforeEach(() => {
    dir = tempDir();
    ({ engine, clock } = virtualEngine(dir.path));
  });
  afterEach(async () => {
    await engine.close();
    await Promise.all(sims.map((s) => s.stop()));
    sims = [];
    dir.remove();
  });

  async function simulator(options: JiraSimOptions = {}): Promise<JiraSimulator> {
    const sim = new JiraSimulator(options);
    sims.push(sim);
    await sim.start();
    return sim;
  }

  const serverInput = (url: string, secrets: JiraInput['secrets'] = { token: PAT }): JiraInput => ({
    kind: 'jira',
    name: 'Sandbox Jira',
    settings: { deployment: 'server', url, auth_type: 'token', timeout_ms: 3000 },
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

  it('passes Test it, creates an issue with the rule’s fields, comments on a repeat and finds the issue again by its label (Server, v2)', async () => {
    const sim = await simulator();
    const seen: string[] = [];
    sim.onCapture((c) => seen.push(c.type === 'issue' ? `issue ${c.key}` : `${c.method} ${c.path}`));
    const saved = await create(serverInput(sim.urlFor('server')!));

    const report = await test(saved.id, { project_key: 'SEC', issue_type: 'Bug' });
    expect(report.ok).toBe(true);
    expect(report.steps.map((s) => [s.id, s.status])).toEqual([
      ['server', 'ok'],
      ['auth', 'ok'],
      ['project', 'ok'],
      ['permission', 'ok'],
      ['fields', 'ok'],
    ]);
    expect((await test(saved.id, { project_key: 'SEC', issue_type: 'Story' })).summary).toContain('has no issue type "Story". It has: Bug, Task');

    await rule(saved.id, { issue_type: 'Bug', labels: ['security', 'sca'], component: 'Backend', assignee: 'jdoe' });
    alert({ alert_id: 1 });
    await advance(engine, clock, 5000);
    const [issue] = sim.issueList();
    expect(sim.issueList()).toHaveLength(1);
    expect(issue).toMatchObject({ key: 'SEC-1', project: 'SEC', issue_type: 'Bug', summary: 'Block critical CVEs in production: CVE-2021-44228 in payments-api', description_format: 'wiki', injected: null });
    expect(issue!.labels).toEqual(['security', 'sca', expect.stringMatching(/^herald-[0-9a-f]{16}$/)]);
    expect(issue!.fields).toMatchObject({ priority: { name: 'Highest' }, components: [{ name: 'Backend' }], assignee: { name: 'jdoe' } });
    expect(issue!.fields.description).toContain('Dependency: org.apache.logging.log4j:log4j-core');
    expect(Date.parse(issue!.created)).not.toBeNaN();
    expect(attempts().at(-1)).toMatchObject({ outcome: 'delivered', status_code: 201, target: 'Created SEC-1', link: `${sim.urlFor('server')}/browse/SEC-1` });
    // The link Herald records opens a page of the issue, with the sender's text escaped.
    const page = await request(attempts().at(-1)!.link!);
    expect(page.statusCode).toBe(200);
    expect(page.headers['content-security-policy']).toContain("default-src 'none'");
    const html = await page.body.text();
    expect(html).toContain('SEC-1: Block critical CVEs in production: CVE-2021-44228 in payments-api');
    expect(html).toContain('Dependency: org.apache.logging.log4j:log4j-core');

    // The same alert again: a comment on SEC-1, not a second issue.
    alert({ alert_id: 2 });
    await advance(engine, clock, 5000);
    expect(sim.issueList()).toHaveLength(1);
    expect(issue!.comments).toHaveLength(1);
    expect(issue!.comments[0]!.body).toMatch(/^The same alert fired again at /);
    expect(attempts().at(-1)).toMatchObject({ outcome: 'delivered', target: 'Commented on SEC-1' });

    // A lost local memory: Herald's JQL label search in the simulator finds SEC-1.
    engine.repo.db.prepare('DELETE FROM channel_memory').run();
    alert({ alert_id: 3 });
    await advance(engine, clock, 5000);
    expect(sim.issueList()).toHaveLength(1);
    expect(issue!.comments).toHaveLength(2);
    const search = sim.requestList().find((r) => r.path === '/server/rest/api/2/search')!;
    expect(search.query.jql).toBe(`project = SEC AND labels = "${issue!.labels[2]}" ORDER BY created ASC`);
    expect(search.status).toBe(200);

    alert({ vulnerability: 'CVE-2021-45046' });
    await advance(engine, clock, 5000);
    expect(sim.issueList().map((i) => i.key)).toEqual(['SEC-1', 'SEC-2']);

    // Every request is a capture, with how it signed in but never the token itself.
    const create1 = sim.requestList().find((r) => r.issue_key === 'SEC-1' && r.method === 'POST' && r.path.endsWith('/issue'))!;
    expect(create1).toMatchObject({ status: 201, auth: { scheme: 'bearer', user: null }, body: { fields: { summary: issue!.summary } } });
    expect(JSON.stringify(sim.captures())).not.toContain(PAT);
    expect(sim.captures().filter((c) => c.type === 'issue')).toHaveLength(2);
    expect(seen).toContain('issue SEC-2');
    expect(seen).toContain('POST /server/rest/api/2/issue/SEC-1/comment');
  });

  it('Cloud (v3, e-mail + API token): ADF description, accountId assignee, search/jql', async () => {
    const sim = await simulator({ auth: { secret: 'ATATT-cloud', username: 'secops@example.com' }, projects: [{ key: 'OPS', name: 'Operations', issueTypes: ['Task'] }] });
    const saved = await create({ kind: 'jira', name: 'Cloud sandbox', settings: { deployment: 'cloud', url: sim.urlFor('cloud')!, auth_type: 'token', username: 'secops@example.com' }, secrets: { token: 'ATATT-cloud' } });
    const report = await test(saved.id, { project_key: 'OPS', issue_type: 'Task' });
    expect(report.ok).toBe(true);
    expect(report.steps[0]!.detail).toContain('Cloud');
    await rule(saved.id, { project_key: 'OPS', issue_type: 'Task', assignee: '5b10ac8d82e05b22cc7d4ef5' });
    alert({ alert_id: 1 });
    await advance(engine, clock, 5000);
    engine.repo.db.prepare('DELETE FROM channel_memory').run();
    alert({ alert_id: 2 });
    await advance(engine, clock, 5000);
    const [issue] = sim.issueList();
    expect(sim.issueList()).toHaveLength(1);
    expect(issue).toMatchObject({ key: 'OPS-1', description_format: 'adf', fields: { assignee: { accountId: '5b10ac8d82e05b22cc7d4ef5' }, description: { type: 'doc', version: 1 } } });
    expect(issue!.comments[0]!.body).toMatchObject({ type: 'doc', version: 1 });
    expect(sim.requestList().some((r) => r.path === '/cloud/rest/api/3/search/jql')).toBe(true);
    expect(sim.requestList().find((r) => r.path.endsWith('/myself'))!.auth).toEqual({ scheme: 'basic', user: 'secops@example.com' });
  });

  it('a configured token: a wrong one fails Test it and the send with the channel’s auth failure', async () => {
    const sim = await simulator({ auth: { secret: PAT } });
    const wrong = await create(serverInput(sim.urlFor('server')!, { token: 'wrong' }));
    const report = await test(wrong.id, { project_key: 'SEC', issue_type: 'Bug' });
    expect(report.ok).toBe(false);
    expect(report.steps.map((s) => [s.id, s.status])).toEqual([
      ['server', 'ok'],
      ['auth', 'failed'],
    ]);
    expect(report.summary).toBe('Jira rejected the credentials (401). Jira says: You are not authenticated. Authentication required to perform this operation.');
    expect(report.hint).toMatch(/personal access token/);

    await rule(wrong.id);
    alert();
    await advance(engine, clock, 5000);
    expect(attempts()[0]).toMatchObject({ outcome: 'failed', status_code: 401, classification: 'auth' });
    expect(engine.getIntegration(wrong.id).health).toMatchObject({ state: 'disabled' });
    expect(sim.issueList()).toHaveLength(0);

    const right = await create(serverInput(sim.urlFor('server')!));
    expect((await test(right.id)).ok).toBe(true);
  });

  it('Chaos: the default injection is 429 with Jira’s body, a transient failure Herald retries', async () => {
    const sim = await simulator();
    const saved = await create(serverInput(sim.urlFor('server')!));
    await rule(saved.id);
    sim.setChaos({ rate: 1, modes: ['status'] });
    alert();
    await advance(engine, clock, 5000);
    const failed = attempts().at(-1)!;
    expect(failed).toMatchObject({ outcome: 'retry', status_code: 429, classification: 'transient' });
    // Retry-After: 1 is shorter than the schedule's first step, so the schedule's minute applies.
    expect(Date.parse(failed.next_attempt_at!) - Date.parse(failed.started_at)).toBe(60_000);
    expect(failed.error).toContain('Rate limit exceeded.');
    sim.setChaos(null);
    await advance(engine, clock, 60_000);
    expect(sim.issueList()).toHaveLength(1);
    expect(sim.requestList().filter((r) => r.injected === 'status').every((r) => r.status === 429)).toBe(true);
  });

  it('Chaos: timeout holds the answer, slow answers late, and a configured status is used', async () => {
    const sim = await simulator();
    const pool = new Pool(sim.address!, { connections: 4 });
    try {
      const post = async () => {
        const res = await pool.request({ path: '/server/rest/api/2/issue', method: 'POST', headers: { authorization: `Bearer ${PAT}`, 'content-type': 'application/json' }, body: JSON.stringify({ fields: { project: { key: 'SEC' }, issuetype: { name: 'Task' }, summary: 'chaos' } }), headersTimeout: 400 });
        return { status: res.statusCode, body: (await res.body.json()) as unknown, retryAfter: res.headers['retry-after'] };
      };
      sim.setChaos({ rate: 1, modes: ['timeout'] });
      await expect(post()).rejects.toMatchObject({ code: 'UND_ERR_HEADERS_TIMEOUT' });
      sim.setChaos({ rate: 1, modes: ['slow'], delay_ms: 200 });
      const started = performance.now();
      expect((await post()).status).toBe(201);
      expect(performance.now() - started).toBeGreaterThanOrEqual(190);
      sim.setChaos({ rate: 1, modes: ['status'], status: 503 });
      expect(await post()).toEqual({ status: 503, body: { errorMessages: ['Service Unavailable'], errors: {} }, retryAfter: '1' });
      expect(sim.requestList().map((r) => [r.injected, r.status])).toEqual([
        ['timeout', null],
        ['slow', 201],
        ['status', 503],
      ]);
    } finally {
      await pool.destroy();
    }
  });

  it('Chaos at 0.3 over 1,000 issue creates injects 25–35 %, counted alike by the sender and the simulator', async () => {
    const sim = await simulator({ random: seededRandom(7) });
    sim.setChaos({ rate: 0.3, modes: ['status'] });
    const pool = new Pool(sim.address!, { connections: 8 });
    let rateLimited = 0;
    let created = 0;
    try {
      const send = async (n: number) => {
        const res = await pool.request({
          path: '/server/rest/api/2/issue',
          method: 'POST',
          headers: { authorization: `Bearer ${PAT}`, 'content-type': 'application/json' },
          body: JSON.stringify({ fields: { project: { key: 'SEC' }, issuetype: { name: 'Bug' }, summary: `Alert ${n}`, labels: [`herald-${n}`] } }),
        });
        await res.body.dump();
        if (res.statusCode === 429 && res.headers['retry-after'] === '1') rateLimited++;
        else if (res.statusCode === 201) created++;
      };
      // 1,000 requests, 8 in flight at a time.
      let next = 0;
      await Promise.all(Array.from({ length: 8 }, async () => {
        while (next < 1000) await send(next++);
      }));
    } finally {
      await pool.destroy();
    }
    const injected = sim.requestList().filter((r) => r.injected === 'status').length;
    expect(rateLimited + created).toBe(1000);
    expect(rateLimited).toBe(injected);
    expect(injected / 1000).toBeGreaterThanOrEqual(0.25);
    expect(injected / 1000).toBeLessThanOrEqual(0.35);
    expect(sim.issueList()).toHaveLength(created);
    expect(sim.issueList().at(-1)!.key).toBe(`SEC-${created}`);
  });

  it('understands the JQL Herald writes and names what it does not', () => {
    expect(parseJql('project = SEC AND labels = "herald-0123" ORDER BY created ASC')).toEqual({ where: { project: ['SEC'], labels: ['herald-0123'] }, descending: false });
    expect(parseJql('key in (SEC-1, "SEC-2") order by created desc')).toEqual({ where: { key: ['SEC-1', 'SEC-2'] }, descending: true });
    expect(parseJql('assignee = currentUser()')).toMatch(/does not understand/);
  });
});
