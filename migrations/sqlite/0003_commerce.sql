-- Catalogue, orders, products' life cycle, payments, the prepaid ledger, invoices, the sandbox
-- card processor, hosting sites, workspace seats and mailboxes, webhooks (PRD, PRC, BIL, EVT).

-- PRD-1: product types and plans; prices per period and currency, kept with the instant they
-- apply from, so a price change applies to what is ordered after it.
CREATE TABLE catalog_types (
    code TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    description TEXT NOT NULL DEFAULT '',
    position INTEGER NOT NULL DEFAULT 0
);

-- kind 'plan' is something to order; kind 'storage' is a storage tier of a workspace suite.
CREATE TABLE catalog_plans (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    code TEXT NOT NULL UNIQUE,
    product_type TEXT NOT NULL REFERENCES catalog_types(code),
    kind TEXT NOT NULL,
    name TEXT NOT NULL,
    description TEXT NOT NULL DEFAULT '',
    per_seat BOOLEAN NOT NULL DEFAULT FALSE,
    storage_gb INTEGER NOT NULL DEFAULT 0,
    tier INTEGER NOT NULL DEFAULT 0,
    position INTEGER NOT NULL DEFAULT 0,
    active BOOLEAN NOT NULL DEFAULT TRUE
);

CREATE TABLE catalog_prices (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    plan_id BIGINT NOT NULL REFERENCES catalog_plans(id),
    period_months INTEGER NOT NULL,
    currency TEXT NOT NULL,
    amount_minor BIGINT NOT NULL,
    valid_from BIGINT NOT NULL,
    UNIQUE (plan_id, period_months, currency, valid_from)
);

-- PRD-3: the life cycle. expires_at 0 = not active yet.
ALTER TABLE products ADD COLUMN plan_code TEXT NOT NULL DEFAULT '';
ALTER TABLE products ADD COLUMN period_months INTEGER NOT NULL DEFAULT 12;
ALTER TABLE products ADD COLUMN activated_at BIGINT;
ALTER TABLE products ADD COLUMN expires_at BIGINT NOT NULL DEFAULT 0;
ALTER TABLE products ADD COLUMN terminated_at BIGINT;
ALTER TABLE products ADD COLUMN auto_renew BOOLEAN NOT NULL DEFAULT FALSE;
ALTER TABLE products ADD COLUMN renewal_warranty BOOLEAN NOT NULL DEFAULT FALSE;
ALTER TABLE products ADD COLUMN parent_id BIGINT REFERENCES products(id);
ALTER TABLE products ADD COLUMN seats INTEGER NOT NULL DEFAULT 0;
ALTER TABLE products ADD COLUMN storage_code TEXT NOT NULL DEFAULT '';
ALTER TABLE products ADD COLUMN server_prefix TEXT;
ALTER TABLE products ADD COLUMN order_id BIGINT;
CREATE INDEX products_org_expiry ON products(organization_id, expires_at, id);
CREATE INDEX products_org_name ON products(organization_id, name, id);
CREATE INDEX products_parent ON products(parent_id);

-- PRD-2
CREATE TABLE orders (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    organization_id BIGINT NOT NULL REFERENCES organizations(id),
    status TEXT NOT NULL,
    currency TEXT NOT NULL,
    subtotal_minor BIGINT NOT NULL,
    vat_rate_bp BIGINT NOT NULL,
    vat_minor BIGINT NOT NULL,
    total_minor BIGINT NOT NULL,
    reverse_charge BOOLEAN NOT NULL DEFAULT FALSE,
    reference TEXT UNIQUE,
    created_by BIGINT,
    created_at BIGINT NOT NULL,
    paid_at BIGINT,
    cancelled_at BIGINT,
    updated_at BIGINT NOT NULL
);
CREATE INDEX orders_org ON orders(organization_id, id);

