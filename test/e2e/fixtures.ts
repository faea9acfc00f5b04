import { AxeBuilder } from '@axe-core/playwright';
import { test as base, type Page } from '@playwright/test';
import { tempDir } from '../support/world.js';
import { Receiver } from '../support/receiver.js';
import { startHerald } from '../support/server-process.js';

/**
 * Each test owns its world: a fresh data folder, its own Herald server and its own receiver.
 * `heraldArgs` are extra CLI arguments, e.g. test.use({ heraldArgs: ['--time-scale', '3600'] }).
 */
export const test = base.extend<{ heraldArgs: string[]; herald: Awaited<ReturnType<typeof startHerald>>; receiver: Receiver; app: HeraldPage }>({
  heraldArgs: [[], { option: true }],
  herald: async ({ heraldArgs }, use) => {
    const dir = tempDir('herald-e2e-');
    const herald = await startHerald(dir.path, 0, heraldArgs);
    await use(herald);
    await herald.stop();
    dir.remove();
  },
  // eslint-disable-next-line no-empty-pattern
  receiver: async ({}, use) => {
    const receiver = await Receiver.start();
    await use(receiver);
    await receiver.close();
  },
  app: async ({ page, herald }, use) => {
    await page.goto(herald.url);
    await use(new HeraldPage(page));
  },
});
export { expect } from '@playwright/test';

type Screen = 'Integrations' | 'Rules' | 'Events' | 'Live log' | 'Sandbox' | 'Dead letters' | 'Health' | 'Reports' | 'Settings';

/** Selectors live here, not in the tests. */
export class HeraldPage {
  constructor(readonly page: Page) {}

  nav(name: Screen) {
    return this.page.getByRole('navigation').getByRole('link', { name });
  }
  async open(name: Screen) {
    await this.nav(name).click();
    await this.page.getByRole('heading', { level: 1, name }).waitFor();
  }
  /** The email (SMTP) form dialog. */
  get emailForm() {
    return this.page.getByRole('dialog').filter({ has: this.page.getByTestId('email-form') });
  }
  /** One part of the email template being edited. */
  templateField(part: 'Subject' | 'HTML' | 'Text') {
    return this.page.getByTestId('templates-editor').getByRole('textbox', { name: part, exact: true });
  }
  get ruleForm() {
    return this.page.getByRole('dialog').filter({ has: this.page.getByTestId('rule-form') });
  }
  /** Adds an action to the open rule form, sending to the named integration. */
  async addRuleAction(integration: string) {
    await this.ruleForm.getByRole('button', { name: 'Add action' }).click();
    await this.page.getByRole('menuitem', { name: new RegExp(integration) }).click();
  }
  /** The whole form dialog, including its action buttons. */
  get form() {
    return this.page.getByRole('dialog').filter({ has: this.page.getByTestId('webhook-form') });
  }
  get testReport() {
    return this.page.getByTestId('test-report');
  }
  step(id: string) {
    return this.page.getByTestId(`step-${id}`);
  }
  get rows() {
    return this.page.getByTestId('integration-row');
  }
  get logEntries() {
    return this.page.getByTestId('log-entry');
  }
  /** Live log entries that are events (not attempts or notices). */
  get logEvents() {
    return this.page.locator('[data-testid="log-entry"][data-type="event"]');
  }

  field(label: 'Name' | 'URL' | 'Events' | 'Token' | 'Token header') {
    return this.form.getByRole(label === 'Events' ? 'combobox' : 'textbox', { name: label, exact: true });
  }

  async fillWebhook(values: { name: string; url: string; token?: string; events: string[] }) {
    await this.field('Name').fill(values.name);
    await this.field('URL').fill(values.url);
    for (const title of values.events) {
      await this.field('Events').fill(title);
      await this.page.getByRole('option', { name: title, exact: true }).click();
    }
    if (values.token !== undefined) await this.field('Token').fill(values.token);
  }
  // ---------------------------------------------------------------- delivery policy (integration forms)

