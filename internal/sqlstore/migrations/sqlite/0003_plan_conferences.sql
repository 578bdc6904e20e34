-- The one plan (goals, actions, progress notes, versions), case conferences with
-- their invitees, attendance and decisions, deviations (maatwerk) and escalations.
-- Instants are TEXT in the fixed-width UTC form; dates are TEXT 2006-01-02.

CREATE TABLE goals (
	id              INTEGER PRIMARY KEY,
	case_id         INTEGER NOT NULL REFERENCES cases (id),
	domain          INTEGER NOT NULL CHECK (domain BETWEEN 1 AND 13),
	description     TEXT NOT NULL,
	target_date     TEXT NOT NULL,
	status          TEXT NOT NULL CHECK (status IN ('open','behaald','niet_behaald','vervallen')),
	evaluation      TEXT NOT NULL DEFAULT '',
	confidentiality TEXT NOT NULL CHECK (confidentiality IN ('normaal','vertrouwelijk')),
	organisation_id INTEGER NOT NULL REFERENCES organisations (id),
	created_by      INTEGER REFERENCES users (id),
	created_at      TEXT NOT NULL,
	updated_at      TEXT NOT NULL
);
CREATE INDEX goals_case ON goals (case_id);

CREATE TABLE goal_persons (
	goal_id   INTEGER NOT NULL REFERENCES goals (id),
	person_id INTEGER NOT NULL REFERENCES persons (id),
	PRIMARY KEY (goal_id, person_id)
);
CREATE INDEX goal_persons_person ON goal_persons (person_id);

CREATE TABLE conferences (
	id               INTEGER PRIMARY KEY,
	case_id          INTEGER NOT NULL REFERENCES cases (id),
	starts_at        TEXT NOT NULL,
	duration_minutes INTEGER NOT NULL CHECK (duration_minutes > 0),
	location         TEXT NOT NULL DEFAULT '',
	video_url        TEXT NOT NULL DEFAULT '',
	minutes          TEXT NOT NULL DEFAULT '',
	sequence         INTEGER NOT NULL DEFAULT 0,
	created_by       INTEGER REFERENCES users (id),
	created_at       TEXT NOT NULL,
	updated_at       TEXT NOT NULL
);
CREATE INDEX conferences_case ON conferences (case_id, starts_at);

CREATE TABLE conference_agenda_items (
	conference_id INTEGER NOT NULL REFERENCES conferences (id),
	position      INTEGER NOT NULL,
	text          TEXT NOT NULL,
	PRIMARY KEY (conference_id, position)
);

-- An invitee is an organisation as a whole (user_id NULL) or one user of it.
CREATE TABLE conference_invitees (
	id              INTEGER PRIMARY KEY,
	conference_id   INTEGER NOT NULL REFERENCES conferences (id),
	organisation_id INTEGER NOT NULL REFERENCES organisations (id),
	user_id         INTEGER REFERENCES users (id)
);
CREATE UNIQUE INDEX conference_invitees_org ON conference_invitees (conference_id, organisation_id) WHERE user_id IS NULL;
CREATE UNIQUE INDEX conference_invitees_user ON conference_invitees (conference_id, user_id) WHERE user_id IS NOT NULL;

CREATE TABLE conference_attendance (
	conference_id INTEGER NOT NULL REFERENCES conferences (id),
	user_id       INTEGER NOT NULL REFERENCES users (id),
	PRIMARY KEY (conference_id, user_id)
);

CREATE TABLE conference_decisions (
	id            INTEGER PRIMARY KEY,
	conference_id INTEGER NOT NULL REFERENCES conferences (id),
	case_id       INTEGER NOT NULL REFERENCES cases (id),
	text          TEXT NOT NULL,
	status        TEXT NOT NULL CHECK (status IN ('open','actie','gedaan')),
	resolved_at   TEXT,
	created_by    INTEGER REFERENCES users (id),
	created_at    TEXT NOT NULL,
	CHECK ((status = 'open') = (resolved_at IS NULL))
);
CREATE INDEX conference_decisions_conference ON conference_decisions (conference_id);
CREATE INDEX conference_decisions_case ON conference_decisions (case_id, status);

