package sshserver

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	gossh "golang.org/x/crypto/ssh"
)

// An authorized_keys file that others can write is refused at start, with
// the chmod that fixes it, and refuses everyone while it stays so.
func TestAuthorizedKeysWritableByOthersAreRefused(t *testing.T) {
	anna := newPerson(t, "Anna")
	dir := t.TempDir()
	svc := newStore(t)
	keys := filepath.Join(dir, "keys")
	os.WriteFile(keys, []byte(anna.authorizedLine()), 0o600)
	for _, mode := range []os.FileMode{0o620, 0o602, 0o666} {
		if err := os.Chmod(keys, mode); err != nil {
			t.Fatal(err)
		}
		_, err := New(Config{AuthorizedKeys: keys, HostKeyPath: filepath.Join(dir, "hk")}, svc)
		if err == nil || !strings.Contains(err.Error(), "chmod go-w "+keys) {
			t.Errorf("mode %04o: %v, want a refusal with chmod go-w", mode, err)
		}
	}
	os.Chmod(keys, 0o644)
	if _, err := New(Config{AuthorizedKeys: keys, HostKeyPath: filepath.Join(dir, "hk")}, svc); err != nil {
		t.Fatalf("mode 0644: %v", err)
	}

	ts := startServer(t, svc, Config{}, anna)
	os.Chmod(ts.keys, 0o666)
	if c, err := dial(ts.addr, "anna", gossh.PublicKeys(anna.signer)); err == nil {
		c.Close()
		t.Fatal("logged in while others can write authorized_keys")
	}
	if logs := ts.logs.String(); !strings.Contains(logs, "chmod go-w") {
		t.Fatalf("the refusal does not say the fix:\n%s", logs)
	}
	os.Chmod(ts.keys, 0o600)
	login(t, ts.addr, anna, "anna", 100, 30).waitFor("No customers yet")
}

// A rotation of authorized_keys that keeps its size and modification time
// (cp -p, rsync -t, tar) applies to the next login: the revoked key is
// refused and the new one works.
func TestKeyRotationKeepingSizeAndTimeApplies(t *testing.T) {
	anna, bert := newPerson(t, "Anna"), newPerson(t, "Bert")
	ts := startServer(t, newStore(t), Config{}, anna)
	login(t, ts.addr, anna, "anna", 100, 30).waitFor("No customers yet")
	before, err := os.Stat(ts.keys)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(ts.keys, []byte(bert.authorizedLine()), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.Chtimes(ts.keys, before.ModTime(), before.ModTime()); err != nil {
		t.Fatal(err)
	}
	after, _ := os.Stat(ts.keys)
	if after.Size() != before.Size() || !after.ModTime().Equal(before.ModTime()) {
		t.Fatalf("the rotation changed size or time: %d %v, was %d %v", after.Size(), after.ModTime(), before.Size(), before.ModTime())
	}
	if c, err := dial(ts.addr, "anna", gossh.PublicKeys(anna.signer)); err == nil {
		c.Close()
		t.Fatal("the revoked key logged in after a rotation that kept size and time")
	}
	login(t, ts.addr, bert, "bert", 100, 30).waitFor("No customers yet")
}

// The same key under two names is refused at start, naming both lines and
// both names: the audit trail would name only one of them.
func TestSameKeyTwiceIsRefused(t *testing.T) {
	anna := newPerson(t, "Anna")
	dir := t.TempDir()
	keys := filepath.Join(dir, "keys")
	twice := anna.authorizedLine() + "# the same key again\n" + strings.Replace(anna.authorizedLine(), " Anna\n", " Anne\n", 1)
	os.WriteFile(keys, []byte(twice), 0o600)
	_, err := New(Config{AuthorizedKeys: keys, HostKeyPath: filepath.Join(dir, "hk")}, newStore(t))
	if err == nil || !strings.Contains(err.Error(), keys+":3") || !strings.Contains(err.Error(), "line 1") ||
		!strings.Contains(err.Error(), `"Anna"`) || !strings.Contains(err.Error(), `"Anne"`) {
		t.Fatalf("want a refusal naming %s:3, line 1, Anna and Anne; got %v", keys, err)
	}
}
