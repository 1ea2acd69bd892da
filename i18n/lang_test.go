package i18n

import (
	"errors"
	"fmt"
	"os"
	"testing"
	"time"
)

func TestLangFormatsNumbersAndDates(t *testing.T) {
	nl, en := New(Dutch), New(English)
	at := time.Date(2026, 3, 7, 9, 5, 0, 0, time.UTC)
	for _, c := range []struct{ got, want string }{
		{nl.Number(1000000), "1.000.000"},
		{en.Number(1000000), "1,000,000"},
		{Lang{}.Number(1234), "1,234"}, // the zero value is English
		{nl.Date(at), "7 mrt 2026"},
		{en.Date(at), "7 Mar 2026"},
		{nl.DateTime(at), "7 mrt 2026 09:05"},
		{nl.T("Imported %d customers.", 1200), "1.200 klanten geïmporteerd."},
		{en.T("Imported %d customers.", 1200), "Imported 1,200 customers."},
		{nl.N(1, "Imported %d customer.", "Imported %d customers.", 1), "1 klant geïmporteerd."},
		{nl.T("Order %s cancelled.", ID(12345)), "Bestelling 12345 geannuleerd."}, // identifiers keep their digits
		{nl.S("100% not a message"), "100% not a message"},
		{nl.S("Customers"), "Klanten"},
	} {
		if c.got != c.want {
			t.Errorf("got %q, want %q", c.got, c.want)
		}
	}
}

// An Errorf error says itself in the language asked, wraps like
// fmt.Errorf, and a plain wrapper around it keeps its own prefix.
func TestErrorfTranslates(t *testing.T) {
	base := errors.New("disk full")
	err := Errorf("save draft: %w", base)
	if !errors.Is(err, base) {
		t.Fatal("Errorf does not wrap")
	}
	if got := ErrorText(Dutch, err); got != "concept opslaan: disk full" {
		t.Fatalf("Dutch: %q", got)
	}
	if got := err.Error(); got != "save draft: disk full" {
		t.Fatalf("English: %q", got)
	}
	inner := Errorf("no customer with domain %s: %w", "acme.nl", base)
	outer := fmt.Errorf("onboard: %w", inner)
	if got := ErrorText(Dutch, outer); got != "onboard: geen klant met domein acme.nl: disk full" {
		t.Fatalf("wrapped: %q", got)
	}
	if _, err := os.Open("/nowhere/x.csv"); ErrorText(Dutch, err) != "/nowhere/x.csv bestaat niet" {
		t.Fatalf("a file that does not exist: %q", ErrorText(Dutch, err))
	}
	nested := Errorf("config %s: %w", "c.toml", Join(Errorf("line %d: unknown key %q", 3, "x"), Errorf("line %d: unknown key %q", 4, "y")))
	if got := ErrorText(Dutch, nested); got != `configuratie c.toml: regel 3: onbekende sleutel "x"; regel 4: onbekende sleutel "y"` {
		t.Fatalf("joined: %q", got)
	}
}
