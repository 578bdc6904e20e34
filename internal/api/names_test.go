package api_test

import (
	"testing"

	"github.com/kluwen/kluwen/internal/api"
	"github.com/kluwen/kluwen/internal/testdb"
)

// TestCaseworkFieldNames: every field the case work's validation names has one
// Dutch name in the API, so that no problem carries a Go name. Dotted names are
// paths into fields keyed by codes.
func TestCaseworkFieldNames(t *testing.T) {
	e := newEnv(t, testdb.SQLite(t))
	for domain, want := range map[string]string{
		"householdId": "huishoudenId", "personId": "persoonId", "type": "soort", "date": "datum", "lifeDomain": "leefgebied",
		"severity": "ernst", "description": "omschrijving", "confidentiality": "vertrouwelijkheid", "organisationId": "organisatieId",
		"code": "code", "label": "naam", "defaultDomain": "standaardLeefgebied", "cursor": "cursor", "to": "tot",
		"instrumentId": "instrumentId", "note": "toelichting", "scores": "scores", "scores.financien": "scores.financien",
		"scores.financien.note": "scores.financien.toelichting", "domainCode": "domeinCode", "level": "niveau", "text": "tekst",
		"domain": "leefgebied", "personIds": "persoonIds", "targetDate": "streefdatum", "status": "status", "evaluation": "evaluatie",
		"goalId": "doelId", "ownerUserId": "uitvoerderId", "kind": "soort", "dueDate": "deadline", "goals": "doelen",
		"startsAt": "aanvang", "durationMinutes": "duurMinuten", "location": "locatie", "videoUrl": "videolink", "agenda": "agenda",
		"minutes": "notulen", "invitees": "genodigden", "attendees": "aanwezigen", "conferenceId": "overlegId", "decisionId": "besluitId",
		"actionId": "actieId", "rule": "regel", "reason": "reden", "expectedEffect": "verwachtEffect", "cost": "kosten",
		"approvedByName": "goedgekeurdDoorNaam", "approvedByRole": "goedgekeurdDoorFunctie", "approvedByUserId": "goedgekeurdDoorId",
		"decidedOn": "besluitdatum", "outcome": "uitkomst", "outcomeResult": "uitkomstResultaat", "outcomeOn": "uitkomstdatum",
		"caseId": "casusId", "question": "vraag", "answer": "antwoord", "decision": "besluit", "userId": "gebruikerId",
	} {
		if got, ok := api.FieldName(e.h, domain); !ok || got != want {
			t.Errorf("%s is called %q (known %v), want %q", domain, got, ok, want)
		}
	}
	if got, ok := api.FieldName(e.h, "kleur"); ok {
		t.Errorf("an unknown field has the name %q", got)
	}
}
