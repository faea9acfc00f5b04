// `npm start`: the desktop app when Electron's binary is present, otherwise browser mode.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { electronBinary } from './electron-binary.mjs';

const { path: binary, reason } = electronBinary();
const forward = process.argv.slice(2);
let child;
if (binary) {
  if (!existsSync('dist/native/electron/better_sqlite3.node')) {
    console.log('Building better-sqlite3 for Electron (first start only)…');
    const rebuild = spawn(process.execPath, ['scripts/build-native-electron.mjs'], { stdio: 'inherit' });
    const code = await new Promise((resolve) => rebuild.on('exit', resolve));
    if (code !== 0) process.exit(code ?? 1);
  }
  child = spawn(binary, ['.', ...forward], { stdio: 'inherit' });
} else {
  console.log(`Electron binary unavailable (${reason}); starting browser mode instead.`);
  child = spawn(process.execPath, ['dist/server/cli.mjs', ...forward], { stdio: 'inherit' });
}
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
child.on('exit', (code) => process.exit(code ?? 0));
