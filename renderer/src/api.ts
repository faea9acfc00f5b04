import type { AppError, HeraldApi, MethodInput, MethodName, MethodOutput, PushEvent, Result } from '../../main/contract/index.js';
import { METHOD_NAMES } from '../../main/contract/methods.js';

/**
 * The renderer talks to one interface: `window.herald` (built by the Electron preload) or, in
 * browser mode, the same methods over HTTP with the token from the URL fragment.
 */
declare global {
  interface Window {
    herald?: HeraldApi & { onPush(listener: (event: PushEvent) => void): () => void };
  }
}

const TOKEN_KEY = 'herald.token';

function browserToken(): string {
  const fromHash = new URLSearchParams(window.location.hash.slice(1)).get('token');
  if (fromHash) {
    sessionStorage.setItem(TOKEN_KEY, fromHash);
    // Keep the token out of the address bar, history and screenshots.
    history.replaceState(null, '', window.location.pathname + window.location.search);
    return fromHash;
  }
  return sessionStorage.getItem(TOKEN_KEY) ?? '';
}

function httpApi(): HeraldApi & { onPush(listener: (event: PushEvent) => void): () => void } {
  const token = browserToken();
  const headers = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
  const call = async (name: MethodName, input: unknown): Promise<Result<unknown>> => {
    try {
      const res = await fetch(`./rpc/${name}`, { method: 'POST', headers, body: JSON.stringify(input ?? {}) });
      // RPC answers a Result; the auth and host checks answer `{error}` with an HTTP status.
      const body = (await res.json()) as Result<unknown> | { error: AppError };
      return 'ok' in body ? body : { ok: false, error: body.error };
    } catch (error) {
      return { ok: false, error: { code: 'unavailable', message: `Herald's local server is not reachable (${String(error)}). Is \`npm run serve\` still running?` } };
    }
  };
  const api = Object.fromEntries(METHOD_NAMES.map((name) => [name, (input: unknown) => call(name, input)])) as unknown as HeraldApi;
  return Object.assign(api, { onPush: (listener: (event: PushEvent) => void) => subscribeSse(headers, listener) });
}

/** SSE over fetch (EventSource cannot send the Authorization header); reconnects with backoff. */
function subscribeSse(headers: Record<string, string>, listener: (event: PushEvent) => void): () => void {
  let stopped = false;
  let controller: AbortController | null = null;
  const run = async (delay: number): Promise<void> => {
    if (stopped) return;
    controller = new AbortController();
    try {
      const res = await fetch('./rpc/stream', { headers, signal: controller.signal });
      // A 401/403 (bad token) must not count as connected, or it reconnects twice a second forever.
      if (!res.ok || !res.body) throw new Error(`stream refused: HTTP ${res.status}`);
      window.dispatchEvent(new CustomEvent('herald:connection', { detail: 'open' }));
      const reader = res.body.pipeThrough(new TextDecoderStream()).getReader();
      let buffer = '';
      for (;;) {
        const { value, done } = await reader.read();
        if (done) break;
        buffer += value;
        let cut: number;
        while ((cut = buffer.indexOf('\n\n')) >= 0) {
          const frame = buffer.slice(0, cut);
          buffer = buffer.slice(cut + 2);
          const data = frame
            .split('\n')
            .filter((l) => l.startsWith('data:'))
            .map((l) => l.slice(5).trimStart())
            .join('\n');
          if (data) listener(JSON.parse(data) as PushEvent);
        }
      }
      delay = 500;
    } catch {
      /* reconnect below */
    }
    if (stopped) return;
    window.dispatchEvent(new CustomEvent('herald:connection', { detail: 'lost' }));
    setTimeout(() => void run(Math.min(delay * 2, 10_000)), delay);
  };
  void run(500);
  return () => {
    stopped = true;
    controller?.abort();
  };
}

export const herald = window.herald ?? httpApi();

/** Unwraps a Result for TanStack Query: failures become ApiError so `error.details` reaches forms. */
export class ApiError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly details?: { issues?: { path: string; message: string }[] },
  ) {
    super(message);
  }
}

export async function call<M extends MethodName>(name: M, input: MethodInput<M>): Promise<MethodOutput<M>> {
  const result = await (herald[name] as (i: MethodInput<M>) => Promise<Result<MethodOutput<M>>>)(input);
  if (!result.ok) throw new ApiError(result.error.code, result.error.message, result.error.details);
  return result.value;
}