CREATE TABLE actions (
	id              INTEGER PRIMARY KEY,
	goal_id         INTEGER NOT NULL REFERENCES goals (id),
	case_id         INTEGER NOT NULL REFERENCES cases (id),
	description     TEXT NOT NULL,
	organisation_id INTEGER NOT NULL REFERENCES organisations (id),
	owner_user_id   INTEGER NOT NULL REFERENCES users (id),
	kind            TEXT NOT NULL CHECK (kind IN ('preventie','zorg','drang_dwang_straf')),
	due_date        TEXT NOT NULL,
	status          TEXT NOT NULL CHECK (status IN ('open','bezig','gedaan','vervallen')),
	confidentiality TEXT NOT NULL CHECK (confidentiality IN ('normaal','vertrouwelijk')),
	decision_id     INTEGER UNIQUE REFERENCES conference_decisions (id),
	created_by      INTEGER REFERENCES users (id),
	created_at      TEXT NOT NULL,
	updated_at      TEXT NOT NULL
);
CREATE INDEX actions_goal ON actions (goal_id);
CREATE INDEX actions_case ON actions (case_id);
CREATE INDEX actions_owner_due ON actions (owner_user_id, status, due_date);

-- Progress notes on a goal (action_id NULL) or on one action under it.
CREATE TABLE plan_notes (
	id         INTEGER PRIMARY KEY,
	goal_id    INTEGER NOT NULL REFERENCES goals (id),
	action_id  INTEGER REFERENCES actions (id),
	text       TEXT NOT NULL,
	user_id    INTEGER REFERENCES users (id),
	created_at TEXT NOT NULL
);
CREATE INDEX plan_notes_goal ON plan_notes (goal_id);

-- Every change of a goal or action: changes is a JSON array of
-- {"field", "before", "after"}; version 1 is the creation.
CREATE TABLE plan_versions (
	id         INTEGER PRIMARY KEY,
	case_id    INTEGER NOT NULL REFERENCES cases (id),
	object     TEXT NOT NULL CHECK (object IN ('goal','action')),
	goal_id    INTEGER NOT NULL REFERENCES goals (id),
	action_id  INTEGER REFERENCES actions (id),
	version    INTEGER NOT NULL,
	changes    TEXT NOT NULL,
	user_id    INTEGER REFERENCES users (id),
	changed_at TEXT NOT NULL,
	CHECK ((object = 'action') = (action_id IS NOT NULL))
);
CREATE INDEX plan_versions_case ON plan_versions (case_id, id);
CREATE UNIQUE INDEX plan_versions_goal ON plan_versions (goal_id, version) WHERE action_id IS NULL;
CREATE UNIQUE INDEX plan_versions_action ON plan_versions (action_id, version) WHERE action_id IS NOT NULL;

CREATE TABLE maatwerk (
	id                  INTEGER PRIMARY KEY,
	case_id             INTEGER NOT NULL REFERENCES cases (id),
	rule                TEXT NOT NULL,
	reason              TEXT NOT NULL,
	domain              INTEGER NOT NULL CHECK (domain BETWEEN 1 AND 13),
	expected_effect     TEXT NOT NULL,
	cost_cents          INTEGER NOT NULL CHECK (cost_cents >= 0),
	approved_by_name    TEXT NOT NULL,
	approved_by_role    TEXT NOT NULL,
	approved_by_user_id INTEGER REFERENCES users (id),
	decided_on          TEXT NOT NULL,
	outcome             TEXT NOT NULL DEFAULT '',
	outcome_result      TEXT NOT NULL DEFAULT '' CHECK (outcome_result IN ('','bereikt','deels_bereikt','niet_bereikt')),
	outcome_on          TEXT,
	created_by          INTEGER REFERENCES users (id),
	created_at          TEXT NOT NULL,
	updated_at          TEXT NOT NULL
);
CREATE INDEX maatwerk_case ON maatwerk (case_id);
CREATE INDEX maatwerk_decided ON maatwerk (decided_on);

CREATE TABLE escalations (
	id           INTEGER PRIMARY KEY,
	case_id      INTEGER NOT NULL REFERENCES cases (id),
	level        TEXT NOT NULL CHECK (level IN ('stuurgroep','bestuurlijk_overleg')),
	question     TEXT NOT NULL,
	answer       TEXT NOT NULL DEFAULT '',
	decision     TEXT NOT NULL DEFAULT '',
	outcome      TEXT NOT NULL DEFAULT '',
	status       TEXT NOT NULL CHECK (status IN ('open','beantwoord','gesloten')),
	escalated_by INTEGER REFERENCES users (id),
	escalated_at TEXT NOT NULL,
	answered_at  TEXT,
	closed_at    TEXT
);
CREATE INDEX escalations_case ON escalations (case_id, status);
