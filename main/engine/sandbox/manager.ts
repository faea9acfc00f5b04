import type {
  CaptureExport,
  CaptureList,
  CaptureSummary,
  EmailSettings,
  IntegrationKind,
  JiraSettings,
  SandboxCapture,
  SandboxSettings,
} from '../../contract/index.js';
import { channelFor } from '../channels/index.js';
import { maskSecret } from '../secrets.js';
import { JiraSimulator, type JiraCapture } from './jira-sim.js';
import { SmtpInbox, type SmtpCapture } from './smtp-inbox.js';
import type { ChaosConfig, RandomSource } from './types.js';
import { WebhookBin, type WebhookCapture } from './webhook-bin.js';

type Receiver = SmtpInbox | WebhookBin | JiraSimulator;

interface Slot {
  kind: IntegrationKind;
  name: string;
  receiver: Receiver;
  unsubscribe: () => void;
}

/**
 * Runs one sandbox receiver per integration in Capture or Chaos mode, started on demand, and
 * points that integration's sends at it. One receiver each keeps chaos and captures per
 * integration. A receiver stops when its integration goes back to Live; its captures stay
 * until cleared, so a capture can still be read, exported or released.
 */
export class SandboxManager {
  private readonly slots = new Map<string, Slot>();

  constructor(private readonly hooks: { onCapture: (summary: CaptureSummary) => void; random?: RandomSource }) {}

  /** Starts, reconfigures or stops the integration's receiver to match its mode. */
  async apply(integrationId: string, name: string, kind: IntegrationKind, sandbox: SandboxSettings): Promise<void> {
    if (sandbox.mode === 'live') {
      const slot = this.slots.get(integrationId);
      if (slot) {
        slot.name = name;
        slot.receiver.setChaos(null);
        await slot.receiver.stop();
      }
      return;
    }
    const slot = this.slot(integrationId, name, kind);
    slot.receiver.setChaos(sandbox.mode === 'chaos' ? toChaosConfig(sandbox) : null);
    if (slot.receiver instanceof WebhookBin) slot.receiver.setResponse({ status: sandbox.reply.status, delay_ms: sandbox.reply.delay_ms, body: sandbox.reply.body });
    await slot.receiver.start();
  }

  /** The settings a send or Test it uses: unchanged when live, else pointed at the receiver. */
  async redirect(integrationId: string, name: string, kind: IntegrationKind, sandbox: SandboxSettings, settings: unknown): Promise<unknown> {
    if (sandbox.mode === 'live') return settings;
    await this.apply(integrationId, name, kind, sandbox);
    const receiver = this.slots.get(integrationId)!.receiver;
    const target = channelFor(kind).sandbox;
    if (receiver instanceof WebhookBin) return target.receiver === 'webhook-bin' ? target.redirect(settings, receiver.address!) : settings;
    if (receiver instanceof SmtpInbox) {
      // The inbox speaks STARTTLS with its own certificate: trusting exactly that one keeps TLS checked.
      // Microsoft 365 (Graph, or SMTP with XOAUTH2) is captured the same way: plain SMTP+STARTTLS into the inbox, no sign-in.
      const email = settings as EmailSettings;
      const oauth = email.transport === 'graph' || email.auth_method === 'oauth2';
      return { ...email, transport: 'smtp', ...(oauth ? { auth: false, auth_method: 'password' } : {}), host: '127.0.0.1', port: receiver.port, security: 'starttls', require_tls: true, ca_pem: receiver.certificatePem ?? '', allow_self_signed: false };
    }
    const jira = settings as JiraSettings;
    return { ...jira, url: receiver.urlFor(jira.deployment) };
  }

  info(integrationId: string): { address: string | null; captures: number } {
    const slot = this.slots.get(integrationId);
    return { address: slot?.receiver.address ?? null, captures: slot ? this.capturesOf(slot).length : 0 };
  }

  list(integrationId: string | undefined, limit: number): CaptureList {
    const all = this.scope(integrationId)
      .flatMap(([id, slot]) => this.capturesOf(slot).map((c) => summarize(id, slot, c)))
      .sort((a, b) => (a.at < b.at ? 1 : a.at > b.at ? -1 : b.id.localeCompare(a.id)));
    return { captures: all.slice(0, limit), total: all.length };
  }

  get(captureId: string): SandboxCapture | null {
    const found = this.find(captureId);
    return found && present(found.integrationId, found.slot, found.capture);
  }

  /** The exact bytes of a captured email, with the envelope it came with. */
  email(captureId: string): { raw: Buffer; envelope: { from: string; to: string[] }; subject: string } | null {
    const found = this.find(captureId);
    if (!found || !(found.slot.receiver instanceof SmtpInbox)) return null;
    const capture = found.capture as SmtpCapture;
    const raw = found.slot.receiver.eml(capture.id);
    return raw && { raw, envelope: capture.envelope, subject: capture.subject };
  }

  clear(integrationId: string | undefined): number {
    let cleared = 0;
    for (const [, slot] of this.scope(integrationId)) {
      cleared += this.capturesOf(slot).length;
      slot.receiver.clear();
    }
    return cleared;
  }

  export(id: string | undefined, integrationId: string | undefined): CaptureExport | null {
    if (id) {
      const email = this.email(id);
      if (email) return { filename: `${slug(email.subject) || 'email'}-${id.split('.').pop()}.eml`, content_type: 'message/rfc822', encoding: 'base64', content: email.raw.toString('base64') };
      const capture = this.get(id);
      return capture && { filename: `${capture.receiver}-${id.split('.').pop()}.json`, content_type: 'application/json', encoding: 'utf8', content: JSON.stringify(capture, null, 2) };
    }
    const captures = this.list(integrationId, Number.MAX_SAFE_INTEGER).captures.map((s) => this.get(s.id)).filter(Boolean);
    return { filename: 'herald-sandbox-captures.json', content_type: 'application/json', encoding: 'utf8', content: JSON.stringify(captures, null, 2) };
  }

