package common

import (
	"slices"
	"testing"
)

func TestWrap(t *testing.T) {
	for _, tc := range []struct {
		text string
		w    int
		want []string
	}{
		{"", 10, nil},
		{"   ", 10, nil},
		{"one two three", 20, []string{"one two three"}},
		{"one two three", 7, []string{"one two", "three"}},
		{"one   two\nthree", 9, []string{"one two", "three"}},
		{"a verylongword b", 5, []string{"a", "verylongword", "b"}},
		{"an email-verified team", 12, []string{"an email-", "verified", "team"}},
		{"één twee drie", 8, []string{"één twee", "drie"}},
	} {
		if got := Wrap(tc.text, tc.w); !slices.Equal(got, tc.want) {
			t.Errorf("Wrap(%q, %d) = %q, want %q", tc.text, tc.w, got, tc.want)
		}
	}
}
