import { SMTP_PASSWORD, SMTP_USER, SmtpSink } from '../support/smtp.js';
import { expect, test } from './fixtures.js';

test('route SCA policies to an email scan digest with a rule, run a scan, see one digest in the live log and at the server', async ({ app, page }) => {
  const smtp = await SmtpSink.start({ auth: true });
  try {
    await page.getByRole('button', { name: 'Add email (SMTP)' }).click();
    const dialog = page.getByRole('dialog').filter({ has: page.getByTestId('email-form') });
    const field = (name: string) => dialog.getByRole('textbox', { name, exact: true });
    await field('Name').fill('AppSec mail');
    await field('Server').fill('127.0.0.1');
    await dialog.getByRole('combobox', { name: 'Encryption' }).click();
    await page.getByRole('option', { name: 'None (plain)' }).click();
    await dialog.getByRole('spinbutton', { name: 'Port' }).fill(String(smtp.port));
    await dialog.getByLabel('SMTP authentication').check();
    await field('Login').fill(SMTP_USER);
    await dialog.getByLabel('Password', { exact: true }).fill(SMTP_PASSWORD);
    await field('From address').fill('alerts@example.com');
    await field('Reply-To').fill('secops@example.com');

    // A broken template is caught by the live preview, under the field it is in.
    await dialog.getByRole('tab', { name: 'Templates' }).click();
    await expect(page.getByTestId('preview-subject')).toContainText('payments-api: 3 policies triggered');
    await field('Subject template').fill('{{ subject.name | upcas }}');
    await expect(dialog.getByText(/line 1, column \d+: unknown filter "upcas"/)).toBeVisible();
    await field('Subject template').fill('{% if count > 0 %}');
    await expect(dialog.getByText(/line 1, column \d+: .*not closed/)).toBeVisible();
    await field('Subject template').fill('');
    await expect(page.getByTestId('preview-subject')).toContainText('payments-api: 3 policies triggered');
    await dialog.getByRole('button', { name: 'Save' }).click();
    await expect(app.rows.first()).toContainText('AppSec mail');

    await app.open('Rules');
    await page.getByTestId('rules-empty').getByRole('button', { name: 'Create rule' }).click();
    const ruleForm = page.getByRole('dialog').filter({ has: page.getByTestId('rule-form') });
    await ruleForm.getByRole('textbox', { name: 'Name' }).fill('SCA policies to AppSec');
    await ruleForm.getByRole('button', { name: 'Add action' }).click();
    await ruleForm.getByRole('combobox', { name: 'Recipients' }).fill('appsec@example.com');
    await ruleForm.getByRole('combobox', { name: 'Recipients' }).press('Enter');
    await ruleForm.getByLabel(/Scan digest/).check();
    await ruleForm.getByRole('button', { name: 'Save' }).click();
    await expect(page.getByTestId('rule-row')).toContainText('AppSec mail → appsec@example.com · scan digest');

    await app.open('Events');
    await page.getByTestId('scan-card').getByRole('button', { name: 'Run scan' }).click();
    await expect(page.getByTestId('scan-result')).toContainText('Fired 5 events');
    await expect(page.getByTestId('scan-result')).toContainText('held for the scan digest of AppSec mail');

    await app.open('Live log');
    const digest = app.logEntries.filter({ hasText: 'AppSec mail' }).filter({ has: page.getByTestId('attempt-outcome') });
    await expect(digest.first()).toContainText('delivered', { timeout: 15_000 });
    await expect(digest.first()).toContainText('SMTP 250');
    await expect(digest.first().getByTestId('attempt-target')).toContainText('To appsec@example.com · [Herald] payments-api: 3 policies triggered (1 blocker)');
    await expect(app.logEntries.filter({ hasText: 'held for the scan digest' })).toHaveCount(3);

    expect(smtp.messages).toHaveLength(1);
    const mail = smtp.messages[0]!.mail;
    expect(mail.subject).toContain('payments-api');
    for (const name of ['Block critical CVEs in production', 'No copyleft licenses', 'Warn on high-severity CVEs']) expect(mail.text).toContain(name);
  } finally {
    await smtp.close();
  }
});
