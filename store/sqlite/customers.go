package sqlite

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"onboard/model"
	"onboard/model/rules"
)

// ErrNotFound means no row has that id.
var ErrNotFound = errors.New("not found")

// ErrVersionConflict means the row changed since it was read.
var ErrVersionConflict = model.ErrConflict

// querier is what both *sql.DB and *sql.Tx offer.
type querier interface {
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
}

const customerColumns = `id, kind, origin, org_name, domain, primary_email, alternate_email, phone, crm_id,
	institute_type, institute_size, website, admin_first_name, admin_last_name,
	region_code, postal_code, locality, administrative_area, address_lines,
	reseller_id, status, status_message, cloud_identity_id, google_name, language, time_zone, smart_features,
	transfer_token, transfer_token_date, created_by, created_at, updated_at, confirmed_at, version`

// micros stores times as unix microseconds: compact, and sortable as integers.
func micros(t time.Time) int64 { return t.UnixMicro() }

func fromMicros(v int64) time.Time { return time.UnixMicro(v).UTC() }

type scanner interface{ Scan(dest ...any) error }

func scanCustomer(s scanner) (model.Customer, error) {
	var (
		c                           model.Customer
		text                        [packedText]string
		tokenDate, created, updated int64
		confirmed                   sql.NullInt64
	)
	err := s.Scan(&c.ID, &text[0], &text[1], &text[2], &text[3], &text[4], &text[5], &text[6], &text[7],
		&text[8], &text[9], &text[10], &text[11], &text[12], &text[13], &text[14], &text[15], &text[16], &text[17],
		&text[18], &text[19], &text[20], &text[21], &text[22], &text[23], &text[24], &text[25],
		&text[26], &tokenDate, &text[27], &created, &updated, &confirmed, &c.Version)
	if err != nil {
		return c, err
	}
	return c, fillCustomer(&c, text[:], tokenDate, created, updated, confirmed)
}

// packedText is how many of customerColumns are text: all but id,
// transfer_token_date, the three times and version.
const packedText = 28

// packedColumns are customerColumns with the text ones read as one JSON
// array (in customerColumns' order): a bulk read (EachCustomer) then asks
// the driver for 7 values a row instead of 34, which halves its cost.
const packedColumns = `id, json_array(kind, origin, org_name, domain, primary_email, alternate_email, phone, crm_id,
	institute_type, institute_size, website, admin_first_name, admin_last_name,
	region_code, postal_code, locality, administrative_area, address_lines,
	reseller_id, status, status_message, cloud_identity_id, google_name, language, time_zone, smart_features,
	transfer_token, created_by), transfer_token_date, created_at, updated_at, confirmed_at, version`

// Raw is a customer as EachRaw reads it, not yet decoded: a bulk reader
// hands rows to another goroutine, which decodes them while it reads on.
type Raw struct {
	id, version                 int64
	packed                      string
	tokenDate, created, updated int64
	confirmed                   sql.NullInt64
}

// Decode makes the customer; fields is scratch space, reused from row to
// row.
func (r *Raw) Decode(fields []string) (model.Customer, error) {
	c := model.Customer{ID: r.id, Version: r.version}
	text, err := jsonStrings(r.packed, fields[:0])
	if err != nil || len(text) != packedText {
		return c, fmt.Errorf("customer %d: %d of %d fields: %v", r.id, len(text), packedText, err)
	}
	return c, fillCustomer(&c, text, r.tokenDate, r.created, r.updated, r.confirmed)
}

