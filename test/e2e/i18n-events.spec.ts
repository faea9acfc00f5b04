import { expect, test } from './fixtures.js';

test('the Events screen in Russian: catalogue, Fire, dry run and a scan scenario, accessible in light and dark, and back to English', async ({ app, receiver, page }) => {
  // Two axe passes over a long catalogue on a shared machine.
  test.setTimeout(180_000);
  // A webhook to route to: it takes the finished analysis and the policy alerts.
  await app.rpc('integrations.create', {
    kind: 'webhook',
    name: 'SIEM intake',
    settings: { url: receiver.url('/siem'), events: ['project_sca_analysis_finished', 'sca_policy_has_been_triggered'] },
    secrets: {},
  });
  await app.useLanguage('ru');

  await page.getByRole('navigation').getByRole('link', { name: 'События' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'События' })).toBeVisible();
  const list = page.getByTestId('trigger-list');
  // Areas and trigger titles in Russian (the catalogue's own Russian titles).
  await expect(list.getByText('Контейнеры', { exact: true })).toBeVisible();
  await expect(list.getByText('Сработала политика SCA', { exact: true })).toBeVisible();
  await expect(list.getByRole('switch', { name: 'Отправлять события «Завершён SCA-анализ проекта»' })).toBeChecked();
  await expect(list.getByText('Project SCA analysis finished', { exact: true })).toHaveCount(0);
  // Search finds triggers by their Russian words.
  await page.getByRole('textbox', { name: 'Поиск триггеров' }).fill('дубликатов');
  await expect(list.getByText('Завершён анализ дубликатов', { exact: true })).toBeVisible();
  await expect(list.getByText('Сработала политика SCA', { exact: true })).toHaveCount(0);
  await page.getByRole('textbox', { name: 'Поиск триггеров' }).fill('');

  // Switching a trigger off says so in Russian.
  await list.getByRole('switch', { name: 'Отправлять события «Отменён SCA-анализ проекта»' }).uncheck();
  await expect(page.getByTestId('switched-off-count')).toHaveText('Выключено: 1 — записываются, не отправляются');
  await expect(page.getByTestId('trigger-project_sca_analysis_cancelled')).toContainText('выключен');

  // Open one trigger: title, description, schema in Russian.
  await list.getByText('Завершён SCA-анализ проекта', { exact: true }).click();
  await expect(page.getByRole('heading', { level: 2, name: 'Завершён SCA-анализ проекта' })).toBeVisible();
  await expect(page.getByText('SCA-анализ проекта был завершён', { exact: true })).toBeVisible();
  await expect(page.getByRole('heading', { level: 3, name: 'Схема данных' })).toBeVisible();
  const fields = page.getByRole('table', { name: 'Поля данных' });
  await expect(fields.getByRole('columnheader', { name: 'Обязательное' })).toBeVisible();
  await expect(page.getByRole('textbox', { name: 'Данные (JSON)' })).toBeVisible();

  // Fire it: the snackbar speaks Russian, with the right plural.
  await page.getByRole('button', { name: 'Сгенерировать', exact: true }).click();
  await expect(page.getByText('Событие сгенерировано → отправлено в 1 интеграцию: SIEM intake.')).toBeVisible();
  await expect(page.getByRole('link', { name: 'Следить в журнале' })).toBeVisible();

  // A dry run: verdicts, reasons and the request preview.
  await page.getByRole('button', { name: 'Пробный прогон' }).click();
  const dryRun = page.getByTestId('dry-run-result');
  await expect(dryRun).toContainText('ничего не сохранено и не отправлено');
  await expect(dryRun.getByRole('heading', { name: 'Правила и вебхуки' })).toBeVisible();
  const own = dryRun.getByTestId('dry-run-check').filter({ hasText: 'SIEM intake (собственные события и проекты)' });
  await expect(own).toHaveAttribute('data-matched', 'true');
  await expect(own.getByRole('img', { name: 'подходит' })).toBeVisible();
  await expect(own.locator('.MuiChip-label')).toHaveText('подходит');
  await expect(dryRun.getByRole('heading', { name: 'Будет отправлена 1 доставка' })).toBeVisible();
  const delivery = dryRun.getByTestId('dry-run-delivery');
  await expect(delivery).toContainText('собственные события и проекты');
  await expect(delivery.getByRole('table', { name: 'Заголовки запроса' })).toBeVisible();
  await expect(delivery.getByLabel('Тело запроса')).toContainText('"trigger": "project_sca_analysis_finished"');

  // Not valid JSON is refused in Russian before anything is sent.
  await app.payloadEditor.fill('{ "project_id": ');
  await expect(page.getByText(/^Некорректный JSON:/)).toBeVisible();
  await expect(page.getByRole('button', { name: 'Пробный прогон' })).toBeDisabled();
  await page.getByRole('button', { name: 'Вернуть пример' }).click();

  // A scan scenario: 3 policy alerts, a third of them blocking.
  const scan = page.getByTestId('scan-card');
  await expect(scan.getByRole('heading', { name: 'Запустить сканирование' })).toBeVisible();
  await scan.getByRole('spinbutton', { name: 'Срабатываний' }).fill('3');
  await scan.getByRole('spinbutton', { name: 'Блокирующие' }).fill('33');
  await expect(scan).toContainText('блокируют 1 из 3');
  await scan.getByRole('button', { name: 'Сканировать' }).click();
  const result = page.getByTestId('scan-result');
  await expect(result).toContainText('Сгенерировано 5 событий');
  await expect(result).toContainText('Отправлено в SIEM intake (4 события).');
  await expect(result.getByRole('link', { name: 'Открыть журнал' })).toBeVisible();
  await receiver.waitFor(1, 15_000);

  // Accessible in Russian, light and dark.
  expect(await app.seriousA11yViolations()).toEqual([]);
  await app.rpc('settings.update', { theme: 'dark' });
  await page.reload();
  await expect(page.getByRole('heading', { level: 1, name: 'События' })).toBeVisible();
  await page.getByTestId('trigger-list').getByText('Сработала политика SCA', { exact: true }).click();
  await page.getByRole('button', { name: 'Пробный прогон' }).click();
  await expect(page.getByTestId('dry-run-result')).toBeVisible();
  expect(await app.seriousA11yViolations()).toEqual([]);

  // Back to English: the same screen speaks English again.
  await app.useLanguage('en');
  await expect(page.getByRole('heading', { level: 1, name: 'Events' })).toBeVisible();
  await expect(app.triggerSwitch('Project SCA analysis finished')).toBeChecked();
  await expect(page.getByRole('button', { name: 'Run scan' })).toBeVisible();
});
