package main

import (
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"onboard/i18n"
	"onboard/model"
	"onboard/model/rules"
	"onboard/store/channel/channeltest"
)

// errJSON decodes the one JSON error object a --json command writes to
// stderr, failing the test if stderr is anything else.
func errJSON(t *testing.T, r result) jsonErrorBody {
	t.Helper()
	lines := strings.Split(strings.TrimRight(r.stderr, "\n"), "\n")
	if len(lines) != 1 {
		t.Fatalf("stderr is not one JSON line: %q", r.stderr)
	}
	var raw map[string]map[string]any
	if err := json.Unmarshal([]byte(lines[0]), &raw); err != nil {
		t.Fatalf("stderr is not JSON: %v: %q", err, r.stderr)
	}
	for _, k := range []string{"code", "field", "message"} {
		if _, ok := raw["error"][k]; !ok {
			t.Fatalf("the error lacks %q: %s", k, lines[0])
		}
	}
	var out jsonError
	if err := json.Unmarshal([]byte(lines[0]), &out); err != nil {
		t.Fatal(err)
	}
	return out.Error
}

func TestVersion(t *testing.T) {
	isolate(t)
	want := "onboard " + version() + "\n"
	for _, args := range [][]string{{"--version"}, {"-v"}, {"version"}} {
		if r := cli(t, args...); r.code != exitOK || r.stdout != want || r.stderr != "" {
			t.Errorf("%v: want %q, got %+v", args, want, r)
		}
	}
}

// Every command's --help lists every one of its flags (the global ones
// too), in the user's language.
func TestHelpListsEveryFlag(t *testing.T) {
	isolate(t)
	e := &env{stdout: os.Stdout, stderr: os.Stderr}
	e.helpOut = e.stdout
	var walk func(c *cobra.Command)
	n := 0
	walk = func(c *cobra.Command) {
		if c.Hidden || c.Name() == "help" {
			return
		}
		path := strings.Fields(c.CommandPath())[1:]
		r := cli(t, append(path, "--help")...)
		if r.code != exitOK {
			t.Errorf("%v --help: %+v", path, r)
		}
		if !strings.Contains(r.stdout, c.CommandPath()) {
			t.Errorf("%v --help does not name the command: %s", path, r.stdout)
		}
		c.LocalFlags().VisitAll(func(f *pflag.Flag) {
			if !strings.Contains(r.stdout, "--"+f.Name+" ") {
				t.Errorf("%v --help lacks --%s:\n%s", path, f.Name, r.stdout)
			}
		})
		for _, g := range []string{"--db", "--config", "--help"} {
			if !strings.Contains(r.stdout, g) {
				t.Errorf("%v --help lacks %s", path, g)
			}
		}
		n++
		for _, sub := range c.Commands() {
			walk(sub)
		}
	}
	walk(rootCmd(e))
	if n < 15 {
		t.Fatalf("walked only %d commands", n)
	}
	r := cli(t, "customers", "list", "--help")
	for _, want := range []string{"--desc", "Sort descending", "--limit", "(50)", "--query", "--sort", "--json"} {
		if !strings.Contains(r.stdout, want) {
			t.Errorf("customers list --help lacks %q:\n%s", want, r.stdout)
		}
	}
	t.Setenv("LANG", "nl_NL.UTF-8")
	r = cli(t, "customers", "list", "--help")
	for _, want := range []string{"GEBRUIK", "VOORBEELDEN", "FLAGS", "Aflopend sorteren", "klanten opsommen"} {
		if !strings.Contains(r.stdout, want) {
			t.Errorf("Dutch customers list --help lacks %q:\n%s", want, r.stdout)
		}
	}
	if strings.Contains(r.stdout, "USAGE") || strings.Contains(r.stdout, "EXAMPLES") {
		t.Errorf("Dutch help keeps English headings:\n%s", r.stdout)
	}
}

