package store

import (
	"context"
	"database/sql"
	"errors"
	"strings"
	"time"

	"onboard/i18n"
	"onboard/model"
	"onboard/model/rules"
	"onboard/store/channel"
	"onboard/store/sqlite"
)

// Pushing to Google. Each step of a push is written to the outbox before
// the call it leads to, so a push cut off at any point resumes at the next
// start: a create whose answer never came is looked up at Google before it
// is sent again, so one customer here is one customer there.

// ErrNoGoogle means [google] is not configured: customers stay local.
var ErrNoGoogle = i18n.Errorf("Google is not configured ([google] account_id in the config): customers stay local")

// HasGoogle reports whether pushes go to Google.
func (s *Service) HasGoogle() bool { return s.opts.Google != nil }

// Pending returns the customers whose push was under way when onboard
// last stopped.
func (s *Service) Pending(ctx context.Context) ([]int64, error) {
	return sqlite.OutboxCustomers(ctx, s.db.Reader())
}

// CheckGoogle is the validate-only push: what Google already has for the
// customer and what it still lacks to be pushed; nothing changes.
func (s *Service) CheckGoogle(ctx context.Context, id int64) (rules.Problems, error) {
	if s.opts.Google == nil {
		return nil, ErrNoGoogle
	}
	c, err := s.Get(ctx, id)
	if err != nil {
		return nil, err
	}
	ps := rules.ReadyToPush(c)
	if c.Origin == model.ModeCreate && c.GoogleName != "" && len(ps) == 0 {
		// Created at Google already: Google validates the provisioning.
		_, err := s.opts.Google.Provision(ctx, c.GoogleName, c, true)
		return ps, err
	}
	if c.Origin == model.ModeCreate {
		email := ""
		if c.Kind == model.KindTeam {
			email = c.PrimaryEmail
		}
		accts, err := s.opts.Google.CheckExists(ctx, c.Domain, email)
		if err != nil {
			return ps, err
		}
		if len(accts) > 0 {
			return ps, &rules.ExistsError{Domain: c.Domain, Accounts: accts}
		}
	}
	return ps, nil
}

