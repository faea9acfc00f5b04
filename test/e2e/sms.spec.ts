import { SmsFake } from '../support/sms-fake.js';
import { expect, test } from './fixtures.js';

// Axe over a large dialog, twice, on a shared machine.
test.setTimeout(180_000);

test('SMS gateway: URL and numbers checked next to the fields, the live length counter, Test it to a typed number (refused, then accepted), setup, a rule with its own number, axe', async ({ app, page }) => {
  const gw = await SmsFake.start();
  try {
    await page.getByRole('button', { name: 'Add integration' }).click();
    await page.getByRole('menuitem', { name: 'SMS gateway' }).click();
    const dialog = page.getByRole('dialog').filter({ has: page.getByTestId('sms-form') });
    await expect(dialog.getByRole('heading', { name: 'Add SMS gateway' })).toBeVisible();
    await dialog.getByRole('textbox', { name: 'Name', exact: true }).fill('On-call SMS');
    const url = dialog.getByRole('textbox', { name: 'Gateway URL', exact: false });
    await url.fill('sms.example.com/send');
    await expect(dialog).toContainText('Not a valid http:// or https:// URL');
    await url.fill(gw.url);

    const numbers = dialog.getByRole('combobox', { name: 'Phone numbers' });
    await numbers.fill('12345,');
    await expect(dialog).toContainText('12345 is not an international number: use + and 8–15 digits');
    await numbers.press('Backspace');
    await numbers.fill('+447700900123,');
    await expect(dialog).not.toContainText('is not an international number');

    // The counter counts what the engine renders for a sample alert.
    const counter = dialog.getByTestId('sms-counter');
    await expect(counter).toContainText(/GSM-7 · \d+ characters · 1 SMS \(160 per SMS\)/);
    const template = dialog.getByRole('textbox', { name: 'SMS text (LiquidJS)' });
    await template.fill('Внимание: {{ event.payload.vulnerability }} в {{ event.project }}');
    await expect(counter).toContainText(/UCS-2 · \d+ characters · 1 SMS \(70 per SMS\)/);
    await template.fill('{% for i in (1..40) %}Уязвимость {{ i }} {% endfor %}');
    await expect(counter).toContainText('longer than 3 SMS: cut to');

    await dialog.getByRole('textbox', { name: 'Token', exact: true }).fill('wrong-token');
    await dialog.getByRole('textbox', { name: 'Send the test SMS to' }).fill('+33612345678');
    await dialog.getByRole('button', { name: 'Test it' }).click();
    await expect(app.testReport).toContainText('The SMS gateway refused the credentials (401).');
    await expect(app.testReport).toContainText('Check the authentication type, the login and the secret the gateway expects.');

    await dialog.getByRole('textbox', { name: 'Token', exact: true }).fill('sms-test-token-0001');
    await dialog.getByRole('button', { name: 'Test it' }).click();
    await expect(app.testReport).toContainText('The gateway accepted a test SMS to +33612345678.');
    await expect(app.step('send')).toContainText('Sent to +33612345678; the gateway answered 200: {"status":"queued"');
    expect(gw.sent.at(-1)!.to).toBe('+33612345678');
    await page.screenshot({ path: '/tmp/sms-form.png', fullPage: true });
    expect(await app.seriousA11yViolations()).toEqual([]);
    await dialog.getByRole('button', { name: 'Setup now' }).click();
    await expect(app.rows.first()).toContainText('On-call SMS');
    await expect(app.rows.first()).toContainText(/POST 127\.0\.0\.1:\d+ · 1 number/);
    expect(await page.content()).not.toContain('sms-test-token-0001');

    await app.open('Rules');
    await page.getByTestId('rules-empty').getByRole('button', { name: 'Create rule' }).click();
    await app.ruleForm.getByRole('textbox', { name: 'Name' }).fill('Blockers by SMS');
    await app.addRuleAction('On-call SMS');
    await expect(app.ruleForm).toContainText('Empty = the integration’s number: +447700900123');
    const own = app.ruleForm.getByRole('combobox', { name: 'Phone numbers for this rule' });
    await own.fill('+3361234,');
    await expect(app.ruleForm).toContainText('+3361234 is not an international number');
    await own.press('Backspace');
    await own.fill('+33612345678,');
    await page.screenshot({ path: '/tmp/sms-rule-action.png' });
    await app.ruleForm.getByRole('button', { name: 'Save' }).click();
    await expect(page.getByTestId('rule-row')).toContainText('+33612345678');
    const before = gw.sent.length;
    await app.open('Events');
    await page.getByTestId('scan-card').getByRole('button', { name: 'Run scan' }).click();
    await expect(page.getByTestId('scan-result')).toContainText('Routed to On-call SMS');
    await expect.poll(() => gw.sent.length - before, { timeout: 15_000 }).toBeGreaterThan(0);
    expect(gw.sent.slice(before).every((s) => s.to === '+33612345678')).toBe(true);
  } finally {
    await gw.close();
  }
});