// A usage mistake prints the one-line error first, then the usage of the
// command it was made in, not the whole program's.
func TestUsageMistakeShowsTheCommandsUsage(t *testing.T) {
	dir := isolate(t)
	db := filepath.Join(dir, "u.db")
	r := cli(t, "--db", db, "customers", "list", "--nope")
	lines := strings.Split(r.stderr, "\n")
	if r.code != exitUsage || lines[0] != "onboard: unknown flag --nope" {
		t.Fatalf("unknown flag: %+v", r)
	}
	for _, want := range []string{"Usage: onboard customers list", "--desc", "--limit", "Run “onboard customers list --help”"} {
		if !strings.Contains(r.stderr, want) {
			t.Errorf("the usage lacks %q: %s", want, r.stderr)
		}
	}
	for _, other := range []string{"customers add", "csv import", "--kind"} {
		if strings.Contains(r.stderr, other) {
			t.Errorf("the usage shows another command's %q: %s", other, r.stderr)
		}
	}
	if r.stdout != "" {
		t.Errorf("stdout: %q", r.stdout)
	}
	// A wrong value: the error and the command's usage line.
	r = cli(t, "--db", db, "customers", "list", "--sort", "colour")
	if r.code != exitUsage || !strings.HasPrefix(r.stderr, "onboard: --sort must be org, domain or updated\n") || !strings.Contains(r.stderr, "Usage: onboard customers list") {
		t.Fatalf("bad value: %+v", r)
	}
	// A command that is not there: what it may have meant, and the group's commands.
	r = cli(t, "customers", "lst")
	if r.code != exitUsage || !strings.Contains(r.stderr, `unknown command "customers lst"; did you mean list?`) || !strings.Contains(r.stderr, "Usage: onboard customers COMMAND") {
		t.Fatalf("unknown command: %+v", r)
	}
	r = cli(t, "help", "customers", "frob")
	if r.code != exitUsage || !strings.Contains(r.stderr, `unknown command "customers frob"`) {
		t.Fatalf("help of an unknown command: %+v", r)
	}
	r = cli(t, "customers")
	if r.code != exitUsage || !strings.Contains(r.stderr, "customers needs a command: list, show, add, import") {
		t.Fatalf("no command: %+v", r)
	}
	// A missing value names the flag.
	r = cli(t, "--db", db, "customers", "list", "--limit")
	if r.code != exitUsage || !strings.Contains(r.stderr, "the flag --limit needs a value") {
		t.Fatalf("missing value: %+v", r)
	}
	r = cli(t, "--db", db, "customers", "list", "--limit", "many")
	if r.code != exitUsage || !strings.Contains(r.stderr, `invalid value "many" for "--limit" flag`) || strings.Contains(r.stderr, "strconv") {
		t.Fatalf("bad number: %+v", r)
	}
}

// --kind is required and must be domain or team: without it nothing can
// be checked, so it is a usage mistake (exit 2), not a rule problem.
func TestKindIsAUsageMistake(t *testing.T) {
	dir := isolate(t)
	db := filepath.Join(dir, "k.db")
	for _, args := range [][]string{
		{"--db", db, "customers", "add", "--org", "X", "--domain", "x.nl", "--reseller-id", "C0123"},
		{"--db", db, "customers", "add", "--kind", "business", "--org", "X", "--domain", "x.nl", "--reseller-id", "C0123"},
		{"--db", db, "customers", "import", "--org", "X", "--domain", "x.nl", "--transfer-token", "T", "--reseller-id", "C0123"},
	} {
		r := cli(t, args...)
		if r.code != exitUsage || !strings.Contains(r.stderr, "--kind must be domain or team") {
			t.Errorf("%v: %+v", args[3:], r)
		}
	}
	if r := cli(t, "--db", db, "customers", "add", "--kind", "DOMAIN", "--org", "X", "--domain", "x.nl", "--reseller-id", "C0123"); r.code != exitOK {
		t.Fatalf("upper case kind: %+v", r)
	}
}

