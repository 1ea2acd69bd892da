package sqlite

import (
	"context"
	"database/sql"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"testing"
	"time"

	"onboard/model"
)

// BenchmarkEachCustomer reads every customer in name order, as an export
// does: packed (the text columns as one JSON array, EachCustomer) against
// a column each (the plain scan GetCustomer uses), to show what packing
// saves. ONBOARD_CSV_ROWS sets the size (default 100,000).
func BenchmarkEachCustomer(b *testing.B) {
	n := 100_000
	if v, err := strconv.Atoi(os.Getenv("ONBOARD_CSV_ROWS")); err == nil && v > 0 {
		n = v
	}
	ctx := context.Background()
	db, err := Open(ctx, filepath.Join(b.TempDir(), "b.db"))
	if err != nil {
		b.Fatal(err)
	}
	defer db.Close()
	if err := benchFill(ctx, db, n); err != nil {
		b.Fatal(err)
	}
	b.Run(fmt.Sprintf("packed/rows=%d", n), func(b *testing.B) {
		for range b.N {
			got := 0
			err := EachCustomer(ctx, db.Reader(), "", func(model.Customer) error { got++; return nil })
			if err != nil || got != n {
				b.Fatalf("%d, %v", got, err)
			}
		}
	})
	b.Run(fmt.Sprintf("columns/rows=%d", n), func(b *testing.B) {
		for range b.N {
			rows, err := db.Reader().QueryContext(ctx, "SELECT "+customerColumns+" FROM customers ORDER BY org_rank")
			if err != nil {
				b.Fatal(err)
			}
			s, got := newRowScan(), 0
			for rows.Next() {
				if _, err := s.scan(rows); err != nil {
					b.Fatal(err)
				}
				got++
			}
			rows.Close()
			if rows.Err() != nil || got != n {
				b.Fatalf("%d, %v", got, rows.Err())
			}
		}
	})
}

// benchFill stores n customers with the fields a typical one has filled.
func benchFill(ctx context.Context, db *DB, n int) error {
	at := time.Date(2026, 11, 27, 10, 0, 0, 0, time.UTC)
	for done := 0; done < n; done += 5000 {
		err := db.Write(ctx, func(tx *sql.Tx) error {
			in, err := NewInserter(ctx, tx)
			if err != nil {
				return err
			}
			defer in.Close()
			for i := done; i < min(done+5000, n); i++ {
				c := model.Customer{Kind: model.KindDomain, Origin: model.ModeCreate, Status: model.StatusLocal,
					OrgName: fmt.Sprintf("Bakkerij De Vries %07d B.V.", i), Domain: fmt.Sprintf("devries-%d.nl", i),
					PrimaryEmail: fmt.Sprintf("admin@devries-%d.nl", i), Phone: "+31201234567", CRMID: fmt.Sprintf("CRM-%06d", i),
					AdminFirstName: "Jan", AdminLastName: "de Vries", ResellerID: "C0demo1234",
					Address:   model.Address{RegionCode: "NL", PostalCode: "1011 AB", Locality: "Amsterdam", AddressLines: []string{"Damrak 1"}},
					CreatedBy: "bench", CreatedAt: at, UpdatedAt: at, ConfirmedAt: &at}
				if err := in.Add(ctx, PrepareRow(c, model.Event{At: at, Actor: "bench", Action: "seed"})); err != nil {
					return err
				}
			}
			return in.Finish(ctx)
		})
		if err != nil {
			return err
		}
	}
	return nil
}
