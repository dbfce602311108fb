-- The number of products of each organization, kept by triggers inside the writing
-- transaction, so an unfiltered product list answers its total without counting every row
-- (PRD-6; docs/PERFORMANCE.md). Filtered lists still count.
CREATE TABLE product_counts (
    organization_id BIGINT PRIMARY KEY REFERENCES organizations(id) ON DELETE CASCADE,
    n BIGINT NOT NULL DEFAULT 0
);

INSERT INTO product_counts (organization_id, n)
    SELECT organization_id, COUNT(*) FROM products GROUP BY organization_id;

CREATE FUNCTION kontor_count_products() RETURNS trigger AS $$
BEGIN
    IF TG_OP IN ('DELETE', 'UPDATE') THEN
        UPDATE product_counts SET n = n - 1 WHERE organization_id = OLD.organization_id;
    END IF;
    IF TG_OP IN ('INSERT', 'UPDATE') THEN
        INSERT INTO product_counts (organization_id, n) VALUES (NEW.organization_id, 1)
            ON CONFLICT (organization_id) DO UPDATE SET n = product_counts.n + 1;
    END IF;
    RETURN NULL;
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER products_count AFTER INSERT OR DELETE ON products
    FOR EACH ROW EXECUTE FUNCTION kontor_count_products();
CREATE TRIGGER products_count_move AFTER UPDATE OF organization_id ON products
    FOR EACH ROW WHEN (OLD.organization_id IS DISTINCT FROM NEW.organization_id)
    EXECUTE FUNCTION kontor_count_products();