// fillCustomer sets c's fields from the text columns (in customerColumns'
// order) and the times.
func fillCustomer(c *model.Customer, text []string, tokenDate, created, updated int64, confirmed sql.NullInt64) error {
	c.Kind, c.Origin, c.OrgName, c.Domain = model.Kind(text[0]), model.Mode(text[1]), text[2], text[3]
	c.PrimaryEmail, c.AlternateEmail, c.Phone, c.CRMID = text[4], text[5], text[6], text[7]
	itype, isize, web := text[8], text[9], text[10]
	c.AdminFirstName, c.AdminLastName = text[11], text[12]
	c.Address.RegionCode, c.Address.PostalCode, c.Address.Locality, c.Address.AdministrativeArea = text[13], text[14], text[15], text[16]
	lines := text[17]
	c.ResellerID, c.Status, c.StatusMessage, c.CloudIdentityID = text[18], model.Status(text[19]), text[20], text[21]
	c.GoogleName, c.Language, c.TimeZone, c.SmartFeatures = text[22], text[23], text[24], text[25]
	c.TransferToken, c.CreatedBy = text[26], text[27]
	if itype != "" || isize != "" {
		c.Education = &model.Education{InstituteType: itype, InstituteSize: isize, Website: web}
	}
	if lines != "" && lines != "[]" {
		// Written by json.Marshal, so jsonStrings reads it without
		// reflection; anything else (white space) goes to json.Unmarshal.
		var err error
		if c.Address.AddressLines, err = jsonStrings(lines, nil); err != nil {
			if err := json.Unmarshal([]byte(lines), &c.Address.AddressLines); err != nil {
				return fmt.Errorf("customer %d: address lines: %w", c.ID, err)
			}
		}
	}
	if tokenDate != 0 {
		c.TransferTokenDate = time.Unix(tokenDate, 0).UTC()
	}
	c.CreatedAt, c.UpdatedAt = fromMicros(created), fromMicros(updated)
	if confirmed.Valid {
		t := fromMicros(confirmed.Int64)
		c.ConfirmedAt = &t
	}
	return nil
}

// jsonStrings appends to dst the strings of a JSON array of strings as
// SQLite's json_array writes it (no white space). A string without escapes
// is a slice of s; the others are decoded.
func jsonStrings(s string, dst []string) ([]string, error) {
	if len(s) < 2 || s[0] != '[' || s[len(s)-1] != ']' {
		return dst, errors.New("not a JSON array")
	}
	i := 1
	if s[i] == ']' {
		return dst, nil
	}
	for {
		if i >= len(s) || s[i] != '"' {
			return dst, fmt.Errorf("no string at %d", i)
		}
		i++
		start, plain := i, true
		for i < len(s) && s[i] != '"' {
			if s[i] == '\\' {
				plain = false
				i++
			}
			i++
		}
		if i >= len(s) {
			return dst, errors.New("unterminated string")
		}
		if plain {
			dst = append(dst, s[start:i])
		} else {
			v, err := unescapeJSON(s[start-1 : i+1])
			if err != nil {
				return dst, fmt.Errorf("string at %d: %w", start, err)
			}
			dst = append(dst, v)
		}
		i++
		switch {
		case i < len(s) && s[i] == ',':
			i++
		case i == len(s)-1 && s[i] == ']':
			return dst, nil
		default:
			return dst, fmt.Errorf("no comma or end at %d", i)
		}
	}
}

// unescapeJSON decodes a quoted JSON string with escapes: the one-letter
// escapes by hand (address lines, themselves JSON, are full of \"), the
// rest (\u) by the standard decoder.
func unescapeJSON(q string) (string, error) {
	var b strings.Builder
	b.Grow(len(q))
	for i := 1; i < len(q)-1; i++ {
		ch := q[i]
		if ch != '\\' {
			b.WriteByte(ch)
			continue
		}
		i++
		switch q[i] {
		case '"', '\\', '/':
			b.WriteByte(q[i])
		case 'n':
			b.WriteByte('\n')
		case 't':
			b.WriteByte('\t')
		case 'r':
			b.WriteByte('\r')
		case 'b':
			b.WriteByte('\b')
		case 'f':
			b.WriteByte('\f')
		default:
			var v string
			err := json.Unmarshal([]byte(q), &v)
			return v, err
		}
	}
	return b.String(), nil
}

// customerValues returns the columns after id in customerColumns' order,
// without version.
func customerValues(c model.Customer) []any {
	var e model.Education
	if c.Education != nil {
		e = *c.Education
	}
	lines := "[]"
	if len(c.Address.AddressLines) > 0 {
		b, _ := json.Marshal(c.Address.AddressLines)
		lines = string(b)
	}
	var tokenDate int64
	if !c.TransferTokenDate.IsZero() {
		tokenDate = c.TransferTokenDate.Unix()
	}
	var confirmed any
	if c.ConfirmedAt != nil {
		confirmed = micros(*c.ConfirmedAt)
	}
	return []any{c.Kind, c.Origin, c.OrgName, c.Domain, c.PrimaryEmail, c.AlternateEmail, c.Phone, c.CRMID,
		e.InstituteType, e.InstituteSize, e.Website, c.AdminFirstName, c.AdminLastName,
		c.Address.RegionCode, c.Address.PostalCode, c.Address.Locality, c.Address.AdministrativeArea, lines,
		c.ResellerID, c.Status, c.StatusMessage, c.CloudIdentityID, c.GoogleName, c.Language, c.TimeZone, c.SmartFeatures,
		c.TransferToken, tokenDate, c.CreatedBy, micros(c.CreatedAt), micros(c.UpdatedAt), confirmed}
}

