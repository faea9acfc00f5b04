import { describe, expect, it } from 'vitest';
import { catalogue } from '../../main/contract/catalogue.js';
import {
  DEFAULT_TEMPLATES,
  flattenSubject,
  renderDigestEmail,
  renderEventEmail,
  sampleDigestInput,
  sampleEventInput,
  SIGNATURE_MARKER,
  TEMPLATE_VARIABLES,
  TemplateRenderError,
  validateTemplate,
  type DigestEmailInput,
  type EventForTemplate,
} from '../../main/engine/templates.js';

/** Anything a mail client would fetch: images, stylesheets, fonts, scripts, CSS urls. */
const EXTERNAL = /\ssrc\s*=|href\s*=\s*["']?\s*(https?:)?\/\/|url\(|<link|<script|<img|@import/i;

const policy = (n: number, payload: Record<string, unknown>): EventForTemplate => ({
  id: `policy-${n}`,
  trigger: 'sca_policy_has_been_triggered',
  created_at: '2026-11-23T09:3' + n + ':00.000Z',
  project: 'payments-api',
  payload: { project_id: 112, project_name: 'payments-api', stage: 'prod', ...payload },
});

/** How LiquidJS's escape filter writes text into HTML. */
const escaped = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&#34;').replace(/'/g, '&#39;');

/** Text of one HTML table row per policy (tags stripped), so assertions read like the email. */
function htmlRows(html: string): string[] {
  return [...html.matchAll(/<tr[^>]*>([\s\S]*?)<\/tr>/g)].map((m) => m[1]!.replace(/<br>/g, ' ').replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ').trim());
}

describe('default event email', () => {
  it('renders for every catalogue trigger: title in subject and body, every payload value, the event id, no external resources', async () => {
    for (const trigger of catalogue) {
      const input = sampleEventInput(trigger.name, 'Corporate SMTP', '');
      const email = await renderEventEmail(null, input);
      expect(email.subject, trigger.name).toContain(`[Herald] ${trigger.title.en}`);
      expect(email.subject, trigger.name).not.toMatch(/[\r\n]/);
      for (const part of [email.text, email.html]) {
        const esc = part === email.html ? escaped : (s: string) => s;
        expect(part, trigger.name).toContain(esc(trigger.title.en));
        expect(part, trigger.name).toContain(esc(trigger.description.en));
        expect(part, trigger.name).toContain(input.event.id);
        expect(part, trigger.name).toContain('2026-11-23 09:41 UTC');
        expect(part, trigger.name).toContain('Corporate SMTP');
      }
      for (const [key, value] of Object.entries(trigger.example)) {
        const shown = typeof value === 'boolean' ? (value ? 'Yes' : 'No') : String(value);
        expect(email.text, `${trigger.name}.${key}`).toContain(shown);
        expect(email.html, `${trigger.name}.${key}`).toContain(escaped(shown));
      }
      expect(email.html, trigger.name).toMatch(/^<!doctype html>\n<html lang="en">\n<head>\n<meta charset="utf-8">/);
      expect(email.html, trigger.name).toContain('max-width:640px');
      expect(email.html, trigger.name).not.toMatch(EXTERNAL);
      expect(email.html, trigger.name).not.toMatch(/<style|class=/i);
      expect(email.html, trigger.name).not.toContain('{{');
      expect(email.text, trigger.name).not.toMatch(/\n{3,}/);
    }
  });

  it('puts the project in the subject and lists the payload as an aligned key/value table', async () => {
    const email = await renderEventEmail(null, sampleEventInput('sca_policy_has_been_triggered', 'Corporate SMTP', ''));
    expect(email.subject).toBe('[Herald] SCA Policy has been triggered · payments-api');
    expect(email.text).toContain('Project:  payments-api\nTime:     2026-11-23 09:41 UTC\nTrigger:  sca_policy_has_been_triggered');
    expect(email.text).toContain('  Policy:        Block critical CVEs in production\n  Blocker:       Yes\n');
    expect(htmlRows(email.html)).toContain('Vulnerability CVE-2021-44228');
  });

  it('shows nested payload values as JSON', async () => {
    const input = sampleEventInput('test', 'X', '');
    input.event.payload = { labels: { team: 'payments' }, tags: ['pci', 'prod'] };
    const email = await renderEventEmail(null, input);
    expect(email.text).toContain('Labels: {"team":"payments"}');
    expect(email.text).toContain('Tags:   ["pci","prod"]');
    expect(email.html).toContain('{&#34;team&#34;:&#34;payments&#34;}');
  });

  it('omits the project line for an event without a project', async () => {
    const email = await renderEventEmail(null, sampleEventInput('test', 'X', ''));
    expect(email.subject).toBe('[Herald] Test');
    expect(email.text).not.toContain('Project:');
    expect(email.text).not.toContain('Details');
  });

  it('renders an unknown trigger with its name as the title', async () => {
    const email = await renderEventEmail(null, { event: { id: 'e1', trigger: 'hit_detected', created_at: 'not a date', project: null, payload: { ip: '10.0.0.1' } }, integration_name: 'X', signature: '' });
    expect(email.subject).toBe('[Herald] hit_detected');
    expect(email.text).toContain('Time:     not a date');
    expect(email.text).toContain('Ip: 10.0.0.1');
  });
});

describe('default digest email', () => {
  it('lists every policy with Blocker Yes/No, dependency and version, and an em dash for a missing vulnerability', async () => {
    const input = sampleDigestInput('Corporate SMTP', '');
    const email = await renderDigestEmail(null, input);
    expect(email.subject).toBe('[Herald] payments-api: 3 policies triggered (1 blocker)');

    expect(email.text).toContain('SCA analysis finished: project payments-api\nFinished: 2026-11-23 09:41 UTC\nFound:    17 vulnerabilities in 412 dependencies');
    expect(email.text).toContain('3 policies triggered, 1 blocker.');
    expect(email.text).toMatch(/1\. Block critical CVEs in production {2}\[BLOCKER\]\n {3}Blocker: {7}Yes\n {3}Dependency: {4}org\.apache\.logging\.log4j:log4j-core 2\.14\.1\n {3}Vulnerability: CVE-2021-44228 \(critical\)/);
    expect(email.text).toMatch(/2\. No copyleft licenses\n {3}Blocker: {7}No\n {3}Dependency: {4}com\.github\.jnr:jnr-posix 3\.1\.15\n {3}Vulnerability: —\n/);
    expect(email.text).toMatch(/3\. Warn on high-severity CVEs\n {3}Blocker: {7}No\n/);

    const rows = htmlRows(email.html);
    expect(rows).toContain('Policy name Blocker Dependency Vulnerability');
    expect(rows).toContain('Block critical CVEs in production stage prod Yes org.apache.logging.log4j:log4j-core 2.14.1 CVE-2021-44228 critical');
    expect(rows).toContain('No copyleft licenses stage prod No com.github.jnr:jnr-posix 3.1.15 —');
    expect(rows).toContain('Warn on high-severity CVEs stage prod No com.fasterxml.jackson.core:jackson-databind 2.9.10.1 CVE-2020-8840 high');
    expect(rows).toContain('Vulnerabilities 17');
    expect(rows).toContain('Dependencies 412');
    // The blocker row is highlighted, the others are not.
    expect(email.html.match(/<tr style="background:#fef3f2;">/g)).toHaveLength(1);
    expect(email.html).not.toMatch(EXTERNAL);
    expect(email.html).toMatch(/^<!doctype html>/);
  });

  it('names a container image and counts several blockers', async () => {
    const input: DigestEmailInput = {
      analysis: {
        id: 'a1',
        trigger: 'container_image_sca_analysis_finished',
        created_at: '2026-11-23T10:00:00.000Z',
        project: 'registry.internal.example/payments/api:2.14.1',
        payload: { container_image_id: 58, container_image_name: 'registry.internal.example/payments/api:2.14.1', vulnerabilities_count: 43, dependencies_count: 1287 },
      },
      policies: [
        policy(1, { policy_name: 'A', blocker: true, dependency: 'openssl', dependency_version: '3.0.1', vulnerability: 'CVE-2022-3602', severity: 'high' }),
        policy(2, { policy_name: 'B', blocker: true, dependency: 'zlib', dependency_version: '1.2.11', vulnerability: 'CVE-2018-25032', severity: 'high' }),
      ],
      integration_name: 'X',
      signature: '',
    };
    const email = await renderDigestEmail(null, input);
    expect(email.subject).toBe('[Herald] registry.internal.example/payments/api:2.14.1: 2 policies triggered (2 blockers)');
    expect(email.text).toContain('SCA analysis finished: container image registry.internal.example/payments/api:2.14.1');
    expect(htmlRows(email.html)).toContain('Container image registry.internal.example/payments/api:2.14.1');
  });

  it('reads well with a single policy and with none', async () => {
    const one = sampleDigestInput('X', '');
    one.policies = one.policies.slice(1, 2);
    expect((await renderDigestEmail(null, one)).subject).toBe('[Herald] payments-api: 1 policy triggered');

    const none = await renderDigestEmail(null, { ...sampleDigestInput('X', ''), policies: [] });
    expect(none.subject).toBe('[Herald] payments-api: no policies triggered');
    expect(none.text).toContain('No policy was triggered by this analysis.');
    expect(none.html).not.toContain('Policy name');
  });

  it('offers a sample with a blocker and a policy without a vulnerability', () => {
    const sample = sampleDigestInput('X', 'sig');
    expect(sample.analysis.trigger).toMatch(/^(project|container_image)_sca_analysis_finished$/);
    expect(sample.policies.length).toBeGreaterThanOrEqual(2);
    expect(sample.policies.length).toBeLessThanOrEqual(3);
    expect(sample.policies.some((p) => p.payload.blocker === true)).toBe(true);
    expect(sample.policies.some((p) => !('vulnerability' in p.payload))).toBe(true);
    expect(sample.signature).toBe('sig');
  });
});

describe('safety', () => {
  it('escapes payload text in HTML, including in a custom template, but not in the text part', async () => {
    const input = sampleEventInput('sca_policy_has_been_triggered', 'X', '');
    input.event.payload.policy_name = '<script>alert(1)</script>';
    input.event.project = '"><img src=x onerror=alert(1)>';
    const email = await renderEventEmail(null, input);
    expect(email.html).not.toContain('<script>');
    expect(email.html).not.toContain('<img');
    expect(email.html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(email.text).toContain('<script>alert(1)</script>');

    const custom = await renderEventEmail({ html: '<p title="{{ event.project }}">{{ event.payload.policy_name }}</p>' }, input);
    expect(custom.html).toContain('<p title="&#34;&gt;&lt;img src=x onerror=alert(1)&gt;">&lt;script&gt;');

    const digest = sampleDigestInput('X', '');
    digest.policies[0]!.payload.dependency = '<b>evil</b>';
    expect((await renderDigestEmail(null, digest)).html).toContain('&lt;b&gt;evil&lt;/b&gt;');
  });

  it('collapses CR/LF and control characters in the subject, so a value cannot inject a header', async () => {
    const input = sampleEventInput('project_sca_analysis_failed', 'X', '');
    input.event.project = 'evil\r\nBcc: victim@example.com';
    const email = await renderEventEmail({ subject: '{{ event.project }}\n\tsecond\u0000line\u2028third\u0085' }, input);
    expect(email.subject).toBe('evil Bcc: victim@example.com second line third');

    const byDefault = await renderEventEmail(null, input);
    expect(byDefault.subject).toBe('[Herald] Project SCA analysis failed · evil Bcc: victim@example.com');
  });

  it('caps the subject at 250 characters without splitting a character', async () => {
    expect(flattenSubject('x'.repeat(400))).toHaveLength(250);
    const emoji = flattenSubject('😀'.repeat(300));
    expect(Array.from(emoji)).toHaveLength(250);
    expect(emoji).not.toMatch(/[\ud800-\udbff]$/);
    const input = sampleEventInput('test', 'X', '');
    input.event.project = 'p'.repeat(1000);
    expect((await renderEventEmail(null, input)).subject).toHaveLength(250);
  });

  it('cannot read local files through include, render or layout', async () => {
    for (const tag of ['{% include "package.json" %}', '{% render "package.json" %}', '{% layout "package.json" %}x']) {
      const issues = await validateTemplate('event', { text: tag });
      expect(issues, tag).toHaveLength(1);
      expect(issues[0]!.message, tag).toMatch(/cannot include other files/);
      await expect(renderEventEmail({ text: tag }, sampleEventInput('test', 'X', ''))).rejects.toBeInstanceOf(TemplateRenderError);
    }
  });

  it('does not expose prototype properties', async () => {
    const email = await renderEventEmail({ text: '[{{ event.constructor }}][{{ event.payload.constructor.name }}][{{ trigger.__proto__ }}]' }, sampleEventInput('test', 'X', ''));
    expect(email.text).toBe('[][][]');
  });

  it('stops a huge range with the memory limit, with an error instead of hanging', async () => {
    const started = Date.now();
    const issues = await validateTemplate('event', { text: '{% for i in (1..100000000) %}{{ i }}{% endfor %}' });
    expect(issues).toEqual([{ path: 'text', message: expect.stringMatching(/^line 1, column \d+: .*too large a range.*stopped/) }]);
    expect(Date.now() - started).toBeLessThan(5_000);
  });

  it('stops nested loops with the time limit, at validation and at send time', async () => {
    const slow = '{% for a in (1..1000) %}{% for b in (1..1000) %}{% for c in (1..1000) %}{% endfor %}{% endfor %}{% endfor %}';
    let started = Date.now();
    const issues = await validateTemplate('event', { html: slow });
    expect(issues).toEqual([{ path: 'html', message: expect.stringMatching(/took longer than 1 s.*stopped; avoid large or nested loops/) }]);
    expect(Date.now() - started).toBeLessThan(5_000);

    started = Date.now();
    await expect(renderEventEmail({ text: slow }, sampleEventInput('test', 'X', ''))).rejects.toThrow(/Email template text: .*took longer than 1 s/);
    expect(Date.now() - started).toBeLessThan(5_000);
  });

  it('gives validation a total time budget, so a merely slow template cannot stall a save', async () => {
    // Each render stays under the per-email limit, but 32 catalogue examples would not fit the budget.
    const slowish = '{% for a in (1..1000) %}{% for b in (1..1000) %}{% endfor %}{% endfor %}';
    const started = Date.now();
    const issues = await validateTemplate('event', { text: slowish }, { budgetMs: 300 });
    expect(issues).toEqual([{ path: 'text', message: expect.stringMatching(/^(line 1, column \d+: )?rendering the sample events took too long in total/) }]);
    expect(Date.now() - started).toBeLessThan(2_000);
  });

  it('stops output that doubles itself with the memory limit', async () => {
    const issues = await validateTemplate('event', { text: '{% assign s = "xxxxxxxxxx" %}{% for i in (1..40) %}{% assign s = s | append: s %}{% endfor %}{{ s }}' });
    expect(issues).toHaveLength(1);
    expect(issues[0]!.message).toMatch(/too much output/);
  });
});

describe('signature', () => {
  it('is appended to both parts even when a custom template leaves it out', async () => {
    const email = await renderEventEmail({ subject: 'S', html: '<p>{{ trigger.title }}</p>', text: 'T' }, sampleEventInput('test', 'X', 'SecOps <secops@example.com>\next. 4242'));
    expect(email.subject).toBe('S');
    expect(email.text).toBe('T\n\n-- \nSecOps <secops@example.com>\next. 4242\n');
    expect(email.html.startsWith('<p>Test</p>\n<div style="')).toBe(true);
    expect(email.html).toContain('white-space:pre-wrap;">SecOps &lt;secops@example.com&gt;\next. 4242</div>');
  });

  it('goes before </body> of a custom document and inside the default layout', async () => {
    const input = sampleEventInput('test', 'X', 'SecOps');
    const custom = await renderEventEmail({ html: '<html><body><p>Hi</p></body></html>' }, input);
    expect(custom.html).toMatch(/<p>Hi<\/p><div style="[^"]*">SecOps<\/div>\n<\/body><\/html>$/);

    const byDefault = await renderEventEmail(null, input);
    expect(byDefault.html).not.toContain(SIGNATURE_MARKER);
    const signatureAt = byDefault.html.indexOf('>SecOps</div>');
    expect(signatureAt).toBeGreaterThan(byDefault.html.indexOf('Event id'));
    expect(signatureAt).toBeLessThan(byDefault.html.indexOf('Sent by Herald'));
    expect(byDefault.text.endsWith('\n\n-- \nSecOps\n')).toBe(true);

    const digest = await renderDigestEmail({ text: 'only {{ count }}' }, sampleDigestInput('X', 'Line 1\r\nLine 2'));
    expect(digest.text).toBe('only 3\n\n-- \nLine 1\nLine 2\n');
    expect(digest.html).toContain('>Line 1\nLine 2</div>');
  });

  it('adds nothing when empty', async () => {
    const email = await renderEventEmail({ html: '<p>x</p>', text: 'x' }, sampleEventInput('test', 'X', '  \n '));
    expect(email.text).toBe('x');
    expect(email.html).toBe('<p>x</p>');
  });
});

describe('custom templates', () => {
  it('override each part and see the documented variables', async () => {
    const email = await renderEventEmail(
      {
        subject: '{{ trigger.area | upcase }}: {{ event.payload.vulnerability }} in {{ event.project }}',
        html: '<h1>{{ trigger.title }}</h1>{% for f in event.fields %}<i>{{ f.key }}={{ f.value }}</i>{% endfor %}',
        text: '{{ trigger.name }} {{ event.created_at | date: "%Y-%m-%d %H:%M" }} via {{ integration.name }}',
      },
      sampleEventInput('sca_policy_has_been_triggered', 'Corporate SMTP', ''),
    );
    expect(email.subject).toBe('SCA: CVE-2021-44228 in payments-api');
    expect(email.html).toContain('<h1>SCA Policy has been triggered</h1><i>alert_id=48213</i>');
    expect(email.html).toContain('<i>blocker=Yes</i>');
    expect(email.text).toBe('sca_policy_has_been_triggered 2026-11-23 09:41 via Corporate SMTP');
  });

  it('see the digest variables', async () => {
    const email = await renderDigestEmail(
      {
        subject: '{{ subject.kind }} {{ subject.name }} {{ count }}/{{ blocker_count }}',
        text: '{% for p in policies %}{{ p.policy_name }}|{{ p.blocker }}|{{ p.vulnerability | default: "none" }}|{{ p.trigger }}|{{ p.time }}\n{% endfor %}{{ analysis.payload.vulnerabilities_count }}',
      },
      sampleDigestInput('X', ''),
    );
    expect(email.subject).toBe('project payments-api 3/1');
    expect(email.text.split('\n')).toEqual([
      'Block critical CVEs in production|true|CVE-2021-44228|sca_policy_has_been_triggered|2026-11-23 09:32 UTC',
      'No copyleft licenses|false|none|sca_policy_has_been_triggered|2026-11-23 09:33 UTC',
      'Warn on high-severity CVEs|false|CVE-2020-8840|sca_policy_has_been_triggered|2026-11-23 09:34 UTC',
      '17',
    ]);
  });

  it('fall back to the default for an empty or blank part and for a subject that renders empty', async () => {
    const input = sampleEventInput('sca_policy_has_been_triggered', 'X', '');
    const defaults = await renderEventEmail(null, input);
    const email = await renderEventEmail({ subject: '{{ nothing }}  \n', html: '', text: '  ' }, input);
    expect(email).toEqual(defaults);
    expect(await renderEventEmail({}, input)).toEqual(defaults);
    expect(email.subject).toBe('[Herald] SCA Policy has been triggered · payments-api');
  });

  it('render the same template many times from the parse cache', async () => {
    const template = { subject: 'S {{ event.id }}', text: 'T', html: '<p>{{ event.id }}</p>' };
    const input = sampleEventInput('test', 'X', '');
    const started = Date.now();
    for (let i = 0; i < 500; i++) {
      input.event.id = `e${i}`;
      expect((await renderEventEmail(template, input)).subject).toBe(`S e${i}`);
    }
    expect(Date.now() - started).toBeLessThan(5_000);
  });
});

describe('validateTemplate', () => {
  it('accepts the defaults and empty parts', async () => {
    for (const kind of ['event', 'digest'] as const) {
      expect(await validateTemplate(kind, DEFAULT_TEMPLATES[kind])).toEqual([]);
      expect(await validateTemplate(kind, { subject: '', html: '', text: '' })).toEqual([]);
      expect(await validateTemplate(kind, {})).toEqual([]);
    }
  });

  it('reports an unknown filter and an unclosed tag with the field, position and a fix', async () => {
    const issues = await validateTemplate('event', { subject: '{{ event.trigger | upcas }}', html: '<p>\n  {% if event.project %}</p>', text: 'fine {{ event.id }}' });
    expect(issues).toEqual([
      { path: 'subject', message: 'line 1, column 1: unknown filter "upcas"; check the filter name (filters: https://liquidjs.com/filters/overview.html)' },
      { path: 'html', message: 'line 2, column 3: {% if event.project %} is not closed; add {% endif %} after its content' },
    ]);
  });

  it('explains other common mistakes', async () => {
    const cases: [string, RegExp][] = [
      ['{{ event.id', /^line 1, column 1: the output \{\{ event\.id is not closed; end it with \}\}$/],
      ['{% if event.project', /the tag \{% if event\.project is not closed; end it with %\}/],
      ['x {% endfor %}', /^line 1, column 3: \{% endfor %\} has no matching opening tag/],
      ['{% upcase x %}', /unknown tag "upcase"; check the tag name \(tags: https:\/\/liquidjs\.com\/tags\/overview\.html\)/],
      ['{{ event.id | append }}', /the filter "append" is missing an argument/],
      ['{% for %}{% endfor %}', /\{% for %\} is incomplete or malformed/],
    ];
    for (const [source, message] of cases) {
      const issues = await validateTemplate('digest', { text: source });
      expect(issues, source).toHaveLength(1);
      expect(issues[0]!.path, source).toBe('text');
      expect(issues[0]!.message, source).toMatch(message);
    }
  });

  it('checks every part independently', async () => {
    const issues = await validateTemplate('digest', { subject: '{{ a | nope }}', html: '{{ a | nope }}', text: '{{ a | nope }}' });
    expect(issues.map((i) => i.path)).toEqual(['subject', 'html', 'text']);
  });

  it('accepts templates that use fields only some triggers have', async () => {
    expect(await validateTemplate('event', { text: '{{ event.payload.policy_name | upcase }} {{ event.payload.vulnerabilities_count | plus: 1 }}' })).toEqual([]);
    expect(await validateTemplate('digest', { html: '{% for p in policies %}{{ p.policy_name }}{% endfor %}' })).toEqual([]);
  });
});

describe('TEMPLATE_VARIABLES', () => {
  it('documents the variables the defaults use', () => {
    for (const kind of ['event', 'digest'] as const) {
      const names = TEMPLATE_VARIABLES[kind].map((v) => v.name);
      const used = new Set([...Object.values(DEFAULT_TEMPLATES[kind]).join('\n').matchAll(/\{\{\s*([a-z_]+(?:\.[a-z_]+)?)/g)].map((m) => m[1]!));
      for (const variable of used) {
        if (variable.startsWith('p.') || variable.startsWith('f.') || variable.startsWith('forloop')) continue;
        expect(names.some((n) => n === variable || n.startsWith(`${variable.split('.')[0]}.`) || n === variable.split('.')[0]), `${kind}: ${variable}`).toBe(true);
      }
      for (const v of TEMPLATE_VARIABLES[kind]) expect(v.description.length, v.name).toBeGreaterThan(10);
    }
  });
});
