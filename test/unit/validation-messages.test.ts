import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import type { z } from 'zod';
import {
  DeliveryPolicySchema,
  EmailActionParamsSchema,
  EventInputSchema,
  HealthSeriesQuerySchema,
  IntegrationInputSchema,
  JiraActionParamsSchema,
  LogQuerySchema,
  MarkReadInputSchema,
  ReplayInputSchema,
  RuleInputSchema,
  ScenarioInputSchema,
  SettingsPatchSchema,
  TemplatePreviewInputSchema,
  TestInputSchema,
  catalogue,
  issuesFromZod,
  parseDurationList,
  validationError,
} from '../../main/contract/index.js';
import { explainNetworkError, explainStatus } from '../../main/engine/net/errors.js';
import { describeDelay } from '../../main/engine/policy.js';
import { checkCondition, explainRule } from '../../main/engine/rules.js';
import { explainSmtpError } from '../../main/engine/channels/email.js';
import { explainJiraError } from '../../main/engine/channels/jira.js';
import { TEMPLATE_VARIABLES, validateTemplate } from '../../main/engine/templates.js';
import { exact, patterns, translateValidation } from '../../renderer/src/i18n/validation-messages.js';

const ru = (message: string) => translateValidation(message, 'ru');
const CYRILLIC = /[А-Яа-яЁё]/;

/** Messages that did not come out in Russian, with what they became. */
function untranslated(messages: Iterable<string>): string[] {
  return [...new Set(messages)].filter((m) => {
    const text = ru(m);
    return text === m || !CYRILLIC.test(text);
  });
}

function messagesOf(schema: z.ZodType, input: unknown): string[] {
  const result = schema.safeParse(input);
  expect(result.success, JSON.stringify(input)).toBe(false);
  if (result.success) return [];
  const issues = issuesFromZod(result.error.issues);
  // The call's error message too: "settings.url: … (and 2 more)".
  return [...issues.map((i) => i.message), validationError(issues).message];
}

