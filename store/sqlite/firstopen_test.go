package sqlite

import (
	"context"
	"path/filepath"
	"sync"
	"testing"
)

// Twenty processes started at once on a database that does not exist yet
// (a team's first morning, a script starting several commands): each
// opens it, one of them migrates it, and none fails on another's
// migration or on switching the file to WAL. Each Open here has its own
// connections, as a process would.
func TestConcurrentFirstOpen(t *testing.T) {
	for run := 0; run < 5; run++ {
		path := filepath.Join(t.TempDir(), "first.db")
		var wg sync.WaitGroup
		errs := make([]error, 20)
		dbs := make([]*DB, 20)
		start := make(chan struct{})
		for i := range errs {
			wg.Add(1)
			go func(i int) {
				defer wg.Done()
				<-start
				dbs[i], errs[i] = Open(context.Background(), path)
			}(i)
		}
		close(start)
		wg.Wait()
		for i, err := range errs {
			if err != nil {
				t.Fatalf("run %d: open %d of 20: %v", run, i, err)
			}
		}
		var v int
		if err := dbs[0].Reader().QueryRow("PRAGMA user_version").Scan(&v); err != nil || v != SchemaVersion() {
			t.Fatalf("run %d: schema version %d (%v), want %d", run, v, err, SchemaVersion())
		}
		var mode string
		if err := dbs[0].Reader().QueryRow("PRAGMA journal_mode").Scan(&mode); err != nil || mode != "wal" {
			t.Fatalf("run %d: journal mode %q (%v)", run, mode, err)
		}
		// The writer begins without SQLite's busy handler (Write retries
		// every millisecond); readers wait up to 5 s.
		var wt, rt int
		if err := dbs[0].w.QueryRow("PRAGMA busy_timeout").Scan(&wt); err != nil || wt != 0 {
			t.Fatalf("writer busy_timeout %d (%v), want 0", wt, err)
		}
		if err := dbs[0].Reader().QueryRow("PRAGMA busy_timeout").Scan(&rt); err != nil || rt != 5000 {
			t.Fatalf("reader busy_timeout %d (%v), want 5000", rt, err)
		}
		for _, db := range dbs {
			if err := db.Close(); err != nil {
				t.Fatal(err)
			}
		}
	}
}
