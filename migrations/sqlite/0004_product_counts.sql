-- The number of products of each organization, kept by triggers inside the writing
-- transaction, so an unfiltered product list answers its total without counting every row
-- (PRD-6; docs/PERFORMANCE.md). Filtered lists still count.
CREATE TABLE product_counts (
    organization_id INTEGER PRIMARY KEY REFERENCES organizations(id) ON DELETE CASCADE,
    n INTEGER NOT NULL DEFAULT 0
);

INSERT INTO product_counts (organization_id, n)
    SELECT organization_id, COUNT(*) FROM products GROUP BY organization_id;

CREATE TRIGGER products_count_insert AFTER INSERT ON products
BEGIN
    INSERT INTO product_counts (organization_id, n) VALUES (NEW.organization_id, 1)
        ON CONFLICT (organization_id) DO UPDATE SET n = n + 1;
END;

CREATE TRIGGER products_count_delete AFTER DELETE ON products
BEGIN
    UPDATE product_counts SET n = n - 1 WHERE organization_id = OLD.organization_id;
END;

CREATE TRIGGER products_count_move AFTER UPDATE OF organization_id ON products
WHEN OLD.organization_id <> NEW.organization_id
BEGIN
    UPDATE product_counts SET n = n - 1 WHERE organization_id = OLD.organization_id;
    INSERT INTO product_counts (organization_id, n) VALUES (NEW.organization_id, 1)
        ON CONFLICT (organization_id) DO UPDATE SET n = n + 1;
END;
