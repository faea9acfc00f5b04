import { Liquid, type Template } from 'liquidjs';
import { catalogue, findTrigger } from '../contract/catalogue.js';
import type { EmailTemplate, EmailTemplateKind } from '../contract/index.js';

/**
 * Email templates (LiquidJS). Users may override each part; an empty part uses Herald's default.
 *
 * - HTML output is escaped by default, so payload text can never inject markup.
 * - The subject is flattened to one line after rendering, so no value can inject a header.
 * - The signature is appended after the template, so a custom template cannot drop it.
 * - Templates cannot read files (include/render/layout have nothing to load) and run under
 *   parse, time and memory limits, so a user's template cannot hang or exhaust the engine.
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
export type TemplatePart = keyof EmailTemplate;
export interface TemplateIssue {
  path: TemplatePart;
  message: string;
}

const PARTS: readonly TemplatePart[] = ['subject', 'html', 'text'];

// ------------------------------------------------------------------ engines

const RENDER_LIMIT_MS = 1_000;
/** Trial renders of one part share this budget, so validating a slow template cannot take minutes. */
const VALIDATION_BUDGET_MS = 3_000;
const SUBJECT_MAX = 250;
/** Where the default HTML layout wants the signature; without it the signature goes before </body>. */
export const SIGNATURE_MARKER = '<!-- herald:signature -->';

const OPTIONS = {
  strictFilters: true, // a misspelt filter fails at save time instead of printing nothing
  strictVariables: false, // payloads differ per trigger: a missing field renders empty
  ownPropertyOnly: true, // no walking into prototypes (constructor, __proto__)
  templates: {}, // an empty in-memory file system: {% include %} and friends can never read local files
  timezoneOffset: 0, // the `date` filter agrees with the UTC times the defaults print
  parseLimit: 300_000, // above the contract's 200,000-character cap on a template part
  renderLimit: RENDER_LIMIT_MS,
  memoryLimit: 20_000_000,
};
const plainEngine = new Liquid(OPTIONS);
const htmlEngine = new Liquid({ ...OPTIONS, outputEscape: 'escape' });
const engineFor = (part: TemplatePart) => (part === 'html' ? htmlEngine : plainEngine);

/** The same few templates render thousands of times: parse each source once (oldest evicted first). */
const CACHE_SIZE = 100;
const parsed = new Map<string, Template[]>();
function parse(part: TemplatePart, source: string): Template[] {
  const key = `${part === 'html' ? 'html' : 'plain'}\u0000${source}`;
  let templates = parsed.get(key);
  if (!templates) {
    templates = engineFor(part).parse(source);
    if (parsed.size >= CACHE_SIZE) parsed.delete(parsed.keys().next().value!);
    parsed.set(key, templates);
  }
  return templates;
}

async function renderPart(part: TemplatePart, source: string, context: object, renderLimit = RENDER_LIMIT_MS): Promise<string> {
  return String(await engineFor(part).render(parse(part, source), context, { renderLimit }));
}

/** A template that parsed and validated but failed on this event's data. */
export class TemplateRenderError extends Error {
  constructor(
    readonly part: TemplatePart,
    message: string,
  ) {
    super(`Email template ${part}: ${message}`);
    this.name = 'TemplateRenderError';
  }
}

// ------------------------------------------------------------------ context

