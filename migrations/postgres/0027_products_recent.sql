-- The console's default products view is "expiring within two months OR ordered in the last
-- 30 days" (issue 18). Its page walks products_org_expiry; its count adds the window (an
-- index range of products_org_expiry) to what was created since and expires outside it — this
-- index's range, which it answers without reading the rows.
CREATE INDEX products_org_created ON products(organization_id, created_at, expires_at);
