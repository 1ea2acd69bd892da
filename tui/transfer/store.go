package transfer

import (
	"context"

	"onboard/model"
)

// Store is what the transfer screen asks of the store: the imported
// customer's subscriptions elsewhere and moving the chosen ones.
type Store interface {
	TransferOptions(ctx context.Context, customerID int64) ([]model.TransferChoice, error)
	Transfer(ctx context.Context, actor string, customerID int64, picks []model.TransferPick) ([]model.Order, error)
}
