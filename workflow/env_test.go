package workflow_test

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/segell/segell/internal/testenv"
	"github.com/segell/segell/pki"
	"github.com/segell/segell/signer"
	"github.com/segell/segell/stamp"
	"github.com/segell/segell/storage"
	"github.com/segell/segell/templates"
	"github.com/segell/segell/workflow"
)

// clock is the test's time, moved by hand.
type clock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *clock) Now() time.Time      { c.mu.Lock(); defer c.mu.Unlock(); return c.t }
func (c *clock) Set(t time.Time)     { c.mu.Lock(); c.t = t; c.mu.Unlock() }
func (c *clock) Add(d time.Duration) { c.mu.Lock(); c.t = c.t.Add(d); c.mu.Unlock() }

// env is a workflow on a real store, with the example PKI's people as signers.
type env struct {
	w     *workflow.Workflow
	store *storage.Store
	db    *storage.DB
	clock *clock
	pins  map[string]string
	certs string
}

// The example signers and the PINs their server-kept keys are encrypted under.
var people = map[string]string{"alcalde": "2222", "secretaria": "3333", "vocal-policia": "4444", "vocal-habitatge": "5555", "vocal-sbas": "6666"}

func newEnv(t *testing.T, dsn string) *env {
	t.Helper()
	ctx := context.Background()
	root := testenv.RepoRoot(t)
	certs := filepath.Join(root, "certs-example")
	objects, err := storage.NewFolder(filepath.Join(t.TempDir(), "objects"))
	if err != nil {
		t.Fatal(err)
	}
	db, err := storage.OpenDB(ctx, dsn)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	c := &clock{t: time.Date(2026, 1, 12, 9, 0, 0, 0, time.UTC)}
	store := storage.New(storage.Config{Objects: objects, DB: db, Now: c.Now})
	for _, p := range pki.DemoSigners() {
		k, err := signer.LoadPKCS12File(filepath.Join(certs, p.File+".p12"), p.PIN)
		if err != nil {
			t.Fatal(err)
		}
		blob, err := signer.EncryptKey(k, people[p.File])
		if err != nil {
			t.Fatal(err)
		}
		if err := db.PutSigner(ctx, storage.SignerRecord{ID: p.File, Name: p.GivenName + " " + p.Surnames, Role: p.Role, KeyBlob: blob}); err != nil {
			t.Fatal(err)
		}
	}
	sealKey, err := signer.LoadPKCS12File(filepath.Join(certs, "segell-organ.p12"), "1111")
	if err != nil {
		t.Fatal(err)
	}
	seal, err := signer.New(signer.Config{Key: sealKey, Now: c.Now})
	if err != nil {
		t.Fatal(err)
	}
	st, _ := stamp.New(stamp.Config{})
	w, err := workflow.New(workflow.Config{
		Store: store, Renderer: templates.New(templates.Config{Now: c.Now}), Stamper: st, Seal: seal,
		ValidationURL: "https://seu.lloret.cat/validacio", Now: c.Now,
		Roles: workflow.Roles{Mayor: "alcalde", Secretary: "secretaria", Officer: "secretaria",
			SectionHeads: map[string]string{"Policia Local": "vocal-policia", "Habitatge": "vocal-habitatge", "SBAS": "vocal-sbas", "SSE": "vocal-sbas"}},
	})
	if err != nil {
		t.Fatal(err)
	}
	return &env{w: w, store: store, db: db, clock: c, pins: people, certs: certs}
}

func application(holder string, typology workflow.Typology, registered time.Time) workflow.Application {
	return workflow.Application{
		RegistryEntry: "E/2026/" + strings.ReplaceAll(holder, " ", ""), RegistryDate: registered,
		Holder: templates.Person{Name: holder, IDDocument: "12345678Z"}, HolderBirthDate: time.Date(1985, 4, 2, 0, 0, 0, 0, time.UTC),
		Phone: "600000000", Address: "C. de la Riera, 14, 2n 1a, 17310 Lloret de Mar", CadastralRef: "4893209DG8149S0004QR",
		CadastralUse: "habitatge", Typology: typology, Owner: workflow.Owner{Name: "Immobles Costa Brava, SL", Address: "C. de Girona, 120, Barcelona", Company: true},
	}
}