var insertCustomerSQL = func() string {
	cols := strings.ReplaceAll(customerColumns, "id, kind", "kind")
	cols = strings.TrimSuffix(cols, ", version") + ", search_text, search_words, idempotency_key, org_rank"
	return "INSERT INTO customers (" + cols + ") VALUES (" + placeholders(strings.Count(cols, ",")+1) + ")"
}()

func insertCustomerArgs(c model.Customer, idemKey string) []any {
	var key any
	if idemKey != "" {
		key = idemKey
	}
	st := SearchText(c)
	return append(customerValues(c), st, SearchWords(st), key)
}

// SearchWords is the search text as its words, each after a space, so that
// instr(search_words, ' ' || prefix) tests "a word starts with prefix" the
// way the word index tokenises (letters and digits; the rest separates).
func SearchWords(searchText string) string {
	var b strings.Builder
	inWord := false
	for _, r := range searchText {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			if !inWord {
				b.WriteByte(' ')
				inWord = true
			}
			b.WriteRune(r)
		} else {
			inWord = false
		}
	}
	return b.String()
}

// SearchText is what search as you type looks in: name, domain (ASCII and
// Unicode forms), emails, CRM ID and Cloud Identity ID, folded.
func SearchText(c model.Customer) string {
	parts := []string{c.OrgName, c.Domain}
	if d := rules.DisplayDomain(c.Domain); d != c.Domain {
		parts = append(parts, d)
	}
	parts = append(parts, c.PrimaryEmail, c.AlternateEmail, c.CRMID, c.CloudIdentityID)
	return rules.Fold(strings.Join(parts, " "))
}

// InsertCustomer stores a new customer at version 1 and returns its id.
// idemKey may be empty.
func InsertCustomer(ctx context.Context, tx *sql.Tx, c model.Customer, idemKey string) (int64, error) {
	// The new row's id is larger than any stored one, so it comes last
	// among equal names.
	rank, err := rankFor(ctx, tx, nameKey{c.OrgName, math.MaxInt64}, 0)
	if err != nil {
		return 0, err
	}
	res, err := tx.ExecContext(ctx, insertCustomerSQL, append(insertCustomerArgs(c, idemKey), rank)...)
	if err != nil {
		return 0, err
	}
	return res.LastInsertId()
}

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
	err = tx.QueryRowContext(ctx, "SELECT org_name, org_rank FROM customers WHERE org_rank IS NOT NULL ORDER BY org_rank DESC LIMIT 1").
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
	args    []any // the customer's; the last is its rank
	name    string
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
	return Row{args: append(insertCustomerArgs(c, ""), nil), name: c.OrgName, changes: string(changes), at: micros(e.At), actor: e.Actor, action: e.Action}
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
	if in.inOrder = in.inOrder && CompareNoCase(in.prevName, r.name) <= 0; in.inOrder {
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

// UpdateCustomer writes c over the row with c.ID if its version is still
// c.Version, and bumps the version. It returns ErrVersionConflict otherwise.
func UpdateCustomer(ctx context.Context, tx *sql.Tx, c model.Customer) error {
	cols := strings.Fields(strings.NewReplacer(",", " ").Replace(customerColumns))
	cols = append(cols[1:len(cols)-1], "search_text", "search_words", "org_rank") // without id and version
	sets := make([]string, len(cols))
	for i, col := range cols {
		sets[i] = col + " = ?"
	}
	rank, err := rerank(ctx, tx, c)
	if err != nil {
		return err
	}
	st := SearchText(c)
	args := append(customerValues(c), st, SearchWords(st), rank, c.ID, c.Version)
	q := "UPDATE customers SET " + strings.Join(sets, ", ") + ", version = version + 1 WHERE id = ? AND version = ?"
	res, err := tx.ExecContext(ctx, q, args...)
	if err != nil {
		return err
	}
	if n, _ := res.RowsAffected(); n == 0 {
		if _, err := GetCustomer(ctx, tx, c.ID); err != nil {
			return err
		}
		return ErrVersionConflict
	}
	return nil
}

// rerank returns the rank c should have: its stored one unless a new name
// moves it past a neighbour.
func rerank(ctx context.Context, tx *sql.Tx, c model.Customer) (int64, error) {
	var name string
	var rank sql.NullInt64
	err := tx.QueryRowContext(ctx, "SELECT org_name, org_rank FROM customers WHERE id = ?", c.ID).Scan(&name, &rank)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, ErrNotFound
	}
	if err != nil || (name == c.OrgName && rank.Valid) {
		return rank.Int64, err
	}
	k := nameKey{c.OrgName, c.ID}
	prev, next, err := neighbours(ctx, tx, k, c.ID)
	if err != nil {
		return 0, err
	}
	if rank.Valid && (!prev.ok || prev.rank < rank.Int64) && (!next.ok || rank.Int64 < next.rank) {
		return rank.Int64, nil
	}
	first, _, err := place(ctx, tx, prev, next, 1, false)
	return first, err
}

