import { describe, expect, it } from 'vitest';
import { catalogue } from '../../main/contract/catalogue.js';
import { renderDigestEmail, renderEventEmail, sampleDigestInput, sampleEventInput, validateTemplate } from '../../main/engine/templates.js';

const EXTERNAL = /(src|href)\s*=\s*["']?\s*(https?:)?\/\/|url\(|<link|<script|<img/i;

describe('email templates', () => {
  it('renders the default per-event email for every catalogue trigger, with no external resources', async () => {
    for (const trigger of catalogue) {
      const email = await renderEventEmail(null, sampleEventInput(trigger.name, 'Corporate SMTP', ''));
      expect(email.subject, trigger.name).toContain(trigger.title.en);
      expect(email.text, trigger.name).toContain(trigger.title.en);
      expect(email.html, trigger.name).toMatch(/^<!doctype html>/);
      expect(email.html, trigger.name).not.toMatch(EXTERNAL);
      for (const [key, value] of Object.entries(trigger.example)) {
        if (typeof value === 'string') expect(email.text, `${trigger.name}.${key}`).toContain(value);
      }
    }
  });

  it('lists every policy in the digest with Blocker Yes/No and a dash for a missing vulnerability', async () => {
    const email = await renderDigestEmail(null, sampleDigestInput('Corporate SMTP', ''));
    expect(email.subject).toBe('[Herald] payments-api: 3 policies triggered (1 blocker)');
    expect(email.text).toMatch(/1\. Block critical CVEs in production\n\s+Blocker:\s+Yes/);
    expect(email.text).toMatch(/2\. No copyleft licenses\n\s+Blocker:\s+No\n\s+Dependency:\s+com.github.jnr:jnr-posix 3.1.15\n\s+Vulnerability: —/);
    expect(email.html.match(/<tr/g)!.length).toBeGreaterThanOrEqual(4);
    expect(email.html).toContain('CVE-2020-8840');
    expect(email.html).not.toMatch(EXTERNAL);
  });

  it('escapes payload text in HTML but not in the text part', async () => {
    const input = sampleEventInput('sca_policy_has_been_triggered', 'X', '');
    input.event.payload.policy_name = '<script>alert(1)</script>';
    const email = await renderEventEmail(null, input);
    expect(email.html).not.toContain('<script>');
    expect(email.html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(email.text).toContain('<script>alert(1)</script>');
  });

  it('flattens the subject to one line, so a payload cannot inject headers', async () => {
    const input = sampleEventInput('project_sca_analysis_failed', 'X', '');
    input.event.project = 'evil\r\nBcc: victim@example.com';
    const email = await renderEventEmail({ subject: '{{ event.project }}\n\tsecond line' }, input);
    expect(email.subject).toBe('evil Bcc: victim@example.com second line');
  });

  it('appends the signature to both parts even when a custom template leaves it out', async () => {
    const email = await renderEventEmail({ subject: 'S', html: '<p>{{ trigger.title }}</p>', text: 'T' }, sampleEventInput('test', 'X', 'SecOps\next. 4242'));
    expect(email.text).toBe('T\n\n-- \nSecOps\next. 4242\n');
    expect(email.html).toContain('SecOps\next. 4242');
    expect(email.html.startsWith('<p>Test')).toBe(true);
  });

  it('uses the default for an empty part and an empty rendered subject', async () => {
    const email = await renderEventEmail({ subject: '{{ nothing }}', html: '', text: '  ' }, sampleEventInput('sca_policy_has_been_triggered', 'X', ''));
    expect(email.subject).toBe('[Herald] SCA Policy has been triggered · payments-api');
    expect(email.text).toContain('Details');
  });

  it('reports broken templates per part, with the position and a fix', async () => {
    const issues = await validateTemplate('event', { subject: '{{ event.trigger | upcas }}', html: '<p>{% if event.project %}</p>', text: 'fine {{ event.id }}' });
    expect(issues.map((i) => i.path)).toEqual(['subject', 'html']);
    expect(issues[0]!.message).toMatch(/line 1, column \d+: undefined filter: upcas; check the filter name/);
    expect(issues[1]!.message).toMatch(/not closed; close it/);
    expect(await validateTemplate('digest', { text: '{% for p in policies %}{{ p.policy_name }}{% endfor %}' })).toEqual([]);
  });

  it('stops a runaway template with an error instead of hanging', async () => {
    const issues = await validateTemplate('event', { text: '{% for i in (1..100000000) %}{{ i }}{% endfor %}' });
    expect(issues).toHaveLength(1);
    expect(issues[0]!.message).toMatch(/limit exceeded/);
  });
});
