package main

import (
	"bytes"
	"context"
	"crypto/ed25519"
	"crypto/rand"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	gossh "golang.org/x/crypto/ssh"

	"onboard/internal/walk"
)

// onboard serve refuses to start with a config file or an authorized_keys
// file that group or others can write, saying the chmod that fixes it.
func TestServeRefusesFilesOthersCanWrite(t *testing.T) {
	dir := isolate(t)
	keys := filepath.Join(dir, "keys")
	pub, _, err := ed25519.GenerateKey(rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	sshPub, err := gossh.NewPublicKey(pub)
	if err != nil {
		t.Fatal(err)
	}
	os.WriteFile(keys, []byte(strings.TrimSpace(string(gossh.MarshalAuthorizedKey(sshPub)))+" Anna\n"), 0o600)
	cfg := filepath.Join(dir, "config.toml")
	os.WriteFile(cfg, []byte(fmt.Sprintf("[reseller]\nid = \"C0123abcd\"\n[ssh]\nlisten = \"127.0.0.1:0\"\nauthorized_keys = %q\nhost_key = %q\n",
		keys, filepath.Join(dir, "host_key"))), 0o600)
	// A server that does start is stopped by the hang guard.
	ctx, cancel := context.WithTimeout(context.Background(), walk.Guard)
	defer cancel()
	serve := func() (int, string) {
		var stderr bytes.Buffer
		code := run(ctx, testNow, []string{"--config", cfg, "--db", filepath.Join(dir, "serve.db"), "serve"}, strings.NewReader(""), io.Discard, &stderr)
		return code, stderr.String()
	}
	for _, c := range []struct {
		path string
		mode os.FileMode
	}{{cfg, 0o664}, {cfg, 0o606}, {keys, 0o660}, {keys, 0o666}} {
		os.Chmod(c.path, c.mode)
		code, stderr := serve()
		if code == 0 || !strings.Contains(stderr, "chmod go-w "+c.path) {
			t.Errorf("%s at %04o: exit %d, %q; want a refusal with chmod go-w", filepath.Base(c.path), c.mode, code, stderr)
		}
		os.Chmod(c.path, 0o600)
	}
}

// The Google credentials file (the service account's private key) may not
// be readable by others, nor writable by group or others; group reading is
// a deployment's choice.
func TestStrictModesOfTheGoogleCredentials(t *testing.T) {
	dir := t.TempDir()
	creds := filepath.Join(dir, "sa.json")
	os.WriteFile(creds, []byte("{}"), 0o600)
	c := defaultConfig()
	c.Google.CredentialsFile = creds
	for mode, refused := range map[os.FileMode]bool{0o600: false, 0o400: false, 0o640: false, 0o644: true, 0o604: true, 0o660: true, 0o602: true} {
		os.Chmod(creds, mode)
		err := strictModes("", c)
		switch {
		case refused && (err == nil || !strings.Contains(err.Error(), "chmod go-w,o-r "+creds)):
			t.Errorf("mode %04o: %v, want a refusal with chmod go-w,o-r", mode, err)
		case !refused && err != nil:
			t.Errorf("mode %04o: %v", mode, err)
		}
	}
}

// The config and the Google credentials are refused in a directory others
// can write, naming the directory and the chmod.
func TestStrictModesOfTheDirectoriesAbove(t *testing.T) {
	dir := t.TempDir()
	open := filepath.Join(dir, "open")
	os.Mkdir(open, 0o700)
	cfg, creds := filepath.Join(open, "config.toml"), filepath.Join(open, "sa.json")
	os.WriteFile(cfg, nil, 0o600)
	os.WriteFile(creds, []byte("{}"), 0o600)
	c := defaultConfig()
	c.Google.CredentialsFile = creds
	if err := strictModes(cfg, c); err != nil {
		t.Fatalf("private directory: %v", err)
	}
	os.Chmod(open, 0o777)
	defer os.Chmod(open, 0o700)
	err := strictModes(cfg, c)
	if err == nil || strings.Count(err.Error(), "chmod go-w "+open) != 2 || !strings.Contains(err.Error(), "above "+cfg) || !strings.Contains(err.Error(), "above "+creds) {
		t.Fatalf("a directory anyone can write: %v, want both files refused with chmod go-w", err)
	}
}
