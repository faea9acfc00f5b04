// Engine benchmark: one run, three processes on one machine.
//   receiver  a plain node:http webhook receiver (parses each batch, answers 200)
//   engine    the dispatch engine (bundled from main/) on a real SQLite file; also the local API
//   bench     this process: drives the runs and sends the undici-alone baseline
//
// 1. Delivery with batching off (one event per POST) and on (≤1000 per POST): N events are
//    queued behind an hour-long batching window, the window drops to 0, and the engine drains
//    them to the receiver (claim, POST, record the attempt, settle), one request at a time, as it
//    sends to one webhook. The receiver keeps the bodies it got; undici alone then sends exactly
//    those bodies with the same headers, one at a time over one keep-alive connection, to the
//    same receiver: the limit. Ratio = engine events/s ÷ undici events/s.
// 2. Durable ingest through the local API: POST /api/events (bearer token, JSON, zod validation,
//    routing, event + delivery committed in one SQLite transaction before the 202) from 8
//    concurrent undici clients; the events route to a webhook whose batching window holds them.
// Event-loop lag: perf_hooks.monitorEventLoopDelay inside the engine's process, per run.
//
// Usage: npm run bench [-- N]   (default N = 10000; prints a table, asserts nothing)
// BENCH_CPU_PROF=DIR also writes CPU profiles of the engine and receiver processes.
import { build } from 'esbuild';
import { fork } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Agent, Pool, request } from 'undici';

const here = fileURLToPath(import.meta.url);
const role = process.argv[2];
const TOKEN = 'bench-token-0123456789';
const TRIGGER = 'project_sca_analysis_finished';
const TOKEN_HEADER = 'X-Herald-Authentication';
const payloadOf = (i) => ({ project_id: i, project_name: 'payments-api', vulnerabilities_count: 17, dependencies_count: 412 });
const BUNDLE = join('.tmp', 'bench-engine-server.mjs');

/** Resolves a reply to `{cmd}` sent over IPC to a child. */
function ask(child, cmd, args = {}) {
  return new Promise((resolve, reject) => {
    const onMessage = (m) => {
      if (m.re !== cmd) return;
      child.off('message', onMessage);
      if (m.error) reject(new Error(`${cmd}: ${m.error}`));
      else resolve(m);
    };
    child.on('message', onMessage);
    child.send({ cmd, ...args });
  });
}

function serve(handlers) {
  // The bench process is gone (finished or failed): so is this helper.
  process.on('disconnect', () => process.exit(0));
  process.on('message', async (m) => {
    try {
      process.send({ re: m.cmd, ...(await handlers[m.cmd](m)) });
    } catch (error) {
      process.send({ re: m.cmd, error: error instanceof Error ? error.stack : String(error) });
    }
  });
  process.send({ re: 'ready' });
}

/**
 * Event-loop lag: how late a 1 ms timer fires (monitorEventLoopDelay's samples include its own
 * 1 ms resolution, which is taken off). p99 and max, in ms.
 */
const LAG_RESOLUTION_MS = 1;
function lagMonitor() {
  const h = monitorEventLoopDelay({ resolution: LAG_RESOLUTION_MS });
  h.enable();
  const late = (ns) => Math.max(0, ns / 1e6 - LAG_RESOLUTION_MS);
  return () => (h.disable(), { lagP99: late(h.percentile(99)), lagMax: late(h.max) });
}
async function withLag(fn) {
  const stop = lagMonitor();
  const result = await fn();
  return { ...result, ...stop() };
}

// ------------------------------------------------------------------ receiver process
if (role === 'receiver') {
  let events = 0;
  let requests = 0;
  let keep = null;
  let headers = null;
  const server = createServer((req, res) => {
    const chunks = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      events += JSON.parse(body).events.length;
      requests++;
      if (keep) {
        keep.push(body);
        headers ??= req.headers;
      }
      res.end('ok');
    });
  });
  server.keepAliveTimeout = 5000;
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  serve({
    url: () => ({ url: `http://127.0.0.1:${server.address().port}/hook` }),
    reset: (m) => ((events = 0), (requests = 0), (keep = m.keep ? [] : null), (headers = null), {}),
    counts: () => ({ events, requests }),
    bodies: () => ({ bodies: keep ?? [], headers }),
  });
}

