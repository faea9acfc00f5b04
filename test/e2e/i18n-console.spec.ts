import { Receiver } from '../support/receiver.js';
import { expect, test, type HeraldPage } from './fixtures.js';

/**
 * The console's frame, Settings, Health, Dead letters and the bell in Russian: what a user sees
 * and hears, dates and numbers in the Russian format, the language switched at runtime from
 * Settings, and no serious accessibility findings in either theme.
 */

type TriggerSummary = { name: string; example: Record<string, unknown> };
const TRIGGER = 'project_sca_analysis_finished';

async function fire(app: HeraldPage) {
  const catalogue = await app.rpc<TriggerSummary[]>('catalogue.list');
  await app.rpc('events.fire', { trigger: TRIGGER, payload: catalogue.find((t) => t.name === TRIGGER)!.example });
}

/** A webhook that delivers (SIEM intake) and one whose receiver refuses, retried once, then disabled: a dead letter and two notifications. */
async function seed(app: HeraldPage, good: Receiver, bad: Receiver) {
  await app.rpc('integrations.create', {
    kind: 'webhook',
    name: 'SIEM intake',
    settings: { url: good.url('/siem'), events: [TRIGGER] },
    secrets: {},
    policy: { batch_window_ms: 0 },
  });
  await app.rpc('integrations.create', {
    kind: 'webhook',
    name: 'Case tracker',
    settings: { url: bad.url('/cases'), events: [TRIGGER] },
    secrets: {},
    policy: { batch_window_ms: 0, retry: { preset: 'custom', custom_ms: [1000] }, auto_disable: { preset: 'exhausted' } },
  });
  await fire(app);
  await good.waitFor(1, 10_000);
  await bad.waitFor(2, 15_000);
}

const RUSSIAN_NAV = ['Интеграции', 'Правила', 'События', 'Журнал', 'Песочница', 'Недоставленные', 'Состояние', 'Отчёты', 'Настройки'];
const ENGLISH_NAV = ['Integrations', 'Rules', 'Events', 'Live log', 'Sandbox', 'Dead letters', 'Health', 'Reports', 'Settings'];

async function openScreen(app: HeraldPage, name: string) {
  await app.page.getByRole('navigation').getByRole('link', { name }).click();
  await expect(app.page.getByRole('heading', { level: 1, name, exact: true })).toBeVisible();
}

async function chooseLanguage(app: HeraldPage, label: 'Язык' | 'Language', language: 'English' | 'Русский') {
  await app.page.getByRole('combobox', { name: label }).click();
  const listbox = app.page.getByRole('listbox');
  // Each language is named in its own language, whatever the console's language is.
  await expect(listbox.getByRole('option')).toHaveText(['English', 'Русский']);
  await listbox.getByRole('option', { name: language, exact: true }).click();
}

test('Settings switches the console between Russian and English at runtime, without a reload', async ({ app }) => {
  test.setTimeout(120_000);
  const { page } = app;
  await app.rpc('settings.update', { language: 'ru', theme: 'dark', retention_days: 45 });
  await page.reload();
  await page.locator('html[lang="ru"]').waitFor();
  const nav = page.getByRole('navigation', { name: 'Основное меню' });
  await expect(nav.getByRole('link')).toHaveText(RUSSIAN_NAV);
  await openScreen(app, 'Настройки');
  await expect(page).toHaveTitle('Настройки · Herald');
  await expect(page.getByRole('region', { name: 'Оформление' })).toBeVisible();
  await expect(page.getByRole('button', { name: 'Сохранить', exact: true })).toBeVisible();

  // A marker on the window: it is gone if the page reloads.
  await page.evaluate(() => ((globalThis as unknown as { heraldNoReload: boolean }).heraldNoReload = true));
  const notReloaded = () => page.evaluate(() => (globalThis as unknown as { heraldNoReload?: boolean }).heraldNoReload === true);

  await chooseLanguage(app, 'Язык', 'English');
  await expect(page.locator('html[lang="en"]')).toBeAttached();
  await expect(page.getByRole('navigation', { name: 'Main' }).getByRole('link')).toHaveText(ENGLISH_NAV);
  await expect(page.getByRole('heading', { level: 1, name: 'Settings' })).toBeVisible();
  await expect(page.getByRole('button', { name: 'Pause deliveries' })).toBeVisible();
  await expect(page).toHaveTitle('Settings · Herald');
  expect((await app.rpc<{ language: string }>('settings.get')).language).toBe('en');
  expect(await notReloaded()).toBe(true);

  await chooseLanguage(app, 'Language', 'Русский');
  await expect(page.locator('html[lang="ru"]')).toBeAttached();
  await expect(nav.getByRole('link')).toHaveText(RUSSIAN_NAV);
  await expect(page.getByRole('heading', { level: 1, name: 'Настройки' })).toBeVisible();
  await expect(page.getByRole('button', { name: 'Приостановить доставку' })).toBeVisible();
  expect(await notReloaded()).toBe(true);
  // Switching the language keeps every other setting.
  expect(await app.rpc<{ language: string; theme: string; retention_days: number }>('settings.get')).toMatchObject({ language: 'ru', theme: 'dark', retention_days: 45 });
  await expect(page.getByRole('combobox', { name: 'Тема' })).toHaveText('Тёмная');
});

