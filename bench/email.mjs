// Email throughput: N per-event emails through the engine (routing by a rule, SQLite writes,
// LiquidJS rendering, one pooled SMTP connection, attempt records) against nodemailer alone
// sending the same number of already-rendered messages over one pooled connection to the same
// local smtp-server, side by side in one run. Prints figures and the ratio; asserts nothing.
// Usage: npm run bench:email [-- 2000]
import { build } from 'esbuild';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import nodemailer from 'nodemailer';
import { SMTPServer } from 'smtp-server';

const N = Number(process.argv[2] ?? 2000);
await build({ entryPoints: ['main/engine/engine.ts'], outfile: join('.tmp', 'bench-engine.mjs'), bundle: true, platform: 'node', format: 'esm', packages: 'external', logLevel: 'error' });
await build({ entryPoints: ['main/engine/clock.ts'], outfile: join('.tmp', 'bench-clock.mjs'), bundle: true, platform: 'node', format: 'esm', logLevel: 'error' });
await build({ entryPoints: ['main/contract/index.ts'], outfile: join('.tmp', 'bench-contract.mjs'), bundle: true, platform: 'node', format: 'esm', packages: 'external', logLevel: 'error' });
const { Engine } = await import(pathToFileURL(join('.tmp', 'bench-engine.mjs')).href);
const { VirtualClock } = await import(pathToFileURL(join('.tmp', 'bench-clock.mjs')).href);
const { EmailInputSchema, RuleInputSchema, findTrigger } = await import(pathToFileURL(join('.tmp', 'bench-contract.mjs')).href);

let received = 0;
const server = new SMTPServer({
  authOptional: true,
  disabledCommands: ['STARTTLS', 'AUTH'],
  logger: false,
  onData(stream, _session, callback) {
    stream.on('data', () => undefined);
    stream.on('end', () => {
      received++;
      callback();
    });
  },
});
await new Promise((r) => server.listen(0, '127.0.0.1', r));
const port = server.server.address().port;

const dir = mkdtempSync(join(tmpdir(), 'herald-bench-'));
const clock = new VirtualClock();
const engine = new Engine({ dataDir: dir, version: 'bench', mode: 'browser', clock });
engine.start();
const settings = { host: '127.0.0.1', port, security: 'none', from_address: 'alerts@example.com', from_name: 'Herald bench', reply_to: 'secops@example.com', signature: 'Security Operations' };
const mail = await engine.handlers['integrations.create'](EmailInputSchema.parse({ kind: 'email', name: 'bench', settings, secrets: {} }));
engine.createRule(RuleInputSchema.parse({ name: 'bench', triggers: ['sca_policy_has_been_triggered'], actions: [{ integration_id: mail.id, params: { recipients: ['analyst@example.com'] } }] }));
const payload = findTrigger('sca_policy_has_been_triggered').example;

let t = performance.now();
for (let i = 0; i < N; i++) engine.fireEvent({ trigger: 'sca_policy_has_been_triggered', payload: { ...payload, alert_id: i } }, 'api');
const ingestMs = performance.now() - t;

t = performance.now();
while (received < N) {
  clock.advance(5000);
  await engine.scheduler.idle();
}
const engineMs = performance.now() - t;
const sample = engine.repo.attempt(engine.repo.logPage(undefined, 1).find((e) => e.type === 'attempt')?.id ?? '')?.request;
await engine.close();

// Baseline: the same number of messages, rendered once up front, over one pooled connection.
const transport = nodemailer.createTransport({ host: '127.0.0.1', port, secure: false, ignoreTLS: true, pool: true, maxConnections: 1, maxMessages: Infinity });
const message = {
  from: { name: 'Herald bench', address: 'alerts@example.com' },
  replyTo: 'secops@example.com',
  to: ['analyst@example.com'],
  subject: sample?.headers.subject ?? 'Policy alert',
  text: sample?.body ?? 'Policy alert',
  html: `<!doctype html><html><body><pre>${sample?.body ?? ''}</pre></body></html>`,
};
received = 0;
t = performance.now();
for (let i = 0; i < N; i++) await transport.sendMail(message);
const rawMs = performance.now() - t;
transport.close();

server.close();
rmSync(dir, { recursive: true, force: true });
const rate = (n, ms) => Math.round((n / ms) * 1000).toLocaleString('en');
console.log(`emails: ${N}, one recipient each, one pooled SMTP connection, local smtp-server`);
console.log(`ingest (validate, route by rule, write event+delivery): ${rate(N, ingestMs)} events/s`);
console.log(`engine (claim, render LiquidJS, send, record attempt, settle): ${rate(N, engineMs)} messages/s (${Math.round(engineMs)} ms)`);
console.log(`nodemailer alone, pre-rendered: ${rate(N, rawMs)} messages/s (${Math.round(rawMs)} ms)`);
console.log(`ratio engine/nodemailer time: ${(engineMs / rawMs).toFixed(2)}`);
