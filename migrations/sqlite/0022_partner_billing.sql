-- PAR-7, PAR-8: an order the partner pays for a client's products lives in the partner's
-- organization and names the client (whose organization the products are in); an order that
-- earns a partner cashback names the partner, and each item its cashback in the partner's
-- currency, credited when the order's invoice is paid.
ALTER TABLE orders ADD COLUMN client_id BIGINT REFERENCES organizations(id);
ALTER TABLE orders ADD COLUMN partner_id BIGINT REFERENCES organizations(id);
ALTER TABLE order_items ADD COLUMN cashback_minor BIGINT NOT NULL DEFAULT 0;
CREATE INDEX orders_partner ON orders(partner_id, paid_at);
CREATE INDEX orders_client ON orders(client_id, paid_at);
