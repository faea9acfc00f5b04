import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * Local Microsoft Teams, Discord and Mattermost webhooks that answer as each vendor documents:
 * success bodies, error bodies and codes, rate limits with their headers. Each records what it
 * received and can be told to fail the next requests.
 */

export interface RecordedChatRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

type Reply = { status: number; body: string; headers?: Record<string, string> };

abstract class ChatFake<F> {
  readonly requests: RecordedChatRequest[] = [];
  /** The bodies of messages that were posted, parsed. */
  readonly posts: Record<string, unknown>[] = [];
  protected failures: F[] = [];
  protected server!: Server;

  protected async listen(): Promise<void> {
    this.server = createServer((req, res) => void this.receive(req, res));
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
  }

  get origin(): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  /** The next `count` requests fail like this, then the service is back. */
  failNext(count: number, failure: F): void {
    for (let i = 0; i < count; i++) this.failures.push(failure);
  }

  close(): Promise<void> {
    this.server.closeAllConnections();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }

  private async receive(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const recorded = { method: req.method ?? 'GET', path: url.pathname, query: url.searchParams, headers: req.headers, body: Buffer.concat(chunks).toString('utf8') };
    this.requests.push(recorded);
    const reply = this.answer(recorded);
    res.writeHead(reply.status, { 'content-type': 'application/json; charset=utf-8', ...reply.headers });
    res.end(reply.body);
  }

  protected abstract answer(req: RecordedChatRequest): Reply;
}

