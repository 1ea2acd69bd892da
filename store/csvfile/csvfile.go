// Package csvfile reads and writes customers as CSV: a header row with the
// JSON key names (address lines as address_line_1..3, education as
// institute_type, institute_size, website), in any order. Reading streams
// one record at a time with its physical line number; turning a record into
// a customer asks model/rules, so a CSV row is held to the same rules as the
// form. Writing neutralises cells a spreadsheet would run as a formula.
package csvfile

import (
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"

	"onboard/model"
	"onboard/model/rules"
)

// Columns are the columns of an export, in order (model.CustomerFields'
// Exported fields); an import accepts any of them in any order. id and
// updated_at are written for reference and ignored when read: an import
// gives its customers new ids.
var Columns = model.CSVColumns()

// exported are the fields of Columns, in order.
var exported = func() []*model.CustomerField {
	var out []*model.CustomerField
	for i := range model.CustomerFields {
		if model.CustomerFields[i].Use&model.Exported != 0 {
			out = append(out, &model.CustomerFields[i])
		}
	}
	return out
}()

// required are the columns every file needs.
var required = []string{"kind", "org_name", "domain"}

// Record is one data row: its first physical line and its cells by column.
type Record struct {
	Line   int
	Values map[string]string
}

// Reader reads records from a CSV file.
type Reader struct {
	r      *csv.Reader
	header []string
}

// NewReader reads the header. A UTF-8 byte order mark before it is
// skipped. A header with unknown, repeated or missing columns is refused
// with a *rules.CSVError naming each such column (the first
// MaxHeaderProblems, the rest counted); one with more than MaxColumns
// columns is refused as a whole.
func NewReader(r io.Reader) (*Reader, error) {
	cr := csv.NewReader(newRowLimiter(&bomSkipper{r: r}, MaxRowBytes))
	cr.ReuseRecord = true
	header, err := cr.Read()
	if errors.Is(err, io.EOF) {
		return nil, &rules.CSVError{Problems: rules.LineProblems{{Line: 0, Problem: rules.NewProblem("", rules.CodeEmptyFile)}}}
	}
	if err != nil {
		var ps rules.LineProblems
		if err := syntaxProblem(err); !errors.As(err, &ps) {
			return nil, err
		}
		return nil, &rules.CSVError{Problems: ps}
	}
	if len(header) > MaxColumns {
		return nil, &rules.CSVError{Problems: rules.LineProblems{{Line: 1, Problem: rules.NewProblem("", rules.CodeTooManyColumns,
			"n", strconv.Itoa(len(header)), "max", strconv.Itoa(MaxColumns), "columns", strings.Join(Columns, ", "))}}}
	}
	known := map[string]bool{}
	for _, c := range Columns {
		known[c] = true
	}
	e := &rules.CSVError{}
	add := func(p rules.Problem) {
		if len(e.Problems) < MaxHeaderProblems {
			e.Problems = append(e.Problems, rules.LineProblem{Line: 1, Problem: p})
		} else {
			e.More++
		}
	}
	seen := map[string]bool{}
	cols := make([]string, len(header))
	for i, h := range header {
		name := strings.ToLower(strings.TrimSpace(h))
		cols[i] = name
		switch {
		case !known[name]:
			add(rules.NewProblem(model.Field(short(h)), rules.CodeUnknownColumn, "columns", strings.Join(Columns, ", ")))
		case seen[name]:
			add(rules.NewProblem(model.Field(name), rules.CodeRepeatedColumn))
		}
		seen[name] = true
	}
	for _, c := range required {
		if !seen[c] {
			add(rules.NewProblem(model.Field(c), rules.CodeMissingColumn, "columns", strings.Join(required, ", ")))
		}
	}
	if e.Problems != nil {
		return nil, e
	}
	cr.FieldsPerRecord = len(cols)
	return &Reader{r: cr, header: cols}, nil
}

