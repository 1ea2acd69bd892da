package sqlite

import (
	"context"
	"fmt"
	"path/filepath"
	"slices"
	"testing"
	"time"
)

// A database as the version before migration 11 left it (names ordered
// by NOCASE, customers never confirmed) is migrated: every customer gets
// its sort key, the list and the ranks follow the new order, the search
// still finds them, and a customer that was never confirmed counts as
// confirmed when it was added.
func TestMigrationToSortKeys(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "m.db")
	db, err := Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	created := time.Date(2025, 3, 1, 9, 0, 0, 0, time.UTC)
	var cs = []struct{ org, domain string }{{"Zeeman BV", "zeeman.nl"}, {"Łukasiewicz", "lukasiewicz.pl"}, {"acme", "acme.nl"}, {"Ørsted", "orsted.dk"}}
	for _, c := range cs {
		cu := cust(c.org, c.domain)
		cu.CreatedAt = created
		seedRows(t, db, cu)
	}
	db.Close()
	names, _ := migrationNames()
	before := 0
	for i, n := range names {
		if migrationNumber(n) == 11 {
			before = i
		}
	}
	rawExec(t, path,
		"DROP INDEX customers_by_org",
		"ALTER TABLE customers DROP COLUMN org_key",
		"ALTER TABLE customers DROP COLUMN product_family", // a later migration's column, added again
		"CREATE INDEX customers_by_org ON customers (org_name COLLATE NOCASE, id)",
		"UPDATE customers SET confirmed_at = NULL",
		fmt.Sprintf("PRAGMA user_version = %d", before))
	db, err = Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	got, err := ListCustomers(ctx, db.Reader(), ListQuery{Sort: SortOrg, Limit: 10})
	if err != nil {
		t.Fatal(err)
	}
	var order []string
	for _, c := range got {
		order = append(order, c.OrgName)
		if c.ConfirmedAt == nil || !c.ConfirmedAt.Equal(created) {
			t.Errorf("%s: confirmed at %v, want when it was added (%v)", c.OrgName, c.ConfirmedAt, created)
		}
	}
	if want := []string{"acme", "Łukasiewicz", "Ørsted", "Zeeman BV"}; !slices.Equal(order, want) {
		t.Fatalf("after the migration: %q, want %q", order, want)
	}
	checkRanks(t, db, "migrated")
	if found, err := ListCustomers(ctx, db.Reader(), ListQuery{Query: "lukasiewicz", Limit: 10}); err != nil || len(found) != 1 {
		t.Fatalf("search after the migration: %d found, %v", len(found), err)
	}
}
