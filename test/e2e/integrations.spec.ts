import { expect, test, type HeraldPage } from './fixtures.js';

const TOKEN = 'siem-token-5c1f9e27d08b4a63';

async function createSiem(app: HeraldPage, url: string) {
  return app.rpc<{ id: string }>('integrations.create', {
    kind: 'webhook',
    name: 'SIEM',
    is_active: true,
    settings: { url, events: ['project_sca_analysis_finished'], projects: [] },
    secrets: { token: TOKEN },
  });
}

test('Duplicate makes a disabled copy with the same settings and opens it for editing; enabled, it delivers with the copied token', async ({ app, page, receiver }) => {
  await createSiem(app, receiver.url('/siem'));
  await page.reload();
  await app.row('SIEM').getByRole('button', { name: 'Duplicate SIEM' }).click();

  // The copy's form opens at once, with the original's settings; the stored token is kept, masked.
  await expect(app.form).toBeVisible();
  await expect(app.field('Name')).toHaveValue('SIEM (copy)');
  await expect(app.field('URL')).toHaveValue(receiver.url('/siem'));
  await expect(app.form).not.toContainText(TOKEN);
  await expect(page.getByTestId('duplicated')).toContainText('SIEM (copy) was created disabled');
  await app.field('Name').fill('SIEM staging');
  await app.form.getByRole('button', { name: 'Save' }).click();
  await expect(app.form).toBeHidden();

  const copy = app.row('SIEM staging');
  await expect(copy.getByTestId('health')).toHaveAttribute('data-state', 'disabled');
  await expect(copy.getByTestId('disabled-reason')).toContainText('Copy of SIEM: enable it when it is ready');
  await expect(page.getByRole('tab', { name: 'Disabled (1)' })).toBeVisible();

  // The switch follows the saved state, so it flips once the engine has answered.
  await copy.getByRole('switch', { name: 'Enable SIEM staging' }).click();
  await expect(copy.getByTestId('health')).toHaveAttribute('data-state', 'active');
  await app.rpc('events.fire', { trigger: 'project_sca_analysis_finished', payload: { project_id: 1, project_name: 'payments-api', vulnerabilities_count: 0, dependencies_count: 3 } });
  await receiver.waitFor(2, 15_000);
  expect(receiver.requests.map((r) => r.headers['x-herald-authentication'])).toEqual([TOKEN, TOKEN]);
});

test('Integrations in Russian: list, tabs, health and actions, the delete confirmation; no serious accessibility violations', async ({ app, page, receiver }) => {
  test.setTimeout(120_000); // four axe passes
  await createSiem(app, receiver.url('/siem'));
  await app.useLanguage('ru');
  await page.getByRole('heading', { level: 1, name: 'Интеграции' }).waitFor();
  await expect(page.getByRole('button', { name: 'Добавить интеграцию' })).toBeVisible();
  await expect(page.getByRole('tab', { name: 'Все (1)' })).toBeVisible();
  await expect(page.getByRole('tab', { name: 'Выключенные (0)' })).toBeVisible();
  await expect(page.getByRole('columnheader', { name: 'Последняя отправка' })).toBeVisible();
  const row = app.rows.first();
  await expect(row).toContainText('Работает');
  await expect(row).toContainText('Ни разу');
  await expect(row.getByRole('button', { name: 'Дублировать SIEM' })).toBeVisible();
  expect(await app.seriousA11yViolations()).toEqual([]);

  await row.getByRole('button', { name: 'Удалить SIEM' }).click();
  const dialog = page.getByTestId('delete-dialog');
  await expect(dialog.getByRole('heading', { name: 'Удалить SIEM?' })).toBeVisible();
  await expect(dialog).toContainText('перестанет получать оповещения');
  expect(await app.seriousA11yViolations('[role="dialog"]')).toEqual([]);
  await dialog.getByRole('button', { name: 'Удалить' }).click();
  await expect(page.getByText('Интеграций пока нет')).toBeVisible();
  await expect(page.getByRole('button', { name: 'Добавить вебхук' })).toBeVisible();

  await app.rpc('settings.update', { theme: 'dark' });
  await page.reload();
  await page.getByRole('heading', { level: 1, name: 'Интеграции' }).waitFor();
  await page.locator('html[data-theme="dark"]').waitFor();
  expect(await app.seriousA11yViolations()).toEqual([]);
});

test('a stored token is revealed only on an explicit click, the reveal is in the live log without the value, and it hides again', async ({ app, page, receiver }) => {
  await createSiem(app, receiver.url('/siem'));
  await page.reload();
  await app.row('SIEM').getByRole('button', { name: 'Edit SIEM' }).click();
  await expect(app.form).toBeVisible();
  // Masked until asked for.
  await expect(app.form).not.toContainText(TOKEN);
  await expect(app.form.getByTestId('reveal-token')).toContainText('Each reveal is written to the live log.');
  await app.form.getByRole('button', { name: 'Reveal the stored token' }).click();
  await expect(app.form.getByRole('status', { name: 'Stored token' })).toHaveText(TOKEN);
  await expect(app.form).toContainText('This reveal was written to the live log.');
  await app.form.getByRole('button', { name: 'Hide the stored token' }).click();
  await expect(app.form).not.toContainText(TOKEN);
  await page.keyboard.press('Escape');

  await app.open('Live log');
  const notice = app.logEntries.filter({ hasText: 'SIEM: the stored token was revealed in the console' });
  await expect(notice).toHaveCount(1);
  await expect(page.getByTestId('log-scroller')).not.toContainText(TOKEN);
});
