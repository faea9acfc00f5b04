import { SMTP_PASSWORD, SMTP_USER, SmtpSink } from '../support/smtp.js';
import { expect, test, type HeraldPage } from './fixtures.js';

/** Seed 003's scheduled reports: the form, Send now to a real SMTP server, Russian, axe in light and dark. */

let smtp: SmtpSink;
test.beforeEach(async () => {
  smtp = await SmtpSink.start({ auth: true });
});
test.afterEach(async () => {
  await smtp.close();
});

async function emailIntegration(app: HeraldPage): Promise<{ id: string }> {
  return app.rpc<{ id: string }>('integrations.create', {
    kind: 'email',
    name: 'Corporate SMTP',
    settings: { host: '127.0.0.1', port: smtp.port, security: 'none', auth: true, username: SMTP_USER, from_address: 'herald@example.com', from_name: 'Herald reports', reply_to: 'secops@example.com' },
    secrets: { password: SMTP_PASSWORD },
  });
}

test('create a weekly report in the form, Send now to a receiver and see the server reply', async ({ app, page }) => {
  test.setTimeout(120_000);
  await emailIntegration(app);
  const catalogue = await app.rpc<{ name: string; example: Record<string, unknown> }[]>('catalogue.list');
  const policy = catalogue.find((t) => t.name === 'sca_policy_has_been_triggered')!;
  await app.rpc('events.fire', { trigger: policy.name, payload: policy.example });

  await app.open('Reports');
  const empty = page.getByTestId('reports-empty');
  await expect(empty.getByRole('heading', { name: 'No reports yet' })).toBeVisible();
  await empty.getByRole('button', { name: 'New report' }).click();
  const form = page.getByRole('dialog', { name: 'New report' });
  await form.getByRole('textbox', { name: 'Name' }).fill('Weekly security summary');
  await form.getByRole('textbox', { name: 'Recipients' }).fill('ciso@example.com, not-an-address');
  await form.getByRole('combobox', { name: 'Frequency' }).click();
  await page.getByRole('option', { name: 'Weekly' }).click();
  await form.getByRole('combobox', { name: 'Day of the week' }).click();
  await page.getByRole('option', { name: 'Monday' }).click();
  await form.getByRole('textbox', { name: 'Time' }).fill('09:00');
  await form.getByRole('combobox', { name: 'Time zone' }).fill('Europe/Berlin');
  await page.getByRole('option', { name: 'Europe/Berlin', exact: true }).click();
  await form.getByRole('button', { name: 'Save report' }).click();
  // The bad address is named before anything is saved.
  await expect(form).toContainText('Not an e-mail address: use the form name@example.com');
  await page.screenshot({ path: '/tmp/reports-form.png' });
  await form.getByRole('textbox', { name: 'Recipients' }).fill('ciso@example.com, appsec@example.com');
  await form.getByRole('button', { name: 'Save report' }).click();
  await expect(form).toBeHidden();

  const row = page.getByTestId('report-row');
  await expect(row).toHaveCount(1);
  await expect(row.getByTestId('report-schedule')).toHaveText('Every Monday at 09:00 · Europe/Berlin');
  await expect(row).toContainText('Corporate SMTP');
  await expect(row.getByTestId('report-last')).toHaveText('Not sent yet');

  await row.getByRole('button', { name: 'Send a preview of Weekly security summary now' }).click();
  const result = page.getByTestId('send-result');
  await expect(result).toContainText('Preview of Weekly security summary sent to 2 recipients.');
  await expect(result.getByTestId('server-reply')).toContainText(/Server reply: 250 /);
  expect(smtp.messages).toHaveLength(1);
  const mail = smtp.messages[0]!.mail;
  expect(mail.subject).toMatch(/^\[Preview\] Herald weekly report · /);
  expect(mail.attachments.map((a) => a.contentType)).toEqual(['text/csv']);
  await page.screenshot({ path: '/tmp/reports-list.png' });

  // The received email, as a mail client would show its HTML.
  const html = mail.html || '';
  expect(html).toContain('Block critical CVEs in production');
  const viewer = await page.context().newPage();
  await viewer.setViewportSize({ width: 760, height: 900 });
  await viewer.setContent(html);
  await viewer.screenshot({ path: '/tmp/report-email.png', fullPage: true });
  await viewer.close();

  // A failing server: the SMTP reply is shown.
  await smtp.close();
  smtp = await SmtpSink.start({ auth: true });
  await row.getByRole('button', { name: 'Send a preview of Weekly security summary now' }).click();
  await expect(result).toContainText('Preview of Weekly security summary was not sent');
  await expect(result).toContainText(/refused|Connection|connect/i);

  // Delete with the confirmation.
  await row.getByRole('button', { name: 'Delete Weekly security summary' }).click();
  const confirm = page.getByRole('dialog', { name: 'Delete Weekly security summary?' });
  await confirm.getByRole('button', { name: 'Delete' }).click();
  await expect(page.getByTestId('reports-empty')).toBeVisible();
});

