-- API-3: the accepted requests of the last minute per rate key (a user, or a service token), so
-- that several instances on one PostgreSQL share one limit. A single SQLite instance counts in
-- memory and leaves this table empty.
CREATE TABLE rate_hits (
    rate_key TEXT NOT NULL,
    at_ms BIGINT NOT NULL
);
CREATE INDEX rate_hits_key ON rate_hits(rate_key, at_ms);
CREATE INDEX rate_hits_at ON rate_hits(at_ms);
