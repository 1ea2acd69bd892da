// Package killtest runs the crash tests' children: the test binary started
// again as a process that writes until it is killed with SIGKILL.
package killtest

import (
	"bufio"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"
)

// Main is a crash test package's TestMain: when the environment variable
// env names a database, the process is the child and runs child on it;
// otherwise it runs the tests.
func Main(m *testing.M, env string, child func(path string)) {
	if path := os.Getenv(env); path != "" {
		child(path)
		return
	}
	os.Exit(m.Run())
}

// Seed is the child's number, which its parent passes as
// ONBOARD_CRASH_SEED: it varies what each child writes.
func Seed() int {
	n, _ := strconv.Atoi(os.Getenv("ONBOARD_CRASH_SEED"))
	return n
}

// Kills is how many times a crash test kills its child: 25, or
// ONBOARD_CRASH_KILLS.
func Kills() int {
	if v, err := strconv.Atoi(os.Getenv("ONBOARD_CRASH_KILLS")); err == nil && v > 0 {
		return v
	}
	return 25
}

// Run starts the test binary as a child (running no test: its TestMain
// sees env and plays the child), passes each line it prints to take, and
// kills it with SIGKILL once window has passed. Lines printed before the
// kill reach take too. A line starting with "error" fails the test.
func Run(t testing.TB, env []string, window time.Duration, take func(line string)) {
	t.Helper()
	cmd := exec.Command(os.Args[0], "-test.run", "^$")
	cmd.Env = append(os.Environ(), env...)
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	lines := make(chan string)
	go func() {
		sc := bufio.NewScanner(stdout)
		for sc.Scan() {
			lines <- sc.Text()
		}
		close(lines)
	}()
	var failed string
	seen := func(l string) {
		if strings.HasPrefix(l, "error") && failed == "" {
			failed = l
		}
		take(l)
	}
	deadline := time.After(window)
read:
	for {
		select {
		case l, ok := <-lines:
			if !ok {
				break read
			}
			seen(l)
		case <-deadline:
			break read
		}
	}
	cmd.Process.Signal(syscall.SIGKILL)
	for l := range lines {
		seen(l)
	}
	cmd.Wait()
	if failed != "" {
		t.Fatalf("child: %s", failed)
	}
}
