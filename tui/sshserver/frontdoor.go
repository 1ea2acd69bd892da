package sshserver

import (
	"net"
	"net/netip"
	"sync"
	"sync/atomic"
	"time"

	"charm.land/ssh"
	gossh "golang.org/x/crypto/ssh"

	"onboard/i18n"
)

// The front door. A connection that has not authenticated yet is pending:
// it costs the server little but used to hold one of the slots staff need,
// so twenty silent connections from an office's NAT address locked that
// office out for the whole handshake timeout, and 500 from 25 addresses
// locked out everyone. Pending connections now live in a pool of their own,
// bounded per address (an IPv4 address, an IPv6 /64) and in all; when the
// pool is full a new connection is let in and an old pending one dropped,
// chosen so that the one dropped is most likely an attacker's:
//
//   - from the new connection's own address when that address has used up
//     its share, else from the address holding the most pending
//     connections;
//   - among those, the oldest that has sent nothing (every SSH client
//     sends its version line at once; a byte waiting in the socket counts,
//     read or not), else the oldest.
//
// A connection that has sent nothing within FirstByteTimeout is closed, and
// one that has not authenticated within HandshakeTimeout is closed by the
// handshake's deadline. A connection leaves the pool the moment its key's
// signature is verified, and only then counts against MaxConns and
// MaxConnsPerIP, which bound logged-in staff.

// pending is one connection at the front door.
type pending struct {
	conn net.Conn // the raw connection, closed to drop it
	ip   string
	key  string // addrKey(ip)
	// arrival orders pending connections across keys (a counter, not a
	// clock: two may arrive in the same tick).
	arrival uint64
	spoke   atomic.Bool
	state   connState // guarded by Server.mu
	timer   *time.Timer
}

type connState int

const (
	statePending connState = iota
	stateAuthed
	stateGone // dropped from the pool, or released
)

// frontPool is the pending connections by address key, each list oldest
// first. It is guarded by Server.mu.
type frontPool struct {
	byKey map[string][]*pending
	n     int
}

func (p *frontPool) add(e *pending) {
	p.byKey[e.key] = append(p.byKey[e.key], e)
	p.n++
}

func (p *frontPool) remove(e *pending) {
	list := p.byKey[e.key]
	for i, x := range list {
		if x == e {
			list = append(list[:i], list[i+1:]...)
			p.n--
			break
		}
	}
	if len(list) == 0 {
		delete(p.byKey, e.key)
	} else {
		p.byKey[e.key] = list
	}
}

// victim is the pending connection to drop to make room for one from key:
// from key itself when it holds perKey already, else (the pool being full)
// from the key holding the most; nil when there is room.
func (p *frontPool) victim(key string, perKey, total int) *pending {
	from := ""
	switch {
	case len(p.byKey[key]) >= perKey:
		from = key
	case p.n >= total:
		most, first := 0, uint64(0)
		for k, list := range p.byKey {
			// The key holding the most; of equals, the one whose oldest
			// came first.
			if len(list) > most || len(list) == most && list[0].arrival < first {
				from, most, first = k, len(list), list[0].arrival
			}
		}
	default:
		return nil
	}
	list := p.byKey[from]
	if len(list) == 0 {
		return nil
	}
	for _, e := range list {
		if !e.heard() {
			return e
		}
	}
	return list[0]
}

// heard is whether the client has sent anything: read by the server, or
// waiting in the socket to be read.
func (e *pending) heard() bool {
	if e.spoke.Load() {
		return true
	}
	if e.conn != nil && waiting(e.conn) {
		e.spoke.Store(true)
		return true
	}
	return false
}

// addrKey is what the per-address limits count by: an IPv4 address, or the
// /64 an IPv6 address is in (one subscriber's network, which a client can
// change addresses within at will). An IPv4 address mapped into IPv6 counts
// as the IPv4 address.
func addrKey(ip string) string {
	a, err := netip.ParseAddr(ip)
	if err != nil {
		return ip
	}
	a = a.Unmap()
	if a.Is4() {
		return a.String()
	}
	p, err := a.WithZone("").Prefix(64)
	if err != nil {
		return ip
	}
	return p.String()
}

// frontConn is a pending connection as the SSH library sees it: it notes
// the first byte the client sends and leaves the pool when closed.
type frontConn struct {
	net.Conn
	s    *Server
	e    *pending
	once sync.Once
}

// Read notes that the client has spoken.
func (c *frontConn) Read(b []byte) (int, error) {
	n, err := c.Conn.Read(b)
	if n > 0 && !c.e.spoke.Load() {
		c.e.spoke.Store(true)
	}
	return n, err
}

// Close closes the connection and gives back what it held.
func (c *frontConn) Close() error {
	err := c.Conn.Close()
	c.once.Do(func() { c.s.release(c.e) })
	return err
}