describe('contract messages in Russian', () => {
  it('translates what the schemas really say about bad input', () => {
    const policyPayload = catalogue.find((t) => t.name === 'sca_policy_has_been_triggered')!.payload;
    const finishedPayload = catalogue.find((t) => t.name === 'project_sca_analysis_finished')!.payload;
    const messages = [
      // webhook
      ...messagesOf(IntegrationInputSchema, { kind: 'webhook' }),
      ...messagesOf(IntegrationInputSchema, { kind: 'webhook', name: '', settings: { url: 'ftp://x', events: [], token_header: 'a b' }, secrets: {} }),
      ...messagesOf(IntegrationInputSchema, { kind: 'webhook', name: 'x'.repeat(101), settings: { url: 'not a url', events: ['nope'], token_header: 'Host', projects: [''] } }),
      ...messagesOf(IntegrationInputSchema, { kind: 'webhook', name: 'x', settings: { url: 'https://user:pw@example.com', events: 'x', token_header: '' } }),
      ...messagesOf(IntegrationInputSchema, { kind: 'slack' }),
      // Teams, Discord, Mattermost
      ...messagesOf(IntegrationInputSchema, { kind: 'teams', name: 'x', settings: { timeout_ms: 5 }, secrets: { webhook_url: 'not a url' } }),
      ...messagesOf(IntegrationInputSchema, { kind: 'discord', name: 'x', settings: { username: 'clyde' }, secrets: { webhook_url: 'https://discord.com/channels/1' } }),
      ...messagesOf(IntegrationInputSchema, { kind: 'mattermost', name: 'x', settings: { channel: 'Town Square', icon_url: 'x', username: 'u'.repeat(65) }, secrets: { webhook_url: 'https://mm/x' } }),
      // email
      ...messagesOf(IntegrationInputSchema, {
        kind: 'email',
        name: 'x',
        settings: { host: 'http://x', port: 0, from_address: 'nope', from_name: '', reply_to: 'a@b', auth: true, connection_timeout_ms: 10, ca_pem: 'junk' },
        secrets: {},
      }),
      ...messagesOf(IntegrationInputSchema, {
        kind: 'email',
        name: 5,
        settings: { port: '25', security: 'ssl', auth: 'yes', from_address: 'a\n@b.c', from_name: 'x\n', reply_to: 'a@b.c', username: 'a\n', greeting_timeout_ms: 1e6 },
      }),
      // Jira
      ...messagesOf(IntegrationInputSchema, { kind: 'jira', name: 'x', settings: { deployment: 'cloud', url: 'https://u:p@jira', username: 'x' } }),
      ...messagesOf(IntegrationInputSchema, { kind: 'jira', name: 'x', settings: { deployment: 'dc', auth_type: 'basic', url: '', timeout_ms: 5 } }),
      ...messagesOf(JiraActionParamsSchema, { project_key: 'sec', labels: ['a b', ''], fingerprint: [], priorities: { bad: 'x' }, on_repeat: 'x', issue_type: 'x'.repeat(101) }),
      ...messagesOf(JiraActionParamsSchema, { issue_type: '' }),
      // rules
      ...messagesOf(RuleInputSchema, {}),
      ...messagesOf(RuleInputSchema, {
        name: '',
        triggers: ['nope'],
        actions: [],
        conditions: [
          { field: '1x', op: 'gte', value: 'x' },
          { field: 'stage', op: 'in', value: [] },
          { field: 'stage', op: 'equals' },
          { field: 'stage', op: 'equals', value: ['a', 'b'] },
          { field: 'stage', op: 'bad' },
        ],
      }),
      ...messagesOf(EmailActionParamsSchema, { recipients: ['x'], format: 'z' }),
      ...messagesOf(EmailActionParamsSchema, { recipients: [] }),
      ...messagesOf(DeliveryPolicySchema, { batch_window_ms: 1.5, retry: { preset: 'custom', custom_ms: [] }, auto_disable: { preset: 'x', window_ms: 1, failure_ratio: 2, min_attempts: 0 } }),
      ...messagesOf(DeliveryPolicySchema, { batch_window_ms: -1, retry: { preset: 'nope', custom_ms: [-1] } }),
      // settings
      ...messagesOf(SettingsPatchSchema, {
        batch_interval_ms: -1,
        http_timeout_ms: 1.5,
        retention_days: 'x',
        theme: 'blue',
        language: 'de',
        api_port: 70000,
        close_to_tray: 1,
        notifications_off: ['x'],
        disabled_triggers: ['x'],
      }),
      ...messagesOf(SettingsPatchSchema, { http_timeout_ms: 10, retention_days: 0 }),
      // events
      ...messagesOf(EventInputSchema, {}),
      ...messagesOf(EventInputSchema, { trigger: '', payload: [], created_at: 'yesterday' }),
      ...messagesOf(ScenarioInputSchema, { scenario: 'x', subject: '', policies: 51, blocker_share: 'x' }),
      ...messagesOf(policyPayload, { alert_id: -1, blocker: 'x', severity: 'bad', stage: '', policy_name: 5 }),
      ...messagesOf(policyPayload, { alert_id: 1.5 }),
      ...messagesOf(finishedPayload, { project_id: 'x', project_name: '' }),
      // the rest of the calls
      ...messagesOf(TestInputSchema, { send_email: { to: 'x', subject: '' } }),
      ...messagesOf(LogQuerySchema, { kinds: ['x'], since: 'x', limit: 0 }),
      ...messagesOf(HealthSeriesQuerySchema, { bucket_ms: 1 }),
      ...messagesOf(ReplayInputSchema, {}),
      ...messagesOf(MarkReadInputSchema, {}),
      ...messagesOf(TemplatePreviewInputSchema, { kind: 'x' }),
    ];
    expect(messages.length).toBeGreaterThan(80);
    expect(untranslated(messages)).toEqual([]);
    // The field name stays, the message after it is Russian.
    expect(ru('settings.url: Not a valid URL: include the scheme, e.g. https://host/path (and 2 more)')).toBe(
      'settings.url: Это не URL: укажите схему, например https://host/path (и ещё 2)',
    );
  });

  it('names a known field label in Russian', () => {
    expect(ru('Subject cannot contain line breaks or control characters')).toMatch(/^Тема: /);
    expect(ru('Login cannot contain line breaks or control characters')).toMatch(/^Логин: /);
    expect(ru('Sender name cannot contain line breaks or control characters')).toMatch(/^Имя отправителя: /);
    expect(ru('Use http:// or https:// (got ftp://)')).toBe('Адрес должен начинаться с http:// или https:// (сейчас ftp://)');
    expect(ru('Enter a subject')).toBe('Введите тему письма');
  });

  it("translates zod's own messages", () => {
    const builtIn = [
      'Invalid input: expected string, received undefined',
      'Invalid input: expected number, received string',
      'Invalid input: expected boolean, received null',
      'Invalid input: expected array, received object',
      'Invalid input: expected int, received number',
      'Invalid input: expected "webhook"',
      'Invalid option: expected one of "comment"|"nothing"',
      'Too small: expected string to have >=1 characters',
      'Too big: expected string to have <=100 characters',
      'Too big: expected array to have <=20 items',
      'Too small: expected array to have >=1 items',
      'Too small: expected number to be >=1',
      'Too big: expected number to be <=1000',
      'Too small: expected number to be >0',
      'Invalid string: must match pattern /^x$/',
      'Invalid email address',
      'Invalid URL',
      'Invalid ISO datetime',
      'Unrecognized key: "bad"',
      'Unrecognized keys: "a", "b"',
      "Invalid discriminator value. Expected 'webhook' | 'email' | 'jira'",
      'Invalid input',
    ];
    expect(untranslated(builtIn)).toEqual([]);
    expect(ru('Too small: expected string to have >=1 characters')).toBe('Не короче 1 символа');
    expect(ru('Too big: expected string to have <=100 characters')).toBe('Не длиннее 100 символов');
    expect(ru('Invalid input: expected string, received undefined')).toBe('Заполните поле: ожидается строка');
  });

  it('has a translation for every message literal in the contract source', () => {
    const dir = join(import.meta.dirname, '../../main/contract');
    const literals: { file: string; line: number; text: string }[] = [];
    const controlLabels: string[] = [];
    for (const file of readdirSync(dir).filter((f) => f.endsWith('.ts'))) {
      const source = ts.createSourceFile(file, readFileSync(join(dir, file), 'utf8'), ts.ScriptTarget.Latest, true);
      const take = (node: ts.Node) => {
        // Template literals with values are the patterns' business (checked above through real parses).
        if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) {
          literals.push({ file, line: source.getLineAndCharacterOfPosition(node.getStart()).line + 1, text: node.text });
        }
      };
      const visit = (node: ts.Node) => {
        if (ts.isCallExpression(node)) {
          const callee = node.expression;
          const name = ts.isPropertyAccessExpression(callee) ? callee.name.text : ts.isIdentifier(callee) ? callee.text : '';
          // .min(1, 'msg'), .max(…), .regex(/…/, 'msg'), .refine(fn, 'msg'), .int('msg'), .nonnegative('msg');
          // .describe('…') of payload fields is shown on the Events screen.
          if (['min', 'max', 'regex', 'refine', 'int', 'nonnegative', 'positive', 'length', 'describe'].includes(name) && ts.isPropertyAccessExpression(callee)) {
            node.arguments.forEach(take);
          }
          if (name === 'noControl') node.arguments.forEach((a) => ts.isStringLiteral(a) && controlLabels.push(a.text));
        }
        // { error: 'msg' } given to a schema, { message: 'msg' } given to ctx.addIssue
        if (
          ts.isPropertyAssignment(node) &&
          ts.isIdentifier(node.name) &&
          ['error', 'message'].includes(node.name.text) &&
          ts.isObjectLiteralExpression(node.parent) &&
          ts.isCallExpression(node.parent.parent)
        ) {
          take(node.initializer);
        }
        ts.forEachChild(node, visit);
      };
      visit(source);
    }
    expect(literals.length).toBeGreaterThan(100);
    const missing = literals.filter(({ text }) => !CYRILLIC.test(ru(text)) || ru(text) === text);
    expect(missing.map(({ file, line, text }) => `${file}:${line} ${text}`)).toEqual([]);
    // noControl('Login') builds "Login cannot contain …": the label is translated too, no English left.
    expect(controlLabels.length).toBeGreaterThan(0);
    for (const what of controlLabels) expect(ru(`${what} cannot contain line breaks or control characters`), what).not.toMatch(/[A-Za-z]/);
    // Russian never ends up empty, nor as the English with a few words changed.
    for (const [message, text] of Object.entries(exact)) expect(text.trim(), message).not.toBe('');
    expect(patterns.length).toBeGreaterThan(50);
  });

  it('translates the policy editor\'s duration error', () => {
    const parsed = parseDurationList('5x');
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(ru(parsed.error)).toMatch(/^«5x» — не длительность/);
  });
});

