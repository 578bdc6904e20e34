-- Reminders sent for overdue actions: one per action and due date. The daily
-- check for overdue actions runs in every Kluwen instance; the key makes it
-- remind an owner once, and again only when the action got a new due date and
-- is overdue on that one too.
CREATE TABLE action_reminders (
	action_id   INTEGER NOT NULL REFERENCES actions (id),
	due_date    TEXT NOT NULL,
	user_id     INTEGER NOT NULL REFERENCES users (id),
	reminded_at TEXT NOT NULL,
	PRIMARY KEY (action_id, due_date)
);
