package customers

import (
	"context"
	"path/filepath"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"onboard/i18n"
	"onboard/store"
	"onboard/store/seed"
)

// The benchmarks' harness, as a test: typing a filter shows matching rows
// and the position line counts matches; paging and end keep the position.
func TestSearchAsYouTypeAndPaging(t *testing.T) {
	ctx := context.Background()
	svc, err := store.Open(ctx, filepath.Join(t.TempDir(), "l.db"), store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer svc.Close()
	if err := seed.Seed(ctx, svc.DB(), 3000, benchNow, nil); err != nil {
		t.Fatal(err)
	}
	h := newHarness(nil, svc)
	h.settle()
	if !strings.Contains(h.m.View(), "1–24 of 3,000 customers") {
		t.Fatalf("first page:\n%s", h.m.View())
	}
	h.step(h.m.Update(tea.KeyPressMsg{Code: tea.KeyEnd}))
	if !strings.Contains(h.m.View(), "2,977–3,000 of 3,000 customers") {
		t.Fatalf("end:\n%s", h.m.View())
	}
	h.step(h.m.Update(tea.KeyPressMsg{Code: tea.KeyHome}))
	for i := 0; i < 5; i++ {
		h.step(h.m.Update(tea.KeyPressMsg{Code: tea.KeyPgDown}))
	}
	if !strings.Contains(h.m.View(), "98–121 of 3,000 customers") {
		t.Fatalf("five pages down:\n%s", h.m.View())
	}
	h.step(h.m.Update(press('/')))
	for _, r := range "cafe" {
		h.step(h.m.Update(press(r)))
	}
	h.settle()
	v := h.m.View()
	n, _ := svc.CountMatching(ctx, "cafe", 0)
	if n == 0 || !strings.Contains(v, "Café") || !strings.Contains(v, " matches") && n > 1 {
		t.Fatalf("filter cafe (%d matches):\n%s", n, v)
	}
	if !strings.Contains(v, "of "+i18n.New(i18n.English).Number(n)+" matches") {
		t.Fatalf("the position does not count the %d matches:\n%s", n, v)
	}
	for _, line := range strings.Split(ansi.Strip(v), "\n")[3:] {
		if strings.Contains(line, " of ") || strings.TrimSpace(line) == "" {
			break
		}
		if !strings.Contains(strings.ToLower(line), "caf") {
			t.Fatalf("a row that does not match cafe: %q", line)
		}
	}
}

// A quick capped count shows "1,000+" until the exact count arrives; an
// exact count that came first is not replaced by the capped one.
func TestCappedCount(t *testing.T) {
	ctx := context.Background()
	svc, err := store.Open(ctx, filepath.Join(t.TempDir(), "c.db"), store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer svc.Close()
	if err := seed.Seed(ctx, svc.DB(), 100, benchNow, nil); err != nil {
		t.Fatal(err)
	}
	h := newHarness(nil, svc)
	h.settle()
	h.m.query = "a"
	h.m.total = -1
	h.m.Update(countedMsg{req: h.m.countReq, n: CountCap + 1, capped: true})
	if !strings.Contains(h.m.position(), "of 1,000+ matches") {
		t.Fatalf("capped: %q", h.m.position())
	}
	h.m.Update(countedMsg{req: h.m.countReq, n: 123456})
	if !strings.Contains(h.m.position(), "of 123,456 matches") {
		t.Fatalf("exact: %q", h.m.position())
	}
	h.m.Update(countedMsg{req: h.m.countReq, n: CountCap + 1, capped: true})
	if !strings.Contains(h.m.position(), "of 123,456 matches") {
		t.Fatalf("a late capped count replaced the exact one: %q", h.m.position())
	}
}
