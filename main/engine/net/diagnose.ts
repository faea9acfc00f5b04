import { lookup } from 'node:dns/promises';
import { isIP, connect as tcpConnect, type Socket } from 'node:net';
import { checkServerIdentity, connect as tlsConnect, type PeerCertificate } from 'node:tls';
import type { TestReport, TestStep } from '../../contract/index.js';
import { explainNetworkError, explainStatus } from './errors.js';
import { createAgent, exchange, type HttpRequest } from './http.js';

/**
 * Test it for anything spoken over HTTP: each layer is checked on its own so the user sees
 * *where* it broke — URL, DNS, TCP, TLS, HTTP status — with a hint for each failure.
 */
export async function diagnoseHttp(
  req: HttpRequest,
  options: { timeoutMs: number; secretHeaders?: readonly string[]; tokenHeader?: string },
): Promise<TestReport> {
  const startedAt = new Date();
  const t0 = performance.now();
  const steps: TestStep[] = [];
  const finish = (extra: Partial<TestReport> = {}): TestReport => {
    const failed = steps.find((s) => s.status === 'failed');
    return {
      ok: !failed,
      summary: failed ? failed.detail : 'The receiver accepted the test event.',
      ...(failed?.hint ? { hint: failed.hint } : {}),
      steps,
      started_at: startedAt.toISOString(),
      total_ms: Math.round(performance.now() - t0),
      ...extra,
    };
  };
  const timed = async <T>(fn: () => Promise<T>): Promise<[T, number]> => {
    const s = performance.now();
    const value = await fn();
    return [value, Math.round(performance.now() - s)];
  };

  // 1. URL
  let url: URL;
  try {
    url = new URL(req.url);
    if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new Error('scheme');
  } catch {
    steps.push({ id: 'url', label: 'URL parsed', status: 'failed', duration_ms: 0, detail: `"${req.url}" is not an http(s) URL.`, hint: 'Write the full address with its scheme, e.g. https://alerts.example.com/herald.' });
    return finish();
  }
  const secure = url.protocol === 'https:';
  const host = url.hostname.replace(/^\[|\]$/g, '');
  const port = Number(url.port || (secure ? 443 : 80));
  steps.push({ id: 'url', label: 'URL parsed', status: 'ok', duration_ms: 0, detail: `${secure ? 'HTTPS' : 'HTTP'} to ${host} port ${port}, path ${url.pathname}${url.search}` });

  // 2. DNS
  let address = host;
  if (isIP(host)) {
    steps.push({ id: 'dns', label: 'DNS', status: 'skipped', duration_ms: 0, detail: `${host} is an IP address; no lookup needed.` });
  } else {
    try {
      const [addresses, ms] = await timed(() => withTimeout(lookup(host, { all: true }), options.timeoutMs, 'ETIMEDOUT'));
      address = addresses[0]!.address;
      steps.push({ id: 'dns', label: 'DNS', status: 'ok', duration_ms: ms, detail: `${host} → ${addresses.map((a) => a.address).join(', ')}` });
    } catch (error) {
      const e = explainNetworkError(error, { host, port });
      steps.push({ id: 'dns', label: 'DNS', status: 'failed', duration_ms: null, detail: e.step === 'dns' ? e.message : `DNS lookup of ${host} failed: ${e.message}`, hint: e.hint });
      return finish();
    }
  }

  // 3. TCP
  try {
    const [, ms] = await timed(() => openTcp(address, port, options.timeoutMs));
    steps.push({ id: 'tcp', label: 'TCP connect', status: 'ok', duration_ms: ms, detail: `Connected to ${address}:${port}` });
  } catch (error) {
    const e = explainNetworkError(error, { host, port });
    steps.push({ id: 'tcp', label: 'TCP connect', status: 'failed', duration_ms: null, detail: e.message, hint: e.hint });
    return finish();
  }

  // 4. TLS
  if (secure) {
    try {
      const [info, ms] = await timed(() => tlsHandshake(address, port, isIP(host) ? undefined : host, options.timeoutMs));
      const cert = describeCert(info.cert);
      if (info.authorizationError) {
        const e = explainNetworkError({ code: info.authorizationError }, { host, port });
        steps.push({ id: 'tls', label: 'TLS', status: 'failed', duration_ms: ms, detail: `${e.message} ${cert}`, hint: e.hint });
        return finish();
      }
      steps.push({ id: 'tls', label: 'TLS', status: 'ok', duration_ms: ms, detail: `${info.protocol ?? 'TLS'}, ${cert}` });
    } catch (error) {
      const e = explainNetworkError(error, { host, port });
      steps.push({ id: 'tls', label: 'TLS', status: 'failed', duration_ms: null, detail: e.message, hint: e.hint });
      return finish();
    }
  } else {
    steps.push({ id: 'tls', label: 'TLS', status: 'skipped', duration_ms: 0, detail: 'Plain HTTP: the token and events travel unencrypted.' });
  }

  // 5. HTTP
  const agent = createAgent(options.timeoutMs);
  try {
    const result = await exchange(req, { dispatcher: agent, secretHeaders: options.secretHeaders ?? [] });
    if (!result.response) {
      const e = explainNetworkError(result.error, { host, port });
      steps.push({ id: 'http', label: 'HTTP request', status: 'failed', duration_ms: result.duration_ms, detail: e.message, hint: e.hint });
      return finish();
    }
    const { status, body_excerpt } = result.response;
    steps.push({ id: 'http', label: 'HTTP request', status: 'ok', duration_ms: result.duration_ms, detail: `${req.method} ${url.pathname} answered ${status} in ${result.duration_ms} ms` });
    const verdict = explainStatus(status, options.tokenHeader);
    steps.push(
      verdict
        ? { id: 'status', label: 'HTTP status', status: 'failed', duration_ms: null, detail: verdict.message, hint: verdict.hint }
        : { id: 'status', label: 'HTTP status', status: 'ok', duration_ms: null, detail: `${status}: success (200–299)` },
    );
    return finish({ status_code: status, response_excerpt: body_excerpt });
  } finally {
    await agent.close().catch(() => undefined);
  }
}

