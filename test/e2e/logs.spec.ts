import { InsightConnectFake, SplunkFake, SumoFake } from '../support/log-receivers-fake.js';
import { expect, test } from './fixtures.js';

// Axe over a large dialog, on a shared machine.
test.setTimeout(180_000);

test('Splunk HEC: the address checked next to the field, Test it (a bad token, then health and the ack), setup, a rule delivers, axe', async ({ app, page }) => {
  const splunk = await SplunkFake.start();
  splunk.ack = true;
  try {
    await page.getByRole('button', { name: 'Add integration' }).click();
    await page.getByRole('menuitem', { name: 'Splunk (HEC)' }).click();
    const dialog = page.getByRole('dialog').filter({ has: page.getByTestId('splunk-form') });
    await expect(dialog.getByRole('heading', { name: 'Add Splunk' })).toBeVisible();
    await dialog.getByRole('textbox', { name: 'Name', exact: true }).fill('Splunk SOC');
    const url = dialog.getByRole('textbox', { name: 'HEC address', exact: false });
    await url.fill(`${splunk.origin}/services/collector/event`);
    await expect(dialog).toContainText('Enter only the scheme, host and port: Herald adds /services/collector/event');
    await url.fill(splunk.origin);
    await expect(dialog).not.toContainText('Enter only the scheme');
    await dialog.getByRole('textbox', { name: 'Index', exact: true }).fill('security');
    const token = dialog.getByLabel('HEC token', { exact: false });
    await token.fill('00000000-0000-0000-0000-000000000000');

    await dialog.getByRole('button', { name: 'Test it' }).click();
    await expect(app.testReport).toContainText('Splunk says "Invalid token" (code 4): the token is wrong or was deleted.');
    await expect(app.testReport).toContainText('Copy the token from Settings → Data inputs → HTTP Event Collector');
    await expect(app.step('health')).toContainText('Splunk says "HEC is healthy"');
    await expect(dialog.getByRole('button', { name: 'Save anyway' })).toBeVisible();

    await token.fill(splunk.token);
    await dialog.getByRole('button', { name: 'Test it' }).click();
    await expect(app.testReport).toContainText('Splunk accepted the test event for index security.');
    await expect(app.step('send')).toContainText('Splunk says "Success" (code 0, ackId 0)');
    await dialog.getByRole('switch', { name: /self-signed/ }).check();
    await expect(dialog.getByTestId('self-signed-warning')).toBeVisible();
    await dialog.getByRole('switch', { name: /self-signed/ }).uncheck();
    await page.screenshot({ path: '/tmp/splunk-form.png' });
    expect(await app.seriousA11yViolations()).toEqual([]);
    await dialog.getByRole('button', { name: 'Setup now' }).click();
    await expect(app.rows.first()).toContainText('Splunk SOC');
    await expect(app.rows.first()).toContainText(`${splunk.origin} · index security`);
    expect(await page.content()).not.toContain(splunk.token);

    await app.open('Rules');
    await page.getByTestId('rules-empty').getByRole('button', { name: 'Create rule' }).click();
    await app.ruleForm.getByRole('textbox', { name: 'Name' }).fill('Policies to Splunk');
    await app.addRuleAction('Splunk SOC');
    await expect(app.ruleForm).toContainText('Splunk: the due events go to HEC together');
    await app.ruleForm.getByRole('button', { name: 'Save' }).click();
    await expect(page.getByTestId('rule-row')).toContainText('Splunk SOC');
    await app.open('Events');
    await page.getByTestId('scan-card').getByRole('button', { name: 'Run scan' }).click();
    await expect(page.getByTestId('scan-result')).toContainText('Routed to Splunk SOC');
    await expect.poll(() => splunk.events.filter((e) => !e.event.test).length, { timeout: 15_000 }).toBeGreaterThan(0);
    expect(splunk.events.at(-1)).toMatchObject({ sourcetype: 'herald:alert', index: 'security' });
  } finally {
    await splunk.close();
  }
});

