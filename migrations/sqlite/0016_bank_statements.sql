-- REC-1, REC-2: imported bank statements (camt.053 / camt.054) and every transaction read from
-- them, keyed so that importing a file twice, or a camt.053 after its camt.054, adds nothing.
CREATE TABLE bank_imports (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    file_name TEXT NOT NULL,
    message TEXT NOT NULL,
    account_iban TEXT NOT NULL DEFAULT '',
    statement_ids TEXT NOT NULL DEFAULT '',
    entries BIGINT NOT NULL,
    transactions BIGINT NOT NULL,
    new_transactions BIGINT NOT NULL,
    imported_at BIGINT NOT NULL,
    imported_by TEXT NOT NULL
);

-- outcome: paid_invoice, paid_order, top_up, prepaid (credited as unmatched_transfer to the
-- organization the reference belongs to), unmatched (the staff queue), assigned, refund,
-- refunded, not_credit (a debit, a reversal or a pending entry: shown, never credited).
CREATE TABLE bank_transactions (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    import_id BIGINT NOT NULL REFERENCES bank_imports(id),
    tx_key TEXT NOT NULL UNIQUE,
    entry_reference TEXT NOT NULL DEFAULT '',
    tx_reference TEXT NOT NULL DEFAULT '',
    booking_date TEXT NOT NULL DEFAULT '',
    value_date TEXT NOT NULL DEFAULT '',
    credit BOOLEAN NOT NULL,
    reversal BOOLEAN NOT NULL,
    status TEXT NOT NULL,
    amount_minor BIGINT NOT NULL,
    currency TEXT NOT NULL,
    reference TEXT NOT NULL DEFAULT '',
    remittance TEXT NOT NULL DEFAULT '',
    debtor_name TEXT NOT NULL DEFAULT '',
    debtor_iban TEXT NOT NULL DEFAULT '',
    outcome TEXT NOT NULL,
    reason TEXT NOT NULL DEFAULT '',
    organization_id BIGINT REFERENCES organizations(id),
    invoice_id BIGINT,
    payment_id BIGINT,
    decided_by TEXT NOT NULL DEFAULT '',
    decided_at BIGINT,
    -- A refund: where the money goes back to, and the pain.001 file that carried it.
    refund_name TEXT NOT NULL DEFAULT '',
    refund_iban TEXT NOT NULL DEFAULT '',
    refund_export_id BIGINT
);
CREATE INDEX bank_transactions_import ON bank_transactions(import_id, id);
CREATE INDEX bank_transactions_outcome ON bank_transactions(outcome, id);
CREATE INDEX bank_transactions_debtor ON bank_transactions(debtor_iban);

-- BIL-6: where a ledger entry came from (an imported transaction, a staff member).
ALTER TABLE prepaid_entries ADD COLUMN bank_transaction_id BIGINT;
ALTER TABLE prepaid_entries ADD COLUMN staff_name TEXT NOT NULL DEFAULT '';

-- REC-2: one payment per imported bank transaction (its gateway_charge is `bank:<key>`).
CREATE UNIQUE INDEX payments_bank_transaction ON payments(gateway_charge) WHERE means = 'bank_transfer' AND gateway_charge <> '';

-- REC: the pain.001 files of refunds, kept so they can be downloaded again.
CREATE TABLE bank_refund_exports (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    message_id TEXT NOT NULL UNIQUE,
    transactions BIGINT NOT NULL,
    xml TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    created_by TEXT NOT NULL
);
