-- An import under way is known by a lock file beside the database that its
-- process holds (flock) while it runs: the kernel drops the lock when the
-- process dies, in whatever PID namespace it ran, so a dead importer is
-- told apart from a live one without trusting a process id. lock names
-- the file (FILE.import-LOCK.lock); '' is a row of an older onboard,
-- which kept a PID instead, and counts as dead.
ALTER TABLE imports ADD COLUMN lock TEXT NOT NULL DEFAULT '';
-- The rows of an import under way are hidden from every read until it
-- ends: a read tests a customer's id against the chunk that starts at or
-- before it, one step down this index.
CREATE INDEX import_chunks_by_first ON import_chunks (first_id, last_id);
