package sqlite

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
)

// A backup taken while another goroutine keeps writing opens as a
// database of its own, passes integrity_check, is 0600, and holds a
// consistent prefix of the writes: every customer it has is searchable
// and counted.
func TestBackupWhileWriting(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	db, err := Open(ctx, filepath.Join(dir, "live.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	seedRows(t, db, cust("First BV", "first.nl"))
	var wg sync.WaitGroup
	stop := make(chan struct{})
	wg.Add(1)
	go func() {
		defer wg.Done()
		for i := 0; ; i++ {
			select {
			case <-stop:
				return
			default:
			}
			seedRows(t, db, cust(fmt.Sprintf("Busy %d", i), fmt.Sprintf("busy%d.nl", i)))
		}
	}()
	for n := int64(0); n < 50; n, _ = CountCustomers(ctx, db.Reader()) {
	}
	backup := filepath.Join(dir, "backup.db")
	err = db.Backup(ctx, backup)
	close(stop)
	wg.Wait()
	if err != nil {
		t.Fatal(err)
	}
	if st, err := os.Stat(backup); err != nil || st.Mode().Perm() != 0o600 {
		t.Fatalf("backup file %v, %v", st, err)
	}
	if err := db.Backup(ctx, backup); err == nil {
		t.Fatal("a backup overwrote an existing file")
	}
	restored, err := Open(ctx, backup)
	if err != nil {
		t.Fatal(err)
	}
	defer restored.Close()
	var check string
	if err := restored.Reader().QueryRow("PRAGMA integrity_check").Scan(&check); err != nil || check != "ok" {
		t.Fatalf("integrity_check: %q, %v", check, err)
	}
	n, _ := CountCustomers(ctx, restored.Reader())
	var rows int64
	restored.Reader().QueryRow("SELECT count(*) FROM customers").Scan(&rows)
	if n < 50 || n != rows {
		t.Fatalf("counter %d, rows %d", n, rows)
	}
	got, err := ListCustomers(ctx, restored.Reader(), ListQuery{Query: "first", Limit: 5})
	if err != nil || len(got) != 1 {
		t.Fatalf("search in the restored copy: %v, %v", got, err)
	}
	t.Logf("backed up %d customers while writing", n)
}

// A backup that fails (here: its context is cancelled) leaves neither the
// file nor its temporary copy, and a backup to an existing file leaves
// that file as it was.
func TestFailedBackupLeavesNothing(t *testing.T) {
	dir := t.TempDir()
	db, err := Open(context.Background(), filepath.Join(dir, "live.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	seedRows(t, db, cust("First BV", "first.nl"))
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if err := db.Backup(ctx, filepath.Join(dir, "cancelled.db")); err == nil {
		t.Fatal("a cancelled backup succeeded")
	}
	existing := filepath.Join(dir, "existing.db")
	if err := os.WriteFile(existing, []byte("keep me"), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := db.Backup(context.Background(), existing); err == nil || !strings.Contains(err.Error(), "already exists") {
		t.Fatalf("backup over an existing file: %v", err)
	}
	if b, err := os.ReadFile(existing); err != nil || string(b) != "keep me" {
		t.Fatalf("the existing file now holds %q (%v)", b, err)
	}
	entries, _ := os.ReadDir(dir)
	var names []string
	for _, e := range entries {
		names = append(names, e.Name())
	}
	for _, n := range names {
		if n != "live.db" && n != "live.db-wal" && n != "live.db-shm" && n != "existing.db" {
			t.Fatalf("left behind %s (directory: %v)", n, names)
		}
	}
}
