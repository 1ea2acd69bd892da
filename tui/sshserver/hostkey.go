package sshserver

import (
	"crypto/ed25519"
	"crypto/rand"
	"encoding/pem"
	"errors"
	"io/fs"
	"os"
	"path/filepath"

	"onboard/i18n"

	gossh "golang.org/x/crypto/ssh"
)

// hostKey returns the PEM of the server's ed25519 host key at path,
// generating it (0600, in a 0700 directory) on first use. A key that others
// can read is refused: whoever reads it can impersonate the server.
func hostKey(path string) ([]byte, error) {
	fi, err := os.Stat(path)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return generateHostKey(path)
	case err != nil:
		return nil, i18n.Errorf("host key: %w", err)
	case fi.Mode().Perm()&0o077 != 0:
		return nil, i18n.Errorf("host key %s can be read by others (mode %04o): run chmod 600 %s", path, fi.Mode().Perm(), path)
	}
	pemBytes, err := os.ReadFile(path)
	if err != nil {
		return nil, i18n.Errorf("host key: %w", err)
	}
	if _, err := gossh.ParsePrivateKey(pemBytes); err != nil {
		return nil, i18n.Errorf("host key %s: %w", path, err)
	}
	return pemBytes, nil
}

func generateHostKey(path string) ([]byte, error) {
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return nil, i18n.Errorf("host key directory: %w", err)
	}
	_, priv, err := ed25519.GenerateKey(rand.Reader)
	if err != nil {
		return nil, err
	}
	block, err := gossh.MarshalPrivateKey(priv, "onboard host key")
	if err != nil {
		return nil, err
	}
	pemBytes := pem.EncodeToMemory(block)
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		return nil, i18n.Errorf("write host key: %w", err)
	}
	if _, err := f.Write(pemBytes); err != nil {
		f.Close()
		return nil, i18n.Errorf("write host key: %w", err)
	}
	if err := f.Close(); err != nil {
		return nil, i18n.Errorf("write host key: %w", err)
	}
	return pemBytes, nil
}
