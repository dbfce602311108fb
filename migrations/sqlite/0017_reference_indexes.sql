-- REC-1 at scale (a statement of 100,000 credits): the payments pending for an invoice or an
-- order (a bank transfer announced at checkout), an imported entry's reference and the
-- unmatched queue's "open invoices of this amount" suggestion are found through indexes, not
-- by reading every row.
CREATE INDEX payments_pending_invoice ON payments(invoice_id) WHERE status = 'pending';
CREATE INDEX payments_pending_order ON payments(order_id) WHERE status = 'pending';
CREATE INDEX bank_transactions_entry ON bank_transactions(entry_reference) WHERE entry_reference <> '';
CREATE INDEX invoices_open_amount ON invoices(currency, total_minor) WHERE status = 'open';
