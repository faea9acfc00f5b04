import { expect, test } from './fixtures.js';

// An hour of engine time per real second: the retry ladders play in moments.
test.use({ heraldArgs: ['--time-scale', '3600'] });

test('fast cycles with the failure-ratio auto-disable: the receiver keeps failing, Herald retries, then disables it with the reason and says so', async ({ app, receiver, page }) => {
  receiver.status = 500;
  receiver.responseBody = 'playbook runner unavailable';
  await expect(page.getByTestId('time-scale')).toHaveText('Time ×3600');

  await page.getByRole('button', { name: 'Add webhook' }).first().click();
  await app.fillWebhook({ name: 'Flaky SOAR', url: receiver.url('/soar'), events: ['SCA Policy has been triggered'] });
  // The default is the seed-004 ladder, shown as it is.
  await expect(app.policy).toContainText('1m → 5m → 30m → 3h → 12h → 24h → 48h');
  await expect(app.policy.getByTestId('auto-disable-help')).toContainText('undelivered events become dead letters');
  await app.chooseRetry('Fast cycles (seed 003)');
  await expect(app.policy).toContainText('cycle 1: 1s → 3s → 5s → 10s → 10s · cycle 2: 0s → 1s → 3s → 5s → 30s · cycle 3: 1m → 1m → 3m → 5m → 10m → 30m');
  await app.chooseAutoDisable('failure_ratio');
  await expect(app.policy.getByTestId('auto-disable-help')).toContainText('the last wait repeats');
  // A value out of range is explained under its field before anything is saved.
  await app.policyField('Failed requests').fill('2');
  await app.form.getByRole('button', { name: 'Save' }).click();
  await expect(app.policyField('Failed requests')).toHaveAccessibleDescription('At least 5 %');
  await app.policyField('Failed requests').fill('80');
  await app.policyField('Minimum requests').fill('4');
  await expect(app.policy.getByRole('radio', { name: 'When ≥ 80 % of requests fail over 12h (seed 003)' })).toBeChecked();
  await app.form.getByRole('button', { name: 'Save' }).click();
  await expect(app.row('Flaky SOAR')).toBeVisible();

  // Editing shows the stored policy.
  await page.getByRole('button', { name: 'Edit Flaky SOAR' }).click();
  await expect(app.policy.getByRole('combobox', { name: 'Retry schedule' })).toHaveText('Fast cycles (seed 003)');
  await expect(app.policy.getByRole('radio', { name: /When ≥ 80 %/ })).toBeChecked();
  await expect(app.policyField('Minimum requests')).toHaveValue('4');
  await app.form.getByRole('button', { name: 'Cancel' }).click();

  await app.open('Events');
  await app.openTrigger('SCA Policy has been triggered');
  await page.getByTestId('fire-button').click();
  await expect(page.getByText(/routed to 1 integration/i)).toBeVisible();

  // Wherever the user is, Herald says it gave up, why, and links to the integration.
  const alert = app.autoDisabledAlert;
  await expect(alert).toContainText('Flaky SOAR was disabled automatically', { timeout: 20_000 });
  await expect(alert).toContainText('100 % of 4 requests failed');

  // The retries are in the live log: the failed tries before the give-up, each with the receiver's 500.
  await app.open('Live log');
  const retries = app.logEntries.filter({ hasText: 'Flaky SOAR' }).filter({ has: page.getByTestId('attempt-outcome').getByText('retry', { exact: true }) });
  await expect(retries).toHaveCount(3);
  await expect(retries.first()).toContainText('HTTP 500');
  expect(receiver.requests.length).toBe(4);

  await alert.getByRole('button', { name: 'Open Flaky SOAR' }).click();
  await expect(alert).toBeHidden();
  await page.getByRole('heading', { level: 1, name: 'Integrations' }).waitFor();
  const row = app.row('Flaky SOAR');
  await expect(row.getByTestId('health')).toHaveAttribute('data-state', 'disabled');
  await expect(row.getByTestId('health')).toContainText('Disabled automatically');
  await expect(row.getByTestId('disabled-reason')).toContainText('100 % of 4 requests failed in the last 12 h (the limit is 80 %)');
  await expect(row.getByTestId('disabled-since')).toContainText('By Herald since');
  // failure_ratio keeps the queue: the event still waits for the receiver.
  await expect(row.getByRole('cell').nth(4)).toHaveText('1');
  await expect(row.getByRole('button', { name: 'Refresh availability of Flaky SOAR' })).toBeVisible();
});

