package sqlstore

import (
	"regexp"
	"strings"
	"testing"
)

var phcRe = regexp.MustCompile(`^\$argon2id\$v=19\$m=19456,t=2,p=1\$[A-Za-z0-9+/]{22}\$[A-Za-z0-9+/]{43}$`)

func TestPasswordHashRoundTrip(t *testing.T) {
	const pw = "een lang wachtwoord met spaties en é"
	h1, err := hashPassword(pw)
	if err != nil {
		t.Fatal(err)
	}
	h2, err := hashPassword(pw)
	if err != nil {
		t.Fatal(err)
	}
	for _, h := range []string{h1, h2} {
		if !phcRe.MatchString(h) {
			t.Errorf("hash %q is not a PHC argon2id string with a 16-byte salt and 32-byte key", h)
		}
		if passwordNeedsRehash(h) {
			t.Errorf("fresh hash %q needs a rehash", h)
		}
	}
	if h1 == h2 {
		t.Error("two hashes of one password are equal: the salt is not random")
	}
	tests := []struct {
		password string
		want     bool
	}{
		{pw, true},
		{pw + " ", false},
		{strings.ToUpper(pw), false},
		{"", false},
	}
	for _, tt := range tests {
		ok, err := verifyPassword(h1, tt.password)
		if err != nil || ok != tt.want {
			t.Errorf("verify %q = %v, %v; want %v", tt.password, ok, err, tt.want)
		}
	}
}

func TestDummyPasswordHash(t *testing.T) {
	if !phcRe.MatchString(dummyPasswordHash) || passwordNeedsRehash(dummyPasswordHash) {
		t.Fatalf("the dummy hash must have the current parameters, so that it costs as much as a real one: %q", dummyPasswordHash)
	}
	ok, err := verifyPassword(dummyPasswordHash, "")
	if err != nil || ok {
		t.Errorf("verify dummy = %v, %v", ok, err)
	}
}

func TestParsePasswordHash(t *testing.T) {
	good, err := hashPassword("wat dan ook, lang genoeg")
	if err != nil {
		t.Fatal(err)
	}
	parts := strings.Split(good, "$")
	salt, key := parts[4], parts[5]
	bad := []string{
		"",
		"plaintext",
		"$argon2i$v=19$m=19456,t=2,p=1$" + salt + "$" + key,
		"$argon2id$v=16$m=19456,t=2,p=1$" + salt + "$" + key,
		"$argon2id$v=19$m=19456,t=2$" + salt + "$" + key + "$x",
		"$argon2id$v=19$m=19456,t=0,p=1$" + salt + "$" + key,
		"$argon2id$v=19$m=99999999,t=2,p=1$" + salt + "$" + key,
		"$argon2id$v=19$m=19456,t=2,p=0$" + salt + "$" + key,
		"$argon2id$v=19$m=19456,t=2,p=1,x=3$" + salt + "$" + key,
		"$argon2id$v=19$m=19456,t=2,p=1$!!$" + key,
		"$argon2id$v=19$m=19456,t=2,p=1$" + salt + "$",
	}
	for _, h := range bad {
		if ok, err := verifyPassword(h, "wat dan ook, lang genoeg"); err == nil || ok {
			t.Errorf("verify against %q = %v, %v; want an error", h, ok, err)
		}
		if !passwordNeedsRehash(h) {
			t.Errorf("malformed %q does not need a rehash", h)
		}
	}
	// Other parameters are read from the string; they only call for a rehash.
	weaker := "$argon2id$v=19$m=8192,t=1,p=1$" + salt + "$" + key
	if _, err := verifyPassword(weaker, "x"); err != nil {
		t.Errorf("verify with other parameters: %v", err)
	}
	if !passwordNeedsRehash(weaker) {
		t.Error("a hash with weaker parameters does not need a rehash")
	}
}
