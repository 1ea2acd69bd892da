package i18n

import (
	"flag"
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"testing"
)

var listMissing = flag.Bool("missing", false, "print the English texts that have no Dutch, as Go map entries")

// msgids returns every English text the module's code passes to Lang.T,
// Lang.N or M, with where it was seen.
func msgids(t *testing.T) map[string]string {
	t.Helper()
	out := map[string]string{}
	fset := token.NewFileSet()
	err := filepath.WalkDir("..", func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			if name := d.Name(); name != ".." && (strings.HasPrefix(name, ".") || name == "testdata") {
				return filepath.SkipDir
			}
			return nil
		}
		if !strings.HasSuffix(path, ".go") || strings.HasSuffix(path, "_test.go") {
			return nil
		}
		f, err := parser.ParseFile(fset, path, nil, 0)
		if err != nil {
			return err
		}
		ast.Inspect(f, func(n ast.Node) bool {
			call, ok := n.(*ast.CallExpr)
			if !ok {
				return true
			}
			sel, ok := call.Fun.(*ast.SelectorExpr)
			if !ok {
				return true
			}
			var args []ast.Expr
			switch {
			case (sel.Sel.Name == "T" || sel.Sel.Name == "S") && len(call.Args) >= 1:
				args = call.Args[:1]
			case sel.Sel.Name == "N" && len(call.Args) >= 3:
				args = call.Args[1:3]
			case sel.Sel.Name == "Errorf" && len(call.Args) >= 1:
				if id, ok := sel.X.(*ast.Ident); !ok || id.Name != "i18n" {
					return true
				}
				args = call.Args[:1]
			case sel.Sel.Name == "M" && len(call.Args) == 1:
				if id, ok := sel.X.(*ast.Ident); !ok || id.Name != "i18n" {
					return true
				}
				args = call.Args
			default:
				return true
			}
			for _, a := range args {
				if lit, ok := a.(*ast.BasicLit); ok && lit.Kind == token.STRING {
					s, err := strconv.Unquote(lit.Value)
					if err == nil {
						out[s] = fset.Position(lit.Pos()).String()
					}
				}
			}
			return true
		})
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// Every English text in the code has Dutch, and every Dutch text still has
// its English in the code; both use the same format verbs.
func TestEveryTextHasDutch(t *testing.T) {
	ids := msgids(t)
	if len(ids) < 100 {
		t.Fatalf("found only %d texts in the code; is the extraction broken?", len(ids))
	}
	var missing []string
	for id, where := range ids {
		nlv, ok := nlText[id]
		if !ok {
			missing = append(missing, id)
			t.Errorf("%s: %q has no Dutch", where, id)
			continue
		}
		if a, b := verbs(id), verbs(nlv); a != b {
			t.Errorf("%s: %q has verbs %s, its Dutch %q has %s", where, id, a, nlv, b)
		}
	}
	for id := range nlText {
		if _, ok := ids[id]; !ok {
			t.Errorf("the Dutch for %q is not used: no such English text in the code", id)
		}
	}
	t.Logf("%d English texts in the code, each with its Dutch", len(ids))
	if *listMissing {
		sort.Strings(missing)
		for _, m := range missing {
			fmt.Fprintf(os.Stderr, "\t%q: %q,\n", m, m)
		}
	}
}

// verbs lists a format's verbs, sorted (a translation may reorder them
// with %[n]s).
func verbs(s string) string {
	var out []string
	for i := 0; i < len(s); i++ {
		if s[i] != '%' {
			continue
		}
		j := i + 1
		for j < len(s) && strings.IndexByte("[]0123456789.+-# ", s[j]) >= 0 {
			j++
		}
		if j < len(s) {
			if s[j] != '%' {
				out = append(out, string(s[j]))
			}
			i = j
		}
	}
	sort.Strings(out)
	return strings.Join(out, "")
}