test('a custom one-step schedule that gives up: the events become dead letters, and once the receiver is fixed, Replay all delivers them', async ({ app, receiver, page }) => {
  receiver.status = 503;
  await page.getByRole('button', { name: 'Add webhook' }).first().click();
  await app.fillWebhook({ name: 'Ticket bridge', url: receiver.url('/tickets'), events: ['SCA Policy has been triggered', 'Project SCA analysis finished'] });
  await app.chooseRetry('Custom schedule');
  await app.policyField('Waits before each retry').fill('1m, soon');
  await expect(app.policyField('Waits before each retry')).toHaveAccessibleDescription('"soon" is not a duration: write e.g. 30s, 5m, 3h or 1d');
  await app.policyField('Waits before each retry').fill('1m');
  await expect(app.policyField('Waits before each retry')).toHaveAccessibleDescription('1 retry: 1m');
  await app.form.getByRole('button', { name: 'Save' }).click();
  await expect(app.row('Ticket bridge')).toBeVisible();

  // One scan: its policy alert and its finish go out together, fail, wait the one minute, fail again.
  await app.open('Events');
  const scan = page.getByTestId('scan-card');
  await scan.getByRole('spinbutton', { name: 'Policy alerts' }).fill('1');
  await scan.getByRole('button', { name: 'Run scan' }).click();
  await expect(page.getByTestId('scan-result')).toContainText('Routed to Ticket bridge (2 events)');
  await expect(app.autoDisabledAlert).toContainText('Ticket bridge was disabled automatically', { timeout: 20_000 });
  await expect(app.autoDisabledAlert).toContainText('after the 1 min retry');
  await app.autoDisabledAlert.getByRole('button', { name: 'Dismiss' }).click();

  // The row says why, and links to what was given up on.
  await app.open('Integrations');
  const row = app.row('Ticket bridge');
  await expect(row.getByTestId('disabled-reason')).toContainText('The request still failed after the 1 min retry');
  const tried = receiver.requests.length;
  await expect(app.nav('Dead letters')).toContainText('2');
  await row.getByTestId('dead-letters-link').click();
  await page.getByRole('heading', { level: 1, name: 'Dead letters' }).waitFor();
  await expect(page.getByTestId('dead-total')).toHaveText('2 dead letters for Ticket bridge');
  await expect(app.deadRows).toHaveCount(2);
  await expect(app.deadRows.filter({ hasText: 'SCA Policy has been triggered' })).toContainText('Ticket bridge');
  await expect(app.deadRows.filter({ hasText: 'SCA Policy has been triggered' })).toContainText('payments-api');
  await expect(app.deadRows.first()).toContainText('503');

  // Replay before the integration is back: they wait for it, and the screen says so.
  await page.getByRole('button', { name: 'Replay all' }).click();
  const confirm = page.getByTestId('replay-all-dialog');
  await expect(confirm).toContainText('Replay 2 dead letters for Ticket bridge?');
  await expect(confirm).toContainText('original event id');
  await confirm.getByRole('button', { name: 'Replay all' }).click();
  const result = page.getByTestId('replay-result');
  await expect(result).toContainText('Replaying 2 deliveries with their original event ids');
  await expect(result).toContainText('2 wait for Ticket bridge to be enabled');
  await expect(page.getByTestId('dead-empty')).toContainText('No dead letters for Ticket bridge');
  expect(receiver.requests.length).toBe(tried);

  // The receiver is fixed: Refresh availability tests it, enables it, and the replayed events go out.
  receiver.status = 200;
  await app.open('Integrations');
  await app.row('Ticket bridge').getByRole('button', { name: 'Refresh availability of Ticket bridge' }).click();
  await expect(page.getByRole('dialog')).toContainText('Ticket bridge passed the test and is enabled again.');
  await page.getByRole('dialog').getByRole('button', { name: 'Close' }).click();
  await expect(app.row('Ticket bridge').getByTestId('health')).toHaveAttribute('data-state', 'active');
  const replayed = () =>
    receiver.requests
      .slice(tried)
      .flatMap((r) => (r.json as { events: { trigger: string }[] }).events)
      .map((e) => e.trigger)
      .filter((t) => t !== 'test')
      .sort();
  await expect.poll(replayed).toEqual(['project_sca_analysis_finished', 'sca_policy_has_been_triggered']);
  await expect(app.nav('Dead letters')).not.toContainText('2');
});
