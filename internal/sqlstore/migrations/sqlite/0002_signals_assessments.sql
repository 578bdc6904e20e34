-- Case work, first part: signals, life-domain assessments (instruments as data),
-- notifications and the mail outbox.
-- Instants are TEXT in the fixed-width UTC form 2006-01-02T15:04:05.000000Z; dates are TEXT 2006-01-02.

-- The configurable list of signal types; the admin adds and renames them and makes
-- them inactive instead of removing them.
CREATE TABLE signal_types (
	code           TEXT PRIMARY KEY,
	label          TEXT NOT NULL,
	default_domain INTEGER NOT NULL CHECK (default_domain BETWEEN 1 AND 13),
	sort_order     INTEGER NOT NULL DEFAULT 0,
	active         INTEGER NOT NULL DEFAULT 1
);

-- organisation_id is the source: the author's organisation. A confidential signal
-- is seen only by that organisation and the regisseurs of the household's cases.
CREATE TABLE signals (
	id              INTEGER PRIMARY KEY,
	household_id    INTEGER NOT NULL REFERENCES households (id),
	person_id       INTEGER REFERENCES persons (id),
	type_code       TEXT NOT NULL REFERENCES signal_types (code),
	signal_date     TEXT NOT NULL,
	organisation_id INTEGER NOT NULL REFERENCES organisations (id),
	life_domain     INTEGER NOT NULL CHECK (life_domain BETWEEN 1 AND 13),
	severity        TEXT NOT NULL CHECK (severity IN ('laag','midden','hoog','acuut')),
	description     TEXT NOT NULL,
	confidentiality TEXT NOT NULL CHECK (confidentiality IN ('normaal','vertrouwelijk')),
	author_user_id  INTEGER REFERENCES users (id),
	created_at      TEXT NOT NULL
);
CREATE INDEX signals_household ON signals (household_id, signal_date);
CREATE INDEX signals_person ON signals (person_id);

-- Assessment instruments are data: domains, levels and the criterion text of each
-- domain × level. The Zelfredzaamheid-Matrix is seeded as the default.
CREATE TABLE instruments (
	id          INTEGER PRIMARY KEY,
	code        TEXT NOT NULL UNIQUE,
	name        TEXT NOT NULL,
	description TEXT NOT NULL DEFAULT '',
	is_default  INTEGER NOT NULL DEFAULT 0,
	active      INTEGER NOT NULL DEFAULT 1
);
CREATE UNIQUE INDEX instruments_one_default ON instruments (is_default) WHERE is_default = 1;

CREATE TABLE instrument_domains (
	id            INTEGER PRIMARY KEY,
	instrument_id INTEGER NOT NULL REFERENCES instruments (id),
	code          TEXT NOT NULL,
	number        INTEGER NOT NULL,
	name_nl       TEXT NOT NULL,
	name_en       TEXT NOT NULL,
	sort_order    INTEGER NOT NULL,
	life_domain   INTEGER CHECK (life_domain BETWEEN 1 AND 13),
	UNIQUE (instrument_id, code),
	UNIQUE (instrument_id, number)
);

CREATE TABLE instrument_levels (
	instrument_id INTEGER NOT NULL REFERENCES instruments (id),
	level         INTEGER NOT NULL,
	label         TEXT NOT NULL,
	problem       INTEGER NOT NULL DEFAULT 0,
	PRIMARY KEY (instrument_id, level)
);

-- updated_at and updated_by are NULL while the text is as seeded.
CREATE TABLE instrument_criteria (
	instrument_id INTEGER NOT NULL,
	domain_id     INTEGER NOT NULL REFERENCES instrument_domains (id),
	level         INTEGER NOT NULL,
	text          TEXT NOT NULL,
	updated_at    TEXT,
	updated_by    INTEGER REFERENCES users (id),
	PRIMARY KEY (domain_id, level),
	FOREIGN KEY (instrument_id, level) REFERENCES instrument_levels (instrument_id, level)
);

-- An assessment belongs to the household it was made in: who may read that
-- household reads it.
CREATE TABLE assessments (
	id              INTEGER PRIMARY KEY,
	household_id    INTEGER NOT NULL REFERENCES households (id),
	person_id       INTEGER NOT NULL REFERENCES persons (id),
	instrument_id   INTEGER NOT NULL REFERENCES instruments (id),
	assessed_on     TEXT NOT NULL,
	user_id         INTEGER REFERENCES users (id),
	organisation_id INTEGER NOT NULL REFERENCES organisations (id),
	note            TEXT NOT NULL DEFAULT '',
	created_at      TEXT NOT NULL
);
CREATE INDEX assessments_household ON assessments (household_id, assessed_on);
CREATE INDEX assessments_person ON assessments (person_id, assessed_on);

