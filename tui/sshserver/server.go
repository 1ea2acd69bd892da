// Package sshserver serves the full-screen app over SSH to a team of
// reseller staff. Staff authenticate by public key only; the key (through
// its authorized_keys comment or an [[ssh.users]] entry) names the staff
// member, who is the actor on every audit event and owns the drafts. The
// server bounds handshakes, auth tries, connections per IP and in all, idle
// time (counted in keys) and session length, and keeps connections that
// have not authenticated in a pool of their own (frontdoor.go), so that
// they cannot lock staff out; a shutdown saves every open draft before it
// closes the sessions.
package sshserver

import (
	"context"
	"crypto/sha256"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"runtime"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	tea "charm.land/bubbletea/v2"
	"charm.land/ssh"
	"charm.land/wish/v2"
	"charm.land/wish/v2/bubbletea"
	gossh "golang.org/x/crypto/ssh"
	"golang.org/x/text/language"

	"onboard/i18n"
	"onboard/tui"
	"onboard/tui/common"
)

// Config is the server's settings; zero values take the defaults.
type Config struct {
	Addr             string        // default ":2222"
	HostKeyPath      string        // required
	AuthorizedKeys   string        // required
	Users            []User        // names for fingerprints
	IdleTimeout      time.Duration // default 30m; keys count, redraws do not
	MaxSession       time.Duration // default 12h
	HandshakeTimeout time.Duration // default 10s: from connect to authenticated
	// FirstByteTimeout closes a connection that has sent nothing for this
	// long (default 3s); every SSH client sends its version line at once.
	FirstByteTimeout time.Duration
	MaxAuthTries     int // default 3
	MaxConns         int // default 500 logged-in connections
	MaxConnsPerIP    int // default 20 logged-in connections per address (IPv6: per /64)
	// MaxUnauthenticated and MaxUnauthenticatedPerIP bound the connections
	// still at the front door (default 500, and 20 per address or /64);
	// when full, an old one is dropped to let the new one in.
	MaxUnauthenticated      int
	MaxUnauthenticatedPerIP int
	Logger                  *slog.Logger
	Now                     func() time.Time
	// Language is [ui] language: when set, every session speaks it.
	// Otherwise a session speaks the language of the client's LC_ALL,
	// LC_MESSAGES or LANG when the client sends one (ssh's SendEnv), else
	// the staff member's [[ssh.users]] language, else English.
	Language string
	// Location is the server's zone, in which a session reads times when
	// neither its client's TZ nor its staff member's time_zone names one;
	// default time.Local.
	Location *time.Location
}

func (c *Config) defaults() {
	if c.Addr == "" {
		c.Addr = ":2222"
	}
	if c.IdleTimeout == 0 {
		c.IdleTimeout = 30 * time.Minute
	}
	if c.MaxSession == 0 {
		c.MaxSession = 12 * time.Hour
	}
	if c.HandshakeTimeout == 0 {
		c.HandshakeTimeout = 10 * time.Second
	}
	if c.FirstByteTimeout == 0 {
		c.FirstByteTimeout = 3 * time.Second
	}
	if c.MaxUnauthenticated == 0 {
		c.MaxUnauthenticated = 500
	}
	if c.MaxUnauthenticatedPerIP == 0 {
		c.MaxUnauthenticatedPerIP = 20
	}
	if c.MaxAuthTries == 0 {
		c.MaxAuthTries = 3
	}
	if c.MaxConns == 0 {
		c.MaxConns = 500
	}
	if c.MaxConnsPerIP == 0 {
		c.MaxConnsPerIP = 20
	}
	if c.Logger == nil {
		c.Logger = slog.Default()
	}
	if c.Now == nil {
		c.Now = time.Now
	}
	if c.Location == nil {
		c.Location = time.Local
	}
}

