package sqlite

import (
	"context"
	"database/sql"
	"fmt"
	"math/rand/v2"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"onboard/model"
	"onboard/model/rules"
)

// checkRanks asserts what the search relies on: every customer has a rank,
// rank order is name order, the search indexes hold exactly the stored
// rows, and a ranked search returns what a plain scan does, in order.
func checkRanks(t *testing.T, db *DB, step string) {
	t.Helper()
	ctx := context.Background()
	var nulls int
	if err := db.Reader().QueryRow("SELECT count(*) FROM customers WHERE org_rank IS NULL").Scan(&nulls); err != nil || nulls != 0 {
		t.Fatalf("%s: %d customers without a rank (%v)", step, nulls, err)
	}
	ids := func(q string) []int64 {
		rs, err := db.Reader().Query(q)
		if err != nil {
			t.Fatal(err)
		}
		defer rs.Close()
		var out []int64
		for rs.Next() {
			var id int64
			rs.Scan(&id)
			out = append(out, id)
		}
		return out
	}
	byRank := ids("SELECT id FROM customers ORDER BY org_rank")
	byName := ids("SELECT id FROM customers ORDER BY org_key, id")
	if fmt.Sprint(byRank) != fmt.Sprint(byName) {
		t.Fatalf("%s: rank order differs from name order", step)
	}
	for _, idx := range []string{"customers_fts", "customers_words"} {
		err := db.Write(ctx, func(tx *sql.Tx) error {
			_, err := tx.Exec("INSERT INTO " + idx + " (" + idx + ", rank) VALUES ('integrity-check', 1)")
			return err
		})
		if err != nil {
			t.Fatalf("%s: %s: %v", step, idx, err)
		}
	}
	for _, query := range []string{"a", "ab", "abc", "bca", "zz", "c", "admin@d12", "in@d3", "d1.nl", "n@d99."} {
		got, err := ListCustomers(ctx, db.Reader(), ListQuery{Query: query, Limit: 1000})
		if err != nil {
			t.Fatal(err)
		}
		p := planFor(rules.Fold(query))
		want, err := queryCustomers(ctx, db.Reader(), "SELECT "+customerColumns+" FROM customers WHERE "+p.walk+
			" ORDER BY org_key, id LIMIT 1000", p.walkArg)
		if err != nil {
			t.Fatal(err)
		}
		if len(got) != len(want) {
			t.Fatalf("%s: %q: %d found, %d by scanning", step, query, len(got), len(want))
		}
		for i := range want {
			if got[i].ID != want[i].ID {
				t.Fatalf("%s: %q: row %d differs", step, query, i)
			}
		}
	}
}

