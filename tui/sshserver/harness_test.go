package sshserver

import (
	"context"
	"crypto/ed25519"
	"crypto/rand"
	"io"
	"log/slog"
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
	"onboard/tui"
)

// person is a staff member's key pair.
type person struct {
	name   string
	signer gossh.Signer
}

func newPerson(t testing.TB, name string) person {
	t.Helper()
	_, priv, err := ed25519.GenerateKey(rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	s, err := gossh.NewSignerFromKey(priv)
	if err != nil {
		t.Fatal(err)
	}
	return person{name: name, signer: s}
}

func (p person) authorizedLine() string {
	return strings.TrimSpace(string(gossh.MarshalAuthorizedKey(p.signer.PublicKey()))) + " " + p.name + "\n"
}

// testServer is a real server on 127.0.0.1:0 over a store in a temp dir.
type testServer struct {
	srv   *Server
	svc   *store.Service
	addr  string
	keys  string
	dir   string
	logs  *syncBuffer
	serve chan error
}

type syncBuffer struct {
	mu sync.Mutex
	b  strings.Builder
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

func startServer(t testing.TB, svc tui.Store, cfg Config, people ...person) *testServer {
	t.Helper()
	dir := t.TempDir()
	ts := &testServer{dir: dir, logs: &syncBuffer{}, keys: filepath.Join(dir, "authorized_keys")}
	var lines string
	for _, p := range people {
		lines += p.authorizedLine()
	}
	if err := os.WriteFile(ts.keys, []byte(lines), 0o600); err != nil {
		t.Fatal(err)
	}
	if s, ok := svc.(*store.Service); ok {
		ts.svc = s
	}
	cfg.AuthorizedKeys = ts.keys
	cfg.HostKeyPath = filepath.Join(dir, "host", "ssh_host_ed25519_key")
	cfg.Logger = slog.New(slog.NewTextHandler(ts.logs, nil))
	srv, err := New(cfg, svc)
	if err != nil {
		t.Fatal(err)
	}
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	ts.srv, ts.addr, ts.serve = srv, l.Addr().String(), make(chan error, 1)
	go func() { ts.serve <- srv.Serve(l) }()
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), walk.Guard)
		defer cancel()
		if err := srv.Shutdown(ctx); err != nil {
			t.Errorf("shutdown: %v", err)
		}
		select {
		case err := <-ts.serve:
			if err != nil {
				t.Errorf("Serve after Shutdown: %v", err)
			}
		case <-time.After(walk.Guard):
			t.Error("Serve did not return after Shutdown")
		}
	})
	return ts
}

func newStore(t testing.TB) *store.Service {
	t.Helper()
	svc, err := store.Open(context.Background(), filepath.Join(t.TempDir(), "onboard.db"), store.Options{ResellerID: "C0123abcd"})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { svc.Close() })
	return svc
}

func dial(addr, user string, auth ...gossh.AuthMethod) (*gossh.Client, error) {
	return gossh.Dial("tcp", addr, &gossh.ClientConfig{
		User: user, Auth: auth, HostKeyCallback: gossh.InsecureIgnoreHostKey(), Timeout: walk.Guard,
	})
}

// term is an SSH session with a PTY whose output goes through a terminal
// emulator, so the test reads the screen the person would see.
type term struct {
	t      testing.TB
	client *gossh.Client
	sess   *gossh.Session
	stdin  io.WriteCloser
	emu    *vt.Emulator
	mu     sync.Mutex    // guards emu: the emulator is not safe for concurrent use
	wrote  chan struct{} // signalled after output reached the emulator
	ended  chan struct{}
}

func login(t testing.TB, addr string, p person, user string, w, h int) *term {
	t.Helper()
	c, err := dial(addr, user, gossh.PublicKeys(p.signer))
	if err != nil {
		t.Fatalf("login as %s: %v", p.name, err)
	}
	return openTerm(t, c, w, h)
}

func openTerm(t testing.TB, c *gossh.Client, w, h int, env ...string) *term {
	t.Helper()
	return openTermClaiming(t, c, w, h, w, h, env...)
}

// openTermClaiming opens a session whose pty request claims a window of
// ptyW×ptyH while the terminal the test reads is w×h.
func openTermClaiming(t testing.TB, c *gossh.Client, ptyW, ptyH, w, h int, env ...string) *term {
	t.Helper()
	sess, err := c.NewSession()
	if err != nil {
		t.Fatal(err)
	}
	return openTermOnClaiming(t, c, sess, ptyW, ptyH, w, h, env...)
}

// openTermOn opens the app in a session already open on c.
func openTermOn(t testing.TB, c *gossh.Client, sess *gossh.Session, w, h int) *term {
	t.Helper()
	return openTermOnClaiming(t, c, sess, w, h, w, h)
}

