-- Indexes the query planner cannot take for something else (docs/PERFORMANCE.md, the renewal
-- jobs). An index led by `status` made any `status = ?` term look selective: SQLite without
-- statistics took `products_status_expiry` for a product's suspension by id and for an
-- organization's filtered product count, and read every active product. And `parent_id` is
-- NULL for nearly every product, so its statistics made the index look useless for the one
-- lookup it serves. Partial indexes hold only the rows their queries ask for: a query uses them
-- only when it repeats their condition.

-- The jobs' expiry bands (REN-2, REN-5..7): products that can still renew, be suspended or end.
DROP INDEX products_status_expiry;
CREATE INDEX products_due ON products(expires_at) WHERE status IN ('active', 'suspended');

-- A suite's products.
DROP INDEX products_parent;
CREATE INDEX products_parent ON products(parent_id) WHERE parent_id IS NOT NULL;

-- DUN-1: open invoices by due date.
DROP INDEX invoices_status_due;
CREATE INDEX invoices_open_due ON invoices(due_date) WHERE status = 'open';
