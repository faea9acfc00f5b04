import { AxeBuilder } from '@axe-core/playwright';
import { expect, test } from './fixtures.js';

type TriggerSummary = { name: string; example: Record<string, unknown> };

test('the bell lists what needs attention, links to it, and forgets what was fixed', async ({ app, receiver }) => {
  const { page } = app;
  receiver.status = 500;
  // One retry after a second, then Herald gives up: the webhook is disabled and its event is a dead letter.
  const hook = await app.rpc<{ id: string }>('integrations.create', {
    kind: 'webhook',
    name: 'SOC intake',
    settings: { url: receiver.url('/soc'), events: ['project_sca_analysis_finished'] },
    secrets: {},
    policy: { batch_window_ms: 0, retry: { preset: 'custom', custom_ms: [1000] } },
  });
  const bell = page.getByRole('button', { name: /^Notifications/ });
  await expect(bell).toHaveAccessibleName('Notifications');
  const catalogue = await app.rpc<TriggerSummary[]>('catalogue.list');
  await app.rpc('events.fire', { trigger: 'project_sca_analysis_finished', payload: catalogue.find((t) => t.name === 'project_sca_analysis_finished')!.example });

  await expect(bell).toHaveAccessibleName('Notifications, 2 unread', { timeout: 15_000 });
  await bell.click();
  const panel = page.getByRole('dialog', { name: 'Notifications' });
  await expect(panel.getByText('SOC intake was disabled automatically')).toBeVisible();
  await expect(panel.getByText('1 dead letter for SOC intake')).toBeVisible();
  await expect(panel.getByText(/still failed after the 1 s retry/)).toBeVisible();
  const axe = await new AxeBuilder({ page }).include('[role="dialog"]').analyze();
  expect(axe.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => v.id)).toEqual([]);

  // Each item opens the screen that deals with it, already filtered.
  await panel.getByText('1 dead letter for SOC intake').click();
  await expect(page).toHaveURL(new RegExp(`#/dead\\?integration=${hook.id}`));
  await expect(page.getByRole('heading', { level: 1, name: 'Dead letters' })).toBeVisible();
  await expect(bell).toHaveAccessibleName('Notifications, 1 unread');

  // A kind can be switched off.
  await bell.click();
  await panel.getByRole('button', { name: 'Choose what to be notified about' }).click();
  await panel.getByLabel('Integrations disabled automatically').click();
  await expect(panel.getByText('SOC intake was disabled automatically')).toHaveCount(0);
  await page.mouse.click(5, 400);
  // The dead letter was read when it was opened; the switched-off kind no longer counts.
  await expect(bell).toHaveAccessibleName('Notifications');
  await bell.click();
  await panel.getByLabel('Integrations disabled automatically').click();
  await expect(panel.getByText('SOC intake was disabled automatically')).toBeVisible();
  await page.mouse.click(5, 400);

  // Fixed: the receiver answers, the webhook is enabled and the dead letter replayed — the bell empties.
  receiver.status = 200;
  await app.rpc('integrations.refreshAvailability', { id: hook.id });
  await app.rpc('deliveries.replay', { all: true });
  await expect.poll(() => receiver.requests.filter((r) => r.url === '/soc' && (r.json as { events: { trigger: string }[] }).events[0]?.trigger === 'project_sca_analysis_finished').length).toBe(3);
  await bell.click();
  await expect(panel.getByText('Nothing needs attention.', { exact: false })).toBeVisible();
});
