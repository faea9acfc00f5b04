import { JiraFake } from '../support/jira-fake.js';
import { expect, test, type HeraldPage } from './fixtures.js';

/** The webhook and Jira forms, their Test it report and the delivery policy section, in Russian. */

const PAT = 'pat-NjE0OTk1Mzc4MTk2OkP3x9';
// Four axe runs over a large dialog on a shared machine.
test.setTimeout(180_000);

async function addIntegration(app: HeraldPage, kind: RegExp) {
  await app.page.getByRole('button', { name: 'Добавить интеграцию' }).click();
  await app.page.getByRole('menuitem', { name: kind }).click();
}

async function darkTheme(app: HeraldPage) {
  await app.rpc('settings.update', { theme: 'dark' });
  await app.page.reload();
  await app.page.locator('html[lang="ru"]').waitFor();
}

test('the webhook form in Russian: labels, a bad URL, Test it against the receiver, the delivery policy, axe in light and dark, then English again', async ({ app, receiver, page }) => {
  await app.useLanguage('ru');
  await addIntegration(app, /Вебхук/);
  const dialog = app.form;
  const field = (name: string) => dialog.getByRole('textbox', { name, exact: true });
  await expect(dialog.getByRole('heading', { name: 'Добавить вебхук' })).toBeVisible();
  await expect(dialog.getByRole('heading', { level: 2, name: 'Аутентификация' })).toBeVisible();
  await expect(dialog.getByRole('heading', { level: 2, name: 'Проверка подключения' })).toBeVisible();
  await expect(dialog.getByText('Ничего не сохраняется.', { exact: false })).toBeVisible();
  await expect(field('Название')).toHaveAccessibleDescription('Как вебхук называется в Herald, например «Приём в SIEM»');
  await expect(field('Токен')).toHaveAttribute('placeholder', 'Общий секрет, который проверяет получатель');
  await expect(dialog.getByRole('button', { name: 'Показать токен' })).toBeVisible();
  await expect(field('Заголовок токена')).toHaveAccessibleDescription(/^По умолчанию X-Herald-Authentication\./);
  await expect(dialog.getByRole('button', { name: 'Отмена' })).toBeVisible();

  // A bad URL: the contract's message, in Russian, under the field.
  await field('Название').fill('Приём в SIEM');
  await field('URL').fill('alerts.example.com');
  await expect(field('URL')).toHaveAccessibleDescription('Это не URL: укажите схему, например https://host/path');
  await field('URL').fill(receiver.url('/siem'));
  await expect(field('URL')).toHaveAccessibleDescription(/^Herald отправляет сюда POST-запрос/);

  const events = dialog.getByRole('combobox', { name: 'События', exact: true });
  await events.fill('Завершён SCA-анализ проекта');
  await page.getByRole('option', { name: 'Завершён SCA-анализ проекта', exact: true }).click();
  await expect(events).toHaveAccessibleDescription(/выбрано 1 из \d+/);
  // The list stays open for more choices: leave it.
  await field('Название').click();

  // Test it against the live receiver: a Russian report.
  await dialog.getByRole('button', { name: 'Проверить', exact: true }).click();
  await expect(app.testReport).toHaveAttribute('data-ok', 'true');
  await expect(app.testReport).toContainText('Проверка пройдена');
  await expect(app.testReport).toContainText('Получатель принял тестовое событие.');
  await expect(app.testReport.getByRole('list', { name: 'Шаги проверки' })).toBeVisible();
  await expect(app.step('status')).toContainText('200');
  await expect(app.step('status')).toContainText('(успешно)');
  await expect(app.testReport).toContainText(/Всего \d[\d\s]* мс/);
  expect(receiver.requests).toHaveLength(1);

  // The delivery policy section.
  const policy = app.policy;
  await expect(policy.getByRole('heading', { name: 'Доставка' })).toBeVisible();
  await expect(policy).toContainText('Как группируются события, когда повторяется неудачный запрос');
  await expect(policy.getByRole('button', { name: 'Отправлять сразу' })).toBeVisible();
  await expect(policy.getByRole('combobox', { name: 'Расписание повторов' })).toHaveText('Стандарт вебхуков (seed 004)');
  await expect(policy).toContainText('1 мин → 5 мин → 30 мин → 3 ч → 12 ч → 24 ч → 48 ч (7 повторов)');
  await expect(policy.getByRole('radio', { name: 'Если не удался последний повтор (seed 004)' })).toBeChecked();
  await expect(policy.getByTestId('auto-disable-help')).toContainText('недоставленные события попадают в «Недоставленные»');
  await policy.getByRole('combobox', { name: 'Расписание повторов' }).click();
  await page.getByRole('option', { name: /^Быстрые циклы \(seed 003\)/ }).click();
  await expect(policy).toContainText('цикл 1: 1 с → 3 с → 5 с → 10 с → 10 с · цикл 2: 0 с → 1 с → 3 с → 5 с → 30 с');
  await policy.getByRole('radio', { name: /^Если за 12 ч не проходят ≥ 60 % запросов/ }).check();
  await expect(policy.getByTestId('auto-disable-help')).toContainText('очередь сохраняется');
  const failed = policy.getByLabel('Неудачные запросы', { exact: true });
  await failed.fill('2');
  await dialog.getByRole('button', { name: 'Сохранить' }).click();
  await expect(failed).toHaveAccessibleDescription('Не меньше 5 %');
  await failed.fill('80');
  await expect(policy.getByRole('radio', { name: 'Если за 12 ч не проходят ≥ 80 % запросов (seed 003)' })).toBeChecked();
  await expect(policy.getByLabel('За последние', { exact: true })).toHaveValue('12h');
  await expect(policy.getByLabel('Минимум запросов', { exact: true })).toHaveAccessibleDescription('При меньшем числе доля ничего не говорит о состоянии');

  expect(await app.seriousA11yViolations()).toEqual([]);

  // Dark theme, the form open again.
  await darkTheme(app);
  await addIntegration(app, /Вебхук/);
  await expect(dialog.getByRole('heading', { name: 'Добавить вебхук' })).toBeVisible();
  expect(await app.seriousA11yViolations()).toEqual([]);

  // Back in English, the same form speaks English.
  await app.useLanguage('en');
  await page.getByRole('button', { name: 'Add integration' }).click();
  await page.getByRole('menuitem', { name: /Webhook/ }).click();
  await expect(dialog.getByRole('heading', { name: 'Add webhook' })).toBeVisible();
  await expect(dialog.getByRole('heading', { level: 2, name: 'Connection test' })).toBeVisible();
  await expect(app.policy).toContainText('1m → 5m → 30m → 3h → 12h → 24h → 48h (7 retries)');
});

