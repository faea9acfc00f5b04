import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A local Microsoft identity platform + Microsoft Graph that answers as Microsoft documents it.
 *
 * Token endpoint `POST /{tenant}/oauth2/v2.0/token` (form: client_id, client_secret, scope,
 * grant_type=client_credentials): 200 `{token_type, expires_in, ext_expires_in, access_token}`; errors
 * as `{error, error_description: "AADSTS…: …\r\nTrace ID: …", error_codes, timestamp, trace_id,
 * correlation_id}` — 400 AADSTS90002 (tenant not found), 400 unauthorized_client AADSTS700016 (app not
 * found in the directory), 401 invalid_client AADSTS7000215 (invalid client secret).
 *
 * Graph `POST /v1.0/users/{id}/sendMail`: 202 with no body; `{error:{code,message}}` otherwise — 401
 * InvalidAuthenticationToken, 403 ErrorAccessDenied (no Mail.Send role), 404 ErrorInvalidUser,
 * 429/503 with Retry-After. `GET /v1.0/users/{id}`: 200, 404 Request_ResourceNotFound, or 403
 * Authorization_RequestDenied without User.Read.All.
 */
export const TENANT = '72f988bf-86f1-41af-91ab-2d7cd011db47';
export const CLIENT_ID = '6731de76-14a6-49ae-97bc-6eba6914391e';
export const CLIENT_SECRET = 'Qx58Q~herald.test-secret_0123456789abcdef';
export const GRAPH_AUD = 'https://graph.microsoft.com';
export const SMTP_AUD = 'https://outlook.office365.com';

export interface M365FakeOptions {
  /** Application roles with admin consent, carried in the token. */
  roles?: string[];
  mailboxes?: { address: string; displayName: string }[];
  expiresIn?: number;
}

interface Issued {
  aud: string;
  revoked: boolean;
}

export interface GraphSend {
  mailbox: string;
  /** The JSON body (sendMail with a message), or null for MIME. */
  json: { message: Record<string, unknown>; saveToSentItems?: boolean } | null;
  mime: string | null;
}

type Failure = { status: 429 | 503; retryAfterSeconds?: number } | { status: 500 | 502 } | { status: 401 };

const b64url = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

export class M365Fake {
  readonly tokenRequests: URLSearchParams[] = [];
  readonly graphRequests: { method: string; path: string; authorization: string | undefined; contentType: string | undefined; body: string }[] = [];
  readonly sends: GraphSend[] = [];
  private readonly issued = new Map<string, Issued>();
  private failures: Failure[] = [];
  roles: string[];
  lookupAllowed = true;
  readonly mailboxes: { address: string; displayName: string }[];
  private readonly expiresIn: number;

  private constructor(
    private readonly server: Server,
    options: M365FakeOptions,
  ) {
    this.roles = options.roles ?? ['Mail.Send'];
    this.mailboxes = options.mailboxes ?? [{ address: 'alerts@contoso.com', displayName: 'Security Alerts' }];
    this.expiresIn = options.expiresIn ?? 3599;
  }

  static async start(options: M365FakeOptions = {}): Promise<M365Fake> {
    const holder: { fake?: M365Fake } = {};
    const server = createServer((req, res) => void holder.fake!.handle(req, res));
    holder.fake = new M365Fake(server, options);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
    return holder.fake;
  }