// ------------------------------------------------------------------ engine process
else if (role === 'engine') {
  const { Engine, createServer: createApi, loadOrCreateApiToken } = await import(pathToFileURL(BUNDLE).href);
  let current = null;
  const fresh = (options) => {
    const dir = mkdtempSync(join(tmpdir(), 'herald-bench-'));
    const engine = new Engine({ dataDir: dir, version: 'bench', mode: 'browser', ...options });
    return { engine, dir };
  };
  const webhookInput = (url, windowMs) => ({
    kind: 'webhook',
    name: 'bench',
    is_active: true,
    settings: { url, projects: [], events: [TRIGGER], token_header: TOKEN_HEADER },
    secrets: { token: TOKEN },
    policy: { batch_window_ms: windowMs, retry: { preset: 'webhook_standard', custom_ms: [] }, auto_disable: { preset: 'exhausted', window_ms: 43_200_000, failure_ratio: 0.6, min_attempts: 10 } },
  });
  const webhook = (engine, url, windowMs) => engine.createIntegration(webhookInput(url, windowMs));
  const delivered = (engine) => engine.repo.db.prepare("SELECT COUNT(*) AS n FROM deliveries WHERE status = 'delivered'").get().n;
  const cleanup = async () => {
    if (!current) return;
    await current.app?.close();
    await current.engine.close();
    rmSync(current.dir, { recursive: true, force: true });
    current = null;
  };

  serve({
    /** Queue n events behind a held window, then time the engine draining them. */
    async deliver({ n, maxBatch, url }) {
      current = fresh({ maxBatch });
      const { engine } = current;
      engine.start();
      // An hour-long window holds the queue; window 0 then makes all of it due at once.
      const hook = webhook(engine, url, 3_600_000);
      let t = performance.now();
      for (let i = 0; i < n; i++) engine.fireEvent({ trigger: TRIGGER, payload: payloadOf(i) }, 'api');
      const fireMs = performance.now() - t;
      const run = await withLag(async () => {
        t = performance.now();
        engine.updateIntegration(hook.id, { ...webhookInput(url, 0), secrets: {} });
        await engine.scheduler.idle();
        return { ms: performance.now() - t };
      });
      const settled = delivered(engine);
      await cleanup();
      return { ...run, fireMs, settled };
    },
    /** The local API on a fresh engine; events route to a webhook whose window holds them. */
    async serve({ url }) {
      current = fresh({});
      const { engine } = current;
      const token = loadOrCreateApiToken(current.dir);
      const server = await createApi({ engine, token, port: 0 });
      current.app = server.app;
      engine.start();
      webhook(engine, url, 3_600_000);
      return { base: server.url.replace(/\/$/, ''), token };
    },
    async lagStart() {
      current.stopLag = lagMonitor();
      return {};
    },
    async lagStop() {
      const lag = current.stopLag();
      const events = current.engine.repo.db.prepare('SELECT COUNT(*) AS n FROM events').get().n;
      const pending = current.engine.repo.db.prepare("SELECT COUNT(*) AS n FROM deliveries WHERE status = 'pending'").get().n;
      const out = { ...lag, events, pending };
      await cleanup();
      return out;
    },
  });
}

