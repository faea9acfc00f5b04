import type { ReportFrequency } from '../../contract/index.js';
import { triggerTitle, type ReportData } from './content.js';

/**
 * The report email: HTML that real mail clients show (tables and inline styles only; no
 * JavaScript, SVG or remote images, which Gmail and Outlook strip or block), a plain-text part
 * and a CSV with one row per count (RFC 4180, UTF-8 with a BOM so Excel reads Cyrillic).
 */

export type ReportLanguage = 'en' | 'ru';

const WORDS = {
  en: {
    kind: { daily: 'daily', weekly: 'weekly', monthly: 'monthly' },
    subject: (kind: string, range: string) => `Herald ${kind} report · ${range}`,
    preview: 'Preview',
    heading: (name: string) => name,
    periodLine: (range: string, zone: string) => `Period: ${range} (${zone})`,
    events: 'Events',
    eventsTotal: (n: string, count: number) => `${n} ${count === 1 ? 'event' : 'events'} in the period`,
    perDay: 'Events per day',
    byTrigger: 'Events by trigger',
    byProject: 'Events by project',
    trigger: 'Trigger',
    project: 'Project',
    noProject: '(no project)',
    count: 'Count',
    policies: 'Triggered policies',
    policy: 'Policy',
    blocker: 'Blocker',
    yes: 'yes',
    no: 'no',
    alerts: 'Alerts',
    projects: 'Projects',
    findings: 'Vulnerabilities',
    severity: 'Worst severity',
    noPolicies: 'No policy fired in this period.',
    failures: 'Failed deliveries',
    integration: 'Integration',
    failedAttempts: 'Failed attempts',
    deadLetters: 'Dead letters',
    lastError: 'Last error',
    noFailures: 'Every delivery in this period went through.',
    health: 'Integration health',
    state: 'State',
    states: { active: 'active', failing: 'failing', disabled: 'disabled' },
    attempts: 'Attempts',
    success: 'Success',
    p95: 'p95 latency',
    pending: 'Queued',
    noIntegrations: 'No integrations are set up.',
    noEvents: 'No events in this period.',
    footer: (name: string, integration: string) => `Sent by Herald for the report "${name}" through ${integration}. Change or switch it off on the Reports screen.`,
    attachment: 'The attached CSV has every figure of this report.',
  },
  ru: {
    kind: { daily: 'ежедневный', weekly: 'еженедельный', monthly: 'ежемесячный' },
    subject: (kind: string, range: string) => `Herald: ${kind} отчёт · ${range}`,
    preview: 'Предпросмотр',
    heading: (name: string) => name,
    periodLine: (range: string, zone: string) => `Период: ${range} (${zone})`,
    events: 'События',
    eventsTotal: (n: string, _count: number) => `Событий за период: ${n}`,
    perDay: 'События по дням',
    byTrigger: 'События по триггерам',
    byProject: 'События по проектам',
    trigger: 'Триггер',
    project: 'Проект',
    noProject: '(без проекта)',
    count: 'Количество',
    policies: 'Сработавшие политики',
    policy: 'Политика',
    blocker: 'Блокирующая',
    yes: 'да',
    no: 'нет',
    alerts: 'Срабатываний',
    projects: 'Проекты',
    findings: 'Уязвимости',
    severity: 'Наивысшая критичность',
    noPolicies: 'За период не сработала ни одна политика.',
    failures: 'Недоставленные',
    integration: 'Интеграция',
    failedAttempts: 'Неудачных попыток',
    deadLetters: 'Недоставлено',
    lastError: 'Последняя ошибка',
    noFailures: 'Все доставки за период прошли успешно.',
    health: 'Состояние интеграций',
    state: 'Состояние',
    states: { active: 'работает', failing: 'сбои', disabled: 'отключена' },
    attempts: 'Попыток',
    success: 'Успешно',
    p95: 'Задержка p95',
    pending: 'В очереди',
    noIntegrations: 'Интеграции не настроены.',
    noEvents: 'За период событий не было.',
    footer: (name: string, integration: string) => `Отправлено Herald по отчёту «${name}» через «${integration}». Изменить или отключить отчёт можно на экране «Отчёты».`,
    attachment: 'В приложенном CSV — все цифры этого отчёта.',
  },
} as const;

export interface RenderInput {
  name: string;
  frequency: ReportFrequency;
  integration_name: string;
  language: ReportLanguage;
  preview: boolean;
  data: ReportData;
}

export interface RenderedReport {
  subject: string;
  html: string;
  text: string;
  csv: string;
  filename: string;
}