CREATE TABLE order_items (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    order_id BIGINT NOT NULL REFERENCES orders(id),
    position INTEGER NOT NULL,
    kind TEXT NOT NULL,
    product_id BIGINT REFERENCES products(id),
    product_type TEXT NOT NULL,
    plan_code TEXT NOT NULL,
    name TEXT NOT NULL,
    period_months INTEGER NOT NULL,
    seats INTEGER NOT NULL DEFAULT 0,
    storage_code TEXT NOT NULL DEFAULT '',
    list_minor BIGINT NOT NULL,
    partner_bp BIGINT NOT NULL DEFAULT 0,
    degressive_bp BIGINT NOT NULL DEFAULT 0,
    unit_minor BIGINT NOT NULL,
    amount_minor BIGINT NOT NULL,
    days_left INTEGER NOT NULL DEFAULT 0,
    period_days INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX order_items_order ON order_items(order_id, position);

-- BIL-10: the first result of a key, per user and organization.
CREATE TABLE idempotency_keys (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    scope TEXT NOT NULL,
    idem_key TEXT NOT NULL,
    request_hash TEXT NOT NULL,
    result_kind TEXT NOT NULL,
    result_id BIGINT NOT NULL,
    created_at BIGINT NOT NULL,
    UNIQUE (scope, idem_key)
);

-- BIL-4: what is kept of a card — the processor's token, brand, last 4, expiry.
CREATE TABLE payment_methods (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    organization_id BIGINT NOT NULL REFERENCES organizations(id),
    kind TEXT NOT NULL,
    gateway_token TEXT NOT NULL,
    brand TEXT NOT NULL,
    last4 TEXT NOT NULL,
    exp_month INTEGER NOT NULL,
    exp_year INTEGER NOT NULL,
    created_by BIGINT,
    created_at BIGINT NOT NULL,
    deleted_at BIGINT
);
CREATE INDEX payment_methods_org ON payment_methods(organization_id, id);

CREATE TABLE payments (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    organization_id BIGINT NOT NULL REFERENCES organizations(id),
    purpose TEXT NOT NULL,
    order_id BIGINT REFERENCES orders(id),
    invoice_id BIGINT,
    status TEXT NOT NULL,
    means TEXT NOT NULL,
    currency TEXT NOT NULL,
    amount_minor BIGINT NOT NULL,
    prepaid_minor BIGINT NOT NULL DEFAULT 0,
    means_minor BIGINT NOT NULL DEFAULT 0,
    payment_method_id BIGINT,
    card_brand TEXT NOT NULL DEFAULT '',
    card_last4 TEXT NOT NULL DEFAULT '',
    gateway_charge TEXT NOT NULL DEFAULT '',
    failure_code TEXT NOT NULL DEFAULT '',
    created_by BIGINT,
    created_at BIGINT NOT NULL
);
CREATE INDEX payments_org ON payments(organization_id, id);

-- BIL-6: the balance is cached here and never negative; the entries are the truth.
CREATE TABLE prepaid_accounts (
    organization_id BIGINT PRIMARY KEY REFERENCES organizations(id),
    currency TEXT NOT NULL,
    balance_minor BIGINT NOT NULL DEFAULT 0 CHECK (balance_minor >= 0),
    updated_at BIGINT NOT NULL
);

CREATE TABLE prepaid_entries (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    organization_id BIGINT NOT NULL REFERENCES organizations(id),
    kind TEXT NOT NULL,
    amount_minor BIGINT NOT NULL,
    currency TEXT NOT NULL,
    payment_id BIGINT REFERENCES payments(id),
    description TEXT NOT NULL DEFAULT '',
    created_at BIGINT NOT NULL
);
CREATE INDEX prepaid_entries_org ON prepaid_entries(organization_id, id);

-- BIL-1: gap-free numbers per year, taken inside the issuing transaction.
CREATE TABLE invoice_counters (
    year INTEGER PRIMARY KEY,
    last_number BIGINT NOT NULL
);

CREATE TABLE invoices (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    organization_id BIGINT NOT NULL REFERENCES organizations(id),
    order_id BIGINT REFERENCES orders(id),
    number TEXT NOT NULL UNIQUE,
    year INTEGER NOT NULL,
    seq BIGINT NOT NULL,
    status TEXT NOT NULL,
    currency TEXT NOT NULL,
    subtotal_minor BIGINT NOT NULL,
    vat_rate_bp BIGINT NOT NULL,
    vat_minor BIGINT NOT NULL,
    total_minor BIGINT NOT NULL,
    reverse_charge BOOLEAN NOT NULL DEFAULT FALSE,
    reference TEXT NOT NULL UNIQUE,
    bill_name TEXT NOT NULL,
    bill_street TEXT NOT NULL,
    bill_postal_code TEXT NOT NULL,
    bill_city TEXT NOT NULL,
    bill_country TEXT NOT NULL,
    bill_vat_number TEXT NOT NULL DEFAULT '',
    issued_at BIGINT NOT NULL,
    due_date TEXT NOT NULL,
    paid_at BIGINT,
    UNIQUE (year, seq)
);
CREATE INDEX invoices_org ON invoices(organization_id, id);

CREATE TABLE invoice_lines (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    invoice_id BIGINT NOT NULL REFERENCES invoices(id),
    position INTEGER NOT NULL,
    description TEXT NOT NULL,
    product_id BIGINT,
    quantity INTEGER NOT NULL,
    unit_minor BIGINT NOT NULL,
    amount_minor BIGINT NOT NULL
);
CREATE INDEX invoice_lines_invoice ON invoice_lines(invoice_id, position);

-- BIL-1: an issued invoice is never changed (corrections are credit notes); only its status
-- and payment date move.
CREATE TRIGGER invoices_immutable BEFORE UPDATE OF organization_id, order_id, number, year, seq, currency, subtotal_minor, vat_rate_bp, vat_minor, total_minor, reverse_charge, reference, bill_name, bill_street, bill_postal_code, bill_city, bill_country, bill_vat_number, issued_at, due_date ON invoices
BEGIN
    SELECT RAISE(ABORT, 'issued invoices are immutable');
END;
CREATE TRIGGER invoices_undeletable BEFORE DELETE ON invoices
BEGIN
    SELECT RAISE(ABORT, 'issued invoices are immutable');
END;
CREATE TRIGGER invoice_lines_immutable BEFORE UPDATE ON invoice_lines
BEGIN
    SELECT RAISE(ABORT, 'issued invoices are immutable');
END;
CREATE TRIGGER invoice_lines_undeletable BEFORE DELETE ON invoice_lines
BEGIN
    SELECT RAISE(ABORT, 'issued invoices are immutable');
END;

-- BIL-8: the sandbox card processor's own records (it stands for a processor's systems).
CREATE TABLE sandbox_cards (
    token TEXT PRIMARY KEY,
    brand TEXT NOT NULL,
    last4 TEXT NOT NULL,
    exp_month INTEGER NOT NULL,
    exp_year INTEGER NOT NULL,
    behaviour TEXT NOT NULL,
    created_at BIGINT NOT NULL
);

