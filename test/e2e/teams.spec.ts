import { TeamsFake } from '../support/chat-fakes.js';
import { expect, test } from './fixtures.js';

// Axe over a large dialog, twice, on a shared machine.
test.setTimeout(180_000);

test('Microsoft Teams: a bad URL next to the field, Test it (a deleted flow, then 202 explained), setup, masked, routed by a rule, axe', async ({ app, page }) => {
  const teams = await TeamsFake.start();
  try {
    await page.getByRole('button', { name: 'Add integration' }).click();
    await page.getByRole('menuitem', { name: 'Microsoft Teams' }).click();
    const dialog = page.getByRole('dialog').filter({ has: page.getByTestId('teams-form') });
    await expect(dialog.getByRole('heading', { name: 'Add Microsoft Teams' })).toBeVisible();
    await dialog.getByRole('textbox', { name: 'Name', exact: true }).fill('Teams AppSec');
    const url = dialog.getByLabel('Workflow URL', { exact: false });
    await url.fill('prod-00.westeurope.logic.azure.com/workflows/x');
    await expect(dialog).toContainText('Paste the whole workflow URL, e.g. https://prod-00.westeurope.logic.azure.com:443/workflows/…');

    await url.fill(teams.workflowUrl(teams.signature, 'deadbeef'));
    await dialog.getByRole('button', { name: 'Test it' }).click();
    await expect(app.testReport).toContainText('Teams says 404 WorkflowNotFound: the workflow was deleted or turned off, or the URL is incomplete.');
    await expect(app.testReport).toContainText('Turn the workflow on in Power Automate');
    await expect(dialog.getByRole('button', { name: 'Save anyway' })).toBeVisible();

    await url.fill(teams.workflowUrl());
    await dialog.getByRole('button', { name: 'Test it' }).click();
    await expect(app.testReport).toContainText('Teams accepted the test message.');
    await expect(app.step('send')).toContainText('Teams accepted it (202 Accepted); the workflow posts it.');
    await page.screenshot({ path: '/tmp/teams-form.png' });
    expect(await app.seriousA11yViolations()).toEqual([]);
    await dialog.getByRole('button', { name: 'Setup now' }).click();
    await expect(app.rows.first()).toContainText('Teams AppSec');
    await expect(app.rows.first()).toContainText('webhook');
    expect(await page.content()).not.toContain(teams.signature);

    await app.open('Rules');
    await page.getByTestId('rules-empty').getByRole('button', { name: 'Create rule' }).click();
    await app.ruleForm.getByRole('textbox', { name: 'Name' }).fill('Policies to Teams');
    await app.addRuleAction('Teams AppSec');
    await expect(app.ruleForm).toContainText('Microsoft Teams: one Adaptive Card per event through its workflow');
    await app.ruleForm.getByRole('button', { name: 'Save' }).click();
    await expect(page.getByTestId('rule-row')).toContainText('Teams AppSec');
    const before = teams.posts.length;
    await app.open('Events');
    await page.getByTestId('scan-card').getByRole('button', { name: 'Run scan' }).click();
    await expect(page.getByTestId('scan-result')).toContainText('Routed to Teams AppSec');
    await expect.poll(() => teams.posts.length - before, { timeout: 15_000 }).toBeGreaterThan(0);
  } finally {
    await teams.close();
  }
});

test('Microsoft Teams in Russian: the failure and its fix in Russian, axe in light and dark', async ({ app, page }) => {
  const teams = await TeamsFake.start();
  try {
    await app.useLanguage('ru');
    await page.getByRole('button', { name: 'Добавить интеграцию' }).click();
    await page.getByRole('menuitem', { name: 'Microsoft Teams' }).click();
    const dialog = page.getByRole('dialog').filter({ has: page.getByTestId('teams-form') });
    await dialog.getByRole('textbox', { name: 'Название', exact: true }).fill('Teams AppSec');
    const url = dialog.getByLabel('Адрес рабочего процесса', { exact: false });
    await url.fill(teams.workflowUrl('forged'));
    await dialog.getByRole('button', { name: 'Проверить' }).click();
    await expect(app.testReport).toContainText('Teams ответил 401 DirectApiAuthorizationRequired: рабочий процесс отклонил запрос.');
    await expect(app.testReport).toContainText('Who can trigger the flow');
    await url.fill(teams.connectorUrl);
    await dialog.getByRole('button', { name: 'Проверить' }).click();
    await expect(app.step('send')).toContainText('Коннектор опубликовал его (200, «1»).');
    await expect(app.testReport).toContainText('Teams принял тестовое сообщение.');
    await page.screenshot({ path: '/tmp/teams-form-ru.png' });
    expect(await app.seriousA11yViolations()).toEqual([]);
    await dialog.getByRole('button', { name: 'Подключить' }).click();
    await expect(app.rows.first()).toContainText('вебхук');

    await app.rpc('settings.update', { theme: 'dark' });
    await page.reload();
    await page.locator('html[lang="ru"]').waitFor();
    await page.getByRole('button', { name: 'Добавить интеграцию' }).click();
    await page.getByRole('menuitem', { name: 'Microsoft Teams' }).click();
    await expect(dialog).toBeVisible();
    expect(await app.seriousA11yViolations()).toEqual([]);
  } finally {
    await teams.close();
  }
});
