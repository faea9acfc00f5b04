import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { findTrigger } from '../../main/contract/catalogue.js';
import { EmailInputSchema, type Integration, type LogEntry, type Report, type ReportInput } from '../../main/contract/index.js';
import { VirtualClock } from '../../main/engine/clock.js';
import type { Engine } from '../../main/engine/engine.js';
import { invoke } from '../../main/engine/invoke.js';
import { csvField } from '../../main/engine/reports/render.js';
import { instantOf, nextRun, periodOf } from '../../main/engine/reports/schedule.js';
import { closedPort } from '../support/receiver.js';
import { SMTP_PASSWORD, SMTP_USER, SmtpSink } from '../support/smtp.js';
import { advance, tempDir, virtualEngine } from '../support/world.js';

/**
 * Seed 003's scheduled reports: on the virtual clock, through a real SMTP server, parsed with
 * mailparser. The acceptance test: a weekly report arrives at exactly the right time with the
 * right counts, in HTML, plain text and a CSV attachment.
 */

const BERLIN = 'Europe/Berlin';
const WEEKLY_MONDAY_9 = { frequency: 'weekly', time: '09:00', weekday: 1 } as const;

describe('scheduled reports (seed 003)', () => {
  let dir: ReturnType<typeof tempDir>;
  let engine: Engine;
  let clock: VirtualClock;
  let smtp: SmtpSink;

  beforeEach(async () => {
    dir = tempDir();
    // Sunday 15 Nov 2026, 13:00 in Berlin: the week before the report's period starts.
    ({ engine, clock } = virtualEngine(dir.path, new VirtualClock('2026-11-15T12:00:00Z')));
    smtp = await SmtpSink.start({ auth: true });
  });
  afterEach(async () => {
    await engine.close();
    await smtp.close();
    dir.remove();
  });

  const emailIntegration = async (password = SMTP_PASSWORD): Promise<Integration> =>
    engine.handlers['integrations.create'](
      EmailInputSchema.parse({
        kind: 'email',
        name: 'Report mail',
        is_active: true,
        settings: {
          host: '127.0.0.1',
          port: smtp.port,
          security: 'none',
          auth: true,
          username: SMTP_USER,
          from_address: 'herald@example.com',
          from_name: 'Herald reports',
          reply_to: 'secops@example.com',
          connection_timeout_ms: 3000,
          greeting_timeout_ms: 2000,
        },
        secrets: { password },
      }),
    );

  async function createReport(input: Partial<ReportInput> & { integration_id: string }): Promise<Report> {
    const result = await invoke(engine.handlers, 'reports.create', { name: 'Weekly security summary', recipients: ['ciso@example.com', 'SecOps@Example.com'], schedule: WEEKLY_MONDAY_9, timezone: BERLIN, ...input });
    if (!result.ok) throw new Error(result.error.message);
    return result.value;
  }

  const example = (trigger: string) => structuredClone(findTrigger(trigger)!.example);
  const fire = (trigger: string, payload: Record<string, unknown>) => engine.fireEvent({ trigger, payload }, 'api');
  const policy = (name: string, blocker: boolean, vulnerability: string | undefined, severity: string | undefined) => ({
    ...example('sca_policy_has_been_triggered'),
    policy_name: name,
    blocker,
    vulnerability,
    severity,
  });
  const notices = () =>
    engine.repo
      .logPage(undefined, 1000)
      .filter((e): e is Extract<LogEntry, { type: 'notice' }> & { seq: number } => e.type === 'notice')
      .map((e) => e.message);

  async function waitForMessages(count: number): Promise<void> {
    await engine.reports.idle();
    const until = Date.now() + 5000;
    while (smtp.messages.length < count && Date.now() < until) await new Promise((r) => setTimeout(r, 20));
    expect(smtp.messages).toHaveLength(count);
  }

  it('acceptance: a weekly report (Monday 09:00 Berlin) arrives at exactly 09:00 with the right counts in HTML, text and CSV', async () => {
    const mail = await emailIntegration();
    const report = await createReport({ integration_id: mail.id });
    // Monday 16 Nov, 09:00 in Berlin (CET, UTC+1).
    expect(report.next_due_at).toBe('2026-11-16T08:00:00.000Z');

    // Sunday: in the first report's period (9–16 Nov), not in the second's.
    fire('project_sca_analysis_started', { project_id: 112, project_name: 'payments-api' });
    await advance(engine, clock, Date.parse('2026-11-16T08:00:00Z') - clock.now());
    await waitForMessages(1);
    expect(smtp.messages[0]!.mail.subject).toBe('Herald weekly report · 9–16 Nov 2026');
    expect(smtp.messages[0]!.mail.text).toContain('1 event in the period');
    expect(engine.reports.list()[0]!.next_due_at).toBe('2026-11-23T08:00:00.000Z');

    // Tuesday 17 Nov: a scan of payments-api with three policy alerts, and a webhook that cannot be reached.
    await advance(engine, clock, Date.parse('2026-11-17T10:00:00Z') - clock.now());
    const webhook = engine.createIntegration({
      kind: 'webhook',
      name: 'SIEM intake',
      is_active: true,
      settings: { url: `http://127.0.0.1:${await closedPort()}/intake`, projects: [], events: ['sca_policy_has_been_triggered'], token_header: 'X-Herald-Authentication' },
      secrets: {},
      policy: { batch_window_ms: 0, retry: { preset: 'custom', custom_ms: [1000] }, auto_disable: { preset: 'exhausted', window_ms: 43_200_000, failure_ratio: 0.6, min_attempts: 10 } },
    });
    fire('sca_policy_has_been_triggered', policy('Block critical CVEs in production', true, 'CVE-2021-44228', 'critical'));
    fire('sca_policy_has_been_triggered', policy('Block critical CVEs in production', true, 'CVE-2021-45046', 'critical'));
    fire('sca_policy_has_been_triggered', policy('No copyleft licenses', false, undefined, undefined));
    fire('project_sca_analysis_finished', example('project_sca_analysis_finished'));
    fire('project_sca_analysis_started', { project_id: 87, project_name: 'customer-portal' });
    // Two failed attempts (the first and its one retry), then three dead letters and an auto-disable.
    await advance(engine, clock, 0);
    await advance(engine, clock, 1000);
    expect(engine.getIntegration(webhook.id).health).toMatchObject({ state: 'disabled', dead_letters: 3 });

    // Friday 20 Nov: an OSA alert without a project.
    await advance(engine, clock, Date.parse('2026-11-20T15:00:00Z') - clock.now());
    fire('osa_policy_has_been_triggered', example('osa_policy_has_been_triggered'));

    // One millisecond before Monday 09:00: nothing yet.
    await advance(engine, clock, Date.parse('2026-11-23T08:00:00Z') - 1 - clock.now());
    await engine.reports.idle();
    expect(smtp.messages).toHaveLength(1);
    clock.advance(1);
    await waitForMessages(2);

    const { envelope, mail: parsed } = smtp.messages[1]!;
    expect(parsed.date?.toISOString()).toBe('2026-11-23T08:00:00.000Z');
    expect(envelope.to.sort()).toEqual(['ciso@example.com', 'secops@example.com']);
    expect(parsed.from?.value[0]).toMatchObject({ name: 'Herald reports', address: 'herald@example.com' });
    expect(parsed.subject).toBe('Herald weekly report · 16–23 Nov 2026');

    // Plain text: the counts, the blockers, the failures.
    const text = parsed.text ?? '';
    expect(text).toContain('7 events in the period');
    expect(text).toMatch(/^\s+3 {2}SCA Policy has been triggered$/m);
    expect(text).toMatch(/^\s+4 {2}payments-api$/m);
    expect(text).toMatch(/^\s+2 {2}Block critical CVEs in production · Blocker: yes · critical$/m);
    expect(text).toContain('Vulnerabilities: CVE-2021-44228, CVE-2021-45046');
    expect(text).toMatch(/^\s+1 {2}No copyleft licenses · Blocker: no$/m);
    expect(text).toContain('SIEM intake: Failed attempts 2, Dead letters 3');
    expect(text).toMatch(/SIEM intake \(disabled\): Attempts 2, Success 0 %/);

    // HTML: a table chart with one row per Berlin day of the period (16–23 Nov), no script, SVG or remote image.
    const html = parsed.html || '';
    expect(html).toContain('Block critical CVEs in production');
    expect(html).toContain('Events per day');
    for (const day of ['Mon 16 Nov', 'Tue 17 Nov', 'Fri 20 Nov', 'Mon 23 Nov']) expect(html).toContain(day);
    expect(html.match(/bgcolor="#2f6fdb"/g)).toHaveLength(2); // bars for the two days with events
    expect(html).not.toMatch(/<script|<svg|<img/i);

    // CSV: UTF-8 BOM, RFC 4180, one row per count.
    const attachment = parsed.attachments.find((a) => a.filename === 'herald-weekly-report-2026-11-16.csv')!;
    expect(attachment.contentType).toBe('text/csv');
    expect([...attachment.content.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const csv = attachment.content.toString('utf8').slice(1);
    const rows = csv.trimEnd().split('\r\n');
    expect(rows[0]).toBe('section,name,detail,count');
    expect(rows).toContain('period,Europe/Berlin,2026-11-16T08:00:00.000Z/2026-11-23T08:00:00.000Z,7');
    expect(rows).toContain('events_by_trigger,sca_policy_has_been_triggered,SCA Policy has been triggered,3');
    expect(rows).toContain('events_by_trigger,integration_auto_disabled,Integration disabled automatically,1');
    expect(rows).toContain('events_by_trigger,osa_policy_has_been_triggered,OSA Policy has been triggered,1');
    expect(rows).not.toContain('events_by_trigger,project_sca_analysis_started,Project SCA analysis started,2');
    expect(rows).toContain('events_by_trigger,project_sca_analysis_started,Project SCA analysis started,1');
    expect(rows).toContain('events_by_project,payments-api,,4');
    expect(rows).toContain('events_by_project,,,2');
    expect(rows).toContain('events_by_day,2026-11-17,,6');
    expect(rows).toContain('policy_alerts,Block critical CVEs in production,"blocker=true; projects=payments-api; vulnerabilities=CVE-2021-44228, CVE-2021-45046",2');
    expect(rows).toContain('failed_attempts,SIEM intake,' + csvField(engine.getIntegration(webhook.id).health.last_error!) + ',2');
    expect(rows).toContain('dead_letters,SIEM intake,,3');

    // The schedule moved on a week; the live log says it was sent.
    const [after] = engine.reports.list();
    expect(after).toMatchObject({ last_sent_at: '2026-11-23T08:00:00.000Z', last_error: null, next_due_at: '2026-11-30T08:00:00.000Z' });
    expect(notices()).toContain('Report "Weekly security summary" sent through Report mail to 2 recipient(s)');

    // Only once: a day later still two messages.
    await advance(engine, clock, 86_400_000);
    await engine.reports.idle();
    expect(smtp.messages).toHaveLength(2);
  });

  it('CSV fields are quoted as RFC 4180 says', () => {
    expect(csvField('plain')).toBe('plain');
    expect(csvField('a,b')).toBe('"a,b"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField('two\nlines')).toBe('"two\nlines"');
    expect(csvField(12)).toBe('12');
  });

  it('computes daily, weekly and monthly runs in the report\'s zone, across month ends and DST', async () => {
    const at = (iso: string) => Date.parse(iso);
    const daily = { frequency: 'daily', time: '09:00', weekday: 1, day: 1 } as const;
    // Berlin springs forward on 29 Mar 2026: 09:00 is 08:00Z before, 07:00Z after.
    expect(new Date(nextRun(daily, BERLIN, at('2026-03-28T08:00:00Z'))).toISOString()).toBe('2026-03-29T07:00:00.000Z');
    expect(new Date(nextRun(daily, BERLIN, at('2026-03-27T08:00:00Z'))).toISOString()).toBe('2026-03-28T08:00:00.000Z');
    // The daily period across the jump is 23 hours long.
    const period = periodOf(daily, BERLIN, at('2026-03-29T07:00:00Z'), false);
    expect(period.to - period.from).toBe(23 * 3_600_000);
    // 02:30 does not exist that day: it runs at 03:30 CEST; on 25 Oct it happens twice: the first.
    expect(new Date(instantOf({ year: 2026, month: 3, day: 29, hour: 2, minute: 30 }, BERLIN)).toISOString()).toBe('2026-03-29T01:30:00.000Z');
    expect(new Date(instantOf({ year: 2026, month: 10, day: 25, hour: 2, minute: 30 }, BERLIN)).toISOString()).toBe('2026-10-25T00:30:00.000Z');
    // Last day of the month: February (28 days in 2026), then 31 March; the 28th always exists.
    const last = { frequency: 'monthly', time: '18:00', weekday: 1, day: 'last' } as const;
    expect(new Date(nextRun(last, BERLIN, at('2026-01-31T18:00:00Z'))).toISOString()).toBe('2026-02-28T17:00:00.000Z');
    expect(new Date(nextRun(last, BERLIN, at('2026-02-28T17:00:00Z'))).toISOString()).toBe('2026-03-31T16:00:00.000Z');
    expect(new Date(nextRun({ ...last, day: 28 }, BERLIN, at('2026-02-28T17:00:00Z'))).toISOString()).toBe('2026-03-28T17:00:00.000Z');
    // Weekly on Sunday in New York across its own DST change (1 Nov 2026).
    const sunday = { frequency: 'weekly', time: '07:30', weekday: 7, day: 1 } as const;
    expect(new Date(nextRun(sunday, 'America/New_York', at('2026-10-26T00:00:00Z'))).toISOString()).toBe('2026-11-01T12:30:00.000Z');

    // The engine stores the same.
    const mail = await emailIntegration();
    const monthly = await createReport({ integration_id: mail.id, name: 'Monthly', schedule: { frequency: 'monthly', time: '09:00', day: 'last' } });
    expect(monthly.next_due_at).toBe('2026-11-30T08:00:00.000Z');
    const daily9 = await createReport({ integration_id: mail.id, name: 'Daily', schedule: { frequency: 'daily', time: '09:00' } });
    expect(daily9.next_due_at).toBe('2026-11-16T08:00:00.000Z');
    // Without a zone, the machine's own.
    const local = await createReport({ integration_id: mail.id, name: 'Local', schedule: { frequency: 'daily', time: '09:00' }, timezone: undefined });
    expect(local.timezone).toBe(Intl.DateTimeFormat().resolvedOptions().timeZone);
  });

  it('Send now sends a preview to the same recipients without moving the schedule, and returns the SMTP reply', async () => {
    const mail = await emailIntegration();
    const report = await createReport({ integration_id: mail.id });
    fire('sca_policy_has_been_triggered', example('sca_policy_has_been_triggered'));
    await advance(engine, clock, 60_000);

    const result = await invoke(engine.handlers, 'reports.sendNow', { id: report.id });
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.value).toMatchObject({ delivered: true, error: null, accepted: ['ciso@example.com', 'secops@example.com'], rejected: [] });
    expect(result.value.server_reply).toMatch(/^250 /);
    expect(result.value.subject).toBe('[Preview] Herald weekly report · 8–15 Nov 2026');
    expect(result.value.report).toMatchObject({ next_due_at: report.next_due_at, last_sent_at: null });
    expect(smtp.messages).toHaveLength(1);
    expect(smtp.messages[0]!.mail.subject).toBe('[Preview] Herald weekly report · 8–15 Nov 2026');
    expect(smtp.messages[0]!.mail.text).toContain('1 event in the period');
    expect(notices()).toContain('Preview of report "Weekly security summary" sent through Report mail to 2 recipient(s)');

    // In Russian when the console is in Russian: the subject, the text, Cyrillic in the CSV.
    await invoke(engine.handlers, 'settings.update', { language: 'ru' });
    await invoke(engine.handlers, 'reports.sendNow', { id: report.id });
    expect(smtp.messages[1]!.mail.subject).toMatch(/^\[Предпросмотр\] Herald: еженедельный отчёт · 8–15 нояб\. 2026\sг\.$/);
    expect(smtp.messages[1]!.mail.text).toContain('Событий за период: 1');
    expect(smtp.messages[1]!.mail.text).toContain('Блокирующая: да');
  });

  it('Send now through a server that refuses the login says so with the server\'s reply', async () => {
    const mail = await emailIntegration('wrong-password');
    const report = await createReport({ integration_id: mail.id });
    const result = await invoke(engine.handlers, 'reports.sendNow', { id: report.id });
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.value.delivered).toBe(false);
    expect(result.value.error).toMatch(/^Authentication failed \(535\)/);
    expect(result.value.server_reply).toMatch(/^535 /);
    expect(smtp.messages).toHaveLength(0);
    expect(notices().some((m) => m.startsWith('Preview of report "Weekly security summary" was not sent: Authentication failed (535)'))).toBe(true);
  });

  it('validation names the field: recipients, integration, time, zone', async () => {
    const mail = await emailIntegration();
    const webhook = engine.createIntegration({ kind: 'webhook', name: 'Hook', is_active: true, settings: { url: 'http://127.0.0.1:9/h', projects: [], events: ['test'], token_header: 'X-Herald-Authentication' }, secrets: {} });
    const base = { name: 'R', recipients: ['a@example.com'], schedule: WEEKLY_MONDAY_9, integration_id: mail.id, timezone: BERLIN };
    const fails = async (input: unknown) => {
      const result = await invoke(engine.handlers, 'reports.create', input);
      expect(result.ok).toBe(false);
      return result.ok ? [] : (result.error.details?.issues ?? []).map((i) => `${i.path}: ${i.message}`);
    };
    expect(await fails({ ...base, recipients: ['not-an-address'] })).toEqual(['recipients.0: Not an e-mail address: use the form name@example.com']);
    expect(await fails({ ...base, recipients: [] })).toEqual(['recipients: Add at least one recipient']);
    expect(await fails({ ...base, schedule: { frequency: 'weekly', time: '9am' } })).toEqual(['schedule.time: Enter the time as HH:MM (24-hour), e.g. 09:00']);
    expect(await fails({ ...base, schedule: { frequency: 'monthly', time: '09:00', day: 31 } })).toEqual(['schedule.day: Choose a day from 1 to 28, or the last day of the month']);
    expect(await fails({ ...base, timezone: 'Mars/Olympus' })).toEqual(['timezone: Unknown time zone: use an IANA name such as Europe/Berlin or America/New_York']);
    expect(await fails({ ...base, integration_id: webhook.id })).toEqual(['integration_id: Reports are sent by email: choose an email integration']);
    expect(await fails({ ...base, integration_id: 'missing' })).toEqual(['integration_id: No such integration; it may have been deleted. Choose an email integration.']);
    expect(engine.reports.list()).toEqual([]);
  });

  it('a run missed while Herald was closed is sent once at start, for the latest period', async () => {
    const mail = await emailIntegration();
    await createReport({ integration_id: mail.id });
    await engine.close();
    // Herald comes back three weeks later, on Wednesday 9 Dec: three Monday runs were missed.
    ({ engine, clock } = virtualEngine(dir.path, new VirtualClock('2026-12-09T12:00:00Z')));
    await waitForMessages(1);
    expect(smtp.messages[0]!.mail.subject).toBe('Herald weekly report · 30 Nov – 7 Dec 2026');
    const [report] = engine.reports.list();
    expect(report).toMatchObject({ last_sent_at: '2026-12-09T12:00:00.000Z', next_due_at: '2026-12-14T08:00:00.000Z' });
    await advance(engine, clock, 3_600_000);
    await engine.reports.idle();
    expect(smtp.messages).toHaveLength(1);
  });

  it('a report through a disabled or deleted integration fails with a clear error, and the list says so', async () => {
    const mail = await emailIntegration();
    const report = await createReport({ integration_id: mail.id });
    engine.setActive(mail.id, false);
    let result = await engine.reports.sendNow(report.id);
    expect(result).toMatchObject({ delivered: false, error: 'Report mail is disabled. Enable it, or choose another email integration for the report.' });

    engine.deleteIntegration(mail.id);
    result = await engine.reports.sendNow(report.id);
    expect(result.error).toBe('The email integration of this report was deleted. Choose another one for the report.');
    expect(engine.reports.list()[0]!.integration_name).toBeNull();

    // The scheduled run fails the same way and records it; the schedule still moves on.
    await advance(engine, clock, Date.parse('2026-11-16T08:00:00Z') - clock.now());
    await engine.reports.idle();
    expect(engine.reports.list()[0]).toMatchObject({ last_error: 'The email integration of this report was deleted. Choose another one for the report.', last_sent_at: null, next_due_at: '2026-11-23T08:00:00.000Z' });
    expect(smtp.messages).toHaveLength(0);
  });

  it('a report through an integration in the sandbox lands in its SMTP inbox', async () => {
    const mail = await emailIntegration();
    const report = await createReport({ integration_id: mail.id });
    await engine.handlers['integrations.setSandbox']({ id: mail.id, mode: 'capture', chaos: undefined, reply: undefined });
    const result = await engine.reports.sendNow(report.id);
    expect(result).toMatchObject({ delivered: true, sandbox: 'capture' });
    expect(smtp.messages).toHaveLength(0);
    const captured = engine.sandbox.list(mail.id, 10);
    expect(JSON.stringify(captured)).toContain('[Preview] Herald weekly report');
  });

  it('update re-plans the next run; delete stops it', async () => {
    const mail = await emailIntegration();
    const report = await createReport({ integration_id: mail.id });
    const updated = await invoke(engine.handlers, 'reports.update', { id: report.id, input: { name: 'Daily', integration_id: mail.id, recipients: ['a@example.com'], schedule: { frequency: 'daily', time: '18:00' }, timezone: BERLIN } });
    expect(updated.ok && updated.value.next_due_at).toBe('2026-11-15T17:00:00.000Z');
    const off = await invoke(engine.handlers, 'reports.update', { id: report.id, input: { name: 'Daily', enabled: false, integration_id: mail.id, recipients: ['a@example.com'], schedule: { frequency: 'daily', time: '18:00' }, timezone: BERLIN } });
    expect(off.ok && off.value.next_due_at).toBeNull();
    await advance(engine, clock, 86_400_000);
    await engine.reports.idle();
    expect(smtp.messages).toHaveLength(0);
    expect(await invoke(engine.handlers, 'reports.delete', { id: report.id })).toEqual({ ok: true, value: { id: report.id } });
    const gone = await invoke(engine.handlers, 'reports.sendNow', { id: report.id });
    expect(!gone.ok && gone.error.code).toBe('not_found');
  });
});