function humanTime(isoTime: string): string {
  const date = new Date(isoTime);
  return Number.isNaN(date.getTime()) ? isoTime : `${date.toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}

const LABELS: Record<string, string> = {
  project_id: 'Project id',
  project_name: 'Project',
  container_image_id: 'Container image id',
  container_image_name: 'Container image',
  alert_id: 'Alert id',
  policy_id: 'Policy id',
  policy_name: 'Policy',
  dependency_version: 'Version',
  purl: 'Package URL',
  package_name: 'Package',
  vulnerabilities_count: 'Vulnerabilities',
  dependencies_count: 'Dependencies',
  repo_url: 'Repository',
  repo_ref_name: 'Branch or tag',
};
const label = (key: string) => LABELS[key] ?? key.replace(/_/g, ' ').replace(/^./, (c) => c.toUpperCase());

/** Payload values as one-line-ish text: booleans as Yes/No, nested values as JSON. */
function show(value: unknown): string {
  if (typeof value === 'boolean') return value ? 'Yes' : 'No';
  if (typeof value === 'object' && value !== null) return JSON.stringify(value);
  return String(value);
}

interface Field {
  key: string;
  label: string;
  value: string;
  /** "Label:   value", padded so a plain-text list lines up. */
  line: string;
}

function fieldsOf(payload: Record<string, unknown>): Field[] {
  const entries = Object.entries(payload).filter(([, v]) => v !== undefined && v !== null);
  const width = Math.max(0, ...entries.map(([key]) => label(key).length + 1));
  return entries.map(([key, raw]) => {
    const value = show(raw);
    const pad = `${label(key)}:`.padEnd(width);
    return { key, label: label(key), value, line: `${pad} ${value.replace(/\r?\n/g, `\n${' '.repeat(width + 1)}`)}` };
  });
}

function eventView(event: EventForTemplate) {
  return { ...event, time: humanTime(event.created_at), fields: fieldsOf(event.payload) };
}

function triggerView(name: string) {
  const trigger = findTrigger(name);
  return { name, title: trigger?.title.en ?? name, description: trigger?.description.en ?? '', area: trigger?.area ?? '' };
}

function eventContext(input: EventEmailInput) {
  return { event: eventView(input.event), trigger: triggerView(input.event.trigger), integration: { name: input.integration_name } };
}

function digestContext(input: DigestEmailInput) {
  const { payload } = input.analysis;
  const image = input.analysis.trigger.startsWith('container_image') || (payload.project_name === undefined && payload.container_image_name !== undefined);
  const name = [image ? payload.container_image_name : payload.project_name, input.analysis.project, image ? payload.container_image_id : payload.project_id].find(
    (v) => v !== undefined && v !== null && v !== '',
  );
  // Payload fields first, so the event's own trigger and time always win.
  const policies = input.policies.map((p): Record<string, unknown> => ({ ...p.payload, id: p.id, trigger: p.trigger, created_at: p.created_at, time: humanTime(p.created_at) }));
  return {
    subject: { kind: image ? 'container image' : 'project', name: name === undefined ? 'unknown' : String(name) },
    analysis: eventView(input.analysis),
    policies,
    count: policies.length,
    blocker_count: policies.filter((p) => p.blocker === true).length,
    integration: { name: input.integration_name },
  };
}

// ------------------------------------------------------------------ defaults
// Mail clients drop <style> blocks and external resources: tables and inline styles only.

const FONT = "font-family:-apple-system,'Segoe UI',Roboto,Helvetica,Arial,sans-serif";
const MONO = 'font-family:Consolas,Menlo,Monaco,monospace';
const CELL = 'padding:6px 8px;border:1px solid #dde2ea;';
const HEAD = 'padding:8px;background:#eef1f6;border:1px solid #dde2ea;color:#4a5568;font-size:12px;';
const KEY = 'padding:3px 16px 3px 0;color:#6b7586;white-space:nowrap;';

const layout = (title: string, heading: string, body: string) => `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="color-scheme" content="light">
<title>${title}</title>
</head>
<body style="margin:0;padding:0;background:#f3f5f9;">
<table role="presentation" width="100%" cellpadding="0" cellspacing="0" border="0" style="background:#f3f5f9;">
<tr><td align="center" style="padding:24px 12px;">
<table role="presentation" width="640" cellpadding="0" cellspacing="0" border="0" style="width:100%;max-width:640px;background:#ffffff;border:1px solid #dde2ea;${FONT};color:#1b2330;">
<tr><td style="padding:14px 24px;border-top:4px solid #1f4fd1;border-bottom:1px solid #dde2ea;font-size:12px;font-weight:bold;letter-spacing:1px;color:#1f4fd1;">${heading}</td></tr>
${body}
<tr><td style="padding:0 24px;">${SIGNATURE_MARKER}</td></tr>
<tr><td style="padding:12px 24px 20px;font-size:12px;line-height:18px;color:#6b7586;">Sent by Herald through the email integration “{{ integration.name }}”.</td></tr>
</table>
</td></tr>
</table>
</body>
</html>
`;

const POLICIES_WORD = '{% if count == 1 %}policy{% else %}policies{% endif %}';
const BLOCKERS_WORD = '{% if blocker_count == 1 %}blocker{% else %}blockers{% endif %}';
const SEVERITY_COLOR =
  '{% case p.severity %}{% when "critical" %}#b42318{% when "high" %}#c4320a{% when "medium" %}#b54708{% else %}#6b7586{% endcase %}';

export const DEFAULT_TEMPLATES: Record<EmailTemplateKind, EmailTemplate> = {
  event: {
    subject: '[Herald] {{ trigger.title }}{% if event.project %} · {{ event.project }}{% endif %}',
    text: `{{ trigger.title }}
{{ trigger.description }}

{% if event.project %}Project:  {{ event.project }}
{% endif %}Time:     {{ event.time }}
Trigger:  {{ event.trigger }}
{% if event.fields.size > 0 %}
Details
{% for f in event.fields %}  {{ f.line }}
{% endfor %}{% endif %}
Event id: {{ event.id }}
Sent by Herald through the email integration "{{ integration.name }}".`,
    html: layout(
      '{{ trigger.title }}',
      'HERALD · SECURITY ALERT',
      `<tr><td style="padding:20px 24px 4px;">
<h1 style="margin:0 0 6px;font-size:20px;line-height:26px;color:#1b2330;">{{ trigger.title }}</h1>
<p style="margin:0;font-size:14px;line-height:20px;color:#4a5568;">{{ trigger.description }}</p>
</td></tr>
<tr><td style="padding:12px 24px;">
<table role="presentation" cellpadding="0" cellspacing="0" border="0" style="font-size:14px;line-height:20px;">
{% if event.project %}<tr><td style="${KEY}">Project</td><td style="padding:3px 0;font-weight:bold;">{{ event.project }}</td></tr>
{% endif %}<tr><td style="${KEY}">Time</td><td style="padding:3px 0;">{{ event.time }}</td></tr>
<tr><td style="${KEY}">Trigger</td><td style="padding:3px 0;${MONO};font-size:13px;">{{ event.trigger }}</td></tr>
</table>
</td></tr>
{% if event.fields.size > 0 %}<tr><td style="padding:4px 24px 12px;">
<table role="presentation" width="100%" cellpadding="0" cellspacing="0" border="0" style="border-collapse:collapse;font-size:13px;line-height:18px;">
<tr><th align="left" colspan="2" style="${HEAD}text-transform:uppercase;letter-spacing:0.5px;">Details</th></tr>
{% for f in event.fields %}<tr><td valign="top" width="34%" style="${CELL}color:#4a5568;">{{ f.label }}</td><td valign="top" style="${CELL}word-break:break-word;">{{ f.value }}</td></tr>
{% endfor %}</table>
</td></tr>
{% endif %}<tr><td style="padding:4px 24px 12px;font-size:12px;color:#6b7586;">Event id <span style="${MONO};">{{ event.id }}</span></td></tr>`,
    ),
  },
  digest: {
    subject: `[Herald] {{ subject.name }}: {% if count == 0 %}no policies triggered{% else %}{{ count }} ${POLICIES_WORD} triggered{% if blocker_count > 0 %} ({{ blocker_count }} ${BLOCKERS_WORD}){% endif %}{% endif %}`,
    text: `SCA analysis finished: {{ subject.kind }} {{ subject.name }}
Finished: {{ analysis.time }}
{% if analysis.payload.vulnerabilities_count != nil %}Found:    {{ analysis.payload.vulnerabilities_count }} vulnerabilities in {{ analysis.payload.dependencies_count }} dependencies
{% endif %}
{% if count == 0 %}No policy was triggered by this analysis.
{% else %}{{ count }} ${POLICIES_WORD} triggered, {{ blocker_count }} ${BLOCKERS_WORD}.
{% for p in policies %}
{{ forloop.index }}. {{ p.policy_name }}{% if p.blocker %}  [BLOCKER]{% endif %}
   Blocker:       {% if p.blocker %}Yes{% else %}No{% endif %}
   Dependency:    {{ p.dependency }}{% if p.dependency_version %} {{ p.dependency_version }}{% endif %}
   Vulnerability: {{ p.vulnerability | default: "—" }}{% if p.severity %} ({{ p.severity }}){% endif %}
{% if p.stage %}   Stage:         {{ p.stage }}
{% endif %}{% endfor %}{% endif %}
Sent by Herald through the email integration "{{ integration.name }}".`,
    html: layout(
      '{{ subject.name }}: {{ count }} ' + POLICIES_WORD + ' triggered',
      'HERALD · SCAN DIGEST',
      `<tr><td style="padding:20px 24px 4px;">
<h1 style="margin:0 0 6px;font-size:20px;line-height:26px;color:#1b2330;">{% if count == 0 %}No policies triggered{% else %}{{ count }} ${POLICIES_WORD} triggered{% endif %} in {{ subject.name }}</h1>
<p style="margin:0;font-size:14px;line-height:20px;color:#4a5568;">The SCA analysis of the {{ subject.kind }} <b>{{ subject.name }}</b> has finished.</p>
</td></tr>
<tr><td style="padding:12px 24px;">
<table role="presentation" cellpadding="0" cellspacing="0" border="0" style="font-size:14px;line-height:20px;">
<tr><td style="${KEY}">${'{% if subject.kind == "project" %}Project{% else %}Container image{% endif %}'}</td><td style="padding:3px 0;font-weight:bold;word-break:break-word;">{{ subject.name }}</td></tr>
<tr><td style="${KEY}">Finished</td><td style="padding:3px 0;">{{ analysis.time }}</td></tr>
{% if analysis.payload.vulnerabilities_count != nil %}<tr><td style="${KEY}">Vulnerabilities</td><td style="padding:3px 0;">{{ analysis.payload.vulnerabilities_count }}</td></tr>
{% endif %}{% if analysis.payload.dependencies_count != nil %}<tr><td style="${KEY}">Dependencies</td><td style="padding:3px 0;">{{ analysis.payload.dependencies_count }}</td></tr>
{% endif %}<tr><td style="${KEY}">Policies triggered</td><td style="padding:3px 0;">{{ count }}{% if blocker_count > 0 %} · <b style="color:#b42318;">{{ blocker_count }} ${BLOCKERS_WORD}</b>{% endif %}</td></tr>
</table>
</td></tr>
{% if count > 0 %}<tr><td style="padding:4px 24px 12px;">
<table role="presentation" width="100%" cellpadding="0" cellspacing="0" border="0" style="border-collapse:collapse;font-size:13px;line-height:18px;">
<tr><th align="left" style="${HEAD}">Policy name</th><th align="left" style="${HEAD}">Blocker</th><th align="left" style="${HEAD}">Dependency</th><th align="left" style="${HEAD}">Vulnerability</th></tr>
{% for p in policies %}<tr{% if p.blocker %} style="background:#fef3f2;"{% endif %}>
<td valign="top" style="${CELL}{% if p.blocker %}border-left:3px solid #b42318;{% endif %}">{{ p.policy_name }}{% if p.stage %}<br><span style="font-size:12px;color:#6b7586;">stage {{ p.stage }}</span>{% endif %}</td>
<td valign="top" style="${CELL}{% if p.blocker %}color:#b42318;font-weight:bold;{% endif %}">{% if p.blocker %}Yes{% else %}No{% endif %}</td>
<td valign="top" style="${CELL}word-break:break-word;"><span style="${MONO};">{{ p.dependency }}</span>{% if p.dependency_version %} <span style="color:#4a5568;">{{ p.dependency_version }}</span>{% endif %}</td>
<td valign="top" style="${CELL}white-space:nowrap;">{{ p.vulnerability | default: "—" }}{% if p.severity %}<br><span style="font-size:11px;font-weight:bold;text-transform:uppercase;color:${SEVERITY_COLOR};">{{ p.severity }}</span>{% endif %}</td>
</tr>
{% endfor %}</table>
</td></tr>
{% endif %}`,
    ),
  },
};

export const TEMPLATE_VARIABLES: Record<EmailTemplateKind, { name: string; description: string }[]> = {
  event: [
    { name: 'trigger.title', description: 'The trigger\'s title, e.g. "SCA Policy has been triggered"' },
    { name: 'trigger.description', description: 'What the trigger means, in one sentence' },
    { name: 'trigger.name', description: 'The trigger name, e.g. sca_policy_has_been_triggered (also event.trigger)' },
    { name: 'trigger.area', description: 'The product area: sca, osa, containers, clones, authors, repositories, secrets, ml_model or system' },
    { name: 'event.project', description: 'The project or container image the event is about; empty when it has none' },
    { name: 'event.time', description: 'When it happened, e.g. "2026-11-23 09:41 UTC"' },
    { name: 'event.created_at', description: 'When it happened, ISO 8601; format it with the date filter, e.g. {{ event.created_at | date: "%d %b %Y %H:%M" }} (UTC)' },
    { name: 'event.payload.<field>', description: 'Any payload field, e.g. event.payload.policy_name; fields differ per trigger (see the catalogue)' },
    { name: 'event.fields', description: 'The payload as a list for tables: each has key, label, value (nested values as JSON) and line ("Label: value", aligned)' },
    { name: 'event.id', description: 'Herald\'s event id' },
    { name: 'integration.name', description: 'The name of this email integration' },
  ],
  digest: [
    { name: 'subject.name', description: 'The project or container image that was analysed' },
    { name: 'subject.kind', description: '"project" or "container image"' },
    { name: 'count', description: 'How many policies triggered during the analysis' },
    { name: 'blocker_count', description: 'How many of them block the build' },
    {
      name: 'policies',
      description:
        'The triggered policies, oldest first; each has policy_name, blocker (true/false), dependency, dependency_version, vulnerability (may be empty), severity, stage, purl, trigger, created_at and time',
    },
    { name: 'analysis.time', description: 'When the analysis finished, e.g. "2026-11-23 09:41 UTC" (analysis.created_at is ISO 8601)' },
    { name: 'analysis.payload.<field>', description: 'The finished event\'s payload: vulnerabilities_count, dependencies_count, project_name or container_image_name' },
    { name: 'analysis.fields', description: 'The finished event\'s payload as a list of key, label, value and line' },
    { name: 'integration.name', description: 'The name of this email integration' },
  ],
};

// ------------------------------------------------------------------ rendering

const escapeHtml = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');

/** One line without control characters (C0, DEL, C1), capped: nothing in it can start a new header. */
export function flattenSubject(subject: string): string {
  // eslint-disable-next-line no-control-regex -- stripping control characters is the point
  const line = subject.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]+/g, ' ').replace(/\s+/g, ' ').trim();
  const chars = Array.from(line); // by code point, so the cap never splits a surrogate pair
  return chars.length > SUBJECT_MAX ? chars.slice(0, SUBJECT_MAX).join('').trimEnd() : line;
}

function appendSignature(email: RenderedEmail, signature: string): RenderedEmail {
  const sig = signature.replace(/\r\n?/g, '\n').replace(/\s+$/, '');
  if (!sig.trim()) return email;
  const block = `<div style="margin:8px auto 16px;max-width:640px;padding:12px 0 0;border-top:1px solid #dde2ea;${FONT};font-size:13px;line-height:18px;color:#4a5568;text-align:left;white-space:pre-wrap;">${escapeHtml(sig)}</div>`;
  let html: string;
  const marker = email.html.indexOf(SIGNATURE_MARKER);
  const bodyEnd = email.html.toLowerCase().lastIndexOf('</body>');
  if (marker >= 0) html = email.html.slice(0, marker) + block + email.html.slice(marker + SIGNATURE_MARKER.length);
  else if (bodyEnd >= 0) html = `${email.html.slice(0, bodyEnd)}${block}\n${email.html.slice(bodyEnd)}`;
  else html = `${email.html}\n${block}`;
  return { subject: email.subject, html, text: `${email.text}\n\n-- \n${sig}\n` };
}

async function render(kind: EmailTemplateKind, template: Partial<EmailTemplate> | null, context: object, signature: string): Promise<RenderedEmail> {
  const sourceOf = (part: TemplatePart) => {
    const custom = template?.[part];
    return custom?.trim() ? custom : DEFAULT_TEMPLATES[kind][part];
  };
  const renderOne = async (part: TemplatePart, source: string) => {
    try {
      return await renderPart(part, source, context);
    } catch (error) {
      throw new TemplateRenderError(part, explain(error));
    }
  };
  const [subject, html, text] = await Promise.all(PARTS.map((part) => renderOne(part, sourceOf(part))));
  let line = flattenSubject(subject!);
  if (!line) line = flattenSubject(await renderOne('subject', DEFAULT_TEMPLATES[kind].subject));
  // Liquid tags leave blank lines behind; a plain-text email reads better without runs of them.
  const plain = text!.replace(/[ \t]+$/gm, '').replace(/\n{3,}/g, '\n\n').trim();
  return appendSignature({ subject: line, html: html!, text: plain }, signature);
}

export function renderEventEmail(template: Partial<EmailTemplate> | null, input: EventEmailInput): Promise<RenderedEmail> {
  return render('event', template, eventContext(input), input.signature);
}

export function renderDigestEmail(template: Partial<EmailTemplate> | null, input: DigestEmailInput): Promise<RenderedEmail> {
  return render('digest', template, digestContext(input), input.signature);
}

// ------------------------------------------------------------------ validation

const FILTERS_URL = 'https://liquidjs.com/filters/overview.html';
const TAGS_URL = 'https://liquidjs.com/tags/overview.html';

/** A LiquidJS error as "line L, column C: what is wrong; how to fix it". */
function explain(error: unknown): string {
  const raw = (error instanceof Error ? error.message : String(error)).replace(/\s+/g, ' ').trim();
  const position = /,? ?line:(\d+), col:(\d+)/.exec(raw);
  const where = position ? `line ${position[1]}, column ${position[2]}: ` : '';
  const what = (position ? raw.slice(0, position.index) : raw).replace(/^ENOENT: /, '');
  let m: RegExpExecArray | null;
  let text: string;
  if ((m = /^undefined filter: (\S+)/.exec(what))) {
    text = `unknown filter "${m[1]}"; check the filter name (filters: ${FILTERS_URL})`;
  } else if ((m = /^tag "(end\w*|else|elsif|when)" not found/.exec(what))) {
    text = `{% ${m[1]} %} has no matching opening tag; remove it or add the tag it belongs to`;
  } else if ((m = /^tag "([^"]*)" not found/.exec(what))) {
    text = `unknown tag "${m[1]}"; check the tag name (tags: ${TAGS_URL})`;
  } else if ((m = /^tag (\{%-?\s*(\w+)[^]*?%\}) not closed/.exec(what))) {
    text = `${m[1]} is not closed; add {% end${m[2]} %} after its content`;
  } else if ((m = /^tag "(.*)" not closed/.exec(what))) {
    text = `the tag ${m[1]} is not closed; end it with %}`;
  } else if ((m = /^output "(.*)" not closed/.exec(what))) {
    text = `the output ${m[1]} is not closed; end it with }}`;
  } else if ((m = /^raw "(.*)" not closed/.exec(what))) {
    text = 'a {% raw %} block is not closed; add {% endraw %}';
  } else if (/Failed to lookup/.test(what)) {
    text = 'email templates cannot include other files ({% include %}, {% render %} and {% layout %} have nothing to load); put the content in this template';
  } else if (/render limit exceeded/.test(what)) {
    text = `rendering took longer than ${RENDER_LIMIT_MS / 1000} s and was stopped; avoid large or nested loops`;
  } else if (/validation budget exceeded/.test(what)) {
    text = 'rendering the sample events took too long in total and was stopped; simplify the loops so each email renders quickly';
  } else if (/memory alloc limit exceeded/.test(what)) {
    text = 'the template builds too much output or too large a range and was stopped; use smaller loops and ranges';
  } else if (/parse length limit exceeded/.test(what)) {
    text = 'the template is too long; shorten it';
  } else if ((m = /^(\w+) expect \d+ arguments?/.exec(what))) {
    text = `the filter "${m[1]}" is missing an argument; write it as {{ value | ${m[1]}: argument }} (filters: ${FILTERS_URL})`;
  } else if ((m = /^illegal tag: (.*)$/.exec(what))) {
    text = `${m[1]} is incomplete or malformed; check its syntax (tags: ${TAGS_URL})`;
  } else {
    text = `${what}; check the Liquid syntax (tags: ${TAGS_URL}, filters: ${FILTERS_URL})`;
  }
  return where + text;
}


/**
 * Parse + trial-render the template against every catalogue example (event kind) or sample digests
 * (project and image, with and without policies), so an error shows at save time, never at send time.
 * Empty parts are skipped: they use the default. Empty array = valid.
 */
export async function validateTemplate(kind: EmailTemplateKind, template: Partial<EmailTemplate>, options: { budgetMs?: number } = {}): Promise<TemplateIssue[]> {
  const budget = options.budgetMs ?? VALIDATION_BUDGET_MS;
  const contexts = kind === 'digest' ? sampleDigestInputs().map(digestContext) : catalogue.map((t) => eventContext(sampleEventInput(t.name, 'Sample integration', '')));
  const issues: TemplateIssue[] = [];
  for (const part of PARTS) {
    const source = template[part];
    if (typeof source !== 'string' || !source.trim()) continue;
    try {
      parse(part, source);
      const started = performance.now();
      for (const context of contexts) {
        const left = budget - (performance.now() - started);
        const limit = Math.min(RENDER_LIMIT_MS, left);
        try {
          if (left <= 0) throw new Error('render limit exceeded');
          await renderPart(part, source, context, limit);
        } catch (error) {
          // Cut short by what is left of the budget, not by the per-email limit: say so.
          const message = error instanceof Error ? error.message : String(error);
          if (limit < RENDER_LIMIT_MS && /render limit exceeded/.test(message)) throw new Error(message.replace(/^.*render limit exceeded/, 'validation budget exceeded'));
          throw error;
        }
      }
    } catch (error) {
      issues.push({ path: part, message: explain(error) });
    }
  }
  return issues;
}

// ------------------------------------------------------------------ samples

const SAMPLE_TIME = '2026-11-23T09:41:00.000Z';
const sampleId = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;

function subjectOf(payload: Record<string, unknown>): string | null {
  const key = [payload.project_name, payload.container_image_name, payload.project_id, payload.container_image_id].find((v) => v !== undefined && v !== null && v !== '');
  return key === undefined ? null : String(key);
}

/** A catalogue example as an event; an unknown trigger gets an empty payload. */
export function sampleEventInput(trigger: string, integration_name: string, signature: string): EventEmailInput {
  const payload = structuredClone(findTrigger(trigger)?.example ?? {});
  return { event: { id: sampleId(1), trigger, created_at: SAMPLE_TIME, project: subjectOf(payload), payload }, integration_name, signature };
}

function policyEvent(n: number, trigger: string, project: string | null, payload: Record<string, unknown>): EventForTemplate {
  // Policies arrive during the scan, a minute apart, before the finish.
  const created_at = new Date(Date.parse(SAMPLE_TIME) - (10 - n) * 60_000).toISOString();
  return { id: sampleId(100 + n), trigger, created_at, project, payload };
}

function digestSample(image: boolean, integration_name: string, signature: string): DigestEmailInput {
  const finished = image ? 'container_image_sca_analysis_finished' : 'project_sca_analysis_finished';
  const analysisPayload = structuredClone(findTrigger(finished)!.example);
  const subject = subjectOf(analysisPayload);
  const base = structuredClone(findTrigger('sca_policy_has_been_triggered')!.example);
  delete base.project_id;
  delete base.project_name;
  const where = image
    ? { container_image_id: analysisPayload.container_image_id, container_image_name: analysisPayload.container_image_name }
    : { project_id: analysisPayload.project_id, project_name: analysisPayload.project_name };
  const licence: Record<string, unknown> = { ...base, ...where, alert_id: 48214, policy_id: 9, policy_name: 'No copyleft licenses', blocker: false, dependency: 'com.github.jnr:jnr-posix', dependency_version: '3.1.15', purl: 'pkg:maven/com.github.jnr/jnr-posix@3.1.15' };
  delete licence.vulnerability; // a licence policy has no vulnerability
  delete licence.severity;
  const policies = [
    policyEvent(1, 'sca_policy_has_been_triggered', subject, { ...base, ...where }),
    policyEvent(2, 'sca_policy_has_been_triggered', subject, licence),
    policyEvent(3, 'sca_policy_has_been_triggered', subject, {
      ...base,
      ...where,
      alert_id: 48215,
      policy_id: 11,
      policy_name: 'Warn on high-severity CVEs',
      blocker: false,
      dependency: 'com.fasterxml.jackson.core:jackson-databind',
      dependency_version: '2.9.10.1',
      vulnerability: 'CVE-2020-8840',
      severity: 'high',
      purl: 'pkg:maven/com.fasterxml.jackson.core/jackson-databind@2.9.10.1',
    }),
  ];
  return { analysis: { id: sampleId(200), trigger: finished, created_at: SAMPLE_TIME, project: subject, payload: analysisPayload }, policies, integration_name, signature };
}

/** A project's finished scan with three policies: one blocker, one without a vulnerability. */
export function sampleDigestInput(integration_name: string, signature: string): DigestEmailInput {
  return digestSample(false, integration_name, signature);
}

/** The digests validation renders: project and image, with and without policies. */
function sampleDigestInputs(): DigestEmailInput[] {
  const project = digestSample(false, 'Sample integration', '');
  const image = digestSample(true, 'Sample integration', '');
  return [project, image, { ...project, policies: [] }];
}

/**
 * One plain-text template against one event, with the same context, limits and cache as the
 * per-event email: Jira summaries and descriptions. Throws the LiquidJS error as is.
 */
export function renderEventText(source: string, input: EventEmailInput): Promise<string> {
  return renderPart('text', source, eventContext(input));
}

/** Checks a plain-text event template against every catalogue example; messages as validateTemplate's. */
export async function validateEventText(source: string): Promise<string | null> {
  const issues = await validateTemplate('event', { text: source });
  return issues[0]?.message ?? null;
}

// ------------------------------------------------------------------ escaped outputs (chat markup, gateway bodies)

type Escape = (value: unknown) => string;
const escapedEngines = new Map<Escape, Liquid>();
function escapedEngine(escape: Escape): Liquid {
  let engine = escapedEngines.get(escape);
  if (!engine) escapedEngines.set(escape, (engine = new Liquid({ ...OPTIONS, outputEscape: escape })));
  return engine;
}

/**
 * A template whose every `{{ output }}` is escaped for where it lands (Telegram HTML, an SMS
 * gateway's JSON or form body), under the same limits as the emails. Throws the LiquidJS error.
 */
export async function renderEscaped(source: string, context: object, escape: Escape): Promise<string> {
  return String(await escapedEngine(escape).parseAndRender(source, context, { renderLimit: RENDER_LIMIT_MS }));
}

/** renderEscaped with the event context every event template gets. */
export function renderEventEscaped(source: string, input: EventEmailInput, escape: Escape): Promise<string> {
  return renderEscaped(source, eventContext(input), escape);
}

/** A non-event template checked against one sample context; the message as validateTemplate's, or null. */
export async function validateEscaped(source: string, context: object, escape: Escape): Promise<string | null> {
  try {
    await renderEscaped(source, context, escape);
    return null;
  } catch (error) {
    return explain(error);
  }
}
