-- PAR-2..PAR-9: partnerships between a client organization and a partner organization.
-- `offered` (the client gave access, the partner has not accepted yet) or `requested` (the
-- partner asked an address for access; the client organization is known once someone
-- accepts) until decided; then `active`, or `refused` / `withdrawn`; an active one `ended`.
-- The accept/refuse link's secret is kept as its SHA-256 and replaced on resend.
CREATE TABLE partnerships (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    client_id BIGINT REFERENCES organizations(id),
    partner_id BIGINT NOT NULL REFERENCES organizations(id),
    status TEXT NOT NULL,
    initiator TEXT NOT NULL,
    access TEXT NOT NULL,
    payment_mode TEXT NOT NULL DEFAULT '',
    categories TEXT NOT NULL DEFAULT '',
    email TEXT NOT NULL DEFAULT '',
    token_hash TEXT NOT NULL,
    language TEXT NOT NULL DEFAULT 'en',
    created_by BIGINT NOT NULL REFERENCES users(id),
    created_at BIGINT NOT NULL,
    sent_at BIGINT NOT NULL,
    started_at BIGINT,
    ended_at BIGINT,
    ended_by BIGINT REFERENCES users(id),
    updated_at BIGINT NOT NULL
);
CREATE UNIQUE INDEX partnerships_token ON partnerships(token_hash);
-- A client works with one partner at a time: one offered or active partnership per client.
CREATE UNIQUE INDEX partnerships_live_client ON partnerships(client_id) WHERE status IN ('offered', 'active');
-- One waiting request of a partner per address.
CREATE UNIQUE INDEX partnerships_live_request_email ON partnerships(partner_id, email) WHERE status = 'requested';
CREATE INDEX partnerships_partner ON partnerships(partner_id, status);

-- PAR-2 limited access: the products the partner manages.
CREATE TABLE partnership_products (
    partnership_id BIGINT NOT NULL REFERENCES partnerships(id),
    product_id BIGINT NOT NULL REFERENCES products(id),
    PRIMARY KEY (partnership_id, product_id)
);

-- PAR-9: which members of the partner manage the client (legal representatives always do).
CREATE TABLE partnership_members (
    partnership_id BIGINT NOT NULL REFERENCES partnerships(id),
    user_id BIGINT NOT NULL REFERENCES users(id),
    PRIMARY KEY (partnership_id, user_id)
);
