package sqlite

import (
	"bufio"
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
	"onboard/model"
)

// The kill child: backs the database up again and again, into bak-0,
// bak-1, …, printing "done N" after each and then removing the one before,
// until it is killed.
func TestMain(m *testing.M) { killtest.Main(m, "ONBOARD_BACKUP_CHILD", backupChild) }

func backupChild(path string) {
	ctx := context.Background()
	out := bufio.NewWriter(os.Stdout)
	fail := func(err error) {
		fmt.Fprintln(out, "error", err)
		out.Flush()
		os.Exit(1)
	}
	db, err := Open(ctx, path)
	if err != nil {
		fail(err)
	}
	dir := filepath.Dir(path)
	for i := 0; ; i++ {
		if err := db.Backup(ctx, filepath.Join(dir, fmt.Sprintf("bak-%d", i))); err != nil {
			fail(err)
		}
		fmt.Fprintln(out, "done", i)
		out.Flush()
		if i > 0 {
			os.Remove(filepath.Join(dir, fmt.Sprintf("bak-%d", i-1)))
		}
	}
}

// backupRows is how many customers the killed backups copy: enough that a
// copy takes a while, so that most kills land inside one.
const backupRows = 3000

// A backup killed with SIGKILL at a random moment, 25 times
// (ONBOARD_CRASH_KILLS for more), never leaves a partial copy under the
// backup's name: every bak-N present is a whole copy (integrity_check ok,
// every customer in it), and the last one reported done is there.
func TestKilledBackupLeavesNoPartialFile(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	path := filepath.Join(dir, "live.db")
	db, err := Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	for i := 0; i < backupRows; i += 500 {
		var batch []model.Customer
		for j := i; j < i+500; j++ {
			batch = append(batch, cust(fmt.Sprintf("Backup %d", j), fmt.Sprintf("backup-%d.nl", j)))
		}
		seedRows(t, db, batch...)
	}
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}
	r := rand.New(rand.NewPCG(17, 4))
	kills, midway := killtest.Kills(), 0
	for k := 0; k < kills; k++ {
		last := -1
		window := time.Duration(30+r.IntN(300)) * time.Millisecond
		killtest.Run(t, []string{"ONBOARD_BACKUP_CHILD=" + path}, window, func(line string) {
			if n, ok := strings.CutPrefix(line, "done "); ok {
				last, _ = strconv.Atoi(n)
			}
		})
		entries, err := os.ReadDir(dir)
		if err != nil {
			t.Fatal(err)
		}
		for _, e := range entries {
			name := e.Name()
			switch {
			case strings.HasPrefix(name, "bak-"):
				checkWholeBackup(t, filepath.Join(dir, name))
			case strings.HasPrefix(name, ".bak-") && strings.Contains(name, ".partial-") && !strings.HasSuffix(name, "-journal"):
				midway++
			default:
				continue
			}
			os.Remove(filepath.Join(dir, name))
		}
		if last >= 0 && !hasEntry(entries, fmt.Sprintf("bak-%d", last)) {
			t.Fatalf("kill %d: bak-%d was reported done but is not there", k, last)
		}
	}
	t.Logf("%d kills, %d of them inside a backup", kills, midway)
}

func hasEntry(entries []os.DirEntry, name string) bool {
	for _, e := range entries {
		if e.Name() == name {
			return true
		}
	}
	return false
}

// checkWholeBackup opens a backup read-only and checks it is a whole copy.
func checkWholeBackup(t *testing.T, path string) {
	t.Helper()
	conn, err := sql.Open("sqlite", "file:"+path+"?mode=ro")
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	var check string
	var n int
	if err := conn.QueryRow("PRAGMA integrity_check").Scan(&check); err != nil || check != "ok" {
		t.Fatalf("%s: integrity_check %q, %v", filepath.Base(path), check, err)
	}
	if err := conn.QueryRow("SELECT count(*) FROM customers").Scan(&n); err != nil || n != backupRows {
		t.Fatalf("%s: %d customers (%v), want %d", filepath.Base(path), n, err, backupRows)
	}
}
