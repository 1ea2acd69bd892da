package sqlite

import (
	"context"
	"database/sql"
	"path/filepath"
	"testing"
)

// Opening a database and reading it works while another connection (as
// another process would) holds a write transaction: opening takes the
// write lock only when it has something to repair or migrate.
func TestOpenWhileAnotherHoldsTheWriteLock(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "l.db")
	db, err := Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	seedRows(t, db, cust("First BV", "first.nl"))
	db.Close()
	other, err := sql.Open("sqlite", path+"?_pragma=busy_timeout(5000)&_txlock=immediate")
	if err != nil {
		t.Fatal(err)
	}
	defer other.Close()
	tx, err := other.BeginTx(ctx, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer tx.Rollback()
	if _, err := tx.Exec("UPDATE counters SET value = value WHERE name = 'customers'"); err != nil {
		t.Fatal(err)
	}
	db, err = Open(ctx, path)
	if err != nil {
		t.Fatalf("open while another holds the write lock: %v", err)
	}
	defer db.Close()
	got, err := ListCustomers(ctx, db.Reader(), ListQuery{Limit: 5})
	if err != nil || len(got) != 1 {
		t.Fatalf("list: %v, %v", got, err)
	}
}
