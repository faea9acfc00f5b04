import { expect, test } from './fixtures.js';

// Batching windows pass in moments, so "not delivered" can be told from "not delivered yet".
test.use({ heraldArgs: ['--time-scale', '3600'] });

test('switch a trigger off in the catalogue: firing it is recorded, marked switched off, and never delivered', async ({ app, herald, receiver, page }) => {
  await fetch(`${herald.base}api/settings/webhooks/`, {
    method: 'POST',
    headers: { authorization: `Bearer ${herald.token}`, 'content-type': 'application/json' },
    body: JSON.stringify({ name: 'SIEM intake', url: receiver.url('/siem'), events: ['project_sca_analysis_finished', 'sca_policy_has_been_triggered'] }),
  });

  await app.open('Events');
  // Every trigger is on by default (seed 001).
  await expect(app.triggerSwitch('Project SCA analysis finished')).toBeChecked();
  await expect(app.triggerSwitch('SCA Policy has been triggered')).toBeChecked();
  await app.triggerSwitch('Project SCA analysis finished').uncheck();
  await expect(app.triggerSwitch('Project SCA analysis finished')).not.toBeChecked();
  await expect(page.getByTestId('trigger-project_sca_analysis_finished')).toContainText('switched off');
  await expect(page.getByTestId('switched-off-count')).toHaveText('1 switched off: recorded, not sent');

  await app.openTrigger('Project SCA analysis finished');
  await expect(page.getByTestId('trigger-switched-off')).toContainText('recorded in the live log and sent nowhere');
  // A dry run says so before anything is fired.
  await page.getByRole('button', { name: 'Dry run' }).click();
  await expect(page.getByTestId('dry-run-switched-off')).toContainText('Switched off: recorded, not sent');
  await expect(app.dryRunCheck('SIEM intake (its own events and projects)')).toHaveAttribute('data-matched', 'true');
  await expect(page.getByTestId('dry-run-nothing')).toHaveText('Nothing: the trigger is switched off.');
  await page.getByTestId('fire-button').click();
  await expect(page.getByTestId('fire-switched-off')).toContainText('Switched off: the event was recorded, not sent.');

  // A trigger that is still on goes out; the switched-off one never does.
  await app.openTrigger('SCA Policy has been triggered');
  await page.getByTestId('fire-button').click();
  await expect(page.getByText(/routed to 1 integration/i)).toBeVisible();
  await receiver.waitFor(1, 10_000);
  await app.open('Live log');
  await expect(app.logEntries.filter({ hasText: 'SIEM intake' }).filter({ hasText: 'delivered' })).toHaveCount(1);
  const off = app.logEvents.filter({ hasText: 'project_sca_analysis_finished' });
  await expect(off).toHaveCount(1);
  await expect(off.getByTestId('switched-off')).toHaveText('switched off: recorded, not sent');
  await off.click();
  await expect(page.getByTestId('event-detail')).toContainText('was switched off in the event catalogue when this event arrived');
  await page.keyboard.press('Escape');
  const triggers = receiver.requests.flatMap((r) => (r.json as { events: { trigger: string }[] }).events.map((e) => e.trigger));
  expect(triggers).toEqual(['sca_policy_has_been_triggered']);

  // The switch is stored: after a reload it is still off; switched on again, the trigger is delivered.
  await page.reload();
  await app.open('Events');
  await expect(app.triggerSwitch('Project SCA analysis finished')).not.toBeChecked();
  await app.triggerSwitch('Project SCA analysis finished').check();
  await app.openTrigger('Project SCA analysis finished');
  await expect(page.getByTestId('trigger-switched-off')).toHaveCount(0);
  await page.getByTestId('fire-button').click();
  await expect(page.getByText(/routed to 1 integration/i)).toBeVisible();
  await receiver.waitFor(2, 10_000);
  expect((receiver.requests[1]!.json as { events: { trigger: string }[] }).events[0]!.trigger).toBe('project_sca_analysis_finished');
});