// Server is the SSH server.
type Server struct {
	cfg     Config
	svc     tui.Store
	srv     *ssh.Server
	log     *slog.Logger
	closing atomic.Bool

	zones map[string]*time.Location // the [[ssh.users]] time zones by fingerprint

	keysMu   sync.Mutex
	keyCache *keyring
	keySum   [sha256.Size]byte // the hash of the file keyCache came from

	connLines    rateLog // "ssh connect" lines
	refusals     rateLog // lines about something refused or dropped
	authFailures rateLog // "ssh auth failure" lines

	mu        sync.Mutex
	front     frontPool                 // connections not yet authenticated
	arrivals  uint64                    // connections admitted so far
	conns     int                       // logged-in connections
	perIP     map[string]int            // logged-in connections by addrKey
	channels  map[*gossh.ServerConn]int // open session channels by connection
	programs  map[*tea.Program]struct{}
	listeners []net.Listener
	sessions  sync.WaitGroup
}

// New checks the configuration (the authorized keys must parse, the host
// key must be private) and returns a server that is not yet listening.
func New(cfg Config, svc tui.Store) (*Server, error) {
	cfg.defaults()
	if cfg.AuthorizedKeys == "" {
		return nil, i18n.Errorf("ssh: no authorized_keys file configured ([ssh] authorized_keys)")
	}
	if cfg.HostKeyPath == "" {
		return nil, i18n.Errorf("ssh: no host key path")
	}
	if _, err := loadKeys(cfg.AuthorizedKeys, cfg.Users); err != nil {
		return nil, i18n.Errorf("ssh: %w", err)
	}
	pemBytes, err := hostKey(cfg.HostKeyPath)
	if err != nil {
		return nil, i18n.Errorf("ssh: %w", err)
	}
	zones, err := userZones(cfg.Users)
	if err != nil {
		return nil, err
	}
	s := &Server{cfg: cfg, svc: svc, log: cfg.Logger, zones: zones, perIP: map[string]int{}, channels: map[*gossh.ServerConn]int{}, programs: map[*tea.Program]struct{}{},
		front:        frontPool{byKey: map[string][]*pending{}},
		connLines:    rateLog{level: slog.LevelInfo, summary: "ssh connect lines not logged"},
		refusals:     rateLog{level: slog.LevelWarn, summary: "ssh refusal lines not logged"},
		authFailures: rateLog{level: slog.LevelInfo, summary: "ssh auth failure lines not logged"},
	}
	s.srv, err = wish.NewServer(
		wish.WithAddress(cfg.Addr),
		wish.WithHostKeyPEM(pemBytes),
		wish.WithPublicKeyAuth(s.authorize),
		wish.WithMaxTimeout(cfg.MaxSession+time.Minute), // a backstop: the app ends first, saving the draft
		func(srv *ssh.Server) error {
			srv.HandshakeTimeout = cfg.HandshakeTimeout
			srv.ServerConfigCallback = func(ctx ssh.Context) *gossh.ServerConfig {
				c := serverConfig(cfg.MaxAuthTries)
				c.VerifiedPublicKeyCallback = func(_ gossh.ConnMetadata, key gossh.PublicKey, perms *gossh.Permissions, _ string) (*gossh.Permissions, error) {
					return s.verified(ctx, key, perms)
				}
				return c
			}
			srv.ConnCallback = s.admit
			srv.Handler = s.handle
			srv.ChannelHandlers = map[string]ssh.ChannelHandler{"session": s.sessionChannel}
			return nil
		},
	)
	if err != nil {
		return nil, i18n.Errorf("ssh: %w", err)
	}
	return s, nil
}

// Fingerprint is the host key's SHA256 fingerprint, for staff to check on
// their first connection.
func (s *Server) Fingerprint() string {
	if len(s.srv.HostSigners) == 0 {
		return ""
	}
	return gossh.FingerprintSHA256(s.srv.HostSigners[0].PublicKey())
}

// ListenAndServe listens on the configured address.
func (s *Server) ListenAndServe() error {
	l, err := net.Listen("tcp", s.cfg.Addr)
	if err != nil {
		return i18n.Errorf("ssh: %w", err)
	}
	return s.Serve(l)
}

