-- The shipped catalogue in Dutch: the names and units of the published figures
-- were seeded in the English of the source file. Items the admin has renamed
-- keep their name.

UPDATE cost_items SET name = 'Inzet van de politie', unit = 'agentuur' WHERE code = 'POL-HOUR' AND name = 'Police deployment' AND unit = 'officer hour';
UPDATE cost_items SET name = 'Detentie van een volwassene', unit = 'dag' WHERE code = 'DJI-ADULT-DAY' AND name = 'Adult detention' AND unit = 'day';
UPDATE cost_items SET name = 'Justitiële jeugdinrichting (JJI)', unit = 'dag' WHERE code = 'DJI-YOUTH-DAY' AND name = 'Youth custody (JJI)' AND unit = 'day';
UPDATE cost_items SET name = 'Residentiële jeugdhulp (basis)', unit = 'dag' WHERE code = 'JZ-RESID-DAY' AND name = 'Residential youth care (basic)' AND unit = 'day';
UPDATE cost_items SET name = 'Residentiële jeugdhulp (specialistisch)', unit = 'dag' WHERE code = 'JZ-RESID-SPEC-DAY' AND name = 'Residential youth care (specialist)' AND unit = 'day';
UPDATE cost_items SET name = 'Individuele begeleiding jeugd', unit = 'uur' WHERE code = 'JZ-SUPPORT-HOUR' AND name = 'Youth individual support' AND unit = 'hour';
UPDATE cost_items SET name = 'Ambulante jeugd-ggz', unit = 'uur' WHERE code = 'JZ-GGZ-HOUR' AND name = 'Youth outpatient mental health' AND unit = 'hour';
UPDATE cost_items SET name = 'Dagbesteding jeugd', unit = 'dagdeel' WHERE code = 'JZ-DAYACT-HALFDAY' AND name = 'Youth day activities' AND unit = 'half day';
UPDATE cost_items SET name = 'Uithuisplaatsing', unit = 'kindjaar' WHERE code = 'JZ-OUTOFHOME-YEAR' AND name = 'Out-of-home placement' AND unit = 'child year';
UPDATE cost_items SET name = 'Gemeentelijke afhandeling van een jeugdhulpbesluit', unit = 'besluit' WHERE code = 'GEM-JEUGD-DECISION' AND name = 'Municipal handling of a youth-help decision' AND unit = 'decision';
UPDATE cost_items SET name = 'Wmo individuele begeleiding (basis)', unit = 'uur' WHERE code = 'WMO-SUPPORT-HOUR' AND name = 'Wmo individual support (basic)' AND unit = 'hour';
UPDATE cost_items SET name = 'Wmo individuele begeleiding (plus)', unit = 'uur' WHERE code = 'WMO-SUPPORT-PLUS-HOUR' AND name = 'Wmo individual support (plus)' AND unit = 'hour';
UPDATE cost_items SET name = 'Wmo hulp bij het huishouden', unit = 'uur' WHERE code = 'WMO-HOUSEHOLD-HOUR' AND name = 'Wmo household help' AND unit = 'hour';
UPDATE cost_items SET name = 'Respijtzorg', unit = 'dag' WHERE code = 'WMO-RESPITE-DAY' AND name = 'Respite care' AND unit = 'day';
UPDATE cost_items SET name = 'Vraagverheldering (keukentafelgesprek)', unit = 'eenmalig' WHERE code = 'WMO-INTAKE' AND name = 'Needs assessment (vraagverheldering)' AND unit = 'one-off';
UPDATE cost_items SET name = 'Gemeentelijke afhandeling van een Wmo-voorziening', unit = 'voorziening' WHERE code = 'GEM-WMO-PROVISION' AND name = 'Municipal handling of a Wmo provision' AND unit = 'provision';
UPDATE cost_items SET name = 'Uitkering bijstand (uitbetaald)', unit = 'uitkeringsjaar' WHERE code = 'BIJSTAND-YEAR' AND name = 'Welfare benefit (bijstand) paid' AND unit = 'benefit year';
UPDATE cost_items SET name = 'Uitvoeringskosten van een bijstandsuitkering', unit = 'uitkeringsjaar' WHERE code = 'BIJSTAND-ADMIN-YEAR' AND name = 'Municipal running cost of a welfare benefit' AND unit = 'benefit year';
UPDATE cost_items SET name = 'Schuldhulpverleningstraject', unit = 'traject' WHERE code = 'SHV-CASE' AND name = 'Debt relief trajectory' AND unit = 'case';
UPDATE cost_items SET name = 'Stabilisatie van schulden', unit = 'huishouden' WHERE code = 'SHV-STABILISE' AND name = 'Debt stabilisation' AND unit = 'household';
UPDATE cost_items SET name = 'Kosten van een huisuitzetting voor de verhuurder', unit = 'uitzetting' WHERE code = 'WONEN-EVICTION' AND name = 'Eviction cost for the landlord' AND unit = 'eviction';
UPDATE cost_items SET name = 'Opvang voor dak- en thuislozen', unit = 'deelnemersjaar' WHERE code = 'MO-STREET-YEAR' AND name = 'Shelter for rough sleepers' AND unit = 'participant year';
UPDATE cost_items SET name = 'Residentiële maatschappelijke opvang', unit = 'deelnemersjaar' WHERE code = 'MO-RESID-YEAR' AND name = 'Residential shelter' AND unit = 'participant year';
UPDATE cost_items SET name = 'Zorg bij ernstige psychische aandoeningen (EPA)', unit = 'patiëntjaar' WHERE code = 'GGZ-EPA-YEAR' AND name = 'Care for severe mental illness (EPA)' AND unit = 'patient year';
UPDATE cost_items SET name = 'Uur van de regisseur', unit = 'uur' WHERE code = 'REGIE-HOUR' AND name = 'Case coordinator (regisseur) hour' AND unit = 'hour';
UPDATE cost_items SET name = 'Casusoverleg (5 professionals × 1,5 uur)', unit = 'overleg' WHERE code = 'CASUSOVERLEG' AND name = 'Case conference (5 professionals x 1.5 h)' AND unit = 'meeting';
UPDATE cost_items SET name = 'Afhandeling van een melding bij Veilig Thuis (8 uur)', unit = 'melding' WHERE code = 'VT-REPORT' AND name = 'Veilig Thuis report handling (8 h)' AND unit = 'report';
UPDATE cost_items SET name = 'Leerplichtprocedure (6 uur)', unit = 'procedure' WHERE code = 'LEERPLICHT-PROC' AND name = 'Compulsory-education procedure (6 h)' AND unit = 'procedure';
UPDATE cost_items SET name = 'Politie-inzet bij een incident (2 agenten × 1,5 uur)', unit = 'incident' WHERE code = 'POL-INCIDENT' AND name = 'Police incident response (2 officers x 1.5 h)' AND unit = 'incident';
