package main

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func TestEditConfirmHistoryStale(t *testing.T) {
	dir := isolate(t)
	db := filepath.Join(dir, "u.db")
	if r := cli(t, addArgs(db)...); r.code != 0 {
		t.Fatalf("add: %+v", r)
	}
	r := cli(t, "--db", db, "customers", "edit", "devries.nl", "--phone", "+31 20 123 4567", "--smart-features", "off", "--address-line", "Damrak 1")
	if r.code != 0 || !strings.Contains(r.stdout, "Phone") || !strings.Contains(r.stdout, "+31201234567") || !strings.Contains(r.stdout, "Smart features") {
		t.Fatalf("edit: %+v", r)
	}
	r = cli(t, "--db", db, "customers", "edit", "1", "--alternate-email", "info@devries.nl")
	if r.code != 1 || !strings.Contains(r.stderr, "alternate_email: must not be in the customer's domain devries.nl") {
		t.Fatalf("edit against the rules: %+v", r)
	}
	for _, bad := range [][]string{{"customers", "edit", "1"}, {"customers", "edit"}, {"customers", "edit", "1", "--transfer-token", "abc"}} {
		if r := cli(t, append([]string{"--db", db}, bad...)...); r.code != 2 {
			t.Fatalf("%v: %+v", bad, r)
		}
	}
	// Added today, its details count as confirmed: not stale until the
	// limit has passed.
	r = cli(t, "--db", db, "customers", "stale", "--json")
	if r.code != 0 || strings.TrimSpace(r.stdout) != "[]" {
		t.Fatalf("stale the day it was added: %+v", r)
	}
	later := func(args ...string) result {
		var out, errb bytes.Buffer
		at := func() time.Time { return testNow().Add(181 * 24 * time.Hour) }
		code := run(context.Background(), at, args, strings.NewReader(""), &out, &errb)
		return result{code, out.String(), errb.String()}
	}
	r = later("--db", db, "customers", "stale", "--json")
	var stale []map[string]any
	if err := json.Unmarshal([]byte(r.stdout), &stale); err != nil || len(stale) != 1 || stale[0]["smart_features"] != "off" {
		t.Fatalf("stale 181 days later: %+v %v", r, err)
	}
	if r := later("--db", db, "customers", "confirm", "1"); r.code != 0 || !strings.Contains(r.stdout, "Confirmed the details of customer 1") {
		t.Fatalf("confirm: %+v", r)
	}
	if r := later("--db", db, "customers", "stale"); r.code != 0 || !strings.Contains(r.stdout, "confirmed in the last 180 days") {
		t.Fatalf("stale after confirm: %+v", r)
	}
	r = cli(t, "--db", db, "customers", "history", "1", "--json")
	var evs []struct {
		Action  string `json:"action"`
		Changes []struct {
			Field, Old, New string
		} `json:"changes"`
	}
	if err := json.Unmarshal([]byte(r.stdout), &evs); err != nil || len(evs) != 3 || evs[0].Action != "create" || evs[1].Action != "edit" || evs[2].Action != "confirm" {
		t.Fatalf("history: %+v %v", r, err)
	}
	r = cli(t, "--db", db, "customers", "history", "1")
	for _, want := range []string{"Origin", "Created here", "Status", "local (not pushed to Google)", "Phone", "+31201234567",
		"Smart features", "off", "Last confirmed", "20 Nov 2026"} {
		if !strings.Contains(r.stdout, want) {
			t.Fatalf("history text lacks %q: %+v", want, r)
		}
	}
	for _, raw := range []string{"∅", "(empty)", "create\n", "2026-11-20T"} {
		if strings.Contains(r.stdout, raw) {
			t.Fatalf("history text shows the raw %q: %+v", raw, r)
		}
	}
	// [upkeep] confirm_after_days: a day counts from the config.
	cfg := filepath.Join(dir, "c.toml")
	os.WriteFile(cfg, []byte("[upkeep]\nconfirm_after_days = 0\n"), 0o600)
	if r := cli(t, "--db", db, "--config", cfg, "customers", "stale"); r.code != 1 || !strings.Contains(r.stderr, "confirm_after_days") {
		t.Fatalf("bad config: %+v", r)
	}
}
