package store

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"onboard/internal/killtest"
	"onboard/internal/walk"
	"onboard/model"
)

// importChild imports a file of ONBOARD_IMPORT_ROWS customers of tag
// ONBOARD_IMPORT_TAG in chunks of 50, printing "wrote N" after each chunk
// and "imported N" when the import has ended. After each chunk it waits
// for a line on stdin: the test looks at the database while the import
// stands between two chunks.
func importChild(path string) {
	ctx := context.Background()
	n, _ := strconv.Atoi(os.Getenv("ONBOARD_IMPORT_ROWS"))
	tag := os.Getenv("ONBOARD_IMPORT_TAG")
	s, err := Open(ctx, path, Options{ResellerID: "C0crash"})
	if err != nil {
		fmt.Println("error", err)
		os.Exit(1)
	}
	in := bufio.NewReader(os.Stdin)
	res, err := s.ImportCSV(ctx, "child", hiddenFile(tag, n), model.CSVOptions{ChunkRows: 50, Progress: func(p model.CSVProgress) {
		if p.Phase == "write" {
			fmt.Println("wrote", p.Done)
			in.ReadString('\n')
		}
	}})
	if err != nil {
		fmt.Println("error", err)
		os.Exit(1)
	}
	fmt.Println("imported", res.Rows)
	if err := s.Close(); err != nil {
		fmt.Println("error", err)
		os.Exit(1)
	}
}

// child is an import child started by the command line args (the test
// binary, or it under unshare), with its lines on a channel.
type child struct {
	cmd   *exec.Cmd
	lines chan string
	goOn  io.WriteCloser
}

func startChild(t *testing.T, path, tag string, rows int, args ...string) *child {
	t.Helper()
	if len(args) == 0 {
		args = []string{os.Args[0]}
	}
	cmd := exec.Command(args[0], append(args[1:], "-test.run", "^$")...)
	cmd.Env = append(os.Environ(), "ONBOARD_IMPORT_CHILD="+path, "ONBOARD_IMPORT_TAG="+tag, "ONBOARD_IMPORT_ROWS="+strconv.Itoa(rows))
	cmd.Stderr = os.Stderr
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	goOn, err := cmd.StdinPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	c := &child{cmd: cmd, lines: make(chan string), goOn: goOn}
	go func() {
		defer close(c.lines)
		sc := bufio.NewScanner(out)
		for sc.Scan() {
			c.lines <- sc.Text()
		}
	}()
	return c
}

// resume lets the child write its next chunk.
func (c *child) resume() { io.WriteString(c.goOn, "\n") }

// next is the child's next line ("" once it is done); a child silent for
// walk.Guard fails the test.
func (c *child) next(t *testing.T) string {
	t.Helper()
	select {
	case l := <-c.lines:
		if strings.HasPrefix(l, "error") {
			t.Fatalf("import child: %s", l)
		}
		return l
	case <-time.After(walk.Guard):
		c.cmd.Process.Kill()
		t.Fatalf("the import child said nothing for %s", walk.Guard)
		return ""
	}
}

// observer is a Service open on path beside the child, as a server would
// be, whose periodic check for dead imports runs when the test says.
type observer struct {
	*Service
	tick   chan time.Time
	undone chan int
}

func openObserver(t *testing.T, path string) *observer {
	t.Helper()
	o := &observer{tick: make(chan time.Time), undone: make(chan int, 16)}
	s, err := Open(context.Background(), path, Options{ResellerID: "C0crash",
		After:  func(time.Duration) <-chan time.Time { return o.tick },
		OnUndo: func(n int) { o.undone <- n }})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	o.Service = s
	return o
}

