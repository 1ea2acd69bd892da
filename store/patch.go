package store

import (
	"context"
	"database/sql"
	"slices"

	"golang.org/x/text/language"

	"onboard/i18n"
	"onboard/model"
	"onboard/model/rules"
	"onboard/store/channel"
	"onboard/store/sqlite"
)

// An edit of a customer Google has is pushed as customers.patch with an
// updateMask of exactly the fields that changed, through the outbox like
// a create: the edit and the push it owes are written together.

// MaxRestarts is how often a push starts Google's provisioning again after
// an operation that finished with a transient error on Google's side.
const MaxRestarts = 2

// DefaultMaxPolls is how many operations.get calls one operation gets in
// all, across pushes, before onboard gives it up.
const DefaultMaxPolls = 120

func (s *Service) maxPolls() int {
	if s.opts.MaxPolls > 0 {
		return s.opts.MaxPolls
	}
	return DefaultMaxPolls
}

// PollLimitError is an operation that was polled as often as allowed
// without finishing.
type PollLimitError struct{ Polls int }

func (e *PollLimitError) Error() string { return e.ErrorIn(i18n.English) }

// ErrorIn is the error in language t.
func (e *PollLimitError) ErrorIn(t language.Tag) string {
	return i18n.New(t).T("Google's provisioning did not finish after %d checks; look at the customer in the Partner Sales Console before pushing again", e.Polls)
}

// ExistsAtImportError is an import Google refused because the customer is
// already one of the reseller's with other details: importing again with
// overwrite replaces them.
type ExistsAtImportError struct{ Cause error }

func (e *ExistsAtImportError) Error() string { return e.ErrorIn(i18n.English) }

// ErrorIn is the error in language t.
func (e *ExistsAtImportError) ErrorIn(t language.Tag) string {
	return i18n.New(t).T("%s; import with overwrite (--overwrite) to replace Google's record of this customer with this import", i18n.ErrorText(t, e.Cause))
}

func (e *ExistsAtImportError) Unwrap() error { return e.Cause }

// GoogleChangedError is a change to push while Google's record changed
// since onboard last saw it: nothing was written; the user decides
// between both versions (ResolveChange).
type GoogleChangedError struct {
	Local       model.Customer
	Google      model.GoogleCustomer
	Differences []model.Difference
}

func (e *GoogleChangedError) Error() string { return e.ErrorIn(i18n.English) }

// Versions is Google's record and the fields where it differs from
// this one (for the screens, which do not import the store).
func (e *GoogleChangedError) Versions() (model.GoogleCustomer, []model.Difference) {
	return e.Google, e.Differences
}

// ErrorIn is the error in language t.
func (e *GoogleChangedError) ErrorIn(t language.Tag) string {
	return i18n.New(t).T("Google's record of customer %s changed since onboard last saw it (%d fields differ); nothing was sent: keep this version or take Google's", i18n.ID(e.Local.ID), len(e.Differences))
}

// PatchMask is the customers.patch updateMask for the change from cur to
// next: the fields Google keeps that differ.
func PatchMask(cur, next model.Customer) []string {
	var mask []string
	add := func(changed bool, m string) {
		if changed && !slices.Contains(mask, m) {
			mask = append(mask, m)
		}
	}
	add(cur.OrgName != next.OrgName, channel.MaskOrg)
	add(cur.OrgName != next.OrgName || !slices.Equal(cur.Address.AddressLines, next.Address.AddressLines) ||
		cur.Address.RegionCode != next.Address.RegionCode || cur.Address.PostalCode != next.Address.PostalCode ||
		cur.Address.Locality != next.Address.Locality || cur.Address.AdministrativeArea != next.Address.AdministrativeArea, channel.MaskAddress)
	add(cur.AdminFirstName != next.AdminFirstName || cur.AdminLastName != next.AdminLastName || cur.PrimaryEmail != next.PrimaryEmail ||
		cur.Phone != next.Phone, channel.MaskContact)
	add(cur.AlternateEmail != next.AlternateEmail, channel.MaskAlternate)
	add(cur.Language != next.Language, channel.MaskLanguage)
	add(cur.CRMID != next.CRMID, channel.MaskCRM)
	return mask
}

// linked reports whether c is a customer Google has (pending: a change
// of it is on its way there).
func linked(c model.Customer) bool {
	return c.GoogleName != "" && (c.Status == model.StatusCreated || c.Status == model.StatusImported || c.Status == model.StatusPending)
}

