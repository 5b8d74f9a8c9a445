package storage

import (
	"context"
	"database/sql"
)

// QueryForTest runs a query on the metadata database, for tests only.
func QueryForTest(db *DB, query string, args ...any) *sql.Row {
	return db.sql.QueryRow(query, args...)
}

// ExecForTest runs a statement on the metadata database, for tests only.
func ExecForTest(db *DB, query string, args ...any) error {
	_, err := db.sql.Exec(query, args...)
	return err
}

// FillForBench inserts n documents with one version each, fast, for the
// lookup benchmark. CSVs are "B" followed by the zero-padded row number.
func FillForBench(db *DB, n int) error {
	if _, err := db.sql.Exec("INSERT INTO organs (dir3, name) VALUES ('L01170950', 'Ajuntament de Lloret de Mar') ON CONFLICT (dir3) DO NOTHING"); err != nil {
		return err
	}
	var docs, vers string
	if db.dialect == "postgres" {
		docs = `INSERT INTO documents (csv, eni, organ, type_code, origin, reference, title, created, state, disclosure)
			SELECT 'B' || lpad(x::text, 21, '0'), 'ES_L01170950_2026_B' || x, 'L01170950', 'TD11', 'administracio', '', 'Volant', now(), 'sealed', 'csv'
			FROM generate_series(1, $1) AS x`
		vers = `INSERT INTO versions (document_id, version, object_key, sha256, size, producer, created)
			SELECT id, 1, 'L01170950/2026/11/' || csv || '/v1-000000000000.pdf', repeat('0', 64), 100000, 'bench', now() FROM documents`
	} else {
		docs = `WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < $1)
			INSERT INTO documents (csv, eni, organ, type_code, origin, reference, title, created, state, disclosure)
			SELECT 'B' || printf('%021d', x), 'ES_L01170950_2026_B' || x, 'L01170950', 'TD11', 'administracio', '', 'Volant', datetime('now'), 'sealed', 'csv' FROM c`
		vers = `INSERT INTO versions (document_id, version, object_key, sha256, size, producer, created)
			SELECT id, 1, 'L01170950/2026/11/' || csv || '/v1-000000000000.pdf', printf('%064d', 0), 100000, 'bench', datetime('now') FROM documents`
	}
	if _, err := db.sql.Exec(docs, n); err != nil {
		return err
	}
	_, err := db.sql.Exec(vers)
	return err
}

// AuditAlone appends an audit entry in a transaction of its own, as every
// append did before group commit: the benchmarks' yardstick.
func AuditAlone(s *Store, ctx context.Context, actor, action, subject, detail string) error {
	return s.db.tx(ctx, func(tx *sql.Tx) error { return s.db.appendAudit(ctx, tx, s.now(), actor, action, subject, detail) })
}
