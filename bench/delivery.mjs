// Delivery throughput: N events through the engine (SQLite writes, routing, batching, attempt
// records) to a local receiver, against plain undici POSTs of the same batches to the same
// receiver, side by side in one run. Prints figures and the ratio; asserts nothing.
// Usage: npm run bench [-- 20000]
import { build } from 'esbuild';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { request } from 'undici';

const N = Number(process.argv[2] ?? 20_000);
const out = join('.tmp', 'bench-engine.mjs');
await build({ entryPoints: ['main/engine/engine.ts'], outfile: out, bundle: true, platform: 'node', format: 'esm', packages: 'external', logLevel: 'error' });
await build({ entryPoints: ['main/engine/clock.ts'], outfile: join('.tmp', 'bench-clock.mjs'), bundle: true, platform: 'node', format: 'esm', logLevel: 'error' });
const { Engine } = await import(pathToFileURL(out).href);
const { VirtualClock } = await import(pathToFileURL(join('.tmp', 'bench-clock.mjs')).href);

let received = 0;
const receiver = createServer((req, res) => {
  let body = '';
  req.on('data', (c) => (body += c));
  req.on('end', () => {
    received += JSON.parse(body).events.length;
    res.end('ok');
  });
});
await new Promise((r) => receiver.listen(0, '127.0.0.1', r));
const url = `http://127.0.0.1:${receiver.address().port}/hook`;

const dir = mkdtempSync(join(tmpdir(), 'herald-bench-'));
const clock = new VirtualClock();
const engine = new Engine({ dataDir: dir, version: 'bench', mode: 'browser', clock });
engine.start();
engine.createIntegration({ kind: 'webhook', name: 'bench', is_active: true, settings: { url, projects: [], events: ['project_sca_analysis_finished'], token_header: 'X-Herald-Authentication' }, secrets: { token: 'bench-token-0123456789' } });
const payload = { project_id: 7, project_name: 'payments-api', vulnerabilities_count: 17, dependencies_count: 412 };

let t = performance.now();
for (let i = 0; i < N; i++) engine.fireEvent({ trigger: 'project_sca_analysis_finished', payload }, 'api');
const ingestMs = performance.now() - t;

t = performance.now();
while (received < N) {
  clock.advance(5000);
  await engine.scheduler.idle();
}
const engineMs = performance.now() - t;
await engine.close();

// Baseline: the same number of requests with the same batch sizes, straight from undici.
const batches = Math.ceil(N / 1000);
const body = JSON.stringify({ events: Array.from({ length: 1000 }, () => ({ created_at: new Date().toISOString(), trigger: 'project_sca_analysis_finished', payload })) });
received = 0;
t = performance.now();
for (let b = 0; b < batches; b++) {
  const res = await request(url, { method: 'POST', body, headers: { 'content-type': 'application/json', 'x-herald-authentication': 'bench-token-0123456789' } });
  await res.body.text();
}
const rawMs = performance.now() - t;

receiver.close();
rmSync(dir, { recursive: true, force: true });
const rate = (n, ms) => Math.round((n / ms) * 1000).toLocaleString('en');
console.log(`events: ${N} in ${batches} requests of ≤1000`);
console.log(`ingest (validate, route, write event+delivery in one transaction): ${rate(N, ingestMs)} events/s`);
console.log(`engine delivery (claim, POST, record attempt, settle): ${rate(N, engineMs)} events/s (${Math.round(engineMs)} ms)`);
console.log(`undici alone, same batches: ${rate(batches * 1000, rawMs)} events/s (${Math.round(rawMs)} ms)`);
console.log(`ratio engine/undici time: ${(engineMs / rawMs).toFixed(2)}`);
