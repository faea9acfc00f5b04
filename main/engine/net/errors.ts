import type { FailureClass } from '../../contract/index.js';

/** A network or protocol failure in plain words, with what to try. */
export interface Explained {
  code: string;
  message: string;
  hint: string;
  classification: FailureClass;
  /** Which diagnostic step this failure belongs to. */
  step: 'dns' | 'tcp' | 'tls' | 'http';
}

const TLS_CODES: Record<string, string> = {
  DEPTH_ZERO_SELF_SIGNED_CERT: 'the server presented a self-signed certificate',
  SELF_SIGNED_CERT_IN_CHAIN: 'the certificate chain ends in a self-signed root that is not trusted',
  UNABLE_TO_VERIFY_LEAF_SIGNATURE: 'the certificate was not issued by a trusted authority (or the chain is incomplete)',
  UNABLE_TO_GET_ISSUER_CERT_LOCALLY: 'the certificate was issued by an authority this computer does not trust',
  CERT_HAS_EXPIRED: 'the server certificate has expired',
  CERT_NOT_YET_VALID: 'the server certificate is not valid yet (check both clocks)',
  ERR_TLS_CERT_ALTNAME_INVALID: 'the certificate does not cover this host name',
  ERR_SSL_WRONG_VERSION_NUMBER: 'the server did not answer with TLS — it probably speaks plain HTTP on this port',
  ERR_SSL_TLSV1_ALERT_PROTOCOL_VERSION: 'the server only offers an outdated TLS version',
  ERR_SSL_SSLV3_ALERT_HANDSHAKE_FAILURE: 'the TLS handshake failed (no common cipher or a client certificate is required)',
};

/** Finds the first `code` in an error's cause chain; undici wraps socket errors. */
export function errorCode(error: unknown): string | undefined {
  let current: unknown = error;
  for (let depth = 0; current && depth < 5; depth++) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string' && code !== 'UND_ERR_SOCKET') return code;
    current = (current as { cause?: unknown }).cause;
  }
  return (error as { code?: string } | undefined)?.code;
}

export function explainNetworkError(error: unknown, target: { host: string; port: number }): Explained {
  const code = errorCode(error) ?? 'UNKNOWN';
  const where = `${target.host}:${target.port}`;
  const raw = error instanceof Error ? error.message : String(error);
  if (code === 'ECONNREFUSED') {
    return {
      code, step: 'tcp', classification: 'transient',
      message: `Connection refused by ${where}: nothing is listening on that port.`,
      hint: 'Check the port in the URL and that the receiver is running; a firewall that rejects connections looks the same.',
    };
  }
  if (code === 'ENOTFOUND' || code === 'EAI_NONAME') {
    return {
      code, step: 'dns', classification: 'config',
      message: `The host name ${target.host} does not resolve.`,
      hint: 'Check the spelling of the host; internal names may need a VPN or the company DNS.',
    };
  }
  if (code === 'EAI_AGAIN') {
    return {
      code, step: 'dns', classification: 'transient',
      message: `DNS lookup of ${target.host} failed temporarily.`,
      hint: 'The DNS server did not answer; check the network connection and try again.',
    };
  }
  if (code === 'UND_ERR_CONNECT_TIMEOUT' || code === 'ETIMEDOUT' || code === 'CONNECT_TIMEOUT') {
    return {
      code, step: 'tcp', classification: 'transient',
      message: `No answer from ${where} while connecting (timed out).`,
      hint: 'The host is unreachable or a firewall silently drops the traffic; check the address, port and network path.',
    };
  }
  if (code === 'UND_ERR_HEADERS_TIMEOUT' || code === 'UND_ERR_BODY_TIMEOUT' || code === 'RESPONSE_TIMEOUT') {
    return {
      code, step: 'http', classification: 'transient',
      message: `Connected to ${where}, but the receiver did not answer in time.`,
      hint: 'The receiver is slow or stuck; check its logs, or raise the HTTP timeout in Settings.',
    };
  }
  if (code === 'ECONNRESET' || code === 'EPIPE' || code === 'UND_ERR_CLOSED') {
    return {
      code, step: 'http', classification: 'transient',
      message: `${where} closed the connection before answering.`,
      hint: 'A proxy or the receiver dropped the request; for https URLs check that the port really serves TLS.',
    };
  }
  if (code === 'EHOSTUNREACH' || code === 'ENETUNREACH') {
    return {
      code, step: 'tcp', classification: 'transient',
      message: `${where} is unreachable from this computer (${code}).`,
      hint: 'Check the network route, VPN and proxy settings.',
    };
  }
  const tls = TLS_CODES[code] ?? (code.startsWith('ERR_SSL_') || code.includes('CERT') ? raw : undefined);
  if (tls) {
    return {
      code, step: 'tls', classification: 'config',
      message: `TLS failed: ${tls}.`,
      hint:
        code === 'ERR_SSL_WRONG_VERSION_NUMBER'
          ? 'Use http:// for this port, or the port where the receiver serves https.'
          : 'Install a certificate from a trusted authority on the receiver, or fix its name; internal CAs need to be trusted by this computer.',
    };
  }
  return { code, step: 'http', classification: 'transient', message: `Request failed: ${raw}`, hint: 'Try again; if it persists, check the receiver\'s logs.' };
}

/** What an HTTP status means for a webhook receiver, in plain words. */
export function explainStatus(status: number, tokenHeader?: string): { message: string; hint: string; classification: FailureClass } | null {
  if (status >= 200 && status <= 299) return null;
  if (status === 401 || status === 403) {
    return {
      message: `The receiver rejected the token (${status} ${status === 401 ? 'Unauthorized' : 'Forbidden'}).`,
      hint: `Check the token and that the receiver reads it from the ${tokenHeader ?? 'token'} header.`,
      classification: 'auth',
    };
  }
  if (status === 404) return { message: 'The receiver answered 404 Not Found: nothing handles this path.', hint: 'Check the path part of the URL.', classification: 'config' };
  if (status === 405) return { message: 'The receiver does not accept POST on this path (405).', hint: 'Point the URL at the endpoint that accepts webhooks (POST).', classification: 'config' };
  if (status === 413) return { message: 'The receiver refused the request as too large (413).', hint: 'Raise the receiver\'s body size limit.', classification: 'permanent' };
  if (status === 429) return { message: 'The receiver is rate limiting (429 Too Many Requests).', hint: 'Herald retries later; raise the receiver\'s limit if this persists.', classification: 'transient' };
  if (status >= 300 && status <= 399) {
    return { message: `The receiver redirected (${status}); redirects are not followed.`, hint: 'Use the final URL (check http vs https and a trailing slash).', classification: 'config' };
  }
  if (status >= 500) return { message: `The receiver failed with ${status}.`, hint: 'The problem is on the receiver\'s side; check its logs. Herald retries on schedule.', classification: 'transient' };
  return { message: `The receiver answered ${status}, which is not a success (200–299).`, hint: 'Check the receiver\'s logs for why it rejected the request.', classification: 'permanent' };
}
