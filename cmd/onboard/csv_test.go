package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

func TestCSVImportAndExport(t *testing.T) {
	dir := isolate(t)
	db := filepath.Join(dir, "c.db")
	good := filepath.Join(dir, "good.csv")
	os.WriteFile(good, []byte("kind,org_name,domain,reseller_id,phone,region_code\ndomain,Acme BV,acme.nl,C0123,+31201234567,NL\ndomain,Beta BV,beta.nl,C0123,,\n"), 0o600)
	bad := filepath.Join(dir, "bad.csv")
	os.WriteFile(bad, []byte("kind,org_name,domain,reseller_id\ndomain,Gamma BV,gamma,C0123\ndomain,Delta BV,acme.nl,C0123\n"), 0o600)

	if r := cli(t, "--db", db, "csv", "import", good, "--dry-run"); r.code != 0 || !strings.Contains(r.stdout, "2 customers checked") {
		t.Fatalf("dry run: %+v", r)
	}
	if r := cli(t, "--db", db, "customers", "list", "--json"); r.stdout != "[]\n" {
		t.Fatalf("a dry run stored: %s", r.stdout)
	}
	if r := cli(t, "--db", db, "csv", "import", good); r.code != 0 || !strings.Contains(r.stdout, "Imported 2 customers") {
		t.Fatalf("import: %+v", r)
	}
	r := cli(t, "--db", db, "csv", "import", bad)
	if r.code != 1 || !strings.Contains(r.stderr, "line 2: domain: gamma is not a valid domain name") ||
		!strings.Contains(r.stderr, "line 3: domain: a domain customer with domain acme.nl already exists") ||
		!strings.Contains(r.stderr, "nothing was imported") {
		t.Fatalf("bad file: %+v", r)
	}
	r = cli(t, "--db", db, "csv", "export")
	lines := strings.Split(strings.TrimSpace(r.stdout), "\n")
	if r.code != 0 || len(lines) != 3 || !strings.HasPrefix(lines[0], "id,kind,origin,org_name,domain,") ||
		!strings.Contains(r.stdout, "'+31201234567") {
		t.Fatalf("export: %+v", r)
	}
	out := filepath.Join(dir, "out.csv")
	if r := cli(t, "--db", db, "csv", "export", out, "--query", "beta"); r.code != 0 || !strings.Contains(r.stdout, "Exported 1 customer to ") {
		t.Fatalf("export to file: %+v", r)
	}
	if st, err := os.Stat(out); err != nil || st.Mode().Perm() != 0o600 {
		t.Fatalf("export file: %v %v", st, err)
	}
	for _, args := range [][]string{{"csv"}, {"csv", "nope"}, {"csv", "import"}, {"csv", "export", "a", "b"}} {
		if r := cli(t, append([]string{"--db", db}, args...)...); r.code != 2 {
			t.Fatalf("%v: %+v", args, r)
		}
	}
}

// endlessZeros is /dev/zero: a standard input that never ends.
type endlessZeros struct{ read int64 }

func (z *endlessZeros) Read(p []byte) (int, error) {
	clear(p)
	z.read += int64(len(p))
	return len(p), nil
}

// csv import - < /dev/zero, a file without a newline and a header of
// 10,000 columns each end with a short message on standard error and exit 1.
func TestCSVImportOfHostileInputSaysLittle(t *testing.T) {
	dir := isolate(t)
	db := filepath.Join(dir, "c.db")
	z := &endlessZeros{}
	var out, errb bytes.Buffer
	code := run(context.Background(), testNow, []string{"--db", db, "csv", "import", "--dry-run", "-"}, z, &out, &errb)
	if code != 1 || errb.Len() > 500 || !strings.Contains(errb.String(), `line 1: this row goes on for more than 65536 bytes`) {
		t.Fatalf("/dev/zero: exit %d, %d bytes on stderr: %s", code, errb.Len(), errb.String())
	}
	if z.read > 4<<20 {
		t.Fatalf("read %d bytes of /dev/zero", z.read)
	}
	noNewline := filepath.Join(dir, "noline.csv")
	os.WriteFile(noNewline, bytes.Repeat([]byte("a"), 5<<20), 0o600)
	cols := make([]string, 10000)
	for i := range cols {
		cols[i] = "c" + strconv.Itoa(i)
	}
	wide := filepath.Join(dir, "wide.csv")
	os.WriteFile(wide, []byte(strings.Join(cols, ",")+"\n"), 0o600)
	for file, want := range map[string]string{noNewline: `it starts "aaaa`, wide: "the header has 10000 columns, more than the 64"} {
		r := cli(t, "--db", db, "csv", "import", "--dry-run", file)
		if r.code != 1 || len(r.stderr) > 1000 || !strings.Contains(r.stderr, want) {
			t.Fatalf("%s: exit %d, %d bytes on stderr: %s", filepath.Base(file), r.code, len(r.stderr), r.stderr)
		}
	}
}