describe('engine texts in Russian', () => {
  it("has a translation for every plain text the engine puts in a step, a notice, a reason or an error", () => {
    const files: string[] = [];
    const walk = (dir: string) => {
      for (const name of readdirSync(dir)) {
        const path = join(dir, name);
        // The sandbox's receivers speak SMTP and HTTP to their clients: their replies are a remote server's words.
        if (statSync(path).isDirectory()) {
          if (name !== 'sandbox') walk(path);
        }
        else if (path.endsWith('.ts') && !path.endsWith('templates.ts')) files.push(path); // templates.ts: the emails themselves
      }
    };
    walk(join(import.meta.dirname, '../../main/engine'));
    walk(join(import.meta.dirname, '../../main/server'));
    const KEYS = new Set(['label', 'detail', 'hint', 'summary', 'message', 'text', 'note', 'disabled_reason', 'title', 'error', 'reason']);
    /** Names that read the same in Russian, and a note that only appears in a recorded response body. */
    const SAME = new Set(['DNS', 'TLS', 'EHLO', 'The same alert again; on_repeat is "nothing".']);
    const literals = (node: ts.Node): ts.Node[] => {
      if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) return [node];
      if (ts.isConditionalExpression(node)) return [...literals(node.whenTrue), ...literals(node.whenFalse)];
      if (ts.isParenthesizedExpression(node)) return literals(node.expression);
      if (ts.isBinaryExpression(node) && node.operatorToken.kind === ts.SyntaxKind.QuestionQuestionToken) return literals(node.right);
      return [];
    };
    const found: { where: string; text: string }[] = [];
    for (const file of files) {
      const source = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true);
      const visit = (node: ts.Node) => {
        let texts: ts.Node[] = [];
        // { label: 'TCP connect', hint: '…' }, { disabled_reason: 'Created disabled' }
        if (ts.isPropertyAssignment(node) && ts.isIdentifier(node.name) && KEYS.has(node.name.text)) texts = literals(node.initializer);
        if (ts.isNewExpression(node) && ts.isIdentifier(node.expression) && ['HeraldError', 'JiraConfigError', 'ChannelConfigError'].includes(node.expression.text)) texts = (node.arguments ?? []).flatMap(literals);
        if (ts.isCallExpression(node) && ts.isPropertyAccessExpression(node.expression) && node.expression.name.text === 'notice') texts = node.arguments.flatMap(literals);
        for (const literal of texts) {
          const text = (literal as ts.StringLiteral).text;
          // Codes ('info', 'not_found', 'validation') are not texts.
          if (/^[a-z_]*$/.test(text) || SAME.has(text)) continue;
          found.push({ where: `${file.slice(file.indexOf('main/'))}:${source.getLineAndCharacterOfPosition(literal.getStart()).line + 1}`, text });
        }
        ts.forEachChild(node, visit);
      };
      visit(source);
    }
    expect(found.length).toBeGreaterThan(80);
    const missing = found.filter(({ text }) => ru(text) === text || !CYRILLIC.test(ru(text)));
    expect(missing.map(({ where, text }) => `${where} ${text}`)).toEqual([]);
  });

  it('translates network failures and HTTP statuses, message and hint', () => {
    const target = { host: 'alerts.example.com', port: 443 };
    const codes = [
      'ECONNREFUSED',
      'ENOTFOUND',
      'EAI_AGAIN',
      'ETIMEDOUT',
      'UND_ERR_HEADERS_TIMEOUT',
      'ECONNRESET',
      'EHOSTUNREACH',
      'DEPTH_ZERO_SELF_SIGNED_CERT',
      'SELF_SIGNED_CERT_IN_CHAIN',
      'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
      'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
      'CERT_HAS_EXPIRED',
      'CERT_NOT_YET_VALID',
      'ERR_TLS_CERT_ALTNAME_INVALID',
      'ERR_SSL_WRONG_VERSION_NUMBER',
      'ERR_SSL_TLSV1_ALERT_PROTOCOL_VERSION',
      'ERR_SSL_SSLV3_ALERT_HANDSHAKE_FAILURE',
    ];
    const texts: string[] = [];
    for (const code of codes) {
      const e = explainNetworkError(Object.assign(new Error('boom'), { code }), target);
      texts.push(e.message, e.hint);
    }
    const unknown = explainNetworkError(new Error('socket hang up'), target);
    texts.push(unknown.message, unknown.hint);
    for (const status of [301, 400, 401, 403, 404, 405, 413, 429, 500, 503]) {
      const verdict = explainStatus(status, 'X-Herald-Authentication')!;
      texts.push(verdict.message, verdict.hint);
    }
    expect(untranslated(texts)).toEqual([]);
    expect(ru(explainStatus(401, 'X-Herald-Authentication')!.message)).toBe('Получатель отклонил токен (401 Unauthorized).');
    expect(ru(explainNetworkError({ code: 'CERT_HAS_EXPIRED' }, target).message)).toBe('Ошибка TLS: срок действия сертификата сервера истёк.');
  });

  it('translates Test it steps, details and hints', () => {
    const steps = [
      'URL parsed',
      'TCP connect',
      'HTTP request',
      'HTTP status',
      'Token',
      'SMTP greeting',
      'Authentication',
      'Send test email',
      'Create permission',
      'Required fields',
      // webhook.ts and diagnose.ts
      "No token is set: the receiver cannot tell Herald's requests from anyone else's.",
      'Set a token and check it on the receiver.',
      'The receiver accepted the test event.',
      '"ftp://x" is not an http(s) URL.',
      'HTTPS to alerts.example.com port 443, path /herald',
      '10.0.0.5 is an IP address; no lookup needed.',
      'Connected to 10.0.0.5:443',
      'TLSv1.3, certificate for alerts.example.com, issued by R11, expires 2027-01-01',
      'TLS failed: the server presented a self-signed certificate. certificate for localhost, issued by localhost, expires 2027-01-01',
      'Plain HTTP: the token and events travel unencrypted.',
      'POST /herald answered 200 in 12 ms',
      '204: success (200–299)',
      // email.ts
      'Connection, TLS and login work. No email was sent.',
      'Test email sent.',
      'STARTTLS: TLSv1.3, certificate for smtp.example.com, issued by Example CA, expires 2027-01-01',
      'The server offered no STARTTLS; the session stayed unencrypted.',
      'Turn on "Require TLS" so this fails instead of sending in clear.',
      'Capabilities: PIPELINING, 8BITMIME, AUTH PLAIN LOGIN',
      'Logged in as alerts@example.com',
      'SMTP authentication is off.',
      'Test email sent to a@example.com. Server reply: 250 OK; message id <1@herald>',
      // jira.ts
      'Jira answers and the credentials work.',
      'Herald can create Bug issues in SEC.',
      'Signed in as Alerts Bot (alerts@example.com)',
      'May create issues in SEC.',
      'SEC has no issue type "Defect". It has: Bug, Task.',
      'The Bug create screen requires fields Herald does not fill: Team (customfield_10010).',
      'Jira refused the project SEC (403). Jira says: You do not have permission',
      'Jira rejected the issue (400). Jira says: priority: Priority name is not valid',
      'Jira 9.12.0 says it is Cloud, but the integration is set to Server.',
    ];
    expect(untranslated(steps)).toEqual([]);
  });

  it('translates SMTP failures and the joined message + hint of a failed delivery', () => {
    const settings = EmptyEmailSettings();
    const failures = [
      { code: 'EAUTH', responseCode: 535, response: '535 5.7.8 Authentication credentials invalid' },
      { code: 'EAUTH', message: 'Invalid login' },
      { code: 'EENVELOPE', responseCode: 550, response: '550 No such user' },
      { responseCode: 451, response: '451 Try again later' },
      { responseCode: 554, response: '554 Message rejected' },
      { code: 'ETLS', message: 'STARTTLS not offered' },
      { message: 'wrong version number' },
      { message: 'Greeting never received' },
      { code: 'ECONNREFUSED', message: 'connect ECONNREFUSED' },
      { code: 'ENOTFOUND', message: 'getaddrinfo ENOTFOUND' },
    ];
    const texts: string[] = [];
    for (const failure of failures) {
      const f = explainSmtpError(failure, settings);
      texts.push(f.message, f.hint, `${f.message} ${f.hint}`);
    }
    expect(untranslated(texts)).toEqual([]);
  });

  it('translates notifications, auto-disable reasons and notices', () => {
    const lastError = 'Connection refused by alerts.example.com:443: nothing is listening on that port. Check the port in the URL and that the receiver is running; a firewall that rejects connections looks the same.';
    const texts = [
      // engine.ts: the bell
      'Test of Security webhook failed',
      'Security webhook was disabled automatically',
      '3 dead letters for Security mail',
      '1 dead letter for Security mail',
      `Herald gave up on 3 deliveries. Last error: ${lastError} Fix the cause, then replay them.`,
      'Herald gave up on a delivery. Fix the cause, then replay them.',
      // scheduler.ts: auto-disable reasons, built as the scheduler builds them
      `Disabled automatically: the request still failed after the ${describeDelay(48 * 3_600_000)} retry (The receiver failed with 503.)`,
      `Disabled automatically: 60 % of 10 requests failed in the last ${describeDelay(12 * 3_600_000)} (the limit is 60 %). Last error: The receiver failed with 502. The events already queued are kept and go out when it is enabled again; new events are not queued for it while it is disabled.`,
      'Disabled automatically: Authentication failed (535): the server rejected the login and password. Check the login and password. Gmail, Outlook/Microsoft 365, Yandex and Mail.ru require an app password when two-step sign-in is on; the account password will not work. Fix the settings and enable it again; 4 queued message(s) will go out then.',
      'Disabled by a user',
      'Created disabled',
      // live log notices
      'Security webhook enabled by a user',
      'Security webhook is reachable again and was re-enabled',
      'Security webhook deleted',
      'Security webhook (copy) created as a disabled copy',
      'Security webhook: the stored token was revealed in the console',
      'Copy of Security webhook: enable it when it is ready',
      'Replaying 5 dead deliveries with their original event ids; 2 wait for Security mail to be enabled',
      'Trigger test switched off: its events are recorded and not sent',
      'Deliveries paused: events are recorded and queued, nothing is sent',
      // errors of calls
      'No integration with id 42. It may have been deleted; reload the list.',
      'Security mail is used by rules "Blockers", "Nightly". Remove it from their actions (or delete the rules) first.',
      'Security mail is disabled: enable it (or refresh availability) to send its queue.',
      'kind cannot change; create a new integration instead',
      'settings.templates.event.subject: line 1, column 4: unknown filter "upcase2"; check the filter name (filters: https://liquidjs.com/filters/overview.html)',
    ];
    expect(untranslated(texts)).toEqual([]);
    // The integrations list shows the reason without its lead, sometimes capitalised.
    const lead = /^Disabled automatically:\s*/;
    const reasons = texts.slice(6, 9);
    const bare = reasons.flatMap((r) => [r.replace(lead, ''), r.replace(lead, '').replace(/^./, (c) => c.toUpperCase())]);
    expect(untranslated(bare)).toEqual([]);
    expect(ru(reasons[0]!)).toMatch(/^Отключена автоматически: запрос не прошёл/);
    expect(ru(bare[1]!)).toMatch(/^Запрос не прошёл/);
    // A nested reason is translated whole, including the error inside it.
    expect(ru(texts[6]!)).not.toMatch(/receiver|retry/);
    expect(ru(texts[6]!)).toContain('48 ч');
  });

  it('translates Jira failures: what Jira says stays, the rest is Russian', () => {
    const settings = { deployment: 'server', url: 'https://jira.example.com', auth_type: 'token', username: '', ca_pem: '', timeout_ms: 15_000 } as const;
    const failures = [
      { status: 401, response: { data: '<html>' } },
      { status: 403, response: { data: { errorMessages: ['You do not have permission'] } } },
      { status: 404, response: { data: {} } },
      { status: 400, response: { data: { errors: { priority: 'Priority name is not valid' } } } },
      { status: 429, response: { data: {} }, cause: { response: { headers: { 'retry-after': '30' } } } },
      { status: 502, response: { data: 'Bad gateway' } },
      { status: 418, response: { data: {} } },
      { code: 'ECONNREFUSED', message: 'connect ECONNREFUSED' },
      { code: 'ENOTFOUND', message: 'getaddrinfo ENOTFOUND' },
      { code: 'ECONNABORTED', message: 'timeout of 15000ms exceeded' },
      { code: 'X', message: 'self-signed certificate in certificate chain' },
      { code: 'X', message: 'socket hang up' },
    ];
    const texts: string[] = [];
    for (const failure of failures) {
      for (const what of ['the request', 'the issue', 'the project SEC', 'the login']) {
        const f = explainJiraError(failure, settings, what);
        texts.push(f.message, f.hint, `${f.message} ${f.hint}`);
      }
    }
    expect(untranslated(texts)).toEqual([]);
    const f = explainJiraError(failures[3], settings, 'the issue');
    expect(ru(`${f.message} ${f.hint}`)).toBe(
      'Jira отклонила задачу (400). Ответ Jira: priority: Priority name is not valid. Исправьте в действии правила поля, которые называет Jira (проект, тип задачи, названия приоритетов, метки, обязательные поля).',
    );
  });

  it('translates what the template check says about a broken template', async () => {
    const sources = ['{{ x | nope }}', '{% if x %}a', '{% endif %}', '{% include "a" %}', '{{ event.id | append }}', '{% foo %}', '{{ x ', '{% if x ', '{% raw %}x'];
    const messages: string[] = [];
    for (const text of sources) for (const issue of await validateTemplate('event', { text }, { budgetMs: 2000 })) messages.push(issue.message, `settings.templates.event.text: ${issue.message}`);
    expect(messages.length).toBe(sources.length * 2);
    expect(untranslated(messages)).toEqual([]);
  });

  it('translates the email template variables and what a Jira attempt did', () => {
    const descriptions = [...TEMPLATE_VARIABLES.event, ...TEMPLATE_VARIABLES.digest].map((v) => v.description);
    expect(untranslated(descriptions)).toEqual([]);
    expect(untranslated(['Created SEC-12', 'Commented on SEC-12', 'Already reported as SEC-12'])).toEqual([]);
  });

  it("translates the dry run's reasons", () => {
    const rule = { is_active: true, triggers: ['sca_policy_has_been_triggered' as const], projects: ['payments-api'], conditions: [] };
    const event = { trigger: 'sca_policy_has_been_triggered', payload: { project_name: 'ledger', severity: 'high', blocker: false } };
    const reasons = [
      ...explainRule(rule, event),
      ...explainRule({ ...rule, is_active: false, projects: [] }, { trigger: 'test', payload: {} }),
      ...explainRule({ ...rule, projects: ['ledger'] }, event),
      checkCondition({ field: 'severity', op: 'gte', value: 'critical' }, event.payload),
      checkCondition({ field: 'severity', op: 'gte', value: 'medium' }, event.payload),
      checkCondition({ field: 'stage', op: 'in', value: ['prod', 'stage'] }, event.payload),
      checkCondition({ field: 'blocker', op: 'equals', value: true }, event.payload),
      checkCondition({ field: 'blocker', op: 'exists' }, event.payload),
      checkCondition({ field: 'vulnerability', op: 'exists' }, event.payload),
    ].map((r) => r.text);
    expect(untranslated(reasons)).toEqual([]);
    expect(ru('severity is high; needs severity ≥ critical')).toBe('severity — high; нужно severity ≥ critical');
    const routing = [
      'Its events include sca_policy_has_been_triggered',
      'Its events do not include test',
      'Security webhook (its own events and projects)',
      'Finishes the scan its digest collects',
      'Security mail is disabled: Disabled by a user',
      'No policy alert of this scan matched the rule: no digest email is sent.',
      'Held for the scan digest: one email lists every policy alert when the analysis finishes.',
    ];
    expect(untranslated(routing)).toEqual([]);
  });
});

