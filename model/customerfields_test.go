package model

import (
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"
)

// The audit trail's keys and a CSV file's header are what older events and
// exported files hold: every earlier name is still there, in the same
// order (a new field may come in between).
func TestFieldOrderIsTheStoredOne(t *testing.T) {
	values := []string{
		"kind", "origin", "org_name", "domain", "primary_email", "alternate_email", "phone", "crm_id",
		"institute_type", "institute_size", "website", "admin_first_name", "admin_last_name",
		"region_code", "postal_code", "locality", "administrative_area",
		"address_line_1", "address_line_2", "address_line_3", "reseller_id", "status", "status_message",
		"cloud_identity_id", "google_name", "language", "time_zone", "smart_features", "transfer_token_date", "confirmed_at",
	}
	if !inOrder(ValueKeys, values) {
		t.Errorf("ValueKeys\n %q\nlack or reorder\n %q", ValueKeys, values)
	}
	csv := []string{
		"id", "kind", "origin", "org_name", "domain", "primary_email", "alternate_email", "phone", "crm_id",
		"institute_type", "institute_size", "website", "admin_first_name", "admin_last_name",
		"region_code", "postal_code", "locality", "administrative_area",
		"address_line_1", "address_line_2", "address_line_3", "reseller_id",
		"status", "status_message", "cloud_identity_id", "language", "time_zone", "smart_features", "created_at", "updated_at", "confirmed_at",
	}
	if got := CSVColumns(); !inOrder(got, csv) || got[0] != "id" {
		t.Errorf("CSVColumns\n %q\nlack or reorder\n %q", got, csv)
	}
}

// inOrder reports whether every name of want is in have, in want's order.
func inOrder(have, want []string) bool {
	i := 0
	for _, h := range have {
		if i < len(want) && h == want[i] {
			i++
		}
	}
	return i == len(want)
}

// Every field has what its type and uses need, and no two share a name or
// a column.
func TestCustomerFieldsAreComplete(t *testing.T) {
	names, columns := map[string]bool{}, map[string]bool{}
	for _, f := range CustomerFields {
		if names[f.Name] || (f.Column != "" && columns[f.Column]) {
			t.Errorf("%s: name or column %q twice", f.Name, f.Column)
		}
		names[f.Name], columns[f.Column] = true, true
		if f.Use != Stored && f.Get == nil {
			t.Errorf("%s is audited or exported but has no text", f.Name)
		}
		var ok bool
		switch f.Type {
		case TextField:
			ok = f.Get != nil && (f.Column == "" || f.Set != nil)
		case RowField:
			ok = f.Int != nil
		case DayField, TimeField:
			ok = f.Time != nil
		case OptTimeField:
			ok = f.OptTime != nil
		case LinesField:
			ok = f.Lines != nil && f.Column != ""
		}
		if !ok {
			t.Errorf("%s: the accessors of its type (%d) are missing", f.Name, f.Type)
		}
	}
}

// filled returns a customer with every field of CustomerFields set through
// the table.
func filled() Customer {
	var c Customer
	at := time.Date(2026, 3, 7, 9, 30, 0, 123456000, time.UTC)
	for _, f := range CustomerFields {
		switch f.Type {
		case TextField:
			if f.Set != nil {
				f.Set(&c, "v "+f.Name)
			}
		case RowField:
			*f.Int(&c) = 7
		case DayField, TimeField:
			*f.Time(&c) = at
		case OptTimeField:
			*f.OptTime(&c) = &at
		case LinesField:
			*f.Lines(&c) = []string{"one", "two", "three"}
		}
	}
	return c
}

// Every field of Customer is in CustomerFields: setting all the table's
// fields leaves none of the struct's empty, so a field added to the struct
// without its line in the table fails here.
func TestCustomerFieldsCoverCustomer(t *testing.T) {
	c := filled()
	var walk func(v reflect.Value, path string)
	walk = func(v reflect.Value, path string) {
		switch {
		case v.Kind() == reflect.Pointer && !v.IsNil() && v.Elem().Kind() == reflect.Struct && v.Type().Elem() != reflect.TypeFor[time.Time]():
			walk(v.Elem(), path)
		case v.Kind() == reflect.Struct && v.Type() != reflect.TypeFor[time.Time]():
			for i := range v.NumField() {
				walk(v.Field(i), path+"."+v.Type().Field(i).Name)
			}
		case v.IsZero():
			t.Errorf("%s is not set by any of CustomerFields", path)
		}
	}
	walk(reflect.ValueOf(c), "Customer")
	for _, f := range CustomerFields {
		if f.Use != Stored && f.Get(&c) == "" {
			t.Errorf("%s has no text for a customer that has every field", f.Name)
		}
	}
}

// A field's name is its key in the JSON output too (address lines as a
// list; transfer token and its date are never shown), so every front end
// names a field the same.
func TestFieldNamesAreJSONKeys(t *testing.T) {
	var keys []string
	var walk func(t reflect.Type)
	walk = func(t reflect.Type) {
		for i := range t.NumField() {
			tag, _, _ := strings.Cut(t.Field(i).Tag.Get("json"), ",")
			switch ft := t.Field(i).Type; {
			case tag == "-":
			case ft.Kind() == reflect.Pointer && ft.Elem().Kind() == reflect.Struct && ft.Elem() != reflect.TypeFor[time.Time]():
				walk(ft.Elem())
			case ft.Kind() == reflect.Struct && ft != reflect.TypeFor[time.Time]():
				walk(ft)
			default:
				keys = append(keys, tag)
			}
		}
	}
	walk(reflect.TypeFor[Customer]())
	var names []string
	for _, f := range CustomerFields {
		if !strings.HasPrefix(f.Name, "address_line_") && !strings.HasPrefix(f.Name, "transfer_token") {
			names = append(names, f.Name)
		}
	}
	slices.Sort(keys)
	slices.Sort(names)
	if !slices.Equal(keys, names) {
		t.Errorf("JSON keys %q\nfield names %q", keys, names)
	}
}

// Reading a field back from its text gives what was set, and an Education
// is made by a type or a size, never by a website alone.
func TestSetReadsGet(t *testing.T) {
	c := filled()
	var back Customer
	for _, f := range CustomerFields {
		if f.Type == TextField && f.Set != nil {
			f.Set(&back, f.Get(&c))
			if got, want := f.Get(&back), f.Get(&c); got != want {
				t.Errorf("%s: %q, want %q", f.Name, got, want)
			}
		}
	}
	var web Customer
	for _, f := range CustomerFields {
		if f.Name == "website" {
			f.Set(&web, "https://example.com")
		}
	}
	if web.Education != nil {
		t.Errorf("a website alone made an Education: %+v", web.Education)
	}
	at := time.Date(2026, 3, 7, 9, 30, 0, 123456000, time.UTC)
	for _, f := range CustomerFields {
		want := map[string]string{"id": "7", "created_at": "2026-03-07T09:30:00.123456Z", "confirmed_at": "2026-03-07T09:30:00.123456Z",
			"address_line_3": "three", "org_name": "v org_name"}[f.Name]
		if want != "" && f.CSVText(&c) != want {
			t.Errorf("%s in a CSV file: %q, want %q", f.Name, f.CSVText(&c), want)
		}
	}
	if got := (Customer{ConfirmedAt: &at}).Values()["confirmed_at"]; got != "2026-03-07T09:30:00Z" {
		t.Errorf("confirmed_at in the audit trail: %q", got)
	}
}