// Push sends customer id to Google (create or import, as it was added) and
// returns it with its new status: created or imported with the Cloud
// Identity ID, or failed with Google's message. A push that was under way
// goes on from where it stopped.
func (s *Service) Push(ctx context.Context, actor string, id int64) (model.Customer, error) {
	g := s.opts.Google
	if g == nil {
		return model.Customer{}, ErrNoGoogle
	}
	c, err := s.Get(ctx, id)
	if err != nil {
		return c, err
	}
	if c.Status == model.StatusCreated || c.Status == model.StatusImported {
		if _, ok, err := sqlite.GetOutbox(ctx, s.db.Reader(), c.ID); err != nil || !ok {
			return c, errors.Join(err, i18n.Errorf("customer %s is already %s at Google", i18n.ID(c.ID), c.Status))
		}
	}
	if c.Origin == model.ModeCreate {
		if ps := rules.ReadyToPush(c); len(ps) > 0 {
			return c, ps
		}
	}
	if !s.claim(c.ID) {
		return c, i18n.Errorf("a push of customer %s is already under way", i18n.ID(c.ID))
	}
	defer s.release(c.ID)
	// However Google behaves, the push ends: past its deadline it stays
	// under way, in the outbox, to go on at the next push.
	ctx, cancel := context.WithTimeoutCause(ctx, s.pushDeadline(), &DeadlineError{After: s.pushDeadline()})
	defer cancel()
	ob, c, err := s.startPush(ctx, actor, c)
	if err != nil {
		return c, stopped(ctx, err)
	}
	for {
		if err := ctx.Err(); err != nil {
			return c, stopped(ctx, err) // the outbox keeps the step; the next push goes on
		}
		st, err := sqlite.GetPushState(ctx, s.db.Reader(), c.ID)
		if err != nil {
			return c, err
		}
		var next string
		switch ob.Step {
		case "patch":
			return s.pushPatch(ctx, actor, c, &ob, st)
		case "import":
			out, err := g.Import(ctx, c, st.Overwrite)
			var ce *channel.Error
			if errors.As(err, &ce) && ce.Status == "ALREADY_EXISTS" && ob.Attempts > 0 {
				// An earlier attempt may have gone through, its answer lost:
				// the customer is ours if Google has exactly this one.
				got, ok, merr := s.match(ctx, c)
				switch {
				case merr != nil:
					err = merr
				case ok:
					out, err = got, nil
				}
			}
			if errors.As(err, &ce) && ce.Status == "ALREADY_EXISTS" && !st.Overwrite {
				err = &ExistsAtImportError{Cause: ce}
			}
			if err != nil {
				return s.pushFailed(ctx, actor, c, &ob, err)
			}
			return s.pushDone(ctx, actor, c, model.StatusImported, out)
		case "check":
			email := ""
			if c.Kind == model.KindTeam {
				email = c.PrimaryEmail
			}
			accts, err := g.CheckExists(ctx, c.Domain, email)
			if err != nil {
				return s.pushFailed(ctx, actor, c, &ob, err)
			}
			if len(accts) > 0 {
				return s.pushFailed(ctx, actor, c, &ob, &rules.ExistsError{Domain: c.Domain, Accounts: accts})
			}
			next = "create_sent"
		case "create_sent":
			var made model.GoogleCustomer
			if ob.Attempts > 0 {
				// The last create may have reached Google: look before sending
				// again. A new customer shows in the filtered list only after a
				// few seconds, so an early look that finds nothing proves
				// nothing: then the push waits.
				got, ok, err := s.match(ctx, c)
				if err != nil {
					return s.pushFailed(ctx, actor, c, &ob, err)
				}
				if ok {
					made = got
				} else if wait := s.lookupDelay() - s.now().Sub(ob.UpdatedAt); wait > 0 {
					return c, i18n.Errorf("the last create may still be on its way at Google; the push stays under way: try again in %s (p)", wait.Round(time.Second))
				}
			}
			if made.Name == "" {
				if made, err = g.Create(ctx, c, false); err != nil {
					return s.pushFailed(ctx, actor, c, &ob, err)
				}
			}
			if c, err = s.setGoogleName(ctx, actor, c, made.Name); err != nil {
				return c, stopped(ctx, err)
			}
			next = "provision"
		case "provision":
			op, err := g.Provision(ctx, c.GoogleName, c, false)
			var ce *channel.Error
			if errors.As(err, &ce) && ce.Status == "ALREADY_EXISTS" && ob.Attempts > 0 {
				got, gerr := g.Get(ctx, c.GoogleName)
				if gerr == nil && got.CloudIdentityID != "" {
					return s.pushDone(ctx, actor, c, model.StatusCreated, got)
				}
			}
			if err != nil {
				return s.pushFailed(ctx, actor, c, &ob, err)
			}
			ob.Operation, next = op, "provisioning"
		case "provisioning":
			if err := s.poll(ctx, c.ID, ob.Operation, &st); err != nil {
				if _, ok := err.(*DeadlineError); ok {
					return c, s.keepPush(ctx, &ob, err)
				}
				var oe *channel.OperationError
				if errors.As(err, &oe) && oe.Again() && st.Restarts < MaxRestarts {
					// Google says the provisioning itself failed on its side:
					// start it again rather than poll the dead operation.
					st.Restarts++
					st.Polls = 0
					ob.Operation, next = "", "provision"
					if err := s.db.Write(ctx, func(tx *sql.Tx) error { return sqlite.PutPushState(ctx, tx, c.ID, st) }); err != nil {
						return c, stopped(ctx, err)
					}
					break
				}
				return s.pushFailed(ctx, actor, c, &ob, err)
			}
			got, err := g.Get(ctx, c.GoogleName)
			if err != nil {
				return s.pushFailed(ctx, actor, c, &ob, err)
			}
			return s.pushDone(ctx, actor, c, model.StatusCreated, got)
		default:
			return c, i18n.Errorf("push of customer %s: unknown step %q", i18n.ID(c.ID), ob.Step)
		}
		ob.Step, ob.Attempts, ob.UpdatedAt = next, 0, s.now()
		if err := s.db.Write(ctx, func(tx *sql.Tx) error { return sqlite.PutOutbox(ctx, tx, ob) }); err != nil {
			return c, stopped(ctx, err)
		}
	}
}

// lookupDelay is how long after a create whose answer was lost a lookup at
// Google must wait before "not found" can be believed.
func (s *Service) lookupDelay() time.Duration {
	if s.opts.LookupDelay != nil {
		return *s.opts.LookupDelay
	}
	return 30 * time.Second
}

// poll follows Google's provisioning operation until it is done, it
// fails, or the poll deadline passes (then a *DeadlineError): an operation
// that never says done (an answer of {} or done:false forever) ends too.
// The polls are counted in the push's state across pushes: past MaxPolls
// the operation is given up (a *PollLimitError).
func (s *Service) poll(ctx context.Context, id int64, op string, st *sqlite.PushState) error {
	d := s.pollDeadline()
	deadline := &DeadlineError{Poll: true, After: d}
	pctx, cancel := context.WithTimeoutCause(ctx, d, deadline)
	defer cancel()
	over := func(err error) error {
		if ctx.Err() == nil && errors.Is(context.Cause(pctx), deadline) {
			return deadline
		}
		return err
	}
	for n := 0; ; n++ {
		if st.Polls >= s.maxPolls() {
			return &PollLimitError{Polls: st.Polls}
		}
		st.Polls++
		if err := s.db.Write(ctx, func(tx *sql.Tx) error { return sqlite.PutPushState(ctx, tx, id, *st) }); err != nil {
			return err
		}
		done, err := s.opts.Google.Operation(pctx, op)
		if err != nil {
			return over(err)
		}
		if done {
			return nil
		}
		select {
		case <-pctx.Done():
			return over(pctx.Err())
		case <-time.After(s.pollWait(n)):
		}
	}
}

