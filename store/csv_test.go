package store

import (
	"bytes"
	"context"
	"encoding/csv"
	"errors"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"onboard/internal/hostile"
	"onboard/model"
	"onboard/model/rules"
	"onboard/store/csvfile"
	"onboard/store/seed"
)

var update = flag.Bool("update", false, "rewrite the expected problems of the CSV corpus")

func importFile(t *testing.T, s *Service, path string, dry bool) (model.CSVResult, error) {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	return s.ImportCSV(context.Background(), "tester", f, model.CSVOptions{DryRun: dry})
}

// Every bad file of the corpus is refused with exactly the problems in its
// .want file (physical line, field, rule), and nothing is stored.
func TestCSVCorpusOfBadFiles(t *testing.T) {
	files, _ := filepath.Glob("testdata/csv/*.csv")
	if len(files) < 12 {
		t.Fatalf("the corpus has %d files", len(files))
	}
	for _, path := range files {
		name := strings.TrimSuffix(filepath.Base(path), ".csv")
		if strings.HasPrefix(name, "good-") {
			continue
		}
		t.Run(name, func(t *testing.T) {
			s := openTest(t)
			if _, err := s.Create(context.Background(), "t", model.ModeCreate, form("Stored Already", "stored.nl"), model.CreateOptions{}); err != nil {
				t.Fatal(err)
			}
			for _, dry := range []bool{true, false} {
				_, err := importFile(t, s, path, dry)
				var ce *rules.CSVError
				if !errors.As(err, &ce) {
					t.Fatalf("dry run %v: %v, want a list of problems", dry, err)
				}
				// A problem that lists the known columns names all of
				// csvfile.Columns; the files say {columns} for that list,
				// so a new field leaves them as they are.
				got := strings.ReplaceAll(ce.Error()+"\n", strings.Join(csvfile.Columns, ", "), "{columns}")
				want, _ := os.ReadFile(strings.TrimSuffix(path, ".csv") + ".want")
				if *update && !dry {
					os.WriteFile(strings.TrimSuffix(path, ".csv")+".want", []byte(got), 0o644)
					want = []byte(got)
				}
				if got != string(want) {
					t.Errorf("dry run %v: problems\n%s\nwant\n%s", dry, got, want)
				}
			}
			if n, _ := s.Count(context.Background()); n != 1 {
				t.Fatalf("%d customers after a refused import", n)
			}
		})
	}
}

// A file with a byte order mark, CRLF line ends, quoted commas and quotes,
// columns in another order and a neutralised phone cell is imported.
func TestCSVGoodFile(t *testing.T) {
	s := openTest(t)
	res, err := importFile(t, s, "testdata/csv/good-bom-crlf.csv", false)
	if err != nil || res.Rows != 2 {
		t.Fatalf("%+v, %v", res, err)
	}
	c, err := s.Find(context.Background(), "acme.nl")
	if err != nil {
		t.Fatal(err)
	}
	if c.OrgName != `Acme, "the" BV` || c.Phone != "+31201234567" || c.Address.AddressLines[0] != "Damrak 1" || c.CreatedBy != "tester" {
		t.Fatalf("stored %+v", c)
	}
	evs, err := s.History(context.Background(), c.ID)
	if err != nil || len(evs) != 1 || evs[0].Action != "csv import" {
		t.Fatalf("history %+v, %v", evs, err)
	}
}

