package main

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/spf13/cobra"

	"onboard/i18n"
	"onboard/model"
	"onboard/model/rules"
	"onboard/store"
	"onboard/tui/common"
)

// listCmd is "customers list".
func listCmd(e *env) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "list",
		Short: e.T("list customers, sorted and searched"),
		Example: `onboard customers list --query bakkerij
onboard customers list --sort updated --desc --limit 20
onboard customers list --limit 1000000 --json > customers.json`,
		Args: posArgs(func(args []string) error {
			if len(args) > 0 {
				return i18n.Errorf("customers list takes no arguments (got %q); use --query", rules.Sanitize(args[0]))
			}
			return nil
		}),
	}
	fs := cmd.Flags()
	query := fs.String("query", "", e.S("only customers whose name, domain, emails, CRM ID or Cloud Identity ID contain `TEXT`"))
	limit := fs.Int("limit", 50, e.S("at most `N` customers (any number: the rows are written as they are read)"))
	sortBy := fs.String("sort", "org", e.S("sort by `org`, domain or updated"))
	desc := fs.Bool("desc", false, e.S("sort descending"))
	asJSON := e.jsonFlag(cmd, e.S("print a JSON array"))
	choices(cmd, "sort", "org", "domain", "updated")
	cmd.RunE = func(cmd *cobra.Command, args []string) error {
		return e.customersList(*query, *limit, *sortBy, *desc, *asJSON)
	}
	return e.readOnlyCmd(cmd)
}

func (e *env) customersList(query string, limit int, sortBy string, desc, asJSON bool) error {
	if limit < 1 {
		return flagUsage("--limit", i18n.Errorf("--limit must be at least 1"))
	}
	sorts := map[string]model.Sort{"org": model.SortOrg, "domain": model.SortDomain, "updated": model.SortUpdated}
	s, ok := sorts[sortBy]
	if !ok {
		return flagUsage("--sort", i18n.Errorf("--sort must be org, domain or updated"))
	}
	svc, err := e.service()
	if err != nil {
		return err
	}
	out := bufio.NewWriterSize(e.stdout, 64<<10)
	q := model.ListQuery{Query: query, Sort: s, Desc: desc}
	if asJSON {
		arr := &jsonArray{w: out}
		err = eachCustomer(e.ctx, svc, q, limit, func(c model.Customer) error { return arr.add(customerJSON(c)) })
		return flushAll(err, arr.close(), out)
	}
	t := &table{w: out}
	t.add(strings.Split(e.T("ID\tORGANISATION\tDOMAIN / EMAIL\tKIND\tEDU\tSTATUS\tCLOUD IDENTITY\tCRM ID\tCONFIRMED"), "\t")...)
	n := 0
	err = eachCustomer(e.ctx, svc, q, limit, func(c model.Customer) error {
		n++
		edu := ""
		if c.Education != nil {
			edu = e.T("yes")
		}
		cid := c.CloudIdentityID
		if cid == "" && c.Kind == model.KindTeam {
			cid = "—"
		}
		return t.add(fmt.Sprint(c.ID), cell(c.OrgName, 40), cell(where(c), 40), common.KindName(e.lang(), c.Kind), edu,
			common.StatusName(e.lang(), c.Status), cell(cid, 20), cell(c.CRMID, 20), confirmedText(e.lang(), c.ConfirmedAt))
	})
	if err == nil && n == 0 {
		fmt.Fprintln(out, e.T("No customers match. Add one with “onboard customers add” or start the app with “onboard”."))
		return out.Flush()
	}
	return flushAll(err, t.flush(), out)
}

// where is the domain of a domain customer, the primary email of a team.
func where(c model.Customer) string {
	if c.Kind == model.KindTeam {
		return rules.DisplayEmail(c.PrimaryEmail)
	}
	return rules.DisplayDomain(c.Domain)
}

