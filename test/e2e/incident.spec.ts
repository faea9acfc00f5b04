import { OpsgenieFake, PagerDutyFake } from '../support/incident-fakes.js';
import { expect, test } from './fixtures.js';

// Axe over a large dialog, more than once, on a shared machine.
test.setTimeout(180_000);

test('PagerDuty: a bad routing key next to the field, region and URL, Test it (wrong key, then trigger + resolve), setup, a scan pages it, axe', async ({ app, page }) => {
  const pd = await PagerDutyFake.start();
  try {
    await page.getByRole('button', { name: 'Add integration' }).click();
    await page.getByRole('menuitem', { name: 'PagerDuty' }).click();
    const dialog = page.getByRole('dialog').filter({ has: page.getByTestId('pagerduty-form') });
    await expect(dialog.getByRole('heading', { name: 'Add PagerDuty' })).toBeVisible();
    await dialog.getByRole('textbox', { name: 'Name', exact: true }).fill('PagerDuty AppSec');
    // How scan-finished events reach it is said in the form.
    await expect(dialog).toContainText('the same rule also hands this integration the scan-finished event');
    await expect(dialog).toContainText('so nobody is paged for real');

    const key = dialog.getByLabel('Routing key', { exact: false });
    await key.fill('not-a-key');
    await expect(dialog).toContainText('A routing key is the 32-character Integration Key of an Events API v2 integration');

    await dialog.getByRole('combobox', { name: 'Region' }).click();
    await page.getByRole('option', { name: 'EU' }).click();
    await expect(dialog).toContainText('EU accounts use events.eu.pagerduty.com');
    await dialog.getByRole('combobox', { name: 'Region' }).click();
    await page.getByRole('option', { name: /Other URL/ }).click();
    await dialog.getByRole('textbox', { name: 'Events API URL' }).fill(pd.eventsUrl);

    await key.fill('Rffffffffffffffffffffffffffffff0');
    await dialog.getByRole('button', { name: 'Test it' }).click();
    await expect(app.testReport).toContainText('PagerDuty says 400: the routing key was not accepted.');
    await expect(app.testReport).toContainText('Invalid routing key');
    await expect(app.testReport).toContainText('Service → Integrations');
    await expect(dialog.getByRole('button', { name: 'Save anyway' })).toBeVisible();

    await key.fill(pd.routingKey);
    await dialog.getByRole('button', { name: 'Test it' }).click();
    await expect(app.testReport).toContainText('PagerDuty accepted a test alert and it was resolved at once.');
    await expect(app.step('trigger')).toContainText('PagerDuty accepted the event: dedup_key herald-test-');
    await expect(app.step('resolve')).toContainText('Resolved herald-test-');
    expect(pd.open).toHaveLength(0);
    await page.screenshot({ path: '/tmp/pagerduty-form.png', fullPage: true });
    await dialog.getByText('Resolve alerts when a scan finishes clean').scrollIntoViewIfNeeded();
    await page.screenshot({ path: '/tmp/pagerduty-form-bottom.png' });
    expect(await app.seriousA11yViolations()).toEqual([]);

    await dialog.getByRole('button', { name: 'Setup now' }).click();
    await expect(app.rows.first()).toContainText('PagerDuty AppSec');
    await expect(app.rows.first()).toContainText(`Events API v2 · ${new URL(pd.origin).host}`);
    expect(await page.content()).not.toContain(pd.routingKey);

    await app.open('Rules');
    await page.getByTestId('rules-empty').getByRole('button', { name: 'Create rule' }).click();
    await app.ruleForm.getByRole('textbox', { name: 'Name' }).fill('Policies to PagerDuty');
    await app.addRuleAction('PagerDuty AppSec');
    await app.ruleForm.getByRole('button', { name: 'Save' }).click();
    await expect(page.getByTestId('rule-row')).toContainText('PagerDuty AppSec');
    await app.open('Events');
    await page.getByTestId('scan-card').getByRole('button', { name: 'Run scan' }).click();
    await expect(page.getByTestId('scan-result')).toContainText('Routed to PagerDuty AppSec');
    await expect.poll(() => pd.open.length, { timeout: 15_000 }).toBeGreaterThan(0);
  } finally {
    await pd.close();
  }
});

test('Opsgenie in Russian: the key checked next to the field, Test it (wrong key, then create, status, close), setup, axe in light and dark', async ({ app, page }) => {
  const og = await OpsgenieFake.start();
  try {
    await app.useLanguage('ru');
    await page.getByRole('button', { name: 'Добавить интеграцию' }).click();
    await page.getByRole('menuitem', { name: 'Opsgenie' }).click();
    const dialog = page.getByRole('dialog').filter({ has: page.getByTestId('opsgenie-form') });
    await expect(dialog.getByRole('heading', { name: 'Добавить Opsgenie' })).toBeVisible();
    await dialog.getByRole('textbox', { name: 'Название', exact: true }).fill('Opsgenie AppSec');
    const key = dialog.getByLabel('Ключ API', { exact: false });
    await key.fill('abc');
    await expect(dialog).toContainText('Ключ API Opsgenie выглядит как 1a2b3c4d-5e6f-…; скопируйте его из интеграции API');

    await dialog.getByRole('combobox', { name: 'Регион' }).click();
    await page.getByRole('option', { name: /Другой адрес/ }).click();
    await dialog.getByRole('textbox', { name: 'Базовый адрес API' }).fill(og.origin);
    await dialog.getByRole('combobox', { name: 'Команды-получатели' }).fill('AppSec');
    await dialog.getByRole('combobox', { name: 'Команды-получатели' }).press('Enter');

    await key.fill('00000000-0000-0000-0000-000000000000');
    await dialog.getByRole('button', { name: 'Проверить' }).click();
    await expect(app.testReport).toContainText('Opsgenie ответил 401: ключ API не принят. [Could not authenticate]');
    await expect(app.testReport).toContainText('Create and Update Access');

    await key.fill(og.apiKey);
    await dialog.getByRole('button', { name: 'Проверить' }).click();
    await expect(app.testReport).toContainText('Opsgenie принял тестовое оповещение, и оно сразу закрыто.');
    await expect(app.step('status')).toContainText('Opsgenie обработал запрос: Created alert');
    await expect(app.step('close')).toContainText('Закрыто: herald-test-');
    expect(og.open).toHaveLength(0);
    await page.screenshot({ path: '/tmp/opsgenie-form-ru.png', fullPage: true });
    expect(await app.seriousA11yViolations()).toEqual([]);

    await dialog.getByRole('button', { name: 'Подключить' }).click();
    await expect(app.rows.first()).toContainText('Opsgenie AppSec');
    await expect(app.rows.first()).toContainText(`${new URL(og.origin).host} · AppSec`);

    await app.rpc('settings.update', { theme: 'dark' });
    await page.reload();
    await page.locator('html[lang="ru"]').waitFor();
    await page.getByRole('button', { name: 'Добавить интеграцию' }).click();
    await page.getByRole('menuitem', { name: 'Opsgenie' }).click();
    await expect(dialog).toBeVisible();
    await page.screenshot({ path: '/tmp/opsgenie-form-dark.png', fullPage: true });
    expect(await app.seriousA11yViolations()).toEqual([]);
  } finally {
    await og.close();
  }
});