// pollWait is the wait before poll n of an operation.
func (s *Service) pollWait(n int) time.Duration {
	if s.opts.PollWait != nil {
		return s.opts.PollWait(n)
	}
	return channel.Backoff(n)
}

// startPush takes up the push under way or starts one: the customer's
// status becomes pending (with an event), the outbox gets its first step.
func (s *Service) startPush(ctx context.Context, actor string, c model.Customer) (sqlite.Outbox, model.Customer, error) {
	var ob sqlite.Outbox
	err := s.db.Write(ctx, func(tx *sql.Tx) error {
		cur, err := sqlite.GetCustomer(ctx, tx, c.ID)
		if err != nil {
			return err
		}
		o, ok, err := sqlite.GetOutbox(ctx, tx, c.ID)
		if err != nil {
			return err
		}
		now := s.now()
		if ok {
			o.Attempts++ // a call of this step may already have happened
			o.Actor, o.UpdatedAt = actor, now
			ob, c = o, cur
			return sqlite.PutOutbox(ctx, tx, o)
		}
		step := "check"
		switch {
		case cur.Origin == model.ModeImport:
			step = "import"
		case cur.GoogleName != "":
			step = "provision" // created at Google before; provisioning failed
		}
		ob = sqlite.Outbox{CustomerID: cur.ID, Action: string(cur.Origin), Step: step, Actor: actor, StartedAt: now, UpdatedAt: now}
		next := cur
		next.Status, next.StatusMessage, next.UpdatedAt = model.StatusPending, "", now
		if c, err = s.save(ctx, tx, actor, "push", cur, next); err != nil {
			return err
		}
		return sqlite.PutOutbox(ctx, tx, ob)
	})
	return ob, c, err
}

// setGoogleName records the customer's resource name at Google as soon as
// it is known.
func (s *Service) setGoogleName(ctx context.Context, actor string, c model.Customer, name string) (model.Customer, error) {
	var out model.Customer
	err := s.db.Write(ctx, func(tx *sql.Tx) error {
		cur, err := sqlite.GetCustomer(ctx, tx, c.ID)
		if err != nil {
			return err
		}
		next := cur
		next.GoogleName, next.UpdatedAt = name, s.now()
		out, err = s.save(ctx, tx, actor, "push", cur, next)
		return err
	})
	return out, err
}

// pushDone stores what Google answered and ends the push.
func (s *Service) pushDone(ctx context.Context, actor string, c model.Customer, status model.Status, got model.GoogleCustomer) (model.Customer, error) {
	var out model.Customer
	err := s.db.Write(ctx, func(tx *sql.Tx) error {
		cur, err := sqlite.GetCustomer(ctx, tx, c.ID)
		if err != nil {
			return err
		}
		next := cur
		next.Status, next.StatusMessage, next.UpdatedAt = status, "", s.now()
		if got.Name != "" {
			next.GoogleName = got.Name
		}
		if got.CloudIdentityID != "" {
			next.CloudIdentityID = got.CloudIdentityID
		}
		if out, err = s.save(ctx, tx, actor, "push", cur, next); err != nil {
			return err
		}
		if err := s.seen(ctx, tx, out.ID, got, nil); err != nil {
			return err
		}
		return sqlite.DeleteOutbox(ctx, tx, c.ID)
	})
	return out, err
}

