package sshserver

import (
	"fmt"
	"io"
	"net"
	"slices"
	"strings"
	"sync"
	"testing"

	gossh "golang.org/x/crypto/ssh"

	"onboard/internal/walk"
)

// loopback is 127.0.0.n: all of 127/8 is this host on Linux, so a test can
// play clients at many addresses.
func loopback(n int) *net.TCPAddr { return &net.TCPAddr{IP: net.IPv4(127, 0, 0, byte(n))} }

// dialFrom opens a TCP connection to addr from the address src.
func dialFrom(addr string, src *net.TCPAddr) (net.Conn, error) {
	d := net.Dialer{LocalAddr: src, Timeout: walk.Guard}
	return d.Dial("tcp", addr)
}

// sshFrom is an SSH client logged in from src; banner collects what the
// server said before authentication ended.
func sshFrom(addr string, src *net.TCPAddr, p person, banner *strings.Builder) (*gossh.Client, error) {
	conn, err := dialFrom(addr, src)
	if err != nil {
		return nil, err
	}
	cfg := &gossh.ClientConfig{User: strings.ToLower(p.name), Auth: []gossh.AuthMethod{gossh.PublicKeys(p.signer)},
		HostKeyCallback: gossh.InsecureIgnoreHostKey(), Timeout: walk.Guard}
	if banner != nil {
		cfg.BannerCallback = func(msg string) error { banner.WriteString(msg); return nil }
	}
	c, chans, reqs, err := gossh.NewClientConn(conn, addr, cfg)
	if err != nil {
		conn.Close()
		return nil, err
	}
	return gossh.NewClient(c, chans, reqs), nil
}

// flood is silent TCP connections (they send nothing) from many addresses;
// closed counts those the server has closed.
type flood struct {
	conns  []net.Conn
	mu     sync.Mutex
	closed int
}

// openFlood opens perAddr silent connections from each of addrs addresses
// 127.0.0.2 onwards.
func openFlood(t testing.TB, addr string, addrs, perAddr int) *flood {
	t.Helper()
	f := &flood{}
	for a := 0; a < addrs; a++ {
		for i := 0; i < perAddr; i++ {
			c, err := dialFrom(addr, loopback(2+a))
			if err != nil {
				t.Fatal(err)
			}
			f.conns = append(f.conns, c)
			go func() {
				io.Copy(io.Discard, c) // the server's version line, then nothing until it closes
				f.mu.Lock()
				f.closed++
				f.mu.Unlock()
			}()
		}
	}
	t.Cleanup(func() {
		for _, c := range f.conns {
			c.Close()
		}
	})
	return f
}

func (f *flood) closedByServer() int {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.closed
}

func (s *Server) frontState() (pending, admitted int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.front.n, int(s.arrivals)
}

// With 500 silent connections from 25 addresses open, a staff member at one
// of those addresses (an office's NAT address) and one at another log in
// and see the list. Before, both were refused: the 500 filled the server's
// 500 connection slots and each address's 20.
func TestSilentFloodDoesNotLockStaffOut(t *testing.T) {
	for _, tc := range []struct {
		name string
		cfg  Config
		pool int // pending connections the server keeps
	}{
		// The default pool has room for all 500: the staff members'
		// connections push out one silent one each.
		{"default pool", Config{}, 500},
		// A pool of 200 dropped 300 of them on arrival.
		{"pool of 200", Config{MaxUnauthenticated: 200}, 200},
	} {
		t.Run(tc.name, func(t *testing.T) {
			anna, bob := newPerson(t, "Anna"), newPerson(t, "Bob")
			cfg := tc.cfg
			// Only the pool is at work here: the silent ones outlive the test.
			cfg.HandshakeTimeout, cfg.FirstByteTimeout = walk.Guard, walk.Guard
			ts := startServer(t, newStore(t), cfg, anna, bob)
			f := openFlood(t, ts.addr, 25, 20)
			if !eventually(walk.Guard, func() bool { n, a := ts.srv.frontState(); return a == 500 && n == tc.pool }) {
				n, a := ts.srv.frontState()
				t.Fatalf("the server admitted %d connections and keeps %d pending, want 500 and %d", a, n, tc.pool)
			}
			if !eventually(walk.Guard, func() bool { return f.closedByServer() == 500-tc.pool }) {
				t.Fatalf("%d silent connections closed, want %d", f.closedByServer(), 500-tc.pool)
			}
			var wg sync.WaitGroup
			for _, who := range []struct {
				p   person
				src int
			}{{anna, 2}, {bob, 100}} {
				wg.Add(1)
				go func() {
					defer wg.Done()
					c, err := sshFrom(ts.addr, loopback(who.src), who.p, nil)
					if err != nil {
						t.Errorf("%s from 127.0.0.%d: %v", who.p.name, who.src, err)
						return
					}
					tm := openTerm(t, c, 100, 30)
					if !tm.waitUntil(walk.Guard, "No customers yet") {
						t.Errorf("%s does not see the list:\n%s", who.p.name, tm.screen())
					}
				}()
			}
			wg.Wait()
			st := ts.srv.Stats()
			if st.Connections != 2 || st.Sessions != 2 {
				t.Fatalf("%d logged in, %d sessions, want 2 and 2", st.Connections, st.Sessions)
			}
			// Each login cost at most one silent connection its place.
			if n := st.Unauthenticated; n < tc.pool-2 || n > tc.pool {
				t.Fatalf("%d pending connections left, want %d to %d", n, tc.pool-2, tc.pool)
			}
		})
	}
}

