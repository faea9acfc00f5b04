import type { TeamsSettings, TestReport } from '../../contract/index.js';
import type { HttpRequest } from '../net/http.js';
import { validateEventText } from '../templates.js';
import type { Dispatcher } from 'undici';
import { chatFacts, chatText, footerOf, redirectedUrl, severityOf } from './chat-facts.js';
import { callVendor, ChannelConfigError, resultOf, retryAfterOf, TestRun, unrecorded, type VendorCall, type VendorFailure } from './http-kit.js';
import type { Channel, DeliveryItem, ItemResult, ItemSession, OutgoingEvent, Secrets, Target } from './types.js';

/**
 * Microsoft Teams: one Adaptive Card per delivery, posted to a Workflows URL ("When a Teams webhook
 * request is received", answering 202 Accepted and posting on its own) or to a legacy Office 365
 * connector (answering 200 with the text "1"). The URL carries its signature: it is the credential.
 */

export type TeamsTargetSettings = TeamsSettings & { sandbox_origin?: string };

const CARD = 'application/vnd.microsoft.card.adaptive';
/** Critical and high stand out in the card; the rest look like any other message. */
const SEVERITY_STYLE: Record<string, string> = { critical: 'attention', high: 'attention', medium: 'warning' };

/** The `message` envelope both Workflows and connectors take, holding one Adaptive Card 1.4. */
export async function teamsMessage(target: { name: string; settings: Pick<TeamsSettings, 'text_template'> }, event: OutgoingEvent) {
  const text = await chatText(target.settings.text_template, target.name, event);
  const style = SEVERITY_STYLE[severityOf(event) ?? ''] ?? 'emphasis';
  return card(text, [
    { type: 'Container', style, bleed: true, items: [{ type: 'TextBlock', text, weight: 'Bolder', size: 'Medium', wrap: true, style: 'heading' }] },
    { type: 'FactSet', facts: chatFacts(event).map((f) => ({ title: f.label, value: f.value })) },
    { type: 'TextBlock', text: `${footerOf(target.name, event)} · ${event.created_at}`, isSubtle: true, size: 'Small', wrap: true },
  ]);
}

function card(fallbackText: string, body: unknown[]) {
  return {
    type: 'message',
    attachments: [
      {
        contentType: CARD,
        contentUrl: null,
        content: { $schema: 'http://adaptivecards.io/schemas/adaptive-card.json', type: 'AdaptiveCard', version: '1.4', fallbackText, msteams: { width: 'Full' }, body },
      },
    ],
  };
}

// ------------------------------------------------------------------ errors

const SLOW_DOWN = { what: 'too many requests; Teams asked to slow down.', hint: 'Herald waits as long as Retry-After says, then retries.' };
const TEAMS_DOWN = { what: 'Teams had an internal problem.', hint: 'Herald retries on the schedule.' };

/** A Workflows error body: `{"error":{"code":"WorkflowNotFound","message":"…"}}`. */
function workflowCode(body: string): string | null {
  try {
    const json = JSON.parse(body) as { error?: { code?: unknown } };
    return typeof json?.error?.code === 'string' && /^\w{1,80}$/.test(json.error.code) ? json.error.code : null;
  } catch {
    return null;
  }
}

/**
 * A legacy connector reports some failures inside a 200 answer, as text: "Microsoft Teams endpoint
 * returned HTTP error 429 …" or "Bad payload received by generic incoming webhook." The status they name counts.
 */
function effectiveStatus(res: { status: number; body_excerpt: string }): number {
  const named = /Microsoft Teams endpoint returned HTTP error (\d{3})/.exec(res.body_excerpt);
  if (named) return Number(named[1]);
  if (/Bad payload received by generic incoming webhook/i.test(res.body_excerpt)) return 400;
  if (/Webhook message delivery failed/i.test(res.body_excerpt) && res.status < 300) return 500;
  return res.status;
}

/** What one Teams answer means: null for success (202 from Workflows, 200 "1" from a connector). */
export function explainTeamsAnswer(res: { status: number; headers: Record<string, string>; body_excerpt: string }): VendorFailure | null {
  const status = effectiveStatus(res);
  if (status >= 200 && status <= 299) return null;
  const code = workflowCode(res.body_excerpt);
  const says = `Teams says ${status}${code ? ` ${code}` : ''}`;
  const retryAfterMs = retryAfterOf({ status, headers: res.headers });
  const withRetry = (f: VendorFailure): VendorFailure => (retryAfterMs !== undefined ? { ...f, retryAfterMs } : f);
  if (status === 429) return withRetry({ message: `${says}: ${SLOW_DOWN.what}`, hint: SLOW_DOWN.hint, classification: 'transient' });
  if (status >= 500) return withRetry({ message: `${says}: ${TEAMS_DOWN.what}`, hint: TEAMS_DOWN.hint, classification: 'transient' });
  if (status === 400 || status === 413)
    return {
      message: `${says}: the message was rejected as malformed.`,
      hint: 'Check the text template; a workflow made from scratch must post the Adaptive Card it receives (attachments).',
      classification: 'permanent',
    };
  if (status === 401 || status === 403)
    return {
      message: `${says}: the workflow refused the request.`,
      hint: 'In the workflow\'s trigger set "Who can trigger the flow" to Anyone, or copy the URL again and paste it here.',
      classification: 'auth',
    };
  if (status === 404)
    return {
      message: `${says}: the workflow was deleted or turned off, or the URL is incomplete.`,
      hint: 'Turn the workflow on in Power Automate (or create it again) and paste its URL.',
      classification: 'auth',
    };
  return { message: `Teams answered ${status}.`, hint: "Check that the URL is the workflow's or the connector's webhook URL.", classification: 'permanent' };
}