CREATE TABLE sandbox_charges (
    id TEXT PRIMARY KEY,
    card_token TEXT NOT NULL REFERENCES sandbox_cards(token),
    amount_minor BIGINT NOT NULL,
    currency TEXT NOT NULL,
    status TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    refunded_at BIGINT
);

-- PRD-10
CREATE TABLE sites (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    product_id BIGINT NOT NULL REFERENCES products(id),
    name TEXT NOT NULL,
    mysql_prefix BOOLEAN NOT NULL DEFAULT FALSE,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL,
    UNIQUE (product_id, name)
);

CREATE TABLE site_env (
    site_id BIGINT NOT NULL REFERENCES sites(id),
    name TEXT NOT NULL,
    value TEXT NOT NULL,
    PRIMARY KEY (site_id, name)
);

CREATE TABLE site_databases (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    site_id BIGINT NOT NULL REFERENCES sites(id),
    product_id BIGINT NOT NULL REFERENCES products(id),
    kind TEXT NOT NULL,
    full_name TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    UNIQUE (product_id, kind, full_name)
);

-- PRD-9 / ORG-7: who holds a seat of a workspace suite; mailboxes of mail services.
CREATE TABLE workspace_seats (
    product_id BIGINT NOT NULL REFERENCES products(id),
    user_id BIGINT NOT NULL REFERENCES users(id),
    PRIMARY KEY (product_id, user_id)
);

CREATE TABLE mailboxes (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    product_id BIGINT NOT NULL REFERENCES products(id),
    address TEXT NOT NULL UNIQUE,
    created_at BIGINT NOT NULL
);
CREATE INDEX mailboxes_product ON mailboxes(product_id);

-- EVT-1: operator-registered endpoints; the signing secret is derived from the server key and
-- the salt, so no usable secret is stored.
CREATE TABLE webhook_endpoints (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    url TEXT NOT NULL,
    events TEXT NOT NULL,
    secret_salt TEXT NOT NULL,
    active BOOLEAN NOT NULL DEFAULT TRUE,
    created_at BIGINT NOT NULL
);

CREATE TABLE webhook_events (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    event_type TEXT NOT NULL,
    organization_id BIGINT,
    payload TEXT NOT NULL,
    created_at BIGINT NOT NULL
);

CREATE TABLE webhook_deliveries (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    event_id BIGINT NOT NULL REFERENCES webhook_events(id),
    endpoint_id BIGINT NOT NULL REFERENCES webhook_endpoints(id),
    attempts INTEGER NOT NULL DEFAULT 0,
    next_attempt_at BIGINT NOT NULL,
    delivered_at BIGINT,
    failed_at BIGINT,
    last_status INTEGER,
    last_error TEXT NOT NULL DEFAULT '',
    created_at BIGINT NOT NULL
);
CREATE INDEX webhook_deliveries_due ON webhook_deliveries(next_attempt_at);

CREATE TABLE webhook_attempts (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    delivery_id BIGINT NOT NULL REFERENCES webhook_deliveries(id),
    at BIGINT NOT NULL,
    status_code INTEGER,
    error TEXT NOT NULL DEFAULT '',
    duration_ms BIGINT NOT NULL
);
CREATE INDEX webhook_attempts_delivery ON webhook_attempts(delivery_id, id);
