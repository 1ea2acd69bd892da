// Package sqlite keeps onboard's data in one SQLite file through the pure-Go
// modernc.org/sqlite driver: schema migrations, the writer/reader split and
// the queries the store's Service composes into transactions.
package sqlite

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"sort"
	"strings"
	"time"

	msqlite "modernc.org/sqlite" // registers the "sqlite" driver

	"onboard/i18n"
	"onboard/model"
)

//go:embed migrations/*.sql
var migrationFS embed.FS

// pragmas go in the DSN so that every pooled connection gets them; a
// db.Exec("PRAGMA …") would reach only one. The driver runs them in order:
// the busy timeout comes first, so that a connection opened while another
// process switches a new file to WAL or migrates it waits for that
// instead of failing with "database is locked".
const pragmas = "_pragma=busy_timeout(5000)&_pragma=temp_store(memory)&_pragma=journal_mode(WAL)&_pragma=synchronous(FULL)&_pragma=foreign_keys(1)"

// BusyWait is how long a write waits for another process's write to end
// before it fails with "database is locked".
const BusyWait = 5 * time.Second

// IsBusy reports whether err is SQLite's "database is locked" (another
// connection holds the write lock).
func IsBusy(err error) bool {
	var e interface{ Code() int }
	return errors.As(err, &e) && e.Code()&0xff == 5 // SQLITE_BUSY and its extended codes
}

// ErrNewerSchema means the file was written by a newer onboard.
var ErrNewerSchema = errors.New("database was written by a newer version of onboard")

// DB is an open database: one writer connection, whose transactions all
// start with BEGIN IMMEDIATE so they never fail on a lock upgrade, and a
// pool of read-only connections for queries.
type DB struct {
	path   string
	w      *sql.DB
	r      *sql.DB
	cached *Cached
	// turn orders the writers of this process: first come, first served.
	turn fifo
	// busyWait is how long a write waits for another process's write
	// (BusyWait unless SetBusyWait changed it).
	busyWait time.Duration
}

// SetBusyWait sets how long a write waits for another process's write
// before it fails with SQLITE_BUSY; d <= 0 keeps BusyWait. Set it before
// the database is shared between goroutines.
func (db *DB) SetBusyWait(d time.Duration) {
	if d > 0 {
		db.busyWait = d
	}
}

// Open opens (creating when missing, 0600 in a 0700 directory) the database
// at path and brings its schema up to date.
func Open(ctx context.Context, path string) (*DB, error) {
	if path == "" {
		return nil, errors.New("open database: no path")
	}
	if strings.ContainsAny(path, "?") {
		return nil, fmt.Errorf("open database %s: the path must not contain '?'", path)
	}
	if err := ensureFile(path); err != nil {
		return nil, err
	}
	if err := checkOwnFile(ctx, path); err != nil {
		return nil, err
	}
	// The writer does not use SQLite's busy handler to begin (it sleeps
	// ever longer between tries, up to 100 ms, and so keeps missing the
	// short gaps between another process's transactions): Write tries
	// again every millisecond instead. Its busy timeout is set to 0 once
	// the DSN's pragmas have run (the driver runs busy_timeout before the
	// others, whatever their order, so two in the DSN would race).
	base, err := msqlite.NewConnector(path + "?" + pragmas + "&_pragma=cache_size(-32768)&_txlock=immediate")
	if err != nil {
		return nil, fmt.Errorf("open database %s: %w", path, err)
	}
	w := sql.OpenDB(noBusyHandler{base})
	w.SetMaxOpenConns(1)
	w.SetMaxIdleConns(1)
	w.SetConnMaxLifetime(0)
	w.SetConnMaxIdleTime(0)
	db := &DB{path: path, w: w}
	if err := db.migrate(ctx); err != nil {
		w.Close()
		return nil, err
	}
	if err := db.recoverBulkLoad(ctx); err != nil {
		w.Close()
		return nil, err
	}
	r, err := sql.Open("sqlite", path+"?"+pragmas+"&_pragma=query_only(1)")
	if err != nil {
		w.Close()
		return nil, fmt.Errorf("open database %s: %w", path, err)
	}
	n := max(4, runtime.GOMAXPROCS(0))
	r.SetMaxOpenConns(n)
	r.SetMaxIdleConns(n)
	db.r = r
	db.cached = newCached(r)
	if _, err := db.RecoverImports(ctx); err != nil {
		db.Close()
		return nil, err
	}
	return db, nil
}

// noBusyHandler opens connections whose busy timeout is 0 once they are
// set up: setting them up (WAL on a new file) still waits for another
// process, but a transaction begins at once or fails busy.
type noBusyHandler struct{ driver.Connector }

func (n noBusyHandler) Connect(ctx context.Context) (driver.Conn, error) {
	c, err := n.Connector.Connect(ctx)
	if err != nil {
		return nil, err
	}
	ex, ok := c.(driver.ExecerContext)
	if !ok {
		c.Close()
		return nil, errors.New("the sqlite driver's connection cannot execute statements")
	}
	if _, err := ex.ExecContext(ctx, "PRAGMA busy_timeout = 0", nil); err != nil {
		c.Close()
		return nil, err
	}
	return c, nil
}

