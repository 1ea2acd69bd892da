package customers

import (
	"slices"
	"strings"
	"time"

	"github.com/charmbracelet/x/ansi"

	"onboard/model"
	"onboard/model/rules"
	"onboard/tui/common"
)

type column struct {
	id    string // for the columns that drop out when narrow
	title string
	width int
	flex  bool
	cell  func(c model.Customer, collide bool) string
}

// columns returns the columns that fit in width w: organisation and domain
// share what the fixed columns leave, and optional ones drop out first when
// the terminal is narrow.
func (m *Model) columns(w int) []column {
	org := column{title: m.c.T("Organisation"), flex: true, cell: func(c model.Customer, _ bool) string { return c.OrgName }}
	dom := column{title: m.c.T("Domain / primary email"), flex: true, cell: func(c model.Customer, _ bool) string {
		if c.Kind == model.KindTeam {
			return rules.DisplayEmail(c.PrimaryEmail)
		}
		return rules.DisplayDomain(c.Domain)
	}}
	kind := column{title: m.c.T("Kind"), width: widest(m.c.T("Kind"), common.KindName(m.c.L, model.KindDomain), common.KindName(m.c.L, model.KindTeam)), cell: func(c model.Customer, _ bool) string { return common.KindName(m.c.L, c.Kind) }}
	edu := column{id: "edu", title: m.c.T("Edu"), width: widest(m.c.T("Edu"), m.c.T("yes")), cell: func(c model.Customer, _ bool) string {
		if c.Education != nil {
			return m.c.T("yes")
		}
		return ""
	}}
	status := column{title: m.c.T("Status"), width: m.statusWidth(), cell: func(c model.Customer, _ bool) string { return common.StatusName(m.c.L, c.Status) }}
	cid := column{title: m.c.T("Cloud Identity"), width: 14, cell: func(c model.Customer, collide bool) string {
		if c.Kind == model.KindTeam || collide {
			if c.CloudIdentityID == "" {
				return "—"
			}
			return c.CloudIdentityID
		}
		return ""
	}}
	crm := column{id: "crm", title: m.c.T("CRM ID"), width: 12, cell: func(c model.Customer, _ bool) string { return c.CRMID }}
	now := m.c.Now()
	longAgo := now
	conf := column{id: "confirmed", title: m.c.T("Confirmed"), width: widest(m.c.T("Confirmed"), common.Ago(m.c.L, &longAgo, now.Add(300*24*time.Hour))), cell: func(c model.Customer, _ bool) string { return common.Ago(m.c.L, c.ConfirmedAt, now) }}
	cols := []column{org, dom, kind, edu, status, cid, crm, conf}
	// When the terminal is narrow these go first, in this order; the Cloud
	// Identity ID stays, since team customers are told apart by it.
	for _, drop := range []string{"crm", "confirmed", "edu"} {
		if flexWidth(cols, w) >= 2*20 {
			break
		}
		cols = slices.DeleteFunc(cols, func(c column) bool { return c.id == drop })
	}
	flex := max(flexWidth(cols, w), 2*6)
	cols[0].width = flex / 2 // organisation
	cols[1].width = flex - flex/2
	return cols
}

// widest is the width of the widest text: a column as wide as its title
// and its longest value in the session's language.
func widest(texts ...string) int {
	w := 0
	for _, t := range texts {
		w = max(w, ansi.StringWidth(t))
	}
	return w
}

// statusWidth fits the longest status in the session's language.
func (m *Model) statusWidth() int {
	texts := []string{m.c.T("Status")}
	for _, st := range []model.Status{model.StatusLocal, model.StatusPending, model.StatusCreated, model.StatusImported, model.StatusFailed} {
		texts = append(texts, common.StatusName(m.c.L, st))
	}
	return widest(texts...)
}

// flexWidth is what the fixed columns leave of w for the flexible ones.
func flexWidth(cols []column, w int) int {
	fixed := 2 // the cursor mark
	for _, c := range cols {
		fixed += c.width + 1
	}
	return w - fixed
}

