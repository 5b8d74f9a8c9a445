package storage

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"time"
)

// ErrConflict is a write that lost a race: the record (or the document
// version) changed since it was read. Read again and retry.
var ErrConflict = errors.New("changed concurrently")

// The workflow keeps its objects (expedients, sessions, signature flows) as
// JSON records of a kind, with a state for queries and a version for
// optimistic concurrency.

// LoadRecord reads a record into v and returns its version.
func (db *DB) LoadRecord(ctx context.Context, kind, id string, v any) (int, error) {
	var data string
	var version int
	err := db.sql.QueryRowContext(ctx, "SELECT version, data FROM records WHERE kind = $1 AND id = $2", kind, id).Scan(&version, &data)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, fmt.Errorf("%s %s: %w", kind, id, ErrNotFound)
	}
	if err != nil {
		return 0, err
	}
	return version, json.Unmarshal([]byte(data), v)
}

// SaveRecord writes v as version+1 if the stored version is still version
// (0 creates the record). It fails with ErrConflict if someone else wrote
// it first, ErrExists if creating a record that exists.
func (db *DB) SaveRecord(ctx context.Context, kind, id string, version int, state string, v any, at time.Time) (int, error) {
	data, err := json.Marshal(v)
	if err != nil {
		return 0, err
	}
	if version == 0 {
		_, err := db.sql.ExecContext(ctx, "INSERT INTO records (kind, id, version, state, data, updated) VALUES ($1, $2, 1, $3, $4, $5)", kind, id, state, string(data), at.UTC())
		if err != nil && isUnique(err) {
			return 0, fmt.Errorf("%s %s: %w", kind, id, ErrExists)
		}
		return 1, err
	}
	res, err := db.sql.ExecContext(ctx, "UPDATE records SET version = version + 1, state = $1, data = $2, updated = $3 WHERE kind = $4 AND id = $5 AND version = $6",
		state, string(data), at.UTC(), kind, id, version)
	if err != nil {
		return 0, err
	}
	if n, _ := res.RowsAffected(); n != 1 {
		return 0, fmt.Errorf("%s %s: %w", kind, id, ErrConflict)
	}
	return version + 1, nil
}

// RecordIDs lists the ids of the records of a kind in the given states (all when none), in id order.
func (db *DB) RecordIDs(ctx context.Context, kind string, states ...string) ([]string, error) {
	rows, err := db.sql.QueryContext(ctx, "SELECT id, state FROM records WHERE kind = $1 ORDER BY id", kind)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	want := map[string]bool{}
	for _, s := range states {
		want[s] = true
	}
	var ids []string
	for rows.Next() {
		var id, state string
		if err := rows.Scan(&id, &state); err != nil {
			return nil, err
		}
		if len(want) == 0 || want[state] {
			ids = append(ids, id)
		}
	}
	return ids, rows.Err()
}

// NextNumber returns the next value of a named counter (1, 2, …), atomically.
func (db *DB) NextNumber(ctx context.Context, name string) (int, error) {
	var n int
	err := db.tx(ctx, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, "INSERT INTO counters (name, value) VALUES ($1, 0) ON CONFLICT (name) DO NOTHING", name); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, "UPDATE counters SET value = value + 1 WHERE name = $1", name); err != nil {
			return err
		}
		return tx.QueryRowContext(ctx, "SELECT value FROM counters WHERE name = $1", name).Scan(&n)
	})
	return n, err
}

// Approval is one signer's approval of one step of a signature flow.
type Approval struct {
	FlowID string
	Step   int
	Signer string // the step member whose approval this is
	// SignedBy is the substitute who signed in the member's stead (per
	// delegació); empty when the member signed.
	SignedBy  string
	RequestID string
	At        time.Time
}

// AddApproval records an approval exactly once: a second one for the same
// flow, step and signer returns false and changes nothing.
func (db *DB) AddApproval(ctx context.Context, a Approval) (bool, error) {
	_, err := db.sql.ExecContext(ctx, "INSERT INTO approvals (flow_id, step, signer, signed_by, request_id, at) VALUES ($1, $2, $3, $4, $5, $6)",
		a.FlowID, a.Step, a.Signer, a.SignedBy, a.RequestID, a.At.UTC())
	if err != nil {
		if isUnique(err) {
			return false, nil
		}
		return false, err
	}
	return true, nil
}

// Approvals lists a flow's approvals in the order they were made.
func (db *DB) Approvals(ctx context.Context, flowID string) ([]Approval, error) {
	rows, err := db.sql.QueryContext(ctx, "SELECT flow_id, step, signer, signed_by, request_id, at FROM approvals WHERE flow_id = $1 ORDER BY at, signer", flowID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Approval
	for rows.Next() {
		var a Approval
		if err := rows.Scan(&a.FlowID, &a.Step, &a.Signer, &a.SignedBy, &a.RequestID, &a.At); err != nil {
			return nil, err
		}
		out = append(out, a)
	}
	return out, rows.Err()
}

// WithdrawApproval removes an approval whose signature could not be made.
func (db *DB) WithdrawApproval(ctx context.Context, flowID string, step int, signer string) error {
	_, err := db.sql.ExecContext(ctx, "DELETE FROM approvals WHERE flow_id = $1 AND step = $2 AND signer = $3", flowID, step, signer)
	return err
}