  /** The integration is gone: its receiver and captures with it. */
  async forget(integrationId: string): Promise<void> {
    const slot = this.slots.get(integrationId);
    if (!slot) return;
    this.slots.delete(integrationId);
    slot.unsubscribe();
    await slot.receiver.stop();
  }

  async close(): Promise<void> {
    await Promise.all([...this.slots.keys()].map((id) => this.forget(id)));
  }

  private slot(integrationId: string, name: string, kind: IntegrationKind): Slot {
    const existing = this.slots.get(integrationId);
    if (existing && existing.kind === kind) {
      existing.name = name;
      return existing;
    }
    const random = this.hooks.random ? { random: this.hooks.random } : {};
    const wanted = channelFor(kind).sandbox.receiver;
    const receiver: Receiver = wanted === 'smtp-inbox' ? new SmtpInbox(random) : wanted === 'webhook-bin' ? new WebhookBin(random) : new JiraSimulator({ ...random, openProjects: true });
    const slot: Slot = { kind, name, receiver, unsubscribe: () => undefined };
    slot.unsubscribe = (receiver.onCapture as (listener: (capture: Captured) => void) => () => void)((capture) => this.hooks.onCapture(summarize(integrationId, slot, capture)));
    this.slots.set(integrationId, slot);
    return slot;
  }

  private capturesOf(slot: Slot): Captured[] {
    return slot.receiver.captures();
  }

  private scope(integrationId: string | undefined): [string, Slot][] {
    return [...this.slots.entries()].filter(([id]) => integrationId === undefined || id === integrationId);
  }

  private find(captureId: string): { integrationId: string; slot: Slot; capture: Captured } | null {
    const dot = captureId.lastIndexOf('.');
    const integrationId = captureId.slice(0, dot);
    const slot = this.slots.get(integrationId);
    const own = captureId.slice(dot + 1);
    const capture = slot && this.capturesOf(slot).find((c) => c.id === own);
    return slot && capture ? { integrationId, slot, capture } : null;
  }
}

type Captured = SmtpCapture | WebhookCapture | JiraCapture;

function toChaosConfig(sandbox: SandboxSettings): ChaosConfig {
  const { rate, failures, status, delay_ms } = sandbox.chaos;
  return { rate, modes: failures, delay_ms, ...(status === null ? {} : { status }) };
}

function summarize(integrationId: string, slot: Slot, c: Captured): CaptureSummary {
  const common = { id: `${integrationId}.${c.id}`, integration_id: integrationId, integration_name: slot.name, at: c.at, injected: c.injected };
  if (c.receiver === 'smtp') return { ...common, receiver: 'smtp', jira_type: null, title: c.subject || '(no subject)', detail: c.to.join(', '), status: c.reply?.code ?? null };
  if (c.receiver === 'webhook') return { ...common, receiver: 'webhook', jira_type: null, title: `${c.method} ${c.path}`, detail: oneLine(c.body), status: c.status };
  if (c.type === 'issue') return { ...common, receiver: 'jira', jira_type: 'issue', title: `${c.key} ${c.summary}`, detail: [c.issue_type, ...c.labels].join(' · '), status: 201 };
  return { ...common, receiver: 'jira', jira_type: 'request', title: `${c.method} ${c.path}`, detail: c.issue_key ?? '', status: c.status };
}

function present(integrationId: string, slot: Slot, c: Captured): SandboxCapture {
  const common = { id: `${integrationId}.${c.id}`, integration_id: integrationId, integration_name: slot.name, at: c.at, injected: c.injected };
  if (c.receiver === 'smtp') {
    return {
      ...common,
      receiver: 'smtp',
      envelope: c.envelope,
      headers: c.headers,
      subject: c.subject,
      from: c.from,
      to: c.to,
      date: c.date,
      text: c.text,
      html: c.html,
      attachments: c.attachments.map(({ filename, content_type, size, content_base64 }) => ({ filename, content_type, size, content_base64 })),
      raw: c.raw,
      size: c.size,
      session: c.session,
      reply: c.reply,
    };
  }
  if (c.receiver === 'webhook') {
    // The token is the secret the bin proves arrived: the console shows that it did, not what it is.
    const token = c.token_header?.toLowerCase();
    const headers = c.headers.map(([k, v]): [string, string] => (k.toLowerCase() === token ? [k, maskSecret(v).masked ?? ''] : [k, v]));
    const { method, path, query, body, size, truncated, token_header, status } = c;
    return { ...common, receiver: 'webhook', method, path, query, headers, body, ...('json' in c ? { json: c.json } : {}), size, truncated, token_header, status };
  }
  if (c.type === 'issue') {
    const receiver = slot.receiver as JiraSimulator;
    const { key, project, issue_type, summary, labels, description_format, fields, comments } = c;
    return { ...common, receiver: 'jira', type: 'issue', key, project, issue_type, summary, labels, description_format, fields, comments, browse_url: receiver.address && `${receiver.address}/browse/${key}` };
  }
  const { method, path, query, auth, body, status, issue_key } = c;
  return { ...common, receiver: 'jira', type: 'request', method, path, query, auth, body, status, issue_key };
}

const oneLine = (text: string): string => text.replace(/\s+/g, ' ').trim().slice(0, 160);
const slug = (text: string): string =>
  text
    .toLowerCase()
    .replace(/[^a-z0-9а-яё]+/gi, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 60);
