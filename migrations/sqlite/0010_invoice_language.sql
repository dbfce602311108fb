-- MSG-2, BIL-1: the language an invoice was issued in. Its lines are written in it and its PDF
-- is always rendered in it, so an issued invoice never changes. Invoices issued before this
-- migration were written in English.
ALTER TABLE invoices ADD COLUMN language TEXT NOT NULL DEFAULT 'en';
