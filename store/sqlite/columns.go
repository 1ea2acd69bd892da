package sqlite

import (
	"database/sql"
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"onboard/model"
)

// The customers table's columns are those of model.CustomerFields that
// have one, in its order; everything that lists them (the SELECT and
// INSERT column lists, the scan targets, the stored values) is derived
// here from that table.

// column is one of the customers table's columns and where a scanned row
// keeps it: slot indexes the row's text (text and lines columns) or its
// other values.
type column struct {
	f    *model.CustomerField
	slot int
}

// layout is the columns of model.CustomerFields: each with its slot, the
// names of the text columns and the others, of all, and of those an
// INSERT or UPDATE writes (not the id and version the store keeps), each
// in the table's order.
type layout struct {
	columns                   []column
	text, other, all, written []string
}

var (
	table                     = newLayout()
	columns                   = table.columns
	textColumns, otherColumns = len(table.text), len(table.other)
	writtenColumns            = table.written
	// customerColumns are the columns a customer is read from.
	customerColumns = strings.Join(table.all, ", ")
	// packedColumns are customerColumns with the text ones read as one
	// JSON array (in columns' order), then the others: a bulk read
	// (EachCustomer) then asks the driver for one value instead of one a
	// text column (28 of the 34), which halves its cost.
	packedColumns = "json_array(" + strings.Join(table.text, ", ") + "), " + strings.Join(table.other, ", ")
)

func newLayout() layout {
	var t layout
	for i := range model.CustomerFields {
		f := &model.CustomerFields[i]
		if f.Column == "" {
			continue
		}
		t.all = append(t.all, f.Column)
		if f.Type != model.RowField {
			t.written = append(t.written, f.Column)
		}
		if isText(f) {
			t.columns = append(t.columns, column{f, len(t.text)})
			t.text = append(t.text, f.Column)
		} else {
			t.columns = append(t.columns, column{f, len(t.other)})
			t.other = append(t.other, f.Column)
		}
	}
	return t
}

// isText says whether the column holds text (read into the JSON array of
// a packed read).
func isText(f *model.CustomerField) bool {
	return f.Type == model.TextField || f.Type == model.LinesField
}

// micros stores times as unix microseconds: compact, and sortable as integers.
func micros(t time.Time) int64 { return t.UnixMicro() }

func fromMicros(v int64) time.Time { return time.UnixMicro(v).UTC() }

type scanner interface{ Scan(dest ...any) error }

// rowScan is where rows of customerColumns are scanned: a string for each
// text column and a value for each other, and the Scan targets pointing at
// them, so a query's rows reuse one.
type rowScan struct {
	text  []string
	other []any
	dest  []any
}

func newRowScan() *rowScan {
	r := &rowScan{text: make([]string, textColumns), other: make([]any, otherColumns), dest: make([]any, len(columns))}
	for i, col := range columns {
		if isText(col.f) {
			r.dest[i] = &r.text[col.slot]
		} else {
			r.dest[i] = &r.other[col.slot]
		}
	}
	return r
}

// scan reads one row of customerColumns.
func (r *rowScan) scan(s scanner) (model.Customer, error) {
	var c model.Customer
	if err := s.Scan(r.dest...); err != nil {
		return c, err
	}
	return c, fill(&c, r.text, r.other)
}

func scanCustomer(s scanner) (model.Customer, error) { return newRowScan().scan(s) }

