// Package store is the one way the screens and the command line read and
// change onboard's data. Its Service validates every write with model/rules
// again, and writes a change together with its audit event in one
// transaction, so no customer exists without its history.
package store

import (
	"context"
	"database/sql"
	"errors"
	"strconv"
	"strings"
	"sync"
	"time"

	"onboard/i18n"
	"onboard/model"
	"onboard/model/rules"
	"onboard/store/channel"
	"onboard/store/sqlite"
)

// ErrNotFound means no customer matched.
var ErrNotFound = sqlite.ErrNotFound

// ErrConflict means someone else saved the customer after it was read.
var ErrConflict = model.ErrConflict

// conflict builds the error for a save that lost against cur.
func conflict(ctx context.Context, q querier, cur model.Customer) *rules.ConflictError {
	by := "someone else"
	if ev, err := sqlite.LastEvent(ctx, q, cur.ID); err == nil && ev.Actor != "" {
		by = ev.Actor
	}
	return &rules.ConflictError{Current: cur, By: by}
}

type querier interface {
	QueryRowContext(context.Context, string, ...any) *sql.Row
	QueryContext(context.Context, string, ...any) (*sql.Rows, error)
}

// Options configure a Service.
type Options struct {
	// ResellerID is the public reseller ID from the config ("" = ask).
	ResellerID string
	// Now replaces the clock in tests.
	Now func() time.Time
	// BusyWait is how long a write waits for another process's write
	// before it fails (sqlite.BusyWait when zero).
	BusyWait time.Duration
	// ConfirmAfter is how long confirmed details count as current
	// (default DefaultConfirmAfter).
	ConfirmAfter time.Duration
	// Google is where pushes go; nil keeps customers local.
	Google channel.Client
	// PollWait replaces the wait between polls of a Google operation (tests).
	PollWait func(n int) time.Duration
	// LookupDelay replaces the 30 s a lookup at Google waits after a lost
	// create (Google's filtered list shows a new customer after a few
	// seconds).
	LookupDelay *time.Duration
	// PushDeadline is how long one push may take in all (default
	// DefaultPushDeadline); PollDeadline how long it waits for Google's
	// provisioning (default DefaultPollDeadline). A push past either stays
	// under way, to go on later.
	PushDeadline, PollDeadline time.Duration
	// ImportCheck is how often the Service undoes the imports of dead
	// processes (DefaultImportCheck when zero; negative: only when the
	// database opens). After replaces time.After for the wait (tests);
	// OnUndo, if set, hears how many imports a check undid.
	ImportCheck time.Duration
	After       func(time.Duration) <-chan time.Time
	OnUndo      func(n int)
	// MaxPolls is how many polls one Google operation gets in all
	// (default DefaultMaxPolls).
	MaxPolls int
	// Wait replaces the sync's wait between retries of a page (tests pass
	// one that returns at once); nil is a real timer.
	Wait func(ctx context.Context, d time.Duration) error
}

// Service is onboard's data: customers, drafts, orders and their history.
type Service struct {
	db      *sqlite.DB
	opts    Options
	pushMu  sync.Mutex
	pushing map[int64]bool // customers with a push running in this process
	checks  *checker       // the periodic check for dead imports
	shop    shop           // the catalogue cache and the orders being sent (orders.go)
	syncing bool           // a sync runs in this process
}

// New returns a Service over an open database.
func New(db *sqlite.DB, opts Options) *Service {
	if opts.Now == nil {
		opts.Now = time.Now
	}
	if opts.ConfirmAfter <= 0 {
		opts.ConfirmAfter = DefaultConfirmAfter
	}
	s := &Service{db: db, opts: opts}
	s.startChecks()
	return s
}

// Open opens the database at path and returns a Service over it.
func Open(ctx context.Context, path string, opts Options) (*Service, error) {
	db, err := sqlite.Open(ctx, path)
	if err != nil {
		return nil, err
	}
	db.SetBusyWait(opts.BusyWait)
	return New(db, opts), nil
}

// Close ends the periodic check and closes the database.
func (s *Service) Close() error {
	s.stopChecks()
	return s.db.Close()
}

// DB is the underlying database, for bulk tools such as seed.
func (s *Service) DB() *sqlite.DB { return s.db }

// Env is what the rules need to know: the configured reseller ID and now.
func (s *Service) Env() rules.Env {
	return rules.Env{ResellerID: s.opts.ResellerID, Now: s.now(), Products: s.productOptions()}
}

func (s *Service) now() time.Time { return s.opts.Now().UTC() }

