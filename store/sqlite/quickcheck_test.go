package sqlite

import (
	"context"
	"encoding/binary"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"onboard/model"
)

// A database with a damaged page is refused at open, with what SQLite's
// quick_check found, before anything writes to it; before, it opened and
// the damage waited for the first query that reached the page.
func TestOpenNoticesADamagedPage(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "d.db")
	db, err := Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	var cs []model.Customer
	for i := 0; i < 200; i++ {
		cs = append(cs, cust(fmt.Sprintf("Damage %d", i), fmt.Sprintf("damage-%d.nl", i)))
	}
	seedRows(t, db, cs...)
	var root int64
	if err := db.Reader().QueryRow("SELECT rootpage FROM sqlite_schema WHERE name = 'customers'").Scan(&root); err != nil {
		t.Fatal(err)
	}
	if err := db.Close(); err != nil { // checkpoints: every page is in the file
		t.Fatal(err)
	}
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if len(b) > QuickCheckLimit {
		t.Fatalf("the file is %d bytes, over QuickCheckLimit", len(b))
	}
	pageSize := int64(binary.BigEndian.Uint16(b[16:18]))
	page := b[(root-1)*pageSize : root*pageSize]
	for i := range page {
		page[i] = 0xa5
	}
	if err := os.WriteFile(path, b, 0o600); err != nil {
		t.Fatal(err)
	}
	db, err = Open(ctx, path)
	if err == nil {
		db.Close()
		t.Fatal("opened a database with a damaged page")
	}
	if !strings.Contains(err.Error(), "is damaged") || !strings.Contains(err.Error(), "quick_check") {
		t.Fatalf("error %v", err)
	}
	after, _ := os.ReadFile(path)
	if string(after) != string(b) {
		t.Fatal("the damaged file was written to")
	}
}