const LOCALE: Record<ReportLanguage, string> = { en: 'en-GB', ru: 'ru-RU' };

/** "23–29 Nov 2026": the calendar days the period touches (its end is exclusive). */
export function periodRange(data: Pick<ReportData, 'from' | 'to' | 'zone'>, language: ReportLanguage): string {
  const f = new Intl.DateTimeFormat(LOCALE[language], { day: 'numeric', month: 'short', year: 'numeric', timeZone: data.zone });
  const last = Math.max(data.from, data.to - 1);
  // ICU puts (thin) spaces around the dash; days of one month read better closed up: "23–29 Nov 2026".
  return f
    .formatRange(new Date(data.from), new Date(last))
    .replace(/\s*–\s*/g, ' – ')
    .replace(/(\d) – (\d)/g, '$1–$2');
}

function periodDetail(data: ReportData, language: ReportLanguage): string {
  const f = new Intl.DateTimeFormat(LOCALE[language], { day: 'numeric', month: 'short', year: 'numeric', hour: '2-digit', minute: '2-digit', timeZone: data.zone });
  return `${f.format(new Date(data.from))} – ${f.format(new Date(data.to))}`;
}

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

export function renderReport(input: RenderInput): RenderedReport {
  const w = WORDS[input.language];
  const { data } = input;
  const num = new Intl.NumberFormat(LOCALE[input.language]);
  const n = (v: number) => num.format(v);
  const pct = (v: number | null) => (v === null ? '—' : `${n(Math.round(v * 100))} %`);
  const ms = (v: number | null) => (v === null ? '—' : v >= 1000 ? `${(v / 1000).toFixed(1)} s` : `${v} ms`);
  const range = periodRange(data, input.language);
  const subject = `${input.preview ? `[${w.preview}] ` : ''}${w.subject(w.kind[input.frequency], range)}`;
  const dayLabel = (date: string) => new Intl.DateTimeFormat(LOCALE[input.language], { weekday: 'short', day: 'numeric', month: 'short', timeZone: 'UTC' }).format(new Date(`${date}T12:00:00Z`));
  const projectName = (p: string | null) => p ?? w.noProject;

  // ---- HTML
  const cell = 'padding:6px 10px;border-bottom:1px solid #e3e6ea;text-align:left;vertical-align:top;font-size:14px;';
  const num_ = `${cell}text-align:right;white-space:nowrap;`;
  const head = 'padding:6px 10px;border-bottom:2px solid #c9ced6;text-align:left;font-size:12px;color:#4a5462;text-transform:uppercase;letter-spacing:0.03em;';
  const table = (headers: string[], rows: string[][], numeric: number[] = []) =>
    `<table role="presentation" width="100%" cellpadding="0" cellspacing="0" style="border-collapse:collapse;margin:0 0 20px 0;">` +
    `<tr>${headers.map((h, i) => `<th style="${head}${numeric.includes(i) ? 'text-align:right;' : ''}">${esc(h)}</th>`).join('')}</tr>` +
    rows.map((r) => `<tr>${r.map((c, i) => `<td style="${numeric.includes(i) ? num_ : cell}">${c}</td>`).join('')}</tr>`).join('') +
    `</table>`;
  const h2 = (text: string) => `<h2 style="font-size:17px;margin:24px 0 8px 0;color:#1b2330;">${esc(text)}</h2>`;
  const muted = (text: string) => `<p style="margin:0 0 20px 0;color:#4a5462;font-size:14px;">${esc(text)}</p>`;

  // The chart: one row per day, the bar a nested table cell with a background colour (works in Outlook's Word engine too).
  const max = Math.max(1, ...data.by_day.map((d) => d.count));
  const chart =
    `<table role="presentation" width="100%" cellpadding="0" cellspacing="0" style="border-collapse:collapse;margin:0 0 20px 0;">` +
    data.by_day
      .map((d) => {
        const width = d.count === 0 ? 0 : Math.max(2, Math.round((d.count / max) * 100));
        const bar = width
          ? `<table role="presentation" width="${width}%" cellpadding="0" cellspacing="0" style="border-collapse:collapse;"><tr><td bgcolor="#2f6fdb" height="14" style="background:#2f6fdb;height:14px;font-size:0;line-height:0;">&nbsp;</td></tr></table>`
          : '';
        return `<tr><td style="padding:3px 10px 3px 0;font-size:13px;color:#4a5462;white-space:nowrap;width:110px;">${esc(dayLabel(d.date))}</td><td style="padding:3px 0;">${bar}</td><td style="padding:3px 0 3px 10px;font-size:13px;text-align:right;white-space:nowrap;width:48px;">${n(d.count)}</td></tr>`;
      })
      .join('') +
    `</table>`;

  const policyRows = data.policies.map((p) => [
    esc(p.policy_name),
    p.blocker ? `<span style="color:#b42318;font-weight:600;">${esc(w.yes)}</span>` : esc(w.no),
    n(p.alerts),
    esc(p.projects.join(', ') || '—'),
    esc(p.vulnerabilities.join(', ') || '—'),
    esc(p.worst_severity ?? '—'),
  ]);
  const failureRows = data.failures.map((f) => [esc(f.integration_name), n(f.failed_attempts), n(f.dead_letters), esc(f.last_error ?? '—')]);
  const healthRows = data.health.map((h) => [
    esc(h.integration_name),
    `<span style="color:${h.state === 'active' ? '#157f3b' : h.state === 'failing' ? '#b54708' : '#4a5462'};font-weight:600;">${esc(w.states[h.state])}</span>`,
    n(h.attempts),
    pct(h.success_rate),
    ms(h.latency_p95_ms),
    n(h.pending),
    n(h.dead_letters),
  ]);

  const html =
    `<!doctype html><html lang="${input.language}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><title>${esc(subject)}</title></head>` +
    `<body style="margin:0;padding:0;background:#f3f5f8;">` +
    `<table role="presentation" width="100%" cellpadding="0" cellspacing="0" bgcolor="#f3f5f8" style="background:#f3f5f8;"><tr><td align="center" style="padding:24px 12px;">` +
    `<table role="presentation" width="680" cellpadding="0" cellspacing="0" bgcolor="#ffffff" style="width:100%;max-width:680px;background:#ffffff;border:1px solid #e3e6ea;border-radius:8px;font-family:-apple-system,'Segoe UI',Roboto,Arial,sans-serif;color:#1b2330;">` +
    `<tr><td style="padding:24px 28px;">` +
    (input.preview ? `<p style="margin:0 0 12px 0;display:inline-block;padding:2px 8px;border-radius:4px;background:#fff4e5;color:#8a4b00;font-size:12px;font-weight:600;">${esc(w.preview)}</p>` : '') +
    `<h1 style="font-size:21px;margin:0 0 4px 0;">${esc(w.heading(input.name))}</h1>` +
    muted(w.periodLine(periodDetail(data, input.language), data.zone)) +
    `<p style="margin:0 0 8px 0;font-size:28px;font-weight:700;">${n(data.total_events)}</p>` +
    muted(w.eventsTotal(n(data.total_events), data.total_events)) +
    h2(w.perDay) +
    chart +
    h2(w.byTrigger) +
    (data.by_trigger.length ? table([w.trigger, w.count], data.by_trigger.map((r) => [esc(triggerTitle(r.trigger, input.language)), n(r.count)]), [1]) : muted(w.noEvents)) +
    h2(w.byProject) +
    (data.by_project.length ? table([w.project, w.count], data.by_project.map((r) => [esc(projectName(r.project)), n(r.count)]), [1]) : muted(w.noEvents)) +
    h2(w.policies) +
    (policyRows.length ? table([w.policy, w.blocker, w.alerts, w.projects, w.findings, w.severity], policyRows, [2]) : muted(w.noPolicies)) +
    h2(w.failures) +
    (failureRows.length ? table([w.integration, w.failedAttempts, w.deadLetters, w.lastError], failureRows, [1, 2]) : muted(w.noFailures)) +
    h2(w.health) +
    (healthRows.length ? table([w.integration, w.state, w.attempts, w.success, w.p95, w.pending, w.deadLetters], healthRows, [2, 3, 4, 5, 6]) : muted(w.noIntegrations)) +
    `<p style="margin:24px 0 0 0;color:#6b7480;font-size:12px;">${esc(w.attachment)}<br>${esc(w.footer(input.name, input.integration_name))}</p>` +
    `</td></tr></table></td></tr></table></body></html>`;

  // ---- plain text
  const lines: string[] = [];
  const section = (name: string) => lines.push('', name, '-'.repeat(name.length));
  if (input.preview) lines.push(`[${w.preview}]`);
  lines.push(input.name, w.periodLine(periodDetail(data, input.language), data.zone), w.eventsTotal(n(data.total_events), data.total_events));
  section(w.perDay);
  for (const d of data.by_day) lines.push(`${dayLabel(d.date).padEnd(16)} ${'#'.repeat(d.count === 0 ? 0 : Math.max(1, Math.round((d.count / max) * 30))).padEnd(30)} ${n(d.count)}`);
  section(w.byTrigger);
  if (!data.by_trigger.length) lines.push(w.noEvents);
  for (const r of data.by_trigger) lines.push(`${n(r.count).padStart(6)}  ${triggerTitle(r.trigger, input.language)}`);
  section(w.byProject);
  if (!data.by_project.length) lines.push(w.noEvents);
  for (const r of data.by_project) lines.push(`${n(r.count).padStart(6)}  ${projectName(r.project)}`);
  section(w.policies);
  if (!data.policies.length) lines.push(w.noPolicies);
  for (const p of data.policies) {
    lines.push(`${n(p.alerts).padStart(6)}  ${p.policy_name} · ${w.blocker}: ${p.blocker ? w.yes : w.no}${p.worst_severity ? ` · ${p.worst_severity}` : ''}`);
    if (p.projects.length) lines.push(`        ${w.projects}: ${p.projects.join(', ')}`);
    if (p.vulnerabilities.length) lines.push(`        ${w.findings}: ${p.vulnerabilities.join(', ')}`);
  }
  section(w.failures);
  if (!data.failures.length) lines.push(w.noFailures);
  for (const f of data.failures) {
    lines.push(`${f.integration_name}: ${w.failedAttempts} ${n(f.failed_attempts)}, ${w.deadLetters} ${n(f.dead_letters)}`);
    if (f.last_error) lines.push(`        ${w.lastError}: ${f.last_error}`);
  }
  section(w.health);
  if (!data.health.length) lines.push(w.noIntegrations);
  for (const h of data.health) {
    lines.push(`${h.integration_name} (${w.states[h.state]}): ${w.attempts} ${n(h.attempts)}, ${w.success} ${pct(h.success_rate)}, ${w.p95} ${ms(h.latency_p95_ms)}, ${w.pending} ${n(h.pending)}, ${w.deadLetters} ${n(h.dead_letters)}`);
  }
  lines.push('', '-- ', w.attachment, w.footer(input.name, input.integration_name));
  const text = lines.join('\n');

  return { subject, html, text, csv: reportCsv(data), filename: `herald-${input.frequency}-report-${isoDate(data.from, data.zone)}.csv` };
}

