package sqlstore

import (
	"crypto/aes"
	"crypto/cipher"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"fmt"
)

// bsnHash is the keyed hash a BSN is matched on.
func (db *DB) bsnHash(bsn string) string {
	m := hmac.New(sha256.New, db.keys.BSNHash)
	m.Write([]byte(bsn))
	return hex.EncodeToString(m.Sum(nil))
}

// sealBSN encrypts a BSN with AES-256-GCM; the result is nonce‖ciphertext in base64.
func (db *DB) sealBSN(bsn string) (string, error) {
	block, err := aes.NewCipher(db.keys.BSNEnc)
	if err != nil {
		return "", err
	}
	gcm, err := cipher.NewGCM(block)
	if err != nil {
		return "", err
	}
	nonce := make([]byte, gcm.NonceSize())
	if _, err := rand.Read(nonce); err != nil {
		return "", err
	}
	return base64.StdEncoding.EncodeToString(gcm.Seal(nonce, nonce, []byte(bsn), []byte("bsn"))), nil
}

// openBSN decrypts what sealBSN made.
func (db *DB) openBSN(s string) (string, error) {
	if s == "" {
		return "", nil
	}
	raw, err := base64.StdEncoding.DecodeString(s)
	if err != nil {
		return "", err
	}
	block, err := aes.NewCipher(db.keys.BSNEnc)
	if err != nil {
		return "", err
	}
	gcm, err := cipher.NewGCM(block)
	if err != nil {
		return "", err
	}
	if len(raw) < gcm.NonceSize() {
		return "", fmt.Errorf("sqlstore: stored BSN too short")
	}
	plain, err := gcm.Open(nil, raw[:gcm.NonceSize()], raw[gcm.NonceSize():], []byte("bsn"))
	if err != nil {
		return "", fmt.Errorf("sqlstore: cannot decrypt stored BSN (wrong key?): %w", err)
	}
	return string(plain), nil
}

// DeriveKeys derives the store's keys from one master secret (at least 32 bytes),
// so that an installation keeps a single secret file.
func DeriveKeys(master []byte) (Keys, error) {
	if len(master) < 32 {
		return Keys{}, fmt.Errorf("secret key must be at least 32 bytes, got %d", len(master))
	}
	derive := func(label string) []byte { return subKey(master, "kluwen/v1/"+label) }
	return Keys{Audit: derive("audit"), BSNHash: derive("bsn-hash"), BSNEnc: derive("bsn-enc")}, nil
}

// subKey derives a key for one use from a key of the store: HMAC-SHA256 of the
// label, so that an installation keeps a single secret.
func subKey(key []byte, label string) []byte {
	m := hmac.New(sha256.New, key)
	m.Write([]byte(label))
	return m.Sum(nil)
}
