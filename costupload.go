package kluwen

import (
	"context"
	"time"
)

// CostUpload is a partner's cost file kept between the steps of an import in the
// web UI (the column mapping, the preview, the confirmation), so that the user
// uploads it once. It belongs to the user who uploaded it, holds personal data
// and is kept for CostUploadLifetime at most: the import deletes it, and
// housekeeping deletes what was left.
type CostUpload struct {
	ID        int64
	UserID    int64
	FileName  string
	Content   []byte
	CreatedAt time.Time
	ExpiresAt time.Time
}

// CostUploadLifetime is how long an uploaded cost file is kept.
const CostUploadLifetime = time.Hour

// MaxCostUploadSize is the largest cost file the web UI accepts.
const MaxCostUploadSize = 20 << 20

// CostUploadService keeps uploaded cost files between the steps of an import.
// Only a user who may record costs uploads; an upload is found only by its
// uploader and only before it expires (anyone else, or later, gets ENOTFOUND).
type CostUploadService interface {
	CreateCostUpload(ctx context.Context, u *CostUpload) error
	FindCostUpload(ctx context.Context, id int64) (*CostUpload, error)
	// ExportCostUpload is FindCostUpload for a download of what was found in
	// the file (the list of its errors): the access log records an export.
	ExportCostUpload(ctx context.Context, id int64) (*CostUpload, error)
	DeleteCostUpload(ctx context.Context, id int64) error
}
