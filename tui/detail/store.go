package detail

import (
	"context"
	"time"

	"onboard/model"
)

// Store is what the customer screen asks of the store: the customer with
// its history and orders, the changes made from this screen, and the
// pushes to and refreshes from Google.
type Store interface {
	Get(ctx context.Context, id int64) (model.Customer, error)
	History(ctx context.Context, id int64) ([]model.Event, error)
	Orders(ctx context.Context, customerID int64) ([]model.Order, error)
	Confirm(ctx context.Context, actor string, id, version int64) (model.Customer, error)
	VerifyDomain(ctx context.Context, actor string, id, version int64, domain, primaryEmail string) (model.Customer, error)
	CancelOrder(ctx context.Context, actor string, orderID int64) (model.Order, error)
	ConfirmAfter() time.Duration
	HasGoogle() bool
	Push(ctx context.Context, actor string, id int64) (model.Customer, error)
	FromGoogle(ctx context.Context, id int64) (model.Customer, model.GoogleCustomer, []model.Difference, error)
	TakeGoogle(ctx context.Context, actor string, id, version int64, got model.GoogleCustomer) (model.Customer, error)
	// The subscriptions at Google (subscriptions.go).
	CanSell() bool
	RefreshOrders(ctx context.Context, actor string, customerID int64) ([]model.Order, error)
	RetryOrder(ctx context.Context, actor string, orderID int64) (model.Order, error)
	SendLocalOrder(ctx context.Context, actor string, orderID int64) (model.Order, error)
}
