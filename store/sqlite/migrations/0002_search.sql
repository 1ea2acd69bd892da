-- Search: one folded text per customer (name, domain in both forms, emails,
-- CRM ID, Cloud Identity ID; lower case, accents removed), a trigram index
-- over it kept in sync by triggers, for substring search as you type.
ALTER TABLE customers ADD COLUMN search_text TEXT NOT NULL DEFAULT '';
CREATE VIRTUAL TABLE customers_fts USING fts5(
    search_text, content='customers', content_rowid='id', tokenize='trigram remove_diacritics 1'
);
-- A bulk load (seed, CSV import) puts a row here inside its transaction and
-- indexes its rows in one statement at the end: FTS5 flushes its buffer at
-- every statement of a trigger, which made row-by-row indexing 15× slower.
-- The row is gone before the transaction commits, so no one else sees it.
CREATE TABLE bulk_load (active INTEGER NOT NULL);
CREATE TRIGGER customers_fts_insert AFTER INSERT ON customers
WHEN NOT EXISTS (SELECT 1 FROM bulk_load) BEGIN
    INSERT INTO customers_fts (rowid, search_text) VALUES (new.id, new.search_text);
END;
CREATE TRIGGER customers_fts_delete AFTER DELETE ON customers BEGIN
    INSERT INTO customers_fts (customers_fts, rowid, search_text) VALUES ('delete', old.id, old.search_text);
END;
CREATE TRIGGER customers_fts_update AFTER UPDATE OF search_text ON customers
WHEN NOT EXISTS (SELECT 1 FROM bulk_load) BEGIN
    INSERT INTO customers_fts (customers_fts, rowid, search_text) VALUES ('delete', old.id, old.search_text);
    INSERT INTO customers_fts (rowid, search_text) VALUES (new.id, new.search_text);
END;

-- The count follows the same rule: a bulk load adds its rows at once.
DROP TRIGGER customers_count_insert;
CREATE TRIGGER customers_count_insert AFTER INSERT ON customers
WHEN NOT EXISTS (SELECT 1 FROM bulk_load) BEGIN
    UPDATE counters SET value = value + 1 WHERE name = 'customers';
END;
