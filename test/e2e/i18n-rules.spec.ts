import { expect, test } from './fixtures.js';

const RULE = 'Блокирующие — в SIEM';

test('rules in Russian: create a rule with a condition and a webhook action, a validation error, the list, delete with the confirmation, axe in light and dark', async ({ app, page, receiver }) => {
  // Several axe runs on a machine shared with other builds.
  test.setTimeout(300_000);
  await app.rpc('integrations.create', { kind: 'webhook', name: 'SIEM intake', settings: { url: receiver.url('/siem'), events: ['test'] }, secrets: { token: 'siem-token-0123456789' } });
  await app.useLanguage('ru');

  // The empty state, with the example trigger's Russian title from the catalogue.
  await page.getByRole('navigation').getByRole('link', { name: 'Правила' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Правила' })).toBeVisible();
  const empty = page.getByTestId('rules-empty');
  await expect(empty.getByRole('heading', { name: 'Правил пока нет' })).toBeVisible();
  await expect(empty).toContainText('Сработала политика SCA');
  expect(await app.seriousA11yViolations()).toEqual([]);

  await empty.getByRole('button', { name: 'Создать правило' }).click();
  const form = app.ruleForm;
  await expect(page.getByRole('dialog', { name: 'Создать правило' })).toBeVisible();
  const events = form.getByRole('combobox', { name: 'События' });
  // The default pair of policy triggers, titled in Russian; the count in the helper text.
  await expect(form.getByText('Сработала политика OSA', { exact: true })).toBeVisible();
  await expect(events).toHaveAccessibleDescription(/выбрано 2 из \d+/);
  await form.getByRole('textbox', { name: 'Название' }).fill(RULE);

  // No event and no action: Save is refused, each problem in Russian under its own field.
  await form.getByRole('button', { name: 'Очистить' }).click();
  await form.getByRole('button', { name: 'Сохранить' }).click();
  await expect(events).toHaveAccessibleDescription('Выберите хотя бы одно событие, которое направляет это правило');
  await expect(form.getByText('Добавьте хотя бы одно действие: куда отправлять подходящие события')).toBeVisible();

  // The picker groups the catalogue by area, named in Russian.
  await events.click();
  const listbox = page.getByRole('listbox');
  await expect(listbox.getByText('Контейнеры', { exact: true })).toBeVisible();
  await expect(listbox.getByText('Секреты', { exact: true })).toBeVisible();
  await events.fill('Сработала политика SCA');
  await page.getByRole('option', { name: 'Сработала политика SCA', exact: true }).click();
  await form.getByRole('textbox', { name: 'Название' }).click();
  await expect(events).toHaveAccessibleDescription(/выбрано 1 из \d+/);

  // Conditions: the shortcut and a row, operators in Russian.
  await expect(form.getByRole('heading', { name: 'Условия' })).toBeVisible();
  await form.getByRole('switch', { name: 'Только блокирующие' }).check();
  await form.getByRole('button', { name: 'Добавить условие' }).click();
  const row = app.conditionRow(1);
  await row.getByRole('combobox', { name: 'Поле содержимого' }).fill('stage');
  await row.getByRole('combobox', { name: 'Поле содержимого' }).press('Tab');
  await row.getByRole('combobox', { name: 'Оператор' }).click();
  await expect(page.getByRole('option', { name: 'не ниже', exact: true })).toBeVisible();
  await page.getByRole('option', { name: 'одно из', exact: true }).click();
  await expect(row.getByRole('textbox', { name: 'Значения' })).toHaveAccessibleDescription('Через запятую: подходит любое из них');
  await row.getByRole('textbox', { name: 'Значения' }).fill('prod, stage');

  // An action to the webhook, from the Russian menu.
  await form.getByRole('button', { name: 'Добавить действие' }).click();
  await expect(page.getByRole('menu').getByText('Отправлять подходящие события в')).toBeVisible();
  await page.getByRole('menuitem', { name: /SIEM intake/ }).click();
  await expect(form.getByTestId('rule-action')).toContainText('Отправляет события на URL вебхука, пачками, как и его собственные события.');
  await expect(form.getByRole('combobox', { name: 'Куда отправлять' })).toHaveAccessibleDescription('Вебхук: события уходят на его URL его пачками');
  await expect(form.getByRole('button', { name: 'Удалить действие 1' })).toBeVisible();
  await expect(form.getByRole('button', { name: 'Пробный прогон с этим событием' })).toBeEnabled();
  expect(await app.seriousA11yViolations()).toEqual([]);

  await form.getByRole('button', { name: 'Сохранить' }).click();
  await expect(form).toBeHidden();

  // The list in Russian.
  const table = page.getByRole('table', { name: 'Правила' });
  for (const header of ['Активно', 'Правило', 'События', 'Проекты и условия', 'Действия']) await expect(table.getByRole('columnheader', { name: header, exact: true })).toBeVisible();
  const ruleRow = page.getByTestId('rule-row');
  await expect(ruleRow).toContainText(RULE);
  await expect(ruleRow).toContainText('Сработала политика SCA');
  await expect(ruleRow).toContainText('Все проекты');
  await expect(ruleRow.getByTestId('rule-conditions')).toContainText('blocker = true');
  await expect(ruleRow.getByTestId('rule-conditions')).toContainText('stage: одно из prod, stage');
  await expect(ruleRow.getByTestId('rule-action-summary')).toContainText('SIEM intake');
  await expect(ruleRow.getByRole('switch', { name: `${RULE}: активно` })).toBeChecked();
  const [saved] = await app.rpc<{ name: string; triggers: string[]; conditions: unknown[] }[]>('rules.list', {});
  expect(saved).toMatchObject({ name: RULE, triggers: ['sca_policy_has_been_triggered'], conditions: [{ field: 'blocker', op: 'equals', value: true }, { field: 'stage', op: 'in', value: ['prod', 'stage'] }] });

  // Switched off, it says so.
  // (The switch follows the engine: it flips once the update is saved.)
  const active = ruleRow.getByRole('switch', { name: `${RULE}: активно` });
  await active.click();
  await expect(ruleRow).toContainText('Выключено: ничего не отправляет');
  await expect(active).not.toBeChecked();
  await active.click();
  await expect(active).toBeChecked();
  await expect(ruleRow).not.toContainText('Выключено');

  // Dark theme: the list and the editor.
  await app.rpc('settings.update', { theme: 'dark' });
  await page.reload();
  await page.locator('html[lang="ru"]').waitFor();
  await expect(page.getByRole('heading', { level: 1, name: 'Правила' })).toBeVisible();
  await expect(ruleRow).toBeVisible();
  expect(await app.seriousA11yViolations()).toEqual([]);
  await ruleRow.getByRole('button', { name: `Изменить ${RULE}` }).click();
  await expect(page.getByRole('dialog', { name: `Изменить ${RULE}` })).toBeVisible();
  await expect(app.conditionRow(1).getByRole('combobox', { name: 'Оператор' })).toHaveText('одно из');
  expect(await app.seriousA11yViolations()).toEqual([]);
  await form.getByRole('button', { name: 'Отмена' }).click();
  await expect(form).toBeHidden();

  // Delete, confirmed in Russian.
  await ruleRow.getByRole('button', { name: `Удалить ${RULE}` }).click();
  const confirm = page.getByTestId('delete-rule-dialog');
  await expect(confirm.getByRole('heading', { name: `Удалить правило ${RULE}?` })).toBeVisible();
  await expect(confirm).toContainText('Подходящие события больше не будут отправляться в SIEM intake.');
  await expect(confirm).toContainText('Это действие нельзя отменить');
  await confirm.getByRole('button', { name: 'Удалить', exact: true }).click();
  await expect(confirm).toBeHidden();
  await expect(page.getByTestId('rules-empty')).toContainText('Правил пока нет');
  expect(await app.rpc<unknown[]>('rules.list', {})).toEqual([]);

  // Back to English.
  await app.useLanguage('en');
  await expect(page.getByRole('heading', { level: 1, name: 'Rules' })).toBeVisible();
  await expect(page.getByTestId('rules-empty')).toContainText('No rules yet');
  await expect(page.getByTestId('rules-empty')).toContainText('SCA Policy has been triggered');
  await expect(page.getByTestId('rules-empty').getByRole('button', { name: 'Create rule' })).toBeVisible();
});
