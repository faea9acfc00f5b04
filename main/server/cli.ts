import { parseArgs } from 'node:util';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Engine } from '../engine/engine.js';
import { defaultDataDir } from '../engine/paths.js';
import { createServer } from './app.js';
import { loadOrCreateApiToken } from './token.js';
import { VERSION } from '../engine/version.js';

/** `npm run serve -- --port P --data-dir D`: browser mode and the local API, no Electron. */
async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      port: { type: 'string', default: '4717' },
      'data-dir': { type: 'string' },
      help: { type: 'boolean', default: false },
    },
    strict: true,
  });
  if (values.help) {
    console.log('Usage: npm run serve -- [--port 4717] [--data-dir DIR]\n  --port 0 picks a free port. The data folder defaults to ' + defaultDataDir());
    return;
  }
  const port = Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`--port must be a number from 0 to 65535 (got "${values.port}")`);
  const dataDir = resolve(values['data-dir'] ?? defaultDataDir());

  const engine = new Engine({ dataDir, version: VERSION, mode: 'browser' });
  const token = loadOrCreateApiToken(dataDir);
  const here = dirname(fileURLToPath(import.meta.url));
  const server = await createServer({ engine, token, port, staticDir: join(here, '..', 'renderer') });
  engine.apiUrl = server.url;
  engine.start();
  console.log(`Herald is serving ${server.url}#token=${token}`);
  console.log(`Data folder: ${dataDir}`);

  let closing = false;
  const shutdown = async () => {
    if (closing) return;
    closing = true;
    await server.app.close();
    await engine.close();
    process.exit(0);
  };
  process.on('SIGINT', () => void shutdown());
  process.on('SIGTERM', () => void shutdown());
}

main().catch((error: unknown) => {
  console.error(`Herald could not start: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
