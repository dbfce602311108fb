-- A counter every change of the catalogue raises in its own transaction, so each server keeps
-- the catalogue in memory and reloads it only when it changed (issue 18: the console's lists).
CREATE TABLE catalog_version (
    id INTEGER PRIMARY KEY,
    n BIGINT NOT NULL
);
INSERT INTO catalog_version (id, n) VALUES (1, 0);