  get origin(): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }
  get loginBase(): string {
    return this.origin;
  }
  get graphBase(): string {
    return `${this.origin}/v1.0`;
  }

  /** The next Graph answers fail like this, in order. */
  failNext(...failures: Failure[]): void {
    this.failures.push(...failures);
  }

  /** Every token issued so far stops working, as after a revoked consent or a rotated key. */
  revokeTokens(): void {
    for (const t of this.issued.values()) t.revoked = true;
  }

  /** Whether a bearer token was issued here for this audience and still stands (the SMTP server asks). */
  accepts(token: string, aud: string): boolean {
    const t = this.issued.get(token);
    return !!t && !t.revoked && t.aud === aud;
  }

  close(): Promise<void> {
    return new Promise((resolve) => this.server.close(() => resolve()));
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const body = Buffer.concat(chunks).toString('utf8');
    const url = new URL(req.url ?? '/', this.origin);
    const token = /^\/([^/]+)\/oauth2\/v2\.0\/token$/.exec(url.pathname);
    if (token && req.method === 'POST') return this.token(decodeURIComponent(token[1]!), new URLSearchParams(body), res);
    if (url.pathname.startsWith('/v1.0/')) return this.graph(req, url, body, res);
    res.writeHead(404, { 'content-type': 'text/plain' }).end('Not found');
  }

  private aadError(res: ServerResponse, status: number, error: string, code: number, description: string): void {
    const trace = randomUUID();
    const correlation = randomUUID();
    const timestamp = new Date().toISOString().replace('T', ' ').replace(/\.\d+Z$/, 'Z');
    res.writeHead(status, { 'content-type': 'application/json; charset=utf-8' }).end(
      JSON.stringify({
        error,
        error_description: `AADSTS${code}: ${description}\r\nTrace ID: ${trace}\r\nCorrelation ID: ${correlation}\r\nTimestamp: ${timestamp}`,
        error_codes: [code],
        timestamp,
        trace_id: trace,
        correlation_id: correlation,
        error_uri: `https://login.microsoftonline.com/error?code=${code}`,
      }),
    );
  }

  private token(tenant: string, form: URLSearchParams, res: ServerResponse): void {
    this.tokenRequests.push(form);
    if (tenant !== TENANT && tenant !== 'contoso.onmicrosoft.com') {
      return this.aadError(res, 400, 'invalid_request', 90002, `Tenant '${tenant}' not found. Check to make sure you have the correct tenant ID and are signing into the correct cloud. Check with your subscription administrator, this may happen if there are no active subscriptions for the tenant.`);
    }
    if (form.get('grant_type') !== 'client_credentials') return this.aadError(res, 400, 'unsupported_grant_type', 70003, 'The app requested an unsupported grant type.');
    if (form.get('client_id') !== CLIENT_ID) {
      return this.aadError(res, 400, 'unauthorized_client', 700016, `Application with identifier '${form.get('client_id')}' was not found in the directory 'Contoso'. This can happen if the application has not been installed by the administrator of the tenant or consented to by any user in the tenant. You may have sent your authentication request to the wrong tenant.`);
    }
    if (form.get('client_secret') !== CLIENT_SECRET) {
      return this.aadError(res, 401, 'invalid_client', 7000215, `Invalid client secret provided. Ensure the secret being sent in the request is the client secret value, not the client secret ID, for a secret added to app '${CLIENT_ID}'.`);
    }
    const scope = form.get('scope');
    const aud = scope === `${GRAPH_AUD}/.default` ? GRAPH_AUD : scope === `${SMTP_AUD}/.default` ? SMTP_AUD : null;
    if (!aud) return this.aadError(res, 400, 'invalid_scope', 1002012, `The provided value for scope ${scope} is not valid. Client credential flows must have a scope value with /.default suffixed to the resource identifier (application ID URI).`);
    const now = Math.floor(Date.now() / 1000);
    // A JWT like Entra ID's: app-only claims, the roles with admin consent; the signature is not checked here.
    const accessToken = [b64url({ typ: 'JWT', alg: 'RS256' }), b64url({ aud, iss: `https://sts.windows.net/${TENANT}/`, tid: TENANT, appid: CLIENT_ID, roles: this.roles, iat: now, exp: now + this.expiresIn, uti: randomUUID() }), 'c2lnbmF0dXJl'].join('.');
    this.issued.set(accessToken, { aud, revoked: false });
    res.writeHead(200, { 'content-type': 'application/json; charset=utf-8' }).end(JSON.stringify({ token_type: 'Bearer', expires_in: this.expiresIn, ext_expires_in: this.expiresIn, access_token: accessToken }));
  }

  private graphError(res: ServerResponse, status: number, code: string, message: string, headers: Record<string, string> = {}): void {
    const requestId = randomUUID();
    res
      .writeHead(status, { 'content-type': 'application/json', 'request-id': requestId, ...headers })
      .end(JSON.stringify({ error: { code, message, innerError: { date: new Date().toISOString().replace(/\.\d+Z$/, ''), 'request-id': requestId, 'client-request-id': requestId } } }));
  }

  private graph(req: IncomingMessage, url: URL, body: string, res: ServerResponse): void {
    const authorization = req.headers.authorization;
    this.graphRequests.push({ method: req.method ?? '', path: url.pathname, authorization, contentType: req.headers['content-type'], body });
    const bearer = /^Bearer (.+)$/.exec(authorization ?? '')?.[1];
    const issued = bearer ? this.issued.get(bearer) : undefined;
    if (!bearer) return this.graphError(res, 401, 'InvalidAuthenticationToken', 'Access token is empty.');
    if (!issued || issued.revoked) return this.graphError(res, 401, 'InvalidAuthenticationToken', 'Lifetime validation failed, the token is expired.');
    if (issued.aud !== GRAPH_AUD) return this.graphError(res, 401, 'InvalidAuthenticationToken', 'Access token validation failure. Invalid audience.');
    const failure = this.failures.shift();
    if (failure) {
      if (failure.status === 401) return this.graphError(res, 401, 'InvalidAuthenticationToken', 'Lifetime validation failed, the token is expired.');
      if (failure.status === 429) return this.graphError(res, 429, 'ApplicationThrottled', 'Application is over its MailboxConcurrency limit.', failure.retryAfterSeconds !== undefined ? { 'retry-after': String(failure.retryAfterSeconds) } : {});
      if (failure.status === 503) return this.graphError(res, 503, 'ServiceUnavailable', 'Service Unavailable', failure.retryAfterSeconds !== undefined ? { 'retry-after': String(failure.retryAfterSeconds) } : {});
      return this.graphError(res, failure.status, 'UnknownError', '');
    }
    const user = /^\/v1\.0\/users\/([^/]+)(\/sendMail)?$/.exec(url.pathname);
    if (!user) return this.graphError(res, 400, 'BadRequest', `Resource not found for the segment '${url.pathname.split('/').pop()}'.`);
    const id = decodeURIComponent(user[1]!).toLowerCase();
    const mailbox = this.mailboxes.find((m) => m.address.toLowerCase() === id);
    if (!user[2]) {
      if (req.method !== 'GET') return this.graphError(res, 405, 'Request_BadRequest', 'Specified HTTP method is not allowed for the request target.');
      if (!this.lookupAllowed) return this.graphError(res, 403, 'Authorization_RequestDenied', 'Insufficient privileges to complete the operation.');
      if (!mailbox) return this.graphError(res, 404, 'Request_ResourceNotFound', `Resource '${id}' does not exist or one of its queried reference-property objects are not present.`);
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ displayName: mailbox.displayName, mail: mailbox.address, userPrincipalName: mailbox.address }));
      return;
    }
    if (req.method !== 'POST') return this.graphError(res, 405, 'Request_BadRequest', 'Specified HTTP method is not allowed for the request target.');
    if (!this.roles.includes('Mail.Send')) return this.graphError(res, 403, 'ErrorAccessDenied', 'Access is denied. Check credentials and try again.');
    if (!mailbox) return this.graphError(res, 404, 'ErrorInvalidUser', `The requested user '${id}' is invalid.`);
    if ((req.headers['content-type'] ?? '').startsWith('text/plain')) {
      const mime = Buffer.from(body, 'base64').toString('utf8');
      if (!/^[\w-]+:/m.test(mime)) return this.graphError(res, 400, 'ErrorMimeContentInvalidBase64String', 'Invalid base64 string for MIME content.');
      this.sends.push({ mailbox: id, json: null, mime });
      res.writeHead(202, { 'content-length': '0' }).end();
      return;
    }
    let json: GraphSend['json'];
    try {
      json = JSON.parse(body) as GraphSend['json'];
    } catch {
      return this.graphError(res, 400, 'RequestBodyRead', 'Invalid JSON body.');
    }
    const recipients = (json?.message?.toRecipients as { emailAddress?: { address?: string } }[] | undefined) ?? [];
    if (!json?.message || recipients.length === 0) return this.graphError(res, 400, 'ErrorInvalidRecipients', 'At least one recipient is not valid., Recipient is not valid.');
    if (recipients.some((r) => !/^[^@\s]+@[^@\s]+$/.test(r.emailAddress?.address ?? ''))) return this.graphError(res, 400, 'ErrorInvalidRecipients', 'At least one recipient is not valid., A message can\'t be sent because it contains no recipients.');
    this.sends.push({ mailbox: id, json, mime: null });
    res.writeHead(202, { 'content-length': '0' }).end();
  }
}
