-- Customers, their audit trail, orders and wizard drafts.
CREATE TABLE customers (
    id                  INTEGER PRIMARY KEY,
    kind                TEXT    NOT NULL CHECK (kind IN ('domain', 'team')),
    origin              TEXT    NOT NULL CHECK (origin IN ('create', 'import')),
    org_name            TEXT    NOT NULL,
    domain              TEXT    NOT NULL,
    primary_email       TEXT    NOT NULL DEFAULT '',
    alternate_email     TEXT    NOT NULL DEFAULT '',
    phone               TEXT    NOT NULL DEFAULT '',
    crm_id              TEXT    NOT NULL DEFAULT '',
    institute_type      TEXT    NOT NULL DEFAULT '',
    institute_size      TEXT    NOT NULL DEFAULT '',
    website             TEXT    NOT NULL DEFAULT '',
    admin_first_name    TEXT    NOT NULL DEFAULT '',
    admin_last_name     TEXT    NOT NULL DEFAULT '',
    region_code         TEXT    NOT NULL DEFAULT '',
    postal_code         TEXT    NOT NULL DEFAULT '',
    locality            TEXT    NOT NULL DEFAULT '',
    administrative_area TEXT    NOT NULL DEFAULT '',
    address_lines       TEXT    NOT NULL DEFAULT '[]', -- JSON array
    reseller_id         TEXT    NOT NULL DEFAULT '',
    status              TEXT    NOT NULL CHECK (status IN ('draft', 'local', 'pending', 'created', 'imported', 'failed')),
    status_message      TEXT    NOT NULL DEFAULT '',
    cloud_identity_id   TEXT    NOT NULL DEFAULT '',
    google_name         TEXT    NOT NULL DEFAULT '',
    language            TEXT    NOT NULL DEFAULT '',
    time_zone           TEXT    NOT NULL DEFAULT '',
    transfer_token      TEXT    NOT NULL DEFAULT '',
    transfer_token_date INTEGER NOT NULL DEFAULT 0,      -- unix seconds
    idempotency_key     TEXT    UNIQUE,                   -- NULL when none was given
    created_by          TEXT    NOT NULL,
    created_at          INTEGER NOT NULL,                 -- unix microseconds
    updated_at          INTEGER NOT NULL,
    confirmed_at        INTEGER,
    version             INTEGER NOT NULL DEFAULT 1
);

-- A domain belongs to one domain customer; team customers may share one and
-- are told apart by their primary email.
CREATE UNIQUE INDEX customers_domain_customer ON customers (domain) WHERE kind = 'domain';
CREATE UNIQUE INDEX customers_team_email ON customers (primary_email) WHERE kind = 'team';

-- The list's sort orders (keyset pagination walks them).
CREATE INDEX customers_by_org ON customers (org_name COLLATE NOCASE, id);
CREATE INDEX customers_by_domain ON customers (domain, id);
CREATE INDEX customers_by_updated ON customers (updated_at, id);

CREATE TABLE events (
    id          INTEGER PRIMARY KEY,
    customer_id INTEGER NOT NULL REFERENCES customers (id) ON DELETE CASCADE,
    at          INTEGER NOT NULL,           -- unix microseconds
    actor       TEXT    NOT NULL,
    action      TEXT    NOT NULL,
    changes     TEXT    NOT NULL DEFAULT '[]' -- JSON [{field, old, new}]
);
CREATE INDEX events_by_customer ON events (customer_id, id);

CREATE TABLE orders (
    id                INTEGER PRIMARY KEY,
    customer_id       INTEGER NOT NULL REFERENCES customers (id) ON DELETE CASCADE,
    sku               TEXT    NOT NULL,
    seats             INTEGER NOT NULL CHECK (seats > 0),
    plan              TEXT    NOT NULL CHECK (plan IN ('flexible', 'annual')),
    purchase_order_id TEXT    NOT NULL DEFAULT '',
    status            TEXT    NOT NULL,
    created_by        TEXT    NOT NULL,
    created_at        INTEGER NOT NULL
);
CREATE INDEX orders_by_customer ON orders (customer_id, id);

CREATE TABLE drafts (
    id         INTEGER PRIMARY KEY,
    owner      TEXT    NOT NULL,
    mode       TEXT    NOT NULL CHECK (mode IN ('create', 'import')),
    step       TEXT    NOT NULL DEFAULT '',
    fields     TEXT    NOT NULL DEFAULT '{}', -- JSON {field: raw text}
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL
);
CREATE INDEX drafts_by_owner ON drafts (owner, updated_at);

-- Counts kept in the same transactions as the rows, so the list never runs
-- count(*) on a million rows.
CREATE TABLE counters (
    name  TEXT PRIMARY KEY,
    value INTEGER NOT NULL
) WITHOUT ROWID;
INSERT INTO counters (name, value) VALUES ('customers', 0);
CREATE TRIGGER customers_count_insert AFTER INSERT ON customers BEGIN
    UPDATE counters SET value = value + 1 WHERE name = 'customers';
END;
CREATE TRIGGER customers_count_delete AFTER DELETE ON customers BEGIN
    UPDATE counters SET value = value - 1 WHERE name = 'customers';
END;
