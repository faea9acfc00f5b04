import { Pool, request } from 'undici';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { TestReport } from '../../main/contract/index.js';
import type { Engine } from '../../main/engine/engine.js';
import type { VirtualClock } from '../../main/engine/clock.js';
import { DEFAULT_RESPONSE, WebhookBin, type WebhookCapture } from '../../main/engine/sandbox/webhook-bin.js';
import { seededRandom } from '../support/crash-herald.js';
import { advance, tempDir, virtualEngine } from '../support/world.js';

const TOKEN = 'whsec_7f3a9c1e5b2d4f6a8c0e';
const SEED = 0x7e57b1;

/** The sandbox webhook bin, fed by Herald's real webhook channel and by a plain HTTP client. */
describe('sandbox webhook bin', () => {
  let bin: WebhookBin;

  beforeEach(async () => {
    bin = new WebhookBin({ random: seededRandom(SEED) });
    await bin.start();
  });
  afterEach(async () => {
    await bin.stop();
  });

  describe('through a real engine', () => {
    let dir: ReturnType<typeof tempDir>;
    let engine: Engine;
    let clock: VirtualClock;

    beforeEach(() => {
      dir = tempDir();
      ({ engine, clock } = virtualEngine(dir.path));
    });
    afterEach(async () => {
      await engine.close();
      dir.remove();
    });

    const createWebhook = (tokenHeader = 'X-Herald-Authentication') =>
      engine.createIntegration({
        kind: 'webhook',
        name: 'SIEM intake (sandbox)',
        is_active: true,
        settings: {
          url: `${bin.address}/intake?source=herald`,
          projects: [],
          events: ['project_sca_analysis_started', 'project_sca_analysis_finished'],
          token_header: tokenHeader,
        },
        secrets: { token: TOKEN },
      });
    const fire = (trigger: string, payload: Record<string, unknown>) => engine.fireEvent({ trigger, payload }, 'api');

    it('captures the fired events exactly as the channel sent them, token header marked', async () => {
      const live: WebhookCapture[] = [];
      bin.onCapture((c) => live.push(c));
      const hook = createWebhook('X-CodeScoring-Authentication');
      fire('project_sca_analysis_started', { project_id: 7, project_name: 'payments-api' });
      clock.advance(1000);
      fire('project_sca_analysis_finished', { project_id: 7, project_name: 'payments-api', vulnerabilities_count: 3, dependencies_count: 120 });
      await advance(engine, clock, 5000);

      const captures = bin.captures();
      expect(captures).toHaveLength(1);
      expect(live).toEqual(captures);
      const [c] = captures;
      expect(c).toMatchObject({ receiver: 'webhook', injected: null, method: 'POST', path: '/intake', query: [['source', 'herald']], status: 200, truncated: false });
      expect(c!.token_header).toBe('X-CodeScoring-Authentication');
      expect(c!.headers).toContainEqual(['X-CodeScoring-Authentication', TOKEN]);
      expect(c!.headers).toContainEqual(['content-type', 'application/json']);
      // Seed 004's body, byte for byte.
      expect(c!.json).toEqual({
        events: [
          { created_at: '2026-11-22T09:00:00.000Z', trigger: 'project_sca_analysis_started', payload: { project_id: 7, project_name: 'payments-api' } },
          {
            created_at: '2026-11-22T09:00:01.000Z',
            trigger: 'project_sca_analysis_finished',
            payload: { project_id: 7, project_name: 'payments-api', vulnerabilities_count: 3, dependencies_count: 120 },
          },
        ],
      });
      expect(c!.size).toBe(Buffer.byteLength(c!.body));
      expect(c!.remote_port).toBeGreaterThan(0);
      expect(new Date(c!.at).toISOString()).toBe(c!.at);
      // The bin's default answer is a success for Herald.
      expect(engine.getIntegration(hook.id).health).toMatchObject({ state: 'active', last_status_code: 200, pending_deliveries: 0 });
    });

    it('captures a Test it as trigger test', async () => {
      const report = (await engine.test(undefined, {
        kind: 'webhook',
        name: 'probe',
        is_active: true,
        settings: { url: `${bin.address}/hook`, projects: [], events: ['test'], token_header: 'X-Herald-Authentication' },
        secrets: { token: TOKEN },
      })) as TestReport;
      expect(report.ok).toBe(true);
      expect(report.response_excerpt).toBe(DEFAULT_RESPONSE.body);
      const [c] = bin.captures();
      expect(c).toMatchObject({ method: 'POST', path: '/hook', token_header: 'X-Herald-Authentication' });
      expect(c!.json).toMatchObject({ events: [{ trigger: 'test', payload: {} }] });
    });

    it('answers as configured: the engine records the status and the bin the answer it gave', async () => {
      const hook = createWebhook();
      bin.setResponse({ status: 500, body: 'intake is down' });
      fire('project_sca_analysis_started', { project_id: 7, project_name: 'payments-api' });
      await advance(engine, clock, 5000);
      expect(bin.captures()[0]).toMatchObject({ status: 500, injected: null });
      expect(engine.getIntegration(hook.id).health).toMatchObject({ state: 'failing', retry_step: 1, last_status_code: 500 });
    });

    it('in Chaos, an injected 429 reaches the channel as a failure to retry', async () => {
      const hook = createWebhook();
      bin.setChaos({ rate: 1, modes: ['status'], status: 429 });
      fire('project_sca_analysis_started', { project_id: 7, project_name: 'payments-api' });
      await advance(engine, clock, 5000);
      expect(bin.captures()[0]).toMatchObject({ injected: 'status', status: 429 });
      expect(engine.getIntegration(hook.id).health).toMatchObject({ state: 'failing', last_status_code: 429, pending_deliveries: 1 });
      // Chaos off: the scheduled retry goes through.
      bin.setChaos(null);
      await advance(engine, clock, 65_000);
      expect(bin.captures().at(-1)).toMatchObject({ injected: null, status: 200 });
      expect(engine.getIntegration(hook.id).health).toMatchObject({ state: 'active', pending_deliveries: 0 });
    });
  });

  describe('over plain HTTP', () => {
    it('accepts any method and path, keeps headers in order and non-JSON bodies as text', async () => {
      const res = await request(`${bin.address}/a/b?x=1&x=2&y=`, {
        method: 'PUT',
        headers: { 'X-First': 'one', Authorization: 'Bearer abc', 'x-second': 'two', 'content-type': 'text/plain' },
        body: 'plain text',
      });
      expect(res.statusCode).toBe(200);
      expect(await res.body.json()).toEqual({ accepted: true });
      const del = await request(`${bin.address}/`, { method: 'DELETE' });
      await del.body.dump();

      const [put, gone] = bin.captures();
      expect(put).toMatchObject({ method: 'PUT', path: '/a/b', query: [['x', '1'], ['x', '2'], ['y', '']], body: 'plain text', size: 10, token_header: 'Authorization' });
      expect(put).not.toHaveProperty('json');
      const names = put!.headers.map(([n]) => n);
      expect(names.indexOf('X-First')).toBeLessThan(names.indexOf('Authorization'));
      expect(names.indexOf('Authorization')).toBeLessThan(names.indexOf('x-second'));
      expect(gone).toMatchObject({ method: 'DELETE', path: '/', body: '', token_header: null });
      expect(Number(gone!.id)).toBeGreaterThan(Number(put!.id));

      bin.clear();
      expect(bin.captures()).toEqual([]);
    });

    it('answers with the response set at runtime, after its delay', async () => {
      bin.setResponse({ status: 202, headers: { 'x-intake': 'queued' }, body: 'queued', delay_ms: 150 });
      const started = performance.now();
      const res = await request(`${bin.address}/hook`, { method: 'POST', body: '{}' });
      expect(performance.now() - started).toBeGreaterThanOrEqual(140);
      expect(res.statusCode).toBe(202);
      expect(res.headers['x-intake']).toBe('queued');
      expect(await res.body.text()).toBe('queued');
      expect(bin.captures()[0]).toMatchObject({ status: 202, json: {} });
    });

    it('refuses a body over the limit with 413 and marks the capture truncated', async () => {
      const small = new WebhookBin({ maxBodyBytes: 1024 });
      await small.start();
      try {
        const res = await request(`${small.address}/big`, { method: 'POST', body: 'x'.repeat(5000) });
        expect(res.statusCode).toBe(413);
        await res.body.dump();
        expect(small.captures()[0]).toMatchObject({ truncated: true, size: 1024, status: 413, injected: null });
        expect(small.captures()[0]!.body).toHaveLength(1024);
      } finally {
        await small.stop();
      }
    });

    it('keeps memory bounded: the oldest captures go first', async () => {
      const bounded = new WebhookBin({ maxCaptures: 3 });
      await bounded.start();
      try {
        for (let i = 1; i <= 5; i++) await (await request(`${bounded.address}/${i}`, { method: 'POST', body: String(i) })).body.dump();
        expect(bounded.captures().map((c) => c.path)).toEqual(['/3', '/4', '/5']);
      } finally {
        await bounded.stop();
      }
    });

    it('is idempotent to start and stop, and can start again', async () => {
      const port = bin.port;
      await bin.start();
      expect(bin.port).toBe(port);
      await bin.stop();
      await bin.stop();
      expect(bin.address).toBeNull();
      expect(bin.port).toBeNull();
      await bin.start();
      expect(bin.address).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    });
  });

  describe('chaos', () => {
    it('injects failures at rate 0.3 over 1,000 requests: the sender and the bin count the same share', async () => {
      bin.setChaos({ rate: 0.3, modes: ['status'] });
      const pool = new Pool(bin.address!, { connections: 16 });
      try {
        const statuses = await Promise.all(
          Array.from({ length: 1000 }, async (_, i) => {
            const res = await pool.request({ path: `/chaos/${i}`, method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ i }) });
            await res.body.dump();
            return res.statusCode;
          }),
        );
        const failedAtSender = statuses.filter((s) => s < 200 || s > 299);
        const captures = bin.captures();
        const injected = captures.filter((c) => c.injected === 'status');
        expect(captures).toHaveLength(1000);
        expect(failedAtSender.length / 1000).toBeGreaterThanOrEqual(0.25);
        expect(failedAtSender.length / 1000).toBeLessThanOrEqual(0.35);
        expect(injected.length).toBe(failedAtSender.length);
        expect(new Set(failedAtSender)).toEqual(new Set([503])); // the default status
        expect(injected.every((c) => c.status === 503)).toBe(true);
      } finally {
        await pool.close();
      }
    });

    it('status 429 carries Retry-After: 1', async () => {
      bin.setChaos({ rate: 1, modes: ['status'], status: 429 });
      const res = await request(`${bin.address}/hook`, { method: 'POST', body: '{}' });
      expect(res.statusCode).toBe(429);
      expect(res.headers['retry-after']).toBe('1');
      await res.body.dump();
    });

    it('slow answers normally after delay_ms', async () => {
      bin.setChaos({ rate: 1, modes: ['slow'], delay_ms: 300 });
      const started = performance.now();
      const res = await request(`${bin.address}/hook`, { method: 'POST', body: '{}' });
      expect(performance.now() - started).toBeGreaterThanOrEqual(290);
      expect(res.statusCode).toBe(200);
      expect(await res.body.json()).toEqual({ accepted: true });
      expect(bin.captures()[0]).toMatchObject({ injected: 'slow', status: 200 });
    });

    it('timeout never answers: the client gives up, and stop() drops a socket still held', async () => {
      bin.setChaos({ rate: 1, modes: ['timeout'] });
      await expect(request(`${bin.address}/hook`, { method: 'POST', body: '{}', headersTimeout: 300 })).rejects.toMatchObject({ code: 'UND_ERR_HEADERS_TIMEOUT' });
      expect(bin.captures()[0]).toMatchObject({ injected: 'timeout', status: null });

      // A client that would wait 10 s: stop() must not wait for it.
      const held = new Promise<void>((resolve) => bin.onCapture(() => resolve()));
      const waiting = request(`${bin.address}/hook`, { method: 'POST', body: '{}', headersTimeout: 10_000 });
      const outcome = waiting.then(
        () => 'answered',
        (e: { code?: string }) => e.code,
      );
      await held;
      const started = performance.now();
      await bin.stop();
      expect(performance.now() - started).toBeLessThan(1000);
      expect(await outcome).toBe('UND_ERR_SOCKET');
    });

    it('picks among several modes and can be replayed with the same seed', async () => {
      const run = async () => {
        const seeded = new WebhookBin({ random: seededRandom(SEED) });
        await seeded.start();
        seeded.setChaos({ rate: 0.5, modes: ['status', 'slow'], status: 500, delay_ms: 1 });
        for (let i = 0; i < 40; i++) await (await request(`${seeded.address}/r`, { method: 'POST', body: '{}' })).body.dump();
        await seeded.stop();
        return seeded.captures().map((c) => c.injected);
      };
      const first = await run();
      expect(await run()).toEqual(first);
      expect(new Set(first)).toEqual(new Set([null, 'status', 'slow']));
    });
  });
});
