package wizard

import (
	"fmt"

	"charm.land/bubbles/v2/key"

	"onboard/i18n"
	"onboard/model"
	"onboard/model/rules"
	"onboard/tui/common"
)

// KeyMap is the wizard's keys.
type KeyMap struct {
	NextField, PrevField, Next, Back common.Gate
	// Finish ends the step when the fields left are optional; Create, on
	// the review, stores the customer (enter never does).
	Finish, Create common.Gate
	// Choose is the next option (or yes/no flipped); ChooseLeft, the one
	// before, shares its help. Yes, No and Pick (an option's number)
	// answer and go on.
	Choose, ChooseLeft, Yes, No, Pick common.Gate
	// Match and MatchDown move through the country picker's matches.
	Match, MatchDown common.Gate
	Buy, Close       common.Gate
	// After a conflict: keep theirs, save mine, or back to the form.
	Theirs, Mine, ToForm common.Gate
	// Google has the account: open ours, or go on as an import.
	OpenIt, SwitchImport, FromExists common.Gate
}

// DefaultKeyMap returns the wizard's keys.
func DefaultKeyMap(l i18n.Lang) KeyMap {
	// Dutch answers ja with j; y is taken as well, in both languages.
	yes := common.YesKey(l)
	return KeyMap{
		NextField: common.NewGate(key.WithKeys("tab", "down"), key.WithHelp("tab/↓", l.T("next field"))),
		// On the first field, the previous field is the last of the step
		// before.
		PrevField: common.NewGate(key.WithKeys("shift+tab", "up"), key.WithHelp("shift+tab/↑", l.T("previous field"))),
		Next:      common.NewGate(key.WithKeys("enter"), key.WithHelp("enter", l.T("next"))),
		Back:      common.NewGate(key.WithKeys("esc"), key.WithHelp("esc", l.T("leave (the draft is kept)"))),
		// ctrl+d reaches the app from every terminal, tmux and SSH;
		// ctrl+enter mostly arrives as a plain enter, alt+enter as ESC CR.
		Finish:       common.NewGate(key.WithKeys(common.FinishKeys...), key.WithHelp(common.FinishKeys[0], l.T("finish the step"))),
		Create:       common.NewGate(key.WithKeys("c"), key.WithHelp("c", l.T("create the customer"))),
		Choose:       common.NewGate(key.WithKeys("right", "space"), key.WithHelp("←/→/space", l.T("choose"))),
		ChooseLeft:   common.NewGate(key.WithKeys("left")),
		Yes:          common.NewGate(key.WithKeys(common.YesKeys...), key.WithHelp(yes+"/n", l.T("answer and go on"))),
		No:           common.NewGate(key.WithKeys("n")),
		Pick:         common.NewGate(key.WithKeys("1", "2", "3", "4", "5", "6", "7", "8", "9"), key.WithHelp("1–9", l.T("choose and go on"))),
		Match:        common.NewGate(key.WithKeys("up"), key.WithHelp("↑/↓", l.T("choose a match"))),
		MatchDown:    common.NewGate(key.WithKeys("down")),
		Buy:          common.NewGate(key.WithKeys("b"), key.WithHelp("b", l.T("buy"))),
		Close:        common.NewGate(key.WithKeys("enter", "esc"), key.WithHelp("enter", l.T("open the details"))),
		Theirs:       common.NewGate(key.WithKeys("t"), key.WithHelp("t", l.T("keep theirs"))),
		Mine:         common.NewGate(key.WithKeys("m"), key.WithHelp("m", l.T("save mine over theirs"))),
		ToForm:       common.NewGate(key.WithKeys("esc"), key.WithHelp("esc", l.T("back to my form"))),
		OpenIt:       common.NewGate(key.WithKeys("o"), key.WithHelp("o", l.T("open it"))),
		SwitchImport: common.NewGate(key.WithKeys("i"), key.WithHelp("i", l.T("switch to Import with what you typed"))),
		FromExists:   common.NewGate(key.WithKeys("esc"), key.WithHelp("esc", l.T("back to the form"))),
	}
}

