-- Orders placed at Google: the offer, Google's entitlement and its state,
-- the plan as Google names it (annual paid monthly or yearly), and the
-- requestId that makes a resent entitlements.create answer with the first
-- one's result. The table is rebuilt because 0001 allowed only two plans.
DROP TABLE IF EXISTS orders_new;
CREATE TABLE orders_new (
    id                INTEGER PRIMARY KEY,
    customer_id       INTEGER NOT NULL REFERENCES customers (id) ON DELETE CASCADE,
    sku               TEXT    NOT NULL,
    sku_name          TEXT    NOT NULL DEFAULT '',
    offer             TEXT    NOT NULL DEFAULT '',
    seats             INTEGER NOT NULL CHECK (seats > 0),
    plan              TEXT    NOT NULL CHECK (plan IN ('flexible', 'annual', 'annual-monthly', 'annual-yearly', 'free', 'trial')),
    purchase_order_id TEXT    NOT NULL DEFAULT '',
    renew             INTEGER NOT NULL DEFAULT 0,
    status            TEXT    NOT NULL,
    status_message    TEXT    NOT NULL DEFAULT '',
    entitlement       TEXT    NOT NULL DEFAULT '',
    request_id        TEXT    NOT NULL DEFAULT '',
    transferred       INTEGER NOT NULL DEFAULT 0,
    created_by        TEXT    NOT NULL,
    created_at        INTEGER NOT NULL,
    updated_at        INTEGER NOT NULL DEFAULT 0
);
INSERT INTO orders_new (id, customer_id, sku, seats, plan, purchase_order_id, status, created_by, created_at, updated_at)
    SELECT id, customer_id, sku, seats, plan, purchase_order_id, status, created_by, created_at, created_at FROM orders;
DROP TABLE orders;
ALTER TABLE orders_new RENAME TO orders;
CREATE INDEX orders_by_customer ON orders (customer_id, id);

-- Orders (and transfers) under way at Google, one row per order, kept in
-- step with each call, so that an order cut off by a quit, a dropped
-- session or a crash goes on at the next start with the same requestId:
-- one order here is one subscription there. step: send (the create may
-- have happened), poll (operation known). A transfer's row names the
-- orders it moves in batch (the same for each of them).
CREATE TABLE IF NOT EXISTS order_outbox (
    order_id   INTEGER PRIMARY KEY REFERENCES orders (id) ON DELETE CASCADE,
    step       TEXT    NOT NULL,
    operation  TEXT    NOT NULL DEFAULT '',
    batch      TEXT    NOT NULL DEFAULT '',
    parameter  TEXT    NOT NULL DEFAULT '',
    actor      TEXT    NOT NULL,
    attempts   INTEGER NOT NULL DEFAULT 0,
    started_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL
);
