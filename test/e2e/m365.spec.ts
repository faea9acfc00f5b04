import { CLIENT_ID, CLIENT_SECRET, M365Fake, TENANT } from '../support/m365-fake.js';
import { expect, test } from './fixtures.js';

// Axe over a large dialog, more than once, on a shared machine.
test.setTimeout(240_000);

test('Microsoft 365 (Graph API): seed 001 OAuth2 fields, Test it against Entra ID and Graph (a wrong secret, then success and a test email), saved, masked and revealed', async ({ app, page }) => {
  const m365 = await M365Fake.start();
  try {
    await page.getByRole('button', { name: 'Add email (SMTP)' }).click();
    const dialog = app.emailForm;
    const field = (name: string) => dialog.getByRole('textbox', { name, exact: true });
    await field('Name').fill('Microsoft 365');
    await dialog.getByRole('radio', { name: 'Microsoft 365 (Graph API)' }).check();
    // Graph has no SMTP server: those fields go, the app registration's come.
    await expect(field('Server')).toHaveCount(0);
    await expect(dialog.getByRole('heading', { level: 3, name: 'Authentication' })).toHaveCount(0);
    await expect(dialog.getByRole('heading', { level: 3, name: 'Microsoft 365 app registration' })).toBeVisible();
    await expect(dialog).toContainText('Mail.Send application permission');

    await field('Directory (tenant) ID').fill('contoso');
    await expect(dialog).toContainText('A Directory (tenant) ID is a GUID such as 72f988bf-86f1-41af-91ab-2d7cd011db47, or a domain such as contoso.onmicrosoft.com');
    await field('Directory (tenant) ID').fill(TENANT);
    await field('Application (client) ID').fill(CLIENT_ID);
    await dialog.getByLabel(/^Client secret/).fill('wrong~secret');
    await field('From address').fill('alerts@contoso.com');
    await field('Reply-To').fill('secops@contoso.com');
    await dialog.getByRole('button', { name: /Advanced/ }).click();
    await field('Sign-in endpoint').fill(m365.loginBase);
    await field('Graph endpoint').fill(m365.graphBase);

    await dialog.getByRole('button', { name: 'Check sign-in' }).click();
    await expect(app.testReport).toContainText('Entra ID rejected the client secret (AADSTS7000215).');
    await expect(app.testReport).toContainText('Invalid client secret provided.');
    await expect(app.testReport).toContainText('not its Secret ID');

    await dialog.getByLabel(/^Client secret/).fill(CLIENT_SECRET);
    await dialog.getByRole('button', { name: 'Check sign-in' }).click();
    await expect(app.testReport).toContainText('Token, permission and mailbox check out. No email was sent.');
    await expect(app.step('token')).toContainText(`Entra ID issued a token for app ${CLIENT_ID} in tenant ${TENANT}`);
    await expect(app.step('permission')).toContainText('Mail.Send');
    await expect(app.step('mailbox')).toContainText('Security Alerts <alerts@contoso.com>');
    expect(m365.sends).toHaveLength(0);

    await field('Recipient').fill('soc@contoso.com');
    await dialog.getByRole('button', { name: 'Send test email' }).click();
    await expect(app.step('send')).toContainText('Graph accepted the test email to soc@contoso.com (202 Accepted)');
    expect(m365.sends).toHaveLength(1);
    expect(m365.sends[0]!.json!.message).toMatchObject({ toRecipients: [{ emailAddress: { address: 'soc@contoso.com' } }] });
    await page.screenshot({ path: '/tmp/m365-graph-form.png' });
    await dialog.getByRole('radio', { name: 'Microsoft 365 (Graph API)' }).scrollIntoViewIfNeeded();
    await page.screenshot({ path: '/tmp/m365-graph-form-top.png' });
    expect(await app.seriousA11yViolations()).toEqual([]);

    await dialog.getByRole('button', { name: 'Save' }).click();
    await expect(app.rows.first()).toContainText('Microsoft 365');
    await expect(app.rows.first()).toContainText('Microsoft 365 · from alerts@contoso.com');
    await page.screenshot({ path: '/tmp/m365-list.png' });
    // The secret is masked everywhere and revealed only on request.
    expect(await page.content()).not.toContain(CLIENT_SECRET);
    await app.rows.first().getByRole('button', { name: /Edit/ }).click();
    await expect(dialog.getByRole('radio', { name: 'Microsoft 365 (Graph API)' })).toBeChecked();
    await expect(field('Directory (tenant) ID')).toHaveValue(TENANT);
    await expect(dialog.getByTestId('reveal-client_secret')).toBeVisible();
    await dialog.getByTestId('reveal-client_secret').getByRole('button').first().click();
    await expect(dialog.getByTestId('reveal-client_secret')).toContainText(CLIENT_SECRET);
  } finally {
    await m365.close();
  }
});

