package sqlite

import (
	"context"
	"sync"
)

// fifo is a lock handed to its waiters in the order they asked for it.
//
// database/sql hands a busy pool's connection to a waiter chosen at random,
// so with the one writer connection and many sessions saving at once a
// save could lose the draw many times in a row: with 20 sessions saving
// flat out, one save in a hundred waited some 90 turns. In a queue it
// waits at most one turn per session ahead of it.
type fifo struct {
	mu      sync.Mutex
	held    bool
	waiters []chan struct{}
}

// lock waits for its turn, or until ctx ends (then it does not hold the
// lock).
func (f *fifo) lock(ctx context.Context) error {
	f.mu.Lock()
	if !f.held {
		f.held = true
		f.mu.Unlock()
		return nil
	}
	turn := make(chan struct{})
	f.waiters = append(f.waiters, turn)
	f.mu.Unlock()
	select {
	case <-turn:
		return nil
	case <-ctx.Done():
		f.mu.Lock()
		for i, w := range f.waiters {
			if w == turn {
				f.waiters = append(f.waiters[:i], f.waiters[i+1:]...)
				f.mu.Unlock()
				return ctx.Err()
			}
		}
		f.mu.Unlock()
		// The turn came as ctx ended: pass it on.
		f.unlock()
		return ctx.Err()
	}
}

// unlock hands the lock to the longest waiter, if any.
func (f *fifo) unlock() {
	f.mu.Lock()
	defer f.mu.Unlock()
	if len(f.waiters) == 0 {
		f.held = false
		return
	}
	next := f.waiters[0]
	f.waiters[0] = nil
	f.waiters = f.waiters[1:]
	close(next)
}
