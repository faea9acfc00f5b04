import { readFileSync } from 'node:fs';
import { SmtpSink } from '../support/smtp.js';
import { expect, test, type HeraldPage } from './fixtures.js';

const TOKEN = 'whsec_live_9a8b7c6d5e4f3a2b';
const POLICIES = ['Block critical CVEs in production', 'No copyleft licenses', 'Warn on high-severity CVEs'];
type Summary = { id: string; receiver: string; jira_type: string | null; title: string };
type List = { captures: Summary[]; total: number };

/** A webhook and an email integration with a scan-digest rule, both in Capture, then a project scan. */
async function captureScan(app: HeraldPage) {
  const webhook = await app.rpc<{ id: string }>('integrations.create', {
    kind: 'webhook',
    name: 'SOC webhook',
    settings: { url: 'http://127.0.0.1:9/intake', events: ['project_sca_analysis_started', 'sca_policy_has_been_triggered', 'project_sca_analysis_finished'] },
    secrets: { token: TOKEN },
  });
  const email = await app.rpc<{ id: string }>('integrations.create', {
    kind: 'email',
    name: 'AppSec mail',
    settings: { host: '127.0.0.1', port: 9, security: 'none', from_address: 'alerts@example.com', from_name: 'Herald alerts', reply_to: 'secops@example.com' },
  });
  await app.rpc('rules.create', {
    name: 'SCA policies to AppSec',
    triggers: ['sca_policy_has_been_triggered'],
    actions: [{ integration_id: email.id, params: { recipients: ['appsec@example.com'], format: 'digest' } }],
  });
  for (const id of [webhook.id, email.id]) await app.rpc('integrations.setSandbox', { id, mode: 'capture' });
  await app.rpc('events.scenario', { scenario: 'project_scan', subject: 'payments-api', policies: 3 });
  // The default batching window (5 s) holds both sends for a moment.
  await expect
    .poll(async () => (await app.rpc<List>('sandbox.list', {})).captures.map((c) => c.receiver).sort(), { timeout: 20_000, intervals: [500] })
    .toEqual(['smtp', 'webhook']);
  return { webhook, email };
}