// Serve accepts connections on l until Shutdown.
func (s *Server) Serve(l net.Listener) error {
	s.mu.Lock()
	s.listeners = append(s.listeners, l)
	s.mu.Unlock()
	s.log.Info("ssh server listening", "addr", l.Addr().String(), "host_key", s.Fingerprint())
	err := s.srv.Serve(l)
	if errors.Is(err, ssh.ErrServerClosed) || s.closing.Load() && errors.Is(err, net.ErrClosed) {
		return nil
	}
	return err
}

func hostOf(a net.Addr) string {
	if a == nil {
		return ""
	}
	host, _, err := net.SplitHostPort(a.String())
	if err != nil {
		return a.String()
	}
	return host
}

// authorize checks a key against the authorized_keys file as it is now, so
// a removed key is refused on its next login without a restart. A file that
// no longer parses refuses everyone until it is fixed.
func (s *Server) authorize(ctx ssh.Context, key ssh.PublicKey) bool {
	kr, err := s.keys()
	ip := hostOf(ctx.RemoteAddr())
	fp := gossh.FingerprintSHA256(key)
	if err != nil {
		s.log.Error("ssh auth refused: authorized keys do not load", "error", err.Error(), "ip", ip, "fingerprint", fp)
		return false
	}
	if bits, isRSA := rsaBits(key); isRSA && bits < MinRSABits {
		s.refusal("ssh auth refused: RSA key shorter than 2048 bits; make a new key (ssh-keygen -t ed25519)", "ip", ip, "fingerprint", fp, "bits", bits, "ssh_user", ctx.User())
		return false
	}
	st, ok := kr.lookup(key)
	if !ok {
		s.authFailures.log(s.log, s.cfg.Now(), "ssh auth failure", "ip", ip, "fingerprint", fp, "ssh_user", ctx.User())
		return false
	}
	s.log.Info("ssh auth success", "ip", ip, "fingerprint", fp, "actor", st.name, "ssh_user", ctx.User())
	return true
}

// keys returns the authorized keys as the file is now: it is read on every
// call and parsed again whenever its content changed, so an edit applies to
// the next login. The cache is keyed on a hash of the content, not on size
// and modification time, which a rotation can keep (cp -p, rsync -t, tar)
// while a revoked key goes.
func (s *Server) keys() (*keyring, error) {
	body, err := readKeys(s.cfg.AuthorizedKeys)
	if err != nil {
		s.keysMu.Lock()
		s.keyCache = nil
		s.keysMu.Unlock()
		return nil, err
	}
	sum := sha256.Sum256(body)
	s.keysMu.Lock()
	defer s.keysMu.Unlock()
	if s.keyCache != nil && sum == s.keySum {
		return s.keyCache, nil
	}
	kr, err := parseKeys(s.cfg.AuthorizedKeys, body, s.cfg.Users)
	if err != nil {
		s.keyCache = nil
		return nil, err
	}
	s.keyCache, s.keySum = kr, sum
	return kr, nil
}

