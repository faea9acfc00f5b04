import { createServer as createHttpsServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { generate } from 'selfsigned';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Engine } from '../../main/engine/engine.js';
import type { TestReport } from '../../main/contract/index.js';
import { closedPort, Receiver } from '../support/receiver.js';
import { tempDir } from '../support/world.js';

/** Test it against real receivers: each failure lands on the right step with a plain hint. */
describe('Test it (webhook)', () => {
  let dir: ReturnType<typeof tempDir>;
  let engine: Engine;
  let receiver: Receiver;
  let tlsServer: Server;
  let tlsPort: number;

  beforeAll(async () => {
    dir = tempDir();
    engine = new Engine({ dataDir: dir.path, version: 'test', mode: 'browser' });
    engine.handlers['settings.update']({ http_timeout_ms: 1000 });
    receiver = await Receiver.start();
    const pems = await generate([{ name: 'commonName', value: 'herald-test.local' }], { keySize: 2048, days: 2 } as never);
    tlsServer = createHttpsServer({ key: pems.private, cert: pems.cert }, (_req, res) => res.end('ok'));
    await new Promise<void>((resolve) => tlsServer.listen(0, '127.0.0.1', resolve));
    tlsPort = (tlsServer.address() as AddressInfo).port;
  });
  afterAll(async () => {
    await engine.close();
    await receiver.close();
    tlsServer.close();
    dir.remove();
  });

  const test = (url: string, token: string | null = 'tkn-0123456789abcdef') =>
    engine.test(undefined, {
      kind: 'webhook',
      name: 'probe',
      is_active: true,
      settings: { url, projects: [], events: ['test'], token_header: 'X-Herald-Authentication' },
      secrets: { token },
    }) as Promise<TestReport>;
  const step = (report: TestReport, id: string) => report.steps.find((s) => s.id === id);

  it('passes every step against a live receiver and sends trigger test with an empty payload', async () => {
    receiver.status = 200;
    receiver.responseBody = '{"received":1}';
    const before = receiver.requests.length;
    const report = await test(`http://localhost:${receiver.port}/hook`);
    expect(report.ok).toBe(true);
    expect(report.steps.map((s) => [s.id, s.status])).toEqual([
      ['url', 'ok'],
      ['dns', 'ok'],
      ['tcp', 'ok'],
      ['tls', 'skipped'],
      ['http', 'ok'],
      ['status', 'ok'],
    ]);
    expect(report.status_code).toBe(200);
    expect(report.response_excerpt).toBe('{"received":1}');
    const sent = receiver.requests[before]!;
    expect(sent.json).toMatchObject({ events: [{ trigger: 'test', payload: {} }] });
    expect(sent.headers['x-herald-authentication']).toBe('tkn-0123456789abcdef');
  });

  it('explains a refused connection at the TCP step', async () => {
    const report = await test(`http://127.0.0.1:${await closedPort()}/`);
    expect(report.ok).toBe(false);
    expect(step(report, 'dns')!.status).toBe('skipped');
    expect(step(report, 'tcp')).toMatchObject({ status: 'failed', detail: expect.stringMatching(/refused/) as unknown, hint: expect.stringMatching(/port/) as unknown });
    expect(step(report, 'http')).toBeUndefined();
  });

  it.each([
    [401, /token/, /token/],
    [403, /token/, /token/],
    [404, /404/, /path/],
    [500, /500/, /receiver/],
  ])('explains HTTP %i', async (status, detail, hint) => {
    receiver.status = status;
    const report = await test(receiver.url());
    expect(report.ok).toBe(false);
    expect(report.status_code).toBe(status);
    expect(step(report, 'status')).toMatchObject({ status: 'failed' });
    expect(step(report, 'status')!.detail).toMatch(detail);
    expect(report.hint).toMatch(hint);
    receiver.status = 200;
  });

  it('explains a receiver that does not answer in time', async () => {
    receiver.delayMs = 2500;
    const report = await test(receiver.url());
    receiver.delayMs = 0;
    expect(step(report, 'http')).toMatchObject({ status: 'failed', detail: expect.stringMatching(/did not answer in time/) as unknown });
  });

  it('explains a self-signed certificate at the TLS step and describes it', async () => {
    const report = await test(`https://127.0.0.1:${tlsPort}/hook`);
    expect(report.ok).toBe(false);
    expect(step(report, 'tls')).toMatchObject({ status: 'failed' });
    expect(step(report, 'tls')!.detail).toMatch(/self-signed/);
    expect(step(report, 'tls')!.detail).toMatch(/herald-test\.local/);
  });

  it('explains https spoken to a plain HTTP port', async () => {
    const report = await test(`https://127.0.0.1:${receiver.port}/hook`);
    expect(step(report, 'tls')).toMatchObject({ status: 'failed', hint: expect.stringMatching(/http:\/\//) as unknown });
  });

  it('warns when no token is set', async () => {
    const report = await test(receiver.url(), null);
    expect(report.ok).toBe(true);
    expect(step(report, 'token')).toMatchObject({ status: 'warning' });
  });

  it('tests a saved integration with its stored token when the edit leaves the token empty', async () => {
    const saved = engine.createIntegration({
      kind: 'webhook',
      name: 'saved',
      is_active: true,
      settings: { url: receiver.url('/old'), projects: [], events: ['test'], token_header: 'X-Herald-Authentication' },
      secrets: { token: 'stored-secret-abcdef123456' },
    });
    const before = receiver.requests.length;
    const report = await engine.test(saved.id, {
      kind: 'webhook',
      name: 'saved',
      is_active: true,
      settings: { url: receiver.url('/new'), projects: [], events: ['test'], token_header: 'X-Herald-Authentication' },
      secrets: {},
    });
    expect(report.ok).toBe(true);
    expect(receiver.requests[before]!.url).toBe('/new');
    expect(receiver.requests[before]!.headers['x-herald-authentication']).toBe('stored-secret-abcdef123456');
  });
});