export function parseJson(body: string): Record<string, unknown> | null {
  try {
    const value = JSON.parse(body) as unknown;
    return value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

const json = (status: number, value: unknown, headers: Record<string, string> = {}): Reply => ({ status, body: JSON.stringify(value), headers });
const text = (status: number, value: string, headers: Record<string, string> = {}): Reply => ({ status, body: value, headers: { 'content-type': 'text/plain; charset=utf-8', ...headers } });

// ------------------------------------------------------------------ Microsoft Teams

export type TeamsFailure = { status: 429; retryAfterSeconds: number } | { status: 400 | 404 | 500 | 502 } | { status: 'legacy429' };

/**
 * Workflows (`POST /workflows/{id}/triggers/manual/paths/invoke?…&sig=…`) answer 202 Accepted with
 * no body; a wrong signature 401, a deleted flow 404, a body the trigger cannot take 400, all as
 * `{"error":{"code","message"}}`; 429 with Retry-After. A legacy connector (`/webhookb2/…`) answers
 * 200 "1", or 400 "Bad payload received by generic incoming webhook.", and reports its own throttling
 * inside a 200: "Microsoft Teams endpoint returned HTTP error 429 …".
 */
export class TeamsFake extends ChatFake<TeamsFailure> {
  readonly signature = 'herald-test-signature-0123456789';
  readonly flowId = '0a1b2c3d4e5f';

  static async start(): Promise<TeamsFake> {
    const fake = new TeamsFake();
    await fake.listen();
    return fake;
  }

  workflowUrl(sig = this.signature, flowId = this.flowId): string {
    return `${this.origin}/workflows/${flowId}/triggers/manual/paths/invoke?api-version=2016-06-01&sp=%2Ftriggers%2Fmanual%2Frun&sv=1.0&sig=${sig}`;
  }
  get connectorUrl(): string {
    return `${this.origin}/webhookb2/1111-2222@3333-4444/IncomingWebhook/abcdef0123456789/5555-6666`;
  }

  protected answer(req: RecordedChatRequest): Reply {
    const legacy = req.path.startsWith('/webhookb2/');
    const failure = this.failures.shift();
    if (failure) {
      if (failure.status === 'legacy429') return text(200, 'Microsoft Teams endpoint returned HTTP error 429 with ContextId tcid=0,server=msgapi-production-weu-azsc2-4-17,cv=deadbeef.0..');
      if (failure.status === 429) return json(429, { error: { code: 'WorkflowRequestsThrottled', message: 'The server is throttling requests to this workflow.' } }, { 'retry-after': String(failure.retryAfterSeconds) });
      if (failure.status === 404) return json(404, { error: { code: 'WorkflowNotFound', message: `The workflow '${this.flowId}' could not be found.` } });
      if (failure.status === 400) return json(400, { error: { code: 'TriggerInputSchemaMismatch', message: "The input body for trigger 'manual' of type 'Request' did not match its schema definition." } });
      return json(failure.status, { error: { code: 'ServiceUnavailable', message: 'The service is temporarily unavailable.' } });
    }
    if (req.method !== 'POST') return json(405, { error: { code: 'MethodNotAllowed', message: 'The HTTP method is not allowed.' } });
    const message = parseJson(req.body);
    const valid = message?.type === 'message' && Array.isArray(message.attachments) && message.attachments.length > 0;
    if (legacy) {
      if (req.path !== new URL(this.connectorUrl).pathname) return text(404, 'Webhook Bad Request - Null or empty event');
      if (!valid && typeof message?.text !== 'string') return text(400, 'Bad payload received by generic incoming webhook.');
      this.posts.push(message!);
      return text(200, '1');
    }
    if (!req.path.startsWith(`/workflows/${this.flowId}/`)) return json(404, { error: { code: 'WorkflowNotFound', message: `The workflow '${req.path.split('/')[2]}' could not be found.` } });
    if (req.query.get('sig') !== this.signature) return json(401, { error: { code: 'DirectApiAuthorizationRequired', message: 'The request must be authenticated only by Shared Access scheme.' } });
    if (!valid) return json(400, { error: { code: 'TriggerInputSchemaMismatch', message: "The input body for trigger 'manual' of type 'Request' did not match its schema definition." } });
    this.posts.push(message);
    return { status: 202, body: '', headers: { 'content-type': 'text/plain', 'x-ms-workflow-run-id': `0858${this.posts.length}` } };
  }
}

// ------------------------------------------------------------------ Discord

export type DiscordFailure = { status: 429; retryAfter: number; global?: boolean } | { status: 500 | 502 } | { status: 400 };

/**
 * A channel webhook `https://discord.com/api/webhooks/{id}/{token}`: GET answers the webhook object,
 * POST `?wait=true` answers 200 and the message created (204 without wait). Errors are JSON
 * `{message, code}`: 404 10015 Unknown Webhook, 401 50027 Invalid Webhook Token, 400 50035 Invalid
 * Form Body with `errors`; 429 `{message, retry_after, global}` with Retry-After and X-RateLimit-* headers.
 */
export class DiscordFake extends ChatFake<DiscordFailure> {
  readonly webhookId = '112233445566778899';
  readonly token = 'herald-discord-token_ABCdef-0123456789';
  readonly channelId = '998877665544332211';

  static async start(): Promise<DiscordFake> {
    const fake = new DiscordFake();
    await fake.listen();
    return fake;
  }

  webhookUrl(token = this.token, id = this.webhookId): string {
    return `${this.origin}/api/webhooks/${id}/${token}`;
  }

  protected answer(req: RecordedChatRequest): Reply {
    const failure = this.failures.shift();
    if (failure) {
      if (failure.status === 429) {
        const seconds = failure.retryAfter;
        return json(429, { message: 'You are being rate limited.', retry_after: seconds, global: failure.global ?? false }, {
          'retry-after': String(Math.ceil(seconds)),
          'x-ratelimit-limit': '5',
          'x-ratelimit-remaining': '0',
          'x-ratelimit-reset-after': String(seconds),
          'x-ratelimit-bucket': 'b1e2c3d4',
          ...(failure.global ? { 'x-ratelimit-global': 'true' } : {}),
          'x-ratelimit-scope': failure.global ? 'global' : 'user',
        });
      }
      if (failure.status === 400) return json(400, { message: 'Invalid Form Body', code: 50035, errors: { embeds: { '0': { description: { _errors: [{ code: 'BASE_TYPE_MAX_LENGTH', message: 'Must be 4096 or fewer in length.' }] } } } } });
      return json(failure.status, { message: '500: Internal Server Error', code: 0 });
    }
    const match = /^\/api\/webhooks\/(\d+)\/([\w-]+)\/?$/.exec(req.path);
    if (!match || match[1] !== this.webhookId) return json(404, { message: 'Unknown Webhook', code: 10015 });
    if (match[2] !== this.token) return json(401, { message: 'Invalid Webhook Token', code: 50027 });
    const hook = { type: 1, id: this.webhookId, name: 'Herald alerts', avatar: null, channel_id: this.channelId, guild_id: '554433221100998877', application_id: null, token: this.token };
    if (req.method === 'GET') return json(200, hook);
    if (req.method !== 'POST') return json(405, { message: '405: Method Not Allowed', code: 0 });
    const message = parseJson(req.body);
    if (!message) return json(400, { message: 'Cannot send an empty message', code: 50006 });
    const errors = formErrors(message);
    if (errors) return json(400, { message: 'Invalid Form Body', code: 50035, errors });
    if (typeof message.content !== 'string' && !Array.isArray(message.embeds)) return json(400, { message: 'Cannot send an empty message', code: 50006 });
    this.posts.push(message);
    const id = String(1_300_000_000_000_000_000n + BigInt(this.posts.length));
    if (req.query.get('wait') !== 'true') return { status: 204, body: '' };
    return json(200, { id, type: 0, channel_id: this.channelId, content: message.content ?? '', embeds: message.embeds ?? [], webhook_id: this.webhookId, author: { id: this.webhookId, username: message.username ?? hook.name, bot: true } });
  }
}

/** Discord's documented limits, reported the way it reports them. */
function formErrors(message: Record<string, unknown>): Record<string, unknown> | null {
  const tooLong = (max: number) => ({ _errors: [{ code: 'BASE_TYPE_MAX_LENGTH', message: `Must be ${max} or fewer in length.` }] });
  if (typeof message.content === 'string' && message.content.length > 2000) return { content: tooLong(2000) };
  if (typeof message.username === 'string' && /discord|clyde/i.test(message.username)) return { username: { _errors: [{ code: 'USERNAME_INVALID_CONTAINS', message: 'Username cannot contain "discord"' }] } };
  const embeds = Array.isArray(message.embeds) ? (message.embeds as Record<string, unknown>[]) : [];
  for (const [i, embed] of embeds.entries()) {
    if (typeof embed.title === 'string' && embed.title.length > 256) return { embeds: { [i]: { title: tooLong(256) } } };
    if (typeof embed.description === 'string' && embed.description.length > 4096) return { embeds: { [i]: { description: tooLong(4096) } } };
    const fields = Array.isArray(embed.fields) ? (embed.fields as { value?: unknown }[]) : [];
    if (fields.length > 25) return { embeds: { [i]: { fields: { _errors: [{ code: 'BASE_TYPE_MAX_LENGTH', message: 'Must be 25 or fewer in length.' }] } } } };
    for (const [j, field] of fields.entries()) if (typeof field.value === 'string' && field.value.length > 1024) return { embeds: { [i]: { fields: { [j]: { value: tooLong(1024) } } } } };
  }
  return null;
}

// ------------------------------------------------------------------ Mattermost

export type MattermostFailure = { status: 429; resetSeconds: number } | { status: 500 | 503 };

/**
 * An incoming webhook `POST /hooks/{key}` that answers 200 "ok" (text/plain). Errors are AppErrors
 * `{id, message, detailed_error, request_id, status_code}`: an unknown key 400 invalid, a missing
 * channel 404, a channel other than its own when locked 403; its rate limiter answers 429 "limit
 * exceeded" with X-Ratelimit-Limit/-Remaining/-Reset and Retry-After.
 */
export class MattermostFake extends ChatFake<MattermostFailure> {
  readonly key = 'h7q3ud1iyfdgpmbw7nkszxkfyc';
  readonly channels = ['security-alerts', 'town-square'];
  /** The webhook's own channel; with `locked` it may post nowhere else. */
  readonly ownChannel = 'security-alerts';
  locked = false;

  static async start(): Promise<MattermostFake> {
    const fake = new MattermostFake();
    await fake.listen();
    return fake;
  }

  webhookUrl(key = this.key): string {
    return `${this.origin}/hooks/${key}`;
  }

  private appError(status: number, id: string, message: string): Reply {
    return json(status, { id, message, detailed_error: '', request_id: 'r8mkzq1t5fd6tqz1wzpgd9xg3c', status_code: status });
  }

  protected answer(req: RecordedChatRequest): Reply {
    const failure = this.failures.shift();
    if (failure) {
      if (failure.status === 429) {
        return text(429, 'limit exceeded\n', { 'x-ratelimit-limit': '10', 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': String(failure.resetSeconds), 'retry-after': String(failure.resetSeconds) });
      }
      return this.appError(failure.status, 'app.post.save.app_error', 'Unable to save the post.');
    }
    const match = /^\/hooks\/([a-z0-9]+)$/.exec(req.path);
    if (req.method !== 'POST' || !match) return this.appError(404, 'api.context.404.app_error', 'Sorry, we could not find the page.');
    if (match[1] !== this.key) return this.appError(400, 'web.incoming_webhook.invalid.app_error', 'Invalid webhook.');
    const message = parseJson(req.body);
    if (!message) return this.appError(400, 'api.webhook.incoming.error', 'Could not decode the multipart payload of incoming webhook.');
    if (typeof message.text !== 'string' && !Array.isArray(message.attachments)) return this.appError(400, 'web.incoming_webhook.text.app_error', 'No text specified.');
    const channel = typeof message.channel === 'string' && message.channel ? message.channel : this.ownChannel;
    if (!channel.startsWith('@') && !this.channels.includes(channel)) return this.appError(404, 'web.incoming_webhook.channel.app_error', "Couldn't find the channel.");
    if (this.locked && channel !== this.ownChannel) return this.appError(403, 'web.incoming_webhook.channel_locked.app_error', 'This webhook is not permitted to post to the requested channel.');
    this.posts.push({ ...message, channel });
    return text(200, 'ok');
  }
}
