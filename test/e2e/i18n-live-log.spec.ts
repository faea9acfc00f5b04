import { expect, test, type HeraldPage } from './fixtures.js';

type Integration = { id: string; name: string };
type Trigger = { name: string; title: { en: string; ru: string }; example: Record<string, unknown> };

/** A webhook that sends each event at once (no batching window), created through the contract. */
async function webhook(app: HeraldPage, name: string, url: string, events: string[]): Promise<Integration> {
  return app.rpc<Integration>('integrations.create', { kind: 'webhook', name, settings: { url, events }, secrets: {}, policy: { batch_window_ms: 0 } });
}

/** Fires a catalogue example (the example is fetched once per page). */
const examples = new WeakMap<HeraldPage, Trigger[]>();
async function fire(app: HeraldPage, trigger: string, project: string): Promise<void> {
  let catalogue = examples.get(app);
  if (!catalogue) examples.set(app, (catalogue = await app.rpc<Trigger[]>('catalogue.list')));
  const example = catalogue.find((t) => t.name === trigger)!.example;
  await app.rpc('events.fire', { trigger, payload: { ...example, project_name: project } });
}

/** The live log in Russian, reached through the Russian navigation. */
async function openLog(app: HeraldPage) {
  await app.page.getByRole('navigation').getByRole('link', { name: 'Журнал' }).click();
  await expect(app.page.getByRole('heading', { level: 1, name: 'Журнал' })).toBeVisible();
}

const TRIGGER = 'project_sca_analysis_finished';

