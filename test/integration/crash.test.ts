import Database from 'better-sqlite3';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { request } from 'undici';
import { describe, expect, it } from 'vitest';
import { seededRandom, startHeraldRun, type HeraldRun } from '../support/crash-herald.js';
import { CrashReceiver } from '../support/crash-receiver.js';
import { tempDir } from '../support/world.js';

/**
 * The crash acceptance: queue 10,000 events to a local webhook receiver, `kill -9` the
 * engine at random moments (at least 20 times), restart it each time on the same data folder; at
 * the end every event was received at least once, none was lost, duplicates are no more than the
 * in-flight batch size per kill, and `PRAGMA integrity_check` says ok.
 *
 * The engine is the real browser-mode server (dist/server/cli.mjs) in a child process, with at
 * most 50 events per request; the receiver is a real HTTP server in this process that answers 200
 * after 5–20 ms.
 *
 * 1. Queue: 10,000 events go in through the local API (8 concurrent clients) while the webhook's
 *    batching window is an hour, so the whole queue builds up; the engine is killed at random
 *    moments during the ingest too. Every POST carries its sequence number (`project_id`) and its
 *    try number (`dependencies_count`). Only a 202 means "queued". A POST that got no answer (the
 *    engine died under it) is posted again with the next try number: the unanswered one may or may
 *    not have been stored, so it is a different event, and if it was stored it must be delivered
 *    too. Duplicates are counted per (sequence, try): the same stored event arriving again.
 * 2. Deliver: the window drops to 100 ms and the queue drains in batches of 50 while the engine is
 *    killed at least 20 more times, at moments a seeded PRNG picks (the seed is printed;
 *    HERALD_CRASH_SEED replays the plan):
 *      timer         20–500 ms after the engine is ready (claiming, sending, settling, anywhere)
 *      mid-request   when the receiver has the m-th batch of this run; its answer is held until
 *                    the engine is dead, so the kill lands while the request is open
 *      after-answer  right after the receiver wrote the 200 of the m-th batch, racing the engine
 *                    recording it: the window where a crash must cause a re-send, not a loss
 * 3. The last run drains the rest and is killed too; the store is checked as that crash left it.
 *
 * An event counts as received only when the receiver's 200 for it was written while the sender
 * was alive. What a broken engine would do here: marking a batch delivered when it is claimed or
 * sent (at-most-once) loses the batch at a mid-request kill; a lease that is not released on
 * start leaves deliveries stuck in `sending` and the final wait fails listing them; a 202 before
 * the commit loses acknowledged events; two batches in flight, or settling the wrong rows,
 * exceed the duplicate bound or leave deliveries pending.
 */

const N = Number(process.env.HERALD_CRASH_EVENTS ?? 10_000);
/** Kills while the queue drains (each counts towards the duplicate bound); the issue asks for ≥ 20. */
const DELIVERY_KILLS = Number(process.env.HERALD_CRASH_KILLS ?? 20);
/** Kills while the queue is being filled through the API. */
const INGEST_KILLS = 5;
const MAX_BATCH = 50;
const WINDOW_MS = 100;
const HOLD_WINDOW_MS = 3_600_000;
const INGEST_CLIENTS = 8;
const SEED = Number(process.env.HERALD_CRASH_SEED ?? Math.floor(Math.random() * 2 ** 31));
const TOKEN = 'crash-token-5f1d2c3b4a';
const TRIGGER = 'project_sca_analysis_finished';

type Mode = 'ingest' | 'timer' | 'mid-request' | 'after-answer' | 'fallback';
type Plan = { mode: 'timer'; ms: number } | { mode: 'mid-request' | 'after-answer'; m: number };

function choosePlan(rand: () => number): Plan {
  const r = rand();
  if (r < 0.4) return { mode: 'timer', ms: 20 + Math.floor(rand() * 480) };
  return { mode: r < 0.75 ? 'mid-request' : 'after-answer', m: 1 + Math.floor(rand() * 5) };
}

