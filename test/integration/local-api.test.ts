import { request as httpRequest } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { Engine } from '../../main/engine/engine.js';
import { createServer } from '../../main/server/app.js';
import { loadOrCreateApiToken } from '../../main/server/token.js';
import { closedPort, Receiver } from '../support/receiver.js';
import { tempDir } from '../support/world.js';

/** Seed 004's local API, over real HTTP, against a real engine and SQLite file. */
describe('local API', () => {
  let dir: ReturnType<typeof tempDir>;
  let engine: Engine;
  let app: FastifyInstance;
  let base: string;
  let token: string;
  let receiver: Receiver;

  beforeAll(async () => {
    dir = tempDir();
    receiver = await Receiver.start();
    engine = new Engine({ dataDir: dir.path, version: '9.9.9-test', mode: 'browser' });
    token = loadOrCreateApiToken(dir.path);
    const server = await createServer({ engine, token, port: 0 });
    app = server.app;
    base = server.url.replace(/\/$/, '');
    engine.start();
  });
  afterAll(async () => {
    await app.close();
    await engine.close();
    await receiver.close();
    dir.remove();
  });

  const api = async (method: string, path: string, body?: unknown, headers: Record<string, string> = {}) => {
    const res = await fetch(base + path, {
      method,
      headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...headers },
      body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
    });
    const text = await res.text();
    return { status: res.status, body: text ? JSON.parse(text) : null };
  };

  const webhook = () => ({
    name: 'SOC intake',
    url: receiver.url('/codescoring'),
    projects: ['payments-api'],
    events: ['project_sca_analysis_finished'],
    token: 'intake-token-1234567890abcdef',
    token_header: 'X-CodeScoring-Authentication',
  });

  it('GET /api/health needs no token', async () => {
    const res = await fetch(`${base}/api/health`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ ok: true, version: '9.9.9-test' });
  });

  it('rejects a missing or wrong token with 401 and a JSON error', async () => {
    for (const authorization of [undefined, 'Bearer wrong', `Basic ${token}`]) {
      const res = await fetch(`${base}/api/settings/webhooks/`, { headers: authorization ? { authorization } : {} });
      expect(res.status).toBe(401);
      const body = (await res.json()) as { error: { code: string; message: string } };
      expect(body.error.code).toBe('unauthorized');
      expect(body.error.message).toMatch(/Bearer/);
    }
    expect((await fetch(`${base}/rpc/integrations.list`, { method: 'POST' })).status).toBe(401);
  });

  it('rejects a foreign Host header (DNS rebinding)', async () => {
    const port = Number(new URL(base).port);
    const status = await new Promise<number>((resolve, reject) => {
      const req = httpRequest({ host: '127.0.0.1', port, path: '/api/health', headers: { host: `evil.example:${port}` } }, (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      });
      req.on('error', reject);
      req.end();
    });
    expect(status).toBe(403);
  });

  it('creates, reads, lists, updates, patches and deletes a webhook; the token is write-only', async () => {
    const created = await api('POST', '/api/settings/webhooks/', webhook());
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      name: 'SOC intake',
      url: receiver.url('/codescoring'),
      projects: ['payments-api'],
      events: ['project_sca_analysis_finished'],
      token_header: 'X-CodeScoring-Authentication',
      is_active: true,
      status: 'active',
    });
    expect(created.body.token).toBe('••••••••cdef');
    expect(JSON.stringify(created.body)).not.toContain('intake-token');
    const id = created.body.id as string;

    expect((await api('GET', `/api/settings/webhooks/${id}/`)).body.name).toBe('SOC intake');
    expect((await api('GET', '/api/settings/webhooks/')).body.map((w: { id: string }) => w.id)).toContain(id);

    const patched = await api('PATCH', `/api/settings/webhooks/${id}/`, { name: 'SOC intake (EU)' });
    expect(patched.status).toBe(200);
    expect(patched.body).toMatchObject({ name: 'SOC intake (EU)', token: '••••••••cdef', url: receiver.url('/codescoring') });

    const put = await api('PUT', `/api/settings/webhooks/${id}/`, { ...webhook(), token: undefined, name: 'Replaced', events: ['clones_analysis_failed'] });
    expect(put.status).toBe(200);
    expect(put.body).toMatchObject({ name: 'Replaced', events: ['clones_analysis_failed'], token: '••••••••cdef' });

    // The stored secret is encrypted at rest.
    const raw = engine.repo.db.prepare('SELECT secrets FROM integrations WHERE id = ?').get(id) as { secrets: string };
    expect(raw.secrets).not.toContain('intake-token');
    expect(raw.secrets).toMatch(/keyfile:v1:/);

    expect((await api('DELETE', `/api/settings/webhooks/${id}/`)).status).toBe(204);
    expect((await api('GET', `/api/settings/webhooks/${id}/`)).status).toBe(404);
  });

  it('answers 400 naming the field for invalid input', async () => {
    const badUrl = await api('POST', '/api/settings/webhooks/', { ...webhook(), url: 'ftp://files.example.com' });
    expect(badUrl.status).toBe(400);
    expect(badUrl.body.error.code).toBe('validation');
    expect(badUrl.body.error.details.issues[0].path).toBe('url');
    expect(badUrl.body.error.message).toMatch(/^url: Use http:\/\/ or https:\/\//);

    const noEvents = await api('POST', '/api/settings/webhooks/', { ...webhook(), events: [] });
    expect(noEvents.body.error.details.issues[0]).toEqual({ path: 'events', message: 'Choose at least one event that fires this webhook' });

    const badTrigger = await api('POST', '/api/settings/webhooks/', { ...webhook(), events: ['no_such_trigger'] });
    expect(badTrigger.status).toBe(400);
    expect(badTrigger.body.error.details.issues[0].path).toBe('events.0');

    const badHeader = await api('POST', '/api/settings/webhooks/', { ...webhook(), token_header: 'X Bad Header' });
    expect(badHeader.body.error.details.issues[0].path).toBe('token_header');

    const notJson = await api('POST', '/api/settings/webhooks/', '{"name":', {});
    expect(notJson.status).toBe(400);
    expect(notJson.body.error.code).toBe('validation');

    const badEvent = await api('POST', '/api/events', { trigger: 'project_sca_analysis_finished', payload: { project_id: 'seven' } });
    expect(badEvent.status).toBe(400);
    expect(badEvent.body.error.details.issues[0].path).toBe('payload.project_id');

    const unknownTrigger = await api('POST', '/api/events', { trigger: 'nope', payload: {} });
    expect(unknownTrigger.status).toBe(400);
    expect(unknownTrigger.body.error.details.issues[0].path).toBe('trigger');

    expect((await api('PATCH', '/api/settings/webhooks/does-not-exist/', { name: 'x' })).status).toBe(404);
  });

  it('lists the triggers', async () => {
    const res = await api('GET', '/api/settings/webhooks/triggers/');
    expect(res.status).toBe(200);
    expect(res.body).toHaveLength(33);
    expect(res.body.find((t: { value: string }) => t.value === 'project_sca_analysis_finished')).toMatchObject({
      name: 'Project SCA analysis finished',
      payload_schema: { type: 'object' },
    });
  });

  it('POST /api/events answers 202 with the event id and the webhook receives it', async () => {
    const created = await api('POST', '/api/settings/webhooks/', { ...webhook(), projects: [] });
    const res = await api('POST', '/api/events', {
      trigger: 'project_sca_analysis_finished',
      payload: { project_id: 3, project_name: 'payments-api', vulnerabilities_count: 2, dependencies_count: 80 },
      created_at: '2026-11-22T08:00:00Z',
    });
    expect(res.status).toBe(202);
    expect(res.body.id).toMatch(/^[0-9a-f-]{36}$/);
    expect(res.body.routed_to).toEqual([{ integration_id: created.body.id, integration_name: 'SOC intake' }]);
    // Real clock: the 5 s batch tick delivers it.
    await receiver.waitFor(1, 12_000);
    expect(receiver.requests[0]!.headers['x-codescoring-authentication']).toBe('intake-token-1234567890abcdef');
    expect((receiver.requests[0]!.json as { events: { created_at: string }[] }).events[0]!.created_at).toBe('2026-11-22T08:00:00.000Z');
    await api('DELETE', `/api/settings/webhooks/${created.body.id}/`);
  });

  it('tests unsaved settings, and refresh_availability_status re-enables a disabled webhook', async () => {
    const port = await closedPort();
    const failing = await api('POST', '/api/settings/webhooks/test/', { ...webhook(), url: `http://127.0.0.1:${port}/` });
    expect(failing.status).toBe(200);
    expect(failing.body.ok).toBe(false);
    expect(failing.body.steps.find((s: { id: string }) => s.id === 'tcp')).toMatchObject({ status: 'failed' });
    expect(failing.body.summary).toMatch(/refused/i);

    const good = await api('POST', '/api/settings/webhooks/test/', webhook());
    expect(good.body.ok).toBe(true);
    const last = receiver.requests[receiver.requests.length - 1]!;
    expect(last.json).toMatchObject({ events: [{ trigger: 'test', payload: {} }] });

    const created = await api('POST', '/api/settings/webhooks/', { ...webhook(), is_active: false });
    expect(created.body.status).toBe('disabled');
    const refreshed = await api('POST', `/api/settings/webhooks/${created.body.id}/refresh_availability_status/`);
    expect(refreshed.status).toBe(200);
    expect(refreshed.body.report.ok).toBe(true);
    expect(refreshed.body.webhook).toMatchObject({ is_active: true, status: 'active' });
  });

  it('exposes every contract method over /rpc with errors as values', async () => {
    const info = await api('POST', '/rpc/app.info', {});
    expect(info.body).toMatchObject({ ok: true, value: { version: '9.9.9-test', mode: 'browser' } });
    const invalid = await api('POST', '/rpc/integrations.get', { id: '' });
    expect(invalid.body).toMatchObject({ ok: false, error: { code: 'validation', details: { issues: [{ path: 'id' }] } } });
    const missing = await api('POST', '/rpc/integrations.get', { id: 'nope' });
    expect(missing.body).toMatchObject({ ok: false, error: { code: 'not_found' } });
  });

  it('takes a delivery policy on webhooks, keeps it when a CodeScoring-style PUT omits it, and names bad fields', async () => {
    const policy = { batch_window_ms: 0, retry: { preset: 'fast_cycles', custom_ms: [] }, auto_disable: { preset: 'failure_ratio', window_ms: 43_200_000, failure_ratio: 0.6, min_attempts: 10 } };
    const created = await api('POST', '/api/settings/webhooks/', { ...webhook(), policy });
    expect(created.status).toBe(201);
    expect(created.body.policy).toEqual(policy);
    const put = await api('PUT', `/api/settings/webhooks/${created.body.id}/`, webhook());
    expect(put.body.policy).toEqual(policy);
    const bad = await api('POST', '/api/settings/webhooks/', { ...webhook(), policy: { retry: { preset: 'custom', custom_ms: [] } } });
    expect(bad.status).toBe(400);
    expect(bad.body.error.details.issues).toEqual([{ path: 'policy.retry.custom_ms', message: 'List at least one wait, e.g. 30s, 5m, 1h — or choose a preset' }]);
    await api('DELETE', `/api/settings/webhooks/${created.body.id}/`);
  });

  it('answers a dry run without storing anything, and lists and replays dead letters', async () => {
    const created = await api('POST', '/api/settings/webhooks/', { ...webhook(), projects: [], url: `http://127.0.0.1:${await closedPort()}/`, policy: { batch_window_ms: 0, retry: { preset: 'custom', custom_ms: [100] } } });
    const payload = { project_id: 3, project_name: 'payments-api', vulnerabilities_count: 2, dependencies_count: 80 };
    const dry = await api('POST', '/api/events/dry_run', { trigger: 'project_sca_analysis_finished', payload });
    expect(dry.status).toBe(200);
    expect(dry.body.deliveries.filter((d: { integration_id: string }) => d.integration_id === created.body.id)).toEqual([expect.objectContaining({ integration_id: created.body.id, what: 'send', due_in_ms: 0, preview: expect.objectContaining({ kind: 'http', method: 'POST' }) })]);
    expect(JSON.stringify(dry.body)).not.toContain('intake-token-1234567890abcdef');
    const invalid = await api('POST', '/api/events/dry_run', { trigger: 'project_sca_analysis_finished', payload: { ...payload, project_id: 'x' } });
    expect(invalid.status).toBe(400);
    expect(invalid.body.error.message).toBe('payload.project_id: project_id must be a whole number');
    expect((await api('GET', '/api/deliveries/dead')).body.total).toBe(0);

    // Nothing listens: the first send and its one retry fail, then the delivery is dead.
    const fired = await api('POST', '/api/events', { trigger: 'project_sca_analysis_finished', payload });
    const deadline = Date.now() + 10_000;
    let dead = await api('GET', `/api/deliveries/dead?integration_id=${created.body.id}`);
    while (dead.body.total === 0 && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 50));
      dead = await api('GET', `/api/deliveries/dead?integration_id=${created.body.id}`);
    }
    expect(dead.body.items).toEqual([expect.objectContaining({ event_id: fired.body.id, attempts: 2, last_error: expect.stringMatching(/refused|nothing is listening/i) })]);
    expect((await api('GET', '/api/deliveries/dead?limit=0')).status).toBe(400);

    await api('PATCH', `/api/settings/webhooks/${created.body.id}/`, { url: receiver.url('/replayed'), is_active: true });
    const replay = await api('POST', '/api/deliveries/replay', { delivery_ids: [dead.body.items[0].delivery_id] });
    expect(replay.body).toEqual({ replayed: 1, waiting_for: [] });
    const before = receiver.requests.length;
    await receiver.waitFor(before + 1, 5000);
    expect(receiver.requests.at(-1)!.url).toBe('/replayed');
    expect((await api('POST', '/api/deliveries/replay', {})).body.error.message).toMatch(/Give delivery_ids, or all: true/);
    await api('DELETE', `/api/settings/webhooks/${created.body.id}/`);
  });
});