// ------------------------------------------------------------------ bench (parent)
else {
  const N = Number(role ?? 10_000);
  if (!Number.isInteger(N) || N < 1) throw new Error(`N must be a whole number (got ${role})`);
  const CLIENTS = 8;
  await build({
    stdin: {
      contents: "export { Engine } from './main/engine/engine.ts'; export { createServer } from './main/server/app.ts'; export { loadOrCreateApiToken } from './main/server/token.ts';",
      resolveDir: process.cwd(),
      loader: 'ts',
    },
    outfile: BUNDLE,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    packages: 'external',
    logLevel: 'error',
  });

  const spawnRole = async (name) => {
    // BENCH_CPU_PROF=DIR writes a CPU profile of each helper process (open it in Chrome DevTools).
    const execArgv = process.env.BENCH_CPU_PROF ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_CPU_PROF}`, `--cpu-prof-name=${name}.cpuprofile`] : [];
    const child = fork(here, [name], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'], execArgv });
    await new Promise((r) => child.once('message', r));
    return child;
  };
  const receiver = await spawnRole('receiver');
  const engine = await spawnRole('engine');
  const { url } = await ask(receiver, 'url');
  const rate = (n, ms) => (n / ms) * 1000;

  /** undici alone: the engine's exact bodies and headers, one request at a time, one keep-alive connection. */
  async function undiciAlone(bodies, headers) {
    const agent = new Agent({ connect: { timeout: 10_000 }, headersTimeout: 10_000, bodyTimeout: 10_000, keepAliveTimeout: 4000 });
    const send = { 'content-type': 'application/json', 'user-agent': headers['user-agent'], [TOKEN_HEADER]: headers[TOKEN_HEADER.toLowerCase()] };
    const t = performance.now();
    for (const body of bodies) {
      const res = await request(url, { method: 'POST', headers: send, body, dispatcher: agent });
      await res.body.text();
      if (res.statusCode !== 200) throw new Error(`receiver answered ${res.statusCode}`);
    }
    const ms = performance.now() - t;
    await agent.close();
    return ms;
  }

  const rows = [];
  for (const [label, maxBatch] of [
    ['batching off (1 event per POST)', 1],
    ['batching on (≤1000 events per POST)', 1000],
  ]) {
    await ask(receiver, 'reset', { keep: true });
    const run = await ask(engine, 'deliver', { n: N, maxBatch, url });
    const got = await ask(receiver, 'counts');
    if (got.events !== N || run.settled !== N) throw new Error(`${label}: receiver got ${got.events}, engine settled ${run.settled}, expected ${N}`);
    const { bodies, headers } = await ask(receiver, 'bodies');
    await ask(receiver, 'reset', { keep: false });
    const limitMs = await undiciAlone(bodies, headers);
    const check = await ask(receiver, 'counts');
    if (check.events !== N) throw new Error(`${label}: undici run delivered ${check.events} of ${N}`);
    rows.push({ label, requests: got.requests, engine: rate(N, run.ms), limit: rate(N, limitMs), lagP99: run.lagP99, lagMax: run.lagMax, fire: rate(N, run.fireMs) });
  }

  // Durable ingest through the local API.
  const { base, token } = await ask(engine, 'serve', { url });
  const pool = new Pool(base, { connections: CLIENTS });
  const post = async (i) => {
    const res = await pool.request({
      path: '/api/events',
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ trigger: TRIGGER, payload: payloadOf(i) }),
    });
    const text = await res.body.text();
    if (res.statusCode !== 202) throw new Error(`POST /api/events answered ${res.statusCode}: ${text}`);
  };
  for (let i = 0; i < 200; i++) await post(N + i); // warm-up, not timed
  await ask(engine, 'lagStart');
  let next = 0;
  const t = performance.now();
  await Promise.all(Array.from({ length: CLIENTS }, async () => { while (next < N) await post(next++); }));
  const ingestMs = performance.now() - t;
  const ingest = await ask(engine, 'lagStop');
  await pool.close();
  if (ingest.events !== N + 200 || ingest.pending !== N + 200) throw new Error(`ingest: ${ingest.events} events and ${ingest.pending} pending deliveries stored, expected ${N + 200}`);

  // They exit when the channel closes (and write their CPU profiles, if asked to).
  engine.disconnect();
  receiver.disconnect();

  const fmt = (n) => Math.round(n).toLocaleString('en');
  const ms = (n) => `${n.toFixed(1)} ms`;
  const table = [
    ['run', 'engine events/s', 'undici alone events/s', 'engine ÷ limit', 'POSTs', 'event-loop lag p99 (max)'],
    ...rows.map((r) => [r.label, fmt(r.engine), fmt(r.limit), `${((r.engine / r.limit) * 100).toFixed(0)} %`, fmt(r.requests), `${ms(r.lagP99)} (${ms(r.lagMax)})`]),
    [`durable ingest, POST /api/events, ${CLIENTS} clients`, fmt(rate(N, ingestMs)), '', '', fmt(N), `${ms(ingest.lagP99)} (${ms(ingest.lagMax)})`],
  ];
  const widths = table[0].map((_, c) => Math.max(...table.map((r) => r[c].length)));
  const line = (r) => `| ${r.map((cell, c) => (c === 0 ? cell.padEnd(widths[c]) : cell.padStart(widths[c]))).join(' | ')} |`;
  console.log(`${N.toLocaleString('en')} events per run · Node ${process.versions.node} · ${cpus().length} cores · ${new Date().toISOString().slice(0, 10)}`);
  console.log(line(table[0]));
  console.log(`|${widths.map((w, c) => (c === 0 ? '-'.repeat(w + 2) : `${'-'.repeat(w + 1)}:`)).join('|')}|`);
  for (const r of table.slice(1)) console.log(line(r));
  console.log(`(queueing the delivery runs' events in-process, before timing: ${rows.map((r) => `${fmt(r.fire)}`).join(' and ')} events/s)`);
}
