package sqlite

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"strings"

	"onboard/model"
)

// Inserter writes many customers and events in one transaction, for bulk
// loads (seed, CSV import): rows are buffered and written batch rows to a
// statement (prepared once), which costs far less than a statement a row.
// Finish writes what is buffered, then indexes and counts the new rows; it
// must run before the transaction commits.
type Inserter struct {
	tx              *sql.Tx
	customer, event *sql.Stmt // batch rows each
	buf             []Row
	first, last     int64
	n               int64
	// Rows that come in name order after every ranked row (a seed, an
	// import into an empty table, an import's later chunks) get their
	// ranks as they are inserted; from the first that does not, the rest
	// are ranked at Finish.
	inOrder             bool
	prevName            string
	startRank, nextRank int64
}

// batch is how many rows one statement of an Inserter writes.
const batch = 64

// NewInserter prepares the statements on tx; Close finishes the load.
func NewInserter(ctx context.Context, tx *sql.Tx) (*Inserter, error) {
	if _, err := tx.ExecContext(ctx, "INSERT INTO bulk_load (active) VALUES (1)"); err != nil {
		return nil, err
	}
	c, err := tx.PrepareContext(ctx, multiRow(insertCustomerSQL, batch))
	if err != nil {
		return nil, err
	}
	e, err := tx.PrepareContext(ctx, multiRow(insertEventSQL, batch))
	if err != nil {
		c.Close()
		return nil, err
	}
	in := &Inserter{tx: tx, customer: c, event: e, buf: make([]Row, 0, batch), inOrder: true}
	err = tx.QueryRowContext(ctx, "SELECT org_key, org_rank FROM customers WHERE org_rank IS NOT NULL ORDER BY org_rank DESC LIMIT 1").
		Scan(&in.prevName, &in.startRank)
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		in.Close()
		return nil, err
	}
	in.nextRank = in.startRank + rankStep
	return in, nil
}

// multiRow turns "INSERT … VALUES (?, …)" into one that inserts n rows.
func multiRow(insert string, n int) string {
	i := strings.LastIndex(insert, "(")
	one := insert[i:]
	return insert[:i] + strings.TrimSuffix(strings.Repeat(one+", ", n), ", ")
}

// Row is a customer and its audit event made ready for a bulk load: the
// search text folded and the changes encoded, work a loader can do on
// another core while the writer writes.
type Row struct {
	args    []any  // the customer's; the last is its rank
	name    string // the name's sort key (OrgKey)
	changes string
	at      int64
	actor   string
	action  string
}

// PrepareRow readies c (and the event that records it) for Inserter.Add.
func PrepareRow(c model.Customer, e model.Event) Row {
	changes := []byte("[]")
	if len(e.Changes) > 0 {
		changes, _ = json.Marshal(e.Changes)
	}
	return Row{args: append(insertCustomerArgs(&c, ""), nil), name: OrgKey(c.OrgName), changes: string(changes), at: micros(e.At), actor: e.Actor, action: e.Action}
}

// UniqueError is a row of a bulk load that broke a unique index (its
// domain or team email is stored already): Index counts the rows added to
// the Inserter, from 0.
type UniqueError struct {
	Index int64
	Err   error
}

func (e *UniqueError) Error() string { return e.Err.Error() }
func (e *UniqueError) Unwrap() error { return e.Err }

// Add buffers a prepared customer and its event, writing a batch when the
// buffer is full. A row that breaks a unique index fails the load with a
// *UniqueError naming it.
func (in *Inserter) Add(ctx context.Context, r Row) error {
	if in.inOrder = in.inOrder && in.prevName <= r.name; in.inOrder {
		// Later ids break ties, so an equal name still sorts after.
		r.args[len(r.args)-1] = in.nextRank
		in.prevName, in.nextRank = r.name, in.nextRank+rankStep
	}
	in.buf = append(in.buf, r)
	if len(in.buf) == batch {
		return in.flush(ctx)
	}
	return nil
}

// flush writes the buffered rows: a full batch in one statement each for
// the customers and their events, a partial one row by row. A batch that
// breaks a unique index is written again row by row to find the row.
func (in *Inserter) flush(ctx context.Context) error {
	if len(in.buf) == 0 {
		return nil
	}
	base := in.n
	if len(in.buf) == batch {
		args := make([]any, 0, batch*len(in.buf[0].args))
		for _, r := range in.buf {
			args = append(args, r.args...)
		}
		res, err := in.customer.ExecContext(ctx, args...)
		if err == nil {
			var last int64
			if last, err = res.LastInsertId(); err != nil {
				return err
			}
			// One statement, one writer: the rows took consecutive ids.
			first := last - batch + 1
			ev := make([]any, 0, batch*5)
			for i, r := range in.buf {
				ev = append(ev, first+int64(i), r.at, r.actor, r.action, r.changes)
			}
			if _, err := in.event.ExecContext(ctx, ev...); err != nil {
				return err
			}
			in.added(first, last)
			in.buf = in.buf[:0]
			return nil
		}
		if !IsUniqueViolation(err) {
			return err
		}
		// The statement left nothing behind: find the row one by one.
	}
	for i, r := range in.buf {
		res, err := in.tx.ExecContext(ctx, insertCustomerSQL, r.args...)
		if IsUniqueViolation(err) {
			return &UniqueError{Index: base + int64(i), Err: err}
		}
		if err != nil {
			return err
		}
		id, err := res.LastInsertId()
		if err != nil {
			return err
		}
		if _, err := in.tx.ExecContext(ctx, insertEventSQL, id, r.at, r.actor, r.action, r.changes); err != nil {
			return err
		}
		in.added(id, id)
	}
	in.buf = in.buf[:0]
	return nil
}

func (in *Inserter) added(first, last int64) {
	if in.first == 0 {
		in.first = first
	}
	in.last = last
	in.n += last - first + 1
}

// Finish writes what is buffered, indexes and counts the inserted rows
// and ends bulk mode.
func (in *Inserter) Finish(ctx context.Context) error {
	if err := in.flush(ctx); err != nil {
		return err
	}
	if in.nextRank > in.startRank+rankStep {
		// The rows ranked as they came: into the search indexes in rank
		// order, before the rest are ranked around them.
		for _, q := range []string{
			"INSERT INTO customers_fts (rowid, search_text) SELECT org_rank, search_text FROM customers WHERE org_rank > ? ORDER BY org_rank",
			"INSERT INTO customers_words (rowid, search_words) SELECT org_rank, search_words FROM customers WHERE org_rank > ? ORDER BY org_rank",
		} {
			if _, err := in.tx.ExecContext(ctx, q, in.startRank); err != nil {
				return fmt.Errorf("index the new customers: %w", err)
			}
		}
	}
	if in.n > 0 {
		if _, err := in.tx.ExecContext(ctx, "UPDATE counters SET value = value + ? WHERE name = 'customers'", in.n); err != nil {
			return err
		}
	}
	if err := assignRanks(ctx, in.tx); err != nil {
		return fmt.Errorf("index the new customers: %w", err)
	}
	return nil
}

// IDs are the first and last id the inserter gave (0, 0 before the first
// row): consecutive, since it is the only writer of its transaction.
func (in *Inserter) IDs() (first, last int64) { return in.first, in.last }

// Close releases the prepared statements.
func (in *Inserter) Close() error { return errors.Join(in.customer.Close(), in.event.Close()) }
