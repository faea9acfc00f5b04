import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { findTrigger } from '../../main/contract/catalogue.js';
import { EmailInputSchema, RuleInputSchema, type EmailSettings, type Integration, type LogEntry, type CapturedEmail } from '../../main/contract/index.js';
import type { VirtualClock } from '../../main/engine/clock.js';
import type { Engine } from '../../main/engine/engine.js';
import { invoke } from '../../main/engine/invoke.js';
import { previewDelivery } from '../../main/engine/preview.js';
import { translateValidation } from '../../renderer/src/i18n/validation-messages.js';
import { CLIENT_ID, CLIENT_SECRET, M365Fake, SMTP_AUD, TENANT } from '../support/m365-fake.js';
import { SmtpSink } from '../support/smtp.js';
import { localCertificate } from '../support/tls.js';
import { advance, tempDir, virtualEngine } from '../support/world.js';

type EmailInput = z.input<typeof EmailInputSchema>;
const MAILBOX = 'alerts@contoso.com';

/** Microsoft 365 mail (seed 001's OAuth2 fields) through the real email channel, against a local Entra ID + Graph and a real smtp-server. */
describe('Microsoft 365 mail (issue 8)', () => {
  let dir: ReturnType<typeof tempDir>;
  let engine: Engine;
  let clock: VirtualClock;
  let m365: M365Fake;
  let sinks: SmtpSink[] = [];
  let cert: { key: string; cert: string };

  beforeAll(async () => {
    cert = await localCertificate();
  });
  beforeEach(async () => {
    dir = tempDir();
    ({ engine, clock } = virtualEngine(dir.path));
    m365 = await M365Fake.start();
  });
  afterEach(async () => {
    await engine.close();
    await m365.close();
    await Promise.all(sinks.map((s) => s.close()));
    sinks = [];
    dir.remove();
  });

  const graphInput = (over: Partial<EmailSettings> = {}, secret: string = CLIENT_SECRET): EmailInput => ({
    kind: 'email',
    name: 'Microsoft 365',
    settings: {
      transport: 'graph',
      tenant_id: TENANT,
      client_id: CLIENT_ID,
      login_base: m365.loginBase,
      graph_base: m365.graphBase,
      from_address: MAILBOX,
      from_name: 'Herald alerts',
      reply_to: 'secops@contoso.com',
      ...over,
    },
    secrets: { client_secret: secret },
  });
  /** SMTP with XOAUTH2 into a real smtp-server on STARTTLS that checks the bearer token with the fake. */
  const smtpSink = async (): Promise<SmtpSink> => {
    const sink = await SmtpSink.start({ auth: true, tls: cert, starttls: true, authMethods: ['XOAUTH2'], acceptToken: (user, token) => user === MAILBOX && m365.accepts(token, SMTP_AUD) });
    sinks.push(sink);
    return sink;
  };
  const xoauthInput = (port: number, over: Partial<EmailSettings> = {}): EmailInput => ({
    kind: 'email',
    name: 'Exchange SMTP',
    settings: {
      host: '127.0.0.1',
      port,
      security: 'starttls',
      require_tls: true,
      ca_pem: cert.cert,
      auth: true,
      auth_method: 'oauth2',
      username: MAILBOX,
      tenant_id: TENANT,
      client_id: CLIENT_ID,
      login_base: m365.loginBase,
      from_address: MAILBOX,
      from_name: 'Herald alerts',
      reply_to: 'secops@contoso.com',
      connection_timeout_ms: 3000,
      greeting_timeout_ms: 2000,
      ...over,
    },
    secrets: { client_secret: CLIENT_SECRET },
  });
  const create = async (input: EmailInput): Promise<Integration> => engine.handlers['integrations.create'](EmailInputSchema.parse(input));
  const rule = (integrationId: string, recipients = ['analyst@contoso.com', 'lead@contoso.com']) =>
    engine.createRule(RuleInputSchema.parse({ name: 'Policy alerts', triggers: ['sca_policy_has_been_triggered'], actions: [{ integration_id: integrationId, params: { recipients } }] }));
  const alert = (over: Record<string, unknown> = {}) => engine.fireEvent({ trigger: 'sca_policy_has_been_triggered', payload: { ...structuredClone(findTrigger('sca_policy_has_been_triggered')!.example), ...over } }, 'api');
  const attempts = () =>
    engine.repo
      .logPage(undefined, 1000)
      .filter((e): e is Extract<LogEntry, { type: 'attempt' }> & { seq: number } => e.type === 'attempt')
      .map((e) => e.attempt)
      .reverse();
  const test = (id: string, send_email?: { to: string }) => engine.handlers['integrations.test']({ id, ...(send_email ? { send_email: { subject: 'Herald test email', body: 'If you can read it, alerts will reach you.', ...send_email } } : {}) });
  const sendMails = () => m365.graphRequests.filter((r) => r.path.endsWith('/sendMail'));

  it('sends through Graph: one token, sendMail with the HTML message, recipients, reply-to and no Sent Items copy; secrets masked', async () => {
    const saved = await create(graphInput());
    expect(saved.secrets.client_secret).toMatchObject({ is_set: true });
    expect(JSON.stringify(saved)).not.toContain(CLIENT_SECRET);
    rule(saved.id);
    const fired = alert();
    await advance(engine, clock, 5000);

    expect(m365.tokenRequests).toHaveLength(1);
    expect(Object.fromEntries(m365.tokenRequests[0]!)).toEqual({ client_id: CLIENT_ID, client_secret: CLIENT_SECRET, scope: 'https://graph.microsoft.com/.default', grant_type: 'client_credentials' });
    expect(m365.sends).toHaveLength(1);
    const [send] = m365.sends;
    expect(send!.mailbox).toBe(MAILBOX);
    expect(sendMails()[0]!.contentType).toMatch(/^application\/json/);
    const message = send!.json!.message as {
      subject: string;
      body: { contentType: string; content: string };
      toRecipients: { emailAddress: { address: string } }[];
      replyTo: { emailAddress: { address: string } }[];
      from: { emailAddress: { name: string; address: string } };
      internetMessageHeaders: { name: string; value: string }[];
    };
    expect(send!.json!.saveToSentItems).toBe(false);
    expect(message.subject).toContain('payments-api');
    expect(message.body.contentType).toBe('HTML');
    expect(message.body.content).toContain('Block critical CVEs in production');
    expect(message.toRecipients.map((r) => r.emailAddress.address)).toEqual(['analyst@contoso.com', 'lead@contoso.com']);
    expect(message.replyTo).toEqual([{ emailAddress: { address: 'secops@contoso.com' } }]);
    expect(message.from.emailAddress).toEqual({ name: 'Herald alerts', address: MAILBOX });
    expect(message.internetMessageHeaders).toContainEqual({ name: 'X-Herald-Event-Id', value: fired.event.id });

    const [attempt] = attempts();
    expect(attempt).toMatchObject({ outcome: 'delivered', status_code: 202, protocol: 'http', integration_name: 'Microsoft 365' });
    expect(attempt!.target).toBe(`To analyst@contoso.com, lead@contoso.com · ${message.subject}`);
    const full = engine.repo.attempt(attempt!.id)!;
    expect(full.request.url).toBe(`${m365.graphBase}/users/alerts%40contoso.com/sendMail`);
    expect(full.request.headers.authorization).toBe('••••••••');
    const token = sendMails()[0]!.authorization!.slice('Bearer '.length);
    expect(JSON.stringify(full)).not.toContain(token);
    expect(JSON.stringify(full)).not.toContain(CLIENT_SECRET);
    expect(engine.repo.deliveriesOfEvent(fired.event.id)[0]).toMatchObject({ status: 'delivered', progress: { accepted: ['analyst@contoso.com', 'lead@contoso.com'] } });
  });

  it('a wrong client secret (401 invalid_client, AADSTS7000215) disables the integration with the reason and keeps the message', async () => {
    const saved = await create(graphInput({}, 'wrong~secret'));
    rule(saved.id);
    alert();
    await advance(engine, clock, 5000);
    expect(m365.sends).toHaveLength(0);
    expect(sendMails()).toHaveLength(0);
    expect(attempts()[0]).toMatchObject({ outcome: 'failed', status_code: 401, classification: 'auth' });
    const full = engine.repo.attempt(attempts()[0]!.id)!;
    // The log shows Entra ID's documented answer, and the secret masked in the form it sent.
    expect(full.response!.body_excerpt).toContain('"error":"invalid_client"');
    expect(full.request.body).toContain('client_secret=••••••••');
    expect(JSON.stringify(full)).not.toContain('wrong~secret');
    const health = engine.getIntegration(saved.id).health;
    expect(health).toMatchObject({ state: 'disabled', pending_deliveries: 1 });
    expect(health.disabled_reason).toContain('Entra ID rejected the client secret (AADSTS7000215).');
    expect(health.disabled_reason).toContain('Invalid client secret provided.');
    expect(health.disabled_reason).toContain('not its Secret ID');
    expect(health.disabled_reason).not.toContain('Trace ID');
    expect(translateValidation(health.disabled_reason!, 'ru')).toMatch(/отклонил секрет клиента/);

    // Fixed and enabled again: the kept message goes out.
    await engine.handlers['integrations.update']({ id: saved.id, input: EmailInputSchema.parse({ ...graphInput(), is_active: true }) });
    await advance(engine, clock, 5000);
    expect(m365.sends).toHaveLength(1);
  });

  it('403 ErrorAccessDenied says to grant Mail.Send with admin consent, and disables', async () => {
    m365.roles = [];
    const saved = await create(graphInput());
    rule(saved.id);
    alert();
    await advance(engine, clock, 5000);
    expect(attempts()[0]).toMatchObject({ outcome: 'failed', status_code: 403, classification: 'auth' });
    const reason = engine.getIntegration(saved.id).health.disabled_reason!;
    expect(reason).toContain('Graph said ErrorAccessDenied: "Access is denied. Check credentials and try again."');
    expect(reason).toContain('Grant the Mail.Send application permission (Microsoft Graph → Application permissions) and admin consent in Entra ID');
    expect(translateValidation(reason, 'ru')).toMatch(/Mail\.Send/);
    expect(translateValidation(reason, 'ru')).toMatch(/согласие администратора/);
  });

  it('honours Retry-After on 429 at the right virtual time, and retries a 503 on the schedule until delivered', async () => {
    const saved = await create(graphInput());
    rule(saved.id);
    m365.failNext({ status: 429, retryAfterSeconds: 300 });
    alert();
    await advance(engine, clock, 5000);
    expect(attempts().at(-1)).toMatchObject({ outcome: 'retry', status_code: 429, classification: 'transient' });
    expect(attempts().at(-1)!.error).toContain('Microsoft Graph is throttling this app (429). Graph said ApplicationThrottled');
    const last = attempts().at(-1)!;
    expect(Date.parse(last.next_attempt_at!) - Date.parse(last.started_at)).toBe(300_000);
    await advance(engine, clock, 290_000);
    expect(m365.sends).toHaveLength(0);
    await advance(engine, clock, 10_000);
    expect(m365.sends).toHaveLength(1);
    expect(attempts().at(-1)).toMatchObject({ outcome: 'delivered', status_code: 202 });

    m365.failNext({ status: 503 });
    alert({ vulnerability: 'CVE-2022-0002' });
    await advance(engine, clock, 5000);
    expect(attempts().at(-1)).toMatchObject({ outcome: 'retry', status_code: 503, classification: 'transient' });
    expect(engine.getIntegration(saved.id).health.state).not.toBe('disabled');
    await advance(engine, clock, 60_000);
    expect(m365.sends).toHaveLength(2);
    expect(attempts().at(-1)).toMatchObject({ outcome: 'delivered' });
  });

  it('keeps the token until shortly before it expires, and fetches a new one after expiry or a 401', async () => {
    const saved = await create(graphInput());
    rule(saved.id);
    alert();
    await advance(engine, clock, 5000);
    alert({ vulnerability: 'CVE-2022-0002' });
    await advance(engine, clock, 5000);
    expect(m365.sends).toHaveLength(2);
    expect(m365.tokenRequests).toHaveLength(1);

    // 3599 s lifetime, renewed 5 minutes early (at 54:59): at 50 minutes the cached one still serves...
    await advance(engine, clock, 50 * 60_000);
    alert({ vulnerability: 'CVE-2022-0003' });
    await advance(engine, clock, 5000);
    expect(m365.tokenRequests).toHaveLength(1);
    // ...past 55 minutes of its life it is replaced.
    await advance(engine, clock, 5 * 60_000);
    alert({ vulnerability: 'CVE-2022-0004' });
    await advance(engine, clock, 5000);
    expect(m365.tokenRequests).toHaveLength(2);
    expect(m365.sends).toHaveLength(4);

    // Revoked: Graph answers 401 InvalidAuthenticationToken; Herald fetches a fresh token once and the send goes through.
    m365.revokeTokens();
    alert({ vulnerability: 'CVE-2022-0005' });
    await advance(engine, clock, 5000);
    expect(m365.tokenRequests).toHaveLength(3);
    expect(sendMails().slice(-2).map((r) => r.authorization === sendMails().at(-1)!.authorization)).toEqual([false, true]);
    expect(m365.sends).toHaveLength(5);
    expect(attempts().at(-1)).toMatchObject({ outcome: 'delivered', status_code: 202 });
  });

  it('an unknown mailbox (404 ErrorInvalidUser) names the From address to fix', async () => {
    const saved = await create(graphInput({ from_address: 'nobody@contoso.com' }));
    rule(saved.id);
    alert();
    await advance(engine, clock, 5000);
    expect(attempts()[0]).toMatchObject({ outcome: 'failed', status_code: 404, classification: 'config' });
    expect(attempts()[0]!.error).toContain('The mailbox nobody@contoso.com was not found in this tenant (404). Graph said ErrorInvalidUser');
  });

  it('SMTP with XOAUTH2: STARTTLS, AUTH XOAUTH2 with an Exchange Online token the server checks, and a new token when it is refused', async () => {
    const sink = await smtpSink();
    const saved = await create(xoauthInput(sink.port));
    rule(saved.id);
    alert();
    await advance(engine, clock, 5000);
    expect(sink.messages).toHaveLength(1);
    expect(sink.logins).toEqual(['XOAUTH2']);
    expect(sink.messages[0]!.envelope.to.sort()).toEqual(['analyst@contoso.com', 'lead@contoso.com']);
    expect(m365.tokenRequests.map((f) => f.get('scope'))).toEqual(['https://outlook.office365.com/.default']);
    expect(attempts()[0]).toMatchObject({ outcome: 'delivered', status_code: 250, protocol: 'smtp' });

    // The server refuses the cached token: nodemailer asks for a renewal and the message still goes.
    m365.revokeTokens();
    alert({ vulnerability: 'CVE-2022-0002' });
    await advance(engine, clock, 5000);
    expect(sink.messages).toHaveLength(2);
    expect(m365.tokenRequests).toHaveLength(2);
    expect(sink.logins).toEqual(['XOAUTH2', 'XOAUTH2', 'XOAUTH2']);
  });

  it('SMTP with XOAUTH2 and a wrong secret disables with the sign-in reason; a refused token names SMTP.SendAsApp', async () => {
    const sink = await smtpSink();
    const saved = await create(xoauthInput(sink.port));
    await engine.handlers['integrations.update']({ id: saved.id, input: EmailInputSchema.parse({ ...xoauthInput(sink.port), secrets: { client_secret: 'wrong~secret' } }) });
    rule(saved.id);
    alert();
    await advance(engine, clock, 5000);
    expect(sink.messages).toHaveLength(0);
    expect(attempts()[0]).toMatchObject({ outcome: 'failed', classification: 'auth' });
    expect(engine.getIntegration(saved.id).health.disabled_reason).toContain('AADSTS7000215');

    // A token for the wrong client (the server refuses every token): Exchange's side of the setup.
    const refusing = await SmtpSink.start({ auth: true, tls: cert, starttls: true, authMethods: ['XOAUTH2'], acceptToken: () => false });
    sinks.push(refusing);
    const other = await create(xoauthInput(refusing.port, {}));
    const report = await test(other.id);
    expect(report.ok).toBe(false);
    expect(report.steps.map((s) => [s.id, s.status])).toEqual([
      ['dns', 'skipped'],
      ['tcp', 'ok'],
      ['greeting', 'ok'],
      ['tls', 'ok'],
      ['ehlo', 'ok'],
      ['token', 'ok'],
      ['auth', 'failed'],
    ]);
    expect(report.summary).toContain('The server refused the Entra ID token (AUTH XOAUTH2).');
    expect(report.hint).toContain('SMTP.SendAsApp');
    expect(translateValidation(report.hint!, 'ru')).toMatch(/SMTP\.SendAsApp/);
  });

  it('Test it for Graph: token (tenant, app, scope, lifetime — never the token), Mail.Send in the token, the mailbox, then a test email', async () => {
    const saved = await create(graphInput());
    let report = await test(saved.id);
    expect(report.ok).toBe(true);
    expect(report.steps.map((s) => [s.id, s.status])).toEqual([
      ['token', 'ok'],
      ['permission', 'ok'],
      ['mailbox', 'ok'],
    ]);
    expect(report.steps[0]!.detail).toBe(`Entra ID issued a token for app ${CLIENT_ID} in tenant ${TENANT}, scope https://graph.microsoft.com/.default, valid for 60 min.`);
    expect(report.steps[1]!.detail).toBe('The token carries the Mail.Send application permission (roles: Mail.Send).');
    expect(report.steps[2]!.detail).toBe('Found the mailbox Security Alerts <alerts@contoso.com>.');
    expect(report.summary).toBe('Token, permission and mailbox check out. No email was sent.');
    expect(m365.sends).toHaveLength(0);
    const token = m365.graphRequests[0]!.authorization!.slice('Bearer '.length);
    expect(JSON.stringify(report)).not.toContain(token);
    expect(JSON.stringify(report)).not.toContain(CLIENT_SECRET);
    for (const step of report.steps) expect(translateValidation(step.detail, 'ru')).toMatch(/[А-Яа-я]/);

    report = await test(saved.id, { to: 'me@contoso.com' });
    expect(report.ok).toBe(true);
    expect(report.steps.at(-1)).toMatchObject({ id: 'send', status: 'ok', detail: 'Graph accepted the test email to me@contoso.com (202 Accepted); Exchange Online delivers it shortly.' });
    expect(m365.sends).toHaveLength(1);
    expect((m365.sends[0]!.json!.message as { subject: string }).subject).toBe('Herald test email');
    expect(translateValidation(report.summary, 'ru')).toMatch(/[А-Яа-я]/);

    // Without User.Read.All the lookup is refused: a warning, not a failure.
    m365.lookupAllowed = false;
    report = await test(saved.id);
    expect(report.ok).toBe(true);
    expect(report.steps[2]).toMatchObject({ id: 'mailbox', status: 'warning' });
  });

  it('Test it for Graph names the fix: wrong secret, unknown app, unknown tenant, missing Mail.Send, unknown mailbox', async () => {
    const cases: [Partial<EmailSettings>, string, string, RegExp][] = [
      [{}, 'wrong~secret', 'Entra ID rejected the client secret (AADSTS7000215).', /Certificates & secrets/],
      [{ client_id: '00000000-0000-0000-0000-000000000001' }, CLIENT_SECRET, 'No application with the Application (client) ID 00000000-0000-0000-0000-000000000001 exists in this directory (AADSTS700016).', /Overview/],
      [{ tenant_id: '11111111-1111-1111-1111-111111111111' }, CLIENT_SECRET, 'The directory (tenant) 11111111-1111-1111-1111-111111111111 was not found (AADSTS90002).', /Directory \(tenant\) ID/],
    ];
    for (const [over, secret, summary, hint] of cases) {
      const saved = await create(graphInput(over, secret));
      const report = await test(saved.id);
      expect(report.ok).toBe(false);
      expect(report.steps.map((s) => s.id)).toEqual(['token']);
      expect(report.summary.startsWith(summary)).toBe(true);
      expect(report.hint).toMatch(hint);
      expect(translateValidation(report.summary, 'ru')).toMatch(/[А-Яа-я]/);
      expect(translateValidation(report.hint!, 'ru')).toMatch(/[А-Яа-я]/);
    }

    m365.roles = ['User.Read.All'];
    const noSend = await create(graphInput());
    let report = await test(noSend.id);
    expect(report.steps.at(-1)).toMatchObject({ id: 'permission', status: 'failed', detail: 'The token carries no Mail.Send application permission (roles: User.Read.All).' });
    expect(report.hint).toBe('Grant the Mail.Send application permission (Microsoft Graph → Application permissions) and admin consent in Entra ID.');
    expect(translateValidation(report.hint!, 'ru')).toMatch(/согласие администратора/);

    m365.roles = ['Mail.Send'];
    const wrongMailbox = await create(graphInput({ from_address: 'nobody@contoso.com' }));
    report = await test(wrongMailbox.id);
    expect(report.steps.at(-1)).toMatchObject({ id: 'mailbox', status: 'failed' });
    expect(report.summary).toContain('The mailbox nobody@contoso.com was not found in this tenant (404).');
  });

  it('Test it for SMTP with XOAUTH2: connect, STARTTLS, EHLO, token, AUTH XOAUTH2, then a test email; no token in the transcript', async () => {
    const sink = await smtpSink();
    const saved = await create(xoauthInput(sink.port));
    const report = await test(saved.id, { to: 'me@contoso.com' });
    expect(report.ok).toBe(true);
    expect(report.steps.map((s) => [s.id, s.status])).toEqual([
      ['dns', 'skipped'],
      ['tcp', 'ok'],
      ['greeting', 'ok'],
      ['tls', 'ok'],
      ['ehlo', 'ok'],
      ['token', 'ok'],
      ['auth', 'ok'],
      ['send', 'ok'],
    ]);
    expect(report.steps.find((s) => s.id === 'token')!.detail).toContain('scope https://outlook.office365.com/.default');
    expect(report.steps.find((s) => s.id === 'auth')!.detail).toBe('AUTH XOAUTH2 accepted for alerts@contoso.com');
    expect(report.details?.capabilities).toContain('AUTH XOAUTH2');
    expect(sink.messages).toHaveLength(1);
    const issued = m365.tokenRequests.length;
    expect(issued).toBeGreaterThanOrEqual(1);
    const transcript = (report.transcript ?? []).join('\n');
    expect(transcript).toContain('AUTH XOAUTH2');
    expect(transcript).not.toMatch(/auth=Bearer|eyJ/);
    expect(JSON.stringify(report)).not.toContain(CLIENT_SECRET);
  });

  it('Capture mode: a Graph integration lands in the sandbox inbox over SMTP and never reaches Microsoft', async () => {
    const saved = await create(graphInput());
    rule(saved.id);
    const switched = await invoke(engine.handlers, 'integrations.setSandbox', { id: saved.id, mode: 'capture' });
    expect(switched.ok).toBe(true);
    alert();
    await advance(engine, clock, 5000);
    expect(m365.tokenRequests).toHaveLength(0);
    expect(m365.graphRequests).toHaveLength(0);
    const list = await invoke(engine.handlers, 'sandbox.list', { integration_id: saved.id });
    if (!list.ok) throw new Error(list.error.message);
    expect(list.value.captures).toHaveLength(1);
    expect(list.value.captures[0]).toMatchObject({ receiver: 'smtp', detail: 'analyst@contoso.com, lead@contoso.com' });
    const got = await invoke(engine.handlers, 'sandbox.get', { id: list.value.captures[0]!.id });
    if (!got.ok) throw new Error(got.error.message);
    expect((got.value as CapturedEmail).from).toContain(MAILBOX);

    // Test it follows the mode: the inbox, not Entra ID.
    const report = await test(saved.id);
    expect(report).toMatchObject({ ok: true, sandbox: 'capture' });
    expect(m365.tokenRequests).toHaveLength(0);

    // Released through a live Graph integration: the captured MIME goes to sendMail as base64 text/plain.
    const live = await create({ ...graphInput(), name: 'Microsoft 365 live' });
    const released = await invoke(engine.handlers, 'sandbox.release', { id: list.value.captures[0]!.id, integration_id: live.id });
    if (!released.ok) throw new Error(released.error.message);
    expect(released.value).toMatchObject({ accepted: ['analyst@contoso.com', 'lead@contoso.com'], response: '202 Accepted' });
    expect(sendMails().at(-1)!.contentType).toMatch(/^text\/plain/);
    expect(m365.sends.at(-1)!.mime).toContain('Subject:');
    m365.tokenRequests.length = 0;
    m365.graphRequests.length = 0;

    // So does an SMTP integration with XOAUTH2.
    const xoauth = await create(xoauthInput(1));
    rule(xoauth.id, ['oncall@contoso.com']);
    await invoke(engine.handlers, 'integrations.setSandbox', { id: xoauth.id, mode: 'capture' });
    alert({ vulnerability: 'CVE-2022-0002' });
    await advance(engine, clock, 5000);
    const again = await invoke(engine.handlers, 'sandbox.list', { integration_id: xoauth.id });
    if (!again.ok) throw new Error(again.error.message);
    expect(again.value.captures).toHaveLength(1);
    expect(m365.tokenRequests).toHaveLength(0);
  });

  it('dry run shows the same message and names the transport', async () => {
    const settings = EmailInputSchema.parse(graphInput()).settings;
    const event = { id: 'evt_1', trigger: 'sca_policy_has_been_triggered', created_at: '2026-11-22T09:00:00.000Z', project: 'payments-api', payload: structuredClone(findTrigger('sca_policy_has_been_triggered')!.example) };
    const action = { rule_id: 'r1', rule_name: 'Policy alerts', params: { recipients: ['analyst@contoso.com'] } };
    const graph = await previewDelivery({ kind: 'email', name: 'Microsoft 365', settings, secrets: {} }, { event, action, digest_events: [] } as never, 'Herald/test');
    const smtp = await previewDelivery({ kind: 'email', name: 'Microsoft 365', settings: { ...settings, transport: 'smtp', host: 'smtp.office365.com', auth: true, auth_method: 'oauth2' }, secrets: {} }, { event, action, digest_events: [] } as never, 'Herald/test');
    expect(graph).toMatchObject({ kind: 'email', via: { transport: 'graph', endpoint: `${m365.graphBase}/users/alerts%40contoso.com/sendMail`, oauth2: true } });
    expect(smtp).toMatchObject({ kind: 'email', via: { transport: 'smtp', endpoint: 'smtp.office365.com:587', oauth2: true } });
    const { via: _a, ...graphContent } = graph as Extract<typeof graph, { kind: 'email' }>;
    const { via: _b, ...smtpContent } = smtp as Extract<typeof smtp, { kind: 'email' }>;
    expect(graphContent).toEqual(smtpContent);
  });

  it('settings: Graph needs no SMTP server but the tenant and app ids; old SMTP settings stay valid', () => {
    const parsed = EmailInputSchema.safeParse({ kind: 'email', name: 'M365', settings: { transport: 'graph', from_address: MAILBOX, from_name: 'Herald', reply_to: MAILBOX, tenant_id: '', client_id: 'not-a-guid' }, secrets: {} });
    expect(parsed.success).toBe(false);
    const issues = parsed.error!.issues.map((i) => [i.path.join('.'), i.message]);
    expect(issues).toContainEqual(['settings.tenant_id', "Enter the Directory (tenant) ID from the app registration's Overview in Entra ID"]);
    expect(issues).toContainEqual(['settings.client_id', 'An Application (client) ID is a GUID such as 6731de76-14a6-49ae-97bc-6eba6914391e']);
    expect(issues.some(([path]) => path === 'settings.host')).toBe(false);
    for (const [, message] of issues) expect(translateValidation(message!, 'ru')).toMatch(/[А-Яа-я]/);

    const old = EmailInputSchema.parse({ kind: 'email', name: 'Old', settings: { host: 'smtp.example.com', port: 587, from_address: 'a@example.com', from_name: 'A', reply_to: 'a@example.com' }, secrets: {} });
    expect(old.settings).toMatchObject({ transport: 'smtp', auth_method: 'password', login_base: 'https://login.microsoftonline.com', graph_base: 'https://graph.microsoft.com/v1.0' });
    const noHost = EmailInputSchema.safeParse({ kind: 'email', name: 'Old', settings: { port: 587, from_address: 'a@example.com', from_name: 'A', reply_to: 'a@example.com' }, secrets: {} });
    expect(noHost.error!.issues.map((i) => [i.path.join('.'), i.message])).toContainEqual(['settings.host', 'Enter the SMTP server, e.g. smtp.example.com or 10.0.0.25']);
    const tenantDomain = EmailInputSchema.safeParse(graphInput({ tenant_id: 'contoso.onmicrosoft.com' }));
    expect(tenantDomain.success).toBe(true);
  });
});