test('SMS gateway in Russian: GET with a header key, the counter in Russian, axe in light and dark', async ({ app, page }) => {
  const gw = await SmsFake.start({ kind: 'header', name: 'X-API-Key', value: 'key-123' });
  try {
    await app.useLanguage('ru');
    await page.getByRole('button', { name: 'Добавить интеграцию' }).click();
    await page.getByRole('menuitem', { name: 'SMS-шлюз' }).click();
    const dialog = page.getByRole('dialog').filter({ has: page.getByTestId('sms-form') });
    await dialog.getByRole('textbox', { name: 'Название', exact: true }).fill('SMS дежурным');
    await dialog.getByRole('textbox', { name: 'URL шлюза', exact: false }).fill(`${gw.url}?to={{ phone }}&text={{ text }}`);
    await dialog.getByRole('combobox', { name: 'Метод' }).click();
    await page.getByRole('option', { name: 'GET' }).click();
    await dialog.getByRole('combobox', { name: 'Авторизация' }).click();
    await page.getByRole('option', { name: 'Ключ API в заголовке' }).click();
    await dialog.getByRole('textbox', { name: 'Имя заголовка', exact: true }).fill('X API');
    await expect(dialog).toContainText('Имя заголовка может содержать только латинские буквы');
    await dialog.getByRole('textbox', { name: 'Имя заголовка', exact: true }).fill('X-API-Key');
    await dialog.getByRole('textbox', { name: 'Значение заголовка (ключ API)', exact: true }).fill('key-123');
    await dialog.getByRole('combobox', { name: 'Номера телефонов' }).fill('+79161234567,');
    await expect(dialog.getByTestId('sms-counter')).toContainText(/GSM-7 · \d+ символ/);
    await dialog.getByRole('button', { name: 'Проверить' }).click();
    await expect(app.testReport).toContainText('Шлюз принял тестовое SMS на +79161234567.');
    expect(gw.sent.at(-1)).toMatchObject({ method: 'GET', to: '+79161234567' });
    await page.screenshot({ path: '/tmp/sms-form-ru.png', fullPage: true });
    expect(await app.seriousA11yViolations()).toEqual([]);
    await dialog.getByRole('button', { name: 'Подключить' }).click();
    await expect(app.rows.first()).toContainText(/GET 127\.0\.0\.1:\d+ · 1 номер/);

    await app.rpc('settings.update', { theme: 'dark' });
    await page.reload();
    await page.locator('html[lang="ru"]').waitFor();
    await page.getByRole('button', { name: 'Добавить интеграцию' }).click();
    await page.getByRole('menuitem', { name: 'SMS-шлюз' }).click();
    await expect(dialog).toBeVisible();
    expect(await app.seriousA11yViolations()).toEqual([]);
  } finally {
    await gw.close();
  }
});
