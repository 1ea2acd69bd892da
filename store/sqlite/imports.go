package sqlite

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"

	"onboard/i18n"
)

// ErrImportUndone means the import's record was gone when it wrote a
// chunk or ended: another process undid it while it ran (its lock file was
// removed, or an older onboard judged it dead). Nothing of it stays; an
// importer that meets this must fail, never report the rows stored.
var ErrImportUndone = i18n.Errorf("another process undid this import while it ran: none of its rows are stored")

// Import is a CSV import under way, as recorded in the database: Lock
// names its lock file ("" for a record of an older onboard).
type Import struct {
	ID   int64
	Lock string
}

// Importer is this process's hold on an import under way: the record in
// the database and the lock file it keeps locked until the import ends.
// The rows it writes stay hidden from every read (see visibleID) until
// Commit.
type Importer struct {
	db   *DB
	id   int64
	lock *lockFile
}

// BeginImport takes a new lock file beside the database and records an
// import by this process of rows customers. The lock is taken before the
// record is committed, so no other process ever sees the record unlocked
// while this one lives.
func (db *DB) BeginImport(ctx context.Context, actor string, rows int, at time.Time) (*Importer, error) {
	l, err := newLock(db.path)
	if err != nil {
		return nil, i18n.Errorf("take the import lock: %w", err)
	}
	var id int64
	err = db.Write(ctx, func(tx *sql.Tx) error {
		// pid is kept for people reading the table, never to judge
		// whether the importer lives: in another PID namespace it names
		// another process.
		res, err := tx.ExecContext(ctx, "INSERT INTO imports (actor, pid, started_at, rows, lock) VALUES (?, ?, ?, ?, ?)",
			actor, os.Getpid(), micros(at), rows, l.token)
		if err != nil {
			return err
		}
		id, err = res.LastInsertId()
		return err
	})
	if err != nil {
		l.release()
		return nil, err
	}
	return &Importer{db: db, id: id, lock: l}, nil
}

// ID is the import's record id.
func (im *Importer) ID() int64 { return im.id }

// still checks, inside tx, that the import's record is there and still
// this importer's.
func (im *Importer) still(ctx context.Context, tx *sql.Tx) error {
	var lock string
	err := tx.QueryRowContext(ctx, "SELECT lock FROM imports WHERE id = ?", im.id).Scan(&lock)
	if errors.Is(err, sql.ErrNoRows) || (err == nil && lock != im.lock.token) {
		return ErrImportUndone
	}
	return err
}

// AddChunk records, in the chunk's transaction, the ids a chunk of the
// import added (consecutive: it was the only writer while it wrote). It
// fails with ErrImportUndone when the import was undone meanwhile.
func (im *Importer) AddChunk(ctx context.Context, tx *sql.Tx, first, last int64) error {
	if err := im.still(ctx, tx); err != nil {
		return err
	}
	_, err := tx.ExecContext(ctx, "INSERT INTO import_chunks (import_id, first_id, last_id) VALUES (?, ?, ?)", im.id, first, last)
	return err
}

// Commit ends the import in one transaction: when its record is still
// there and its chunks hold rows customers, the record and its chunks go
// and every row shows at once. Otherwise it fails (ErrImportUndone when
// another process undid it) and whatever is left is undone. The lock is
// released either way.
func (im *Importer) Commit(ctx context.Context, rows int64) error {
	err := im.db.Write(ctx, func(tx *sql.Tx) error {
		if err := im.still(ctx, tx); err != nil {
			return err
		}
		var n int64
		if err := tx.QueryRowContext(ctx, "SELECT coalesce(sum(last_id - first_id + 1), 0) FROM import_chunks WHERE import_id = ?", im.id).Scan(&n); err != nil {
			return err
		}
		if n != rows {
			return i18n.Errorf("the import recorded %d of its %d rows", n, rows)
		}
		_, err := tx.ExecContext(ctx, "DELETE FROM imports WHERE id = ?", im.id) // its chunks go with it
		return err
	})
	if err != nil {
		return errors.Join(err, im.Undo(context.WithoutCancel(ctx)))
	}
	im.lock.release()
	return nil
}

// Undo deletes what the import wrote, forgets it and releases the lock.
func (im *Importer) Undo(ctx context.Context) error {
	defer im.lock.release()
	return im.db.undoImport(ctx, Import{ID: im.id, Lock: im.lock.token})
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
	rows, err := q.QueryContext(ctx, "SELECT id, lock FROM imports ORDER BY id")
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Import
	for rows.Next() {
		var im Import
		if err := rows.Scan(&im.ID, &im.Lock); err != nil {
			return nil, err
		}
		out = append(out, im)
	}
	return out, rows.Err()
}

