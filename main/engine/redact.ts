/**
 * Redaction of real payloads before a demo (issue 7, "Demo"): secrets, e-mail addresses and
 * internal hostnames/IPs become numbered placeholders such as `<secret-1>`, `<email-2>`,
 * `<host-1>`, `<ip-1>`. Within one call the same value always gets the same placeholder, so the
 * audience still sees that two fields name the same host or person. The input is never mutated.
 */

import type { RedactionKind } from '../contract/index.js';

export type { RedactionKind };
export interface Redaction {
  /** Dotted path into the payload, array indexes as numbers: `headers.authorization`, `users.0.email`. */
  path: string;
  kind: RedactionKind;
}
export interface RedactOptions {
  /** Also hide public hostnames inside URLs (not only internal ones). Default false. */
  allUrlHosts?: boolean;
}
export interface RedactResult<T> {
  payload: T;
  redactions: Redaction[];
}

/** Keys whose string values are secrets whatever they look like. `authors`, `secrets_count` are not. */
const SECRET_KEY = /(?:^|[_\-.])(?:token|access[_-]?token|refresh[_-]?token|password|passwd|pwd|secret|client[_-]?secret|api[_-]?key|apikey|authorization|auth|credentials?|private[_-]?key|cookie|session[_-]?id)$|^(?:token|password|passwd|secret|apikey|authorization|auth|cookie|x-api-key)$/i;

/** Values that look like credentials wherever they appear (also inside longer text). */
const SECRET_VALUE_PATTERNS: readonly RegExp[] = [
  /\beyJ[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]{5,}/g, // JWT
  /\b(?:AKIA|ASIA)[0-9A-Z]{16}\b/g, // AWS access key id
  /\b(?:ghp|gho|ghu|ghs|ghr|github_pat)_[A-Za-z0-9_]{20,}/g, // GitHub
  /\bglpat-[A-Za-z0-9_-]{20,}/g, // GitLab
  /\bxox[abprs]-[A-Za-z0-9-]{10,}/g, // Slack
  /\b(?:sk|rk|pk)_(?:live|test)_[A-Za-z0-9]{16,}/g, // Stripe-style
  /\bwhsec_[A-Za-z0-9]{8,}/g, // webhook signing secrets
  /\bAIza[0-9A-Za-z_-]{35}\b/g, // Google API key
  /-----BEGIN [A-Z ]*PRIVATE KEY-----[\s\S]*?-----END [A-Z ]*PRIVATE KEY-----/g,
];
/** `Bearer <token>` / `Basic <b64>`: keep the scheme so the reader sees what kind of header it was. */
const AUTH_SCHEME = /\b(Bearer|Basic|Token)\s+([A-Za-z0-9._~+/=-]{8,})/g;
/** `scheme://user:password@host`: the credentials go, the URL stays readable. */
const URL_CREDENTIALS = /\b([a-z][a-z0-9+.-]*:\/\/)([^\s/:@]+):([^\s/@]+)@/gi;

const EMAIL = /\b[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}\b/g;
/** A URL's host (after an optional user@), for `allUrlHosts` and single-label internal hosts. */
const URL_HOST = /\b([a-z][a-z0-9+.-]*:\/\/)(?:([^\s/@]+)@)?([A-Za-z0-9.-]+)/gi;
/** Hostnames under private suffixes, or with an `internal`/`corp`/`intranet` label anywhere. */
const INTERNAL_HOST = /\b(?:[A-Za-z0-9-]+\.)*(?:[A-Za-z0-9-]+\.(?:internal|corp|local|lan|intranet|intra|home\.arpa)|(?:internal|corp|intranet|intra)\.[A-Za-z0-9.-]*[A-Za-z0-9])\b/gi;
/** RFC 1918 private IPv4 addresses. */
const PRIVATE_IP = /\b(?:10\.\d{1,3}\.\d{1,3}\.\d{1,3}|172\.(?:1[6-9]|2\d|3[01])\.\d{1,3}\.\d{1,3}|192\.168\.\d{1,3}\.\d{1,3})\b/g;

