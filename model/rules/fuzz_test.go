package rules

import (
	"strings"
	"testing"
	"unicode/utf8"
)

// The fuzz targets check the normalisers' promises on any input: no panic,
// and an accepted value is canonical (normalising it again changes nothing)
// and safe. Seeds live in testdata/fuzz; run one with
// go test ./model/rules -fuzz FuzzNormalizeDomain -fuzztime 10s.

func FuzzNormalizeDomain(f *testing.F) {
	for _, s := range []string{"acme.nl", "WWW.Acme.co.uk", "bücher.example", "xn--bcher-kva.example", "co.uk", "\x90.ua", "https://www.acme.nl/", "a..b", "ﬀ.nl"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, in string) {
		out, err := NormalizeDomain(in)
		if err != nil {
			if _, ok := err.(*Problem); !ok {
				t.Fatalf("error is not a Problem: %T", err)
			}
			return
		}
		if !isASCIILower(out) || len(out) > 253 || strings.HasPrefix(out, "www.") || !strings.Contains(out, ".") {
			t.Fatalf("NormalizeDomain(%q) = %q: not a canonical domain", in, out)
		}
		again, err := NormalizeDomain(out)
		if err != nil || again != out {
			t.Fatalf("not idempotent: %q -> %q -> %q (%v)", in, out, again, err)
		}
	})
}

func FuzzNormalizeEmail(f *testing.F) {
	for _, s := range []string{"Admin@Acme.NL", "a@b@c.nl", "Jan <jan@acme.nl>", "x@bücher.example", "a.b+c@x.co.uk", "a@x.nl\r\nBcc: y"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, in string) {
		out, err := NormalizeEmail(in)
		if err != nil {
			return
		}
		if !isASCIILower(out) || len(out) > 254 || strings.Count(out, "@") != 1 {
			t.Fatalf("NormalizeEmail(%q) = %q: not canonical", in, out)
		}
		if again, err := NormalizeEmail(out); err != nil || again != out {
			t.Fatalf("not idempotent: %q -> %q -> %q (%v)", in, out, again, err)
		}
	})
}

func FuzzNormalizePhone(f *testing.F) {
	for _, s := range [][2]string{{"020 123 4567", "NL"}, {"+31 20 123 4567", ""}, {"+44 20 7946 0958", "US"}, {"12", "NL"}, {"+1 (650) 253-0000", ""}} {
		f.Add(s[0], s[1])
	}
	f.Fuzz(func(t *testing.T, in, region string) {
		out, err := NormalizePhone(in, region)
		if err != nil {
			return
		}
		if !strings.HasPrefix(out, "+") || len(out) > 16 {
			t.Fatalf("NormalizePhone(%q, %q) = %q: not E.164", in, region, out)
		}
		if again, err := NormalizePhone(out, ""); err != nil || again != out {
			t.Fatalf("not idempotent: %q -> %q -> %q (%v)", in, out, again, err)
		}
	})
}

func FuzzCleanText(f *testing.F) {
	for _, s := range []string{"Bakkerij De Vries", "Café Zoë", "Acme\x1b[2J", "a\u202Eb", "  x  ", "\xff"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, in string) {
		out, err := CleanText(in, MaxText)
		if err != nil {
			return
		}
		if !utf8.ValidString(out) || firstUnsafe(out) != "" || utf8.RuneCountInString(out) > MaxText {
			t.Fatalf("CleanText(%q) = %q: unsafe", in, out)
		}
		if again, err := CleanText(out, MaxText); err != nil || again != out {
			t.Fatalf("not idempotent: %q -> %q -> %q (%v)", in, out, again, err)
		}
	})
}

func FuzzSanitize(f *testing.F) {
	for _, s := range []string{"Paid\rUNPAID", "\x1b]52;c;SGVsbG8=\x07", "\u009b31m", "a\u202Eb", "\xff", "ok"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, in string) {
		out := Sanitize(in)
		if !utf8.ValidString(out) || firstUnsafe(out) != "" {
			t.Fatalf("Sanitize(%q) = %q: unsafe", in, out)
		}
		if Sanitize(out) != out {
			t.Fatalf("not idempotent: %q -> %q", in, out)
		}
	})
}

func isASCIILower(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf || ('A' <= s[i] && s[i] <= 'Z') {
			return false
		}
	}
	return true
}
