import { MattermostFake } from '../support/chat-fakes.js';
import { expect, test } from './fixtures.js';

// Axe over a large dialog, twice, on a shared machine.
test.setTimeout(180_000);

test('Mattermost: URL and channel checked next to the fields, Test it (a channel not found, then ok), setup, the row names the channel, axe', async ({ app, page }) => {
  const mm = await MattermostFake.start();
  try {
    await page.getByRole('button', { name: 'Add integration' }).click();
    await page.getByRole('menuitem', { name: 'Mattermost' }).click();
    const dialog = page.getByRole('dialog').filter({ has: page.getByTestId('mattermost-form') });
    await expect(dialog.getByRole('heading', { name: 'Add Mattermost' })).toBeVisible();
    await dialog.getByRole('textbox', { name: 'Name', exact: true }).fill('Mattermost ~alerts');
    const url = dialog.getByLabel('Webhook URL', { exact: false });
    await url.fill('https://mattermost.example.com/api/v4/posts');
    await expect(dialog).toContainText('Paste the whole webhook URL, e.g. https://mattermost.example.com/hooks/xxx-generatedkey-xxx');
    await url.fill(mm.webhookUrl());
    const channel = dialog.getByRole('textbox', { name: 'Channel (optional)' });
    await channel.fill('Security Alerts');
    await expect(dialog).toContainText('A channel is its name in lower case (town-square, not Town Square) or @username');
    await channel.fill('security-alert');

    await dialog.getByRole('button', { name: 'Test it' }).click();
    await expect(app.testReport).toContainText('Mattermost says 404 web.incoming_webhook.channel.app_error: the channel was not found.');
    await expect(app.testReport).toContainText("Enter the channel's name in lower case");

    await channel.fill('security-alerts');
    await dialog.getByRole('button', { name: 'Test it' }).click();
    await expect(app.testReport).toContainText('Mattermost accepted the test message.');
    await expect(app.step('send')).toContainText('Posted to security-alerts');
    expect(mm.posts.at(-1)).toMatchObject({ text: 'Test message from Herald (Mattermost ~alerts)', channel: 'security-alerts' });
    await page.screenshot({ path: '/tmp/mattermost-form.png' });
    expect(await app.seriousA11yViolations()).toEqual([]);
    await dialog.getByRole('button', { name: 'Setup now' }).click();
    await expect(app.rows.first()).toContainText('Mattermost ~alerts');
    await expect(app.rows.first()).toContainText('webhook → security-alerts');
    expect(await page.content()).not.toContain(mm.key);
  } finally {
    await mm.close();
  }
});

test('Mattermost in Russian: a wrong key explained in Russian, then success; axe in light and dark', async ({ app, page }) => {
  const mm = await MattermostFake.start();
  try {
    await app.useLanguage('ru');
    await page.getByRole('button', { name: 'Добавить интеграцию' }).click();
    await page.getByRole('menuitem', { name: 'Mattermost' }).click();
    const dialog = page.getByRole('dialog').filter({ has: page.getByTestId('mattermost-form') });
    await dialog.getByRole('textbox', { name: 'Название', exact: true }).fill('Mattermost ~alerts');
    const url = dialog.getByLabel('Адрес вебхука', { exact: false });
    await url.fill(mm.webhookUrl('wrongkey'));
    await dialog.getByRole('button', { name: 'Проверить' }).click();
    await expect(app.testReport).toContainText('Mattermost ответил 400 web.incoming_webhook.invalid.app_error: такого вебхука нет (удалён или адрес введён с ошибкой).');
    await expect(app.testReport).toContainText('Создайте входящий вебхук');
    await url.fill(mm.webhookUrl());
    await dialog.getByRole('button', { name: 'Проверить' }).click();
    await expect(app.step('send')).toContainText('Отправлено в канал вебхука');
    await expect(app.testReport).toContainText('Mattermost принял тестовое сообщение.');
    await page.screenshot({ path: '/tmp/mattermost-form-ru.png' });
    expect(await app.seriousA11yViolations()).toEqual([]);
    await dialog.getByRole('button', { name: 'Подключить' }).click();
    await expect(app.rows.first()).toContainText('вебхук');

    await app.rpc('settings.update', { theme: 'dark' });
    await page.reload();
    await page.locator('html[lang="ru"]').waitFor();
    await page.getByRole('button', { name: 'Добавить интеграцию' }).click();
    await page.getByRole('menuitem', { name: 'Mattermost' }).click();
    await expect(dialog).toBeVisible();
    expect(await app.seriousA11yViolations()).toEqual([]);
  } finally {
    await mm.close();
  }
});
