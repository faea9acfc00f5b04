import { describe, expect, it } from 'vitest';
import { redactPayload } from '../../main/engine/redact.js';

const JWT = 'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U';
const AWS_KEY = 'AKIAIOSFODNN7EXAMPLE';

describe('redactPayload', () => {
  it('hides values under secret keys, whatever they look like, and keeps non-string values', () => {
    const { payload, redactions } = redactPayload({ token: 'abc', password: 'hunter2', api_key: 'k-1', Authorization: 'Bearer xyz123456', client_secret: 's', secrets_count: 3, authors: 'Anna' });
    expect(payload).toEqual({ token: '<secret-1>', password: '<secret-2>', api_key: '<secret-3>', Authorization: '<secret-4>', client_secret: '<secret-5>', secrets_count: 3, authors: 'Anna' });
    expect(redactions).toEqual(['token', 'password', 'api_key', 'Authorization', 'client_secret'].map((path) => ({ path, kind: 'secret' })));
  });

  it('hides values that look like tokens anywhere: JWTs, AWS keys, GitHub/Slack tokens, Bearer headers, URL passwords', () => {
    const { payload, redactions } = redactPayload({
      note: `session ${JWT} expired`,
      aws: AWS_KEY,
      header: 'Bearer abcdefgh12345678',
      gh: 'ghp_0123456789abcdefghijABCDEFGHIJ',
      slack: 'xoxb-1234567890-abcdef',
      clone: 'https://deploy:s3cr3tpass@git.example.com/app.git',
    });
    expect(payload).toEqual({
      note: 'session <secret-1> expired',
      aws: '<secret-2>',
      header: 'Bearer <secret-3>',
      gh: '<secret-4>',
      slack: '<secret-5>',
      clone: 'https://deploy:<secret-6>@git.example.com/app.git',
    });
    expect(redactions.every((r) => r.kind === 'secret')).toBe(true);
    expect(redactions.map((r) => r.path)).toEqual(['note', 'aws', 'header', 'gh', 'slack', 'clone']);
  });

  it('hides e-mail addresses, inside text too', () => {
    const { payload, redactions } = redactPayload({ owner: 'Anna.Petrova@example.com', text: 'Ask ivan@corp-mail.ru or anna.petrova@example.com' });
    expect(payload).toEqual({ owner: '<email-1>', text: 'Ask <email-2> or <email-1>' });
    expect(redactions).toEqual([
      { path: 'owner', kind: 'email' },
      { path: 'text', kind: 'email' },
    ]);
  });

  it('hides internal hostnames (.internal, .corp, .local, .lan, internal.* labels), hosts in URLs, and RFC 1918 addresses', () => {
    const { payload, redactions } = redactPayload({
      image: 'registry.internal.example/payments/api:2.14.1',
      error: 'could not reach nexus.corp:8081 from build-01.lan',
      url: 'http://jenkins:8080/job/payments',
      db: 'postgres://db1.local:5432/ledger',
      ips: ['10.0.12.7', '172.20.1.1', '192.168.1.10', '8.8.8.8', '172.32.0.1'],
      public: 'https://git.example.com/payments/api.git',
    });
    expect(payload).toEqual({
      image: '<host-1>/payments/api:2.14.1',
      error: 'could not reach <host-2>:8081 from <host-3>',
      url: 'http://<host-4>:8080/job/payments',
      db: 'postgres://<host-5>:5432/ledger',
      ips: ['<ip-1>', '<ip-2>', '<ip-3>', '8.8.8.8', '172.32.0.1'],
      public: 'https://git.example.com/payments/api.git',
    });
    expect(redactions).toEqual([
      { path: 'image', kind: 'hostname' },
      { path: 'error', kind: 'hostname' },
      { path: 'url', kind: 'hostname' },
      { path: 'db', kind: 'hostname' },
      { path: 'ips.0', kind: 'ip' },
      { path: 'ips.1', kind: 'ip' },
      { path: 'ips.2', kind: 'ip' },
    ]);
  });

  it('hides public hosts in URLs too when asked', () => {
    expect(redactPayload({ repo: 'https://git.example.com/a.git' }, { allUrlHosts: true }).payload).toEqual({ repo: 'https://<host-1>/a.git' });
  });

  it('walks nested objects and arrays, and keeps placeholders stable within one call so relations stay visible', () => {
    const input = {
      project: { name: 'payments-api', hosts: ['api.internal', 'api.internal', 'db.internal'] },
      deliveries: [
        { to: 'soc@example.com', headers: { authorization: 'Bearer tok_1234567890' } },
        { to: 'soc@example.com', headers: { authorization: 'Bearer tok_1234567890' }, via: '10.1.1.1' },
      ],
    };
    const { payload, redactions } = redactPayload(input);
    expect(payload).toEqual({
      project: { name: 'payments-api', hosts: ['<host-1>', '<host-1>', '<host-2>'] },
      deliveries: [
        { to: '<email-1>', headers: { authorization: '<secret-1>' } },
        { to: '<email-1>', headers: { authorization: '<secret-1>' }, via: '<ip-1>' },
      ],
    });
    expect(redactions).toContainEqual({ path: 'deliveries.1.headers.authorization', kind: 'secret' });
    expect(redactions).toContainEqual({ path: 'project.hosts.2', kind: 'hostname' });
    // A new call starts numbering again.
    expect(redactPayload({ a: 'db.internal' }).payload).toEqual({ a: '<host-1>' });
  });

  it('changes nothing else and never mutates the input', () => {
    const clean = { project_id: 112, project_name: 'payments-api', blocker: true, severity: null, purl: 'pkg:npm/lodash@4.17.20', tags: ['a', 1, false], nested: { when: '2026-11-24T09:00:00.000Z' } };
    const copy = structuredClone(clean);
    const result = redactPayload(clean);
    expect(result.payload).toEqual(copy);
    expect(result.payload).not.toBe(clean);
    expect(result.payload.nested).not.toBe(clean.nested);
    expect(result.redactions).toEqual([]);

    const dirty = { token: 'abc', owner: 'a@b.io', list: [{ host: 'x.corp' }] };
    const before = structuredClone(dirty);
    redactPayload(dirty);
    expect(dirty).toEqual(before);
  });
});
