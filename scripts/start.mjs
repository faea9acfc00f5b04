// `npm start`: the desktop app when Electron's binary is present (downloading it on first run
// where the network allows), otherwise browser mode. `npm start -- --browser` skips Electron.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { electronBinary } from './electron-binary.mjs';

const args = process.argv.slice(2);
const browserOnly = args.includes('--browser');
const forward = args.filter((a) => a !== '--browser');

function tryDownload() {
  // electron ≥42 fetches its binary lazily; its own installer does the download.
  const installer = createRequire(import.meta.url).resolve('electron/install.js');
  const result = spawnSync(process.execPath, [installer], { stdio: 'pipe', timeout: 300_000, encoding: 'utf8' });
  if (result.status === 0) return null;
  const why = /fetch failed|ENOTFOUND|EAI_AGAIN|ECONNREFUSED|ETIMEDOUT/.exec(`${result.stderr}${result.stdout}`)?.[0] ?? 'download failed';
  return `it could not be downloaded (${why})`;
}

let { path: binary, reason } = browserOnly ? { path: null, reason: 'browser mode was asked for' } : electronBinary();
if (!binary && !browserOnly && reason?.includes('not been downloaded')) {
  reason = tryDownload() ?? reason;
  ({ path: binary } = electronBinary());
}

let child;
if (binary) {
  if (!existsSync('dist/native/electron/better_sqlite3.node')) {
    console.log('Building better-sqlite3 for Electron (first start only)…');
    const rebuild = spawnSync(process.execPath, ['scripts/build-native-electron.mjs'], { stdio: 'inherit' });
    if (rebuild.status !== 0) process.exit(rebuild.status ?? 1);
  }
  child = spawn(binary, ['.', ...forward], { stdio: 'inherit' });
} else {
  console.log(`Electron binary unavailable: ${reason}; starting browser mode instead.`);
  child = spawn(process.execPath, ['dist/server/cli.mjs', ...forward], { stdio: 'inherit' });
}
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
child.on('exit', (code) => process.exit(code ?? 0));
