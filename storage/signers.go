package storage

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"
)

// MaxPINFailures wrong PINs lock a signer's key until an administrator unlocks it.
const MaxPINFailures = 5

// ErrLocked is a signer whose key is locked after too many wrong PINs.
var ErrLocked = errors.New("the signer's key is locked after too many wrong PINs; an administrator must unlock it")

// SignerRecord is a person who signs, with the key the server keeps for
// them encrypted under their PIN.
type SignerRecord struct {
	ID         string
	Name       string
	Role       string
	KeyBlob    []byte
	FailedPINs int
	Locked     bool
}

// PutSigner creates or replaces a signer (an administrator's act).
func (db *DB) PutSigner(ctx context.Context, s SignerRecord) error {
	_, err := db.sql.ExecContext(ctx, `INSERT INTO signers (id, name, role, key_blob, failed_pins, locked) VALUES ($1, $2, $3, $4, 0, 0)
		ON CONFLICT (id) DO UPDATE SET name = excluded.name, role = excluded.role, key_blob = excluded.key_blob, failed_pins = 0, locked = 0`,
		s.ID, s.Name, s.Role, s.KeyBlob)
	return err
}

// Signer reads a signer.
func (db *DB) Signer(ctx context.Context, id string) (*SignerRecord, error) {
	var s SignerRecord
	var locked int
	err := db.sql.QueryRowContext(ctx, "SELECT id, name, role, key_blob, failed_pins, locked FROM signers WHERE id = $1", id).
		Scan(&s.ID, &s.Name, &s.Role, &s.KeyBlob, &s.FailedPINs, &locked)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, fmt.Errorf("signer %s: %w", id, ErrNotFound)
	}
	s.Locked = locked != 0
	return &s, err
}

// PINFailed counts a wrong PIN and locks the key at MaxPINFailures; it
// returns whether the key is now locked.
func (db *DB) PINFailed(ctx context.Context, id string) (bool, error) {
	var locked int
	err := db.tx(ctx, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, "UPDATE signers SET failed_pins = failed_pins + 1 WHERE id = $1", id); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, "UPDATE signers SET locked = 1 WHERE id = $1 AND failed_pins >= $2", id, MaxPINFailures); err != nil {
			return err
		}
		return tx.QueryRowContext(ctx, "SELECT locked FROM signers WHERE id = $1", id).Scan(&locked)
	})
	return locked != 0, err
}

// PINAccepted resets the count of wrong PINs.
func (db *DB) PINAccepted(ctx context.Context, id string) error {
	_, err := db.sql.ExecContext(ctx, "UPDATE signers SET failed_pins = 0 WHERE id = $1 AND locked = 0", id)
	return err
}

// UnlockSigner is the administrator's unlock after too many wrong PINs.
func (db *DB) UnlockSigner(ctx context.Context, id string) error {
	_, err := db.sql.ExecContext(ctx, "UPDATE signers SET failed_pins = 0, locked = 0 WHERE id = $1", id)
	return err
}

// Delegation lets a substitute sign for a delegator during a period.
type Delegation struct {
	Delegator, Substitute string
	Starts, Ends          time.Time
}

// AddDelegation records a delegation.
func (db *DB) AddDelegation(ctx context.Context, d Delegation) error {
	if !d.Ends.After(d.Starts) {
		return errors.New("a delegation must end after it starts")
	}
	_, err := db.sql.ExecContext(ctx, "INSERT INTO delegations (delegator, substitute, starts, ends) VALUES ($1, $2, $3, $4)",
		d.Delegator, d.Substitute, d.Starts.UTC(), d.Ends.UTC())
	return err
}

// DelegatorsOf lists whom a substitute may sign for at a moment.
func (db *DB) DelegatorsOf(ctx context.Context, substitute string, at time.Time) ([]string, error) {
	rows, err := db.sql.QueryContext(ctx, "SELECT delegator FROM delegations WHERE substitute = $1 AND starts <= $2 AND ends > $2", substitute, at.UTC())
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var d string
		if err := rows.Scan(&d); err != nil {
			return nil, err
		}
		out = append(out, d)
	}
	return out, rows.Err()
}
