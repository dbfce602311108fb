-- The device a session was opened from, for the profile's list of sessions (issue 18).
ALTER TABLE sessions ADD COLUMN user_agent TEXT NOT NULL DEFAULT '';
