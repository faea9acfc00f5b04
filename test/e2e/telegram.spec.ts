import { TelegramFake } from '../support/telegram-fake.js';
import { expect, test } from './fixtures.js';

// Axe over a large dialog, twice, on a shared machine.
test.setTimeout(180_000);

test('Telegram: the chat id and token checked next to the fields, Test it (a revoked token, then getMe and a test message), setup, a rule delivers, axe', async ({ app, page }) => {
  const tg = await TelegramFake.start();
  try {
    await page.getByRole('button', { name: 'Add integration' }).click();
    await page.getByRole('menuitem', { name: 'Telegram' }).click();
    const dialog = page.getByRole('dialog').filter({ has: page.getByTestId('telegram-form') });
    await expect(dialog.getByRole('heading', { name: 'Add Telegram' })).toBeVisible();
    await dialog.getByRole('textbox', { name: 'Name', exact: true }).fill('SecOps Telegram');
    const token = dialog.getByRole('textbox', { name: 'Bot token', exact: true });
    await token.fill('xoxb-not-telegram');
    const chat = dialog.getByRole('textbox', { name: 'Chat id', exact: true });
    await chat.fill('security alerts');
    await expect(dialog).toContainText('A chat id is a number (negative for groups, -100… for supergroups and channels) or @channelusername');
    await expect(dialog).toContainText('A bot token looks like 123456789:AAE…; copy it from @BotFather');
    await chat.fill('-1001234567890');
    await dialog.getByRole('textbox', { name: 'API base URL', exact: true }).fill(tg.apiBase);

    await token.fill('123456789:AAHrevoked-token_000000000000000000');
    await dialog.getByRole('button', { name: 'Test it' }).click();
    await expect(app.testReport).toContainText('Telegram says "Unauthorized" (401): the bot token was revoked or mistyped.');
    await expect(app.testReport).toContainText('Copy the token from @BotFather');
    await expect(dialog.getByRole('button', { name: 'Save anyway' })).toBeVisible();

    await token.fill(tg.token);
    await dialog.getByRole('button', { name: 'Test it' }).click();
    await expect(app.step('auth')).toContainText('Signed in as @herald_alerts_bot (Herald Alerts)');
    await expect(app.testReport).toContainText('Herald can post to Security alerts (-1001234567890).');
    expect(tg.posts.at(-1)!.text).toBe('Test message from Herald (SecOps Telegram)\nThis integration can post here.');
    await page.screenshot({ path: '/tmp/telegram-form.png' });
    expect(await app.seriousA11yViolations()).toEqual([]);
    await dialog.getByRole('button', { name: 'Setup now' }).click();
    await expect(app.rows.first()).toContainText('SecOps Telegram');
    await expect(app.rows.first()).toContainText('chat -1001234567890');
    expect(await page.content()).not.toContain('AAHerald-test-token');

    await app.open('Rules');
    await page.getByTestId('rules-empty').getByRole('button', { name: 'Create rule' }).click();
    await app.ruleForm.getByRole('textbox', { name: 'Name' }).fill('Policies to Telegram');
    await app.addRuleAction('SecOps Telegram');
    await expect(app.ruleForm).toContainText('Telegram: one message per event to its chat');
    await app.ruleForm.getByRole('button', { name: 'Save' }).click();
    await expect(page.getByTestId('rule-row')).toContainText('SecOps Telegram');
    const before = tg.posts.length;
    await app.open('Events');
    await page.getByTestId('scan-card').getByRole('button', { name: 'Run scan' }).click();
    await expect(page.getByTestId('scan-result')).toContainText('Routed to SecOps Telegram');
    await expect.poll(() => tg.posts.length - before, { timeout: 15_000 }).toBeGreaterThan(0);
    expect(tg.posts.at(-1)).toMatchObject({ parse_mode: 'HTML', chat_id: -1001234567890 });
  } finally {
    await tg.close();
  }
});

test('Telegram in Russian: a chat the bot was never in is explained with the fix, axe in light and dark', async ({ app, page }) => {
  const tg = await TelegramFake.start();
  try {
    await app.useLanguage('ru');
    await page.getByRole('button', { name: 'Добавить интеграцию' }).click();
    await page.getByRole('menuitem', { name: 'Telegram' }).click();
    const dialog = page.getByRole('dialog').filter({ has: page.getByTestId('telegram-form') });
    await dialog.getByRole('textbox', { name: 'Название', exact: true }).fill('Telegram дежурных');
    await dialog.getByRole('textbox', { name: 'Токен бота', exact: true }).fill(tg.token);
    await dialog.getByRole('textbox', { name: 'Идентификатор чата', exact: true }).fill('-1001111111111');
    await dialog.getByRole('textbox', { name: 'Базовый URL API', exact: true }).fill(tg.apiBase);
    await dialog.getByRole('button', { name: 'Проверить' }).click();
    await expect(app.testReport).toContainText('Telegram ответил «Bad Request: chat not found» (400): чата нет или бот в нём никогда не был.');
    await expect(app.testReport).toContainText('откройте бота в Telegram и нажмите «Старт»');
    await page.screenshot({ path: '/tmp/telegram-form-ru.png' });

    await dialog.getByRole('textbox', { name: 'Идентификатор чата', exact: true }).fill('-1001234567890');
    await dialog.getByRole('button', { name: 'Проверить' }).click();
    await expect(app.testReport).toContainText('Herald может писать в Security alerts (-1001234567890).');
    expect(await app.seriousA11yViolations()).toEqual([]);
    await dialog.getByRole('button', { name: 'Подключить' }).click();
    await expect(app.rows.first()).toContainText('чат -1001234567890');

    await app.rpc('settings.update', { theme: 'dark' });
    await page.reload();
    await page.locator('html[lang="ru"]').waitFor();
    await page.getByRole('button', { name: 'Добавить интеграцию' }).click();
    await page.getByRole('menuitem', { name: 'Telegram' }).click();
    await expect(dialog).toBeVisible();
    expect(await app.seriousA11yViolations()).toEqual([]);
  } finally {
    await tg.close();
  }
});