  /** The Delivery section of the open integration form. */
  get policy() {
    return this.page.getByTestId('delivery-policy');
  }
  async chooseRetry(preset: 'Webhook standard (seed 004)' | 'Fast cycles (seed 003)' | 'Custom schedule') {
    await this.policy.getByRole('combobox', { name: 'Retry schedule' }).click();
    await this.page.getByRole('option', { name: new RegExp(`^${preset.replace(/[()]/g, '\\$&')}`) }).click();
  }
  async chooseAutoDisable(preset: 'exhausted' | 'failure_ratio') {
    await this.policy.getByRole('radio', { name: preset === 'exhausted' ? /After the last retry fails/ : /When ≥/ }).check();
  }
  policyField(label: 'Waits before each retry' | 'Failed requests' | 'Over the last' | 'Minimum requests' | 'Window') {
    return this.policy.getByLabel(label, { exact: true });
  }
  /** One integration's row in the list, by name. */
  row(name: string) {
    return this.rows.filter({ has: this.page.getByText(name, { exact: true }) });
  }
  /** "X was disabled automatically", wherever the user is. */
  get autoDisabledAlert() {
    return this.page.getByTestId('auto-disabled-alert');
  }

  // ---------------------------------------------------------------- rules

  /** The n-th condition row (0-based) of the open rule form. */
  conditionRow(index: number) {
    return this.ruleForm.getByTestId('condition-row').nth(index);
  }
  async setCondition(index: number, values: { field?: string; op?: 'equals' | 'is not' | 'is one of' | 'is at least' | 'is present'; value?: string }) {
    const row = this.conditionRow(index);
    if (values.field !== undefined) {
      await row.getByRole('combobox', { name: 'Payload field' }).fill(values.field);
      await row.getByRole('combobox', { name: 'Payload field' }).press('Tab');
    }
    if (values.op !== undefined) {
      await row.getByRole('combobox', { name: 'Operator' }).click();
      await this.page.getByRole('option', { name: values.op, exact: true }).click();
    }
    if (values.value !== undefined) await row.getByRole('textbox', { name: /^Values?$/ }).fill(values.value);
  }

  // ---------------------------------------------------------------- events

  /** Opens a trigger of the catalogue by its title. */
  async openTrigger(title: string) {
    await this.page.getByTestId('trigger-list').getByText(title, { exact: true }).click();
    await this.page.getByRole('heading', { level: 2, name: title }).waitFor();
  }
  /** The on/off switch of a trigger in the catalogue list. */
  triggerSwitch(title: string) {
    return this.page.getByTestId('trigger-list').getByRole('switch', { name: `Send ${title} events` });
  }
  get payloadEditor() {
    return this.page.getByTestId('payload-editor');
  }
  /** Edits the payload in the editor: gets the JSON, changes it, puts it back. */
  async editPayload(change: (payload: Record<string, unknown>) => void) {
    const payload = JSON.parse(await this.payloadEditor.inputValue()) as Record<string, unknown>;
    change(payload);
    await this.payloadEditor.fill(JSON.stringify(payload, null, 2));
  }
  get dryRun() {
    return this.page.getByTestId('dry-run-result');
  }
  /** One rule's or webhook's verdict in the dry run, by its name. */
  dryRunCheck(name: string | RegExp) {
    return this.dryRun.getByTestId('dry-run-check').filter({ has: this.page.getByText(name, typeof name === 'string' ? { exact: true } : {}) });
  }
  dryRunDelivery(integration: string) {
    return this.dryRun.getByTestId('dry-run-delivery').filter({ has: this.page.getByText(integration, { exact: true }) });
  }

  // ---------------------------------------------------------------- live log

