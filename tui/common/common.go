// Package common holds what every screen of the app shares: the store
// interface the screens use, the session's context, styles and size, and the
// messages screens send to the root model.
package common

import (
	"context"
	"io"
	"time"

	tea "charm.land/bubbletea/v2"

	"onboard/i18n"
	"onboard/model"
	"onboard/model/rules"
	"onboard/tui/styles"
)

// Store is the part of store.Service the screens use.
type Store interface {
	Env() rules.Env
	List(ctx context.Context, q model.ListQuery) ([]model.Customer, error)
	Count(ctx context.Context) (int64, error)
	CountMatching(ctx context.Context, query string, limit int) (int64, error)
	Position(ctx context.Context, q model.ListQuery, c model.Customer) (int64, error)
	Get(ctx context.Context, id int64) (model.Customer, error)
	UpdateFromDraft(ctx context.Context, actor string, id, version int64, fs model.Fields, draftID int64) (model.Customer, error)
	Create(ctx context.Context, actor string, mode model.Mode, fs model.Fields, opt model.CreateOptions) (rules.CreateResult, error)
	SaveDraft(ctx context.Context, d model.Draft) (int64, error)
	Drafts(ctx context.Context, owner string) ([]model.Draft, error)
	DeleteDraft(ctx context.Context, owner string, id int64) error
	PlaceOrder(ctx context.Context, actor string, customerID int64, sku, seats, plan, po string) (model.Order, error)
	Orders(ctx context.Context, customerID int64) ([]model.Order, error)
	History(ctx context.Context, id int64) ([]model.Event, error)
	Confirm(ctx context.Context, actor string, id, version int64) (model.Customer, error)
	VerifyDomain(ctx context.Context, actor string, id, version int64, domain, primaryEmail string) (model.Customer, error)
	SetupTips(ctx context.Context, actor string, id, version int64, language, timeZone, smart string) (model.Customer, error)
	CancelOrder(ctx context.Context, actor string, orderID int64) (model.Order, error)
	ConfirmAfter() time.Duration
	CountStale(ctx context.Context, cutoff time.Time) (int64, error)
	Find(ctx context.Context, ref string) (model.Customer, error)
	HasGoogle() bool
	CheckNew(ctx context.Context, mode model.Mode, fs model.Fields) error
	Push(ctx context.Context, actor string, id int64) (model.Customer, error)
	Pending(ctx context.Context) ([]int64, error)
	FromGoogle(ctx context.Context, id int64) (model.Customer, model.GoogleCustomer, []model.Difference, error)
	TakeGoogle(ctx context.Context, actor string, id, version int64, got model.GoogleCustomer) (model.Customer, error)
	ImportCSV(ctx context.Context, actor string, r io.Reader, opt model.CSVOptions) (model.CSVResult, error)
}

// Common is passed to every screen of one session.
type Common struct {
	Ctx    context.Context
	Styles *styles.Styles
	Svc    Store
	// Actor is who the audit trail names and who owns the drafts.
	Actor string
	// Now is the clock, replaceable in tests.
	Now func() time.Time
	// Tick schedules a message after a delay (tea.Tick unless a test
	// replaces it).
	Tick   func(time.Duration, func(time.Time) tea.Msg) tea.Cmd
	Width  int
	Height int
	// Files: the session may read files on this machine (the local app;
	// not an SSH session, whose user is not the server's).
	Files bool
	// L is the session's language.
	L i18n.Lang
}

// T translates msg into the session's language (see i18n.Lang.T).
func (c *Common) T(msg string, args ...any) string { return c.L.T(msg, args...) }

// N is T with a singular and a plural form (see i18n.Lang.N).
func (c *Common) N(n int64, one, many string, args ...any) string {
	return c.L.N(n, one, many, args...)
}

// ErrMsg reports a failed operation; the root shows it on the status line.
type ErrMsg struct {
	Op  string
	Err error
}

// NoticeMsg is a short message for the status line.
type NoticeMsg struct{ Text string }

// Notice returns a command that shows text on the status line.
func Notice(text string) tea.Cmd { return func() tea.Msg { return NoticeMsg{Text: text} } }

// Fail returns a command that reports err from op on the status line.
func Fail(op string, err error) tea.Cmd { return func() tea.Msg { return ErrMsg{Op: op, Err: err} } }

// Intents lets a screen ask the root for something (open the wizard, go
// back to the list) synchronously: the root takes the intent right after
// the screen's Update, so keys typed quickly after it go to the new screen.
type Intents struct{ pending tea.Msg }

// Emit records an intent for the root.
func (i *Intents) Emit(msg tea.Msg) { i.pending = msg }

// TakeIntent returns the pending intent, if any, and clears it.
func (i *Intents) TakeIntent() tea.Msg {
	m := i.pending
	i.pending = nil
	return m
}
