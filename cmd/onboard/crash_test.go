package main

import (
	"bufio"
	"bytes"
	"context"
	"database/sql"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"onboard/internal/killtest"
	"onboard/store"
)

// The crash child: runs the command line again and again, as a script
// adding customers would (customers add, and now and then csv import of
// a 100-row file), printing each command that exited 0, until it is
// killed.
func TestMain(m *testing.M) { killtest.Main(m, "ONBOARD_CLI_CRASH_CHILD", cliCrashChild) }

func cliCrashChild(path string) {
	if cfg := os.Getenv("ONBOARD_SYNC_CONFIG"); cfg != "" {
		syncChild(path, cfg)
		return
	}
	ctx := context.Background()
	out := bufio.NewWriter(os.Stdout)
	seed := killtest.Seed()
	r := rand.New(rand.NewPCG(uint64(seed), 3))
	dir := filepath.Dir(path)
	for i := 0; ; i++ {
		tag := fmt.Sprintf("s%d-%d", seed, i)
		var args []string
		kind := "customer"
		if r.IntN(8) == 0 {
			kind = "csv"
			var b bytes.Buffer
			b.WriteString("kind,org_name,domain,alternate_email,reseller_id\n")
			for j := 0; j < 100; j++ {
				fmt.Fprintf(&b, "domain,CSV %s %d,csv-%s-%d.nl,owner%d@gmail.com,C0crash\n", tag, j, tag, j, j)
			}
			file := filepath.Join(dir, "import-"+tag+".csv")
			if err := os.WriteFile(file, b.Bytes(), 0o600); err != nil {
				fmt.Fprintln(out, "error", err)
				out.Flush()
				os.Exit(1)
			}
			args = []string{"--db", path, "csv", "import", file}
		} else {
			args = []string{"--db", path, "customers", "add", "--kind", "domain", "--org", "Crash " + tag,
				"--domain", "crash-" + tag + ".nl", "--alternate-email", "owner@gmail.com", "--reseller-id", "C0crash"}
		}
		var stdout, stderr bytes.Buffer
		if code := run(ctx, testNow, args, strings.NewReader(""), &stdout, &stderr); code != 0 {
			fmt.Fprintf(out, "error %s exited %d: %s\n", strings.Join(args[2:4], " "), code, strings.TrimSpace(stderr.String()))
		} else {
			fmt.Fprintln(out, kind, tag)
		}
		out.Flush()
	}
}

// Crash safety of the command line: the child above is killed with
// SIGKILL at random moments, 25 times (ONBOARD_CRASH_KILLS for more),
// whether it is opening the database, writing, or checkpointing on close.
// After each kill the next command opens the database, integrity_check
// passes, every command that exited 0 left its customers, no customer
// lacks its audit event, and each CSV file is there whole or not at all.
func TestCLICrashSafety(t *testing.T) {
	dir := isolate(t)
	path := filepath.Join(dir, "crash.db")
	kills := killtest.Kills()
	r := rand.New(rand.NewPCG(42, 9))
	reported := map[string]string{}
	for k := 0; k < kills; k++ {
		window := time.Duration(50+r.IntN(400)) * time.Millisecond
		if raceEnabled {
			window *= 10
		}
		killtest.Run(t, []string{"ONBOARD_CLI_CRASH_CHILD=" + path, "ONBOARD_CRASH_SEED=" + strconv.Itoa(k)}, window, func(l string) {
			if f := strings.Fields(l); len(f) == 2 && (f[0] == "customer" || f[0] == "csv") {
				reported[f[1]] = f[0]
			}
		})
		checkCLIAfterCrash(t, path, reported)
	}
	csvs := 0
	for _, kind := range reported {
		if kind == "csv" {
			csvs++
		}
	}
	if len(reported)-csvs == 0 || csvs == 0 {
		t.Fatalf("the child reported %d adds and %d CSV imports: the test did not exercise both", len(reported)-csvs, csvs)
	}
	t.Logf("%d kills survived; %d commands reported done (%d CSV imports of 100 rows) all found after the last kill", kills, len(reported), csvs)
}

func checkCLIAfterCrash(t *testing.T, path string, reported map[string]string) {
	t.Helper()
	ctx := context.Background()
	// The next command must open it (and undo an import cut short).
	s, err := store.Open(ctx, path, store.Options{})
	if err != nil {
		t.Fatalf("open after a kill: %v", err)
	}
	s.Close()
	db, err := sql.Open("sqlite", path+"?_pragma=busy_timeout(5000)")
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	one := func(query string, args ...any) int64 {
		var n int64
		if err := db.QueryRowContext(ctx, query, args...).Scan(&n); err != nil {
			t.Fatalf("%s: %v", query, err)
		}
		return n
	}
	var check string
	if err := db.QueryRowContext(ctx, "PRAGMA integrity_check").Scan(&check); err != nil || check != "ok" {
		t.Fatalf("integrity_check: %q, %v", check, err)
	}
	if n := one("SELECT count(*) FROM customers c WHERE NOT EXISTS (SELECT 1 FROM events e WHERE e.customer_id = c.id)"); n != 0 {
		t.Fatalf("%d customers without their audit event", n)
	}
	if n, rows := one("SELECT value FROM counters WHERE name = 'customers'"), one("SELECT count(*) FROM customers"); n != rows {
		t.Fatalf("counter %d, rows %d", n, rows)
	}
	for tag, kind := range reported {
		if kind == "customer" {
			if one("SELECT count(*) FROM customers WHERE domain = ?", "crash-"+tag+".nl") != 1 {
				t.Fatalf("customers add %s exited 0 and its customer is missing", tag)
			}
		}
	}
	rows, err := db.QueryContext(ctx, "SELECT domain FROM customers WHERE domain LIKE 'csv-%'")
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	count := map[string]int{} // the file's tag → its rows stored
	for rows.Next() {
		var domain string
		if err := rows.Scan(&domain); err != nil {
			t.Fatal(err)
		}
		tag := strings.TrimPrefix(domain, "csv-")
		count[tag[:strings.LastIndex(tag, "-")]]++
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	for tag, n := range count {
		if n != 100 {
			t.Fatalf("CSV import %s is there in part: %d of 100 rows", tag, n)
		}
	}
	for tag, kind := range reported {
		if kind == "csv" && count[tag] != 100 {
			t.Fatalf("csv import %s exited 0 and its rows are missing", tag)
		}
	}
}
