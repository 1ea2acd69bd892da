package tui

import (
	"context"

	"onboard/model"
	"onboard/tui/bulk"
	"onboard/tui/customers"
	"onboard/tui/detail"
	"onboard/tui/order"
	"onboard/tui/tips"
	"onboard/tui/transfer"
	"onboard/tui/wizard"
)

// Store is what the app asks of the store: everything its screens ask,
// and the root's own calls (the drafts offered at start, the pushes that
// were under way). *store.Service satisfies it; the command that starts the
// app checks so at compile time.
type Store interface {
	customers.Store
	detail.Store
	order.Store
	wizard.Store
	tips.Store
	bulk.Store
	transfer.Store

	Drafts(ctx context.Context, owner string) ([]model.Draft, error)
	DeleteDraft(ctx context.Context, owner string, id int64) error
	Get(ctx context.Context, id int64) (model.Customer, error)
	HasGoogle() bool
	Push(ctx context.Context, actor string, id int64) (model.Customer, error)
	// ResumePushes goes on with the pushes under way when onboard last
	// stopped, a few at a time, telling done of each; it returns how many.
	ResumePushes(ctx context.Context, actor string, done func(model.ResumedPush)) (int, error)
	// ResumeOrders goes on with the orders at Google under way when
	// onboard last stopped, telling done of each; it returns how many.
	ResumeOrders(ctx context.Context, actor string, done func(model.Order, error)) (int, error)
	// Products reads the reseller's product families from Google (kept
	// for the wizard's product family choice).
	Products(ctx context.Context) ([]model.Product, error)
}
