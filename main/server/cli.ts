import { parseArgs } from 'node:util';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Engine } from '../engine/engine.js';
import { ScaledClock } from '../engine/clock.js';
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
      'time-scale': { type: 'string', default: '1' },
      'max-batch': { type: 'string' },
      help: { type: 'boolean', default: false },
    },
    strict: true,
  });
  if (values.help) {
    console.log(
      [
        'Usage: npm run serve -- [--port 4717] [--data-dir DIR] [--time-scale N]',
        '  --port 0 picks a free port. The data folder defaults to ' + defaultDataDir(),
        '  --time-scale 3600 runs engine time an hour per second: retries and batching windows play fast (demos, tests).',
        '  --max-batch N caps the events in one webhook request (default 1000).',
      ].join('\n'),
    );
    return;
  }
  const port = Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`--port must be a number from 0 to 65535 (got "${values.port}")`);
  const dataDir = resolve(values['data-dir'] ?? defaultDataDir());
  const timeScale = Number(values['time-scale']);
  if (!Number.isFinite(timeScale) || timeScale < 1 || timeScale > 1_000_000) throw new Error(`--time-scale must be a number from 1 to 1000000 (got "${values['time-scale']}")`);
  const maxBatch = values['max-batch'] === undefined ? undefined : Number(values['max-batch']);
  if (maxBatch !== undefined && (!Number.isInteger(maxBatch) || maxBatch < 1 || maxBatch > 1000)) throw new Error(`--max-batch must be a whole number from 1 to 1000 (got "${values['max-batch']}")`);

  const engine = new Engine({
    dataDir,
    version: VERSION,
    mode: 'browser',
    ...(timeScale > 1 ? { clock: new ScaledClock(timeScale) } : {}),
    ...(maxBatch !== undefined ? { maxBatch } : {}),
  });
  const token = loadOrCreateApiToken(dataDir);
  const here = dirname(fileURLToPath(import.meta.url));
  const server = await createServer({ engine, token, port, staticDir: join(here, '..', 'renderer') });
  engine.apiUrl = server.url;
  engine.start();
  console.log(`Herald is serving ${server.url}#token=${token}`);
  console.log(`Data folder: ${dataDir}`);
  if (timeScale > 1) console.log(`Time runs ×${timeScale}: retries and batching windows play fast.`);

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
