package tui

import (
	"context"
	"testing"
	"time"

	"onboard/model"
	"onboard/tui/common"
	"onboard/tui/styles"
)

// Times are drawn in Common.Loc, the reader's zone: the store's clock says
// 10:00 UTC, a reader in Tokyo sees 19:00 in the resume prompt and on the
// detail screen.
func TestTimesAreDrawnInTheReadersZone(t *testing.T) {
	tokyo, err := time.LoadLocation("Asia/Tokyo")
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	svc := openStore(t, "C0123abcd")
	_, err = svc.Create(ctx, "anna", model.ModeCreate, model.Fields{
		model.FieldKind: "domain", model.FieldOrgName: "Zone BV", model.FieldDomain: "zone.nl",
		model.FieldRegisteredDomain: "yes", model.FieldNonprofits: "no", model.FieldLegacyFree: "no", model.FieldProductFamily: "google_workspace",
	}, model.CreateOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := svc.SaveDraft(ctx, model.Draft{Owner: "anna", Mode: model.ModeCreate, Step: "customer",
		Values: model.Fields{model.FieldOrgName: "Café Zoë", model.FieldKind: "domain"}}); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		loc        *time.Location
		when, hour string
	}{
		{time.UTC, "27 Nov 2026 10:00", "saved at 10:00"},
		{tokyo, "27 Nov 2026 19:00", "saved at 19:00"},
		{time.FixedZone("UTC-11", -11*3600), "26 Nov 2026 23:00", "saved at 23:00"},
	} {
		t.Run(tc.loc.String(), func(t *testing.T) {
			app := New(&common.Common{Ctx: ctx, Actor: "anna", Now: clock, Loc: tc.loc, Styles: styles.New(true), Tick: testTick}, svc)
			d := drive(t, app, 100, 80)
			d.must("Resume the draft for Café Zoë started " + tc.when + "?")
			d.must(tc.hour)
			d.keys("esc")
			d.mustNot("Resume the draft")
			d.keys("enter")
			d.must("Zone BV")
			d.must(tc.when + " by anna")
			d.must(tc.when + " (version 1)")
			d.must(tc.when + "  anna  created") // the history
		})
	}
}
