package storage

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/jackc/pgx/v5/pgconn"
	"modernc.org/sqlite"
	sqlite3 "modernc.org/sqlite/lib"
)

// Document is the metadata of one document.
type Document struct {
	ID         int64
	CSV        string // normalised, no hyphens
	ENI        string
	Organ      string // DIR3
	OrganName  string
	TypeCode   string // NTI TD01 …
	Origin     string // "ciutada" or "administracio"
	Reference  string
	Title      string
	Created    time.Time
	State      string // "stored", "signing", "sealed" …
	Disclosure string // what the public validation shows: "csv" or "csv+id"
}

// Version is one stored version of a document's bytes.
type Version struct {
	Version   int
	ObjectKey string
	SHA256    string
	Size      int64
	Producer  string // what made it: "render", "copy", "sign", "seal"
	Created   time.Time
}

// Signature records a signature or seal added by a version.
type Signature struct {
	Signer      string
	Role        string
	SignedAt    time.Time
	Level       string // "B-B", "B-T" …
	Certificate []byte // DER
}

// Config configures a Store.
type Config struct {
	Objects ObjectStore
	DB      *DB
	Now     func() time.Time
}

// Store keeps documents: bytes in the object store, metadata in SQL.
type Store struct {
	objects ObjectStore
	db      *DB
	now     func() time.Time
	audit   auditGroup
}

// New returns a Store.
func New(cfg Config) *Store {
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	return &Store{objects: cfg.Objects, db: cfg.DB, now: cfg.Now}
}

// PingObjects tells whether the object store answers: it lists the store
// and stops at the first object.
func (s *Store) PingObjects(ctx context.Context) error {
	errFirst := errors.New("first object seen")
	if err := s.objects.List(ctx, func(ObjectInfo) error { return errFirst }); err != nil && !errors.Is(err, errFirst) {
		return err
	}
	return nil
}

// Put stores the first version of a new document. The object is written and
// read back verified before the metadata commits, so a crash leaves at most
// an orphan object, never a row without its object.
func (s *Store) Put(ctx context.Context, d Document, pdf []byte, producer, actor string, sigs ...Signature) (*Document, *Version, error) {
	if d.Created.IsZero() {
		d.Created = s.now()
	}
	d.Created = d.Created.UTC().Truncate(time.Microsecond)
	v := &Version{Version: 1, Producer: producer, Created: d.Created}
	if err := s.writeObject(ctx, d.Organ, d.Created, d.CSV, v, pdf, len(sigs) > 0); err != nil {
		return nil, nil, err
	}
	err := s.db.tx(ctx, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, `INSERT INTO organs (dir3, name) VALUES ($1, $2) ON CONFLICT (dir3) DO NOTHING`, d.Organ, d.OrganName); err != nil {
			return err
		}
		err := tx.QueryRowContext(ctx, `INSERT INTO documents (csv, eni, organ, type_code, origin, reference, title, created, state, disclosure)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING id`,
			d.CSV, d.ENI, d.Organ, d.TypeCode, d.Origin, d.Reference, d.Title, d.Created, d.State, d.Disclosure).Scan(&d.ID)
		if err != nil {
			if isUnique(err) {
				return fmt.Errorf("document %s: CSV or ENI %w", d.ENI, ErrExists)
			}
			return err
		}
		if err := insertVersion(ctx, tx, d.ID, v, sigs); err != nil {
			return err
		}
		return s.db.appendAudit(ctx, tx, s.now(), actor, "store", d.ENI, fmt.Sprintf("version 1, %s, sha256 %s", producer, v.SHA256))
	})
	if err != nil {
		return nil, nil, fmt.Errorf("store %s: %w", d.ENI, err)
	}
	return &d, v, nil
}

// AddVersion stores version base+1 of a document (a new signature or seal
// added to version base): stored objects are never overwritten. If another
// writer stored version base+1 first, it fails with ErrConflict: the new
// bytes were made from an outdated version, so read the latest and redo.
func (s *Store) AddVersion(ctx context.Context, csv string, base int, pdf []byte, producer, actor string, sigs ...Signature) (*Version, error) {
	d, last, err := s.Latest(ctx, csv)
	if err != nil {
		return nil, err
	}
	if last.Version != base {
		return nil, fmt.Errorf("document %s is at version %d, not %d: %w", d.ENI, last.Version, base, ErrConflict)
	}
	v := &Version{Version: base + 1, Producer: producer, Created: s.now().UTC().Truncate(time.Microsecond)}
	if err := s.writeObject(ctx, d.Organ, d.Created, d.CSV, v, pdf, len(sigs) > 0); err != nil {
		return nil, err
	}
	err = s.db.tx(ctx, func(tx *sql.Tx) error {
		if err := insertVersion(ctx, tx, d.ID, v, sigs); err != nil {
			if isUnique(err) {
				return fmt.Errorf("version %d: %w", v.Version, ErrConflict)
			}
			return err
		}
		return s.db.appendAudit(ctx, tx, s.now(), actor, producer, d.ENI, fmt.Sprintf("version %d, sha256 %s", v.Version, v.SHA256))
	})
	if err != nil {
		return nil, fmt.Errorf("store %s: %w", d.ENI, err)
	}
	return v, nil
}

