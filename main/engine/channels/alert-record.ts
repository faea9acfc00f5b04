import { catalogue, type FieldIssue } from '../../contract/index.js';
import { renderEventText, validateEventText } from '../templates.js';
import type { OutgoingEvent } from './types.js';

/**
 * The record a machine receiver (Splunk, Sumo Logic, InsightConnect) gets for one Herald event:
 * flat, named fields a search or a workflow step can use directly (policy, severity, dependency,
 * vulnerability), a one-line `message` from the integration's template, and the original payload.
 */

export const DEFAULT_MESSAGE_TEMPLATE =
  '{% if event.payload.policy_name %}{{ event.payload.policy_name }}: {{ event.payload.vulnerability | default: event.payload.dependency }}{% else %}{{ trigger.title }}{% endif %}{% if event.project %} in {{ event.project }}{% endif %}';

export interface AlertRecord {
  message: string;
  event_id: string;
  trigger: string;
  trigger_title: string;
  created_at: string;
  project: string | null;
  policy?: string;
  severity?: string;
  blocker?: boolean;
  dependency?: string;
  dependency_version?: string;
  vulnerability?: string;
  integration: string;
  source: 'herald';
  payload: Record<string, unknown>;
}

const str = (v: unknown) => (v === undefined || v === null || v === '' ? undefined : String(v));

/** Throws the LiquidJS error when the template fails; the channel turns it into a config failure. */
export async function alertRecord(target: { name: string; settings: { message_template: string } }, event: OutgoingEvent): Promise<AlertRecord> {
  const p = event.payload;
  const message = (await renderEventText(target.settings.message_template || DEFAULT_MESSAGE_TEMPLATE, { event, integration_name: target.name, signature: '' })).trim() || event.trigger;
  const fields = {
    policy: str(p.policy_name),
    severity: str(p.severity),
    blocker: typeof p.blocker === 'boolean' ? p.blocker : undefined,
    dependency: str(p.dependency),
    dependency_version: str(p.dependency_version),
    vulnerability: str(p.vulnerability),
  };
  return {
    message: message.slice(0, 4000),
    event_id: event.id,
    trigger: event.trigger,
    trigger_title: catalogue.find((t) => t.name === event.trigger)?.title.en ?? event.trigger,
    created_at: event.created_at,
    project: event.project,
    ...Object.fromEntries(Object.entries(fields).filter(([, v]) => v !== undefined)),
    integration: target.name,
    source: 'herald',
    payload: p,
  };
}

/** A test record: the same shape, marked as a test so a search can leave it out. */
export function testRecord(name: string): AlertRecord & { test: true } {
  return {
    message: `Test message from Herald (${name})`,
    event_id: `test-${Date.now()}`,
    trigger: 'test',
    trigger_title: 'Test',
    created_at: new Date().toISOString(),
    project: null,
    integration: name,
    source: 'herald',
    payload: {},
    test: true,
  };
}

/** Save-time check of the message template, so it never fails at send time. */
export async function checkMessageTemplate(settings: { message_template: string }): Promise<FieldIssue[]> {
  const problem = settings.message_template.trim() ? await validateEventText(settings.message_template) : null;
  return problem ? [{ path: 'settings.message_template', message: problem }] : [];
}
