package sqlstore_test

import (
	"testing"
	"time"

	"github.com/kluwen/kluwen"
	"github.com/kluwen/kluwen/internal/sqlstore"
)

// TestAPITokenLifetime: a token expires after kluwen.APITokenLifetime, can be
// listed (never shown) and revoked by its owner or an admin, and then stops
// working at once; someone else gets "not found".
func TestAPITokenLifetime(t *testing.T) {
	eachWithClock(t, func(t *testing.T, db *sqlstore.DB, c *clock) {
		f := newAuthFixture(t, db)
		owner, admin, other := f.users[kluwen.RoleProfessional], f.users[kluwen.RoleAdmin], f.users[kluwen.RoleAnalyst]
		token, tok, err := db.CreateAPIToken(ctxAs(owner), owner.ID, "koppeling")
		if err != nil {
			t.Fatal(err)
		}
		if !tok.ExpiresAt.Equal(tok.CreatedAt.Add(kluwen.APITokenLifetime)) {
			t.Errorf("expires %v, created %v", tok.ExpiresAt, tok.CreatedAt)
		}
		if _, err := db.AuthenticateToken(ctxFrom(testAddr), token); err != nil {
			t.Fatalf("fresh token refused: %v", err)
		}
		advance(c, kluwen.APITokenLifetime+time.Minute)
		if _, err := db.AuthenticateToken(ctxFrom(testAddr), token); kluwen.ErrorCode(err) != kluwen.EUNAUTHORIZED {
			t.Errorf("expired token: %v, want EUNAUTHORIZED", err)
		}

		token2, tok2, err := db.CreateAPIToken(ctxAs(owner), owner.ID, "nieuw")
		if err != nil {
			t.Fatal(err)
		}
		list, err := db.FindAPITokens(ctxAs(owner), owner.ID)
		if err != nil || len(list) != 2 || list[0].ID != tok2.ID || !list[0].Active(c.Now()) || list[1].Active(c.Now()) {
			t.Fatalf("tokens %+v, %v", list, err)
		}
		if _, err := db.FindAPITokens(ctxAs(other), owner.ID); kluwen.ErrorCode(err) != kluwen.EFORBIDDEN {
			t.Errorf("another user lists the tokens: %v", err)
		}
		if err := db.RevokeAPIToken(ctxAs(other), tok2.ID); kluwen.ErrorCode(err) != kluwen.ENOTFOUND {
			t.Errorf("another user revokes: %v, want ENOTFOUND", err)
		}
		if _, err := db.AuthenticateToken(ctxFrom(testAddr), token2); err != nil {
			t.Fatalf("token refused before revocation: %v", err)
		}
		if err := db.RevokeAPIToken(ctxAs(admin), tok2.ID); err != nil {
			t.Fatalf("admin revokes: %v", err)
		}
		if _, err := db.AuthenticateToken(ctxFrom(testAddr), token2); kluwen.ErrorCode(err) != kluwen.EUNAUTHORIZED {
			t.Errorf("revoked token: %v, want EUNAUTHORIZED", err)
		}
		if err := db.RevokeAPIToken(ctxAs(owner), tok2.ID); err != nil {
			t.Errorf("revoking twice: %v", err)
		}
	})
}
