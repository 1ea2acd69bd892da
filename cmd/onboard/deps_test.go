package main

import (
	"runtime/debug"
	"strconv"
	"strings"
	"testing"
)

// The libraries whose older versions let through what RELIABILITY.md
// lists (SSH, terminal escapes, SQLite) are at least at these versions.
func TestDependencyFloors(t *testing.T) {
	floors := map[string]string{
		"golang.org/x/crypto": "v0.56.0",
		"charm.land/wish/v2":  "v2.0.3",
		"modernc.org/sqlite":  "v1.55.0",
	}
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