var commission = []workflow.Attendee{
	{Signer: "secretaria", Role: "Presidenta", Section: "OIAC"},
	{Signer: "vocal-policia", Role: "Vocal", Section: "Policia Local"},
	{Signer: "vocal-habitatge", Role: "Vocal", Section: "Habitatge"},
	{Signer: "vocal-sbas", Role: "Vocal", Section: "SBAS"},
}

// approve signs a flow as signer with their PIN.
func (e *env) approve(t *testing.T, signerID, flowID string) {
	t.Helper()
	if err := e.w.Approve(context.Background(), signerID, e.pins[signerID], "req-"+signerID+"-"+flowID, flowID); err != nil {
		t.Fatalf("%s approves %s: %v", signerID, flowID, err)
	}
}

// pdfsigAll checks a stored document with poppler: every signature valid
// and trusted, the last one over the whole file; it returns the signers' names.
func (e *env) pdfsigAll(t *testing.T, d workflow.DocRef) []string {
	t.Helper()
	tool := testenv.Tool(t, "pdfsig")
	nss := testenv.NSSDB(t, filepath.Join(e.certs, "root-ca.pem"))
	data, err := e.w.DocumentBytes(context.Background(), d, "test")
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), d.Kind+".pdf")
	os.WriteFile(path, data, 0o644)
	out, _ := exec.Command(tool, "-nssdir", nss, path).CombinedOutput()
	var names []string
	blocks := strings.Split(string(out), "Signature #")[1:]
	for i, b := range blocks {
		if !strings.Contains(b, "Signature is Valid.") || !strings.Contains(b, "Certificate is Trusted.") {
			t.Fatalf("%s: signature %d not valid:\n%s", d.Kind, i+1, b)
		}
		if (i == len(blocks)-1) != strings.Contains(b, "Total document signed") {
			t.Fatalf("%s: only the last signature should cover the whole document:\n%s", d.Kind, out)
		}
		for _, l := range strings.Split(b, "\n") {
			if strings.Contains(l, "Signer Certificate Common Name:") {
				names = append(names, strings.TrimSpace(strings.SplitN(l, ":", 2)[1]))
			}
		}
	}
	return names
}

func docOf(t *testing.T, e *workflow.Expedient, kind string) workflow.DocRef {
	t.Helper()
	for i := len(e.Documents) - 1; i >= 0; i-- {
		if e.Documents[i].Kind == kind {
			return e.Documents[i]
		}
	}
	t.Fatalf("expedient %s has no %s (has %+v)", e.Number, kind, e.Documents)
	return workflow.DocRef{}
}

// forEachDB runs a test on SQLite and on PostgreSQL.
func forEachDB(t *testing.T, fn func(t *testing.T, e *env)) {
	for _, kind := range []string{"sqlite", "postgres"} {
		t.Run(kind, func(t *testing.T) {
			dsn := "sqlite:" + t.TempDir() + "/segell.db"
			if kind == "postgres" {
				dsn = testenv.Postgres(t)
			}
			fn(t, newEnv(t, dsn))
		})
	}
}

// text is what pdftotext reads in a stored document.
func (e *env) text(t *testing.T, d workflow.DocRef) string {
	t.Helper()
	data, err := e.w.DocumentBytes(context.Background(), d, "test")
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "doc.pdf")
	if err := os.WriteFile(path, data, 0o644); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command(testenv.Tool(t, "pdftotext"), path, "-").Output()
	if err != nil {
		t.Fatalf("pdftotext: %v", err)
	}
	return string(out)
}