// A connection that has sent its version line, as every SSH client does at
// once, outlasts silent ones from the same address: they are dropped
// first, oldest first.
func TestSilentConnectionsAreDroppedFirst(t *testing.T) {
	ts := startServer(t, newStore(t), Config{MaxUnauthenticatedPerIP: 3, HandshakeTimeout: walk.Guard, FirstByteTimeout: walk.Guard}, newPerson(t, "Anna"))
	f := &flood{}
	silent := func(n int) {
		for i := 0; i < n; i++ {
			c, err := dialFrom(ts.addr, loopback(5))
			if err != nil {
				t.Fatal(err)
			}
			f.conns = append(f.conns, c)
			go func() { io.Copy(io.Discard, c); f.mu.Lock(); f.closed++; f.mu.Unlock() }()
			if !eventually(walk.Guard, func() bool { _, a := ts.srv.frontState(); return a == len(f.conns)+1 }) {
				t.Fatal("the server did not admit the connection")
			}
		}
	}
	talker, err := dialFrom(ts.addr, loopback(5))
	if err != nil {
		t.Fatal(err)
	}
	defer talker.Close()
	if _, err := io.WriteString(talker, "SSH-2.0-OpenSSH_9.6\r\n"); err != nil {
		t.Fatal(err)
	}
	pendingFrom5 := func() []*pending {
		ts.srv.mu.Lock()
		defer ts.srv.mu.Unlock()
		return slices.Clone(ts.srv.front.byKey["127.0.0.5"])
	}
	spoke := func() bool {
		for _, e := range pendingFrom5() {
			if e.spoke.Load() {
				return true
			}
		}
		return false
	}
	if !eventually(walk.Guard, spoke) {
		t.Fatal("the server did not hear the version line")
	}
	silent(10)
	defer func() {
		for _, c := range f.conns {
			c.Close()
		}
	}()
	// 11 arrived at an address allowed 3 pending: 8 dropped, none the one
	// that spoke.
	if !eventually(walk.Guard, func() bool { return f.closedByServer() == 8 }) {
		t.Fatalf("%d silent connections closed, want 8", f.closedByServer())
	}
	if !spoke() {
		t.Fatal("the connection that spoke was dropped before silent ones")
	}
	// The oldest went: the last two are still pending.
	left := map[string]bool{}
	for _, e := range pendingFrom5() {
		left[e.conn.RemoteAddr().String()] = true
	}
	for i, c := range f.conns {
		want := i >= len(f.conns)-2
		if got := left[c.LocalAddr().String()]; got != want {
			t.Errorf("silent connection %d pending: %v, want %v", i, got, want)
		}
	}
}

// A connection that sends nothing is closed after FirstByteTimeout, long
// before the handshake timeout.
func TestSilentConnectionsAreClosedEarly(t *testing.T) {
	anna := newPerson(t, "Anna")
	ts := startServer(t, newStore(t), Config{FirstByteTimeout: 1, HandshakeTimeout: walk.Guard}, anna)
	f := openFlood(t, ts.addr, 2, 10)
	if !eventually(walk.Guard, func() bool { return f.closedByServer() == 20 }) {
		t.Fatalf("%d of 20 silent connections closed", f.closedByServer())
	}
	if n, _ := ts.srv.frontState(); n != 0 {
		t.Fatalf("%d connections still pending", n)
	}
}

