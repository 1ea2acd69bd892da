package customers

import (
	"fmt"
	"slices"
	"strings"

	"onboard/model"
	"onboard/model/rules"
	"onboard/tui/common"
)

type column struct {
	title string
	width int
	flex  bool
	cell  func(c model.Customer, collide bool) string
}

// columns returns the columns that fit in width w: organisation and domain
// share what the fixed columns leave, and optional ones drop out first when
// the terminal is narrow.
func (m *Model) columns(w int) []column {
	org := column{title: "Organisation", flex: true, cell: func(c model.Customer, _ bool) string { return c.OrgName }}
	dom := column{title: "Domain / primary email", flex: true, cell: func(c model.Customer, _ bool) string {
		if c.Kind == model.KindTeam {
			return c.PrimaryEmail
		}
		return rules.DisplayDomain(c.Domain)
	}}
	kind := column{title: "Kind", width: 6, cell: func(c model.Customer, _ bool) string { return string(c.Kind) }}
	edu := column{title: "Edu", width: 3, cell: func(c model.Customer, _ bool) string {
		if c.Education != nil {
			return "yes"
		}
		return ""
	}}
	status := column{title: "Status", width: 8, cell: func(c model.Customer, _ bool) string { return string(c.Status) }}
	cid := column{title: "Cloud Identity", width: 14, cell: func(c model.Customer, collide bool) string {
		if c.Kind == model.KindTeam || collide {
			if c.CloudIdentityID == "" {
				return "—"
			}
			return c.CloudIdentityID
		}
		return ""
	}}
	crm := column{title: "CRM ID", width: 12, cell: func(c model.Customer, _ bool) string { return c.CRMID }}
	now := m.c.Now()
	conf := column{title: "Confirmed", width: 13, cell: func(c model.Customer, _ bool) string { return common.Ago(c.ConfirmedAt, now) }}
	cols := []column{org, dom, kind, edu, status, cid, crm, conf}
	// When the terminal is narrow these go first, in this order; the Cloud
	// Identity ID stays, since team customers are told apart by it.
	for _, drop := range []string{"CRM ID", "Confirmed", "Edu"} {
		if flexWidth(cols, w) >= 2*20 {
			break
		}
		cols = slices.DeleteFunc(cols, func(c column) bool { return c.title == drop })
	}
	flex := max(flexWidth(cols, w), 2*6)
	cols[0].width = flex / 2 // organisation
	cols[1].width = flex - flex/2
	return cols
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
	title := s.Title.Render("Customers")
	order := "sorted by " + sortName(m.sort)
	if m.desc {
		order += " ↓"
	} else {
		order += " ↑"
	}
	if m.stale {
		order = fmt.Sprintf("not confirmed for more than %d days, oldest first", m.StaleDays())
		if m.desc {
			order = fmt.Sprintf("not confirmed for more than %d days, newest first", m.StaleDays())
		}
	}
	b.WriteString(title + "  " + s.Subtle.Render(order) + "\n")
	if m.filtering || m.query != "" {
		b.WriteString(m.filter.View() + "\n")
	} else {
		b.WriteString(s.Subtle.Render("Press / to filter, n to add a customer, i to import one.") + "\n")
	}
	if m.loaded && len(m.rows) == 0 {
		b.WriteString("\n")
		if m.stale {
			b.WriteString(fmt.Sprintf("Every customer's details were confirmed in the last %d days. S shows all customers.", m.StaleDays()))
		} else if m.query != "" {
			b.WriteString(fmt.Sprintf("No customer matches %q. Press esc to clear the filter.", common.Clean(m.query)))
		} else {
			b.WriteString("No customers yet.\n\nPress " + s.Key.Render("n") + " to add your first customer, or " +
				s.Key.Render("i") + " to import one that works with another reseller or with Google.")
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
	b.WriteString(s.Subtle.Render(m.position()))
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

// position is the footer: "51–100 of 1,000,000".
func (m *Model) position() string {
	if !m.loaded {
		return "Loading…"
	}
	shown := min(len(m.rows)-m.top, m.visible())
	what := "customers"
	if m.query != "" {
		what = "matches"
	}
	if m.total == 1 {
		what = strings.TrimSuffix(strings.TrimSuffix(what, "s"), "e")
	}
	if m.loading && m.query != "" {
		return "Searching…"
	}
	total := "…"
	if m.total >= 0 {
		total = common.Thousands(m.total)
	}
	if m.totalCapped {
		total += "+"
	}
	if !m.startKnown {
		return fmt.Sprintf("%d shown of %s %s", shown, total, what)
	}
	first := m.start + int64(m.top) + 1
	return fmt.Sprintf("%s–%s of %s %s", common.Thousands(first), common.Thousands(first+int64(shown)-1), total, what)
}
