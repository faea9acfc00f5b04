import { closedPort } from '../support/receiver.js';
import { expect, test, type HeraldPage } from './fixtures.js';

type TriggerSummary = { name: string; example: Record<string, unknown> };

/** Every screen with something on it: a working and a dead-lettered webhook, a rule, events, an auto-disable. */
async function populate(app: HeraldPage, receiverUrl: string) {
  const hook = await app.rpc<{ id: string }>('integrations.create', {
    kind: 'webhook',
    name: 'SIEM intake',
    settings: { url: receiverUrl, events: ['project_sca_analysis_finished', 'sca_policy_has_been_triggered'] },
    secrets: { token: 'siem-token-0a1b2c3d4e5f' },
    policy: { batch_window_ms: 0 },
  });
  await app.rpc('integrations.create', {
    kind: 'webhook',
    name: 'Case tracker',
    settings: { url: `http://127.0.0.1:${await closedPort()}/cases`, events: ['project_sca_analysis_finished'] },
    secrets: {},
    policy: { batch_window_ms: 0, retry: { preset: 'custom', custom_ms: [500] }, auto_disable: { preset: 'exhausted' } },
  });
  await app.rpc('rules.create', {
    name: 'Blocking findings to the SIEM',
    triggers: ['sca_policy_has_been_triggered'],
    conditions: [{ field: 'blocker', op: 'equals', value: true }],
    actions: [{ integration_id: hook.id }],
  });
  // A webhook in Capture mode, tested once: the Sandbox holds its request.
  const captured = await app.rpc<{ id: string }>('integrations.create', {
    kind: 'webhook',
    name: 'Demo bin',
    settings: { url: `http://127.0.0.1:${await closedPort()}/demo`, events: ['project_sca_analysis_started'] },
    secrets: { token: 'demo-token-9f8e7d6c5b4a' },
  });
  await app.rpc('integrations.setSandbox', { id: captured.id, mode: 'capture' });
  await app.rpc('integrations.test', { id: captured.id });
  const catalogue = await app.rpc<TriggerSummary[]>('catalogue.list');
  const example = catalogue.find((t) => t.name === 'project_sca_analysis_finished')!.example;
  await app.rpc('events.fire', { trigger: 'project_sca_analysis_finished', payload: example });
}

const SCREENS: [route: string, heading: string, ready: string][] = [
  ['integrations', 'Integrations', 'integration-row'],
  ['rules', 'Rules', 'rule-row'],
  ['events', 'Events', 'trigger-list'],
  ['log', 'Live log', 'log-entry'],
  ['sandbox', 'Sandbox', 'capture-row'],
  ['dead', 'Dead letters', 'dead-row'],
  ['health', 'Health', 'health-card'],
  ['settings', 'Settings', 'settings-form'],
];

for (const theme of ['light', 'dark'] as const) {
  test(`every screen, populated, has no serious accessibility violations (English, ${theme} theme)`, async ({ app, page, receiver }) => {
    test.setTimeout(180_000);
    await populate(app, receiver.url('/siem'));
    await app.rpc('settings.update', { theme });
    // The dead-lettered webhook gives up after one retry; its dead letter is on screen below.
    await expect.poll(async () => (await app.rpc<{ total: number }>('deliveries.dead', {})).total, { timeout: 20_000 }).toBe(1);
    await page.reload();
    await page.locator(`html[data-theme="${theme}"]`).waitFor();
    const findings: Record<string, string[]> = {};
    for (const [route, heading, ready] of SCREENS) {
      await page.evaluate((r) => ((globalThis as unknown as { location: { hash: string } }).location.hash = `/${r}`), route);
      await page.getByRole('heading', { level: 1, name: heading }).waitFor();
      await page.getByTestId(ready).first().waitFor();
      findings[route] = await app.seriousA11yViolations();
    }
    expect(findings).toEqual(Object.fromEntries(SCREENS.map(([route]) => [route, []])));
  });
}