const keyOf = (payload: Record<string, unknown>) => `${String(payload.project_id)}:${String(payload.dependencies_count)}`;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('crash safety', () => {
  it(`queues ${N} events and delivers them through ${INGEST_KILLS + DELIVERY_KILLS} kill -9s: none lost, duplicates within the in-flight batch per kill, integrity ok`, async () => {
    const started = performance.now();
    const seconds = () => ((performance.now() - started) / 1000).toFixed(1);
    const rand = seededRandom(SEED);
    const delays = seededRandom(SEED ^ 0x5bd1e995);
    console.log(`crash test: seed ${SEED} (HERALD_CRASH_SEED=${SEED} replays the kill plan), ${N} events, max batch ${MAX_BATCH}`);

    const dir = tempDir('herald-crash-');
    const receiver = await CrashReceiver.start({ keyOf, delayMs: () => 5 + Math.floor(delays() * 16), token: TOKEN });
    const engineLog: string[] = [];
    const args = ['--max-batch', String(MAX_BATCH)];
    let run: HeraldRun = await startHeraldRun(dir.path, args, (line) => engineLog.push(line));
    // The engine as the ingest clients see it: up, or being restarted.
    let current: HeraldRun | null = run;
    let waiters: ((r: HeraldRun) => void)[] = [];
    const engineUp = (): Promise<HeraldRun> => (current ? Promise.resolve(current) : new Promise((r) => waiters.push(r)));

    const kills: { mode: Mode; openRequests: number; missing: number }[] = [];
    const accepted = new Set<string>(); // got 202: queued for sure
    const unanswered = new Set<string>(); // no 202: maybe stored, maybe not
    const missing = () => [...accepted].filter((k) => !receiver.received.has(k));

    /** kill -9 (when `trigger` fires), check the stale lock is there, restart on the same folder. */
    const killAndRestart = async (trigger: (fire: (mode: Mode) => void) => void) => {
      const victim = run;
      await new Promise<void>((done) => {
        let fired = false;
        trigger((mode) => {
          if (fired) return;
          fired = true;
          current = null;
          kills.push({ mode, openRequests: receiver.open, missing: mode === 'ingest' ? 0 : missing().length });
          // A process takes a few ms to die: hold the open answer(s) so the kill lands mid-request.
          if (mode === 'mid-request') receiver.holdAnswersUntil(victim.exited);
          void victim.kill9(); // SIGKILL is sent synchronously, inside the receiver's callback
          done();
        });
      });
      receiver.onBody = receiver.onAnswered = () => undefined;
      await victim.exited;
      // The dead process's lock is still there: the restart has to take it over.
      expect(readFileSync(join(dir.path, 'herald.lock'), 'utf8').trim()).toBe(String(victim.pid));
      run = await startHeraldRun(dir.path, args, (line) => engineLog.push(line));
      current = run;
      for (const w of waiters) w(run);
      waiters = [];
    };

    try {
      const webhook = {
        kind: 'webhook',
        name: 'crash receiver',
        is_active: true,
        settings: { url: receiver.url(), projects: [], events: [TRIGGER], token_header: 'X-Herald-Authentication' },
        secrets: { token: TOKEN },
      };
      // Any failed request (none is expected) is retried quickly instead of after a minute.
      const retry = { preset: 'custom', custom_ms: Array(20).fill(200) };
      const created = (await rpc(run, 'integrations.create', { ...webhook, policy: { batch_window_ms: HOLD_WINDOW_MS, retry } })) as { ok: boolean; value: { id: string } };
      expect(created.ok, JSON.stringify(created)).toBe(true);

      // ---- 1. queue N events through the local API, with kills
      let nextSeq = 0;
      const ingestClient = async () => {
        while (nextSeq < N) {
          const seq = nextSeq++;
          for (let attempt = 1; ; attempt++) {
            const engine = await engineUp();
            const key = `${seq}:${attempt}`;
            let status = 0;
            let answer = '';
            try {
              const res = await request(`${engine.base}/api/events`, {
                method: 'POST',
                headers: { authorization: `Bearer ${engine.token}`, 'content-type': 'application/json' },
                body: JSON.stringify({ trigger: TRIGGER, payload: { project_id: seq, project_name: `crash-${seq}`, vulnerabilities_count: 0, dependencies_count: attempt } }),
              });
              status = res.statusCode;
              answer = await res.body.text();
            } catch {
              status = 0; // the engine died under this request
            }
            if (status === 202) {
              accepted.add(key);
              break;
            }
            if (status >= 400 && status < 500) throw new Error(`POST /api/events answered ${status}: ${answer}`);
            unanswered.add(key);
            await sleep(5);
          }
        }
      };
      let ingestDone = false;
      const ingest = Promise.all(Array.from({ length: INGEST_CLIENTS }, ingestClient)).finally(() => (ingestDone = true));
      for (let k = 0; k < INGEST_KILLS && !ingestDone; k++) {
        await Promise.race([sleep(300 + Math.floor(rand() * 1200)), ingest]);
        if (!ingestDone) await killAndRestart((fire) => fire('ingest'));
      }
      await ingest;
      const ingestSeconds = seconds();
      expect(receiver.requests, 'nothing is sent while the hour-long window holds the queue').toBe(0);

      // ---- 2. drain the queue in batches of MAX_BATCH, killing the engine at random moments
      const updated = (await rpc(run, 'integrations.update', { id: created.value.id, input: { ...webhook, secrets: {}, policy: { batch_window_ms: WINDOW_MS, retry } } })) as { ok: boolean };
      expect(updated.ok, JSON.stringify(updated)).toBe(true);
      while (kills.filter((k) => k.mode !== 'ingest').length < DELIVERY_KILLS && missing().length > 0) {
        const plan = choosePlan(rand);
        const fromRequest = receiver.requests;
        const fromAnswer = receiver.answered;
        await killAndRestart((fire) => {
          // mid-request and after-answer need a batch to arrive; with none in 3 s, kill anyway.
          const timer = setTimeout(() => fire(plan.mode === 'timer' ? 'timer' : 'fallback'), plan.mode === 'timer' ? plan.ms : 3000);
          const fireNow = (mode: Mode) => (clearTimeout(timer), fire(mode));
          receiver.onBody = (n) => plan.mode === 'mid-request' && n - fromRequest >= plan.m && fireNow('mid-request');
          receiver.onAnswered = (n) => plan.mode === 'after-answer' && n - fromAnswer >= plan.m && fireNow('after-answer');
        });
      }
      const lastKillSeconds = seconds();

      // ---- 3. let the last run drain the rest and settle it in the store
      const deadline = Date.now() + 40_000;
      let pending = -1;
      for (;;) {
        // Nothing left pending or sending in the store: whatever was not received by now is lost.
        const hooks = (await api(run, 'GET', '/api/settings/webhooks/')) as { pending_deliveries: number }[];
        pending = hooks[0]!.pending_deliveries;
        if (pending === 0) break;
        if (Date.now() > deadline) {
          const lost = missing();
          const said = engineLog.filter((l) => !/Herald is serving|Data folder/.test(l)).slice(-30);
          throw new Error(`not done 40 s after the last kill: ${pending} delivery(ies) still pending or sending; ${lost.length} accepted event(s) not received (e.g. ${lost.slice(0, 10).join(', ')})\n${said.join('\n')}`);
        }
        await sleep(100);
      }
      // The final stop is a kill -9 too: the store is checked as a crash leaves it.
      await run.kill9();
      const totalSeconds = seconds();

      // ---- the store, as the last crash left it
      const db = new Database(join(dir.path, 'herald.sqlite'));
      const integrity = db.pragma('integrity_check', { simple: true });
      const statuses = Object.fromEntries((db.prepare('SELECT status, COUNT(*) AS n FROM deliveries GROUP BY status').all() as { status: string; n: number }[]).map((r) => [r.status, r.n]));
      const attempts = Object.fromEntries((db.prepare('SELECT outcome, COUNT(*) AS n FROM attempts GROUP BY outcome').all() as { outcome: string; n: number }[]).map((r) => [r.outcome, r.n]));
      const storedKeys = (db.prepare('SELECT payload FROM events WHERE trigger = ?').all(TRIGGER) as { payload: string }[]).map((r) => keyOf(JSON.parse(r.payload) as Record<string, unknown>));
      db.close();

      // ---- figures
      const deliveryKills = kills.filter((k) => k.mode !== 'ingest');
      const count = (m: Mode) => kills.filter((k) => k.mode === m).length;
      const duplicates = receiver.duplicates();
      const storedWithout202 = [...unanswered].filter((k) => receiver.received.has(k)).length;
      const receivedSeqs = new Set([...receiver.received.keys()].map((k) => Number(k.split(':')[0])));
      console.log(
        [
          `crash test: seed ${SEED}: ${kills.length} kill -9s and restarts in ${totalSeconds} s (+1 final kill)`,
          `  ingest: ${N} events queued through the API in ${ingestSeconds} s across ${count('ingest')} kills; ${unanswered.size} POSTs got no answer and were posted again; ${storedWithout202} of those had been stored anyway and were delivered too`,
          `  delivery: ${deliveryKills.length} kills with events outstanding (${count('timer')} timer, ${count('mid-request')} mid-request, ${count('after-answer')} after-answer, ${count('fallback')} fallback; ${deliveryKills.filter((k) => k.openRequests > 0).length} with a request open at the receiver; ${deliveryKills.at(-1)?.missing ?? 0} events still to go at the last), last kill at ${lastKillSeconds} s`,
          `  received: ${receivedSeqs.size}/${N} sequence numbers; lost: ${missing().length}; duplicates: ${duplicates} (bound ${deliveryKills.length} kills × ${MAX_BATCH} = ${deliveryKills.length * MAX_BATCH}); ${receiver.requests} requests, ${receiver.answered} answered`,
          `  store: integrity_check ${String(integrity)}; deliveries ${JSON.stringify(statuses)}; attempts ${JSON.stringify(attempts)}`,
        ].join('\n'),
      );
      const complaints = engineLog.filter((l) => /failed unexpectedly|internal error|server error/i.test(l));

      expect(complaints, complaints.join('\n')).toEqual([]);
      expect(receiver.malformed).toBe(0);
      expect(deliveryKills.length).toBeGreaterThanOrEqual(20);
      expect(missing().slice(0, 20), `${missing().length} event(s) acknowledged with 202 but never received`).toEqual([]);
      expect(receivedSeqs.size).toBe(N);
      // Only the batch in flight may go twice: no more than one batch per kill.
      expect(duplicates).toBeLessThanOrEqual(deliveryKills.length * MAX_BATCH);
      expect(integrity).toBe('ok');
      expect(statuses).toEqual({ delivered: storedKeys.length });
      // Every stored event was received, and nothing was received that was not stored.
      expect(new Set(storedKeys).size).toBe(storedKeys.length);
      expect([...receiver.received.keys()].sort()).toEqual([...storedKeys].sort());
      expect(storedKeys.length).toBe(accepted.size + storedWithout202);
    } finally {
      await run.kill9();
      await receiver.close();
      if (existsSync(dir.path)) dir.remove();
    }
  }, 110_000);
});

async function api(run: HeraldRun, method: string, path: string, body?: unknown): Promise<unknown> {
  const res = await request(`${run.base}${path}`, {
    method: method as 'GET' | 'POST',
    headers: { authorization: `Bearer ${run.token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  return res.body.json();
}

function rpc(run: HeraldRun, method: string, body: unknown): Promise<unknown> {
  return api(run, 'POST', `/rpc/${method}`, body);
}
