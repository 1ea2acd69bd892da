package store

import (
	"context"
	"database/sql"
	"errors"
	"strings"
	"time"

	"onboard/i18n"
	"onboard/model"
	"onboard/store/sqlite"
)

// A sync reads every customer of the reseller at Google (customers.list,
// pages of 50) with their subscriptions (entitlements.list) and brings
// the database in line: customers new here are added, linked customers
// that differ keep the differences for the user to decide (as a refresh
// shows them), customers Google no longer lists are marked gone, and a
// change made here that is not pushed yet is never overwritten. Each page
// is written in one transaction together with the next page's token, so a
// sync cut off at any point (a quit, kill -9) goes on from that page, and
// a customer is handled once per sync however the pages shift.

// ErrSyncRunning is a sync asked for while this process runs one.
var ErrSyncRunning = i18n.Errorf("a sync with Google is already running")

// Sync runs a sync to its end (or until ctx ends: then it stays open, to
// go on at the next Sync) and tells progress after each page.
func (s *Service) Sync(ctx context.Context, actor string, progress func(model.SyncProgress)) (model.SyncProgress, error) {
	g := s.opts.Google
	if g == nil {
		return model.SyncProgress{}, ErrNoGoogle
	}
	s.pushMu.Lock()
	if s.syncing {
		s.pushMu.Unlock()
		return model.SyncProgress{}, ErrSyncRunning
	}
	s.syncing = true
	s.pushMu.Unlock()
	defer func() {
		s.pushMu.Lock()
		s.syncing = false
		s.pushMu.Unlock()
	}()
	run, resumed, err := s.openSync(ctx, actor)
	if err != nil {
		return model.SyncProgress{}, err
	}
	began, doneAtStart := s.now(), run.Done
	report := func() model.SyncProgress {
		total := run.Total // the last sync's count: 0 on the first
		if total > 0 || !run.FinishedAt.IsZero() {
			total = max(total, run.Done)
		}
		p := model.SyncProgress{Done: run.Done, Total: total, Added: run.Added, Differing: run.Differing, Gone: run.Gone,
			StartedAt: run.StartedAt, FinishedAt: run.FinishedAt, Resumed: resumed}
		// The first minute's burst (the quota's whole minute at once) is
		// not the pace: the rate counts at least a minute.
		if el := max(s.now().Sub(began), time.Minute); run.Done > doneAtStart {
			p.Rate = float64(run.Done-doneAtStart) / el.Minutes()
			if left := p.Total - p.Done; left > 0 {
				p.Left = time.Duration(float64(left) / p.Rate * float64(time.Minute))
			}
		}
		if progress != nil {
			progress(p)
		}
		return p
	}
	for {
		page, next, err := g.ListCustomers(ctx, run.PageToken)
		if err != nil {
			return report(), s.syncStopped(ctx, &run, err)
		}
		ents := make([][]model.GoogleEntitlement, len(page))
		done := run.Done
		for i, gc := range page {
			if ents[i], err = g.ListEntitlements(ctx, gc.Name); err != nil {
				return report(), s.syncStopped(ctx, &run, err)
			}
			// Under the quota a page's subscriptions take minutes: the
			// progress moves with each customer, not only with each page.
			if i%10 == 9 && i+1 < len(page) {
				run.Done = done + int64(i+1)
				report()
				run.Done = done
			}
		}
		err = s.db.Write(ctx, func(tx *sql.Tx) error {
			r := run
			for i, gc := range page {
				if err := s.syncOne(ctx, tx, &r, actor, gc, ents[i]); err != nil {
					return err
				}
			}
			r.PageToken, r.Pages, r.UpdatedAt = next, r.Pages+1, s.now()
			if next == "" {
				gone, err := sqlite.MarkGone(ctx, tx, r.ID, r.StartedAt, s.now())
				if err != nil {
					return err
				}
				r.Gone, r.FinishedAt = r.Gone+gone, s.now()
				if err := sqlite.EndSync(ctx, tx, r.ID); err != nil {
					return err
				}
			}
			if err := sqlite.PutSync(ctx, tx, r); err != nil {
				return err
			}
			run = r
			return nil
		})
		if err != nil {
			return report(), err
		}
		// A long sync touches every page of the file once: letting the
		// writer's page cache keep them would grow it to its full size
		// for nothing, so the pages of this batch are let go.
		_ = s.db.Write(ctx, func(tx *sql.Tx) error {
			_, err := tx.ExecContext(ctx, "PRAGMA shrink_memory")
			return err
		})
		p := report()
		if next == "" {
			return p, nil
		}
	}
}