// pushFailed handles a refused or unanswered call. When it is unknown
// whether Google did it (no answer, a server error), the push stays under
// way, to be checked and resumed; otherwise the customer is marked failed
// with Google's words and the push ends.
func (s *Service) pushFailed(ctx context.Context, actor string, c model.Customer, ob *sqlite.Outbox, cause error) (model.Customer, error) {
	if errors.Is(cause, context.Canceled) || ctx.Err() != nil {
		return c, stopped(ctx, cause)
	}
	switch channel.Classify(cause) {
	case channel.ClassUnknown:
		return c, s.keepPush(ctx, ob, cause)
	case channel.ClassNotExecuted:
		return s.holdPush(ctx, actor, c, ob, cause)
	}
	// Refused, or the configuration: the push ends; the message says
	// Google's words, or the config key to fix.
	var out model.Customer
	err := s.db.Write(context.WithoutCancel(ctx), func(tx *sql.Tx) error {
		cur, err := sqlite.GetCustomer(ctx, tx, c.ID)
		if err != nil {
			return err
		}
		next := cur
		next.Status, next.StatusMessage, next.UpdatedAt = model.StatusFailed, rules.Sanitize(firstLine(cause.Error())), s.now()
		if out, err = s.save(ctx, tx, actor, "push", cur, next); err != nil {
			return err
		}
		if ob.Step == "patch" {
			return nil // the change is still owed: the next push sends it
		}
		return sqlite.DeleteOutbox(ctx, tx, c.ID)
	})
	if err != nil {
		return c, errors.Join(cause, err)
	}
	return out, cause
}

// keepPush leaves the push under way after cause (no answer, a server
// error, a deadline): the next push checks what Google did before it
// sends again.
func (s *Service) keepPush(ctx context.Context, ob *sqlite.Outbox, cause error) error {
	ctx = context.WithoutCancel(ctx)
	err := s.db.Write(ctx, func(tx *sql.Tx) error {
		ob.Attempts++
		ob.UpdatedAt = s.now()
		return sqlite.PutOutbox(ctx, tx, *ob)
	})
	var ce *channel.Error
	var na *channel.NoAnswerError
	var tl *channel.TooLargeError
	var de *DeadlineError
	if errors.As(cause, &ce) || errors.As(cause, &na) || errors.As(cause, &tl) || errors.As(cause, &de) {
		// The cause says what happened: an answer, or none in time.
		return errors.Join(i18n.Errorf("%w; the push stays under way and is checked before it is retried (p)", cause), err)
	}
	return errors.Join(i18n.Errorf("no answer from Google; the push stays under way and is checked before it is retried (p): %w", cause), err)
}

// holdPush leaves the push under way after a call Google did not execute
// (429, 503, no connection), retried already: nothing needs checking
// before it is sent again, and the customer's status says why it waits.
func (s *Service) holdPush(ctx context.Context, actor string, c model.Customer, ob *sqlite.Outbox, cause error) (model.Customer, error) {
	ctx = context.WithoutCancel(ctx)
	out := c
	err := s.db.Write(ctx, func(tx *sql.Tx) error {
		// The call was not sent: the next push's start, which counts a
		// call that may have happened, must not count this one.
		ob.Attempts--
		ob.UpdatedAt = s.now()
		if err := sqlite.PutOutbox(ctx, tx, *ob); err != nil {
			return err
		}
		cur, err := sqlite.GetCustomer(ctx, tx, c.ID)
		if err != nil {
			return err
		}
		next := cur
		next.StatusMessage, next.UpdatedAt = rules.Sanitize(firstLine(cause.Error())), s.now()
		out, err = s.save(ctx, tx, actor, "push", cur, next)
		return err
	})
	return out, errors.Join(i18n.Errorf("%w; Google did not take the request, the push stays pending and is sent again later (p)", cause), err)
}

func firstLine(s string) string {
	if i := strings.IndexByte(s, '\n'); i >= 0 {
		return s[:i]
	}
	return s
}

// CheckNew asks Google, before a new customer is stored, whether it
// already has a Cloud Identity account for the form's domain (or team
// email): then the customer is imported, not created, and the form can
// switch to the import wizard with what was typed. Any other answer
// (Google unreachable, no [google]) lets the create go on; the push after
// it reports what goes wrong.
func (s *Service) CheckNew(ctx context.Context, mode model.Mode, fs model.Fields) error {
	if s.opts.Google == nil || mode != model.ModeCreate {
		return nil
	}
	r := rules.Validate(mode, fs, s.Env())
	if !r.OK() {
		return nil
	}
	email := ""
	if r.Customer.Kind == model.KindTeam {
		email = r.Customer.PrimaryEmail
	}
	accts, err := s.opts.Google.CheckExists(ctx, r.Customer.Domain, email)
	if err == nil && len(accts) > 0 {
		return &rules.ExistsError{Domain: r.Customer.Domain, Accounts: accts}
	}
	return nil
}

// claim marks a push of customer id as running in this process (the SSH
// server's sessions share one Service); false if one already is.
func (s *Service) claim(id int64) bool {
	s.pushMu.Lock()
	defer s.pushMu.Unlock()
	if s.pushing == nil {
		s.pushing = map[int64]bool{}
	}
	if s.pushing[id] {
		return false
	}
	s.pushing[id] = true
	return true
}

func (s *Service) release(id int64) {
	s.pushMu.Lock()
	defer s.pushMu.Unlock()
	delete(s.pushing, id)
}
