-- Reminders sent for overdue actions: one per action and due date. The daily
-- check for overdue actions runs in every Kluwen instance; the key makes it
-- remind an owner once, and again only when the action got a new due date and
-- is overdue on that one too.
CREATE TABLE action_reminders (
	action_id   BIGINT NOT NULL REFERENCES actions (id),
	due_date    DATE NOT NULL,
	user_id     BIGINT NOT NULL REFERENCES users (id),
	reminded_at TIMESTAMPTZ NOT NULL,
	PRIMARY KEY (action_id, due_date)
);
