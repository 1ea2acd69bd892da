package csvfile

import (
	"bytes"
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"onboard/model/rules"
)

// FuzzReader feeds arbitrary files to the row reader and the rules: no
// panic, every problem names a line inside the file, and every customer
// that passes holds no control, bidi or invisible character.
func FuzzReader(f *testing.F) {
	files, _ := filepath.Glob("../testdata/csv/*.csv")
	for _, path := range files {
		b, err := os.ReadFile(path)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
	}
	f.Add([]byte("kind,org_name,domain\ndomain,\"a\"\"b\",x.nl\n"))
	env := rules.Env{ResellerID: "C0test", Now: time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)}
	f.Fuzz(func(t *testing.T, data []byte) {
		lines := bytes.Count(data, []byte("\n")) + 1
		r, err := NewReader(bytes.NewReader(data))
		if err != nil {
			var ce *rules.CSVError
			if !errors.As(err, &ce) {
				t.Fatalf("header: %v is not a list of problems", err)
			}
			for _, p := range ce.Problems {
				if p.Line < 0 || p.Line > lines {
					t.Fatalf("problem on line %d of a %d-line file", p.Line, lines)
				}
			}
			return
		}
		for i := 0; i < 10000; i++ {
			rec, err := r.Next()
			if errors.Is(err, io.EOF) {
				return
			}
			var lp rules.LineProblem
			var fatal rules.LineProblems
			if errors.As(err, &fatal) {
				for _, p := range fatal {
					if p.Line < 1 || p.Line > lines {
						t.Fatalf("problem on line %d of a %d-line file", p.Line, lines)
					}
				}
			}
			if errors.As(err, &lp) {
				if lp.Line < 1 || lp.Line > lines {
					t.Fatalf("problem on line %d of a %d-line file", lp.Line, lines)
				}
				continue
			}
			if err != nil {
				return // a syntax error ends the file
			}
			if rec.Line < 2 || rec.Line > lines {
				t.Fatalf("record on line %d of a %d-line file", rec.Line, lines)
			}
			c, ps := Customer(rec, env, env.Now)
			if len(ps) > 0 {
				continue
			}
			for k, v := range c.Values() {
				if p := rules.CheckSafe("", v); p != nil {
					t.Fatalf("%s = %q passed the rules with %v", k, v, p)
				}
				if strings.ContainsAny(v, "\x00\x1b\r\n") {
					t.Fatalf("%s = %q passed the rules", k, v)
				}
			}
		}
	})
}
