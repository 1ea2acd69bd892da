package model

import (
	"slices"
	"testing"
)

// Names sort where a reader looks for them: accents and case do not move
// a name away from its letter.
func TestSortKeyOrder(t *testing.T) {
	names := []string{"Zeeman BV", "Łukasiewicz Sp. z o.o.", "Ørsted", "acme", "Äpfel GmbH", "Müller", "Straße AG", "Mulder", "ZOO", "Bakker", "Ærø Shipping", "Œuvre", "東京"}
	slices.SortStableFunc(names, func(a, b string) int {
		ka, kb := SortKey(a), SortKey(b)
		switch {
		case ka < kb:
			return -1
		case ka > kb:
			return 1
		}
		return 0
	})
	want := []string{"acme", "Ærø Shipping", "Äpfel GmbH", "Bakker", "Łukasiewicz Sp. z o.o.", "Mulder", "Müller", "Œuvre", "Ørsted", "Straße AG", "Zeeman BV", "ZOO", "東京"}
	if !slices.Equal(names, want) {
		t.Errorf("order\n got %q\nwant %q", names, want)
	}
	for in, want := range map[string]string{"Łukasiewicz": "lukasiewicz", "ACME BV": "acme bv", "Straße": "strasse", "": ""} {
		if got := SortKey(in); got != want {
			t.Errorf("SortKey(%q) = %q, want %q", in, got, want)
		}
	}
}
