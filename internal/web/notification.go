package web

import (
	"net/http"
	"strconv"

	"github.com/kluwen/kluwen"
)

// Notifications: the signed-in user's messages (an action assigned, an
// invitation to a conference, an action overdue), newest first, each with a
// link to what it is about, and marking them read. The header shows the
// number of unread ones (render.go).

// notificationPageSize is the number of notifications of a page.
const notificationPageSize = 25

type notificationListData struct {
	Notifications []*kluwen.Notification
	Unread        int
	Pager         *pager
}

func (s *Server) notificationList(w http.ResponseWriter, r *http.Request, c *reqCtx) error {
	ctx := r.Context()
	f := kluwen.NotificationFilter{Limit: notificationPageSize + 1}
	d := &notificationListData{Pager: &pager{}}
	if before := queryID(r.URL.Query(), "voor"); before != nil {
		f.BeforeID = *before
		d.Pager.First = "/meldingen"
	}
	ns, err := s.svc.Notifications.FindNotifications(ctx, f)
	if err != nil {
		return err
	}
	if len(ns) > notificationPageSize {
		ns = ns[:notificationPageSize]
		d.Pager.Next = "/meldingen?voor=" + strconv.FormatInt(ns[len(ns)-1].ID, 10)
	}
	for _, n := range ns {
		n.Link = safeReturn(n.Link)
	}
	d.Notifications = ns
	if d.Unread, err = s.svc.Notifications.CountUnreadNotifications(ctx); err != nil {
		return err
	}
	s.render(w, r, c, http.StatusOK, "notification_list", "Meldingen", d)
	return nil
}

func (s *Server) notificationRead(w http.ResponseWriter, r *http.Request, c *reqCtx) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	if err := s.svc.Notifications.MarkNotificationRead(r.Context(), id); err != nil {
		return err
	}
	redirect(w, r, withNotice("/meldingen", "gelezen"))
	return nil
}

func (s *Server) notificationsReadAll(w http.ResponseWriter, r *http.Request, c *reqCtx) error {
	if err := s.svc.Notifications.MarkAllNotificationsRead(r.Context()); err != nil {
		return err
	}
	redirect(w, r, withNotice("/meldingen", "alles-gelezen"))
	return nil
}
