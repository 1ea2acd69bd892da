package tui

import (
	"context"
	"regexp"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/charmbracelet/x/ansi"

	"onboard/i18n"
	"onboard/model"
	"onboard/model/rules"
	"onboard/store"
	"onboard/store/seed"
	"onboard/tui/common"
	"onboard/tui/styles"
)

func newDutchApp(svc Store, actor string) *App {
	return New(&common.Common{Ctx: context.Background(), Actor: actor, Now: clock, Loc: time.UTC, Styles: styles.New(true), Tick: testTick,
		L: i18n.New(i18n.Dutch)}, svc)
}

// notEnglish are words a Dutch screen may show as they are: key names,
// product and brand names, units.
var notEnglish = map[string]bool{}

func init() {
	for _, w := range strings.Fields(`esc enter tab shift ctrl pgup pgdn pgdown home end space delete
		onboard google workspace cloud identity gmail chat meet vault essentials enterprise suite nonprofits
		education standard plus business starter https http www iana iso bcp json csv crm sku`) {
		notEnglish[w] = true
	}
	for _, s := range rules.SKUsFor(model.Customer{Kind: model.KindDomain, Education: &model.Education{}}) {
		addWords(notEnglish, s.Name)
	}
	for _, o := range rules.Languages() {
		addWords(notEnglish, o.Label+" "+o.Value)
	}
	for _, z := range rules.TimeZones() {
		addWords(notEnglish, z)
	}
}

var wordRE = regexp.MustCompile(`\p{L}{3,}`)

func addWords(set map[string]bool, s string) {
	for _, w := range wordRE.FindAllString(s, -1) {
		set[strings.ToLower(w)] = true
	}
}

// dataWords are the words of everything the store holds: names, domains,
// addresses and emails are the customers' own words, in any language.
func dataWords(t *testing.T, svc *store.Service) map[string]bool {
	t.Helper()
	out := map[string]bool{}
	cs, err := svc.List(context.Background(), model.ListQuery{Limit: 5000})
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range cs {
		for _, v := range c.Values() {
			addWords(out, v)
		}
		addWords(out, c.CreatedBy)
	}
	ds, _ := svc.Drafts(context.Background(), "anna")
	for _, d := range ds {
		for _, v := range d.Values {
			addWords(out, v)
		}
	}
	return out
}

// englishOn returns the words of a Dutch screen that are neither Dutch
// (a word of the Dutch catalog) nor data nor a name: English that
// bypassed the catalog, or a text without its translation.
func englishOn(screen string, data map[string]bool) []string {
	dutch := i18n.Words()
	seen := map[string]bool{}
	var out []string
	for _, m := range wordRE.FindAllStringIndex(screen, -1) {
		w := screen[m[0]:m[1]]
		lw := strings.ToLower(w)
		if dutch[lw] || data[lw] || notEnglish[lw] || seen[lw] {
			continue
		}
		if strings.HasPrefix(screen[m[1]:], "…") && truncated(lw, dutch, data) {
			continue // a word cut to fit its column
		}
		seen[lw] = true
		out = append(out, w)
	}
	sort.Strings(out)
	return out
}

// truncated reports whether w is the start of a Dutch or data word.
func truncated(w string, sets ...map[string]bool) bool {
	for _, set := range sets {
		for full := range set {
			if strings.HasPrefix(full, w) {
				return true
			}
		}
	}
	return false
}

// snapDutch takes the golden of a Dutch screen and checks that no English
// is left on it.
func snapDutch(t *testing.T, d *driver, svc *store.Service, typed ...string) {
	t.Helper()
	screen := d.screen()
	data := dataWords(t, svc)
	for _, s := range typed {
		addWords(data, s)
	}
	if w := englishOn(screen, data); len(w) > 0 {
		t.Errorf("English on the Dutch screen: %v\n%s", w, screen)
	}
	snap(t, d)
}

// typedWords are the words the create and import walks type, and the
// country they pick (its name comes from x/text's Dutch names).
var typedWords = []string{"Bakkerij De Vries devries.nl CRM-1 Jan de Vries owner gmail.com Amsterdam Damrak Acme Sales acme.nl sales Nederland",
	"school.example.org Basisschool De Zon dezon.nl Tok3nABC C03abc123 C0123abcd"}

