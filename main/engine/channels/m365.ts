import { createHash } from 'node:crypto';
import type { Dispatcher } from 'undici';
import type { EmailSettings, FailureClass, TestStep } from '../../contract/index.js';
import { explainNetworkError } from '../net/errors.js';
import { request } from 'undici';
import { exchange, maskHeaders, RESPONSE_EXCERPT_CAP, type HttpExchange } from '../net/http.js';
import type { Secrets } from './types.js';
import { parseRetryAfter } from './webhook.js';

/**
 * Microsoft 365 for the email kind (seed 001's OAuth2 fields): the client-credentials flow against
 * the Microsoft identity platform, Graph's sendMail, and the plain-language reading of their
 * documented errors. SMTP with XOAUTH2 uses the same tokens (email.ts).
 */

export const GRAPH_SCOPE = 'https://graph.microsoft.com/.default';
export const SMTP_SCOPE = 'https://outlook.office365.com/.default';

export interface M365Failure {
  message: string;
  hint: string;
  classification: FailureClass;
  retryAfterMs?: number;
}

/** A token or Graph failure, with the exchange that showed it (client secret and token masked). */
export class M365Error extends Error {
  constructor(
    readonly failure: M365Failure,
    readonly exchange: HttpExchange | null,
  ) {
    super(failure.message);
  }
}

export interface M365Runtime {
  dispatcher: Dispatcher;
  userAgent: string;
  now?: (() => number) | undefined;
}

export interface Grant {
  token: string;
  expires_at: number;
  /** Seconds Entra ID said the token lives. */
  expires_in: number;
  scope: string;
}

type EntraSettings = Pick<EmailSettings, 'tenant_id' | 'client_id' | 'login_base'>;

// ------------------------------------------------------------------ tokens

/** Tokens live about an hour; keep each until shortly before it expires, per app, tenant, scope and secret. */
const tokens = new Map<string, Grant>();
const EARLY_MS = 5 * 60_000;

function cacheKey(settings: EntraSettings, secret: string, scope: string): string {
  // The secret is part of the key (hashed) so a new secret never reuses a token of the old one.
  return createHash('sha256').update([settings.login_base, settings.tenant_id, settings.client_id, scope, secret].join('\n')).digest('hex');
}

export function tokenUrl(settings: EntraSettings): string {
  return `${settings.login_base.replace(/\/+$/, '')}/${encodeURIComponent(settings.tenant_id)}/oauth2/v2.0/token`;
}

function hostPort(url: string): { host: string; port: number } {
  try {
    const u = new URL(url);
    return { host: u.hostname, port: Number(u.port || (u.protocol === 'https:' ? 443 : 80)) };
  } catch {
    return { host: url, port: 443 };
  }
}

/** The first line of Entra ID's error_description, without its Trace/Correlation ids. */
function shortDescription(description: string): string {
  return description.split(/\r?\n|\s+Trace ID:/)[0]!.trim();
}

