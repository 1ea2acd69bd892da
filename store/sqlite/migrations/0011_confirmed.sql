-- A customer's details count as confirmed when they were typed in: at its
-- create or import, by whoever added it. Customers stored before that rule
-- were left unconfirmed, and so were all called stale at once; they count
-- as confirmed when they were added.
UPDATE customers SET confirmed_at = created_at WHERE confirmed_at IS NULL;