// Create validates a create or import form and stores the customer with
// status local and an audit event. A rule problem (including a duplicate
// domain) is returned as rules.Problems.
func (s *Service) Create(ctx context.Context, actor string, mode model.Mode, fs model.Fields, opt model.CreateOptions) (rules.CreateResult, error) {
	r := rules.Validate(mode, fs, s.Env())
	if !r.OK() {
		return rules.CreateResult{}, r.Problems.Errors()
	}
	c := r.Customer
	now := s.now()
	c.CreatedBy, c.CreatedAt, c.UpdatedAt, c.Version = actor, now, now, 1
	// Whoever adds a customer typed its details in: they count as
	// confirmed from then on, not as overdue the day they were typed.
	c.ConfirmedAt = &now
	res := rules.CreateResult{Customer: c, Warnings: r.Problems.Warnings()}
	if opt.DryRun {
		if prev, ok, err := s.replay(ctx, s.db.Reader(), opt.IdempotencyKey, c); err != nil || ok {
			return rules.CreateResult{Customer: prev, Replayed: ok}, err
		}
		if ps, err := duplicates(ctx, s.db.Reader(), c); err != nil || ps != nil {
			return rules.CreateResult{}, errors.Join(err, ps)
		}
		return res, nil
	}
	err := s.db.Write(ctx, func(tx *sql.Tx) error {
		if prev, ok, err := s.replay(ctx, tx, opt.IdempotencyKey, c); err != nil || ok {
			res = rules.CreateResult{Customer: prev, Replayed: ok}
			return err
		}
		id, err := insertWithEvent(ctx, tx, actor, c, opt.IdempotencyKey)
		if err != nil {
			return err
		}
		res.Customer.ID = id
		if opt.DraftID != 0 {
			return sqlite.DeleteDraft(ctx, tx, actor, opt.DraftID)
		}
		return nil
	})
	if err != nil {
		return rules.CreateResult{}, err
	}
	return res, nil
}

// replay returns the customer created with key, when there is one and c
// is what it was created with: the same origin (create or import) and the
// same details, compared with its first audit event, which holds every
// field the create set (the customer itself may have been edited or pushed
// since). Other details under the key are a *rules.KeyReusedError.
func (s *Service) replay(ctx context.Context, q querier, key string, c model.Customer) (model.Customer, bool, error) {
	if key == "" {
		return model.Customer{}, false, nil
	}
	prev, ok, err := sqlite.CustomerByIdempotencyKey(ctx, q, key)
	if err != nil || !ok {
		return prev, ok, err
	}
	first, err := sqlite.FirstEvent(ctx, q, prev.ID)
	if err != nil {
		return model.Customer{}, false, i18n.Errorf("read how customer %s was created: %w", i18n.ID(prev.ID), err)
	}
	then := map[string]string{}
	for _, ch := range first.Changes {
		then[ch.Field] = ch.New
	}
	var differ []string
	if first.Action != string(c.Origin) {
		differ = append(differ, "mode")
	}
	now := map[string]bool{}
	for _, ch := range model.Diff(model.Customer{}, c) {
		now[ch.Field] = true
		if then[ch.Field] != ch.New {
			differ = append(differ, ch.Field)
		}
	}
	for _, ch := range first.Changes {
		if !now[ch.Field] {
			differ = append(differ, ch.Field)
		}
	}
	if len(differ) > 0 {
		return model.Customer{}, false, &rules.KeyReusedError{Key: key, Customer: prev, Fields: differ}
	}
	return prev, true, nil
}

// insertWithEvent checks for a duplicate, inserts c and records the event
// "create" or "import" with every field it set.
func insertWithEvent(ctx context.Context, tx *sql.Tx, actor string, c model.Customer, key string) (int64, error) {
	if ps, err := duplicates(ctx, tx, c); err != nil || ps != nil {
		return 0, errors.Join(err, ps)
	}
	id, err := sqlite.InsertCustomer(ctx, tx, c, key)
	if sqlite.IsUniqueViolation(err) {
		// Only reachable if the check above raced another writer, which the
		// single writer connection rules out; still, say it in the user's words.
		return 0, rules.Problems{{Field: model.FieldDomain, Code: rules.CodeDomainExists,
			Params: map[string]string{"domain": rules.DisplayDomain(c.Domain), "id": "?"}}}
	}
	if err != nil {
		return 0, i18n.Errorf("store customer %s: %w", c.Domain, err)
	}
	c.ID = id
	_, err = sqlite.InsertEvent(ctx, tx, model.Event{CustomerID: id, At: c.CreatedAt, Actor: actor,
		Action: string(c.Origin), Changes: model.Diff(model.Customer{}, c)})
	if err != nil {
		return 0, i18n.Errorf("record event for customer %s: %w", i18n.ID(id), err)
	}
	return id, nil
}

