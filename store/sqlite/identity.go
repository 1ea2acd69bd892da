package sqlite

import (
	"context"
	"database/sql"
	"fmt"
	"os"
	"strings"

	"onboard/i18n"
)

// ApplicationID is the PRAGMA application_id of an onboard database
// ("onbd"), set by migration 9. Before it, an onboard database is known by
// its schema version and its tables.
const ApplicationID = 0x6f6e6264

// checkOwnFile refuses a file that is not onboard's before anything in it
// is changed (the writer's pragmas would switch it to WAL, the migrations
// add tables): one with another application_id, or one with tables but no
// schema version of onboard's. An empty file is a new database.
//
// It reads through a connection without the pools' pragmas, which reads
// the file as it is, WAL or not.
func checkOwnFile(ctx context.Context, path string) error {
	st, err := os.Stat(path)
	if err != nil {
		return fmt.Errorf("open database %s: %w", path, err)
	}
	if st.Size() == 0 {
		return nil
	}
	conn, err := sql.Open("sqlite", path+"?_pragma=busy_timeout(5000)")
	if err != nil {
		return fmt.Errorf("open database %s: %w", path, err)
	}
	defer conn.Close()
	var app, version int64
	var customers, events, tables int
	err = conn.QueryRowContext(ctx, `SELECT (SELECT application_id FROM pragma_application_id), (SELECT user_version FROM pragma_user_version),
		(SELECT count(*) FROM sqlite_schema WHERE type = 'table' AND name = 'customers'),
		(SELECT count(*) FROM sqlite_schema WHERE type = 'table' AND name = 'events'),
		(SELECT count(*) FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite\_%' ESCAPE '\')`).
		Scan(&app, &version, &customers, &events, &tables)
	if err != nil {
		return fmt.Errorf("open database %s: %w", path, err)
	}
	switch {
	case app == ApplicationID:
		return quickCheck(ctx, conn, path, st.Size())
	case app != 0:
		return i18n.Errorf("%s is not an onboard database (it belongs to another program: application_id %d); nothing in it was changed", path, app)
	case version == 0 && tables == 0:
		return nil // an empty database, new
	case version > 0 && customers == 1 && events == 1:
		return quickCheck(ctx, conn, path, st.Size()) // onboard's, from before migration 9
	}
	return i18n.Errorf("%s is not an onboard database (it has tables of another program); nothing in it was changed", path)
}

// QuickCheckLimit is the largest file whose structure is checked at every
// open (PRAGMA quick_check). The check reads every page: about 40 ms a MiB
// here (a 1,000-customer file of 1.8 MiB in 80 ms, a 100,000-customer one
// of 165 MiB in 5.4 s), so past this size it would slow every command.
const QuickCheckLimit = 2 << 20

// quickCheck runs PRAGMA quick_check on a file of up to QuickCheckLimit
// bytes, so that a damaged page is noticed at open rather than by the
// query that reaches it, and before a migration writes over it.
func quickCheck(ctx context.Context, conn *sql.DB, path string, size int64) error {
	if size > QuickCheckLimit {
		return nil
	}
	rows, err := conn.QueryContext(ctx, "PRAGMA quick_check(3)")
	if err != nil {
		return i18n.Errorf("%s is damaged (SQLite's quick_check: %w): restore it from a backup", path, err)
	}
	defer rows.Close()
	var problems []string
	for rows.Next() {
		var p string
		if err := rows.Scan(&p); err != nil {
			return fmt.Errorf("open database %s: quick_check: %w", path, err)
		}
		problems = append(problems, p)
	}
	if err := rows.Err(); err != nil {
		return i18n.Errorf("%s is damaged (SQLite's quick_check: %w): restore it from a backup", path, err)
	}
	if len(problems) == 1 && problems[0] == "ok" {
		return nil
	}
	return i18n.Errorf("%s is damaged (SQLite's quick_check: %s): restore it from a backup", path, strings.Join(problems, "; "))
}
