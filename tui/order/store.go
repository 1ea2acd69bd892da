package order

import (
	"context"

	"onboard/model"
)

// Store is what the Buy screen asks of the store: whether orders go to
// Google, the customer's catalogue there, and placing the order.
type Store interface {
	CanSell() bool
	Catalog(ctx context.Context, customerID int64, fresh bool) ([]model.Offer, error)
	PlaceOrder(ctx context.Context, actor string, customerID int64, f model.OrderForm) (model.Order, error)
}