// writeObject writes the bytes, reads them back and checks their SHA-256.
// The same bytes already at the key (a retry) are accepted.
func (s *Store) writeObject(ctx context.Context, organ string, created time.Time, csv string, v *Version, pdf []byte, sealed bool) error {
	sum := sha256.Sum256(pdf)
	v.SHA256, v.Size = hex.EncodeToString(sum[:]), int64(len(pdf))
	v.ObjectKey = ObjectKey(organ, created, csv, v.Version, v.SHA256)
	if err := s.objects.Put(ctx, v.ObjectKey, pdf, PutOptions{Retain: sealed}); err != nil && !errors.Is(err, ErrExists) {
		return err
	}
	back, err := s.objects.Get(ctx, v.ObjectKey)
	if err != nil {
		return fmt.Errorf("read back %s: %w", v.ObjectKey, err)
	}
	if got := sha256.Sum256(back); hex.EncodeToString(got[:]) != v.SHA256 {
		return &CorruptError{Key: v.ObjectKey, Want: v.SHA256, Got: hex.EncodeToString(got[:])}
	}
	return nil
}

func insertVersion(ctx context.Context, tx *sql.Tx, docID int64, v *Version, sigs []Signature) error {
	if _, err := tx.ExecContext(ctx, `INSERT INTO versions (document_id, version, object_key, sha256, size, producer, created) VALUES ($1, $2, $3, $4, $5, $6, $7)`,
		docID, v.Version, v.ObjectKey, v.SHA256, v.Size, v.Producer, v.Created); err != nil {
		return err
	}
	for _, sg := range sigs {
		if _, err := tx.ExecContext(ctx, `INSERT INTO signatures (document_id, version, signer, role, signed_at, level, certificate) VALUES ($1, $2, $3, $4, $5, $6, $7)`,
			docID, v.Version, sg.Signer, sg.Role, sg.SignedAt.UTC(), sg.Level, sg.Certificate); err != nil {
			return err
		}
	}
	return nil
}

// DB is the metadata database, which also keeps the workflow's records.
func (s *Store) DB() *DB { return s.db }

// Latest looks a document up by its CSV (one indexed query) with its latest version.
func (s *Store) Latest(ctx context.Context, csv string) (*Document, *Version, error) {
	var d Document
	var v Version
	err := s.db.sql.QueryRowContext(ctx, `SELECT d.id, d.csv, d.eni, d.organ, o.name, d.type_code, d.origin, d.reference, d.title, d.created, d.state, d.disclosure,
			v.version, v.object_key, v.sha256, v.size, v.producer, v.created
		FROM documents d JOIN organs o ON o.dir3 = d.organ JOIN versions v ON v.document_id = d.id
		WHERE d.csv = $1 ORDER BY v.version DESC LIMIT 1`, csv).Scan(
		&d.ID, &d.CSV, &d.ENI, &d.Organ, &d.OrganName, &d.TypeCode, &d.Origin, &d.Reference, &d.Title, &d.Created, &d.State, &d.Disclosure,
		&v.Version, &v.ObjectKey, &v.SHA256, &v.Size, &v.Producer, &v.Created)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, nil, ErrNotFound
	}
	if err != nil {
		return nil, nil, err
	}
	return &d, &v, nil
}

// Get returns a document's latest version, byte for byte, after checking its
// SHA-256 against the one recorded. The lookup goes in the audit log under
// a hash of the CSV, never the CSV itself.
func (s *Store) Get(ctx context.Context, csv, actor string) (*Document, *Version, []byte, error) {
	d, v, err := s.Latest(ctx, csv)
	if err != nil {
		if aerr := s.Audit(ctx, actor, "lookup-miss", CSVDigest(csv), ""); aerr != nil {
			return nil, nil, nil, fmt.Errorf("audit: %w", aerr)
		}
		return nil, nil, nil, err
	}
	data, err := s.objects.Get(ctx, v.ObjectKey)
	if errors.Is(err, ErrUnreadable) {
		return nil, nil, nil, &CorruptError{Key: v.ObjectKey, Want: v.SHA256, Got: "unreadable"}
	}
	if err != nil {
		return nil, nil, nil, fmt.Errorf("document %s: %w", d.ENI, err)
	}
	if got := sha256.Sum256(data); hex.EncodeToString(got[:]) != v.SHA256 {
		return nil, nil, nil, &CorruptError{Key: v.ObjectKey, Want: v.SHA256, Got: hex.EncodeToString(got[:])}
	}
	// Every lookup is audited: a download that cannot be logged is refused.
	if err := s.Audit(ctx, actor, "download", CSVDigest(csv), fmt.Sprintf("%s version %d", d.ENI, v.Version)); err != nil {
		return nil, nil, nil, fmt.Errorf("audit: %w", err)
	}
	return d, v, data, nil
}

// CSVDigest is how a CSV appears in logs: a SHA-256 prefix, never the code.
func CSVDigest(csv string) string {
	sum := sha256.Sum256([]byte(strings.ToUpper(csv)))
	return "csv:" + hex.EncodeToString(sum[:12])
}

// isUnique tells a unique-constraint violation by the driver's code:
// PostgreSQL's unique_violation (23505), SQLite's extended result codes
// for a unique or primary key constraint.
func isUnique(err error) bool {
	var pg *pgconn.PgError
	if errors.As(err, &pg) {
		return pg.Code == "23505"
	}
	var lite *sqlite.Error
	if errors.As(err, &lite) {
		return lite.Code() == sqlite3.SQLITE_CONSTRAINT_UNIQUE || lite.Code() == sqlite3.SQLITE_CONSTRAINT_PRIMARYKEY
	}
	return false
}

// tx runs fn in a transaction (an immediate one in SQLite).
func (db *DB) tx(ctx context.Context, fn func(*sql.Tx) error) error {
	tx, err := db.sql.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	if err := fn(tx); err != nil {
		tx.Rollback()
		return err
	}
	return tx.Commit()
}
