package store

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"strings"
	"testing"

	"onboard/model"
	"onboard/model/rules"
	"onboard/store/csvfile"
)

// zeros is a stream of zero bytes without end that counts what was read.
type zeros struct{ read int64 }

func (z *zeros) Read(p []byte) (int, error) {
	clear(p)
	z.read += int64(len(p))
	return len(p), nil
}

// An import of an endless stream of zero bytes (csv import - < /dev/zero)
// stops after a bounded read with one problem that quotes the row's start;
// after a header too.
func TestImportOfEndlessZerosStops(t *testing.T) {
	s := openTest(t)
	for _, header := range []string{"", "kind,org_name,domain\n"} {
		for _, dry := range []bool{true, false} {
			z := &zeros{}
			r := io.MultiReader(strings.NewReader(header), z)
			_, err := s.ImportCSV(context.Background(), "tester", r, model.CSVOptions{DryRun: dry})
			var ce *rules.CSVError
			if !errors.As(err, &ce) || len(ce.Problems) != 1 || ce.Problems[0].Code != rules.CodeRowTooLong {
				t.Fatalf("header %q, dry run %v: %v, want one row_too_long", header, dry, err)
			}
			if msg := ce.Error(); len(msg) > 300 || !strings.Contains(msg, `it starts "\x00\x00`) {
				t.Fatalf("message of %d bytes: %s", len(msg), msg)
			}
			if z.read > csvfile.MaxRowBytes+1<<20 {
				t.Fatalf("read %d bytes of zeros", z.read)
			}
		}
	}
	if n, _ := s.Count(context.Background()); n != 0 {
		t.Fatalf("%d customers stored", n)
	}
}

// A file whose every row quotes a long bad value says the first
// MaxCSVProblems problems, each short, and counts the rest.
func TestImportProblemsAreShortAndCapped(t *testing.T) {
	s := openTest(t)
	const rows = MaxCSVProblems + 500
	var b bytes.Buffer
	b.WriteString("kind,org_name,domain\n")
	long := strings.Repeat("x", 3000)
	for i := 0; i < rows; i++ {
		fmt.Fprintf(&b, "domain,Org %d,%d%s\n", i, i, long)
	}
	_, err := s.ImportCSV(context.Background(), "tester", &b, model.CSVOptions{DryRun: true})
	var ce *rules.CSVError
	if !errors.As(err, &ce) || len(ce.Problems) != MaxCSVProblems || ce.More != rows-MaxCSVProblems {
		t.Fatalf("%v problems and %v more, want %d and %d", len(ce.Problems), ce.More, MaxCSVProblems, rows-MaxCSVProblems)
	}
	for _, p := range ce.Problems {
		if msg := p.Error(); len(msg) > 300 {
			t.Fatalf("a problem of %d bytes: %s", len(msg), msg)
		}
	}
	if !strings.HasSuffix(ce.Error(), fmt.Sprintf("… and %d more problems", rows-MaxCSVProblems)) {
		t.Fatalf("the message does not count the rest")
	}
}
