import { expect, test } from './fixtures.js';

test('File → New integration (#/integrations?new=1) opens the catalogue of kinds', async ({ app, herald }) => {
  const { page } = app;
  await page.goto(`${herald.base}#/rules`);
  await page.evaluate(() => (globalThis as unknown as { location: { hash: string } }).location.hash = '/integrations?new=1');
  const menu = page.getByRole('menu');
  // Fourteen kinds under five headings, the first kind focused for the keyboard.
  await expect(menu.getByRole('menuitem')).toHaveCount(14);
  for (const heading of ['General', 'Tickets', 'Chat', 'Paging and SMS', 'SIEM and automation']) await expect(menu.getByText(heading, { exact: true })).toBeVisible();
  await expect(menu.getByRole('menuitem', { name: /Webhook/ })).toBeFocused();
  for (const kind of ['Slack', 'Microsoft Teams', 'Telegram', 'PagerDuty', 'Opsgenie', 'SMS', 'Splunk', 'Sumo Logic', 'InsightConnect']) await expect(menu.getByRole('menuitem', { name: new RegExp(kind) })).toBeVisible();
  expect(await app.seriousA11yViolations()).toEqual([]);
  // The request is consumed: a reload does not open it again.
  await expect(page).toHaveURL(/#\/integrations$/);
});

test('an integration row links to its own live log, already filtered', async ({ app, receiver }) => {
  const { page } = app;
  const hook = await app.rpc<{ id: string }>('integrations.create', {
    kind: 'webhook',
    name: 'SIEM intake',
    settings: { url: receiver.url('/siem'), events: ['test'] },
    secrets: {},
    policy: { batch_window_ms: 0 },
  });
  await app.rpc('events.fire', { trigger: 'test', payload: {} });
  await receiver.waitFor(1);
  const row = page.getByTestId('integration-row').filter({ hasText: 'SIEM intake' });
  await expect(row.getByText('HTTP 200')).toBeVisible();
  await row.getByRole('link', { name: 'Live log of SIEM intake' }).click();
  await expect(page).toHaveURL(new RegExp(`#/log\\?integration=${hook.id}`));
  await expect(page.getByRole('heading', { level: 1, name: 'Live log' })).toBeVisible();
  await expect(page.getByLabel('Integration')).toHaveText(/SIEM intake/);
});

test('Run a scan takes the share of blocking alerts', async ({ app }) => {
  const { page } = app;
  await app.open('Events');
  const card = page.getByTestId('scan-card');
  await card.getByLabel('Policy alerts').fill('4');
  await card.getByLabel('Blockers').fill('50');
  await expect(card.getByText('2 of 4 block')).toBeVisible();
  await card.getByRole('button', { name: 'Run scan' }).click();
  await expect(card.getByTestId('scan-result')).toBeVisible();
  const log = await app.rpc<{ entries: { type: string; event?: { trigger: string; payload: { blocker?: boolean } } }[] }>('log.list', { limit: 20 });
  const blockers = log.entries.filter((e) => e.event?.trigger === 'sca_policy_has_been_triggered').map((e) => e.event!.payload.blocker);
  expect(blockers.sort()).toEqual([false, false, true, true]);
});