func placeholders(n int) string {
	return strings.TrimSuffix(strings.Repeat("?, ", n), ", ")
}

// GetCustomer reads one customer by id.
func GetCustomer(ctx context.Context, q querier, id int64) (model.Customer, error) {
	c, err := scanCustomer(q.QueryRowContext(ctx, "SELECT "+customerColumns+" FROM customers WHERE id = ?", id))
	if errors.Is(err, sql.ErrNoRows) {
		return c, fmt.Errorf("customer %d: %w", id, ErrNotFound)
	}
	return c, err
}

// CustomerByIdempotencyKey returns the customer created with key, if any.
func CustomerByIdempotencyKey(ctx context.Context, q querier, key string) (model.Customer, bool, error) {
	c, err := scanCustomer(q.QueryRowContext(ctx, "SELECT "+customerColumns+" FROM customers WHERE idempotency_key = ?", key))
	if errors.Is(err, sql.ErrNoRows) {
		return c, false, nil
	}
	return c, err == nil, err
}

// CustomersByDomain returns every customer with the domain (a domain
// customer, or teams sharing it), oldest first.
func CustomersByDomain(ctx context.Context, q querier, domain string) ([]model.Customer, error) {
	return queryCustomers(ctx, q, "SELECT "+customerColumns+" FROM customers WHERE domain = ? ORDER BY id", domain)
}

// DomainCustomer returns the domain customer that owns domain, if any.
func DomainCustomer(ctx context.Context, q querier, domain string) (model.Customer, bool, error) {
	c, err := scanCustomer(q.QueryRowContext(ctx, "SELECT "+customerColumns+" FROM customers WHERE kind = 'domain' AND domain = ?", domain))
	if errors.Is(err, sql.ErrNoRows) {
		return c, false, nil
	}
	return c, err == nil, err
}

// TeamCustomer returns the team customer with the primary email, if any.
func TeamCustomer(ctx context.Context, q querier, email string) (model.Customer, bool, error) {
	c, err := scanCustomer(q.QueryRowContext(ctx, "SELECT "+customerColumns+" FROM customers WHERE kind = 'team' AND primary_email = ?", email))
	if errors.Is(err, sql.ErrNoRows) {
		return c, false, nil
	}
	return c, err == nil, err
}

func queryCustomers(ctx context.Context, q querier, query string, args ...any) ([]model.Customer, error) {
	rows, err := q.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []model.Customer
	for rows.Next() {
		c, err := scanCustomer(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, c)
	}
	return out, rows.Err()
}

// CountCustomers returns the number of customers from the counter kept by
// triggers: O(1), whatever the size.
func CountCustomers(ctx context.Context, q querier) (int64, error) {
	var n int64
	err := q.QueryRowContext(ctx, "SELECT value FROM counters WHERE name = 'customers'").Scan(&n)
	return n, err
}

