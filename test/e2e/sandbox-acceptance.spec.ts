import { expect, test, type HeraldPage } from './fixtures.js';

/**
 * Issue 7's acceptance path, through the console only (set-up of integrations and rules by the
 * API): Capture a scan into the sandbox and read what was sent; then Chaos under the demo
 * clock, watching retries and the auto-disable in the live log. The configured targets are a
 * port nothing listens on: a send that escaped the sandbox would fail the test.
 */
const NOWHERE = 'http://127.0.0.1:9';
const TOKEN = 'whsec_live_9a8b7c6d5e4f3a2b';

async function chooseMode(app: HeraldPage, name: string, mode: 'Live' | 'Capture' | 'Chaos') {
  await app.row(name).getByTestId('sandbox-mode').click();
  const dialog = app.page.getByTestId('sandbox-mode-dialog');
  await dialog.getByRole('radio', { name: mode }).check();
  return dialog;
}

test('Capture: a scan goes to the sandbox; the digest email and the webhook request can be read there', async ({ app, page }) => {
  const hook = await app.rpc<{ id: string }>('integrations.create', {
    kind: 'webhook',
    name: 'SIEM intake',
    settings: { url: `${NOWHERE}/intake`, events: ['project_sca_analysis_started', 'sca_policy_has_been_triggered', 'project_sca_analysis_finished'] },
    secrets: { token: TOKEN },
  });
  const mail = await app.rpc<{ id: string }>('integrations.create', {
    kind: 'email',
    name: 'AppSec mail',
    settings: { host: '127.0.0.1', port: 9, security: 'none', from_address: 'alerts@example.com', from_name: 'Herald alerts', reply_to: 'secops@example.com' },
  });
  await app.rpc('rules.create', { name: 'Scan digest', triggers: ['sca_policy_has_been_triggered'], actions: [{ integration_id: mail.id, params: { recipients: ['appsec@example.com'], format: 'digest' } }] });
  expect(hook.id).toBeTruthy();
  await page.reload();

  for (const name of ['SIEM intake', 'AppSec mail']) {
    const dialog = await chooseMode(app, name, 'Capture');
    await expect(dialog).toContainText('Nothing leaves this computer');
    await dialog.getByRole('button', { name: 'Apply' }).click();
    await expect(dialog).toBeHidden();
    await expect(app.row(name).getByTestId('sandbox-mode')).toHaveAttribute('data-mode', 'capture');
  }

  await app.open('Events');
  await page.getByTestId('scan-card').getByRole('button', { name: 'Run scan' }).click();

  await app.open('Sandbox');
  const rows = page.getByTestId('capture-row');
  // One digest email, and one webhook request per 5 s window (the scan may span two windows).
  await expect(rows.filter({ hasText: 'AppSec mail' })).toHaveCount(1, { timeout: 20_000 });
  await expect(rows.filter({ hasText: 'SIEM intake' }).first()).toBeVisible();

  await rows.filter({ hasText: 'AppSec mail' }).click();
  const detail = page.getByTestId('capture-detail');
  await expect(detail).toContainText('appsec@example.com');
  await expect(detail).toContainText('payments-api');
  // The HTML body as the recipient would see it, in a sandboxed frame.
  const frame = detail.locator('iframe');
  await expect(frame).toHaveAttribute('sandbox', '');
  await expect(frame.contentFrame().getByText('Block critical CVEs in production').first()).toBeVisible();

  await rows.filter({ hasText: 'SIEM intake' }).first().click();
  await expect(detail).toHaveAttribute('data-kind', 'webhook');
  await expect(detail).toContainText('POST');
  await expect(detail).toContainText('/intake');
  await expect(detail).toContainText('X-Herald-Authentication');
  await expect(detail).toContainText('••••••••3a2b');
  await expect(detail).toContainText('project_sca_analysis_started');
  await expect(page.getByText(TOKEN)).toHaveCount(0);
});

test('Chaos under the demo clock: every send fails, Herald retries, then disables the webhook; the live log shows it all', async ({ app, page }) => {
  await app.rpc('integrations.create', {
    kind: 'webhook',
    name: 'Flaky SIEM',
    settings: { url: `${NOWHERE}/intake`, events: ['sca_policy_has_been_triggered'] },
    secrets: { token: TOKEN },
    policy: { retry: { preset: 'fast_cycles' }, auto_disable: { preset: 'failure_ratio', failure_ratio: 0.8, min_attempts: 4 } },
  });
  await page.reload();

  // The demo clock: an hour per second, shown in the app bar for as long as it runs.
  await page.getByTestId('demo-clock').click();
  await page.getByRole('menuitem', { name: /^×3600/ }).click();
  await expect(page.getByTestId('time-scale')).toHaveText('Time ×3600');

  const dialog = await chooseMode(app, 'Flaky SIEM', 'Chaos');
  const settings = dialog.getByTestId('chaos-settings');
  await settings.getByRole('slider').focus();
  await page.keyboard.press('End');
  await expect(settings).toContainText('100 % of sends fail');
  await expect(settings.getByRole('checkbox', { name: 'Error answer' })).toBeChecked();
  await settings.getByRole('textbox', { name: 'Error code' }).fill('500');
  await dialog.getByRole('button', { name: 'Apply' }).click();
  await expect(app.row('Flaky SIEM').getByTestId('sandbox-mode')).toHaveText('Chaos 100 %');

  await app.open('Events');
  await app.openTrigger('SCA Policy has been triggered');
  await page.getByTestId('fire-button').click();
  await expect(page.getByText(/routed to 1 integration/i)).toBeVisible();

  await expect(app.autoDisabledAlert).toContainText('Flaky SIEM was disabled automatically', { timeout: 20_000 });
  await expect(app.autoDisabledAlert).toContainText('100 % of 4 requests failed');

  await app.open('Live log');
  const retries = app.logEntries.filter({ hasText: 'Flaky SIEM' }).filter({ has: page.getByTestId('attempt-outcome').getByText('retry', { exact: true }) });
  await expect(retries).toHaveCount(3);
  await expect(retries.first()).toContainText('HTTP 500');
  await expect(app.logEntries.filter({ hasText: 'Flaky SIEM sends to the sandbox with chaos: 100% of sends fail (status)' })).toHaveCount(1);
  await expect(app.logEntries.filter({ hasText: 'Demo clock: time runs ×3600' })).toHaveCount(1);

  // Back to real time: the indicator goes away.
  await page.getByTestId('time-scale').click();
  await page.getByRole('menuitem', { name: /^Real time/ }).click();
  await expect(page.getByTestId('time-scale')).toHaveCount(0);
  await expect(page.getByTestId('demo-clock')).toBeVisible();
});