// atGoogle is the status of a customer Google has, by how it got there.
func atGoogle(c model.Customer) model.Status {
	if c.Origin == model.ModeCreate {
		return model.StatusCreated
	}
	return model.StatusImported
}

// queuePatch writes, with the edit from cur to next, the push it owes
// Google: a patch step in the outbox whose mask grows with each edit
// until it is sent; next's status becomes pending until then.
func (s *Service) queuePatch(ctx context.Context, tx *sql.Tx, actor string, cur model.Customer, next *model.Customer) error {
	if !linked(cur) || s.opts.Google == nil {
		return nil
	}
	mask := PatchMask(cur, *next)
	if len(mask) == 0 {
		return nil
	}
	if cur.Status == model.StatusPending {
		// Only a change already owed may grow; a create under way sends
		// the values as they are.
		if ob, ok, err := sqlite.GetOutbox(ctx, tx, cur.ID); err != nil || !ok || ob.Step != "patch" {
			return err
		}
	}
	next.Status, next.StatusMessage = model.StatusPending, ""
	ob, ok, err := sqlite.GetOutbox(ctx, tx, cur.ID)
	if err != nil || (ok && ob.Step != "patch") {
		return err
	}
	st, err := sqlite.GetPushState(ctx, tx, cur.ID)
	if err != nil {
		return err
	}
	for _, m := range mask {
		if !slices.Contains(st.Mask, m) {
			st.Mask = append(st.Mask, m)
		}
	}
	now := s.now()
	if !ok {
		ob = sqlite.Outbox{CustomerID: cur.ID, Action: "patch", Step: "patch", Actor: actor, StartedAt: now}
	}
	ob.UpdatedAt = now
	if err := sqlite.PutOutbox(ctx, tx, ob); err != nil {
		return err
	}
	return sqlite.PutPushState(ctx, tx, cur.ID, st)
}

// pushPatch sends a queued change: Google's record is read first, and if
// it changed since onboard last saw it the user sees both versions before
// anything is written.
func (s *Service) pushPatch(ctx context.Context, actor string, c model.Customer, ob *sqlite.Outbox, st sqlite.PushState) (model.Customer, error) {
	g := s.opts.Google
	got, err := g.Get(ctx, c.GoogleName)
	if err != nil {
		return s.pushFailed(ctx, actor, c, ob, err)
	}
	seen, _, err := sqlite.GetGoogleSeen(ctx, s.db.Reader(), c.ID)
	if err != nil {
		return c, err
	}
	if seen.UpdateTime != "" && got.UpdateTime != seen.UpdateTime && !sent(c, got, st.Mask) {
		return c, &GoogleChangedError{Local: c, Google: got, Differences: diffGoogle(c, withGoogle(c, got))}
	}
	out, err := g.Patch(ctx, c.GoogleName, c, st.Mask)
	if err != nil {
		return s.pushFailed(ctx, actor, c, ob, err)
	}
	return s.pushDone(ctx, actor, c, atGoogle(c), out)
}

// sent reports whether Google already has c's values in every masked
// field: an earlier patch whose answer was lost went through.
func sent(c model.Customer, got model.GoogleCustomer, mask []string) bool {
	g := model.Customer{OrgName: got.OrgDisplayName, Address: got.Address, AdminFirstName: got.FirstName, AdminLastName: got.LastName,
		PrimaryEmail: got.Email, Phone: got.Phone, AlternateEmail: got.AlternateEmail, Language: got.LanguageCode, CRMID: got.CorrelationID}
	if slices.Contains(mask, channel.MaskAddress) && slices.Equal(c.Address.AddressLines, got.Address.AddressLines) {
		g.Address.AddressLines = c.Address.AddressLines // nil and empty are one
	}
	for _, m := range PatchMask(c, g) {
		if slices.Contains(mask, m) {
			return false
		}
	}
	return true
}