// flushAll returns the first error of a streamed listing, after flushing
// what was written.
func flushAll(err, closeErr error, out *bufio.Writer) error {
	ferr := out.Flush()
	for _, e := range []error{err, closeErr, ferr} {
		if e != nil {
			return e
		}
	}
	return nil
}

// listPage is how many customers one query of a streamed list reads: a
// list of any length holds one page in memory.
var listPage = 1000

// lister is the part of the store a streamed list reads.
type lister interface {
	List(ctx context.Context, q model.ListQuery) ([]model.Customer, error)
}

// eachCustomer calls fn on up to limit customers of q, in q's order, read
// a page at a time (keyset pagination: each page starts after the last
// row of the one before, so rows added meanwhile neither repeat nor shift
// the rest).
func eachCustomer(ctx context.Context, svc lister, q model.ListQuery, limit int, fn func(model.Customer) error) error {
	for n := 0; n < limit; {
		q.Limit = min(listPage, limit-n)
		cs, err := svc.List(ctx, q)
		if err != nil {
			return err
		}
		for _, c := range cs {
			if err := fn(c); err != nil {
				return err
			}
		}
		n += len(cs)
		if len(cs) < q.Limit {
			return nil
		}
		cur := model.CursorOf(cs[len(cs)-1], q.Sort)
		q.After = &cur
	}
	return nil
}

// jsonArray writes a JSON array one element at a time, byte for byte as
// writeJSON writes the whole array.
type jsonArray struct {
	w io.Writer
	n int
}

func (a *jsonArray) add(v any) error {
	b, err := json.MarshalIndent(v, "  ", "  ")
	if err != nil {
		return err
	}
	sep := ",\n  "
	if a.n == 0 {
		sep = "[\n  "
	}
	a.n++
	if _, err := io.WriteString(a.w, sep); err != nil {
		return err
	}
	_, err = a.w.Write(b)
	return err
}

func (a *jsonArray) close() error {
	end := "\n]\n"
	if a.n == 0 {
		end = "[]\n"
	}
	_, err := io.WriteString(a.w, end)
	return err
}

// table writes aligned columns as text/tabwriter does (two spaces between
// columns), but streamed: the first page of rows sets the widths, and
// later rows are written at once with those widths (a longer cell pushes
// only its own row).
type table struct {
	w       io.Writer
	widths  []int
	pending [][]string
	fixed   bool
}

func (t *table) add(cells ...string) error {
	if !t.fixed {
		t.pending = append(t.pending, cells)
		if len(t.pending) <= listPage {
			return nil
		}
		t.fix()
		return t.writePending()
	}
	return t.write(cells)
}

func (t *table) fix() {
	for _, r := range t.pending {
		for i, c := range r {
			if i >= len(t.widths) {
				t.widths = append(t.widths, 0)
			}
			t.widths[i] = max(t.widths[i], utf8.RuneCountInString(c))
		}
	}
	t.fixed = true
}

func (t *table) writePending() error {
	for _, r := range t.pending {
		if err := t.write(r); err != nil {
			return err
		}
	}
	t.pending = nil
	return nil
}

func (t *table) write(cells []string) error {
	var b strings.Builder
	for i, c := range cells {
		b.WriteString(c)
		if i < len(cells)-1 {
			w := 0
			if i < len(t.widths) {
				w = t.widths[i]
			}
			b.WriteString(strings.Repeat(" ", max(w-utf8.RuneCountInString(c), 0)+2))
		}
	}
	b.WriteByte('\n')
	_, err := io.WriteString(t.w, b.String())
	return err
}

// flush writes the rows still held.
func (t *table) flush() error {
	if !t.fixed {
		t.fix()
	}
	return t.writePending()
}

func cell(s string, max int) string {
	s = rules.Sanitize(s)
	if r := []rune(s); len(r) > max {
		return string(r[:max-1]) + "…"
	}
	return s
}

func confirmedText(l i18n.Lang, t *time.Time) string {
	if t == nil {
		return l.T("never")
	}
	return l.Date(t.Local())
}

var _ lister = (*store.Service)(nil)
