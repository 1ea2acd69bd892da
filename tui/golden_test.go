package tui

import (
	"context"
	"testing"

	"github.com/charmbracelet/x/exp/golden"

	"onboard/internal/walk"
	"onboard/model"
	"onboard/model/rules"
	"onboard/store/seed"
)

// The goldens are the screens at 100×30 without styling; refresh them with
// go test ./tui -update after a deliberate change, and read the diff.

func snap(t *testing.T, d *driver) {
	t.Helper()
	golden.RequireEqual(t, d.screen())
}

// fill says what to fill in on each step for one kind of customer; the
// prerequisites are answered as an eligible customer would, every other
// field keeps what the wizard offers.
type fill map[rules.StepID]func(w *walk.Walker)

var kinds = map[string]fill{
	"domain": {
		rules.StepOrganisation: func(w *walk.Walker) { w.Choose(model.FieldKind, string(model.KindDomain)) },
		rules.StepCustomer: func(w *walk.Walker) {
			w.Fill(model.FieldOrgName, "Bakkerij De Vries")
			w.Fill(model.FieldDomain, "devries.nl")
			w.Fill(model.FieldCRMID, "CRM-1")
		},
		rules.StepContact: func(w *walk.Walker) {
			w.Fill(model.FieldAdminFirstName, "Jan")
			w.Fill(model.FieldAdminLastName, "de Vries")
			w.Fill(model.FieldAlternateEmail, "owner@gmail.com")
			w.Fill(model.FieldRegionCode, "NL")
			w.Fill(model.FieldPhone, "020 123 4567")
			w.Fill(model.FieldPostalCode, "1011 AB")
			w.Fill(model.FieldLocality, "Amsterdam")
			w.Fill(model.FieldAddressLine1, "Damrak 1")
		},
	},
	"team": {
		rules.StepOrganisation: func(w *walk.Walker) { w.Choose(model.FieldKind, string(model.KindTeam)) },
		rules.StepCustomer: func(w *walk.Walker) {
			w.Fill(model.FieldOrgName, "Acme Sales")
			w.Fill(model.FieldDomain, "acme.nl")
			w.Fill(model.FieldPrimaryEmail, "sales@acme.nl")
		},
	},
	"education": {
		rules.StepOrganisation: func(w *walk.Walker) {
			w.Choose(model.FieldKind, string(model.KindDomain))
			w.Choose(model.FieldEducation, model.Yes)
			w.Choose(model.FieldInstituteType, "K12")
			w.Choose(model.FieldInstituteSize, "SIZE_101_500")
			w.Fill(model.FieldWebsite, "school.example.org")
		},
		rules.StepCustomer: func(w *walk.Walker) {
			w.Fill(model.FieldOrgName, "Basisschool De Zon")
			w.Fill(model.FieldDomain, "dezon.nl")
		},
	},
}

// walkSteps goes through every step of the wizard, taking a golden of each,
// and leaves the driver on the finished screen.
func walkSteps(t *testing.T, d *driver, mode model.Mode, f fill) {
	walkWith(t, d, mode, f, func(t *testing.T) { snap(t, d) })
}

// walkWith is walkSteps with a snapshot function of its own: every step the
// rules give is snapshot as it is entered, filled in (f), snapshot again
// when the filling did not go on by itself (an answer on the last field
// does), and left with Next; the review is submitted.
func walkWith(t *testing.T, d *driver, mode model.Mode, f fill, snapshot func(*testing.T)) {
	w := d.wizard(mode)
	for {
		step := w.Step()
		t.Run(string(step), snapshot)
		if step == rules.StepReview {
			w.Submit()
			break
		}
		switch {
		case step == rules.StepPrerequisites:
			w.Eligible()
		case f[step] != nil:
			f[step](w)
		}
		if w.Step() == step {
			if f[step] != nil {
				t.Run(string(step)+"-filled", snapshot)
			}
			w.Next()
		}
	}
	t.Run("done", snapshot)
}

func TestGoldenCreate(t *testing.T) {
	for _, kind := range []string{"domain", "team", "education"} {
		t.Run(kind, func(t *testing.T) {
			svc := openStore(t, "C0123abcd")
			d := drive(t, newApp(svc, "jan"), 100, 30)
			d.keys("n")
			walkSteps(t, d, model.ModeCreate, kinds[kind])
			if d.app.wiz() == nil || !d.app.wiz().Done() {
				t.Fatalf("the wizard did not finish:\n%s", d.screen())
			}
			d.keys("enter")
			t.Run("detail", func(t *testing.T) { snap(t, d) })
			d.keys("esc")
			t.Run("list", func(t *testing.T) { snap(t, d) })
		})
	}
}