test('captured email and webhook request: HTML, headers, source, .eml, masked token, kind filter, clear', async ({ app, page }) => {
  await app.open('Sandbox');
  // Nothing yet: the empty state says how to get something here.
  const empty = page.getByTestId('sandbox-empty');
  await expect(empty).toContainText('Nothing captured yet');
  await expect(empty.getByRole('link', { name: 'Integrations' })).toHaveAttribute('href', '#/integrations');

  await captureScan(app);
  const rows = page.getByTestId('capture-row');
  await expect(rows).toHaveCount(2);
  await expect(page.getByTestId('capture-total')).toHaveText('2 captures');
  const emailRow = rows.filter({ hasText: 'payments-api: 3 policies triggered' });
  await expect(emailRow).toContainText('AppSec mail');
  await expect(emailRow.getByTestId('capture-status')).toHaveText('SMTP 250');

  await emailRow.click();
  const detail = page.getByTestId('capture-detail');
  await expect(detail.getByRole('heading', { level: 2 })).toHaveText('[Herald] payments-api: 3 policies triggered (1 blocker)');
  await expect(detail).toContainText('"Herald alerts" <alerts@example.com>');
  await expect(detail).toContainText('appsec@example.com');
  await expect(detail.getByTestId('email-session')).toContainText('no AUTH');

  // The HTML part, sandboxed: no scripts, no same-origin, remote loads blocked by the CSP meta.
  const frame = detail.getByTestId('email-html-frame');
  await expect(frame).toHaveAttribute('sandbox', '');
  await expect(frame).toHaveAttribute('srcdoc', /Content-Security-Policy" content="default-src 'none'; img-src data:; style-src 'unsafe-inline'"/);
  const html = page.frameLocator('[data-testid="email-html-frame"]').locator('body');
  for (const policy of POLICIES) await expect(html).toContainText(policy);
  await expect(html.getByRole('heading', { name: '3 policies triggered in payments-api' })).toBeVisible();

  await detail.getByRole('tab', { name: 'Text' }).click();
  await expect(detail.getByRole('region', { name: 'Text' })).toContainText('3 policies triggered, 1 blocker.');
  await detail.getByRole('tab', { name: 'Headers' }).click();
  const headers = detail.getByRole('table', { name: 'Headers' });
  await expect(headers.getByRole('row').filter({ hasText: 'Reply-To' })).toContainText('secops@example.com');
  await expect(headers.getByRole('row').filter({ hasText: 'X-Herald-Trigger' })).toContainText('project_sca_analysis_finished');
  await detail.getByRole('tab', { name: 'Source' }).click();
  const source = detail.getByRole('region', { name: 'Message source' });
  await expect(source).toContainText('MIME-Version: 1.0');
  await expect(source).toContainText('Content-Type: multipart/alternative');
  await detail.getByRole('tab', { name: 'Attachments (0)' }).click();
  await expect(detail).toContainText('This message has no attachments.');

  const [download] = await Promise.all([page.waitForEvent('download'), detail.getByRole('button', { name: 'Download .eml' }).click()]);
  expect(download.suggestedFilename()).toMatch(/\.eml$/);
  const eml = readFileSync((await download.path())!, 'utf8');
  expect(eml).toContain('Subject: [Herald] payments-api: 3 policies triggered (1 blocker)');
  expect(eml).toContain('From: Herald alerts <alerts@example.com>');

  // Release needs a live email integration: there is none.
  await detail.getByRole('button', { name: 'Release…' }).click();
  const release = page.getByTestId('release-dialog');
  await expect(release).toContainText('No email integration is in Live mode');
  await release.getByRole('button', { name: 'Cancel' }).click();

  // The webhook request: the token header is highlighted and masked, never in clear.
  const webhookRow = rows.filter({ hasText: 'POST /intake' });
  await expect(webhookRow).toContainText('SOC webhook');
  await webhookRow.click();
  await expect(detail.getByTestId('request-line')).toHaveText('POST/intake');
  await expect(detail.getByTestId('capture-status')).toHaveText('HTTP 200');
  const tokenRow = detail.getByTestId('token-header-row');
  await expect(tokenRow).toContainText('X-Herald-Authentication');
  await expect(tokenRow).toContainText('token');
  await expect(tokenRow).toContainText('••••••••3a2b');
  await expect(detail.getByRole('region', { name: 'Request body' })).toContainText('"trigger": "sca_policy_has_been_triggered"');
  expect(await page.content()).not.toContain(TOKEN);

  // Kinds: only webhook requests, then only emails.
  await page.getByRole('combobox', { name: 'Kind' }).click();
  await page.getByRole('option', { name: 'Webhook requests' }).click();
  await expect(rows).toHaveCount(1);
  await expect(page.getByTestId('capture-total')).toHaveText('Showing 1 of 2 captures');
  await page.getByRole('combobox', { name: 'Kind' }).click();
  await page.getByRole('option', { name: 'Emails' }).click();
  await expect(rows).toHaveCount(1);
  await expect(rows).toContainText('AppSec mail');

  // Export JSON of everything in scope.
  const [json] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Export JSON' }).click()]);
  expect(json.suggestedFilename()).toMatch(/\.json$/);
  const exported = readFileSync((await json.path())!, 'utf8');
  expect(exported).toContain('SOC webhook');
  expect(exported).not.toContain(TOKEN);

  // Clear, after a confirmation.
  await page.getByRole('button', { name: 'Clear' }).click();
  const confirm = page.getByTestId('clear-dialog');
  await expect(confirm).toContainText('Clear all 2 captures?');
  await confirm.getByRole('button', { name: 'Clear' }).click();
  await expect(empty).toBeVisible();
  await expect(rows).toHaveCount(0);
  expect((await app.rpc<List>('sandbox.list', {})).total).toBe(0);
});

test('in Russian, light and dark: the inbox and an email have no serious accessibility violations', async ({ app, page }) => {
  await app.useLanguage('ru');
  await captureScan(app);
  await page.getByRole('navigation').getByRole('link', { name: 'Песочница' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Песочница' })).toBeVisible();
  const rows = page.getByTestId('capture-row');
  await expect(rows).toHaveCount(2);
  await expect(page.getByTestId('capture-total')).toHaveText('2 записи');
  await rows.filter({ hasText: 'SOC webhook' }).click();
  await expect(page.getByTestId('token-header-row')).toContainText('токен');
  expect(await app.seriousA11yViolations()).toEqual([]);
  await rows.filter({ hasText: 'AppSec mail' }).click();
  const detail = page.getByTestId('capture-detail');
  await expect(detail.getByRole('tab', { name: 'Заголовки' })).toBeVisible();
  await expect(detail).toContainText('Сеанс');
  expect(await app.seriousA11yViolations()).toEqual([]);

  await app.rpc('settings.update', { theme: 'dark' });
  await page.reload();
  await expect(rows).toHaveCount(2);
  await rows.filter({ hasText: 'AppSec mail' }).click();
  await detail.getByRole('tab', { name: 'Исходник' }).click();
  await expect(detail.getByRole('region', { name: 'Исходный текст письма' })).toContainText('MIME-Version');
  expect(await app.seriousA11yViolations()).toEqual([]);
  await rows.filter({ hasText: 'SOC webhook' }).click();
  await expect(page.getByTestId('token-header-row')).toBeVisible();
  expect(await app.seriousA11yViolations()).toEqual([]);
});

test('Jira issues: wiki markup on Server, ADF rendered on Cloud, requests under their own kind', async ({ app, page }) => {
  const server = await app.rpc<{ id: string }>('integrations.create', {
    kind: 'jira',
    name: 'Jira SEC',
    settings: { deployment: 'server', url: 'http://127.0.0.1:9/jira', auth_type: 'token' },
    secrets: { token: 'pat-0123456789abcdef' },
  });
  const cloud = await app.rpc<{ id: string }>('integrations.create', {
    kind: 'jira',
    name: 'Jira Cloud',
    settings: { deployment: 'cloud', url: 'https://acme.atlassian.net', auth_type: 'basic', username: 'bot@example.com' },
    secrets: { password: 'atlassian-api-token-0123' },
  });
  await app.rpc('rules.create', {
    name: 'Policies to Jira',
    triggers: ['sca_policy_has_been_triggered'],
    actions: [
      { integration_id: server.id, params: { project_key: 'SEC' } },
      { integration_id: cloud.id, params: { project_key: 'OPS' } },
    ],
  });
  for (const id of [server.id, cloud.id]) await app.rpc('integrations.setSandbox', { id, mode: 'capture' });
  const triggers = await app.rpc<{ name: string; example: unknown }[]>('catalogue.list', {});
  const example = triggers.find((t) => t.name === 'sca_policy_has_been_triggered')!.example;
  await app.rpc('events.fire', { trigger: 'sca_policy_has_been_triggered', payload: example });
  await expect
    .poll(async () => (await app.rpc<List>('sandbox.list', {})).captures.filter((c) => c.jira_type === 'issue').length, { timeout: 20_000, intervals: [500] })
    .toBe(2);

  await app.open('Sandbox');
  const rows = page.getByTestId('capture-row');
  // "All" lists the issues; the simulator's requests are plumbing.
  await expect(rows).toHaveCount(2);
  const detail = page.getByTestId('capture-detail');

  await rows.filter({ hasText: 'SEC-1' }).click();
  await expect(detail.getByTestId('issue-key')).toHaveText('SEC-1');
  await expect(detail).toContainText('Bug');
  await expect(detail).toContainText('wiki markup, as sent');
  await expect(detail.getByTestId('issue-description').getByRole('region', { name: 'Description' })).toContainText('Reported by Herald (Jira SEC)');
  await expect(detail.getByRole('link', { name: 'Open in simulator' })).toHaveAttribute('href', /\/browse\/SEC-1$/);
  await expect(detail.getByRole('link', { name: 'Open in simulator' })).toHaveAttribute('target', '_blank');
  await detail.getByRole('button', { name: 'All fields (JSON)' }).click();
  await expect(detail.getByRole('region', { name: 'All fields (JSON)' })).toContainText('"project": {');

  // Up and Down move through the list, opening each capture.
  await rows.filter({ hasText: 'SEC-1' }).press('ArrowUp');
  await expect(detail.getByTestId('issue-key')).toHaveText('OPS-1');
  await expect(rows.filter({ hasText: 'OPS-1' })).toBeFocused();
  await page.keyboard.press('ArrowDown');
  await expect(detail.getByTestId('issue-key')).toHaveText('SEC-1');
  await rows.filter({ hasText: 'OPS-1' }).click();
  await expect(detail.getByTestId('issue-key')).toHaveText('OPS-1');
  await expect(detail).toContainText('Atlassian Document Format');
  const adf = detail.getByTestId('adf');
  await expect(adf).toContainText('Reported by Herald (Jira Cloud)');
  // Rendered as paragraphs, not as JSON.
  await expect(adf.locator('p').first()).toBeVisible();
  await expect(adf).not.toContainText('"type"');

  await page.getByRole('combobox', { name: 'Kind' }).click();
  await page.getByRole('option', { name: 'Jira requests' }).click();
  const create = rows.filter({ hasText: 'POST /cloud/rest/api/3/issue' });
  await expect(create).toHaveCount(1);
  await create.click();
  await expect(detail).toContainText('Basic as bot@example.com');
  await expect(detail.getByRole('region', { name: 'Request body' })).toContainText('"type": "doc"');
  expect(await page.content()).not.toContain('atlassian-api-token-0123');
});

test('release a captured email through a live email integration: a refused connection is explained, then it arrives', async ({ app, page }) => {
  const smtp = await SmtpSink.start({});
  try {
    await captureScan(app);
    const live = { security: 'none', from_address: 'alerts@example.com', from_name: 'Herald alerts', reply_to: 'secops@example.com' };
    await app.rpc('integrations.create', { kind: 'email', name: 'Broken relay', settings: { ...live, host: '127.0.0.1', port: 9 } });
    await app.rpc('integrations.create', { kind: 'email', name: 'Office relay', settings: { ...live, host: '127.0.0.1', port: smtp.port } });
    await app.open('Sandbox');
    await page.getByTestId('capture-row').filter({ hasText: 'AppSec mail' }).click();
    await page.getByTestId('capture-detail').getByRole('button', { name: 'Release…' }).click();
    const dialog = page.getByTestId('release-dialog');
    // Only live email integrations are offered: the captured one is not.
    await dialog.getByRole('combobox', { name: 'Send through' }).click();
    await expect(page.getByRole('option')).toHaveText(['Broken relay', 'Office relay']);
    await page.getByRole('option', { name: 'Broken relay' }).click();
    await dialog.getByRole('button', { name: 'Release' }).click();
    await expect(dialog.getByTestId('release-error')).toContainText('Could not release the email:');
    expect(smtp.messages).toHaveLength(0);

    await dialog.getByRole('combobox', { name: 'Send through' }).click();
    await page.getByRole('option', { name: 'Office relay' }).click();
    await dialog.getByRole('button', { name: 'Release' }).click();
    const result = dialog.getByTestId('release-result');
    await expect(result).toContainText('Released');
    await expect(result).toContainText('Accepted: appsec@example.com');
    expect(smtp.messages).toHaveLength(1);
    expect(smtp.messages[0]!.mail.subject).toBe('[Herald] payments-api: 3 policies triggered (1 blocker)');
    await dialog.getByRole('button', { name: 'Close' }).click();
    await expect(dialog).toHaveCount(0);
  } finally {
    await smtp.close();
  }
});

test('Chaos: an injected failure is marked in the list and in the request', async ({ app, page }) => {
  const webhook = await app.rpc<{ id: string }>('integrations.create', {
    kind: 'webhook',
    name: 'Flaky SIEM',
    settings: { url: 'http://127.0.0.1:9/intake', events: ['sca_policy_has_been_triggered'] },
    secrets: { token: TOKEN },
  });
  await app.rpc('integrations.setSandbox', { id: webhook.id, mode: 'chaos', chaos: { rate: 1, failures: ['status'], status: 503, delay_ms: 0 } });
  const triggers = await app.rpc<{ name: string; example: unknown }[]>('catalogue.list', {});
  await app.rpc('events.fire', { trigger: 'sca_policy_has_been_triggered', payload: triggers.find((t) => t.name === 'sca_policy_has_been_triggered')!.example });
  await expect.poll(async () => (await app.rpc<List>('sandbox.list', {})).total, { timeout: 20_000, intervals: [500] }).toBeGreaterThan(0);

  await app.open('Sandbox');
  const row = page.getByTestId('capture-row').last();
  await expect(row.getByTestId('capture-status')).toHaveText('HTTP 503');
  await expect(row.getByTestId('capture-injected')).toHaveText('chaos: error');
  await page.getByRole('combobox', { name: 'Integration' }).click();
  await expect(page.getByRole('option', { name: 'Flaky SIEM · Chaos' })).toBeVisible();
  await page.keyboard.press('Escape');
  await row.click();
  const detail = page.getByTestId('capture-detail');
  await expect(detail.getByTestId('capture-injected')).toHaveText('chaos: error');
  await expect(detail.getByTestId('token-header-row')).toContainText('••••••••3a2b');
});
