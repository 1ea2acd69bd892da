package tui

import (
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"testing"
)

// The screens see the store only through the interfaces they declare, so
// no package under tui/ may import one under store/, directly or through
// another package. The check reads what the go tool builds: `go list -deps`
// without -test leaves the test files out, so a test of a tui package may
// still open a real store for its fixtures.
func TestTUIDoesNotImportStore(t *testing.T) {
	goTool, err := exec.LookPath("go")
	if err != nil {
		goTool = filepath.Join(runtime.GOROOT(), "bin", "go")
	}
	cmd := exec.Command(goTool, "list", "-deps", "-f", "{{.ImportPath}}{{range .Imports}} {{.}}{{end}}", "onboard/tui/...")
	cmd.Env = append(os.Environ(), "GOFLAGS=-mod=readonly")
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("go list -deps onboard/tui/...: %v\n%s", err, stderrOf(err))
	}
	graph := parseImports(string(out))
	var roots []string
	for p := range graph {
		if within(p, "onboard/tui") {
			roots = append(roots, p)
		}
	}
	slices.Sort(roots)
	if len(roots) < 2 {
		t.Fatalf("go list found only %v under onboard/tui: the check would pass on nothing", roots)
	}
	for _, root := range roots {
		if chain := importChain(graph, root, "onboard/store"); chain != nil {
			t.Errorf("%s imports the store: %s", root, strings.Join(chain, " → "))
		}
	}
}

// The chain finder reports a direct and an indirect import, and none when
// there is none: the test above can fail.
func TestImportChain(t *testing.T) {
	graph := parseImports(`onboard/tui fmt onboard/tui/detail
onboard/tui/detail onboard/model onboard/tui/common
onboard/tui/common onboard/i18n
onboard/tui/order onboard/store
onboard/tui/bulk onboard/storex onboard/tui/order
onboard/model
fmt
`)
	for _, c := range []struct {
		root string
		want []string
	}{
		{"onboard/tui", nil},
		{"onboard/tui/detail", nil},
		{"onboard/tui/order", []string{"onboard/tui/order", "onboard/store"}},
		{"onboard/tui/bulk", []string{"onboard/tui/bulk", "onboard/tui/order", "onboard/store"}},
	} {
		if got := importChain(graph, c.root, "onboard/store"); !slices.Equal(got, c.want) {
			t.Errorf("importChain(%s) = %v, want %v", c.root, got, c.want)
		}
	}
}

// parseImports reads lines of "package import import…" into a graph.
func parseImports(out string) map[string][]string {
	graph := map[string][]string{}
	for _, line := range strings.Split(strings.TrimSpace(out), "\n") {
		if f := strings.Fields(line); len(f) > 0 {
			graph[f[0]] = f[1:]
		}
	}
	return graph
}

// importChain returns the shortest import path from root to a package
// within prefix, or nil if there is none.
func importChain(graph map[string][]string, root, prefix string) []string {
	from := map[string]string{root: ""}
	queue := []string{root}
	for len(queue) > 0 {
		p := queue[0]
		queue = queue[1:]
		if within(p, prefix) {
			var chain []string
			for ; p != ""; p = from[p] {
				chain = append(chain, p)
			}
			slices.Reverse(chain)
			return chain
		}
		for _, next := range graph[p] {
			if _, seen := from[next]; !seen {
				from[next] = p
				queue = append(queue, next)
			}
		}
	}
	return nil
}

// within reports whether package p is prefix or below it.
func within(p, prefix string) bool { return p == prefix || strings.HasPrefix(p, prefix+"/") }

func stderrOf(err error) string {
	if ee, ok := err.(*exec.ExitError); ok {
		return string(ee.Stderr)
	}
	return ""
}
