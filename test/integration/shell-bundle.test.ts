import { build } from 'esbuild';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
// @ts-expect-error plain .mjs helper shared with scripts/build.mjs
import { shellBuildOptions } from '../../scripts/shell-bundle.mjs';

/**
 * The real Electron main-process bundle (built exactly as scripts/build.mjs builds it, with
 * electron-store bundled into CommonJS and the tray PNGs embedded), run under plain Node against
 * a recording stand-in for the electron module (test/integration/shell/fake-electron.mjs): the
 * menu, the tray, close to tray, window placement and quitting, where Electron cannot run.
 * test/e2e/electron.spec.ts checks the same things in real Electron where its binary exists.
 */

const work = mkdtempSync(join(tmpdir(), 'herald-shell-'));
const bundle = join(work, 'shell', 'main.cjs');

interface TrayView {
  tooltip: string;
  items: string[];
  image: { bytes: number; scaleFactor: number; png: string }[];
}
interface WindowView {
  x?: number;
  y?: number;
  width: number;
  height: number;
  center: boolean;
  visible: boolean;
  destroyed: boolean;
}
interface Result {
  window: WindowView;
  menu: string[];
  tray: TrayView;
  quit: { exited: number | null; trayDestroyed: boolean; windowDestroyed: boolean };
  [key: string]: unknown;
}

function run(dataDir: string, scenario: string): Result {
  const child = spawnSync(process.execPath, [join(__dirname, 'shell', 'run-shell.mjs'), bundle, dataDir, scenario], {
    // The bundle lives outside the repository; its external dependencies come from ours.
    env: { ...process.env, NODE_PATH: join(__dirname, '..', '..', 'node_modules') },
    encoding: 'utf8',
    timeout: 30_000,
  });
  const line = child.stdout.split('\n').find((l) => l.startsWith('RESULT '));
  if (!line) throw new Error(`shell run failed (${child.status}): ${child.stderr}\n${child.stdout}`);
  return JSON.parse(line.slice('RESULT '.length)) as Result;
}

const pngBytes = (name: string) => statSync(join(__dirname, '..', '..', 'assets', name)).size;

beforeAll(async () => {
  await build({ ...shellBuildOptions(bundle), logLevel: 'error' });
}, 60_000);
afterAll(() => rmSync(work, { recursive: true, force: true }));

describe('Electron shell bundle (under a stand-in electron)', () => {
  const dataDir = join(work, 'data');

  it('starts with the menu, the tray and a centred window; menu items navigate; close hides to the tray; Quit quits', () => {
    const r = run(dataDir, 'first');
    expect(r.window).toEqual({ width: 1280, height: 820, center: true, visible: true, destroyed: false });
    expect(r.menu).toEqual(['File', 'Edit', 'View', 'Window', 'Help']);
    expect(r.tray.tooltip).toBe('Herald — no integrations yet');
    expect(r.tray.items).toEqual(['No integrations yet', '---', 'Open Herald', 'Pause deliveries', '---', 'Quit Herald']);
    // No integration is active yet: the grey image, both scale factors, real PNGs.
    expect(r.tray.image).toEqual([
      { bytes: pngBytes('tray-paused.png'), scaleFactor: 1, png: 'PNG' },
      { bytes: pngBytes('tray-paused@2x.png'), scaleFactor: 2, png: 'PNG' },
    ]);
    expect(r.navigated).toEqual(['location.hash = "/rules"', 'location.hash = "/integrations?new=1"']);
    expect(r.opened).toBe(dataDir);
    expect(r.paused).toMatchObject({ engine: true, tray: { tooltip: 'Herald — deliveries paused; no integrations yet', items: expect.arrayContaining(['Resume deliveries']) } });
    expect(r.savedAfterMove).toEqual({ window: { bounds: { x: 300, y: 200, width: 1000, height: 700 }, maximized: false } });
    expect(r.afterClose).toEqual({
      window: expect.objectContaining({ visible: false, destroyed: false }),
      windows: 1,
      exited: null,
      notifications: ['Herald keeps delivering'],
      saved: { window: { bounds: { x: 310, y: 210, width: 1000, height: 700 }, maximized: false }, trayHintShown: true },
    });
    expect(r.afterOpen).toEqual({ visible: true, windows: 1 });
    expect(r.afterSecondInstance).toEqual({ visible: true, windows: 1 });
    expect(r.quit).toEqual({ exited: 0, trayDestroyed: true, windowDestroyed: true });
  });

  it('reopens the window where it was', () => {
    expect(run(dataDir, 'restart').window).toEqual({ x: 310, y: 210, width: 1000, height: 700, center: false, visible: true, destroyed: false });
  });

  it('fits the window onto a smaller display', () => {
    expect(run(dataDir, 'small-display').window).toMatchObject({ x: 310, y: 0, width: 1000, height: 640 });
  });

  it('turns the tray red and lists the integration when deliveries fail; IPC from a foreign page is refused', () => {
    const r = run(join(work, 'health'), 'health');
    expect(r.untrusted).toEqual({ ok: false, error: { code: 'forbidden', message: 'Untrusted sender' } });
    expect(r.created).toEqual([true, true]);
    expect(r.failing).toEqual({
      tooltip: 'Herald — 1 integration active, 1 failing, 1 disabled',
      items: ['1 integration active, 1 failing, 1 disabled', '---', 'Open Herald', 'Pause deliveries', '---', 'Needs a look', 'Broken hook — failing, retry 1', 'Off hook — disabled', '---', 'Quit Herald'],
      image: [
        { bytes: pngBytes('tray-failing.png'), scaleFactor: 1, png: 'PNG' },
        { bytes: pngBytes('tray-failing@2x.png'), scaleFactor: 2, png: 'PNG' },
      ],
    });
  });

  it('quits when the window closes if close to tray is off', () => {
    const r = run(join(work, 'no-tray'), 'no-close-to-tray');
    expect(r.setting).toBe(true);
    expect(r.afterClose).toMatchObject({ window: { destroyed: true }, exited: 0 });
  });
});
