-- The file name of an uploaded cost file may name the family ("kosten familie De
-- Vries.xlsx"), so it is sealed with the content instead of kept in a column of its
-- own. Uploads live an hour at most and the ones in progress cannot be read in the
-- new form: they are removed, and whoever was importing uploads the file again.
DELETE FROM cost_uploads;
ALTER TABLE cost_uploads DROP COLUMN file_name;
