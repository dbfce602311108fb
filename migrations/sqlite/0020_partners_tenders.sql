-- PAR-1, PAR-11: an organization's partner application and, once approved, its partner
-- record: the discount rate staff set (basis points) and its directory entry (opt-in).
-- One row per organization; a rejected application is filed again on the same row.
CREATE TABLE partners (
    organization_id BIGINT PRIMARY KEY REFERENCES organizations(id),
    status TEXT NOT NULL,
    website TEXT NOT NULL,
    expected_volume BIGINT NOT NULL,
    applied_at BIGINT NOT NULL,
    applied_by BIGINT NOT NULL REFERENCES users(id),
    conditions_accepted_at BIGINT NOT NULL,
    decided_at BIGINT,
    decided_by BIGINT REFERENCES staff(id),
    reason TEXT NOT NULL DEFAULT '',
    discount_bp BIGINT NOT NULL,
    listed BOOLEAN NOT NULL DEFAULT FALSE,
    contact_email TEXT NOT NULL DEFAULT '',
    languages TEXT NOT NULL DEFAULT '',
    regions TEXT NOT NULL DEFAULT '',
    services TEXT NOT NULL DEFAULT '',
    updated_at BIGINT NOT NULL
);
CREATE INDEX partners_status ON partners(status, applied_at);

-- TEN-1..3: calls for tender. The cancellation link's secret is kept as its SHA-256.
CREATE TABLE tenders (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    need TEXT NOT NULL,
    category TEXT NOT NULL,
    budget_min BIGINT NOT NULL,
    budget_max BIGINT NOT NULL,
    currency TEXT NOT NULL,
    language TEXT NOT NULL,
    region TEXT NOT NULL,
    contact_name TEXT NOT NULL,
    email TEXT NOT NULL,
    phone TEXT NOT NULL,
    status TEXT NOT NULL,
    cancel_hash TEXT NOT NULL UNIQUE,
    posted_at BIGINT NOT NULL,
    closes_at BIGINT NOT NULL,
    closed_at BIGINT,
    ip TEXT NOT NULL DEFAULT ''
);
CREATE INDEX tenders_open ON tenders(status, closes_at);

-- TEN-2: who of which partner opened a tender, and when first and last.
CREATE TABLE tender_views (
    tender_id BIGINT NOT NULL REFERENCES tenders(id),
    organization_id BIGINT NOT NULL REFERENCES organizations(id),
    user_id BIGINT NOT NULL REFERENCES users(id),
    first_at BIGINT NOT NULL,
    last_at BIGINT NOT NULL,
    views BIGINT NOT NULL,
    PRIMARY KEY (tender_id, organization_id, user_id)
);
