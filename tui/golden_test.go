package tui

import (
	"context"
	"testing"

	"github.com/charmbracelet/x/exp/golden"

	"onboard/model"
	"onboard/store/seed"
)

// The goldens are the screens at 100×30 without styling; refresh them with
// go test ./tui -update after a deliberate change, and read the diff.

func snap(t *testing.T, d *driver) {
	t.Helper()
	golden.RequireEqual(t, d.screen())
}

// fill holds what to type on each create step for one kind of customer.
type fill map[string]func(d *driver)

var kinds = map[string]fill{
	"domain": {
		"organisation": func(d *driver) { d.keys("right") },
		"customer": func(d *driver) {
			d.typeText("Bakkerij De Vries")
			d.keys("tab")
			d.typeText("devries.nl")
		},
		"crm": func(d *driver) { d.typeText("CRM-1") },
		"contact": func(d *driver) {
			d.typeText("Jan")
			d.keys("tab")
			d.typeText("de Vries")
			d.keys("tab", "tab")
			d.typeText("owner@gmail.com")
			d.keys("tab")
			d.typeText("020 123 4567")
			d.keys("tab")
			d.typeText("NL")
			d.keys("tab")
			d.typeText("1011 AB")
			d.keys("tab")
			d.typeText("Amsterdam")
			d.keys("tab", "tab")
			d.typeText("Damrak 1")
		},
	},
	"team": {
		"organisation": func(d *driver) { d.keys("right", "right") },
		"customer": func(d *driver) {
			d.typeText("Acme Sales")
			d.keys("tab")
			d.typeText("acme.nl")
			d.keys("tab")
			d.typeText("sales@acme.nl")
		},
	},
	"education": {
		"organisation": func(d *driver) {
			d.keys("right", "tab", "y", "tab", "right", "tab", "right", "right", "tab")
			d.typeText("school.example.org")
		},
		"customer": func(d *driver) {
			d.typeText("Basisschool De Zon")
			d.keys("tab")
			d.typeText("dezon.nl")
		},
	},
}

func prerequisites(d *driver, mode model.Mode) {
	d.keys("y", "tab", "n", "tab", "n")
}

// walk goes through every step of the wizard, taking a golden of each, and
// returns the driver on the finished screen.
func walk(t *testing.T, d *driver, mode model.Mode, f fill) {
	walkWith(t, d, mode, f, func(t *testing.T) { snap(t, d) })
}

// walkWith is walk with a snapshot function of its own.
func walkWith(t *testing.T, d *driver, mode model.Mode, f fill, snapshot func(*testing.T)) {
	steps := []string{"prerequisites", "product", "organisation", "customer", "crm", "contact", "review"}
	if mode == model.ModeImport {
		steps = []string{"prerequisites", "product", "organisation", "customer", "crm", "review"}
	}
	for _, step := range steps {
		t.Run(step, func(t *testing.T) {
			switch {
			case step == "prerequisites":
				prerequisites(d, mode)
			case f[step] != nil:
				f[step](d)
			}
			snapshot(t)
		})
		before := d.app.wiz.Step()
		// enter moves through the fields, then to the next step.
		for i := 0; i < 20 && d.app.wiz != nil && d.app.wiz.Step() == before && !d.app.wiz.Done(); i++ {
			d.keys("enter")
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
			walk(t, d, model.ModeCreate, kinds[kind])
			if d.app.wiz == nil || !d.app.wiz.Done() {
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
			f := importFill(kind)
			walk(t, d, model.ModeImport, f)
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
	edit := func(actor, suffix string) *driver {
		d := drive(t, newApp(svc, actor), 100, 30)
		d.keys("enter", "e", "enter", "enter")
		d.must("Organisation name")
		d.typeText(suffix)
		d.keys("enter", "enter", "enter")
		for i := 0; i < 12; i++ {
			d.keys("enter")
		}
		d.must("Review")
		return d
	}
	a := edit("anna", " Holding")
	b := edit("bob", " Group")
	a.keys("enter")
	a.must("Saved Shared BV Holding")
	b.keys("enter")
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
		"organisation": func(d *driver) {
			if kind == "team" {
				d.keys("right", "right")
			} else {
				d.keys("right")
			}
		},
		"customer": func(d *driver) {
			d.typeText("Acme")
			d.keys("tab")
			d.typeText("acme.nl")
			d.keys("tab", "tab")
			d.typeText("C03abc123")
			d.keys("tab")
			d.typeText("Tok3nABC")
			d.keys("tab")
			d.typeText("2026-11-20")
		},
	}
}
