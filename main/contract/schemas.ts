import { z } from 'zod';
import type { IntegrationSandbox } from './sandbox.js';
import { TriggerNameSchema, type TriggerName } from './catalogue.js';
import { ConditionSchema, DeliveryPolicySchema, type Condition, type DeliveryPolicy } from './policy.js';

/** Every schema's messages say what is wrong *and* how to fix it: they are shown next to the field. */

export const DEFAULT_TOKEN_HEADER = 'X-Herald-Authentication';
/** Header names are RFC 9110 tokens; the `:`-prefixed HTTP/2 pseudo headers are not allowed. */
const HEADER_NAME = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;
const RESERVED_HEADERS = new Set(['host', 'content-length', 'content-type', 'transfer-encoding', 'connection']);

export const HttpUrlSchema = z
  .string({ error: 'Enter the receiver URL, e.g. https://alerts.example.com/herald' })
  .trim()
  .min(1, 'Enter the receiver URL, e.g. https://alerts.example.com/herald')
  .max(2048, 'URL is longer than 2048 characters; shorten it')
  .superRefine((value, ctx) => {
    let url: URL;
    try {
      url = new URL(value);
    } catch {
      ctx.addIssue({ code: 'custom', message: 'Not a valid URL: include the scheme, e.g. https://host/path' });
      return;
    }
    if (url.protocol !== 'http:' && url.protocol !== 'https:') {
      ctx.addIssue({ code: 'custom', message: `Use http:// or https:// (got ${url.protocol}//)` });
    }
    if (url.username || url.password) {
      ctx.addIssue({ code: 'custom', message: 'Remove the user:password@ part; put credentials in the token instead' });
    }
  });

export const TokenHeaderSchema = z
  .string()
  .trim()
  .min(1, `Enter a header name, e.g. ${DEFAULT_TOKEN_HEADER}`)
  .max(128, 'Header name is longer than 128 characters')
  .regex(HEADER_NAME, 'Header names may contain only letters, digits and !#$%&\'*+-.^_`|~ (no spaces or colons)')
  .refine((h) => !RESERVED_HEADERS.has(h.toLowerCase()), 'This header is set by HTTP itself; choose another name');

export const ProjectsSchema = z
  .array(z.string().trim().min(1, 'Project names cannot be empty').max(200, 'Project name is too long'))
  .max(500, 'At most 500 projects; leave the list empty to match all projects')
  .default([]);

export const WebhookSettingsSchema = z.object({
  url: HttpUrlSchema,
  projects: ProjectsSchema,
  events: z
    .array(TriggerNameSchema, { error: 'Choose the events that fire this webhook' })
    .min(1, 'Choose at least one event that fires this webhook')
    .transform((list) => [...new Set(list)]),
  token_header: TokenHeaderSchema.default(DEFAULT_TOKEN_HEADER),
});
export type WebhookSettings = z.infer<typeof WebhookSettingsSchema>;

/**
 * A secret in an input: a string sets it, `null` (or empty) clears it, omitted keeps the stored value.
 * Never echoed back: outputs carry a MaskedSecret instead.
 */
export const SecretInputSchema = z
  .string()
  .max(4096, 'Secret is longer than 4096 characters')
  .nullable()
  .transform((s) => (s === '' ? null : s))
  .optional();

export const WebhookSecretsSchema = z.object({ token: SecretInputSchema }).default({});

export const IntegrationNameSchema = z
  .string({ error: 'Enter a name for this integration' })
  .trim()
  .min(1, 'Enter a name for this integration')
  .max(100, 'Name is longer than 100 characters; shorten it');

