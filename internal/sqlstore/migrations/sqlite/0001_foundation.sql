-- Foundation: organisations, users, sessions, households, persons, cases, the access log.
-- Instants are TEXT in the fixed-width UTC form 2006-01-02T15:04:05.000000Z; dates are TEXT 2006-01-02.

CREATE TABLE organisations (
	id         INTEGER PRIMARY KEY,
	name       TEXT NOT NULL UNIQUE,
	sector     TEXT NOT NULL CHECK (sector IN ('gemeente','zorg','jeugd','veiligheid','wonen','schulden','onderwijs')),
	created_at TEXT NOT NULL,
	updated_at TEXT NOT NULL
);

CREATE TABLE departments (
	id              INTEGER PRIMARY KEY,
	organisation_id INTEGER NOT NULL REFERENCES organisations (id),
	name            TEXT NOT NULL,
	UNIQUE (organisation_id, name)
);

CREATE TABLE users (
	id              INTEGER PRIMARY KEY,
	username        TEXT NOT NULL UNIQUE,
	display_name    TEXT NOT NULL,
	email           TEXT NOT NULL DEFAULT '',
	organisation_id INTEGER NOT NULL REFERENCES organisations (id),
	role            TEXT NOT NULL CHECK (role IN ('regisseur','professional','analyst','privacy_officer','admin','editor')),
	password_hash   TEXT NOT NULL,
	disabled        INTEGER NOT NULL DEFAULT 0,
	created_at      TEXT NOT NULL,
	updated_at      TEXT NOT NULL
);
CREATE INDEX users_organisation ON users (organisation_id);

CREATE TABLE api_tokens (
	id           INTEGER PRIMARY KEY,
	user_id      INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
	name         TEXT NOT NULL,
	token_hash   TEXT NOT NULL UNIQUE,
	created_at   TEXT NOT NULL,
	last_used_at TEXT
);

-- Sessions are kept by the hash of their ID: the database never holds a usable one.
CREATE TABLE sessions (
	id_hash      TEXT PRIMARY KEY,
	user_id      INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
	csrf_token   TEXT NOT NULL,
	created_at   TEXT NOT NULL,
	last_seen_at TEXT NOT NULL
);
CREATE INDEX sessions_user ON sessions (user_id);

-- Failed sign-ins per key ("user:<name>" or "addr:<address>") within the current window.
CREATE TABLE login_failures (
	key          TEXT PRIMARY KEY,
	failures     INTEGER NOT NULL,
	window_start TEXT NOT NULL,
	locked_until TEXT
);

CREATE TABLE households (
	id                    INTEGER PRIMARY KEY,
	street                TEXT NOT NULL,
	house_number          INTEGER NOT NULL,
	house_number_addition TEXT NOT NULL DEFAULT '',
	postcode              TEXT NOT NULL,
	city                  TEXT NOT NULL,
	wijk                  TEXT NOT NULL DEFAULT '',
	registered_by_org_id  INTEGER NOT NULL REFERENCES organisations (id),
	created_at            TEXT NOT NULL,
	updated_at            TEXT NOT NULL
);
CREATE INDEX households_postcode ON households (postcode, house_number);
CREATE INDEX households_registered_by ON households (registered_by_org_id);

-- The BSN is kept as a keyed hash (exact matching), its last four digits (masked
-- display) and AES-GCM ciphertext (full display to those who need it).
CREATE TABLE persons (
	id                   INTEGER PRIMARY KEY,
	given_name           TEXT NOT NULL,
	family_name_prefix   TEXT NOT NULL DEFAULT '',
	family_name          TEXT NOT NULL,
	birth_date           TEXT NOT NULL,
	bsn_hash             TEXT UNIQUE,
	bsn_last4            TEXT NOT NULL DEFAULT '',
	bsn_enc              TEXT NOT NULL DEFAULT '',
	registered_by_org_id INTEGER NOT NULL REFERENCES organisations (id),
	created_at           TEXT NOT NULL,
	updated_at           TEXT NOT NULL
);
CREATE INDEX persons_family_name ON persons (family_name);

CREATE TABLE memberships (
	id           INTEGER PRIMARY KEY,
	household_id INTEGER NOT NULL REFERENCES households (id),
	person_id    INTEGER NOT NULL REFERENCES persons (id),
	from_date    TEXT NOT NULL,
	to_date      TEXT,
	role         TEXT NOT NULL CHECK (role IN ('hoofdbewoner','partner','kind','overig')),
	CHECK (to_date IS NULL OR to_date >= from_date)
);
CREATE INDEX memberships_household ON memberships (household_id);
CREATE INDEX memberships_person ON memberships (person_id);

