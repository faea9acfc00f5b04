import fastifyStatic from '@fastify/static';
import Fastify, { type FastifyInstance } from 'fastify';
import { existsSync } from 'node:fs';
import type { PushEvent } from '../contract/index.js';
import type { Engine } from '../engine/engine.js';
import { invoke, isMethodName } from '../engine/invoke.js';
import { registerRestApi, sendError } from './rest.js';
import { tokenMatches } from './token.js';

export interface ServerOptions {
  engine: Engine;
  token: string;
  /** The renderer build; omitted for an API-only server. */
  staticDir?: string;
  port: number;
}

/** Same policy as the Electron window: nothing but our own origin. */
export const CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'", // MUI/emotion inject <style> tags at runtime
  "img-src 'self' data:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "frame-src 'none'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

/**
 * Browser mode and the local API: the renderer build, the contract as `POST /rpc/<method>`,
 * push events as Server-Sent Events, and seed 004's REST API. Bound to 127.0.0.1 only.
 */
export async function createServer(options: ServerOptions): Promise<{ app: FastifyInstance; url: string; port: number }> {
  const { engine, token } = options;
  // forceCloseConnections: open SSE streams must not keep a shutdown waiting.
  const app = Fastify({ logger: false, bodyLimit: 2 * 1024 * 1024, forceCloseConnections: true, routerOptions: { ignoreTrailingSlash: true } });
  let port = options.port;

  // DNS rebinding: a web page that resolves its own name to 127.0.0.1 still sends its own Host.
  app.addHook('onRequest', async (req, reply) => {
    const host = req.headers.host ?? '';
    if (host !== `127.0.0.1:${port}` && host !== `localhost:${port}`) {
      return sendError(reply, { code: 'forbidden', message: `Host "${host}" is not allowed; use http://127.0.0.1:${port}/` });
    }
    reply.header('x-content-type-options', 'nosniff');
    const path = req.url.split('?')[0] ?? '';
    if (path === '/api/health' || !(path.startsWith('/api/') || path.startsWith('/rpc/'))) return;
    reply.header('cache-control', 'no-store');
    if (!tokenMatches(token, req.headers.authorization)) {
      return sendError(reply, { code: 'unauthorized', message: 'Missing or wrong API token: send "Authorization: Bearer <token>" (the token is in the data folder\'s api-token file).' });
    }
  });

  app.setErrorHandler((error: { statusCode?: number; message: string; code?: string }, _req, reply) => {
    if (error.statusCode && error.statusCode < 500) {
      const message = error.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE' ? 'Send the body as JSON with Content-Type: application/json' : `Bad request body: ${error.message}`;
      return reply.code(error.statusCode).send({ error: { code: 'validation', message, details: { issues: [{ path: '', message }] } } });
    }
    console.error('server error:', error);
    return reply.code(500).send({ error: { code: 'internal', message: 'Unexpected server error; it was logged.' } });
  });

  app.get('/api/health', async () => ({ ok: true, version: engine.version }));

  app.post('/rpc/:method', async (req, reply) => {
    const name = (req.params as { method: string }).method;
    if (!isMethodName(name)) return sendError(reply, { code: 'not_found', message: `No method ${name}` });
    return reply.send(await invoke(engine.handlers, name, req.body));
  });

  app.get('/rpc/stream', (req, reply) => {
    reply.hijack();
    const res = reply.raw;
    res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-store', connection: 'keep-alive', 'x-accel-buffering': 'no' });
    res.write(': connected\n\n');
    const send = (event: PushEvent) => res.write(`data: ${JSON.stringify(event)}\n\n`);
    const unsubscribe = engine.bus.subscribe(send);
    // Keeps proxies and idle timers from closing a quiet stream.
    const ping = setInterval(() => res.write(': ping\n\n'), 15_000);
    req.raw.on('close', () => {
      clearInterval(ping);
      unsubscribe();
    });
  });

  registerRestApi(app, engine);

  if (options.staticDir && existsSync(options.staticDir)) {
    await app.register(fastifyStatic, {
      root: options.staticDir,
      setHeaders: (res) => res.setHeader('content-security-policy', CSP),
    });
  } else {
    app.get('/', async (_req, reply) => reply.type('text/plain').send('The renderer is not built. Run `npm run build`, then reload.'));
  }

  await app.listen({ host: '127.0.0.1', port: options.port });
  const address = app.server.address();
  port = typeof address === 'object' && address ? address.port : options.port;
  return { app, url: `http://127.0.0.1:${port}/`, port };
}
