-- Search for one or two characters matches the starts of words (a trigram
-- needs three): the words of the search text, space-separated with a space
-- in front, and a word index with prefix indexes for one and two
-- characters, kept by triggers like the trigram index.
ALTER TABLE customers ADD COLUMN search_words TEXT NOT NULL DEFAULT '';
CREATE VIRTUAL TABLE customers_words USING fts5(
    search_words, content='customers', content_rowid='id',
    tokenize='unicode61 remove_diacritics 2', prefix='1 2', detail='none'
);
CREATE TRIGGER customers_words_insert AFTER INSERT ON customers
WHEN NOT EXISTS (SELECT 1 FROM bulk_load) BEGIN
    INSERT INTO customers_words (rowid, search_words) VALUES (new.id, new.search_words);
END;
CREATE TRIGGER customers_words_delete AFTER DELETE ON customers BEGIN
    INSERT INTO customers_words (customers_words, rowid, search_words) VALUES ('delete', old.id, old.search_words);
END;
CREATE TRIGGER customers_words_update AFTER UPDATE OF search_words ON customers
WHEN NOT EXISTS (SELECT 1 FROM bulk_load) BEGIN
    INSERT INTO customers_words (customers_words, rowid, search_words) VALUES ('delete', old.id, old.search_words);
    INSERT INTO customers_words (rowid, search_words) VALUES (new.id, new.search_words);
END;
