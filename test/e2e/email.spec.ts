import { SMTP_PASSWORD, SMTP_USER, SmtpSink } from '../support/smtp.js';
import { expect, test } from './fixtures.js';

test('configure SMTP, check the connection, send a test email, then see the 535 explanation for a bad password', async ({ app, page }) => {
  const smtp = await SmtpSink.start({ auth: true });
  try {
    await page.getByRole('button', { name: 'Add email (SMTP)' }).click();
    const dialog = page.getByRole('dialog').filter({ has: page.getByTestId('email-form') });
    const field = (name: string) => dialog.getByRole('textbox', { name, exact: true });
    await field('Name').fill('Corporate SMTP');
    await field('Server').fill('127.0.0.1');
    await dialog.getByRole('combobox', { name: 'Encryption' }).click();
    await page.getByRole('option', { name: 'None (plain)' }).click();
    await dialog.getByRole('spinbutton', { name: 'Port' }).fill(String(smtp.port));
    await dialog.getByLabel('SMTP authentication').check();
    await field('Login').fill(SMTP_USER);
    await dialog.getByLabel('Password', { exact: true }).fill(SMTP_PASSWORD);
    await field('From address').fill('alerts@example.com');
    await field('Reply-To').fill('secops@example.com');

    await dialog.getByRole('button', { name: 'Check connection' }).click();
    await expect(app.testReport).toContainText('Test passed');
    await expect(app.step('greeting')).toContainText('Herald test SMTP');
    await expect(app.step('auth')).toContainText(`Logged in as ${SMTP_USER}`);
    expect(smtp.messages).toHaveLength(0);

    await field('Recipient').fill('soc@example.com');
    await dialog.getByRole('button', { name: 'Send test email' }).click();
    await expect(app.step('send')).toContainText('Test email sent to soc@example.com');
    expect(smtp.messages).toHaveLength(1);
    expect(smtp.messages[0]!.mail.from!.value[0]!.address).toBe('alerts@example.com');

    await dialog.getByLabel('Password', { exact: true }).fill('not-the-password');
    await dialog.getByRole('button', { name: 'Check connection' }).click();
    await expect(app.testReport).toContainText('Authentication failed (535)');
    await expect(app.testReport).toContainText('app password');

    // Saved with the right password, it shows in the list.
    await dialog.getByLabel('Password', { exact: true }).fill(SMTP_PASSWORD);
    await dialog.getByRole('button', { name: 'Save' }).click();
    await expect(app.rows.first()).toContainText('Corporate SMTP');
    await expect(app.rows.first()).toContainText(`127.0.0.1:${smtp.port}`);
  } finally {
    await smtp.close();
  }
});
