package storage

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"strings"
	"time"

	"github.com/minio/minio-go/v7"
	"github.com/minio/minio-go/v7/pkg/credentials"
	"github.com/minio/minio-go/v7/pkg/encrypt"
)

// S3Config configures an S3-compatible object store.
type S3Config struct {
	Endpoint  string // host:port
	Bucket    string
	AccessKey string
	SecretKey string
	TLS       bool
	Region    string
	// RetentionMode is "GOVERNANCE" or "COMPLIANCE": sealed objects are
	// written with that object-lock retention for RetentionDays, where the
	// bucket has object lock. Empty: no retention.
	RetentionMode string
	RetentionDays int
	// ServerSideEncryption asks the server to encrypt objects (SSE-S3):
	// these documents carry personal data.
	ServerSideEncryption bool
	// Timeout bounds every call; 30 s when zero. MaxRetries bounds retries
	// with backoff; 3 when zero.
	Timeout    time.Duration
	MaxRetries int
}

// S3 is an object store in an S3-compatible bucket (MinIO in tests).
type S3 struct {
	c   *minio.Client
	cfg S3Config
}

// NewS3 connects to a bucket and checks that it exists and that the
// credentials work: a wrong endpoint or key is a clear error at start.
func NewS3(ctx context.Context, cfg S3Config) (*S3, error) {
	if cfg.Timeout == 0 {
		cfg.Timeout = 30 * time.Second
	}
	if cfg.MaxRetries == 0 {
		cfg.MaxRetries = 3
	}
	switch cfg.RetentionMode {
	case "", "GOVERNANCE", "COMPLIANCE":
	default:
		return nil, fmt.Errorf("S3 retention mode %q: want GOVERNANCE or COMPLIANCE", cfg.RetentionMode)
	}
	transport := &http.Transport{
		DialContext:           (&net.Dialer{Timeout: 5 * time.Second}).DialContext,
		ResponseHeaderTimeout: cfg.Timeout,
		MaxIdleConnsPerHost:   16,
	}
	c, err := minio.New(cfg.Endpoint, &minio.Options{
		Creds: credentials.NewStaticV4(cfg.AccessKey, cfg.SecretKey, ""), Secure: cfg.TLS,
		Region: cfg.Region, Transport: transport, MaxRetries: cfg.MaxRetries,
	})
	if err != nil {
		return nil, fmt.Errorf("S3 %s: %w", cfg.Endpoint, err)
	}
	s := &S3{c: c, cfg: cfg}
	cctx, cancel := context.WithTimeout(ctx, cfg.Timeout)
	defer cancel()
	ok, err := c.BucketExists(cctx, cfg.Bucket)
	if err != nil {
		return nil, s.wrap("bucket "+cfg.Bucket, err)
	}
	if !ok {
		return nil, fmt.Errorf("S3 bucket %q: %w", cfg.Bucket, ErrNotFound)
	}
	return s, nil
}

// wrap names the failure: unreachable, refused credentials, or not found.
func (s *S3) wrap(what string, err error) error {
	var resp minio.ErrorResponse
	if errors.As(err, &resp) {
		switch resp.Code {
		case "NoSuchKey", "NoSuchBucket":
			return fmt.Errorf("%s: %w", what, ErrNotFound)
		case "PreconditionFailed":
			return fmt.Errorf("%s: %w", what, ErrExists)
		case "InvalidAccessKeyId", "SignatureDoesNotMatch", "AccessDenied":
			return fmt.Errorf("S3 %s refused the credentials (%s): %s: %w", s.cfg.Endpoint, resp.Code, what, err)
		}
		if resp.StatusCode >= 500 && strings.HasPrefix(what, "get ") {
			// MinIO answers so when its bitrot check fails: the bytes on disk changed.
			return fmt.Errorf("S3 %s: %s (%s): %w: %v", s.cfg.Endpoint, what, resp.Code, ErrUnreadable, err)
		}
		return fmt.Errorf("S3 %s: %s (%s): %w", s.cfg.Endpoint, what, resp.Code, err)
	}
	var nerr net.Error
	if errors.As(err, &nerr) || errors.Is(err, context.DeadlineExceeded) {
		return fmt.Errorf("S3 %s unreachable: %s: %w (%v)", s.cfg.Endpoint, what, ErrUnavailable, err)
	}
	return fmt.Errorf("S3 %s: %s: %w", s.cfg.Endpoint, what, err)
}

// Put writes data at key with If-None-Match: *, so an existing key is never
// replaced; sealed objects get the configured retention.
func (s *S3) Put(ctx context.Context, key string, data []byte, opts PutOptions) error {
	if err := validKey(key); err != nil {
		return err
	}
	ctx, cancel := context.WithTimeout(ctx, s.cfg.Timeout)
	defer cancel()
	po := minio.PutObjectOptions{ContentType: "application/pdf", SendContentMd5: true}
	po.SetMatchETagExcept("*")
	if s.cfg.ServerSideEncryption {
		po.ServerSideEncryption = encrypt.NewSSE()
	}
	if opts.Retain && s.cfg.RetentionMode != "" && s.cfg.RetentionDays > 0 {
		po.Mode = minio.RetentionMode(s.cfg.RetentionMode)
		po.RetainUntilDate = time.Now().AddDate(0, 0, s.cfg.RetentionDays)
	}
	if _, err := s.c.PutObject(ctx, s.cfg.Bucket, key, bytes.NewReader(data), int64(len(data)), po); err != nil {
		return s.wrap("put "+key, err)
	}
	return nil
}

// Get reads the object at key.
func (s *S3) Get(ctx context.Context, key string) ([]byte, error) {
	ctx, cancel := context.WithTimeout(ctx, s.cfg.Timeout)
	defer cancel()
	obj, err := s.c.GetObject(ctx, s.cfg.Bucket, key, minio.GetObjectOptions{})
	if err != nil {
		return nil, s.wrap("get "+key, err)
	}
	defer obj.Close()
	data, err := io.ReadAll(obj)
	if err != nil {
		return nil, s.wrap("get "+key, err)
	}
	return data, nil
}

// Delete removes the object at key; object lock refuses it while retained.
func (s *S3) Delete(ctx context.Context, key string) error {
	ctx, cancel := context.WithTimeout(ctx, s.cfg.Timeout)
	defer cancel()
	if err := s.c.RemoveObject(ctx, s.cfg.Bucket, key, minio.RemoveObjectOptions{}); err != nil {
		return s.wrap("delete "+key, err)
	}
	return nil
}

// List calls fn for every object.
func (s *S3) List(ctx context.Context, fn func(ObjectInfo) error) error {
	for o := range s.c.ListObjects(ctx, s.cfg.Bucket, minio.ListObjectsOptions{Recursive: true}) {
		if o.Err != nil {
			return s.wrap("list", o.Err)
		}
		if err := fn(ObjectInfo{Key: o.Key, Size: o.Size, Modified: o.LastModified}); err != nil {
			return err
		}
	}
	return nil
}

// Bucket is the bucket's name.
func (s *S3) Bucket() string { return s.cfg.Bucket }