func openTermOnClaiming(t testing.TB, c *gossh.Client, sess *gossh.Session, ptyW, ptyH, w, h int, env ...string) *term {
	t.Helper()
	for i := 0; i+1 < len(env); i += 2 { // as ssh -o SendEnv does
		if err := sess.Setenv(env[i], env[i+1]); err != nil {
			t.Fatal(err)
		}
	}
	if err := sess.RequestPty("xterm-256color", ptyH, ptyW, gossh.TerminalModes{}); err != nil {
		t.Fatal(err)
	}
	stdin, _ := sess.StdinPipe()
	stdout, _ := sess.StdoutPipe()
	if err := sess.Shell(); err != nil {
		t.Fatal(err)
	}
	tm := &term{t: t, client: c, sess: sess, stdin: stdin, emu: vt.NewEmulator(w, h), ended: make(chan struct{}), wrote: make(chan struct{}, 1)}
	go func() {
		io.Copy(writerFunc(tm.write), stdout)
		close(tm.ended)
	}()
	// The emulator answers the app's terminal queries, as a terminal would.
	// Keep draining its answers after the session is gone, or the emulator
	// blocks on its reply pipe.
	go func() {
		io.Copy(stdin, tm.emu)
		io.Copy(io.Discard, tm.emu)
	}()
	t.Cleanup(func() { c.Close() })
	return tm
}

func (tm *term) write(p []byte) (int, error) {
	tm.mu.Lock()
	n, err := tm.emu.Write(p)
	tm.mu.Unlock()
	select {
	case tm.wrote <- struct{}{}:
	default:
	}
	return n, err
}

type writerFunc func([]byte) (int, error)

func (f writerFunc) Write(p []byte) (int, error) { return f(p) }

func (tm *term) screen() string {
	tm.mu.Lock()
	defer tm.mu.Unlock()
	return tm.emu.String()
}

// waitFor waits until the screen shows every text, or fails after
// walk.Guard.
func (tm *term) waitFor(texts ...string) {
	tm.t.Helper()
	if !tm.waitUntil(walk.Guard, texts...) {
		tm.t.Fatalf("waited for %q; the screen is:\n%s", texts, tm.screen())
	}
}

func (tm *term) waitUntil(d time.Duration, texts ...string) bool {
	return tm.until(d, func(s string) bool {
		for _, x := range texts {
			if !strings.Contains(s, x) {
				return false
			}
		}
		return true
	})
}

// until waits for the screen to satisfy cond, looking again only when new
// output arrives (polling the emulator would eat the CPU being measured).
func (tm *term) until(d time.Duration, cond func(screen string) bool) bool {
	deadline := time.After(d)
	for {
		if cond(tm.screen()) {
			return true
		}
		select {
		case <-tm.wrote:
		case <-tm.ended:
			return cond(tm.screen())
		case <-deadline:
			return cond(tm.screen())
		}
	}
}

// eventually polls cond every 2 ms until it holds or d has passed.
func eventually(d time.Duration, cond func() bool) bool {
	deadline := time.After(d)
	tick := time.NewTicker(2 * time.Millisecond)
	defer tick.Stop()
	for {
		if cond() {
			return true
		}
		select {
		case <-deadline:
			return cond()
		case <-tick.C:
		}
	}
}

// kEnter is the enter key as a terminal sends it (walk.Xterm has the rest).
const kEnter = "\r"

func (tm *term) send(s ...string) {
	for _, x := range s {
		if _, err := io.WriteString(tm.stdin, x); err != nil {
			tm.t.Fatalf("send %q: %v", x, err)
		}
	}
}

// Press sends named keys (walk's names, or single characters); with Type
// and Wait it makes the terminal a walk.Terminal.
func (tm *term) Press(keys ...string) {
	for _, k := range keys {
		b, ok := walk.Xterm(k)
		if !ok {
			tm.t.Fatalf("no bytes for the key %q", k)
		}
		tm.send(b)
	}
}

// Type types text.
func (tm *term) Type(text string) { tm.send(text) }

// Wait waits, for at most walk.Guard, until ok holds for the screen.
func (tm *term) Wait(ok func(screen string) bool) (string, bool) {
	met := tm.until(walk.Guard, ok)
	return tm.screen(), met
}

// wizard returns a walker of the wizard the session shows (or is about
// to); env is the rules' environment of the server's store.
func (tm *term) wizard(env rules.Env, o walk.Options) *walk.Walker {
	tm.t.Helper()
	o.Env = env
	return walk.New(tm.t, tm, o)
}

// toOrganisation opens a create wizard and walks it to the organisation
// name of a domain customer.
func (tm *term) toOrganisation(env rules.Env) *walk.Walker {
	tm.t.Helper()
	tm.send("n")
	w := tm.wizard(env, walk.Options{Mode: model.ModeCreate})
	w.Eligible()
	w.Choose(model.FieldKind, string(model.KindDomain))
	w.Focus(model.FieldOrgName)
	tm.waitFor("Organisation name")
	return w
}
