package sqlite

// The rows of a CSV import under way are in the customers table (written
// in chunks, so that other sessions write between them) but hidden from
// every read until the import commits: a row is part of an import under
// way when its id lies in a range of import_chunks, and an import commits
// by deleting its record (its chunks go with it), which shows every row at
// once. Undoing an import deletes the rows nobody ever saw.
//
// The test costs little where it runs on many rows: no import under way
// (the usual case) leaves import_chunks empty, its min(first_id) is read
// once per statement and every id passes the first comparison; during an
// import, a row at or past the first hidden id costs one step down
// import_chunks_by_first (the chunk starting at or before it; chunks never
// overlap). Ranks, the search indexes and the unique indexes still hold
// the hidden rows: a later save must not take a name's place or a domain
// the import is about to show.

// visibleID is the condition that the customer whose id is the SQL
// expression id is not part of an import under way.
func visibleID(id string) string {
	return "(" + id + " < coalesce((SELECT min(first_id) FROM import_chunks), 9223372036854775807)" +
		" OR coalesce((SELECT last_id FROM import_chunks WHERE first_id <= " + id + " ORDER BY first_id DESC LIMIT 1), 0) < " + id + ")"
}

// visible is visibleID for a query on the customers table.
var visible = visibleID("customers.id")

// hiddenCount is the SQL for how many customers imports under way hold.
const hiddenCount = "(SELECT coalesce(sum(last_id - first_id + 1), 0) FROM import_chunks)"

// hiddenRanks is the SQL for the ranks (the search indexes' rowids) of the
// rows of imports under way.
const hiddenRanks = "SELECT c.org_rank FROM import_chunks k JOIN customers c ON c.id BETWEEN k.first_id AND k.last_id"
