-- PAR-12: an organization registered as an affiliate, with its referral code and commission
-- rate (basis points, fixed at registration); and the organizations that signed up through
-- a referral link, one attribution each (the first wins), with the commission credited on
-- their first paid invoice.
CREATE TABLE affiliates (
    organization_id BIGINT PRIMARY KEY REFERENCES organizations(id),
    code TEXT NOT NULL UNIQUE,
    commission_bp BIGINT NOT NULL,
    registered_by BIGINT NOT NULL REFERENCES users(id),
    registered_at BIGINT NOT NULL,
    conditions_accepted_at BIGINT NOT NULL
);
CREATE TABLE referrals (
    organization_id BIGINT PRIMARY KEY REFERENCES organizations(id),
    affiliate_id BIGINT NOT NULL REFERENCES affiliates(organization_id),
    clicked_at BIGINT NOT NULL,
    attributed_at BIGINT NOT NULL,
    invoice_id BIGINT REFERENCES invoices(id),
    commission_minor BIGINT NOT NULL DEFAULT 0,
    commission_currency TEXT NOT NULL DEFAULT '',
    credited_at BIGINT
);
CREATE INDEX referrals_affiliate ON referrals(affiliate_id, attributed_at);
