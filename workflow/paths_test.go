package workflow_test

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/segell/segell/internal/testenv"
	"github.com/segell/segell/templates"
	"github.com/segell/segell/workflow"
)

func day(m time.Month, d, h, min int) time.Time { return time.Date(2026, m, d, h, min, 0, 0, time.UTC) }

// caseToReport registers an application, assigns it in a first session to
// section, records the visits and has the head of the section sign the report.
func (e *env) caseToReport(t *testing.T, holder, section string, visits []workflow.Visit) (*workflow.Expedient, *workflow.Session) {
	t.Helper()
	ctx := context.Background()
	exp, err := e.w.Register(ctx, application(holder, workflow.Squatting, e.clock.Now()), "oiac")
	if err != nil {
		t.Fatal(err)
	}
	s1, err := e.w.OpenSession(ctx, e.clock.Now().Add(24*time.Hour), "Sala de reunions de l'OIAC", "09:30", commission, "oiac")
	if err != nil {
		t.Fatal(err)
	}
	if err := e.w.Agree(ctx, s1.ID, exp.Number, templates.DecisionAssign, []string{section}, "", "oiac"); err != nil {
		t.Fatal(err)
	}
	for _, v := range visits {
		v.Section = section
		e.visit(t, exp.Number, v)
	}
	exp, err = e.w.ReturnReport(ctx, exp.Number, section, "Comprovacions fetes segons el protocol.", section)
	if err != nil {
		t.Fatal(err)
	}
	report := docOf(t, exp, "informe-visita")
	head := map[string]string{"Policia Local": "vocal-policia", "Habitatge": "vocal-habitatge", "SBAS": "vocal-sbas"}[section]
	e.approve(t, head, report.Flow)
	exp, _ = e.w.Expedient(ctx, exp.Number)
	if exp.State != workflow.ReportBack {
		t.Fatalf("after the signed report: %q", exp.State)
	}
	return exp, s1
}

var found = []workflow.Visit{{At: day(1, 20, 10, 15), Outcome: templates.VisitFound}}
var absentTwice = []workflow.Visit{{At: day(1, 20, 10, 15), Outcome: templates.VisitAbsent}, {At: day(1, 26, 18, 40), Outcome: templates.VisitAbsent}}

// TestPathFavourableVolant: registered, assigned, visited, favourable,
// inscribed, volant issued; the acta is signed by every attendee.
func TestPathFavourableVolant(t *testing.T) {
	for _, dsn := range []struct{ name, dsn string }{{"sqlite", ""}, {"postgres", "pg"}} {
		t.Run(dsn.name, func(t *testing.T) {
			e := newEnv(t, dsnFor(t, dsn.dsn))
			ctx := context.Background()
			exp, s1 := e.caseToReport(t, "Joan Ferrer Puig", "Policia Local", found)
			if letter := docOf(t, exp, "carta-propietari"); len(e.pdfsigAll(t, letter)) != 1 {
				t.Fatal("the owner's letter is not sealed")
			}
			big := application("Gran Tenidor", workflow.Squatting, e.clock.Now())
			big.Owner.LargeHolder = true
			if bexp, err := e.w.Register(ctx, big, "oiac"); err != nil || len(docsOf(bexp, "carta-propietari")) != 0 {
				t.Fatalf("a large holder gets a letter: %v %+v", err, bexp)
			}
			s1, err := e.w.CloseSession(ctx, s1.ID, "11:00", day(2, 10, 9, 30), []string{"Assignació de comprovacions."}, "oiac")
			if err != nil {
				t.Fatal(err)
			}
			for _, a := range commission {
				e.approve(t, a.Signer, s1.Acta.Flow)
			}
			if s, _ := e.w.Session(ctx, s1.ID); s.State != workflow.SessionSigned {
				t.Fatalf("session after all signatures: %q", s.State)
			}
			if names := e.pdfsigAll(t, *s1.Acta); len(names) != len(commission) {
				t.Fatalf("acta signed by %v", names)
			}

			s2, err := e.w.OpenSession(ctx, day(2, 10, 9, 30), "Sala de reunions de l'OIAC", "09:30", commission, "oiac")
			if err != nil {
				t.Fatal(err)
			}
			if err := e.w.Agree(ctx, s2.ID, exp.Number, templates.DecisionFavourable, nil, "Hi resideix habitualment.", "oiac"); err != nil {
				t.Fatal(err)
			}
			if _, err := e.w.Inscribe(ctx, exp.Number, exp.Application.Address, "oiac"); err != nil {
				t.Fatal(err)
			}
			// Issued at 23:30 UTC, which is already the next day in Lloret:
			// the body and the stamp both say the next day.
			now := e.clock.Now()
			e.clock.Set(time.Date(now.Year(), now.Month(), now.Day()+1, 23, 30, 0, 0, time.UTC))
			volant, err := e.w.IssueVolant(ctx, exp.Number, "oiac")
			if err != nil {
				t.Fatal(err)
			}
			if names := e.pdfsigAll(t, volant); len(names) != 1 || !strings.Contains(names[0], "Segell") {
				t.Fatalf("volant sealed by %v", names)
			}
			madrid := e.clock.Now().Add(time.Hour) // CET in winter
			text := e.text(t, volant)
			if day := templates.D(madrid.Year(), madrid.Month(), madrid.Day()); !strings.Contains(text, day.Long()) || !strings.Contains(text, day.Short()) {
				t.Fatalf("the volant is not dated %s (Europe/Madrid) in its body and its stamp:\n%s", day.Short(), text)
			}
			exp, _ = e.w.Expedient(ctx, exp.Number)
			var states []string
			for _, h := range exp.History {
				states = append(states, h.To)
			}
			want := "registrat assignat informe-en-signatura informe-retornat favorable empadronat"
			if strings.Join(states, " ") != want {
				t.Fatalf("history %v, want %s", states, want)
			}
		})
	}
}

