import { SMTP_PASSWORD, SMTP_USER, SmtpSink } from '../support/smtp.js';
import { expect, test } from './fixtures.js';

const POLICIES = ['Block critical CVEs in production', 'No copyleft licenses', 'Warn on high-severity CVEs'];

test('route SCA policies to an email scan digest with a rule, run a scan, see one digest in the live log and at the server', async ({ app, page }) => {
  const smtp = await SmtpSink.start({ auth: true });
  try {
    await page.getByRole('button', { name: 'Add email (SMTP)' }).click();
    const dialog = app.emailForm;
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

    // A broken template is caught by the live preview, under the field it is in, and blocks Save.
    await dialog.getByRole('tab', { name: 'Templates' }).click();
    await expect(page.getByTestId('preview-subject')).toContainText('payments-api: 3 policies triggered');
    const subject = app.templateField('Subject');
    await subject.fill('{% if %}');
    await expect(subject).toHaveAccessibleDescription(/^line 1, column \d+: /);
    await expect(page.getByTestId('preview-errors')).toBeVisible();
    await dialog.getByRole('button', { name: 'Save' }).click();
    await expect(dialog.getByText('Fix the template errors to save.')).toBeVisible();
    await expect(dialog).toBeVisible();
    await subject.fill('{{ subject.name | upcas }}');
    await expect(subject).toHaveAccessibleDescription(/line 1, column \d+: unknown filter "upcas"/);
    await subject.fill('{% if count > 0 %}');
    await expect(subject).toHaveAccessibleDescription(/line 1, column \d+: .*not closed/);
    await subject.fill('');
    await expect(subject).toHaveAccessibleDescription(/default .* is used/);
    await expect(page.getByTestId('preview-errors')).toHaveCount(0);
    await expect(page.getByTestId('preview-subject')).toContainText('payments-api: 3 policies triggered');
    await dialog.getByRole('button', { name: 'Save' }).click();
    await expect(app.rows.first()).toContainText('AppSec mail');

    await app.open('Rules');
    await page.getByTestId('rules-empty').getByRole('button', { name: 'Create rule' }).click();
    const ruleForm = app.ruleForm;
    await ruleForm.getByRole('textbox', { name: 'Name' }).fill('SCA policies to AppSec');
    // Only the SCA policy alert: replace the default pair of policy triggers.
    await ruleForm.getByRole('button', { name: 'Clear' }).click();
    await ruleForm.getByRole('combobox', { name: 'Events' }).fill('SCA Policy has been triggered');
    await page.getByRole('option', { name: 'SCA Policy has been triggered', exact: true }).click();
    await ruleForm.getByRole('textbox', { name: 'Name' }).click();
    await app.addRuleAction('AppSec mail');
    const recipients = ruleForm.getByRole('combobox', { name: 'Recipients' });
    // An address that is not one is flagged at once, before any Save.
    await recipients.fill('appsec@');
    await recipients.press('Enter');
    await expect(recipients).toHaveAccessibleDescription(/"appsec@": Not an e-mail address/);
    await recipients.press('Backspace');
    await recipients.fill('appsec@example.com');
    await recipients.press('Enter');
    await ruleForm.getByLabel(/Scan digest/).check();
    await ruleForm.getByRole('button', { name: 'Save' }).click();
    const row = page.getByTestId('rule-row');
    await expect(row).toContainText('AppSec mail → appsec@example.com · scan digest');
    await expect(row).toContainText('SCA Policy has been triggered');
    await expect(row).toContainText('All projects');

    await app.open('Events');
    await page.getByTestId('scan-card').getByRole('button', { name: 'Run scan' }).click();
    const result = page.getByTestId('scan-result');
    await expect(result).toContainText('Fired 5 events');
    await expect(result).toContainText('held for the scan digest of AppSec mail (3 alerts, rule “SCA policies to AppSec”)');

    await app.open('Live log');
    const digest = app.logEntries.filter({ hasText: 'AppSec mail' }).filter({ has: page.getByTestId('attempt-outcome') });
    await expect(digest).toHaveCount(1, { timeout: 15_000 });
    await expect(digest).toContainText('delivered');
    await expect(digest).toContainText('SMTP 250');
    await expect(digest.getByTestId('attempt-target')).toHaveText('Email to appsec@example.com · [Herald] payments-api: 3 policies triggered (1 blocker)');
    await expect(app.logEntries.filter({ has: page.getByTestId('held-for-digest') })).toHaveCount(3);

    // The attempt shows the message as sent and what the server answered.
    await digest.click();
    const detail = page.getByTestId('attempt-detail');
    await expect(detail.getByRole('table', { name: 'Email headers' })).toContainText('appsec@example.com');
    await expect(detail.getByRole('table', { name: 'Email headers' })).toContainText('secops@example.com');
    for (const name of POLICIES) await expect(detail.getByLabel('Text part')).toContainText(name);
    await expect(detail.getByLabel('Server reply')).toContainText('250');

    expect(smtp.messages).toHaveLength(1);
    const mail = smtp.messages[0]!;
    expect(mail.envelope.to).toEqual(['appsec@example.com']);
    expect(mail.mail.subject).toContain('payments-api');
    for (const name of POLICIES) expect(mail.mail.text).toContain(name);

    // An integration a rule still sends to cannot be deleted; the refusal names the rule.
    await page.keyboard.press('Escape');
    await app.open('Integrations');
    await page.getByRole('button', { name: 'Delete AppSec mail' }).click();
    await page.getByTestId('delete-dialog').getByRole('button', { name: 'Delete' }).click();
    await expect(page.getByTestId('delete-error')).toContainText('"SCA policies to AppSec"');
    await expect(page.getByTestId('delete-error').getByRole('link', { name: 'Open Rules' })).toBeVisible();
  } finally {
    await smtp.close();
  }
});