// The list's words are the model's, shared with the screens; these names
// keep the queries below short.
type (
	Sort      = model.Sort
	Cursor    = model.Cursor
	ListQuery = model.ListQuery
)

// The list's sort orders.
const (
	SortOrg       = model.SortOrg
	SortDomain    = model.SortDomain
	SortUpdated   = model.SortUpdated
	SortConfirmed = model.SortConfirmed
)

// ListCustomers returns one page in the query's order, walking the sort
// index from the cursor: the cost does not depend on how far in the page is.
func ListCustomers(ctx context.Context, q querier, lq ListQuery) ([]model.Customer, error) {
	if p, ok := rankedPlan(lq); ok {
		return rankedSearch(ctx, q, lq, p)
	}
	key, where, args, err := listWhere(ctx, q, lq)
	if err != nil {
		return nil, err
	}
	dir := "ASC"
	if lq.Desc {
		dir = "DESC"
	}
	query := "SELECT " + customerColumns + " FROM customers" + where
	limit := lq.Limit
	if limit <= 0 {
		limit = 50
	}
	query += fmt.Sprintf(" ORDER BY %s %s, id %s LIMIT %d", key, dir, dir, limit)
	return queryCustomers(ctx, q, query, args...)
}

// CountBefore counts the rows that come before lq.After in lq's order (or
// after it, with Desc): the position of a row, found on the sort index.
func CountBefore(ctx context.Context, q querier, lq ListQuery) (int64, error) {
	if lq.After == nil {
		return 0, nil
	}
	lq.Desc, lq.Inclusive = !lq.Desc, false
	if p, ok := rankedPlan(lq); ok {
		from, args, err := rankedFrom(ctx, q, lq, p, "ASC")
		if err != nil {
			return 0, err
		}
		var n int64
		err = q.QueryRowContext(ctx, "SELECT count(*)"+from, args...).Scan(&n)
		return n, err
	}
	_, where, args, err := listWhere(ctx, q, lq)
	if err != nil {
		return 0, err
	}
	var n int64
	err = q.QueryRowContext(ctx, "SELECT count(*) FROM customers"+where, args...).Scan(&n)
	return n, err
}

// rankedPlan says whether lq is a search in name order that one of the
// search indexes answers: its rowids are the name ranks, so the index
// yields the matches already in name order and the query stops after one
// page, however many rows match.
func rankedPlan(lq ListQuery) (plan, bool) {
	text := strings.TrimSpace(lq.Query)
	if lq.Sort != SortOrg || text == "" || !lq.StaleBefore.IsZero() {
		return plan{}, false
	}
	p := planFor(rules.Fold(text))
	return p, p.index != ""
}

// rankedSearch returns one page of a search in name order straight from
// the search index, starting after lq's cursor.
func rankedSearch(ctx context.Context, q querier, lq ListQuery, p plan) ([]model.Customer, error) {
	dir := "ASC"
	if lq.Desc {
		dir = "DESC"
	}
	limit := lq.Limit
	if limit <= 0 {
		limit = 50
	}
	from, args, err := rankedFrom(ctx, q, lq, p, dir)
	if err != nil {
		return nil, err
	}
	return queryCustomers(ctx, q, "SELECT "+customerColumns+from+" ORDER BY m.r "+dir+" LIMIT ?", append(args, limit)...)
}

// rankedFrom is the FROM and WHERE of a ranked search: the index's matches
// after the cursor in rank order, joined to their rows, and for a term
// asked by its rare trigrams only, the test for the whole term.
func rankedFrom(ctx context.Context, q querier, lq ListQuery, p plan, dir string) (string, []any, error) {
	from, args, _, err := verifiedFrom(ctx, q, lq, p, dir)
	return from, args, err
}

// verifiedFrom is rankedFrom, and whether the rows are tested for the term
// (asked by a part of it) rather than matched by the index alone.
func verifiedFrom(ctx context.Context, q querier, lq ListQuery, p plan, dir string) (string, []any, bool, error) {
	index, match, verify, err := segmentMatch(ctx, q, p)
	if err == nil && !verify {
		index = p.index
		match, verify, err = rareMatch(ctx, q, p)
	}
	if err != nil {
		return "", nil, false, err
	}
	if !verify {
		match = p.match
	}
	bound, bargs := rankBound(lq)
	from := " FROM (SELECT rowid AS r FROM " + index + " WHERE " + index + " MATCH ?" + bound + " ORDER BY rowid " + dir +
		") AS m JOIN customers ON org_rank = m.r"
	args := append([]any{match}, bargs...)
	if verify {
		from += " WHERE " + p.walk
		args = append(args, p.walkArg)
	}
	return from, args, verify, nil
}