// ctxPending is the ssh.Context key of a connection's *pending.
type ctxPending struct{}

// admit lets a new connection in at the front door before its handshake,
// dropping an old pending one when the pool is full; returning nil closes
// the connection.
func (s *Server) admit(ctx ssh.Context, conn net.Conn) net.Conn {
	ip := hostOf(conn.RemoteAddr())
	e := &pending{conn: conn, ip: ip, key: addrKey(ip)}
	s.mu.Lock()
	if s.closing.Load() {
		s.mu.Unlock()
		return nil
	}
	s.arrivals++
	e.arrival = s.arrivals
	v := s.front.victim(e.key, s.cfg.MaxUnauthenticatedPerIP, s.cfg.MaxUnauthenticated)
	if v != nil {
		s.front.remove(v)
		v.state = stateGone
	}
	s.front.add(e)
	e.timer = time.AfterFunc(s.cfg.FirstByteTimeout, func() { s.dropSilent(e) })
	s.mu.Unlock()
	if v != nil {
		s.refusal("ssh unauthenticated connection dropped to make room", "ip", v.ip, "spoke", v.spoke.Load(), "for", ip)
		_ = v.conn.Close()
	}
	s.connectLine(ip)
	ctx.SetValue(ctxPending{}, e)
	return &frontConn{Conn: conn, s: s, e: e}
}

// dropSilent closes e if it is still pending and has sent nothing.
func (s *Server) dropSilent(e *pending) {
	s.mu.Lock()
	if e.state != statePending || e.heard() {
		s.mu.Unlock()
		return
	}
	s.front.remove(e)
	e.state = stateGone
	s.mu.Unlock()
	_ = e.conn.Close()
}

// verified is called once a client has proven it holds an authorised key:
// its connection leaves the pool and takes a staff slot, or is refused with
// words (as an SSH banner, which ssh prints) when the staff slots are used
// up.
func (s *Server) verified(ctx ssh.Context, key gossh.PublicKey, perms *gossh.Permissions) (*gossh.Permissions, error) {
	e, _ := ctx.Value(ctxPending{}).(*pending)
	if e == nil {
		return perms, nil
	}
	s.mu.Lock()
	full, mine := s.conns >= s.cfg.MaxConns, s.perIP[e.key] >= s.cfg.MaxConnsPerIP
	if e.state == statePending && !full && !mine {
		s.front.remove(e)
		e.state = stateAuthed
		e.timer.Stop()
		s.conns++
		s.perIP[e.key]++
		s.mu.Unlock()
		return perms, nil
	}
	conns, here := s.conns, s.perIP[e.key]
	s.mu.Unlock()
	l := s.keyLanguage(key)
	switch {
	case full:
		s.refusal("ssh login refused: server full", "ip", e.ip, "connections", conns)
		return nil, &gossh.BannerError{Err: errRefused, Message: l.T("onboard: the server is full (%d people logged in); try again in a moment.", conns) + "\r\n"}
	case mine:
		s.refusal("ssh login refused: too many from this address", "ip", e.ip, "connections", here)
		return nil, &gossh.BannerError{Err: errRefused, Message: l.N(int64(here), "onboard: %d person is logged in from your address already, the most the server allows; try again when they have logged out.", "onboard: %d people are logged in from your address already, the most the server allows; try again when one has logged out.", here) + "\r\n"}
	}
	return nil, errRefused // dropped meanwhile
}

var errRefused = i18n.Errorf("ssh: login refused")

// keyLanguage is the language of the staff member key names, for words
// said before a session (and its client's LANG) exists.
func (s *Server) keyLanguage(key gossh.PublicKey) i18n.Lang {
	lang := ""
	if kr, err := s.keys(); err == nil {
		if st, ok := kr.lookup(key); ok {
			lang = st.language
		}
	}
	return i18n.New(SessionLanguage(s.cfg.Language, nil, lang))
}

// release gives back what a closed connection held.
func (s *Server) release(e *pending) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if e.timer != nil {
		e.timer.Stop()
	}
	switch e.state {
	case statePending:
		s.front.remove(e)
	case stateAuthed:
		s.conns--
		if s.perIP[e.key]--; s.perIP[e.key] <= 0 {
			delete(s.perIP, e.key)
		}
	}
	e.state = stateGone
}

// dropPending closes every pending connection (at shutdown: the SSH
// library closes only the connections that finished their handshake).
func (s *Server) dropPending() {
	s.mu.Lock()
	var all []*pending
	for _, list := range s.front.byKey {
		all = append(all, list...)
	}
	for _, e := range all {
		s.front.remove(e)
		e.state = stateGone
	}
	s.mu.Unlock()
	for _, e := range all {
		_ = e.conn.Close()
	}
}
