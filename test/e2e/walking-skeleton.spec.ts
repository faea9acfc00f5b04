import { closedPort } from '../support/receiver.js';
import { expect, test } from './fixtures.js';

test('create a webhook, Test it (success and a clear failure), fire an event, watch it in the live log and at the receiver', async ({ app, receiver, page }) => {
  await app.page.getByRole('heading', { level: 1, name: 'Integrations' }).waitFor();
  // A new user is told what to do first.
  await expect(page.getByText('No integrations yet')).toBeVisible();
  await page.getByRole('button', { name: 'Add webhook' }).first().click();

  await app.fillWebhook({
    name: 'SOC intake',
    url: receiver.url('/soc'),
    token: 'soc-token-1234567890abcdef',
    events: ['Project SCA analysis finished'],
  });

  // Test it against the live receiver: every step passes.
  await app.form.getByRole('button', { name: 'Test it' }).click();
  await expect(app.testReport).toContainText('accepted');
  await expect(app.step('status')).toContainText('200');
  expect(receiver.requests.at(-1)!.json).toMatchObject({ events: [{ trigger: 'test', payload: {} }] });
  expect(receiver.requests.at(-1)!.headers['x-herald-authentication']).toBe('soc-token-1234567890abcdef');

  // Test it against a closed port: the TCP step fails in plain words with a hint.
  const port = await closedPort();
  await app.field('URL').fill(`http://127.0.0.1:${port}/soc`);
  await app.form.getByRole('button', { name: 'Test it' }).click();
  await expect(app.step('tcp')).toContainText('refused');
  await expect(app.testReport).toContainText('nothing is listening');

  await app.field('URL').fill(receiver.url('/soc'));
  await app.form.getByRole('button', { name: 'Save' }).click();
  await expect(app.rows).toHaveCount(1);
  await expect(app.rows.first()).toContainText('SOC intake');
  await expect(app.rows.first()).toContainText('Active');

  // Fire the example event from the catalogue.
  await app.open('Events');
  await page.getByText('Project SCA analysis finished', { exact: true }).first().click();
  await page.getByTestId('fire-button').click();
  await expect(page.getByText(/routed to 1 integration/i)).toBeVisible();

  // The live log shows the event at once and the delivery within the 5 s batch window.
  await app.open('Live log');
  await expect(app.logEntries.filter({ hasText: 'project_sca_analysis_finished' }).first()).toBeVisible();
  const attempt = app.logEntries.filter({ hasText: 'delivered' }).first();
  await expect(attempt).toBeVisible({ timeout: 15_000 });
  const delivered = receiver.requests.find((r) => (r.json as { events: { trigger: string }[] }).events[0]!.trigger === 'project_sca_analysis_finished');
  expect(delivered).toBeDefined();
  expect((delivered!.json as { events: { payload: { project_name: string } }[] }).events[0]!.payload.project_name).toBeTruthy();

  // The attempt detail shows the exact request, with the token masked.
  await attempt.click();
  const drawer = page.getByTestId('attempt-detail');
  await expect(drawer).toContainText('POST');
  await expect(drawer).toContainText('X-Herald-Authentication');
  await expect(drawer).toContainText('••••••••');
  await expect(drawer).not.toContainText('soc-token-1234567890abcdef');
});

test('the integrations list filters by All / Active / Disabled', async ({ app, herald, receiver, page }) => {
  const create = (name: string, is_active: boolean) =>
    fetch(`${herald.base}api/settings/webhooks/`, {
      method: 'POST',
      headers: { authorization: `Bearer ${herald.token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ name, url: receiver.url(), events: ['test'], is_active }),
    });
  await create('Active hook', true);
  await create('Paused hook', false);
  await page.reload();
  await expect(app.rows).toHaveCount(2);
  await page.getByRole('tab', { name: /^Active/ }).click();
  await expect(app.rows).toHaveCount(1);
  await expect(app.rows.first()).toContainText('Active hook');
  await page.getByRole('tab', { name: /^Disabled/ }).click();
  await expect(app.rows).toHaveCount(1);
  await expect(app.rows.first()).toContainText('Paused hook');
});