test('Sumo Logic in Russian: the source URL checked next to the field, Test it (a bad URL, then success), setup, axe in light and dark', async ({ app, page }) => {
  const sumo = await SumoFake.start();
  try {
    await app.useLanguage('ru');
    await page.getByRole('button', { name: 'Добавить интеграцию' }).click();
    await page.getByRole('menuitem', { name: 'Sumo Logic' }).click();
    const dialog = page.getByRole('dialog').filter({ has: page.getByTestId('sumologic-form') });
    await expect(dialog.getByRole('heading', { name: 'Добавить Sumo Logic' })).toBeVisible();
    await dialog.getByRole('textbox', { name: 'Название', exact: true }).fill('Sumo, безопасность');
    const url = dialog.getByLabel('Адрес HTTP-источника', { exact: false });
    await url.fill('https://sumologic.com/');
    await expect(dialog).toContainText('Вставьте адрес HTTP-источника целиком');
    await url.fill(`${sumo.origin}/receiver/v1/http/WrongToken123`);
    await expect(dialog).not.toContainText('Вставьте адрес HTTP-источника целиком');
    await dialog.getByRole('textbox', { name: 'Категория источника (X-Sumo-Category)', exact: true }).fill('security/herald');

    await dialog.getByRole('button', { name: 'Проверить' }).click();
    await expect(app.testReport).toContainText('Sumo Logic ответил 401: токен в адресе источника отсутствует или неверен.');
    await expect(app.testReport).toContainText('Создайте новый HTTP-источник');

    await url.fill(sumo.sourceUrl);
    await dialog.getByRole('button', { name: 'Проверить' }).click();
    await expect(app.testReport).toContainText('Sumo Logic принял тестовую запись.');
    await expect(app.step('send')).toContainText('Sumo Logic ответил 200; ищите _sourceCategory="security/herald"');
    expect(sumo.messages.at(-1)).toMatchObject({ category: 'security/herald', line: { test: true } });
    await page.screenshot({ path: '/tmp/sumologic-form-ru.png' });
    expect(await app.seriousA11yViolations()).toEqual([]);

    await dialog.getByRole('button', { name: 'Подключить' }).click();
    await expect(app.rows.first()).toContainText('HTTP-источник · категория security/herald');
    expect(await page.content()).not.toContain(sumo.token);

    await app.rpc('settings.update', { theme: 'dark' });
    await page.reload();
    await page.locator('html[lang="ru"]').waitFor();
    await page.getByRole('button', { name: 'Добавить интеграцию' }).click();
    await page.getByRole('menuitem', { name: 'Sumo Logic' }).click();
    await expect(dialog).toBeVisible();
    expect(await app.seriousA11yViolations()).toEqual([]);
  } finally {
    await sumo.close();
  }
});

test('InsightConnect: Test it (no API key, then the job the workflow started), setup, masked, axe in dark', async ({ app, page }) => {
  const ic = await InsightConnectFake.start();
  try {
    await page.getByRole('button', { name: 'Add integration' }).click();
    await page.getByRole('menuitem', { name: 'Rapid7 InsightConnect' }).click();
    const dialog = page.getByRole('dialog').filter({ has: page.getByTestId('insightconnect-form') });
    await dialog.getByRole('textbox', { name: 'Name', exact: true }).fill('Triage workflow');
    const url = dialog.getByLabel('API trigger URL', { exact: false });
    await url.fill('not a url');
    await expect(dialog).toContainText('Paste the whole trigger URL');
    await url.fill(ic.triggerUrl);

    await dialog.getByRole('button', { name: 'Test it' }).click();
    await expect(app.testReport).toContainText('InsightConnect says 401: the API key is missing or not valid. InsightConnect said: “Unauthorized”.');
    await expect(app.testReport).toContainText('API Key Management');

    await dialog.getByLabel('API key (X-API-Key)', { exact: false }).fill(ic.apiKey!);
    await dialog.getByRole('button', { name: 'Test it' }).click();
    const job = await expect.poll(() => ic.jobs.length).toBe(1).then(() => ic.jobs[0]!.job_id);
    await expect(app.testReport).toContainText(`InsightConnect started the workflow (job ${job}).`);
    await expect(app.step('send')).toContainText(`The workflow started job ${job}`);
    await page.screenshot({ path: '/tmp/insightconnect-form.png' });
    await dialog.getByRole('button', { name: 'Setup now' }).click();
    await expect(app.rows.first()).toContainText('workflow API trigger · with API key');
    expect(await page.content()).not.toContain(ic.workflowId);
    expect(await page.content()).not.toContain(ic.apiKey!);

    await app.rpc('settings.update', { theme: 'dark' });
    await page.reload();
    await page.getByRole('button', { name: 'Add integration' }).click();
    await page.getByRole('menuitem', { name: 'Rapid7 InsightConnect' }).click();
    await expect(dialog).toBeVisible();
    expect(await app.seriousA11yViolations()).toEqual([]);
  } finally {
    await ic.close();
  }
});
