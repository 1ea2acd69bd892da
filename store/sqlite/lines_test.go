package sqlite

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"onboard/model"
)

// jsonStrings reads the address lines json.Marshal writes as
// json.Unmarshal does, whatever they hold, and refuses what is not such an
// array (the reader then falls back to json.Unmarshal).
func TestJSONStringsReadsMarshalledLines(t *testing.T) {
	inputs := [][]string{
		{"Dam 1"}, {"Dam 1", "2e etage"}, {"a", "", "c"}, {""}, {"Straße 5", "東京"},
		{`quote " inside`}, {`a","b`}, {`back\slash`}, {"<tag> & more"}, {"tab\there"}, {"\u2028"}, {"bad \xff utf-8"},
	}
	for _, lines := range inputs {
		b, err := json.Marshal(lines)
		if err != nil {
			t.Fatal(err)
		}
		got, err := jsonStrings(string(b), nil)
		if err != nil {
			t.Errorf("%s: %v", b, err)
			continue
		}
		var want []string
		if err := json.Unmarshal(b, &want); err != nil {
			t.Fatal(err)
		}
		if !slices.Equal(got, want) {
			t.Errorf("%s: jsonStrings %q, json %q", b, got, want)
		}
	}
	for _, s := range []string{`["a", "b"]`, `["a"`, `["a\"b"]`, `["a","b"`, `[1]`, `["a",1]`, `["a"]x`} {
		if got, err := jsonStrings(s, nil); err == nil {
			var want []string
			if err := json.Unmarshal([]byte(s), &want); err != nil || !slices.Equal(got, want) {
				t.Errorf("%s: jsonStrings read %q, json %q (%v)", s, got, want, err)
			}
		}
	}
}

// jsonStrings reads what SQLite's json_array writes, whatever the text
// holds: quotes, backslashes, control characters, the separators of other
// encodings, non-ASCII.
func TestJSONStringsReadsSQLite(t *testing.T) {
	ctx := context.Background()
	db, err := Open(ctx, filepath.Join(t.TempDir(), "j.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	texts := []string{"", "plain", `a"b`, `back\slash`, "nul\x00byte", "unit\x1fsep", "tab\tnew\nline\r",
		"\x1b[2J", "Café 東京 😀", "\u202e", "\u2028", `["nested","json"]`, "/slash/", "\x7f\u0085"}
	q := "SELECT json_array(" + strings.TrimSuffix(strings.Repeat("?, ", len(texts)), ", ") + ")"
	args := make([]any, len(texts))
	for i, s := range texts {
		args[i] = s
	}
	var packed string
	if err := db.Reader().QueryRowContext(ctx, q, args...).Scan(&packed); err != nil {
		t.Fatal(err)
	}
	got, err := jsonStrings(packed, nil)
	if err != nil || !slices.Equal(got, texts) {
		t.Fatalf("%q:\n got %q, %v\nwant %q", packed, got, err, texts)
	}
	for _, bad := range []string{"", "[", `["a"`, `["a",]`, `["a" ,"b"]`, `[1]`, `["a"]]`, `["a\"]`} {
		if got, err := jsonStrings(bad, nil); err == nil {
			t.Errorf("%s read as %q", bad, got)
		}
	}
	if got, err := jsonStrings("[]", nil); err != nil || len(got) != 0 {
		t.Errorf("[]: %q, %v", got, err)
	}
}

// A bulk read (EachCustomer, packed) and a single read (GetCustomer, a
// column each) give the same customer whatever the stored text holds, as
// if an older version had stored it.
func TestEachCustomerReadsWhatGetCustomerReads(t *testing.T) {
	ctx := context.Background()
	db, err := Open(ctx, filepath.Join(t.TempDir(), "e.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	hostile := []string{`a"b`, `back\slash`, "nul\x00byte", "unit\x1fsep", "tab\tnew\nline\r", "\x1b]52;c;AAAA\x07",
		"Café 東京 😀", "\u202e", `["x","y"]`, "'=1+1"}
	confirmed := time.Date(2026, 5, 1, 8, 0, 0, 0, time.UTC)
	for i, h := range hostile {
		c := model.Customer{Kind: model.KindDomain, Origin: model.ModeCreate, OrgName: "Org " + h, Domain: fmt.Sprintf("d%d.nl", i),
			Status: model.StatusLocal, CreatedBy: "t", CreatedAt: confirmed, UpdatedAt: confirmed,
			Address: model.Address{AddressLines: []string{h, "Dam " + h}}}
		if i%2 == 0 {
			c.Education = &model.Education{InstituteType: "university", InstituteSize: h, Website: h}
			c.ConfirmedAt = &confirmed
			c.TransferTokenDate = confirmed
		}
		err := db.Write(ctx, func(tx *sql.Tx) error {
			id, err := InsertCustomer(ctx, tx, c, "")
			if err != nil {
				return err
			}
			_, err = tx.ExecContext(ctx, `UPDATE customers SET primary_email = ?1, alternate_email = ?1, phone = ?1, crm_id = ?1,
				admin_first_name = ?1, locality = ?1, status_message = ?1, google_name = ?1, transfer_token = ?1 WHERE id = ?2`, h, id)
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	n := 0
	err = EachCustomer(ctx, db.Reader(), "", func(got model.Customer) error {
		n++
		want, err := GetCustomer(ctx, db.Reader(), got.ID)
		if err != nil {
			return err
		}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("customer %d:\nbulk %+v\n one %+v", got.ID, got, want)
		}
		return nil
	})
	if err != nil || n != len(hostile) {
		t.Fatalf("%d customers read, %v", n, err)
	}
}