func dsnFor(t *testing.T, kind string) string {
	if kind == "pg" {
		return testenv.Postgres(t)
	}
	return "sqlite:" + t.TempDir() + "/segell.db"
}

// decide takes the expedient to a second session and decides it.
func (e *env) decide(t *testing.T, exp *workflow.Expedient, decision, reasons string) (*workflow.Expedient, *workflow.Session) {
	t.Helper()
	ctx := context.Background()
	e.clock.Add(30 * 24 * time.Hour) // the next session sits a month later, and decides then
	s, err := e.w.OpenSession(ctx, e.clock.Now(), "Sala de reunions de l'OIAC", "09:30", commission, "oiac")
	if err != nil {
		t.Fatal(err)
	}
	if err := e.w.Agree(ctx, s.ID, exp.Number, decision, nil, reasons, "oiac"); err != nil {
		t.Fatal(err)
	}
	exp, _ = e.w.Expedient(ctx, exp.Number)
	return exp, s
}

// visit records a home visit when it happens: the clock moves to the visit
// (never back), so that the visit precedes the report and note about it.
func (e *env) visit(t *testing.T, number string, v workflow.Visit) {
	t.Helper()
	if v.At.After(e.clock.Now()) {
		e.clock.Set(v.At)
	}
	if _, err := e.w.RecordVisit(context.Background(), number, v, v.Section); err != nil {
		t.Fatal(err)
	}
}

// TestPathUnfavourableNotified: the decree is signed by the mayor, then the
// secretary, then sealed; it is notified and the expedient ends.
func TestPathUnfavourableNotified(t *testing.T) {
	forEachDB(t, func(t *testing.T, e *env) {
		ctx := context.Background()
		exp, _ := e.caseToReport(t, "Carlos Gómez Núñez", "Policia Local", absentTwice)
		if len(docsOf(exp, "nota-visita")) != 2 {
			t.Fatal("a note is left at each absent visit")
		}
		exp, _ = e.decide(t, exp, templates.DecisionUnfavourable, "no s'ha trobat ningú en dues visites en dies i franges horàries diferents.")
		decree := docOf(t, exp, "decret-denegacio")
		// The secretary cannot sign before the mayor.
		if err := e.w.Approve(ctx, "secretaria", "3333", "early", decree.Flow); !errors.Is(err, workflow.ErrNotSigner) {
			t.Fatalf("secretary before the mayor: %v", err)
		}
		if p, _ := e.w.Pending(ctx, "secretaria"); len(p) != 0 {
			t.Fatalf("the secretary sees %v before the mayor signed", p)
		}
		if p, _ := e.w.Pending(ctx, "alcalde"); len(p) != 1 || p[0].FlowID != decree.Flow {
			t.Fatalf("mayor's queue: %+v", p)
		}
		e.approve(t, "alcalde", decree.Flow)
		e.approve(t, "secretaria", decree.Flow)
		names := e.pdfsigAll(t, decree)
		if len(names) != 3 || !strings.Contains(names[0], "Puig Serra") || !strings.Contains(names[1], "Ferrer Vidal") || !strings.Contains(names[2], "Segell") {
			t.Fatalf("decree signatures in order %v, want mayor, secretary, seal", names)
		}
		exp, _ = e.w.Expedient(ctx, exp.Number)
		if exp.State != workflow.DecreeSigned {
			t.Fatalf("after the signatures: %q", exp.State)
		}
		if exp, _ = e.w.NotificationResult(ctx, exp.Number, true, "oiac"); exp.State != workflow.Notified {
			t.Fatalf("after the notification: %q", exp.State)
		}
	})
}

