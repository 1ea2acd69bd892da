-- A customer's details count as confirmed when they were typed in: at its
-- create or import, by whoever added it. Customers stored before that rule
-- were left unconfirmed, and so were all called stale at once; they count
-- as confirmed when they were added.
UPDATE customers SET confirmed_at = created_at WHERE confirmed_at IS NULL;

-- The list sorts by org_key, the name folded for sorting (model.SortKey:
-- "Łukasiewicz" among the L, not after Z as NOCASE, which folds ASCII
-- only, put it). A Go step (backfillOrgKey) adds the column, fills it for
-- the customers stored already, indexes it, and ranks them again in the new
-- order, with the search indexes keyed by rank.
DROP INDEX IF EXISTS customers_by_org;
