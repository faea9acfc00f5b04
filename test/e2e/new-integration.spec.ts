import { expect, test } from './fixtures.js';

test('File → New integration (#/integrations?new=1) opens the catalogue of kinds', async ({ app, herald }) => {
  const { page } = app;
  await page.goto(`${herald.base}#/rules`);
  await page.evaluate(() => (globalThis as unknown as { location: { hash: string } }).location.hash = '/integrations?new=1');
  const menu = page.getByRole('menu');
  await expect(menu.getByRole('menuitem')).toHaveCount(3);
  await expect(menu.getByRole('menuitem', { name: /Webhook/ })).toBeVisible();
  // The request is consumed: a reload does not open it again.
  await expect(page).toHaveURL(/#\/integrations$/);
});
