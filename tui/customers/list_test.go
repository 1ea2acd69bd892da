package customers

import (
	"context"
	"path/filepath"
	"slices"
	"strings"
	"sync"
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

// countingStore records the exact counts (no limit) the list asks for.
type countingStore struct {
	*store.Service
	mu    sync.Mutex
	exact []string
}

func (c *countingStore) CountMatching(ctx context.Context, q string, limit int) (int64, error) {
	if limit == 0 && q != "" {
		c.mu.Lock()
		c.exact = append(c.exact, q)
		c.mu.Unlock()
	}
	return c.Service.CountMatching(ctx, q, limit)
}

func (c *countingStore) exacts() []string {
	c.mu.Lock()
	defer c.mu.Unlock()
	return slices.Clone(c.exact)
}

// Typing runs the quick capped count only; a term with more than CountCap
// matches gets its exact count once the filter rests, and a term with
// fewer never needs one.
func TestExactCountWaitsForARest(t *testing.T) {
	ctx := context.Background()
	svc, err := store.Open(ctx, filepath.Join(t.TempDir(), "c.db"), store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer svc.Close()
	if err := seed.Seed(ctx, svc.DB(), 3000, benchNow, nil); err != nil {
		t.Fatal(err)
	}
	cs := &countingStore{Service: svc}
	h := newHarness(nil, cs)
	h.settle()
	h.step(h.m.Update(press('/')))
	// Keystrokes closer together than the rest: no exact count starts.
	for _, r := range "ad" {
		h.step(h.m.Update(press(r)))
		for h.m.total < 0 {
			h.start(h.m.Update(<-h.answers))
		}
	}
	if got := cs.exacts(); len(got) != 0 {
		t.Fatalf("exact counts while typing: %q", got)
	}
	if !strings.Contains(h.m.position(), "1,000+ matches") {
		t.Fatalf("a common term before the rest: %q", h.m.position())
	}
	want, err := svc.CountMatching(ctx, "ad", 0)
	if err != nil || want <= CountCap {
		t.Fatalf("the test needs a term with more than %d matches: %d, %v", CountCap, want, err)
	}
	h.settle() // the rest: the exact count runs and arrives
	if got := cs.exacts(); !slices.Equal(got, []string{"ad"}) {
		t.Fatalf("exact counts after the rest: %q", got)
	}
	if !strings.Contains(h.m.position(), "of "+i18n.New(i18n.English).Number(want)+" matches") {
		t.Fatalf("after the rest: %q, want %d matches", h.m.position(), want)
	}
	// A term with fewer matches: the quick count is exact, nothing more is
	// asked, although the filter rests (its first letter, with many
	// matches, was overtaken by the next keystroke).
	h.step(h.m.Update(tea.KeyPressMsg{Code: tea.KeyEscape}))
	h.settle()
	h.step(h.m.Update(press('/')))
	for _, r := range "tech" {
		h.step(h.m.Update(press(r)))
	}
	h.settle()
	if got := cs.exacts(); len(got) != 1 {
		t.Fatalf("a term with few matches asked for an exact count: %q", got)
	}
	n, err := svc.CountMatching(ctx, "tech", 0)
	if err != nil || n == 0 || n > CountCap {
		t.Fatalf("the test needs a term with 1 to %d matches: %d, %v", CountCap, n, err)
	}
	if !strings.Contains(h.m.position(), "of "+i18n.New(i18n.English).Number(n)+" matches") {
		t.Fatalf("a term with few matches: %q, want %d", h.m.position(), n)
	}
}
