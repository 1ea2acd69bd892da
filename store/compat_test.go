package store

import (
	"bytes"
	"context"
	"database/sql"
	"encoding/csv"
	"os"
	"slices"
	"testing"
	"time"

	"onboard/model"
	"onboard/store/seed"
	"onboard/store/sqlite"
)

// exportGolden is an export written by schema version 8 (before the field
// table) from the customers of compatCustomers; go test -update writes it
// again from the current code.
const exportGolden = "testdata/export-v8.csv"

// compatCustomers stores demo customers and two that fill every field,
// one with text a spreadsheet or a parser could stumble on.
func compatCustomers(t *testing.T, s *Service) {
	t.Helper()
	ctx := context.Background()
	now := time.Date(2026, 11, 27, 10, 0, 0, 0, time.UTC)
	if err := seed.Seed(ctx, s.DB(), 300, now, nil); err != nil {
		t.Fatal(err)
	}
	confirmed := time.Date(2026, 5, 1, 8, 0, 0, 123456000, time.UTC)
	full := []model.Customer{{
		Kind: model.KindDomain, Origin: model.ModeImport, OrgName: "Café Noir", Domain: "cafenoir.nl",
		PrimaryEmail: "p@cafenoir.nl", AlternateEmail: "a@example.com", Phone: "+31201234567", CRMID: "crm-1",
		Education:      &model.Education{InstituteType: "UNIVERSITY", InstituteSize: "SIZE_1_100", Website: "https://cafenoir.nl"},
		AdminFirstName: "Ada", AdminLastName: "Noir",
		Address: model.Address{RegionCode: "NL", PostalCode: "1011 AB", Locality: "Amsterdam", AdministrativeArea: "NH",
			AddressLines: []string{"Dam 1", "2e etage", "achter"}},
		ResellerID: "C0123abcd", Status: model.StatusImported, StatusMessage: "ok", CloudIdentityID: "C01x", GoogleName: "customers/1",
		Language: "nl", TimeZone: "Europe/Amsterdam", SmartFeatures: "on", TransferToken: "tok",
		TransferTokenDate: time.Date(2026, 4, 1, 0, 0, 0, 0, time.UTC), CreatedBy: "jan",
		CreatedAt: now.Add(-time.Hour), UpdatedAt: now, ConfirmedAt: &confirmed,
	}, {
		Kind: model.KindTeam, Origin: model.ModeCreate, OrgName: `=HYPERLINK("x") "quoted", comma`, Domain: "team.nl",
		PrimaryEmail: "+sales@team.nl", Phone: "+31201234568", CRMID: "@crm", Status: model.StatusFailed,
		StatusMessage: `"quoted", \back, 東京`, Address: model.Address{AddressLines: []string{`a"b`, "東京 😀"}},
		CreatedBy: "piet", CreatedAt: now, UpdatedAt: now.Add(time.Microsecond),
	}}
	err := s.DB().Write(ctx, func(tx *sql.Tx) error {
		for _, c := range full {
			if _, err := sqlite.InsertCustomer(ctx, tx, c, ""); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

// An export holds, byte for byte, the file the earlier column lists wrote
// from the same customers: its columns, in the same order, with the same
// cells (a field added since is a column the earlier file lacks, left
// out here); and importing that file gives the customers back.
func TestExportMatchesEarlierFile(t *testing.T) {
	ctx := context.Background()
	s := openTest(t)
	compatCustomers(t, s)
	var buf bytes.Buffer
	if _, err := s.ExportCSV(ctx, &buf, ""); err != nil {
		t.Fatal(err)
	}
	if *update {
		if err := os.WriteFile(exportGolden, buf.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(exportGolden)
	if err != nil {
		t.Fatal(err)
	}
	got := onlyColumns(t, buf.Bytes(), want)
	if !bytes.Equal(got, want) {
		gl, wl := bytes.Split(got, []byte("\n")), bytes.Split(want, []byte("\n"))
		for i := range min(len(gl), len(wl)) {
			if !bytes.Equal(gl[i], wl[i]) {
				t.Fatalf("line %d of the export:\n got %s\nwant %s", i+1, gl[i], wl[i])
			}
		}
		t.Fatalf("the export has %d lines, the earlier file %d", len(gl), len(wl))
	}
	to := openTest(t)
	res, err := to.ImportCSV(ctx, "t", bytes.NewReader(want), model.CSVOptions{})
	if err != nil || res.Rows != 302 {
		t.Fatalf("import of the earlier file: %+v, %v", res, err)
	}
	var again bytes.Buffer
	if _, err := to.ExportCSV(ctx, &again, "cafenoir.nl"); err != nil {
		t.Fatal(err)
	}
	lines := bytes.Split(onlyColumns(t, again.Bytes(), want), []byte("\n"))
	if len(lines) < 2 || !bytes.HasSuffix(lines[1], []byte(",import,Café Noir,cafenoir.nl,p@cafenoir.nl,a@example.com,'+31201234567,crm-1,"+
		"UNIVERSITY,SIZE_1_100,https://cafenoir.nl,Ada,Noir,NL,1011 AB,Amsterdam,NH,Dam 1,2e etage,achter,C0123abcd,"+
		"imported,ok,C01x,nl,Europe/Amsterdam,on,2026-11-27T09:00:00Z,2026-11-27T09:00:00Z,2026-05-01T08:00:00.123456Z")) {
		t.Errorf("the full customer imported from the earlier file:\n%s", again.Bytes())
	}
}

// onlyColumns returns the CSV file export with only the columns of the
// file earlier, in their order (which must be the export's too).
func onlyColumns(t *testing.T, export, earlier []byte) []byte {
	t.Helper()
	head, err := csv.NewReader(bytes.NewReader(earlier)).Read()
	if err != nil {
		t.Fatal(err)
	}
	rows, err := csv.NewReader(bytes.NewReader(export)).ReadAll()
	if err != nil || len(rows) == 0 {
		t.Fatalf("the export: %d rows, %v", len(rows), err)
	}
	var keep []int
	for _, name := range head {
		i := slices.Index(rows[0], name)
		if i < 0 || (len(keep) > 0 && i < keep[len(keep)-1]) {
			t.Fatalf("the export's header %q lacks or moves %s", rows[0], name)
		}
		keep = append(keep, i)
	}
	var out bytes.Buffer
	w := csv.NewWriter(&out)
	for _, row := range rows {
		cells := make([]string, len(keep))
		for j, i := range keep {
			cells[j] = row[i]
		}
		w.Write(cells)
	}
	w.Flush()
	return out.Bytes()
}