-- score is NULL for a domain left unscored (its note may still say why).
CREATE TABLE assessment_scores (
	assessment_id INTEGER NOT NULL REFERENCES assessments (id),
	domain_id     INTEGER NOT NULL REFERENCES instrument_domains (id),
	score         INTEGER,
	note          TEXT NOT NULL DEFAULT '',
	PRIMARY KEY (assessment_id, domain_id)
);

CREATE TABLE notifications (
	id         INTEGER PRIMARY KEY,
	user_id    INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
	kind       TEXT NOT NULL CHECK (kind IN ('action_assigned','conference_invitation','action_overdue','other')),
	text       TEXT NOT NULL,
	link       TEXT NOT NULL DEFAULT '',
	created_at TEXT NOT NULL,
	read_at    TEXT
);
CREATE INDEX notifications_user ON notifications (user_id, id);

-- E-mail waiting to be sent. A worker claims due mails by setting locked_until
-- (a lease), sends them, then sets sent_at, or schedules the next attempt, or
-- gives up (failed_at).
CREATE TABLE mail_outbox (
	id              INTEGER PRIMARY KEY,
	notification_id INTEGER REFERENCES notifications (id) ON DELETE SET NULL,
	to_addr         TEXT NOT NULL,
	subject         TEXT NOT NULL,
	body            TEXT NOT NULL,
	link            TEXT NOT NULL DEFAULT '',
	created_at      TEXT NOT NULL,
	next_attempt_at TEXT NOT NULL,
	locked_until    TEXT,
	attempts        INTEGER NOT NULL DEFAULT 0,
	last_error      TEXT NOT NULL DEFAULT '',
	sent_at         TEXT,
	failed_at       TEXT
);
CREATE INDEX mail_outbox_due ON mail_outbox (next_attempt_at) WHERE sent_at IS NULL AND failed_at IS NULL;

-- seed:begin (identical in both dialects; a test compares them)

INSERT INTO signal_types (code, label, default_domain, sort_order, active) VALUES
	('politie-incident', 'Politie-incident', 12, 10, TRUE),
	('overlastmelding', 'Overlastmelding', 4, 20, TRUE),
	('huiselijk-geweld', 'Melding huiselijk geweld', 5, 30, TRUE),
	('veilig-thuis', 'Veilig Thuis-melding', 5, 40, TRUE),
	('zorgmelding-kind', 'Zorgmelding over een kind', 13, 50, TRUE),
	('jeugdbescherming', 'Maatregel jeugdbescherming', 13, 60, TRUE),
	('huurachterstand', 'Huurachterstand', 1, 70, TRUE),
	('aanzegging-ontruiming', 'Aanzegging ontruiming', 4, 80, TRUE),
	('dakloosheid', '(Dreigende) dakloosheid', 4, 90, TRUE),
	('woningvervuiling', 'Vervuiling of verwaarlozing van de woning', 9, 100, TRUE),
	('energieachterstand', 'Betalingsachterstand energie', 1, 110, TRUE),
	('zorgpremieachterstand', 'Premieachterstand zorgverzekering', 1, 120, TRUE),
	('incasso-beslag', 'Incasso of beslaglegging', 1, 130, TRUE),
	('uitkering-gestopt', 'Uitkering gestopt of opgeschort', 1, 140, TRUE),
	('schoolverzuim', 'Schoolverzuim', 2, 150, TRUE),
	('voortijdig-schoolverlaten', 'Voortijdig schoolverlaten', 2, 160, TRUE),
	('zorgmijding', 'Zorg geweigerd / zorgmijding', 6, 170, TRUE),
	('psychische-crisis', 'Psychische crisis', 6, 180, TRUE),
	('middelengebruik', 'Incident door middelengebruik', 8, 190, TRUE),
	('ziekenhuisopname', 'Ziekenhuisopname', 7, 200, TRUE),
	('detentie-vrijlating', 'Detentie of vrijlating', 12, 210, TRUE),
	('isolement', 'Zorgen over isolement', 10, 220, TRUE),
	('overig', 'Overig signaal', 11, 230, TRUE);

INSERT INTO instruments (code, name, description, is_default, active) VALUES
	('zrm', 'Zelfredzaamheid-Matrix', 'Meet per leefgebied hoe zelfredzaam iemand is, op vijf niveaus: van acute problematiek (1) tot volledig zelfredzaam (5). Een leefgebied op niveau 1 of 2 is een probleemgebied.', TRUE, TRUE);

INSERT INTO instrument_levels (instrument_id, level, label, problem)
SELECT i.id, v.column1, v.column2, v.column3 FROM instruments i, (VALUES
	(1, 'Acute problematiek', TRUE),
	(2, 'Niet zelfredzaam', TRUE),
	(3, 'Beperkt zelfredzaam', FALSE),
	(4, 'Voldoende zelfredzaam', FALSE),
	(5, 'Volledig zelfredzaam', FALSE)
) AS v WHERE i.code = 'zrm';

