import { Liquid, type Template } from 'liquidjs';
import { catalogue, findTrigger } from '../contract/catalogue.js';
import type { EmailTemplate, EmailTemplateKind } from '../contract/index.js';

/**
 * Email templates (LiquidJS). Users may override each part; an empty part uses the default.
 * HTML output is escaped by default, so payload text can never inject markup; the subject is
 * flattened to one line after rendering, so no value can inject a header.
 */

export type { EmailTemplate, EmailTemplateKind };
export interface RenderedEmail {
  subject: string;
  html: string;
  text: string;
}
export interface EventForTemplate {
  id: string;
  trigger: string;
  created_at: string;
  project: string | null;
  payload: Record<string, unknown>;
}
export interface EventEmailInput {
  event: EventForTemplate;
  integration_name: string;
  signature: string;
}
export interface DigestEmailInput {
  analysis: EventForTemplate;
  policies: EventForTemplate[];
  integration_name: string;
  signature: string;
}

type Part = keyof EmailTemplate;
const PARTS: readonly Part[] = ['subject', 'html', 'text'];

// Limits keep a user's template from hanging or exhausting the engine.
const LIMITS = { parseLimit: 500_000, renderLimit: 2_000, memoryLimit: 20_000_000 };
const plainEngine = new Liquid({ ...LIMITS, strictFilters: true, strictVariables: false, jsTruthy: true });
const htmlEngine = new Liquid({ ...LIMITS, strictFilters: true, strictVariables: false, jsTruthy: true, outputEscape: 'escape' });

/** The same few templates render thousands of times: parse each source once. */
const parsed = new Map<string, Template[]>();
function parse(part: Part, source: string): Template[] {
  const key = `${part}\u0000${source}`;
  let templates = parsed.get(key);
  if (!templates) {
    templates = (part === 'html' ? htmlEngine : plainEngine).parse(source);
    if (parsed.size > 200) parsed.clear();
    parsed.set(key, templates);
  }
  return templates;
}

async function renderPart(part: Part, source: string, context: object): Promise<string> {
  return String(await (part === 'html' ? htmlEngine : plainEngine).render(parse(part, source), context));
}

// ------------------------------------------------------------------ context