test('the Jira form in Russian: labels, Test it against the fake, and no serious axe findings in light and dark', async ({ app, page }) => {
  const jira = await JiraFake.start({ deployment: 'Server', auth: { kind: 'bearer', token: PAT } });
  try {
    await app.useLanguage('ru');
    await addIntegration(app, /^Jira/);
    const dialog = page.getByRole('dialog').filter({ has: page.getByTestId('jira-form') });
    const field = (name: string) => dialog.getByRole('textbox', { name, exact: true });
    await expect(dialog.getByRole('heading', { name: 'Добавить Jira' })).toBeVisible();
    await expect(dialog.getByRole('combobox', { name: 'Тип' })).toHaveText('Jira Server / Data Center');
    await expect(dialog.getByRole('combobox', { name: 'Способ входа' })).toHaveText('Персональный токен доступа');
    await expect(field('Название')).toHaveAccessibleDescription('например «Jira безопасности»');
    await expect(field('Токен доступа')).toHaveAccessibleDescription('Профиль → Personal Access Tokens; передаётся как Bearer-токен.');
    await expect(field('Собственный сертификат УЦ (PEM)')).toBeVisible();
    await expect(dialog.getByRole('spinbutton', { name: 'Тайм-аут (мс)' })).toBeVisible();
    await expect(dialog.getByRole('heading', { level: 2, name: 'Проверить' })).toBeVisible();
    await expect(dialog.getByRole('heading', { level: 2, name: 'Доставка' })).toBeVisible();
    await expect(dialog.getByText('Сначала проверьте подключение или сохраните как есть.')).toBeVisible();
    await expect(dialog.getByRole('button', { name: 'Всё равно сохранить' })).toBeVisible();

    await field('Название').fill('Jira безопасности');
    await field('URL').fill(jira.url);
    await field('Токен доступа').fill(PAT);
    await field('Ключ проекта').fill('SEC');
    await expect(field('Тип задачи')).toHaveValue('Bug');
    await dialog.getByRole('button', { name: 'Проверить', exact: true }).click();
    await expect(app.testReport).toHaveAttribute('data-ok', 'true');
    await expect(app.testReport).toContainText('Проверка пройдена');
    await expect(dialog.getByRole('button', { name: 'Подключить' })).toBeVisible();
    expect(await app.seriousA11yViolations()).toEqual([]);

    await darkTheme(app);
    await addIntegration(app, /^Jira/);
    await expect(dialog.getByRole('heading', { name: 'Добавить Jira' })).toBeVisible();
    expect(await app.seriousA11yViolations()).toEqual([]);
  } finally {
    await jira.close();
  }
});