/** CR, LF and other control characters would let a value inject SMTP or HTTP headers. */
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const CONTROL_CHARS = /[\u0000-\u001f\u007f]/;
const noControl = (what: string) => [(v: string) => !CONTROL_CHARS.test(v), `${what} cannot contain line breaks or control characters`] as const;
/** Pragmatic address check (RFC 5321 local@domain); the SMTP server has the final word. */
const EMAIL = /^[^\s@"<>(),;:\\[\]]+@[^\s@"<>(),;:\\[\]]+\.[^\s@"<>(),;:\\[\]]+$/;
export const EmailAddressSchema = z
  .string({ error: 'Enter an e-mail address, e.g. security@example.com' })
  .trim()
  .min(1, 'Enter an e-mail address, e.g. security@example.com')
  .max(254, 'An e-mail address has at most 254 characters')
  .refine((v) => !CONTROL_CHARS.test(v), 'E-mail addresses cannot contain line breaks or control characters')
  .refine((v) => EMAIL.test(v), 'Not an e-mail address: use the form name@example.com');

export const EMAIL_TEMPLATE_KINDS = ['event', 'digest'] as const;
export type EmailTemplateKind = (typeof EMAIL_TEMPLATE_KINDS)[number];
/** Each part is a LiquidJS template; an empty part means "Herald's default for it". */
export const EmailTemplateSchema = z.object({
  subject: z.string().max(1000, 'Subject template is longer than 1000 characters').default(''),
  html: z.string().max(200_000, 'HTML template is longer than 200,000 characters').default(''),
  text: z.string().max(100_000, 'Text template is longer than 100,000 characters').default(''),
});
export type EmailTemplate = z.infer<typeof EmailTemplateSchema>;
const EMPTY_TEMPLATE: EmailTemplate = { subject: '', html: '', text: '' };

export const EMAIL_SECURITY = ['none', 'starttls', 'tls'] as const;
export const EMAIL_TRANSPORTS = ['smtp', 'graph'] as const;
export const EMAIL_AUTH_METHODS = ['password', 'oauth2'] as const;
export const DEFAULT_M365_LOGIN_BASE = 'https://login.microsoftonline.com';
export const DEFAULT_GRAPH_BASE = 'https://graph.microsoft.com/v1.0';
const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const TENANT_DOMAIN = /^[a-z0-9][a-z0-9-]*(\.[a-z0-9-]+)+$/i;
export const EmailSettingsSchema = z
  .object({
    /** smtp: an SMTP server (today's); graph: Microsoft 365 through the Graph API, no SMTP at all. */
    transport: z.enum(EMAIL_TRANSPORTS, { error: 'Choose SMTP server or Microsoft 365 (Graph API)' }).default('smtp'),
    /** Required for SMTP (checked below); Graph mode has no server to name. */
    host: z
      .string({ error: 'Enter the SMTP server, e.g. smtp.example.com' })
      .trim()
      .max(253, 'Host name is too long')
      .regex(/^[A-Za-z0-9.\-:[\]]*$/, 'Use a host name or IP address only (no scheme, path or port)')
      .default(''),
    port: z.number({ error: 'Enter the port: 587 for STARTTLS, 465 for SSL/TLS, 25 for plain' }).int().min(1, 'Ports go from 1 to 65535').max(65535, 'Ports go from 1 to 65535').default(587),
    /** none: plain SMTP; starttls: upgrade after EHLO; tls: implicit TLS from the first byte (port 465). */
    security: z.enum(EMAIL_SECURITY, { error: 'Choose none, STARTTLS or SSL/TLS' }).default('starttls'),
    /** With STARTTLS: fail when the server does not offer it instead of sending in clear. */
    require_tls: z.boolean().default(true),
    auth: z.boolean().default(false),
    /** With SMTP authentication on: a password, or an OAuth2 token from Entra ID (XOAUTH2, Microsoft 365). */
    auth_method: z.enum(EMAIL_AUTH_METHODS, { error: 'Choose password or OAuth2 (XOAUTH2)' }).default('password'),
    /** Entra ID app registration (seed 001: "Идентификатор каталога", "Идентификатор приложения"). */
    tenant_id: z.string().trim().max(100, 'Directory (tenant) ID is longer than 100 characters').default(''),
    client_id: z.string().trim().max(100, 'Application (client) ID is longer than 100 characters').default(''),
    /** Advanced: tests point these at a local fake; sovereign clouds have their own. */
    login_base: HttpUrlSchema.default(DEFAULT_M365_LOGIN_BASE),
    graph_base: HttpUrlSchema.default(DEFAULT_GRAPH_BASE),
    username: z.string().trim().max(256, 'Login is longer than 256 characters').refine(...noControl('Login')).default(''),
    from_address: EmailAddressSchema,
    from_name: z.string({ error: 'Enter the sender name' }).trim().min(1, 'Enter the sender name, e.g. "Security alerts"').max(100, 'Sender name is longer than 100 characters').refine(...noControl('Sender name')),
    reply_to: EmailAddressSchema,
    signature: z.string().max(4000, 'Signature is longer than 4000 characters').default(''),
    /** PEM of a private CA for internal servers. */
    ca_pem: z
      .string()
      .trim()
      .max(65_536, 'CA certificate is too long')
      .refine((v) => v === '' || v.includes('-----BEGIN CERTIFICATE-----'), 'Paste the CA certificate in PEM form (-----BEGIN CERTIFICATE----- …)')
      .default(''),
    allow_self_signed: z.boolean().default(false),
    connection_timeout_ms: z.number().int().min(1000, 'At least 1 s').max(120_000, 'At most 120 s').default(10_000),
    greeting_timeout_ms: z.number().int().min(1000, 'At least 1 s').max(120_000, 'At most 120 s').default(10_000),
    /** LiquidJS overrides; an empty field uses Herald's default. Checked by the engine at save time. */
    templates: z
      .object({ event: EmailTemplateSchema.default(EMPTY_TEMPLATE), digest: EmailTemplateSchema.default(EMPTY_TEMPLATE) })
      .default({ event: EMPTY_TEMPLATE, digest: EMPTY_TEMPLATE }),
  })
  .superRefine((v, ctx) => {
    if (v.transport === 'smtp' && !v.host) ctx.addIssue({ code: 'custom', path: ['host'], message: 'Enter the SMTP server, e.g. smtp.example.com or 10.0.0.25' });
    if (v.transport === 'smtp' && v.auth && !v.username) {
      ctx.addIssue({ code: 'custom', path: ['username'], message: v.auth_method === 'oauth2' ? 'Enter the mailbox that sends, e.g. alerts@contoso.com' : 'Enter the login, or turn SMTP authentication off' });
    }
    if (usesEntraId(v)) {
      if (!v.tenant_id) ctx.addIssue({ code: 'custom', path: ['tenant_id'], message: 'Enter the Directory (tenant) ID from the app registration\'s Overview in Entra ID' });
      else if (!GUID.test(v.tenant_id) && !TENANT_DOMAIN.test(v.tenant_id)) {
        ctx.addIssue({ code: 'custom', path: ['tenant_id'], message: 'A Directory (tenant) ID is a GUID such as 72f988bf-86f1-41af-91ab-2d7cd011db47, or a domain such as contoso.onmicrosoft.com' });
      }
      if (!v.client_id) ctx.addIssue({ code: 'custom', path: ['client_id'], message: 'Enter the Application (client) ID from the app registration\'s Overview in Entra ID' });
      else if (!GUID.test(v.client_id)) ctx.addIssue({ code: 'custom', path: ['client_id'], message: 'An Application (client) ID is a GUID such as 6731de76-14a6-49ae-97bc-6eba6914391e' });
    }
  });
export type EmailSettings = z.infer<typeof EmailSettingsSchema>;

/** Whether these settings sign in to Entra ID (client credentials): Graph, or SMTP with XOAUTH2. */
export function usesEntraId(v: Pick<EmailSettings, 'transport' | 'auth' | 'auth_method'>): boolean {
  return v.transport === 'graph' || (v.auth && v.auth_method === 'oauth2');
}

export const EmailSecretsSchema = z.object({ password: SecretInputSchema, client_secret: SecretInputSchema }).default({});

// ------------------------------------------------------------------ Jira (seed 000: task managers)

export const JIRA_DEPLOYMENTS = ['server', 'cloud'] as const;
export const JiraSettingsSchema = z
  .object({
    /** Server/Data Center speaks REST API v2 (wiki markup); Cloud speaks v3 (ADF). */
    deployment: z.enum(JIRA_DEPLOYMENTS, { error: 'Choose Jira Server/Data Center or Jira Cloud' }).default('server'),
    /** Base URL including any context path, e.g. https://jira.example.com/jira. */
    url: HttpUrlSchema,
    /** token: a Server/DC personal access token (Bearer), or a Cloud API token with the account e-mail. */
    auth_type: z.enum(['token', 'basic'], { error: 'Choose access token or login and password' }).default('token'),
    /** Login for basic auth on Server/DC; the account e-mail on Cloud. */
    username: z.string().trim().max(256, 'Login is longer than 256 characters').refine(...noControl('Login')).default(''),
    ca_pem: z
      .string()
      .trim()
      .max(65_536, 'CA certificate is too long')
      .refine((v) => v === '' || v.includes('-----BEGIN CERTIFICATE-----'), 'Paste the CA certificate in PEM form (-----BEGIN CERTIFICATE----- …)')
      .default(''),
    timeout_ms: z.number().int().min(1000, 'At least 1 s').max(120_000, 'At most 120 s').default(15_000),
  })
  .superRefine((v, ctx) => {
    if (v.deployment === 'cloud' && !EMAIL.test(v.username)) {
      ctx.addIssue({ code: 'custom', path: ['username'], message: 'Jira Cloud signs in with the account e-mail: enter it, e.g. secops@example.com' });
    } else if (v.auth_type === 'basic' && !v.username) {
      ctx.addIssue({ code: 'custom', path: ['username'], message: 'Enter the Jira login, or choose access token' });
    }
  });
export type JiraSettings = z.infer<typeof JiraSettingsSchema>;
export const JiraSecretsSchema = z.object({ token: SecretInputSchema, password: SecretInputSchema }).default({});

export const ALERT_LEVELS = ['blocker', 'critical', 'high', 'medium', 'low', 'info'] as const;
const JIRA_LABEL = /^[^\s]+$/;
/** Which fields of an alert make it "the same alert" for duplicate detection. */
export const FINGERPRINT_FIELDS = ['project', 'policy_name', 'dependency', 'dependency_version', 'vulnerability', 'stage'] as const;
export const JiraActionParamsSchema = z.object({
  project_key: z
    .string({ error: 'Enter the Jira project key, e.g. SEC' })
    .trim()
    .regex(/^[A-Z][A-Z0-9_]{0,49}$/, 'A project key is upper-case letters and digits starting with a letter, e.g. SEC'),
  issue_type: z.string().trim().min(1, 'Enter the issue type, e.g. Bug or Task').max(100).default('Bug'),
  /** Jira priority name per alert level; a blocker policy uses `blocker`, otherwise the severity. Empty = leave unset. */
  priorities: z
    .partialRecord(z.enum(ALERT_LEVELS), z.string().trim().max(100))
    .default({ blocker: 'Highest', critical: 'Highest', high: 'High', medium: 'Medium', low: 'Low', info: 'Lowest' }),
  labels: z.array(z.string().trim().min(1, 'Labels cannot be empty').max(255).regex(JIRA_LABEL, 'Jira labels cannot contain spaces; use - or _')).max(20).default(['herald']),
  component: z.string().trim().max(255).default(''),
  /** Server/DC: the user name; Cloud: the account id. Empty = the project's default assignee. */
  assignee: z.string().trim().max(128).default(''),
  /** LiquidJS; empty = Herald's default. */
  summary_template: z.string().max(1000, 'Summary template is longer than 1000 characters').default(''),
  description_template: z.string().max(50_000, 'Description template is longer than 50,000 characters').default(''),
  /** The same alert again: comment on the existing issue, or do nothing. */
  on_repeat: z.enum(['comment', 'nothing']).default('comment'),
  fingerprint: z.array(z.enum(FINGERPRINT_FIELDS)).min(1, 'Choose at least one field that identifies an alert').default(['project', 'policy_name', 'dependency', 'vulnerability']),
});
export type JiraActionParams = z.infer<typeof JiraActionParamsSchema>;

/**
 * Slack: an incoming webhook (the URL is the credential, stored as a secret), or a bot token
 * posting with chat.postMessage to a channel. The API base is a setting so a local fake can stand in.
 */
export const SLACK_MODES = ['webhook', 'bot'] as const;
export const DEFAULT_SLACK_API_BASE = 'https://slack.com/api';
const SLACK_CHANNEL = /^(#[a-z0-9][a-z0-9._-]{0,79}|[CGD][A-Z0-9]{6,20})$/;
export const SlackSettingsSchema = z
  .object({
    mode: z.enum(SLACK_MODES, { error: 'Choose incoming webhook or bot token' }).default('webhook'),
    /** Bot mode: a channel id (C0123ABCD) or #name. */
    channel: z.string().trim().max(81, 'Channel is longer than 80 characters').default(''),
    api_base: HttpUrlSchema.default(DEFAULT_SLACK_API_BASE),
    /** LiquidJS for the plain-text fallback and notifications; empty = Herald's default. */
    text_template: z.string().max(4000, 'Text template is longer than 4000 characters').default(''),
    timeout_ms: z.number().int().min(1000, 'At least 1 s').max(120_000, 'At most 120 s').default(15_000),
  })
  .superRefine((v, ctx) => {
    if (v.mode === 'bot' && !v.channel) ctx.addIssue({ code: 'custom', path: ['channel'], message: 'Enter the channel, e.g. #security-alerts or C0123ABCD' });
    else if (v.mode === 'bot' && !SLACK_CHANNEL.test(v.channel)) {
      ctx.addIssue({ code: 'custom', path: ['channel'], message: 'A channel is #name in lower case or an id such as C0123ABCD' });
    }
  });
export type SlackSettings = z.infer<typeof SlackSettingsSchema>;
export const SlackSecretsSchema = z
  .object({
    webhook_url: SecretInputSchema.refine((v) => v == null || /^https?:\/\/[^\s/]+\/\S*$/.test(v), 'Paste the whole webhook URL, e.g. https://hooks.slack.com/services/T000/B000/XXXX'),
    bot_token: SecretInputSchema.refine((v) => v == null || /^xox[bp]-[\w-]+$/.test(v), 'A bot token starts with xoxb-; copy it from OAuth & Permissions'),
  })
  .default({});
/** A Slack action has no parameters: the integration's own webhook or channel is used. */
export const SlackActionParamsSchema = z.object({}).default({});

/** A pasted URL: http(s), no spaces, with a path. The chat kinds below check their own path shape too. */
const WEBHOOK_URL = /^https?:\/\/[^\s/]+\/\S*$/;
const CHAT_TEXT_TEMPLATE = z.string().max(4000, 'Text template is longer than 4000 characters').default('');
const CHAT_TIMEOUT = z.number().int().min(1000, 'At least 1 s').max(120_000, 'At most 120 s').default(15_000);

/**
 * Microsoft Teams: a Workflows URL ("When a Teams webhook request is received", Power Automate) or a
 * legacy Office 365 connector's incoming webhook URL. The URL carries its signature, so it is the
 * credential and stored as a secret. Both take an Adaptive Card in a `message` envelope.
 */
export const TeamsSettingsSchema = z.object({
  /** LiquidJS for the card's title and the notification text; empty = Herald's default. */
  text_template: CHAT_TEXT_TEMPLATE,
  timeout_ms: CHAT_TIMEOUT,
});
export type TeamsSettings = z.infer<typeof TeamsSettingsSchema>;
export const TeamsSecretsSchema = z
  .object({
    webhook_url: SecretInputSchema.refine((v) => v == null || WEBHOOK_URL.test(v), 'Paste the whole workflow URL, e.g. https://prod-00.westeurope.logic.azure.com:443/workflows/…'),
  })
  .default({});
/** A Teams action has no parameters: the integration's own workflow URL is used. */
export const TeamsActionParamsSchema = z.object({}).default({});

/** Discord: a channel webhook `https://discord.com/api/webhooks/{id}/{token}` (the URL is the credential). */
const DISCORD_WEBHOOK = /^https?:\/\/[^\s/]+\/api(?:\/v\d+)?\/webhooks\/\d+\/[\w-]+\/?(?:\?\S*)?$/;
export const DiscordSettingsSchema = z.object({
  /** Overrides the webhook's own name; Discord refuses names containing "discord" or "clyde". */
  username: z
    .string()
    .trim()
    .max(80, 'Username is longer than 80 characters')
    .refine((v) => !/discord|clyde/i.test(v), 'Discord does not allow "discord" or "clyde" in a webhook username; choose another')
    .default(''),
  text_template: CHAT_TEXT_TEMPLATE,
  timeout_ms: CHAT_TIMEOUT,
});
export type DiscordSettings = z.infer<typeof DiscordSettingsSchema>;
export const DiscordSecretsSchema = z
  .object({
    webhook_url: SecretInputSchema.refine((v) => v == null || DISCORD_WEBHOOK.test(v), 'Paste the whole webhook URL, e.g. https://discord.com/api/webhooks/123456789012345678/abc…'),
  })
  .default({});
/** A Discord action has no parameters: the integration's own webhook is used. */
export const DiscordActionParamsSchema = z.object({}).default({});

/**
 * Mattermost: an incoming webhook `https://<server>/hooks/<key>` (the URL is the credential), with
 * the channel, username and icon optionally overridden (when the server allows overrides).
 */
const MATTERMOST_WEBHOOK = /^https?:\/\/[^\s/]+(?:\/[^\s?#]*)?\/hooks\/[A-Za-z0-9]+\/?$/;
export const MattermostSettingsSchema = z.object({
  /** A channel name (town-square, not "Town Square") or @username; empty = the webhook's own channel. */
  channel: z
    .string()
    .trim()
    .max(65, 'Channel is longer than 64 characters')
    .refine((v) => v === '' || /^(@[a-z0-9._-]{1,64}|[a-z0-9][a-z0-9_-]{0,63})$/.test(v), 'A channel is its name in lower case (town-square, not Town Square) or @username')
    .default(''),
  username: z.string().trim().max(64, 'Username is longer than 64 characters').default(''),
  icon_url: z
    .string()
    .trim()
    .max(2048, 'Icon URL is longer than 2048 characters')
    .refine((v) => v === '' || /^https?:\/\/\S+$/.test(v), 'The icon is an http(s) URL of an image, e.g. https://example.com/herald.png')
    .default(''),
  text_template: CHAT_TEXT_TEMPLATE,
  timeout_ms: CHAT_TIMEOUT,
});
export type MattermostSettings = z.infer<typeof MattermostSettingsSchema>;
export const MattermostSecretsSchema = z
  .object({
    webhook_url: SecretInputSchema.refine((v) => v == null || MATTERMOST_WEBHOOK.test(v), 'Paste the whole webhook URL, e.g. https://mattermost.example.com/hooks/xxx-generatedkey-xxx'),
  })
  .default({});
/** A Mattermost action has no parameters: the integration's own webhook and channel are used. */
export const MattermostActionParamsSchema = z.object({}).default({});

export const INTEGRATION_KINDS = ['webhook', 'email', 'jira', 'slack', 'teams', 'discord', 'mattermost', 'splunk', 'sumologic', 'insightconnect', 'pagerduty', 'opsgenie', 'telegram', 'sms'] as const;
// ------------------------------------------------------------------ log and automation receivers (Splunk, Sumo Logic, InsightConnect)

/** LiquidJS for the one-line `message` of the record a log receiver gets; empty = Herald's default. */
const MessageTemplateSchema = z.string().max(4000, 'Message template is longer than 4000 characters').default('');
const ChannelTimeoutSchema = z.number().int().min(1000, 'At least 1 s').max(120_000, 'At most 120 s').default(15_000);
/** A header value or metadata field: one line, no control characters. */
const metaField = (what: string, max: number) => z.string().trim().max(max, `${what} is longer than ${max} characters`).refine(...noControl(what)).default('');

/**
 * Splunk HTTP Event Collector: `POST <url>/services/collector/event` with `Authorization: Splunk <token>`,
 * events as concatenated JSON objects with their metadata. TLS verification stays on; a private CA
 * or a self-signed certificate (Splunk's default on port 8088) is allowed explicitly.
 */
export const DEFAULT_SPLUNK_SOURCETYPE = 'herald:alert';
export const SplunkSettingsSchema = z.object({
  /** The HEC base, e.g. https://splunk.example.com:8088 (no /services/collector path). */
  url: z
    .string({ error: 'Enter the HEC address, e.g. https://splunk.example.com:8088' })
    .trim()
    .min(1, 'Enter the HEC address, e.g. https://splunk.example.com:8088')
    .pipe(HttpUrlSchema)
    .refine((v) => !/\/services\/collector/.test(v), 'Enter only the scheme, host and port: Herald adds /services/collector/event'),
  /** Empty: the token's default index. */
  index: z
    .string()
    .trim()
    .max(80, 'Index name is longer than 80 characters')
    .refine((v) => v === '' || /^[a-z0-9][a-z0-9_-]*$/.test(v), 'An index name is lower-case letters, digits, _ and -, starting with a letter or digit')
    .default(''),
  sourcetype: metaField('Sourcetype', 200).transform((v) => v || DEFAULT_SPLUNK_SOURCETYPE),
  source: metaField('Source', 200),
  /** Empty: Splunk records the sender's address. */
  host: metaField('Host', 200),
  ca_pem: z
    .string()
    .trim()
    .max(65_536, 'CA certificate is too long')
    .refine((v) => v === '' || v.includes('-----BEGIN CERTIFICATE-----'), 'Paste the CA certificate in PEM form (-----BEGIN CERTIFICATE----- …)')
    .default(''),
  allow_self_signed: z.boolean().default(false),
  message_template: MessageTemplateSchema,
  timeout_ms: ChannelTimeoutSchema,
});
export type SplunkSettings = z.infer<typeof SplunkSettingsSchema>;
export const SplunkSecretsSchema = z
  .object({ token: SecretInputSchema.refine((v) => v == null || GUID.test(v.trim()), 'A HEC token looks like 12345678-9abc-def0-1234-56789abcdef0: copy it from Settings → Data inputs → HTTP Event Collector') })
  .default({});
export const SplunkActionParamsSchema = z.object({}).default({});

/**
 * Sumo Logic HTTP Logs & Metrics source: the source URL is the credential (stored as a secret);
 * newline-delimited JSON with the X-Sumo-Category/Name/Host headers, optionally gzip-compressed.
 */
export const SumoLogicSettingsSchema = z.object({
  /** X-Sumo-Category; empty = the source's own category. */
  category: metaField('Source category', 1024),
  /** X-Sumo-Name. */
  source_name: metaField('Source name', 1024),
  /** X-Sumo-Host. */
  source_host: metaField('Source host', 1024),
  gzip: z.boolean().default(true),
  message_template: MessageTemplateSchema,
  timeout_ms: ChannelTimeoutSchema,
});
export type SumoLogicSettings = z.infer<typeof SumoLogicSettingsSchema>;
export const SumoLogicSecretsSchema = z
  .object({
    source_url: SecretInputSchema.refine(
      (v) => v == null || /^https?:\/\/[^\s/]+\/receiver\/v1\/http\/[^\s/]+$/.test(v.trim()),
      'Paste the whole HTTP source URL, e.g. https://endpoint4.collection.us2.sumologic.com/receiver/v1/http/ZaVnC4dhaV…',
    ),
  })
  .default({});
export const SumoLogicActionParamsSchema = z.object({}).default({});

/**
 * Rapid7 InsightConnect: a workflow's API trigger URL (secret: its UUID is the only guard unless the
 * trigger requires a key) and, when it does, an Insight platform API key sent as X-API-Key.
 */
export const InsightConnectSettingsSchema = z.object({
  message_template: MessageTemplateSchema,
  timeout_ms: ChannelTimeoutSchema,
});
export type InsightConnectSettings = z.infer<typeof InsightConnectSettingsSchema>;
export const InsightConnectSecretsSchema = z
  .object({
    trigger_url: SecretInputSchema.refine(
      (v) => v == null || /^https?:\/\/[^\s/]+\/\S+$/.test(v.trim()),
      'Paste the whole trigger URL, e.g. https://us.api.insight.rapid7.com/connect/v1/workflows/…/events/execute',
    ),
    api_key: SecretInputSchema.refine((v) => v == null || /^[\w-]{8,200}$/.test(v.trim()), 'An Insight API key is letters, digits and dashes: copy it from Insight Platform → API Key Management'),
  })
  .default({});
export const InsightConnectActionParamsSchema = z.object({}).default({});

/**
 * Incident services (PagerDuty, Opsgenie): one alert per event, deduplicated by the alert's
 * fingerprint, and resolved or closed when a later scan of the project finishes without it.
 * Herald's level of an alert: `blocker` for a blocking policy, else its severity; `other` for
 * events that carry no severity (analysis errors and the like).
 */
export const INCIDENT_LEVELS = ['blocker', 'critical', 'high', 'medium', 'low', 'info', 'other'] as const;
export type IncidentLevel = (typeof INCIDENT_LEVELS)[number];

/** PagerDuty Events API v2: the routing key (an integration key) is the credential. */
export const PAGERDUTY_EVENTS_URLS = { us: 'https://events.pagerduty.com/v2/enqueue', eu: 'https://events.eu.pagerduty.com/v2/enqueue' } as const;
export const PAGERDUTY_SEVERITIES = ['critical', 'error', 'warning', 'info'] as const;
const pdSeverity = z.enum(PAGERDUTY_SEVERITIES, { error: 'PagerDuty severity is critical, error, warning or info' });
export const PAGERDUTY_DEFAULT_SEVERITIES = { blocker: 'critical', critical: 'critical', high: 'error', medium: 'warning', low: 'info', info: 'info', other: 'warning' } as const;
export const PagerDutySettingsSchema = z.object({
  /** US or EU service region, or a proxy; tests point it at a local fake. */
  events_url: HttpUrlSchema.default(PAGERDUTY_EVENTS_URLS.us),
  severity_map: z
    .object(Object.fromEntries(INCIDENT_LEVELS.map((l) => [l, pdSeverity.default(PAGERDUTY_DEFAULT_SEVERITIES[l])])) as Record<IncidentLevel, z.ZodDefault<typeof pdSeverity>>)
    .default({ ...PAGERDUTY_DEFAULT_SEVERITIES }),
  /** LiquidJS for payload.summary; empty = Herald's default. */
  summary_template: z.string().max(1000, 'Summary template is longer than 1000 characters').default(''),
  /** Send `resolve` for alerts a later scan of the project no longer reports. */
  resolve_on_clean_scan: z.boolean().default(true),
  timeout_ms: z.number().int().min(1000, 'At least 1 s').max(120_000, 'At most 120 s').default(15_000),
});
export type PagerDutySettings = z.infer<typeof PagerDutySettingsSchema>;
export const PagerDutySecretsSchema = z
  .object({
    routing_key: SecretInputSchema.refine((v) => v == null || /^[A-Za-z0-9]{32}$/.test(v), 'A routing key is the 32-character Integration Key of an Events API v2 integration'),
  })
  .default({});
export const PagerDutyActionParamsSchema = z.object({}).default({});

/** Opsgenie Alert API: a GenieKey of an API integration; US or EU instance. */
export const OPSGENIE_API_BASES = { us: 'https://api.opsgenie.com', eu: 'https://api.eu.opsgenie.com' } as const;
export const OPSGENIE_PRIORITIES = ['P1', 'P2', 'P3', 'P4', 'P5'] as const;
const ogPriority = z.enum(OPSGENIE_PRIORITIES, { error: 'Opsgenie priority is P1, P2, P3, P4 or P5' });
export const OPSGENIE_DEFAULT_PRIORITIES = { blocker: 'P1', critical: 'P1', high: 'P2', medium: 'P3', low: 'P4', info: 'P5', other: 'P3' } as const;
export const OpsgenieSettingsSchema = z.object({
  api_base: HttpUrlSchema.default(OPSGENIE_API_BASES.us),
  priority_map: z
    .object(Object.fromEntries(INCIDENT_LEVELS.map((l) => [l, ogPriority.default(OPSGENIE_DEFAULT_PRIORITIES[l])])) as Record<IncidentLevel, z.ZodDefault<typeof ogPriority>>)
    .default({ ...OPSGENIE_DEFAULT_PRIORITIES }),
  /** Teams that receive the alert (responders); empty = the API integration's own team. */
  teams: z.array(z.string().trim().min(1, 'Team names cannot be empty').max(100, 'A team name is longer than 100 characters')).max(50, 'At most 50 teams').default([]),
  /** LiquidJS for the alert message (130 characters); empty = Herald's default. */
  message_template: z.string().max(1000, 'Message template is longer than 1000 characters').default(''),
  /** Close alerts a later scan of the project no longer reports. */
  resolve_on_clean_scan: z.boolean().default(true),
  timeout_ms: z.number().int().min(1000, 'At least 1 s').max(120_000, 'At most 120 s').default(15_000),
});
export type OpsgenieSettings = z.infer<typeof OpsgenieSettingsSchema>;
export const OpsgenieSecretsSchema = z
  .object({
    api_key: SecretInputSchema.refine((v) => v == null || /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(v), 'An Opsgenie API key looks like 1a2b3c4d-5e6f-…; copy it from the API integration'),
  })
  .default({});
export const OpsgenieActionParamsSchema = z.object({}).default({});

/**
 * Telegram: a bot (token from @BotFather) posting with sendMessage to a chat: a user or group by
 * its numeric id (groups are negative, supergroups and channels -100…), or a public @channel.
 * The API base is a setting so a local fake can stand in.
 */
export const DEFAULT_TELEGRAM_API_BASE = 'https://api.telegram.org';
const TELEGRAM_CHAT = /^(-?\d{1,20}|@[A-Za-z][A-Za-z0-9_]{4,31})$/;
export const TelegramSettingsSchema = z.object({
  chat_id: z
    .string({ error: 'Enter the chat id, e.g. -1001234567890 or @security_alerts' })
    .trim()
    .min(1, 'Enter the chat id, e.g. -1001234567890 or @security_alerts')
    .max(40, 'Chat id is longer than 40 characters')
    .regex(TELEGRAM_CHAT, 'A chat id is a number (negative for groups, -100… for supergroups and channels) or @channelusername'),
  /** Forum topics: the topic's message_thread_id; empty = the chat's main thread. */
  message_thread_id: z.string().trim().regex(/^\d{0,12}$/, 'The topic id is a number, e.g. 42; leave it empty outside forum topics').default(''),
  api_base: HttpUrlSchema.default(DEFAULT_TELEGRAM_API_BASE),
  /** LiquidJS producing Telegram HTML (values are escaped); empty = Herald's default. */
  text_template: z.string().max(4000, 'Text template is longer than 4000 characters').default(''),
  timeout_ms: z.number().int().min(1000, 'At least 1 s').max(120_000, 'At most 120 s').default(15_000),
});
export type TelegramSettings = z.infer<typeof TelegramSettingsSchema>;
export const TelegramSecretsSchema = z
  .object({
    bot_token: SecretInputSchema.refine((v) => v == null || /^\d{3,20}:[\w-]{30,100}$/.test(v), 'A bot token looks like 123456789:AAE…; copy it from @BotFather'),
  })
  .default({});
/** A Telegram action has no parameters: the integration's own chat is used. */
export const TelegramActionParamsSchema = z.object({}).default({});

/**
 * SMS through a generic HTTP gateway (seed 002): any URL, method, auth and body, with `{{ phone }}`
 * and `{{ text }}` placeholders; one request per recipient. Numbers are E.164.
 */
export const SMS_METHODS = ['POST', 'GET', 'PUT'] as const;
export const SMS_AUTH = ['none', 'basic', 'bearer', 'header'] as const;
export const SMS_CONTENT_TYPES = ['json', 'form', 'plain'] as const;
export const SMS_ENCODINGS = ['auto', 'ucs2'] as const;
const E164 = /^\+\d{8,15}$/;
export const PhoneNumberSchema = z
  .string({ error: 'Enter a phone number in international form, e.g. +447700900123' })
  .trim()
  .superRefine((v, ctx) => {
    if (!E164.test(v)) ctx.addIssue({ code: 'custom', message: `${v || '(empty)'} is not an international number: use + and 8–15 digits, e.g. +447700900123` });
  });
export const SmsRecipientsSchema = z
  .array(PhoneNumberSchema, { error: 'Add the phone numbers to text' })
  .max(50, 'At most 50 numbers; a gateway group or list is better for more')
  .transform((list) => [...new Set(list)]);
/** The gateway URL may carry placeholders (GET gateways): checked with them filled in. */
const SmsUrlSchema = z
  .string({ error: 'Enter the gateway URL, e.g. https://sms.example.com/api/send' })
  .trim()
  .min(1, 'Enter the gateway URL, e.g. https://sms.example.com/api/send')
  .max(2048, 'URL is longer than 2048 characters; shorten it')
  .refine((v) => HttpUrlSchema.safeParse(v.replace(/\{\{[^}]*\}\}|\{%[^%]*%\}/g, '0')).success, 'Not a valid http:// or https:// URL, e.g. https://sms.example.com/api/send?to={{ phone }}');
export const SmsSettingsSchema = z
  .object({
    url: SmsUrlSchema,
    method: z.enum(SMS_METHODS, { error: 'Choose POST, GET or PUT' }).default('POST'),
    auth: z.enum(SMS_AUTH, { error: 'Choose none, basic, bearer token or a custom header' }).default('none'),
    /** Basic auth: the login; the password is a secret. */
    username: z.string().trim().max(256, 'Login is longer than 256 characters').refine(...noControl('Login')).default(''),
    /** Custom header auth: its name; the value is a secret. */
    header_name: z.string().trim().max(128, 'Header name is longer than 128 characters').default(''),
    content_type: z.enum(SMS_CONTENT_TYPES, { error: 'Choose JSON, form or plain text' }).default('json'),
    /** LiquidJS with {{ phone }} and {{ text }}, escaped for the content type; empty = Herald's default for it. */
    body_template: z.string().max(10_000, 'Body template is longer than 10,000 characters').default(''),
    recipients: SmsRecipientsSchema.default([]),
    /** LiquidJS plain text; empty = Herald's default. */
    text_template: z.string().max(2000, 'Text template is longer than 2000 characters').default(''),
    /** auto: GSM-7 when every character fits, else UCS-2; ucs2: the gateway always sends Unicode. */
    encoding: z.enum(SMS_ENCODINGS, { error: 'Choose automatic or always UCS-2' }).default('auto'),
    max_parts: z.number({ error: 'Enter how many SMS parts a message may use, 1 to 10' }).int('Use a whole number of parts').min(1, 'At least 1 part').max(10, 'At most 10 parts').default(3),
    /** Many gateways answer 200 with an error in the body: then success must also show this text. */
    success_contains: z.string().max(200, 'Success text is longer than 200 characters').default(''),
    timeout_ms: z.number().int().min(1000, 'At least 1 s').max(120_000, 'At most 120 s').default(15_000),
  })
  .superRefine((v, ctx) => {
    if (v.auth === 'basic' && !v.username) ctx.addIssue({ code: 'custom', path: ['username'], message: 'Enter the gateway login, or choose another authentication' });
    if (v.auth === 'header') {
      const checked = TokenHeaderSchema.safeParse(v.header_name);
      if (!v.header_name) ctx.addIssue({ code: 'custom', path: ['header_name'], message: 'Enter the header name, e.g. X-API-Key' });
      else if (!checked.success) ctx.addIssue({ code: 'custom', path: ['header_name'], message: checked.error.issues[0]!.message });
    }
  });
export type SmsSettings = z.infer<typeof SmsSettingsSchema>;
export const SmsSecretsSchema = z.object({ password: SecretInputSchema, token: SecretInputSchema, header_value: SecretInputSchema }).default({});
/** An SMS action may name its own recipients; empty = the integration's. */
export const SmsActionParamsSchema = z.object({ recipients: SmsRecipientsSchema.default([]) }).default({ recipients: [] });

export const IntegrationKindSchema = z.enum(INTEGRATION_KINDS);
export type IntegrationKind = z.infer<typeof IntegrationKindSchema>;

export const WebhookInputSchema = z.object({
  kind: z.literal('webhook'),
  name: IntegrationNameSchema,
  is_active: z.boolean().default(true),
  settings: WebhookSettingsSchema,
  secrets: WebhookSecretsSchema,
  /** Omitted: the defaults on create, the stored policy on update. */
  policy: DeliveryPolicySchema.optional(),
});
export const EmailInputSchema = z.object({
  kind: z.literal('email'),
  name: IntegrationNameSchema,
  is_active: z.boolean().default(true),
  settings: EmailSettingsSchema,
  secrets: EmailSecretsSchema,
  /** Omitted: the defaults on create, the stored policy on update. */
  policy: DeliveryPolicySchema.optional(),
});
export const JiraInputSchema = z.object({
  kind: z.literal('jira'),
  name: IntegrationNameSchema,
  is_active: z.boolean().default(true),
  settings: JiraSettingsSchema,
  secrets: JiraSecretsSchema,
  /** Omitted: the defaults on create, the stored policy on update. */
  policy: DeliveryPolicySchema.optional(),
});
export const SlackInputSchema = z.object({
  kind: z.literal('slack'),
  name: IntegrationNameSchema,
  is_active: z.boolean().default(true),
  settings: SlackSettingsSchema,
  secrets: SlackSecretsSchema,
  /** Omitted: the defaults on create, the stored policy on update. */
  policy: DeliveryPolicySchema.optional(),
});
export const TeamsInputSchema = z.object({
  kind: z.literal('teams'),
  name: IntegrationNameSchema,
  is_active: z.boolean().default(true),
  settings: TeamsSettingsSchema,
  secrets: TeamsSecretsSchema,
  /** Omitted: the defaults on create, the stored policy on update. */
  policy: DeliveryPolicySchema.optional(),
});
export const DiscordInputSchema = z.object({
  kind: z.literal('discord'),
  name: IntegrationNameSchema,
  is_active: z.boolean().default(true),
  settings: DiscordSettingsSchema,
  secrets: DiscordSecretsSchema,
  /** Omitted: the defaults on create, the stored policy on update. */
  policy: DeliveryPolicySchema.optional(),
});
export const MattermostInputSchema = z.object({
  kind: z.literal('mattermost'),
  name: IntegrationNameSchema,
  is_active: z.boolean().default(true),
  settings: MattermostSettingsSchema,
  secrets: MattermostSecretsSchema,
  /** Omitted: the defaults on create, the stored policy on update. */
  policy: DeliveryPolicySchema.optional(),
});
export const SplunkInputSchema = z.object({
  kind: z.literal('splunk'),
  name: IntegrationNameSchema,
  is_active: z.boolean().default(true),
  settings: SplunkSettingsSchema,
  secrets: SplunkSecretsSchema,
  policy: DeliveryPolicySchema.optional(),
});
export const SumoLogicInputSchema = z.object({
  kind: z.literal('sumologic'),
  name: IntegrationNameSchema,
  is_active: z.boolean().default(true),
  settings: SumoLogicSettingsSchema,
  secrets: SumoLogicSecretsSchema,
  policy: DeliveryPolicySchema.optional(),
});
export const InsightConnectInputSchema = z.object({
  kind: z.literal('insightconnect'),
  name: IntegrationNameSchema,
  is_active: z.boolean().default(true),
  settings: InsightConnectSettingsSchema,
  secrets: InsightConnectSecretsSchema,
  policy: DeliveryPolicySchema.optional(),
});
export const PagerDutyInputSchema = z.object({
  kind: z.literal('pagerduty'),
  name: IntegrationNameSchema,
  is_active: z.boolean().default(true),
  settings: PagerDutySettingsSchema,
  secrets: PagerDutySecretsSchema,
  policy: DeliveryPolicySchema.optional(),
});
export const OpsgenieInputSchema = z.object({
  kind: z.literal('opsgenie'),
  name: IntegrationNameSchema,
  is_active: z.boolean().default(true),
  settings: OpsgenieSettingsSchema,
  secrets: OpsgenieSecretsSchema,
  policy: DeliveryPolicySchema.optional(),
});
export const TelegramInputSchema = z.object({
  kind: z.literal('telegram'),
  name: IntegrationNameSchema,
  is_active: z.boolean().default(true),
  settings: TelegramSettingsSchema,
  secrets: TelegramSecretsSchema,
  /** Omitted: the defaults on create, the stored policy on update. */
  policy: DeliveryPolicySchema.optional(),
});
export const SmsInputSchema = z.object({
  kind: z.literal('sms'),
  name: IntegrationNameSchema,
  is_active: z.boolean().default(true),
  settings: SmsSettingsSchema,
  secrets: SmsSecretsSchema,
  /** Omitted: the defaults on create, the stored policy on update. */
  policy: DeliveryPolicySchema.optional(),
});
/** One entry per kind; later kinds extend this union. */
export const IntegrationInputSchema = z.discriminatedUnion('kind', [
  WebhookInputSchema,
  EmailInputSchema,
  JiraInputSchema,
  SlackInputSchema,
  TeamsInputSchema,
  DiscordInputSchema,
  MattermostInputSchema,
  SplunkInputSchema,
  SumoLogicInputSchema,
  InsightConnectInputSchema,
  PagerDutyInputSchema,
  OpsgenieInputSchema,
  TelegramInputSchema,
  SmsInputSchema,
]);
export type IntegrationInput = z.input<typeof IntegrationInputSchema>;
export type IntegrationInputParsed = z.output<typeof IntegrationInputSchema>;

export interface MaskedSecret {
  is_set: boolean;
  /** e.g. `••••••••3f9a`; never the secret itself. */
  masked: string | null;
}

export type HealthState = 'active' | 'failing' | 'disabled';

export interface IntegrationHealth {
  state: HealthState;
  /** Why it is disabled, in plain words (auto-disable or by whom). */
  disabled_reason: string | null;
  disabled_at: string | null;
  disabled_by: 'user' | 'auto' | null;
  last_attempt_at: string | null;
  last_success_at: string | null;
  last_status_code: number | null;
  last_error: string | null;
  /** Deliveries in the last 24 h that succeeded, 0..1; null with no attempts. */
  success_rate_24h: number | null;
  pending_deliveries: number;
  /** Deliveries that gave up and wait to be replayed. */
  dead_letters: number;
  /** 0 when healthy; n = the n-th step of the retry schedule is due next. */
  retry_step: number;
  next_attempt_at: string | null;
}

interface IntegrationCommon {
  id: string;
  name: string;
  is_active: boolean;
  secrets: Record<string, MaskedSecret>;
  /** Batching, retry schedule and auto-disable for this integration. */
  policy: DeliveryPolicy;
  /** Live, or captured by the offline sandbox (with injected failures in chaos mode). */
  sandbox: IntegrationSandbox;
  health: IntegrationHealth;
  created_at: string;
  updated_at: string;
}
export type Integration = IntegrationCommon &
  (
    | { kind: 'webhook'; settings: WebhookSettings }
    | { kind: 'email'; settings: EmailSettings }
    | { kind: 'jira'; settings: JiraSettings }
    | { kind: 'slack'; settings: SlackSettings }
    | { kind: 'teams'; settings: TeamsSettings }
    | { kind: 'discord'; settings: DiscordSettings }
    | { kind: 'mattermost'; settings: MattermostSettings }
    | { kind: 'splunk'; settings: SplunkSettings }
    | { kind: 'sumologic'; settings: SumoLogicSettings }
    | { kind: 'insightconnect'; settings: InsightConnectSettings }
    | { kind: 'pagerduty'; settings: PagerDutySettings }
    | { kind: 'opsgenie'; settings: OpsgenieSettings }
    | { kind: 'telegram'; settings: TelegramSettings }
    | { kind: 'sms'; settings: SmsSettings }
  );

export const IdSchema = z.string().trim().min(1, 'id is required').max(64, 'id is too long');

// ------------------------------------------------------------------ rules

/**
 * Email actions (seed 000: "add an email address on the policy's Actions"). `digest` holds policy
 * alerts and sends one scan digest when the project's or image's SCA analysis finishes; the
 * rule's other triggers still get one email each.
 */
export const EMAIL_FORMATS = ['per_event', 'digest'] as const;
export const EmailActionParamsSchema = z.object({
  recipients: z
    .array(EmailAddressSchema, { error: 'Add the recipients\' e-mail addresses' })
    .min(1, 'Add at least one recipient')
    .max(100, 'At most 100 recipients per action; use a distribution list for more')
    .transform((list) => [...new Set(list.map((a) => a.toLowerCase()))]),
  format: z.enum(EMAIL_FORMATS, { error: 'Choose per_event or digest' }).default('per_event'),
});
export type EmailActionParams = z.infer<typeof EmailActionParamsSchema>;
/** A webhook action has no parameters: the webhook's own URL and token are used. */
export const WebhookActionParamsSchema = z.object({}).default({});

/** Per integration kind, what an action that names it carries. */
export const ACTION_PARAMS_SCHEMAS = {
  webhook: WebhookActionParamsSchema,
  email: EmailActionParamsSchema,
  jira: JiraActionParamsSchema,
  slack: SlackActionParamsSchema,
  teams: TeamsActionParamsSchema,
  discord: DiscordActionParamsSchema,
  mattermost: MattermostActionParamsSchema,
  splunk: SplunkActionParamsSchema,
  sumologic: SumoLogicActionParamsSchema,
  insightconnect: InsightConnectActionParamsSchema,
  pagerduty: PagerDutyActionParamsSchema,
  opsgenie: OpsgenieActionParamsSchema,
  telegram: TelegramActionParamsSchema,
  sms: SmsActionParamsSchema,
} as const satisfies Record<IntegrationKind, z.ZodType>;

/** A week: the longest a fallback waits for its action to be delivered. */
export const MAX_FALLBACK_MINUTES = 10_080;
const FALLBACK_MINUTES_HELP = 'Enter the minutes to wait before escalating: a whole number from 1 to 10080 (a week)';
/**
 * Escalation: when the action's delivery is not delivered within `after_minutes` of the event (or
 * its integration is disabled), the event also goes to this other integration, once.
 */
export const RuleFallbackSchema = z.object({
  integration_id: z.string({ error: 'Choose the integration to escalate to' }).trim().min(1, 'Choose the integration to escalate to').max(64, 'id is too long'),
  /** Checked against the fallback integration's kind, like an action's. */
  params: z.record(z.string(), z.unknown()).default({}),
  after_minutes: z.number({ error: FALLBACK_MINUTES_HELP }).int(FALLBACK_MINUTES_HELP).min(1, FALLBACK_MINUTES_HELP).max(MAX_FALLBACK_MINUTES, FALLBACK_MINUTES_HELP),
});
export type RuleFallback = z.output<typeof RuleFallbackSchema>;

export const RuleActionInputSchema = z.object({
  integration_id: IdSchema,
  /** Checked against the integration's kind (ACTION_PARAMS_SCHEMAS) when the rule is saved. */
  params: z.record(z.string(), z.unknown()).default({}),
  fallback: RuleFallbackSchema.optional(),
});

export const RuleInputSchema = z.object({
  name: z.string({ error: 'Enter a name for this rule' }).trim().min(1, 'Enter a name for this rule').max(100, 'Name is longer than 100 characters'),
  is_active: z.boolean().default(true),
  triggers: z
    .array(TriggerNameSchema, { error: 'Choose the events this rule routes' })
    .min(1, 'Choose at least one event this rule routes')
    .transform((list) => [...new Set(list)]),
  projects: ProjectsSchema,
  /** All must hold (AND). Empty = every event of the chosen triggers and projects. */
  conditions: z.array(ConditionSchema).max(20, 'At most 20 conditions per rule').default([]),
  actions: z.array(RuleActionInputSchema, { error: 'Add an action: where matching events go' }).min(1, 'Add at least one action: where matching events go').max(20, 'At most 20 actions per rule'),
});
export type RuleInput = z.input<typeof RuleInputSchema>;
export type RuleInputParsed = z.output<typeof RuleInputSchema>;

export interface RuleAction {
  integration_id: string;
  params: Record<string, unknown>;
  /** Where the event also goes when this action is not delivered in time. */
  fallback?: RuleFallback;
}
export interface Rule {
  id: string;
  name: string;
  is_active: boolean;
  triggers: TriggerName[];
  projects: string[];
  conditions: Condition[];
  actions: RuleAction[];
  created_at: string;
  updated_at: string;
}

/** `system`: Herald's own events, e.g. an integration was disabled automatically. */
export const EventSourceSchema = z.enum(['ui', 'api', 'test', 'scenario', 'system']);
export type EventSource = z.infer<typeof EventSourceSchema>;

export const EventInputSchema = z.object({
  trigger: z.string({ error: 'trigger is required: one of the catalogue names, e.g. project_sca_analysis_finished' }).min(1, 'trigger is required'),
  payload: z
    .record(z.string(), z.unknown(), { error: 'payload must be a JSON object, e.g. {"project_id": 1}' })
    .default({}),
  created_at: z.iso
    .datetime({ offset: true, error: 'created_at must be an ISO 8601 date-time, e.g. 2026-11-22T10:15:00Z' })
    .optional(),
});
export type EventInput = z.input<typeof EventInputSchema>;

export interface HeraldEvent {
  id: string;
  trigger: string;
  created_at: string;
  received_at: string;
  project: string | null;
  payload: Record<string, unknown>;
  source: EventSource;
}

export interface FireResult {
  event: HeraldEvent;
  /** Integrations that will receive the event. */
  routed_to: { integration_id: string; integration_name: string }[];
  /** Email digests that hold this policy alert until the analysis finishes. */
  held_for_digest: { integration_id: string; integration_name: string; rule_name: string }[];
  /** The trigger is switched off in the catalogue: the event is recorded and nothing is sent. */
  switched_off: boolean;
}

/** Demo and test scans: started, some policy alerts, finished, fired in order. */
export const ScenarioInputSchema = z.object({
  scenario: z.enum(['project_scan', 'image_scan'], { error: 'scenario must be project_scan or image_scan' }).default('project_scan'),
  /** Project name (or image reference for image_scan); defaults to the catalogue example's. */
  subject: z.string().trim().min(1, 'Enter the project or image name').max(300, 'Name is too long').optional(),
  /** How many policy alerts fire between start and finish. */
  policies: z.number().int().min(0, 'At least 0').max(50, 'At most 50 policy alerts').default(3),
  /** Share of those alerts from blocking policies, 0..1; omitted: one in three, as the sample findings cycle. */
  blocker_share: z.number({ error: 'blocker_share is a number from 0 to 1' }).min(0, 'At least 0 %').max(1, 'At most 100 %').optional(),
});

export type DeliveryStatus = 'pending' | 'sending' | 'delivered' | 'dead';
export type AttemptOutcome = 'delivered' | 'retry' | 'failed';
export type FailureClass = 'transient' | 'permanent' | 'auth' | 'config';

export interface RecordedRequest {
  method: string;
  url: string;
  /** Secrets masked. */
  headers: Record<string, string>;
  body: string;
  body_truncated: boolean;
}

export interface RecordedResponse {
  status: number;
  headers: Record<string, string>;
  body_excerpt: string;
  body_truncated: boolean;
}

export interface Attempt {
  id: string;
  integration_id: string | null;
  integration_name: string;
  started_at: string;
  duration_ms: number;
  outcome: AttemptOutcome;
  status_code: number | null;
  error: string | null;
  classification: FailureClass | null;
  event_ids: string[];
  /** How the attempt talked to the outside: status codes are HTTP or SMTP reply codes. */
  protocol?: 'http' | 'smtp';
  /** What was sent where, in one line, e.g. "To a@x, b@y · [Herald] …" for an email. */
  target?: string | null;
  /** Where to see the result, e.g. the created Jira issue. */
  link?: string | null;
  /** Which step of the retry schedule this attempt was (0 = first send). */
  retry_step: number;
  next_attempt_at: string | null;
  request: RecordedRequest;
  response: RecordedResponse | null;
}

/** Which rule action a delivery serves; null when the integration's own filters routed it (webhooks). */
export interface DeliveryAction {
  rule_id: string;
  rule_name: string;
  index: number;
  params: Record<string, unknown>;
  /** A scan digest: the policy events it lists, oldest first. */
  digest_event_ids?: string[];
}

/** Per-recipient state of an email delivery, so a retry never re-sends to who already accepted. */
export interface RecipientProgress {
  accepted: string[];
  rejected: { address: string; code: number | null; message: string; permanent: boolean }[];
}

/** Why a delivery exists: the escalation of another rule action that was not delivered in time. */
export interface EscalatedFrom {
  /** The primary delivery; null when the primary integration was disabled and got none. */
  delivery_id: string | null;
  integration_id: string;
  integration_name: string;
  /** timeout: not delivered within after_minutes; disabled: the primary integration is disabled. */
  reason: 'timeout' | 'disabled';
  after_minutes: number;
}

export interface Delivery {
  id: string;
  event_id: string;
  integration_id: string;
  action: DeliveryAction | null;
  /** Set on a fallback delivery: the primary it escalates. */
  escalated_from: EscalatedFrom | null;
  progress: RecipientProgress | null;
  status: DeliveryStatus;
  attempts: number;
  last_error: string | null;
  created_at: string;
  updated_at: string;
}

export type LogEntry =
  | { type: 'event'; id: string; at: string; event: HeraldEvent; routed_to: number; held_for_digest?: number; switched_off?: boolean }
  | { type: 'attempt'; id: string; at: string; attempt: Omit<Attempt, 'request' | 'response'> }
  | { type: 'notice'; id: string; at: string; integration_id: string | null; level: 'info' | 'warning' | 'error'; message: string; escalation?: EscalationNotice };

/** An escalation as the live log shows it; the notice's integration_id is the fallback's. */
export interface EscalationNotice extends EscalatedFrom {
  event_id: string;
  trigger: string;
  rule_name: string;
  fallback_integration_id: string;
  fallback_name: string;
  /** escalated: the fallback delivery is queued; skipped: the fallback integration is disabled or gone. */
  outcome: 'escalated' | 'skipped';
  /** The fallback delivery, when one was queued. */
  fallback_delivery_id: string | null;
}

export const LOG_KINDS = ['event', 'delivered', 'retry', 'failed', 'notice'] as const;
export const LogQuerySchema = z.object({
  /** Cursor: entries strictly older than this sequence number. */
  before: z.number().int().positive().optional(),
  limit: z.number().int().min(1).max(1000).default(200),
  /** Only what concerns this integration: its attempts and notices, and events routed to it. */
  integration_id: IdSchema.optional(),
  /** Only events of this trigger, and the attempts that carried one. */
  trigger: TriggerNameSchema.optional(),
  /** Events, attempts by outcome, notices; empty = all. */
  kinds: z.array(z.enum(LOG_KINDS, { error: `kinds are ${LOG_KINDS.join(', ')}` })).max(LOG_KINDS.length).default([]),
  /** ISO 8601 bounds on when it happened. */
  since: z.iso.datetime({ offset: true, error: 'since must be an ISO 8601 date-time' }).optional(),
  until: z.iso.datetime({ offset: true, error: 'until must be an ISO 8601 date-time' }).optional(),
});
export type LogQuery = z.output<typeof LogQuerySchema>;

/** Success rate and latency of one integration over time, for the Health screen's charts. */
export const HealthSeriesQuerySchema = z.object({
  integration_id: IdSchema.optional(),
  /** How far back; default 24 h. */
  since: z.iso.datetime({ offset: true, error: 'since must be an ISO 8601 date-time' }).optional(),
  /** Bucket width; default 1 h. */
  bucket_ms: z.number().int().min(60_000, 'Buckets are at least a minute').max(7 * 86_400_000, 'Buckets are at most a week').default(3_600_000),
});
export interface HealthBucket {
  /** Start of the bucket (ISO 8601). */
  at: string;
  attempts: number;
  delivered: number;
  failed: number;
  /** Of all attempts in the bucket, ms; null when there were none. */
  latency_p50_ms: number | null;
  latency_p95_ms: number | null;
}
export interface HealthSeries {
  integration_id: string;
  integration_name: string;
  buckets: HealthBucket[];
}

export interface LogPage {
  entries: (LogEntry & { seq: number })[];
  next_before: number | null;
}

export type StepStatus = 'ok' | 'failed' | 'skipped' | 'warning';
export interface TestStep {
  id: string;
  label: string;
  status: StepStatus;
  duration_ms: number | null;
  detail: string;
  hint?: string;
}
export interface TestReport {
  ok: boolean;
  /** The protocol conversation with secrets redacted (SMTP), when the kind has one. */
  transcript?: string[];
  /** e.g. the SMTP server's reply and message id of a test email. */
  details?: Record<string, string>;
  summary: string;
  hint?: string;
  steps: TestStep[];
  started_at: string;
  total_ms: number;
  status_code?: number;
  response_excerpt?: string;
  /** Set when the test went to the integration's sandbox receiver instead of its target. */
  sandbox?: 'capture' | 'chaos';
}

/** Email's "Send test email": without it, email Test it only checks the connection. */
export const TestEmailSchema = z.object({
  to: EmailAddressSchema,
  subject: z.string().trim().min(1, 'Enter a subject').max(200, 'Subject is longer than 200 characters').refine(...noControl('Subject')).default('Herald test email'),
  body: z.string().max(20_000, 'Body is longer than 20,000 characters').default('This is a test email from Herald. If you can read it, alerts will reach you.'),
});

export const TestInputSchema = z
  .object({
    /** A saved integration; with `input`, unsaved edits are tested and missing secrets come from it. */
    id: IdSchema.optional(),
    input: IntegrationInputSchema.optional(),
    send_email: TestEmailSchema.optional(),
    /** Jira: also check this project and issue type (exists, may create, required fields). */
    jira_target: z
      .object({
        project_key: JiraActionParamsSchema.shape.project_key,
        issue_type: z.string().trim().min(1, 'Enter the issue type, e.g. Bug').max(100),
      })
      .optional(),
    /** SMS: send the test message to this number (else the first recipient). */
    sms_to: PhoneNumberSchema.optional(),
  })
  .refine((v) => v.id !== undefined || v.input !== undefined, 'Give the saved integration id, the unsaved settings, or both');

export const SettingsSchema = z.object({
  /** Seed 004: events are collected and sent every 5 s. */
  batch_interval_ms: z.number().int().min(0, 'Use 0 to send at once, or a window in milliseconds').max(3_600_000, 'At most one hour').default(5000),
  http_timeout_ms: z.number().int().min(500, 'At least 500 ms').max(120_000, 'At most 120 s').default(10_000),
  /** Events, attempts and notices older than this are pruned. */
  retention_days: z.number().int().min(1, 'At least 1 day').max(3650, 'At most 10 years').default(30),
  /** Port of the local API in the desktop app; 0 turns it off. */
  api_port: z.number().int().min(0).max(65535, 'Ports go up to 65535').default(4717),
  /** Seed 001: every notification can be switched off; all are on by default. Applies to every rule and webhook. */
  disabled_triggers: z.array(TriggerNameSchema).max(100).transform((list) => [...new Set(list)]).default([]),
  /** Desktop app: closing the window keeps Herald delivering from the tray. */
  close_to_tray: z.boolean({ error: 'close_to_tray is true or false' }).default(true),
  /** Console appearance; `system` follows the operating system. */
  theme: z.enum(['light', 'dark', 'system'], { error: 'theme is light, dark or system' }).default('system'),
  /** Notification kinds the bell does not show (seed 001: each can be switched off). */
  notifications_off: z.array(z.enum(['auto_disabled', 'dead_letters', 'test_failed'], { error: 'kinds are auto_disabled, dead_letters, test_failed' })).max(3).transform((l) => [...new Set(l)]).default([]),
  /** Console language (the seeds' users read Russian). */
  language: z.enum(['en', 'ru'], { error: 'language is en or ru' }).default('en'),
});
export type Settings = z.infer<typeof SettingsSchema>;
/**
 * Only the fields given. Not `SettingsSchema.partial()`: zod 4 still fills the defaults of the
 * fields left out, so `{ theme: 'dark' }` would put every other setting back to its default.
 */
const shape = SettingsSchema.shape;
export const SettingsPatchSchema = z.object({
  batch_interval_ms: shape.batch_interval_ms.unwrap().optional(),
  http_timeout_ms: shape.http_timeout_ms.unwrap().optional(),
  retention_days: shape.retention_days.unwrap().optional(),
  api_port: shape.api_port.unwrap().optional(),
  disabled_triggers: shape.disabled_triggers.unwrap().optional(),
  close_to_tray: shape.close_to_tray.unwrap().optional(),
  theme: shape.theme.unwrap().optional(),
  notifications_off: shape.notifications_off.unwrap().optional(),
  language: shape.language.unwrap().optional(),
});

export interface AppInfo {
  version: string;
  /** 1 = real time; 3600 = an hour passes every second (demos and tests). */
  time_scale: number;
  /** The engine's clock now (ISO 8601): under a compressed clock it runs ahead of the wall clock. */
  now: string;
  /** Deliveries are paused (the tray's "Pause deliveries"): events queue, nothing is sent. */
  paused: boolean;
  mode: 'electron' | 'browser';
  data_dir: string;
  api_url: string | null;
}

export interface TriggerSummary {
  name: string;
  area: string;
  title: { en: string; ru: string };
  description: { en: string; ru: string };
  /** JSON Schema of the payload (draft 2020-12), for display and editors. */
  schema: unknown;
  example: Record<string, unknown>;
  /** False when switched off in Settings (disabled_triggers): such events are recorded, never sent. */
  enabled: boolean;
}

/** Live preview of an email template against a catalogue event (or a sample scan for digests). */
export const TemplatePreviewInputSchema = z.object({
  kind: z.enum(EMAIL_TEMPLATE_KINDS, { error: 'kind must be event or digest' }),
  template: EmailTemplateSchema.default(EMPTY_TEMPLATE),
  /** For `event`: which catalogue trigger's example to render. */
  trigger: TriggerNameSchema.default('sca_policy_has_been_triggered'),
  integration_name: z.string().max(100).default('Security mail'),
  signature: z.string().max(4000).default(''),
});
export interface TemplatePreview {
  subject: string;
  html: string;
  text: string;
}
export interface TemplateDefaults {
  templates: Record<EmailTemplateKind, EmailTemplate>;
  variables: Record<EmailTemplateKind, { name: string; description: string }[]>;
}

/** What a Jira rule action would create for a catalogue example, before anything is sent. */
export const JiraPreviewInputSchema = z.object({
  params: z.record(z.string(), z.unknown()).default({}),
  trigger: TriggerNameSchema.default('sca_policy_has_been_triggered'),
  deployment: z.enum(JIRA_DEPLOYMENTS).default('server'),
  integration_name: z.string().max(100).default('Jira'),
});
export interface JiraPreview {
  summary: string;
  /** The description as Jira receives it: wiki-markup text (Server/DC) or ADF (Cloud). */
  description: unknown;
  /** The whole `fields` object of the create request. */
  fields: Record<string, unknown>;
  fingerprint: string;
}

// ------------------------------------------------------------------ dry run

/** What one delivery would carry, rendered exactly as it would be sent (secrets masked). */
export type DeliveryPreview =
  /** `note`: what else the request carries, e.g. an SMS's encoding and parts. */
  | { kind: 'http'; method: string; url: string; headers: Record<string, string>; body: string; note?: string }
  | { kind: 'email'; from: string; to: string[]; reply_to: string; subject: string; text: string; html: string; via?: { transport: 'smtp' | 'graph'; endpoint: string; oauth2: boolean } }
  | { kind: 'jira'; project_key: string; issue_type: string; fingerprint: string; fields: Record<string, unknown> }
  | { kind: 'none'; note: string };

export interface DryRunDelivery {
  integration_id: string;
  integration_name: string;
  integration_kind: IntegrationKind;
  /** null: the integration's own filters (a webhook's events and projects). */
  rule_id: string | null;
  rule_name: string | null;
  /** send: a delivery is queued; hold: a scan digest keeps the alert until the analysis finishes; digest: this event sends the digest. */
  what: 'send' | 'hold' | 'digest';
  /** When it would go out, given the integration's batching window and retry state. */
  due_in_ms: number | null;
  preview: DeliveryPreview;
  /** The integration is sandboxed: the preview shows its own target, but the send would be captured. */
  sandbox?: 'capture' | 'chaos';
  /** Rule actions with a fallback: where the event escalates if this delivery is not delivered in time. */
  fallbacks?: { integration_id: string; integration_name: string; after_minutes: number; rule_name: string }[];
  /** This delivery is a fallback that goes at once because the primary integration is disabled. */
  escalated_from?: { integration_id: string; integration_name: string; reason: 'disabled' };
}

export interface DryRunCheck {
  /** A rule, or an integration's own filters. */
  rule_id: string | null;
  name: string;
  integration_id?: string;
  matched: boolean;
  /** Why it matched or not, one line per test, e.g. "severity is high; needs ≥ critical". */
  reasons: { ok: boolean; text: string }[];
}

export interface DryRunResult {
  trigger: string;
  project: string | null;
  switched_off: boolean;
  checks: DryRunCheck[];
  deliveries: DryRunDelivery[];
  /** Actions that matched but will not send, and why (integration disabled, …). */
  skipped: { integration_id: string; integration_name: string; rule_name: string | null; reason: string }[];
}

// ------------------------------------------------------------------ dead letters

export interface DeadLetter {
  delivery_id: string;
  event_id: string;
  trigger: string;
  project: string | null;
  event_created_at: string;
  integration_id: string;
  integration_name: string;
  integration_kind: string;
  rule_name: string | null;
  attempts: number;
  last_error: string | null;
  /** When it gave up. */
  died_at: string;
}

export const DeadLetterQuerySchema = z.object({
  integration_id: IdSchema.optional(),
  limit: z.number().int().min(1).max(1000).default(200),
  /** Cursor: the died_at (ms) and delivery id of the last row of the previous page. */
  before: z.object({ at: z.number().int(), id: IdSchema }).optional(),
});
export interface DeadLetterPage {
  items: DeadLetter[];
  total: number;
  next_before: { at: number; id: string } | null;
}

export const ReplayInputSchema = z
  .object({
    /** Replay these dead deliveries. */
    delivery_ids: z.array(IdSchema).max(10_000, 'At most 10,000 at a time; replay all instead').optional(),
    /** Or every dead delivery (of one integration, if given). */
    all: z.boolean().optional(),
    integration_id: IdSchema.optional(),
  })
  .refine((v) => (v.delivery_ids?.length ?? 0) > 0 || v.all === true, 'Give delivery_ids, or all: true');
export interface ReplayResult {
  replayed: number;
  /** Replayed deliveries whose integration is disabled: they go out once it is enabled. */
  waiting_for: { integration_id: string; integration_name: string; count: number }[];
}

// ------------------------------------------------------------------ notifications

export const NOTIFICATION_KINDS = ['auto_disabled', 'dead_letters', 'test_failed'] as const;
export type NotificationKind = (typeof NOTIFICATION_KINDS)[number];
export interface HeraldNotification {
  id: string;
  kind: NotificationKind;
  integration_id: string | null;
  title: string;
  message: string;
  /** Hash route of the screen that deals with it, e.g. #/dead?integration=… */
  link: string;
  created_at: string;
  updated_at: string;
  read: boolean;
  /** The cause went away (re-enabled, replayed, a passing test). */
  resolved: boolean;
}
export const NotificationQuerySchema = z.object({
  /** Also resolved ones (history); default: only what still needs attention. */
  include_resolved: z.boolean().default(false),
  limit: z.number().int().min(1).max(500).default(100),
});
export interface NotificationList {
  items: HeraldNotification[];
  /** Unread and unresolved, of the kinds not switched off: the bell's badge. */
  unread: number;
}
export const MarkReadInputSchema = z
  .object({ ids: z.array(IdSchema).max(500).optional(), all: z.boolean().optional() })
  .refine((v) => (v.ids?.length ?? 0) > 0 || v.all === true, 'Give ids, or all: true');