function isoDate(ms: number, zone: string): string {
  return new Intl.DateTimeFormat('en-CA', { year: 'numeric', month: '2-digit', day: '2-digit', timeZone: zone }).format(new Date(ms));
}

/** RFC 4180: a field with a comma, quote or line break is quoted, quotes doubled; CRLF between records. */
export function csvField(value: string | number): string {
  const s = String(value);
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** One row per count, machine-readable names (Excel filters by section); the BOM makes Excel read UTF-8. */
export function reportCsv(data: ReportData): string {
  const rows: (string | number)[][] = [['section', 'name', 'detail', 'count']];
  const period = `${new Date(data.from).toISOString()}/${new Date(data.to).toISOString()}`;
  rows.push(['period', data.zone, period, data.total_events]);
  for (const d of data.by_day) rows.push(['events_by_day', d.date, '', d.count]);
  for (const r of data.by_trigger) rows.push(['events_by_trigger', r.trigger, triggerTitle(r.trigger, 'en'), r.count]);
  for (const r of data.by_project) rows.push(['events_by_project', r.project ?? '', '', r.count]);
  for (const p of data.policies) rows.push(['policy_alerts', p.policy_name, `blocker=${p.blocker}; projects=${p.projects.join(', ')}; vulnerabilities=${p.vulnerabilities.join(', ')}`, p.alerts]);
  for (const f of data.failures) {
    rows.push(['failed_attempts', f.integration_name, f.last_error ?? '', f.failed_attempts]);
    rows.push(['dead_letters', f.integration_name, '', f.dead_letters]);
  }
  for (const h of data.health) {
    rows.push(['health_attempts', h.integration_name, h.state, h.attempts]);
    rows.push(['health_delivered', h.integration_name, h.state, h.delivered]);
    rows.push(['health_failed', h.integration_name, h.state, h.failed]);
    rows.push(['health_pending', h.integration_name, h.state, h.pending]);
    rows.push(['health_dead_letters', h.integration_name, h.state, h.dead_letters]);
  }
  return '\uFEFF' + rows.map((r) => r.map(csvField).join(',')).join('\r\n') + '\r\n';
}
