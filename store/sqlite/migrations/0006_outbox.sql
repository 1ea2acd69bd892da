-- Pushes to Google under way: one row per customer, kept in step with each
-- call, so that a push cut off by a crash or a dropped session resumes
-- (or is checked) at the next start instead of being forgotten or done
-- twice. step: check, create_sent (customers.create may have happened),
-- provision, provisioning (operation), import.
CREATE TABLE outbox (
    customer_id INTEGER PRIMARY KEY REFERENCES customers (id) ON DELETE CASCADE,
    action      TEXT NOT NULL,
    step        TEXT NOT NULL,
    operation   TEXT NOT NULL DEFAULT '',
    actor       TEXT NOT NULL,
    attempts    INTEGER NOT NULL DEFAULT 0,
    started_at  INTEGER NOT NULL,
    updated_at  INTEGER NOT NULL
);
