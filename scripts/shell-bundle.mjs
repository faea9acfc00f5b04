// How the Electron main process is bundled, shared by scripts/build.mjs and the shell bundle test.
import { readFileSync } from 'node:fs';

const { version, dependencies } = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));

/** ESM-only dependencies bundled into the CommonJS main process instead of required at run time. */
export const BUNDLED_INTO_SHELL = ['electron-store'];

/**
 * CommonJS; electron and the runtime dependencies stay external, except electron-store (and its
 * core, conf), which is ESM-only and is bundled into the CJS file. The tray PNGs are embedded as
 * bytes, so the packaged app (files: dist/**) needs no assets folder.
 */
export function shellBuildOptions(outfile = 'dist/shell/main.cjs') {
  return {
    entryPoints: ['main/shell/main.ts'],
    outfile,
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node22',
    external: ['electron', ...Object.keys(dependencies).filter((name) => !BUNDLED_INTO_SHELL.includes(name))],
    loader: { '.png': 'binary' },
    define: { __HERALD_VERSION__: JSON.stringify(version) },
    logLevel: 'warning',
  };
}
