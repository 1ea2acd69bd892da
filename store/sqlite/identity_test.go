package sqlite

import (
	"bytes"
	"context"
	"database/sql"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// rawExec runs statements on path through a plain connection, as another
// program would.
func rawExec(t *testing.T, path string, stmts ...string) {
	t.Helper()
	conn, err := sql.Open("sqlite", path)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	for _, q := range stmts {
		if _, err := conn.Exec(q); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
}

// Another program's SQLite file given as --db is refused before anything
// in it changes: one with tables and no schema version, and one marked
// with another application_id. The file stays byte for byte what it was,
// in its own journal mode, with no WAL beside it.
func TestOpenRefusesAnotherProgramsDatabase(t *testing.T) {
	ctx := context.Background()
	for name, stmts := range map[string][]string{
		"tables":         {"CREATE TABLE notes (body TEXT)", "INSERT INTO notes VALUES ('mine')"},
		"application_id": {"PRAGMA application_id = 1234", "PRAGMA user_version = 3"},
		"customers":      {"CREATE TABLE customers (name TEXT)", "PRAGMA user_version = 2"},
	} {
		t.Run(name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "other.db")
			rawExec(t, path, stmts...)
			before, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			db, err := Open(ctx, path)
			if err == nil {
				db.Close()
				t.Fatal("opened another program's database")
			}
			if !strings.Contains(err.Error(), "not an onboard database") {
				t.Fatalf("error %v", err)
			}
			after, _ := os.ReadFile(path)
			if !bytes.Equal(before, after) {
				t.Fatal("the file changed")
			}
			if _, err := os.Stat(path + "-wal"); err == nil {
				t.Fatal("a WAL appeared beside the file")
			}
		})
	}
}

// A new database is marked as onboard's, and an onboard database from
// before the mark gets it when it is opened.
func TestOpenMarksOnboardDatabases(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "o.db")
	appID := func() int64 {
		conn, err := sql.Open("sqlite", path)
		if err != nil {
			t.Fatal(err)
		}
		defer conn.Close()
		var id int64
		if err := conn.QueryRow("PRAGMA application_id").Scan(&id); err != nil {
			t.Fatal(err)
		}
		return id
	}
	db, err := Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	seedRows(t, db, cust("First BV", "first.nl"))
	db.Close()
	if id := appID(); id != ApplicationID {
		t.Fatalf("new database: application_id %d", id)
	}
	// As an onboard of schema version 8 left it: its first eight
	// migrations (later ones need not run twice), no mark.
	path = filepath.Join(t.TempDir(), "v8.db")
	names, err := migrationNames()
	if err != nil {
		t.Fatal(err)
	}
	var v8 []string
	for _, name := range names[:8] {
		body, err := migrationFS.ReadFile(name)
		if err != nil {
			t.Fatal(err)
		}
		v8 = append(v8, string(body))
	}
	rawExec(t, path, append(v8, "PRAGMA user_version = 8",
		`INSERT INTO customers (kind, origin, org_name, domain, status, created_by, created_at, updated_at, org_rank)
		 VALUES ('domain', 'create', 'First BV', 'first.nl', 'local', 'anna', 1, 1, 1024)`)...)
	if id := appID(); id != 0 {
		t.Fatalf("version 8 database: application_id %d", id)
	}
	db, err = Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	n, err := CountCustomers(ctx, db.Reader())
	db.Close()
	if err != nil || n != 1 {
		t.Fatalf("customers %d, %v", n, err)
	}
	if id := appID(); id != ApplicationID {
		t.Fatalf("older database: application_id %d", id)
	}
}

// An onboard database with a schema version onboard never writes (a
// negative one, or one far beyond this build) is refused with an error,
// never a panic.
func TestOpenRefusesImpossibleSchemaVersions(t *testing.T) {
	ctx := context.Background()
	for _, v := range []string{"-1", "-2147483648", "2147483647"} {
		path := filepath.Join(t.TempDir(), "v.db")
		db, err := Open(ctx, path)
		if err != nil {
			t.Fatal(err)
		}
		db.Close()
		rawExec(t, path, "PRAGMA user_version = "+v)
		db, err = Open(ctx, path)
		if err == nil {
			db.Close()
			t.Fatalf("user_version %s: opened", v)
		}
		if !strings.Contains(err.Error(), "schema version "+v) {
			t.Fatalf("user_version %s: %v", v, err)
		}
	}
}
