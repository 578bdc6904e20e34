package api

import (
	"github.com/kluwen/kluwen"
)

func notificationOf(n *kluwen.Notification) notificationOut {
	return notificationOut{
		ID:        n.ID,
		Kind:      translated(notificationKindNames, n.Kind),
		Text:      n.Text,
		Link:      n.Link,
		CreatedAt: instant(n.CreatedAt),
		ReadAt:    optInstantOut(n.ReadAt),
	}
}

// listNotifications gives the caller's own notifications, newest first; the
// cursor is the last one seen.
func (s *server) listNotifications(c *call) (*page[notificationOut], error) {
	f := kluwen.NotificationFilter{BeforeID: c.after, Limit: c.size + 1}
	if unread := c.queryBool("ongelezen"); unread != nil {
		f.UnreadOnly = *unread
	}
	ns, err := s.svc.Notifications.FindNotifications(c.ctx, f)
	if err != nil {
		return nil, err
	}
	items := make([]notificationOut, len(ns))
	for i, n := range ns {
		items[i] = notificationOf(n)
	}
	return newPage(c, items, func(n notificationOut) int64 { return n.ID }), nil
}

func (s *server) markNotificationRead(c *call) (noContent, error) {
	return noContent{}, s.svc.Notifications.MarkNotificationRead(c.ctx, c.id("id"))
}

func (s *server) markAllNotificationsRead(c *call) (noContent, error) {
	return noContent{}, s.svc.Notifications.MarkAllNotificationsRead(c.ctx)
}
