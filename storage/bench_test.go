package storage_test

import (
	"context"
	"fmt"
	"math/rand/v2"
	"testing"

	"github.com/segell/segell/internal/testenv"
	"github.com/segell/segell/storage"
)

// Run with: go test -run '^$' -bench . -benchmem ./storage/
// (the lookup benchmarks first fill a table of one million documents).

func benchPutGet(b *testing.B, objects storage.ObjectStore, dsn string) {
	db, err := storage.OpenDB(context.Background(), dsn)
	if err != nil {
		b.Fatal(err)
	}
	defer db.Close()
	s := storage.New(storage.Config{Objects: objects, DB: db})
	ctx := context.Background()
	b.SetBytes(100 << 10)
	b.ReportAllocs()
	for b.Loop() {
		d, pdf := newDoc(b, 100<<10)
		if _, _, err := s.Put(ctx, d, pdf, "seal", "bench"); err != nil {
			b.Fatal(err)
		}
		if _, _, _, err := s.Get(ctx, d.CSV, "bench"); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkPutGet100KBFolder(b *testing.B) {
	f, err := storage.NewFolder(b.TempDir())
	if err != nil {
		b.Fatal(err)
	}
	benchPutGet(b, f, "sqlite:"+b.TempDir()+"/segell.db")
}

func BenchmarkPutGet100KBMinIO(b *testing.B) {
	m := testenv.MinIO(b)
	benchPutGet(b, newBenchBucket(b, m), "sqlite:"+b.TempDir()+"/segell.db")
}

func benchLookup(b *testing.B, dsn string) {
	db, err := storage.OpenDB(context.Background(), dsn)
	if err != nil {
		b.Fatal(err)
	}
	defer db.Close()
	const n = 1_000_000
	if err := storage.FillForBench(db, n); err != nil {
		b.Fatal(err)
	}
	s := storage.New(storage.Config{DB: db})
	ctx := context.Background()
	b.ResetTimer()
	for b.Loop() {
		csv := fmt.Sprintf("B%021d", 1+rand.IntN(n))
		if _, _, err := s.Latest(ctx, csv); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkLookup1MSQLite(b *testing.B)   { benchLookup(b, "sqlite:"+b.TempDir()+"/segell.db") }
func BenchmarkLookup1MPostgres(b *testing.B) { benchLookup(b, testenv.Postgres(b)) }
