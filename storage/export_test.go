package storage

import "database/sql"

// QueryForTest runs a query on the metadata database, for tests only.
func QueryForTest(db *DB, query string, args ...any) *sql.Row {
	return db.sql.QueryRow(query, args...)
}

// ExecForTest runs a statement on the metadata database, for tests only.
func ExecForTest(db *DB, query string, args ...any) error {
	_, err := db.sql.Exec(query, args...)
	return err
}
