-- SEC-5: identity verification requests of users who lost both their device and their backup
-- codes. The two photos are sealed with the server key (ChaCha20-Poly1305, bound to the
-- request) and kept in the database, so every server instance sees them; they are set to NULL
-- once a decision is older than the retention period (purged_at says when).
CREATE TABLE identity_verifications (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    user_id BIGINT NOT NULL REFERENCES users(id),
    status TEXT NOT NULL,
    document_type TEXT NOT NULL,
    document BLOB,
    selfie_type TEXT NOT NULL,
    selfie BLOB,
    filed_at BIGINT NOT NULL,
    ip TEXT NOT NULL DEFAULT '',
    decided_at BIGINT,
    decided_by BIGINT REFERENCES staff(id),
    note TEXT NOT NULL DEFAULT '',
    purged_at BIGINT
);
CREATE INDEX identity_verifications_status ON identity_verifications(status, filed_at);
-- One request waits per user at a time.
CREATE UNIQUE INDEX identity_verifications_pending ON identity_verifications(user_id) WHERE status = 'pending';

-- SUP-2: the VIP code of an organization holding the premium-support product, made the first
-- time it is shown.
ALTER TABLE organizations ADD COLUMN vip_code TEXT;
CREATE UNIQUE INDEX organizations_vip_code ON organizations(vip_code);