func TestGoldenImport(t *testing.T) {
	for _, kind := range []string{"domain", "team"} {
		t.Run(kind, func(t *testing.T) {
			svc := openStore(t, "C0123abcd")
			d := drive(t, newApp(svc, "jan"), 100, 30)
			d.keys("i")
			walkSteps(t, d, model.ModeImport, importFill(kind))
		})
	}
}

func TestGoldenScreens(t *testing.T) {
	ctx := context.Background()
	t.Run("empty", func(t *testing.T) {
		d := drive(t, newApp(openStore(t, ""), "jan"), 100, 30)
		snap(t, d)
	})
	svc := openStore(t, "C0123abcd")
	if err := seed.Seed(ctx, svc.DB(), 200, fixedNow, nil); err != nil {
		t.Fatal(err)
	}
	d := drive(t, newApp(svc, "jan"), 100, 30)
	t.Run("list", func(t *testing.T) { snap(t, d) })
	t.Run("list-page-down", func(t *testing.T) {
		d.keys("pgdown", "down", "down")
		snap(t, d)
	})
	t.Run("list-end", func(t *testing.T) {
		d.keys("end")
		snap(t, d)
	})
	t.Run("list-filter", func(t *testing.T) {
		d.keys("home", "/")
		d.typeText("tech")
		snap(t, d)
		d.keys("enter")
	})
	t.Run("detail", func(t *testing.T) {
		d.keys("enter")
		snap(t, d)
		d.keys("esc")
	})
	t.Run("help", func(t *testing.T) {
		d.keys("?")
		snap(t, d)
		d.keys("esc")
	})
	t.Run("order", func(t *testing.T) {
		d.keys("enter", "b")
		snap(t, d)
		d.keys("esc")
	})
	t.Run("too-small", func(t *testing.T) {
		d.send(teaSize(60, 15))
		snap(t, d)
		d.send(teaSize(100, 30))
	})
	t.Run("resume", func(t *testing.T) {
		_, err := svc.SaveDraft(ctx, model.Draft{Owner: "anna", Mode: model.ModeCreate, Step: "customer",
			Values: model.Fields{model.FieldOrgName: "Café Zoë", model.FieldKind: "domain"}})
		if err != nil {
			t.Fatal(err)
		}
		d := drive(t, newApp(svc, "anna"), 100, 30)
		snap(t, d)
	})
	_ = model.SortOrg
}

func TestGoldenEditConflict(t *testing.T) {
	ctx := context.Background()
	svc := openStore(t, "C0123abcd")
	_, err := svc.Create(ctx, "anna", model.ModeCreate, model.Fields{
		model.FieldKind: "domain", model.FieldOrgName: "Shared BV", model.FieldDomain: "shared.nl",
		model.FieldRegisteredDomain: "yes", model.FieldNonprofits: "no", model.FieldLegacyFree: "no", model.FieldProductFamily: "google_workspace",
	}, model.CreateOptions{})
	if err != nil {
		t.Fatal(err)
	}
	edit := func(actor, suffix string) (*driver, *walk.Walker) {
		d := drive(t, newApp(svc, actor), 100, 30)
		d.keys("enter", "e")
		w := d.editWizard(ctx, svc, 1)
		w.Append(model.FieldOrgName, suffix)
		w.To(rules.StepReview)
		d.must("Review")
		return d, w
	}
	a, wa := edit("anna", " Holding")
	b, wb := edit("bob", " Group")
	wa.Submit()
	a.must("Saved Shared BV Holding")
	wb.Submit()
	t.Run("conflict", func(t *testing.T) { snap(t, b) })
	b.keys("t")
	c, _ := svc.Get(ctx, 1)
	if c.OrgName != "Shared BV Holding" {
		t.Fatalf("keeping theirs changed the record: %q", c.OrgName)
	}
}

// importFill is what the import walks type for a domain or team customer.
func importFill(kind string) fill {
	return fill{
		rules.StepOrganisation: func(w *walk.Walker) { w.Choose(model.FieldKind, kind) },
		rules.StepCustomer: func(w *walk.Walker) {
			w.Fill(model.FieldOrgName, "Acme")
			w.Fill(model.FieldDomain, "acme.nl")
			w.Fill(model.FieldCloudIdentityID, "C03abc123")
			w.Fill(model.FieldTransferToken, "Tok3nABC")
			w.Fill(model.FieldTransferTokenDate, "2026-11-20")
		},
	}
}