INSERT INTO instrument_domains (instrument_id, code, number, name_nl, name_en, sort_order, life_domain)
SELECT i.id, v.column1, v.column2, v.column3, v.column4, v.column2, v.column2 FROM instruments i, (VALUES
	('financien', 1, 'Financiën', 'Finances'),
	('werk_opleiding', 2, 'Werk & opleiding', 'Work and education'),
	('tijdsbesteding', 3, 'Tijdsbesteding', 'Daytime activities'),
	('huisvesting', 4, 'Huisvesting', 'Housing'),
	('huiselijke_relaties', 5, 'Huiselijke relaties', 'Domestic relations'),
	('geestelijke_gezondheid', 6, 'Geestelijke gezondheid', 'Mental health'),
	('lichamelijke_gezondheid', 7, 'Lichamelijke gezondheid', 'Physical health'),
	('verslaving', 8, 'Verslaving', 'Addiction'),
	('adl', 9, 'Activiteiten dagelijks leven (ADL)', 'Activities of daily living'),
	('sociaal_netwerk', 10, 'Sociaal netwerk', 'Social network'),
	('maatschappelijke_participatie', 11, 'Maatschappelijke participatie', 'Community participation'),
	('justitie', 12, 'Justitie', 'Justice'),
	('opvoeding', 13, 'Opvoeding / ouderschap', 'Parenting')
) AS v WHERE i.code = 'zrm';

