package kluwen

// Services bundles the implementations of every service, as the adapters (web UI,
// API, demo, command line) are wired with them in cmd/kluwen.
type Services struct {
	Organisations OrganisationService
	Users         UserService
	Auth          AuthService
	Households    HouseholdService
	Persons       PersonService
	Cases         CaseService
	Audit         AuditService
	Stats         StatsService
	Signals       SignalService
	Assessments   AssessmentService
	Timeline      TimelineService
	Notifications NotificationService
	MailOutbox    MailOutbox
	Plan          PlanService
	Conferences   ConferenceService
	Maatwerk      MaatwerkService
	Escalations   EscalationService
	CostCatalogue CostCatalogueService
	Costs         CostService
	CostUploads   CostUploadService
}
