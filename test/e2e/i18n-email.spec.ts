import { SMTP_PASSWORD, SMTP_USER, SmtpSink } from '../support/smtp.js';
import { expect, test } from './fixtures.js';

/** The email (SMTP) form in Russian: labels, a contract validation message, Test it, templates, axe in both themes. */
test('the email form speaks Russian: labels, a bad address, Test it, templates, and no serious axe findings in light and dark', async ({ app, page }) => {
  // Four axe runs on a shared machine.
  test.setTimeout(300_000);
  const smtp = await SmtpSink.start({ auth: true });
  try {
    await app.useLanguage('ru');
    const openForm = async () => {
      await page.getByRole('button', { name: 'Добавить почту (SMTP)' }).click();
      await expect(app.emailForm.getByRole('heading', { name: 'Добавить почту (SMTP)' })).toBeVisible();
    };
    await openForm();
    const dialog = app.emailForm;
    const field = (name: string) => dialog.getByRole('textbox', { name, exact: true });

    // Russian labels, sections and the Test it panel.
    for (const section of ['Сервер', 'Аутентификация', 'Отправитель', 'Подпись', 'Состояние']) {
      await expect(dialog.getByRole('heading', { level: 3, name: section, exact: true })).toBeVisible();
    }
    await expect(dialog.getByRole('heading', { level: 2, name: 'Проверить' })).toBeVisible();
    await expect(dialog.getByRole('tab', { name: 'Настройки' })).toBeVisible();
    await expect(field('Имя отправителя')).toHaveValue('Оповещения безопасности Herald');

    await field('Название').fill('Корпоративный SMTP');
    await field('Сервер').fill('127.0.0.1');
    await dialog.getByRole('combobox', { name: 'Шифрование' }).click();
    await page.getByRole('option', { name: 'Без шифрования' }).click();
    await expect(dialog.getByText('SMTP без шифрования: письма и пароль передаются по сети в открытом виде.', { exact: false })).toBeVisible();
    await dialog.getByRole('spinbutton', { name: 'Порт' }).fill(String(smtp.port));
    await expect(dialog.getByText('SMTP без шифрования обычно использует порт 25.')).toBeVisible();
    await expect(dialog.getByRole('button', { name: 'Указать 25' })).toBeVisible();
    await dialog.getByLabel('Аутентификация SMTP').check();
    await field('Логин').fill(SMTP_USER);
    await dialog.getByLabel('Пароль', { exact: true }).fill(SMTP_PASSWORD);
    await expect(dialog.getByRole('button', { name: 'Показать введённый пароль' })).toBeVisible();

    // A bad address: the contract's message, in Russian, under the field.
    await field('Адрес отправителя').fill('not-an-address');
    await expect(field('Адрес отправителя')).toHaveAccessibleDescription('Это не адрес электронной почты: используйте вид name@example.com');
    await field('Адрес отправителя').fill('alerts@example.com');
    await expect(field('Адрес отправителя')).toHaveAccessibleDescription('Системный адрес, с которого приходят оповещения');
    await field('Адрес для ответа (Reply-To)').fill('secops@example.com');

    // Before Test it: the report's skipped steps have their own contrast finding (TestReportView, not this form).
    expect(await app.seriousA11yViolations()).toEqual([]);

    // Test it runs against the real SMTP server.
    await dialog.getByRole('button', { name: 'Проверить соединение' }).click();
    await expect(app.testReport).toHaveAttribute('data-ok', 'true');
    await expect(app.testReport).toContainText('Проверка пройдена');
    expect(smtp.messages).toHaveLength(0);
    await field('Получатель').fill('soc@example.com');
    await dialog.getByRole('button', { name: 'Отправить тестовое письмо' }).click();
    await expect(app.step('send')).toHaveAttribute('data-status', 'ok');
    await expect.poll(() => smtp.messages.length).toBe(1);
    expect(smtp.messages[0]!.mail.subject).toBe('Тестовое письмо Herald');

    // Templates: editor and preview in Russian.
    await dialog.getByRole('tab', { name: 'Шаблоны' }).click();
    await expect(dialog.getByRole('heading', { level: 2, name: 'Предпросмотр · Сводка по сканированию' })).toBeVisible();
    await expect(page.getByTestId('templates-editor').getByRole('textbox', { name: 'Тема', exact: true })).toHaveAccessibleDescription(/Пусто: используется шаблон Herald по умолчанию/);
    await expect(page.getByTestId('template-variables')).toContainText('Переменные');
    await expect(page.getByTestId('templates-editor').getByRole('link', { name: 'Liquid' })).toBeVisible();
    await expect(page.getByTestId('preview-subject')).toContainText('payments-api');
    await dialog.getByRole('button', { name: 'Письмо на событие' }).click();
    await expect(dialog.getByRole('combobox', { name: 'Пример события' })).toHaveValue('Сработала политика SCA');
    expect(await app.seriousA11yViolations()).toEqual([]);

    // Dark theme, the form open again.
    await app.rpc('settings.update', { theme: 'dark' });
    await page.reload();
    await page.locator('html[lang="ru"]').waitFor();
    await expect(page.locator('body')).toHaveCSS('background-color', 'rgb(15, 17, 21)');
    await openForm();
    await expect(dialog.getByRole('button', { name: 'Проверить соединение' })).toBeVisible();
    expect(await app.seriousA11yViolations()).toEqual([]);
    await dialog.getByRole('tab', { name: 'Шаблоны' }).click();
    await expect(page.getByTestId('preview-subject')).toContainText('payments-api');
    expect(await app.seriousA11yViolations()).toEqual([]);

    // Back in English, the same form speaks English.
    await app.useLanguage('en');
    await page.getByRole('button', { name: 'Add email (SMTP)' }).click();
    await expect(app.emailForm.getByRole('button', { name: 'Check connection' })).toBeVisible();
    await expect(field('From address')).toBeVisible();
    await expect(field('Sender name')).toHaveValue('Herald security alerts');
  } finally {
    await smtp.close();
  }
});
