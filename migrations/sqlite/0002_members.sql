-- Organizations, members, invitations, workgroups (ORG, GRP) and the product records that
-- grants point at (the catalogue issue adds plans, periods and prices to products).

ALTER TABLE users ADD COLUMN home_organization_id BIGINT;

CREATE TABLE products (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    organization_id BIGINT NOT NULL REFERENCES organizations(id),
    product_type TEXT NOT NULL,
    name TEXT NOT NULL,
    status TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL,
    UNIQUE (organization_id, product_type, name)
);
CREATE INDEX products_org ON products(organization_id, id);

CREATE TABLE member_products (
    organization_id BIGINT NOT NULL REFERENCES organizations(id),
    user_id BIGINT NOT NULL REFERENCES users(id),
    product_id BIGINT NOT NULL REFERENCES products(id),
    PRIMARY KEY (organization_id, user_id, product_id)
);

CREATE TABLE workgroups (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    organization_id BIGINT NOT NULL REFERENCES organizations(id),
    name TEXT NOT NULL,
    leader_user_id BIGINT REFERENCES users(id),
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL,
    UNIQUE (organization_id, name)
);

CREATE TABLE workgroup_members (
    workgroup_id BIGINT NOT NULL REFERENCES workgroups(id),
    user_id BIGINT NOT NULL REFERENCES users(id),
    PRIMARY KEY (workgroup_id, user_id)
);
CREATE INDEX workgroup_members_user ON workgroup_members(user_id);

CREATE TABLE workgroup_products (
    workgroup_id BIGINT NOT NULL REFERENCES workgroups(id),
    product_id BIGINT NOT NULL REFERENCES products(id),
    PRIMARY KEY (workgroup_id, product_id)
);

CREATE TABLE invitations (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    organization_id BIGINT NOT NULL REFERENCES organizations(id),
    email TEXT NOT NULL,
    token_hash TEXT NOT NULL UNIQUE,
    role TEXT NOT NULL,
    billing BOOLEAN NOT NULL,
    contact_preferences TEXT NOT NULL DEFAULT '',
    products TEXT NOT NULL DEFAULT '',
    workgroups TEXT NOT NULL DEFAULT '',
    language TEXT NOT NULL,
    status TEXT NOT NULL,
    invited_by BIGINT NOT NULL REFERENCES users(id),
    created_at BIGINT NOT NULL,
    expires_at BIGINT NOT NULL,
    decided_at BIGINT,
    user_id BIGINT
);
CREATE INDEX invitations_org ON invitations(organization_id, status);

CREATE TABLE service_tokens (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    name TEXT NOT NULL UNIQUE,
    token_hash TEXT NOT NULL UNIQUE,
    scopes TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    revoked_at BIGINT
);