// ensureFile creates the directory (0700) and an empty file (0600) so SQLite
// never creates them with the process umask.
func ensureFile(path string) error {
	dir := filepath.Dir(path)
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return fmt.Errorf("create database directory %s: %w", dir, err)
	}
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE, 0o600)
	if err != nil {
		return fmt.Errorf("open database %s: %w", path, err)
	}
	return f.Close()
}

// Path is the file the database lives in.
func (db *DB) Path() string { return db.path }

// Cached is the read-only pool with prepared statements kept per query.
func (db *DB) Cached() *Cached { return db.cached }

// Reader is the read-only pool, for queries outside a write transaction.
func (db *DB) Reader() *sql.DB { return db.r }

// Close closes both pools.
func (db *DB) Close() error {
	db.cached.close()
	rerr := db.r.Close()
	// Fold the WAL into the database and empty it, so that a stopped
	// onboard leaves one self-contained file (a reader still finishing
	// might otherwise be the last connection, and readers do not write).
	_, cerr := db.w.Exec("PRAGMA wal_checkpoint(TRUNCATE)")
	return errors.Join(rerr, cerr, db.w.Close())
}

// Write runs fn in one immediate transaction on the writer connection and
// commits when fn returns nil; any error rolls everything back. Writers of
// this process take their turns in the order they came.
//
// While another process writes, it tries again every millisecond for up
// to BusyWait, so that it takes the lock in the first gap between the
// other's transactions (a long CSV import leaves such gaps).
func (db *DB) Write(ctx context.Context, fn func(tx *sql.Tx) error) error {
	if err := db.turn.lock(ctx); err != nil {
		return fmt.Errorf("begin write: %w", err)
	}
	defer db.turn.unlock()
	var tx *sql.Tx
	err := retryBusy(ctx, db.wait(), func() (err error) {
		tx, err = db.w.BeginTx(ctx, nil)
		return err
	})
	if err != nil {
		return fmt.Errorf("begin write: %w", err)
	}
	if err := fn(tx); err != nil {
		_ = tx.Rollback()
		return err
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("commit: %w", err)
	}
	return nil
}

// wait is how long a write waits for another process's write.
func (db *DB) wait() time.Duration {
	if db.busyWait > 0 {
		return db.busyWait
	}
	return BusyWait
}

// retryBusy runs f on the writer connection, which does not wait on a
// lock by itself: while another process holds it, f runs again every
// millisecond for up to wait, so that it gets in at the first gap.
func retryBusy(ctx context.Context, wait time.Duration, f func() error) error {
	for deadline := time.Now().Add(wait); ; {
		err := f()
		if err == nil || !IsBusy(err) || time.Now().After(deadline) {
			return err
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(time.Millisecond):
		}
	}
}

// afterMigration holds Go steps that finish a migration in its transaction,
// by the number its file name starts with.
var afterMigration = map[int]func(context.Context, *sql.Tx) error{
	2:  backfillSearchText,
	3:  backfillSearchWords,
	11: backfillOrgKey,
}

// backfillSearchWords fills the words of customers stored before
// migration 3.
func backfillSearchWords(ctx context.Context, tx *sql.Tx) error {
	return backfill(ctx, tx, "search_words", "customers_words", func(c model.Customer) string { return SearchWords(SearchText(c)) })
}

// backfillSearchText fills the search text of customers stored before
// migration 2.
func backfillSearchText(ctx context.Context, tx *sql.Tx) error {
	return backfill(ctx, tx, "search_text", "customers_fts", SearchText)
}

// backfill sets column to value(c) for every stored customer as a bulk load:
// the rows were never in the index, so the update triggers must not try to
// remove them from it; index is built in one go at the end.
func backfill(ctx context.Context, tx *sql.Tx, column, index string, value func(model.Customer) string) error {
	if _, err := tx.ExecContext(ctx, "INSERT INTO bulk_load (active) VALUES (1)"); err != nil {
		return err
	}
	// Only the columns the search text is made of: later migrations add
	// columns this one must not expect.
	rows, err := tx.QueryContext(ctx, "SELECT id, org_name, domain, primary_email, alternate_email, crm_id, cloud_identity_id FROM customers")
	if err != nil {
		return err
	}
	var cs []model.Customer
	for rows.Next() {
		var c model.Customer
		if err := rows.Scan(&c.ID, &c.OrgName, &c.Domain, &c.PrimaryEmail, &c.AlternateEmail, &c.CRMID, &c.CloudIdentityID); err != nil {
			rows.Close()
			return err
		}
		cs = append(cs, c)
	}
	if err := errors.Join(rows.Err(), rows.Close()); err != nil {
		return err
	}
	for _, c := range cs {
		if _, err := tx.ExecContext(ctx, "UPDATE customers SET "+column+" = ? WHERE id = ?", value(c), c.ID); err != nil {
			return err
		}
	}
	for _, q := range []string{"INSERT INTO " + index + " (" + index + ") VALUES ('rebuild')", "DELETE FROM bulk_load"} {
		if _, err := tx.ExecContext(ctx, q); err != nil {
			return err
		}
	}
	return nil
}

