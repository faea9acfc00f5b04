import { AxeBuilder } from '@axe-core/playwright';
import { expect, test, type HeraldPage } from './fixtures.js';

type Integration = { id: string; name: string };

/** A webhook that sends each event at once (no batching window), created through the contract. */
async function webhook(app: HeraldPage, name: string, url: string, events: string[]): Promise<Integration> {
  return app.rpc<Integration>('integrations.create', { kind: 'webhook', name, settings: { url, events }, secrets: {}, policy: { batch_window_ms: 0 } });
}

async function fire(app: HeraldPage, trigger: string, project: string): Promise<void> {
  const catalogue = await app.rpc<{ name: string; example: Record<string, unknown> }[]>('catalogue.list');
  const example = catalogue.find((t) => t.name === trigger)!.example;
  await app.rpc('events.fire', { trigger, payload: { ...example, project_name: project } });
}

test('filters by integration and by status show exactly the right rows, live and after a reload', async ({ app, receiver, page }) => {
  const good = await webhook(app, 'Good hook', receiver.url('/good'), ['project_sca_analysis_finished', 'sca_policy_has_been_triggered']);
  // Nothing listens on port 9: every try is refused and retried later.
  const bad = await webhook(app, 'Bad hook', 'http://127.0.0.1:9/bad', ['project_sca_analysis_finished']);
  await app.open('Live log');
  await fire(app, 'project_sca_analysis_finished', 'alpha');
  await fire(app, 'sca_policy_has_been_triggered', 'beta');
  await receiver.waitFor(2, 10_000);
  // Live, unfiltered: 2 events, 2 deliveries to Good hook, 1 refused try to Bad hook.
  await expect(app.logEvents).toHaveCount(2);
  await expect(app.logAttempts.filter({ hasText: 'Good hook' }).filter({ hasText: 'delivered' })).toHaveCount(2);
  await expect(app.logAttempts.filter({ hasText: 'Bad hook' }).filter({ hasText: 'retry' })).toHaveCount(1);

  await app.filterLogByIntegration('Bad hook');
  await expect(page).toHaveURL(new RegExp(`#/log\\?integration=${bad.id}$`));
  // Only what concerns Bad hook: the one event routed to it and its attempt (and its notices).
  await expect(app.logEvents).toHaveCount(1);
  await expect(app.logEvents).toContainText('project_sca_analysis_finished');
  await expect(app.logAttempts).toHaveCount(1);
  await expect(app.logAttempts).toContainText('Bad hook');
  await expect(app.logEntries.filter({ hasText: 'Good hook' })).toHaveCount(0);

  // The filter is in the URL: it survives a reload, and pushed entries respect it.
  await page.reload();
  await expect(app.logFilters.getByRole('combobox', { name: 'Integration' })).toHaveText('Bad hook');
  await expect(app.logAttempts).toHaveCount(1);
  await fire(app, 'sca_policy_has_been_triggered', 'gamma'); // to Good hook only: must not show
  await fire(app, 'project_sca_analysis_finished', 'delta'); // to both: its event and Bad hook's try show
  await receiver.waitFor(4, 10_000);
  await expect(app.logEvents).toHaveCount(2);
  await expect(app.logEvents.filter({ hasText: 'delta' })).toHaveCount(1);
  // Bad hook waits for its next retry (a minute away): delta queues behind it, no new attempt.
  await expect(app.logAttempts).toHaveCount(1);
  await expect(app.logEntries.filter({ hasText: 'gamma' })).toHaveCount(0);
  await expect(app.logEntries.filter({ hasText: 'Good hook' })).toHaveCount(0);
  await page.screenshot({ path: test.info().outputPath('live-log-filtered.png') });

  // By status, across integrations: exactly the delivered attempts…
  await app.filterLogByIntegration('All integrations');
  await app.logKind('Delivered').click();
  await expect(page).toHaveURL(/#\/log\?kinds=delivered$/);
  await expect(app.logEntries).toHaveCount(4);
  await expect(app.logAttempts.filter({ hasText: 'Good hook' }).filter({ hasText: 'delivered' })).toHaveCount(4);
  // Live under this filter: the new delivery shows, its event does not.
  await fire(app, 'sca_policy_has_been_triggered', 'epsilon');
  await receiver.waitFor(5, 10_000);
  await expect(app.logEntries).toHaveCount(5);
  await expect(app.logEntries.first()).toContainText('Good hook');
  // …or the ones that did not get through.
  await app.logKind('Delivered').click();
  await app.logKind('Retry').click();
  await app.logKind('Failed').click();
  await expect(app.logEntries).toHaveCount(1);
  await expect(app.logAttempts.filter({ hasText: 'Bad hook' })).toHaveCount(1);
  // Both filters together; with nothing to show, the screen says how to get out.
  await app.filterLogByIntegration('Good hook');
  await expect(page).toHaveURL(new RegExp(`integration=${good.id}`));
  await expect(page.getByTestId('log-empty')).toContainText('No entry matches these filters');
  await page.getByTestId('log-empty').getByRole('button', { name: 'Clear filters' }).click();
  await expect(app.logEvents).toHaveCount(5);
  await expect(app.logAttempts).toHaveCount(6);

  await app.logKind('Events').click();
  await expect(app.logEntries).toHaveCount(5);
});

test('follow tail: pinned to the newest entry while at the top; scrolled away, new entries wait behind a button', async ({ app, receiver, page }) => {
  await webhook(app, 'Tail hook', receiver.url('/tail'), ['project_sca_analysis_finished']);
  await page.setViewportSize({ width: 1280, height: 720 });
  await app.open('Live log');
  await app.logKind('Events').click();
  for (let i = 0; i < 30; i++) await fire(app, 'project_sca_analysis_finished', `p${i}`);
  await expect(app.logEntries.first()).toContainText('p29');
  // Virtualised: far fewer rows in the DOM than entries.
  expect(await app.logEntries.count()).toBeLessThan(30);

  // At the top, a new entry shows at once, on top.
  await fire(app, 'project_sca_analysis_finished', 'newest-1');
  await expect(app.logEntries.first()).toContainText('newest-1');
  await expect(app.jumpToLatest).toBeHidden();

  // Scrolled away: the view stays where it is and a button counts what arrived.
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
  const firstShown = await app.logScroller.evaluate((el) => {
    const box = el.getBoundingClientRect();
    const row = [...el.querySelectorAll('[data-testid="log-entry"]')].find((r) => r.getBoundingClientRect().bottom > box.top + 1);
    return row?.getAttribute('data-seq');
  });
  await fire(app, 'project_sca_analysis_finished', 'newest-2');
  await fire(app, 'project_sca_analysis_finished', 'newest-3');
  await expect(app.jumpToLatest).toHaveText('2 new entries — jump to latest');
  expect(await app.logScroller.evaluate((el) => el.scrollTop)).toBe(offset);
  expect(
    await app.logScroller.evaluate((el) => {
      const box = el.getBoundingClientRect();
      return [...el.querySelectorAll('[data-testid="log-entry"]')].find((r) => r.getBoundingClientRect().bottom > box.top + 1)?.getAttribute('data-seq');
    }),
  ).toBe(firstShown);

  await app.jumpToLatest.click();
  await expect(app.jumpToLatest).toBeHidden();
  await expect.poll(() => app.logScroller.evaluate((el) => el.scrollTop)).toBe(0);
  await expect(app.logEntries.first()).toContainText('newest-3');
  await expect(app.logEntries.nth(1)).toContainText('newest-2');
  // Pinned again.
  await fire(app, 'project_sca_analysis_finished', 'newest-4');
  await expect(app.logEntries.first()).toContainText('newest-4');
});

test('an attempt of a failing integration: Retry now from the drawer sends its queue without waiting', async ({ app, receiver, page }) => {
  receiver.status = 502;
  await webhook(app, 'SOC intake', receiver.url('/soc'), ['project_sca_analysis_finished']);
  await app.open('Live log');
  await fire(app, 'project_sca_analysis_finished', 'retry-me');
  await receiver.waitFor(1, 10_000);
  const failed = app.logAttempts.filter({ hasText: 'SOC intake' }).filter({ hasText: 'retry' });
  await failed.click();
  const drawer = page.getByTestId('attempt-detail');
  await expect(drawer.getByTestId('retry-now')).toContainText('SOC intake is failing');
  receiver.status = 200;
  await drawer.getByRole('button', { name: 'Retry now' }).click();
  await expect(drawer.getByTestId('retry-now-done')).toBeVisible();
  await receiver.waitFor(2, 10_000);
  await page.getByRole('button', { name: 'Close details' }).click();
  await expect(app.logAttempts.filter({ hasText: 'SOC intake' }).filter({ hasText: 'delivered' })).toHaveCount(1);
});

test('the Live log has no serious or critical accessibility violations, with entries, filters and a drawer', async ({ app, receiver, page }) => {
  await webhook(app, 'SIEM intake', receiver.url('/siem'), ['project_sca_analysis_finished']);
  await webhook(app, 'Down hook', 'http://127.0.0.1:9/down', ['project_sca_analysis_finished']);
  await app.open('Live log');
  await fire(app, 'project_sca_analysis_finished', 'a11y');
  await receiver.waitFor(1, 10_000);
  await expect(app.logAttempts).toHaveCount(2);
  await app.logKind('Delivered').click();
  await app.logKind('Retry').click();
  await expect(app.logAttempts).toHaveCount(2);
  const serious = async () => (await new AxeBuilder({ page }).analyze()).violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
  expect(await serious()).toEqual([]);
  await app.logAttempts.filter({ hasText: 'Down hook' }).click();
  await expect(page.getByTestId('attempt-detail').getByTestId('retry-now')).toBeVisible();
  expect(await serious()).toEqual([]);
});

test('an event whose delivery gave up: Replay in the event drawer queues it again, and it goes out once the hook is back on', async ({ app, receiver, page }) => {
  receiver.status = 500;
  // One retry a second after the first try, then it gives up and the hook is switched off (seed 004's rule).
  const hook = await app.rpc<Integration>('integrations.create', {
    kind: 'webhook',
    name: 'Case tracker',
    settings: { url: receiver.url('/cases'), events: ['project_sca_analysis_finished'] },
    secrets: {},
    policy: { batch_window_ms: 0, retry: { preset: 'custom', custom_ms: [1000] }, auto_disable: { preset: 'exhausted' } },
  });
  await app.open('Live log');
  await fire(app, 'project_sca_analysis_finished', 'replay-me');
  await receiver.waitFor(2, 15_000);
  await app.logEvents.filter({ hasText: 'replay-me' }).click();
  const drawer = page.getByTestId('event-detail');
  await expect(drawer.getByTestId('replay')).toContainText('One delivery gave up.', { timeout: 15_000 });
  receiver.status = 200;
  await drawer.getByTestId('replay').getByRole('button', { name: 'Replay' }).click();
  await expect(drawer.getByTestId('replay-done')).toContainText('Queued 1 delivery again. Case tracker is disabled: 1 will go out once it is enabled.');
  await app.rpc('integrations.setActive', { id: hook.id, active: true });
  await receiver.waitFor(3, 10_000);
  await page.getByRole('button', { name: 'Close details' }).click();
  await expect(app.logAttempts.filter({ hasText: 'Case tracker' }).filter({ hasText: 'delivered' })).toHaveCount(1);
});