// With --json every error is one JSON object on stderr, in one shape,
// whatever went wrong; the exit codes stay.
func TestErrorsAsJSON(t *testing.T) {
	dir := isolate(t)
	db := filepath.Join(dir, "j.db")
	if r := cli(t, addArgs(db)...); r.code != exitOK {
		t.Fatal(r)
	}
	cases := []struct {
		args        []string
		exit        int
		code, field string
		message     string
		problems    int
	}{
		{[]string{"customers", "list", "--json", "--nope"}, exitUsage, codeUsage, "--nope", "unknown flag --nope", 0},
		{[]string{"customers", "list", "--json", "--limit", "0"}, exitUsage, codeUsage, "--limit", "--limit must be at least 1", 0},
		{[]string{"customers", "add", "--json", "--org", "X", "--domain", "x.nl"}, exitUsage, codeUsage, "--kind", "--kind must be domain or team", 0},
		{[]string{"customers", "show", "--json"}, exitUsage, codeUsage, "", "customers show needs one ID, domain or team email", 0},
		{[]string{"customers", "show", "nosuch.nl", "--json"}, exitProblem, codeNotFound, "", "no customer has the domain nosuch.nl", 0},
		{[]string{"customers", "history", "42", "--json"}, exitProblem, codeNotFound, "", "no customer has the ID 42", 0},
		{[]string{"customers", "add", "--kind", "domain", "--org", "", "--domain", "co.uk", "--reseller-id", "C0123", "--json"}, exitProblem, codeInvalid, "org_name",
			"org_name: is required\ndomain: co.uk is a public suffix", 2},
		{[]string{"customers", "add", "--kind", "domain", "--org", "Again", "--domain", "devries.nl", "--reseller-id", "C0123", "--json"}, exitProblem, codeConflict, "domain",
			"domain: a domain customer with domain devries.nl already exists (customer 1)", 1},
	}
	for _, tc := range cases {
		r := cli(t, append([]string{"--db", db}, tc.args...)...)
		if r.code != tc.exit || r.stdout != "" {
			t.Errorf("%v: exit %d, stdout %q", tc.args, r.code, r.stdout)
			continue
		}
		got := errJSON(t, r)
		if got.Code != tc.code || got.Field != tc.field || !strings.HasPrefix(got.Message, tc.message) || len(got.Problems) != tc.problems {
			t.Errorf("%v: got %+v", tc.args, got)
		}
	}
	// Each rule problem on its own, with the rule's code.
	r := cli(t, "--db", db, "customers", "add", "--kind", "domain", "--org", "", "--domain", "co.uk", "--reseller-id", "C0123", "--json")
	got := errJSON(t, r)
	if p := got.Problems; p[0].Field != "org_name" || p[0].Code != "required" || p[0].Message != "is required" || p[1].Code != "public_suffix" || p[1].Params["value"] != "co.uk" {
		t.Fatalf("problems: %+v", p)
	}
	// A CSV file's problems, each with its line.
	bad := filepath.Join(dir, "bad.csv")
	os.WriteFile(bad, []byte("kind,org_name,domain,reseller_id\ndomain,A,a.nl,C0123\ndomain,B,a.nl,C0123\ndomain,C,co.uk,C0123\n"), 0o600)
	r = cli(t, "--db", db, "csv", "import", bad, "--json")
	got = errJSON(t, r)
	if r.code != exitProblem || r.stdout != "" || got.Code != codeInvalid || len(got.Problems) != 2 || got.Problems[0].Line != 3 || got.Problems[1].Line != 4 ||
		got.Problems[1].Code != "public_suffix" || got.Field != "domain" {
		t.Fatalf("csv import --json: %+v", r)
	}
	good := filepath.Join(dir, "good.csv")
	os.WriteFile(good, []byte("kind,org_name,domain,reseller_id\ndomain,A,a.nl,C0123\ndomain,B,b.nl,C0123\n"), 0o600)
	for _, dry := range []bool{true, false} {
		args := []string{"--db", db, "csv", "import", good, "--json"}
		if dry {
			args = append(args, "--dry-run")
		}
		r = cli(t, args...)
		var out csvImportOut
		if r.code != exitOK || json.Unmarshal([]byte(r.stdout), &out) != nil || out.Rows != 2 || out.DryRun != dry {
			t.Fatalf("csv import --json (dry run %v): %+v", dry, r)
		}
	}
	// A command without --json given --json: still a JSON usage error.
	r = cli(t, "--db", db, "customers", "confirm", "1", "--json")
	if got := errJSON(t, r); r.code != exitUsage || got.Code != codeUsage || got.Field != "--json" {
		t.Fatalf("confirm --json: %+v", r)
	}
	// Dutch with --json: the messages in Dutch, the codes the same.
	t.Setenv("LANG", "nl_NL.UTF-8")
	r = cli(t, "--db", db, "customers", "show", "nergens.nl", "--json")
	if got := errJSON(t, r); got.Code != codeNotFound || got.Message != "geen klant heeft het domein nergens.nl" {
		t.Fatalf("Dutch: %+v", got)
	}
}

// A CSV file's problems carry their line, and the count left out.
func TestCSVProblemsAsJSON(t *testing.T) {
	isolate(t)
	var errb strings.Builder
	e := &env{stderr: &errb, json: true}
	err := &rules.CSVError{More: 7, Problems: rules.LineProblems{
		{Line: 3, Problem: rules.Problem{Field: model.FieldDomain, Code: rules.CodeDuplicateInFile, Params: map[string]string{"value": "a.nl", "line": "2"}}},
		{Line: 0, Problem: rules.Problem{Code: rules.CodeNoRows}},
	}}
	if code := e.report(err); code != exitProblem {
		t.Fatalf("exit %d", code)
	}
	got := errJSON(t, result{stderr: errb.String()})
	if got.Code != codeInvalid || got.Field != "domain" || got.More != 7 || len(got.Problems) != 2 ||
		got.Problems[0].Line != 3 || got.Problems[0].Code != "duplicate_in_file" || got.Problems[1].Line != 0 ||
		!strings.HasPrefix(got.Message, "line 3: domain: ") || !strings.Contains(got.Message, "\nnothing was imported") {
		t.Fatalf("CSV error: %+v", got)
	}
}

