package sshserver

import (
	"crypto/rand"
	"crypto/rsa"
	"strings"
	"testing"

	gossh "golang.org/x/crypto/ssh"

	"onboard/internal/walk"
)

func newRSAPerson(t testing.TB, name string, bits int) person {
	t.Helper()
	priv, err := rsa.GenerateKey(rand.Reader, bits)
	if err != nil {
		t.Fatal(err)
	}
	s, err := gossh.NewSignerFromKey(priv)
	if err != nil {
		t.Fatal(err)
	}
	return person{name: name, signer: s}
}

// A client that offers only SHA-1 key exchange or only SHA-1 MACs finds no
// algorithm in common; the defaults of a modern client work.
func TestSHA1AlgorithmsAreRefused(t *testing.T) {
	anna := newPerson(t, "Anna")
	ts := startServer(t, newStore(t), Config{}, anna)
	for name, cfg := range map[string]gossh.Config{
		"kex diffie-hellman-group14-sha1": {KeyExchanges: []string{gossh.InsecureKeyExchangeDH14SHA1}},
		"kex diffie-hellman-group1-sha1":  {KeyExchanges: []string{gossh.InsecureKeyExchangeDH1SHA1}},
		"mac hmac-sha1":                   {Ciphers: []string{gossh.CipherAES128CTR}, MACs: []string{gossh.HMACSHA1}},
		"mac hmac-sha1-96":                {Ciphers: []string{gossh.CipherAES128CTR}, MACs: []string{gossh.InsecureHMACSHA196}},
	} {
		c, err := gossh.Dial("tcp", ts.addr, &gossh.ClientConfig{
			Config: cfg, User: "anna", Auth: []gossh.AuthMethod{gossh.PublicKeys(anna.signer)},
			HostKeyCallback: gossh.InsecureIgnoreHostKey(), Timeout: walk.Guard,
		})
		if err == nil {
			c.Close()
			t.Errorf("%s: the handshake succeeded", name)
		} else if !strings.Contains(err.Error(), "no common algorithm") {
			t.Errorf("%s: %v, want no common algorithm", name, err)
		}
	}
	login(t, ts.addr, anna, "anna", 100, 30).waitFor("No customers yet")
}

// RSA user keys shorter than 2048 bits, and RSA signatures made with SHA-1
// (ssh-rsa), are refused with a log line; ed25519 and RSA-3072 keys log in.
func TestShortRSAKeysAreRefused(t *testing.T) {
	anna := newPerson(t, "Anna")
	rita := newRSAPerson(t, "Rita", 3072)
	old := newRSAPerson(t, "Old", 1024)
	ts := startServer(t, newStore(t), Config{}, anna, rita, old)

	if c, err := dial(ts.addr, "old", gossh.PublicKeys(old.signer)); err == nil {
		c.Close()
		t.Fatal("a 1024-bit RSA key logged in")
	}
	if logs := ts.logs.String(); !strings.Contains(logs, "ssh auth refused: RSA key shorter than 2048 bits") || !strings.Contains(logs, "bits=1024") {
		t.Fatalf("the refusal is not logged:\n%s", logs)
	}
	sha1Signer, err := gossh.NewSignerWithAlgorithms(rita.signer.(gossh.AlgorithmSigner), []string{gossh.KeyAlgoRSA})
	if err != nil {
		t.Fatal(err)
	}
	if c, err := dial(ts.addr, "rita", gossh.PublicKeys(sha1Signer)); err == nil {
		c.Close()
		t.Fatal("an ssh-rsa (SHA-1) signature logged in")
	}

	login(t, ts.addr, anna, "anna", 100, 30).waitFor("No customers yet")
	login(t, ts.addr, rita, "rita", 100, 30).waitFor("No customers yet")
}
