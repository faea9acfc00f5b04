import { JiraFake } from '../support/jira-fake.js';
import { expect, test } from './fixtures.js';

const PAT = 'pat-NjE0OTk1Mzc4MTk2OkP3x9';

test('configure Jira against the fake, Test it (a 401, then success), route policies to it, see the issue keys in the live log', async ({ app, page }) => {
  const jira = await JiraFake.start({ deployment: 'Server', auth: { kind: 'bearer', token: PAT } });
  try {
    await page.getByRole('button', { name: 'Add integration' }).click();
    await page.getByRole('menuitem', { name: 'Jira' }).click();
    const dialog = page.getByRole('dialog').filter({ has: page.getByTestId('jira-form') });
    await dialog.getByRole('textbox', { name: 'Name', exact: true }).fill('Security Jira');
    await dialog.getByRole('textbox', { name: 'URL', exact: true }).fill(jira.url);
    await dialog.getByRole('textbox', { name: 'Access token', exact: true }).fill('expired-token');
    await dialog.getByRole('textbox', { name: 'Project key' }).fill('SEC');
    await dialog.getByRole('button', { name: 'Test it' }).click();
    await expect(app.testReport).toContainText('Jira rejected the credentials (401)');
    await expect(app.testReport).toContainText('personal access token');
    await expect(dialog.getByRole('button', { name: 'Save anyway' })).toBeVisible();

    await dialog.getByRole('textbox', { name: 'Access token', exact: true }).fill(PAT);
    await dialog.getByRole('button', { name: 'Test it' }).click();
    await expect(app.testReport).toContainText('Herald can create Bug issues in SEC');
    await expect(app.step('auth')).toContainText('Herald Bot');
    await dialog.getByRole('button', { name: 'Setup now' }).click();
    await expect(app.rows.first()).toContainText('Security Jira');

    await app.open('Rules');
    await page.getByTestId('rules-empty').getByRole('button', { name: 'Create rule' }).click();
    const ruleForm = page.getByRole('dialog').filter({ has: page.getByTestId('rule-form') });
    await ruleForm.getByRole('textbox', { name: 'Name' }).fill('Policies to Jira');
    await app.addRuleAction('Security Jira');
    await ruleForm.getByRole('textbox', { name: 'Project key' }).fill('SEC');
    await expect(page.getByTestId('jira-preview')).toContainText('Block critical CVEs in production: CVE-2021-44228 in payments-api');
    await ruleForm.getByRole('button', { name: 'Save' }).click();
    await expect(page.getByTestId('rule-row')).toContainText('Security Jira → SEC · Bug');

    await app.open('Events');
    await page.getByTestId('scan-card').getByRole('button', { name: 'Run scan' }).click();
    await expect(page.getByTestId('scan-result')).toContainText('Routed to Security Jira');

    await app.open('Live log');
    await expect(page.getByTestId('attempt-target').filter({ hasText: 'Created SEC-3' })).toBeVisible({ timeout: 15_000 });
    await expect(page.getByTestId('attempt-target').filter({ hasText: 'Created SEC-1' }).getByRole('link', { name: 'open' })).toHaveAttribute('href', `${jira.url}/browse/SEC-1`);
    expect(jira.issues.map((i) => i.key)).toEqual(['SEC-1', 'SEC-2', 'SEC-3']);
  } finally {
    await jira.close();
  }
});