// A refusal from Google is code "google"; what the command suggests
// doing next comes in the error's hints, not as loose text.
func TestGoogleErrorAsJSON(t *testing.T) {
	dir := isolate(t)
	fake := channeltest.New("C0reseller")
	defer fake.Close()
	fake.FailNext["checkCloudIdentityAccountsExist"] = "PERMISSION_DENIED"
	cfg := filepath.Join(dir, "config.toml")
	os.WriteFile(cfg, []byte(fmt.Sprintf("[reseller]\nid = \"C0reseller\"\n[google]\naccount_id = \"C0reseller\"\nendpoint = %q\n", fake.Endpoint())), 0o600)
	db := filepath.Join(dir, "g.db")
	r := cli(t, "--db", db, "--config", cfg, "customers", "add", "--kind", "domain", "--org", "Acme BV", "--domain", "acme.nl", "--region", "NL",
		"--postal-code", "1012 AB", "--address-line", "Damrak 1", "--json")
	if r.code != exitProblem || r.stdout != "" {
		t.Fatalf("add: %+v", r)
	}
	got := errJSON(t, r)
	if got.Code != codeGoogle || got.Message == "" || len(got.Hints) != 1 || !strings.Contains(got.Hints[0], "onboard customers push 1") {
		t.Fatalf("google error: %+v", got)
	}
	// The same without --json: text lines.
	fake.FailNext["checkCloudIdentityAccountsExist"] = "PERMISSION_DENIED"
	r = cli(t, "--db", db, "--config", cfg, "customers", "push", "1")
	if r.code != exitProblem || !strings.HasPrefix(r.stderr, "onboard: ") || strings.Contains(r.stderr, "{") {
		t.Fatalf("push: %+v", r)
	}
}

func TestCompletion(t *testing.T) {
	dir := isolate(t)
	for _, sh := range []string{"bash", "zsh", "fish", "powershell"} {
		r := cli(t, "completion", sh)
		if r.code != exitOK || len(r.stdout) < 1000 || !strings.Contains(r.stdout, "onboard") {
			t.Errorf("completion %s: exit %d, %d bytes, %q", sh, r.code, len(r.stdout), r.stderr)
		}
	}
	// The bash script is valid bash.
	r := cli(t, "completion", "bash")
	script := filepath.Join(dir, "onboard.bash")
	os.WriteFile(script, []byte(r.stdout), 0o600)
	bash, err := exec.LookPath("bash")
	if err != nil {
		t.Fatalf("bash: %v", err)
	}
	if out, err := exec.Command(bash, "-n", script).CombinedOutput(); err != nil {
		t.Fatalf("bash -n: %v\n%s", err, out)
	}
	// Sourced, it registers a completion for onboard.
	out, err := exec.Command(bash, "-c", "source "+script+" && complete -p onboard").CombinedOutput()
	if err != nil || !strings.Contains(string(out), "onboard") {
		t.Fatalf("complete -p onboard: %v\n%s", err, out)
	}
	// What the script asks the program completes commands and flags.
	r = cli(t, "__complete", "customers", "li")
	if r.code != exitOK || !strings.Contains(r.stdout, "list\t") {
		t.Fatalf("__complete customers li: %+v", r)
	}
	r = cli(t, "__complete", "customers", "list", "--de")
	if r.code != exitOK || !strings.Contains(r.stdout, "--desc\t") {
		t.Fatalf("__complete customers list --de: %+v", r)
	}
	r = cli(t, "__complete", "customers", "list", "--sort", "")
	if r.code != exitOK || !strings.HasPrefix(r.stdout, "org\ndomain\nupdated\n") {
		t.Fatalf("__complete --sort: %+v", r)
	}
	r = cli(t, "__complete", "customers", "add", "--kind", "")
	if r.code != exitOK || !strings.HasPrefix(r.stdout, "domain\nteam\n") {
		t.Fatalf("__complete --kind: %+v", r)
	}
	if r := cli(t, "completion", "tcsh"); r.code != exitUsage {
		t.Fatalf("completion tcsh: %+v", r)
	}
}

