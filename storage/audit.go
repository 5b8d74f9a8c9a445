package storage

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"errors"
	"fmt"
	"time"
)

// Entry is one line of the audit log.
type Entry struct {
	Seq      int64
	At       time.Time
	Actor    string
	Action   string // store, sign, seal, download, lookup, lookup-miss, login …
	Subject  string // an ENI identifier, or a CSV digest — never a raw CSV
	Detail   string
	PrevHash string
	Hash     string
}

// entryHash chains an entry to the previous one: editing or deleting any
// line changes every hash after it.
func entryHash(e Entry) string {
	h := sha256.New()
	fmt.Fprintf(h, "%d\x00%s\x00%s\x00%s\x00%s\x00%s\x00%s", e.Seq, e.At.UTC().Format(time.RFC3339Nano), e.Actor, e.Action, e.Subject, e.Detail, e.PrevHash)
	return hex.EncodeToString(h.Sum(nil))
}

// appendAudit adds an entry inside tx. Appends are serialised (an advisory
// lock in PostgreSQL, the write lock in SQLite) so the chain has no fork.
func (db *DB) appendAudit(ctx context.Context, tx *sql.Tx, at time.Time, actor, action, subject, detail string) error {
	if db.dialect == "postgres" {
		if _, err := tx.ExecContext(ctx, "SELECT pg_advisory_xact_lock(72617)"); err != nil {
			return err
		}
	}
	e := Entry{At: at.UTC().Truncate(time.Microsecond), Actor: actor, Action: action, Subject: subject, Detail: detail}
	err := tx.QueryRowContext(ctx, "SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1").Scan(&e.Seq, &e.PrevHash)
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return err
	}
	e.Seq++
	e.Hash = entryHash(e)
	_, err = tx.ExecContext(ctx, "INSERT INTO audit_log (seq, at, actor, action, subject, detail, prev_hash, hash) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
		e.Seq, e.At, e.Actor, e.Action, e.Subject, e.Detail, e.PrevHash, e.Hash)
	return err
}

// BrokenChainError names the first audit entry that does not chain.
type BrokenChainError struct {
	Seq    int64
	Reason string
}

func (e *BrokenChainError) Error() string {
	return fmt.Sprintf("audit log broken at entry %d: %s", e.Seq, e.Reason)
}

// VerifyAudit walks the chain from the first entry and returns how many
// entries it checked, or a *BrokenChainError naming the first bad one.
func (s *Store) VerifyAudit(ctx context.Context) (int64, error) {
	rows, err := s.db.sql.QueryContext(ctx, "SELECT seq, at, actor, action, subject, detail, prev_hash, hash FROM audit_log ORDER BY seq")
	if err != nil {
		return 0, err
	}
	defer rows.Close()
	var n int64
	prev := ""
	for rows.Next() {
		var e Entry
		if err := rows.Scan(&e.Seq, &e.At, &e.Actor, &e.Action, &e.Subject, &e.Detail, &e.PrevHash, &e.Hash); err != nil {
			return n, err
		}
		switch {
		case e.Seq != n+1:
			return n, &BrokenChainError{Seq: n + 1, Reason: fmt.Sprintf("missing (next entry is %d)", e.Seq)}
		case e.PrevHash != prev:
			return n, &BrokenChainError{Seq: e.Seq, Reason: "does not point to the previous entry's hash"}
		case entryHash(e) != e.Hash:
			return n, &BrokenChainError{Seq: e.Seq, Reason: "its content does not match its hash (edited)"}
		}
		prev, n = e.Hash, n+1
	}
	return n, rows.Err()
}
