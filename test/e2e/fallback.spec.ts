import { findTrigger } from '../../main/contract/index.js';
import { Receiver } from '../support/receiver.js';
import { expect, test, type HeraldPage } from './fixtures.js';

/** Its own filters take only scan starts: policy alerts reach it through the rule alone. */
async function webhook(app: HeraldPage, name: string, url: string, active = true): Promise<{ id: string }> {
  return app.rpc<{ id: string }>('integrations.create', {
    kind: 'webhook',
    name,
    is_active: active,
    settings: { url, events: ['project_sca_analysis_started'] },
    secrets: { token: 'whsec_e2e_fallback' },
    policy: { batch_window_ms: 0 },
  });
}

const policyAlert = structuredClone(findTrigger('sca_policy_has_been_triggered')!.example);

test.describe('fallback escalation', () => {
  // A minute of engine time per real second: a 1-minute limit passes in about a second.
  test.use({ heraldArgs: ['--time-scale', '60'] });

  test('set a fallback in the rule form; the primary answers 500; the live log shows the escalation and the fallback receiver gets the event', async ({ app, page, receiver }) => {
    const failing = await Receiver.start();
    failing.status = 500;
    failing.responseBody = '{"error":"upstream unavailable"}';
    try {
      await webhook(app, 'SIEM primary', failing.url('/siem'));
      await webhook(app, 'On-call pager', receiver.url('/pager'));
      await app.open('Rules');
      await page.getByTestId('rules-empty').getByRole('button', { name: 'Create rule' }).click();
      const form = app.ruleForm;
      await form.getByRole('textbox', { name: 'Name' }).fill('Blockers with escalation');
      await app.addRuleAction('SIEM primary');
      const section = form.getByTestId('rule-fallback');
      await section.getByLabel('Escalate if not delivered').check();
      await expect(section).toContainText('If SIEM primary has not delivered the event within the time limit');
      // The only other integration is chosen for you; the limit must be a whole number of minutes.
      await expect(section.getByRole('combobox', { name: 'Escalate to' })).toHaveText(/On-call pager/);
      const minutes = section.getByRole('spinbutton', { name: 'After (minutes)' });
      await minutes.fill('0');
      await form.getByRole('button', { name: 'Save' }).click();
      await expect(minutes).toHaveAccessibleDescription('Enter the minutes to wait before escalating: a whole number from 1 to 10080 (a week)');
      await minutes.fill('1');
      await expect(minutes).toHaveAccessibleDescription('From the event, 1 to 10080 (a week)');
      await section.screenshot({ path: '/tmp/fallback-rule-form.png' });
      await form.getByRole('button', { name: 'Save' }).click();
      await expect(form).toBeHidden();
      await expect(page.getByTestId('rule-fallback-summary')).toHaveText('→ fallback On-call pager after 1 min');
      await page.screenshot({ path: '/tmp/fallback-rules-list.png' });

      await app.rpc('events.fire', { trigger: 'sca_policy_has_been_triggered', payload: policyAlert });
      await app.open('Live log');
      const escalation = page.getByTestId('escalation');
      await expect(escalation).toHaveText(/Escalated: sca_policy_has_been_triggered to On-call pager — SIEM primary not delivered within 1 min/, { timeout: 15_000 });
      await expect(escalation).toContainText('Rule Blockers with escalation');
      await receiver.waitFor(1, 10_000);
      expect((receiver.requests[0]!.json as { events: { trigger: string }[] }).events.map((e) => e.trigger)).toEqual(['sca_policy_has_been_triggered']);
      expect(failing.requests.length).toBeGreaterThanOrEqual(1);
      await page.screenshot({ path: '/tmp/fallback-live-log.png' });

      // The event's deliveries link the fallback to the primary.
      await app.logEvents.first().click();
      const detail = page.getByTestId('event-detail');
      await expect(detail.getByTestId('escalated-from')).toHaveText('Fallback for SIEM primary: not delivered within 1 min');
      await page.keyboard.press('Escape');
      // Exactly once: more retries of the primary, no second escalation.
      await page.waitForTimeout(3000);
      expect(receiver.requests).toHaveLength(1);
      await expect(page.getByTestId('escalation')).toHaveCount(1);
    } finally {
      await failing.close();
    }
  });

  test('a disabled primary escalates at once, in Russian; the form and the live log pass axe in light and dark', async ({ app, page, receiver }) => {
    const primary = await webhook(app, 'SIEM primary', 'http://127.0.0.1:9/unused', false);
    const pager = await webhook(app, 'On-call pager', receiver.url('/pager'));
    await app.rpc('rules.create', {
      name: 'Blockers with escalation',
      triggers: ['sca_policy_has_been_triggered'],
      actions: [{ integration_id: primary.id, params: {}, fallback: { integration_id: pager.id, params: {}, after_minutes: 120 } }],
    });
    await app.useLanguage('ru');
    await app.rpc('events.fire', { trigger: 'sca_policy_has_been_triggered', payload: policyAlert });
    await receiver.waitFor(1, 10_000);

    for (const theme of ['light', 'dark'] as const) {
      await app.rpc('settings.update', { theme });
      await page.reload();
      await page.locator(`html[data-theme="${theme}"]`).waitFor();
      await page.getByRole('navigation').getByRole('link', { name: 'Журнал' }).click();
      const escalation = page.getByTestId('escalation');
      await expect(escalation).toHaveText(/Эскалация: sca_policy_has_been_triggered отправлено в On-call pager — SIEM primary отключена/);
      expect(await app.seriousA11yViolations()).toEqual([]);
      if (theme === 'dark') await page.screenshot({ path: '/tmp/fallback-live-log-ru-dark.png' });

      await page.getByRole('navigation').getByRole('link', { name: 'Правила' }).click();
      await expect(page.getByTestId('rule-fallback-summary')).toHaveText('→ эскалация в «On-call pager» через 2 ч');
      await page.getByRole('button', { name: 'Изменить Blockers with escalation' }).click();
      const section = app.ruleForm.getByTestId('rule-fallback');
      await expect(section.getByLabel('Эскалация, если не доставлено')).toBeChecked();
      await expect(section.getByRole('spinbutton', { name: 'Через (минут)' })).toHaveValue('120');
      expect(await app.seriousA11yViolations()).toEqual([]);
      if (theme === 'dark') await section.screenshot({ path: '/tmp/fallback-rule-form-ru-dark.png' });
      await page.keyboard.press('Escape');
      await expect(app.ruleForm).toBeHidden();
    }
    expect(receiver.requests).toHaveLength(1);
  });
});
