import Database from 'better-sqlite3';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { migrate, openDatabase, schemaVersion, type Db } from '../../main/engine/store/db.js';
import { migrations } from '../../main/engine/store/migrations.js';
import { tempDir } from '../support/world.js';

/**
 * Every migration is applied to a populated database of the previous version. Add a populate
 * function for each new version so the next migration is tested against real rows.
 */
const populate: Record<number, (db: Db) => void> = {
  0: () => {},
  1: (db) => {
    const now = Date.parse('2026-11-01T00:00:00Z');
    db.prepare("INSERT INTO settings(key, value) VALUES ('batch_interval_ms', '5000')").run();
    db.prepare(
      `INSERT INTO integrations (id, kind, name, is_active, settings, secrets, created_at, updated_at)
       VALUES ('i1', 'webhook', 'SIEM', 1, '{"url":"http://127.0.0.1:9/","projects":[],"events":["test"],"token_header":"X-Herald-Authentication"}', '{}', ?, ?)`,
    ).run(now, now);
    db.prepare("INSERT INTO events (id, trigger, created_at, received_at, project, payload, source) VALUES ('e1', 'test', ?, ?, NULL, '{}', 'api')").run(now, now);
    db.prepare("INSERT INTO deliveries (id, event_id, integration_id, status, created_at, updated_at) VALUES ('d1', 'e1', 'i1', 'pending', ?, ?)").run(now, now);
    db.prepare("INSERT INTO log (at, type, ref_id, data) VALUES (?, 'event', 'e1', '{}')").run(now);
  },
  2: (db) => {
    const now = Date.parse('2026-11-02T00:00:00Z');
    db.prepare(
      `INSERT INTO integrations (id, kind, name, is_active, settings, secrets, created_at, updated_at)
       VALUES ('i2', 'email', 'Mail', 1, '{"host":"127.0.0.1","port":25}', '{}', ?, ?)`,
    ).run(now, now);
    db.prepare("INSERT INTO rules (id, name, is_active, definition, created_at, updated_at) VALUES ('r1', 'Policies', 1, ?, ?, ?)").run(
      JSON.stringify({ triggers: ['sca_policy_has_been_triggered'], projects: [], actions: [{ integration_id: 'i2', params: { recipients: ['a@example.com'], format: 'per_event' } }] }),
      now,
      now,
    );
    db.prepare("INSERT INTO events (id, trigger, created_at, received_at, project, payload, source) VALUES ('e2', 'test', ?, ?, NULL, '{}', 'api')").run(now, now);
    db.prepare(
      "INSERT INTO deliveries (id, event_id, integration_id, status, action_key, action, progress, created_at, updated_at) VALUES ('d2', 'e2', 'i2', 'pending', 'r1/0', '{}', NULL, ?, ?)",
    ).run(now, now);
  },
  3: (db) => {
    db.prepare(
      `INSERT OR IGNORE INTO integrations (id, kind, name, is_active, settings, secrets, created_at, updated_at)
       VALUES ('i2', 'jira', 'Jira', 1, '{"url":"http://127.0.0.1:9/jira"}', '{}', 0, 0)`,
    ).run();
    db.prepare("INSERT INTO channel_memory (integration_id, key, value, updated_at) VALUES ('i2', 'fingerprint:abc', 'SEC-1', ?)").run(Date.parse('2026-11-03T00:00:00Z'));
  },
  4: (db) => {
    const now = Date.parse('2026-11-04T00:00:00Z');
    db.prepare("UPDATE integrations SET policy = ? WHERE id = 'i1'").run(JSON.stringify({ batch_window_ms: 0, retry: { preset: 'fast_cycles', custom_ms: [] }, auto_disable: { preset: 'failure_ratio', window_ms: 43_200_000, failure_ratio: 0.6, min_attempts: 10 } }));
    db.prepare("UPDATE deliveries SET status = 'dead', last_error = 'The receiver failed with 500', updated_at = ? WHERE id = 'd1'").run(now);
  },
  5: (db) => {
    const now = Date.parse('2026-11-05T00:00:00Z');
    db.prepare(
      "INSERT INTO notifications (id, kind, integration_id, title, message, link, created_at, updated_at) VALUES ('n1', 'dead_letters', NULL, '1 dead letter for SIEM', 'Herald gave up on a delivery.', '#/dead?integration=i1', ?, ?)",
    ).run(now, now);
  },
  6: (db) => {
    db.prepare("UPDATE integrations SET sandbox = ? WHERE id = 'i1'").run(JSON.stringify({ mode: 'chaos', chaos: { rate: 0.5, failures: ['status', 'slow'], status: 500, delay_ms: 1000 } }));
  },
  7: (db) => {
    const now = Date.parse('2026-11-07T00:00:00Z');
    db.prepare(
      "INSERT INTO reports (id, name, enabled, integration_id, recipients, schedule, timezone, next_due_at, created_at, updated_at) VALUES ('rep1', 'Weekly summary', 1, 'i2', '[\"ciso@example.com\"]', ?, 'Europe/Berlin', ?, ?, ?)",
    ).run(JSON.stringify({ frequency: 'weekly', time: '09:00', weekday: 1, day: 1 }), now + 86_400_000, now, now);
  },
  8: (db) => {
    const now = Date.parse('2026-11-08T00:00:00Z');
    // Self-contained: it also runs alone on a fresh database.
    db.prepare(
      `INSERT INTO integrations (id, kind, name, is_active, settings, secrets, created_at, updated_at)
       VALUES ('i8', 'webhook', 'Pager', 1, '{"url":"http://127.0.0.1:9/","projects":[],"events":["test"],"token_header":"X-Herald-Authentication"}', '{}', ?, ?)`,
    ).run(now, now);
    db.prepare("INSERT INTO events (id, trigger, created_at, received_at, project, payload, source) VALUES ('e8', 'test', ?, ?, NULL, '{}', 'api')").run(now, now);
    db.prepare("INSERT INTO deliveries (id, event_id, integration_id, status, action_key, created_at, updated_at) VALUES ('d8', 'e8', 'i8', 'pending', 'r8/0', ?, ?)").run(now, now);
    db.prepare(
      `INSERT INTO escalations (id, event_id, rule_id, rule_name, action_index, primary_delivery_id, primary_integration_id, primary_name, fallback, due_at, status, created_at)
       VALUES ('x8', 'e8', 'r8', 'Policies', 0, 'd8', 'i8', 'Pager', ?, ?, 'waiting', ?)`,
    ).run(JSON.stringify({ integration_id: 'i9', params: {}, after_minutes: 15 }), now + 900_000, now);
    db.prepare("INSERT INTO deliveries (id, event_id, integration_id, status, action_key, escalated_from, created_at, updated_at) VALUES ('d9', 'e8', 'i8', 'pending', 'fallback:r8/0', ?, ?, ?)").run(
      JSON.stringify({ delivery_id: 'd8', integration_id: 'i8', integration_name: 'Pager', reason: 'timeout', after_minutes: 15 }),
      now,
      now,
    );
  },
};
/** Migration numbers are reserved per feature branch, so one may be missing until they are merged. */
const previousVersion = (version: number) => Math.max(0, ...migrations.map((m) => m.version).filter((v) => v < version));
const newest = Math.max(...migrations.map((m) => m.version));

