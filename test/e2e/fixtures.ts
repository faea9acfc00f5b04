import { test as base, type Page } from '@playwright/test';
import { tempDir } from '../support/world.js';
import { Receiver } from '../support/receiver.js';
import { startHerald } from '../support/server-process.js';

/** Each test owns its world: a fresh data folder, its own Herald server and its own receiver. */
export const test = base.extend<{ herald: Awaited<ReturnType<typeof startHerald>>; receiver: Receiver; app: HeraldPage }>({
  // eslint-disable-next-line no-empty-pattern
  herald: async ({}, use) => {
    const dir = tempDir('herald-e2e-');
    const herald = await startHerald(dir.path);
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

/** Selectors live here, not in the tests. */
export class HeraldPage {
  constructor(readonly page: Page) {}

  nav(name: 'Integrations' | 'Rules' | 'Events' | 'Live log') {
    return this.page.getByRole('navigation').getByRole('link', { name });
  }
  async open(name: 'Integrations' | 'Rules' | 'Events' | 'Live log') {
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
}
