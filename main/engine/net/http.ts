import { gzipSync } from 'node:zlib';
import { Agent, request, type Dispatcher } from 'undici';
import type { RecordedRequest, RecordedResponse } from '../../contract/index.js';

export const REQUEST_BODY_CAP = 64 * 1024;
export const RESPONSE_EXCERPT_CAP = 4 * 1024;

export interface HttpRequest {
  method: 'POST' | 'PUT' | 'GET';
  url: string;
  headers: Record<string, string>;
  body?: string;
  /** Send the body gzip-compressed (Content-Encoding: gzip); the log records it uncompressed. */
  gzip?: boolean;
}

export interface HttpExchange {
  request: RecordedRequest;
  response: RecordedResponse | null;
  error: unknown;
  duration_ms: number;
}

export function maskHeaders(headers: Record<string, string>, secretHeaders: readonly string[]): Record<string, string> {
  const secret = new Set(secretHeaders.map((h) => h.toLowerCase()));
  secret.add('authorization');
  return Object.fromEntries(Object.entries(headers).map(([k, v]) => [k, secret.has(k.toLowerCase()) ? '••••••••' : v]));
}

function cap(text: string, limit: number): { text: string; truncated: boolean } {
  return text.length > limit ? { text: text.slice(0, limit), truncated: true } : { text, truncated: false };
}

/** TLS trust beyond the system's: a private CA, or (explicitly allowed) a self-signed certificate. */
export interface TlsTrust {
  ca?: string[];
  rejectUnauthorized?: boolean;
}

export function createAgent(timeoutMs: number, tls: TlsTrust = {}): Agent {
  return new Agent({ connect: { timeout: timeoutMs, ...tls }, headersTimeout: timeoutMs, bodyTimeout: timeoutMs, keepAliveTimeout: 4000 });
}

/**
 * One HTTP exchange with everything recorded for the attempt log: secrets masked, the request
 * body and response excerpt capped. Never throws; a network failure comes back in `error`.
 */
export async function exchange(
  req: HttpRequest,
  options: { dispatcher: Dispatcher; secretHeaders?: readonly string[] },
): Promise<HttpExchange> {
  const body = cap(req.body ?? '', REQUEST_BODY_CAP);
  const recorded: RecordedRequest = {
    method: req.method,
    url: req.url,
    headers: maskHeaders(req.gzip ? { ...req.headers, 'content-encoding': 'gzip' } : req.headers, options.secretHeaders ?? []),
    body: body.text,
    body_truncated: body.truncated,
  };
  const started = performance.now();
  const elapsed = () => Math.round(performance.now() - started);
  try {
    const res = await request(req.url, {
      method: req.method,
      headers: req.gzip ? { ...req.headers, 'content-encoding': 'gzip' } : req.headers,
      body: req.gzip && req.body !== undefined ? gzipSync(req.body) : req.body,
      dispatcher: options.dispatcher,
    });
    const chunks: Buffer[] = [];
    let size = 0;
    let truncated = false;
    for await (const chunk of res.body) {
      const buf = chunk as Buffer;
      if (size + buf.length > RESPONSE_EXCERPT_CAP) {
        chunks.push(buf.subarray(0, RESPONSE_EXCERPT_CAP - size));
        truncated = true;
        // Stop reading: a receiver's huge error page must not fill memory or the log.
        res.body.destroy();
        break;
      }
      chunks.push(buf);
      size += buf.length;
    }
    const headers: Record<string, string> = {};
    for (const [k, v] of Object.entries(res.headers)) if (v !== undefined) headers[k] = Array.isArray(v) ? v.join(', ') : v;
    return {
      request: recorded,
      response: { status: res.statusCode, headers, body_excerpt: Buffer.concat(chunks).toString('utf8'), body_truncated: truncated },
      error: null,
      duration_ms: elapsed(),
    };
  } catch (error) {
    return { request: recorded, response: null, error, duration_ms: elapsed() };
  }
}
