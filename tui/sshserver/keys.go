package sshserver

import (
	"bufio"
	"bytes"
	"os"
	"strings"

	gossh "golang.org/x/crypto/ssh"

	"onboard/i18n"
	"onboard/model/rules"
)

// User maps a key fingerprint to a staff member explicitly; it wins over the
// key's comment.
type User struct {
	Fingerprint string // SHA256:… as ssh-keygen -lf prints it
	Name        string
	Language    string
	// TimeZone is the zone the staff member reads times in, a tz database
	// name like Europe/Amsterdam, when the client sends no TZ; "" is the
	// server's.
	TimeZone string
}

// staff is one authorised key and the staff member it belongs to.
type staff struct {
	key      gossh.PublicKey
	name     string
	language string
}

// keyring is a parsed authorized_keys file.
type keyring struct {
	byKey map[string]staff // by the key's wire form
}

// loadKeys parses path strictly: a line that does not parse, or that carries
// options this server does not enforce (from=, expiry-time=, command= …),
// is an error naming the file and line — never a key that is silently
// accepted or silently ignored. Each key needs a name: its comment, or a
// [[ssh.users]] entry for its fingerprint.
func loadKeys(path string, users []User) (*keyring, error) {
	body, err := readKeys(path)
	if err != nil {
		return nil, err
	}
	return parseKeys(path, body, users)
}

// readKeys reads the authorized_keys file, refusing one that others can
// write, or that sits where others can replace it, as OpenSSH's StrictModes
// does: whoever can write it can let themselves in under any name.
func readKeys(path string) ([]byte, error) {
	fi, err := os.Stat(path)
	if err != nil {
		return nil, i18n.Errorf("read authorized keys: %w", err)
	}
	if fi.Mode().Perm()&0o022 != 0 {
		return nil, i18n.Errorf("authorized keys %s can be written by others (mode %04o), who could add a key: run chmod go-w %s", path, fi.Mode().Perm(), path)
	}
	if err := CheckOwnerAndParents(path); err != nil {
		return nil, i18n.Errorf("authorized keys: %w", err)
	}
	body, err := os.ReadFile(path)
	if err != nil {
		return nil, i18n.Errorf("read authorized keys: %w", err)
	}
	return body, nil
}

// parseKeys parses the body of the authorized_keys file at path. The same
// key twice is an error naming both lines: the audit trail would name only
// one of the two staff members.
func parseKeys(path string, body []byte, users []User) (*keyring, error) {
	names := map[string]User{}
	for _, u := range users {
		names[u.Fingerprint] = u
	}
	kr := &keyring{byKey: map[string]staff{}}
	lines := map[string]int{} // the line of each key so far
	sc := bufio.NewScanner(bytes.NewReader(body))
	sc.Buffer(make([]byte, 64*1024), 1024*1024)
	for n := 1; sc.Scan(); n++ {
		line := strings.TrimSpace(sc.Text())
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		key, comment, options, rest, err := gossh.ParseAuthorizedKey([]byte(line))
		if err != nil {
			return nil, i18n.Errorf("%s:%d: not a public key line: %v", path, n, err)
		}
		if len(rest) > 0 {
			return nil, i18n.Errorf("%s:%d: one key per line", path, n)
		}
		if len(options) > 0 {
			return nil, i18n.Errorf("%s:%d: option %q is not supported by onboard (it would not be enforced); remove it", path, n, options[0])
		}
		st := staff{key: key, name: strings.TrimSpace(comment)}
		if u, ok := names[gossh.FingerprintSHA256(key)]; ok {
			st.name, st.language = u.Name, u.Language
		}
		if st.name == "" {
			return nil, i18n.Errorf("%s:%d: the key has no name: add a comment (the staff member's name) or an [[ssh.users]] entry for %s", path, n, gossh.FingerprintSHA256(key))
		}
		if p := rules.CheckSafe("", st.name); p != nil || len(st.name) > 100 {
			return nil, i18n.Errorf("%s:%d: the name %q must be printable text of at most 100 characters", path, n, rules.Sanitize(st.name))
		}
		wire := string(key.Marshal())
		if first, dup := lines[wire]; dup {
			return nil, i18n.Errorf("%s:%d: the same key as line %d (%q and %q): remove one", path, n, first, rules.Sanitize(kr.byKey[wire].name), rules.Sanitize(st.name))
		}
		lines[wire] = n
		kr.byKey[wire] = st
	}
	if err := sc.Err(); err != nil {
		return nil, i18n.Errorf("read authorized keys: %w", err)
	}
	return kr, nil
}

// lookup returns the staff member a key belongs to.
func (kr *keyring) lookup(key gossh.PublicKey) (staff, bool) {
	if kr == nil || key == nil {
		return staff{}, false
	}
	st, ok := kr.byKey[string(key.Marshal())]
	return st, ok
}
