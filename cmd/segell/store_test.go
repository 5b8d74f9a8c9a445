package main

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/minio/minio-go/v7"
	"github.com/minio/minio-go/v7/pkg/credentials"
	"github.com/segell/segell/internal/testenv"
)

// TestStoreCommands: copy --store and render --store, then get, fsck and
// audit verify, on the embedded default and on MinIO with PostgreSQL.
func TestStoreCommands(t *testing.T) {
	root := testenv.RepoRoot(t)
	certs := filepath.Join(root, "certs-example")
	type setup struct {
		name  string
		flags func(t *testing.T) []string
	}
	for _, s := range []setup{
		{"folder+sqlite", func(t *testing.T) []string { return []string{"--data-dir", t.TempDir()} }},
		{"minio+postgres", func(t *testing.T) []string {
			m := testenv.MinIO(t)
			c, _ := minio.New(m.Endpoint, &minio.Options{Creds: credentials.NewStaticV4(m.AccessKey, m.SecretKey, "")})
			if err := c.MakeBucket(context.Background(), "segell", minio.MakeBucketOptions{ObjectLocking: true}); err != nil {
				t.Fatal(err)
			}
			return []string{"--db", testenv.Postgres(t), "--s3-endpoint", m.Endpoint, "--s3-bucket", "segell",
				"--s3-access-key", m.AccessKey, "--s3-secret-key", m.SecretKey, "--s3-retention-mode", "GOVERNANCE", "--s3-retention-days", "1"}
		}},
	} {
		t.Run(s.name, func(t *testing.T) {
			flags := s.flags(t)
			dir := t.TempDir()
			out := filepath.Join(dir, "copia.pdf")
			args := append([]string{"copy", "--p12", filepath.Join(certs, "segell-organ.p12"), "--pin", "1111", "--organ", "L01170950",
				"--type", "TD11", "--origin", "ciutada", "--store"}, flags...)
			code, stdout, stderr := segell(t, append(args, filepath.Join(root, "signer", "testdata", "corpus", "fpdf.pdf"), "-o", out)...)
			if code != 0 {
				t.Fatalf("copy --store: %d %s", code, stderr)
			}
			var res struct{ CSV, SHA256 string }
			json.Unmarshal([]byte(stdout), &res)

			got := filepath.Join(dir, "got.pdf")
			if code, _, stderr := segell(t, append(append([]string{"get"}, flags...), strings.ToLower(res.CSV), "-o", got)...); code != 0 {
				t.Fatalf("get: %d %s", code, stderr)
			}
			a, _ := os.ReadFile(out)
			b, _ := os.ReadFile(got)
			if !bytes.Equal(a, b) {
				t.Fatal("get does not return the stored copy byte for byte")
			}

			if code, _, _ := segell(t, append(append([]string{"render", "--store"}, flags...), filepath.Join(root, "templates", "testdata", "decret-denegacio.json"), "-o", filepath.Join(dir, "d.pdf"))...); code != 2 {
				t.Fatalf("render with a path as kind: %d", code)
			}
			code, _, stderr = segell(t, append(append([]string{"render", "--store"}, flags...), "decret-denegacio", filepath.Join(root, "templates", "testdata", "decret-denegacio.json"), "-o", filepath.Join(dir, "d.pdf"))...)
			if code != 0 {
				t.Fatalf("render --store: %d %s", code, stderr)
			}
			if code, stdout, stderr := segell(t, append([]string{"fsck"}, flags...)...); code != 0 || !strings.Contains(stdout, "Versions comprovades: 2") {
				t.Fatalf("fsck: %d\n%s%s", code, stdout, stderr)
			}
			if code, stdout, _ := segell(t, append([]string{"audit", "verify"}, flags...)...); code != 0 || !strings.Contains(stdout, "íntegre") {
				t.Fatalf("audit verify: %d %s", code, stdout)
			}
			// A typo in the CSV is caught before any lookup; an unknown code is not found.
			typo := []byte(res.CSV)
			typo[0], typo[1] = typo[1], typo[0]
			if typo[0] == typo[1] {
				typo[2], typo[3] = typo[3], typo[2]
			}
			if code, _, stderr := segell(t, append(append([]string{"get"}, flags...), string(typo), "-o", got)...); code != 1 || !strings.Contains(stderr, "CSV no és correcte") {
				t.Fatalf("get with a typo: %d %s", code, stderr)
			}
		})
	}
}

// TestFsckCommandReportsDamage: a corrupted object makes fsck exit 1 naming it.
func TestFsckCommandReportsDamage(t *testing.T) {
	root := testenv.RepoRoot(t)
	data := t.TempDir()
	out := filepath.Join(t.TempDir(), "c.pdf")
	code, _, stderr := segell(t, "copy", "--p12", filepath.Join(root, "certs-example", "segell-organ.p12"), "--pin", "1111", "--organ", "L01170950",
		"--type", "TD11", "--origin", "ciutada", "--store", "--data-dir", data, filepath.Join(root, "signer", "testdata", "corpus", "mutool.pdf"), "-o", out)
	if code != 0 {
		t.Fatal(stderr)
	}
	var key string
	filepath.WalkDir(filepath.Join(data, "objects"), func(p string, e os.DirEntry, err error) error {
		if err == nil && strings.Contains(filepath.Base(p), "v1-") {
			key = p
		}
		return nil
	})
	b, _ := os.ReadFile(key)
	b[len(b)/2] ^= 1
	os.WriteFile(key, b, 0o644)
	code, stdout, _ := segell(t, "fsck", "--data-dir", data)
	if code != 1 || !strings.Contains(stdout, "MALMÈS") || !strings.Contains(stdout, filepath.Base(filepath.Dir(key))) {
		t.Fatalf("fsck after damage: %d\n%s", code, stdout)
	}
}
