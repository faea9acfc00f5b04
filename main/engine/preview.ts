import type { DeliveryAction, DeliveryPreview, HeraldEvent } from '../contract/index.js';
import { channelFor } from './channels/index.js';
import type { OutgoingEvent, Secrets } from './channels/types.js';

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
  return channelFor(target.kind).preview(target, { event: item.event, action: item.action, digest_events: item.digest_events.map(toOutgoing) }, userAgent);
}
