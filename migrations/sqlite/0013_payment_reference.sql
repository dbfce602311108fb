-- BIL-6: a top-up by bank transfer has its own payment reference; the transfer that carries it
-- credits the prepaid account when it is recorded.
ALTER TABLE payments ADD COLUMN reference TEXT;
CREATE INDEX payments_reference ON payments(reference);
