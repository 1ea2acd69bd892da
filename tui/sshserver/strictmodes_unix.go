//go:build unix

package sshserver

import (
	"os"
	"os/user"
	"path/filepath"
	"strconv"
	"syscall"

	"onboard/i18n"
)

// CheckOwnerAndParents is the rest of OpenSSH's StrictModes for a file the
// server trusts (authorized_keys, the config, the Google credentials): the
// file must belong to the user running onboard or to root, and so must
// every directory above it, none of which group or others may write unless
// its sticky bit is set (as /tmp's is: others can add files there but not
// replace ours). Whoever can replace a directory on the way can put a file
// of their own in its place. Each error says the command that fixes it.
// Symbolic links are followed: the file checked is the one read.
func CheckOwnerAndParents(path string) error {
	abs, err := filepath.Abs(path)
	if err != nil {
		return i18n.Errorf("check %s: %w", path, err)
	}
	real, err := filepath.EvalSymlinks(abs)
	if err != nil {
		return i18n.Errorf("check %s: %w", path, err)
	}
	uid := os.Geteuid()
	fi, err := os.Stat(real)
	if err != nil {
		return i18n.Errorf("check %s: %w", path, err)
	}
	if owner, ok := ownerOf(fi); ok && owner != 0 && owner != uid {
		return i18n.Errorf("%s belongs to %s, not to %s (who runs onboard) or root, who could change it: chown %s %s", real, userName(owner), userName(uid), userName(uid), real)
	}
	for dir := filepath.Dir(real); ; dir = filepath.Dir(dir) {
		st, err := os.Stat(dir)
		if err != nil {
			return i18n.Errorf("check %s: %w", path, err)
		}
		if owner, ok := ownerOf(st); ok && owner != 0 && owner != uid {
			return i18n.Errorf("the directory %s above %s belongs to %s, not to %s (who runs onboard) or root, who could replace the file: chown %s %s, or move the file", dir, real, userName(owner), userName(uid), userName(uid), dir)
		}
		if st.Mode().Perm()&0o022 != 0 && st.Mode()&os.ModeSticky == 0 {
			return i18n.Errorf("the directory %s above %s can be written by others (mode %04o), who could replace the file: chmod go-w %s", dir, real, st.Mode().Perm(), dir)
		}
		if parent := filepath.Dir(dir); parent == dir {
			return nil
		}
	}
}

func ownerOf(fi os.FileInfo) (int, bool) {
	st, ok := fi.Sys().(*syscall.Stat_t)
	if !ok {
		return 0, false
	}
	return int(st.Uid), true
}

// userName is a user's login name, or the number when the system has none.
func userName(uid int) string {
	if u, err := user.LookupId(strconv.Itoa(uid)); err == nil {
		return u.Username
	}
	return strconv.Itoa(uid)
}
