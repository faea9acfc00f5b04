import { EmailActionParamsSchema, JiraActionParamsSchema, type DeliveryAction, type DeliveryPreview, type EmailSettings, type HeraldEvent, type JiraSettings, type SlackSettings, type WebhookSettings } from '../contract/index.js';
import { renderDeliveryEmail } from './channels/email.js';
import { sendMailUrl } from './channels/m365.js';
import { fingerprintOf, issueFields } from './channels/jira.js';
import type { OutgoingEvent, Secrets } from './channels/types.js';
import { slackMessage } from './channels/slack.js';
import { webhookRequest } from './channels/webhook.js';

export interface PreviewTarget {
  kind: string;
  name: string;
  settings: unknown;
  /** Already masked: a preview never holds a secret in clear. */
  secrets: Secrets;
}

const toOutgoing = (e: OutgoingEvent | HeraldEvent): OutgoingEvent => ({ id: e.id, trigger: e.trigger, created_at: e.created_at, project: e.project, payload: e.payload });

/**
 * Exactly what a delivery would send, rendered by the same functions the channels send with:
 * the webhook request, the email's headers and parts, the Jira issue's fields.
 */
export async function previewDelivery(
  target: PreviewTarget,
  item: { event: OutgoingEvent; action: DeliveryAction | null; digest_events: (OutgoingEvent | HeraldEvent)[] },
  userAgent: string,
): Promise<DeliveryPreview> {
  if (target.kind === 'webhook') {
    const settings = target.settings as WebhookSettings;
    const req = webhookRequest({ name: target.name, settings, secrets: target.secrets }, [item.event], userAgent);
    return { kind: 'http', method: req.method, url: req.url, headers: req.headers, body: JSON.stringify(JSON.parse(req.body ?? '{}'), null, 2) };
  }
  if (target.kind === 'email') {
    const settings = target.settings as EmailSettings;
    const params = EmailActionParamsSchema.parse(item.action?.params ?? {});
    const email = await renderDeliveryEmail({ name: target.name, settings }, { ...item, digest_events: item.digest_events.map(toOutgoing) });
    // The content is the same either way; the transport says which road it would take.
    const via = settings.transport === 'graph'
      ? { transport: 'graph' as const, endpoint: sendMailUrl(settings), oauth2: true }
      : { transport: 'smtp' as const, endpoint: `${settings.host}:${settings.port}`, oauth2: settings.auth && settings.auth_method === 'oauth2' };
    return { kind: 'email', from: `${settings.from_name} <${settings.from_address}>`, to: params.recipients, reply_to: settings.reply_to, subject: email.subject, text: email.text, html: email.html, via };
  }
  if (target.kind === 'jira') {
    const settings = target.settings as JiraSettings;
    const params = JiraActionParamsSchema.parse(item.action?.params ?? {});
    const fingerprint = fingerprintOf(item.event, params.fingerprint);
    const fields = await issueFields({ name: target.name, settings }, params, item.event, fingerprint);
    return { kind: 'jira', project_key: params.project_key, issue_type: params.issue_type, fingerprint, fields };
  }
  if (target.kind === 'slack') {
    const settings = target.settings as SlackSettings;
    const message = await slackMessage({ name: target.name, settings }, item.event);
    const url = settings.mode === 'bot' ? `${settings.api_base.replace(/\/+$/, '')}/chat.postMessage` : 'https://hooks.slack.com/services/••••••••';
    const headers: Record<string, string> = { 'content-type': 'application/json; charset=utf-8', 'user-agent': userAgent, ...(settings.mode === 'bot' ? { authorization: 'Bearer ••••••••' } : {}) };
    return { kind: 'http', method: 'POST', url, headers, body: JSON.stringify(message, null, 2) };
  }
  return { kind: 'none', note: `No preview for ${target.kind} integrations yet.` };
}
