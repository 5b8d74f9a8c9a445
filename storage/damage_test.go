package storage_test

import (
	"bytes"
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/minio/minio-go/v7"
	"github.com/minio/minio-go/v7/pkg/credentials"
	"github.com/segell/segell/internal/testenv"
	"github.com/segell/segell/storage"
)

// flipInFile changes one byte of needle inside a file behind the store's back.
func flipInFile(t *testing.T, path string, needle []byte) bool {
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	i := bytes.Index(data, needle)
	if i < 0 {
		return false
	}
	data[i+len(needle)/2] ^= 0xFF
	if err := os.WriteFile(path, data, 0o644); err != nil {
		t.Fatal(err)
	}
	return true
}

// TestCorruptionDetected changes an object behind the store's back, in the
// local folder and in MinIO's data folder: reading it fails with an error
// naming the object, and fsck reports it.
func TestCorruptionDetected(t *testing.T) {
	cases := []struct {
		name    string
		objects func(t *testing.T) (storage.ObjectStore, *testenv.MinIOServer)
	}{{"folder", folderObjects}, {"minio", minioObjects}}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			objects, m := c.objects(t)
			s, _ := openStore(t, objects, sqliteDSN(t))
			ctx := context.Background()
			d, pdf := newDoc(t, 64<<10)
			_, v, err := s.Put(ctx, d, pdf, "seal", "test")
			if err != nil {
				t.Fatal(err)
			}
			needle := pdf[30000:30032]
			changed := false
			root := objectPath(t, objects, "")
			if m != nil {
				root = m.DataDir
			}
			filepath.WalkDir(root, func(p string, e os.DirEntry, err error) error {
				if err == nil && !e.IsDir() && (m == nil && strings.HasSuffix(p, filepath.FromSlash(v.ObjectKey)) || m != nil && strings.Contains(p, d.CSV)) {
					changed = changed || flipInFile(t, p, needle)
				}
				return nil
			})
			if !changed {
				t.Fatal("could not find the object's bytes on disk")
			}
			_, _, _, err = s.Get(ctx, d.CSV, "test")
			var ce *storage.CorruptError
			if err == nil {
				t.Fatal("a corrupted object was served")
			}
			if !errors.As(err, &ce) || ce.Key != v.ObjectKey {
				t.Fatalf("got %v, want a CorruptError naming %s", err, v.ObjectKey)
			}
			rep, err := s.Fsck(ctx, time.Hour, false)
			if err != nil {
				t.Fatal(err)
			}
			if len(rep.Corrupt) != 1 || rep.Corrupt[0].Key != v.ObjectKey || rep.Consistent() {
				t.Fatalf("fsck: %+v", rep)
			}
		})
	}
}

// objectPath is where a folder store keeps key ("" for its root); "" for MinIO.
func objectPath(t *testing.T, objects storage.ObjectStore, key string) string {
	f, ok := objects.(*storage.Folder)
	if !ok {
		return ""
	}
	return filepath.Join(f.Root(), filepath.FromSlash(key))
}

// TestMissingAndOrphans: an object deleted behind our back is reported
// missing; an object no row points to is an orphan once older than the grace
// period, and --repair removes orphans only.
func TestMissingAndOrphans(t *testing.T) {
	objects, _ := folderObjects(t)
	s, _ := openStore(t, objects, sqliteDSN(t))
	ctx := context.Background()
	d1, pdf1 := newDoc(t, 1000)
	_, v1, _ := s.Put(ctx, d1, pdf1, "seal", "test")
	d2, pdf2 := newDoc(t, 1000)
	_, v2, _ := s.Put(ctx, d2, pdf2, "seal", "test")
	if err := os.Remove(objectPath(t, objects, v2.ObjectKey)); err != nil {
		t.Fatal(err)
	}
	orphan := storage.ObjectKey("L01170950", time.Now(), "ORPHANCODE2345678ABCDE", 1, "00112233445566")
	if err := objects.Put(ctx, orphan, []byte("%PDF orphan"), storage.PutOptions{}); err != nil {
		t.Fatal(err)
	}
	if rep, _ := s.Fsck(ctx, time.Hour, false); len(rep.Orphans) != 0 || len(rep.Missing) != 1 {
		t.Fatalf("fresh orphan or missing object: %+v", rep)
	}
	old := time.Now().Add(-2 * time.Hour)
	os.Chtimes(objectPath(t, objects, orphan), old, old)
	rep, err := s.Fsck(ctx, time.Hour, true)
	if err != nil {
		t.Fatal(err)
	}
	if len(rep.Missing) != 1 || rep.Missing[0] != v2.ObjectKey || len(rep.Orphans) != 1 || rep.Removed != 1 {
		t.Fatalf("fsck --repair: %+v", rep)
	}
	if _, err := objects.Get(ctx, orphan); !errors.Is(err, storage.ErrNotFound) {
		t.Fatal("the orphan is still there")
	}
	if _, err := objects.Get(ctx, v1.ObjectKey); err != nil {
		t.Fatal("repair touched a recorded object")
	}
}

