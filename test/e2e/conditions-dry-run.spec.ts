import { expect, test } from './fixtures.js';

test('a "Blocker only" rule, then a dry run on the Events screen: why it matches or not, and the exact email and HTTP request it would send', async ({ app, herald, receiver, page }) => {
  // An SMTP server and a webhook to route to (a dry run contacts neither).
  const rpc = async (name: string, input: unknown) => {
    const res = await fetch(`${herald.base}rpc/${name}`, { method: 'POST', headers: { authorization: `Bearer ${herald.token}`, 'content-type': 'application/json' }, body: JSON.stringify(input) });
    const body = (await res.json()) as { ok: boolean; value: unknown };
    expect(body.ok).toBe(true);
  };
  await rpc('integrations.create', {
    kind: 'email',
    name: 'AppSec mail',
    settings: { host: '127.0.0.1', port: 2525, security: 'none', from_address: 'alerts@example.com', from_name: 'Herald alerts', reply_to: 'secops@example.com' },
    secrets: {},
  });
  await rpc('integrations.create', { kind: 'webhook', name: 'SIEM intake', settings: { url: receiver.url('/siem'), events: ['test'] }, secrets: { token: 'siem-token-0123456789' } });
  await page.reload();

  await app.open('Rules');
  await page.getByTestId('rules-empty').getByRole('button', { name: 'Create rule' }).click();
  const form = app.ruleForm;
  await form.getByRole('textbox', { name: 'Name' }).fill('Blockers to AppSec');
  await form.getByRole('button', { name: 'Clear' }).click();
  await form.getByRole('combobox', { name: 'Events' }).fill('SCA Policy has been triggered');
  await page.getByRole('option', { name: 'SCA Policy has been triggered', exact: true }).click();
  await form.getByRole('textbox', { name: 'Name' }).click();

  // One click for the usual condition; it shows as a row like any other.
  await form.getByRole('switch', { name: 'Blocker only' }).check();
  await expect(app.conditionRow(0).getByRole('combobox', { name: 'Payload field' })).toHaveValue('blocker');
  await expect(app.conditionRow(0).getByRole('combobox', { name: 'Value' })).toHaveText('true');
  // A list condition left empty is refused under its own row, naming the fix.
  await form.getByRole('button', { name: 'Add condition' }).click();
  await app.setCondition(1, { field: 'stage', op: 'is one of' });
  await app.addRuleAction('AppSec mail');
  const recipients = form.getByRole('combobox', { name: 'Recipients' });
  await recipients.fill('appsec@example.com');
  await recipients.press('Enter');
  await app.addRuleAction('SIEM intake');
  await form.getByRole('button', { name: 'Save' }).click();
  await expect(app.conditionRow(1).getByRole('textbox', { name: 'Values' })).toHaveAccessibleDescription('List at least one value, e.g. prod, stage');
  await expect(app.conditionRow(0)).not.toContainText('List at least one value');
  await app.setCondition(1, { value: 'prod, stage' });
  await form.getByRole('button', { name: 'Save' }).click();
  await expect(form).toBeHidden();
  const row = page.getByTestId('rule-row');
  await expect(row.getByTestId('rule-conditions')).toContainText('blocker = true');
  await expect(row.getByTestId('rule-conditions')).toContainText('stage in prod, stage');

  // The catalogue example is a blocker at stage prod: the rule matches, every test passes.
  await app.open('Events');
  await app.openTrigger('SCA Policy has been triggered');
  await page.getByRole('button', { name: 'Dry run' }).click();
  const rule = app.dryRunCheck('Blockers to AppSec');
  await expect(rule).toHaveAttribute('data-matched', 'true');
  await expect(rule.getByTestId('dry-run-reason').filter({ hasText: 'blocker is true: blocker = true' })).toHaveAttribute('data-ok', 'true');
  await expect(rule.getByTestId('dry-run-reason').filter({ hasText: 'stage is prod: stage in prod, stage' })).toHaveAttribute('data-ok', 'true');
  // The webhook's own subscription does not take policy alerts, and says why.
  const own = app.dryRunCheck('SIEM intake (its own events and projects)');
  await expect(own).toHaveAttribute('data-matched', 'false');
  await expect(own.getByTestId('dry-run-reason').filter({ hasText: 'Its events do not include sca_policy_has_been_triggered' })).toHaveAttribute('data-ok', 'false');

  const email = app.dryRunDelivery('AppSec mail');
  await expect(email.getByRole('table', { name: 'Email headers' })).toContainText('appsec@example.com');
  await expect(email.getByRole('table', { name: 'Email headers' })).toContainText('Herald alerts <alerts@example.com>');
  await expect(email.getByRole('table', { name: 'Email headers' })).toContainText('secops@example.com');
  await expect(email.getByLabel('Text part')).toContainText('Block critical CVEs in production');
  const http = app.dryRunDelivery('SIEM intake');
  await expect(http.getByTestId('preview-http')).toContainText(`POST ${receiver.url('/siem')}`);
  await expect(http.getByRole('table', { name: 'Request headers' })).toContainText('X-Herald-Authentication');
  await expect(http.getByRole('table', { name: 'Request headers' })).not.toContainText('siem-token-0123456789');
  await expect(http.getByLabel('Request body')).toContainText('"trigger": "sca_policy_has_been_triggered"');

  // Not a blocker: the same rule does not match, the failing test is crossed out, nothing would be sent.
  await app.editPayload((p) => (p.blocker = false));
  await expect(app.dryRun).toBeHidden();
  await page.getByRole('button', { name: 'Dry run' }).click();
  await expect(rule).toHaveAttribute('data-matched', 'false');
  await expect(rule.getByTestId('dry-run-reason').filter({ hasText: 'blocker is false; needs blocker = true' })).toHaveAttribute('data-ok', 'false');
  await expect(rule.getByTestId('dry-run-reason').filter({ hasText: 'Routes sca_policy_has_been_triggered' })).toHaveAttribute('data-ok', 'true');
  await expect(page.getByTestId('dry-run-nothing')).toHaveText('Nothing would be sent: no active rule or webhook takes this event.');

  // A bad payload is refused like Fire refuses it, field by field.
  await app.editPayload((p) => (p.severity = 'apocalyptic'));
  // Editing drops the previous result; wait for the page to settle before clicking.
  await expect(app.dryRun).toBeHidden();
  await page.getByRole('button', { name: 'Dry run' }).click();
  await expect(page.getByTestId('payload-issues')).toContainText('severity');

  // Dry runs store nothing and send nothing.
  await app.open('Live log');
  await expect(app.logEvents).toHaveCount(0);
  expect(receiver.requests).toHaveLength(0);

  // The rule editor dry-runs the rule's first event with the catalogue example, this rule first.
  await app.open('Rules');
  await page.getByRole('button', { name: 'Edit Blockers to AppSec' }).click();
  await form.getByRole('button', { name: 'Dry run with this event' }).click();
  const dialog = page.getByRole('dialog', { name: 'Dry run: SCA Policy has been triggered' });
  await expect(dialog.getByTestId('dry-run-check').first()).toContainText('this rule (as saved)');
  await expect(dialog.getByTestId('dry-run-check').first()).toHaveAttribute('data-matched', 'true');
});
