import AssignmentOutlinedIcon from '@mui/icons-material/AssignmentOutlined';
import ChatOutlinedIcon from '@mui/icons-material/ChatOutlined';
import AccountTreeOutlinedIcon from '@mui/icons-material/AccountTreeOutlined';
import ForumOutlinedIcon from '@mui/icons-material/ForumOutlined';
import GroupsOutlinedIcon from '@mui/icons-material/GroupsOutlined';
import SportsEsportsOutlinedIcon from '@mui/icons-material/SportsEsportsOutlined';
import ManageSearchIcon from '@mui/icons-material/ManageSearch';
import StorageOutlinedIcon from '@mui/icons-material/StorageOutlined';
import MailOutlineIcon from '@mui/icons-material/MailOutline';
import NotificationsActiveOutlinedIcon from '@mui/icons-material/NotificationsActiveOutlined';
import CampaignOutlinedIcon from '@mui/icons-material/CampaignOutlined';
import SendOutlinedIcon from '@mui/icons-material/SendOutlined';
import SmsOutlinedIcon from '@mui/icons-material/SmsOutlined';
import WebhookIcon from '@mui/icons-material/Webhook';
import type { SvgIconComponent } from '@mui/icons-material';
import type { ComponentType } from 'react';
import type { Integration, IntegrationKind } from '../../../main/contract/index.js';
import { i18n } from '../i18n/index.js';
import { DiscordForm } from './DiscordForm.js';
import { EmailForm } from './EmailForm.js';
import { InsightConnectForm } from './InsightConnectForm.js';
import { JiraForm } from './JiraForm.js';
import { MattermostForm } from './MattermostForm.js';
import { OpsgenieForm } from './OpsgenieForm.js';
import { PagerDutyForm } from './PagerDutyForm.js';
import { SlackForm } from './SlackForm.js';
import { TeamsForm } from './TeamsForm.js';
import { SplunkForm } from './SplunkForm.js';
import { SumoLogicForm } from './SumoLogicForm.js';
import { SmsForm } from './SmsForm.js';
import { TelegramForm } from './TelegramForm.js';
import { WebhookForm } from './WebhookForm.js';

