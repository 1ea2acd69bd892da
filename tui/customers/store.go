package customers

import (
	"context"
	"time"

	"onboard/model"
)

// Store is what the list asks of the store: pages, counts and the
// confirmation period that makes a customer stale.
type Store interface {
	List(ctx context.Context, q model.ListQuery) ([]model.Customer, error)
	Count(ctx context.Context) (int64, error)
	CountMatching(ctx context.Context, query string, limit int) (int64, error)
	Position(ctx context.Context, q model.ListQuery, c model.Customer) (int64, error)
	ConfirmAfter() time.Duration
	CountStale(ctx context.Context, cutoff time.Time) (int64, error)
}
