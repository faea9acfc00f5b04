import { _electron as electron, expect, test } from '@playwright/test';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
// @ts-expect-error plain .mjs helper shared with `npm start`
import { electronBinary } from '../../scripts/electron-binary.mjs';

const { path: binary, reason } = electronBinary() as { path: string | null; reason: string | null };
if (!binary) console.log(`[electron] SKIPPED: ${reason}. These tests run where the Electron binary can be downloaded.`);

test.describe('desktop app (Electron)', () => {
  test.skip(!binary, `Electron binary unavailable: ${reason}`);

  test('opens the window with a locked-down renderer and the contract on window.herald', async () => {
    const userData = mkdtempSync(join(tmpdir(), 'herald-electron-'));
    const app = await electron.launch({ executablePath: binary!, args: ['.'], env: { ...process.env, HERALD_DATA_DIR: userData, HERALD_API_PORT: '0' } });
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
});