test('reports in Russian: the list, the form, Send now; axe finds nothing serious in light and dark', async ({ app, page }) => {
  test.setTimeout(240_000);
  const mail = await emailIntegration(app);
  await app.rpc('reports.create', { name: 'Сводка для CISO', integration_id: mail.id, recipients: ['ciso@example.com'], schedule: { frequency: 'weekly', time: '09:00', weekday: 1 }, timezone: 'Europe/Moscow' });
  await app.rpc('reports.create', { name: 'Ежемесячный отчёт', integration_id: mail.id, recipients: ['a@example.com', 'b@example.com', 'c@example.com'], schedule: { frequency: 'monthly', time: '18:00', day: 'last' }, timezone: 'Europe/Moscow' });
  await app.useLanguage('ru');

  await page.getByRole('navigation').getByRole('link', { name: 'Отчёты' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Отчёты' })).toBeVisible();
  const rows = page.getByTestId('report-row');
  await expect(rows.nth(0).getByTestId('report-schedule')).toHaveText('Еженедельно, понедельник, в 09:00 · Europe/Moscow');
  await expect(rows.nth(1).getByTestId('report-schedule')).toHaveText('Ежемесячно, в последний день, в 18:00 · Europe/Moscow');
  await expect(rows.nth(1)).toContainText('3 получателя');
  expect(await app.seriousA11yViolations()).toEqual([]);

  await rows.nth(0).getByRole('button', { name: 'Отправить предпросмотр «Сводка для CISO» сейчас' }).click();
  await expect(page.getByTestId('send-result')).toContainText('Предпросмотр «Сводка для CISO» отправлен: 1 получатель.');
  expect(smtp.messages[0]!.mail.subject).toMatch(/^\[Предпросмотр\] Herald: еженедельный отчёт · /);
  await page.screenshot({ path: '/tmp/reports-ru.png' });
  expect(await app.seriousA11yViolations()).toEqual([]);

  await rows.nth(0).getByRole('button', { name: 'Изменить «Сводка для CISO»' }).click();
  const form = page.getByRole('dialog', { name: 'Изменить «Сводка для CISO»' });
  await expect(form.getByRole('combobox', { name: 'День недели' })).toHaveText('понедельник');
  await form.getByRole('textbox', { name: 'Получатели' }).fill('');
  await form.getByRole('button', { name: 'Сохранить отчёт' }).click();
  await expect(form).toContainText('Добавьте хотя бы одного получателя');
  expect(await app.seriousA11yViolations()).toEqual([]);
  await form.getByRole('button', { name: 'Отмена' }).click();

  await app.rpc('settings.update', { theme: 'dark' });
  await page.reload();
  await page.locator('html[lang="ru"]').waitFor();
  await expect(page.getByRole('heading', { level: 1, name: 'Отчёты' })).toBeVisible();
  await expect(rows).toHaveCount(2);
  expect(await app.seriousA11yViolations()).toEqual([]);
  await page.screenshot({ path: '/tmp/reports-dark.png' });
  await rows.nth(1).getByRole('button', { name: 'Изменить «Ежемесячный отчёт»' }).click();
  await expect(page.getByRole('dialog', { name: 'Изменить «Ежемесячный отчёт»' })).toBeVisible();
  expect(await app.seriousA11yViolations()).toEqual([]);
  await page.screenshot({ path: '/tmp/reports-form-dark.png' });
});
