package store

import (
	"context"
	"errors"
	"net/http"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"onboard/internal/walk"
	"onboard/model"
	"onboard/store/channel"
	"onboard/store/channel/channeltest"
)

// limitTest opens a store over a fake with the given call timeout and
// push and poll deadlines. release is closed when the test ends, before
// the fake waits for its handlers.
func limitTest(t *testing.T, timeout time.Duration, opts Options) (s *Service, fake *channeltest.Fake, release <-chan struct{}) {
	s, fake, release, _ = limitTestAgain(t, timeout, opts)
	return s, fake, release
}

// limitTestAgain is limitTest with again, which closes the store and
// opens its database once more without the deadlines: a retry then does
// not race a deadline set small for the first push.
func limitTestAgain(t *testing.T, timeout time.Duration, opts Options) (s *Service, fake *channeltest.Fake, release <-chan struct{}, again func() *Service) {
	t.Helper()
	fake = channeltest.New("C0reseller")
	t.Cleanup(fake.Close)
	done := make(chan struct{})
	t.Cleanup(func() { close(done) })
	g, err := channel.New(context.Background(), channel.Config{AccountID: "C0reseller", Endpoint: fake.Endpoint(), Timeout: timeout, Clock: instant()})
	if err != nil {
		t.Fatal(err)
	}
	var zero time.Duration
	opts.ResellerID, opts.Google, opts.LookupDelay = "C0reseller", g, &zero
	opts.PollWait = func(int) time.Duration { return time.Millisecond }
	path := filepath.Join(t.TempDir(), "l.db")
	open := func(opts Options) *Service {
		s, err := Open(context.Background(), path, opts)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { s.Close() })
		return s
	}
	s = open(opts)
	again = func() *Service {
		s.Close()
		opts.PushDeadline, opts.PollDeadline = 0, 0
		return open(opts)
	}
	return s, fake, done, again
}

// pushGuarded is Push, failing the test when it has not ended within
// walk.Guard (a hang).
func pushGuarded(t *testing.T, s *Service, id int64) (model.Customer, error) {
	t.Helper()
	type result struct {
		c   model.Customer
		err error
	}
	ended := make(chan result, 1)
	go func() {
		c, err := s.Push(context.Background(), "anna", id)
		ended <- result{c, err}
	}()
	select {
	case r := <-ended:
		return r.c, r.err
	case <-time.After(walk.Guard):
		t.Fatal("the push is still waiting for Google")
		return model.Customer{}, nil
	}
}

