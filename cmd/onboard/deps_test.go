package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"runtime/debug"
	"strconv"
	"strings"
	"testing"
)

// floors are the versions below which the libraries let through what
// RELIABILITY.md lists (SSH, terminal escapes, SQLite).
var floors = map[string]string{
	"golang.org/x/crypto": "v0.56.0",
	"charm.land/wish/v2":  "v2.0.3",
	"modernc.org/sqlite":  "v1.55.0",
}

// The module graph selects at least the floors: `go list -m`, as a
// reviewer would check it.
func TestDependencyFloorsInGoList(t *testing.T) {
	goTool, err := exec.LookPath("go")
	if err != nil {
		goTool = filepath.Join(runtime.GOROOT(), "bin", "go")
	}
	args := []string{"list", "-m", "-f", "{{.Path}} {{.Version}}{{with .Replace}} {{.Version}}{{end}}"}
	for mod := range floors {
		args = append(args, mod)
	}
	cmd := exec.Command(goTool, args...)
	cmd.Env = append(os.Environ(), "GOFLAGS=-mod=readonly")
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("go list -m: %v\n%s", err, out)
	}
	seen := map[string]string{}
	for _, line := range strings.Split(strings.TrimSpace(string(out)), "\n") {
		f := strings.Fields(line)
		if len(f) >= 2 {
			seen[f[0]] = f[len(f)-1] // a replacement's version wins
		}
	}
	for mod, floor := range floors {
		if v, ok := seen[mod]; !ok || less(v, floor) {
			t.Errorf("go list -m: %s is %q; it must be at least %s", mod, v, floor)
		}
	}
	t.Logf("go list -m: %s", strings.ReplaceAll(strings.TrimSpace(string(out)), "\n", ", "))
}

// The binary links at least the floors (its build info).
func TestDependencyFloors(t *testing.T) {
	info, ok := debug.ReadBuildInfo()
	if !ok {
		t.Fatal("no build info")
	}
	seen := map[string]string{}
	for _, d := range info.Deps {
		if d.Replace != nil {
			d = d.Replace
		}
		seen[d.Path] = d.Version
	}
	for mod, floor := range floors {
		v, ok := seen[mod]
		if !ok {
			t.Errorf("%s is not linked in", mod)
			continue
		}
		if less(v, floor) {
			t.Errorf("%s is %s; it must be at least %s", mod, v, floor)
		}
	}
}

// less compares vMAJOR.MINOR.PATCH versions (pre-release parts sort first).
func less(a, b string) bool {
	pa, pb := parts(a), parts(b)
	for i := 0; i < 3; i++ {
		if pa[i] != pb[i] {
			return pa[i] < pb[i]
		}
	}
	return strings.Contains(a, "-") && !strings.Contains(b, "-")
}

func parts(v string) [3]int {
	v = strings.TrimPrefix(v, "v")
	if i := strings.IndexAny(v, "-+"); i >= 0 {
		v = v[:i]
	}
	var out [3]int
	for i, p := range strings.SplitN(v, ".", 3) {
		out[i], _ = strconv.Atoi(p)
	}
	return out
}

func TestLess(t *testing.T) {
	for _, c := range []struct {
		a, b string
		want bool
	}{{"v0.55.0", "v0.56.0", true}, {"v0.56.0", "v0.56.0", false}, {"v1.62.0", "v1.55.0", false}, {"v2.0.3-rc1", "v2.0.3", true}, {"v2.0.10", "v2.0.3", false}} {
		if got := less(c.a, c.b); got != c.want {
			t.Errorf("less(%s, %s) = %v", c.a, c.b, got)
		}
	}
}