// recoverBulkLoad repairs a database whose bulk-load flag was committed (a
// bug: a bulk load must clear it before commit). Rows added meanwhile were
// neither ranked, indexed nor counted, so the ranks and indexes are rebuilt
// and the count redone.
//
// It looks first without the write lock (the usual case: nothing to
// repair), so that opening does not wait for another process's write.
func (db *DB) recoverBulkLoad(ctx context.Context) error {
	var pending int
	if err := retryBusy(ctx, db.wait(), func() error { return db.w.QueryRowContext(ctx, "SELECT count(*) FROM bulk_load").Scan(&pending) }); err != nil {
		return fmt.Errorf("open database %s: %w", db.path, err)
	}
	if pending == 0 {
		return nil
	}
	return db.Write(ctx, func(tx *sql.Tx) error {
		var n int
		if err := tx.QueryRowContext(ctx, "SELECT count(*) FROM bulk_load").Scan(&n); err != nil || n == 0 {
			return err
		}
		for _, q := range []string{
			"UPDATE customers SET org_rank = NULL",
			fmt.Sprintf(`UPDATE customers SET org_rank = r.rank
			 FROM (SELECT id, row_number() OVER (ORDER BY org_key, id) * %d AS rank FROM customers) AS r
			 WHERE r.id = customers.id`, rankStep),
			"DELETE FROM bulk_load",
			"INSERT INTO customers_fts (customers_fts) VALUES ('rebuild')",
			"INSERT INTO customers_words (customers_words) VALUES ('rebuild')",
			"UPDATE counters SET value = (SELECT count(*) FROM customers) WHERE name = 'customers'",
		} {
			if _, err := tx.ExecContext(ctx, q); err != nil {
				return fmt.Errorf("repair after an unfinished bulk load: %w", err)
			}
		}
		return nil
	})
}

// SchemaVersion is the number of migrations this build knows.
func SchemaVersion() int {
	names, _ := migrationNames()
	return len(names)
}

func migrationNames() ([]string, error) {
	names, err := fs.Glob(migrationFS, "migrations/*.sql")
	sort.Strings(names)
	return names, err
}

// migrate applies the embedded migrations the file has not seen, each in its
// own transaction together with the new PRAGMA user_version.
func (db *DB) migrate(ctx context.Context) error {
	names, err := migrationNames()
	if err != nil {
		return err
	}
	// Up to date (the usual case): no write lock needed. A read that finds
	// another process setting up or migrating a new file tries again.
	var have int
	if err := retryBusy(ctx, db.wait(), func() error { return db.w.QueryRowContext(ctx, "PRAGMA user_version").Scan(&have) }); err != nil {
		return fmt.Errorf("open database %s: read schema version: %w", db.path, err)
	}
	if have == len(names) {
		return nil
	}
	// Each step reads the version again inside its own write transaction:
	// another process opening the same new file at the same moment may
	// have taken the step already.
	//
	// Waiting for the lock, a step gives up after BusyWait, but not while
	// the others holding it are migrating this same file: twenty processes
	// opening a new file at once take their turns at the lock, one step
	// each, and on a loaded machine the whole migration took longer than
	// BusyWait, so the one that kept losing the turn failed with "database
	// is locked" while the work it waited for went on. A schema version
	// that moved during the wait is that progress; one that stood still for
	// all of BusyWait is a lock held, and an error.
	seen := have // the version when the last wait for the lock began
	for {
		var have int
		done := false
		err := db.Write(ctx, func(tx *sql.Tx) error {
			if err := tx.QueryRowContext(ctx, "PRAGMA user_version").Scan(&have); err != nil {
				return fmt.Errorf("read schema version: %w", err)
			}
			if have < 0 {
				return i18n.Errorf("schema version %d is not one onboard writes: the file is damaged or not onboard's", have)
			}
			if have > len(names) {
				return fmt.Errorf("%w (schema version %d; this build knows %d): upgrade onboard", ErrNewerSchema, have, len(names))
			}
			if have == len(names) {
				done = true
				return nil
			}
			body, err := migrationFS.ReadFile(names[have])
			if err != nil {
				return err
			}
			if _, err := tx.ExecContext(ctx, string(body)); err != nil {
				return fmt.Errorf("migration %s: %w", filepath.Base(names[have]), err)
			}
			if after := afterMigration[migrationNumber(names[have])]; after != nil {
				if err := after(ctx, tx); err != nil {
					return fmt.Errorf("migration %s: %w", filepath.Base(names[have]), err)
				}
			}
			_, err = tx.ExecContext(ctx, fmt.Sprintf("PRAGMA user_version = %d", have+1))
			return err
		})
		if IsBusy(err) {
			var now int
			if rerr := db.w.QueryRowContext(ctx, "PRAGMA user_version").Scan(&now); rerr == nil && now != seen {
				seen = now
				continue
			}
		}
		if err != nil {
			return fmt.Errorf("open database %s: %w", db.path, err)
		}
		if done {
			return nil
		}
	}
}
