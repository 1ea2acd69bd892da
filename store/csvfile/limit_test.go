package csvfile

import (
	"errors"
	"io"
	"strconv"
	"strings"
	"testing"
	"time"

	"onboard/model/rules"
)

// repeat is an io.Reader of b over and over, n bytes in all, or without
// end when n < 0; it counts what was read.
type repeat struct {
	b    byte
	n    int64
	read int64
}

func (r *repeat) Read(p []byte) (int, error) {
	if r.n >= 0 && r.read >= r.n {
		return 0, io.EOF
	}
	if r.n >= 0 {
		p = p[:min(int64(len(p)), r.n-r.read)]
	}
	for i := range p {
		p[i] = r.b
	}
	r.read += int64(len(p))
	return len(p), nil
}

// readAll reads a file to its end (or its first fatal problem) and returns
// every problem said, as text.
func readAll(t *testing.T, r io.Reader) (string, error) {
	t.Helper()
	cr, err := NewReader(r)
	if err != nil {
		return "", err
	}
	var msgs []string
	for i := 0; i < 1000; i++ {
		_, err := cr.Next()
		if errors.Is(err, io.EOF) {
			return strings.Join(msgs, "\n"), nil
		}
		if err != nil {
			msgs = append(msgs, err.Error())
		}
		if Fatal(err) {
			return strings.Join(msgs, "\n"), err
		}
	}
	t.Fatal("no end after 1000 rows")
	return "", nil
}

// bounded is the most a read of a hostile file may take from it: a row at
// its longest and what the buffers read ahead.
const bounded = MaxRowBytes + 1<<20

// A file of one 50 MB line, as a header or after one, and an endless
// stream of zero bytes are refused after a bounded read, with a message
// that quotes a few dozen characters of the row.
func TestEndlessRowsStop(t *testing.T) {
	for _, tc := range []struct {
		name   string
		src    *repeat
		header string
		line   int
		start  string
	}{
		{"50 MB header", &repeat{b: 'a', n: 50 << 20}, "", 1, `"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"…`},
		{"50 MB row", &repeat{b: 'b', n: 50 << 20}, "kind,org_name,domain\n", 2, `"bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb"…`},
		{"zero bytes", &repeat{b: 0, n: -1}, "", 1, `"\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00"…`},
		{"zero bytes after a header", &repeat{b: 0, n: -1}, "kind,org_name,domain\n", 2, `"\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00"…`},
		{"a quoted cell of endless newlines", &repeat{b: '\n', n: -1}, "kind,org_name,domain\ndomain,\"", 2, `"domain,\"\n\n\n\n\n\n\n\n\n\n\n\n\n\n\n"…`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := readAll(t, io.MultiReader(strings.NewReader(tc.header), tc.src))
			if tc.src.read > bounded {
				t.Errorf("read %d bytes, want at most %d", tc.src.read, bounded)
			}
			var ps rules.LineProblems
			var ce *rules.CSVError
			switch {
			case errors.As(err, &ce):
				ps = ce.Problems
			case !errors.As(err, &ps):
				t.Fatalf("err = %v, want the row's problem", err)
			}
			if len(ps) != 1 || ps[0].Line != tc.line || ps[0].Code != rules.CodeRowTooLong {
				t.Fatalf("problems %v, want one row_too_long on line %d", ps, tc.line)
			}
			msg := ps[0].Error()
			if !strings.HasSuffix(msg, "it starts "+tc.start) || len(msg) > 300 {
				t.Errorf("message %q (%d bytes), want one that quotes %s", msg, len(msg), tc.start)
			}
		})
	}
}

// A header of 10,000 unknown columns is one short problem; one of 60 lists
// its first MaxHeaderProblems and counts the rest.
func TestHeaderColumnsAreBounded(t *testing.T) {
	header := func(n int, name func(i int) string) string {
		cols := make([]string, n)
		for i := range cols {
			cols[i] = name(i)
		}
		return strings.Join(cols, ",") + "\n"
	}
	// 10,000 names that fit in a row: the file.
	short := func(i int) string { return "c" + strconv.Itoa(i) }
	long := func(i int) string { return "colour" + strings.Repeat("x", 100*(i%10)) + strconv.Itoa(i) }
	_, err := NewReader(strings.NewReader(header(10000, short)))
	var ce *rules.CSVError
	if !errors.As(err, &ce) || len(ce.Problems) != 1 || ce.Problems[0].Code != rules.CodeTooManyColumns || ce.More != 0 {
		t.Fatalf("10,000 columns: %v", err)
	}
	if msg := ce.Error(); len(msg) > 1000 || !strings.Contains(msg, "the header has 10000 columns") {
		t.Fatalf("10,000 columns: %d bytes: %s", len(msg), msg)
	}
	_, err = NewReader(strings.NewReader(header(60, long)))
	if !errors.As(err, &ce) || len(ce.Problems) != MaxHeaderProblems || ce.More != 60+3-MaxHeaderProblems {
		t.Fatalf("60 columns: %d problems and %d more: %v", len(ce.Problems), ce.More, err)
	}
	for _, p := range ce.Problems {
		if len(p.Field) > 4*quoteRunes+len("…") {
			t.Fatalf("the problem names a column of %d bytes: %s", len(p.Field), p.Field)
		}
	}
}

