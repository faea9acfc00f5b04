// Builds everything `npm start`, `npm run serve` and the packaged app need into dist/.
import { build as esbuild } from 'esbuild';
import { readFileSync } from 'node:fs';
import { build as viteBuild } from 'vite';
import { shellBuildOptions } from './shell-bundle.mjs';

const quiet = process.argv.includes('--quiet');
const log = (...args) => quiet || console.log(...args);
const { version } = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));
const define = { __HERALD_VERSION__: JSON.stringify(version) };
const started = performance.now();

await Promise.all([
  // Browser mode / local API: plain Node, dependencies stay in node_modules.
  esbuild({ entryPoints: ['main/server/cli.ts'], outfile: 'dist/server/cli.mjs', bundle: true, platform: 'node', format: 'esm', target: 'node20', packages: 'external', define, logLevel: 'warning' }),
  // Electron main process: CommonJS with electron-store bundled in (see shell-bundle.mjs).
  esbuild(shellBuildOptions()),
  // Sandboxed preload: one self-contained file, only `electron` may be required.
  esbuild({ entryPoints: ['preload/index.ts'], outfile: 'dist/preload/preload.cjs', bundle: true, platform: 'node', format: 'cjs', target: 'chrome130', external: ['electron'], logLevel: 'warning' }),
]);
await viteBuild({ configFile: 'vite.config.ts', logLevel: quiet ? 'error' : 'warn' });
log(`built dist/ in ${Math.round(performance.now() - started)} ms`);