CREATE TABLE relations (
	id                INTEGER PRIMARY KEY,
	person_id         INTEGER NOT NULL REFERENCES persons (id),
	related_person_id INTEGER NOT NULL REFERENCES persons (id),
	kind              TEXT NOT NULL CHECK (kind IN ('ouder','partner','broer_zus')),
	created_at        TEXT NOT NULL,
	UNIQUE (person_id, related_person_id, kind),
	CHECK (person_id <> related_person_id)
);
CREATE INDEX relations_related ON relations (related_person_id);

CREATE TABLE cases (
	id              INTEGER PRIMARY KEY,
	household_id    INTEGER NOT NULL REFERENCES households (id),
	title           TEXT NOT NULL,
	status          TEXT NOT NULL CHECK (status IN ('aanmelding','analyse','plan','uitvoering','monitoring','afgesloten')),
	regisseur_id    INTEGER NOT NULL REFERENCES users (id),
	organisation_id INTEGER NOT NULL REFERENCES organisations (id),
	opened_at       TEXT NOT NULL,
	closed_at       TEXT,
	created_at      TEXT NOT NULL,
	updated_at      TEXT NOT NULL
);
CREATE INDEX cases_household ON cases (household_id);
CREATE INDEX cases_regisseur ON cases (regisseur_id);
CREATE INDEX cases_organisation ON cases (organisation_id);

CREATE TABLE case_status_changes (
	id          INTEGER PRIMARY KEY,
	case_id     INTEGER NOT NULL REFERENCES cases (id),
	from_status TEXT NOT NULL DEFAULT '',
	to_status   TEXT NOT NULL,
	reason      TEXT NOT NULL,
	user_id     INTEGER REFERENCES users (id),
	changed_at  TEXT NOT NULL
);
CREATE INDEX case_status_changes_case ON case_status_changes (case_id);

CREATE TABLE involvements (
	id              INTEGER PRIMARY KEY,
	case_id         INTEGER NOT NULL REFERENCES cases (id),
	organisation_id INTEGER NOT NULL REFERENCES organisations (id),
	from_date       TEXT NOT NULL,
	to_date         TEXT,
	legal_basis     TEXT NOT NULL CHECK (legal_basis IN ('toestemming','wettelijke_taak','rechterlijke_uitspraak','convenant_zvh')),
	contact_user_id INTEGER REFERENCES users (id),
	note            TEXT NOT NULL DEFAULT '',
	CHECK (to_date IS NULL OR to_date >= from_date)
);
CREATE INDEX involvements_case ON involvements (case_id);
CREATE INDEX involvements_organisation ON involvements (organisation_id, case_id);

-- The access log (NEN 7513). Append-only: the triggers refuse UPDATE and DELETE.
-- objects holds " type:id type:id " (padded with spaces) so that one object can be
-- found with LIKE '% person:12 %'.
CREATE TABLE access_log (
	position        INTEGER PRIMARY KEY,
	occurred_at     TEXT NOT NULL,
	event_type      TEXT NOT NULL,
	action          TEXT NOT NULL,
	outcome         TEXT NOT NULL,
	user_id         INTEGER NOT NULL,
	username        TEXT NOT NULL,
	organisation_id INTEGER NOT NULL,
	role            TEXT NOT NULL,
	client_addr     TEXT NOT NULL,
	objects         TEXT NOT NULL,
	basis           TEXT NOT NULL,
	purpose         TEXT NOT NULL,
	prev_hash       TEXT NOT NULL,
	hash            TEXT NOT NULL
);
CREATE INDEX access_log_occurred ON access_log (occurred_at);
CREATE INDEX access_log_user ON access_log (user_id, position);
CREATE INDEX access_log_organisation ON access_log (organisation_id, position);

CREATE TRIGGER access_log_no_update BEFORE UPDATE ON access_log
BEGIN SELECT RAISE(ABORT, 'access_log is append-only'); END;
CREATE TRIGGER access_log_no_delete BEFORE DELETE ON access_log
BEGIN SELECT RAISE(ABORT, 'access_log is append-only'); END;

-- The head of the chain: the last position and hash. Locked while appending.
CREATE TABLE audit_head (
	id       INTEGER PRIMARY KEY CHECK (id = 1),
	position INTEGER NOT NULL,
	hash     TEXT NOT NULL
);
INSERT INTO audit_head (id, position, hash) VALUES (1, 0, '');
-- The head only moves forward and is never removed, so cutting entries off the end of
-- the log cannot be hidden by rewinding it without first dropping these triggers.
CREATE TRIGGER audit_head_forward BEFORE UPDATE ON audit_head
WHEN NEW.position <= OLD.position OR NEW.id <> OLD.id
BEGIN SELECT RAISE(ABORT, 'audit_head only moves forward'); END;
CREATE TRIGGER audit_head_no_delete BEFORE DELETE ON audit_head
BEGIN SELECT RAISE(ABORT, 'audit_head cannot be removed'); END;
