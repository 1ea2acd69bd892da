-- Marks the file as onboard's (PRAGMA application_id, "onbd"), so that a
-- --db naming another program's SQLite file is refused before anything in
-- it is changed (see identity.go).
PRAGMA application_id = 1869505124;
