package wizard

// The draft: what was typed is saved as the user types (once typing
// pauses, and at least every DraftMaxWait while it goes on), offered again
// on the next start, and saved at once before a quit.

import (
	"time"

	tea "charm.land/bubbletea/v2"

	"onboard/model"
	"onboard/model/rules"
	"onboard/tui/common"
)

// DraftDelay is how long typing must pause before the draft is saved.
const DraftDelay = 400 * time.Millisecond

// DraftMaxWait is the longest a change waits for its save while typing
// goes on without a pause: steady typing restarts DraftDelay on every key,
// and a dropped connection would lose all of it.
const DraftMaxWait = time.Second

type draftTickMsg struct{ seq int }

// draftDeadlineMsg is DraftMaxWait passed since the first change not yet
// saved; gen tells it from a deadline a save has made stale.
type draftDeadlineMsg struct{ gen int }

type draftSavedMsg struct {
	id  int64
	err error
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
	want := rules.StepID(d.Step)
	if want == rules.StepCRM {
		want = rules.StepCustomer // the CRM ID is on the customer step now
	}
	for _, s := range m.steps {
		if s.ID == want {
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

// DraftID is the id of the saved draft (0 before the first save).
func (m *Model) DraftID() int64 { return m.draftID }

// schedule saves the draft once typing pauses for DraftDelay, and at the
// latest DraftMaxWait after the first change since the last save began.
func (m *Model) schedule() tea.Cmd {
	if m.phase != editing {
		return nil
	}
	m.seq++
	seq := m.seq
	pause := m.c.Tick(DraftDelay, func(time.Time) tea.Msg { return draftTickMsg{seq: seq} })
	if m.deadline != 0 {
		return pause
	}
	m.deadlineGen++
	m.deadline = m.deadlineGen
	gen := m.deadlineGen
	return tea.Batch(pause, m.c.Tick(DraftMaxWait, func(time.Time) tea.Msg { return draftDeadlineMsg{gen: gen} }))
}

// deadlinePassed saves what waited DraftMaxWait, unless a save began since.
func (m *Model) deadlinePassed(msg draftDeadlineMsg) tea.Cmd {
	if msg.gen != m.deadline {
		return nil
	}
	m.deadline = 0
	if m.seq == m.savedSeq {
		return nil
	}
	return m.saveDraft()
}

// SaveNow returns a command that saves the draft at once (before quitting).
// While a save is under way it returns nil and marks the draft for one
// more save when that ends; Busy reports it.
func (m *Model) SaveNow() tea.Cmd { return m.saveNow() }

// Busy reports whether a draft save or the customer's save is under way;
// the check with Google before a create is not a save (abandonCheck).
func (m *Model) Busy() bool { return m.saving || m.phase == submitting && m.stopCheck == nil }

func (m *Model) saveNow() tea.Cmd {
	if m.abandonCheck() {
		m.submitQueued = false
		return m.saveDraft()
	}
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
	// The save under way, or this one, takes every change so far: a
	// later change sets a new deadline.
	m.deadline = 0
	if m.saving {
		m.dirty = true
		return nil
	}
	m.saving, m.dirty, m.savedSeq = true, false, m.seq
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

// draftSaved takes the answer of a draft save: the draft's id, then the
// create that waited for it, or one more save for what was typed since.
func (m *Model) draftSaved(msg draftSavedMsg) tea.Cmd {
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
}