// Export then import into an empty database gives the same customers.
func TestCSVRoundTrip(t *testing.T) {
	ctx := context.Background()
	from := openTest(t)
	if err := seed.Seed(ctx, from.DB(), 2000, time.Date(2026, 11, 27, 10, 0, 0, 0, time.UTC), nil); err != nil {
		t.Fatal(err)
	}
	// Values a spreadsheet would run, and text that looks neutralised.
	if _, err := from.Create(ctx, "t", model.ModeCreate, func() model.Fields {
		f := form("=HYPERLINK(\"x\") '-1 @home", "formula.nl")
		f[model.FieldCRMID] = "'=already"
		f[model.FieldLocality] = "-Zuid"
		return f
	}(), model.CreateOptions{}); err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	n, err := from.ExportCSV(ctx, &buf, "")
	if err != nil || n != 2001 {
		t.Fatalf("exported %d, %v", n, err)
	}
	for _, line := range strings.Split(buf.String(), "\n") {
		for _, cell := range strings.Split(line, ",") {
			if cell != "" && strings.ContainsRune("=+-@\t\r", rune(cell[0])) {
				t.Fatalf("cell %q would run as a formula", cell)
			}
		}
	}
	to, err := Open(ctx, filepath.Join(t.TempDir(), "to.db"), Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer to.Close()
	res, err := to.ImportCSV(ctx, "t", bytes.NewReader(buf.Bytes()), model.CSVOptions{})
	if err != nil || res.Rows != 2001 {
		t.Fatalf("imported %+v, %v", res, err)
	}
	a, _ := from.List(ctx, model.ListQuery{Limit: 5000})
	b, _ := to.List(ctx, model.ListQuery{Limit: 5000})
	if len(a) != len(b) {
		t.Fatalf("%d customers, then %d", len(a), len(b))
	}
	for i := range a {
		va, vb := a[i].Values(), b[i].Values()
		if !reflect.DeepEqual(va, vb) || !a[i].CreatedAt.Equal(b[i].CreatedAt) {
			t.Fatalf("customer %d differs:\n%v\n%v", i, va, vb)
		}
	}
}

// Export with a query writes the matching customers only.
func TestCSVExportQuery(t *testing.T) {
	ctx := context.Background()
	s := openTest(t)
	for _, d := range []string{"acme.nl", "beta.nl", "acme-two.nl"} {
		if _, err := s.Create(ctx, "t", model.ModeCreate, form("Org "+d, d), model.CreateOptions{}); err != nil {
			t.Fatal(err)
		}
	}
	var buf bytes.Buffer
	n, err := s.ExportCSV(ctx, &buf, "acme")
	if err != nil || n != 2 || strings.Contains(buf.String(), "beta.nl") {
		t.Fatalf("%d, %v:\n%s", n, err, buf.String())
	}
}

func TestNeutraliseRoundTrips(t *testing.T) {
	for _, v := range []string{"", "=1+1", "+31", "-", "@x", "\tx", "\rx", "'", "'=", "''=x", "plain", "'plain", "a=b"} {
		n := csvfile.Neutralise(v)
		if n != "" && strings.ContainsRune("=+-@\t\r", rune(n[0])) {
			t.Errorf("Neutralise(%q) = %q starts a formula", v, n)
		}
		if back := csvfile.Unneutralise(n); back != v {
			t.Errorf("Unneutralise(Neutralise(%q)) = %q", v, back)
		}
	}
}

// Every hostile payload, in every free-text column a CSV file can carry, is
// refused with its line and its column named; nothing is stored.
func TestCSVRefusesEveryHostilePayload(t *testing.T) {
	s := openTest(t)
	columns := []string{"org_name", "crm_id", "admin_first_name", "admin_last_name", "locality", "administrative_area", "address_line_1", "postal_code"}
	var b bytes.Buffer
	w := csv.NewWriter(&b)
	w.Write(append([]string{"kind", "domain"}, columns...))
	type want struct {
		line  int
		field string
	}
	var wants []want
	line := 2
	for i, p := range hostile.Payloads {
		for j, col := range columns {
			row := []string{"domain", fmt.Sprintf("h%d-%d.nl", i, j)}
			for _, c := range columns {
				v := "Ok"
				if c == col {
					v = p
				}
				row = append(row, v)
			}
			w.Write(row)
			wants = append(wants, want{line, col})
			// A quoted cell's own line feeds start physical lines too (a lone
			// CR does not, as in encoding/csv and in editors).
			line += 1 + strings.Count(p, "\n")
		}
	}
	w.Flush()
	_, err := s.ImportCSV(context.Background(), "tester", &b, model.CSVOptions{})
	var ce *rules.CSVError
	if !errors.As(err, &ce) {
		t.Fatalf("import: %v, want problems", err)
	}
	if len(ce.Problems) != len(wants) {
		t.Fatalf("%d problems for %d hostile cells:\n%s", len(ce.Problems), len(wants), ce.Error())
	}
	for i, p := range ce.Problems {
		if string(p.Field) != wants[i].field || p.Line != wants[i].line ||
			(p.Code != rules.CodeUnsafeText && p.Code != rules.CodeInvalidUTF8) {
			t.Fatalf("problem %d: %s, want line %d, %s refused as unsafe", i, p.Error(), wants[i].line, wants[i].field)
		}
	}
	if n, _ := s.Count(context.Background()); n != 0 {
		t.Fatalf("%d customers stored", n)
	}
	t.Logf("%d payloads × %d columns refused, each with its line and column", len(hostile.Payloads), len(columns))
}