// fill sets c's fields from a row's text and other values (as rowScan
// keeps them). The other values are what the driver gives an INTEGER
// column: int64, or nil for NULL.
func fill(c *model.Customer, text []string, other []any) error {
	for _, col := range columns {
		f := col.f
		if isText(f) {
			v := text[col.slot]
			if f.Type == model.TextField {
				f.Set(c, v)
			} else if err := readLines(v, f.Lines(c)); err != nil {
				return fmt.Errorf("customer %d: %s: %w", c.ID, f.Column, err)
			}
			continue
		}
		n, ok := other[col.slot].(int64)
		if !ok && (other[col.slot] != nil || f.Type != model.OptTimeField) {
			return fmt.Errorf("customer %d: %s: %T is not a number", c.ID, f.Column, other[col.slot])
		}
		switch f.Type {
		case model.RowField:
			*f.Int(c) = n
		case model.DayField:
			if n != 0 {
				*f.Time(c) = time.Unix(n, 0).UTC()
			}
		case model.TimeField:
			*f.Time(c) = fromMicros(n)
		case model.OptTimeField:
			if ok {
				t := fromMicros(n)
				*f.OptTime(c) = &t
			}
		}
	}
	return nil
}

// readLines reads a JSON array of lines ("" and "[]" are none). It was
// written by json.Marshal, so jsonStrings reads it without reflection;
// anything else (white space) goes to json.Unmarshal.
func readLines(s string, dst *[]string) error {
	if s == "" || s == "[]" {
		return nil
	}
	var err error
	if *dst, err = jsonStrings(s, nil); err != nil {
		return json.Unmarshal([]byte(s), dst)
	}
	return nil
}

// customerValues returns the values of writtenColumns, in order.
func customerValues(c *model.Customer) []any {
	out := make([]any, 0, len(writtenColumns)+5) // and what insert or update adds
	for _, col := range columns {
		f := col.f
		switch f.Type {
		case model.RowField:
		case model.TextField:
			out = append(out, f.Get(c))
		case model.LinesField:
			lines := "[]"
			if l := *f.Lines(c); len(l) > 0 {
				b, _ := json.Marshal(l)
				lines = string(b)
			}
			out = append(out, lines)
		case model.DayField:
			var day int64
			if t := *f.Time(c); !t.IsZero() {
				day = t.Unix()
			}
			out = append(out, day)
		case model.TimeField:
			out = append(out, micros(*f.Time(c)))
		case model.OptTimeField:
			var at any
			if t := *f.OptTime(c); t != nil {
				at = micros(*t)
			}
			out = append(out, at)
		}
	}
	return out
}

// Raw is a customer as EachRaw reads it, not yet decoded: a bulk reader
// hands rows to another goroutine, which decodes them while it reads on.
type Raw struct {
	packed string
	other  []any
}

// Decode makes the customer; fields is scratch space, reused from row to
// row.
func (r *Raw) Decode(fields []string) (model.Customer, error) {
	var c model.Customer
	err := r.DecodeTo(&c, fields)
	return c, err
}

// DecodeTo is Decode into c, which it clears first: a bulk reader reuses
// one customer rather than making one a row.
func (r *Raw) DecodeTo(c *model.Customer, fields []string) error {
	*c = model.Customer{}
	text, err := jsonStrings(r.packed, fields[:0])
	if err != nil {
		return fmt.Errorf("customer row: %w", err)
	}
	if len(text) != textColumns {
		return fmt.Errorf("customer row: %d of %d text fields", len(text), textColumns)
	}
	return fill(c, text, r.other)
}

// rawScan is where EachRaw scans rows of packedColumns. It makes Raws,
// and their other values, rawChunk at a time rather than one by one.
type rawScan struct {
	dest  []any
	raws  []Raw
	other []any
}

const rawChunk = 256

// scan reads one row into a new Raw.
func (s *rawScan) scan(rows *sql.Rows) (*Raw, error) {
	if len(s.raws) == 0 {
		s.raws, s.other = make([]Raw, rawChunk), make([]any, rawChunk*otherColumns)
	}
	if s.dest == nil {
		s.dest = make([]any, 1+otherColumns)
	}
	r := &s.raws[0]
	s.raws = s.raws[1:]
	r.other, s.other = s.other[:otherColumns:otherColumns], s.other[otherColumns:]
	s.dest[0] = &r.packed
	for i := range r.other {
		s.dest[1+i] = &r.other[i]
	}
	return r, rows.Scan(s.dest...)
}
