// Package wizard is the create and import wizards. They mirror the Partner
// Sales Console's steps; which steps and fields exist, which are required
// and what is wrong with them all come from model/rules — the wizard only
// renders that answer and keeps what was typed, saving it as a draft.
package wizard

import (
	"context"
	"slices"
	"time"

	"charm.land/bubbles/v2/textinput"
	tea "charm.land/bubbletea/v2"

	"onboard/model"
	"onboard/model/rules"
	"onboard/tui/common"
)

// Messages the wizard sends to the root model.
type (
	// FinishedMsg: the customer was stored; Buy asks for the order form.
	FinishedMsg struct {
		Customer model.Customer
		Buy      bool
		New      bool // just created or imported (not an edit)
	}
	// LeftMsg: the user left the wizard; the draft stays for next time.
	LeftMsg struct{ DraftKept bool }
)

type phase int

const (
	editing phase = iota
	submitting
	done
)

// Model is one run of the create or import wizard.
type Model struct {
	svc Store
	common.Intents
	c      *common.Common
	keys   KeyMap
	mode   model.Mode
	fields model.Fields
	inputs map[model.Field]*textinput.Model
	// touched fields show their problems: a field is touched when the user
	// leaves it or tries to go on.
	touched map[model.Field]bool
	// autofilled remembers defaults the wizard put in, so they follow the
	// rules' default when it changes (admin@ a changed domain).
	autofilled map[model.Field]string
	steps      []rules.Step
	step       rules.StepID
	focus      int
	result     rules.Result

	phase   phase
	created rules.CreateResult
	idemKey string

	draftID      int64
	draftCreated time.Time
	seq          int  // bumped on every change; a save waits for quiet
	savedSeq     int  // seq when the last save began
	deadline     int  // the DraftMaxWait deadline pending (its gen), or 0
	deadlineGen  int  // the last deadline's gen
	saving       bool // a save is in flight
	dirty        bool // changed since the last save started
	submitQueued bool // create waits for the save in flight

	// stopCheck ends the check with Google before a create; nil when none.
	stopCheck context.CancelFunc

	width, height int

	// search is the country picker; region, the country a new address
	// starts with (the most recent customer's), once the store said.
	search      picker
	region      string
	regionAsked bool
	unique      uniqueCheck

	// original is the customer being edited (nil when creating or
	// importing); conflict is the version someone else saved meanwhile.
	original   *model.Customer
	conflict   *model.Customer
	exists     *rules.ExistsError // Google has an account for the domain: offer the import
	conflictBy string
}

// Edit opens the wizard's fields for an existing customer. Saving checks
// that nobody saved the customer since it was opened; if someone did, the
// wizard shows both versions and changes nothing until the user chooses.
func Edit(c *common.Common, svc Store, cust model.Customer) *Model {
	m := New(c, svc, cust.Origin)
	m.original = &cust
	m.fields = cust.Form()
	// Domains and addresses are edited as people read them (Unicode); the
	// rules take that form back to the stored one.
	m.fields[model.FieldDomain] = rules.DisplayDomain(m.fields[model.FieldDomain])
	m.fields[model.FieldPrimaryEmail] = rules.DisplayEmail(m.fields[model.FieldPrimaryEmail])
	m.fields[model.FieldAlternateEmail] = rules.DisplayEmail(m.fields[model.FieldAlternateEmail])
	for f, v := range m.fields {
		m.fields[f] = common.Clean(v) // stored text is shown and edited without controls
	}
	for f, in := range m.inputs {
		in.SetValue(m.fields[f])
	}
	m.recompute()
	m.step = m.steps[0].ID
	m.enterStep()
	return m
}

// Editing reports whether the wizard edits an existing customer.
func (m *Model) Editing() bool { return m.original != nil }

// New starts a wizard for mode with empty fields.
func New(c *common.Common, svc Store, mode model.Mode) *Model {
	m := &Model{c: c, svc: svc, keys: DefaultKeyMap(c.L), mode: mode, fields: model.Fields{},
		inputs: map[model.Field]*textinput.Model{}, touched: map[model.Field]bool{},
		autofilled: map[model.Field]string{}, idemKey: newKey(), search: newPicker(c.L)}
	m.recompute()
	m.step = m.steps[0].ID
	m.enterStep()
	return m
}

// Mode is create or import.
func (m *Model) Mode() model.Mode { return m.mode }

// Fields returns a copy of what was typed.
func (m *Model) Fields() model.Fields { return m.fields.Clone() }

// SetSize gives the wizard its area.
// The first call also asks the store for the country a new address
// starts with.
func (m *Model) SetSize(w, h int) tea.Cmd {
	m.width, m.height = w, h
	for _, in := range m.inputs {
		in.SetWidth(m.inputWidth())
		in.SetValue(in.Value()) // scrolls the text to fit the new width
	}
	m.search.input.SetWidth(m.inputWidth())
	if m.regionAsked || m.original != nil {
		return nil
	}
	m.regionAsked = true
	return m.askRegion()
}

func (m *Model) inputWidth() int { return max(10, m.width-labelWidth-6) }

// Capturing reports whether a text field has the keyboard, so that q types
// a q instead of quitting. While a conflict or Google's account is shown,
// no field has it.
func (m *Model) Capturing() bool {
	spec, ok := m.focused()
	typing := spec.Input == rules.InputText || spec.Input == rules.InputSearch
	return m.phase == editing && m.conflict == nil && m.exists == nil && ok && typing
}

// IsForm reports that q never quits the wizard, even on a question: it
// is left with esc (the draft kept) or ctrl+c.
func (m *Model) IsForm() bool { return true }

