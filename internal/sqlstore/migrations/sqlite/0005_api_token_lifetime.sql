-- Personal API tokens expire and can be revoked. A token without an expiry (made
-- before this migration) no longer works: its owner makes a new one.
ALTER TABLE api_tokens ADD COLUMN expires_at TEXT;
ALTER TABLE api_tokens ADD COLUMN revoked_at TEXT;
CREATE INDEX api_tokens_user ON api_tokens (user_id);
