package sqlite

import (
	"context"
	"errors"
	"testing"
	"time"
)

// The lock goes to its waiters in the order they came, and a waiter whose
// context ends leaves the queue without holding the lock.
func TestFIFOServesInOrder(t *testing.T) {
	var f fifo
	if err := f.lock(context.Background()); err != nil {
		t.Fatal(err)
	}
	const n = 50
	got := make(chan int, n)
	cancelled, cancel := context.WithCancel(context.Background())
	for i := 0; i < n; i++ {
		ctx := context.Background()
		if i == 7 {
			ctx = cancelled
		}
		go func(i int, ctx context.Context) {
			if err := f.lock(ctx); err != nil {
				if i != 7 || !errors.Is(err, context.Canceled) {
					t.Errorf("waiter %d: %v", i, err)
				}
				got <- -i
				return
			}
			got <- i
			f.unlock()
		}(i, ctx)
		// Wait until waiter i is queued before starting the next.
		for deadline := time.Now().Add(time.Minute); ; { // a hang guard, not a speed check
			f.mu.Lock()
			queued := len(f.waiters)
			f.mu.Unlock()
			if queued == i+1 {
				break
			}
			if time.Now().After(deadline) {
				t.Fatalf("waiter %d never queued", i)
			}
			time.Sleep(100 * time.Microsecond)
		}
	}
	cancel()
	if v := <-got; v != -7 {
		t.Fatalf("the cancelled waiter should leave first, got %d", v)
	}
	f.unlock()
	for i := 0; i < n; i++ {
		if i == 7 {
			continue
		}
		if v := <-got; v != i {
			t.Fatalf("turn %d went to waiter %d", i, v)
		}
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.held || len(f.waiters) != 0 {
		t.Fatalf("after the last unlock: held %v, %d waiting", f.held, len(f.waiters))
	}
}

// A turn handed over at the moment the waiter's context ends is passed on,
// not lost.
func TestFIFOPassesOnATurnItCannotUse(t *testing.T) {
	for i := 0; i < 200; i++ {
		var f fifo
		if err := f.lock(context.Background()); err != nil {
			t.Fatal(err)
		}
		ctx, cancel := context.WithCancel(context.Background())
		done := make(chan error)
		go func() { done <- f.lock(ctx) }()
		for {
			f.mu.Lock()
			q := len(f.waiters)
			f.mu.Unlock()
			if q == 1 {
				break
			}
			time.Sleep(10 * time.Microsecond)
		}
		go cancel()
		f.unlock()
		if err := <-done; err == nil {
			f.unlock()
		}
		got := make(chan struct{})
		go func() {
			if err := f.lock(context.Background()); err == nil {
				f.unlock()
			}
			close(got)
		}()
		select {
		case <-got:
		case <-time.After(time.Minute): // a hang guard, not a speed check
			t.Fatalf("run %d: the lock was lost", i)
		}
	}
}
