package main

import (
	"context"
	"flag"
	"os"
	"path/filepath"
	"strconv"

	"github.com/segell/segell/storage"
)

// storeFlags are the storage settings: flags, defaulting to SEGELL_*
// environment variables, defaulting to ./data (SQLite and a folder).
type storeFlags struct {
	db, dataDir              *string
	s3Endpoint, s3Bucket     *string
	s3AccessKey, s3SecretKey *string
	s3TLS, s3SSE             *bool
	s3RetentionMode          *string
	s3RetentionDays          *int
}

func env(name, def string) string {
	if v := os.Getenv(name); v != "" {
		return v
	}
	return def
}

func envBool(name string) bool {
	b, _ := strconv.ParseBool(os.Getenv(name))
	return b
}

func envInt(name string, def int) int {
	if n, err := strconv.Atoi(os.Getenv(name)); err == nil {
		return n
	}
	return def
}

func addStoreFlags(fs *flag.FlagSet) *storeFlags {
	return &storeFlags{
		db:              fs.String("db", env("SEGELL_DB", ""), "metadata database: sqlite:PATH or postgres://URL (SEGELL_DB; default sqlite:DATA_DIR/segell.db)"),
		dataDir:         fs.String("data-dir", env("SEGELL_DATA_DIR", "data"), "folder for the embedded default (SEGELL_DATA_DIR)"),
		s3Endpoint:      fs.String("s3-endpoint", env("SEGELL_S3_ENDPOINT", ""), "S3 endpoint host:port; empty keeps objects in DATA_DIR/objects (SEGELL_S3_ENDPOINT)"),
		s3Bucket:        fs.String("s3-bucket", env("SEGELL_S3_BUCKET", ""), "S3 bucket (SEGELL_S3_BUCKET)"),
		s3AccessKey:     fs.String("s3-access-key", env("SEGELL_S3_ACCESS_KEY", ""), "S3 access key (SEGELL_S3_ACCESS_KEY)"),
		s3SecretKey:     fs.String("s3-secret-key", env("SEGELL_S3_SECRET_KEY", ""), "S3 secret key (SEGELL_S3_SECRET_KEY)"),
		s3TLS:           fs.Bool("s3-tls", envBool("SEGELL_S3_TLS"), "use HTTPS for S3 (SEGELL_S3_TLS)"),
		s3SSE:           fs.Bool("s3-sse", envBool("SEGELL_S3_SSE"), "server-side encryption of objects (SEGELL_S3_SSE)"),
		s3RetentionMode: fs.String("s3-retention-mode", env("SEGELL_S3_RETENTION_MODE", ""), "object-lock mode for sealed versions: GOVERNANCE or COMPLIANCE (SEGELL_S3_RETENTION_MODE)"),
		s3RetentionDays: fs.Int("s3-retention-days", envInt("SEGELL_S3_RETENTION_DAYS", 0), "object-lock retention in days (SEGELL_S3_RETENTION_DAYS)"),
	}
}

// open connects to the object store and the database.
func (f *storeFlags) open(ctx context.Context) (*storage.Store, func(), error) {
	var objects storage.ObjectStore
	if *f.s3Endpoint != "" {
		s3, err := storage.NewS3(ctx, storage.S3Config{
			Endpoint: *f.s3Endpoint, Bucket: *f.s3Bucket, AccessKey: *f.s3AccessKey, SecretKey: *f.s3SecretKey, TLS: *f.s3TLS,
			ServerSideEncryption: *f.s3SSE, RetentionMode: *f.s3RetentionMode, RetentionDays: *f.s3RetentionDays,
		})
		if err != nil {
			return nil, nil, err
		}
		objects = s3
	} else {
		folder, err := storage.NewFolder(filepath.Join(*f.dataDir, "objects"))
		if err != nil {
			return nil, nil, err
		}
		objects = folder
	}
	dsn := *f.db
	if dsn == "" {
		if err := os.MkdirAll(*f.dataDir, 0o750); err != nil {
			return nil, nil, err
		}
		dsn = "sqlite:" + filepath.Join(*f.dataDir, "segell.db")
	}
	db, err := storage.OpenDB(ctx, dsn)
	if err != nil {
		return nil, nil, err
	}
	return storage.New(storage.Config{Objects: objects, DB: db}), func() { db.Close() }, nil
}

// actor names who acts in the audit log from the command line.
func actor() string {
	u := os.Getenv("USER")
	if u == "" {
		u = "unknown"
	}
	return "cli:" + u
}
