package tui

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"onboard/tui/common"
	"onboard/tui/styles"
)

func bulkApp(t *testing.T, files bool) (*driver, func() int64) {
	svc := openStore(t, "C0123abcd")
	app := New(&common.Common{Ctx: context.Background(), Actor: "anna", Now: clock, Loc: time.UTC, Styles: styles.New(true), Tick: testTick, Files: files}, svc)
	count := func() int64 {
		n, err := svc.Count(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		return n
	}
	return drive(t, app, 100, 30), count
}

func writeCSV(t *testing.T, body string) string {
	path := filepath.Join(t.TempDir(), "in.csv")
	if err := os.WriteFile(path, []byte(body), 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}

// I on the list imports a file: every row checked, then written, and the
// list shows the new customers.
func TestCSVImportScreen(t *testing.T) {
	d, count := bulkApp(t, true)
	path := writeCSV(t, "kind,org_name,domain\ndomain,Acme BV,acme.nl\ndomain,Beta BV,beta.nl\n")
	d.keys("I")
	d.must("Import customers from a CSV file")
	d.typeText(path)
	d.keys("enter")
	d.must("✓ Imported 2 customers.")
	if n := count(); n != 2 {
		t.Fatalf("%d customers stored", n)
	}
	d.keys("enter")
	d.must("Acme BV")
	d.must("Beta BV")
}

// A file with problems stores nothing and lists each problem with its line;
// enter goes back to the path to try again.
func TestCSVImportScreenShowsProblems(t *testing.T) {
	d, count := bulkApp(t, true)
	path := writeCSV(t, "kind,org_name,domain,alternate_email\ndomain,Acme BV,acme.nl,info@acme.nl\ndomain,Beta BV,acme.nl,\n")
	d.keys("I")
	d.typeText(path)
	d.keys("enter")
	d.must("Nothing was imported: 2 problems to fix.")
	d.must("line 2: alternate_email: must not be in the customer's domain acme.nl")
	d.must("line 3: domain: acme.nl is also on line 2")
	if n := count(); n != 0 {
		t.Fatalf("%d customers stored after a refused import", n)
	}
	d.keys("enter")
	d.must("File")
	d.keys("esc")
	d.must("No customers yet")
}

// Over SSH the app does not read the server's files.
func TestCSVImportScreenRefusedOverSSH(t *testing.T) {
	d, count := bulkApp(t, false)
	d.keys("I")
	d.typeText("/etc/passwd")
	d.keys("enter")
	if !strings.Contains(d.screen(), "cannot read files on the server") || count() != 0 {
		t.Fatalf("over SSH:\n%s", d.screen())
	}
	d.mustNot("root:")
}
