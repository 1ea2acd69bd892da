//go:build unix

package sshserver

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	gossh "golang.org/x/crypto/ssh"
)

// A trusted file in a directory others can write (without the sticky bit)
// is refused, naming the directory and the chmod; with the sticky bit, as
// /tmp has, it is accepted.
func TestStrictModesOfTheDirectoriesAbove(t *testing.T) {
	dir := t.TempDir()
	shared := filepath.Join(dir, "shared")
	inner := filepath.Join(shared, "etc")
	if err := os.MkdirAll(inner, 0o700); err != nil {
		t.Fatal(err)
	}
	file := filepath.Join(inner, "authorized_keys")
	if err := os.WriteFile(file, nil, 0o600); err != nil {
		t.Fatal(err)
	}
	if err := CheckOwnerAndParents(file); err != nil {
		t.Fatalf("a file in private directories: %v", err)
	}
	for _, tc := range []struct {
		mode    os.FileMode
		refused bool
	}{{0o777, true}, {0o775, true}, {0o757, true}, {0o755, false}, {0o777 | os.ModeSticky, false}} {
		if err := os.Chmod(shared, tc.mode); err != nil {
			t.Fatal(err)
		}
		err := CheckOwnerAndParents(file)
		switch {
		case tc.refused && (err == nil || !strings.Contains(err.Error(), "chmod go-w "+shared) || !strings.Contains(err.Error(), "the directory "+shared+" above "+file)):
			t.Errorf("%s at %v: %v, want a refusal naming it with chmod go-w", shared, tc.mode, err)
		case !tc.refused && err != nil:
			t.Errorf("%s at %v: %v", shared, tc.mode, err)
		}
	}
	os.Chmod(shared, 0o700)
	// A symbolic link is followed: the directories checked are the file's.
	link := filepath.Join(dir, "link")
	if err := os.Symlink(file, link); err != nil {
		t.Fatal(err)
	}
	os.Chmod(shared, 0o777)
	if err := CheckOwnerAndParents(link); err == nil || !strings.Contains(err.Error(), "chmod go-w "+shared) {
		t.Errorf("through a link: %v", err)
	}
	os.Chmod(shared, 0o700)
}

// A trusted file, or a directory above it, that belongs to someone other
// than the user running onboard or root is refused with the chown that
// fixes it. Giving a file away takes root.
func TestStrictModesOfTheOwner(t *testing.T) {
	if os.Geteuid() != 0 {
		t.Skip("giving a file to another user takes root; run as root to check owners")
	}
	const nobody = 65534
	dir := t.TempDir()
	inner := filepath.Join(dir, "etc")
	os.Mkdir(inner, 0o755)
	file := filepath.Join(inner, "authorized_keys")
	os.WriteFile(file, nil, 0o600)
	if err := os.Chown(file, nobody, nobody); err != nil {
		t.Fatal(err)
	}
	if err := CheckOwnerAndParents(file); err == nil || !strings.Contains(err.Error(), "chown "+userName(0)+" "+file) {
		t.Errorf("a file of uid %d: %v, want a refusal with chown", nobody, err)
	}
	os.Chown(file, 0, 0)
	if err := os.Chown(inner, nobody, nobody); err != nil {
		t.Fatal(err)
	}
	if err := CheckOwnerAndParents(file); err == nil || !strings.Contains(err.Error(), "chown "+userName(0)+" "+inner) {
		t.Errorf("a directory of uid %d: %v, want a refusal with chown", nobody, err)
	}
	os.Chown(inner, 0, 0)
	if err := CheckOwnerAndParents(file); err != nil {
		t.Errorf("owned by root again: %v", err)
	}
}

// The server refuses an authorized_keys file in a directory others can
// write at start, and every login while it is so.
func TestAuthorizedKeysInADirectoryOthersCanWrite(t *testing.T) {
	anna := newPerson(t, "Anna")
	ts := startServer(t, newStore(t), Config{}, anna)
	if err := os.Chmod(ts.dir, 0o777); err != nil {
		t.Fatal(err)
	}
	defer os.Chmod(ts.dir, 0o700)
	if _, err := dial(ts.addr, "anna", gossh.PublicKeys(anna.signer)); err == nil {
		t.Fatal("logged in while authorized_keys sat in a directory anyone can write")
	}
	if !strings.Contains(ts.logs.String(), "chmod go-w "+ts.dir) {
		t.Fatalf("the log does not say the fix:\n%s", ts.logs.String())
	}
	if _, err := New(Config{AuthorizedKeys: ts.keys, HostKeyPath: filepath.Join(ts.dir, "host2")}, nil); err == nil || !strings.Contains(err.Error(), "chmod go-w "+ts.dir) {
		t.Fatalf("start: %v", err)
	}
	os.Chmod(ts.dir, 0o700)
	c, err := dial(ts.addr, "anna", gossh.PublicKeys(anna.signer))
	if err != nil {
		t.Fatalf("after chmod go-w: %v", err)
	}
	c.Close()
}
