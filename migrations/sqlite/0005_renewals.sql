-- Renewals, warranty, suspension and termination (REN), reminders (DUN), billing addresses
-- (BIL-7), billing-message settings (REN-7), redirect payment flows (BIL-4, BIL-8).

-- REN-2: the saved means automatic renewal charges (NULL: the prepaid account when it covers
-- the amount, else the organization's most recent saved means). REN-6/DUN-1: why and since
-- when a product is suspended.
ALTER TABLE products ADD COLUMN payment_method_id BIGINT;
ALTER TABLE products ADD COLUMN suspended_at BIGINT;
ALTER TABLE products ADD COLUMN suspended_reason TEXT;
CREATE INDEX products_status_expiry ON products(status, expires_at);

-- BIL-7: addresses invoices are made out to.
CREATE TABLE billing_addresses (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    organization_id BIGINT NOT NULL REFERENCES organizations(id),
    name TEXT NOT NULL,
    street TEXT NOT NULL,
    building_number TEXT NOT NULL DEFAULT '',
    postal_code TEXT NOT NULL,
    city TEXT NOT NULL,
    country TEXT NOT NULL,
    vat_number TEXT NOT NULL DEFAULT '',
    email TEXT NOT NULL DEFAULT '',
    is_default BOOLEAN NOT NULL DEFAULT FALSE,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL,
    deleted_at BIGINT
);
CREATE INDEX billing_addresses_org ON billing_addresses(organization_id, id);

-- Orders remember the address chosen and where they came from: a customer, an automatic
-- renewal attempt, or a renewal warranty (REN-5).
ALTER TABLE orders ADD COLUMN billing_address_id BIGINT;
ALTER TABLE orders ADD COLUMN origin TEXT NOT NULL DEFAULT 'customer';

-- DUN-1: how far an unpaid invoice has gone through the reminder schedule (0 = none).
ALTER TABLE invoices ADD COLUMN dunning_level INTEGER NOT NULL DEFAULT 0;
ALTER TABLE invoices ADD COLUMN bill_building_number TEXT NOT NULL DEFAULT '';
CREATE INDEX invoices_status_due ON invoices(status, due_date);
CREATE INDEX invoice_lines_product ON invoice_lines(product_id);

-- OPS-2: every step a job takes leaves a row keyed by what it did, written in the transaction
-- that acts, so a second run finds it and does nothing. REN-7: expiry notice D for the expiry E
-- of product P.
CREATE TABLE expiry_notices (
    product_id BIGINT NOT NULL REFERENCES products(id),
    expires_at BIGINT NOT NULL,
    days_before INTEGER NOT NULL,
    created_at BIGINT NOT NULL,
    PRIMARY KEY (product_id, expires_at, days_before)
);

-- DUN-1/DUN-2: the steps an unpaid invoice went through, listed in the console.
CREATE TABLE invoice_reminders (
    invoice_id BIGINT NOT NULL REFERENCES invoices(id),
    level INTEGER NOT NULL,
    created_at BIGINT NOT NULL,
    PRIMARY KEY (invoice_id, level)
);

-- REN-2: automatic renewal attempts, kept for the console and the audit.
CREATE TABLE renewal_attempts (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    organization_id BIGINT NOT NULL REFERENCES organizations(id),
    product_id BIGINT NOT NULL REFERENCES products(id),
    expires_at BIGINT NOT NULL,
    days_before INTEGER NOT NULL,
    status TEXT NOT NULL,
    means TEXT NOT NULL DEFAULT '',
    payment_id BIGINT,
    failure_code TEXT NOT NULL DEFAULT '',
    created_at BIGINT NOT NULL,
    UNIQUE (product_id, expires_at, days_before)
);
CREATE INDEX renewal_attempts_org ON renewal_attempts(organization_id, id);

-- REN-7: which billing messages the organization receives (who: members with the billing
-- contact preference). No row = every message on.
CREATE TABLE billing_settings (
    organization_id BIGINT PRIMARY KEY REFERENCES organizations(id),
    expiry_notices BOOLEAN NOT NULL DEFAULT TRUE,
    invoices BOOLEAN NOT NULL DEFAULT TRUE,
    updated_at BIGINT NOT NULL
);

-- BIL-8: the sandbox's redirect-and-confirm sessions (PayPal, TWINT, PostFinance).
CREATE TABLE sandbox_sessions (
    id TEXT PRIMARY KEY,
    scheme TEXT NOT NULL,
    amount_minor BIGINT NOT NULL,
    currency TEXT NOT NULL,
    return_url TEXT NOT NULL,
    status TEXT NOT NULL,
    profile_token TEXT,
    charge_id TEXT,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL
);

-- Redirect payments wait for the payer's approval.
ALTER TABLE payments ADD COLUMN gateway_session TEXT;
