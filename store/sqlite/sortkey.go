package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"path/filepath"
	"strconv"
	"strings"

	"onboard/model"
)

// OrgKey is the org_key column of a customer named name: the form the name
// order sorts by (model.SortKey).
func OrgKey(name string) string { return model.SortKey(name) }

// migrationNumber is the number a migration's file name starts with
// ("0011_x.sql" is 11), which afterMigration is keyed by: a file's place
// in the list could change when files are added, its number does not.
func migrationNumber(name string) int {
	n, _ := strconv.Atoi(strings.SplitN(filepath.Base(name), "_", 2)[0])
	return n
}

// backfillOrgKey fills the sort key of the customers stored before
// migration 11, indexes it, and ranks every customer again in its order
// (the ranks follow the name order, and the search indexes are keyed by
// rank, so both are built afresh, as after a bulk load).
func backfillOrgKey(ctx context.Context, tx *sql.Tx) error {
	// The column is added here, not in the migration's SQL, so that a file
	// whose user_version was set back (by hand, or a test) migrates again.
	var has int
	if err := tx.QueryRowContext(ctx, "SELECT count(*) FROM pragma_table_info('customers') WHERE name = 'org_key'").Scan(&has); err != nil {
		return err
	}
	if has == 0 {
		if _, err := tx.ExecContext(ctx, "ALTER TABLE customers ADD COLUMN org_key TEXT NOT NULL DEFAULT ''"); err != nil {
			return err
		}
	}
	rows, err := tx.QueryContext(ctx, "SELECT id, org_name FROM customers")
	if err != nil {
		return err
	}
	type named struct {
		id   int64
		name string
	}
	var all []named
	for rows.Next() {
		var n named
		if err := rows.Scan(&n.id, &n.name); err != nil {
			rows.Close()
			return err
		}
		all = append(all, n)
	}
	if err := errors.Join(rows.Err(), rows.Close()); err != nil {
		return err
	}
	set, err := tx.PrepareContext(ctx, "UPDATE customers SET org_key = ? WHERE id = ?")
	if err != nil {
		return err
	}
	defer set.Close()
	for _, n := range all {
		if _, err := set.ExecContext(ctx, OrgKey(n.name), n.id); err != nil {
			return err
		}
	}
	for _, q := range []string{
		"CREATE INDEX IF NOT EXISTS customers_by_org ON customers (org_key, id)",
		"INSERT INTO bulk_load (active) VALUES (1)",
		"UPDATE customers SET org_rank = NULL",
		fmt.Sprintf(`UPDATE customers SET org_rank = r.rank
		 FROM (SELECT id, row_number() OVER (ORDER BY org_key, id) * %d AS rank FROM customers) AS r
		 WHERE r.id = customers.id`, rankStep),
		"INSERT INTO customers_fts (customers_fts) VALUES ('rebuild')",
		"INSERT INTO customers_words (customers_words) VALUES ('rebuild')",
		"DELETE FROM bulk_load",
	} {
		if _, err := tx.ExecContext(ctx, q); err != nil {
			return fmt.Errorf("sort key: %w", err)
		}
	}
	return nil
}
