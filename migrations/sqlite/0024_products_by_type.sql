-- The console's products list sorted by type and the home page's count per type (issue 18).
CREATE INDEX products_org_type ON products(organization_id, product_type, id);
