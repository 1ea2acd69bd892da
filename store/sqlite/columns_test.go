package sqlite

import (
	"context"
	"database/sql"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"onboard/model"
)

// The customers table the migrations make has a column for every field of
// model.CustomerFields that names one, and besides those only the store's
// own: a field without its migration, or the reverse, fails here.
func TestColumnsAreTheTables(t *testing.T) {
	ctx := context.Background()
	db, err := Open(ctx, filepath.Join(t.TempDir(), "c.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	rows, err := db.Reader().QueryContext(ctx, "SELECT name FROM pragma_table_info('customers')")
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var have []string
	for rows.Next() {
		var name string
		if err := rows.Scan(&name); err != nil {
			t.Fatal(err)
		}
		have = append(have, name)
	}
	want := append(strings.Split(customerColumns, ", "), "search_text", "search_words", "org_key", "idempotency_key", "org_rank")
	slices.Sort(have)
	slices.Sort(want)
	if !slices.Equal(have, want) {
		t.Errorf("the table's columns\n %q\nthe field table's\n %q", have, want)
	}
}

// earlierColumns are the columns, in order, that the store wrote and read
// before they were derived from model.CustomerFields.
const earlierColumns = `kind, origin, org_name, domain, primary_email, alternate_email, phone, crm_id,
	institute_type, institute_size, website, admin_first_name, admin_last_name,
	region_code, postal_code, locality, administrative_area, address_lines,
	reseller_id, status, status_message, cloud_identity_id, google_name, language, time_zone, smart_features,
	transfer_token, transfer_token_date, created_by, created_at, updated_at, confirmed_at`

// A row as the earlier store wrote it reads back as the customer it
// held, one at a time and in bulk; and a customer is stored in the same
// values as before.
func TestRowsReadAsBefore(t *testing.T) {
	ctx := context.Background()
	db, err := Open(ctx, filepath.Join(t.TempDir(), "r.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	created := time.Date(2026, 3, 7, 9, 30, 0, 123456000, time.UTC)
	confirmed := created.Add(time.Hour)
	want := model.Customer{
		ID: 1, Kind: model.KindDomain, Origin: model.ModeImport, OrgName: "Café Noir", Domain: "cafenoir.nl",
		PrimaryEmail: "p@cafenoir.nl", AlternateEmail: "a@example.com", Phone: "+31201234567", CRMID: "crm-1",
		Education:      &model.Education{InstituteType: "UNIVERSITY", InstituteSize: "SIZE_1_100", Website: "https://cafenoir.nl"},
		AdminFirstName: "Ada", AdminLastName: "Noir",
		Address: model.Address{RegionCode: "NL", PostalCode: "1011 AB", Locality: "Amsterdam", AdministrativeArea: "NH",
			AddressLines: []string{"Dam 1", `2e "etage"`, "achter", "extra"}},
		ResellerID: "C0123abcd", Status: model.StatusImported, StatusMessage: "ok", CloudIdentityID: "C01x", GoogleName: "customers/1",
		Language: "nl", TimeZone: "Europe/Amsterdam", SmartFeatures: "on", TransferToken: "tok",
		TransferTokenDate: time.Date(2026, 4, 1, 0, 0, 0, 0, time.UTC), CreatedBy: "jan",
		CreatedAt: created, UpdatedAt: created, ConfirmedAt: &confirmed, Version: 1,
	}
	stored := []any{"domain", "import", "Café Noir", "cafenoir.nl", "p@cafenoir.nl", "a@example.com", "+31201234567", "crm-1",
		"UNIVERSITY", "SIZE_1_100", "https://cafenoir.nl", "Ada", "Noir",
		"NL", "1011 AB", "Amsterdam", "NH", `["Dam 1","2e \"etage\"","achter","extra"]`,
		"C0123abcd", "imported", "ok", "C01x", "customers/1", "nl", "Europe/Amsterdam", "on",
		"tok", int64(1775001600), "jan", created.UnixMicro(), created.UnixMicro(), confirmed.UnixMicro()}
	err = db.Write(ctx, func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, "INSERT INTO customers ("+earlierColumns+", search_text, search_words, org_rank) VALUES ("+
			placeholders(len(stored)+3)+")", append(stored, "cafe noir", " cafe noir", 1)...)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	one, err := GetCustomer(ctx, db.Reader(), 1)
	if err != nil || !reflect.DeepEqual(one, want) {
		t.Fatalf("GetCustomer: %v\n got %+v\nwant %+v", err, one, want)
	}
	err = EachCustomer(ctx, db.Reader(), "", func(c model.Customer) error {
		if !reflect.DeepEqual(c, want) {
			t.Errorf("EachCustomer:\n got %+v\nwant %+v", c, want)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}

	err = db.Write(ctx, func(tx *sql.Tx) error {
		c := want
		c.Domain, stored[3] = "other.nl", "other.nl"
		_, err := InsertCustomer(ctx, tx, c, "")
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	got := make([]any, len(stored))
	dest := make([]any, len(stored))
	for i := range got {
		dest[i] = &got[i]
	}
	if err := db.Reader().QueryRowContext(ctx, "SELECT "+earlierColumns+" FROM customers WHERE id = 2").Scan(dest...); err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(got, stored) {
		t.Errorf("InsertCustomer stored\n %q\nwant\n %q", got, stored)
	}
}
