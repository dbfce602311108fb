-- SEC-1..4: the second factor of a user or a staff member (owner_kind 'user' or 'staff').
-- One row per owner; confirmed_at stays NULL while the set-up waits for its first code.
-- secret is the TOTP secret sealed with the server key (SEC-6); last_step is the last
-- 30-second step a code was accepted for, so a code works once (replay refused).
CREATE TABLE second_factors (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    owner_kind TEXT NOT NULL,
    owner_id BIGINT NOT NULL,
    method TEXT NOT NULL,
    secret TEXT NOT NULL DEFAULT '',
    phone TEXT NOT NULL DEFAULT '',
    last_step BIGINT NOT NULL DEFAULT 0,
    created_at BIGINT NOT NULL,
    confirmed_at BIGINT,
    UNIQUE (owner_kind, owner_id)
);

-- SEC-2: only the hashes of the backup codes are kept.
CREATE TABLE backup_codes (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    owner_kind TEXT NOT NULL,
    owner_id BIGINT NOT NULL,
    code_hash TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    used_at BIGINT
);
CREATE INDEX backup_codes_owner ON backup_codes(owner_kind, owner_id);

-- SEC-1: codes sent by SMS (hashed), single use, expiring.
CREATE TABLE sms_codes (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    owner_kind TEXT NOT NULL,
    owner_id BIGINT NOT NULL,
    code_hash TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    expires_at BIGINT NOT NULL,
    used_at BIGINT
);
CREATE INDEX sms_codes_owner ON sms_codes(owner_kind, owner_id, created_at);

-- SEC-3: a sign-in whose password was right and that waits for its second factor. No session
-- exists until the code is checked; the browser holds the secret, the table its SHA-256.
CREATE TABLE signin_challenges (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    secret_hash TEXT NOT NULL UNIQUE,
    owner_kind TEXT NOT NULL,
    owner_id BIGINT NOT NULL,
    next_path TEXT NOT NULL DEFAULT '',
    created_at BIGINT NOT NULL,
    expires_at BIGINT NOT NULL,
    used_at BIGINT
);
CREATE INDEX signin_challenges_expires ON signin_challenges(expires_at);

-- STF-1: the provider's staff, apart from customer users.
CREATE TABLE staff (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    email TEXT NOT NULL UNIQUE,
    password_hash TEXT NOT NULL,
    name TEXT NOT NULL,
    role TEXT NOT NULL,
    language TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    disabled_at BIGINT
);

CREATE TABLE staff_sessions (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    token_hash TEXT NOT NULL UNIQUE,
    staff_id BIGINT NOT NULL REFERENCES staff(id),
    created_at BIGINT NOT NULL,
    last_seen_at BIGINT NOT NULL,
    expires_at BIGINT NOT NULL,
    ip TEXT NOT NULL DEFAULT ''
);
CREATE INDEX staff_sessions_staff ON staff_sessions(staff_id);

-- SUP-3: a user's grant to support staff, per kind (mail, drive, chat), for 7 days.
CREATE TABLE support_grants (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    user_id BIGINT NOT NULL REFERENCES users(id),
    kind TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    expires_at BIGINT NOT NULL,
    ended_at BIGINT,
    end_reason TEXT NOT NULL DEFAULT ''
);
CREATE INDEX support_grants_user ON support_grants(user_id, kind);
CREATE INDEX support_grants_live ON support_grants(expires_at) WHERE ended_at IS NULL;

-- SUP-4: every staff access to customer content or account data, as the customer sees it.
CREATE TABLE support_access_log (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    user_id BIGINT NOT NULL REFERENCES users(id),
    organization_id BIGINT,
    staff_id BIGINT,
    staff_name TEXT NOT NULL,
    kind TEXT NOT NULL,
    what TEXT NOT NULL,
    at BIGINT NOT NULL
);
CREATE INDEX support_access_log_user ON support_access_log(user_id, at);
