package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// Under LANG=nl_NL.UTF-8 a rule problem is printed in Dutch; [ui] language
// in the config wins over the environment.
func TestRuleProblemInDutch(t *testing.T) {
	dir := isolate(t)
	db := filepath.Join(dir, "nl.db")
	t.Setenv("LC_ALL", "")
	t.Setenv("LC_MESSAGES", "")
	t.Setenv("LANG", "nl_NL.UTF-8")
	r := cli(t, addArgs(db, "--alternate-email", "info@devries.nl")...)
	if r.code != 1 || !strings.Contains(r.stderr, "alternate_email: mag niet in het domein van de klant liggen (devries.nl)") {
		t.Fatalf("Dutch: %+v", r)
	}
	r = cli(t, "--db", db, "customers", "add", "--kind", "domain", "--org", "X", "--domain", "x", "--reseller-id", "C0123")
	if !strings.Contains(r.stderr, "x is geen geldige domeinnaam: er moeten een punt en een topleveldomein in staan") {
		t.Fatalf("Dutch reason: %+v", r)
	}
	cfg := filepath.Join(dir, "en.toml")
	os.WriteFile(cfg, []byte("[ui]\nlanguage = \"en\"\n"), 0o600)
	r = cli(t, append([]string{"--config", cfg}, addArgs(db, "--alternate-email", "info@devries.nl")...)...)
	if !strings.Contains(r.stderr, "alternate_email: must not be in the customer's domain devries.nl") {
		t.Fatalf("config en: %+v", r)
	}
	os.WriteFile(cfg, []byte("[ui]\nlanguage = \"klingon\"\n"), 0o600)
	if r := cli(t, "--config", cfg, "--db", db, "customers", "list"); r.code != 1 || !strings.Contains(r.stderr, "ui.language") {
		t.Fatalf("bad language: %+v", r)
	}
	// A CSV problem list in Dutch.
	bad := filepath.Join(dir, "bad.csv")
	os.WriteFile(bad, []byte("kind,org_name,domain,reseller_id\ndomain,A,a.nl,C0123\ndomain,B,a.nl,C0123\n"), 0o600)
	r = cli(t, "--db", db, "csv", "import", bad)
	if !strings.Contains(r.stderr, "regel 3: domain: a.nl staat ook op regel 2") || !strings.Contains(r.stderr, "er is niets geïmporteerd") {
		t.Fatalf("CSV in Dutch: %+v", r)
	}
}

// The command line's own words are Dutch too: what a command did, the
// help, usage mistakes, a customer shown, numbers and dates.
func TestCommandLineInDutch(t *testing.T) {
	dir := isolate(t)
	db := filepath.Join(dir, "nl.db")
	t.Setenv("LC_ALL", "")
	t.Setenv("LC_MESSAGES", "")
	t.Setenv("LANG", "nl_NL.UTF-8")
	r := cli(t, addArgs(db)...)
	if r.code != 0 || !strings.Contains(r.stdout, "Klant 1 gemaakt: Bakkerij De Vries (devries.nl), status lokaal") {
		t.Fatalf("add: %+v", r)
	}
	r = cli(t, "--db", db, "customers", "show", "1")
	for _, want := range []string{"Organisatienaam", "Klanttype", "domein", "Herkomst", "Laatst bevestigd", "20 nov 2026", " nov 2026 "} {
		if !strings.Contains(r.stdout, want) {
			t.Fatalf("show lacks %q: %+v", want, r)
		}
	}
	r = cli(t, "--db", db, "customers", "list")
	if !strings.Contains(r.stdout, "ORGANISATIE") || !strings.Contains(r.stdout, "domein") {
		t.Fatalf("list: %+v", r)
	}
	if r := cli(t, "--help"); r.code != 0 || !strings.Contains(r.stdout, "onboard voegt Google Workspace-klanten toe") {
		t.Fatalf("help: %+v", r)
	}
	if r := cli(t, "customers", "add", "--nope"); r.code != 2 || !strings.Contains(r.stderr, "onbekende flag --nope") || !strings.Contains(r.stderr, "Voer ‘onboard customers add --help’ uit") {
		t.Fatalf("usage mistake: %+v", r)
	}
	if r := cli(t, "customers", "add", "--help"); !strings.Contains(r.stdout, "GEBRUIK") || !strings.Contains(r.stdout, "onboard customers add") || !strings.Contains(r.stdout, "Het DOMEIN van de klant") {
		t.Fatalf("command help: %+v", r)
	}
	if r := cli(t, "--db", db, "customers", "show", "nergens.nl"); r.code != 1 || !strings.Contains(r.stderr, "geen klant heeft het domein nergens.nl") {
		t.Fatalf("not found: %+v", r)
	}
	r = cli(t, "--db", db, "seed", "--count", "1200")
	if r.code != 0 || !strings.Contains(r.stdout, "1.200 demoklanten toegevoegd") {
		t.Fatalf("seed: %+v", r)
	}
}