// undoImport deletes what an unfinished import wrote, a chunk per
// transaction (others write between them), and forgets the import. Each
// transaction first checks that the record is still im's (same lock): a
// record undone by someone else meanwhile, whose id a new import took,
// is left alone.
func (db *DB) undoImport(ctx context.Context, im Import) error {
	for {
		var done bool
		err := db.Write(ctx, func(tx *sql.Tx) error {
			var lock string
			err := tx.QueryRowContext(ctx, "SELECT lock FROM imports WHERE id = ?", im.ID).Scan(&lock)
			if errors.Is(err, sql.ErrNoRows) || (err == nil && lock != im.Lock) {
				done = true
				return nil
			}
			if err != nil {
				return err
			}
			done, err = UndoImportChunk(ctx, tx, im.ID)
			return err
		})
		if err != nil || done {
			return err
		}
	}
}

// RecoverImports undoes the imports whose process is gone (killed while it
// wrote): those whose lock file nobody holds. It runs when the database
// opens and, in a Service, every few seconds, so that a running server
// takes back a dead import's hidden rows without waiting for a new process
// to open the file. It returns how many imports it undid. Lock files no
// record names, left by an importer killed before it recorded its import,
// are removed.
func (db *DB) RecoverImports(ctx context.Context) (int, error) {
	ims, err := Imports(ctx, db.Reader())
	if err != nil {
		return 0, fmt.Errorf("read the imports under way: %w", err)
	}
	undone := 0
	named := map[string]bool{}
	for _, im := range ims {
		named[im.Lock] = true
		var l *lockFile
		if im.Lock != "" { // "" is an older onboard's record: no lock to ask
			if l, err = tryLock(lockPath(db.path, im.Lock), true); err != nil {
				return undone, fmt.Errorf("check an import's lock: %w", err)
			}
			if l == nil {
				continue // its importer lives
			}
		}
		err := db.undoImport(ctx, im)
		l.release()
		if err != nil {
			return undone, fmt.Errorf("undo an unfinished CSV import: %w", err)
		}
		undone++
	}
	strays, _ := filepath.Glob(lockPath(db.path, "*"))
	for _, p := range strays {
		token := strings.TrimSuffix(strings.TrimPrefix(p, lockPath(db.path, "")), lockSuffix)
		if named[token] {
			continue
		}
		// Locked: an importer between taking its lock and recording its
		// import (or one that began after Imports above).
		if l, err := tryLock(p, false); err == nil && l != nil {
			l.release()
		}
	}
	return undone, nil
}

// lockSuffix ends every import lock file's name.
const lockSuffix = ".lock"

// lockPath is the lock file of the import with token, beside the database.
func lockPath(dbPath, token string) string { return dbPath + ".import-" + token + lockSuffix }

// lockFile is an import lock file held with flock: the lock lasts as long
// as the open file, and so dies with the process.
type lockFile struct {
	f     *os.File
	path  string
	token string
}

// newLock creates a lock file of a new random token and locks it. A file
// removed between its creation and the lock (by a sweep of stray lock
// files) is noticed by its inode and another taken.
func newLock(dbPath string) (*lockFile, error) {
	for range 10 {
		b := make([]byte, 8)
		if _, err := rand.Read(b); err != nil {
			return nil, err
		}
		token := hex.EncodeToString(b)
		p := lockPath(dbPath, token)
		f, err := os.OpenFile(p, os.O_RDWR|os.O_CREATE|os.O_EXCL, 0o600)
		if err != nil {
			return nil, err
		}
		ok, err := flockHeld(f, p)
		if err != nil {
			f.Close()
			return nil, err
		}
		if ok {
			return &lockFile{f: f, path: p, token: token}, nil
		}
		f.Close()
	}
	return nil, errors.New("the lock file kept disappearing")
}

// tryLock locks the file at p without waiting. It returns nil, nil when
// another process (or another open file of this one) holds it: its
// importer lives. A missing file is created when create is set (its
// importer cannot hold a lock on it) and counts as unlocked.
func tryLock(p string, create bool) (*lockFile, error) {
	flag := os.O_RDWR
	if create {
		flag |= os.O_CREATE
	}
	f, err := os.OpenFile(p, flag, 0o600)
	if errors.Is(err, os.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	ok, err := flockHeld(f, p)
	if err != nil || !ok {
		f.Close()
		return nil, err
	}
	return &lockFile{f: f, path: p}, nil
}

// release removes the lock file and then unlocks it (in that order, so
// that whoever locks the file next finds it gone from its name).
func (l *lockFile) release() {
	if l == nil || l.f == nil {
		return
	}
	os.Remove(l.path)
	l.f.Close()
	l.f = nil
}