test('SMTP with OAuth2 (XOAUTH2) shows the mailbox and the app fields instead of the password', async ({ app, page }) => {
  await page.getByRole('button', { name: 'Add email (SMTP)' }).click();
  const dialog = app.emailForm;
  const field = (name: string) => dialog.getByRole('textbox', { name, exact: true });
  await field('Server').fill('smtp.office365.com');
  await dialog.getByLabel('SMTP authentication').check();
  await expect(dialog.getByLabel('Password', { exact: true })).toBeVisible();
  await dialog.getByRole('radio', { name: 'OAuth2 (XOAUTH2)' }).check();
  await expect(dialog.getByLabel('Password', { exact: true })).toHaveCount(0);
  await expect(field('Mailbox')).toBeVisible();
  await expect(field('Directory (tenant) ID')).toBeVisible();
  await expect(field('Application (client) ID')).toBeVisible();
  await expect(dialog.getByLabel(/^Client secret/)).toBeVisible();
  await expect(dialog).toContainText('SMTP.SendAsApp');
  await dialog.getByLabel(/^Client secret/).scrollIntoViewIfNeeded();
  await page.screenshot({ path: '/tmp/m365-xoauth2-form.png' });
  expect(await app.seriousA11yViolations()).toEqual([]);
});

test('Microsoft 365 in Russian: the form, Test it against the fake, saved; axe in light and dark', async ({ app, page }) => {
  const m365 = await M365Fake.start();
  try {
    await app.useLanguage('ru');
    await page.getByRole('button', { name: 'Добавить почту (SMTP)' }).click();
    const dialog = app.emailForm;
    const field = (name: string) => dialog.getByRole('textbox', { name, exact: true });
    await field('Название').fill('Microsoft 365');
    await dialog.getByRole('radio', { name: 'Microsoft 365 (через Graph API)' }).check();
    await expect(dialog.getByRole('heading', { level: 3, name: 'Регистрация приложения Microsoft 365' })).toBeVisible();
    await field('Идентификатор каталога (клиента)').fill(TENANT);
    await field('Идентификатор приложения (клиента)').fill('not-a-guid');
    await expect(dialog).toContainText('Идентификатор приложения (клиента) — это GUID вида 6731de76-14a6-49ae-97bc-6eba6914391e');
    await field('Идентификатор приложения (клиента)').fill(CLIENT_ID);
    await dialog.getByLabel(/^Секрет клиента/).fill(CLIENT_SECRET);
    await field('Адрес отправителя').fill('alerts@contoso.com');
    await field('Адрес для ответа (Reply-To)').fill('secops@contoso.com');
    await dialog.getByRole('button', { name: /Дополнительно/ }).click();
    await field('Адрес входа').fill(m365.loginBase);
    await field('Адрес Graph').fill(m365.graphBase);
    m365.roles = [];
    await dialog.getByRole('button', { name: 'Проверить вход' }).click();
    await expect(app.step('permission')).toContainText('В токене нет разрешения приложения Mail.Send (роли: нет).');
    await expect(app.testReport).toContainText('согласие администратора в Entra ID');
    m365.roles = ['Mail.Send'];
    await dialog.getByRole('button', { name: 'Проверить вход' }).click();
    await expect(app.testReport).toContainText('Токен, разрешение и почтовый ящик в порядке. Письмо не отправлялось.');
    await expect(app.step('token')).toContainText('Entra ID выдал токен приложению');
    await page.screenshot({ path: '/tmp/m365-graph-form-ru.png' });
    expect(await app.seriousA11yViolations()).toEqual([]);
    await dialog.getByRole('button', { name: 'Сохранить' }).click();
    await expect(app.rows.first()).toContainText('Microsoft 365 · от alerts@contoso.com');

    await app.rpc('settings.update', { theme: 'dark' });
    await page.reload();
    await page.locator('html[lang="ru"]').waitFor();
    await app.rows.first().getByRole('button', { name: /Изменить/ }).click();
    await expect(dialog.getByRole('radio', { name: 'Microsoft 365 (через Graph API)' })).toBeChecked();
    await page.screenshot({ path: '/tmp/m365-graph-form-ru-dark.png' });
    expect(await app.seriousA11yViolations()).toEqual([]);
  } finally {
    await m365.close();
  }
});
