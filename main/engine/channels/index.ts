import type { IntegrationKind } from '../../contract/index.js';
import type { Channel } from './types.js';
import { emailChannel } from './email.js';
import { jiraChannel } from './jira.js';
import { slackChannel } from './slack.js';
import { smsChannel } from './sms.js';
import { telegramChannel } from './telegram.js';
import { webhookChannel } from './webhook.js';

const channels: Record<IntegrationKind, Channel<never>> = {
  webhook: webhookChannel as Channel<never>,
  email: emailChannel as Channel<never>,
  jira: jiraChannel as Channel<never>,
  slack: slackChannel as Channel<never>,
  telegram: telegramChannel as Channel<never>,
  sms: smsChannel as Channel<never>,
};

export function channelFor(kind: string): Channel<unknown> {
  const channel = channels[kind as IntegrationKind];
  if (!channel) throw new Error(`No channel for integration kind "${kind}"`);
  return channel as Channel<unknown>;
}