test('the live log in Russian: rows, filters, times, both drawers; axe in light and dark; English comes back', async ({ app, receiver, page }) => {
  // A long walk with five axe runs.
  test.slow();
  await webhook(app, 'Приёмник SOC', receiver.url('/soc'), [TRIGGER]);
  // Nothing listens on port 9: every try is refused and retried later.
  await webhook(app, 'Сломанный хук', 'http://127.0.0.1:9/down', [TRIGGER]);
  const catalogue = await app.rpc<Trigger[]>('catalogue.list');
  const titleRu = catalogue.find((t) => t.name === TRIGGER)!.title.ru;
  await app.useLanguage('ru');
  await openLog(app);
  await expect(page.getByText('Пока пусто.', { exact: false })).toBeVisible();

  await fire(app, TRIGGER, 'альфа');
  await receiver.waitFor(1, 10_000);
  await expect(app.logEvents).toHaveCount(1);
  await expect(app.logAttempts).toHaveCount(2);

  // Rows: an event, its routing and source; the attempts with their outcomes, in Russian.
  const event = app.logEvents.first();
  await expect(event).toContainText(`Событие ${TRIGGER} · альфа`);
  // Fired from the console (app.rpc goes through the page), so the source is the console.
  await expect(event).toContainText('источник: консоль · направлено в 2 интеграции');
  await expect(event).toHaveAttribute('aria-label', `Событие ${TRIGGER}, показать подробности`);
  const delivered = app.logAttempts.filter({ hasText: 'Приёмник SOC' });
  await expect(delivered.getByTestId('attempt-outcome')).toHaveText('доставлено');
  await expect(delivered).toContainText(/1 событие · \d+ мс/);
  const down = app.logAttempts.filter({ hasText: 'Сломанный хук' });
  await expect(down.getByTestId('attempt-outcome')).toHaveText('повтор');
  await expect(down).toContainText('Следующий повтор');
  await expect(down.getByTestId('attempt-error')).toContainText('отклонил подключение');

  // Times in Russian: 24-hour clock for the row, a Russian date in its title.
  const time = event.locator('td').first().locator('p').first();
  await expect(time).toHaveText(/^\d{1,2}:\d{2}:\d{2}$/);
  await expect(time).toHaveAttribute('title', /\d{4} г\., \d{1,2}:\d{2}:\d{2}$/);
  await expect(page.getByTestId('log-count')).toHaveText(/^Загружен[оа] \d+ запис(ь|и|ей)$/);

  // The filter bar in Russian.
  const filters = app.logFilters;
  await expect(filters.getByRole('combobox', { name: 'Интеграция' })).toHaveText('Все интеграции');
  await expect(filters.getByRole('combobox', { name: 'Время' })).toHaveText('За всё время');
  await expect(filters).toContainText('все виды; выберите, чтобы сузить');
  for (const kind of ['События', 'Доставлено', 'Повторы', 'Сбои', 'Сообщения'])
    await expect(filters.getByRole('button', { name: kind, exact: true })).toBeVisible();
  await filters.getByRole('combobox', { name: 'Время' }).click();
  for (const range of ['За последние 15 минут', 'За последний час', 'За последние 24 часа', 'За последние 7 дней', 'Период…'])
    await expect(page.getByRole('option', { name: range, exact: true })).toBeVisible();
  await page.keyboard.press('Escape');
  // Trigger titles come from the catalogue in Russian.
  const trigger = filters.getByRole('combobox', { name: 'Триггер' });
  await expect(trigger).toHaveAttribute('placeholder', 'Все триггеры');
  await trigger.fill(TRIGGER);
  await expect(page.getByRole('option').filter({ hasText: titleRu })).toHaveCount(1);
  await page.getByRole('option').filter({ hasText: titleRu }).click();
  await expect(page).toHaveURL(new RegExp(`trigger=${TRIGGER}`));
  await filters.getByRole('button', { name: 'Доставлено', exact: true }).click();
  await expect(app.logEntries).toHaveCount(1);
  await expect(app.logAttempts.getByTestId('attempt-outcome')).toHaveText('доставлено');
  await filters.getByRole('button', { name: 'Сбросить фильтры' }).click();
  await expect(app.logAttempts).toHaveCount(2);

  // A filter nothing matches: the empty state says so, in Russian.
  await filters.getByRole('button', { name: 'Сбои', exact: true }).click();
  await expect(page.getByTestId('log-empty')).toContainText('Под эти фильтры не подходит ни одна запись.');
  await page.getByTestId('log-empty').getByRole('button', { name: 'Сбросить фильтры' }).click();
  await expect(app.logAttempts).toHaveCount(2);

  expect(await app.seriousA11yViolations()).toEqual([]);

  // The attempt drawer of the failing hook: request, response, Retry now.
  await down.click();
  const attemptDrawer = page.getByRole('dialog', { name: 'Подробности попытки доставки' });
  const attempt = page.getByTestId('attempt-detail');
  await expect(attemptDrawer).toBeVisible();
  await expect(attempt.getByRole('heading', { level: 2, name: 'Попытка доставки' })).toBeVisible();
  await expect(attempt).toContainText('Сломанный хук · 1 событие');
  await expect(attempt.getByRole('table', { name: 'Время' })).toContainText('Первая отправка');
  await expect(attempt.getByRole('table', { name: 'Время' })).toContainText('Следующий повтор');
  await expect(attempt.getByRole('heading', { level: 3, name: 'Запрос' })).toBeVisible();
  await expect(attempt.getByRole('table', { name: 'Заголовки запроса' })).toContainText('Заголовок');
  await expect(attempt.getByRole('heading', { level: 3, name: 'Ответ' })).toBeVisible();
  await expect(attempt).toContainText('Ответа нет: запрос не завершился (');
  await expect(attempt.getByTestId('retry-now')).toContainText('Интеграция «Сломанный хук» даёт сбои; следующий повтор — ');
  expect(await app.seriousA11yViolations()).toEqual([]);
  await attempt.getByRole('button', { name: 'Повторить сейчас' }).click();
  await expect(attempt.getByTestId('retry-now-done')).toHaveText('Очередь интеграции «Сломанный хук» отправляется; попытка появится в журнале.');
  await page.getByRole('button', { name: 'Закрыть подробности' }).click();
  await expect(attemptDrawer).toBeHidden();

  // The event drawer: its facts and where it went.
  await event.click();
  const eventDrawer = page.getByRole('dialog', { name: 'Подробности события' });
  await expect(eventDrawer.getByRole('heading', { level: 2, name: 'Событие' })).toBeVisible();
  await expect(eventDrawer.getByRole('table', { name: 'Событие' })).toContainText('Источник');
  await expect(eventDrawer.getByRole('table', { name: 'Событие' })).toContainText('консоль');
  const deliveries = eventDrawer.getByTestId('deliveries');
  await expect(deliveries.getByRole('columnheader')).toHaveText(['Интеграция', 'Статус', 'Попытки', 'Последняя ошибка']);
  await expect(deliveries.getByRole('row').filter({ hasText: 'Приёмник SOC' })).toContainText('доставлено');

  // Dark theme: the list and an open drawer.
  await app.rpc('settings.update', { theme: 'dark' });
  await page.reload();
  await expect(page.getByRole('heading', { level: 1, name: 'Журнал' })).toBeVisible();
  await expect(app.logAttempts.first()).toBeVisible();
  expect(await app.seriousA11yViolations()).toEqual([]);
  await app.logAttempts.filter({ hasText: 'Сломанный хук' }).first().click();
  await expect(page.getByTestId('attempt-detail').getByRole('heading', { level: 3, name: 'Запрос' })).toBeVisible();
  expect(await app.seriousA11yViolations()).toEqual([]);
  await page.getByRole('button', { name: 'Закрыть подробности' }).click();
  await app.logEvents.first().click();
  await expect(page.getByTestId('event-detail').getByTestId('deliveries')).toBeVisible();
  expect(await app.seriousA11yViolations()).toEqual([]);
  await page.getByRole('button', { name: 'Закрыть подробности' }).click();

  // Back to English: the same screen reads as before.
  await app.useLanguage('en');
  await expect(page.getByRole('heading', { level: 1, name: 'Live log' })).toBeVisible();
  await expect(app.logEvents.first()).toContainText(`Event ${TRIGGER} · альфа`);
  await expect(app.logAttempts.filter({ hasText: 'Приёмник SOC' }).first().getByTestId('attempt-outcome')).toHaveText('delivered');
  await expect(app.logFilters.getByRole('combobox', { name: 'Integration' })).toHaveText('All integrations');
});

