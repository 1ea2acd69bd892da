package detail

import (
	"strings"

	"onboard/i18n"
	"onboard/model"
	"onboard/model/rules"
	"onboard/tui/common"
)

// View draws the header, the scrolled body and, when asked, a prompt.
func (m *Model) View() string {
	s := m.c.Styles
	c := m.customer
	head := s.Title.Render(common.Fit(common.Clean(c.OrgName), max(10, m.width/2))) +
		s.Subtle.Render("  "+m.c.T("customer %s · %s · %s", i18n.ID(c.ID), common.KindName(m.c.L, c.Kind), common.StatusName(m.c.L, c.Status)))
	var foot string
	switch m.mode {
	case verifying:
		foot = m.verifyView()
	case comparing:
		foot = s.Title.Render(m.c.T("Google's record differs")) + "\n"
		for _, d := range m.diffs {
			foot += "  " + common.Fit(common.FieldName(m.c.L, model.Field(d.Field)), 20) + " " + m.c.T("here") + " " + common.Fit(m.shown(d.Field, d.Local), 28) + " Google " + common.Fit(m.shown(d.Field, d.Google), 28) + "\n"
		}
		if m.conflicted {
			foot = s.Title.Render(m.c.T("Google's record changed since onboard last saw it; nothing was sent")) + foot[strings.Index(foot, "\n"):]
			foot += s.Key.Render("a") + " " + m.c.T("take Google's values") + "  " + s.Key.Render("p") + " " + m.c.T("send this version") + "  " +
				s.Key.Render("esc") + " " + m.c.T("decide later")
			break
		}
		foot += s.Key.Render("a") + " " + m.c.T("take Google's values") + "  " + s.Key.Render("esc") + " " + m.c.T("keep ours")
	case cancelling:
		o := m.cancel
		foot = s.Warning.Render(m.c.T("Cancel order %s (%s × %d, %s)?", i18n.ID(o.ID), common.Clean(rules.SKUName(o.SKU)), o.Seats, common.PlanName(m.c.L, o.Plan))+" ") +
			s.Key.Render(common.YesKey(m.c.L)) + " " + m.c.T("yes") + "  " + s.Key.Render("n") + " " + m.c.T("no")
	case confirming:
		foot = s.Warning.Render(m.c.T("Did you check organisation, domain and admin address with the customer today?")+" ") +
			s.Key.Render(common.YesKey(m.c.L)) + " " + m.c.T("yes") + "  " + s.Key.Render("n") + " " + m.c.T("no")
	}
	lines := m.lines()
	m.layout(lines, m.bodyHeight()-strings.Count(foot, "\n"))
	if m.mode == viewing {
		// One line, drawn once the body is laid out: which way it scrolls
		// depends on where it is.
		foot = m.moreKeys()
	}
	body := m.body.View()
	return head + "\n\n" + body + "\n\n" + foot
}

func (m *Model) verifyView() string {
	s := m.c.Styles
	label := func(i int, text string) string {
		if m.focus == i {
			return s.Focused.Render(common.Fit(text, 16))
		}
		return s.Label.Render(common.Fit(text, 16))
	}
	out := s.Title.Render(m.c.T("Domain verified")) + s.Subtle.Render("  "+m.c.T("the team becomes a domain customer")) + "\n" +
		label(0, m.c.T("Verified domain")) + " " + common.InputView(m.domain) + "\n" +
		label(1, m.c.T("Primary email")) + " " + common.InputView(m.email)
	for _, p := range m.problems {
		out += "\n" + s.Error.Render(common.Clean(common.ProblemText(m.c.L, p)))
	}
	return out + "\n" + s.Subtle.Render(m.c.T("enter next/save · tab switch · esc cancel"))
}