// Ranks stay in name order through any sequence of inserts, renames,
// deletes and bulk loads, including the patterns that use up a gap: the
// same name over and over, names in order between two neighbours, names
// in reverse order, bulk loads that interleave with stored names.
func TestRanksFollowNameOrder(t *testing.T) {
	ctx := context.Background()
	db, err := Open(ctx, filepath.Join(t.TempDir(), "r.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	r := rand.New(rand.NewPCG(7, 11))
	n := 0
	name := func() string {
		const letters = "abcAB c"
		b := make([]byte, 1+r.IntN(4))
		for i := range b {
			b[i] = letters[r.IntN(len(letters))]
		}
		return string(b)
	}
	next := func(org string) model.Customer {
		n++
		return cust(org, fmt.Sprintf("d%d.nl", n))
	}
	seedRows(t, db, next("m"), next("n"))
	// The same name 100 times, then names in order and in reverse order
	// between two neighbours: each halves a gap until it is used up.
	for i := 0; i < 100; i++ {
		seedRows(t, db, next("m"))
	}
	checkRanks(t, db, "same name")
	for i := 0; i < 100; i++ {
		seedRows(t, db, next(fmt.Sprintf("m%03d", i)))
	}
	for i := 99; i >= 0; i-- {
		seedRows(t, db, next(fmt.Sprintf("ma%03d", i)))
	}
	checkRanks(t, db, "in order and in reverse")
	bulk := func(cs ...model.Customer) { bulkLoad(t, db, true, cs...) }
	for round := 0; round < 30; round++ {
		switch r.IntN(4) {
		case 0: // single inserts
			for i := 0; i < 20; i++ {
				seedRows(t, db, next(name()))
			}
		case 1: // a bulk load among the stored names
			var cs []model.Customer
			for i := 0; i < 50; i++ {
				cs = append(cs, next(name()))
			}
			bulk(cs...)
		case 2: // renames
			for i := 0; i < 10; i++ {
				var id int64
				db.Reader().QueryRow("SELECT id FROM customers ORDER BY random() LIMIT 1").Scan(&id)
				err := db.Write(ctx, func(tx *sql.Tx) error {
					c, err := GetCustomer(ctx, tx, id)
					if err != nil {
						return err
					}
					c.OrgName = name()
					return UpdateCustomer(ctx, tx, c)
				})
				if err != nil {
					t.Fatal(err)
				}
			}
		case 3: // deletes
			err := db.Write(ctx, func(tx *sql.Tx) error {
				_, err := tx.Exec("DELETE FROM customers WHERE id IN (SELECT id FROM customers ORDER BY random() LIMIT 5)")
				return err
			})
			if err != nil {
				t.Fatal(err)
			}
		}
		checkRanks(t, db, fmt.Sprintf("round %d", round))
	}
	// A bulk load of names that all sort last takes the one-statement path.
	var cs []model.Customer
	for i := 0; i < 200; i++ {
		cs = append(cs, next(fmt.Sprintf("zz%04d", 200-i)))
	}
	bulk(cs...)
	checkRanks(t, db, "append")
	// A term with common and rare trigrams is asked by the rare ones.
	p := planFor("admin@d12")
	if m, ok, err := rareMatch(ctx, db.Reader(), p); err != nil || !ok || strings.Contains(m, "adm") {
		t.Fatalf("admin@d12: rare trigrams %q, %v, %v", m, ok, err)
	}
}

// The name order puts a name where a reader looks for it: the store's
// order (org_key, id) and CompareNames agree, and Łukasiewicz is among the
// L, not after Z; a rename moves the customer, and its search rank, along.
func TestNameOrderFoldsAccents(t *testing.T) {
	ctx := context.Background()
	db, err := Open(ctx, filepath.Join(t.TempDir(), "o.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	seedRows(t, db, cust("Zeeman BV", "zeeman.nl"), cust("Łukasiewicz", "lukasiewicz.pl"), cust("acme", "acme.nl"),
		cust("Ørsted", "orsted.dk"), cust("Müller", "muller.de"), cust("Mulder", "mulder.nl"), cust("Maas", "maas.nl"))
	names := func(lq ListQuery) []string {
		t.Helper()
		lq.Limit = 20
		cs, err := ListCustomers(ctx, db.Reader(), lq)
		if err != nil {
			t.Fatal(err)
		}
		var out []string
		for _, c := range cs {
			out = append(out, c.OrgName)
		}
		return out
	}
	want := []string{"acme", "Łukasiewicz", "Maas", "Mulder", "Müller", "Ørsted", "Zeeman BV"}
	if got := names(ListQuery{Sort: SortOrg}); !slices.Equal(got, want) {
		t.Fatalf("name order %q, want %q", got, want)
	}
	if !slices.IsSortedFunc(want, CompareNames) {
		t.Fatalf("CompareNames disagrees with the store on %q", want)
	}
	// Paging from a row's cursor goes on after it.
	cs, err := ListCustomers(ctx, db.Reader(), ListQuery{Sort: SortOrg, Limit: 2})
	if err != nil {
		t.Fatal(err)
	}
	cur := model.CursorOf(cs[1], SortOrg)
	if got := names(ListQuery{Sort: SortOrg, After: &cur}); !slices.Equal(got, want[2:]) {
		t.Fatalf("after %q: %q", cs[1].OrgName, got)
	}
	// A search returns its matches in the same order.
	if got := names(ListQuery{Sort: SortOrg, Query: "m"}); len(got) < 3 || !slices.IsSortedFunc(got, CompareNames) {
		t.Fatalf("search order %q", got)
	}
	checkRanks(t, db, "accents")
}

// The statement cache answers like the pool, keeps one statement per text
// and stops growing at its bound.
func TestCachedQueries(t *testing.T) {
	ctx := context.Background()
	db, err := Open(ctx, filepath.Join(t.TempDir(), "c.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	seedRows(t, db, cust("Acme BV", "acme.nl"), cust("Beta BV", "beta.nl"))
	for i := 0; i < 3; i++ {
		got, err := ListCustomers(ctx, db.Cached(), ListQuery{Query: "acme", Limit: 10})
		if err != nil || len(got) != 1 {
			t.Fatalf("%v, %v", got, err)
		}
	}
	n := len(db.Cached().stmts)
	for i := 0; i < maxCached+10; i++ {
		var v int
		if err := db.Cached().QueryRowContext(ctx, fmt.Sprintf("SELECT %d", i)).Scan(&v); err != nil || v != i {
			t.Fatalf("%d: %d, %v", i, v, err)
		}
	}
	if got := len(db.Cached().stmts); got != maxCached || n == 0 {
		t.Fatalf("cache holds %d (after the searches: %d)", got, n)
	}
	if err := db.Cached().QueryRowContext(ctx, "SELEKT 1").Scan(new(int)); err == nil {
		t.Fatal("a bad query did not fail")
	}
}
