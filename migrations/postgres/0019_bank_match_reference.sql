-- REC-1 at scale: a credit's payment reference as invoices and top-ups store theirs (no spaces,
-- upper case), so the exact payments of a chunk of credits are found by one join inside the
-- database instead of reading the credits and their invoices out. Credits recorded before this
-- column keep '' and are routed one by one, as before.
ALTER TABLE bank_transactions ADD COLUMN match_reference TEXT NOT NULL DEFAULT '';