export function withTimeout<T>(promise: Promise<T>, ms: number, code: string): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(Object.assign(new Error(`timed out after ${ms} ms`), { code })), ms);
    promise.then(
      (v) => (clearTimeout(timer), resolve(v)),
      (e) => (clearTimeout(timer), reject(e)),
    );
  });
}

export function openTcp(host: string, port: number, timeoutMs: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const socket: Socket = tcpConnect({ host, port });
    socket.setTimeout(timeoutMs, () => socket.destroy(Object.assign(new Error('connect timeout'), { code: 'ETIMEDOUT' })));
    socket.once('connect', () => (socket.destroy(), resolve()));
    socket.once('error', reject);
  });
}

interface TlsInfo {
  protocol: string | null;
  cert: PeerCertificate | null;
  authorizationError: string | null;
}

function tlsHandshake(host: string, port: number, servername: string | undefined, timeoutMs: number): Promise<TlsInfo> {
  return new Promise((resolve, reject) => {
    // Verification is judged below, so the certificate can be described even when it is bad.
    const socket = tlsConnect({ host, port, servername, rejectUnauthorized: false, ALPNProtocols: ['http/1.1'] });
    socket.setTimeout(timeoutMs, () => socket.destroy(Object.assign(new Error('TLS handshake timeout'), { code: 'ETIMEDOUT' })));
    socket.once('secureConnect', () => {
      const cert = socket.getPeerCertificate();
      let authorizationError = socket.authorized ? null : String(socket.authorizationError ?? 'UNABLE_TO_VERIFY_LEAF_SIGNATURE');
      // rejectUnauthorized:false also skips the host name check; do it the way node:tls would.
      if (!authorizationError && servername && checkServerIdentity(servername, cert)) authorizationError = 'ERR_TLS_CERT_ALTNAME_INVALID';
      socket.destroy();
      resolve({ protocol: socket.getProtocol(), cert: cert && Object.keys(cert).length ? cert : null, authorizationError });
    });
    socket.once('error', reject);
  });
}

export function describeCert(cert: PeerCertificate | null): string {
  if (!cert) return 'no certificate';
  const cn = (name: unknown) => {
    const v = (name as Record<string, string | string[]> | undefined)?.CN;
    return Array.isArray(v) ? v.join(', ') : v;
  };
  return `certificate for ${cn(cert.subject) ?? 'unknown subject'}, issued by ${cn(cert.issuer) ?? cert.issuer?.O ?? 'unknown issuer'}, expires ${new Date(cert.valid_to).toISOString().slice(0, 10)}`;
}