// rankBound turns lq's cursor (a name and an id) into a condition on the
// index's rowid: past the rank of the last row at or before the cursor, so
// that a cursor row renamed or removed meanwhile still marks the place.
func rankBound(lq ListQuery) (string, []any) {
	if lq.After == nil {
		return "", nil
	}
	const key = "(org_name COLLATE NOCASE, id)"
	const order = " ORDER BY org_name COLLATE NOCASE %s, id %s LIMIT 1"
	args := []any{lq.After.Key, lq.After.ID}
	if !lq.Desc {
		op := "<="
		if lq.Inclusive {
			op = "<"
		}
		return " AND rowid > coalesce((SELECT org_rank FROM customers WHERE " + key + " " + op + " (?, ?)" +
			fmt.Sprintf(order, "DESC", "DESC") + "), -1)", args
	}
	op := ">="
	if lq.Inclusive {
		op = ">"
	}
	return " AND rowid < coalesce((SELECT org_rank FROM customers WHERE " + key + " " + op + " (?, ?)" +
		fmt.Sprintf(order, "ASC", "ASC") + "), 9223372036854775807)", args
}

// listWhere returns the sort key and the WHERE clause of a list query.
func listWhere(ctx context.Context, q querier, lq ListQuery) (key, where string, args []any, err error) {
	key = map[Sort]string{SortOrg: "org_name COLLATE NOCASE", SortDomain: "domain", SortUpdated: "updated_at",
		SortConfirmed: "coalesce(confirmed_at, 0)"}[lq.Sort]
	var conds []string
	if !lq.StaleBefore.IsZero() {
		conds, args = append(conds, "coalesce(confirmed_at, 0) < ?"), append(args, micros(lq.StaleBefore))
	}
	if text := strings.TrimSpace(lq.Query); text != "" {
		cond, arg, err := matchCond(ctx, q, text)
		if err != nil {
			return "", "", nil, err
		}
		conds, args = append(conds, cond), append(args, arg)
	}
	if lq.After != nil {
		op := ">"
		if lq.Desc {
			op = "<"
		}
		if lq.Inclusive {
			op += "="
		}
		var k any = lq.After.Key
		if lq.Sort == SortUpdated || lq.Sort == SortConfirmed {
			var v int64
			fmt.Sscan(lq.After.Key, &v)
			k = v
		}
		conds = append(conds, fmt.Sprintf("(%s, id) %s (?, ?)", key, op))
		args = append(args, k, lq.After.ID)
	}
	if len(conds) > 0 {
		where = " WHERE " + strings.Join(conds, " AND ")
	}
	return key, where, args, nil
}

// fewMatches is the most index matches the planner still fetches and
// sorts; above it, walking the sort index finds a page sooner. Fetching
// and sorting costs about 6 µs a match and walking about 1 µs a row, and a
// walk reads total/matches rows per row it shows, so the two cost the same
// near sqrt(8·total): about 900 matches at 100,000 customers, 2,800 at a
// million.
func fewMatches(ctx context.Context, q querier) int {
	n, err := CountCustomers(ctx, q)
	if err != nil {
		return 1000
	}
	return min(max(int(math.Sqrt(8*float64(n))), 300), 5000)
}

// matchCond plans how to find the rows whose search text contains text. No
// single query shape is fast for every term: a rare term (few trigram
// matches) is fetched through the trigram index and sorted; a common term
// or one of one or two characters is tested row by row while walking the
// sort index, which stops as soon as a page is full.
func matchCond(ctx context.Context, q querier, text string) (string, any, error) {
	folded := rules.Fold(text)
	p := planFor(folded)
	if p.index != "" {
		var n int
		few := fewMatches(ctx, q)
		err := q.QueryRowContext(ctx, "SELECT count(*) FROM (SELECT 1 FROM "+p.index+" WHERE "+p.index+" MATCH ? LIMIT ?)", p.match, few+1).Scan(&n)
		if err != nil {
			return "", nil, err
		}
		if n <= few {
			return "org_rank IN (SELECT rowid FROM " + p.index + " WHERE " + p.index + " MATCH ?)", p.match, nil
		}
	}
	return p.walk, p.walkArg, nil
}

