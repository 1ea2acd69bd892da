package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"

	"onboard/i18n"
)

// Backup writes a consistent copy of the database to path while others
// go on reading and writing (VACUUM INTO reads one snapshot). The file is
// created 0600 and must not exist yet.
//
// The copy is written to a temporary file beside path and linked to path
// only once it is whole and on disk, so that path never names a partial
// copy: a backup killed midway leaves no file at path (only its temporary
// file, named after path), and a failed one removes its temporary file.
// Linking, unlike renaming, fails when path has appeared meanwhile, so an
// existing file is never replaced.
func (db *DB) Backup(ctx context.Context, path string) (err error) {
	if _, err := os.Lstat(path); err == nil {
		return i18n.Errorf("backup: %s already exists (a backup never replaces a file)", path)
	}
	dir, base := filepath.Split(path)
	if dir == "" {
		dir = "."
	}
	tmp, err := os.CreateTemp(dir, "."+base+".partial-*")
	if err != nil {
		return fmt.Errorf("backup: %w", err)
	}
	name := tmp.Name()
	tmp.Close()
	defer func() {
		// Whatever happened, the temporary name goes: after the link path
		// holds the copy, and a failed copy is of no use.
		if rerr := os.Remove(name); rerr != nil && err == nil && !errors.Is(rerr, fs.ErrNotExist) {
			err = fmt.Errorf("backup: %w", rerr)
		}
	}()
	if err := db.vacuumInto(ctx, name); err != nil {
		return fmt.Errorf("backup: %w", err)
	}
	if err := syncFile(name); err != nil {
		return fmt.Errorf("backup: %w", err)
	}
	if err := os.Link(name, path); err != nil {
		if errors.Is(err, fs.ErrExist) {
			return i18n.Errorf("backup: %s already exists (a backup never replaces a file)", path)
		}
		return fmt.Errorf("backup: %w", err)
	}
	if err := os.Remove(name); err != nil {
		return fmt.Errorf("backup: %w", err)
	}
	// The new name (and the temporary one gone) must reach the disk too.
	if err := syncFile(dir); err != nil {
		return fmt.Errorf("backup: %w", err)
	}
	return nil
}

// vacuumInto writes the copy into the empty file at path, through a
// connection of its own so that the pools go on working meanwhile.
func (db *DB) vacuumInto(ctx context.Context, path string) error {
	conn, err := sql.Open("sqlite", db.path+"?_pragma=busy_timeout(5000)")
	if err != nil {
		return err
	}
	defer conn.Close()
	_, err = conn.ExecContext(ctx, "VACUUM INTO ?", path)
	return err
}

// syncFile flushes a file or a directory to the disk.
func syncFile(path string) error {
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	return errors.Join(f.Sync(), f.Close())
}
