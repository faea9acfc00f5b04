import { spawn, type ChildProcess } from 'node:child_process';
import { resolve } from 'node:path';

/**
 * One run of the built browser-mode server (dist/server/cli.mjs, or HERALD_CRASH_CLI to try the
 * crash test against another build) that the crash test can kill with SIGKILL. Everything it
 * prints is kept, so a failing test can show what the engine said before it died.
 */
export interface HeraldRun {
  readonly pid: number;
  readonly base: string;
  readonly token: string;
  /** Resolves with the exit code or signal once the process is gone (and reaped). */
  readonly exited: Promise<string>;
  readonly alive: boolean;
  /** SIGKILL: no handler runs, nothing is flushed, the lock file stays behind. */
  kill9(): Promise<string>;
}

export function crashCli(): string {
  return resolve(process.env.HERALD_CRASH_CLI ?? 'dist/server/cli.mjs');
}

export async function startHeraldRun(dataDir: string, args: string[], log: (line: string) => void): Promise<HeraldRun> {
  const child: ChildProcess = spawn(process.execPath, [crashCli(), '--port', '0', '--data-dir', dataDir, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  let alive = true;
  const exited = new Promise<string>((done) => child.once('exit', (code, signal) => ((alive = false), done(signal ?? `exit ${code}`))));
  let output = '';
  const onData = (chunk: Buffer) => {
    const text = chunk.toString();
    output += text;
    for (const line of text.split('\n')) if (line.trim()) log(`[pid ${child.pid}] ${line}`);
  };
  child.stdout!.on('data', onData);
  child.stderr!.on('data', onData);
  const url = await new Promise<string>((ready, fail) => {
    const timer = setTimeout(() => fail(new Error(`Herald did not start in 20 s:\n${output}`)), 20_000);
    const check = () => {
      const match = /Herald is serving (\S+)/.exec(output);
      if (match?.[1]) {
        clearTimeout(timer);
        ready(match[1]);
      }
    };
    child.stdout!.on('data', check);
    void exited.then((how) => (clearTimeout(timer), fail(new Error(`Herald exited (${how}) before it was ready:\n${output}`))));
  });
  const parsed = new URL(url);
  return {
    pid: child.pid!,
    base: `${parsed.origin}`,
    token: parsed.hash.replace('#token=', ''),
    exited,
    get alive() {
      return alive;
    },
    kill9() {
      if (alive) child.kill('SIGKILL');
      return exited;
    },
  };
}

/** mulberry32: a small seeded PRNG, so a failing run can be replayed with its printed seed. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