/** The host of a URL that may hold template placeholders. */
const hostOf = (url: string) => /^https?:\/\/([^/?#]+)/i.exec(url)?.[1] ?? url;

type Of<K extends IntegrationKind> = Extract<Integration, { kind: K }>;

/** What the console shows of one integration kind. Adding a kind means one entry here and its form. */
interface KindUi<K extends IntegrationKind> {
  Icon: SvgIconComponent;
  Form: ComponentType<{ existing?: Of<K> | undefined; onClose: () => void }>;
  /** One line that says where an integration points. */
  target(integration: Of<K>): string;
  /** What a rule action sends, after the integration's name: "SECOPS · Bug". Absent when the name says it all. */
  actionSummary?(params: Record<string, unknown>): string;
}

const KINDS: { [K in IntegrationKind]: KindUi<K> } = {
  webhook: { Icon: WebhookIcon, Form: WebhookForm, target: (i) => i.settings.url },
  email: {
    Icon: MailOutlineIcon,
    Form: EmailForm,
    target: (i) => {
      const from = i18n.t('integrations:target.from', { address: i.settings.from_address });
      if (i.settings.transport === 'graph') return `${i18n.t('integrations:target.m365')} · ${from}`;
      const security = { none: i18n.t('integrations:target.plain'), starttls: 'STARTTLS', tls: 'SSL/TLS' }[i.settings.security];
      const oauth = i.settings.auth && i.settings.auth_method === 'oauth2' ? ` · ${i18n.t('integrations:target.xoauth2')}` : '';
      return `${i.settings.host}:${i.settings.port} · ${security}${oauth} · ${from}`;
    },
    actionSummary: (params) => {
      const recipients = (params.recipients as string[] | undefined) ?? [];
      const format = params.format === 'digest' ? i18n.t('rules:summary.digest') : i18n.t('rules:summary.perEvent');
      return `${recipients.length === 1 ? recipients[0] : i18n.t('rules:summary.recipients', { count: recipients.length })} · ${format}`;
    },
  },
  jira: {
    Icon: AssignmentOutlinedIcon,
    Form: JiraForm,
    target: (i) => `${i.settings.url} · ${i18n.t(i.settings.deployment === 'cloud' ? 'integrations:target.cloud' : 'integrations:target.server')}`,
    actionSummary: (params) => `${String(params.project_key ?? '?')} · ${String(params.issue_type ?? 'Bug')}`,
  },
  slack: {
    Icon: ForumOutlinedIcon,
    Form: SlackForm,
    target: (i) => (i.settings.mode === 'bot' ? i18n.t('integrations:target.slackBot', { channel: i.settings.channel }) : i18n.t('integrations:target.slackWebhook')),
  },
  teams: { Icon: GroupsOutlinedIcon, Form: TeamsForm, target: () => i18n.t('integrations:target.chatWebhook') },
  discord: { Icon: SportsEsportsOutlinedIcon, Form: DiscordForm, target: () => i18n.t('integrations:target.chatWebhook') },
  mattermost: {
    Icon: ChatOutlinedIcon,
    Form: MattermostForm,
    target: (i) => (i.settings.channel ? i18n.t('integrations:target.chatWebhookTo', { channel: i.settings.channel }) : i18n.t('integrations:target.chatWebhook')),
  },
  splunk: {
    Icon: ManageSearchIcon,
    Form: SplunkForm,
    target: (i) => `${i.settings.url} · ${i.settings.index ? i18n.t('integrations:target.splunkIndex', { index: i.settings.index }) : i18n.t('integrations:target.splunkDefaultIndex')}`,
  },
  sumologic: {
    Icon: StorageOutlinedIcon,
    Form: SumoLogicForm,
    target: (i) => (i.settings.category ? i18n.t('integrations:target.sumoCategory', { category: i.settings.category }) : i18n.t('integrations:target.sumoSource')),
  },
  insightconnect: {
    Icon: AccountTreeOutlinedIcon,
    Form: InsightConnectForm,
    target: (i) => i18n.t(i.secrets.api_key?.is_set ? 'integrations:target.icTriggerKey' : 'integrations:target.icTrigger'),
  },
  pagerduty: { Icon: NotificationsActiveOutlinedIcon, Form: PagerDutyForm, target: (i) => `Events API v2 · ${hostOf(i.settings.events_url)}` },
  opsgenie: { Icon: CampaignOutlinedIcon, Form: OpsgenieForm, target: (i) => [hostOf(i.settings.api_base), ...i.settings.teams].join(' · ') },
  telegram: {
    Icon: SendOutlinedIcon,
    Form: TelegramForm,
    target: (i) =>
      i.settings.message_thread_id
        ? i18n.t('integrations:target.telegramTopic', { chat: i.settings.chat_id, topic: i.settings.message_thread_id })
        : i18n.t('integrations:target.telegramChat', { chat: i.settings.chat_id }),
  },
  sms: {
    Icon: SmsOutlinedIcon,
    Form: SmsForm,
    target: (i) => i18n.t('integrations:target.smsNumbers', { method: i.settings.method, host: hostOf(i.settings.url), count: i.settings.recipients.length }),
    actionSummary: (params) => {
      const own = (params.recipients as string[] | undefined) ?? [];
      return own.length === 1 ? own[0]! : own.length ? i18n.t('rules:summary.numbers', { count: own.length }) : '';
    },
  },
};

/** The New integration menu, grouped by what a kind is for. */
export const KIND_GROUPS = [
  { id: 'general', kinds: ['webhook', 'email'] },
  { id: 'tickets', kinds: ['jira'] },
  { id: 'chat', kinds: ['slack', 'teams', 'discord', 'mattermost', 'telegram'] },
  { id: 'paging', kinds: ['pagerduty', 'opsgenie', 'sms'] },
  { id: 'siem', kinds: ['splunk', 'sumologic', 'insightconnect'] },
] as const satisfies readonly { id: string; kinds: readonly IntegrationKind[] }[];
// A kind missing from every group would be missing from the menu: this line stops compiling then.
type Ungrouped = Exclude<IntegrationKind, (typeof KIND_GROUPS)[number]['kinds'][number]>;
const everyKindGrouped: [Ungrouped] extends [never] ? true : Ungrouped = true;
void everyKindGrouped;

const ui = <K extends IntegrationKind>(kind: K): KindUi<K> => KINDS[kind];

export const kindLabel = (kind: IntegrationKind) => i18n.t(`integrations:kinds.${kind}`);

export function KindIcon({ kind, fontSize = 'medium' }: { kind: IntegrationKind; fontSize?: 'small' | 'medium' }) {
  const { Icon } = ui(kind);
  return <Icon fontSize={fontSize} color="action" titleAccess={kindLabel(kind)} />;
}

export function targetLine(integration: Integration): string {
  return (ui(integration.kind).target as (i: Integration) => string)(integration);
}

export function actionSummary(kind: IntegrationKind, params: Record<string, unknown>): string | null {
  return ui(kind).actionSummary?.(params) || null;
}

/** The form of a kind: a new integration, or an existing one to edit. */
export function IntegrationForm({ kind, existing, onClose }: { kind: IntegrationKind; existing?: Integration | undefined; onClose: () => void }) {
  const Form = ui(kind).Form as ComponentType<{ existing?: Integration | undefined; onClose: () => void }>;
  return <Form existing={existing} onClose={onClose} />;
}
