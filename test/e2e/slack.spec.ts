import { SlackFake } from '../support/slack-fake.js';
import { expect, test } from './fixtures.js';

// Axe over a large dialog, twice, on a shared machine.
test.setTimeout(180_000);

test('Slack by incoming webhook: a bad URL next to the field, Test it (a removed webhook, then success), setup, masked and revealed, axe', async ({ app, page }) => {
  const slack = await SlackFake.start();
  try {
    await page.getByRole('button', { name: 'Add integration' }).click();
    await page.getByRole('menuitem', { name: 'Slack' }).click();
    const dialog = page.getByRole('dialog').filter({ has: page.getByTestId('slack-form') });
    await expect(dialog.getByRole('heading', { name: 'Add Slack' })).toBeVisible();
    await dialog.getByRole('textbox', { name: 'Name', exact: true }).fill('Slack #security');
    const url = dialog.getByLabel('Webhook URL', { exact: false });
    await url.fill('hooks.slack.com/services/T/B/x');
    await expect(dialog).toContainText('Paste the whole webhook URL, e.g. https://hooks.slack.com/services/T000/B000/XXXX');

    await url.fill(`${slack.origin}/services/T0001/B0001/removed`);
    await dialog.getByRole('button', { name: 'Test it' }).click();
    await expect(app.testReport).toContainText('Slack says invalid_token: the webhook URL is no longer valid.');
    await expect(app.testReport).toContainText('Add a new incoming webhook to the app');
    await expect(dialog.getByRole('button', { name: 'Save anyway' })).toBeVisible();

    await url.fill(slack.webhookUrl);
    await dialog.getByRole('button', { name: 'Test it' }).click();
    await expect(app.testReport).toContainText('Slack accepted the test message.');
    await expect(app.step('send')).toContainText('Slack answered ok');
    expect(slack.posts.at(-1)!.text).toBe('Test message from Herald (Slack #security)');
    await page.screenshot({ path: '/tmp/slack-webhook-form.png' });
    expect(await app.seriousA11yViolations()).toEqual([]);
    await dialog.getByRole('button', { name: 'Setup now' }).click();
    await expect(app.rows.first()).toContainText('Slack #security');
    await expect(app.rows.first()).toContainText('incoming webhook');
    // The URL is the credential: never on the page, revealed only on request.
    expect(await page.content()).not.toContain('abcdefghijklmnop');
    await app.rows.first().getByRole('button', { name: /Edit/ }).click();
    await expect(dialog.getByTestId('reveal-webhook_url')).toBeVisible();
    await dialog.getByRole('button', { name: 'Cancel' }).click();

    // A rule routes policy alerts to it: one Block Kit message per alert.
    await app.open('Rules');
    await page.getByTestId('rules-empty').getByRole('button', { name: 'Create rule' }).click();
    await app.ruleForm.getByRole('textbox', { name: 'Name' }).fill('Policies to Slack');
    await app.addRuleAction('Slack #security');
    await app.ruleForm.getByRole('button', { name: 'Save' }).click();
    await expect(page.getByTestId('rule-row')).toContainText('Slack #security');
    const before = slack.posts.length;
    await app.open('Events');
    await page.getByTestId('scan-card').getByRole('button', { name: 'Run scan' }).click();
    await expect(page.getByTestId('scan-result')).toContainText('Routed to Slack #security');
    await expect.poll(() => slack.posts.length - before, { timeout: 15_000 }).toBeGreaterThan(0);
    expect(slack.posts.at(-1)!.blocks.length).toBe(3);
  } finally {
    await slack.close();
  }
});

test('Slack by bot token in Russian: the channel checked next to the field, Test it signs in and posts, axe in light and dark', async ({ app, page }) => {
  const slack = await SlackFake.start();
  try {
    await app.useLanguage('ru');
    await page.getByRole('button', { name: 'Добавить интеграцию' }).click();
    await page.getByRole('menuitem', { name: 'Slack' }).click();
    const dialog = page.getByRole('dialog').filter({ has: page.getByTestId('slack-form') });
    await dialog.getByRole('textbox', { name: 'Название', exact: true }).fill('Slack бот');
    await dialog.getByRole('combobox', { name: 'Способ подключения' }).click();
    await page.getByRole('option', { name: 'Токен бота и канал' }).click();
    await dialog.getByRole('textbox', { name: 'Токен бота', exact: true }).fill('xoxb-wrong-0000');
    const channel = dialog.getByRole('textbox', { name: 'Канал', exact: true });
    await channel.fill('Security Alerts');
    await expect(dialog).toContainText('Канал — это #имя строчными буквами или идентификатор вида C0123ABCD');
    await channel.fill('#security-alerts');
    await expect(dialog).not.toContainText('Канал — это #имя');
    await dialog.getByRole('textbox', { name: 'Базовый адрес API', exact: true }).fill(slack.apiBase);

    await dialog.getByRole('button', { name: 'Проверить' }).click();
    await expect(app.testReport).toContainText('Slack ответил invalid_auth: токен бота отозван или введён с ошибкой.');
    await expect(app.testReport).toContainText('OAuth & Permissions');

    await dialog.getByRole('textbox', { name: 'Токен бота', exact: true }).fill(slack.token);
    await dialog.getByRole('button', { name: 'Проверить' }).click();
    await expect(app.step('auth')).toContainText('Вход в Herald Test выполнен как herald_bot');
    await expect(app.testReport).toContainText('Herald может писать в #security-alerts.');
    expect(slack.posts.at(-1)).toMatchObject({ via: 'api', channel: 'C0SEC0001' });
    await page.screenshot({ path: '/tmp/slack-bot-form-ru.png' });
    expect(await app.seriousA11yViolations()).toEqual([]);

    await dialog.getByRole('button', { name: 'Подключить' }).click();
    await expect(app.rows.first()).toContainText('бот → #security-alerts');

    await app.rpc('settings.update', { theme: 'dark' });
    await page.reload();
    await page.locator('html[lang="ru"]').waitFor();
    await page.getByRole('button', { name: 'Добавить интеграцию' }).click();
    await page.getByRole('menuitem', { name: 'Slack' }).click();
    await expect(dialog).toBeVisible();
    expect(await app.seriousA11yViolations()).toEqual([]);
  } finally {
    await slack.close();
  }
});
