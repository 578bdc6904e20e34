-- Cost files uploaded in the web UI, kept between the steps of an import (column
-- mapping, preview, confirmation) for an hour at most. The content is encrypted
-- with the store's key (AES-256-GCM) and belongs to the user who uploaded it.
CREATE TABLE cost_uploads (
	id         INTEGER PRIMARY KEY AUTOINCREMENT,
	user_id    INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
	file_name  TEXT NOT NULL,
	content    BLOB NOT NULL,
	size       INTEGER NOT NULL,
	created_at TEXT NOT NULL,
	expires_at TEXT NOT NULL
);
CREATE INDEX cost_uploads_user ON cost_uploads (user_id);
CREATE INDEX cost_uploads_expires ON cost_uploads (expires_at);
