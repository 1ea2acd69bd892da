package order

import (
	"context"

	"onboard/model"
)

// Store is what the Buy screen asks of the store: placing the order.
type Store interface {
	PlaceOrder(ctx context.Context, actor string, customerID int64, sku, seats, plan, po string) (model.Order, error)
}
