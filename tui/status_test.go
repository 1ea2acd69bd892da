package tui

import (
	"strings"
	"testing"

	"onboard/model"
)

// statusLine is the last line of the screen: the status, or the keys when
// no message is shown.
func (d *driver) statusLine() string {
	lines := strings.Split(d.screen(), "\n")
	return lines[len(lines)-1]
}

// A message on the status line is about the step it was shown on: it goes
// when the wizard moves to another step, though its timeout has not come.
func TestStatusGoesWithItsStep(t *testing.T) {
	svc := openStore(t, "C0123abcd")
	d := drive(t, newApp(svc, "anna"), 100, 30)
	d.keys("n")
	w := d.wizard(model.ModeCreate)
	w.Eligible()
	w.Choose(model.FieldKind, string(model.KindDomain))
	w.Fill(model.FieldOrgName, "Acme BV")
	w.Fill(model.FieldDomain, "acme.nl")
	w.Fill(model.FieldCRMID, strings.Repeat("x", 81))
	w.NextRefused()
	if s := d.statusLine(); !strings.Contains(s, "Next: CRM ID: must be at most 80 characters") {
		t.Fatalf("the refusal is not on the status line: %q", s)
	}
	w.Fill(model.FieldCRMID, "CRM-1")
	if s := d.statusLine(); !strings.Contains(s, "must be at most 80") {
		t.Fatalf("the message went before the step changed: %q", s)
	}
	w.Next()
	if s := d.statusLine(); strings.Contains(s, "must be at most 80") || !strings.Contains(s, "help") {
		t.Fatalf("on the next step the status line still says %q", s)
	}
}

// A message goes when the screen it was shown on closes: the detail's
// refusal is not left standing on the list.
func TestStatusGoesWithItsScreen(t *testing.T) {
	svc := openStore(t, "C0123abcd")
	createCustomer(t, svc, "domain", "Acme BV", "acme.nl", "", "NL")
	d := drive(t, newApp(svc, "anna"), 100, 30)
	d.keys("enter", "x")
	if s := d.statusLine(); !strings.Contains(s, "No local order to cancel.") {
		t.Fatalf("the refusal is not on the status line: %q", s)
	}
	d.keys("esc")
	d.must("Customers")
	if s := d.statusLine(); strings.Contains(s, "No local order") || !strings.Contains(s, "q quit") {
		t.Fatalf("on the list the status line still says %q", s)
	}
	// A notice that comes with the screen it is about stays.
	d.keys("S")
	d.must("Customers not confirmed for more than 180 days, oldest first. S shows all.")
}

// "The help is open" goes with the help.
func TestStatusGoesWithTheHelp(t *testing.T) {
	svc := openStore(t, "C0123abcd")
	d := drive(t, newApp(svc, "anna"), 100, 30)
	d.keys("?", "n")
	if s := d.statusLine(); !strings.Contains(s, "The help is open") {
		t.Fatalf("a key over the help: %q", s)
	}
	d.keys("esc")
	if s := d.statusLine(); strings.Contains(s, "The help is open") || !strings.Contains(s, "q quit") {
		t.Fatalf("the help is closed, the status line says %q", s)
	}
}

// A long value in a wizard field shows from its start once the field is
// left, not from the middle of a word where the typing window was.
func TestLongValueShowsItsStart(t *testing.T) {
	svc := openStore(t, "C0123abcd")
	d := drive(t, newApp(svc, "anna"), 80, 30)
	d.keys("n")
	w := d.wizard(model.ModeCreate)
	w.Eligible()
	w.Choose(model.FieldKind, string(model.KindDomain))
	long := "Stichting Openbaar Primair Onderwijs Groot Amsterdam en Omstreken Noord"
	w.Fill(model.FieldOrgName, long)
	w.Focus(model.FieldDomain)
	var line string
	for _, l := range strings.Split(d.screen(), "\n") {
		if strings.Contains(l, "Organisation name") {
			line = l
		}
	}
	if !strings.Contains(line, "Stichting Openbaar") || !strings.HasSuffix(strings.TrimRight(line, " "), "…") {
		t.Fatalf("the left field shows %q", line)
	}
}

// The list sorts a name where a reader looks for it: Łukasiewicz among the
// L, Ørsted among the O, not after Z.
func TestListSortsAccentedNamesWithTheirLetter(t *testing.T) {
	svc := openStore(t, "C0123abcd")
	for _, c := range [][2]string{{"Zeeman BV", "zeeman.nl"}, {"Łukasiewicz Sp. z o.o.", "lukasiewicz.pl"}, {"Ørsted", "orsted.dk"}, {"Maas BV", "maas.nl"}, {"Acme", "acme.nl"}} {
		createCustomer(t, svc, "domain", c[0], c[1], "", "NL")
	}
	d := drive(t, newApp(svc, "anna"), 100, 30)
	screen := d.screen()
	last := -1
	for _, name := range []string{"Acme", "Łukasiewicz Sp. z o.o.", "Maas BV", "Ørsted", "Zeeman BV"} {
		i := strings.Index(screen, name)
		if i < 0 || i < last {
			t.Fatalf("%s is out of order on\n%s", name, screen)
		}
		last = i
	}
}
