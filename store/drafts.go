package store

import (
	"context"
	"database/sql"

	"onboard/i18n"
	"onboard/model"
	"onboard/store/sqlite"
)

// SaveDraft stores the owner's half-filled form and returns its id (new
// when d.ID is 0). Only the owner's own draft can be overwritten.
func (s *Service) SaveDraft(ctx context.Context, d model.Draft) (int64, error) {
	now := s.now()
	d.UpdatedAt = now
	if d.ID == 0 {
		d.CreatedAt = now
	}
	var id int64
	err := s.db.Write(ctx, func(tx *sql.Tx) error {
		var err error
		id, err = sqlite.SaveDraft(ctx, tx, d)
		return err
	})
	if err != nil {
		return 0, i18n.Errorf("save draft: %w", err)
	}
	return id, nil
}

// Drafts returns the owner's drafts, newest first.
func (s *Service) Drafts(ctx context.Context, owner string) ([]model.Draft, error) {
	return sqlite.Drafts(ctx, s.db.Cached(), owner)
}

// DeleteDraft discards one of the owner's drafts.
func (s *Service) DeleteDraft(ctx context.Context, owner string, id int64) error {
	return s.db.Write(ctx, func(tx *sql.Tx) error { return sqlite.DeleteDraft(ctx, tx, owner, id) })
}