/** What a token endpoint error means: the AADSTS code names the cause. */
export function explainTokenAnswer(status: number, headers: Record<string, string>, body: string, settings: EntraSettings): M365Failure {
  let error = '';
  let description = '';
  try {
    const json = JSON.parse(body) as { error?: unknown; error_description?: unknown };
    if (typeof json.error === 'string') error = json.error;
    if (typeof json.error_description === 'string') description = shortDescription(json.error_description);
  } catch {
    // Not JSON: a proxy or a wrong login_base.
  }
  const said = error ? ` Entra ID said ${error}${description ? `: "${description}"` : ''}.` : '';
  const aadsts = /AADSTS(\d+)/.exec(description)?.[1];
  const retryAfterMs = status === 429 || status === 503 ? parseRetryAfter(headers['retry-after'], Date.now()) : undefined;
  if (status === 429 || status >= 500) {
    return { message: `The Microsoft sign-in service failed with ${status}.${said}`, hint: 'This is on Microsoft\'s side; Herald retries on the schedule.', classification: 'transient', ...(retryAfterMs !== undefined ? { retryAfterMs } : {}) };
  }
  switch (aadsts) {
    case '7000215':
      return { message: `Entra ID rejected the client secret (AADSTS7000215).${said}`, hint: 'Paste the secret\'s Value, not its Secret ID, from Certificates & secrets of the app registration; create a new secret if it was lost.', classification: 'auth' };
    case '7000222':
      return { message: `The client secret has expired (AADSTS7000222).${said}`, hint: 'Create a new client secret under Certificates & secrets of the app registration and paste its Value here.', classification: 'auth' };
    case '700016':
      return { message: `No application with the Application (client) ID ${settings.client_id} exists in this directory (AADSTS700016).${said}`, hint: 'Copy the Application (client) ID and the Directory (tenant) ID from the app registration\'s Overview in Entra ID; the app must be registered in this tenant.', classification: 'auth' };
    case '90002':
      return { message: `The directory (tenant) ${settings.tenant_id} was not found (AADSTS90002).${said}`, hint: 'Copy the Directory (tenant) ID from the app registration\'s Overview in Entra ID.', classification: 'auth' };
    case '900023':
      return { message: `The Directory (tenant) ID ${settings.tenant_id} is not valid (AADSTS900023).${said}`, hint: 'Copy the Directory (tenant) ID from the app registration\'s Overview in Entra ID.', classification: 'auth' };
    case '70011':
      return { message: `Entra ID refused the requested scope (AADSTS70011).${said}`, hint: 'Check the sign-in endpoint under Advanced: Herald asks for the .default scope of Graph or Exchange Online.', classification: 'config' };
    default:
  }
  if (error === 'invalid_client') return { message: `Entra ID rejected the app's credentials (invalid_client).${said}`, hint: 'Check the Application (client) ID and paste the client secret\'s Value again.', classification: 'auth' };
  if (error === 'unauthorized_client') return { message: `The app may not get tokens with a client secret (unauthorized_client).${said}`, hint: 'In Entra ID, check that the app registration is enabled for this tenant (Enterprise applications) and that the Application (client) ID is right.', classification: 'auth' };
  if (error === 'invalid_request' || error === 'invalid_tenant') return { message: `Entra ID refused the sign-in (${error}).${said}`, hint: 'Check the Directory (tenant) ID and the Application (client) ID.', classification: 'auth' };
  if (error) return { message: `Entra ID refused the sign-in (${status}).${said}`, hint: 'Look the AADSTS code up in Microsoft\'s sign-in error reference.', classification: 'auth' };
  return { message: `The sign-in endpoint answered ${status} without an OAuth error.`, hint: 'Check the sign-in endpoint under Advanced; it should be https://login.microsoftonline.com.', classification: 'config' };
}

/**
 * POSTs the token form. Not through exchange(): the answer must be read whole (tokens run to a few
 * KB), and the record must mask both the client secret and the token.
 */
