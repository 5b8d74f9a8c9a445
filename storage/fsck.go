package storage

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"time"
)

// FsckReport is what a consistency check found.
type FsckReport struct {
	Checked int      // versions whose object was read and hashed
	Missing []string // object keys recorded in SQL but absent from the store
	Corrupt []CorruptError
	Orphans []ObjectInfo // objects no row points to, older than the grace period
	Removed int          // orphans deleted by a repair
}

// Consistent reports whether the check found nothing wrong.
func (r *FsckReport) Consistent() bool {
	return len(r.Missing) == 0 && len(r.Corrupt) == 0 && len(r.Orphans) == 0
}

// Fsck reads every recorded version and checks its SHA-256, then lists the
// store for objects no row points to. Orphans younger than grace are left
// alone: a store may be writing them. With repair, orphans are deleted —
// and only orphans: a missing or corrupt object is reported, never "fixed".
func (s *Store) Fsck(ctx context.Context, grace time.Duration, repair bool) (*FsckReport, error) {
	rep := &FsckReport{}
	rows, err := s.db.sql.QueryContext(ctx, "SELECT object_key, sha256 FROM versions ORDER BY object_key")
	if err != nil {
		return nil, err
	}
	recorded := map[string]string{}
	for rows.Next() {
		var key, sum string
		if err := rows.Scan(&key, &sum); err != nil {
			rows.Close()
			return nil, err
		}
		recorded[key] = sum
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	for key, want := range recorded {
		data, err := s.objects.Get(ctx, key)
		if errors.Is(err, ErrNotFound) {
			rep.Missing = append(rep.Missing, key)
			continue
		}
		if errors.Is(err, ErrUnreadable) {
			rep.Corrupt = append(rep.Corrupt, CorruptError{Key: key, Want: want, Got: "unreadable"})
			continue
		}
		if err != nil {
			return nil, fmt.Errorf("fsck %s: %w", key, err)
		}
		rep.Checked++
		if got := sha256.Sum256(data); hex.EncodeToString(got[:]) != want {
			rep.Corrupt = append(rep.Corrupt, CorruptError{Key: key, Want: want, Got: hex.EncodeToString(got[:])})
		}
	}
	cutoff := s.now().Add(-grace)
	err = s.objects.List(ctx, func(o ObjectInfo) error {
		if _, ok := recorded[o.Key]; ok || o.Modified.After(cutoff) {
			return nil
		}
		rep.Orphans = append(rep.Orphans, o)
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("fsck: %w", err)
	}
	if repair {
		for _, o := range rep.Orphans {
			if err := s.objects.Delete(ctx, o.Key); err != nil {
				return rep, fmt.Errorf("fsck repair %s: %w", o.Key, err)
			}
			rep.Removed++
		}
		if err := s.Audit(ctx, "fsck", "repair", "store", fmt.Sprintf("%d orphans removed", rep.Removed)); err != nil {
			return rep, err
		}
	}
	return rep, nil
}
