package tui

import (
	tea "charm.land/bubbletea/v2"

	"onboard/i18n"
	"onboard/model"
	"onboard/model/rules"
	"onboard/tui/common"
	"onboard/tui/wizard"
)

// resumeKey answers the question whether to resume the draft offered.
func (a *App) resumeKey(msg tea.KeyPressMsg) tea.Cmd {
	d := *a.resume
	k := &a.keys
	if a.discarding {
		return a.discardKey(msg, d)
	}
	switch {
	case k.Resume.Matches(msg):
		a.resume = nil
		if d.CustomerID != 0 {
			// An edit: it goes on over the customer as stored now.
			svc, ctx := a.svc, a.c.Ctx
			return func() tea.Msg {
				c, err := svc.Get(ctx, d.CustomerID)
				return editDraftLoadedMsg{draft: d, customer: c, err: err}
			}
		}
		return a.startWizard(wizard.Resume(a.c, a.svc, d))
	case k.Discard.Matches(msg):
		// What was typed is gone for good once discarded: asked first.
		a.discarding = true
		return nil
	case k.Later.Matches(msg):
		a.resume = nil
		return common.Notice(a.c.T("The draft is kept; it will be offered next time."))
	}
	return common.Notice(a.c.T("Answer about the draft first: y resumes it, d discards it, esc keeps it for later."))
}

// discardKey answers whether to throw the draft d away.
func (a *App) discardKey(msg tea.KeyPressMsg, d model.Draft) tea.Cmd {
	k := &a.keys
	switch {
	case k.DiscardYes.Matches(msg):
		// Once it is gone, the next older draft, if any, is offered.
		a.resume, a.discarding = nil, false
		svc, ctx, actor, l := a.svc, a.c.Ctx, a.c.Actor, a.c.L
		return func() tea.Msg {
			if err := svc.DeleteDraft(ctx, actor, d.ID); err != nil {
				return common.ErrMsg{Op: l.T("discard the draft"), Err: err}
			}
			return draftDiscardedMsg{}
		}
	case k.DiscardNo.Matches(msg):
		a.discarding = false
		return nil
	}
	return common.Notice(a.c.T("Answer first: y discards the draft for good, n keeps it."))
}

func (a *App) resumePrompt() string {
	s := a.c.Styles
	d := a.resume
	org := common.Clean(d.Values.Get(model.FieldOrgName))
	l := a.c.L
	if org == "" {
		org = l.T("an unnamed customer")
	}
	wizard := l.T("Create customer")
	if d.Mode == model.ModeImport {
		wizard = l.T("Import customer")
	}
	question := l.T("Resume the draft for %s started %s?", org, l.DateTime(d.CreatedAt.In(a.c.Loc)))
	if d.CustomerID != 0 {
		wizard = l.T("Edit %s", org)
		question = l.T("Resume your changes to %s (customer %s) started %s?", org, i18n.ID(d.CustomerID), l.DateTime(d.CreatedAt.In(a.c.Loc)))
	}
	text := question + "\n\n" +
		l.T("%s, saved at %s at the step “%s”.", wizard, d.UpdatedAt.In(a.c.Loc).Format("15:04"), common.Clean(l.S(rules.StepTitle(rules.StepID(d.Step))))) + "\n\n"
	if n := len(a.later); n > 0 {
		text += l.N(int64(n), "%d more draft is kept; it comes next.", "%d more drafts are kept; they come next, newest first.", n) + "\n\n"
	}
	if a.discarding {
		text += s.Warning.Render(l.T("Discard this draft for good? What was typed in it is lost.")) + "\n\n" +
			l.T("%s discard   %s keep it", s.Key.Render(common.YesKey(l)), s.Key.Render("n"))
		return s.Box.Render(text)
	}
	text += l.T("%s resume   %s discard   %s later", s.Key.Render("y"), s.Key.Render("d"), s.Key.Render("esc"))
	return s.Box.Render(text)
}