// ResolveChange ends a conflict between a change made here and Google's
// newer record: keep sends this version over Google's; otherwise Google's
// values are taken and the change is dropped.
func (s *Service) ResolveChange(ctx context.Context, actor string, id int64, keep bool) (model.Customer, error) {
	g := s.opts.Google
	if g == nil {
		return model.Customer{}, ErrNoGoogle
	}
	c, err := s.Get(ctx, id)
	if err != nil {
		return c, err
	}
	got, err := g.Get(ctx, c.GoogleName)
	if err != nil {
		return c, err
	}
	if keep {
		err := s.db.Write(ctx, func(tx *sql.Tx) error { return s.seen(ctx, tx, id, got, nil) })
		if err != nil {
			return c, err
		}
		return s.Push(ctx, actor, id)
	}
	out, err := s.TakeGoogle(ctx, actor, id, c.Version, got)
	if err != nil {
		return out, err
	}
	err = s.db.Write(ctx, func(tx *sql.Tx) error {
		if err := sqlite.DeleteOutbox(ctx, tx, id); err != nil {
			return err
		}
		return s.seen(ctx, tx, id, got, nil)
	})
	return out, err
}

// seen records Google's record of customer id as onboard saw it now.
func (s *Service) seen(ctx context.Context, tx *sql.Tx, id int64, got model.GoogleCustomer, diffs []model.Difference) error {
	if got.Name == "" {
		return nil
	}
	return sqlite.PutGoogleSeen(ctx, tx, sqlite.GoogleSeen{CustomerID: id, Name: got.Name, UpdateTime: got.UpdateTime, SeenAt: s.now(), Differences: diffs})
}

// PushOverwrite is Push for an import that may replace Google's record
// of a customer the reseller already has (overwriteIfExists: true): the
// user chose it after Google answered that the customer exists.
func (s *Service) PushOverwrite(ctx context.Context, actor string, id int64) (model.Customer, error) {
	c, err := s.Get(ctx, id)
	if err != nil {
		return c, err
	}
	if c.Origin != model.ModeImport {
		return c, i18n.Errorf("customer %s is not an import: only an import can overwrite Google's record", i18n.ID(id))
	}
	err = s.db.Write(ctx, func(tx *sql.Tx) error {
		st, err := sqlite.GetPushState(ctx, tx, id)
		if err != nil {
			return err
		}
		if _, ok, err := sqlite.GetOutbox(ctx, tx, id); err != nil || !ok {
			now := s.now()
			if err == nil {
				err = sqlite.PutOutbox(ctx, tx, sqlite.Outbox{CustomerID: id, Action: "import", Step: "import", Actor: actor, StartedAt: now, UpdatedAt: now})
			}
			if err != nil {
				return err
			}
		}
		st.Overwrite = true
		return sqlite.PutPushState(ctx, tx, id, st)
	})
	if err != nil {
		return c, err
	}
	return s.Push(ctx, actor, id)
}

// MakeImport turns a stored create that Google refused because the
// account exists into the import Google allows, keeping everything that
// was typed: the form gains the transfer token (and the date it was
// made), and the Cloud Identity ID Google's existence check answers is
// carried over. The import is validated as any import is.
func (s *Service) MakeImport(ctx context.Context, actor string, id, version int64, token, tokenDate string) (model.Customer, error) {
	cur, err := s.Get(ctx, id)
	if err != nil {
		return cur, err
	}
	if cur.Origin != model.ModeCreate || linked(cur) || cur.Status == model.StatusPending {
		return cur, i18n.Errorf("customer %s is not a create waiting to be sent: it cannot become an import", i18n.ID(id))
	}
	ciID := cur.CloudIdentityID
	if g := s.opts.Google; g != nil && ciID == "" {
		email := ""
		if cur.Kind == model.KindTeam {
			email = cur.PrimaryEmail
		}
		if accts, err := g.CheckExists(ctx, cur.Domain, email); err == nil && len(accts) == 1 {
			ciID = accts[0].CloudIdentityID
		}
	}
	fs := cur.Form()
	fs[model.FieldTransferToken], fs[model.FieldTransferTokenDate] = token, tokenDate
	if ciID != "" {
		fs[model.FieldCloudIdentityID] = ciID
	}
	return s.revise(ctx, actor, "make import", id, version, func(tx *sql.Tx, c model.Customer) (model.Customer, error) {
		r := rules.Validate(model.ModeImport, fs, s.Env())
		if !r.OK() {
			return c, r.Problems.Errors()
		}
		next := keepIdentity(c, r.Customer)
		next.Origin, next.Status, next.StatusMessage, next.GoogleName = model.ModeImport, model.StatusLocal, "", ""
		return next, sqlite.DeleteOutbox(ctx, tx, id)
	})
}