// Logged-in connections are bounded per address and in all; the one
// refused is told why, in a banner the ssh client prints, and a logout
// makes room.
func TestLoginsPastTheCapsAreToldWhy(t *testing.T) {
	anna, bob, carl := newPerson(t, "Anna"), newPerson(t, "Bob"), newPerson(t, "Carl")
	ts := startServer(t, newStore(t), Config{MaxConnsPerIP: 1, MaxConns: 2}, anna, bob, carl)
	a, err := sshFrom(ts.addr, loopback(7), anna, nil)
	if err != nil {
		t.Fatal(err)
	}
	var banner strings.Builder
	if _, err := sshFrom(ts.addr, loopback(7), bob, &banner); err == nil {
		t.Fatal("a second login from the same address was let in past max_connections_per_ip = 1")
	}
	if want := "1 person is logged in from your address already"; !strings.Contains(banner.String(), want) {
		t.Fatalf("the banner %q does not say %q", banner.String(), want)
	}
	b, err := sshFrom(ts.addr, loopback(8), bob, nil)
	if err != nil {
		t.Fatalf("Bob from another address: %v", err)
	}
	defer b.Close()
	banner.Reset()
	if _, err := sshFrom(ts.addr, loopback(9), carl, &banner); err == nil {
		t.Fatal("a third login was let in past max_connections = 2")
	}
	if want := "the server is full (2 people logged in)"; !strings.Contains(banner.String(), want) {
		t.Fatalf("the banner %q does not say %q", banner.String(), want)
	}
	a.Close()
	if !eventually(walk.Guard, func() bool { return ts.srv.Stats().Connections == 1 }) {
		t.Fatal("a logout did not free its slot")
	}
	c, err := sshFrom(ts.addr, loopback(7), carl, nil)
	if err != nil {
		t.Fatalf("after a logout: %v", err)
	}
	c.Close()
	if n := strings.Count(ts.logs.String(), "ssh login refused"); n != 2 {
		t.Fatalf("%d refusal lines, want 2:\n%s", n, ts.logs.String())
	}
}

func TestAddrKey(t *testing.T) {
	for _, tc := range []struct{ ip, want string }{
		{"192.0.2.7", "192.0.2.7"},
		{"::ffff:192.0.2.7", "192.0.2.7"},
		{"2001:db8:1:2:aaaa::1", "2001:db8:1:2::/64"},
		{"2001:db8:1:2:ffff:ffff:ffff:ffff", "2001:db8:1:2::/64"},
		{"2001:db8:1:3::1", "2001:db8:1:3::/64"},
		{"fe80::1%eth0", "fe80::/64"},
		{"not an address", "not an address"},
	} {
		if got := addrKey(tc.ip); got != tc.want {
			t.Errorf("addrKey(%q) = %q, want %q", tc.ip, got, tc.want)
		}
	}
}

// The pool counts an IPv6 client's whole /64 as one address: addresses
// within it share one share of the pool.
func TestPoolCountsIPv6ByPrefix(t *testing.T) {
	p := frontPool{byKey: map[string][]*pending{}}
	for i := 0; i < 3; i++ {
		ip := fmt.Sprintf("2001:db8:0:1::%x", i+1)
		e := &pending{ip: ip, key: addrKey(ip), arrival: uint64(i + 1)}
		if v := p.victim(e.key, 3, 100); v != nil {
			t.Fatalf("a victim with room left: %s", v.ip)
		}
		p.add(e)
	}
	other := &pending{ip: "2001:db8:0:2::1", key: addrKey("2001:db8:0:2::1"), arrival: 4}
	if v := p.victim(other.key, 3, 100); v != nil {
		t.Fatalf("another /64 found its share used: %s dropped", v.ip)
	}
	p.add(other)
	v := p.victim(addrKey("2001:db8:0:1:ffff::9"), 3, 100)
	if v == nil || v.ip != "2001:db8:0:1::1" {
		t.Fatalf("a fourth address in the first /64 drops %v, want its oldest 2001:db8:0:1::1", v)
	}
	// Full in all: the /64 holding the most gives way.
	if v := p.victim(addrKey("2001:db8:0:9::1"), 3, 4); v == nil || v.key != "2001:db8:0:1::/64" {
		t.Fatalf("a full pool drops %v, want one of the /64 holding three", v)
	}
}
