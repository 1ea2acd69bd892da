package main

import (
	"bytes"
	"context"
	"crypto/ed25519"
	"crypto/rand"
	"fmt"
	"io"
	"net"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/charmbracelet/x/vt"
	gossh "golang.org/x/crypto/ssh"

	"onboard/internal/walk"
	"onboard/model"
	"onboard/model/rules"
	"onboard/store"
)

// sshTerm is one staff member's terminal on the server; it is a
// walk.Terminal.
type sshTerm struct {
	t     *testing.T
	mu    sync.Mutex
	emu   *vt.Emulator
	stdin io.Writer
	wrote chan struct{} // signalled after output reached the emulator
}

func (s *sshTerm) Write(p []byte) (int, error) {
	s.mu.Lock()
	n, err := s.emu.Write(p)
	s.mu.Unlock()
	select {
	case s.wrote <- struct{}{}:
	default:
	}
	return n, err
}

func (s *sshTerm) screen() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.emu.String()
}

// Press sends named keys as a terminal does.
func (s *sshTerm) Press(keys ...string) {
	for _, k := range keys {
		b, ok := walk.Xterm(k)
		if !ok {
			s.t.Fatalf("no bytes for the key %q", k)
		}
		s.Type(b)
	}
}

// Type types text.
func (s *sshTerm) Type(text string) { io.WriteString(s.stdin, text) }

// Wait waits, for at most walk.Guard, until ok holds for the screen,
// looking again whenever output arrives.
func (s *sshTerm) Wait(ok func(screen string) bool) (string, bool) {
	deadline := time.After(walk.Guard)
	for {
		if sc := s.screen(); ok(sc) {
			return sc, true
		}
		select {
		case <-s.wrote:
		case <-deadline:
			sc := s.screen()
			return sc, ok(sc)
		}
	}
}

func (s *sshTerm) waitFor(text string) {
	s.t.Helper()
	if sc, ok := s.Wait(func(sc string) bool { return strings.Contains(sc, text) }); !ok {
		s.t.Fatalf("waited for %q; the screen is:\n%s", text, sc)
	}
}

// dialUntilUp logs in to addr with signer once the server listens, trying
// every 50 ms for at most walk.Guard.
func dialUntilUp(addr string, signer gossh.Signer) (*gossh.Client, error) {
	retry := time.NewTicker(50 * time.Millisecond)
	defer retry.Stop()
	end := time.After(walk.Guard)
	for {
		c, err := gossh.Dial("tcp", addr, &gossh.ClientConfig{User: "staff", Auth: []gossh.AuthMethod{gossh.PublicKeys(signer)},
			HostKeyCallback: gossh.InsecureIgnoreHostKey(), Timeout: walk.Guard})
		if err == nil {
			return c, nil
		}
		select {
		case <-retry.C:
		case <-end:
			return nil, err
		}
	}
}

// The process path of a SIGTERM to "onboard serve" (the signal cancels the
// context run gets): 20 staff in open wizards, each having just typed
// their organisation's name; the server stops accepting, every draft is
// saved, run returns exit code 0, and the WAL is folded into the database.
func TestServeStopsWithEveryDraftSaved(t *testing.T) {
	const n = 20
	dir := isolate(t)
	db := filepath.Join(dir, "serve.db")
	var keys bytes.Buffer
	signers := make([]gossh.Signer, n)
	for i := range signers {
		_, priv, _ := ed25519.GenerateKey(rand.Reader)
		signers[i], _ = gossh.NewSignerFromKey(priv)
		fmt.Fprintf(&keys, "%s Staff %02d\n", strings.TrimSpace(string(gossh.MarshalAuthorizedKey(signers[i].PublicKey()))), i)
	}
	os.WriteFile(filepath.Join(dir, "keys"), keys.Bytes(), 0o600)
	l, _ := net.Listen("tcp", "127.0.0.1:0")
	addr := l.Addr().String()
	l.Close()
	cfg := filepath.Join(dir, "config.toml")
	os.WriteFile(cfg, []byte(fmt.Sprintf("[reseller]\nid = \"C0123abcd\"\n[ssh]\nlisten = %q\nauthorized_keys = %q\nhost_key = %q\n",
		addr, filepath.Join(dir, "keys"), filepath.Join(dir, "host_key"))), 0o600)

	ctx, stop := context.WithCancel(context.Background())
	var logs bytes.Buffer
	exit := make(chan int, 1)
	go func() {
		exit <- run(ctx, testNow, []string{"--config", cfg, "--db", db, "serve"}, strings.NewReader(""), io.Discard, &logs)
	}()

	terms := make([]*sshTerm, n)
	var wg sync.WaitGroup
	for i := range terms {
		wg.Add(1)
		go func() {
			defer wg.Done()
			c, err := dialUntilUp(addr, signers[i])
			if err != nil {
				t.Errorf("dial: %v", err)
				return
			}
			sess, _ := c.NewSession()
			sess.RequestPty("xterm-256color", 30, 100, gossh.TerminalModes{})
			stdin, _ := sess.StdinPipe()
			stdout, _ := sess.StdoutPipe()
			sess.Shell()
			tm := &sshTerm{t: t, emu: vt.NewEmulator(100, 30), stdin: stdin, wrote: make(chan struct{}, 1)}
			go io.Copy(tm, stdout)
			go func() { io.Copy(stdin, tm.emu); io.Copy(io.Discard, tm.emu) }()
			terms[i] = tm
			tm.waitFor("No customers yet")
			tm.Press("n")
			w := walk.New(t, tm, walk.Options{Mode: model.ModeCreate, Env: rules.Env{ResellerID: "C0123abcd", Now: testNow()}})
			w.Eligible()
			w.Choose(model.FieldKind, string(model.KindDomain))
			w.Fill(model.FieldOrgName, fmt.Sprintf("Org of Staff %02d", i))
			tm.waitFor(fmt.Sprintf("Org of Staff %02d", i))
		}()
	}
	wg.Wait()
	if t.Failed() {
		stop()
		return
	}
	start := time.Now()
	stop() // what SIGTERM does
	var code int
	select {
	case code = <-exit:
	case <-time.After(walk.Guard):
		t.Fatalf("the server did not stop within %s", walk.Guard)
	}
	took := time.Since(start)
	if code != 0 {
		t.Fatalf("exit code %d; log:\n%s", code, logs.String())
	}
	if st, err := os.Stat(db + "-wal"); err == nil && st.Size() != 0 {
		t.Fatalf("the WAL holds %d bytes after the stop", st.Size())
	}
	svc, err := store.Open(context.Background(), db, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer svc.Close()
	for i := 0; i < n; i++ {
		name := fmt.Sprintf("Staff %02d", i)
		ds, err := svc.Drafts(context.Background(), name)
		if err != nil || len(ds) != 1 || ds[0].Values.Get(model.FieldOrgName) != "Org of "+name {
			t.Fatalf("%s's draft after the stop: %+v, %v", name, ds, err)
		}
	}
	t.Logf("SIGTERM with %d open wizards: stopped in %s, exit 0, %d drafts saved, WAL empty", n, took.Round(time.Millisecond), n)
}