  /** The Live log's filter bar. */
  get logFilters() {
    return this.page.getByTestId('log-filters');
  }
  /** Chooses an integration (or 'All integrations') in the Live log filter. */
  async filterLogByIntegration(name: string) {
    await this.logFilters.getByRole('combobox', { name: 'Integration' }).click();
    await this.page.getByRole('option', { name, exact: true }).click();
  }
  /** One of the kind toggles: Events, Delivered, Retry, Failed, Notices. */
  logKind(label: 'Events' | 'Delivered' | 'Retry' | 'Failed' | 'Notices') {
    return this.logFilters.getByRole('button', { name: label, exact: true });
  }
  /** Live log entries that are delivery attempts. */
  get logAttempts() {
    return this.page.locator('[data-testid="log-entry"][data-type="attempt"]');
  }
  /** The scrolling box of the Live log (only the rows near its viewport are in the DOM). */
  get logScroller() {
    return this.page.getByTestId('log-scroller');
  }
  /** "N new entries — jump to latest", shown while scrolled away from the newest entry. */
  get jumpToLatest() {
    return this.page.getByTestId('jump-to-latest');
  }

  // ---------------------------------------------------------------- dead letters

  get deadRows() {
    return this.page.getByTestId('dead-row');
  }

  // ---------------------------------------------------------------- health, settings, pause

  /** Calls a contract method through the page's own transport (browser mode: HTTP with the page's token). */
  async rpc<T = unknown>(method: string, input: unknown = {}): Promise<T> {
    const result = await this.page.evaluate(
      async ({ method, input }) => {
        // The app moves the token from the URL fragment to sessionStorage when its script runs: either may hold it.
        const w = globalThis as unknown as { sessionStorage: { getItem(key: string): string | null }; location: { hash: string } };
        const token = w.sessionStorage.getItem('herald.token') ?? new URLSearchParams(w.location.hash.slice(1)).get('token') ?? '';
        const res = await fetch(`./rpc/${method}`, {
          method: 'POST',
          headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
          body: JSON.stringify(input),
        });
        return (await res.json()) as { ok: boolean; value?: unknown; error?: { message: string } };
      },
      { method, input },
    );
    if (!result.ok) throw new Error(`${method}: ${result.error?.message ?? 'failed'}`);
    return result.value as T;
  }
  /** One integration's charts on the Health screen. */
  healthCard(name: string) {
    return this.page.getByTestId('health-card').filter({ has: this.page.getByRole('heading', { level: 2, name, exact: true }) });
  }
  get nextRetries() {
    return this.page.getByTestId('next-retries');
  }
  settingsField(label: 'Default batching window' | 'HTTP timeout' | 'Keep history for' | 'Local API port') {
    return this.page.getByRole('spinbutton', { name: label });
  }
  async chooseTheme(theme: 'System' | 'Light' | 'Dark') {
    await this.page.getByRole('combobox', { name: 'Theme' }).click();
    await this.page.getByRole('option', { name: theme, exact: true }).click();
  }
  get pauseButton() {
    return this.page.getByRole('button', { name: 'Pause deliveries' });
  }
  get resumeButton() {
    return this.page.getByRole('banner').getByRole('button', { name: 'Resume deliveries' });
  }
  get pausedBanner() {
    return this.page.getByTestId('paused-banner');
  }

  // ---------------------------------------------------------------- languages, accessibility

  /** Switches the console's language as Settings does (saved, then applied without a reload). */
  async useLanguage(language: 'en' | 'ru') {
    await this.rpc('settings.update', { language });
    await this.page.reload();
    await this.page.locator(`html[lang="${language}"]`).waitFor();
  }
  /** axe's serious and critical findings on the page (or one part of it), as "rule: targets" lines. */
  async seriousA11yViolations(include?: string): Promise<string[]> {
    // Legacy mode checks frames in place. The default opens a blank page to merge frame results,
    // which hung on the email form (its preview is a sandboxed iframe of user content).
    const builder = new AxeBuilder({ page: this.page }).setLegacyMode(true);
    if (include) builder.include(include);
    const { violations } = await builder.analyze();
    return violations
      .filter((v) => v.impact === 'serious' || v.impact === 'critical')
      .map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
  }
}
