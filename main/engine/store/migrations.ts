/**
 * Forward-only migrations. Never edit a shipped entry: add a new one. Each has a test that
 * migrates a populated database from the previous version (test/integration/migrations.test.ts).
 */
export interface Migration {
  version: number;
  name: string;
  sql: string;
}

export const migrations: readonly Migration[] = [
  {
    version: 1,
    name: 'initial',
    sql: `
      CREATE TABLE settings (
        key   TEXT PRIMARY KEY,
        value TEXT NOT NULL
      ) STRICT;

      CREATE TABLE integrations (
        id              TEXT PRIMARY KEY,
        kind            TEXT NOT NULL,
        name            TEXT NOT NULL,
        is_active       INTEGER NOT NULL DEFAULT 1,
        settings        TEXT NOT NULL,
        secrets         TEXT NOT NULL DEFAULT '{}',
        disabled_reason TEXT,
        disabled_at     INTEGER,
        disabled_by     TEXT,
        retry_step      INTEGER NOT NULL DEFAULT 0,
        next_attempt_at INTEGER,
        created_at      INTEGER NOT NULL,
        updated_at      INTEGER NOT NULL
      ) STRICT;

      CREATE TABLE events (
        id          TEXT PRIMARY KEY,
        trigger     TEXT NOT NULL,
        created_at  INTEGER NOT NULL,
        received_at INTEGER NOT NULL,
        project     TEXT,
        payload     TEXT NOT NULL,
        source      TEXT NOT NULL
      ) STRICT;
      CREATE INDEX events_received ON events(received_at);

      CREATE TABLE deliveries (
        id             TEXT PRIMARY KEY,
        event_id       TEXT NOT NULL REFERENCES events(id) ON DELETE CASCADE,
        integration_id TEXT NOT NULL REFERENCES integrations(id) ON DELETE CASCADE,
        status         TEXT NOT NULL CHECK (status IN ('pending','sending','delivered','dead')),
        attempts       INTEGER NOT NULL DEFAULT 0,
        lease_until    INTEGER,
        last_error     TEXT,
        created_at     INTEGER NOT NULL,
        updated_at     INTEGER NOT NULL
      ) STRICT;
      CREATE INDEX deliveries_due ON deliveries(integration_id, status, created_at);
      CREATE INDEX deliveries_event ON deliveries(event_id);

      CREATE TABLE attempts (
        id               TEXT PRIMARY KEY,
        integration_id   TEXT REFERENCES integrations(id) ON DELETE SET NULL,
        integration_name TEXT NOT NULL,
        started_at       INTEGER NOT NULL,
        duration_ms      INTEGER NOT NULL,
        outcome          TEXT NOT NULL CHECK (outcome IN ('delivered','retry','failed')),
        status_code      INTEGER,
        error            TEXT,
        classification   TEXT,
        retry_step       INTEGER NOT NULL,
        next_attempt_at  INTEGER,
        event_ids        TEXT NOT NULL,
        request          TEXT NOT NULL,
        response         TEXT
      ) STRICT;
      CREATE INDEX attempts_integration ON attempts(integration_id, started_at);

      -- The live log: one row per thing a user should see, in the order it happened.
      CREATE TABLE log (
        seq     INTEGER PRIMARY KEY AUTOINCREMENT,
        at      INTEGER NOT NULL,
        type    TEXT NOT NULL CHECK (type IN ('event','attempt','notice')),
        ref_id  TEXT NOT NULL,
        data    TEXT NOT NULL
      ) STRICT;
      CREATE INDEX log_at ON log(at);
    `,
  },
  {
    version: 2,
    name: 'rules and per-action deliveries',
    sql: `
      CREATE TABLE rules (
        id         TEXT PRIMARY KEY,
        name       TEXT NOT NULL,
        is_active  INTEGER NOT NULL DEFAULT 1,
        -- triggers, projects and actions as JSON: always read and written whole.
        definition TEXT NOT NULL,
        created_at INTEGER NOT NULL,
        updated_at INTEGER NOT NULL
      ) STRICT;

      -- '' = the integration's own routing (a webhook's filters), or an action of a kind that
      -- batches (one delivery per event however many rules name it); otherwise '<rule id>/<index>'.
      ALTER TABLE deliveries ADD COLUMN action_key TEXT NOT NULL DEFAULT '';
      -- The rule action a delivery serves, frozen when the event was routed (JSON).
      ALTER TABLE deliveries ADD COLUMN action TEXT;
      -- Email: per-recipient outcomes, so a retry never re-sends to who accepted (JSON).
      ALTER TABLE deliveries ADD COLUMN progress TEXT;
      CREATE UNIQUE INDEX deliveries_once ON deliveries(event_id, integration_id, action_key);
    `,
  },
  {
    version: 3,
    name: 'channel memory',
    sql: `
      -- What a channel must remember between sends, e.g. Jira: alert fingerprint -> issue key.
      CREATE TABLE channel_memory (
        integration_id TEXT NOT NULL REFERENCES integrations(id) ON DELETE CASCADE,
        key            TEXT NOT NULL,
        value          TEXT NOT NULL,
        updated_at     INTEGER NOT NULL,
        PRIMARY KEY (integration_id, key)
      ) STRICT;
    `,
  },
  {
    version: 4,
    name: 'delivery policies and dead letters',
    sql: `
      -- Batching window, retry schedule and auto-disable of one integration (JSON, parsed by the
      -- contract's DeliveryPolicySchema; '{}' = the defaults of seed 004).
      ALTER TABLE integrations ADD COLUMN policy TEXT NOT NULL DEFAULT '{}';
      -- Dead letters are listed newest first and replayed in bulk.
      CREATE INDEX deliveries_dead ON deliveries(updated_at, id) WHERE status = 'dead';
      -- Every scheduler wake-up looks for expired leases: without this it scans every delivery
      -- kept for the retention period (10 ms per wake-up at 100,000 rows; bench/engine.mjs).
      CREATE INDEX deliveries_sending ON deliveries(lease_until) WHERE status = 'sending';
    `,
  },
  {
    version: 5,
    name: 'notifications',
    sql: `
      -- Seed 001's in-app notifications: what needs an administrator's attention.
      CREATE TABLE notifications (
        id             TEXT PRIMARY KEY,
        kind           TEXT NOT NULL CHECK (kind IN ('auto_disabled','dead_letters','test_failed')),
        integration_id TEXT REFERENCES integrations(id) ON DELETE CASCADE,
        title          TEXT NOT NULL,
        message        TEXT NOT NULL,
        link           TEXT NOT NULL,
        created_at     INTEGER NOT NULL,
        updated_at     INTEGER NOT NULL,
        read_at        INTEGER,
        -- Set when the cause went away (re-enabled, replayed, a passing test): no longer needs attention.
        resolved_at    INTEGER
      ) STRICT;
      CREATE INDEX notifications_open ON notifications(kind, integration_id) WHERE resolved_at IS NULL;
      CREATE INDEX notifications_recent ON notifications(updated_at);
    `,
  },
  {
    version: 6,
    name: 'sandbox modes',
    sql: `
      -- Live, Capture or Chaos with its failure settings (JSON, parsed by the contract's
      -- SandboxSettingsSchema; '{}' = live).
      ALTER TABLE integrations ADD COLUMN sandbox TEXT NOT NULL DEFAULT '{}';
    `,
  },
  {
    version: 7,
    name: 'scheduled reports',
    sql: `
      -- Seed 003's daily/weekly/monthly email reports. integration_id has no foreign key on
      -- purpose: deleting the integration must not delete the report, whose next run then says why it failed.
      CREATE TABLE reports (
        id             TEXT PRIMARY KEY,
        name           TEXT NOT NULL,
        enabled        INTEGER NOT NULL DEFAULT 1,
        integration_id TEXT NOT NULL,
        recipients     TEXT NOT NULL,
        -- {frequency, time, weekday, day} as JSON, parsed by the contract's ReportScheduleSchema.
        schedule       TEXT NOT NULL,
        timezone       TEXT NOT NULL,
        last_sent_at   INTEGER,
        next_due_at    INTEGER,
        last_error     TEXT,
        created_at     INTEGER NOT NULL,
        updated_at     INTEGER NOT NULL
      ) STRICT;
      CREATE INDEX reports_due ON reports(next_due_at) WHERE enabled = 1;
      `,
    },
    {
    version: 8,
    name: 'fallback escalation',
    sql: `
      -- One watch per (event, rule action) whose action names a fallback: when it is due and the
      -- primary delivery is not delivered (or its integration is disabled), the event goes to the
      -- fallback once. The fallback is frozen here as routed, like a delivery's action.
      CREATE TABLE escalations (
        id                     TEXT PRIMARY KEY,
        event_id               TEXT NOT NULL REFERENCES events(id) ON DELETE CASCADE,
        rule_id                TEXT NOT NULL,
        rule_name              TEXT NOT NULL,
        action_index           INTEGER NOT NULL,
        -- NULL: the primary integration was disabled when the event was routed and got no delivery.
        primary_delivery_id    TEXT REFERENCES deliveries(id) ON DELETE SET NULL,
        primary_integration_id TEXT NOT NULL,
        primary_name           TEXT NOT NULL,
        fallback               TEXT NOT NULL,
        due_at                 INTEGER NOT NULL,
        status                 TEXT NOT NULL CHECK (status IN ('waiting','not_needed','escalated','skipped')),
        reason                 TEXT CHECK (reason IN ('timeout','disabled')),
        fallback_delivery_id   TEXT,
        created_at             INTEGER NOT NULL,
        settled_at             INTEGER
      ) STRICT;
      CREATE UNIQUE INDEX escalations_once ON escalations(event_id, rule_id, action_index);
      CREATE INDEX escalations_due ON escalations(due_at) WHERE status = 'waiting';
      CREATE INDEX escalations_primary ON escalations(primary_integration_id) WHERE status = 'waiting';
      -- A fallback delivery: the primary it escalates (JSON EscalatedFrom).
      ALTER TABLE deliveries ADD COLUMN escalated_from TEXT;
    `,
  },
];