// openSync takes up the sync that did not finish, or starts one whose
// expected total is the last sync's count.
func (s *Service) openSync(ctx context.Context, actor string) (sqlite.SyncRun, bool, error) {
	var run sqlite.SyncRun
	resumed := false
	err := s.db.Write(ctx, func(tx *sql.Tx) error {
		r, ok, err := sqlite.OpenSync(ctx, tx)
		if err != nil || ok {
			run, resumed = r, ok
			return err
		}
		last, _, err := sqlite.LastSync(ctx, tx)
		if err != nil {
			return err
		}
		now := s.now()
		run, err = sqlite.StartSync(ctx, tx, sqlite.SyncRun{Actor: actor, StartedAt: now, UpdatedAt: now, Total: last.Done})
		return err
	})
	return run, resumed, err
}

// syncStopped records why the sync stopped (it goes on at the next Sync).
func (s *Service) syncStopped(ctx context.Context, run *sqlite.SyncRun, cause error) error {
	if ctx.Err() != nil {
		return cause
	}
	run.Error, run.UpdatedAt = firstLine(cause.Error()), s.now()
	werr := s.db.Write(context.WithoutCancel(ctx), func(tx *sql.Tx) error { return sqlite.PutSync(ctx, tx, *run) })
	return errors.Join(i18n.Errorf("%w; the sync stopped and goes on from where it was at the next sync", cause), werr)
}

// syncOne brings the local record of Google's customer gc in line.
func (s *Service) syncOne(ctx context.Context, tx *sql.Tx, run *sqlite.SyncRun, actor string, gc model.GoogleCustomer, ents []model.GoogleEntitlement) error {
	first, err := sqlite.MarkSynced(ctx, tx, run.ID, gc.Name)
	if err != nil || !first {
		return err // handled earlier in this sync (the pages shifted)
	}
	run.Done++
	local, found, err := s.localFor(ctx, tx, gc)
	if err != nil {
		var amb *AmbiguousError
		if errors.As(err, &amb) {
			return nil // not guessed: the refresh of either shows the candidates
		}
		return err
	}
	now := s.now()
	if !found {
		c := fromGoogle(gc, s.opts.ResellerID, actor, now)
		id, err := sqlite.InsertCustomer(ctx, tx, c, "")
		if err != nil {
			return i18n.Errorf("store customer %s from Google: %w", gc.Domain, err)
		}
		c.ID = id
		if _, err := sqlite.InsertEvent(ctx, tx, model.Event{CustomerID: id, At: now, Actor: actor, Action: "sync from Google",
			Changes: model.Diff(model.Customer{}, c)}); err != nil {
			return err
		}
		run.Added++
		if err := sqlite.PutGoogleSeen(ctx, tx, sqlite.GoogleSeen{CustomerID: id, Name: gc.Name, UpdateTime: gc.UpdateTime, SeenAt: now, FromSync: true}); err != nil {
			return err
		}
		return sqlite.PutEntitlements(ctx, tx, id, ents, now)
	}
	if !linked(local) {
		// Google has it and the record here was never pushed (or failed):
		// link it, keeping what was typed here.
		next := local
		next.GoogleName, next.CloudIdentityID, next.UpdatedAt = gc.Name, gc.CloudIdentityID, now
		next.Status, next.StatusMessage = model.StatusImported, ""
		if local.Origin == model.ModeCreate {
			next.Status = model.StatusCreated
		}
		if local, err = s.save(ctx, tx, actor, "sync from Google", local, next); err != nil {
			return err
		}
	}
	prev, _, err := sqlite.GetGoogleSeen(ctx, tx, local.ID)
	if err != nil {
		return err
	}
	diffs := diffGoogle(local, withGoogle(local, gc))
	seen := sqlite.GoogleSeen{CustomerID: local.ID, Name: gc.Name, UpdateTime: gc.UpdateTime, SeenAt: now, Differences: diffs}
	if len(diffs) > 0 {
		run.Differing++
		// The user decides; until then a change pushed from here is
		// checked against the record as it was last taken.
		seen.UpdateTime = prev.UpdateTime
		if seen.UpdateTime == "" {
			seen.UpdateTime = gc.UpdateTime
		}
	}
	if err := sqlite.PutGoogleSeen(ctx, tx, seen); err != nil {
		return err
	}
	return sqlite.PutEntitlements(ctx, tx, local.ID, ents, now)
}

