package sqlstore

import (
	"context"
	"crypto/aes"
	"crypto/cipher"
	"crypto/rand"
	"encoding/binary"
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/kluwen/kluwen"
)

// Cost files uploaded in the web UI are kept between the steps of an import, for
// their uploader only and for an hour at most. The content is personal data: it
// is stored encrypted with AES-256-GCM under a key derived from the BSN
// encryption key, with the upload's user bound in as additional data.

// uploadKey is the key the uploaded files are encrypted with.
func (db *DB) uploadKey() []byte { return subKey(db.keys.BSNEnc, "kluwen/v1/cost-upload") }

func uploadAAD(userID int64) []byte { return fmt.Appendf(nil, "cost-upload/%d", userID) }

func (db *DB) sealUpload(userID int64, plain []byte) ([]byte, error) {
	block, err := aes.NewCipher(db.uploadKey())
	if err != nil {
		return nil, err
	}
	gcm, err := cipher.NewGCM(block)
	if err != nil {
		return nil, err
	}
	nonce := make([]byte, gcm.NonceSize(), gcm.NonceSize()+len(plain)+gcm.Overhead())
	if _, err := rand.Read(nonce); err != nil {
		return nil, err
	}
	return gcm.Seal(nonce, nonce, plain, uploadAAD(userID)), nil
}

func (db *DB) openUpload(userID int64, sealed []byte) ([]byte, error) {
	block, err := aes.NewCipher(db.uploadKey())
	if err != nil {
		return nil, err
	}
	gcm, err := cipher.NewGCM(block)
	if err != nil {
		return nil, err
	}
	if len(sealed) < gcm.NonceSize() {
		return nil, fmt.Errorf("sqlstore: stored upload too short")
	}
	plain, err := gcm.Open(nil, sealed[:gcm.NonceSize()], sealed[gcm.NonceSize():], uploadAAD(userID))
	if err != nil {
		return nil, fmt.Errorf("sqlstore: cannot decrypt stored upload (wrong key?): %w", err)
	}
	return plain, nil
}