// duplicates returns the problem when c would be a second customer: a
// domain customer's domain or a team customer's primary email in use.
func duplicates(ctx context.Context, q querier, c model.Customer) (rules.Problems, error) {
	switch c.Kind {
	case model.KindDomain:
		var id int64
		err := q.QueryRowContext(ctx, "SELECT id FROM customers WHERE kind = 'domain' AND domain = ? AND id != ?", c.Domain, c.ID).Scan(&id)
		if err == nil {
			return rules.Problems{{Field: model.FieldDomain, Code: rules.CodeDomainExists,
				Params: map[string]string{"domain": rules.DisplayDomain(c.Domain), "id": strconv.FormatInt(id, 10)}}}, nil
		}
		if !errors.Is(err, sql.ErrNoRows) {
			return nil, err
		}
	case model.KindTeam:
		if c.PrimaryEmail == "" {
			return nil, nil
		}
		var id int64
		err := q.QueryRowContext(ctx, "SELECT id FROM customers WHERE kind = 'team' AND primary_email = ? AND id != ?", c.PrimaryEmail, c.ID).Scan(&id)
		if err == nil {
			return rules.Problems{{Field: model.FieldPrimaryEmail, Code: rules.CodeTeamExists,
				Params: map[string]string{"email": c.PrimaryEmail, "id": strconv.FormatInt(id, 10)}}}, nil
		}
		if !errors.Is(err, sql.ErrNoRows) {
			return nil, err
		}
	}
	return nil, nil
}

// Update validates the edited form of customer id, which the user read at
// version, and saves it. When someone else saved first it returns a
// *rules.ConflictError with their version and changes nothing.
func (s *Service) Update(ctx context.Context, actor string, id, version int64, fs model.Fields) (model.Customer, error) {
	return s.UpdateFromDraft(ctx, actor, id, version, fs, 0)
}

// UpdateFromDraft is Update for an edit saved as a draft as it was typed:
// the actor's draft draftID (0: none) is deleted in the same transaction,
// so a saved edit is never offered again, and one that was not saved (a
// conflict, a problem) keeps its draft.
func (s *Service) UpdateFromDraft(ctx context.Context, actor string, id, version int64, fs model.Fields, draftID int64) (model.Customer, error) {
	return s.change(ctx, actor, "edit", id, version, draftID, func(model.Customer) (model.Fields, error) { return fs, nil })
}

// change loads customer id, checks that it is still at version, lets form
// say what the form now holds, validates it with the rules and saves it
// with an audit event named action; the actor's draft draftID (0: none) is
// deleted in the same transaction.
func (s *Service) change(ctx context.Context, actor, action string, id, version, draftID int64, form func(cur model.Customer) (model.Fields, error)) (model.Customer, error) {
	return s.revise(ctx, actor, action, id, version, func(tx *sql.Tx, cur model.Customer) (model.Customer, error) {
		fs, err := form(cur)
		if err != nil {
			return cur, err
		}
		r := rules.Validate(cur.Origin, fs, s.Env())
		if !r.OK() {
			return cur, r.Problems.Errors()
		}
		if draftID != 0 {
			if err := sqlite.DeleteDraft(ctx, tx, actor, draftID); err != nil {
				return cur, err
			}
		}
		next := keepIdentity(cur, r.Customer)
		err = s.queuePatch(ctx, tx, actor, cur, &next)
		return next, err
	})
}

// revise saves what next makes of customer id, read at version, with an
// audit event named action, in one transaction: a version someone else
// saved meanwhile is a *rules.ConflictError, a taken domain or team email a
// problem.
func (s *Service) revise(ctx context.Context, actor, action string, id, version int64, next func(tx *sql.Tx, cur model.Customer) (model.Customer, error)) (model.Customer, error) {
	var out model.Customer
	err := s.db.Write(ctx, func(tx *sql.Tx) error {
		cur, err := sqlite.GetCustomer(ctx, tx, id)
		if err != nil {
			return err
		}
		if cur.Version != version {
			return conflict(ctx, tx, cur)
		}
		n, err := next(tx, cur)
		if err != nil {
			return err
		}
		n.UpdatedAt = s.now()
		if ps, err := duplicates(ctx, tx, n); err != nil || ps != nil {
			return errors.Join(err, ps)
		}
		out, err = s.save(ctx, tx, actor, action, cur, n)
		return err
	})
	return out, err
}

// keepIdentity copies what a form does not hold from the stored record.
func keepIdentity(cur, next model.Customer) model.Customer {
	next.ID, next.Origin, next.Version = cur.ID, cur.Origin, cur.Version
	next.Status, next.StatusMessage, next.GoogleName = cur.Status, cur.StatusMessage, cur.GoogleName
	next.CreatedBy, next.CreatedAt, next.ConfirmedAt = cur.CreatedBy, cur.CreatedAt, cur.ConfirmedAt
	if next.CloudIdentityID == "" {
		next.CloudIdentityID = cur.CloudIdentityID
	}
	if next.TransferToken == "" {
		next.TransferToken, next.TransferTokenDate = cur.TransferToken, cur.TransferTokenDate
	}
	return next
}