function isInternalHost(host: string): boolean {
  INTERNAL_HOST.lastIndex = 0;
  const match = INTERNAL_HOST.exec(host);
  // A single-label host (http://jenkins:8080) only resolves inside a network.
  return (match !== null && match[0] === host) || (!host.includes('.') && host !== 'localhost' && !/^<[a-z]+-\d+>$/.test(host));
}

class Placeholders {
  private readonly byKind = new Map<RedactionKind, Map<string, string>>();
  get(kind: RedactionKind, value: string): string {
    let known = this.byKind.get(kind);
    if (!known) this.byKind.set(kind, (known = new Map()));
    let placeholder = known.get(value);
    if (!placeholder) known.set(value, (placeholder = `<${kind === 'hostname' ? 'host' : kind}-${known.size + 1}>`));
    return placeholder;
  }
}

/**
 * A redacted deep copy of `payload` and the list of what was hidden (one entry per path and kind).
 * Only strings change: numbers, booleans and the object's shape are kept as they are.
 */
export function redactPayload<T>(payload: T, options: RedactOptions = {}): RedactResult<T> {
  const placeholders = new Placeholders();
  const redactions: Redaction[] = [];
  const seen = new Set<string>();
  const record = (path: string, kind: RedactionKind) => {
    const key = `${kind} ${path}`;
    if (seen.has(key)) return;
    seen.add(key);
    redactions.push({ path, kind });
  };

  const redactString = (text: string, path: string): string => {
    let out = text;
    const replace = (pattern: RegExp, kind: RedactionKind, replacer: (match: string, ...groups: string[]) => string) => {
      out = out.replace(pattern, (match: string, ...groups: string[]) => {
        const replaced = replacer(match, ...groups);
        if (replaced !== match) record(path, kind);
        return replaced;
      });
    };
    // Secrets first: a token may contain something that looks like a host or an address.
    for (const pattern of SECRET_VALUE_PATTERNS) replace(pattern, 'secret', (m) => placeholders.get('secret', m));
    replace(AUTH_SCHEME, 'secret', (_m, scheme, token) => `${scheme} ${placeholders.get('secret', token!)}`);
    replace(URL_CREDENTIALS, 'secret', (_m, scheme, user, password) => `${scheme}${user}:${placeholders.get('secret', password!)}@`);
    replace(EMAIL, 'email', (m) => placeholders.get('email', m.toLowerCase()));
    replace(URL_HOST, 'hostname', (m, scheme, userinfo, host) => {
      if (!host || PRIVATE_IP_EXACT.test(host) || !(options.allUrlHosts || isInternalHost(host))) return m;
      return `${scheme}${userinfo ? `${userinfo}@` : ''}${placeholders.get('hostname', host.toLowerCase())}`;
    });
    replace(INTERNAL_HOST, 'hostname', (m) => placeholders.get('hostname', m.toLowerCase()));
    replace(PRIVATE_IP, 'ip', (m) => placeholders.get('ip', m));
    return out;
  };

  const walk = (value: unknown, path: string, underSecretKey: boolean): unknown => {
    if (typeof value === 'string') {
      if (underSecretKey && value !== '') {
        record(path, 'secret');
        return placeholders.get('secret', value);
      }
      return redactString(value, path);
    }
    if (Array.isArray(value)) return value.map((item, i) => walk(item, join(path, String(i)), underSecretKey));
    if (value !== null && typeof value === 'object') {
      return Object.fromEntries(Object.entries(value).map(([key, child]) => [key, walk(child, join(path, key), underSecretKey || SECRET_KEY.test(key))]));
    }
    return value;
  };

  return { payload: walk(payload, '', false) as T, redactions };
}

const PRIVATE_IP_EXACT = /^(?:10\.\d{1,3}\.\d{1,3}\.\d{1,3}|172\.(?:1[6-9]|2\d|3[01])\.\d{1,3}\.\d{1,3}|192\.168\.\d{1,3}\.\d{1,3})$/;

function join(path: string, key: string): string {
  return path === '' ? key : `${path}.${key}`;
}
