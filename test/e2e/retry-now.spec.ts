import { expect, test } from './fixtures.js';

test('a failing webhook shows where it is on its retry ladder; once the receiver is fixed, Retry now sends the queue without waiting', async ({ app, receiver, page }) => {
  receiver.status = 502;
  await page.getByRole('button', { name: 'Add webhook' }).first().click();
  await app.fillWebhook({ name: 'SOC intake', url: receiver.url('/soc'), events: ['Project SCA analysis finished'] });
  // No batching window: the first try goes out as soon as the event is fired.
  await app.policy.getByRole('button', { name: 'Send at once' }).click();
  await expect(app.policy).toContainText('Each event goes out as soon as it arrives.');
  await app.form.getByRole('button', { name: 'Save' }).click();
  await expect(app.row('SOC intake')).toBeVisible();

  await app.open('Events');
  await app.openTrigger('Project SCA analysis finished');
  await page.getByTestId('fire-button').click();
  await receiver.waitFor(1, 10_000);

  await app.open('Integrations');
  const row = app.row('SOC intake');
  await expect(row.getByTestId('health')).toHaveAttribute('data-state', 'failing');
  // Seed 004's ladder: the first retry is a minute away.
  await expect(row.getByTestId('retry-state')).toHaveText(/^Retry 1 of 7 at \d/);

  receiver.status = 200;
  await row.getByRole('button', { name: 'Retry SOC intake now' }).click();
  await receiver.waitFor(2, 10_000);
  await expect(row.getByTestId('health')).toHaveAttribute('data-state', 'active');
  expect((receiver.requests[1]!.json as { events: { trigger: string }[] }).events[0]!.trigger).toBe('project_sca_analysis_finished');
  await app.open('Live log');
  await expect(app.logEntries.filter({ hasText: 'SOC intake' }).filter({ hasText: 'delivered' })).toHaveCount(1);
  await expect(app.logEntries.filter({ hasText: 'retry now requested by a user' })).toHaveCount(1);
});

test('the Jira form has the same Delivery section, and keeps what was saved', async ({ app, page }) => {
  await page.getByRole('button', { name: 'Add integration' }).click();
  await page.getByRole('menuitem', { name: 'Jira' }).click();
  const dialog = page.getByRole('dialog').filter({ has: page.getByTestId('jira-form') });
  await dialog.getByRole('textbox', { name: 'Name', exact: true }).fill('Security Jira');
  await dialog.getByRole('textbox', { name: 'URL', exact: true }).fill('http://127.0.0.1:9/jira');
  await dialog.getByRole('textbox', { name: 'Access token', exact: true }).fill('pat-123456789');
  await app.chooseRetry('Custom schedule');
  await app.policyField('Waits before each retry').fill('30s, 5m, 2h');
  await expect(app.policyField('Waits before each retry')).toHaveAccessibleDescription('3 retries: 30s → 5m → 2h');
  await app.policy.getByRole('button', { name: 'Custom' }).click();
  await app.policyField('Window').fill('4000');
  await dialog.getByRole('button', { name: 'Save anyway' }).click();
  // A window over an hour is refused by the contract, under the field.
  await expect(app.policy).toContainText('At most one hour');
  await app.policyField('Window').fill('20');
  await dialog.getByRole('button', { name: 'Save anyway' }).click();
  await expect(app.row('Security Jira')).toBeVisible();

  await page.getByRole('button', { name: 'Edit Security Jira' }).click();
  await expect(app.policy.getByRole('combobox', { name: 'Retry schedule' })).toHaveText('Custom schedule');
  await expect(app.policyField('Waits before each retry')).toHaveValue('30s, 5m, 2h');
  await expect(app.policy.getByRole('button', { name: 'Custom' })).toHaveAttribute('aria-pressed', 'true');
  await expect(app.policyField('Window')).toHaveValue('20');
  await expect(app.policy.getByRole('radio', { name: /After the last retry fails/ })).toBeChecked();
});
