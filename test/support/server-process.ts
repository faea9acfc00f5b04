import { spawn, type ChildProcess } from 'node:child_process';
import { resolve } from 'node:path';

/**
 * Starts the built browser-mode server (dist/server/cli.mjs) and waits for its ready line.
 * `extraArgs` go to the CLI as they are, e.g. ['--time-scale', '3600'] for a compressed clock.
 */
export async function startHerald(dataDir: string, port = 0, extraArgs: readonly string[] = []): Promise<{ url: string; token: string; base: string; stop(): Promise<void>; process: ChildProcess }> {
  const child = spawn(process.execPath, [resolve('dist/server/cli.mjs'), '--port', String(port), '--data-dir', dataDir, ...extraArgs], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const url = await new Promise<string>((resolveUrl, reject) => {
    const timer = setTimeout(() => reject(new Error(`Herald did not start in 20 s:\n${output}`)), 20_000);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const match = /Herald is serving (\S+)/.exec(output);
      if (match?.[1]) {
        clearTimeout(timer);
        resolveUrl(match[1]);
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.on('exit', (code) => reject(new Error(`Herald exited with ${code}:\n${output}`)));
  });
  const token = new URL(url).hash.replace('#token=', '');
  return {
    url,
    token,
    base: url.split('#')[0]!,
    process: child,
    stop: () =>
      new Promise<void>((done) => {
        if (child.exitCode !== null) return done();
        child.once('exit', () => done());
        child.kill('SIGTERM');
      }),
  };
}