// The list, every step of the create and import wizards and the detail
// screen, in Dutch; every Dutch screen is also checked for English left
// on it.
func TestGoldenDutch(t *testing.T) {
	for _, kind := range []string{"domain", "team", "education"} {
		t.Run("create-"+kind, func(t *testing.T) {
			svc := openStore(t, "C0123abcd")
			d := drive(t, newDutchApp(svc, "jan"), 100, 30)
			t.Run("empty", func(t *testing.T) { snapDutch(t, d, svc) })
			d.keys("n")
			walkWith(t, d, model.ModeCreate, kinds[kind], func(t *testing.T) { snapDutch(t, d, svc, typedWords...) })
			if d.app.wiz() == nil || !d.app.wiz().Done() {
				t.Fatalf("the wizard did not finish:\n%s", d.screen())
			}
			d.keys("enter")
			t.Run("detail", func(t *testing.T) { snapDutch(t, d, svc) })
			d.keys("t")
			t.Run("tips", func(t *testing.T) { snapDutch(t, d, svc) })
			d.keys("esc", "b")
			t.Run("order", func(t *testing.T) { snapDutch(t, d, svc) })
			d.keys("esc")
			d.keys("esc")
			t.Run("list", func(t *testing.T) { snapDutch(t, d, svc) })
		})
	}
	for _, kind := range []string{"domain", "team"} {
		t.Run("import-"+kind, func(t *testing.T) {
			svc := openStore(t, "C0123abcd")
			d := drive(t, newDutchApp(svc, "jan"), 100, 30)
			d.keys("i")
			f := importFill(kind)
			walkWith(t, d, model.ModeImport, f, func(t *testing.T) { snapDutch(t, d, svc, typedWords...) })
		})
	}
	t.Run("screens", func(t *testing.T) {
		ctx := context.Background()
		svc := openStore(t, "C0123abcd")
		if err := seed.Seed(ctx, svc.DB(), 200, fixedNow, nil); err != nil {
			t.Fatal(err)
		}
		d := drive(t, newDutchApp(svc, "jan"), 100, 30)
		t.Run("list", func(t *testing.T) { snapDutch(t, d, svc) })
		t.Run("list-filter", func(t *testing.T) {
			d.keys("/")
			d.typeText("tech")
			snapDutch(t, d, svc, "tech")
			d.keys("enter")
		})
		t.Run("detail", func(t *testing.T) {
			d.keys("enter")
			snapDutch(t, d, svc)
			d.keys("esc")
		})
		t.Run("help", func(t *testing.T) {
			d.keys("?")
			snapDutch(t, d, svc)
			d.keys("esc")
		})
		t.Run("stale", func(t *testing.T) {
			d.keys("esc", "S")
			snapDutch(t, d, svc)
			d.keys("S")
		})
		t.Run("too-small", func(t *testing.T) {
			d.send(teaSize(60, 15))
			snapDutch(t, d, svc)
			d.send(teaSize(100, 30))
		})
		t.Run("resume", func(t *testing.T) {
			if _, err := svc.SaveDraft(ctx, model.Draft{Owner: "anna", Mode: model.ModeCreate, Step: "customer",
				Values: model.Fields{model.FieldOrgName: "Café Zoë", model.FieldKind: "domain"}}); err != nil {
				t.Fatal(err)
			}
			d := drive(t, newDutchApp(svc, "anna"), 100, 30)
			snapDutch(t, d, svc)
		})
	})
}

// The leak check finds English: a screen with an untranslated text fails.
func TestEnglishOnADutchScreenIsFound(t *testing.T) {
	got := englishOn("Klanten  gesorteerd op organisatie\nPress / to search", map[string]bool{})
	if strings.Join(got, " ") != "Press search" {
		t.Fatalf("found %v", got)
	}
}

// Dutch texts are longer than English ones: at the minimum size (80×20)
// every step of the create and import wizards, the detail, tips and order
// screens keep their title on the first line and the key help (or a notice)
// on the last, with no line wider than the terminal.
func TestDutchAtTheMinimumSize(t *testing.T) {
	const w, h = MinWidth, MinHeight
	check := func(t *testing.T, d *driver, where string) {
		t.Helper()
		lines := strings.Split(d.screen(), "\n")
		if len(lines) != h {
			t.Fatalf("%s: %d lines:\n%s", where, len(lines), d.screen())
		}
		for _, l := range lines {
			if ansi.StringWidth(l) > w {
				t.Fatalf("%s: a line is %d wide: %q", where, ansi.StringWidth(l), l)
			}
		}
		// The last line is the key help, or a notice in its place for a while.
		if strings.TrimSpace(lines[0]) == "" || strings.TrimSpace(lines[h-1]) == "" {
			t.Fatalf("%s: the title or the last line is gone:\n%s", where, d.screen())
		}
	}
	steps := 0
	for _, kind := range []string{"domain", "team", "education"} {
		t.Run("create-"+kind, func(t *testing.T) {
			svc := openStore(t, "C0123abcd")
			d := drive(t, newDutchApp(svc, "jan"), w, h)
			d.keys("n")
			walkWith(t, d, model.ModeCreate, kinds[kind], func(t *testing.T) { steps++; check(t, d, t.Name()) })
			d.keys("enter")
			check(t, d, "detail")
			d.keys("t")
			check(t, d, "tips")
			d.keys("esc", "b")
			check(t, d, "order")
		})
	}
	for _, kind := range []string{"domain", "team"} {
		t.Run("import-"+kind, func(t *testing.T) {
			svc := openStore(t, "C0123abcd")
			d := drive(t, newDutchApp(svc, "jan"), w, h)
			d.keys("i")
			walkWith(t, d, model.ModeImport, importFill(kind), func(t *testing.T) { steps++; check(t, d, t.Name()) })
		})
	}
	t.Logf("%d wizard screens and 9 others checked at %d×%d", steps, w, h)
}
