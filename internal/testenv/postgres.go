package testenv

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"os"
	"strings"
	"testing"
	"time"

	_ "github.com/jackc/pgx/v5/stdlib" // the "pgx" driver
)

// Postgres returns the URL of a fresh schema in the PostgreSQL server at
// SEGELL_TEST_POSTGRES (default postgres://postgres@127.0.0.1:5432/test),
// dropped when the test ends.
func Postgres(t testing.TB) string {
	t.Helper()
	base := os.Getenv("SEGELL_TEST_POSTGRES")
	if base == "" {
		base = "postgres://postgres@127.0.0.1:5432/test"
	}
	db, err := sql.Open("pgx", base)
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Second)
	defer cancel()
	if err := db.PingContext(ctx); err != nil {
		db.Close()
		Missing(t, "PostgreSQL at "+base+" ("+err.Error()+")")
	}
	var rnd [6]byte
	rand.Read(rnd[:])
	schema := "segell_test_" + hex.EncodeToString(rnd[:])
	if _, err := db.ExecContext(ctx, "CREATE SCHEMA "+schema); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		db.Exec("DROP SCHEMA " + schema + " CASCADE")
		db.Close()
	})
	sep := "?"
	if strings.Contains(base, "?") {
		sep = "&"
	}
	return base + sep + "search_path=" + schema
}
