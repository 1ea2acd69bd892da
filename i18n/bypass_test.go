package i18n

import (
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
)

// The packages whose strings reach a person: the app's screens, the SSH
// server's messages and the command line.
var userFacing = []string{"../tui", "../cmd/onboard"}

// notWords are the words a message may hold untranslated: key names,
// names of products and commands, file format names.
var notWords = map[string]bool{
	"esc": true, "enter": true, "tab": true, "shift": true, "ctrl": true, "pgup": true, "pgdn": true,
	"onboard": true, "ssh": true, "csv": true, "json": true, "id": true, "ok": true,
}

var verb = regexp.MustCompile(`%[-+# 0-9.\[\]]*[a-zA-Z%]`)

// key is a literal that names something (a field key, a file name), not
// prose: lower case, no spaces, with a _ . % or digit in it (a plain word
// like "back" is prose).
var key = regexp.MustCompile(`^[a-z0-9_.%-]*[_.%0-9][a-z0-9_.%-]*$`)

// words returns the words of s that would need translating.
func words(s string) []string {
	if key.MatchString(s) {
		return nil
	}
	s = verb.ReplaceAllString(s, " ")
	var out []string
	for _, w := range regexp.MustCompile(`[A-Za-z]{2,}`).FindAllString(s, -1) {
		if !notWords[strings.ToLower(w)] {
			out = append(out, w)
		}
	}
	return out
}

// sink names a call whose arguments a person reads, and which of them.
func sink(call *ast.CallExpr) (args []ast.Expr) {
	name := ""
	switch f := call.Fun.(type) {
	case *ast.SelectorExpr:
		if x, ok := f.X.(*ast.Ident); ok {
			name = x.Name + "." + f.Sel.Name
		} else {
			name = "." + f.Sel.Name
		}
	case *ast.Ident:
		name = f.Name
	}
	from := func(i int) []ast.Expr {
		if len(call.Args) > i {
			return call.Args[i:]
		}
		return nil
	}
	one := func(i int) []ast.Expr {
		if len(call.Args) > i {
			return call.Args[i : i+1]
		}
		return nil
	}
	switch {
	case name == "common.Notice", name == "common.Fail", name == "Notice", name == "Fail":
		return one(0)
	case name == "errors.New", name == "fmt.Errorf", name == "fmt.Sprintf", name == "fmt.Sprint", name == "fmt.Sprintln":
		return one(0)
	case name == "fmt.Fprint", name == "fmt.Fprintf", name == "fmt.Fprintln":
		return from(1)
	case name == "fmt.Print", name == "fmt.Printf", name == "fmt.Println":
		return from(0)
	case name == "key.WithHelp":
		return one(1)
	case strings.HasSuffix(name, ".Render"), strings.HasSuffix(name, ".WriteString"), strings.HasSuffix(name, ".Fit"):
		return one(0)
	}
	return nil
}

// sinkFields are struct fields and assignments whose value is shown.
var sinkFields = map[string]bool{"Notice": true, "notice": true, "Text": true, "Op": true, "Placeholder": true, "title": true, "Title": true, "errText": true}

// literals returns the string literals an expression is built from
// directly (through +), not those inside calls that translate them.
func literals(e ast.Expr) []*ast.BasicLit {
	switch e := e.(type) {
	case *ast.BasicLit:
		if e.Kind == token.STRING {
			return []*ast.BasicLit{e}
		}
	case *ast.BinaryExpr:
		if e.Op == token.ADD {
			return append(literals(e.X), literals(e.Y)...)
		}
	case *ast.ParenExpr:
		return literals(e.X)
	}
	return nil
}

// bypasses returns the literals of f shown to a person without the
// catalog, and how many literals were looked at.
func bypasses(fset *token.FileSet, f *ast.File) (found []string, checked int) {
	check := func(e ast.Expr) {
		for _, lit := range literals(e) {
			s, err := strconv.Unquote(lit.Value)
			if err != nil {
				continue
			}
			checked++
			if w := words(s); len(w) > 0 {
				found = append(found, fmt.Sprintf("%s: %q is shown without the catalog (words %v): use Lang.T", fset.Position(lit.Pos()), s, w))
			}
		}
	}
	ast.Inspect(f, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.CallExpr:
			for _, a := range sink(n) {
				check(a)
			}
		case *ast.KeyValueExpr:
			if k, ok := n.Key.(*ast.Ident); ok && sinkFields[k.Name] {
				check(n.Value)
			}
		case *ast.AssignStmt:
			for i, l := range n.Lhs {
				if sel, ok := l.(*ast.SelectorExpr); ok && sinkFields[sel.Sel.Name] && i < len(n.Rhs) {
					check(n.Rhs[i])
				}
			}
		}
		return true
	})
	return found, checked
}

// No text a person reads is a literal outside the catalog: the status
// line, the screens, key help, the SSH server's messages and the command
// line's output and errors all go through Lang.T (or M, or Errorf).
func TestNoTextBypassesTheCatalog(t *testing.T) {
	fset := token.NewFileSet()
	checked := 0
	for _, root := range userFacing {
		err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() || !strings.HasSuffix(path, ".go") || strings.HasSuffix(path, "_test.go") {
				return err
			}
			f, err := parser.ParseFile(fset, path, nil, 0)
			if err != nil {
				return err
			}
			found, n := bypasses(fset, f)
			checked += n
			for _, msg := range found {
				t.Error(msg)
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	if checked < 50 {
		t.Fatalf("checked only %d literals; is the walk broken?", checked)
	}
	t.Logf("%d literals in the places a person reads, none without the catalog", checked)
}

// The check finds a literal on the status line, in a view, in key help and
// on the command line, and lets translated text, key names and field keys
// through.
func TestBypassCheckFindsLiterals(t *testing.T) {
	src := `package x
func f() {
	_ = common.Notice("Customer saved.")
	_ = common.Notice(m.c.T("Customer saved."))
	b.WriteString(s.Title.Render("Customers") + "\n")
	_ = key.WithHelp("esc", "back")
	_ = key.WithHelp("esc", l.T("back"))
	fmt.Fprintf(e.stdout, "Imported %d customers.\n", n)
	fmt.Fprintf(e.stdout, "%d\t%s\n", n, s)
	_ = NoticeMsg{Text: "Draft discarded."}
	_ = fmt.Sprintf("address_line_%d", 1)
	_ = errors.New(l.T("refused"))
}`
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, "x.go", src, 0)
	if err != nil {
		t.Fatal(err)
	}
	found, _ := bypasses(fset, f)
	want := []string{"Customer saved.", "Customers", "back", "Imported %d customers.\n", "Draft discarded."}
	if len(found) != len(want) {
		t.Fatalf("found %d, want %d:\n%s", len(found), len(want), strings.Join(found, "\n"))
	}
	for i, w := range want {
		if !strings.Contains(found[i], strconv.Quote(w)) {
			t.Errorf("finding %d: %s, want %q", i, found[i], w)
		}
	}
}
