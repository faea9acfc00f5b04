import type { Page } from '@playwright/test';
import { expect, test } from './fixtures.js';

/** The Demo data toolbar next to the payload editor (selectors kept here, not in the fixtures). */
function demo(page: Page) {
  const bar = page.getByTestId('demo-data');
  return {
    bar,
    seed: bar.getByRole('spinbutton', { name: 'Seed' }),
    count: bar.getByRole('spinbutton', { name: 'How many' }),
    generate: bar.getByRole('button', { name: 'Generate example', exact: true }),
    newSeed: bar.getByRole('button', { name: /^New seed/ }),
    fireMany: bar.getByRole('button', { name: /^Fire \d+ synthetic events?$/ }),
    redact: bar.getByRole('button', { name: 'Redact', exact: true }),
    undo: bar.getByRole('button', { name: 'Undo redaction' }),
    seedNote: page.getByTestId('demo-seed-note'),
    redactions: page.getByTestId('redactions'),
  };
}

test('Generate example: the same seed gives the same payload, another seed another one, and it fits the trigger', async ({ app, page }) => {
  await app.open('Events');
  await app.openTrigger('Project SCA analysis finished');
  const d = demo(page);
  await expect(d.seed).toHaveValue('1');

  await d.seed.fill('7');
  await d.generate.click();
  await expect(d.seedNote).toHaveText('Example from seed 7 — the same seed gives the same payload.');
  const first = await app.payloadEditor.inputValue();
  const payload = JSON.parse(first) as Record<string, unknown>;
  expect(typeof payload.project_name).toBe('string');
  // It is what the engine synthesizes for seed 7, and differs from the catalogue's fixed example.
  const engine = await app.rpc<{ events: { payload: unknown }[] }>('events.synthesize', { trigger: 'project_sca_analysis_finished', seed: 7 });
  expect(payload).toEqual(engine.events[0]!.payload);

  // Edit, then generate again with the same seed (Enter in the seed field): the very same text comes back.
  await app.payloadEditor.fill('{}');
  await expect(d.seedNote).toHaveCount(0);
  await d.seed.press('Enter');
  await expect(app.payloadEditor).toHaveValue(first);

  // The dice: seed 8, another payload.
  await d.newSeed.click();
  await expect(d.seed).toHaveValue('8');
  await expect(d.seedNote).toHaveText('Example from seed 8 — the same seed gives the same payload.');
  const second = await app.payloadEditor.inputValue();
  expect(second).not.toBe(first);
  expect(typeof (JSON.parse(second) as Record<string, unknown>).project_name).toBe('string');

  // A generated payload passes the trigger's schema: Fire takes it.
  await page.getByTestId('fire-button').click();
  await expect(page.getByText('Event fired, but no active integration subscribes to this trigger.')).toBeVisible();
});

test('Fire 3 synthetic events: all three are recorded and routed', async ({ app, page, receiver }) => {
  await app.rpc('integrations.create', {
    kind: 'webhook',
    name: 'SIEM intake',
    settings: { url: receiver.url('/siem'), events: ['project_sca_analysis_finished'] },
    secrets: {},
  });
  await app.open('Events');
  await app.openTrigger('Project SCA analysis finished');
  const d = demo(page);
  await expect(d.count).toHaveValue('5');
  await d.seed.fill('3');
  await d.count.fill('3');
  await expect(d.fireMany).toHaveText('Fire 3 synthetic events');
  await d.fireMany.click();

  const report = page.getByTestId('demo-fired');
  await expect(report).toContainText('Fired 3 synthetic events from seed 3');
  await expect(report).toContainText('Routed: 3 → SIEM intake.');
  await expect(report.getByRole('link', { name: 'Watch the live log' })).toBeVisible();

  // The live log holds exactly the three synthesized payloads, routed to the webhook.
  const expected = await app.rpc<{ events: { payload: unknown }[] }>('events.synthesize', { trigger: 'project_sca_analysis_finished', seed: 3, count: 3 });
  const log = await app.rpc<{ entries: { type: string; routed_to?: number; event?: { trigger: string; payload: unknown } }[] }>('log.list', { limit: 50 });
  const events = log.entries.filter((e) => e.type === 'event');
  expect(events).toHaveLength(3);
  expect(events.every((e) => e.event?.trigger === 'project_sca_analysis_finished' && e.routed_to === 1)).toBe(true);
  // Newest first in the log: reverse to compare with the order they were fired.
  expect(events.map((e) => e.event?.payload).reverse()).toEqual(expected.events.map((e) => e.payload));
  await receiver.waitFor(1, 15_000);
});

