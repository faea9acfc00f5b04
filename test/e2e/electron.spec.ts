import { _electron as electron, expect, test, type ElectronApplication } from '@playwright/test';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
// @ts-expect-error plain .mjs helper shared with `npm start`
import { electronBinary } from '../../scripts/electron-binary.mjs';

const { path: binary, reason } = electronBinary() as { path: string | null; reason: string | null };
if (!binary) console.log(`[electron] SKIPPED: ${reason}. These tests run where the Electron binary can be downloaded.`);

/** The app on a data folder of its own; `userData` may be reused to test a restart. */
function launch(userData: string): Promise<ElectronApplication> {
  return electron.launch({ executablePath: binary!, args: ['.'], env: { ...process.env, HERALD_DATA_DIR: userData, HERALD_API_PORT: '0' } });
}

/** What main/shell/main.ts exposes to these tests on its globalThis (read-only). */
interface ShellProbe {
  tray(): { state: 'ok' | 'failing' | 'paused'; tooltip: string; items: string[] } | null;
  windowStatePath: string;
}
const probe = (app: ElectronApplication) => app.evaluate(() => {
  const shell = (globalThis as unknown as { heraldShell: ShellProbe }).heraldShell;
  return { tray: shell.tray(), windowStatePath: shell.windowStatePath };
});

