package channel

import (
	"context"
	"sync"
	"time"
)

// QuotaPerMinute is how many calls of one list method Google allows a
// project in a minute (customers.list and entitlements.list each have
// their own bucket); onboard keeps under it by itself, so a long sync never
// meets a 429 it caused.
const QuotaPerMinute = 24

// MaxRetries is how often a call that Google did not execute (429, 503, no
// connection) is sent again before its caller hears of it.
const MaxRetries = 4

// Clock is the time as the client sees it: tests pass one that moves
// only when told, so waits for quota and backoff take no real time.
type Clock struct {
	Now   func() time.Time
	Sleep func(ctx context.Context, d time.Duration) error
}

// RealClock is the wall clock.
func RealClock() Clock { return Clock{Now: time.Now, Sleep: sleep} }

func sleep(ctx context.Context, d time.Duration) error {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return context.Cause(ctx)
	case <-t.C:
		return nil
	}
}

func (c Clock) orReal() Clock {
	r := RealClock()
	if c.Now == nil {
		c.Now = r.Now
	}
	if c.Sleep == nil {
		c.Sleep = r.Sleep
	}
	return c
}

// Limiter lets at most Per calls through in any window of a minute: a
// sliding window holds for Google's fixed minutes as well.
type Limiter struct {
	Per   int
	clock Clock
	mu    sync.Mutex
	sent  []time.Time // the last Per calls, oldest first
}

// NewLimiter is a limiter of per calls a minute on clock.
func NewLimiter(per int, clock Clock) *Limiter {
	return &Limiter{Per: per, clock: clock.orReal()}
}

// Wait returns when one more call keeps within the quota (or ctx ends).
func (l *Limiter) Wait(ctx context.Context) error {
	if l == nil || l.Per <= 0 {
		return nil
	}
	for {
		l.mu.Lock()
		now := l.clock.Now()
		if len(l.sent) < l.Per {
			l.sent = append(l.sent, now)
			l.mu.Unlock()
			return nil
		}
		wait := l.sent[0].Add(time.Minute).Sub(now)
		if wait <= 0 {
			l.sent = append(l.sent[1:], now)
			l.mu.Unlock()
			return nil
		}
		l.mu.Unlock()
		if err := l.clock.Sleep(ctx, wait); err != nil {
			return err
		}
	}
}

// retryWait is the wait before resending a call Google did not execute:
// what Google asked for, else 1 s doubling to 16 s.
func retryWait(n int, err error) time.Duration {
	if d := RetryAfter(err); d > 0 {
		return d
	}
	return time.Second << min(n, 4)
}

// do runs call, sending it again (after the backoff) while Google did not
// execute it, at most MaxRetries times; the quota is waited for before
// each send when q is not nil.
func (g *Google) do(ctx context.Context, q *Limiter, call func() error) error {
	for n := 0; ; n++ {
		if err := q.Wait(ctx); err != nil {
			return err
		}
		err := call()
		if err == nil {
			return nil
		}
		e := wrap("", err)
		if Classify(e) != ClassNotExecuted || n >= MaxRetries || ctx.Err() != nil {
			return err
		}
		if serr := g.clock.Sleep(ctx, retryWait(n, e)); serr != nil {
			return err
		}
	}
}
