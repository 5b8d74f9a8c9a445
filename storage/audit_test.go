package storage_test

import (
	"context"
	"errors"
	"testing"

	"github.com/segell/segell/storage"
)

// TestAuditTamper edits and deletes audit entries behind the store's back:
// VerifyAudit names the first broken entry, on SQLite and PostgreSQL.
func TestAuditTamper(t *testing.T) {
	for _, b := range []backend{backends[0], backends[1]} {
		t.Run(b.name, func(t *testing.T) {
			objects, _ := b.objects(t)
			s, db := openStore(t, objects, b.db(t))
			ctx := context.Background()
			for i := 0; i < 4; i++ {
				d, pdf := newDoc(t, 100)
				if _, _, err := s.Put(ctx, d, pdf, "seal", "test"); err != nil {
					t.Fatal(err)
				}
			}
			if n, err := s.VerifyAudit(ctx); err != nil || n != 4 {
				t.Fatalf("clean chain: %d %v", n, err)
			}
			if err := storage.ExecForTest(db, "UPDATE audit_log SET actor = 'someone else' WHERE seq = 3"); err != nil {
				t.Fatal(err)
			}
			var broken *storage.BrokenChainError
			if _, err := s.VerifyAudit(ctx); !errors.As(err, &broken) || broken.Seq != 3 {
				t.Fatalf("edited entry: %v", err)
			}
			storage.ExecForTest(db, "UPDATE audit_log SET actor = 'test' WHERE seq = 3")
			if err := storage.ExecForTest(db, "DELETE FROM audit_log WHERE seq = 2"); err != nil {
				t.Fatal(err)
			}
			if _, err := s.VerifyAudit(ctx); !errors.As(err, &broken) || broken.Seq != 2 {
				t.Fatalf("deleted entry: %v", err)
			}
		})
	}
}