INSERT INTO instrument_criteria (instrument_id, domain_id, level, text)
SELECT d.instrument_id, d.id, v.column2, v.column3 FROM instrument_domains d
JOIN instruments i ON i.id = d.instrument_id AND i.code = 'zrm'
JOIN (VALUES
	('financien', 1, 'Groeiende, ingewikkelde schulden; geen inkomen of geen grip op geld. Afsluiting, ontruiming of beslag dreigt.'),
	('financien', 2, 'Wel inkomen, maar achterstanden of schulden zonder regeling. Er gaat meer uit dan er binnenkomt.'),
	('financien', 3, 'Schulden vallen onder een regeling of budgetbeheer. Rondkomen lukt met hulp.'),
	('financien', 4, 'Genoeg inkomen en geen achterstanden. Rekeningen worden op tijd betaald.'),
	('financien', 5, 'Ruim genoeg inkomen; spaart en houdt zelf overzicht over de geldzaken.'),
	('werk_opleiding', 1, 'Geen werk of opleiding waar dat wel nodig is, en ook niet op zoek; of langdurig schoolverzuim.'),
	('werk_opleiding', 2, 'Zoekt werk of opleiding maar zonder resultaat; veel verzuim of uitval dreigt.'),
	('werk_opleiding', 3, 'Werkt of leert met steun of in een beschermde omgeving; soms verzuim.'),
	('werk_opleiding', 4, 'Heeft werk of volgt een opleiding zonder hulp; verzuimt nauwelijks.'),
	('werk_opleiding', 5, 'Vast werk of een opleiding die past bij wat de persoon kan, en groeit daarin door.'),
	('tijdsbesteding', 1, 'Geen zinvolle invulling van de dag; een dag- en nachtritme ontbreekt.'),
	('tijdsbesteding', 2, 'Weinig te doen; verveling leidt tot problemen.'),
	('tijdsbesteding', 3, 'Enige invulling van de dag, vooral door anderen geregeld.'),
	('tijdsbesteding', 4, 'Vult de dag grotendeels zelf zinvol in.'),
	('tijdsbesteding', 5, 'Heeft een gevarieerde, zelf gekozen dagbesteding en een vast ritme.'),
	('huisvesting', 1, 'Dakloos of in crisisopvang, of de ontruiming staat voor de deur.'),
	('huisvesting', 2, 'Onzekere of ongeschikte woonruimte: tijdelijk inwonen, een ontruimingsprocedure of ernstige vervuiling.'),
	('huisvesting', 3, 'Woont begeleid of beschermd, of de woning is stabiel dankzij hulp.'),
	('huisvesting', 4, 'Veilige en betaalbare woning; de huur wordt betaald.'),
	('huisvesting', 5, 'Veilige woning die past bij het huishouden, zonder hulp.'),
	('huiselijke_relaties', 1, 'Huiselijk geweld of ernstige dreiging; de situatie thuis is onveilig.'),
	('huiselijke_relaties', 2, 'Veel spanning en ruzie in huis; de veiligheid staat onder druk.'),
	('huiselijke_relaties', 3, 'Er zijn spanningen, maar met hulp blijven ze hanteerbaar.'),
	('huiselijke_relaties', 4, 'De relaties in huis zijn meestal goed; ruzies worden zelf opgelost.'),
	('huiselijke_relaties', 5, 'Steunende relaties in huis; de gezinsleden helpen elkaar.'),
	('geestelijke_gezondheid', 1, 'Acute psychische crisis; gevaar voor zichzelf of voor anderen.'),
	('geestelijke_gezondheid', 2, 'Ernstige psychische klachten zonder passende behandeling; het dagelijks leven lijdt eronder.'),
	('geestelijke_gezondheid', 3, 'Psychische klachten met behandeling of begeleiding; functioneert redelijk.'),
	('geestelijke_gezondheid', 4, 'Lichte klachten die het dagelijks leven weinig hinderen.'),
	('geestelijke_gezondheid', 5, 'Geen psychische klachten van betekenis; kan zelf omgaan met tegenslag.'),
	('lichamelijke_gezondheid', 1, 'Acute lichamelijke nood of een ernstige ziekte zonder zorg.'),
	('lichamelijke_gezondheid', 2, 'Ernstige of langdurige klachten, maar zorg wordt gemeden of niet gevonden.'),
	('lichamelijke_gezondheid', 3, 'Klachten zijn onder behandeling; de zorg wordt met hulp geregeld.'),
	('lichamelijke_gezondheid', 4, 'Lichte klachten; regelt zelf de zorg die nodig is.'),
	('lichamelijke_gezondheid', 5, 'Goede gezondheid; zorgt zelf goed voor lichaam en voeding.'),
	('verslaving', 1, 'Ernstig gebruik of verslaving met acute gevolgen: overlast, gevaar of crisis.'),
	('verslaving', 2, 'Het gebruik geeft problemen thuis, op het werk of met geld; geen behandeling.'),
	('verslaving', 3, 'Problematisch gebruik met behandeling of begeleiding; terugval komt voor.'),
	('verslaving', 4, 'Gebruik zonder problemen voor zichzelf of anderen, of stabiel herstel.'),
	('verslaving', 5, 'Geen middelengebruik, of alleen verantwoord gebruik.'),
	('adl', 1, 'Kan eten, wassen en het huishouden niet zelf, en er is niemand die helpt.'),
	('adl', 2, 'Veel dagelijkse taken lukken niet; de hulp is onvoldoende.'),
	('adl', 3, 'Doet de dagelijkse taken met hulp van anderen of van thuiszorg.'),
	('adl', 4, 'Doet de verzorging en het huishouden zelf, soms met een beetje hulp.'),
	('adl', 5, 'Doet alle dagelijkse taken zelf en zonder moeite.'),
	('sociaal_netwerk', 1, 'Geen contacten, of alleen contacten die schaden; helemaal geïsoleerd.'),
	('sociaal_netwerk', 2, 'Weinig contacten; het netwerk helpt niet of is juist een last.'),
	('sociaal_netwerk', 3, 'Een paar steunende contacten, vooral hulpverleners.'),
	('sociaal_netwerk', 4, 'Genoeg steunende contacten in de familie of de omgeving.'),
	('sociaal_netwerk', 5, 'Een breed netwerk dat steunt, waar de persoon zelf ook iets voor doet.'),
	('maatschappelijke_participatie', 1, 'Doet niet mee in de samenleving en veroorzaakt ernstige overlast.'),
	('maatschappelijke_participatie', 2, 'Doet weinig mee; er is overlast of ruzie met buren of instanties.'),
	('maatschappelijke_participatie', 3, 'Doet met steun mee aan activiteiten in de buurt.'),
	('maatschappelijke_participatie', 4, 'Doet zelf mee in de buurt, een vereniging of vrijwilligerswerk.'),
	('maatschappelijke_participatie', 5, 'Doet actief mee en zet zich in voor anderen.'),
	('justitie', 1, 'Pleegt ernstige of herhaalde delicten, of komt vrij uit detentie zonder plan.'),
	('justitie', 2, 'Recente delicten of lopende zaken; vaak contact met de politie.'),
	('justitie', 3, 'Onder toezicht, bijvoorbeeld van de reclassering, en houdt zich aan de afspraken.'),
	('justitie', 4, 'Geen recente delicten; oude zaken zijn afgerond.'),
	('justitie', 5, 'Geen contact met politie of justitie.'),
	('opvoeding', 1, 'De kinderen zijn niet veilig: ernstige verwaarlozing of mishandeling.'),
	('opvoeding', 2, 'De opvoeding schiet ernstig tekort; zorgen over de ontwikkeling van de kinderen.'),
	('opvoeding', 3, 'De opvoeding lukt met hulp; er zijn zorgen, maar die worden aangepakt.'),
	('opvoeding', 4, 'De opvoeding gaat zonder hulp redelijk goed.'),
	('opvoeding', 5, 'De ouders bieden een veilige opvoeding waarin de kinderen zich goed ontwikkelen.')
) AS v ON v.column1 = d.code;

-- seed:end
