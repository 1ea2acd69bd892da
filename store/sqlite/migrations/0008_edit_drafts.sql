-- Drafts of edits: an edit of a stored customer is saved as you type, like
-- a new customer's wizard, with the customer it changes and the version it
-- started from (a save over a version someone else changed meanwhile is
-- then a conflict shown side by side). 0 for a new customer's draft.
ALTER TABLE drafts ADD COLUMN customer_id INTEGER NOT NULL DEFAULT 0;
ALTER TABLE drafts ADD COLUMN base_version INTEGER NOT NULL DEFAULT 0;