// uploadFileName keeps the base name of an uploaded file, without control
// characters, at most 200 bytes.
func uploadFileName(name string) string {
	if i := strings.LastIndexAny(name, `/\`); i >= 0 {
		name = name[i+1:]
	}
	name = strings.Map(func(r rune) rune {
		if r < 0x20 || r == 0x7f {
			return -1
		}
		return r
	}, strings.TrimSpace(name))
	for len(name) > 200 {
		_, size := utf8.DecodeLastRuneInString(name)
		name = name[:len(name)-size]
	}
	if name == "" {
		name = "bestand"
	}
	return name
}

// CreateCostUpload stores a file for the actor, who must be a user allowed to
// record costs, until CostUploadLifetime from now. It sets ID, UserID, FileName
// (cleaned), CreatedAt and ExpiresAt.
func (db *DB) CreateCostUpload(ctx context.Context, u *kluwen.CostUpload) error {
	a, err := db.actor(ctx)
	if err != nil {
		return err
	}
	if a.UserID == 0 {
		return kluwen.Errorf(kluwen.EFORBIDDEN, "Alleen een gebruiker kan een bestand uploaden.")
	}
	if !a.Can(kluwen.PermRecordCosts) {
		return kluwen.Errorf(kluwen.EFORBIDDEN, "U mag geen kosten vastleggen.")
	}
	var v kluwen.Validator
	v.Check(len(u.Content) > 0, "bestand", "Het bestand is leeg.")
	v.Check(len(u.Content) <= kluwen.MaxCostUploadSize, "bestand", fmt.Sprintf("Het bestand is te groot: hoogstens %d MB.", kluwen.MaxCostUploadSize>>20))
	if err := v.Err(); err != nil {
		return err
	}
	// The file name may name the family too: it is sealed with the content
	// (its length first); no column holds it.
	name := uploadFileName(u.FileName)
	plain := binary.AppendUvarint(make([]byte, 0, len(name)+len(u.Content)+binary.MaxVarintLen64), uint64(len(name)))
	plain = append(append(plain, name...), u.Content...)
	sealed, err := db.sealUpload(a.UserID, plain)
	if err != nil {
		return err
	}
	return db.update(ctx, func(tx *Tx) error {
		expires := tx.now.Add(kluwen.CostUploadLifetime)
		id, err := tx.insert(ctx, `INSERT INTO cost_uploads (user_id, content, size, created_at, expires_at) VALUES (?, ?, ?, ?, ?) RETURNING id`,
			a.UserID, sealed, len(u.Content), tx.now, expires)
		if err != nil {
			return err
		}
		u.ID, u.UserID, u.FileName, u.CreatedAt, u.ExpiresAt = id, a.UserID, name, tx.now, expires
		tx.log(eventUploadCreate, kluwen.AuditCreate, basisOwnUpload, uploadRef(id))
		return nil
	})
}

// The access-log events of uploads: the file holds personal data.
const (
	eventUploadCreate = "costupload.create"
	eventUploadRead   = "costupload.read"
	eventUploadExport = "costupload.export"
	eventUploadDelete = "costupload.delete"
	basisOwnUpload    = "eigen bestand voor een kostenimport"
)

func uploadRef(id int64) kluwen.ObjectRef {
	return kluwen.ObjectRef{Type: kluwen.ObjectCostUpload, ID: id}
}

// errUploadNotFound is the answer for an upload that is not there, not the
// actor's, or expired: the user uploads the file again.
func errUploadNotFound() error {
	return kluwen.Errorf(kluwen.ENOTFOUND, "Het geüploade bestand is niet (meer) beschikbaar. Bestanden worden een uur bewaard; upload het bestand opnieuw.")
}

// FindCostUpload returns an upload of the actor's that has not expired.
func (db *DB) FindCostUpload(ctx context.Context, id int64) (*kluwen.CostUpload, error) {
	return db.findCostUpload(ctx, id, eventUploadRead, kluwen.AuditRead)
}

// ExportCostUpload returns an upload of the actor's that has not expired, to be
// downloaded in another form (its errors as CSV), logged as an export.
func (db *DB) ExportCostUpload(ctx context.Context, id int64) (*kluwen.CostUpload, error) {
	return db.findCostUpload(ctx, id, eventUploadExport, kluwen.AuditExport)
}

func (db *DB) findCostUpload(ctx context.Context, id int64, event string, action kluwen.AuditAction) (*kluwen.CostUpload, error) {
	a, err := db.actor(ctx)
	if err != nil {
		return nil, err
	}
	if a.UserID == 0 {
		return nil, errUploadNotFound()
	}
	u := &kluwen.CostUpload{}
	var sealed []byte
	// The file holds personal data (household keys, BSNs): reading it is logged,
	// and so is a refused attempt on someone else's or an expired upload.
	err = db.update(ctx, func(tx *Tx) error {
		err := tx.queryRow(ctx, `SELECT id, user_id, content, created_at, expires_at FROM cost_uploads WHERE id = ? AND user_id = ? AND expires_at > ?`,
			id, a.UserID, tx.now).Scan(&u.ID, &u.UserID, &sealed, timeScan{&u.CreatedAt}, timeScan{&u.ExpiresAt})
		if isNoRows(err) {
			tx.refuse(event, action, "niet gevonden, niet van de gebruiker of verlopen", uploadRef(id))
			return errUploadNotFound()
		}
		if err == nil {
			tx.log(event, action, basisOwnUpload, uploadRef(id))
		}
		return err
	})
	if err != nil {
		return nil, err
	}
	plain, err := db.openUpload(u.UserID, sealed)
	if err != nil {
		return nil, err
	}
	n, k := binary.Uvarint(plain)
	if k <= 0 || uint64(len(plain)-k) < n {
		return nil, fmt.Errorf("sqlstore: stored upload malformed")
	}
	u.FileName, u.Content = string(plain[k:k+int(n)]), plain[k+int(n):]
	return u, nil
}

// DeleteCostUpload deletes an upload of the actor's. Deleting one that is not
// there (any more) is not an error.
func (db *DB) DeleteCostUpload(ctx context.Context, id int64) error {
	a, err := db.actor(ctx)
	if err != nil {
		return err
	}
	return db.update(ctx, func(tx *Tx) error {
		res, err := tx.exec(ctx, `DELETE FROM cost_uploads WHERE id = ? AND user_id = ?`, id, a.UserID)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n > 0 {
			tx.log(eventUploadDelete, kluwen.AuditDelete, basisOwnUpload, uploadRef(id))
		}
		return nil
	})
}

// consumeUpload deletes the actor's upload that an import is writing the rows
// of, in the import's transaction: a second import of the same upload (a form
// sent twice) finds it gone and writes nothing.
func (tx *Tx) consumeUpload(ctx context.Context, id int64) error {
	res, err := tx.exec(ctx, `DELETE FROM cost_uploads WHERE id = ? AND user_id = ? AND expires_at > ?`, id, tx.actor.UserID, tx.now)
	if err != nil {
		return err
	}
	if n, err := res.RowsAffected(); err != nil {
		return err
	} else if n == 0 {
		tx.refuse(eventUploadDelete, kluwen.AuditDelete, "niet gevonden, niet van de gebruiker of verlopen", uploadRef(id))
		return errUploadNotFound()
	}
	tx.log(eventUploadDelete, kluwen.AuditDelete, basisOwnUpload, uploadRef(id))
	return nil
}

// DeleteExpiredCostUploads deletes every upload past its expiry and returns how
// many. It is housekeeping, run periodically; FindCostUpload refuses expired
// uploads whether or not they were deleted yet.
func (db *DB) DeleteExpiredCostUploads(ctx context.Context) (int, error) {
	var n int64
	err := db.update(ctx, func(tx *Tx) error {
		res, err := tx.exec(ctx, `DELETE FROM cost_uploads WHERE expires_at <= ?`, tx.now)
		if err != nil {
			return err
		}
		n, err = res.RowsAffected()
		return err
	})
	return int(n), err
}
