-- SEC-6: an outbox body is sealed with the server key while it waits (`body` then holds the
-- sealed text and `kept` the sealed copy without its one-time links); at delivery or when
-- delivery is given up, `body` becomes that copy in clear and `kept` is emptied. Bodies
-- delivered before this migration are marked for the housekeeping job, which removes the
-- one-time links they still hold.
ALTER TABLE outbox ADD COLUMN kept TEXT NOT NULL DEFAULT '';
UPDATE outbox SET kept = 'legacy' WHERE delivered_at IS NOT NULL OR failed_at IS NOT NULL;
