package store

import (
	"bytes"
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"onboard/model"
	"onboard/store/sqlite"
)

// hiddenFile is a CSV file of n domain customers named "Import TAG i".
func hiddenFile(tag string, n int) *bytes.Buffer {
	var b bytes.Buffer
	b.WriteString("kind,org_name,domain\n")
	for i := 0; i < n; i++ {
		fmt.Fprintf(&b, "domain,Import %s %05d,imp-%s-%d.nl\n", tag, i, tag, i)
	}
	return &b
}

// hiddenIDs are the ids of the rows of imports under way, read straight
// from the table.
func hiddenIDs(t *testing.T, s *Service) []int64 {
	t.Helper()
	rows, err := s.db.Reader().Query("SELECT first_id, last_id FROM import_chunks ORDER BY first_id")
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var ids []int64
	for rows.Next() {
		var first, last int64
		if err := rows.Scan(&first, &last); err != nil {
			t.Fatal(err)
		}
		ids = append(ids, first, last)
	}
	return ids
}

// rowsOf counts the stored rows of the import tag, hidden or not.
func rowsOf(t *testing.T, s *Service, tag string) int {
	t.Helper()
	var n int
	if err := s.db.Reader().QueryRow("SELECT count(*) FROM customers WHERE domain LIKE ?", "imp-"+tag+"-%").Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

// seesNoneOf checks that s shows and lets touch none of the rows of import
// tag, whose hidden ids are ids, while it holds want other customers:
// not in the count, the list, a search (each of its plans), the export,
// the stale list, by id, by domain, in the history, and no edit, order or
// push of one goes through.
func seesNoneOf(t *testing.T, s *Service, tag string, ids []int64, want int64) {
	t.Helper()
	ctx := context.Background()
	if n, err := s.Count(ctx); err != nil || n != want {
		t.Fatalf("count %d, %v: want %d", n, err, want)
	}
	for _, q := range []model.ListQuery{
		{Limit: 100}, {Limit: 100, Desc: true}, {Sort: model.SortDomain, Limit: 100}, {Sort: model.SortUpdated, Limit: 100},
		{Query: "Import " + tag, Limit: 100}, {Query: "imp-" + tag, Limit: 100}, {Query: "im", Limit: 100}, {Query: "i", Limit: 100},
		{Query: "Import", Sort: model.SortDomain, Limit: 100}, {StaleBefore: s.now().AddDate(10, 0, 0), Limit: 100},
	} {
		cs, err := s.List(ctx, q)
		if err != nil {
			t.Fatalf("list %+v: %v", q, err)
		}
		for _, c := range cs {
			if strings.HasPrefix(c.Domain, "imp-"+tag+"-") {
				t.Fatalf("list %+v shows %s (#%d) of an import under way", q, c.OrgName, c.ID)
			}
		}
	}
	for _, text := range []string{"Import " + tag, "imp-" + tag} {
		if n, err := s.CountMatching(ctx, text, 0); err != nil || n != 0 {
			t.Fatalf("count matching %q: %d, %v", text, n, err)
		}
	}
	// "im" (the word index) matches the other imports' rows, shown.
	var others int64
	if err := s.db.Reader().QueryRow("SELECT count(*) FROM customers WHERE domain LIKE 'imp-%' AND domain NOT LIKE ?", "imp-"+tag+"-%").Scan(&others); err != nil {
		t.Fatal(err)
	}
	if n, err := s.CountMatching(ctx, "im", 0); err != nil || n != others {
		t.Fatalf("count matching \"im\": %d, %v: want the %d rows of other imports", n, err, others)
	}
	if n, err := s.CountStale(ctx, s.now().AddDate(10, 0, 0)); err != nil || n != want {
		t.Fatalf("stale %d, %v: want %d", n, err, want)
	}
	if n, err := s.ExportCSV(ctx, io.Discard, ""); err != nil || int64(n) != want {
		t.Fatalf("export %d, %v: want %d", n, err, want)
	}
	if n, err := s.ExportCSV(ctx, io.Discard, "Import "+tag); err != nil || n != 0 {
		t.Fatalf("export of a search %d, %v", n, err)
	}
	if _, err := s.Find(ctx, "imp-"+tag+"-0.nl"); !errors.Is(err, ErrNotFound) {
		t.Fatalf("find by domain: %v", err)
	}
	if len(ids) > 3 { // the first, one in the middle, the last
		ids = []int64{ids[0], ids[len(ids)/2], ids[len(ids)-1]}
	}
	for _, id := range ids {
		if c, err := s.Get(ctx, id); !errors.Is(err, ErrNotFound) {
			t.Fatalf("get #%d of an import under way: %s, %v", id, c.OrgName, err)
		}
		if _, err := s.Update(ctx, "bob", id, 1, form("Edited", "edited.nl")); !errors.Is(err, ErrNotFound) {
			t.Fatalf("edit #%d of an import under way: %v", id, err)
		}
		if _, err := s.Confirm(ctx, "bob", id, 1); !errors.Is(err, ErrNotFound) {
			t.Fatalf("confirm #%d of an import under way: %v", id, err)
		}
		if _, err := s.PlaceOrder(ctx, "bob", id, model.OrderForm{SKU: "workspace_business_standard", Seats: "5", Plan: "flexible"}); !errors.Is(err, ErrNotFound) {
			t.Fatalf("order for #%d of an import under way: %v", id, err)
		}
		if s.HasGoogle() {
			if _, err := s.Push(ctx, "bob", id); !errors.Is(err, ErrNotFound) {
				t.Fatalf("push of #%d of an import under way: %v", id, err)
			}
		}
		if evs, err := s.History(ctx, id); err != nil || len(evs) != 0 {
			t.Fatalf("history of #%d of an import under way: %d events, %v", id, len(evs), err)
		}
		if os, err := s.Orders(ctx, id); err != nil || len(os) != 0 {
			t.Fatalf("orders of #%d of an import under way: %d, %v", id, len(os), err)
		}
	}
}

// While an import writes its chunks, another session sees none of its
// rows and can touch none (nor can Google be sent one); once it ends,
// every row shows at once.
func TestImportRowsHiddenUntilTheEnd(t *testing.T) {
	ctx := context.Background()
	s, fake, _ := googleTest(t)
	addCustomer(t, s, model.ModeCreate, pushable("Staff BV", "staff.nl"))
	const n = 1000
	chunks := 0
	res, err := s.ImportCSV(ctx, "anna", hiddenFile("a", n), model.CSVOptions{ChunkRows: 100, Progress: func(p model.CSVProgress) {
		if p.Phase != "write" {
			return
		}
		chunks++
		ids := hiddenIDs(t, s)
		if len(ids) == 0 {
			t.Fatal("no chunk recorded while the import writes")
		}
		if got := rowsOf(t, s, "a"); int64(got) != p.Done {
			t.Fatalf("%d rows stored after %d written", got, p.Done)
		}
		seesNoneOf(t, s, "a", ids, 1)
	}})
	if err != nil || res.Rows != n {
		t.Fatalf("import: %+v, %v", res, err)
	}
	if chunks < 2 {
		t.Fatalf("%d chunks: the test did not look between chunks", chunks)
	}
	if len(fake.Requests()) != 0 {
		t.Fatalf("Google was asked %d times", len(fake.Requests()))
	}
	if c, _ := s.Count(ctx); c != n+1 {
		t.Fatalf("count %d after the import", c)
	}
	if m, _ := s.CountMatching(ctx, "Import a", 0); m != n {
		t.Fatalf("the search finds %d of %d after the import", m, n)
	}
	if ids := hiddenIDs(t, s); len(ids) != 0 {
		t.Fatalf("chunks left after the import: %v", ids)
	}
	if locks, _ := filepath.Glob(s.db.Path() + ".import-*"); len(locks) != 0 {
		t.Fatalf("lock files left: %v", locks)
	}
}

// An importer whose import another process undid meanwhile (as an older
// onboard judging it dead by its PID would) fails with ErrImportUndone,
// whether it finds out at a chunk or at the end, and leaves no row.
func TestImportUndoneMeanwhileFails(t *testing.T) {
	ctx := context.Background()
	for _, at := range []int64{100, 1000} { // after the first chunk; after the last
		s := openTest(t)
		undone := false
		res, err := s.ImportCSV(ctx, "anna", hiddenFile("u", 1000), model.CSVOptions{ChunkRows: 100, Progress: func(p model.CSVProgress) {
			if p.Phase == "write" && p.Done == at && !undone {
				undone = true
				err := s.db.Write(ctx, func(tx *sql.Tx) error {
					for {
						var id int64
						if err := tx.QueryRow("SELECT id FROM imports").Scan(&id); err != nil {
							return err
						}
						if done, err := sqlite.UndoImportChunk(ctx, tx, id); err != nil || done {
							return err
						}
					}
				})
				if err != nil {
					t.Fatal(err)
				}
			}
		}})
		if !errors.Is(err, ErrImportUndone) || res.Rows != 0 {
			t.Fatalf("undone after %d rows: %+v, %v", at, res, err)
		}
		if n := rowsOf(t, s, "u"); n != 0 {
			t.Fatalf("undone after %d rows: %d rows left", at, n)
		}
		if locks, _ := filepath.Glob(s.db.Path() + ".import-*"); len(locks) != 0 {
			t.Fatalf("lock files left: %v", locks)
		}
	}
}

// A lock file no import names (its importer killed between taking the
// lock and recording the import) is removed by the next check; a held one
// is left alone.
func TestStrayImportLocksAreRemoved(t *testing.T) {
	ctx := context.Background()
	s := openTest(t)
	stray := s.db.Path() + ".import-0123456789abcdef.lock"
	if err := os.WriteFile(stray, nil, 0o600); err != nil {
		t.Fatal(err)
	}
	im, err := s.db.BeginImport(ctx, "anna", 0, s.now())
	if err != nil {
		t.Fatal(err)
	}
	if n, err := s.db.RecoverImports(ctx); err != nil || n != 0 {
		t.Fatalf("recover with a live import: %d, %v", n, err)
	}
	if _, err := os.Stat(stray); !errors.Is(err, os.ErrNotExist) {
		t.Fatalf("the stray lock file is still there: %v", err)
	}
	locks, _ := filepath.Glob(s.db.Path() + ".import-*")
	if len(locks) != 1 {
		t.Fatalf("the live import's lock: %v", locks)
	}
	if err := im.Commit(ctx, 0); err != nil {
		t.Fatal(err)
	}
}
