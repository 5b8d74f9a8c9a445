package workflow_test

import (
	"context"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/segell/segell/internal/testenv"
	"github.com/segell/segell/signer"
	"github.com/segell/segell/storage"
	"github.com/segell/segell/templates"
	"github.com/segell/segell/workflow"
)

// closedSession opens a session with one case assigned and closes it: its
// acta waits for the signatures of every attendee.
func (e *env) closedSession(t *testing.T) *workflow.Session {
	t.Helper()
	ctx := context.Background()
	exp, err := e.w.Register(ctx, application("Olena Kovalenko", workflow.Humanitarian, e.clock.Now()), "oiac")
	if err != nil {
		t.Fatal(err)
	}
	s, _ := e.w.OpenSession(ctx, day(1, 15, 9, 30), "Sala", "09:30", commission, "oiac")
	if err := e.w.Agree(ctx, s.ID, exp.Number, templates.DecisionAssign, []string{"SBAS"}, "", "oiac"); err != nil {
		t.Fatal(err)
	}
	s, err = e.w.CloseSession(ctx, s.ID, "10:30", day(2, 12, 9, 30), []string{"Assignació de comprovacions."}, "oiac")
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// TestConcurrentApprovals: attendees approving the same parallel step at
// the same time all count, exactly once each; a repeated approval counts once.
func TestConcurrentApprovals(t *testing.T) {
	for _, kind := range []string{"", "pg"} {
		t.Run("db="+kind, func(t *testing.T) {
			e := newEnv(t, dsnFor(t, kind))
			ctx := context.Background()
			s := e.closedSession(t)
			var wg sync.WaitGroup
			errs := make([]error, 2*len(commission))
			for i, a := range append(commission, commission...) { // every request sent twice
				wg.Add(1)
				go func() {
					defer wg.Done()
					errs[i] = e.w.Approve(ctx, a.Signer, e.pins[a.Signer], "req-"+a.Signer, s.Acta.Flow)
				}()
			}
			wg.Wait()
			for _, err := range errs {
				if err != nil {
					t.Fatal(err)
				}
			}
			approvals, _ := e.db.Approvals(ctx, s.Acta.Flow)
			if len(approvals) != len(commission) {
				t.Fatalf("%d approvals for %d attendees", len(approvals), len(commission))
			}
			if names := e.pdfsigAll(t, *s.Acta); len(names) != len(commission) {
				t.Fatalf("the acta carries %d signatures: %v", len(names), names)
			}
			if got, _ := e.w.Session(ctx, s.ID); got.State != workflow.SessionSigned {
				t.Fatalf("session %q", got.State)
			}
		})
	}
}

// TestWrongPINLocks: five wrong PINs lock the key until an administrator unlocks it.
func TestWrongPINLocks(t *testing.T) {
	forEachDB(t, func(t *testing.T, e *env) {
		ctx := context.Background()
		s := e.closedSession(t)
		for i := 1; i <= 5; i++ {
			err := e.w.Approve(ctx, "vocal-sbas", "0000", "r", s.Acta.Flow)
			if want := workflow.ErrWrongPIN; i == 5 {
				want = workflow.ErrLocked
				if !errors.Is(err, want) {
					t.Fatalf("attempt %d: %v, want %v", i, err, want)
				}
			} else if !errors.Is(err, want) {
				t.Fatalf("attempt %d: %v, want %v", i, err, want)
			}
		}
		if err := e.w.Approve(ctx, "vocal-sbas", "6666", "r", s.Acta.Flow); !errors.Is(err, workflow.ErrLocked) {
			t.Fatalf("right PIN on a locked key: %v", err)
		}
		e.db.UnlockSigner(ctx, "vocal-sbas")
		e.approve(t, "vocal-sbas", s.Acta.Flow)
	})
}

// TestDelegationAndBatch: the mayor delegates to a substitute, whose
// signature says "per delegació"; the secretary then approves two decrees
// with one PIN entry.
func TestDelegationAndBatch(t *testing.T) {
	forEachDB(t, func(t *testing.T, e *env) {
		ctx := context.Background()
		var decrees []workflow.DocRef
		for _, holder := range []string{"Carlos Gómez Núñez", "Iryna Shevchenko"} {
			exp, _ := e.caseToReport(t, holder, "Policia Local", absentTwice)
			exp, _ = e.decide(t, exp, templates.DecisionUnfavourable, "no s'ha pogut comprovar la residència.")
			decrees = append(decrees, docOf(t, exp, "decret-denegacio"))
		}
		if err := e.w.Delegate(ctx, "alcalde", "vocal-habitatge", e.clock.Now().Add(-time.Hour), e.clock.Now().Add(48*time.Hour)); err != nil {
			t.Fatal(err)
		}
		if p, _ := e.w.Pending(ctx, "vocal-habitatge"); len(p) != 2 || p[0].For != "alcalde" {
			t.Fatalf("the substitute's queue: %+v", p)
		}
		if err := e.w.Approve(ctx, "vocal-habitatge", "5555", "sub", decrees[0].Flow, decrees[1].Flow); err != nil {
			t.Fatal(err)
		}
		if err := e.w.Approve(ctx, "secretaria", "3333", "batch", decrees[0].Flow, decrees[1].Flow); err != nil {
			t.Fatal(err)
		}
		for _, d := range decrees {
			names := e.pdfsigAll(t, d)
			if len(names) != 3 || !strings.Contains(names[0], "Soler Roca") {
				t.Fatalf("decree signed by %v", names)
			}
		}
		data, _ := e.w.DocumentBytes(ctx, decrees[0], "test")
		path := filepath.Join(t.TempDir(), "d.pdf")
		os.WriteFile(path, data, 0o644)
		text, _ := exec.Command(testenv.Tool(t, "pdftotext"), path, "-").Output()
		if !strings.Contains(strings.Join(strings.Fields(string(text)), " "), "Per delegació de Adrià Puig Serra (Alcalde)") {
			t.Fatal("the substitute's signature does not say per delegació")
		}
	})
}

// TestRejection: an attendee rejects the acta with a reason: the flow stops
// and the session is told; nobody can sign it afterwards.
func TestRejection(t *testing.T) {
	forEachDB(t, func(t *testing.T, e *env) {
		ctx := context.Background()
		s := e.closedSession(t)
		e.approve(t, "secretaria", s.Acta.Flow)
		if err := e.w.Reject(ctx, "vocal-policia", s.Acta.Flow, ""); err == nil {
			t.Fatal("a rejection without a reason")
		}
		if err := e.w.Reject(ctx, "alcalde", s.Acta.Flow, "no hi era"); !errors.Is(err, workflow.ErrNotSigner) {
			t.Fatalf("a rejection by someone outside the flow: %v", err)
		}
		if err := e.w.Reject(ctx, "vocal-policia", s.Acta.Flow, "L'acord del cas 2 no és correcte."); err != nil {
			t.Fatal(err)
		}
		if got, _ := e.w.Session(ctx, s.ID); got.State != workflow.SessionRejected {
			t.Fatalf("session %q", got.State)
		}
		if f, _ := e.w.Flow(ctx, s.Acta.Flow); f.State != workflow.FlowRejected || f.Rejection.Reason == "" {
			t.Fatalf("flow %+v", f)
		}
		if err := e.w.Approve(ctx, "vocal-habitatge", "5555", "late", s.Acta.Flow); !errors.Is(err, workflow.ErrFlowClosed) {
			t.Fatalf("signing a rejected flow: %v", err)
		}
	})
}

// TestExternalSignature: a signer with their own smart card gets the digest,
// signs it elsewhere and hands back a CMS, which must be theirs.
func TestExternalSignature(t *testing.T) {
	forEachDB(t, func(t *testing.T, e *env) {
		ctx := context.Background()
		s := e.closedSession(t)
		digest, err := e.w.PrepareExternal(ctx, "vocal-sbas", s.Acta.Flow)
		if err != nil {
			t.Fatal(err)
		}
		card, _ := signer.LoadPKCS12File(filepath.Join(e.certs, "vocal-sbas.p12"), "6666")
		other, _ := signer.LoadPKCS12File(filepath.Join(e.certs, "alcalde.p12"), "2222")
		cardSigner, _ := signer.New(signer.Config{Key: card})
		otherSigner, _ := signer.New(signer.Config{Key: other})
		wrong, _ := otherSigner.SignDigest(ctx, digest)
		if err := e.w.CompleteExternal(ctx, "vocal-sbas", s.Acta.Flow, wrong, "x"); !errors.Is(err, signer.ErrWrongSigner) {
			t.Fatalf("someone else's CMS: %v", err)
		}
		cms, _ := cardSigner.SignDigest(ctx, digest)
		if err := e.w.CompleteExternal(ctx, "vocal-sbas", s.Acta.Flow, cms, "x"); err != nil {
			t.Fatal(err)
		}
		for _, a := range commission {
			if a.Signer != "vocal-sbas" {
				e.approve(t, a.Signer, s.Acta.Flow)
			}
		}
		if names := e.pdfsigAll(t, *s.Acta); len(names) != len(commission) {
			t.Fatalf("acta signed by %v", names)
		}
	})
}

// TestNofM: a step that needs two signatures of three completes with two;
// the third signer finds it closed.
func TestNofM(t *testing.T) {
	forEachDB(t, func(t *testing.T, e *env) {
		ctx := context.Background()
		pdf, err := os.ReadFile(filepath.Join(testenv.RepoRoot(t), "signer", "testdata", "corpus", "fpdf.pdf"))
		if err != nil {
			t.Fatal(err)
		}
		d := storage.Document{CSV: "NOFM234567890ABCDEFGHJ", ENI: "ES_L01170950_2026_NOFM", Organ: "L01170950", OrganName: "Ajuntament de Lloret de Mar",
			TypeCode: "TD02", Origin: "administracio", Title: "Acord", State: "signing", Disclosure: "csv"}
		if _, _, err := e.store.Put(ctx, d, pdf, "upload", "test"); err != nil {
			t.Fatal(err)
		}
		doc := workflow.DocRef{Kind: "acord", CSV: d.CSV, ENI: d.ENI}
		id, err := e.w.StartFlow(ctx, doc, "Acord de prova", []workflow.Step{{Signers: []string{"vocal-policia", "vocal-habitatge", "vocal-sbas"}, Need: 2}})
		if err != nil {
			t.Fatal(err)
		}
		e.approve(t, "vocal-policia", id)
		if f, _ := e.w.Flow(ctx, id); f.State != workflow.FlowOpen {
			t.Fatalf("one of two: %q", f.State)
		}
		e.approve(t, "vocal-sbas", id)
		if f, _ := e.w.Flow(ctx, id); f.State != workflow.FlowCompleted {
			t.Fatalf("two of three: %q", f.State)
		}
		if err := e.w.Approve(ctx, "vocal-habitatge", "5555", "late", id); !errors.Is(err, workflow.ErrFlowClosed) {
			t.Fatalf("third signer: %v", err)
		}
		if names := e.pdfsigAll(t, doc); len(names) != 2 {
			t.Fatalf("signed by %v", names)
		}
		if _, err := e.w.StartFlow(ctx, doc, "x", []workflow.Step{{Signers: []string{"ningú"}}}); err == nil {
			t.Fatal("a flow for an unknown signer")
		}
	})
}

// TestExternalAfterRejection: a smart-card signature prepared before
// another member rejected the acta does not join the rejected flow.
func TestExternalAfterRejection(t *testing.T) {
	forEachDB(t, func(t *testing.T, e *env) {
		ctx := context.Background()
		s := e.closedSession(t)
		digest, err := e.w.PrepareExternal(ctx, "vocal-sbas", s.Acta.Flow)
		if err != nil {
			t.Fatal(err)
		}
		if err := e.w.Reject(ctx, "vocal-policia", s.Acta.Flow, "Hi falta un acord."); err != nil {
			t.Fatal(err)
		}
		card, err := signer.LoadPKCS12File(filepath.Join(e.certs, "vocal-sbas.p12"), "6666")
		if err != nil {
			t.Fatal(err)
		}
		cardSigner, err := signer.New(signer.Config{Key: card})
		if err != nil {
			t.Fatal(err)
		}
		cms, err := cardSigner.SignDigest(ctx, digest)
		if err != nil {
			t.Fatal(err)
		}
		if err := e.w.CompleteExternal(ctx, "vocal-sbas", s.Acta.Flow, cms, "x"); !errors.Is(err, workflow.ErrFlowClosed) {
			t.Fatalf("a signature completed on a rejected flow: %v", err)
		}
		if names := e.pdfsigAll(t, *s.Acta); len(names) != 0 {
			t.Fatalf("the rejected acta carries signatures of %v", names)
		}
	})
}
