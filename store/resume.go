package store

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"time"

	"golang.org/x/text/language"

	"onboard/i18n"
	"onboard/model"
)

// DefaultPushDeadline is how long one push may take in all: a few calls of
// at most channel.DefaultTimeout each and the wait for provisioning.
const DefaultPushDeadline = 10 * time.Minute

// DefaultPollDeadline is how long a push waits for Google's provisioning
// operation, which takes seconds to a few minutes.
const DefaultPollDeadline = 5 * time.Minute

// ResumeParallel is how many resumed pushes run at once: enough that one
// customer whose calls hang does not hold up the others, few enough not to
// flood Google with one reseller's requests.
const ResumeParallel = 4

// DeadlineError is a push, or its wait for Google's provisioning, that took
// longer than allowed. The push stays under way (in the outbox), to go on
// at the next push.
type DeadlineError struct {
	Poll  bool // the wait for provisioning, not the whole push
	After time.Duration
}

func (e *DeadlineError) Error() string { return e.ErrorIn(i18n.English) }

// ErrorIn is the error in language t.
func (e *DeadlineError) ErrorIn(t language.Tag) string {
	l := i18n.New(t)
	if e.Poll {
		return l.T("Google's provisioning did not finish within %s", span(e.After))
	}
	return l.T("the push to Google did not finish within %s; it stays under way and goes on at the next push (p)", span(e.After))
}

func span(d time.Duration) string {
	switch {
	case d >= time.Minute && d%time.Minute == 0:
		return fmt.Sprintf("%d min", d/time.Minute)
	case d >= time.Second && d%time.Second == 0:
		return fmt.Sprintf("%d s", d/time.Second)
	}
	return d.String()
}

func (s *Service) pushDeadline() time.Duration {
	if s.opts.PushDeadline > 0 {
		return s.opts.PushDeadline
	}
	return DefaultPushDeadline
}

func (s *Service) pollDeadline() time.Duration {
	if s.opts.PollDeadline > 0 {
		return s.opts.PollDeadline
	}
	return DefaultPollDeadline
}

// stopped is the error of a push whose context ended: its own deadline
// says so; the caller's cancel or deadline is passed on as it is.
func stopped(ctx context.Context, err error) error {
	var de *DeadlineError
	if ctx.Err() != nil && errors.As(context.Cause(ctx), &de) {
		return de
	}
	return err
}

// ResumePushes goes on with the pushes that were under way when onboard
// last stopped (the outbox), ResumeParallel at a time, each bounded by the
// push deadline: one customer whose calls hang does not hold up the
// others. done hears of each push as it ends, one at a time. It returns
// when all have ended, with how many there were.
func (s *Service) ResumePushes(ctx context.Context, actor string, done func(model.ResumedPush)) (int, error) {
	ids, err := s.Pending(ctx)
	if err != nil {
		return 0, err
	}
	return resumeEach(ctx, ids, func(id int64) func() {
		c, err := s.Push(ctx, actor, id)
		return func() {
			if done != nil {
				done(model.ResumedPush{ID: id, Customer: c, Err: err})
			}
		}
	})
}

// resumeEach runs work for every id, ResumeParallel at a time; the func
// work returns (its report) runs one at a time, so callers' done
// callbacks need no lock. It returns when all have ended, with how many
// there were, or ctx's error when it ended first.
func resumeEach(ctx context.Context, ids []int64, work func(id int64) func()) (int, error) {
	var (
		wg   sync.WaitGroup
		mu   sync.Mutex
		slot = make(chan struct{}, ResumeParallel)
	)
	for _, id := range ids {
		select {
		case slot <- struct{}{}:
		case <-ctx.Done():
			wg.Wait()
			return len(ids), ctx.Err()
		}
		wg.Add(1)
		go func() {
			defer wg.Done()
			defer func() { <-slot }()
			report := work(id)
			mu.Lock()
			defer mu.Unlock()
			report()
		}()
	}
	wg.Wait()
	return len(ids), nil
}
