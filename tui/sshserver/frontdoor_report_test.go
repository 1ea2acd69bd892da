package sshserver

import (
	"io"
	"slices"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"onboard/internal/walk"
)

// TestLoginUnderFloodReport measures staff logins (connect → the list on
// the screen) while 500 silent connections from 25 addresses stay open:
// each one the server closes is dialled again at once, so every login meets
// a full front door. The server runs with its defaults, or with a pool of
// ONBOARD_FRONTDOOR_POOL pending connections: with fewer than 500 every
// connection dropped to make room is dialled again and drops another, a
// connect flood as fast as the machine goes. It is a report, not a check,
// and runs only when asked (a failed login is counted and logged: the
// clients here share a loaded process with the flood, and one whose version
// line comes late can be taken for a silent one):
//
//	ONBOARD_FRONTDOOR_LOGINS=200 go test ./tui/sshserver -run LoginUnderFloodReport -v
func TestLoginUnderFloodReport(t *testing.T) {
	logins := envIntZero("ONBOARD_FRONTDOOR_LOGINS", 0)
	if logins == 0 {
		t.Skip("a report: set ONBOARD_FRONTDOOR_LOGINS to the number of logins to time")
	}
	anna, bob := newPerson(t, "Anna"), newPerson(t, "Bob")
	ts := startServer(t, newStore(t), Config{MaxUnauthenticated: envIntZero("ONBOARD_FRONTDOOR_POOL", 0)}, anna, bob)
	stop := make(chan struct{})
	var wg sync.WaitGroup
	var dials atomic.Int64
	for a := 0; a < 25; a++ {
		for i := 0; i < 20; i++ {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for {
					select {
					case <-stop:
						return
					default:
					}
					c, err := dialFrom(ts.addr, loopback(2+a))
					if err != nil {
						continue
					}
					dials.Add(1)
					go func() { <-stop; c.Close() }()
					io.Copy(io.Discard, c)
					c.Close()
				}
			}()
		}
	}
	defer func() { close(stop); wg.Wait() }()
	if !eventually(walk.Guard, func() bool { return dials.Load() >= 500 }) {
		t.Fatal("the flood did not get going")
	}
	took := make([]time.Duration, 0, logins)
	failed := 0
	for i := 0; i < logins; i++ {
		p, src := anna, 2 // an address the flood comes from
		if i%2 == 1 {
			p, src = bob, 100
		}
		start := time.Now()
		c, err := sshFrom(ts.addr, loopback(src), p, nil)
		if err != nil {
			failed++
			t.Logf("login %d from 127.0.0.%d: %v", i, src, err)
			continue
		}
		tm := openTerm(t, c, 100, 30)
		if !tm.waitUntil(walk.Guard, "No customers yet") {
			failed++
		} else {
			took = append(took, time.Since(start))
		}
		c.Close()
	}
	slices.Sort(took)
	q := func(f float64) time.Duration {
		if len(took) == 0 {
			return 0
		}
		return took[min(len(took)-1, int(f*float64(len(took))))].Round(time.Millisecond)
	}
	st := ts.srv.Stats()
	t.Logf("pool %d: %d logins under a flood of 500 silent connections from 25 addresses (%d dials so far, %d pending now): %d failed, p50 %s, p99 %s, max %s",
		ts.srv.cfg.MaxUnauthenticated, logins, dials.Load(), st.Unauthenticated, failed, q(0.5), q(0.99), q(1))
}
