-- BIL-6: the prepaid account's staff entries — an adjustment (signed, with its reason) and a
-- refund of balance to the customer's bank account, which leaves in the next pain.001 file.

-- The form that posted an entry: a form submitted twice posts once.
ALTER TABLE prepaid_entries ADD COLUMN request_key TEXT NOT NULL DEFAULT '';
CREATE UNIQUE INDEX prepaid_entries_request ON prepaid_entries(request_key) WHERE request_key <> '';
ALTER TABLE prepaid_entries ADD COLUMN refund_id BIGINT;

CREATE TABLE prepaid_refunds (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    organization_id BIGINT NOT NULL REFERENCES organizations(id),
    currency TEXT NOT NULL,
    amount_minor BIGINT NOT NULL CHECK (amount_minor > 0),
    name TEXT NOT NULL,
    iban TEXT NOT NULL,
    reason TEXT NOT NULL,
    staff_name TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    -- Set by the pain.001 file that carries it.
    export_id BIGINT REFERENCES bank_refund_exports(id)
);
CREATE INDEX prepaid_refunds_waiting ON prepaid_refunds(id) WHERE export_id IS NULL;
CREATE INDEX prepaid_refunds_org ON prepaid_refunds(organization_id, id);
