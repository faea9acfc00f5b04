import { expect, test } from './fixtures.js';

test.use({ permissions: ['clipboard-read', 'clipboard-write'] });

test('a dry run\'s request copies as a curl command and as JSON, with the token still masked', async ({ app, page, receiver }) => {
  await app.rpc('integrations.create', {
    kind: 'webhook',
    name: 'SIEM',
    settings: { url: receiver.url('/siem'), events: ['sca_policy_has_been_triggered'] },
    secrets: { token: 'siem-token-9f8e7d6c5b4a' },
  });
  await app.open('Events');
  await app.openTrigger('SCA Policy has been triggered');
  await page.getByTestId('dry-run-button').click();
  const delivery = app.dryRunDelivery('SIEM');
  await expect(delivery).toBeVisible();

  const clipboard = () => page.evaluate(() => (globalThis as unknown as { navigator: { clipboard: { readText(): Promise<string> } } }).navigator.clipboard.readText());
  await delivery.getByRole('button', { name: 'Copy as curl' }).click();
  await expect(delivery.getByRole('status')).toContainText('Copied as curl');
  const curl = await clipboard();
  expect(curl).toMatch(new RegExp(`^curl -X POST '${receiver.url('/siem').replace(/[.?]/g, '\\$&')}' \\\\\n`));
  expect(curl).toContain("-H 'X-Herald-Authentication: ");
  expect(curl).toMatch(/--data-raw '\{"events":\[\{"created_at":"[^"]+","trigger":"sca_policy_has_been_triggered","payload":\{/);
  expect(curl).not.toContain('siem-token-9f8e7d6c5b4a');

  await delivery.getByRole('button', { name: 'Copy as JSON' }).click();
  await expect(delivery.getByRole('status')).toHaveText('Copied as JSON.');
  const json = JSON.parse(await clipboard()) as { method: string; url: string; body: { events: { trigger: string }[] } };
  expect(json.method).toBe('POST');
  expect(json.url).toBe(receiver.url('/siem'));
  expect(json.body.events[0]!.trigger).toBe('sca_policy_has_been_triggered');
  // A dry run sends nothing.
  expect(receiver.requests).toEqual([]);
});