test.describe('desktop app (Electron)', () => {
  test.skip(!binary, `Electron binary unavailable: ${reason}`);

  test('opens the window with a locked-down renderer and the contract on window.herald', async () => {
    const userData = mkdtempSync(join(tmpdir(), 'herald-electron-'));
    const app = await launch(userData);
    try {
      const page = await app.firstWindow();
      await expect(page.getByRole('heading', { name: 'Integrations' })).toBeVisible();
      // No Node in the page: contextIsolation + sandbox + no nodeIntegration.
      expect(await page.evaluate('typeof require')).toBe('undefined');
      expect(await page.evaluate('typeof process')).toBe('undefined');
      expect(await page.evaluate("window.herald['app.info']({})")).toMatchObject({ ok: true, value: { mode: 'electron' } });
      // A malformed input is answered with a validation error, never a crash.
      expect(await page.evaluate("window.herald['integrations.get']({ id: 42 })")).toMatchObject({ ok: false, error: { code: 'validation' } });
      // Navigation away from the app is denied.
      await page.evaluate("location.href = 'https://example.com/'").catch(() => undefined);
      await expect(page.getByRole('heading', { name: 'Integrations' })).toBeVisible();
    } finally {
      await app.close();
      rmSync(userData, { recursive: true, force: true });
    }
  });
  test('has the application menu with the screens on CmdOrCtrl+1…7, and its items navigate', async () => {
    const userData = mkdtempSync(join(tmpdir(), 'herald-electron-'));
    const app = await launch(userData);
    try {
      const page = await app.firstWindow();
      await expect(page.getByRole('heading', { name: 'Integrations' })).toBeVisible();
      const menu = await app.evaluate(({ Menu }) =>
        Menu.getApplicationMenu()?.items.map((top) => ({ label: top.label, items: top.submenu?.items.map((i) => ({ label: i.label, role: i.role ?? null, accelerator: i.accelerator ?? null })) ?? [] })),
      );
      expect(menu?.map((m) => m.label)).toEqual(expect.arrayContaining(['File', 'Edit', 'View', 'Window', 'Help']));
      const view = menu!.find((m) => m.label === 'View')!.items;
      expect(view.slice(0, 8)).toEqual(
        ['Integrations', 'Rules', 'Events', 'Live log', 'Sandbox', 'Dead letters', 'Health', 'Reports', 'Settings'].map((label, n) => ({ label, role: null, accelerator: `CmdOrCtrl+${n + 1}` })),
      );
      // Launched from the repository (not packaged): developer tools are offered.
      expect(view.map((i) => i.role?.toLowerCase())).toContain('toggledevtools');
      expect(menu!.find((m) => m.label === 'Edit')!.items.map((i) => i.role?.toLowerCase())).toEqual(expect.arrayContaining(['undo', 'redo', 'cut', 'copy', 'paste', 'selectall']));
      expect(menu!.find((m) => m.label === 'File')!.items.find((i) => i.label === 'New integration')?.accelerator).toBe('CmdOrCtrl+N');
      expect(menu!.find((m) => m.label === 'Help')!.items.map((i) => i.label)).toEqual(['Open data folder', 'Show local API token file']);

      await app.evaluate(({ Menu }) => Menu.getApplicationMenu()?.getMenuItemById('view-rules')?.click());
      await expect.poll(() => page.evaluate('location.hash')).toBe('#/rules');
      await app.evaluate(({ Menu }) => Menu.getApplicationMenu()?.getMenuItemById('new-integration')?.click());
      await expect.poll(() => page.evaluate('location.hash')).toBe('#/integrations?new=1');
    } finally {
      await app.close();
      rmSync(userData, { recursive: true, force: true });
    }
  });

  test('shows health in the tray, pauses from it, and keeps running there when the window is closed', async () => {
    const userData = mkdtempSync(join(tmpdir(), 'herald-electron-'));
    const app = await launch(userData);
    try {
      const page = await app.firstWindow();
      await expect(page.getByRole('heading', { name: 'Integrations' })).toBeVisible();
      const { tray } = await probe(app);
      expect(tray).not.toBeNull();
      expect(tray!.tooltip).toBe('Herald — no integrations yet');
      expect(tray!.items).toEqual(expect.arrayContaining(['Open Herald', 'Pause deliveries', 'Quit Herald']));

      // A failing integration turns the tray red within a second of its first attempt.
      const hook = { kind: 'webhook', name: 'Broken hook', is_active: true, settings: { url: 'http://127.0.0.1:9/hook', events: ['test'] } };
      expect(await page.evaluate(`window.herald['integrations.create'](${JSON.stringify(hook)})`)).toMatchObject({ ok: true });
      await page.evaluate("window.herald['settings.update']({ batch_interval_ms: 0 })");
      await page.evaluate("window.herald['events.fire']({ trigger: 'test', payload: {} })");
      await expect.poll(async () => (await probe(app)).tray, { timeout: 15_000 }).toMatchObject({
        state: 'failing',
        tooltip: 'Herald — 1 integration active, 1 failing',
        items: expect.arrayContaining(['Broken hook — failing, retry 1']),
      });

      // Pause through the engine (the tray's menu item calls the same handler) and the tray follows.
      await page.evaluate("window.herald['deliveries.pause']({ paused: true })");
      await expect.poll(async () => (await probe(app)).tray?.state).toBe('paused');
      await expect.poll(async () => (await probe(app)).tray?.items).toContain('Resume deliveries');

      // close_to_tray is on by default: closing hides the window, Herald keeps running.
      const closed = await app.evaluate(({ BrowserWindow }) => {
        const w = BrowserWindow.getAllWindows()[0]!;
        w.close();
        return { windows: BrowserWindow.getAllWindows().length, destroyed: w.isDestroyed(), visible: w.isVisible() };
      });
      expect(closed).toEqual({ windows: 1, destroyed: false, visible: false });
      // A second launch (here: its event) brings it back.
      await app.evaluate(({ app: electronApp }) => electronApp.emit('second-instance'));
      await expect.poll(() => app.evaluate(({ BrowserWindow }) => BrowserWindow.getAllWindows()[0]!.isVisible())).toBe(true);
    } finally {
      await app.close();
      rmSync(userData, { recursive: true, force: true });
    }
  });

  test('reopens the window where it was, at the size it had', async () => {
    const userData = mkdtempSync(join(tmpdir(), 'herald-electron-'));
    try {
      const first = await launch(userData);
      const bounds = { x: 120, y: 90, width: 1000, height: 700 };
      let statePath = '';
      try {
        await first.firstWindow();
        await first.evaluate(({ BrowserWindow }, b) => BrowserWindow.getAllWindows()[0]!.setBounds(b), bounds);
        statePath = (await probe(first)).windowStatePath;
        // Saved after the move/resize settles (debounced), and again on close.
        await expect.poll(() => JSON.parse(readFileSync(statePath, 'utf8')).window?.bounds?.width, { timeout: 5_000 }).toBe(1000);
      } finally {
        await first.close();
      }
      const saved = JSON.parse(readFileSync(statePath, 'utf8')).window;
      expect(saved).toMatchObject({ bounds: { width: 1000, height: 700 }, maximized: false });

      const second = await launch(userData);
      try {
        await second.firstWindow();
        const reopened = await second.evaluate(({ BrowserWindow }) => BrowserWindow.getAllWindows()[0]!.getBounds());
        expect({ width: reopened.width, height: reopened.height }).toEqual({ width: 1000, height: 700 });
        // Window managers may nudge a window by its decorations; it stays where it was, give or take.
        expect(Math.abs(reopened.x - saved.bounds.x)).toBeLessThanOrEqual(40);
        expect(Math.abs(reopened.y - saved.bounds.y)).toBeLessThanOrEqual(40);
      } finally {
        await second.close();
      }
    } finally {
      rmSync(userData, { recursive: true, force: true });
    }
  });
});
