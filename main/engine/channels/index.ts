import type { IntegrationKind } from '../../contract/index.js';
import type { Channel } from './types.js';
import { emailChannel } from './email.js';
import { insightConnectChannel } from './insightconnect.js';
import { jiraChannel } from './jira.js';
import { opsgenieChannel } from './opsgenie.js';
import { pagerDutyChannel } from './pagerduty.js';
import { slackChannel } from './slack.js';
import { teamsChannel } from './teams.js';
import { discordChannel } from './discord.js';
import { mattermostChannel } from './mattermost.js';
import { splunkChannel } from './splunk.js';
import { sumoLogicChannel } from './sumologic.js';
import { smsChannel } from './sms.js';
import { telegramChannel } from './telegram.js';
import { webhookChannel } from './webhook.js';

const channels: Record<IntegrationKind, Channel<never>> = {
  webhook: webhookChannel as Channel<never>,
  email: emailChannel as Channel<never>,
  jira: jiraChannel as Channel<never>,
  slack: slackChannel as Channel<never>,
  teams: teamsChannel as Channel<never>,
  discord: discordChannel as Channel<never>,
  mattermost: mattermostChannel as Channel<never>,
  splunk: splunkChannel as Channel<never>,
  sumologic: sumoLogicChannel as Channel<never>,
  insightconnect: insightConnectChannel as Channel<never>,
  pagerduty: pagerDutyChannel as Channel<never>,
  opsgenie: opsgenieChannel as Channel<never>,
  telegram: telegramChannel as Channel<never>,
  sms: smsChannel as Channel<never>,
};

export function channelFor(kind: string): Channel<unknown> {
  const channel = channels[kind as IntegrationKind];
  if (!channel) throw new Error(`No channel for integration kind "${kind}"`);
  return channel as Channel<unknown>;
}
