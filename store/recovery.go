package store

import (
	"context"
	"sync"
	"time"
)

// DefaultImportCheck is how often a Service looks for imports whose process
// died: a killed import's hidden rows are taken back within about this
// long by any onboard that has the database open (a server, the app), not
// only by the next process that opens it.
const DefaultImportCheck = 2 * time.Second

// checker runs the periodic check for dead imports until stop.
type checker struct {
	stop     chan struct{}
	done     chan struct{}
	stopOnce sync.Once
}

// startChecks starts the periodic check of s (unless opts turn it off).
// The wait between checks comes from opts.After, the clock tests replace.
func (s *Service) startChecks() {
	every := s.opts.ImportCheck
	if every < 0 {
		return
	}
	if every == 0 {
		every = DefaultImportCheck
	}
	after := s.opts.After
	if after == nil {
		after = time.After
	}
	c := &checker{stop: make(chan struct{}), done: make(chan struct{})}
	s.checks = c
	go func() {
		defer close(c.done)
		ctx, cancel := context.WithCancel(context.Background())
		defer cancel()
		go func() {
			select {
			case <-c.stop:
				cancel()
			case <-ctx.Done():
			}
		}()
		for {
			select {
			case <-c.stop:
				return
			case <-after(every):
			}
			// An error (the file busy for long, a lock file unreadable)
			// is tried again at the next check.
			if n, err := s.db.RecoverImports(ctx); err == nil && n > 0 && s.opts.OnUndo != nil {
				s.opts.OnUndo(n)
			}
		}
	}()
}

// stopChecks ends the periodic check and waits for one under way.
func (s *Service) stopChecks() {
	if s.checks == nil {
		return
	}
	s.checks.stopOnce.Do(func() { close(s.checks.stop) })
	<-s.checks.done
}
