package wizard

import (
	"context"

	"onboard/model"
	"onboard/model/rules"
)

// Store is what the wizard asks of the store: what the rules need to know,
// the checks before a create, the create or the save of an edit, the
// drafts kept while typing, and the customer Google already has.
type Store interface {
	Env() rules.Env
	CheckNew(ctx context.Context, mode model.Mode, fs model.Fields) error
	HasGoogle() bool
	Create(ctx context.Context, actor string, mode model.Mode, fs model.Fields, opt model.CreateOptions) (rules.CreateResult, error)
	UpdateFromDraft(ctx context.Context, actor string, id, version int64, fs model.Fields, draftID int64) (model.Customer, error)
	SaveDraft(ctx context.Context, d model.Draft) (int64, error)
	DeleteDraft(ctx context.Context, owner string, id int64) error
	Find(ctx context.Context, ref string) (model.Customer, error)
}
