-- What onboard knows of each customer's record at Google, a sync of the
-- reseller's customers that can resume where it stopped, and the
-- subscriptions a sync learned.

-- The state of a push beyond its step: polls of the current operation (a
-- limit per operation), how often provisioning was started again, the
-- fields a change sends (customers.patch's updateMask) and whether an
-- import may overwrite. Ends with the push.
CREATE TABLE IF NOT EXISTS push_state (
    customer_id INTEGER PRIMARY KEY REFERENCES customers (id) ON DELETE CASCADE,
    polls       INTEGER NOT NULL DEFAULT 0,
    restarts    INTEGER NOT NULL DEFAULT 0,
    mask        TEXT NOT NULL DEFAULT '',
    overwrite   INTEGER NOT NULL DEFAULT 0
);
CREATE TRIGGER IF NOT EXISTS push_state_end AFTER DELETE ON outbox BEGIN
    DELETE FROM push_state WHERE customer_id = old.customer_id;
END;

-- Google's record as onboard last saw it: its updateTime (a change pushed
-- from here is checked against it), whether the last sync found it gone,
-- whether a sync brought it in, and the fields that differ.
CREATE TABLE IF NOT EXISTS google_seen (
    customer_id  INTEGER PRIMARY KEY REFERENCES customers (id) ON DELETE CASCADE,
    name         TEXT NOT NULL,
    update_time  TEXT NOT NULL DEFAULT '',
    seen_at      INTEGER NOT NULL,
    gone_at      INTEGER NOT NULL DEFAULT 0,
    from_sync    INTEGER NOT NULL DEFAULT 0,
    differences  TEXT NOT NULL DEFAULT '[]'
);
CREATE INDEX IF NOT EXISTS google_seen_name ON google_seen (name);

-- One row per sync: where it is (the next page's token), how far, and
-- when it ended.
CREATE TABLE IF NOT EXISTS sync_run (
    id          INTEGER PRIMARY KEY,
    actor       TEXT NOT NULL,
    started_at  INTEGER NOT NULL,
    updated_at  INTEGER NOT NULL,
    finished_at INTEGER NOT NULL DEFAULT 0,
    page_token  TEXT NOT NULL DEFAULT '',
    pages       INTEGER NOT NULL DEFAULT 0,
    done        INTEGER NOT NULL DEFAULT 0,
    total_hint  INTEGER NOT NULL DEFAULT 0,
    added       INTEGER NOT NULL DEFAULT 0,
    differing   INTEGER NOT NULL DEFAULT 0,
    gone        INTEGER NOT NULL DEFAULT 0,
    error       TEXT NOT NULL DEFAULT ''
);

-- The customers a sync has handled, so that a resumed sync handles each
-- once and the end knows who was not seen.
CREATE TABLE IF NOT EXISTS sync_seen (
    run_id INTEGER NOT NULL REFERENCES sync_run (id) ON DELETE CASCADE,
    name   TEXT NOT NULL,
    PRIMARY KEY (run_id, name)
) WITHOUT ROWID;

-- Subscriptions as the last sync found them at Google.
CREATE TABLE IF NOT EXISTS google_entitlements (
    name        TEXT PRIMARY KEY,
    customer_id INTEGER NOT NULL REFERENCES customers (id) ON DELETE CASCADE,
    offer       TEXT NOT NULL,
    product     TEXT NOT NULL,
    sku         TEXT NOT NULL,
    seats       INTEGER NOT NULL,
    state       TEXT NOT NULL,
    seen_at     INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS google_entitlements_customer ON google_entitlements (customer_id);

-- A sync looks customers up by Google's resource name and Cloud Identity ID.
CREATE INDEX IF NOT EXISTS customers_google_name ON customers (google_name);
CREATE INDEX IF NOT EXISTS customers_cloud_identity_id ON customers (cloud_identity_id);