for (const theme of ['light', 'dark'] as const) {
  test(`Health, Dead letters, Settings and the bell in Russian (${theme} theme)`, async ({ app, receiver }) => {
    // Four screens, each checked by axe: slow on a shared machine.
    test.setTimeout(240_000);
    const { page } = app;
    const refusing = await Receiver.start();
    refusing.status = 400;
    try {
      // Both at once: a patch of one field resets the others to their defaults (see the report on settings.update).
      await app.rpc('settings.update', { theme, language: 'ru' });
      await page.reload();
      await page.locator('html[lang="ru"]').waitFor();
      await seed(app, receiver, refusing);

      // Herald says so wherever the user is, in Russian.
      await expect(app.autoDisabledAlert).toContainText('Case tracker: интеграция отключена автоматически', { timeout: 15_000 });
      await expect(app.autoDisabledAlert.getByRole('button', { name: 'Открыть Case tracker' })).toBeVisible();
      await app.autoDisabledAlert.getByRole('button', { name: 'Скрыть' }).click();

      // Settings: Russian headings, labels and units.
      await openScreen(app, 'Настройки');
      await expect(page.getByRole('heading', { level: 2 })).toHaveText(['Доставка и история', 'Оформление', 'Настольное приложение']);
      await expect(page.getByRole('spinbutton', { name: 'Хранить историю' })).toHaveValue('30');
      await expect(page.getByRole('form', { name: 'Доставка и история' })).toContainText('дн.');
      await expect(page.getByRole('combobox', { name: 'Тема' })).toHaveText(theme === 'dark' ? 'Тёмная' : 'Светлая');
      await expect(page.getByRole('combobox', { name: 'Язык' })).toHaveText('Русский');
      expect(await app.seriousA11yViolations()).toEqual([]);

      // Health: the charts' summary with Russian plurals, a 24-hour time, the dead letters link.
      await openScreen(app, 'Состояние');
      await expect(page.getByRole('group', { name: 'Период' }).getByRole('button', { name: '24 часа' })).toHaveAttribute('aria-pressed', 'true');
      const siem = app.healthCard('SIEM intake');
      await expect(siem.getByTestId('health-summary')).toContainText('1 попытка: доставлено 1, не доставлено 0 (успешно 100 %)', { timeout: 15_000 });
      await expect(siem.getByRole('figure', { name: /^Доставки SIEM intake: 1 попытка/ })).toBeVisible();
      await expect(siem.getByText('Доставлено', { exact: true })).toBeVisible();
      await expect(app.healthCard('Case tracker').getByTestId('health-summary')).toContainText('2 попытки: доставлено 0, не доставлено 2 (успешно 0 %)');
      await expect(app.healthCard('Case tracker')).toContainText('Отключена');
      await expect(page.getByText(/^24 часа до \d{1,2}:\d{2}, интервалы по часу$/)).toBeVisible();
      await expect(app.nextRetries).toContainText('Повторов не ожидается');
      await expect(page.getByTestId('dead-link')).toHaveText('Case tracker: 1 недоставленное сообщение');
      expect(await app.seriousA11yViolations()).toEqual([]);
      await page.getByRole('group', { name: 'Период' }).getByRole('button', { name: 'Последний час' }).click();
      await expect(page.getByText(/^Последний час до \d{1,2}:\d{2}, интервалы по 5 минут$/)).toBeVisible();

      // Dead letters: the Russian table, the trigger's Russian title, a date in the Russian format.
      await openScreen(app, 'Недоставленные');
      await expect(page.getByTestId('dead-total')).toHaveText('1 недоставленное сообщение');
      const table = page.getByRole('table', { name: 'Недоставленные сообщения' });
      await expect(table.getByRole('columnheader')).toHaveText(['', 'Событие', 'Проект', 'Интеграция', 'Правило', 'Попытки', 'Последняя ошибка', 'Отказ']);
      const row = app.deadRows.first();
      await expect(row.getByRole('cell').nth(1)).toContainText(/[А-Яа-яЁё]{4,}/);
      await expect(row).not.toContainText('Project SCA analysis finished');
      const died = row.getByRole('cell').last();
      await expect(died).toHaveText(/^\d{1,2}:\d{2}$/);
      await expect(died).toHaveAttribute('title', /\d{4} г\., \d{1,2}:\d{2}:\d{2}/);
      await page.getByRole('button', { name: 'Повторить все' }).click();
      const confirm = page.getByRole('dialog', { name: 'Повторить 1 недоставленное сообщение?' });
      await expect(confirm).toContainText('исходный идентификатор события');
      expect(await app.seriousA11yViolations()).toEqual([]);
      await confirm.getByRole('button', { name: 'Отмена' }).click();
      await expect(confirm).toBeHidden();
      expect(await app.seriousA11yViolations()).toEqual([]);

      // The bell: Russian names and texts, and the kinds a user can switch off.
      const bell = page.getByRole('button', { name: /^Уведомления/ });
      await expect(bell).toHaveAccessibleName('Уведомления, непрочитанных: 2');
      await bell.click();
      const panel = page.getByRole('dialog', { name: 'Уведомления' });
      await expect(panel.getByRole('heading', { name: 'Уведомления' })).toBeVisible();
      await expect(panel.getByRole('button', { name: 'Прочитать все' })).toBeEnabled();
      await expect(panel.getByRole('list', { name: 'Уведомления, требующие внимания' }).getByRole('listitem')).toHaveCount(2);
      await panel.getByRole('button', { name: 'Выбрать, о чём уведомлять' }).click();
      await expect(panel.getByLabel('Интеграции, отключённые автоматически')).toBeChecked();
      await expect(panel.getByLabel('Неудачные проверки')).toBeChecked();
      expect(await app.seriousA11yViolations('[role="dialog"]')).toEqual([]);
    } finally {
      await refusing.close();
    }
  });
}