async function postTokenForm(url: string, form: URLSearchParams, runtime: M365Runtime): Promise<{ ex: HttpExchange; text: string }> {
  const headers = { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json', 'user-agent': runtime.userAgent };
  const masked = new URLSearchParams(form);
  masked.set('client_secret', '••••••••');
  const recorded = { method: 'POST', url, headers: maskHeaders(headers, []), body: decodeURIComponent(masked.toString()), body_truncated: false };
  const started = performance.now();
  try {
    const res = await request(url, { method: 'POST', headers, body: form.toString(), dispatcher: runtime.dispatcher });
    const text = await res.body.text();
    const responseHeaders: Record<string, string> = {};
    for (const [k, v] of Object.entries(res.headers)) if (v !== undefined) responseHeaders[k] = Array.isArray(v) ? v.join(', ') : v;
    const excerpt = text.replace(/("access_token"\s*:\s*")[^"]*/, '$1••••••••');
    return {
      ex: {
        request: recorded,
        response: { status: res.statusCode, headers: responseHeaders, body_excerpt: excerpt.slice(0, RESPONSE_EXCERPT_CAP), body_truncated: excerpt.length > RESPONSE_EXCERPT_CAP },
        error: null,
        duration_ms: Math.round(performance.now() - started),
      },
      text,
    };
  } catch (error) {
    return { ex: { request: recorded, response: null, error, duration_ms: Math.round(performance.now() - started) }, text: '' };
  }
}

/**
 * An access token for `scope`: from the cache unless `fresh`. Throws M365Error with the reason
 * and the exchange when Entra ID refuses.
 */
export async function getToken(settings: EntraSettings, secrets: Secrets, scope: string, runtime: M365Runtime, options: { fresh?: boolean } = {}): Promise<{ grant: Grant; cached: boolean; exchange: HttpExchange | null }> {
  const secret = secrets.client_secret;
  if (!secret) {
    throw new M365Error({ message: 'No client secret is stored.', hint: 'Paste the client secret\'s Value from Certificates & secrets of the app registration in Entra ID.', classification: 'config' }, null);
  }
  const now = runtime.now ?? Date.now;
  const key = cacheKey(settings, secret, scope);
  const held = tokens.get(key);
  if (!options.fresh && held && held.expires_at > now()) return { grant: held, cached: true, exchange: null };
  tokens.delete(key);

  const url = tokenUrl(settings);
  const { ex, text } = await postTokenForm(url, new URLSearchParams({ client_id: settings.client_id, client_secret: secret, scope, grant_type: 'client_credentials' }), runtime);
  if (!ex.response) {
    const net = explainNetworkError(ex.error, hostPort(url));
    throw new M365Error({ message: `Could not reach the Microsoft sign-in service: ${net.message}`, hint: net.hint, classification: net.classification }, ex);
  }
  const { status, headers } = ex.response;
  if (status !== 200) throw new M365Error(explainTokenAnswer(status, headers, text, settings), ex);
  let json: { access_token?: unknown; expires_in?: unknown };
  try {
    json = JSON.parse(text) as typeof json;
  } catch {
    json = {};
  }
  if (typeof json.access_token !== 'string' || !json.access_token) {
    throw new M365Error({ message: 'The sign-in endpoint answered 200 without an access token.', hint: 'Check the sign-in endpoint under Advanced; it should be https://login.microsoftonline.com.', classification: 'config' }, ex);
  }
  const expiresIn = Number(json.expires_in) > 0 ? Number(json.expires_in) : 3600;
  // Renew a little early so a send never starts with a token about to lapse (at most half its life).
  const margin = Math.min(EARLY_MS, (expiresIn * 1000) / 2);
  const grant: Grant = { token: json.access_token, expires_in: expiresIn, expires_at: now() + expiresIn * 1000 - margin, scope };
  tokens.set(key, grant);
  return { grant, cached: false, exchange: ex };
}

/** After a 401 (or an SMTP refusal) the cached token is suspect: the next call fetches a new one. */
export function forgetToken(settings: EntraSettings, secrets: Secrets, scope: string): void {
  if (secrets.client_secret) tokens.delete(cacheKey(settings, secrets.client_secret, scope));
}

/** The application roles of an app-only token (Entra ID tokens are JWTs); null when it is opaque. */
export function tokenRoles(token: string): string[] | null {
  const parts = token.split('.');
  if (parts.length !== 3) return null;
  try {
    const claims = JSON.parse(Buffer.from(parts[1]!, 'base64url').toString('utf8')) as { roles?: unknown };
    return Array.isArray(claims.roles) ? claims.roles.map(String) : [];
  } catch {
    return null;
  }
}

/** "Token issued for app … in tenant …" — what the token step shows; never the token. */
export function describeGrant(settings: EntraSettings, grant: Grant): string {
  const minutes = Math.round(grant.expires_in / 60);
  return `Entra ID issued a token for app ${settings.client_id} in tenant ${settings.tenant_id}, scope ${grant.scope}, valid for ${minutes} min.`;
}

// ------------------------------------------------------------------ Graph

export interface GraphAttachment {
  filename: string;
  content_type: string;
  /** base64 */
  content: string;
}

/** The sendMail body: HTML, recipients, reply-to, Herald's trace headers, never saved to Sent Items. */
export function graphMessage(
  settings: Pick<EmailSettings, 'from_address' | 'from_name' | 'reply_to'>,
  email: { subject: string; html: string },
  to: readonly string[],
  headers: Record<string, string> = {},
  attachments: readonly GraphAttachment[] = [],
) {
  return {
    message: {
      subject: email.subject,
      body: { contentType: 'HTML', content: email.html },
      from: { emailAddress: { name: settings.from_name, address: settings.from_address } },
      toRecipients: to.map((address) => ({ emailAddress: { address } })),
      replyTo: [{ emailAddress: { address: settings.reply_to } }],
      // Graph accepts custom headers only when they start with x-.
      ...(Object.keys(headers).length ? { internetMessageHeaders: Object.entries(headers).map(([name, value]) => ({ name, value })) } : {}),
      ...(attachments.length
        ? { attachments: attachments.map((a) => ({ '@odata.type': '#microsoft.graph.fileAttachment', name: a.filename, contentType: a.content_type, contentBytes: a.content })) }
        : {}),
    },
    saveToSentItems: false,
  };
}

export function sendMailUrl(settings: Pick<EmailSettings, 'graph_base' | 'from_address'>): string {
  return `${settings.graph_base.replace(/\/+$/, '')}/users/${encodeURIComponent(settings.from_address)}/sendMail`;
}

/** What one Graph answer means: null for success (2xx). */
export function explainGraphAnswer(res: { status: number; headers: Record<string, string>; body_excerpt: string }, settings: Pick<EmailSettings, 'from_address'>): M365Failure | null {
  if (res.status >= 200 && res.status <= 299) return null;
  let code = '';
  let text = '';
  try {
    const json = JSON.parse(res.body_excerpt) as { error?: { code?: unknown; message?: unknown } };
    if (typeof json.error?.code === 'string') code = json.error.code;
    if (typeof json.error?.message === 'string') text = json.error.message;
  } catch {
    // A gateway's HTML page: the status says enough.
  }
  const said = code ? ` Graph said ${code}${text ? `: "${text}"` : ''}.` : '';
  const retryAfterMs = res.status === 429 || res.status === 503 || res.status === 504 ? parseRetryAfter(res.headers['retry-after'], Date.now()) : undefined;
  const withRetry = (f: M365Failure): M365Failure => (retryAfterMs !== undefined ? { ...f, retryAfterMs } : f);
  if (res.status === 429) return withRetry({ message: `Microsoft Graph is throttling this app (429).${said}`, hint: 'Herald waits as long as Retry-After says, then retries.', classification: 'transient' });
  if (res.status >= 500) return withRetry({ message: `Microsoft Graph failed with ${res.status}.${said}`, hint: 'This is on Microsoft\'s side; Herald retries on the schedule.', classification: 'transient' });
  if (res.status === 401) {
    return { message: `Microsoft Graph rejected the access token (401).${said}`, hint: 'Check that the app registration belongs to the tenant of this mailbox; Herald already fetched a fresh token once.', classification: 'auth' };
  }
  if (res.status === 403) {
    return {
      message: `Microsoft Graph denied sending as ${settings.from_address} (403).${said}`,
      hint: 'Grant the Mail.Send application permission (Microsoft Graph → Application permissions) and admin consent in Entra ID; if an application access policy limits the app to some mailboxes, include this one.',
      classification: 'auth',
    };
  }
  if (res.status === 404 || code === 'ErrorInvalidUser' || code === 'MailboxNotEnabledForRESTAPI') {
    return { message: `The mailbox ${settings.from_address} was not found in this tenant (${res.status}).${said}`, hint: 'Set "From address" to a licensed mailbox (or shared mailbox) of this Microsoft 365 tenant.', classification: 'config' };
  }
  if (code === 'ErrorInvalidRecipients' || code === 'ErrorInvalidRecipient' || /recipient/i.test(text)) {
    return { message: `Microsoft Graph refused a recipient (${res.status}).${said}`, hint: 'Check the addresses in the rule action; this is not retried.', classification: 'permanent' };
  }
  if (res.status === 413 || code === 'ErrorMessageSizeExceeded') return { message: `The message is too large for Exchange Online (${res.status}).${said}`, hint: 'Shorten the template or leave out attachments.', classification: 'permanent' };
  return { message: `Microsoft Graph refused the message (${res.status}).${said}`, hint: 'Read Graph\'s answer above; this is not retried.', classification: 'permanent' };
}

export interface GraphCall {
  ex: HttpExchange;
  failure: M365Failure | null;
}

/**
 * One Graph request with a token for it: the cached token first, and once more with a fresh one
 * when Graph answers 401 (the token was revoked or the app's rights changed).
 */
export async function graphRequest(
  settings: EmailSettings,
  secrets: Secrets,
  req: { method: 'POST' | 'GET'; url: string; body?: string; contentType?: string },
  runtime: M365Runtime,
): Promise<GraphCall> {
  let fresh = false;
  for (;;) {
    const { grant } = await getToken(settings, secrets, GRAPH_SCOPE, runtime, { fresh });
    const ex = await exchange(
      {
        method: req.method,
        url: req.url,
        headers: { authorization: `Bearer ${grant.token}`, accept: 'application/json', 'user-agent': runtime.userAgent, ...(req.body !== undefined ? { 'content-type': req.contentType ?? 'application/json' } : {}) },
        ...(req.body !== undefined ? { body: req.body } : {}),
      },
      { dispatcher: runtime.dispatcher },
    );
    if (!ex.response) {
      const net = explainNetworkError(ex.error, hostPort(req.url));
      return { ex, failure: { message: `Could not reach Microsoft Graph: ${net.message}`, hint: net.hint, classification: net.classification } };
    }
    if (ex.response.status === 401 && !fresh) {
      forgetToken(settings, secrets, GRAPH_SCOPE);
      fresh = true;
      continue;
    }
    return { ex, failure: explainGraphAnswer(ex.response, settings) };
  }
}

/** A Test it step for a token: tenant, app, scope and lifetime; never the token. */
export async function tokenStep(settings: EntraSettings, secrets: Secrets, scope: string, runtime: M365Runtime): Promise<{ step: TestStep; grant: Grant | null }> {
  const started = performance.now();
  try {
    const { grant } = await getToken(settings, secrets, scope, runtime, { fresh: true });
    return { step: { id: 'token', label: 'Access token', status: 'ok', duration_ms: Math.round(performance.now() - started), detail: describeGrant(settings, grant) }, grant };
  } catch (error) {
    if (!(error instanceof M365Error)) throw error;
    return { step: { id: 'token', label: 'Access token', status: 'failed', duration_ms: Math.round(performance.now() - started), detail: error.failure.message, hint: error.failure.hint }, grant: null };
  }
}
