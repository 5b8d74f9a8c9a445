package storage_test

import (
	"context"
	"fmt"
	"sync"
	"testing"

	"github.com/segell/segell/internal/testenv"
	"github.com/segell/segell/storage"
)

// TestAuditGroupCommit appends 300 entries at once on SQLite and
// PostgreSQL: every call returns once its own entry is committed, the
// chain verifies and holds exactly the 300 entries.
func TestAuditGroupCommit(t *testing.T) {
	for _, dsn := range []struct{ name, dsn string }{{"sqlite", ""}, {"postgres", "pg"}} {
		t.Run(dsn.name, func(t *testing.T) {
			d := sqliteDSN(t)
			if dsn.dsn == "pg" {
				d = testenv.Postgres(t)
			}
			objects, _ := folderObjects(t)
			s, _ := openStore(t, objects, d)
			ctx := context.Background()
			const n = 300
			var wg sync.WaitGroup
			errs := make(chan error, n)
			for i := range n {
				wg.Go(func() { errs <- s.Audit(ctx, "test", "lookup", fmt.Sprintf("csv:%04d", i), "") })
			}
			wg.Wait()
			close(errs)
			for err := range errs {
				if err != nil {
					t.Fatal(err)
				}
			}
			count, err := s.VerifyAudit(ctx)
			if err != nil || count != n {
				t.Fatalf("audit chain: %d entries, %v; want %d and no error", count, err, n)
			}
		})
	}
}

func benchAudit(b *testing.B, dsn string, grouped bool) {
	db, err := storage.OpenDB(context.Background(), dsn)
	if err != nil {
		b.Fatal(err)
	}
	defer db.Close()
	s := storage.New(storage.Config{DB: db})
	ctx := context.Background()
	b.SetParallelism(16) // many requests at once, as on the validation page
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			var err error
			if grouped {
				err = s.Audit(ctx, "bench", "lookup", "csv:0", "")
			} else {
				err = storage.AuditAlone(s, ctx, "bench", "lookup", "csv:0", "")
			}
			if err != nil {
				b.Fatal(err)
			}
		}
	})
}

// BenchmarkAudit compares appends committed one by one with group commit,
// 16 concurrent requests per core.
func BenchmarkAudit(b *testing.B) {
	for _, grouped := range []bool{false, true} {
		name := map[bool]string{false: "alone", true: "grouped"}[grouped]
		b.Run("sqlite/"+name, func(b *testing.B) { benchAudit(b, "sqlite:"+b.TempDir()+"/segell.db", grouped) })
		b.Run("postgres/"+name, func(b *testing.B) { benchAudit(b, testenv.Postgres(b), grouped) })
	}
}
