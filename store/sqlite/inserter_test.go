package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"path/filepath"
	"testing"

	"onboard/model"
)

// A bulk load writes 64 rows a statement; a row that breaks a unique index
// (here inside a full batch, and in the partial batch at the end) is named
// by its place in the load, and nothing of the failed statement stays.
func TestInserterNamesTheRowThatBreaksAUniqueIndex(t *testing.T) {
	ctx := context.Background()
	for _, bad := range []int{10, 130} { // in the first full batch; in the last, partial one
		t.Run(fmt.Sprint(bad), func(t *testing.T) {
			db, err := Open(ctx, filepath.Join(t.TempDir(), "i.db"))
			if err != nil {
				t.Fatal(err)
			}
			defer db.Close()
			bulkLoad(t, db, true, cust("Taken", "taken.nl"))
			var got error
			err = db.Write(ctx, func(tx *sql.Tx) error {
				in, err := NewInserter(ctx, tx)
				if err != nil {
					return err
				}
				defer in.Close()
				for i := 0; i < 140; i++ {
					c := cust(fmt.Sprintf("Row %03d", i), fmt.Sprintf("row-%d.nl", i))
					if i == bad {
						c.Domain = "taken.nl"
					}
					if err := in.Add(ctx, PrepareRow(c, model.Event{At: c.CreatedAt, Actor: "t", Action: "load"})); err != nil {
						got = err
						return err
					}
				}
				got = in.Finish(ctx)
				return got
			})
			var ue *UniqueError
			if !errors.As(got, &ue) || ue.Index != int64(bad) || err == nil {
				t.Fatalf("row %d: %v (%v)", bad, got, err)
			}
			var n int
			db.Reader().QueryRow("SELECT count(*) FROM customers").Scan(&n)
			if n != 1 {
				t.Fatalf("%d customers after the failed load", n)
			}
		})
	}
	// A load without problems: every row, its event, its rank and its
	// place in the search indexes.
	db, err := Open(ctx, filepath.Join(t.TempDir(), "ok.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var cs []model.Customer
	for i := 0; i < 200; i++ {
		cs = append(cs, cust(fmt.Sprintf("Row %03d", i), fmt.Sprintf("row-%d.nl", i)))
	}
	bulkLoad(t, db, true, cs...)
	checkRanks(t, db, "200 rows in order")
	var customers, events int
	db.Reader().QueryRow("SELECT (SELECT count(*) FROM customers), (SELECT count(*) FROM events)").Scan(&customers, &events)
	if customers != 200 || events != 200 {
		t.Fatalf("%d customers, %d events", customers, events)
	}
}