// plan is how one folded term is searched: an index and its MATCH
// expression (none for terms no index can answer), and the row test used
// while walking the sort index.
type plan struct {
	index, match  string
	walk, walkArg string
}

func planFor(folded string) plan {
	quoted := `"` + strings.ReplaceAll(folded, `"`, `""`) + `"`
	switch {
	case utf8.RuneCountInString(folded) >= 3:
		return plan{index: "customers_fts", match: quoted, walk: "instr(search_text, ?) > 0", walkArg: folded}
	case SearchWords(folded) == " "+folded:
		// One or two letters or digits: the start of a word.
		return plan{index: "customers_words", match: quoted + "*", walk: "instr(search_words, ?) > 0", walkArg: " " + folded}
	}
	return plan{walk: "instr(search_text, ?) > 0", walkArg: folded}
}

// CountStale counts the customers whose details were last confirmed before
// cutoff, or never, on the confirmation index.
func CountStale(ctx context.Context, q querier, cutoff time.Time) (int64, error) {
	var n int64
	err := q.QueryRowContext(ctx, "SELECT count(*) FROM customers WHERE coalesce(confirmed_at, 0) < ?", micros(cutoff)).Scan(&n)
	return n, err
}

// CountMatching counts the customers whose search text contains text; with
// limit > 0 it stops counting there (a quick "1,000+" while the exact count
// of a common term takes longer).
func CountMatching(ctx context.Context, q querier, text string, limit int) (int64, error) {
	p := planFor(rules.Fold(strings.TrimSpace(text)))
	inner := "SELECT 1 FROM customers WHERE " + p.walk
	args := []any{p.walkArg}
	if p.index != "" {
		inner, args = "SELECT 1 FROM "+p.index+" WHERE "+p.index+" MATCH ?", []any{p.match}
		from, fargs, verify, err := verifiedFrom(ctx, q, ListQuery{}, p, "ASC")
		if err != nil {
			return 0, err
		}
		if verify {
			inner, args = "SELECT 1"+from, fargs
		}
	}
	if limit > 0 {
		inner += " LIMIT ?"
		args = append(args, limit)
	}
	var n int64
	err := q.QueryRowContext(ctx, "SELECT count(*) FROM ("+inner+")", args...).Scan(&n)
	return n, err
}

// EachCustomer calls fn for every customer matching text (all when empty)
// in name order, from one query: one consistent snapshot, however long fn
// takes, and no per-page round trips.
func EachCustomer(ctx context.Context, q querier, text string, fn func(model.Customer) error) error {
	fields := make([]string, 0, packedText)
	return EachRaw(ctx, q, text, func(r *Raw) error {
		c, err := r.Decode(fields)
		if err != nil {
			return err
		}
		return fn(c)
	})
}

// EachRaw is EachCustomer with the decoding left to the caller: fn gets
// each row undecoded (and may keep it).
func EachRaw(ctx context.Context, q querier, text string, fn func(*Raw) error) error {
	query, args := "SELECT "+packedColumns+" FROM customers ORDER BY org_rank", []any(nil)
	if text = strings.TrimSpace(text); text != "" {
		lq := ListQuery{Query: text, Sort: SortOrg}
		if p, ok := rankedPlan(lq); ok {
			from, fargs, err := rankedFrom(ctx, q, lq, p, "ASC")
			if err != nil {
				return err
			}
			query, args = "SELECT "+packedColumns+from+" ORDER BY m.r", fargs
		} else {
			p := planFor(rules.Fold(text))
			query, args = "SELECT "+packedColumns+" FROM customers WHERE "+p.walk+" ORDER BY org_name COLLATE NOCASE, id", []any{p.walkArg}
		}
	}
	rows, err := q.QueryContext(ctx, query, args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		r := new(Raw)
		if err := rows.Scan(&r.id, &r.packed, &r.tokenDate, &r.created, &r.updated, &r.confirmed, &r.version); err != nil {
			return err
		}
		if err := fn(r); err != nil {
			return err
		}
	}
	return rows.Err()
}