// TestObjectLock: a sealed version written with retention cannot be deleted.
func TestObjectLock(t *testing.T) {
	m := testenv.MinIO(t)
	s3 := newBucket(t, m, storage.S3Config{RetentionMode: "COMPLIANCE", RetentionDays: 1, ServerSideEncryption: false})
	s, _ := openStore(t, s3, sqliteDSN(t))
	ctx := context.Background()
	d, pdf := newDoc(t, 2000)
	_, v, err := s.Put(ctx, d, pdf, "seal", "test", storage.Signature{Signer: "organ", Role: "seal", Level: "B-T", Certificate: []byte{1}})
	if err != nil {
		t.Fatal(err)
	}
	c, _ := minio.New(m.Endpoint, &minio.Options{Creds: credentials.NewStaticV4(m.AccessKey, m.SecretKey, "")})
	info, err := c.StatObject(ctx, s3.Bucket(), v.ObjectKey, minio.StatObjectOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if info.VersionID == "" {
		t.Fatal("no version id: the bucket has no object lock")
	}
	err = c.RemoveObject(ctx, s3.Bucket(), v.ObjectKey, minio.RemoveObjectOptions{VersionID: info.VersionID})
	if err == nil {
		t.Fatal("a locked version was deleted")
	}
	if _, _, data, err := s.Get(ctx, d.CSV, "test"); err != nil || !bytes.Equal(data, pdf) {
		t.Fatalf("after the refused delete: %v", err)
	}
}

// TestMinIOStopped stops MinIO in the middle of a run: writes fail with a
// clear error and record nothing; when it returns, work resumes and every
// acknowledged document is there.
func TestMinIOStopped(t *testing.T) {
	m := testenv.MinIO(t)
	s3 := newBucket(t, m, storage.S3Config{Timeout: 3 * time.Second, MaxRetries: 1})
	s, _ := openStore(t, s3, sqliteDSN(t))
	ctx := context.Background()
	var acked []string
	for i := 0; i < 5; i++ {
		d, pdf := newDoc(t, 5000)
		if _, _, err := s.Put(ctx, d, pdf, "seal", "test"); err != nil {
			t.Fatal(err)
		}
		acked = append(acked, d.CSV)
	}
	m.Stop()
	d, pdf := newDoc(t, 5000)
	start := time.Now()
	_, _, err := s.Put(ctx, d, pdf, "seal", "test")
	if !errors.Is(err, storage.ErrUnavailable) || !strings.Contains(err.Error(), m.Endpoint) {
		t.Fatalf("put with MinIO down: %v", err)
	}
	if time.Since(start) > 30*time.Second {
		t.Fatalf("put with MinIO down took %v", time.Since(start))
	}
	if _, _, err := s.Latest(ctx, d.CSV); !errors.Is(err, storage.ErrNotFound) {
		t.Fatal("a failed store left a row")
	}
	m.Start()
	if _, _, err := s.Put(ctx, d, pdf, "seal", "test"); err != nil {
		t.Fatalf("after MinIO came back: %v", err)
	}
	for _, csv := range append(acked, d.CSV) {
		if _, _, _, err := s.Get(ctx, csv, "test"); err != nil {
			t.Fatalf("%s lost: %v", csv, err)
		}
	}
}

func TestS3BadConfig(t *testing.T) {
	m := testenv.MinIO(t)
	ctx := context.Background()
	_, err := storage.NewS3(ctx, storage.S3Config{Endpoint: m.Endpoint, Bucket: "whatever", AccessKey: m.AccessKey, SecretKey: "wrong-secret-key", Timeout: 5 * time.Second, MaxRetries: 1})
	if err == nil || !strings.Contains(err.Error(), "credentials") {
		t.Fatalf("wrong secret: %v", err)
	}
	_, err = storage.NewS3(ctx, storage.S3Config{Endpoint: "127.0.0.1:1", Bucket: "segell", AccessKey: "a", SecretKey: "b", Timeout: 3 * time.Second, MaxRetries: 1})
	if !errors.Is(err, storage.ErrUnavailable) {
		t.Fatalf("dead endpoint: %v", err)
	}
	_, err = storage.NewS3(ctx, storage.S3Config{Endpoint: m.Endpoint, Bucket: "no-such-bucket", AccessKey: m.AccessKey, SecretKey: m.SecretKey, Timeout: 5 * time.Second})
	if !errors.Is(err, storage.ErrNotFound) {
		t.Fatalf("missing bucket: %v", err)
	}
}

// TestServerSideEncryption: with SSE on, MinIO keeps the object encrypted
// (its data file does not hold the plaintext) and serves it back intact.
func TestServerSideEncryption(t *testing.T) {
	m := testenv.MinIO(t)
	s3 := newBucket(t, m, storage.S3Config{ServerSideEncryption: true})
	s, _ := openStore(t, s3, sqliteDSN(t))
	ctx := context.Background()
	d, pdf := newDoc(t, 8000)
	_, v, err := s.Put(ctx, d, pdf, "seal", "test")
	if err != nil {
		t.Fatal(err)
	}
	c, _ := minio.New(m.Endpoint, &minio.Options{Creds: credentials.NewStaticV4(m.AccessKey, m.SecretKey, "")})
	info, err := c.StatObject(ctx, s3.Bucket(), v.ObjectKey, minio.StatObjectOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if info.Metadata.Get("X-Amz-Server-Side-Encryption") != "AES256" {
		t.Fatalf("object not encrypted: %v", info.Metadata)
	}
	plain := false
	filepath.WalkDir(m.DataDir, func(p string, e os.DirEntry, err error) error {
		if err == nil && !e.IsDir() {
			if b, _ := os.ReadFile(p); bytes.Contains(b, pdf[100:164]) {
				plain = true
			}
		}
		return nil
	})
	if plain {
		t.Fatal("the plaintext is on MinIO's disk")
	}
	if _, _, data, err := s.Get(ctx, d.CSV, "test"); err != nil || !bytes.Equal(data, pdf) {
		t.Fatalf("read back: %v", err)
	}
}
