package storage_test

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"strings"
	"testing"

	"github.com/segell/segell/storage"
)

// TestStoreSuite runs the same checks over every object store and database.
func TestStoreSuite(t *testing.T) {
	for _, b := range backends {
		t.Run(b.name, func(t *testing.T) {
			objects, _ := b.objects(t)
			s, db := openStore(t, objects, b.db(t))
			ctx := context.Background()

			d, pdf := newDoc(t, 100<<10)
			doc, v, err := s.Put(ctx, d, pdf, "seal", "test", storage.Signature{Signer: "Ajuntament de Lloret de Mar", Role: "Segell d'òrgan", Level: "B-T", Certificate: []byte{0x30}})
			if err != nil {
				t.Fatal(err)
			}
			sum := sha256.Sum256(pdf)
			if v.SHA256 != hex.EncodeToString(sum[:]) || v.Version != 1 || !strings.HasPrefix(v.ObjectKey, "L01170950/") || !strings.HasSuffix(v.ObjectKey, d.CSV+"/v1-"+v.SHA256[:12]+".pdf") {
				t.Fatalf("version %+v", v)
			}
			gotDoc, gotV, data, err := s.Get(ctx, d.CSV, "test")
			if err != nil || !bytes.Equal(data, pdf) || gotDoc.ENI != doc.ENI || gotV.Version != 1 {
				t.Fatalf("Get: %v", err)
			}

			// A new signature is a new version; the old one stays.
			signed := append(append([]byte(nil), pdf...), "\n% signed\n"...)
			v2, err := s.AddVersion(ctx, d.CSV, 1, signed, "sign", "test")
			if err != nil || v2.Version != 2 {
				t.Fatalf("AddVersion: %+v %v", v2, err)
			}
			if _, _, data, _ := s.Get(ctx, d.CSV, "test"); !bytes.Equal(data, signed) {
				t.Fatal("Get does not return the latest version")
			}
			if err := objects.Put(ctx, v.ObjectKey, []byte("other"), storage.PutOptions{}); !errors.Is(err, storage.ErrExists) {
				t.Fatalf("overwrite: got %v, want ErrExists", err)
			}

			if _, _, err := s.Put(ctx, d, pdf, "seal", "test"); !errors.Is(err, storage.ErrExists) {
				t.Fatalf("same CSV twice: got %v, want ErrExists", err)
			}
			if _, _, _, err := s.Get(ctx, "NOSUCHCODE234567890ABC", "test"); !errors.Is(err, storage.ErrNotFound) {
				t.Fatalf("unknown CSV: got %v", err)
			}

			n, err := s.VerifyAudit(ctx)
			if err != nil || n < 5 {
				t.Fatalf("VerifyAudit: %d entries, %v", n, err)
			}
			if rep, err := s.Fsck(ctx, 0, false); err != nil || !rep.Consistent() || rep.Checked != 2 {
				t.Fatalf("fsck: %+v %v", rep, err)
			}
			// The audit log never holds a raw CSV.
			var leaks int
			if err := storage.QueryForTest(db, "SELECT COUNT(*) FROM audit_log WHERE subject LIKE '%' || $1 || '%' OR detail LIKE '%' || $1 || '%'", d.CSV).Scan(&leaks); err != nil || leaks != 0 {
				t.Fatalf("the audit log holds the raw CSV %d times (%v)", leaks, err)
			}
		})
	}
}