describe('migrations', () => {
  let dir: ReturnType<typeof tempDir>;
  beforeEach(() => (dir = tempDir()));
  afterEach(() => dir.remove());

  it('has consecutive versions starting at 1, each with a populate fixture for the next one', () => {
    expect(migrations[0]!.version).toBe(1);
    expect(migrations.map((m) => m.version)).toEqual([...migrations.map((m) => m.version)].sort((a, b) => a - b));
    for (const m of migrations) expect(populate[previousVersion(m.version)], `populate fixture for version ${previousVersion(m.version)}`).toBeTypeOf('function');
  });

  for (const m of migrations) {
    const previous = previousVersion(m.version);
    it(`${m.version} (${m.name}) migrates a populated version ${previous} database and keeps its rows`, () => {
      const file = join(dir.path, 'db.sqlite');
      const db = new Database(file);
      migrate(db, migrations, previous);
      expect(schemaVersion(db)).toBe(previous);
      populate[previous]!(db);
      const before = countRows(db);
      migrate(db, migrations, m.version);
      expect(schemaVersion(db)).toBe(m.version);
      const after = countRows(db);
      for (const [table, n] of Object.entries(before)) expect(after[table], table).toBe(n);
      expect(db.pragma('foreign_key_check')).toEqual([]);
      db.close();
    });
  }

  it('4 gives existing integrations seed 004\'s policy and existing rules no conditions; dead letters are listed', async () => {
    const file = join(dir.path, 'herald.sqlite');
    const db = new Database(file);
    migrate(db, migrations, 3);
    for (let v = 0; v <= 3; v++) populate[v]!(db);
    db.close();
    const { Engine } = await import('../../main/engine/engine.js');
    const engine = new Engine({ dataDir: dir.path, version: 'test', mode: 'browser' });
    try {
      expect(engine.listIntegrations().map((i) => [i.name, i.policy])).toEqual([
        ['SIEM', { batch_window_ms: null, retry: { preset: 'webhook_standard', custom_ms: [] }, auto_disable: { preset: 'exhausted', window_ms: 43_200_000, failure_ratio: 0.6, min_attempts: 10 } }],
        ['Mail', expect.objectContaining({ batch_window_ms: null })],
      ]);
      expect(engine.listRules()[0]).toMatchObject({ name: 'Policies', conditions: [] });
      populate[4]!(engine.repo.db);
      expect(engine.getIntegration('i1').policy.retry.preset).toBe('fast_cycles');
      expect(engine.deadLetters({ limit: 10 })).toMatchObject({ total: 1, items: [{ delivery_id: 'd1', integration_name: 'SIEM', last_error: 'The receiver failed with 500' }] });
      // 6: every integration stays live until someone switches it.
      expect(engine.listIntegrations().map((i) => i.sandbox.mode)).toEqual(['live', 'live']);
    } finally {
      await engine.close();
    }
  });

  it('opens in WAL mode with foreign keys on, and re-opening is a no-op', () => {
    const file = join(dir.path, 'db.sqlite');
    const db = openDatabase(file);
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
    populate[newest]?.(db);
    db.close();
    const again = openDatabase(file);
    expect(schemaVersion(again)).toBe(newest);
    again.close();
  });

  it('refuses a database written by a newer Herald instead of damaging it', () => {
    const file = join(dir.path, 'db.sqlite');
    const db = new Database(file);
    db.pragma(`user_version = ${newest + 1}`);
    db.close();
    expect(() => openDatabase(file)).toThrow(/newer Herald/);
  });
});

function countRows(db: Db): Record<string, number> {
  const tables = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'").all() as { name: string }[];
  return Object.fromEntries(tables.map((t) => [t.name, (db.prepare(`SELECT COUNT(*) AS n FROM "${t.name}"`).get() as { n: number }).n]));
}