// A CSV import killed with SIGKILL at a random chunk while a server has
// the database open: before the kill and after it, the server shows none
// of its rows and lets touch none; the server's own periodic check (no
// new process opening the file) then undoes the import, leaving no row,
// record or lock file. 25 kills (ONBOARD_CRASH_KILLS for more).
func TestKilledImportIsUndoneByTheServerOpen(t *testing.T) {
	path := filepath.Join(t.TempDir(), "kill.db")
	o := openObserver(t, path)
	addCustomer(t, o.Service, model.ModeCreate, form("Staff BV", "staff.nl"))
	want := int64(1)
	r := rand.New(rand.NewPCG(17, 4))
	const rows = 1000 // 20 chunks of 50
	inside, whole := 0, 0
	for k := range killtest.Kills() {
		tag := fmt.Sprintf("k%03dx", k)        // no tag starts another
		target := 50 * (1 + r.IntN(rows/50-2)) // rows written when the kill goes out
		// Half the kills land between two chunks (the child waits
		// there), half wherever the child is once it goes on.
		between := r.IntN(2) == 0
		c := startChild(t, path, tag, rows)
		for l := c.next(t); l != ""; l = c.next(t) {
			if f := strings.Fields(l); len(f) == 2 && f[0] == "wrote" {
				seesNoneOf(t, o.Service, tag, hiddenIDs(t, o.Service), want)
				if n, _ := strconv.Atoi(f[1]); n >= target {
					if !between {
						c.resume()
					}
					c.cmd.Process.Signal(syscall.SIGKILL)
					break
				}
				c.resume()
			}
		}
		for range c.lines {
		}
		c.cmd.Wait()
		var open int
		o.db.Reader().QueryRow("SELECT count(*) FROM imports").Scan(&open)
		if open == 0 && rowsOf(t, o.Service, tag) == rows { // the import ended before the kill reached it
			whole++
			want += rows
			if n, _ := o.Count(context.Background()); n != want {
				t.Fatalf("kill %d: the import ended, the count is %d, want %d", k, n, want)
			}
			continue
		}
		inside++
		ids := hiddenIDs(t, o.Service)
		if len(ids) == 0 || rowsOf(t, o.Service, tag) == 0 {
			t.Fatalf("kill %d: nothing of the killed import is stored: the kill landed outside it", k)
		}
		seesNoneOf(t, o.Service, tag, ids, want)
		o.tick <- time.Time{}
		select {
		case n := <-o.undone:
			if n != 1 {
				t.Fatalf("kill %d: %d imports undone", k, n)
			}
		case <-time.After(walk.Guard):
			t.Fatalf("kill %d: the server did not undo the dead import within %s", k, walk.Guard)
		}
		if n := rowsOf(t, o.Service, tag); n != 0 {
			t.Fatalf("kill %d: %d rows of the dead import left", k, n)
		}
		var left int
		o.db.Reader().QueryRow("SELECT (SELECT count(*) FROM imports) + (SELECT count(*) FROM import_chunks)").Scan(&left)
		if left != 0 {
			t.Fatalf("kill %d: %d import records left", k, left)
		}
		if locks, _ := filepath.Glob(path + ".import-*"); len(locks) != 0 {
			t.Fatalf("kill %d: lock files left: %v", k, locks)
		}
		seesNoneOf(t, o.Service, tag, ids, want)
	}
	if inside == 0 {
		t.Fatal("no kill landed inside an import")
	}
	t.Logf("%d kills inside an import: 0 rows shown before or after, each undone by the open server; %d imports ended before their kill, whole", inside, whole)
}

// An import run in another PID namespace (unshare --pid: its PID there
// names another process here) while other processes open the database
// and a server runs its periodic check: nobody undoes it, nobody sees a
// row of it before it ends, and it ends with every row. 25 imports
// (ONBOARD_CRASH_KILLS for more).
func TestImportInAnotherPIDNamespace(t *testing.T) {
	if os.Geteuid() != 0 {
		t.Skip("unshare --pid needs root")
	}
	unshare, err := exec.LookPath("unshare")
	if err != nil {
		t.Skip("no unshare on this machine")
	}
	ns := []string{unshare, "--pid", "--fork", "--mount-proc"}
	if out, err := exec.Command(ns[0], append(ns[1:], "true")...).CombinedOutput(); err != nil {
		t.Skipf("unshare --pid does not work here: %v: %s", err, out)
	}
	path := filepath.Join(t.TempDir(), "ns.db")
	o := openObserver(t, path)
	ctx := context.Background()
	want := int64(0)
	const rows = 300
	for k := range killtest.Kills() {
		tag := fmt.Sprintf("n%03dx", k)
		c := startChild(t, path, tag, rows, append(ns, os.Args[0])...)
		done := false
		for l := c.next(t); l != ""; l = c.next(t) {
			if strings.HasPrefix(l, "imported") {
				done = true
				continue
			}
			if !strings.HasPrefix(l, "wrote") {
				continue
			}
			// The child waits between two chunks while the others look.
			// Another process opens the file (and checks for dead imports
			// as it opens), and the server checks.
			other, err := Open(ctx, path, Options{ImportCheck: -1})
			if err != nil {
				t.Fatal(err)
			}
			seesNoneOf(t, other, tag, hiddenIDs(t, other), want)
			other.Close()
			o.tick <- time.Time{}
			seesNoneOf(t, o.Service, tag, hiddenIDs(t, o.Service), want)
			c.resume()
		}
		if err := c.cmd.Wait(); err != nil || !done {
			t.Fatalf("import %d in another PID namespace: %v, ended %v", k, err, done)
		}
		want += rows
		if n, err := o.Count(ctx); err != nil || n != want {
			t.Fatalf("import %d: count %d, %v, want %d", k, n, err, want)
		}
		if n, err := o.CountMatching(ctx, "Import "+tag, 0); err != nil || n != rows {
			t.Fatalf("import %d: the search finds %d of %d, %v", k, n, rows, err)
		}
		select {
		case n := <-o.undone:
			t.Fatalf("import %d: the server undid %d imports", k, n)
		default:
		}
	}
	t.Logf("%d imports of %d rows in another PID namespace: each whole, none undone, no row shown before its end", killtest.Kills(), rows)
}
