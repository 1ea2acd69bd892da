package model

import "errors"

// ErrKeyReused is an idempotency key used again with other content than it
// was first used with (rules.KeyReusedError says which customer and what).
var ErrKeyReused = errors.New("idempotency key used before for other details")

// CreateOptions tune a create.
type CreateOptions struct {
	// IdempotencyKey makes a retried create return the first one's customer
	// instead of a second customer. A retry is the same create: the same
	// mode and the same details, as the rules normalise them. The key used
	// again with other details is refused with ErrKeyReused, since returning
	// the first customer would pass off a new one as created.
	IdempotencyKey string
	// DraftID is deleted in the same transaction, so a finished draft is
	// never offered again and a failed create keeps it.
	DraftID int64
	// DryRun validates and checks for duplicates but writes nothing.
	DryRun bool
}

// CSVProgress is how far an import is: checking reads the file (Done and
// Total in bytes, Total 0 when unknown), writing stores the rows.
type CSVProgress struct {
	Phase       string // "check", "write", then "index" (for search)
	Done, Total int64
}

// CSVOptions tune a CSV import.
type CSVOptions struct {
	DryRun   bool              // check only
	Size     int64             // the file's size in bytes, for progress; 0 if unknown
	Progress func(CSVProgress) // called every few thousand rows; may be nil
	// ChunkRows caps the rows of one write transaction (default 5,000;
	// a chunk is also cut at about a quarter of a second).
	ChunkRows int
}

// CSVResult is what an import did.
type CSVResult struct {
	Rows int // customers in the file (and stored, unless a dry run)
}
