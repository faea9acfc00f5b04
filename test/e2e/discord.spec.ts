import { DiscordFake } from '../support/chat-fakes.js';
import { expect, test } from './fixtures.js';

// Axe over a large dialog, twice, on a shared machine.
test.setTimeout(180_000);

test('Discord: URL and username checked next to the fields, Test it (a reset token, then the webhook named), setup, masked, axe', async ({ app, page }) => {
  const discord = await DiscordFake.start();
  try {
    await page.getByRole('button', { name: 'Add integration' }).click();
    await page.getByRole('menuitem', { name: 'Discord' }).click();
    const dialog = page.getByRole('dialog').filter({ has: page.getByTestId('discord-form') });
    await expect(dialog.getByRole('heading', { name: 'Add Discord' })).toBeVisible();
    await dialog.getByRole('textbox', { name: 'Name', exact: true }).fill('Discord #alerts');
    const url = dialog.getByLabel('Webhook URL', { exact: false });
    await url.fill('https://discord.com/channels/1/2');
    await expect(dialog).toContainText('Paste the whole webhook URL, e.g. https://discord.com/api/webhooks/123456789012345678/abc…');
    const username = dialog.getByRole('textbox', { name: 'Username (optional)' });
    await username.fill('Discord Alerts');
    await expect(dialog).toContainText('Discord does not allow "discord" or "clyde" in a webhook username; choose another');
    await username.fill('Herald');

    await url.fill(discord.webhookUrl('reset-token'));
    await dialog.getByRole('button', { name: 'Test it' }).click();
    await expect(app.testReport).toContainText("Discord says 50027 Invalid Webhook Token: the webhook's token is wrong or was reset.");
    await expect(app.testReport).toContainText('Copy Webhook URL');

    await url.fill(discord.webhookUrl());
    await dialog.getByRole('button', { name: 'Test it' }).click();
    await expect(app.testReport).toContainText('Discord accepted the test message.');
    await expect(app.step('webhook')).toContainText(`Webhook "Herald alerts" posts to channel ${discord.channelId}`);
    await expect(app.step('send')).toContainText('Posted message');
    expect(discord.posts.at(-1)).toMatchObject({ content: 'Test message from Herald (Discord #alerts)', username: 'Herald' });
    await page.screenshot({ path: '/tmp/discord-form.png' });
    expect(await app.seriousA11yViolations()).toEqual([]);
    await dialog.getByRole('button', { name: 'Setup now' }).click();
    await expect(app.rows.first()).toContainText('Discord #alerts');
    expect(await page.content()).not.toContain(discord.token);
    await app.rows.first().getByRole('button', { name: /Edit/ }).click();
    await expect(dialog.getByTestId('reveal-webhook_url')).toBeVisible();
  } finally {
    await discord.close();
  }
});

test('Discord in Russian: a deleted webhook explained in Russian, then success; axe in light and dark', async ({ app, page }) => {
  const discord = await DiscordFake.start();
  try {
    await app.useLanguage('ru');
    await page.getByRole('button', { name: 'Добавить интеграцию' }).click();
    await page.getByRole('menuitem', { name: 'Discord' }).click();
    const dialog = page.getByRole('dialog').filter({ has: page.getByTestId('discord-form') });
    await dialog.getByRole('textbox', { name: 'Название', exact: true }).fill('Discord #alerts');
    const url = dialog.getByLabel('Адрес вебхука', { exact: false });
    await url.fill(discord.webhookUrl(discord.token, '100000000000000001'));
    await dialog.getByRole('button', { name: 'Проверить' }).click();
    await expect(app.testReport).toContainText('Discord ответил 10015 Unknown Webhook: вебхук удалён.');
    await expect(app.testReport).toContainText('Создайте вебхук в настройках канала');
    await url.fill(discord.webhookUrl());
    await dialog.getByRole('button', { name: 'Проверить' }).click();
    await expect(app.step('webhook')).toContainText('Вебхук «Herald alerts» пишет в канал');
    await expect(app.testReport).toContainText('Discord принял тестовое сообщение.');
    await page.screenshot({ path: '/tmp/discord-form-ru.png' });
    expect(await app.seriousA11yViolations()).toEqual([]);
    await dialog.getByRole('button', { name: 'Подключить' }).click();
    await expect(app.rows.first()).toContainText('Discord #alerts');

    await app.rpc('settings.update', { theme: 'dark' });
    await page.reload();
    await page.locator('html[lang="ru"]').waitFor();
    await page.getByRole('button', { name: 'Добавить интеграцию' }).click();
    await page.getByRole('menuitem', { name: 'Discord' }).click();
    await expect(dialog).toBeVisible();
    expect(await app.seriousA11yViolations()).toEqual([]);
  } finally {
    await discord.close();
  }
});
