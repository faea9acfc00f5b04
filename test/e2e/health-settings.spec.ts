import { AxeBuilder } from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import { Receiver } from '../support/receiver.js';
import { expect, test, type HeraldPage } from './fixtures.js';

type TriggerSummary = { name: string; example: Record<string, unknown> };

/** A webhook that sends each event at once, created through the page's own transport. */
async function addWebhook(app: HeraldPage, name: string, url: string) {
  return app.rpc<{ id: string }>('integrations.create', {
    kind: 'webhook',
    name,
    settings: { url, events: ['project_sca_analysis_finished'] },
    secrets: {},
    policy: { batch_window_ms: 0 },
  });
}
async function fire(app: HeraldPage) {
  const catalogue = await app.rpc<TriggerSummary[]>('catalogue.list');
  const example = catalogue.find((t) => t.name === 'project_sca_analysis_finished')!.example;
  await app.rpc('events.fire', { trigger: 'project_sca_analysis_finished', payload: example });
}
/** No serious or critical accessibility violations on the current screen. */
async function expectAccessible(page: Page) {
  const result = await new AxeBuilder({ page }).analyze();
  const bad = result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  expect(bad.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`)).toEqual([]);
}
type StyleWindow = { getComputedStyle(el: unknown): { backgroundColor: string }; document: { body: unknown } };
const background = (page: Page) =>
  page.evaluate(() => {
    const w = globalThis as unknown as StyleWindow;
    return w.getComputedStyle(w.document.body).backgroundColor;
  });
/** Relative luminance of an rgb() colour, 0 (black) to 1 (white). */
function luminance(rgb: string): number {
  const [r, g, b] = (rgb.match(/\d+/g) ?? []).slice(0, 3).map((v) => Number(v) / 255);
  return 0.2126 * r! + 0.7152 * g! + 0.0722 * b!;
}

test('a new user is told what to do first on Health', async ({ app, page }) => {
  await app.open('Health');
  await expect(page.getByTestId('health-empty')).toContainText('No integrations yet');
  await expect(page.getByTestId('health-empty').getByRole('link', { name: 'adding an integration' })).toHaveAttribute('href', '#/integrations');
});

test('Health charts deliveries and failures per integration, lists the next retries, and Retry now sends the queue', async ({ app, page, receiver }) => {
  const failing = await Receiver.start();
  failing.status = 502;
  try {
    await addWebhook(app, 'SIEM intake', receiver.url('/siem'));
    await addWebhook(app, 'SOAR playbooks', failing.url('/soar'));
    await app.open('Health');
    await expect(page.getByTestId('health-empty')).toContainText('No deliveries in the 24 hours');

    await fire(app);
    await receiver.waitFor(1, 10_000);
    await failing.waitFor(1, 10_000);
    await fire(app);
    await receiver.waitFor(2, 10_000);

    const siem = app.healthCard('SIEM intake');
    await expect(siem.getByTestId('health-summary')).toContainText('2 attempts: 2 delivered, 0 failed (100 % success)', { timeout: 15_000 });
    await expect(siem.getByRole('figure', { name: /^Deliveries of SIEM intake: 2 attempts/ })).toBeVisible();
    await expect(siem.getByText('Delivered', { exact: true })).toBeVisible();
    await expect(siem.getByText('Failed', { exact: true })).toBeVisible();
    await expect(siem.getByText('p95', { exact: true })).toBeVisible();
    // The failing one: its first try failed, the second event waits behind the retry.
    const soar = app.healthCard('SOAR playbooks');
    await expect(soar.getByTestId('health-summary')).toContainText('1 attempt: 0 delivered, 1 failed (0 % success)');
    await expect(soar).toContainText('Failing');

    // Seed 004's ladder: the first retry is a minute away.
    const row = app.nextRetries.getByTestId('retry-row').filter({ hasText: 'SOAR playbooks' });
    await expect(row.getByTestId('retry-line')).toHaveText(/^Retry 1 of 7 at \d/);
    await expect(app.nextRetries.getByTestId('retry-row')).toHaveCount(1);

    // Another range keeps the same counts.
    await page.getByTestId('health-range').getByRole('button', { name: 'Last hour' }).click();
    await expect(siem.getByTestId('health-summary')).toContainText('2 attempts: 2 delivered');

    failing.status = 200;
    await row.getByRole('button', { name: 'Retry SOAR playbooks now' }).click();
    await failing.waitFor(2, 10_000);
    await expect(app.nextRetries).toContainText('Nothing is waiting for a retry');
    await expect(soar.getByTestId('health-summary')).toContainText(/delivered, 1 failed/);
    await expect(soar.getByTestId('health-summary')).not.toContainText('0 delivered');
  } finally {
    await failing.close();
  }
});

test('dead letters on Health link to that integration\'s dead letters', async ({ app, page }) => {
  const failing = await Receiver.start();
  failing.status = 400;
  try {
    // A 4xx is permanent for a webhook only after its retries; give it a single short retry.
    await app.rpc('integrations.create', {
      kind: 'webhook',
      name: 'Case tracker',
      settings: { url: failing.url('/cases'), events: ['project_sca_analysis_finished'] },
      secrets: {},
      policy: { batch_window_ms: 0, retry: { preset: 'custom', custom_ms: [1000] }, auto_disable: { preset: 'exhausted' } },
    });
    await fire(app);
    await failing.waitFor(2, 15_000);
    await app.open('Health');
    const link = page.getByTestId('dead-link').filter({ hasText: 'Case tracker' });
    await expect(link).toHaveText('Case tracker: 1 dead letter', { timeout: 15_000 });
    await link.click();
    await expect(page.getByRole('heading', { level: 1, name: 'Dead letters' })).toBeVisible();
    await expect(page.getByTestId('dead-total')).toHaveText('1 dead letter for Case tracker');
  } finally {
    await failing.close();
  }
});

test('Settings: an invalid value is explained under its field; a valid one is kept', async ({ app, page }) => {
  await app.open('Settings');
  const retention = app.settingsField('Keep history for');
  await expect(retention).toHaveValue('30');
  await retention.fill('0');
  await page.getByRole('button', { name: 'Save', exact: true }).click();
  await expect(retention).toHaveAccessibleDescription('At least 1 day');
  await expect(retention).toHaveAttribute('aria-invalid', 'true');

  await retention.fill('45');
  await app.settingsField('Default batching window').fill('0');
  await page.getByRole('button', { name: 'Save', exact: true }).click();
  await expect(page.getByTestId('settings-saved')).toBeVisible();
  const saved = await app.rpc<{ retention_days: number; batch_interval_ms: number }>('settings.get');
  expect(saved.retention_days).toBe(45);
  expect(saved.batch_interval_ms).toBe(0);
  await page.reload();
  await expect(app.settingsField('Keep history for')).toHaveValue('45');
  await expect(page.getByRole('textbox', { name: 'Data folder' })).toHaveValue(/herald-e2e-/);
});

test('the theme setting applies at once and survives a reload', async ({ app, page }) => {
  await app.open('Settings');
  await app.chooseTheme('Light');
  await expect.poll(async () => luminance(await background(page))).toBeGreaterThan(0.9);
  await app.chooseTheme('Dark');
  await expect.poll(async () => luminance(await background(page))).toBeLessThan(0.15);
  expect((await app.rpc<{ theme: string }>('settings.get')).theme).toBe('dark');
  await page.reload();
  await app.open('Integrations');
  expect(luminance(await background(page))).toBeLessThan(0.15);
  // System follows the operating system's preference, live.
  await app.open('Settings');
  await page.emulateMedia({ colorScheme: 'light' });
  await app.chooseTheme('System');
  await expect.poll(async () => luminance(await background(page))).toBeGreaterThan(0.9);
  await page.emulateMedia({ colorScheme: 'dark' });
  await expect.poll(async () => luminance(await background(page))).toBeLessThan(0.15);
});

test('paused deliveries queue events and send nothing until resumed', async ({ app, page, receiver }) => {
  await addWebhook(app, 'SIEM intake', receiver.url('/siem'));
  await app.pauseButton.click();
  await expect(app.pausedBanner).toContainText('Deliveries are paused');
  await expect(page.getByTestId('paused-chip')).toHaveText('Paused');
  expect((await app.rpc<{ paused: boolean }>('app.info')).paused).toBe(true);
  await fire(app);
  // The event is recorded; nothing is sent while paused.
  await expect.poll(async () => (await app.rpc<{ entries: unknown[] }>('log.list', { kinds: ['event'] })).entries.length).toBe(1);
  await page.waitForTimeout(2000);
  expect(receiver.requests).toHaveLength(0);

  await app.resumeButton.click();
  await expect(app.pausedBanner).toBeHidden();
  await receiver.waitFor(1, 10_000);
  expect((receiver.requests[0]!.json as { events: { trigger: string }[] }).events[0]!.trigger).toBe('project_sca_analysis_finished');
  await expect(app.pauseButton).toBeVisible();

  // A pause from elsewhere (the tray, the API) shows up in the app bar by itself.
  await app.rpc('deliveries.pause', { paused: true });
  await expect(page.getByTestId('paused-chip')).toBeVisible();
  await expect(app.resumeButton).toBeVisible();
  await app.rpc('deliveries.pause', { paused: false });
  await expect(app.pausedBanner).toBeHidden();
});

for (const theme of ['Light', 'Dark'] as const) {
  test(`Health and Settings have no serious accessibility violations (${theme.toLowerCase()} theme)`, async ({ app, page, receiver }) => {
    const failing = await Receiver.start();
    failing.status = 502;
    try {
      await addWebhook(app, 'SIEM intake', receiver.url('/siem'));
      await addWebhook(app, 'SOAR playbooks', failing.url('/soar'));
      await fire(app);
      await receiver.waitFor(1, 10_000);
      await failing.waitFor(1, 10_000);
      await app.open('Settings');
      await app.chooseTheme(theme);
      await expectAccessible(page);
      await app.open('Health');
      await expect(app.healthCard('SIEM intake')).toBeVisible();
      await expect(app.nextRetries.getByTestId('retry-row')).toHaveCount(1);
      await expectAccessible(page);
    } finally {
      await failing.close();
    }
  });
}
