package tips

import (
	"context"

	"onboard/model"
)

// Store is what the setup screen asks of the store: saving the setup.
type Store interface {
	SetupTips(ctx context.Context, actor string, id, version int64, language, timeZone, smart string) (model.Customer, error)
}
