package wizard

// Submitting: the customer is stored (created, imported or, for an edit,
// saved over the version it started from), and what comes back is
// handled: a problem only the store sees, someone else's save, an account
// Google already has.

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"

	tea "charm.land/bubbletea/v2"

	"onboard/model"
	"onboard/model/rules"
	"onboard/tui/common"
)

type createdMsg struct {
	res rules.CreateResult
	err error
}

// newKey is the idempotency key of one run: a create retried after a lost
// answer is stored once.
func newKey() string {
	b := make([]byte, 16)
	_, _ = rand.Read(b)
	return hex.EncodeToString(b)
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
	svc, mode := m.svc, m.mode
	fields := m.fields.Clone()
	if mode != model.ModeCreate || !svc.HasGoogle() {
		return m.create(fields)
	}
	// With Google configured, ask first whether it already has an account
	// for the domain: then this is an import, not a create. Nothing is
	// stored until Google answers, so a quit meanwhile need not wait for
	// it (which can take the call's whole timeout): it abandons the check
	// and saves the draft (abandonCheck), and Create goes on from the draft
	// at the next start.
	ctx, cancel := context.WithCancel(m.c.Ctx)
	m.stopCheck = cancel
	return func() tea.Msg { return checkedMsg{fields: fields, err: svc.CheckNew(ctx, mode, fields)} }
}

// checkedMsg is Google's answer to the check before a create.
type checkedMsg struct {
	fields model.Fields
	err    error
}

// checked goes on with the create once Google has answered, unless a quit
// abandoned the check.
func (m *Model) checked(msg checkedMsg) tea.Cmd {
	if m.stopCheck == nil {
		return nil
	}
	m.stopCheck()
	m.stopCheck = nil
	if msg.err != nil {
		return m.handleCreated(createdMsg{err: msg.err})
	}
	return m.create(msg.fields)
}

// create stores the customer; the draft is deleted in the same
// transaction.
func (m *Model) create(fields model.Fields) tea.Cmd {
	svc, ctx, actor, mode := m.svc, m.c.Ctx, m.c.Actor, m.mode
	opts := model.CreateOptions{IdempotencyKey: m.idemKey, DraftID: m.draftID}
	return func() tea.Msg {
		res, err := svc.Create(ctx, actor, mode, fields, opts)
		return createdMsg{res: res, err: err}
	}
}

// abandonCheck stops the check with Google under way, if one is, and
// returns the wizard to the form: reports whether there was one.
func (m *Model) abandonCheck() bool {
	if m.stopCheck == nil {
		return false
	}
	m.stopCheck()
	m.stopCheck = nil
	m.phase = editing
	return true
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
	k := &m.keys
	switch {
	case k.OpenIt.Matches(msg):
		svc, ctx, domain := m.svc, m.c.Ctx, m.exists.Domain
		return func() tea.Msg {
			c, err := svc.Find(ctx, domain)
			return foundMsg{c, err}
		}
	case k.SwitchImport.Matches(msg):
		fs := m.fields.Clone()
		fs[model.FieldPurchasePermission] = ""
		// The existence check named the account: the import uses its
		// Cloud Identity ID (the one way Google imports without guessing).
		if accts := m.exists.Accounts; len(accts) == 1 && accts[0].CloudIdentityID != "" {
			fs[model.FieldCloudIdentityID] = accts[0].CloudIdentityID
		}
		m.Emit(SwitchToImportMsg{Fields: fs})
		return nil
	case k.FromExists.Matches(msg):
		m.exists = nil
		return nil
	}
	return common.Refuse(msg, k.all()...)
}

func (m *Model) handleCreated(msg createdMsg) tea.Cmd {
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
	k := &m.keys
	switch {
	case k.Theirs.Matches(msg): // drop my changes, and their draft
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
	case k.Mine.Matches(msg): // save over their version, knowingly
		v := m.conflict.Version
		m.conflict = nil
		return m.save(v)
	case k.ToForm.Matches(msg):
		m.conflict = nil
		return nil
	}
	return common.Refuse(msg, k.all()...)
}

func (m *Model) doneKey(msg tea.KeyPressMsg) tea.Cmd {
	c := m.created.Customer
	switch {
	case m.keys.Buy.Matches(msg):
		m.Emit(FinishedMsg{Customer: c, Buy: true, New: m.original == nil})
	case m.keys.Close.Matches(msg):
		m.Emit(FinishedMsg{Customer: c, New: m.original == nil})
	default:
		return common.Refuse(msg, m.keys.all()...)
	}
	return nil
}

// found opens the customer Google says is the reseller's, once it is found
// here.
func (m *Model) found(msg foundMsg) tea.Cmd {
	if msg.err != nil {
		return common.Notice(m.c.T("It is your customer at Google but not in this database; add it here with the Import wizard (i on the list)."))
	}
	m.Emit(OpenExistingMsg{Customer: msg.c})
	return nil
}