// env is the rules' environment: the store's, with the country a new
// address starts with.
func (m *Model) env() rules.Env {
	e := m.svc.Env()
	e.Region = m.region
	return e
}

// recompute asks the rules which steps and fields apply to what was typed,
// and what is wrong with it.
func (m *Model) recompute() {
	env := m.env()
	m.steps = rules.Steps(m.mode, m.fields, env)
	// A step with nothing to decide (one product family) is not walked
	// through: its fields take their only option, and the review shows it.
	for _, s := range m.steps {
		if s.Settled() {
			for _, f := range s.Fields {
				if m.fields[f.Field] == "" {
					m.fields[f.Field] = f.Options[0].Value
				}
			}
		}
	}
	m.steps = slices.DeleteFunc(m.steps, func(s rules.Step) bool {
		// An existing customer met the prerequisites and has its product.
		edited := m.original != nil && s.ID == rules.StepPrerequisites
		return edited || s.Settled()
	})
	for _, s := range m.steps {
		for _, f := range s.Fields {
			if prev, ok := m.autofilled[f.Field]; ok && m.fields[f.Field] == prev && f.Start() != prev {
				m.setValue(f.Field, f.Start())
				m.autofilled[f.Field] = f.Start()
			}
		}
	}
	m.result = rules.Validate(m.mode, m.fields, env)
	if p := m.unique.problem(m.mode, m.fields); p != nil {
		m.result.Problems = append(m.result.Problems, *p)
	}
	m.ensureInputs()
}

// ensureInputs gives every text field of the current step an input,
// including fields that appeared since the step was entered (the website
// once "educational institution" is ticked).
func (m *Model) ensureInputs() {
	s, _ := m.current()
	for _, f := range s.Fields {
		if f.Input == rules.InputText && m.inputs[f.Field] == nil {
			in := common.NewInput(300)
			in.SetWidth(m.inputWidth())
			in.SetValue(m.fields[f.Field])
			m.inputs[f.Field] = &in
		}
	}
}

// current returns the step the user is on.
func (m *Model) current() (rules.Step, int) {
	for i, s := range m.steps {
		if s.ID == m.step {
			return s, i
		}
	}
	return m.steps[0], 0
}

func (m *Model) focused() (rules.FieldSpec, bool) {
	s, _ := m.current()
	if m.focus < 0 || m.focus >= len(s.Fields) {
		return rules.FieldSpec{}, false
	}
	return s.Fields[m.focus], true
}

// enterStep prepares the step's inputs and defaults and focuses its first
// field.
func (m *Model) enterStep() {
	m.ensureInputs()
	s, _ := m.current()
	for _, f := range s.Fields {
		// An empty field follows its default from now on (admin@ the
		// domain typed above it, the country once the store said) until
		// someone types in it.
		if m.fields[f.Field] == "" {
			m.setValue(f.Field, f.Start())
			m.autofilled[f.Field] = f.Start()
		}
	}
	m.recompute()
	m.focus = 0
	m.focusInput()
}

func (m *Model) setValue(f model.Field, v string) {
	m.fields[f] = v
	if in := m.inputs[f]; in != nil && in.Value() != v {
		in.SetValue(v)
	}
}

func (m *Model) focusInput() tea.Cmd {
	var cmd tea.Cmd
	spec, ok := m.focused()
	for f, in := range m.inputs {
		if ok && spec.Field == f {
			cmd = in.Focus()
		} else {
			in.Blur()
		}
	}
	m.search.reset()
	if ok && spec.Input == rules.InputSearch {
		return m.search.input.Focus()
	}
	m.search.input.Blur()
	return cmd
}

// stepProblems are the blocking problems of the fields of step s.
func (m *Model) stepProblems(s rules.Step) rules.Problems {
	ids := make([]model.Field, len(s.Fields))
	for i, f := range s.Fields {
		ids[i] = f.Field
	}
	if s.ID == rules.StepReview {
		return m.result.Problems.Errors()
	}
	return m.result.Problems.Errors().For(ids...)
}

// Update handles keys and the answers of the store.
func (m *Model) Update(msg tea.Msg) tea.Cmd {
	switch msg := msg.(type) {
	case draftTickMsg:
		if msg.seq == m.seq {
			return m.saveDraft()
		}
		return nil
	case draftDeadlineMsg:
		return m.deadlinePassed(msg)
	case draftSavedMsg:
		return m.draftSaved(msg)
	case foundMsg:
		return m.found(msg)
	case checkedMsg:
		return m.checked(msg)
	case createdMsg:
		return m.handleCreated(msg)
	case regionFoundMsg:
		return m.regionFound(msg)
	case uniqueTickMsg:
		return m.uniqueTick(msg)
	case uniqueCheckedMsg:
		return m.uniqueChecked(msg)
	case tea.PasteMsg:
		spec, ok := m.focused()
		switch {
		case !ok || m.phase != editing:
		case spec.Input == rules.InputText:
			return m.typeInto(spec.Field, msg)
		case spec.Input == rules.InputSearch:
			return m.searchInto(msg)
		}
		return nil
	case tea.KeyPressMsg:
		m.sync()
		if m.conflict != nil {
			return m.conflictKey(msg)
		}
		if m.exists != nil {
			return m.existsKey(msg)
		}
		switch m.phase {
		case done:
			return m.doneKey(msg)
		case submitting:
			return common.Notice(m.c.T("Still saving the customer…"))
		}
		return m.editKey(msg)
	}
	return nil
}

// Step is the step the user is on.
func (m *Model) Step() rules.StepID { return m.step }

// Done reports whether the customer was stored.
func (m *Model) Done() bool { return m.phase == done }