// Next returns the next record, or io.EOF after the last. A row with the
// wrong number of cells or a cell longer than MaxCellBytes is a
// rules.LineProblem and reading can go on; any other syntax error (a stray
// quote, a row longer than MaxRowBytes) ends the file, since where the next
// row starts is then unknown.
func (r *Reader) Next() (Record, error) {
	row, err := r.r.Read()
	if errors.Is(err, io.EOF) {
		return Record{}, io.EOF
	}
	var pe *csv.ParseError
	if errors.As(err, &pe) && errors.Is(pe.Err, csv.ErrFieldCount) {
		return Record{Line: pe.StartLine}, rules.LineProblem{Line: pe.StartLine, Problem: rules.NewProblem("", rules.CodeCSVSyntax,
			"reason", fmt.Sprintf("%d cells where the header has %d", len(row), len(r.header)))}
	}
	if err != nil {
		return Record{}, syntaxProblem(err)
	}
	line, _ := r.r.FieldPos(0)
	if ps := longCells(row, r.header); ps != nil {
		// One problem a row is enough to say which cell to shorten.
		return Record{Line: line}, rules.LineProblem{Line: line, Problem: ps[0]}
	}
	rec := Record{Line: line, Values: make(map[string]string, len(row))}
	for i, v := range row {
		rec.Values[r.header[i]] = Unneutralise(v)
	}
	return rec, nil
}

// Fatal reports whether err from Next ends the file.
func Fatal(err error) bool {
	var lp rules.LineProblem
	return err != nil && !errors.Is(err, io.EOF) && !errors.As(err, &lp)
}

// syntaxProblem is the problem of a syntax error that ends the file; an
// error that is not about the file (a failed read) is returned as it is.
func syntaxProblem(err error) error {
	var pe *csv.ParseError
	var tl *rowTooLongError
	var bl *blankLinesError
	switch {
	case errors.As(err, &tl):
		return tooLong(tl)
	case errors.As(err, &bl):
		return blankLines(bl)
	case errors.As(err, &pe):
		line := pe.Line
		if errors.Is(pe.Err, csv.ErrQuote) {
			line = pe.StartLine // a quoted cell that never ends: where it starts
		}
		return rules.LineProblems{{Line: line, Problem: rules.NewProblem("", rules.CodeCSVSyntax, "reason", pe.Err.Error())}}
	}
	return err
}

// bomSkipper drops a UTF-8 byte order mark at the start of the stream.
type bomSkipper struct {
	r       io.Reader
	checked bool
}

func (b *bomSkipper) Read(p []byte) (int, error) {
	if b.checked {
		return b.r.Read(p)
	}
	b.checked = true
	var head [3]byte
	n, err := io.ReadFull(b.r, head[:])
	rest := head[:n]
	if bytes.Equal(rest, []byte("\ufeff")) {
		rest = nil
	}
	b.r = io.MultiReader(bytes.NewReader(rest), b.r)
	if err != nil && !errors.Is(err, io.ErrUnexpectedEOF) && !errors.Is(err, io.EOF) {
		return 0, err
	}
	return b.r.Read(p)
}

// statuses a file may give; a push under way (pending) or a draft is not
// something to import.
var statuses = []model.Status{model.StatusLocal, model.StatusCreated, model.StatusImported, model.StatusFailed}

