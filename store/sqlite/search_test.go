package sqlite

import (
	"context"
	"database/sql"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"onboard/model"
	"onboard/model/rules"
)

func seedRows(t *testing.T, db *DB, cs ...model.Customer) {
	t.Helper()
	err := db.Write(context.Background(), func(tx *sql.Tx) error {
		for _, c := range cs {
			if _, err := InsertCustomer(context.Background(), tx, c, ""); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

// bulkLoad adds customers as a bulk load (seed, CSV import) does; without
// finish, as a buggy loader that never finishes.
func bulkLoad(t *testing.T, db *DB, finish bool, cs ...model.Customer) {
	t.Helper()
	ctx := context.Background()
	err := db.Write(ctx, func(tx *sql.Tx) error {
		in, err := NewInserter(ctx, tx)
		if err != nil {
			return err
		}
		defer in.Close()
		for _, c := range cs {
			if err := in.Add(ctx, PrepareRow(c, model.Event{At: c.CreatedAt, Actor: "test", Action: "load"})); err != nil {
				return err
			}
		}
		if finish {
			return in.Finish(ctx)
		}
		return in.flush(ctx) // written, but never ranked nor indexed
	})
	if err != nil {
		t.Fatal(err)
	}
}

func cust(org, domain string) model.Customer {
	now := time.Now()
	return model.Customer{Kind: model.KindDomain, Origin: model.ModeCreate, Status: model.StatusLocal, OrgName: org, Domain: domain,
		PrimaryEmail: "admin@" + domain, CreatedBy: "t", CreatedAt: now, UpdatedAt: now}
}

func TestSearchFindsWhatPeopleType(t *testing.T) {
	ctx := context.Background()
	db, err := Open(ctx, filepath.Join(t.TempDir(), "s.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	cafe := cust("Café Zoë", "zoe.nl")
	cafe.CRMID, cafe.AlternateEmail = "CRM-4711", "owner@gmail.com"
	idn := cust("Bücherei", "xn--bcher-kva.example")
	team := cust("Acme Sales", "acme.nl")
	team.Kind, team.PrimaryEmail, team.CloudIdentityID = model.KindTeam, "sales@acme.nl", "C03xyz789"
	seedRows(t, db, cafe, idn, team, cust("Other BV", "other.nl"))
	cases := map[string]string{
		"cafe": "Café Zoë", "CAFÉ": "Café Zoë", "zoë": "Café Zoë", "crm-4711": "Café Zoë", "owner@gmail": "Café Zoë",
		"bücher.ex": "Bücherei", "xn--bcher": "Bücherei", "sales@": "Acme Sales", "c03xyz": "Acme Sales",
		// One or two characters match the start of a word.
		"ca": "Café Zoë", "zo": "Café Zoë", "ow": "Café Zoë", "b": "Bücherei", "c0": "Acme Sales",
	}
	for query, want := range cases {
		got, err := ListCustomers(ctx, db.Reader(), ListQuery{Query: query, Limit: 10})
		if err != nil {
			t.Fatalf("%q: %v", query, err)
		}
		var names []string
		for _, c := range got {
			names = append(names, c.OrgName)
		}
		if !strings.Contains(strings.Join(names, "|"), want) {
			t.Errorf("%q found %v, want %s", query, names, want)
		}
		n, err := CountMatching(ctx, db.Reader(), query, 0)
		if capped, _ := CountMatching(ctx, db.Reader(), query, 1); capped != min(n, 1) {
			t.Errorf("%q: count capped at 1 is %d", query, capped)
		}
		if err != nil || n != int64(len(got)) {
			t.Errorf("%q: count %d (%v), list %d", query, n, err, len(got))
		}
	}
	for _, none := range []string{"nothing like it", "af", "q", "é@"} {
		if got, _ := ListCustomers(ctx, db.Reader(), ListQuery{Query: none, Limit: 10}); len(got) != 0 {
			t.Errorf("%q found %d, want none (short terms match word starts only)", none, len(got))
		}
	}
	// Editing a customer re-indexes it.
	err = db.Write(ctx, func(tx *sql.Tx) error {
		c, err := GetCustomer(ctx, tx, 4)
		if err != nil {
			return err
		}
		c.OrgName = "Renamed Holding"
		return UpdateCustomer(ctx, tx, c)
	})
	if err != nil {
		t.Fatal(err)
	}
	if got, _ := ListCustomers(ctx, db.Reader(), ListQuery{Query: "renamed", Limit: 10}); len(got) != 1 {
		t.Fatal("an edit was not re-indexed")
	}
	if got, _ := ListCustomers(ctx, db.Reader(), ListQuery{Query: "other bv", Limit: 10}); len(got) != 0 {
		t.Fatal("the old name is still indexed")
	}
}

// Both plans must find the same rows in the same order: the trigram index
// for rare terms, the walk of the sort index for common ones.
func TestSearchPlansAgree(t *testing.T) {
	ctx := context.Background()
	db, err := Open(ctx, filepath.Join(t.TempDir(), "p.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var cs []model.Customer
	for i := 0; i < 300; i++ {
		org := []string{"Tech Holding", "Bakkerij Zoë", "Café Tech", "Garage", "Brouwerij Techniek"}[i%5]
		cs = append(cs, cust(org+" "+strings.Repeat("x", i%7), "org"+strings.Repeat("a", i%4)+string(rune('a'+i%26))+string(rune('a'+i/26))+".nl"))
	}
	seedRows(t, db, cs...)
	for _, query := range []string{"tech", "zoe", "cafe", "garage", "niek", "orgaa", "te", "g", "or", "ca"} {
		for _, s := range []Sort{SortOrg, SortDomain} {
			viaIndex, err := ListCustomers(ctx, db.Reader(), ListQuery{Query: query, Sort: s, Limit: 40})
			if err != nil {
				t.Fatal(err)
			}
			p := planFor(rules.Fold(query))
			walked, err := queryCustomers(ctx, db.Reader(), "SELECT "+customerColumns+" FROM customers WHERE "+p.walk+" ORDER BY "+
				map[Sort]string{SortOrg: "org_key", SortDomain: "domain"}[s]+", id LIMIT 40", p.walkArg)
			if err != nil {
				t.Fatal(err)
			}
			if len(viaIndex) != len(walked) || len(walked) == 0 {
				t.Fatalf("%q: %d via the plan, %d by walking", query, len(viaIndex), len(walked))
			}
			for i := range walked {
				if walked[i].ID != viaIndex[i].ID {
					t.Fatalf("%q: row %d differs", query, i)
				}
			}
		}
	}
}

// A bulk load indexes and counts its rows when it finishes; a flag left
// behind by a bug is repaired on the next open.
func TestBulkLoadIndexesAndCounts(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "b.db")
	db, err := Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	load := func(finish bool, cs ...model.Customer) { bulkLoad(t, db, finish, cs...) }
	load(true, cust("Bulk Café", "bulk.nl"), cust("Second", "second.nl"))
	if n, _ := CountCustomers(ctx, db.Reader()); n != 2 {
		t.Fatalf("count %d after a bulk load", n)
	}
	if got, _ := ListCustomers(ctx, db.Reader(), ListQuery{Query: "bulk cafe", Limit: 5}); len(got) != 1 {
		t.Fatal("bulk-loaded rows are not searchable")
	}
	// Single inserts after it are indexed by the trigger again.
	seedRows(t, db, cust("After Bulk", "after.nl"))
	if got, _ := ListCustomers(ctx, db.Reader(), ListQuery{Query: "after bulk", Limit: 5}); len(got) != 1 {
		t.Fatal("the trigger stayed off after a bulk load")
	}
	load(false, cust("Forgotten", "forgotten.nl")) // a buggy loader: no Finish
	db.Close()
	db, err = Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if n, _ := CountCustomers(ctx, db.Reader()); n != 4 {
		t.Fatalf("count %d after repair", n)
	}
	if got, _ := ListCustomers(ctx, db.Reader(), ListQuery{Query: "forgotten", Limit: 5}); len(got) != 1 {
		t.Fatal("the repair did not index the rows")
	}
}

// A database from before the search migrations gets its rows' search text
// and words filled in and indexed when it is opened.
func TestMigrationBackfillsSearch(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "v1.db")
	raw, err := sql.Open("sqlite", path)
	if err != nil {
		t.Fatal(err)
	}
	v1, _ := migrationFS.ReadFile("migrations/0001_init.sql")
	now := time.Now().UnixMicro()
	for _, q := range []string{string(v1), "PRAGMA user_version = 1"} {
		if _, err := raw.Exec(q); err != nil {
			t.Fatal(err)
		}
	}
	_, err = raw.Exec(`INSERT INTO customers (kind, origin, org_name, domain, primary_email, status, created_by, created_at, updated_at)
		VALUES ('domain', 'create', 'Oude Café', 'oud.nl', 'admin@oud.nl', 'local', 't', ?, ?)`, now, now)
	if err != nil {
		t.Fatal(err)
	}
	raw.Close()
	db, err := Open(ctx, path)
	if err != nil {
		t.Fatalf("migrate a v1 database: %v", err)
	}
	defer db.Close()
	for _, q := range []string{"oude cafe", "ou", "oud.nl"} {
		if got, err := ListCustomers(ctx, db.Reader(), ListQuery{Query: q, Limit: 5}); err != nil || len(got) != 1 {
			t.Fatalf("%q after migration: %d rows, %v", q, len(got), err)
		}
	}
}
