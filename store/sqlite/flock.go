package sqlite

import (
	"errors"
	"os"
	"syscall"
)

// flockHeld takes an exclusive flock on f without waiting and reports
// whether this open file now holds it and p still names f's inode. flock
// (unlike fcntl's record locks) belongs to the open file, not the process:
// another open of the same file in this process is refused as well, and
// the kernel drops the lock when the last descriptor closes, which a
// killed process's descriptors do, in any PID namespace of the host.
func flockHeld(f *os.File, p string) (bool, error) {
	if err := syscall.Flock(int(f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB); err != nil {
		if errors.Is(err, syscall.EWOULDBLOCK) {
			return false, nil
		}
		return false, err
	}
	// The file may have been removed (and another made under the name)
	// between opening and locking it: then the lock guards nothing.
	held, err := f.Stat()
	if err != nil {
		syscall.Flock(int(f.Fd()), syscall.LOCK_UN)
		return false, err
	}
	named, err := os.Stat(p)
	if err != nil || !os.SameFile(held, named) {
		syscall.Flock(int(f.Fd()), syscall.LOCK_UN)
		if errors.Is(err, os.ErrNotExist) {
			err = nil
		}
		return false, err
	}
	return true, nil
}