func docsOf(e *workflow.Expedient, kind string) []workflow.DocRef {
	var out []workflow.DocRef
	for _, d := range e.Documents {
		if d.Kind == kind {
			out = append(out, d)
		}
	}
	return out
}

// TestPathNotificationFailedEdict: a failed notification publishes the BOE edict, sealed.
func TestPathNotificationFailedEdict(t *testing.T) {
	forEachDB(t, func(t *testing.T, e *env) {
		ctx := context.Background()
		exp, _ := e.caseToReport(t, "Iryna Shevchenko", "Policia Local", absentTwice)
		exp, _ = e.decide(t, exp, templates.DecisionUnfavourable, "no s'ha pogut comprovar la residència.")
		decree := docOf(t, exp, "decret-denegacio")
		e.approve(t, "alcalde", decree.Flow)
		e.approve(t, "secretaria", decree.Flow)
		exp, err := e.w.NotificationResult(ctx, exp.Number, false, "oiac")
		if err != nil || exp.State != workflow.EdictPublished {
			t.Fatalf("failed notification: %v %q", err, exp.State)
		}
		if names := e.pdfsigAll(t, docOf(t, exp, "edicte-boe")); len(names) != 1 {
			t.Fatalf("edict sealed by %v", names)
		}
		if _, err := e.w.NotificationResult(ctx, exp.Number, true, "oiac"); err == nil {
			t.Fatal("a closed expedient was notified again")
		}
	})
}

// TestPathArchived: favourable, nobody reachable; archiving before three
// months is refused; after them the diligència is signed and the expedient archived.
func TestPathArchived(t *testing.T) {
	forEachDB(t, func(t *testing.T, e *env) {
		ctx := context.Background()
		exp, _ := e.caseToReport(t, "Mohamed Benali", "Policia Local", found)
		exp, _ = e.decide(t, exp, templates.DecisionFavourable, "Hi resideix.")
		e.w.RecordContact(ctx, exp.Number, templates.ContactAttempt{Date: templates.D(2026, 2, 20), Channel: "telèfon", Result: "No respon."}, "oiac")
		var rule *workflow.RuleError
		if _, err := e.w.Archive(ctx, exp.Number, "oiac"); !errors.As(err, &rule) || !strings.Contains(rule.Rule, "three months") {
			t.Fatalf("archive too early: %v", err)
		}
		e.clock.Set(exp.Application.RegistryDate.AddDate(0, 3, 1))
		exp, err := e.w.Archive(ctx, exp.Number, "oiac")
		if err != nil {
			t.Fatal(err)
		}
		dil := docOf(t, exp, "diligencia-arxiu")
		e.approve(t, "secretaria", dil.Flow)
		if exp, _ = e.w.Expedient(ctx, exp.Number); exp.State != workflow.Archived {
			t.Fatalf("after the diligència: %q", exp.State)
		}
		e.pdfsigAll(t, dil)
	})
}

// TestPathExtendedThenDecided: extended at the second session; at the
// third an extension is refused and the commission decides.
func TestPathExtendedThenDecided(t *testing.T) {
	forEachDB(t, func(t *testing.T, e *env) {
		ctx := context.Background()
		exp, _ := e.caseToReport(t, "Fatou Diallo", "SBAS", found)
		exp, _ = e.decide(t, exp, workflow.DecisionExtended, "Cal una segona comprovació.")
		if exp.State != workflow.Assigned {
			t.Fatalf("after the extension: %q", exp.State)
		}
		e.visit(t, exp.Number, workflow.Visit{Section: "SBAS", At: day(3, 2, 11, 0), Outcome: templates.VisitFound})
		exp, err := e.w.ReturnReport(ctx, exp.Number, "SBAS", "Segona comprovació feta.", "sbas")
		if err != nil {
			t.Fatal(err)
		}
		e.approve(t, "vocal-sbas", docOf(t, exp, "informe-visita").Flow)
		s3, _ := e.w.OpenSession(ctx, day(4, 14, 9, 30), "Sala", "09:30", commission, "oiac")
		var rule *workflow.RuleError
		if err := e.w.Agree(ctx, s3.ID, exp.Number, workflow.DecisionExtended, nil, "Una altra pròrroga.", "oiac"); !errors.As(err, &rule) || !strings.Contains(rule.Rule, "three sessions") {
			t.Fatalf("a second extension: %v", err)
		}
		if err := e.w.Agree(ctx, s3.ID, exp.Number, templates.DecisionFavourable, nil, "Hi resideix.", "oiac"); err != nil {
			t.Fatal(err)
		}
		if exp, _ = e.w.Expedient(ctx, exp.Number); exp.State != workflow.Favourable || len(exp.Sessions) != 3 {
			t.Fatalf("after the third session: %q, %d sessions", exp.State, len(exp.Sessions))
		}
	})
}

