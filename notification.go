package kluwen

import (
	"context"
	"strings"
	"time"
)

// NotificationKind is what a notification is about.
type NotificationKind string

// Notification kinds.
const (
	NotifyActionAssigned       NotificationKind = "action_assigned"
	NotifyConferenceInvitation NotificationKind = "conference_invitation"
	NotifyActionOverdue        NotificationKind = "action_overdue"
	NotifyOther                NotificationKind = "other"
)

// NotificationKinds lists every kind.
var NotificationKinds = []NotificationKind{NotifyActionAssigned, NotifyConferenceInvitation, NotifyActionOverdue, NotifyOther}

// Valid reports whether k is a known kind.
func (k NotificationKind) Valid() bool {
	for _, x := range NotificationKinds {
		if x == k {
			return true
		}
	}
	return false
}

// Label is the Dutch name of the kind.
func (k NotificationKind) Label() string {
	switch k {
	case NotifyActionAssigned:
		return "Actie toegewezen"
	case NotifyConferenceInvitation:
		return "Uitnodiging casusoverleg"
	case NotifyActionOverdue:
		return "Actie over de termijn"
	case NotifyOther:
		return "Bericht"
	}
	return string(k)
}

// MailText is the e-mail sent for a notification of this kind. It names no case,
// person or household: e-mail leaves Kluwen's protection, so it only tells the
// recipient that something waits for them in Kluwen.
func (k NotificationKind) MailText() (subject, body string) {
	switch k {
	case NotifyActionAssigned:
		return "Kluwen: er is een actie aan u toegewezen", "Er is in Kluwen een actie aan u toegewezen. Log in om te zien welke."
	case NotifyConferenceInvitation:
		return "Kluwen: uitnodiging voor een casusoverleg", "U bent in Kluwen uitgenodigd voor een casusoverleg. Log in om de datum en de agenda te zien."
	case NotifyActionOverdue:
		return "Kluwen: een actie is over de termijn", "Een actie van u in Kluwen is over de termijn. Log in om te zien welke."
	}
	return "Kluwen: nieuw bericht", "Er staat een nieuw bericht voor u klaar in Kluwen. Log in om het te lezen."
}

// Notification is a message to one user in the application, such as an action
// assigned to them. Its Text is plain Dutch and names nothing the recipient may
// not see; Link is a path within Kluwen ("/casussen/12#acties").
type Notification struct {
	ID        int64
	UserID    int64
	Kind      NotificationKind
	Text      string
	Link      string
	CreatedAt time.Time
	ReadAt    *time.Time
}

// MaxLinkLen is the longest link a notification carries.
const MaxLinkLen = 500

// Validate normalises n and checks it.
func (n *Notification) Validate() error {
	var v Validator
	n.Text = strings.TrimSpace(n.Text)
	n.Link = strings.TrimSpace(n.Link)
	v.Check(n.UserID > 0, "userId", "Kies de ontvanger.")
	v.Check(n.Kind.Valid(), "kind", "Kies het soort bericht.")
	checkText(&v, "text", n.Text, 1000, true, "de tekst")
	// A link stays inside Kluwen: a path, never another site ("//host" or a scheme).
	if n.Link != "" {
		v.Check(len(n.Link) <= MaxLinkLen && strings.HasPrefix(n.Link, "/") && !strings.HasPrefix(n.Link, "//") &&
			!strings.ContainsAny(n.Link, " \\\r\n\t"), "link", "Een link is een pad binnen Kluwen, zoals /casussen/12.")
	}
	return v.Err()
}

// NotificationFilter selects the signed-in user's notifications, newest first.
type NotificationFilter struct {
	UnreadOnly bool
	BeforeID   int64 // page: older than this one
	Limit      int
}

// NotificationService gives users their notifications. Each user sees only their
// own. Notifications are created by the services that assign actions or invite
// to conferences, in their own transaction; CreateNotification is for tasks of
// the system (such as the daily check for overdue actions).
type NotificationService interface {
	CreateNotification(ctx context.Context, n *Notification) error
	FindNotifications(ctx context.Context, f NotificationFilter) ([]*Notification, error)
	CountUnreadNotifications(ctx context.Context) (int, error)
	MarkNotificationRead(ctx context.Context, id int64) error
	MarkAllNotificationsRead(ctx context.Context) error
}

// Mail is one e-mail message in plain text.
type Mail struct {
	To      string
	Subject string
	Body    string
}

// Mailer sends e-mail. internal/mail implements it over SMTP.
type Mailer interface {
	Send(ctx context.Context, m *Mail) error
}

// OutboxMail is an e-mail waiting in the outbox. Link is a path in Kluwen that
// the sender turns into a full address.
type OutboxMail struct {
	ID            int64
	To            string
	Subject       string
	Body          string
	Link          string
	Attempts      int // including the current one, once claimed
	CreatedAt     time.Time
	NextAttemptAt time.Time
}

// MailOutbox is the queue of e-mail to send. Mails are added in the same
// transaction as what they announce; a worker claims the ones that are due (so
// that several Kluwen instances never send one twice), sends them and reports
// back. Only the system actor uses it.
type MailOutbox interface {
	// ClaimMails takes up to limit due mails for lease: no other worker gets
	// them until the lease ends. Each claim counts as an attempt.
	ClaimMails(ctx context.Context, limit int, lease time.Duration) ([]*OutboxMail, error)
	MarkMailSent(ctx context.Context, id int64) error
	// MarkMailFailed records a failed attempt: it is tried again at retryAt, or
	// never again when retryAt is nil.
	MarkMailFailed(ctx context.Context, id int64, cause string, retryAt *time.Time) error
}
