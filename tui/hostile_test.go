package tui

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"regexp"
	"testing"
	"unicode"
	"unicode/utf8"

	"onboard/internal/hostile"

	"onboard/model"
)

// payloads are the hostile strings every screen is checked with.
var payloads = hostile.Payloads

// sgr matches the app's own styling, the only escape sequences allowed out.
var sgr = regexp.MustCompile(`\x1b\[[0-9;:]*m`)

// clean reports the first forbidden thing in a rendered screen: any control
// character but newline, C1, bidi controls or zero-width characters.
func forbidden(screen string) string {
	s := sgr.ReplaceAllString(screen, "")
	if !utf8.ValidString(s) {
		return "invalid UTF-8"
	}
	for _, r := range s {
		switch {
		case r == '\n':
		case r < 0x20 || r == 0x7f || (r >= 0x80 && r <= 0x9f):
			return fmt.Sprintf("%U", r)
		case unicode.Is(unicode.Bidi_Control, r), r == '\u200b', r == '\u200c', r == '\u200d', r == '\ufeff', r == '\u2060':
			return fmt.Sprintf("%U", r)
		}
	}
	return ""
}

// Hostile text placed in every displayed field through the database
// directly (as an older version might have stored it) is drawn with no
// control bytes but the app's own styling, on every screen.
func TestHostileDataIsNeverDrawn(t *testing.T) {
	ctx := context.Background()
	svc := openStore(t, "C0123abcd")
	for i := range payloads {
		f := model.Fields{
			model.FieldKind: "domain", model.FieldOrgName: fmt.Sprintf("Org %02d", i), model.FieldDomain: fmt.Sprintf("h%02d.nl", i),
			model.FieldRegisteredDomain: "yes", model.FieldNonprofits: "no", model.FieldLegacyFree: "no", model.FieldProductFamily: "google_workspace",
		}
		if _, err := svc.Create(ctx, "anna", model.ModeCreate, f, model.CreateOptions{}); err != nil {
			t.Fatal(err)
		}
	}
	cols := []string{"org_name", "primary_email", "alternate_email", "phone", "crm_id", "admin_first_name", "admin_last_name",
		"postal_code", "locality", "administrative_area", "reseller_id", "status_message", "cloud_identity_id", "google_name",
		"language", "time_zone", "smart_features", "created_by", "website", "institute_type", "institute_size"}
	err := svc.DB().Write(ctx, func(tx *sql.Tx) error {
		for i, p := range payloads {
			id := i + 1
			for _, col := range cols {
				if _, err := tx.Exec("UPDATE customers SET "+col+" = ? WHERE id = ?", p+" "+col, id); err != nil {
					return err
				}
				if col == "org_name" { // its sort key, as the store keeps it
					if _, err := tx.Exec("UPDATE customers SET org_key = ? WHERE id = ?", model.SortKey(p+" "+col), id); err != nil {
						return err
					}
				}
			}
			lines, _ := json.Marshal([]string{p + " line"})
			changes, _ := json.Marshal([]model.Change{{Field: "org_name" + p, Old: p, New: p + " new"}})
			for _, q := range []struct {
				sql  string
				args []any
			}{
				{"UPDATE customers SET address_lines = ?, region_code = ?, kind = ? WHERE id = ?", []any{string(lines), p, "team", id}},
				{"INSERT INTO events (customer_id, at, actor, action, changes) VALUES (?, 0, ?, ?, ?)", []any{id, p, p, string(changes)}},
				{"INSERT INTO orders (customer_id, sku, seats, plan, purchase_order_id, status, created_by, created_at) VALUES (?, ?, 1, 'flexible', ?, 'local', ?, 0)", []any{id, p, p, p}},
			} {
				if _, err := tx.Exec(q.sql, q.args...); err != nil {
					return fmt.Errorf("%s: %w", q.sql, err)
				}
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	d := drive(t, newApp(svc, "anna"), 120, 60)
	screens := 0
	check := func(where string) {
		t.Helper()
		screens++
		if bad := forbidden(d.app.Render()); bad != "" {
			t.Fatalf("%s: the screen carries %s:\n%q", where, bad, d.app.Render())
		}
	}
	check("list")
	d.keys("S")
	check("stale list")
	d.keys("S", "/")
	d.typeText("org")
	check("filtered list")
	d.keys("esc")
	for i := range payloads {
		d.keys("enter")
		check(fmt.Sprintf("detail of customer %d", i+1))
		d.keys("pgdown", "pgdown", "pgdown")
		check(fmt.Sprintf("history of customer %d", i+1))
		d.keys("t")
		check(fmt.Sprintf("setup tips of customer %d", i+1))
		d.keys("esc", "v")
		check(fmt.Sprintf("verify domain of customer %d", i+1))
		d.keys("esc", "x")
		check(fmt.Sprintf("cancel order of customer %d", i+1))
		d.keys("n", "b")
		check(fmt.Sprintf("buy for customer %d", i+1))
		d.keys("esc", "enter", "e") // closing the order form selects the customer on the list
		check(fmt.Sprintf("edit of customer %d", i+1))
		d.shownWizard().Leave() // back to the list
		d.keys("home")
		for j := 0; j <= i; j++ {
			d.keys("down")
		}
	}
	d.keys("?")
	check("help")
	if screens < 7*len(payloads) {
		t.Fatalf("checked %d screens", screens)
	}
	t.Logf("%d payloads in %d columns, events and orders; %d screens checked", len(payloads), len(cols)+2, screens)
}
