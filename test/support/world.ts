import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { VirtualClock } from '../../main/engine/clock.js';
import { Engine } from '../../main/engine/engine.js';

export function tempDir(prefix = 'herald-test-'): { path: string; remove(): void } {
  const path = mkdtempSync(join(tmpdir(), prefix));
  return { path, remove: () => rmSync(path, { recursive: true, force: true }) };
}

/** An engine on a real SQLite file in a temp folder, driven by a virtual clock. */
export function virtualEngine(dataDir: string, clock = new VirtualClock()): { engine: Engine; clock: VirtualClock } {
  // No jitter: tests assert the seeds' schedules to the millisecond (jitter bounds have their own test).
  const engine = new Engine({ dataDir, version: 'test', mode: 'browser', clock, random: () => 0 });
  engine.start();
  return { engine, clock };
}

/** Moves virtual time forward and waits for every send the timers started. */
export async function advance(engine: Engine, clock: VirtualClock, ms: number): Promise<void> {
  clock.advance(ms);
  await engine.scheduler.idle();
}