// Customer turns a record into a customer held to the form's rules (for a
// new customer; an imported one's transfer token is not in files). The
// origin, status, Cloud Identity ID and dates of an exported customer are
// kept. now stamps a record without created_at.
func Customer(rec Record, env rules.Env, now time.Time) (model.Customer, rules.Problems) {
	v := func(k string) string { return strings.TrimSpace(rec.Values[k]) }
	fs := model.Customer{}.Form()
	for _, f := range []model.Field{model.FieldKind, model.FieldOrgName, model.FieldDomain, model.FieldPrimaryEmail,
		model.FieldAlternateEmail, model.FieldPhone, model.FieldCRMID, model.FieldInstituteType, model.FieldInstituteSize,
		model.FieldWebsite, model.FieldAdminFirstName, model.FieldAdminLastName, model.FieldRegionCode,
		model.FieldPostalCode, model.FieldLocality, model.FieldAdministrativeArea, model.FieldAddressLine1,
		model.FieldAddressLine2, model.FieldAddressLine3, model.FieldResellerID, model.FieldLanguage, model.FieldTimeZone,
		model.FieldSmartFeatures} {
		fs[f] = rec.Values[string(f)]
	}
	fs[model.FieldEducation] = model.No
	if v("institute_type") != "" || v("institute_size") != "" || v("website") != "" {
		fs[model.FieldEducation] = model.Yes
	}
	r := rules.Validate(model.ModeCreate, fs, env)
	c, ps := r.Customer, r.Problems.Errors()
	c.Origin, c.Status, c.CreatedAt, c.UpdatedAt, c.Version = model.ModeCreate, model.StatusLocal, now, now, 1
	if o := v("origin"); o != "" {
		if o != string(model.ModeCreate) && o != string(model.ModeImport) {
			ps = append(ps, rules.NewProblem("origin", rules.CodeInvalidChoice, "value", rules.Sanitize(o), "options", "create, import"))
		}
		c.Origin = model.Mode(o)
	}
	if s := v("status"); s != "" {
		ok := false
		names := make([]string, len(statuses))
		for i, st := range statuses {
			names[i] = string(st)
			ok = ok || s == string(st)
		}
		if !ok {
			ps = append(ps, rules.NewProblem("status", rules.CodeInvalidChoice, "value", rules.Sanitize(s), "options", strings.Join(names, ", ")))
		}
		c.Status = model.Status(s)
	}
	if msg := v("status_message"); msg != "" {
		if p := rules.CheckSafe("status_message", msg); p != nil {
			ps = append(ps, *p)
		} else {
			c.StatusMessage = msg
		}
	}
	if id, p := rules.CloudIdentityID(v("cloud_identity_id")); p != nil {
		ps = append(ps, *p)
	} else {
		c.CloudIdentityID = id
	}
	for _, t := range []struct {
		col string
		set func(time.Time)
	}{
		{"created_at", func(t time.Time) { c.CreatedAt, c.UpdatedAt = t, t }},
		{"confirmed_at", func(t time.Time) { c.ConfirmedAt = &t }},
	} {
		raw := v(t.col)
		if raw == "" {
			continue
		}
		at, err := time.Parse(time.RFC3339Nano, raw)
		if err != nil {
			ps = append(ps, rules.NewProblem(model.Field(t.col), rules.CodeInvalidTime, "value", rules.Sanitize(raw)))
			continue
		}
		t.set(at.UTC())
	}
	if c.UpdatedAt.Before(c.CreatedAt) {
		c.UpdatedAt = c.CreatedAt
	}
	return c, shortened(ps)
}

// Writer writes customers as CSV.
type Writer struct {
	w   *csv.Writer
	row []string
}

// NewWriter writes the header.
func NewWriter(w io.Writer) (*Writer, error) {
	cw := csv.NewWriter(w)
	return &Writer{w: cw, row: make([]string, len(Columns))}, cw.Write(Columns)
}

// Write writes one customer.
func (w *Writer) Write(c model.Customer) error { return w.WriteCustomer(&c) }

// WriteCustomer is Write for a bulk writer that reuses one customer.
func (w *Writer) WriteCustomer(c *model.Customer) error {
	for i, f := range exported {
		w.row[i] = Neutralise(f.CSVText(c))
	}
	return w.w.Write(w.row)
}

// Flush writes what is buffered and returns the first error.
func (w *Writer) Flush() error {
	w.w.Flush()
	return w.w.Error()
}

// formulaStart reports whether a spreadsheet would read v as a formula (or
// v is already a neutralised cell, so that the quote added to it comes off
// again on import).
func formulaStart(v string) bool {
	if v == "" {
		return false
	}
	switch v[0] {
	case '=', '+', '-', '@', '\t', '\r':
		return true
	case '\'':
		return formulaStart(v[1:])
	}
	return false
}

// Neutralise puts a quote before a cell that starts like a formula, so a
// spreadsheet shows it as text (OWASP "CSV injection").
func Neutralise(v string) string {
	if formulaStart(v) {
		return "'" + v
	}
	return v
}

// Unneutralise takes off the quote Neutralise added.
func Unneutralise(v string) string {
	if strings.HasPrefix(v, "'") && formulaStart(v[1:]) {
		return v[1:]
	}
	return v
}
