-- The primary product family a customer was created with, so that Buy
-- lists that family's SKUs first; "" for customers stored before it was kept
-- (they count as Google Workspace).
ALTER TABLE customers ADD COLUMN product_family TEXT NOT NULL DEFAULT '';
