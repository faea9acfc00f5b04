import { catalogue } from '../../contract/index.js';
import { renderEventText } from '../templates.js';
import { ChannelConfigError } from './http-kit.js';
import type { OutgoingEvent } from './types.js';

/**
 * What the chat kinds (Slack, Teams, Discord, Mattermost) show of one event: the line rendered from the
 * user's LiquidJS template, and the facts beside it (trigger, project, policy, severity,
 * dependency, vulnerability). Each kind lays them out in its own rich format.
 */

export const CHAT_DEFAULT_TEXT =
  '{% if event.payload.policy_name %}{{ event.payload.policy_name }}: {{ event.payload.vulnerability | default: event.payload.dependency }}{% else %}{{ trigger.title }}{% endif %}{% if event.project %} in {{ event.project }}{% endif %}';

export interface ChatFact {
  label: 'Trigger' | 'Project' | 'Policy' | 'Severity' | 'Dependency' | 'Vulnerability';
  value: string;
}

/** The text template rendered for this event; the trigger's name when it renders empty. */
export async function chatText(template: string, integrationName: string, event: OutgoingEvent): Promise<string> {
  return (await renderEventText(template || CHAT_DEFAULT_TEXT, { event, integration_name: integrationName, signature: '' })).trim() || event.trigger;
}

export function chatFacts(event: OutgoingEvent): ChatFact[] {
  const p = event.payload;
  const str = (v: unknown) => (v === undefined || v === null || v === '' ? null : String(v));
  const dependency = str(p.dependency) && [str(p.dependency), str(p.dependency_version)].filter(Boolean).join(' ');
  const severity = p.blocker === true ? `${str(p.severity) ?? 'blocker'} (blocker)` : str(p.severity);
  const facts: [ChatFact['label'], string | null][] = [
    ['Trigger', catalogue.find((t) => t.name === event.trigger)?.title.en ?? event.trigger],
    ['Project', event.project],
    ['Policy', str(p.policy_name)],
    ['Severity', severity],
    ['Dependency', dependency],
    ['Vulnerability', str(p.vulnerability)],
  ];
  return facts.filter((f): f is [ChatFact['label'], string] => !!f[1]).map(([label, value]) => ({ label, value }));
}

/** The event's severity in lower case, or null. */
export function severityOf(event: OutgoingEvent): string | null {
  const s = event.payload.severity;
  return typeof s === 'string' && s ? s.toLowerCase() : null;
}

/** Cuts text to `max` characters, ending with "…" when it had to cut. */
export function clip(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

export const footerOf = (integrationName: string, event: OutgoingEvent) => `Herald · ${integrationName} · event ${event.id}`;

/**
 * Where a webhook call goes: the stored URL, or the sandbox's bin at the URL's path and query (the
 * URL is the credential, so its path is kept). A stored URL that does not parse is a config error.
 */
export function redirectedUrl(url: string, sandboxOrigin: string | undefined): string {
  let original: URL;
  try {
    original = new URL(url);
  } catch {
    throw new ChannelConfigError('The stored webhook URL is not a valid URL: paste it again.');
  }
  return sandboxOrigin ? `${sandboxOrigin}${original.pathname}${original.search}` : url;
}
