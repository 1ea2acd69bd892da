-- Upkeep: the smart features setting from the setup tips, and an index for
-- the customers whose details were confirmed longest ago (never first).
ALTER TABLE customers ADD COLUMN smart_features TEXT NOT NULL DEFAULT '';
CREATE INDEX customers_by_confirmed ON customers (coalesce(confirmed_at, 0), id);