// handle runs one session: a fresh app for the staff member the key names.
func (s *Server) handle(sess ssh.Session) {
	start := s.cfg.Now()
	ip := hostOf(sess.RemoteAddr())
	key := sess.PublicKey()
	// The key that signed is the one the session carries; look it up again
	// rather than trust anything remembered from the auth exchange.
	kr, err := s.keys()
	st, ok := staff{}, false
	if err == nil {
		st, ok = kr.lookup(key)
	}
	l := i18n.New(SessionLanguage(s.cfg.Language, sess.Environ(), st.language))
	if !ok {
		fmt.Fprintln(sess.Stderr(), l.T("onboard: your key is not authorised."))
		_ = sess.Exit(1)
		return
	}
	fp := gossh.FingerprintSHA256(key)
	log := s.log.With("actor", st.name, "ip", ip, "fingerprint", fp)
	pty, windows, isPty := sess.Pty()
	switch {
	case !isPty:
		fmt.Fprintln(sess.Stderr(), l.T("onboard is a full-screen app and needs a terminal: connect with ssh -t."))
		log.Info("ssh session refused: no terminal")
		_ = sess.Exit(1)
		return
	case len(sess.RawCommand()) > 0:
		fmt.Fprintln(sess.Stderr(), l.T("onboard takes no command over SSH; use the command line on the server."))
		log.Info("ssh session refused: a command was given", "command", sess.RawCommand())
		_ = sess.Exit(1)
		return
	case s.closing.Load():
		fmt.Fprintln(sess.Stderr(), l.T("onboard is shutting down; try again in a moment."))
		_ = sess.Exit(1)
		return
	}
	loc, tzErr := SessionZone(sess.Environ(), s.zones[fp], s.cfg.Location)
	if tzErr != nil {
		log.Warn("ssh session: the client's TZ names no known time zone; ignoring it", "error", tzErr.Error(), "zone", loc.String())
	}
	// The app's context outlives the connection until the app has ended,
	// so that a dropped connection still saves the draft (see endWith).
	appCtx, appDone := context.WithCancel(context.WithoutCancel(sess.Context()))
	defer appDone()
	app := tui.New(&common.Common{Ctx: appCtx, Actor: st.name, L: l, Loc: loc, Now: s.cfg.Now}, s.svc)
	m := newSession(app, s.cfg.IdleTimeout, s.cfg.MaxSession, s.cfg.Now)
	// The size from the pty request, bounded: the later option wins over
	// the one bubbletea.MakeOptions takes unbounded from the request.
	cols, rows := clampWindow(pty.Window.Width, pty.Window.Height)
	opts := append(bubbletea.MakeOptions(sess), tea.WithoutSignalHandler(), tea.WithWindowSize(cols, rows))
	p := tea.NewProgram(m, opts...)
	if !s.register(p) {
		fmt.Fprintln(sess.Stderr(), l.T("onboard is shutting down; try again in a moment."))
		_ = sess.Exit(1)
		return
	}
	defer s.unregister(p)
	log.Info("ssh session start", "zone", loc.String(), "columns", cols, "rows", rows)
	ctx, cancel := context.WithCancel(sess.Context())
	defer cancel()
	go forwardWindowChanges(ctx, p, windows)
	ran := make(chan struct{})
	go endWith(sess.Context(), ran, p)
	_, err = p.Run()
	close(ran)
	reason := *m.reason
	if reason == endQuit && sess.Context().Err() != nil {
		reason = "disconnected"
	}
	switch reason {
	case endIdle:
		fmt.Fprint(sess, "\r\n"+l.T("Logged out after %s without a key. Your draft is saved.", s.cfg.IdleTimeout)+"\r\n")
	case endMax:
		fmt.Fprint(sess, "\r\n"+l.T("The session reached its maximum length of %s. Your draft is saved.", s.cfg.MaxSession)+"\r\n")
	case endShutdown:
		fmt.Fprint(sess, "\r\n"+l.T("The server is shutting down. Your draft is saved.")+"\r\n")
	}
	attrs := []any{"duration", s.cfg.Now().Sub(start).Round(time.Millisecond).String(), "reason", reason}
	switch {
	case errors.Is(err, tea.ErrProgramPanic):
		log.Error("ssh session ended by a panic", attrs...)
	case err != nil && !errors.Is(err, tea.ErrProgramKilled) && !errors.Is(err, context.Canceled):
		log.Warn("ssh session end", append(attrs, "error", err.Error())...)
	default:
		log.Info("ssh session end", attrs...)
	}
	_ = sess.Exit(0)
}

