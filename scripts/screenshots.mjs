// Regenerates the README screenshots: browser mode against real local receivers.
// Usage: npm run screenshots (builds first). Writes docs/screenshots/*.png.
import { chromium } from '@playwright/test';
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import { SMTPServer } from 'smtp-server';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const out = 'docs/screenshots';
mkdirSync(out, { recursive: true });
const dataDir = mkdtempSync(join(tmpdir(), 'herald-shots-'));

// One receiver: /soar answers 500 so a failing integration shows up; everything else is 200.
const receiver = createServer((req, res) => {
  req.resume();
  req.on('end', () => {
    const failing = req.url.startsWith('/soar');
    res.writeHead(failing ? 500 : 200, { 'content-type': 'application/json' });
    res.end(failing ? '{"detail":"playbook runner unavailable"}' : '{"accepted":true}');
  });
});
await new Promise((r) => receiver.listen(0, '127.0.0.1', r));
const rport = receiver.address().port;

// A local SMTP server for the email screenshot.
const smtp = new SMTPServer({ disabledCommands: ['STARTTLS'], authOptional: true, banner: 'mail.internal.example ESMTP ready', logger: false, onData: (stream, _s, cb) => stream.on('end', () => cb()).resume() });
await new Promise((r) => smtp.listen(0, '127.0.0.1', r));
const smtpPort = smtp.server.address().port;

