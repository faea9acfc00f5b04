// Live log in a real browser: 100,000 log rows, Chromium driven by playwright-core.
//
//   npm run build && npm run bench:livelog        (ROWS=… to change the row count)
//
// 1. Starts the built browser-mode server once on a temp data folder so it creates and migrates
//    its database, stops it, and inserts ROWS realistic live-log rows (events, attempts by outcome,
//    notices; the JSON shape of engine/store/repo.ts appendLog) in one transaction with
//    better-sqlite3.
// 2. Starts the server again, opens the Live log in Chromium and prints:
//    - time until the first rows are rendered;
//    - time to scroll, in steps, down to the oldest (ROWS-th) row, loading older pages as it goes;
//    - requestAnimationFrame deltas while scrolling: p50, p95, p99, max, share of frames > 16.7 ms;
//    - the number of rows in the DOM (proof that it is virtualised).
// Prints figures; asserts nothing.
/* global window, requestAnimationFrame -- the page functions run in Chromium */
import Database from 'better-sqlite3';
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium } from 'playwright-core';

const ROWS = Number(process.env.ROWS ?? 100_000);
const STEP_PX = Number(process.env.STEP_PX ?? 4000);
const dataDir = mkdtempSync(join(tmpdir(), 'herald-bench-livelog-'));

