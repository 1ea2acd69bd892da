package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"os"
	"strconv"
	"strings"
	"syscall"
	"time"
)

// Import is a CSV import under way, as recorded in the database.
type Import struct {
	ID           int64
	PID          int
	ProcessStart string
}

// BeginImport records an import by this process of rows customers.
func BeginImport(ctx context.Context, tx *sql.Tx, actor string, rows int, at time.Time) (int64, error) {
	res, err := tx.ExecContext(ctx, "INSERT INTO imports (actor, pid, process_start, started_at, rows) VALUES (?, ?, ?, ?, ?)",
		actor, os.Getpid(), processStart(os.Getpid()), micros(at), rows)
	if err != nil {
		return 0, err
	}
	return res.LastInsertId()
}

// AddImportChunk records the ids a chunk of the import added (a chunk's
// ids are consecutive: it was the only writer while it wrote).
func AddImportChunk(ctx context.Context, tx *sql.Tx, importID, first, last int64) error {
	_, err := tx.ExecContext(ctx, "INSERT INTO import_chunks (import_id, first_id, last_id) VALUES (?, ?, ?)", importID, first, last)
	return err
}

// EndImport marks the import finished: its customers stay.
func EndImport(ctx context.Context, tx *sql.Tx, importID int64) error {
	_, err := tx.ExecContext(ctx, "DELETE FROM imports WHERE id = ?", importID)
	return err
}

// UndoImportChunk deletes the customers of one chunk of an unfinished
// import (their events, orders and pushes go with them) and forgets the
// chunk; done is true when no chunk is left, and the import is forgotten
// too.
func UndoImportChunk(ctx context.Context, tx *sql.Tx, importID int64) (done bool, err error) {
	var first, last int64
	err = tx.QueryRowContext(ctx, "SELECT first_id, last_id FROM import_chunks WHERE import_id = ? ORDER BY first_id DESC LIMIT 1", importID).
		Scan(&first, &last)
	if errors.Is(err, sql.ErrNoRows) {
		_, err = tx.ExecContext(ctx, "DELETE FROM imports WHERE id = ?", importID)
		return true, err
	}
	if err != nil {
		return false, err
	}
	if _, err := tx.ExecContext(ctx, "DELETE FROM customers WHERE id BETWEEN ? AND ?", first, last); err != nil {
		return false, err
	}
	_, err = tx.ExecContext(ctx, "DELETE FROM import_chunks WHERE import_id = ? AND first_id = ?", importID, first)
	return false, err
}

// Imports returns the imports under way.
func Imports(ctx context.Context, q querier) ([]Import, error) {
	rows, err := q.QueryContext(ctx, "SELECT id, pid, process_start FROM imports ORDER BY id")
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Import
	for rows.Next() {
		var im Import
		if err := rows.Scan(&im.ID, &im.PID, &im.ProcessStart); err != nil {
			return nil, err
		}
		out = append(out, im)
	}
	return out, rows.Err()
}

// Orphaned reports whether the process that ran the import is gone (the
// database is local: SQLite's WAL mode works only on one machine).
func (im Import) Orphaned() bool {
	if im.PID == os.Getpid() {
		return false
	}
	if err := syscall.Kill(im.PID, 0); err != nil && !errors.Is(err, syscall.EPERM) {
		return true // no such process
	}
	// A process with that id lives: the same one, unless the id was reused.
	if im.ProcessStart != "" {
		if now := processStart(im.PID); now != "" && now != im.ProcessStart {
			return true
		}
	}
	return false
}

// processStart is when process pid started, in clock ticks since boot
// (field 22 of /proc/PID/stat), to tell a reused process id apart; "" where
// /proc is not there.
func processStart(pid int) string {
	b, err := os.ReadFile("/proc/" + strconv.Itoa(pid) + "/stat")
	if err != nil {
		return ""
	}
	s := string(b)
	i := strings.LastIndexByte(s, ')') // the command name may hold spaces
	if i < 0 {
		return ""
	}
	f := strings.Fields(s[i+1:])
	if len(f) < 20 {
		return ""
	}
	return f[19] // fields 3.. after the name; starttime is field 22
}

// UndoImport deletes what an unfinished import wrote, a chunk per
// transaction (others write between them), and forgets the import.
func (db *DB) UndoImport(ctx context.Context, importID int64) error {
	for {
		var done bool
		err := db.Write(ctx, func(tx *sql.Tx) error {
			var err error
			done, err = UndoImportChunk(ctx, tx, importID)
			return err
		})
		if err != nil || done {
			return err
		}
	}
}

// recoverImports undoes the imports whose process is gone (killed while it
// wrote), when the database opens and before anyone reads.
func (db *DB) recoverImports(ctx context.Context) error {
	ims, err := Imports(ctx, db.Reader())
	if err != nil {
		return err
	}
	for _, im := range ims {
		if im.Orphaned() {
			if err := db.UndoImport(ctx, im.ID); err != nil {
				return fmt.Errorf("undo an unfinished CSV import: %w", err)
			}
		}
	}
	return nil
}
