package bulk

import (
	"context"
	"io"

	"onboard/model"
)

// Store is what the CSV import screen asks of the store: the import.
type Store interface {
	ImportCSV(ctx context.Context, actor string, r io.Reader, opt model.CSVOptions) (model.CSVResult, error)
}
