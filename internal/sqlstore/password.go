package sqlstore

import (
	"crypto/rand"
	"crypto/subtle"
	"encoding/base64"
	"errors"
	"fmt"
	"strconv"
	"strings"

	"golang.org/x/crypto/argon2"
)

// Passwords are hashed with argon2id and stored in the PHC string format
//
//	$argon2id$v=19$m=19456,t=2,p=1$<salt>$<key>
//
// (salt and key in unpadded standard base64). The parameters are OWASP's minimum
// for argon2id. Verification reads them from the stored string, so they can be
// raised later: a hash made with other parameters is verified with its own and
// replaced at the next successful sign-in (see passwordNeedsRehash).
const (
	argonMemory  = 19 * 1024 // KiB
	argonTime    = 2
	argonThreads = 1
	argonSaltLen = 16
	argonKeyLen  = 32
)

// Bounds on parameters read from a stored hash, so that a damaged or tampered row
// cannot make one verification take unbounded memory or time.
const (
	argonMaxMemory  = 1024 * 1024 // 1 GiB in KiB
	argonMaxTime    = 64
	argonMaxThreads = 64
)

// dummyPasswordHash is verified against when a sign-in names an unknown user, so
// that the answer takes as long as for a known one. It is the hash of a random
// password nobody knows, made with the current parameters.
const dummyPasswordHash = "$argon2id$v=19$m=19456,t=2,p=1$RAyDlyBgcKaeSzGP6FKpbg$EURk1jkuUr15fDv2Z8mwkZMb/waaliC7rKcfV43zaow"

var errBadPasswordHash = errors.New("sqlstore: malformed password hash")

type argonParams struct {
	memory  uint32
	time    uint32
	threads uint8
}

var currentArgonParams = argonParams{memory: argonMemory, time: argonTime, threads: argonThreads}

// hashPassword returns the PHC string of password under a fresh random salt.
func hashPassword(password string) (string, error) {
	salt := make([]byte, argonSaltLen)
	if _, err := rand.Read(salt); err != nil {
		return "", fmt.Errorf("sqlstore: password salt: %w", err)
	}
	p := currentArgonParams
	key := argon2.IDKey([]byte(password), salt, p.time, p.memory, p.threads, argonKeyLen)
	return fmt.Sprintf("$argon2id$v=%d$m=%d,t=%d,p=%d$%s$%s", argon2.Version, p.memory, p.time, p.threads,
		base64.RawStdEncoding.EncodeToString(salt), base64.RawStdEncoding.EncodeToString(key)), nil
}

// verifyPassword reports whether password matches the PHC string encoded, in
// constant time with respect to the key. An error means the stored hash is
// malformed (never that the password is wrong).
func verifyPassword(encoded, password string) (bool, error) {
	p, salt, key, err := parsePasswordHash(encoded)
	if err != nil {
		return false, err
	}
	got := argon2.IDKey([]byte(password), salt, p.time, p.memory, p.threads, uint32(len(key)))
	return subtle.ConstantTimeCompare(got, key) == 1, nil
}

// passwordNeedsRehash reports whether encoded was made with other parameters than
// the current ones.
func passwordNeedsRehash(encoded string) bool {
	p, salt, key, err := parsePasswordHash(encoded)
	return err != nil || p != currentArgonParams || len(salt) != argonSaltLen || len(key) != argonKeyLen
}

func parsePasswordHash(encoded string) (p argonParams, salt, key []byte, err error) {
	parts := strings.Split(encoded, "$")
	if len(parts) != 6 || parts[0] != "" || parts[1] != "argon2id" || parts[2] != "v="+strconv.Itoa(argon2.Version) {
		return p, nil, nil, errBadPasswordHash
	}
	for _, kv := range strings.Split(parts[3], ",") {
		k, v, ok := strings.Cut(kv, "=")
		if !ok {
			return p, nil, nil, errBadPasswordHash
		}
		n, err := strconv.ParseUint(v, 10, 32)
		if err != nil {
			return p, nil, nil, errBadPasswordHash
		}
		switch k {
		case "m":
			p.memory = uint32(n)
		case "t":
			p.time = uint32(n)
		case "p":
			if n > 255 {
				return p, nil, nil, errBadPasswordHash
			}
			p.threads = uint8(n)
		default:
			return p, nil, nil, errBadPasswordHash
		}
	}
	if p.time < 1 || p.time > argonMaxTime || p.threads < 1 || p.threads > argonMaxThreads ||
		p.memory < 8*uint32(p.threads) || p.memory > argonMaxMemory {
		return p, nil, nil, errBadPasswordHash
	}
	if salt, err = base64.RawStdEncoding.DecodeString(parts[4]); err != nil || len(salt) < 8 {
		return p, nil, nil, errBadPasswordHash
	}
	if key, err = base64.RawStdEncoding.DecodeString(parts[5]); err != nil || len(key) < 16 {
		return p, nil, nil, errBadPasswordHash
	}
	return p, salt, key, nil
}
