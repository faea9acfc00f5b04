/** PNGs the shell embeds: scripts/build.mjs bundles them with esbuild's `binary` loader. */
declare module '*.png' {
  const bytes: Uint8Array;
  export default bytes;
}
