import { z } from 'zod';
import { EmailAddressSchema, IdSchema } from './schemas.js';

/**
 * Scheduled email reports (seed 003: "reports are sent daily, weekly or monthly"): counts of
 * events by trigger and project, triggered policies with their blockers, failed deliveries and
 * integration health, sent through one email integration to the report's own recipients.
 */

export const REPORT_FREQUENCIES = ['daily', 'weekly', 'monthly'] as const;
export type ReportFrequency = (typeof REPORT_FREQUENCIES)[number];

/**
 * `weekday` is ISO (1 = Monday … 7 = Sunday) and only read for weekly reports; `day` only for
 * monthly ones: 1–28 (every month has them) or "last" for the month's last day.
 */
export const ReportScheduleSchema = z.object({
  frequency: z.enum(REPORT_FREQUENCIES, { error: 'Choose daily, weekly or monthly' }),
  time: z
    .string({ error: 'Enter the time as HH:MM, e.g. 09:00' })
    .trim()
    .regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'Enter the time as HH:MM (24-hour), e.g. 09:00'),
  weekday: z.number({ error: 'Choose a day of the week' }).int('Choose a day of the week').min(1, 'Choose a day of the week').max(7, 'Choose a day of the week').default(1),
  day: z
    .union(
      [
        z
          .number({ error: 'Choose a day from 1 to 28, or the last day of the month' })
          .int('Choose a day from 1 to 28, or the last day of the month')
          .min(1, 'Choose a day from 1 to 28, or the last day of the month')
          .max(28, 'Choose a day from 1 to 28, or the last day of the month'),
        z.literal('last', { error: 'Choose a day from 1 to 28, or the last day of the month' }),
      ],
      { error: 'Choose a day from 1 to 28, or the last day of the month' },
    )
    .default(1),
});
export type ReportSchedule = z.output<typeof ReportScheduleSchema>;

/** An IANA zone name the machine knows, e.g. Europe/Berlin. */
export const TimeZoneSchema = z
  .string({ error: 'Enter a time zone, e.g. Europe/Berlin' })
  .trim()
  .min(1, 'Enter a time zone, e.g. Europe/Berlin')
  .max(64, 'Enter a time zone, e.g. Europe/Berlin')
  .refine((zone) => {
    try {
      new Intl.DateTimeFormat('en', { timeZone: zone });
      return true;
    } catch {
      return false;
    }
  }, 'Unknown time zone: use an IANA name such as Europe/Berlin or America/New_York');

export const ReportInputSchema = z.object({
  name: z.string({ error: 'Enter a name for the report' }).trim().min(1, 'Enter a name for the report, e.g. "Weekly security summary"').max(100, 'Name is longer than 100 characters; shorten it'),
  enabled: z.boolean().default(true),
  integration_id: IdSchema,
  recipients: z
    .array(EmailAddressSchema, { error: 'Add the recipients\' e-mail addresses' })
    .min(1, 'Add at least one recipient')
    .max(100, 'At most 100 recipients per report; use a distribution list for more')
    .transform((list) => [...new Set(list.map((a) => a.toLowerCase()))]),
  schedule: ReportScheduleSchema,
  /** Omitted: the machine's own zone. */
  timezone: TimeZoneSchema.optional(),
});
export type ReportInput = z.input<typeof ReportInputSchema>;
export type ReportInputParsed = z.output<typeof ReportInputSchema>;

export const ReportUpdateSchema = z.object({ id: IdSchema, input: ReportInputSchema });

export interface Report {
  id: string;
  name: string;
  enabled: boolean;
  integration_id: string;
  /** null when the integration was deleted: the next run fails until another one is chosen. */
  integration_name: string | null;
  recipients: string[];
  schedule: ReportSchedule;
  timezone: string;
  last_sent_at: string | null;
  /** When the last run (scheduled or a preview) failed, why; null after a delivered one. */
  last_error: string | null;
  /** When the report runs next; null while it is switched off. */
  next_due_at: string | null;
  created_at: string;
  updated_at: string;
}

/** What "Send now" did: delivered or not, and the SMTP server's own reply. */
export interface ReportSendResult {
  delivered: boolean;
  subject: string;
  recipients: string[];
  accepted: string[];
  rejected: string[];
  /** The server's reply, e.g. "250 2.0.0 Ok: queued as 4F2A1" or "535 5.7.8 Authentication failed". */
  server_reply: string | null;
  error: string | null;
  /** The period the report covers. */
  period: { from: string; to: string };
  /** The integration is in the sandbox: the report landed in its SMTP inbox, not with the recipients. */
  sandbox?: 'capture' | 'chaos';
  report: Report;
}
