-- BIL-1, DUN-5: corrections are credit notes. A credit note is a document of the invoices
-- table (`kind = 'credit_note'`), numbered from the same gap-free yearly counter, with negative
-- amounts, pointing at the invoice it credits. A credited invoice has the status `credited`
-- and can no longer be paid.
ALTER TABLE invoices ADD COLUMN kind TEXT NOT NULL DEFAULT 'invoice';
ALTER TABLE invoices ADD COLUMN credits_invoice_id BIGINT REFERENCES invoices(id);