// A cell longer than MaxCellBytes is the row's problem and the next row is
// read; a long value the rules refuse is quoted short.
func TestLongCellsAreQuotedShort(t *testing.T) {
	file := "kind,org_name,domain\n" +
		"domain,Acme BV," + strings.Repeat("d", MaxCellBytes+1) + "\n" +
		"domain," + strings.Repeat("\u202e", 300) + "," + strings.Repeat("x", 3000) + "\n" +
		"domain,Beta BV,beta.nl\n"
	cr, err := NewReader(strings.NewReader(file))
	if err != nil {
		t.Fatal(err)
	}
	_, err = cr.Next()
	var lp rules.LineProblem
	if !errors.As(err, &lp) || lp.Line != 2 || lp.Field != "domain" || lp.Code != rules.CodeCellTooLong {
		t.Fatalf("row 2: %v, want domain's cell_too_long", err)
	}
	rec, err := cr.Next()
	if err != nil {
		t.Fatal(err)
	}
	now := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	_, ps := Customer(rec, rules.Env{ResellerID: "C0test", Now: now}, now)
	if len(ps) == 0 {
		t.Fatal("row 3 passed the rules")
	}
	for _, p := range ps {
		if msg := p.Error(); len(msg) > 400 || strings.Contains(msg, "\u202e") {
			t.Errorf("row 3: %d bytes: %q", len(msg), msg)
		}
	}
	if rec, err := cr.Next(); err != nil || rec.Values["domain"] != "beta.nl" {
		t.Fatalf("row 4: %v %v", rec, err)
	}
}

// Quote escapes what a terminal would act on and cuts at a few dozen
// characters.
func TestQuote(t *testing.T) {
	for in, want := range map[string]string{
		"":                        `""`,
		"Acme BV":                 `"Acme BV"`,
		"a\x1b[2Jb":               `"a\x1b[2Jb"`,
		"\u202eevil":              `"\u202eevil"`,
		"\xff":                    `"\xff"`,
		strings.Repeat("é", 100):  `"` + strings.Repeat("é", 20) + `"…`,
		strings.Repeat("ab", 100): `"` + strings.Repeat("ab", 20) + `"…`,
	} {
		if got := Quote(in); got != want {
			t.Errorf("Quote(%q) = %s, want %s", in, got, want)
		}
	}
}

// cycle is an endless io.Reader of s over and over; it counts what was
// read.
type cycle struct {
	s    string
	i    int
	read int64
}

func (c *cycle) Read(p []byte) (int, error) {
	for i := range p {
		p[i] = c.s[c.i]
		c.i = (c.i + 1) % len(c.s)
	}
	c.read += int64(len(p))
	return len(p), nil
}

// An endless stream of blank lines, before the header or after it, "\n" or
// "\r\n", ends after MaxBlankLines of them with a problem on the line the
// run starts; encoding/csv skips blank lines without returning, so it used
// to read for ever. Fewer blank lines in a row are skipped as before.
func TestEndlessBlankLinesStop(t *testing.T) {
	for _, tc := range []struct {
		name, header, blank string
		line                int
	}{
		{"newlines", "", "\n", 1},
		{"newlines after a header", "kind,org_name,domain\n", "\n", 2},
		{"CRLF after a row", "kind,org_name,domain\r\ndomain,Acme,acme.nl\r\n", "\r\n", 3},
	} {
		t.Run(tc.name, func(t *testing.T) {
			src := &cycle{s: tc.blank}
			_, err := readAll(t, io.MultiReader(strings.NewReader(tc.header), src))
			if src.read > bounded {
				t.Errorf("read %d bytes, want at most %d", src.read, bounded)
			}
			var ps rules.LineProblems
			var ce *rules.CSVError
			switch {
			case errors.As(err, &ce):
				ps = ce.Problems
			case !errors.As(err, &ps):
				t.Fatalf("err = %v, want the blank lines' problem", err)
			}
			if len(ps) != 1 || ps[0].Line != tc.line || ps[0].Code != rules.CodeBlankLines {
				t.Fatalf("problems %v, want one blank_lines on line %d", ps, tc.line)
			}
			if msg := ps[0].Error(); !strings.Contains(msg, "more than 1000 blank lines in a row") {
				t.Errorf("message %q", msg)
			}
		})
	}
	// MaxBlankLines between rows, and a blank line after each: read on.
	file := "kind,org_name,domain\n" + strings.Repeat("\n", MaxBlankLines) + "domain,Acme,acme.nl\n" +
		strings.Repeat("domain,Acme,acme.nl\r\n\r\n", 3*MaxBlankLines)
	cr, err := NewReader(strings.NewReader(file))
	if err != nil {
		t.Fatal(err)
	}
	rows := 0
	for {
		rec, err := cr.Next()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			t.Fatalf("row %d: %v", rows+1, err)
		}
		if rows == 0 && rec.Line != 2+MaxBlankLines {
			t.Fatalf("the first row on line %d, want %d", rec.Line, 2+MaxBlankLines)
		}
		rows++
	}
	if rows != 1+3*MaxBlankLines {
		t.Fatalf("%d rows, want %d", rows, 1+3*MaxBlankLines)
	}
}
