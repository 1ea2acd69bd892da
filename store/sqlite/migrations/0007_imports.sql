-- CSV imports under way. An import writes its customers in chunks, each
-- its own short transaction, so that other sessions (and other processes)
-- write between them; each chunk records the ids it added. A finished
-- import deletes its rows here; one that failed, was cancelled or whose
-- process died is undone from them (its customers deleted, with their
-- events), so a file is stored whole or not at all.
CREATE TABLE imports (
    id            INTEGER PRIMARY KEY,
    actor         TEXT NOT NULL,
    pid           INTEGER NOT NULL,
    process_start TEXT NOT NULL DEFAULT '',
    started_at    INTEGER NOT NULL,
    rows          INTEGER NOT NULL
);
CREATE TABLE import_chunks (
    import_id INTEGER NOT NULL REFERENCES imports (id) ON DELETE CASCADE,
    first_id  INTEGER NOT NULL,
    last_id   INTEGER NOT NULL,
    PRIMARY KEY (import_id, first_id)
);