// sync enables the keys that act in the wizard's state now.
func (m *Model) sync() {
	k, l := &m.keys, m.c.L
	step, _ := m.current()
	spec, hasField := m.focused()
	editing := m.phase == editing && m.conflict == nil && m.exists == nil
	// The form's keys, off while a question is open, and why.
	why := ""
	switch {
	case m.conflict != nil:
		why = l.T("Choose first: t keeps their version, m saves yours over it, esc goes back to your form.")
	case m.exists != nil && m.exists.Owned():
		why = l.T("Google has this account: o opens it, esc goes back to the form.")
	case m.exists != nil:
		why = l.T("Google has this account: i goes on in the Import wizard, esc goes back to the form.")
	case m.phase == done:
		why = l.T("The customer is stored: enter opens its details.")
	}
	form := []*common.Gate{&k.Next, &k.Back, &k.Finish, &k.Create, &k.Choose, &k.ChooseLeft, &k.Yes, &k.No, &k.Pick,
		&k.Match, &k.MatchDown, &k.NextField, &k.PrevField}
	for _, g := range form {
		g.Allow(editing, why)
	}
	if editing {
		review := step.ID == rules.StepReview
		k.NextField.Allow(hasField, l.T("This step has no fields: shift+tab goes back a step, esc leaves."))
		choice := hasField && (spec.Input == rules.InputYesNo || spec.Input == rules.InputChoice)
		typing := hasField && (spec.Input == rules.InputText || spec.Input == rules.InputSearch)
		for _, g := range []*common.Gate{&k.Choose, &k.ChooseLeft} {
			g.Allow(choice, common.ReasonIf(!typing, l.T("Nothing to choose here.")))
		}
		yesNo := hasField && spec.Input == rules.InputYesNo
		for _, g := range []*common.Gate{&k.Yes, &k.No} {
			g.Allow(yesNo, common.ReasonIf(!typing, l.T("y and n answer a yes/no question; this is not one.")))
		}
		k.Pick.Allow(hasField && spec.Input == rules.InputChoice, "")
		if n := len(spec.Options); n > 1 {
			k.Pick.SetHelp(fmt.Sprintf("1–%d", min(n, 9)), l.T("choose and go on"))
		}
		search := hasField && spec.Input == rules.InputSearch && len(m.search.matches) > 0
		k.Match.Allow(search, "")
		k.MatchDown.Allow(search, "")
		k.Finish.Allow(!review, l.T("This is the review: c stores the customer, shift+tab goes back a step."))
		create := l.T("create the customer")
		switch {
		case m.original != nil:
			create = l.T("save the changes")
		case m.mode == model.ModeImport:
			create = l.T("import the customer")
		}
		k.Create.SetHelp("c", create)
		k.Create.Allow(review, "")
		k.Next.SetHelp("enter", l.T("next"))
		k.PrevField.SetHelp("shift+tab/↑", l.T("previous field"))
		if review || !hasField {
			k.PrevField.SetHelp("shift+tab/↑", l.T("back a step"))
		}
		// Enter never stores: on the review it says which key does.
		k.Next.Allow(!review, l.T("Enter does not store the customer: press c to %s.", create))
	}

	k.Buy.Allow(m.phase == done && m.original == nil, common.ReasonIf(m.phase == done, l.T("Buy is on the customer's details: enter opens them.")))
	k.Close.Allow(m.phase == done, "")
	k.Theirs.Allow(m.conflict != nil, "")
	k.Mine.Allow(m.conflict != nil, "")
	k.ToForm.Allow(m.conflict != nil, "")
	exists := m.exists != nil && m.conflict == nil
	k.OpenIt.Allow(exists && m.exists.Owned(), common.ReasonIf(exists, l.T("Google says the account is not your customer yet: i goes on in the Import wizard.")))
	k.SwitchImport.Allow(exists && !m.exists.Owned(), common.ReasonIf(exists, l.T("It is your customer at Google already: o opens it.")))
	k.FromExists.Allow(exists, "")
	if m.phase == submitting {
		for _, g := range k.all() {
			g.Allow(false, "")
		}
	}
}

// all is every gate.
func (k *KeyMap) all() []*common.Gate {
	return []*common.Gate{&k.Next, &k.Back, &k.Finish, &k.Create, &k.Choose, &k.ChooseLeft, &k.Yes, &k.No, &k.Pick,
		&k.Match, &k.MatchDown, &k.Buy, &k.Close, &k.Theirs, &k.Mine, &k.ToForm, &k.OpenIt, &k.SwitchImport,
		&k.FromExists, &k.NextField, &k.PrevField}
}

// ShortHelp is the footer's keys: on a step, the keys that answer the
// focused field, then those that move on; on the review, the key that
// stores the customer.
func (m *Model) ShortHelp() []key.Binding {
	m.sync()
	k := m.keys
	switch {
	case m.conflict != nil:
		return common.Bindings(k.Theirs, k.Mine, k.ToForm)
	case m.exists != nil:
		return common.Bindings(k.OpenIt, k.SwitchImport, k.FromExists)
	case m.phase == done:
		return common.Bindings(k.Close, k.Buy)
	}
	step, _ := m.current()
	if step.ID == rules.StepReview {
		return common.Bindings(k.Create, k.PrevField, k.Back)
	}
	spec, _ := m.focused()
	var answer []common.Gate
	switch spec.Input {
	case rules.InputYesNo:
		answer = []common.Gate{k.Yes}
	case rules.InputChoice:
		answer = []common.Gate{k.Pick}
	case rules.InputSearch:
		answer = []common.Gate{k.Match}
	}
	if m.restOptional(step) {
		// Named only where it helps: the fields after this one can stay
		// empty.
		answer = append(answer, k.Next, k.Finish)
	} else {
		answer = append(answer, k.Next)
	}
	return common.Bindings(append(answer, k.Back)...)
}

// FullHelp is every key, for the help overlay.
func (m *Model) FullHelp() [][]key.Binding {
	m.sync()
	k := m.keys
	switch {
	case m.conflict != nil, m.exists != nil, m.phase == done:
		return [][]key.Binding{m.ShortHelp()}
	}
	return [][]key.Binding{
		common.Bindings(k.NextField, k.PrevField, k.Choose, k.Yes, k.Pick, k.Match),
		common.Bindings(k.Next, k.Finish, k.Create, k.Back),
	}
}