test('follow tail in Russian: new entries wait behind a button whose count is in Russian plural', async ({ app, receiver, page }) => {
  // Thirty events through the page on a shared machine.
  test.slow();
  await webhook(app, 'Хвост', receiver.url('/tail'), [TRIGGER]);
  await page.setViewportSize({ width: 1280, height: 720 });
  await app.useLanguage('ru');
  await openLog(app);
  await app.logFilters.getByRole('button', { name: 'События', exact: true }).click();
  for (let i = 0; i < 30; i++) await fire(app, TRIGGER, `p${i}`);
  await expect(app.logEntries.first()).toContainText('p29');
  await expect(page.getByTestId('log-count')).toHaveText('Загружено 30 записей');

  await app.logScroller.evaluate((el) => (el.scrollTop = 600));
  // Rows measured on the way may nudge the offset once; wait until it holds still.
  let offset = -1;
  await expect
    .poll(async () => {
      const now = await app.logScroller.evaluate((el) => el.scrollTop);
      const still = now === offset;
      offset = now;
      return still && now > 300;
    })
    .toBe(true);
  await fire(app, TRIGGER, 'newest-1');
  await expect(app.jumpToLatest).toHaveText('1 новая запись — показать');
  await fire(app, TRIGGER, 'newest-2');
  await expect(app.jumpToLatest).toHaveText('2 новые записи — показать');
  for (let i = 3; i <= 5; i++) await fire(app, TRIGGER, `newest-${i}`);
  await expect(app.jumpToLatest).toHaveText('5 новых записей — показать');
  await app.jumpToLatest.click();
  await expect(app.jumpToLatest).toBeHidden();
  await expect.poll(() => app.logScroller.evaluate((el) => el.scrollTop)).toBe(0);
  await expect(app.logEntries.first()).toContainText('newest-5');
  await expect(page.getByTestId('log-count')).toHaveText('Загружено 35 записей');
});

test('an event whose delivery gave up: Replay in Russian, with the disabled hook named', async ({ app, receiver, page }) => {
  receiver.status = 500;
  // One retry a second after the first try, then it gives up and the hook is switched off.
  await app.rpc<Integration>('integrations.create', {
    kind: 'webhook',
    name: 'Трекер',
    settings: { url: receiver.url('/cases'), events: [TRIGGER] },
    secrets: {},
    policy: { batch_window_ms: 0, retry: { preset: 'custom', custom_ms: [1000] }, auto_disable: { preset: 'exhausted' } },
  });
  await app.useLanguage('ru');
  await openLog(app);
  await fire(app, TRIGGER, 'replay-me');
  await receiver.waitFor(2, 15_000);
  await app.logEvents.filter({ hasText: 'replay-me' }).click();
  const drawer = page.getByTestId('event-detail');
  await expect(drawer.getByTestId('replay')).toContainText('Одна доставка не удалась окончательно.', { timeout: 15_000 });
  await expect(drawer.getByTestId('deliveries')).toContainText('не доставлено');
  await drawer.getByTestId('replay').getByRole('button', { name: 'Отправить снова' }).click();
  await expect(drawer.getByTestId('replay-done')).toHaveText(
    'Снова поставлена в очередь 1 доставка. Интеграция «Трекер» отключена: 1 доставка уйдёт, как только её включат.',
  );
});
