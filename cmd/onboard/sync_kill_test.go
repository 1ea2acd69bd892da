package main

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"syscall"
	"testing"
	"time"

	"onboard/internal/killtest"
	"onboard/store"
	"onboard/store/channel/channeltest"
)

// syncChild is the child of the sync's kill test and report: onboard sync
// on the database at path with the config cfg, its progress on stdout.
func syncChild(path, cfg string) {
	code := run(context.Background(), time.Now, []string{"--db", path, "--config", cfg, "sync"}, os.Stdin, os.Stdout, os.Stdout)
	if code != 0 {
		fmt.Println("error: sync exited", code)
	}
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	fmt.Printf("go runtime: %.1f MiB from the OS, heap %.1f MiB in use at the end\n", float64(ms.Sys)/(1<<20), float64(ms.HeapInuse)/(1<<20))
	os.Exit(code)
}

func syncFake(t *testing.T, n int) (*channeltest.Fake, string) {
	t.Helper()
	fake := channeltest.New("C0reseller")
	t.Cleanup(fake.Close)
	fake.AddCustomers(1, n, 1)
	cfg := filepath.Join(t.TempDir(), "config.toml")
	os.WriteFile(cfg, []byte(fmt.Sprintf("[google]\naccount_id = \"C0reseller\"\nendpoint = %q\nlist_quota_per_minute = 100000\n", fake.Endpoint())), 0o600)
	return fake, cfg
}

// A sync killed with SIGKILL part-way goes on from where it was at the
// next sync, and ends with each of Google's customers here once.
func TestSyncKilledResumes(t *testing.T) {
	const n = 3000
	_, cfg := syncFake(t, n)
	db := filepath.Join(t.TempDir(), "k.db")
	env := []string{"ONBOARD_CLI_CRASH_CHILD=" + db, "ONBOARD_SYNC_CONFIG=" + cfg}
	midway := 0
	for try, window := 0, 100*time.Millisecond; midway < 2 && try < 12; try, window = try+1, window+100*time.Millisecond {
		progressed, finished := false, false
		killtest.Run(t, env, window, func(l string) {
			progressed = progressed || strings.Contains(l, "synced")
			finished = finished || strings.Contains(l, "Synced with Google")
		})
		if finished {
			break
		}
		if progressed {
			midway++
		}
	}
	if midway == 0 {
		t.Fatal("no kill landed in the middle of a sync")
	}
	r := cli(t, "--db", db, "--config", cfg, "sync", "--json")
	if r.code != 0 || !strings.Contains(r.stdout, `"resumed": true`) {
		t.Fatalf("the sync after %d kills: %+v", midway, r)
	}
	s, err := store.Open(context.Background(), db, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if got, _ := s.Count(context.Background()); got != n {
		t.Fatalf("%d customers after %d kills, want each of %d once", got, midway, n)
	}
	for _, d := range []string{"c1.example", "c1500.example", "c3000.example"} {
		if _, err := s.Find(context.Background(), d); err != nil {
			t.Fatalf("%s: %v", d, err)
		}
	}
}

// TestSyncReport measures a sync of 10,000 customers with one subscription
// each from the fake, onboard's quota off, in a child process: its time
// and peak RSS. Opt-in: ONBOARD_SYNC_REPORT=1.
func TestSyncReport(t *testing.T) {
	if os.Getenv("ONBOARD_SYNC_REPORT") == "" {
		t.Skip("a report, not a test: ONBOARD_SYNC_REPORT=1 runs it")
	}
	const n = 10000
	fake, cfg := syncFake(t, n)
	db := filepath.Join(t.TempDir(), "r.db")
	cmd := exec.Command(os.Args[0], "-test.run", "^$")
	cmd.Env = append(os.Environ(), "ONBOARD_CLI_CRASH_CHILD="+db, "ONBOARD_SYNC_CONFIG="+cfg)
	start := time.Now()
	out, err := cmd.CombinedOutput()
	took := time.Since(start)
	if err != nil {
		t.Fatalf("%v: %s", err, out)
	}
	ru := cmd.ProcessState.SysUsage().(*syscall.Rusage)
	t.Logf("sync of %d customers x 1 subscription: %s, peak RSS %.1f MiB, %d requests to the fake",
		n, took.Round(time.Millisecond), float64(ru.Maxrss)/1024, len(fake.Requests()))
	lines := strings.Split(strings.TrimSpace(string(out)), "\n")
	t.Logf("%s\n%s", lines[len(lines)-2], lines[len(lines)-1])
}