// save writes next over cur (same version) with an event of what changed.
func (s *Service) save(ctx context.Context, tx *sql.Tx, actor, action string, cur, next model.Customer) (model.Customer, error) {
	if err := sqlite.UpdateCustomer(ctx, tx, next); err != nil {
		if errors.Is(err, sqlite.ErrVersionConflict) {
			now, gerr := sqlite.GetCustomer(ctx, tx, cur.ID)
			if gerr != nil {
				return model.Customer{}, gerr
			}
			return model.Customer{}, conflict(ctx, tx, now)
		}
		return model.Customer{}, i18n.Errorf("save customer %s: %w", i18n.ID(cur.ID), err)
	}
	next.Version++
	_, err := sqlite.InsertEvent(ctx, tx, model.Event{CustomerID: cur.ID, At: next.UpdatedAt, Actor: actor,
		Action: action, Changes: model.Diff(cur, next)})
	if err != nil {
		return model.Customer{}, i18n.Errorf("record event for customer %s: %w", i18n.ID(cur.ID), err)
	}
	return next, nil
}

// Get returns one customer.
func (s *Service) Get(ctx context.Context, id int64) (model.Customer, error) {
	return sqlite.GetCustomer(ctx, s.db.Cached(), id)
}

// Find resolves what a user typed to name a customer: an id, a domain (the
// domain customer, or the only team in it) or a team's primary email.
func (s *Service) Find(ctx context.Context, ref string) (model.Customer, error) {
	ref = strings.TrimSpace(ref)
	if id, err := strconv.ParseInt(ref, 10, 64); err == nil {
		return s.Get(ctx, id)
	}
	q := s.db.Reader()
	if strings.Contains(ref, "@") {
		e, err := rules.NormalizeEmail(ref)
		if err != nil {
			return model.Customer{}, i18n.Errorf("no customer %q: %w", rules.Sanitize(ref), ErrNotFound)
		}
		c, ok, err := sqlite.TeamCustomer(ctx, q, e)
		if err == nil && !ok {
			err = i18n.Errorf("no team customer with primary email %s: %w", e, ErrNotFound)
		}
		return c, err
	}
	d, err := rules.NormalizeDomain(ref)
	if err != nil {
		return model.Customer{}, i18n.Errorf("no customer %q: %w", rules.Sanitize(ref), ErrNotFound)
	}
	cs, err := sqlite.CustomersByDomain(ctx, q, d)
	if err != nil {
		return model.Customer{}, err
	}
	for _, c := range cs {
		if c.Kind == model.KindDomain {
			return c, nil
		}
	}
	switch len(cs) {
	case 0:
		return model.Customer{}, i18n.Errorf("no customer with domain %s: %w", rules.DisplayDomain(d), ErrNotFound)
	case 1:
		return cs[0], nil
	}
	ids := make([]string, len(cs))
	for i, c := range cs {
		ids[i] = strconv.FormatInt(c.ID, 10)
	}
	return model.Customer{}, i18n.Errorf("%d team customers use %s (ids %s): name one by id or primary email", len(cs), rules.DisplayDomain(d), strings.Join(ids, ", "))
}

// List returns one page of customers.
func (s *Service) List(ctx context.Context, q model.ListQuery) ([]model.Customer, error) {
	return sqlite.ListCustomers(ctx, s.db.Cached(), q)
}

// Count returns how many customers there are, in O(1).
func (s *Service) Count(ctx context.Context) (int64, error) {
	return sqlite.CountCustomers(ctx, s.db.Cached())
}

// History returns a customer's audit events, oldest first.
func (s *Service) History(ctx context.Context, id int64) ([]model.Event, error) {
	return sqlite.Events(ctx, s.db.Cached(), id)
}

// CountMatching returns how many customers match a list query's text,
// counting at most limit when limit > 0.
func (s *Service) CountMatching(ctx context.Context, query string, limit int) (int64, error) {
	if strings.TrimSpace(query) == "" {
		return s.Count(ctx)
	}
	return sqlite.CountMatching(ctx, s.db.Cached(), query, limit)
}

// Position returns how many customers come before c in the order and
// filter of q: its zero-based index in the list.
func (s *Service) Position(ctx context.Context, q model.ListQuery, c model.Customer) (int64, error) {
	cur := model.CursorOf(c, q.Sort)
	q.After = &cur
	return sqlite.CountBefore(ctx, s.db.Cached(), q)
}
