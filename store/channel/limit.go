package channel

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"sync"
	"time"

	"golang.org/x/oauth2"

	"golang.org/x/text/language"

	"onboard/i18n"
)

// DefaultTimeout is how long one call to Google may take, answer body
// included, when the config sets none: Google answers in well under a
// second, so a call that takes this long is not coming back.
const DefaultTimeout = 30 * time.Second

// DefaultMaxResponse is the largest answer onboard reads from Google when
// the config sets none. The biggest real answer (a page of 50 customers)
// is a few hundred KiB.
const DefaultMaxResponse = 8 << 20

// NoAnswerError is a call that Google did not answer in time. Google may
// still have done what was asked.
type NoAnswerError struct {
	After time.Duration // the per-call timeout
}

func (e *NoAnswerError) Error() string { return e.ErrorIn(i18n.English) }

// ErrorIn is the error in language t.
func (e *NoAnswerError) ErrorIn(t language.Tag) string {
	return i18n.New(t).T("no answer from Google within %s", seconds(e.After))
}

// Timeout reports true: the error is a timeout (as net.Error has it).
func (e *NoAnswerError) Timeout() bool { return true }

// TooLargeError is an answer longer than onboard reads; it was cut off,
// so whether Google did what was asked is unknown.
type TooLargeError struct {
	Limit int64 // bytes
}

func (e *TooLargeError) Error() string { return e.ErrorIn(i18n.English) }

// ErrorIn is the error in language t.
func (e *TooLargeError) ErrorIn(t language.Tag) string {
	return i18n.New(t).T("Google's answer was longer than %s and was cut off", size(e.Limit))
}

func seconds(d time.Duration) string {
	if d >= time.Second && d%time.Second == 0 {
		return fmt.Sprintf("%d s", d/time.Second)
	}
	return d.String()
}

func size(n int64) string {
	if n >= 1<<20 && n%(1<<20) == 0 {
		return fmt.Sprintf("%d MiB", n>>20)
	}
	return fmt.Sprintf("%d bytes", n)
}

// limited is the transport every call to Google goes through: each
// request, its answer's body included, gets the per-call timeout, and the
// body is cut at the size limit. The generated client reads a whole body
// into memory, so without the limit an endless answer grows without end.
type limited struct {
	base    http.RoundTripper
	timeout time.Duration
	max     int64
	failed  func(error) // hears of each limit's error (nil: nobody)
}

func (l *limited) fail(err error) error {
	if l.failed != nil {
		l.failed(err)
	}
	return err
}

// RoundTrip sends r with the timeout; the timeout's timer runs until the
// body is closed.
func (l *limited) RoundTrip(r *http.Request) (*http.Response, error) {
	timeout := &NoAnswerError{After: l.timeout}
	ctx, cancel := context.WithTimeoutCause(r.Context(), l.timeout, timeout)
	resp, err := l.base.RoundTrip(r.WithContext(ctx))
	if err != nil {
		cancel()
		if r.Context().Err() == nil && errors.Is(context.Cause(ctx), timeout) {
			return nil, l.fail(timeout)
		}
		return nil, err
	}
	resp.Body = &limitedBody{l: l, rc: resp.Body, left: l.max, ctx: ctx, outer: r.Context(), cancel: cancel, timeout: timeout}
	return resp, nil
}

type limitedBody struct {
	l          *limited
	rc         io.ReadCloser
	left       int64
	ctx, outer context.Context
	cancel     context.CancelFunc
	timeout    *NoAnswerError
}

func (b *limitedBody) Read(p []byte) (int, error) {
	if b.left <= 0 {
		// Anything past the limit makes the answer too large.
		var one [1]byte
		n, err := b.rc.Read(one[:])
		if n > 0 {
			return 0, b.l.fail(&TooLargeError{Limit: b.l.max})
		}
		return 0, b.said(err)
	}
	if int64(len(p)) > b.left {
		p = p[:b.left]
	}
	n, err := b.rc.Read(p)
	b.left -= int64(n)
	return n, b.said(err)
}

// said is a read error as the user should hear it: the per-call timeout
// (not the caller's own cancel) is no answer from Google.
func (b *limitedBody) said(err error) error {
	if err != nil && err != io.EOF && b.outer.Err() == nil && errors.Is(context.Cause(b.ctx), b.timeout) {
		return b.l.fail(b.timeout)
	}
	return err
}

func (b *limitedBody) Close() error {
	b.cancel()
	return b.rc.Close()
}

// tokenSource is the service account's token source with the limits'
// errors kept: the token library says its HTTP client's errors as text
// (%v), and a token exchange that got no answer should read as one.
type tokenSource struct {
	mu   sync.Mutex
	ts   oauth2.TokenSource
	last error // the limits' error during the current exchange
}

// Token is the next token, or why there is none.
func (s *tokenSource) Token() (*oauth2.Token, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.last = nil
	t, err := s.ts.Token()
	if err != nil && s.last != nil {
		return nil, &TokenError{Err: s.last}
	}
	if err != nil {
		return nil, tokenError(err)
	}
	return t, nil
}

// failed is the token client's limited.failed.
func (s *tokenSource) failed(err error) { s.last = err }