func TestManPage(t *testing.T) {
	dir := isolate(t)
	r := cli(t, "man")
	if r.code != exitOK {
		t.Fatalf("man: %+v", r)
	}
	for _, want := range []string{".TH ONBOARD 1", ".SH NAME", ".SH SYNOPSIS", ".SH COMMANDS", "customers", "\\fB--db\\fP"} {
		if !strings.Contains(r.stdout, want) {
			t.Errorf("the man page lacks %q", want)
		}
	}
	// It renders: groff reads it (UTF-8, as man does with preconv) without a warning.
	groff, err := exec.LookPath("groff")
	if err != nil {
		t.Fatalf("groff: %v", err)
	}
	page := filepath.Join(dir, "onboard.1")
	os.WriteFile(page, []byte(r.stdout), 0o600)
	cmd := exec.Command(groff, "-k", "-man", "-Tutf8", "-ww", page)
	cmd.Env = append(os.Environ(), "LANG=C.UTF-8")
	var stderr strings.Builder
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil || stderr.Len() > 0 {
		t.Fatalf("groff: %v\n%s", err, stderr.String())
	}
	if !strings.Contains(string(out), "onboard adds and imports Google Workspace customers") {
		t.Fatalf("rendered page:\n%s", out)
	}
}

// The help writer translates fang's headings, styled or not, however the
// writes are cut, and passes every other line through unchanged.
func TestHelpWriterHeadings(t *testing.T) {
	var out strings.Builder
	hw := &helpWriter{w: &out, lang: i18n.New(i18n.Dutch)}
	in := "\n  \x1b[1m\x1b[38;5;63mUSAGE\x1b[0m  \n    onboard customers list USAGE\nFLAGS\n  EXAMPLES\nno newline at the end"
	for _, part := range []string{in[:5], in[5:20], in[20:]} {
		hw.Write([]byte(part))
	}
	hw.Flush()
	want := "\n  \x1b[1m\x1b[38;5;63mGEBRUIK\x1b[0m  \n    onboard customers list USAGE\nFLAGS\n  VOORBEELDEN\nno newline at the end"
	if out.String() != want {
		t.Fatalf("got  %q\nwant %q", out.String(), want)
	}
	// On a terminal the writer is still one, so that fang styles the help.
	f, err := os.CreateTemp(t.TempDir(), "tty")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	w, _ := newHelpOut(f, i18n.New(i18n.English))
	if tf, ok := w.(interface{ Fd() uintptr }); !ok || tf.Fd() != f.Fd() {
		t.Fatalf("the help writer on a file hides its Fd: %T", w)
	}
	if w, _ := newHelpOut(&out, i18n.New(i18n.English)); w == nil {
		t.Fatal("no writer")
	} else if _, ok := w.(interface{ Fd() uintptr }); ok {
		t.Fatal("a buffer looks like a terminal")
	}
}

// Flags with one dash, as Go's flag package took them, still work; a
// value that looks like a flag stays the value.
func TestSingleDashFlags(t *testing.T) {
	dir := isolate(t)
	db := filepath.Join(dir, "d.db")
	r := cli(t, "-db", db, "customers", "add", "-kind", "domain", "-org", "-json", "-domain=dash.nl", "-reseller-id", "C0123", "-json")
	var c map[string]any
	if r.code != exitOK || json.Unmarshal([]byte(r.stdout), &c) != nil || c["org_name"] != "-json" || c["domain"] != "dash.nl" {
		t.Fatalf("single dashes: %+v", r)
	}
	if r := cli(t, "-db", db, "customers", "list", "-limit=1", "-json"); r.code != exitOK || !strings.Contains(r.stdout, `"dash.nl"`) {
		t.Fatalf("list: %+v", r)
	}
	if r := cli(t, "-db", db, "customers", "show", "nosuch.nl", "-json"); r.code != exitProblem || errJSON(t, r).Code != codeNotFound {
		t.Fatalf("-json error: %+v", r)
	}
	if r := cli(t, "-db", db, "customers", "list", "-nope"); r.code != exitUsage || !strings.HasPrefix(r.stderr, "onboard: unknown flag -nope\n") {
		t.Fatalf("unknown: %+v", r)
	}
	// After "--" nothing is a flag.
	if got := singleDashes(rootCmd(&env{stdout: &strings.Builder{}}), []string{"-json", "--", "-json"}); got[0] != "--json" || got[2] != "-json" {
		t.Fatalf("singleDashes: %q", got)
	}
}
