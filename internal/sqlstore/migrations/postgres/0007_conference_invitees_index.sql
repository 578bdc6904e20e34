-- The invitees of a conference are read by conference: the unique indexes are
-- partial (per organisation, per user) and do not serve that read, which then
-- scanned every invitee of every conference.
CREATE INDEX conference_invitees_conference ON conference_invitees (conference_id);
