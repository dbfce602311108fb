-- REC-1 at scale (a statement of 100,000 credits): the payments pending for an invoice or an
-- order (a bank transfer announced at checkout), an imported entry's reference and the unmatched queue's "open
-- invoices of this amount" suggestion are found through indexes, not by reading every row.
CREATE INDEX payments_pending_invoice ON payments(invoice_id) WHERE status = 'pending';
CREATE INDEX payments_pending_order ON payments(order_id) WHERE status = 'pending';
CREATE INDEX bank_transactions_entry ON bank_transactions(entry_reference) WHERE entry_reference <> '';
CREATE INDEX invoices_open_amount ON invoices(currency, total_minor) WHERE status = 'open';

-- BIL-6: staff adjustments and refunds of a prepaid balance. A refund names where the money
-- goes and the pain.001 file that carried it; a staff entry carries the key of the form that
-- made it, so a form sent twice posts once.
ALTER TABLE prepaid_entries ADD COLUMN refund_name TEXT NOT NULL DEFAULT '';
ALTER TABLE prepaid_entries ADD COLUMN refund_iban TEXT NOT NULL DEFAULT '';
ALTER TABLE prepaid_entries ADD COLUMN refund_export_id BIGINT;
ALTER TABLE prepaid_entries ADD COLUMN request_key TEXT NOT NULL DEFAULT '';
CREATE UNIQUE INDEX prepaid_entries_request ON prepaid_entries(organization_id, request_key) WHERE request_key <> '';
CREATE INDEX prepaid_entries_refunds ON prepaid_entries(id) WHERE kind = 'refund' AND refund_export_id IS NULL;