test('Redact hides a token, an e-mail and an internal host, lists what it hid, and Undo brings the text back', async ({ app, page }) => {
  await app.open('Events');
  await app.openTrigger('Project SCA analysis finished');
  const d = demo(page);
  const original = JSON.stringify(
    { project_name: 'payments-api', token: 'glpat-abcdefghijklmnopqrstuvwx', owner: 'Ivan.Petrov@corp.example.com', url: 'https://nexus.internal/repository/npm' },
    null,
    2,
  );
  await app.payloadEditor.fill(original);
  await d.redact.click();

  await expect(app.payloadEditor).toHaveValue(/<secret-1>/);
  const redacted = JSON.parse(await app.payloadEditor.inputValue()) as Record<string, string>;
  expect(redacted).toEqual({ project_name: 'payments-api', token: '<secret-1>', owner: '<email-1>', url: 'https://<host-1>/repository/npm' });

  await expect(d.redactions).toContainText('Redaction hid 3 fields:');
  const chips = d.redactions.getByRole('listitem');
  await expect(chips).toHaveText(['token → secret', 'owner → e-mail address', 'url → internal hostname']);
  await page.mouse.move(0, 0);
  await page.screenshot({ path: '/tmp/demo-data-en.png' });

  await d.undo.click();
  await expect(app.payloadEditor).toHaveValue(original);
  await expect(d.redactions).toHaveCount(0);
  await expect(d.undo).toHaveCount(0);

  // A clean payload: nothing to hide, said so.
  await app.payloadEditor.fill('{"project_name": "payments-api"}');
  await d.redact.click();
  await expect(d.redactions).toHaveText('Nothing to redact: no secrets, e-mail addresses, internal hostnames or private IPs in this payload.');

  // Broken JSON: the editor says why, and there is nothing to redact yet.
  await app.payloadEditor.fill('{"token": ');
  await expect(page.getByText(/^Not valid JSON/)).toBeVisible();
  await expect(d.redact).toBeDisabled();
});

test('the Demo data toolbar in Russian, accessible in light and dark', async ({ app, page }) => {
  test.setTimeout(120_000);
  await app.useLanguage('ru');
  await page.getByRole('navigation').getByRole('link', { name: 'События' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'События' })).toBeVisible();
  const bar = page.getByTestId('demo-data');
  await expect(bar.getByRole('heading', { name: 'Демо-данные' })).toBeVisible();

  await bar.getByRole('spinbutton', { name: 'Зерно' }).fill('7');
  await bar.getByRole('button', { name: 'Создать пример', exact: true }).click();
  await expect(page.getByTestId('demo-seed-note')).toHaveText('Пример из зерна 7 — одно и то же зерно даёт одни и те же данные.');
  await bar.getByRole('spinbutton', { name: 'Сколько' }).fill('2');
  await expect(bar.getByRole('button', { name: 'Сгенерировать 2 синтетических события' })).toBeVisible();
  await bar.getByRole('button', { name: 'Сгенерировать 2 синтетических события' }).click();
  await expect(page.getByTestId('demo-fired')).toContainText('Сгенерировано 2 синтетических события из зерна 7');
  await expect(page.getByTestId('demo-fired')).toContainText('Ни одна активная интеграция не подписана на этот триггер.');

  await page.getByTestId('payload-editor').fill('{"password": "hunter2hunter2", "host": "10.0.12.7"}');
  await bar.getByRole('button', { name: 'Замаскировать' }).click();
  await expect(page.getByTestId('redactions')).toContainText('Скрыто 2 поля:');
  await expect(page.getByTestId('redactions').getByRole('listitem')).toHaveText(['password → секрет', 'host → частный IP']);
  await expect(bar.getByRole('button', { name: 'Отменить маскирование' })).toBeVisible();

  expect(await app.seriousA11yViolations()).toEqual([]);
  await app.rpc('settings.update', { theme: 'dark' });
  await page.reload();
  await expect(page.getByRole('heading', { level: 1, name: 'События' })).toBeVisible();
  await bar.getByRole('button', { name: 'Создать пример', exact: true }).click();
  await expect(page.getByTestId('demo-seed-note')).toBeVisible();
  await page.mouse.move(0, 0);
  await page.getByTestId('demo-data').scrollIntoViewIfNeeded();
  await page.screenshot({ path: '/tmp/demo-data-ru-dark.png' });
  expect(await app.seriousA11yViolations()).toEqual([]);
});