// forwardWindowChanges tells the program about every window change the
// client sends until ctx ends, bounded by clampWindow; the size at start
// comes from the pty request (bounded in handle), and the channel repeats it
// first.
//
// This is the one part of wish's bubbletea.Middleware the server does not
// take: that middleware calls Program.Run itself and drops the error it
// returns (logging it through charm.land/log's process-wide default logger).
// That error is the only place bubbletea reports a panic it recovered in a
// command, and the server needs it to log a session ended by a panic (or by
// a terminal error) as such, naming the staff member, and to keep a client
// that disconnects from leaving an error line in another log. So handle runs
// the program and forwards the window changes here, as the middleware does.
func forwardWindowChanges(ctx context.Context, p *tea.Program, windows <-chan ssh.Window) {
	for {
		select {
		case <-ctx.Done():
			return
		case w := <-windows:
			cols, rows := clampWindow(w.Width, w.Height)
			p.Send(tea.WindowSizeMsg{Width: cols, Height: rows})
		}
	}
}

func (s *Server) register(p *tea.Program) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closing.Load() {
		return false
	}
	s.programs[p] = struct{}{}
	s.sessions.Add(1)
	return true
}

func (s *Server) unregister(p *tea.Program) {
	s.mu.Lock()
	delete(s.programs, p)
	s.mu.Unlock()
	s.sessions.Done()
}

// Stats are the server's vital signs, for operators (SIGUSR1 logs them).
type Stats struct {
	Sessions        int
	Connections     int // logged in
	Unauthenticated int // at the front door
	Goroutines      int
	HeapInuseKiB    uint64 // after a collection: live memory, not GC slack
}

// Stats collects garbage and reports the server's vital signs.
func (s *Server) Stats() Stats {
	runtime.GC()
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	s.mu.Lock()
	defer s.mu.Unlock()
	return Stats{Sessions: len(s.programs), Connections: s.conns, Unauthenticated: s.front.n, Goroutines: runtime.NumGoroutine(), HeapInuseKiB: ms.HeapInuse / 1024}
}

// Sessions is how many sessions are running.
func (s *Server) Sessions() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.programs)
}

// Shutdown stops accepting connections, asks every session to save its
// draft and end, and waits for them until ctx is done; then it closes what
// is left.
func (s *Server) Shutdown(ctx context.Context) error {
	s.mu.Lock()
	s.closing.Store(true)
	progs := make([]*tea.Program, 0, len(s.programs))
	for p := range s.programs {
		progs = append(progs, p)
	}
	listeners := s.listeners
	s.mu.Unlock()
	// Stop accepting by closing the listeners here rather than through
	// ssh.Server.Shutdown: that one waits on a WaitGroup to which a
	// connection finishing its handshake at the same moment adds (a data
	// race in charm.land/ssh v0.4.3, seen by the race detector). The
	// sessions are what must end well, and they are waited for here.
	for _, l := range listeners {
		_ = l.Close()
	}
	s.dropPending()
	for _, p := range progs {
		p.Send(shutdownMsg{})
	}
	ended := make(chan struct{})
	go func() { s.sessions.Wait(); close(ended) }()
	select {
	case <-ended:
	case <-ctx.Done():
		s.log.Warn("ssh shutdown: sessions still open at the deadline; closing them")
	}
	err := s.srv.Close()
	if errors.Is(err, ssh.ErrServerClosed) || errors.Is(err, net.ErrClosed) {
		err = nil
	}
	return err
}

// SessionLanguage picks an SSH session's language: [ui] language when
// configured; else the client's LC_ALL, LC_MESSAGES or LANG (the first
// set) when it names a language onboard speaks; else the staff member's
// [[ssh.users]] language; else English. A client's "C" or "POSIX", or a
// language onboard does not speak, is no choice and falls through to the
// staff member's.
func SessionLanguage(configured string, environ []string, user string) language.Tag {
	if configured != "" {
		t, _ := i18n.Match(configured)
		return t
	}
	env := map[string]string{}
	for _, kv := range environ {
		if k, v, ok := strings.Cut(kv, "="); ok {
			env[k] = v
		}
	}
	for _, k := range []string{"LC_ALL", "LC_MESSAGES", "LANG"} {
		if v := env[k]; v != "" {
			if t, ok := i18n.Match(v); ok {
				return t
			}
			break
		}
	}
	t, _ := i18n.Match(user)
	return t
}
