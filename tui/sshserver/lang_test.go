package sshserver

import (
	"testing"

	gossh "golang.org/x/crypto/ssh"
)

func TestSessionLanguage(t *testing.T) {
	for _, c := range []struct {
		configured string
		env        []string
		user       string
		want       string
	}{
		{"", nil, "", "en"},
		{"", nil, "nl", "nl"},
		{"", []string{"LANG=nl_NL.UTF-8"}, "", "nl"},
		{"", []string{"LANG=en_GB.UTF-8"}, "nl", "en"},         // the client's choice wins
		{"", []string{"LANG=C.UTF-8"}, "nl", "nl"},             // C is no choice
		{"", []string{"LANG=de_DE.UTF-8"}, "nl", "nl"},         // nor a language onboard does not speak
		{"", []string{"LC_ALL=nl_BE", "LANG=en_US"}, "", "nl"}, // LC_ALL before LANG
		{"", []string{"LC_MESSAGES=nl", "LANG=en_US"}, "", "nl"},
		{"en", []string{"LANG=nl_NL.UTF-8"}, "nl", "en"}, // [ui] language wins
		{"nl", nil, "", "nl"},
	} {
		got := SessionLanguage(c.configured, c.env, c.user)
		if got.String() != c.want {
			t.Errorf("SessionLanguage(%q, %q, %q) = %s, want %s", c.configured, c.env, c.user, got, c.want)
		}
	}
}

// Over a real SSH connection: the client's LANG (sent like ssh -o
// SendEnv=LANG) picks Dutch; without it the staff member's [[ssh.users]]
// language does; a client's English wins over it.
func TestSSHSessionSpeaksTheClientsLanguage(t *testing.T) {
	svc := newStore(t)
	anna, joost := newPerson(t, "Anna"), newPerson(t, "Joost")
	cfg := Config{Users: []User{{Fingerprint: gossh.FingerprintSHA256(joost.signer.PublicKey()), Name: "Joost", Language: "nl"}}}
	ts := startServer(t, svc, cfg, anna, joost)

	c, err := dial(ts.addr, "anna", gossh.PublicKeys(anna.signer))
	if err != nil {
		t.Fatal(err)
	}
	a := openTerm(t, c, 100, 30, "LANG", "nl_NL.UTF-8")
	a.waitFor("Nog geen klanten.", "q stoppen")

	j := login(t, ts.addr, joost, "joost", 100, 30)
	j.waitFor("Nog geen klanten.")

	c2, err := dial(ts.addr, "joost", gossh.PublicKeys(joost.signer))
	if err != nil {
		t.Fatal(err)
	}
	e := openTerm(t, c2, 100, 30, "LANG", "en_GB.UTF-8")
	e.waitFor("No customers yet.", "q quit")

	b := login(t, ts.addr, anna, "anna", 100, 30)
	b.waitFor("No customers yet.")
}
