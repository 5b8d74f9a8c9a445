// Package storage keeps documents for the years the law asks: their bytes in
// an object store (an S3 bucket through minio-go, or a local folder), their
// metadata in SQL (SQLite or PostgreSQL), an append-only hash-chained audit
// log, and a consistency check that proves the two agree. It knows nothing
// of PDFs.
package storage

import (
	"context"
	"errors"
	"fmt"
	"path"
	"strings"
	"time"
)

// Errors callers branch on.
var (
	ErrNotFound    = errors.New("not found")
	ErrExists      = errors.New("already exists: stored objects are never overwritten")
	ErrUnavailable = errors.New("object store unavailable")
	// ErrUnreadable is an object the store has but cannot serve intact
	// (MinIO's own bitrot check failed).
	ErrUnreadable = errors.New("object unreadable")
)

// CorruptError reports an object whose bytes no longer match their SHA-256.
type CorruptError struct {
	Key       string
	Want, Got string
}

func (e *CorruptError) Error() string {
	return fmt.Sprintf("object %s is corrupt: SHA-256 %s, recorded %s", e.Key, e.Got, e.Want)
}

// ObjectInfo describes a stored object.
type ObjectInfo struct {
	Key      string
	Size     int64
	Modified time.Time
}

// PutOptions are the choices of one write.
type PutOptions struct {
	// Retain asks for WORM retention where the store supports it.
	Retain bool
}

// ObjectStore keeps documents' bytes. A key is written once: Put fails with
// ErrExists rather than overwrite.
type ObjectStore interface {
	Put(ctx context.Context, key string, data []byte, opts PutOptions) error
	Get(ctx context.Context, key string) ([]byte, error)
	Delete(ctx context.Context, key string) error
	List(ctx context.Context, fn func(ObjectInfo) error) error
}

// ObjectKey is where version v of a document lives, so that a person can
// browse the store: organ/year/month/CSV/vN-<first 12 hex digits of its
// SHA-256>.pdf. The digest in the name lets two writers race for the same
// version without an orphan of one blocking the other: the SQL row decides.
func ObjectKey(organ string, created time.Time, csv string, version int, sha256hex string) string {
	created = created.UTC()
	return path.Join(organ, fmt.Sprintf("%04d", created.Year()), fmt.Sprintf("%02d", created.Month()), csv, fmt.Sprintf("v%d-%.12s.pdf", version, sha256hex))
}

// validKey refuses keys that could escape a folder or confuse a bucket.
func validKey(key string) error {
	if key == "" || strings.HasPrefix(key, "/") || strings.Contains(key, "\\") || path.Clean(key) != key || strings.HasPrefix(key, "..") {
		return fmt.Errorf("invalid object key %q", key)
	}
	return nil
}
