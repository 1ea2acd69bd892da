package i18n

import (
	"go/ast"
	"go/parser"
	"go/token"
	"sort"
	"strconv"
	"strings"
	"testing"
)

// Every key is in both catalogs.
func TestCatalogsHaveTheSameKeys(t *testing.T) {
	for k := range en {
		if _, ok := nl[k]; !ok {
			t.Errorf("%q is in the English catalog, not in the Dutch one", k)
		}
	}
	for k := range nl {
		if _, ok := en[k]; !ok {
			t.Errorf("%q is in the Dutch catalog, not in the English one", k)
		}
	}
}

// Every rule code of model/rules has a message in both languages, and a
// message's {placeholders} are the same in both.
func TestEveryRuleCodeHasMessages(t *testing.T) {
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, "../model/rules/problem.go", nil, 0)
	if err != nil {
		t.Fatal(err)
	}
	var codes []string
	ast.Inspect(f, func(n ast.Node) bool {
		vs, ok := n.(*ast.ValueSpec)
		if !ok || len(vs.Names) != 1 || !strings.HasPrefix(vs.Names[0].Name, "Code") || len(vs.Values) != 1 {
			return true
		}
		if lit, ok := vs.Values[0].(*ast.BasicLit); ok {
			s, _ := strconv.Unquote(lit.Value)
			codes = append(codes, s)
		}
		return true
	})
	if len(codes) < 30 {
		t.Fatalf("found %d codes", len(codes))
	}
	for _, c := range codes {
		if _, ok := en["rule."+c]; !ok {
			t.Errorf("rule code %q has no message", c)
		}
	}
	holes := func(s string) string {
		var out []string
		for _, part := range strings.Split(s, "{")[1:] {
			out = append(out, strings.SplitN(part, "}", 2)[0])
		}
		sort.Strings(out)
		return strings.Join(out, ",")
	}
	for k, v := range en {
		if strings.HasPrefix(k, "rule.") && holes(v) != holes(nl[k]) {
			t.Errorf("%s: placeholders %s in English, %s in Dutch", k, holes(v), holes(nl[k]))
		}
	}
}

func TestMatchAndDetect(t *testing.T) {
	for in, want := range map[string]string{"nl_NL.UTF-8": "nl", "nl-BE": "nl", "nl": "nl", "en_GB.UTF-8": "en", "C": "en",
		"POSIX": "en", "de_DE@euro": "en", "": "en", "garbage!!": "en"} {
		if got, _ := Match(in); got.String() != want {
			t.Errorf("Match(%q) = %s, want %s", in, got, want)
		}
	}
	env := func(m map[string]string) func(string) string { return func(k string) string { return m[k] } }
	if got := Detect("", env(map[string]string{"LANG": "nl_NL.UTF-8"})); got != Dutch {
		t.Errorf("LANG=nl: %s", got)
	}
	if got := Detect("", env(map[string]string{"LC_ALL": "en_US.UTF-8", "LANG": "nl_NL.UTF-8"})); got != English {
		t.Errorf("LC_ALL wins: %s", got)
	}
	if got := Detect("nl", env(map[string]string{"LC_ALL": "en_US.UTF-8"})); got != Dutch {
		t.Errorf("the config wins: %s", got)
	}
}

// Numbers are written for the language.
func TestNumbers(t *testing.T) {
	if got := Printer(Dutch).Sprintf("%d", 1000000); got != "1.000.000" {
		t.Errorf("Dutch: %q", got)
	}
	if got := Printer(English).Sprintf("%d", 1000000); got != "1,000,000" {
		t.Errorf("English: %q", got)
	}
}