// ------------------------------------------------------------------ requests

function teamsRequest(settings: TeamsTargetSettings, secrets: Secrets, body: unknown, userAgent: string): HttpRequest {
  const url = secrets.webhook_url;
  if (!url) throw new ChannelConfigError('No webhook URL is stored: paste the Teams workflow URL.');
  return { method: 'POST', url: redirectedUrl(url, settings.sandbox_origin), headers: { 'content-type': 'application/json; charset=utf-8', 'user-agent': userAgent }, body: JSON.stringify(body) };
}

/** The URL (path and signature) is the credential: the log shows its host only. */
const masking: Pick<VendorCall, 'explain' | 'mask'> = {
  explain: explainTeamsAnswer,
  mask: (ex) => ({ ...ex, request: { ...ex.request, url: `${new URL(ex.request.url).origin}/••••••••` } }),
};

function openSession(target: Target<TeamsTargetSettings>, runtime: { dispatcher: Dispatcher; userAgent: string }): ItemSession {
  async function send(item: DeliveryItem): Promise<ItemResult> {
    let req: HttpRequest;
    try {
      req = teamsRequest(target.settings, target.secrets, await teamsMessage(target, item.event), runtime.userAgent);
    } catch (error) {
      if (error instanceof ChannelConfigError) return { outcome: 'failed', error: error.message, classification: 'config', exchange: unrecorded('https://teams') };
      return { outcome: 'failed', error: `The Teams text template failed: ${(error as Error).message}`, classification: 'config', exchange: unrecorded('https://teams') };
    }
    const { ex, failure } = await callVendor(req, { dispatcher: runtime.dispatcher, ...masking });
    return resultOf(ex, failure);
  }
  return { send, close: () => undefined };
}

// ------------------------------------------------------------------ Test it

async function test(target: Target<TeamsTargetSettings>, runtime: { timeoutMs: number; userAgent: string }): Promise<TestReport> {
  const { settings, secrets } = target;
  const run = new TestRun(Math.min(settings.timeout_ms, runtime.timeoutMs || settings.timeout_ms));
  let answer: { status: number; body: string } | null = null;
  const text = `Test message from Herald (${target.name})`;
  const message = card(text, [
    { type: 'TextBlock', text, weight: 'Bolder', size: 'Medium', wrap: true, style: 'heading' },
    { type: 'TextBlock', text: 'This integration can post here.', wrap: true },
  ]);
  const sent = await run.call('send', 'Test message', () => teamsRequest(settings, secrets, message, runtime.userAgent), {
    ...masking,
    explain: (res) => {
      answer = { status: res.status, body: res.body_excerpt.trim() };
      return explainTeamsAnswer(res);
    },
  });
  if (sent && answer) {
    const { status, body } = answer as { status: number; body: string };
    // Workflows accept first and post afterwards: a failing flow shows only in its run history.
    if (status === 202) run.detail('Teams accepted it (202 Accepted); the workflow posts it. If nothing appears, open the workflow\'s run history.');
    else if (body === '1') run.detail('The connector posted it (200, "1").');
    else run.detail(`Teams answered ${status}`);
  }
  return run.finish('Teams accepted the test message.');
}

export const teamsChannel: Channel<TeamsTargetSettings> = {
  kind: 'teams',
  mode: 'each',
  secretNames: ['webhook_url'],
  wants: () => false,
  open: (target, runtime) => openSession(target, runtime),
  test: (target, runtime) => test(target, runtime),
  async preview(target, item, userAgent) {
    const message = await teamsMessage(target, item.event);
    return { kind: 'http', method: 'POST', url: 'https://••••••••/workflows/••••••••', headers: { 'content-type': 'application/json; charset=utf-8', 'user-agent': userAgent }, body: JSON.stringify(message, null, 2) };
  },
  async checkSettings(settings) {
    const problem = settings.text_template.trim() ? await validateEventText(settings.text_template) : null;
    return problem ? [{ path: 'settings.text_template', message: problem }] : [];
  },
  // The URL is a secret: the channel keeps its path and signature and swaps in the bin's address.
  sandbox: { receiver: 'webhook-bin', redirect: (settings, binAddress) => ({ ...settings, sandbox_origin: binAddress }) },
};