func pending(t *testing.T, s *Service, id int64) bool {
	t.Helper()
	ids, err := s.Pending(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	return slices.Contains(ids, id)
}

// An operation that never says done ({} forever) ends at the poll
// deadline; the push stays under way and goes on once Google finishes.
func TestPushPollDeadline(t *testing.T) {
	s, fake, _, again := limitTestAgain(t, 0, Options{PollDeadline: 50 * time.Millisecond})
	fake.Misbehave(func(w http.ResponseWriter, r *http.Request, _ map[string]any) bool {
		if !strings.HasPrefix(r.URL.Path, "/v1/operations/") {
			return false
		}
		w.Header().Set("Content-Type", "application/json")
		w.Write([]byte(`{}`))
		return true
	})
	c := addCustomer(t, s, model.ModeCreate, pushable("Acme BV", "acme.nl"))
	got, err := pushGuarded(t, s, c.ID)
	var de *DeadlineError
	if !errors.As(err, &de) || !de.Poll || got.Status != model.StatusPending || !pending(t, s, c.ID) ||
		!strings.Contains(err.Error(), "provisioning did not finish within 50ms; the push stays under way") {
		t.Fatalf("%+v, %v", got, err)
	}
	fake.Misbehave(nil)
	s = again()
	if got, err = pushGuarded(t, s, c.ID); err != nil || got.Status != model.StatusCreated || pending(t, s, c.ID) {
		t.Fatalf("the retry: %+v, %v", got, err)
	}
}

// done:false forever ends the same way.
func TestPushPollNeverDone(t *testing.T) {
	s, fake, _ := limitTest(t, 0, Options{PollDeadline: 50 * time.Millisecond})
	fake.PollsToFinish = 1 << 30
	c := addCustomer(t, s, model.ModeCreate, pushable("Acme BV", "acme.nl"))
	got, err := pushGuarded(t, s, c.ID)
	var de *DeadlineError
	if !errors.As(err, &de) || got.Status != model.StatusPending || !pending(t, s, c.ID) {
		t.Fatalf("%+v, %v", got, err)
	}
}

// A push whose calls hang (the per-call timeout longer than the push may
// take) ends at the push deadline and stays under way; the next push
// looks before it creates, so Google ends with one customer.
func TestPushDeadline(t *testing.T) {
	s, fake, release, again := limitTestAgain(t, 2*walk.Guard, Options{PushDeadline: 50 * time.Millisecond})
	fake.Misbehave(func(w http.ResponseWriter, r *http.Request, _ map[string]any) bool {
		if r.Method != http.MethodPost || !strings.HasSuffix(r.URL.Path, "/customers") {
			return false
		}
		select { // the create never answers
		case <-r.Context().Done():
		case <-release:
		}
		return true
	})
	c := addCustomer(t, s, model.ModeCreate, pushable("Acme BV", "acme.nl"))
	got, err := pushGuarded(t, s, c.ID)
	var de *DeadlineError
	if !errors.As(err, &de) || de.Poll || got.Status != model.StatusPending || !pending(t, s, c.ID) ||
		!strings.Contains(err.Error(), "the push to Google did not finish within 50ms") {
		t.Fatalf("%+v, %v", got, err)
	}
	fake.Misbehave(nil)
	s = again()
	if got, err = pushGuarded(t, s, c.ID); err != nil || got.Status != model.StatusCreated {
		t.Fatalf("the retry: %+v, %v", got, err)
	}
	if n := len(fake.Customers()); n != 1 {
		t.Fatalf("%d customers at Google", n)
	}
}

// A call that gets no answer within the per-call timeout leaves the push
// under way, and the words say how long Google was given.
func TestPushCallTimeout(t *testing.T) {
	s, fake, release := limitTest(t, 50*time.Millisecond, Options{})
	fake.Misbehave(func(w http.ResponseWriter, r *http.Request, _ map[string]any) bool {
		select {
		case <-r.Context().Done():
		case <-release:
		}
		return true
	})
	c := addCustomer(t, s, model.ModeCreate, pushable("Acme BV", "acme.nl"))
	got, err := pushGuarded(t, s, c.ID)
	if err == nil || got.Status != model.StatusPending || !pending(t, s, c.ID) ||
		!strings.Contains(err.Error(), "no answer from Google within 50ms; the push stays under way") {
		t.Fatalf("%+v, %v", got, err)
	}
}

// Resumed pushes do not queue behind one whose calls hang: the others end
// while it still waits.
func TestResumeDoesNotQueueBehindAHang(t *testing.T) {
	s, fake, release := limitTest(t, 2*walk.Guard, Options{PushDeadline: 4 * walk.Guard})
	// Every push stops under way at a 503, as after an outage.
	fake.Misbehave(func(w http.ResponseWriter, r *http.Request, _ map[string]any) bool {
		http.Error(w, "unavailable", http.StatusServiceUnavailable)
		return true
	})
	var ids []int64
	for _, d := range []string{"hang.nl", "acme.nl", "beta.nl", "gamma.nl"} {
		c := addCustomer(t, s, model.ModeCreate, pushable("Org "+d, d))
		if got, err := pushGuarded(t, s, c.ID); err == nil || got.Status != model.StatusPending {
			t.Fatalf("%s: %+v, %v", d, got, err)
		}
		ids = append(ids, c.ID)
	}
	// Now the first customer's calls hang; the others' go through.
	unhang := make(chan struct{})
	fake.Misbehave(func(w http.ResponseWriter, r *http.Request, body map[string]any) bool {
		if body["domain"] != "hang.nl" {
			return false
		}
		select {
		case <-r.Context().Done():
		case <-release:
		case <-unhang:
			http.Error(w, "unavailable", http.StatusServiceUnavailable)
		}
		return true
	})
	var (
		mu    sync.Mutex
		ended = map[int64]error{}
		three = make(chan struct{})
	)
	record := func(r model.ResumedPush) {
		mu.Lock()
		defer mu.Unlock()
		ended[r.ID] = r.Err
		if len(ended) == 3 {
			close(three)
		}
	}
	resumed := make(chan int, 1)
	go func() {
		n, _ := s.ResumePushes(context.Background(), "onboard serve", record)
		resumed <- n
	}()
	select {
	case <-three:
	case <-time.After(walk.Guard):
		t.Fatal("the resumed pushes wait behind the one that hangs")
	}
	mu.Lock()
	if _, ok := ended[ids[0]]; ok {
		t.Fatalf("the hanging push ended: %v", ended[ids[0]])
	}
	for _, id := range ids[1:] {
		if err, ok := ended[id]; !ok || err != nil {
			t.Fatalf("customer %d: ended %v, %v", id, ok, err)
		}
	}
	mu.Unlock()
	close(unhang)
	select {
	case n := <-resumed:
		if n != len(ids) {
			t.Fatalf("resumed %d of %d", n, len(ids))
		}
	case <-time.After(walk.Guard):
		t.Fatal("the resume did not end once the hang did")
	}
	if _, ok := ended[ids[0]]; !ok {
		t.Fatal("the hanging push was not reported")
	}
}
