-- BIL-4, SEC-6: a processor binds every card token to the customer it was made for, as real
-- processors' customer-bound tokens are: the sandbox refuses a token for any other customer
-- (a Kontor organization). Cards made by the processor's card page are handed back to Kontor
-- through a one-time checkout handle, never the token itself. Existing saved cards take the
-- organization that saved them; other existing tokens belong to nobody and charge nothing.
ALTER TABLE sandbox_cards ADD COLUMN customer TEXT NOT NULL DEFAULT '';
ALTER TABLE sandbox_cards ADD COLUMN checkout TEXT;
CREATE UNIQUE INDEX sandbox_cards_checkout ON sandbox_cards(checkout) WHERE checkout IS NOT NULL;
UPDATE sandbox_cards SET customer = (
    SELECT CAST(MIN(m.organization_id) AS TEXT) FROM payment_methods m WHERE m.gateway_token = sandbox_cards.token
) WHERE EXISTS (SELECT 1 FROM payment_methods m WHERE m.gateway_token = sandbox_cards.token);
ALTER TABLE sandbox_sessions ADD COLUMN customer TEXT NOT NULL DEFAULT '';
-- BIL-8: the orphan-charge job reads the processor's charges by time.
CREATE INDEX sandbox_charges_created ON sandbox_charges(created_at);
-- A charge is found by its id on the payment that owns it.
CREATE INDEX payments_gateway_charge ON payments(gateway_charge) WHERE gateway_charge <> '';

-- Where a periodic job got to (the orphan-charge job's scan of the processor's charges).
CREATE TABLE job_marks (
    name TEXT PRIMARY KEY,
    value BIGINT NOT NULL
);
