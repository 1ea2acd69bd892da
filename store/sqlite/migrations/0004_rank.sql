-- Search results in name order without sorting them: every customer has a
-- rank, an integer that follows the name order (org_name COLLATE NOCASE,
-- id) with gaps between neighbours, and both search indexes use the rank as
-- their rowid. A full-text query then meets its matches already in name
-- order, and "the first 100 matches" stops after 100 whether a term matches
-- ten rows or a million. New names take a rank in the gap between their
-- neighbours (see rank.go); ranks start 2^10 (rankStep) apart.
ALTER TABLE customers ADD COLUMN org_rank INTEGER;
UPDATE customers SET org_rank = r.rank
FROM (SELECT id, row_number() OVER (ORDER BY org_name COLLATE NOCASE, id) * 1024 AS rank FROM customers) AS r
WHERE r.id = customers.id;
CREATE UNIQUE INDEX customers_by_rank ON customers (org_rank);

DROP TRIGGER customers_fts_insert;
DROP TRIGGER customers_fts_delete;
DROP TRIGGER customers_fts_update;
DROP TRIGGER customers_words_insert;
DROP TRIGGER customers_words_delete;
DROP TRIGGER customers_words_update;
DROP TABLE customers_fts;
DROP TABLE customers_words;

CREATE VIRTUAL TABLE customers_fts USING fts5(
    search_text, content='customers', content_rowid='org_rank', tokenize='trigram remove_diacritics 1'
);
CREATE VIRTUAL TABLE customers_words USING fts5(
    search_words, content='customers', content_rowid='org_rank',
    tokenize='unicode61 remove_diacritics 2', prefix='1 2', detail='none'
);
-- A row without a rank yet (inside a bulk load) is not in the indexes.
CREATE TRIGGER customers_fts_insert AFTER INSERT ON customers
WHEN new.org_rank IS NOT NULL AND NOT EXISTS (SELECT 1 FROM bulk_load) BEGIN
    INSERT INTO customers_fts (rowid, search_text) VALUES (new.org_rank, new.search_text);
    INSERT INTO customers_words (rowid, search_words) VALUES (new.org_rank, new.search_words);
END;
CREATE TRIGGER customers_fts_delete AFTER DELETE ON customers
WHEN old.org_rank IS NOT NULL BEGIN
    INSERT INTO customers_fts (customers_fts, rowid, search_text) VALUES ('delete', old.org_rank, old.search_text);
    INSERT INTO customers_words (customers_words, rowid, search_words) VALUES ('delete', old.org_rank, old.search_words);
END;
CREATE TRIGGER customers_fts_update AFTER UPDATE OF search_text, search_words, org_rank ON customers
WHEN NOT EXISTS (SELECT 1 FROM bulk_load) BEGIN
    INSERT INTO customers_fts (customers_fts, rowid, search_text)
        SELECT 'delete', old.org_rank, old.search_text WHERE old.org_rank IS NOT NULL;
    INSERT INTO customers_words (customers_words, rowid, search_words)
        SELECT 'delete', old.org_rank, old.search_words WHERE old.org_rank IS NOT NULL;
    INSERT INTO customers_fts (rowid, search_text) SELECT new.org_rank, new.search_text WHERE new.org_rank IS NOT NULL;
    INSERT INTO customers_words (rowid, search_words) SELECT new.org_rank, new.search_words WHERE new.org_rank IS NOT NULL;
END;
INSERT INTO customers_fts (customers_fts) VALUES ('rebuild');
INSERT INTO customers_words (customers_words) VALUES ('rebuild');