// lines is the scrollable body: the sections, the orders, the history.
func (m *Model) lines() []string {
	s := m.c.Styles
	c := m.customer
	now := m.c.Now()
	var out []string
	section := func(title string) {
		if len(out) > 0 {
			out = append(out, "")
		}
		out = append(out, s.Header.Render(title))
	}
	row := func(k, v string) {
		if v != "" {
			out = append(out, "  "+s.Label.Render(common.Fit(m.c.L.S(k), 24))+" "+common.Fit(common.Clean(v), max(10, m.width-28)))
		}
	}
	note := func(text string, style func(...string) string) {
		for _, l := range common.Wrap(text, max(20, m.width-4)) {
			out = append(out, "  "+style(l))
		}
	}

	l := m.c.L
	section(m.c.T("Organisation details"))
	row(i18n.M("Customer type"), common.KindText(l, c.Kind))
	if c.Education != nil {
		row(i18n.M("Educational institution"), common.EducationText(l, model.Education{InstituteType: c.Education.InstituteType, InstituteSize: c.Education.InstituteSize}))
		row(i18n.M("Website"), c.Education.Website)
	}
	row(i18n.M("Organisation name"), c.OrgName)
	row(i18n.M("Domain"), rules.DisplayDomain(c.Domain))
	row(i18n.M("Reseller ID"), c.ResellerID)
	row(i18n.M("CRM ID"), c.CRMID)
	if c.Kind == model.KindTeam {
		note(m.c.T("An email-verified customer can buy only Enterprise Essentials (Plus) until it verifies its domain; other Google Workspace services, such as Google Vault, need a verified domain. When it has one: v."), s.Subtle.Render)
	}

	section(m.c.T("Contact information"))
	row(i18n.M("Primary email"), rules.DisplayEmail(c.PrimaryEmail))
	row(i18n.M("Alternate email"), rules.DisplayEmail(c.AlternateEmail))
	row(i18n.M("Phone"), c.Phone)
	for _, r := range common.AddressRows(c) {
		row(r.Label, r.Value)
	}

	section("Google")
	row(i18n.M("Status"), common.StatusText(l, c.Status))
	row(i18n.M("Message"), c.StatusMessage)
	cid := c.CloudIdentityID
	if cid == "" && c.Kind == model.KindTeam {
		cid = m.c.T("— (known once pushed to Google)")
	}
	row(i18n.M("Cloud Identity ID"), cid)
	row(i18n.M("Resource name"), c.GoogleName)
	if m.pushing {
		out = append(out, "  "+m.spin.View()+" "+m.c.T("Pushing to Google… (esc cancels; p goes on later)"))
	} else if m.svc.HasGoogle() && (c.Status == model.StatusLocal || c.Status == model.StatusFailed || c.Status == model.StatusPending) {
		out = append(out, "  "+s.Subtle.Render(m.c.T("p: push to Google")))
	}
	if ps := rules.ReadyToPush(c); len(ps) > 0 && c.Status == model.StatusLocal {
		var f []string
		for _, p := range ps {
			f = append(f, common.FieldName(l, p.Field))
		}
		note(m.c.T("To push to Google it still needs: %s (e: edit).", strings.Join(f, ", ")), s.Warning.Render)
	}

	section(m.c.T("Setup"))
	row(i18n.M("Language"), orDash(c.Language))
	row(i18n.M("Time zone"), orDash(c.TimeZone))
	smart := common.SmartName(l, c.SmartFeatures)
	switch {
	case smart == "" && c.Address.RegionCode == "":
		smart = m.c.T("not set (whether they start on depends on the region)")
	case smart == "":
		smart = m.c.T("not set (%s by default in %s)", common.SmartName(l, rules.SmartFeaturesDefault(c.Address.RegionCode)), common.Clean(c.Address.RegionCode))
	}
	row(i18n.M("Smart features"), smart)
	if c.Language == "" || c.TimeZone == "" {
		note(m.c.T("t: set the customer's language and default time zone, and smart features and personalisation for Gmail, Chat and Meet."), s.Subtle.Render)
	}

	section(m.c.T("Upkeep"))
	row(i18n.M("Origin"), common.OriginName(l, c.Origin))
	row(i18n.M("Created"), m.c.T("%s by %s", l.DateTime(c.CreatedAt.In(m.c.Loc)), common.Clean(c.CreatedBy)))
	row(i18n.M("Updated"), m.c.T("%s (version %s)", l.DateTime(c.UpdatedAt.In(m.c.Loc)), i18n.ID(c.Version)))
	confirmed := common.Ago(l, c.ConfirmedAt, now)
	row(i18n.M("Last confirmed"), confirmed)
	if after := m.svc.ConfirmAfter(); rules.Stale(c.ConfirmedAt, now, after) {
		note(m.c.T("Not confirmed for more than %d days: ask the customer whether organisation, domain and admin address are still right, then c.", int(after.Hours()/24)), s.Warning.Render)
	}

	subs := m.subscriptionLines(section) // adds its section header to out first
	out = append(out, subs...)

	section(m.c.T("History (%d)", len(m.events)))
	if !m.loaded {
		out = append(out, "  "+s.Subtle.Render(m.c.T("loading…")))
	}
	for i := len(m.events) - 1; i >= 0; i-- { // newest first
		ev := common.HistoryWords(l, m.c.Loc, m.events[i])
		out = append(out, "  "+s.Value.Render(ev.At)+"  "+ev.Actor+"  "+ev.Action)
		for _, ch := range ev.Changes {
			out = append(out, "    "+common.Fit(ch.Label+": "+ch.Text, max(10, m.width-6)))
		}
	}
	return out
}

func orDash(v string) string {
	if v == "" {
		return "—"
	}
	return v
}

// shown is a compared value as the detail shows it; — when empty.
func (m *Model) shown(f string, v string) string {
	if v == "" {
		return "—"
	}
	return common.ValueWords(m.c.L, m.c.Loc, model.Field(f), v)
}

// moreKeys is the line under the body: the keys that act now and that the
// footer has no room for, so that what is there to do is on the screen.
func (m *Model) moreKeys() string {
	m.sync()
	k := m.keys
	var parts []string
	// The scroll key that moves from here: down, or up once at the end.
	scroll := k.Down
	if m.body.AtBottom() {
		scroll = k.Up
	}
	for _, g := range []common.Gate{k.Verify, k.CancelOrder, k.Push, k.Refresh, scroll} {
		if g.Enabled() {
			parts = append(parts, g.Help().Key+" "+g.Help().Desc)
		}
	}
	if len(parts) == 0 {
		return ""
	}
	return m.c.Styles.Subtle.Render(common.Fit(strings.Join(parts, " · "), max(10, m.width)))
}