function startServer() {
  const child = spawn(process.execPath, [resolve('dist/server/cli.mjs'), '--port', '0', '--data-dir', dataDir], { stdio: ['ignore', 'pipe', 'pipe'] });
  return new Promise((ok, fail) => {
    let out = '';
    const timer = setTimeout(() => fail(new Error(`no ready line in 20 s:\n${out}`)), 20_000);
    const onData = (chunk) => {
      out += chunk;
      const m = /Herald is serving (\S+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        ok({ url: m[1], child });
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.on('exit', (code) => fail(new Error(`server exited with ${code}:\n${out}`)));
  });
}
const stop = (child) => new Promise((done) => (child.exitCode !== null ? done() : (child.once('exit', done), child.kill('SIGTERM'))));

const TRIGGERS = ['sca_policy_has_been_triggered', 'project_sca_analysis_finished', 'project_sca_analysis_started', 'container_image_scan_finished', 'osa_policy_has_been_triggered'];
const INTEGRATIONS = [
  { id: randomUUID(), name: 'SOC webhook', target: 'POST https://soc.example.test/hooks/herald' },
  { id: randomUUID(), name: 'AppSec mail', target: 'To appsec@example.test, lead@example.test · [Herald] Policy triggered', protocol: 'smtp' },
  { id: randomUUID(), name: 'Security Jira', target: 'Create issue in SEC (Bug)' },
];

/** One realistic row, as the engine would have appended it. */
function row(i, at) {
  const iso = new Date(at).toISOString();
  const r = i % 20;
  if (r < 9) {
    const id = randomUUID();
    const trigger = TRIGGERS[i % TRIGGERS.length];
    return ['event', id, { type: 'event', id, at: iso, routed_to: 1 + (i % 3), event: { id, trigger, created_at: iso, received_at: iso, project: `project-${i % 37}`, source: i % 4 ? 'api' : 'ui', payload: { project: { name: `project-${i % 37}` }, policy: { name: 'No critical CVEs', severity: 'critical' }, vulnerabilities: [{ id: `CVE-2026-${1000 + (i % 9000)}`, score: 9.8 }] } } }];
  }
  if (r < 19) {
    const id = randomUUID();
    const integ = INTEGRATIONS[i % INTEGRATIONS.length];
    const outcome = r < 16 ? 'delivered' : r < 18 ? 'retry' : 'failed';
    const smtp = integ.protocol === 'smtp';
    const status = outcome === 'delivered' ? (smtp ? 250 : 200) : outcome === 'retry' ? (smtp ? 451 : 503) : smtp ? 550 : 400;
    return ['attempt', id, {
      type: 'attempt', id, at: iso,
      attempt: {
        id, integration_id: integ.id, integration_name: integ.name, started_at: iso, duration_ms: 20 + (i % 400), outcome, status_code: status,
        error: outcome === 'delivered' ? null : outcome === 'retry' ? 'The receiver answered 503 Service Unavailable' : 'The receiver refused the request: 400 Bad Request',
        classification: outcome === 'delivered' ? null : outcome === 'retry' ? 'transient' : 'permanent',
        event_ids: [randomUUID()], protocol: smtp ? 'smtp' : 'http', target: integ.target, link: null,
        retry_step: outcome === 'retry' ? 1 + (i % 5) : 0, next_attempt_at: null,
      },
    }];
  }
  const id = randomUUID();
  return ['notice', id, { type: 'notice', id, at: iso, integration_id: INTEGRATIONS[0].id, level: i % 3 ? 'warning' : 'info', message: 'SOC webhook is failing: retry 2 of 7 at 14:05' }];
}

// ---------------------------------------------------------------- seed
let server = await startServer();
await stop(server.child);
const t0 = performance.now();
const db = new Database(join(dataDir, 'herald.sqlite'));
const insert = db.prepare('INSERT INTO log (at, type, ref_id, data) VALUES (?, ?, ?, ?)');
const start = Date.now() - ROWS * 1000; // one row a second, ending now
db.transaction(() => {
  for (let i = 0; i < ROWS; i++) {
    const at = start + i * 1000;
    const [type, id, data] = row(i, at);
    insert.run(at, type, id, JSON.stringify(data));
  }
})();
db.close();
const seedMs = performance.now() - t0;

// ---------------------------------------------------------------- browse
server = await startServer();
const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});
try {
  const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
  await page.goto(server.url);
  await page.getByRole('heading', { level: 1 }).first().waitFor();
  const tOpen = performance.now();
  await page.getByRole('navigation').getByRole('link', { name: 'Live log' }).click();
  await page.getByTestId('log-entry').first().waitFor();
  const firstRowsMs = performance.now() - tOpen;

  // Frame times: requestAnimationFrame deltas for as long as the scrolling lasts.
  await page.evaluate(() => {
    window.__frames = [];
    let last = performance.now();
    const tick = (t) => {
      window.__frames.push(t - last);
      last = t;
      if (!window.__stopFrames) requestAnimationFrame(tick);
    };
    requestAnimationFrame(tick);
  });
  const tScroll = performance.now();
  const scroller = page.getByTestId('log-scroller');
  let maxDomRows = 0;
  let steps = 0;
  for (;;) {
    // One step down, then wait a frame so the step is painted, as a wheel or a dragged scroll bar would.
    const state = await scroller.evaluate(async (el, step) => {
      el.scrollTop += step;
      await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
      const rows = el.querySelectorAll('[data-testid="log-entry"]');
      const end = el.querySelector('[data-testid="log-end"]');
      return {
        rows: rows.length,
        lastIndex: Number(rows[rows.length - 1]?.getAttribute('data-index') ?? -1),
        atBottom: el.scrollTop + el.clientHeight >= el.scrollHeight - 2,
        exhausted: !!end && end.textContent.startsWith('Start of the log'),
      };
    }, STEP_PX);
    steps++;
    maxDomRows = Math.max(maxDomRows, state.rows);
    if (state.atBottom && state.exhausted && state.lastIndex >= ROWS - 1) break;
    if (state.atBottom && !state.exhausted) await page.waitForTimeout(5); // the next page is loading
    if (performance.now() - tScroll > 600_000) throw new Error('gave up after 10 minutes');
  }
  const scrollMs = performance.now() - tScroll;
  const frames = await page.evaluate(() => ((window.__stopFrames = true), window.__frames.slice(1)));
  const domRows = await page.getByTestId('log-entry').count();
  const loaded = await page.getByTestId('log-count').textContent();
  const sorted = [...frames].sort((a, b) => a - b);
  const q = (p) => sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))];
  const slow = frames.filter((f) => f > 16.7).length;

  const f1 = (n) => n.toFixed(1);
  console.log(`Live log, ${ROWS.toLocaleString('en')} rows (seeded in ${Math.round(seedMs)} ms), Chromium ${browser.version()}, viewport 1440×900`);
  console.log(`  first rows rendered          ${Math.round(firstRowsMs)} ms after clicking Live log`);
  console.log(`  scrolled to row ${ROWS.toLocaleString('en')}       ${(scrollMs / 1000).toFixed(1)} s in ${steps} steps of ${STEP_PX} px (older pages loaded on the way)`);
  console.log(`  frames while scrolling       ${frames.length}: p50 ${f1(q(0.5))} ms, p95 ${f1(q(0.95))} ms, p99 ${f1(q(0.99))} ms, max ${f1(sorted.at(-1))} ms, ${((100 * slow) / frames.length).toFixed(1)} % > 16.7 ms`);
  console.log(`  rows in the DOM              ${domRows} at the end (max ${maxDomRows} during the scroll); "${loaded}"`);
} finally {
  await browser.close();
  await stop(server.child);
  rmSync(dataDir, { recursive: true, force: true });
}
