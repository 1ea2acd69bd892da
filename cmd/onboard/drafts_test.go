package main

import (
	"context"
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"

	"onboard/model"
	"onboard/store"
)

func TestDraftsListsAnOwnersDrafts(t *testing.T) {
	dir := isolate(t)
	db := filepath.Join(dir, "d.db")
	svc, err := store.Open(context.Background(), db, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	for _, d := range []model.Draft{
		{Owner: "anna", Mode: model.ModeCreate, Step: "customer", Values: model.Fields{model.FieldOrgName: "Bakkerij De Vries", model.FieldDomain: "devries.nl"}},
		{Owner: "anna", Mode: model.ModeImport, Step: "prerequisites", Values: model.Fields{model.FieldOrgName: "Evil\x1b]52;c;x\aCo"}},
		{Owner: "bram", Mode: model.ModeCreate, Step: "customer", Values: model.Fields{model.FieldOrgName: "Bram's"}},
		{Owner: "cor", Mode: model.ModeCreate, Step: "customer", Values: model.Fields{model.FieldOrgName: "Edited BV"}, CustomerID: 7, BaseVersion: 3},
	} {
		if _, err := svc.SaveDraft(context.Background(), d); err != nil {
			t.Fatal(err)
		}
	}
	svc.Close()

	r := cli(t, "--db", db, "drafts", "--owner", "anna")
	if r.code != 0 || !strings.Contains(r.stdout, "2 drafts of anna, newest first:") || !strings.Contains(r.stdout, "Bakkerij De Vries") ||
		!strings.Contains(r.stdout, "devries.nl") || !strings.Contains(r.stdout, "import") || strings.Contains(r.stdout, "Bram") {
		t.Fatalf("drafts: %+v", r)
	}
	if strings.ContainsAny(r.stdout, "\x1b\a") {
		t.Fatalf("a stored control character reached the terminal: %q", r.stdout)
	}
	r = cli(t, "--db", db, "drafts", "--owner", "bram", "--json")
	var ds []map[string]any
	if r.code != 0 || json.Unmarshal([]byte(r.stdout), &ds) != nil || len(ds) != 1 || ds[0]["org_name"] != "Bram's" || ds[0]["mode"] != "create" {
		t.Fatalf("drafts --json: %+v", r)
	}
	r = cli(t, "--db", db, "drafts", "--owner", "nobody")
	if r.code != 0 || r.stdout != "nobody has no drafts.\n" {
		t.Fatalf("no drafts: %+v", r)
	}
	r = cli(t, "--db", db, "drafts", "extra")
	if r.code != exitUsage || !strings.Contains(r.stderr, "drafts takes no arguments") {
		t.Fatalf("an argument: %+v", r)
	}
	r = cli(t, "--db", db, "drafts", "--owner", "cor")
	if r.code != 0 || !strings.Contains(r.stdout, "edit of 7") || !strings.Contains(r.stdout, "Edited BV") {
		t.Fatalf("an edit's draft: %+v", r)
	}
	r = cli(t, "--db", db, "drafts", "--owner", "cor", "--json")
	if r.code != 0 || json.Unmarshal([]byte(r.stdout), &ds) != nil || len(ds) != 1 || ds[0]["customer_id"] != float64(7) || ds[0]["base_version"] != float64(3) {
		t.Fatalf("an edit's draft, --json: %+v", r)
	}
	t.Setenv("LANG", "nl_NL.UTF-8")
	r = cli(t, "--db", db, "drafts", "--owner", "anna")
	if r.code != 0 || !strings.Contains(r.stdout, "2 concepten van anna, nieuwste eerst:") || !strings.Contains(r.stdout, "importeren") {
		t.Fatalf("drafts in Dutch: %+v", r)
	}
}
