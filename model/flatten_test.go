package model

import (
	"testing"
	"time"
)

// ValueList and Values are the same fields: every key, in ValueKeys' order,
// with the same text (TestCustomerFieldsCoverCustomer checks that a
// customer with every field has text for every key).
func TestValueListMatchesValues(t *testing.T) {
	confirmed := time.Date(2026, 3, 7, 9, 30, 0, 0, time.UTC)
	c := Customer{
		Kind: KindDomain, Origin: ModeCreate, OrgName: "Café Noir", Domain: "cafenoir.nl",
		PrimaryEmail: "p@cafenoir.nl", AlternateEmail: "a@example.com", Phone: "+31201234567", CRMID: "crm-1",
		Education:      &Education{InstituteType: "university", InstituteSize: "1_100", Website: "https://cafenoir.nl"},
		AdminFirstName: "Ada", AdminLastName: "Noir",
		Address: Address{RegionCode: "NL", PostalCode: "1011 AB", Locality: "Amsterdam", AdministrativeArea: "NH",
			AddressLines: []string{"Dam 1", "2e etage", "achter", "extra"}},
		ResellerID: "r1", Status: StatusLocal, StatusMessage: "m", CloudIdentityID: "C01", GoogleName: "customers/1",
		Language: "nl", TimeZone: "Europe/Amsterdam", SmartFeatures: "on",
		TransferTokenDate: time.Date(2026, 4, 1, 0, 0, 0, 0, time.UTC), ConfirmedAt: &confirmed,
	}
	list, m := c.ValueList(), c.Values()
	if len(m) != len(ValueKeys) || len(list) != len(ValueKeys) {
		t.Fatalf("Values has %d keys and ValueList %d, want %d", len(m), len(list), len(ValueKeys))
	}
	for i, k := range ValueKeys {
		if list[i] != m[k] {
			t.Errorf("%s: list %q, map %q", k, list[i], m[k])
		}
		if ValueIndex(k) != i {
			t.Errorf("ValueIndex(%s) = %d, want %d", k, ValueIndex(k), i)
		}
	}
	if m["address_line_3"] != "achter" || m["transfer_token_date"] != "2026-04-01" || m["confirmed_at"] != "2026-03-07T09:30:00Z" {
		t.Errorf("third address line, token date or confirmation: %q %q %q", m["address_line_3"], m["transfer_token_date"], m["confirmed_at"])
	}
	if ValueIndex("nope") != -1 {
		t.Error("an unknown key has an index")
	}
	// Diff from nothing lists every field that has text (30 here).
	changes, set := Diff(Customer{}, c), 0
	for _, v := range list {
		if v != "" {
			set++
		}
	}
	var org Change
	for _, ch := range changes {
		if ch.Field == "org_name" {
			org = ch
		}
	}
	if len(changes) != set || set < 30 || org.New != "Café Noir" {
		t.Errorf("Diff from nothing: %d changes of %d, org_name %+v", len(changes), set, org)
	}
	if d := Diff(c, c); len(d) != 0 {
		t.Errorf("Diff of a customer with itself: %+v", d)
	}
}
