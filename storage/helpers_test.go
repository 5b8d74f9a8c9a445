package storage_test

import (
	"context"
	"crypto/rand"
	"fmt"
	"path/filepath"
	"testing"
	"time"

	"github.com/minio/minio-go/v7"
	"github.com/minio/minio-go/v7/pkg/credentials"
	"github.com/segell/segell/internal/testenv"
	"github.com/segell/segell/storage"
)

// backend is one way to run the store: an object store and a database.
type backend struct {
	name    string
	objects func(t *testing.T) (storage.ObjectStore, *testenv.MinIOServer)
	db      func(t *testing.T) string // DSN
}

func folderObjects(t *testing.T) (storage.ObjectStore, *testenv.MinIOServer) {
	f, err := storage.NewFolder(filepath.Join(t.TempDir(), "objects"))
	if err != nil {
		t.Fatal(err)
	}
	return f, nil
}

func minioObjects(t *testing.T) (storage.ObjectStore, *testenv.MinIOServer) {
	m := testenv.MinIO(t)
	return newBucket(t, m, storage.S3Config{}), m
}

func newBenchBucket(b *testing.B, m *testenv.MinIOServer) *storage.S3 {
	return newBucket(b, m, storage.S3Config{})
}

// newBucket makes a bucket with object lock on the server and connects to it.
func newBucket(t testing.TB, m *testenv.MinIOServer, cfg storage.S3Config) *storage.S3 {
	t.Helper()
	ctx := context.Background()
	c, err := minio.New(m.Endpoint, &minio.Options{Creds: credentials.NewStaticV4(m.AccessKey, m.SecretKey, "")})
	if err != nil {
		t.Fatal(err)
	}
	bucket := fmt.Sprintf("segell-%d", time.Now().UnixNano())
	if err := c.MakeBucket(ctx, bucket, minio.MakeBucketOptions{ObjectLocking: true}); err != nil {
		t.Fatal(err)
	}
	cfg.Endpoint, cfg.Bucket, cfg.AccessKey, cfg.SecretKey = m.Endpoint, bucket, m.AccessKey, m.SecretKey
	if cfg.Timeout == 0 {
		cfg.Timeout = 10 * time.Second
	}
	s, err := storage.NewS3(ctx, cfg)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func sqliteDSN(t *testing.T) string { return "sqlite:" + filepath.Join(t.TempDir(), "segell.db") }

var backends = []backend{
	{"folder+sqlite", folderObjects, sqliteDSN},
	{"folder+postgres", folderObjects, func(t *testing.T) string { return testenv.Postgres(t) }},
	{"minio+sqlite", minioObjects, sqliteDSN},
	{"minio+postgres", minioObjects, func(t *testing.T) string { return testenv.Postgres(t) }},
}

func openStore(t *testing.T, objects storage.ObjectStore, dsn string) (*storage.Store, *storage.DB) {
	t.Helper()
	db, err := storage.OpenDB(context.Background(), dsn)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return storage.New(storage.Config{Objects: objects, DB: db}), db
}

// newDoc is a document with a fresh CSV-like code and PDF-like bytes.
func newDoc(t testing.TB, size int) (storage.Document, []byte) {
	var rnd [11]byte
	rand.Read(rnd[:])
	code := fmt.Sprintf("%X", rnd)[:22]
	pdf := make([]byte, size)
	rand.Read(pdf)
	copy(pdf, "%PDF-1.7\n")
	return storage.Document{
		CSV: code, ENI: "ES_L01170950_2026_" + code[:16], Organ: "L01170950", OrganName: "Ajuntament de Lloret de Mar",
		TypeCode: "TD11", Origin: "administracio", Title: "Volant d'empadronament", State: "sealed", Disclosure: "csv",
	}, pdf
}