// View draws the list.
func (m *Model) View() string {
	s := m.c.Styles
	var b strings.Builder
	title := s.Title.Render(m.c.T("Customers"))
	order := m.c.T("sorted by %s", m.sortName(m.sort))
	if m.desc {
		order += " ↓"
	} else {
		order += " ↑"
	}
	if m.stale {
		order = m.c.T("not confirmed for more than %d days, oldest first", m.StaleDays())
		if m.desc {
			order = m.c.T("not confirmed for more than %d days, newest first", m.StaleDays())
		}
	}
	// The lines above the rows are cut at the width, never wrapped: a
	// wrapped line would push the position line off the screen.
	b.WriteString(ansi.Truncate(title+"  "+s.Subtle.Render(order), m.width, "…") + "\n")
	if m.filtering || m.query != "" {
		b.WriteString(m.filter.View() + "\n")
	} else {
		b.WriteString(s.Subtle.Render(ansi.Truncate(m.c.T("Press / to filter, n to add a customer, i to import one."), m.width, "…")) + "\n")
	}
	if m.loaded && len(m.rows) == 0 {
		b.WriteString("\n")
		if m.stale {
			b.WriteString(m.c.T("Every customer's details were confirmed in the last %d days. S shows all customers.", m.StaleDays()))
		} else if m.query != "" {
			b.WriteString(m.c.T("No customer matches “%s”. Press esc to clear the filter.", common.Clean(m.query)))
		} else {
			b.WriteString(m.c.T("No customers yet.") + "\n\n" + m.c.T("Press %s to add your first customer, or %s to import one that works with another reseller or with Google.",
				s.Key.Render("n"), s.Key.Render("i")))
		}
		if line := m.syncLine(); line != "" {
			b.WriteString("\n\n" + s.Subtle.Render(ansi.Truncate(line, m.width, "…")))
		}
		return b.String()
	}
	day := m.c.Now().YearDay() // "3 days ago" changes at midnight
	if m.lines.width != m.width || m.lines.dark != s.IsDark || m.lines.day != day || len(m.lines.rows) > 2000 {
		m.lines = lineCache{width: m.width, dark: s.IsDark, day: day, rows: map[lineKey]string{}}
	}
	cols := m.columns(m.width)
	if m.lines.header == "" {
		var head []string
		for _, c := range cols {
			head = append(head, common.Fit(c.title, c.width))
		}
		m.lines.header = "  " + s.Header.Render(strings.Join(head, " "))
	}
	b.WriteString(m.lines.header + "\n")
	h := m.visible()
	for i := m.top; i < min(len(m.rows), m.top+h); i++ {
		c := m.rows[i]
		collide := (i > 0 && strings.EqualFold(m.rows[i-1].OrgName, c.OrgName)) ||
			(i+1 < len(m.rows) && strings.EqualFold(m.rows[i+1].OrgName, c.OrgName))
		k := lineKey{id: c.ID, version: c.Version, collide: collide}
		line, ok := m.lines.rows[k]
		if !ok {
			var cells []string
			for _, col := range cols {
				cells = append(cells, common.Fit(col.cell(c, collide), col.width))
			}
			line = strings.Join(cells, " ")
			m.lines.rows[k] = line
		}
		if i == m.cursor {
			b.WriteString(s.Selected.Render("> " + line))
		} else {
			b.WriteString("  " + line)
		}
		b.WriteString("\n")
	}
	for i := min(len(m.rows), m.top+h) - m.top; i < h; i++ {
		b.WriteString("\n")
	}
	foot := m.position()
	if line := m.syncLine(); line != "" {
		foot += " · " + line
	}
	b.WriteString(s.Subtle.Render(ansi.Truncate(foot, m.width, "…")))
	return b.String()
}

// lineCache keeps the text of rows already drawn at this width: moving the
// cursor redraws two rows, not every cell of every row (over SSH every
// session's keystroke costs server CPU).
type lineCache struct {
	width  int
	dark   bool
	day    int
	header string
	rows   map[lineKey]string
}

type lineKey struct {
	id, version int64
	collide     bool
}

// position is the footer: "51–100 of 1,000,000 customers".
func (m *Model) position() string {
	if !m.loaded {
		return m.c.T("Loading…")
	}
	if m.loading && m.query != "" {
		return m.c.T("Searching…")
	}
	shown := min(len(m.rows)-m.top, m.visible())
	total := "…"
	if m.total >= 0 {
		total = m.c.L.Number(m.total)
	}
	if m.totalCapped {
		total += "+"
	}
	n := m.total
	if m.totalCapped || n < 0 {
		n = 2 // "1,000+ matches", "… customers"
	}
	if !m.startKnown {
		if m.query != "" {
			return m.c.N(n, "%d shown of %s match", "%d shown of %s matches", shown, total)
		}
		return m.c.N(n, "%d shown of %s customer", "%d shown of %s customers", shown, total)
	}
	first := m.start + int64(m.top) + 1
	from, to := m.c.L.Number(first), m.c.L.Number(first+int64(shown)-1)
	if m.query != "" {
		return m.c.N(n, "%s–%s of %s match", "%s–%s of %s matches", from, to, total)
	}
	return m.c.N(n, "%s–%s of %s customer", "%s–%s of %s customers", from, to, total)
}
