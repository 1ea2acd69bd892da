package main

import (
	"database/sql"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// A command that only reads, given a --db that does not exist (a typo),
// says so and exits 1 without creating a database; a command that writes
// still creates it on first use, and so does any command on the default
// path.
func TestReadCommandsDoNotCreateTheDatabase(t *testing.T) {
	dir := isolate(t)
	typo := filepath.Join(dir, "data", "onbaord.db")
	for _, args := range [][]string{
		{"customers", "list"},
		{"customers", "show", "devries.nl"},
		{"customers", "history", "devries.nl"},
		{"customers", "stale"},
		{"drafts"},
		{"csv", "export"},
		{"backup", filepath.Join(dir, "copy.db")},
	} {
		r := cli(t, append([]string{"--db", typo}, args...)...)
		if r.code != exitProblem || !strings.Contains(r.stderr, "does not exist") || !strings.Contains(r.stderr, typo) {
			t.Errorf("%v: exit %d, stderr %q", args, r.code, r.stderr)
		}
		if _, err := os.Stat(typo); err == nil {
			t.Fatalf("%v created %s", args, typo)
		}
	}
	// The default path is created on first use by any command.
	if r := cli(t, "customers", "list"); r.code != exitOK {
		t.Fatalf("list on the default path: exit %d, %s", r.code, r.stderr)
	}
	if r := cli(t, addArgs(typo)...); r.code != exitOK {
		t.Fatalf("add on a new path: exit %d, %s", r.code, r.stderr)
	}
	if r := cli(t, "--db", typo, "customers", "list"); r.code != exitOK || !strings.Contains(r.stdout, "devries.nl") {
		t.Fatalf("list after the add: exit %d, %q, %s", r.code, r.stdout, r.stderr)
	}
}

// A database whose schema version onboard never writes is refused with
// exit 1 and a message, not a panic's exit 2.
func TestNegativeSchemaVersionIsAProblem(t *testing.T) {
	dir := isolate(t)
	db := filepath.Join(dir, "v.db")
	if r := cli(t, addArgs(db)...); r.code != exitOK {
		t.Fatalf("add: exit %d, %s", r.code, r.stderr)
	}
	conn, err := sql.Open("sqlite", db)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := conn.Exec("PRAGMA user_version = -1"); err != nil {
		t.Fatal(err)
	}
	conn.Close()
	r := cli(t, "--db", db, "customers", "list")
	if r.code != exitProblem || !strings.Contains(r.stderr, "schema version -1 is not one onboard writes") {
		t.Fatalf("exit %d, stderr %q", r.code, r.stderr)
	}
}

// customers list works while another process holds a write transaction.
func TestListWhileAnotherWrites(t *testing.T) {
	dir := isolate(t)
	db := filepath.Join(dir, "w.db")
	if r := cli(t, addArgs(db)...); r.code != exitOK {
		t.Fatalf("add: exit %d, %s", r.code, r.stderr)
	}
	other, err := sql.Open("sqlite", db+"?_txlock=immediate")
	if err != nil {
		t.Fatal(err)
	}
	defer other.Close()
	tx, err := other.Begin()
	if err != nil {
		t.Fatal(err)
	}
	defer tx.Rollback()
	if _, err := tx.Exec("UPDATE counters SET value = value WHERE name = 'customers'"); err != nil {
		t.Fatal(err)
	}
	if r := cli(t, "--db", db, "customers", "list"); r.code != exitOK || !strings.Contains(r.stdout, "devries.nl") {
		t.Fatalf("list while another writes: exit %d, %q, %s", r.code, r.stdout, r.stderr)
	}
}
