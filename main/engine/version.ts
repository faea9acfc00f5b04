/** Replaced at build time by esbuild's `define`; the fallback covers tests run from source. */
declare const __HERALD_VERSION__: string | undefined;
export const VERSION: string = typeof __HERALD_VERSION__ === 'string' ? __HERALD_VERSION__ : '0.0.0-dev';
