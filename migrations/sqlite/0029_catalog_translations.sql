-- Catalogue names and descriptions per language (issue 18 item 7): JSON
-- {"de": {"name": "…", "description": "…"}, …}; English is the row's own name and description.
ALTER TABLE catalog_types ADD COLUMN translations TEXT NOT NULL DEFAULT '{}';
ALTER TABLE catalog_plans ADD COLUMN translations TEXT NOT NULL DEFAULT '{}';