// localFor finds the local record of Google's customer: by resource
// name, then Cloud Identity ID, then a domain customer's domain or a
// team's primary email; two candidates is an *AmbiguousError.
func (s *Service) localFor(ctx context.Context, tx *sql.Tx, gc model.GoogleCustomer) (model.Customer, bool, error) {
	if c, ok, err := sqlite.CustomerByGoogleName(ctx, tx, gc.Name); err != nil || ok {
		return c, ok, err
	}
	if gc.CloudIdentityID != "" {
		cs, err := sqlite.CustomersByCloudIdentityID(ctx, tx, gc.CloudIdentityID)
		if err != nil {
			return model.Customer{}, false, err
		}
		switch len(cs) {
		case 1:
			return cs[0], true, nil
		case 0:
		default:
			return model.Customer{}, false, &AmbiguousError{Customer: cs[0], Candidates: []model.GoogleCustomer{gc}}
		}
	}
	var c model.Customer
	var ok bool
	var err error
	if gc.CustomerType == "TEAM" {
		if gc.Email == "" {
			return c, false, nil
		}
		c, ok, err = sqlite.TeamCustomer(ctx, tx, strings.ToLower(gc.Email))
	} else {
		var cs []model.Customer
		cs, err = sqlite.CustomersByDomain(ctx, tx, strings.ToLower(gc.Domain))
		for _, x := range cs {
			if x.Kind == model.KindDomain {
				c, ok = x, true
			}
		}
	}
	if err != nil || !ok {
		return c, false, err
	}
	if c.GoogleName != "" && c.GoogleName != gc.Name {
		return c, false, nil // linked to another record at Google
	}
	return c, true, nil
}

// fromGoogle is a new local record of a customer Google has.
func fromGoogle(gc model.GoogleCustomer, reseller, actor string, now time.Time) model.Customer {
	c := withGoogle(model.Customer{Kind: model.KindDomain}, gc)
	c.Domain = strings.ToLower(c.Domain)
	c.PrimaryEmail = strings.ToLower(c.PrimaryEmail)
	c.Origin, c.Status, c.ResellerID = model.ModeImport, model.StatusImported, reseller
	c.CreatedBy, c.CreatedAt, c.UpdatedAt, c.Version = actor, now, now, 1
	if c.OrgName == "" {
		c.OrgName = c.Domain
	}
	return c
}

// LastSync is the last sync that finished (ok false: none yet), and the
// one under way or cut off (running false: none).
func (s *Service) LastSync(ctx context.Context) (last model.SyncProgress, ok bool, open model.SyncProgress, running bool, err error) {
	q := s.db.Reader()
	l, ok, err := sqlite.LastSync(ctx, q)
	if err != nil {
		return
	}
	o, running, err := sqlite.OpenSync(ctx, q)
	conv := func(r sqlite.SyncRun) model.SyncProgress {
		return model.SyncProgress{Done: r.Done, Total: max(r.Total, r.Done), Added: r.Added, Differing: r.Differing, Gone: r.Gone,
			StartedAt: r.StartedAt, FinishedAt: r.FinishedAt}
	}
	return conv(l), ok, conv(o), running, err
}

// GoogleState is what the last sync or push saw of the customer at
// Google: gone (not listed any more), the fields that differ, and its
// subscriptions.
func (s *Service) GoogleState(ctx context.Context, id int64) (gone bool, diffs []model.Difference, subs []model.GoogleEntitlement, err error) {
	q := s.db.Reader()
	seen, _, err := sqlite.GetGoogleSeen(ctx, q, id)
	if err != nil {
		return false, nil, nil, err
	}
	subs, err = sqlite.Entitlements(ctx, q, id)
	return !seen.GoneAt.IsZero(), seen.Differences, subs, err
}