// TestPathRefusedInspection: a refused inspection ends the visits and can
// only be decided unfavourably.
func TestPathRefusedInspection(t *testing.T) {
	forEachDB(t, func(t *testing.T, e *env) {
		ctx := context.Background()
		exp, err := e.w.Register(ctx, application("Pau Vidal Roig", workflow.Subletting, e.clock.Now()), "oiac")
		if err != nil {
			t.Fatal(err)
		}
		s1, _ := e.w.OpenSession(ctx, day(1, 15, 9, 30), "Sala", "09:30", commission, "oiac")
		e.w.Agree(ctx, s1.ID, exp.Number, templates.DecisionAssign, []string{"Policia Local"}, "", "oiac")
		e.visit(t, exp.Number, workflow.Visit{Section: "Policia Local", At: day(1, 20, 10, 0), Outcome: templates.VisitRefused})
		var rule *workflow.RuleError
		if _, err := e.w.RecordVisit(ctx, exp.Number, workflow.Visit{Section: "Policia Local", At: day(1, 27, 18, 0), Outcome: templates.VisitFound}, "pl"); !errors.As(err, &rule) || !strings.Contains(rule.Rule, "§6.13") {
			t.Fatalf("a second visit after a refusal: %v", err)
		}
		exp, err = e.w.ReturnReport(ctx, exp.Number, "Policia Local", "No s'ha permès la inspecció ocular.", "pl")
		if err != nil {
			t.Fatal(err)
		}
		e.approve(t, "vocal-policia", docOf(t, exp, "informe-visita").Flow)
		e.clock.Set(day(2, 12, 9, 30)) // the session decides the day it sits
		s2, _ := e.w.OpenSession(ctx, e.clock.Now(), "Sala", "09:30", commission, "oiac")
		if err := e.w.Agree(ctx, s2.ID, exp.Number, templates.DecisionFavourable, nil, "x", "oiac"); !errors.As(err, &rule) || !strings.Contains(rule.Rule, "§6.13") {
			t.Fatalf("favourable after a refusal: %v", err)
		}
		if err := e.w.Agree(ctx, s2.ID, exp.Number, templates.DecisionUnfavourable, nil, "no s'ha permès la inspecció ocular de l'habitatge.", "oiac"); err != nil {
			t.Fatal(err)
		}
	})
}

// TestContactExtended: three months without contact bring a favourable case
// back to the commission, which extends the contact period instead of archiving.
func TestContactExtended(t *testing.T) {
	forEachDB(t, func(t *testing.T, e *env) {
		ctx := context.Background()
		exp, _ := e.caseToReport(t, "Sense Contacte", "Policia Local", found)
		exp, _ = e.decide(t, exp, templates.DecisionFavourable, "Hi resideix.")
		e.w.RecordContact(ctx, exp.Number, templates.ContactAttempt{Date: templates.D(2026, 2, 20), Channel: "telèfon", Result: "No respon."}, "oiac")
		e.clock.Set(exp.Application.RegistryDate.AddDate(0, 3, 5))
		s, err := e.w.OpenSession(ctx, e.clock.Now(), "Sala", "09:30", commission, "oiac")
		if err != nil {
			t.Fatal(err)
		}
		if err := e.w.Agree(ctx, s.ID, exp.Number, workflow.DecisionExtended, nil, "Es donen tres mesos més per contactar-hi.", "oiac"); err != nil {
			t.Fatal(err)
		}
		var rule *workflow.RuleError
		if _, err := e.w.Archive(ctx, exp.Number, "oiac"); !errors.As(err, &rule) {
			t.Fatalf("archive during the extension: %v", err)
		}
		e.clock.Add(95 * 24 * time.Hour)
		if _, err := e.w.Archive(ctx, exp.Number, "oiac"); err != nil {
			t.Fatalf("archive after the extension: %v", err)
		}
	})
}
