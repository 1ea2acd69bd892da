// Package wizard is the create and import wizards. They mirror the Partner
// Sales Console's steps; which steps and fields exist, which are required
// and what is wrong with them all come from model/rules — the wizard only
// renders that answer and keeps what was typed, saving it as a draft.
package wizard

import (
	"crypto/rand"
	"encoding/hex"
	"errors"
	"slices"
	"strings"
	"time"

	"charm.land/bubbles/v2/key"
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

// DraftDelay is how long typing must pause before the draft is saved.
const DraftDelay = 400 * time.Millisecond

type draftTickMsg struct{ seq int }

type draftSavedMsg struct {
	id  int64
	err error
}

type createdMsg struct {
	res rules.CreateResult
	err error
}

// Model is one run of the create or import wizard.
type Model struct {
	common.Intents
	c      *common.Common
	svc    Store
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
	saving       bool // a save is in flight
	dirty        bool // changed since the last save started
	submitQueued bool // create waits for the save in flight

	width, height int

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

// New starts a wizard for mode with empty fields; svc checks, stores
// and keeps the drafts.
func New(c *common.Common, svc Store, mode model.Mode) *Model {
	m := &Model{c: c, svc: svc, keys: DefaultKeyMap(c.L), mode: mode, fields: model.Fields{},
		inputs: map[model.Field]*textinput.Model{}, touched: map[model.Field]bool{},
		autofilled: map[model.Field]string{}, idemKey: newKey()}
	m.recompute()
	m.step = m.steps[0].ID
	m.enterStep()
	return m
}

// ResumeEdit restores the draft of an edit of customer cur (as stored
// now): the fields as typed and the step. A save goes over the version
// the edit started from, so a change someone saved since shows as a
// conflict.
func ResumeEdit(c *common.Common, svc Store, cur model.Customer, d model.Draft) *Model {
	m := Edit(c, svc, cur)
	m.original.Version = d.BaseVersion
	m.restore(d)
	return m
}

// Resume restores a draft: every field and the step it was on.
func Resume(c *common.Common, svc Store, d model.Draft) *Model {
	m := New(c, svc, d.Mode)
	m.restore(d)
	return m
}

// restore takes a draft's fields, id and step.
func (m *Model) restore(d model.Draft) {
	m.fields = d.Values.Clone()
	for f, v := range m.fields {
		m.fields[f] = common.Clean(v)
	}
	m.draftID, m.draftCreated = d.ID, d.CreatedAt
	for f, v := range m.fields {
		if in := m.inputs[f]; in != nil {
			in.SetValue(v)
		}
	}
	m.recompute()
	m.step = m.steps[0].ID
	for _, s := range m.steps {
		if s.ID == rules.StepID(d.Step) {
			m.step = s.ID
		}
	}
	// The steps before the current one were passed: show their problems.
	for _, s := range m.steps {
		if s.ID == m.step {
			break
		}
		for _, f := range s.Fields {
			m.touched[f.Field] = true
		}
	}
	m.enterStep()
}

func newKey() string {
	b := make([]byte, 16)
	_, _ = rand.Read(b)
	return hex.EncodeToString(b)
}

// Mode is create or import.
func (m *Model) Mode() model.Mode { return m.mode }

// DraftID is the id of the saved draft (0 before the first save).
func (m *Model) DraftID() int64 { return m.draftID }

// Fields returns a copy of what was typed.
func (m *Model) Fields() model.Fields { return m.fields.Clone() }

// SetSize gives the wizard its area.
func (m *Model) SetSize(w, h int) {
	m.width, m.height = w, h
	for _, in := range m.inputs {
		in.SetWidth(m.inputWidth())
		in.SetValue(in.Value()) // scrolls the text to fit the new width
	}
}

func (m *Model) inputWidth() int { return max(10, m.width-labelWidth-6) }

// KeyMap returns the keys, for help.
func (m *Model) KeyMap() KeyMap { return m.keys }

// Capturing reports whether a text field has the keyboard, so that q types
// a q instead of quitting.
func (m *Model) Capturing() bool {
	spec, ok := m.focused()
	return m.phase == editing && ok && spec.Input == rules.InputText
}

// recompute asks the rules which steps and fields apply to what was typed,
// and what is wrong with it.
func (m *Model) recompute() {
	m.steps = rules.Steps(m.mode, m.fields, m.svc.Env())
	if m.original != nil {
		// An existing customer met the prerequisites and has its product.
		m.steps = slices.DeleteFunc(m.steps, func(s rules.Step) bool {
			return s.ID == rules.StepPrerequisites || s.ID == rules.StepProduct
		})
	}
	for _, s := range m.steps {
		for _, f := range s.Fields {
			if prev, ok := m.autofilled[f.Field]; ok && m.fields[f.Field] == prev && f.Default != prev {
				m.setValue(f.Field, f.Default)
				m.autofilled[f.Field] = f.Default
			}
		}
	}
	m.result = rules.Validate(m.mode, m.fields, m.svc.Env())
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
		if m.fields[f.Field] == "" && f.Default != "" {
			m.setValue(f.Field, f.Default)
			m.autofilled[f.Field] = f.Default
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
	for f, in := range m.inputs {
		if spec, ok := m.focused(); ok && spec.Field == f {
			cmd = in.Focus()
		} else {
			in.Blur()
		}
	}
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
	case draftSavedMsg:
		m.saving = false
		if msg.err != nil {
			return common.Fail(m.c.T("save the draft"), msg.err)
		}
		m.draftID = msg.id
		if m.submitQueued {
			m.submitQueued = false
			return m.submit()
		}
		if m.dirty {
			return m.saveDraft()
		}
		return nil
	case foundMsg:
		if msg.err != nil {
			return common.Notice(m.c.T("It is your customer at Google but not in this database; add it here with the Import wizard (i on the list)."))
		}
		m.Emit(OpenExistingMsg{Customer: msg.c})
		return nil
	case createdMsg:
		var ce *rules.ConflictError
		var ee *rules.ExistsError
		if errors.As(msg.err, &ee) {
			m.phase, m.exists = editing, ee
			return common.Fail(m.c.T("Create"), ee)
		}
		if errors.As(msg.err, &ce) {
			m.phase = editing
			m.conflict = &ce.Current
			m.conflictBy = ce.By
			return common.Fail(m.c.T("Save"), errors.New(m.c.T("%s saved this customer after you opened it: nothing was overwritten; choose below", common.Clean(ce.By))))
		}
		return m.handleCreated(msg)
	case tea.PasteMsg:
		if spec, ok := m.focused(); ok && spec.Input == rules.InputText && m.phase == editing {
			return m.typeInto(spec.Field, msg)
		}
		return nil
	case tea.KeyPressMsg:
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

func (m *Model) editKey(msg tea.KeyPressMsg) tea.Cmd {
	s, _ := m.current()
	spec, hasField := m.focused()
	switch {
	case key.Matches(msg, m.keys.Back):
		return m.back()
	case key.Matches(msg, m.keys.NextField) && hasField:
		return m.moveFocus(1)
	case key.Matches(msg, m.keys.PrevField) && hasField:
		return m.moveFocus(-1)
	case key.Matches(msg, m.keys.Next):
		if hasField && m.focus < len(s.Fields)-1 {
			return m.moveFocus(1)
		}
		return m.next()
	}
	if !hasField {
		return nil
	}
	switch spec.Input {
	case rules.InputYesNo:
		switch {
		case key.Matches(msg, m.keys.Yes):
			return m.change(spec.Field, model.Yes)
		case key.Matches(msg, m.keys.No):
			return m.change(spec.Field, model.No)
		case key.Matches(msg, m.keys.Choose):
			if m.fields[spec.Field] == model.Yes {
				return m.change(spec.Field, model.No)
			}
			return m.change(spec.Field, model.Yes)
		}
	case rules.InputChoice:
		if key.Matches(msg, m.keys.Choose) {
			return m.change(spec.Field, cycle(spec.Options, m.fields[spec.Field], msg.String() == "left"))
		}
	case rules.InputText:
		return m.typeInto(spec.Field, msg)
	}
	return nil
}

// cycle returns the option after (or before) the current one.
func cycle(opts []rules.Option, cur string, back bool) string {
	i := -1
	for j, o := range opts {
		if strings.EqualFold(o.Value, cur) {
			i = j
		}
	}
	switch {
	case i < 0:
		return opts[0].Value
	case back:
		return opts[(i-1+len(opts))%len(opts)].Value
	}
	return opts[(i+1)%len(opts)].Value
}

func (m *Model) typeInto(f model.Field, msg tea.Msg) tea.Cmd {
	in := m.inputs[f]
	if in == nil {
		return nil
	}
	cmd := common.TypeInto(m.c, in, common.FieldName(m.c.L, f), msg)
	if in.Value() == m.fields[f] {
		return cmd
	}
	delete(m.autofilled, f)
	return tea.Batch(cmd, m.change(f, in.Value()))
}

// change records a new value, asks the rules again and schedules a save.
func (m *Model) change(f model.Field, v string) tea.Cmd {
	m.setValue(f, v)
	m.recompute()
	return m.schedule()
}

func (m *Model) moveFocus(d int) tea.Cmd {
	s, _ := m.current()
	if spec, ok := m.focused(); ok {
		m.touched[spec.Field] = true
	}
	if len(s.Fields) == 0 {
		return nil
	}
	m.focus = (m.focus + d + len(s.Fields)) % len(s.Fields)
	return m.focusInput()
}

// next goes to the following step, unless this one has problems: then it
// says why on the status line.
func (m *Model) next() tea.Cmd {
	s, i := m.current()
	for _, f := range s.Fields {
		m.touched[f.Field] = true
	}
	if ps := m.stepProblems(s); len(ps) > 0 {
		return common.Fail(m.c.T("Next"), errors.New(m.c.N(int64(len(ps)), "%s (%d problem on this step)", "%s (%d problems on this step)", common.ProblemText(m.c.L, ps[0]), len(ps))))
	}
	if s.ID == rules.StepReview {
		return m.submit()
	}
	m.step = m.steps[i+1].ID
	m.enterStep()
	return tea.Batch(m.focusInput(), m.schedule())
}

// back goes to the previous step; on the first step it leaves the wizard
// and keeps the draft.
func (m *Model) back() tea.Cmd {
	if spec, ok := m.focused(); ok {
		m.touched[spec.Field] = true
	}
	_, i := m.current()
	if i == 0 {
		kept := m.draftID != 0 || m.saving || m.seq > 0
		m.Emit(LeftMsg{DraftKept: kept})
		return m.saveNow()
	}
	m.step = m.steps[i-1].ID
	m.enterStep()
	return tea.Batch(m.focusInput(), m.schedule())
}

// schedule saves the draft once typing pauses for DraftDelay.
func (m *Model) schedule() tea.Cmd {
	if m.phase != editing {
		return nil
	}
	m.seq++
	seq := m.seq
	return m.c.Tick(DraftDelay, func(time.Time) tea.Msg { return draftTickMsg{seq: seq} })
}

// SaveNow returns a command that saves the draft at once (before quitting).
// While a save is under way it returns nil and marks the draft for one
// more save when that ends; Busy reports it.
func (m *Model) SaveNow() tea.Cmd { return m.saveNow() }

// Busy reports whether a draft save or the customer's save is under way.
func (m *Model) Busy() bool { return m.saving || m.phase == submitting }

func (m *Model) saveNow() tea.Cmd {
	if m.phase != editing || m.seq == 0 {
		return nil
	}
	return m.saveDraft()
}

// saveDraft writes the draft in a command. Only one save is in flight at a
// time, so a new draft is inserted once and then updated.
func (m *Model) saveDraft() tea.Cmd {
	if m.phase != editing {
		// Stored or being stored: the store deletes the draft with it.
		return nil
	}
	if m.saving {
		m.dirty = true
		return nil
	}
	m.saving, m.dirty = true, false
	d := model.Draft{ID: m.draftID, Owner: m.c.Actor, Mode: m.mode, Step: string(m.step), Values: m.fields.Clone(), CreatedAt: m.draftCreated}
	if m.original != nil {
		d.CustomerID, d.BaseVersion = m.original.ID, m.original.Version
	}
	svc, ctx := m.svc, m.c.Ctx
	return func() tea.Msg {
		id, err := svc.SaveDraft(ctx, d)
		return draftSavedMsg{id: id, err: err}
	}
}

// submit stores the customer; the draft is deleted in the same transaction.
func (m *Model) submit() tea.Cmd {
	if m.saving {
		m.submitQueued = true
		m.phase = submitting
		return nil
	}
	if m.original != nil {
		return m.save(m.original.Version)
	}
	m.phase = submitting
	svc, ctx, actor, mode := m.svc, m.c.Ctx, m.c.Actor, m.mode
	fields := m.fields.Clone()
	opts := model.CreateOptions{IdempotencyKey: m.idemKey, DraftID: m.draftID}
	return func() tea.Msg {
		// With Google configured, ask first whether it already has an
		// account for the domain: then this is an import, not a create.
		if err := svc.CheckNew(ctx, mode, fields); err != nil {
			return createdMsg{err: err}
		}
		res, err := svc.Create(ctx, actor, mode, fields, opts)
		return createdMsg{res: res, err: err}
	}
}

// SwitchToImportMsg asks for the import wizard with what was typed.
type SwitchToImportMsg struct{ Fields model.Fields }

// OpenExistingMsg asks for the detail of the customer the domain belongs
// to here (Google says it is the reseller's customer already).
type OpenExistingMsg struct{ Customer model.Customer }

type foundMsg struct {
	c   model.Customer
	err error
}

// existsKey handles the choice when Google already has the account.
func (m *Model) existsKey(msg tea.KeyPressMsg) tea.Cmd {
	switch msg.String() {
	case "o":
		if !m.exists.Owned() {
			return nil
		}
		svc, ctx, domain := m.svc, m.c.Ctx, m.exists.Domain
		return func() tea.Msg {
			c, err := svc.Find(ctx, domain)
			return foundMsg{c, err}
		}
	case "i":
		if m.exists.Owned() {
			return nil
		}
		fs := m.fields.Clone()
		fs[model.FieldPurchasePermission] = ""
		m.Emit(SwitchToImportMsg{Fields: fs})
		return nil
	case "esc":
		m.exists = nil
	}
	return nil
}

func (m *Model) handleCreated(msg createdMsg) tea.Cmd {
	if msg.err != nil {
		m.phase = editing
		var ps rules.Problems
		if errors.As(msg.err, &ps) {
			// A problem only the store can see (the domain is taken): show it
			// on its field and go to that field's step.
			m.result.Problems = append(m.result.Problems, ps...)
			for _, s := range m.steps {
				for i, f := range s.Fields {
					if len(ps.For(f.Field)) > 0 {
						m.step, m.focus = s.ID, i
						m.touched[f.Field] = true
						m.focusInput()
						return common.Fail(m.c.T("Create"), errors.New(common.ProblemText(m.c.L, ps[0])))
					}
				}
			}
			return common.Fail(m.c.T("Create"), errors.New(common.ProblemText(m.c.L, ps[0])))
		}
		return common.Fail(m.c.T("Create"), msg.err)
	}
	m.phase = done
	m.created = msg.res
	m.draftID = 0
	name := common.Clean(msg.res.Customer.OrgName)
	switch {
	case m.original != nil:
		return common.Notice(m.c.T("Saved %s.", name))
	case m.mode == model.ModeImport:
		return common.Notice(m.c.T("Imported %s.", name))
	}
	return common.Notice(m.c.T("Created %s.", name))
}

// save writes the edited customer over the version the user started from.
func (m *Model) save(version int64) tea.Cmd {
	m.phase = submitting
	svc, ctx, actor, id, draft := m.svc, m.c.Ctx, m.c.Actor, m.original.ID, m.draftID
	fields := m.fields.Clone()
	return func() tea.Msg {
		c, err := svc.UpdateFromDraft(ctx, actor, id, version, fields, draft)
		return createdMsg{res: rules.CreateResult{Customer: c}, err: err}
	}
}

// conflictKey handles the choice after a conflict: keep their version, or
// save mine over it.
func (m *Model) conflictKey(msg tea.KeyPressMsg) tea.Cmd {
	switch msg.String() {
	case "t": // theirs: drop my changes, and their draft
		c := *m.conflict
		m.phase = done
		m.Emit(FinishedMsg{Customer: c})
		text := m.c.T("Kept the version saved by someone else; your changes were not saved.")
		if m.draftID == 0 {
			return common.Notice(text)
		}
		// The notice comes once the draft is gone.
		svc, ctx, actor, id, l := m.svc, m.c.Ctx, m.c.Actor, m.draftID, m.c.L
		m.draftID = 0
		return func() tea.Msg {
			if err := svc.DeleteDraft(ctx, actor, id); err != nil {
				return common.ErrMsg{Op: l.T("discard the draft"), Err: err}
			}
			return common.NoticeMsg{Text: text}
		}
	case "m": // mine: save over their version, knowingly
		v := m.conflict.Version
		m.conflict = nil
		return m.save(v)
	case "esc":
		m.conflict = nil
		return nil
	}
	return nil
}

func (m *Model) doneKey(msg tea.KeyPressMsg) tea.Cmd {
	c := m.created.Customer
	switch {
	case key.Matches(msg, m.keys.Buy):
		m.Emit(FinishedMsg{Customer: c, Buy: true, New: m.original == nil})
	case key.Matches(msg, m.keys.Close), key.Matches(msg, m.keys.Back):
		m.Emit(FinishedMsg{Customer: c, New: m.original == nil})
	}
	return nil
}

// Step is the step the user is on.
func (m *Model) Step() rules.StepID { return m.step }

// Done reports whether the customer was stored.
func (m *Model) Done() bool { return m.phase == done }