describe('fallback escalation in Russian', () => {
  it('translates the escalation notices, the dry run and the rule checks', () => {
    const texts = [
      'Escalated: sca_policy_has_been_triggered to PagerDuty on-call — Security webhook not delivered within 15 min',
      'Escalated: sca_policy_has_been_triggered to PagerDuty on-call — Security webhook not delivered within 2 h',
      'Escalated: sca_policy_has_been_triggered to PagerDuty on-call — Security webhook is disabled',
      'Not escalated: sca_policy_has_been_triggered — Security webhook is disabled, and the fallback PagerDuty on-call is disabled too',
      'Not escalated: sca_policy_has_been_triggered — Security webhook not delivered within 15 min, and its fallback integration was deleted',
      'PagerDuty on-call is disabled too: the escalation from Security webhook is not sent.',
      'The fallback integration was deleted: the escalation from Security webhook is not sent.',
      'Choose the integration to escalate to',
      'Enter the minutes to wait before escalating: a whole number from 1 to 10080 (a week)',
      'actions.0.fallback.after_minutes: Enter the minutes to wait before escalating: a whole number from 1 to 10080 (a week)',
      "Escalate to another integration than the action's own: choose a different one",
      'A scan digest cannot escalate: it holds alerts until the scan finishes. Remove the fallback, or send one email per event.',
      'A fallback sends the one event that was not delivered: choose one email per event',
    ];
    expect(untranslated(texts)).toEqual([]);
    expect(ru(texts[0]!)).toBe('Эскалация: sca_policy_has_been_triggered отправлено в «PagerDuty on-call» — «Security webhook» не доставила за 15 мин');
    expect(ru(texts[2]!)).toBe('Эскалация: sca_policy_has_been_triggered отправлено в «PagerDuty on-call» — «Security webhook» отключена');
  });
});

/** Email settings as explainSmtpError reads them. */
function EmptyEmailSettings() {
  return {
    host: 'smtp.example.com',
    port: 587,
    security: 'starttls' as const,
    require_tls: true,
    auth: true,
    username: 'alerts',
    from_address: 'alerts@example.com',
    from_name: 'Herald',
    reply_to: 'alerts@example.com',
    signature: '',
    ca_pem: '',
    allow_self_signed: false,
    connection_timeout_ms: 10_000,
    greeting_timeout_ms: 10_000,
    templates: { event: { subject: '', html: '', text: '' }, digest: { subject: '', html: '', text: '' } },
  };
}