function humanTime(isoTime: string): string {
  const date = new Date(isoTime);
  return Number.isNaN(date.getTime()) ? isoTime : `${date.toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}

const LABELS: Record<string, string> = {
  project_name: 'Project',
  project_id: 'Project id',
  container_image_name: 'Container image',
  container_image_id: 'Container image id',
  policy_name: 'Policy',
  blocker: 'Blocker',
  dependency: 'Dependency',
  dependency_version: 'Version',
  vulnerability: 'Vulnerability',
  severity: 'Severity',
  stage: 'Stage',
};
const label = (key: string) => LABELS[key] ?? key.replace(/_/g, ' ').replace(/^./, (c) => c.toUpperCase());
const show = (value: unknown): string => (typeof value === 'boolean' ? (value ? 'Yes' : 'No') : typeof value === 'object' && value !== null ? JSON.stringify(value) : String(value));

function eventContext(event: EventForTemplate) {
  const trigger = findTrigger(event.trigger);
  return {
    ...event,
    time: humanTime(event.created_at),
    title: trigger?.title.en ?? event.trigger,
    description: trigger?.description.en ?? '',
    area: trigger?.area ?? '',
    /** The payload as label/value rows, for tables. */
    fields: Object.entries(event.payload)
      .filter(([, v]) => v !== undefined && v !== null)
      .map(([key, value]) => ({ key, label: label(key), value: show(value) })),
  };
}

function eventEmailContext(input: EventEmailInput) {
  const event = eventContext(input.event);
  return { event, trigger: { name: event.trigger, title: event.title, description: event.description, area: event.area }, integration: { name: input.integration_name } };
}

function digestContext(input: DigestEmailInput) {
  const analysis = eventContext(input.analysis);
  const image = input.analysis.trigger.startsWith('container_image');
  const name = String((image ? input.analysis.payload.container_image_name : input.analysis.payload.project_name) ?? input.analysis.project ?? 'unknown');
  const policies = input.policies.map((p): Record<string, unknown> => ({ ...p.payload, trigger: p.trigger, created_at: p.created_at, time: humanTime(p.created_at), id: p.id }));
  return {
    subject: { kind: image ? 'container image' : 'project', name },
    analysis,
    policies,
    count: policies.length,
    blocker_count: policies.filter((p) => p.blocker === true).length,
    integration: { name: input.integration_name },
  };
}

// ------------------------------------------------------------------ defaults

const FONT = "font-family:-apple-system,'Segoe UI',Roboto,Helvetica,Arial,sans-serif";
const page = (title: string, body: string) => `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width"><title>${title}</title></head>
<body style="margin:0;padding:0;background:#f3f5f9;">
<table role="presentation" width="100%" cellpadding="0" cellspacing="0" border="0" style="background:#f3f5f9;"><tr><td align="center" style="padding:24px 12px;">
<table role="presentation" width="640" cellpadding="0" cellspacing="0" border="0" style="width:100%;max-width:640px;background:#ffffff;border:1px solid #dde2ea;border-radius:6px;${FONT};color:#1b2330;">
<tr><td style="padding:16px 24px;border-bottom:3px solid #1f4fd1;font-size:13px;font-weight:bold;letter-spacing:0.5px;color:#1f4fd1;">HERALD · SECURITY ALERT</td></tr>
${body}
<tr><td style="padding:12px 24px 20px;font-size:12px;color:#6b7586;">Sent by Herald through {{ integration.name }}.</td></tr>
</table></td></tr></table>
</body></html>
`;

export const DEFAULT_TEMPLATES: Record<EmailTemplateKind, EmailTemplate> = {
  event: {
    subject: '[Herald] {{ trigger.title }}{% if event.project %} · {{ event.project }}{% endif %}',
    text: `{{ trigger.title }}
{{ trigger.description }}
{% if event.project %}
Project: {{ event.project }}{% endif %}
Time:    {{ event.time }}
Trigger: {{ event.trigger }}
{% if event.fields.size > 0 %}
Details
{% for f in event.fields %}  {{ f.label }}: {{ f.value }}
{% endfor %}{% endif %}
Event id: {{ event.id }}`,
    html: page(
      '{{ trigger.title }}',
      `<tr><td style="padding:20px 24px 4px;"><h1 style="margin:0 0 6px;font-size:20px;line-height:26px;color:#1b2330;">{{ trigger.title }}</h1>
<p style="margin:0;font-size:14px;line-height:20px;color:#4a5568;">{{ trigger.description }}</p></td></tr>
<tr><td style="padding:12px 24px;">
<table role="presentation" cellpadding="0" cellspacing="0" border="0" style="font-size:14px;line-height:20px;">
{% if event.project %}<tr><td style="padding:2px 16px 2px 0;color:#6b7586;">Project</td><td style="padding:2px 0;font-weight:bold;">{{ event.project }}</td></tr>{% endif %}
<tr><td style="padding:2px 16px 2px 0;color:#6b7586;">Time</td><td style="padding:2px 0;">{{ event.time }}</td></tr>
<tr><td style="padding:2px 16px 2px 0;color:#6b7586;">Trigger</td><td style="padding:2px 0;font-family:Consolas,Menlo,monospace;font-size:13px;">{{ event.trigger }}</td></tr>
</table></td></tr>
{% if event.fields.size > 0 %}<tr><td style="padding:4px 24px 12px;">
<table role="presentation" width="100%" cellpadding="0" cellspacing="0" border="0" style="border-collapse:collapse;font-size:13px;line-height:18px;">
<tr><th align="left" colspan="2" style="padding:8px;background:#eef1f6;border:1px solid #dde2ea;font-size:12px;text-transform:uppercase;color:#4a5568;">Details</th></tr>
{% for f in event.fields %}<tr><td valign="top" style="padding:6px 8px;border:1px solid #dde2ea;color:#4a5568;width:35%;">{{ f.label }}</td><td valign="top" style="padding:6px 8px;border:1px solid #dde2ea;word-break:break-word;">{{ f.value }}</td></tr>
{% endfor %}</table></td></tr>{% endif %}
<tr><td style="padding:4px 24px 8px;font-size:12px;color:#6b7586;">Event id {{ event.id }}</td></tr>`,
    ),
  },
  digest: {
    subject:
      '[Herald] {{ subject.name }}: {{ count }} {% if count == 1 %}policy{% else %}policies{% endif %} triggered{% if blocker_count > 0 %} ({{ blocker_count }} {% if blocker_count == 1 %}blocker{% else %}blockers{% endif %}){% endif %}',
    text: `SCA analysis finished for {{ subject.kind }} {{ subject.name }}
Finished: {{ analysis.time }}{% if analysis.payload.vulnerabilities_count != nil %}
Found:    {{ analysis.payload.vulnerabilities_count }} vulnerabilities in {{ analysis.payload.dependencies_count }} dependencies{% endif %}

{{ count }} {% if count == 1 %}policy{% else %}policies{% endif %} triggered, {{ blocker_count }} blocking:
{% for p in policies %}
{{ forloop.index }}. {{ p.policy_name }}
   Blocker:       {% if p.blocker %}Yes{% else %}No{% endif %}
   Dependency:    {{ p.dependency }}{% if p.dependency_version %} {{ p.dependency_version }}{% endif %}
   Vulnerability: {{ p.vulnerability | default: "—" }}{% if p.severity %} ({{ p.severity }}){% endif %}
{% endfor %}`,
    html: page(
      '{{ subject.name }}: {{ count }} policies triggered',
      `<tr><td style="padding:20px 24px 4px;"><h1 style="margin:0 0 6px;font-size:20px;line-height:26px;color:#1b2330;">{{ count }} {% if count == 1 %}policy{% else %}policies{% endif %} triggered in {{ subject.name }}</h1>
<p style="margin:0;font-size:14px;line-height:20px;color:#4a5568;">The SCA analysis of the {{ subject.kind }} <b>{{ subject.name }}</b> finished at {{ analysis.time }}{% if analysis.payload.vulnerabilities_count != nil %}: {{ analysis.payload.vulnerabilities_count }} vulnerabilities in {{ analysis.payload.dependencies_count }} dependencies{% endif %}.{% if blocker_count > 0 %} <b style="color:#b42318;">{{ blocker_count }} blocking.</b>{% endif %}</p></td></tr>
<tr><td style="padding:12px 24px;">
<table role="presentation" width="100%" cellpadding="0" cellspacing="0" border="0" style="border-collapse:collapse;font-size:13px;line-height:18px;">
<tr>
<th align="left" style="padding:8px;background:#eef1f6;border:1px solid #dde2ea;color:#4a5568;">Policy name</th>
<th align="left" style="padding:8px;background:#eef1f6;border:1px solid #dde2ea;color:#4a5568;">Blocker</th>
<th align="left" style="padding:8px;background:#eef1f6;border:1px solid #dde2ea;color:#4a5568;">Dependency</th>
<th align="left" style="padding:8px;background:#eef1f6;border:1px solid #dde2ea;color:#4a5568;">Vulnerability</th>
</tr>
{% for p in policies %}<tr{% if p.blocker %} style="background:#fef3f2;"{% endif %}>
<td valign="top" style="padding:6px 8px;border:1px solid #dde2ea;">{{ p.policy_name }}</td>
<td valign="top" style="padding:6px 8px;border:1px solid #dde2ea;{% if p.blocker %}color:#b42318;font-weight:bold;{% endif %}">{% if p.blocker %}Yes{% else %}No{% endif %}</td>
<td valign="top" style="padding:6px 8px;border:1px solid #dde2ea;word-break:break-word;">{{ p.dependency }}{% if p.dependency_version %} <span style="color:#6b7586;">{{ p.dependency_version }}</span>{% endif %}</td>
<td valign="top" style="padding:6px 8px;border:1px solid #dde2ea;white-space:nowrap;">{{ p.vulnerability | default: "—" }}{% if p.severity %}<br><span style="font-size:12px;color:#6b7586;">{{ p.severity }}</span>{% endif %}</td>
</tr>
{% endfor %}</table></td></tr>`,
    ),
  },
};

export const TEMPLATE_VARIABLES: Record<EmailTemplateKind, { name: string; description: string }[]> = {
  event: [
    { name: 'trigger.title', description: 'The trigger\'s title, e.g. "SCA Policy has been triggered"' },
    { name: 'trigger.description', description: 'What the trigger means' },
    { name: 'event.trigger', description: 'The trigger name, e.g. sca_policy_has_been_triggered' },
    { name: 'event.project', description: 'Project or container image, when the event has one' },
    { name: 'event.time', description: 'When it happened, e.g. 2026-11-23 10:15 UTC (event.created_at is ISO 8601)' },
    { name: 'event.payload.<field>', description: 'Any payload field, e.g. event.payload.policy_name' },
    { name: 'event.fields', description: 'The payload as a list of {label, value} for tables' },
    { name: 'event.id', description: 'Herald\'s event id' },
    { name: 'integration.name', description: 'This email integration\'s name' },
  ],
  digest: [
    { name: 'subject.name', description: 'The project or container image that was scanned' },
    { name: 'subject.kind', description: '"project" or "container image"' },
    { name: 'analysis.time', description: 'When the analysis finished' },
    { name: 'analysis.payload.vulnerabilities_count', description: 'Vulnerabilities found (also dependencies_count)' },
    { name: 'policies', description: 'Triggered policies: policy_name, blocker, dependency, dependency_version, vulnerability, severity, stage, time' },
    { name: 'count', description: 'How many policies triggered' },
    { name: 'blocker_count', description: 'How many of them are blockers' },
    { name: 'integration.name', description: 'This email integration\'s name' },
  ],
};

// ------------------------------------------------------------------ rendering

const escapeHtml = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** One line, no control characters: nothing a value contains can start a new header. */
// eslint-disable-next-line no-control-regex -- stripping control characters is the point
const oneLine = (s: string) => s.replace(/[\u0000-\u001f\u007f]+/g, ' ').replace(/\s+/g, ' ').trim().slice(0, 250);

function withSignature(email: RenderedEmail, signature: string): RenderedEmail {
  const sig = signature.trim();
  if (!sig) return email;
  const block = `<table role="presentation" width="100%" cellpadding="0" cellspacing="0" border="0"><tr><td align="center"><div style="max-width:640px;margin:0 auto 24px;padding:0 12px;text-align:left;${FONT};font-size:13px;line-height:18px;color:#4a5568;white-space:pre-wrap;">${escapeHtml(sig)}</div></td></tr></table>`;
  const at = email.html.lastIndexOf('</body>');
  return {
    subject: email.subject,
    text: `${email.text.trimEnd()}\n\n-- \n${sig}\n`,
    html: at >= 0 ? `${email.html.slice(0, at)}${block}\n${email.html.slice(at)}` : `${email.html}\n${block}`,
  };
}

async function render(kind: EmailTemplateKind, template: Partial<EmailTemplate> | null, context: object, signature: string): Promise<RenderedEmail> {
  const source = (part: Part) => (template?.[part]?.trim() ? template[part]! : DEFAULT_TEMPLATES[kind][part]);
  const [subject, html, text] = await Promise.all(PARTS.map((part) => renderPart(part, source(part), context)));
  let line = oneLine(subject!);
  if (!line) line = oneLine(await renderPart('subject', DEFAULT_TEMPLATES[kind].subject, context));
  return withSignature({ subject: line, html: html!, text: text!.replace(/\n{3,}/g, '\n\n').trim() + '\n' }, signature);
}

export function renderEventEmail(template: Partial<EmailTemplate> | null, input: EventEmailInput): Promise<RenderedEmail> {
  return render('event', template, eventEmailContext(input), input.signature);
}

export function renderDigestEmail(template: Partial<EmailTemplate> | null, input: DigestEmailInput): Promise<RenderedEmail> {
  return render('digest', template, digestContext(input), input.signature);
}

// ------------------------------------------------------------------ validation and samples

function explain(part: Part, error: unknown): string {
  const message = (error instanceof Error ? error.message : String(error)).replace(/\s+/g, ' ').trim();
  const position = /line:(\d+), col:(\d+)/.exec(message);
  const where = position ? `line ${position[1]}, column ${position[2]}: ` : '';
  const what = message.replace(/,? ?line:\d+, col:\d+.*$/, '').replace(/^(ParseError|TokenizationError|RenderError|UndefinedVariableError): /, '');
  const fix = /undefined filter/.test(what)
    ? 'check the filter name against the LiquidJS filter list (upcase, downcase, date, default, join, size, escape…)'
    : /not closed/.test(what)
      ? 'close it, e.g. {% if %} … {% endif %} and {% for %} … {% endfor %}'
      : /limit exceeded/i.test(what)
        ? 'the template does too much work; loop over smaller lists'
        : 'fix the Liquid syntax';
  return `${where}${what}; ${fix}.`;
}

/** Parse, then trial-render against every catalogue example so errors surface at save time. */
export async function validateTemplate(kind: EmailTemplateKind, template: Partial<EmailTemplate>): Promise<{ path: Part; message: string }[]> {
  const issues: { path: Part; message: string }[] = [];
  const contexts = kind === 'digest' ? [digestContext(sampleDigestInput('Sample', '')), digestContext({ ...sampleDigestInput('Sample', ''), policies: [] })] : catalogue.map((t) => eventEmailContext(sampleEventInput(t.name, 'Sample', '')));
  for (const part of PARTS) {
    const source = template[part];
    if (!source?.trim()) continue;
    try {
      parse(part, source);
      for (const context of contexts) await renderPart(part, source, context);
    } catch (error) {
      issues.push({ path: part, message: explain(part, error) });
    }
  }
  return issues;
}

const SAMPLE_TIME = '2026-11-23T09:41:00.000Z';

export function sampleEventInput(trigger: string, integration_name: string, signature: string): EventEmailInput {
  const definition = findTrigger(trigger);
  const payload = structuredClone(definition?.example ?? {});
  const project = [payload.project_name, payload.container_image_name, payload.project_id].find((v) => v !== undefined && v !== null);
  return {
    event: { id: '00000000-0000-4000-8000-000000000001', trigger, created_at: SAMPLE_TIME, project: project === undefined ? null : String(project), payload },
    integration_name,
    signature,
  };
}

export function sampleDigestInput(integration_name: string, signature: string): DigestEmailInput {
  const base = structuredClone(findTrigger('sca_policy_has_been_triggered')!.example);
  const policy = (n: number, over: Record<string, unknown>): EventForTemplate => ({ id: `00000000-0000-4000-8000-00000000010${n}`, trigger: 'sca_policy_has_been_triggered', created_at: SAMPLE_TIME, project: 'payments-api', payload: { ...base, ...over } });
  return {
    analysis: { id: '00000000-0000-4000-8000-000000000100', trigger: 'project_sca_analysis_finished', created_at: SAMPLE_TIME, project: 'payments-api', payload: structuredClone(findTrigger('project_sca_analysis_finished')!.example) },
    policies: [
      policy(1, {}),
      policy(2, { policy_id: 9, policy_name: 'No copyleft licenses', blocker: false, dependency: 'com.github.jnr:jnr-posix', dependency_version: '3.1.15', vulnerability: undefined, severity: undefined }),
      policy(3, { policy_id: 11, policy_name: 'Warn on high-severity CVEs', blocker: false, dependency: 'com.fasterxml.jackson.core:jackson-databind', dependency_version: '2.9.10.1', vulnerability: 'CVE-2020-8840', severity: 'high' }),
    ],
    integration_name,
    signature,
  };
}