const herald = spawn(process.execPath, ['dist/server/cli.mjs', '--port', '0', '--data-dir', dataDir], { stdio: ['ignore', 'pipe', 'inherit'] });
const url = await new Promise((resolve, reject) => {
  let text = '';
  herald.stdout.on('data', (d) => {
    text += d;
    const m = /Herald is serving (\S+)/.exec(text);
    if (m) resolve(m[1]);
  });
  herald.on('exit', (code) => reject(new Error(`server exited with ${code}`)));
});
// A failed step must not leave the server running in the background.
process.on('exit', () => herald.kill('SIGTERM'));
const base = url.split('#')[0];
const token = url.split('#token=')[1];
const api = async (method, path, body) => {
  const res = await fetch(base + path.replace(/^\//, ''), { method, headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: body && JSON.stringify(body) });
  if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${await res.text()}`);
  return res.status === 204 ? null : res.json();
};

const allEvents = (await api('GET', '/api/settings/webhooks/triggers/')).map((t) => t.value).filter((t) => t !== 'test');
await api('POST', '/api/settings/webhooks/', { name: 'SIEM intake', url: `http://127.0.0.1:${rport}/siem`, events: allEvents, token: 'siem-7f3a9c1e5b2d4f6a8c0e9d1b', token_header: 'X-CodeScoring-Authentication' });
await api('POST', '/api/settings/webhooks/', { name: 'SOAR playbooks', url: `http://127.0.0.1:${rport}/soar/hooks`, events: ['sca_policy_has_been_triggered', 'osa_policy_has_been_triggered'], projects: ['payments-api'], token: 'soar-0d9e8f7a6b5c4d3e2f1a' });
await api('POST', '/api/settings/webhooks/', { name: 'Legacy ticket bridge', url: 'https://tickets.internal.example/codescoring', events: ['project_sca_analysis_failed'], is_active: false });

const triggers = await api('GET', '/api/settings/webhooks/triggers/');
const example = (name) => triggers.find((t) => t.value === name).example_payload;
for (const name of ['project_sca_analysis_started', 'sca_policy_has_been_triggered', 'project_sca_analysis_finished']) {
  await api('POST', '/api/events', { trigger: name, payload: example(name) });
}
await new Promise((r) => setTimeout(r, 6500)); // one 5 s batch window

const browser = await chromium.launch({
  executablePath: process.env.HERALD_CHROMIUM ?? '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});
const page = await browser.newPage({ viewport: { width: 1360, height: 820 }, deviceScaleFactor: 1 });
const shot = async (name) => {
  await page.waitForTimeout(300);
  await page.screenshot({ path: join(out, `${name}.png`) });
  console.log(`wrote ${join(out, `${name}.png`)}`);
};

await page.goto(url);
await page.getByTestId('integration-row').nth(2).waitFor();
await shot('integrations');

await page.getByRole('button', { name: 'Edit SIEM intake' }).click();
await page.getByRole('dialog').getByRole('button', { name: 'Test it' }).click();
await page.getByTestId('step-status').waitFor();
await page.getByTestId('test-report').scrollIntoViewIfNeeded();
await shot('webhook-test');
await page.keyboard.press('Escape');

// Seed 001: every notification can be switched off; one is, so the catalogue shows how that looks.
await api('POST', '/rpc/triggers.setEnabled', { trigger: 'project_sca_analysis_cancelled', enabled: false });
await page.getByRole('link', { name: 'Events' }).click();
await page.getByText('SCA Policy has been triggered', { exact: true }).click();
await shot('events');

await page.getByRole('link', { name: 'Live log' }).click();
await page.getByTestId('log-entry').first().waitFor();
await shot('live-log');

await page.getByTestId('log-entry').filter({ hasText: 'SOAR playbooks' }).first().click();
await page.getByTestId('attempt-detail').getByText('HTTP 500').first().waitFor();
await shot('attempt');

await page.keyboard.press('Escape');
await page.getByRole('link', { name: 'Integrations' }).click();
await page.getByRole('button', { name: 'Add integration' }).click();
await page.getByRole('menuitem', { name: 'Email (SMTP)' }).click();
const dialog = page.getByRole('dialog');
await dialog.getByRole('textbox', { name: 'Name', exact: true }).fill('Corporate SMTP');
await dialog.getByRole('textbox', { name: 'Server', exact: true }).fill('127.0.0.1');
await dialog.getByRole('combobox', { name: 'Encryption' }).click();
await page.getByRole('option', { name: 'None (plain)' }).click();
await dialog.getByRole('spinbutton', { name: 'Port' }).fill(String(smtpPort));
await dialog.getByRole('textbox', { name: 'From address', exact: true }).fill('alerts@example.com');
await dialog.getByRole('textbox', { name: 'Reply-To', exact: true }).fill('secops@example.com');
await dialog.getByRole('textbox', { name: 'Recipient', exact: true }).fill('soc@example.com');
await dialog.getByRole('button', { name: 'Send test email' }).click();
await page.getByTestId('step-send').waitFor();
// Show the form from the top (Server, Authentication) beside the report of the test.
const scrollFormToTop = () => page.getByTestId('email-form').evaluate((form) => form.firstElementChild.scrollTo(0, 0));
await page.waitForTimeout(600); // the report scrolls itself into view
// Taller for this one: the steps and the opened SMTP transcript side by side with the settings.
await page.setViewportSize({ width: 1360, height: 1080 });
await dialog.getByText(/Conversation transcript/).click();
await page.getByTestId('transcript').waitFor();
await page.waitForTimeout(400);
await scrollFormToTop();
await dialog.locator('aside').evaluate((aside) => aside.scrollTo(0, aside.scrollHeight));
await shot('email-test');
await page.setViewportSize({ width: 1360, height: 820 });

await dialog.getByRole('tab', { name: 'Templates' }).click();
await page.getByTestId('preview-subject').waitFor();
await scrollFormToTop();
await page.waitForTimeout(500);
await shot('email-templates');
await dialog.getByRole('button', { name: 'Save' }).click();
await page.getByTestId('integration-row').filter({ hasText: 'Corporate SMTP' }).waitFor();

// A rule that sends SCA policy alerts to AppSec as one digest per scan, then a scan.
const integrations = (await api('POST', '/rpc/integrations.list', {})).value;
const mail = integrations.find((i) => i.name === 'Corporate SMTP');
await api('POST', '/rpc/rules.create', {
  name: 'SCA policies to AppSec',
  triggers: ['sca_policy_has_been_triggered', 'osa_policy_has_been_triggered'],
  actions: [{ integration_id: mail.id, params: { recipients: ['appsec@example.com', 'lead@example.com'], format: 'digest' } }],
});
await api('POST', '/rpc/rules.create', {
  name: 'Failed analyses to the SOC',
  triggers: ['project_sca_analysis_failed', 'container_image_sca_analysis_failed', 'project_secrets_analysis_failed'],
  projects: ['payments-api', 'ledger-service'],
  actions: [{ integration_id: mail.id, params: { recipients: ['soc@example.com'] } }],
});
const bridge = integrations.find((i) => i.name === 'Legacy ticket bridge');
await api('POST', '/rpc/rules.create', {
  name: 'Secrets analyses to the ticket bridge',
  triggers: ['project_secrets_analysis_started', 'project_secrets_analysis_finished', 'project_secrets_analysis_cancelled', 'project_secrets_analysis_failed', 'ml_model_user_secrets_accepted'],
  actions: [{ integration_id: bridge.id }, { integration_id: mail.id, params: { recipients: ['appsec@example.com'] } }],
});
const soar = integrations.find((i) => i.name === 'SOAR playbooks');
await api('POST', '/rpc/rules.create', {
  name: 'Blocking findings to the SOAR',
  triggers: ['sca_policy_has_been_triggered', 'osa_policy_has_been_triggered'],
  conditions: [
    { field: 'blocker', op: 'equals', value: true },
    { field: 'severity', op: 'gte', value: 'high' },
    { field: 'stage', op: 'in', value: ['prod', 'stage'] },
  ],
  actions: [{ integration_id: soar.id }],
});
await page.getByRole('link', { name: 'Rules' }).click();
await page.getByTestId('rule-row').nth(3).waitFor();
await shot('rules');

await page.getByRole('button', { name: 'Edit SCA policies to AppSec' }).click();
await page.getByTestId('rule-action').waitFor();
await page.getByRole('radio', { name: /Scan digest/ }).scrollIntoViewIfNeeded();
await shot('rule-form');
await page.keyboard.press('Escape');
await page.getByRole('dialog').waitFor({ state: 'detached' });

await page.getByRole('button', { name: 'Edit Blocking findings to the SOAR' }).click();
await page.getByTestId('condition-row').nth(2).waitFor();
await page.getByRole('dialog').getByRole('heading', { name: 'Conditions' }).evaluate((el) => el.scrollIntoView({ block: 'start' }));
await shot('rule-conditions');
await page.keyboard.press('Escape');
await page.getByRole('dialog').waitFor({ state: 'detached' });

await page.getByRole('link', { name: 'Events' }).click();
await page.getByTestId('scan-card').getByRole('button', { name: 'Run scan' }).click();
await page.getByTestId('scan-result').waitFor();
await shot('events-scan');
await page.getByRole('navigation').getByRole('link', { name: 'Live log' }).click();
await page.getByTestId('attempt-target').first().waitFor({ timeout: 15_000 });
await shot('live-log-digest');
await page.getByTestId('log-entry').filter({ has: page.getByTestId('attempt-target') }).first().click();
await page.getByTestId('attempt-detail').getByLabel('Server reply').waitFor();
await shot('email-attempt');
await page.keyboard.press('Escape');

// Jira against a small local stand-in that answers the calls Test it makes.
const jiraFake = createServer((req, res) => {
  req.resume();
  req.on('end', () => {
    const path = req.url.split('?')[0].replace(/^\/jira\/rest\/api\/2\//, '');
    const answers = {
      serverInfo: { baseUrl: 'https://jira.internal.example/jira', version: '9.12.2', deploymentType: 'Server', serverTitle: 'Security Jira' },
      myself: { name: 'herald', displayName: 'Herald Bot', emailAddress: 'herald@example.com' },
      'project/SEC': { id: '10000', key: 'SEC', name: 'Security' },
      mypermissions: { permissions: { CREATE_ISSUES: { havePermission: true } } },
      'issue/createmeta/SEC/issuetypes': { values: [{ id: '10004', name: 'Bug' }] },
      'issue/createmeta/SEC/issuetypes/10004': { values: [{ fieldId: 'summary', name: 'Summary', required: true }, { fieldId: 'issuetype', name: 'Issue Type', required: true }, { fieldId: 'project', name: 'Project', required: true }] },
    };
    res.writeHead(answers[path] ? 200 : 404, { 'content-type': 'application/json' });
    res.end(JSON.stringify(answers[path] ?? { errorMessages: ['Not found'], errors: {} }));
  });
});
await new Promise((r) => jiraFake.listen(0, '127.0.0.1', r));
await page.getByRole('navigation').getByRole('link', { name: 'Integrations' }).click();
await page.getByRole('button', { name: 'Add integration' }).click();
await page.getByRole('menuitem', { name: 'Jira' }).click();
const jiraDialog = page.getByRole('dialog');
await jiraDialog.getByRole('textbox', { name: 'Name', exact: true }).fill('Security Jira');
await jiraDialog.getByRole('textbox', { name: 'URL', exact: true }).fill(`http://127.0.0.1:${jiraFake.address().port}/jira`);
await jiraDialog.getByRole('textbox', { name: 'Access token', exact: true }).fill('pat-NjE0OTk1Mzc4MTk2OkP3x9');
await jiraDialog.getByRole('textbox', { name: 'Project key' }).fill('SEC');
await jiraDialog.getByRole('button', { name: 'Test it' }).click();
await page.getByTestId('step-fields').waitFor();
await shot('jira-test');
await jiraDialog.getByRole('button', { name: 'Setup now' }).click();
await page.getByTestId('integration-row').filter({ hasText: 'Security Jira' }).waitFor();
await page.getByRole('navigation').getByRole('link', { name: 'Rules' }).click();
await page.getByRole('button', { name: 'Create rule' }).first().click();
const ruleDialog = page.getByRole('dialog');
await ruleDialog.getByRole('textbox', { name: 'Name' }).fill('Blocking policies to Jira');
await ruleDialog.getByRole('button', { name: 'Add action' }).click();
await page.getByRole('menuitem', { name: /Security Jira/ }).click();
await ruleDialog.getByRole('textbox', { name: 'Project key' }).fill('SEC');
await page.getByTestId('jira-preview').getByText('payments-api').first().waitFor();
await page.getByTestId('jira-preview').scrollIntoViewIfNeeded();
await shot('jira-rule');
jiraFake.close();
await page.keyboard.press('Escape');
await page.getByRole('dialog').waitFor({ state: 'detached' });

// A webhook's delivery policy: seed 003's fast cycles, disabled when most requests fail.
await page.getByRole('navigation').getByRole('link', { name: 'Integrations' }).click();
await page.getByRole('button', { name: 'Add integration' }).click();
await page.getByRole('menuitem', { name: 'Webhook' }).click();
const hookDialog = page.getByRole('dialog');
await hookDialog.getByRole('textbox', { name: 'Name', exact: true }).fill('Incident bridge');
await hookDialog.getByRole('textbox', { name: 'URL', exact: true }).fill(`http://127.0.0.1:${rport}/soar/incidents`);
await hookDialog.getByRole('combobox', { name: 'Events', exact: true }).fill('SCA Policy has been triggered');
await page.getByRole('option', { name: 'SCA Policy has been triggered', exact: true }).click();
await hookDialog.getByRole('textbox', { name: 'Name', exact: true }).click();
const policy = page.getByTestId('delivery-policy');
await policy.getByRole('button', { name: 'Send at once' }).click();
await policy.getByRole('combobox', { name: 'Retry schedule' }).click();
await page.getByRole('option', { name: /^Fast cycles/ }).click();
await policy.getByRole('radio', { name: /When ≥/ }).check();
await policy.getByLabel('Minimum requests', { exact: true }).fill('3');
await policy.evaluate((el) => el.scrollIntoView({ block: 'start' }));
await shot('webhook-policy');
await hookDialog.getByRole('button', { name: 'Save' }).click();
await page.getByTestId('integration-row').filter({ hasText: 'Incident bridge' }).waitFor();

// One that gives up after a single retry: what it could not deliver becomes dead letters.
await api('POST', '/rpc/integrations.create', {
  kind: 'webhook',
  name: 'Case tracker',
  settings: { url: `http://127.0.0.1:${rport}/soar/cases`, events: ['sca_policy_has_been_triggered', 'project_sca_analysis_finished'] },
  secrets: {},
  policy: { batch_window_ms: 0, retry: { preset: 'custom', custom_ms: [2000] }, auto_disable: { preset: 'exhausted' } },
});
await api('POST', '/rpc/events.scenario', { scenario: 'project_scan', subject: 'ledger-service', policies: 2 });
const disabled = (name) => page.getByTestId('integration-row').filter({ hasText: name }).locator('[data-state="disabled"]');
await disabled('Incident bridge').waitFor({ timeout: 30_000 });
await disabled('Case tracker').waitFor({ timeout: 30_000 });
await page.getByTestId('auto-disabled-alert').waitFor();
await page.getByRole('tab', { name: /^Disabled/ }).click();
await page.waitForTimeout(600);
await shot('integrations-auto-disabled');
await page.getByRole('tab', { name: /^All/ }).click();
while (await page.getByTestId('auto-disabled-alert').count()) {
  await page.getByTestId('auto-disabled-alert').getByRole('button', { name: 'Dismiss' }).click();
  await page.waitForTimeout(400);
}

// The bell: what needs attention, each item linking to its screen.
await page.getByRole('button', { name: /^Notifications, \d+ unread/ }).click();
await page.getByRole('dialog', { name: 'Notifications' }).getByText(/dead letters? for Case tracker/).waitFor();
await page.waitForTimeout(400);
await shot('notifications');
await page.keyboard.press('Escape');
await page.mouse.click(5, 700);

await page.getByRole('navigation').getByRole('link', { name: 'Dead letters' }).click();
await page.getByTestId('dead-row').first().waitFor();
await shot('dead-letters');

// Dry run: every rule and webhook with its reasons, and what each delivery would carry.
await page.getByRole('navigation').getByRole('link', { name: 'Events' }).click();
await page.getByTestId('trigger-list').getByText('SCA Policy has been triggered', { exact: true }).click();
await page.setViewportSize({ width: 1360, height: 1240 });
await page.getByTestId('dry-run-button').click();
await page.getByTestId('dry-run-result').waitFor();
await page.waitForTimeout(800); // the result scrolls itself into view
await page.getByRole('region', { name: 'Dry run result' }).evaluate((el) => el.scrollIntoView({ block: 'start' }));
await page.evaluate(() => globalThis.scrollBy(0, -72)); // below the app bar
await shot('events-dry-run');
await page.setViewportSize({ width: 1360, height: 820 });

// Health: the charts per integration, the retries that are due, and the dead letters.
await page.getByRole('navigation').getByRole('link', { name: 'Health' }).click();
await page.getByTestId('health-card').first().waitFor();
await page.getByRole('button', { name: 'Last hour' }).click();
await page.evaluate(() => globalThis.scrollTo(0, 0));
await page.waitForTimeout(800); // the charts animate in
await shot('health');

await page.getByRole('navigation').getByRole('link', { name: 'Settings' }).click();
await page.getByTestId('settings-form').waitFor();
await shot('settings');

// The same console in the dark theme, as chosen in Settings.
await page.getByRole('combobox', { name: 'Theme' }).click();
await page.getByRole('option', { name: 'Dark', exact: true }).click();
await page.getByRole('navigation').getByRole('link', { name: 'Integrations' }).click();
await page.getByTestId('integration-row').first().waitFor();
await page.evaluate(() => globalThis.scrollTo(0, 0));
await shot('integrations-dark');
await page.getByRole('navigation').getByRole('link', { name: 'Health' }).click();
await page.getByTestId('health-card').first().waitFor();
await page.evaluate(() => globalThis.scrollTo(0, 0));
await page.waitForTimeout(800);
await shot('health-dark');
await api('POST', '/rpc/settings.update', { theme: 'system' });

// The offline sandbox: a webhook, an email and a Jira integration in Capture, a scan run into
// them, and what the Sandbox screen shows of it; then the mode dialog with Chaos.
const rpc = async (method, input = {}) => {
  const result = await api('POST', `/rpc/${method}`, input);
  if (!result.ok) throw new Error(`${method}: ${result.error.message}`);
  return result.value;
};
const demoHook = await rpc('integrations.create', { kind: 'webhook', name: 'Demo SIEM', settings: { url: 'https://siem.example.com/intake', events: ['project_sca_analysis_started', 'sca_policy_has_been_triggered', 'project_sca_analysis_finished'] }, secrets: { token: 'whsec_demo_4c2e9a7f1b3d5e6f' } });
const demoMail = await rpc('integrations.create', { kind: 'email', name: 'Demo mail', settings: { host: 'smtp.example.com', port: 587, from_address: 'alerts@example.com', from_name: 'Herald alerts', reply_to: 'secops@example.com' } });
const demoJira = await rpc('integrations.create', { kind: 'jira', name: 'Demo Jira', settings: { deployment: 'cloud', url: 'https://example.atlassian.net', auth_type: 'token', username: 'secops@example.com' }, secrets: { token: 'atlassian-demo-token-0123' } });
await rpc('rules.create', { name: 'Demo: scan digest and issues', triggers: ['sca_policy_has_been_triggered'], projects: ['billing-service'], actions: [{ integration_id: demoMail.id, params: { recipients: ['appsec@example.com'], format: 'digest' } }, { integration_id: demoJira.id, params: { project_key: 'SEC' } }] });
for (const { id } of [demoHook, demoMail, demoJira]) await rpc('integrations.setSandbox', { id, mode: 'capture' });
await rpc('events.scenario', { scenario: 'project_scan', subject: 'billing-service', policies: 3 });
for (let waited = 0; ; waited += 500) {
  const { captures } = await rpc('sandbox.list', {});
  const kinds = new Set(captures.map((c) => c.integration_name));
  if (['Demo SIEM', 'Demo mail', 'Demo Jira'].every((n) => kinds.has(n))) break;
  if (waited > 30_000) throw new Error(`the sandbox captured only ${[...kinds].join(', ') || 'nothing'}`);
  await new Promise((r) => setTimeout(r, 500));
}
await page.evaluate(() => (globalThis.location.hash = '/sandbox'));
await page.reload();
const captureRow = (text) => page.getByTestId('capture-row').filter({ hasText: text }).first();
await captureRow('Demo mail').click();
await page.getByTestId('capture-detail').locator('iframe').waitFor();
await shot('sandbox-email');
await captureRow('Demo SIEM').click();
await page.getByTestId('capture-detail').getByText('token', { exact: true }).waitFor();
await shot('sandbox-webhook');
await captureRow('SEC-1').click();
await page.getByTestId('capture-detail').getByText('SEC-1').first().waitFor();
await shot('sandbox-jira');
await page.evaluate(() => (globalThis.location.hash = '/integrations'));
await page.getByTestId('integration-row').filter({ hasText: 'Demo SIEM' }).getByTestId('sandbox-mode').click();
await page.getByTestId('sandbox-mode-dialog').getByRole('radio', { name: 'Chaos' }).check();
await page.waitForTimeout(400);
await shot('sandbox-mode');
await page.keyboard.press('Escape');
await page.getByRole('dialog').waitFor({ state: 'detached' });
// Demo data on the Events screen: an example from a seed.
await page.evaluate(() => (globalThis.location.hash = '/events'));
await page.getByTestId('trigger-list').getByText('SCA Policy has been triggered', { exact: true }).click();
await page.getByTestId('demo-data').getByRole('button', { name: 'Generate example' }).click();
await page.getByTestId('demo-data').evaluate((el) => el.scrollIntoView({ block: 'start' }));
await page.evaluate(() => globalThis.scrollBy(0, -72));
await page.mouse.move(5, 400); // no tooltip over the toolbar
await shot('events-demo-data');
await page.evaluate(() => globalThis.scrollTo(0, 0));

// A new Slack integration's form, bot mode.
await page.evaluate(() => (globalThis.location.hash = '/integrations?new=1'));
await page.getByRole('menuitem', { name: 'Slack' }).click();
await page.getByTestId('slack-form').waitFor();
await shot('slack-form');
await page.keyboard.press('Escape');
await page.getByRole('dialog').waitFor({ state: 'detached' });

// The New integration menu, grouped by what a kind is for; then a PagerDuty form from it.
await page.getByRole('button', { name: 'Add integration' }).click();
await page.getByRole('menu').waitFor();
await shot('new-integration-menu');
await page.getByRole('menuitem', { name: 'PagerDuty' }).click();
await page.getByTestId('pagerduty-form').waitFor();
await shot('pagerduty-form');
await page.keyboard.press('Escape');
await page.getByRole('dialog').waitFor({ state: 'detached' });

// Scheduled reports: a weekly and a monthly one through the demo mail integration.
await rpc('reports.create', { name: 'Weekly security summary', integration_id: demoMail.id, recipients: ['ciso@example.com', 'secops@example.com'], schedule: { frequency: 'weekly', time: '09:00', weekday: 1 }, timezone: 'Europe/Berlin' });
await rpc('reports.create', { name: 'Monthly board report', integration_id: demoMail.id, recipients: ['board@example.com'], schedule: { frequency: 'monthly', time: '08:00', day: 'last' }, timezone: 'Europe/Berlin' });
await page.evaluate(() => (globalThis.location.hash = '/reports'));
await page.getByTestId('report-row').first().waitFor();
await shot('reports');

// The gallery: every screen in both languages and both themes, from the data built above.
// Screens are reached by their hash routes and waited for by test ids, so nothing here depends
// on the language being shown.
const gallery = join(out, 'gallery');
rmSync(gallery, { recursive: true, force: true });
mkdirSync(gallery, { recursive: true });
const screens = [
  ['integrations', 'integration-row'],
  ['rules', 'rule-row'],
  ['events', 'trigger-list'],
  ['log', 'log-entry'],
  ['sandbox', 'capture-row'],
  ['dead', 'dead-row'],
  ['health', 'health-card'],
  ['reports', 'report-row'],
  ['settings', 'settings-form'],
];
const galleryShot = async (name) => {
  await page.waitForTimeout(700); // charts and transitions settle
  await page.screenshot({ path: join(gallery, `${name}.png`) });
};
for (const language of ['en', 'ru']) {
  for (const theme of ['light', 'dark']) {
    await api('POST', '/rpc/settings.update', { language, theme });
    await page.evaluate(() => (globalThis.location.hash = '/integrations'));
    await page.reload();
    await page.locator(`html[lang="${language}"][data-theme="${theme}"]`).waitFor();
    for (const [route, testId] of screens) {
      await page.evaluate((r) => (globalThis.location.hash = `/${r}`), route);
      await page.getByTestId(testId).first().waitFor();
      await page.evaluate(() => globalThis.scrollTo(0, 0));
      await galleryShot(`${language}-${theme}-${route}`);
    }
    // The bell open, and a new webhook's form (File → New integration lands on ?new=1).
    await page.getByTestId('notifications-bell').click();
    await page.locator('[role="dialog"]').first().waitFor();
    await galleryShot(`${language}-${theme}-notifications`);
    await page.keyboard.press('Escape');
    await page.evaluate(() => (globalThis.location.hash = '/integrations?new=1'));
    await page.getByRole('menuitem').first().click();
    await page.getByTestId('webhook-form').waitFor();
    await galleryShot(`${language}-${theme}-webhook-form`);
    await page.keyboard.press('Escape');
    await page.getByRole('dialog').waitFor({ state: 'detached' });
  }
}
console.log(`wrote ${gallery}/{en,ru}-{light,dark}-*.png`);
// The Russian console for the README.
await api('POST', '/rpc/settings.update', { language: 'ru', theme: 'light' });
await page.reload();
await page.locator('html[lang="ru"]').waitFor();
for (const [route, testId] of [['integrations', 'integration-row'], ['log', 'log-entry']]) {
  await page.evaluate((r) => (globalThis.location.hash = `/${r}`), route);
  await page.getByTestId(testId).first().waitFor();
  await shot(`ru-${route}`);
}
await api('POST', '/rpc/settings.update', { language: 'en', theme: 'system' });

await browser.close();
smtp.close();
herald.kill('SIGTERM');
receiver.close();
await new Promise((r) => herald.on('exit', r));
rmSync(dataDir, { recursive: true, force: true });
