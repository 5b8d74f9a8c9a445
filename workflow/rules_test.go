package workflow_test

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/segell/segell/templates"
	"github.com/segell/segell/workflow"
)

// TestRules: every illegal transition and every rule of §6 is refused with
// a RuleError that names the rule.
func TestRules(t *testing.T) {
	forEachDB(t, func(t *testing.T, e *env) {
		ctx := context.Background()
		vulnerable := application("Maria Vidal Puig", workflow.Homeless, e.clock.Now())
		vulnerable.Minors = 2
		vexp, err := e.w.Register(ctx, vulnerable, "oiac")
		if err != nil {
			t.Fatal(err)
		}
		plain, _ := e.w.Register(ctx, application("Pere Soler Font", workflow.Subletting, e.clock.Now()), "oiac")
		s1, _ := e.w.OpenSession(ctx, day(1, 15, 9, 30), "Sala", "09:30", commission, "oiac")

		cases := []struct {
			name string
			do   func() error
			rule string
		}{
			{"decide before assigning", func() error {
				return e.w.Agree(ctx, s1.ID, plain.Number, templates.DecisionFavourable, nil, "x", "oiac")
			}, "§6.10"},
			{"vulnerable case assigned only to the police", func() error {
				return e.w.Agree(ctx, s1.ID, vexp.Number, templates.DecisionAssign, []string{"Policia Local"}, "", "oiac")
			}, "§6.7"},
			{"unknown section", func() error {
				return e.w.Agree(ctx, s1.ID, plain.Number, templates.DecisionAssign, []string{"Urbanisme"}, "", "oiac")
			}, "§6.6"},
			{"inscribe before a favourable decision", func() error {
				_, err := e.w.Inscribe(ctx, plain.Number, plain.Application.Address, "oiac")
				return err
			}, "from \"registrat\""},
			{"visit before assignment", func() error {
				_, err := e.w.RecordVisit(ctx, plain.Number, workflow.Visit{Section: "Policia Local", At: day(1, 20, 10, 0), Outcome: templates.VisitFound}, "pl")
				return err
			}, "§6.8"},
			{"archive a registered case", func() error {
				_, err := e.w.Archive(ctx, plain.Number, "oiac")
				return err
			}, "§6.16"},
			{"edict without a decree", func() error {
				_, err := e.w.NotificationResult(ctx, plain.Number, false, "oiac")
				return err
			}, "§6.19"},
			{"volant before inscription", func() error {
				_, err := e.w.IssueVolant(ctx, plain.Number, "oiac")
				return err
			}, "inscribed"},
		}
		for _, c := range cases {
			t.Run(c.name, func(t *testing.T) {
				var rule *workflow.RuleError
				if err := c.do(); !errors.As(err, &rule) || !strings.Contains(err.Error(), c.rule) {
					t.Fatalf("got %v, want a rule error naming %s", err, c.rule)
				}
			})
		}

		// Assign both, then: a visit by a section not assigned, and a report with
		// a single absence.
		if err := e.w.Agree(ctx, s1.ID, vexp.Number, templates.DecisionAssign, []string{"SBAS", "Policia Local"}, "", "oiac"); err != nil {
			t.Fatal(err)
		}
		if err := e.w.Agree(ctx, s1.ID, plain.Number, templates.DecisionAssign, []string{"Policia Local"}, "", "oiac"); err != nil {
			t.Fatal(err)
		}
		var rule *workflow.RuleError
		if _, err := e.w.RecordVisit(ctx, plain.Number, workflow.Visit{Section: "SBAS", At: day(1, 20, 10, 0), Outcome: templates.VisitFound}, "sbas"); !errors.As(err, &rule) || !strings.Contains(rule.Rule, "§6.8") {
			t.Fatalf("a visit by an unassigned section: %v", err)
		}
		if _, err := e.w.RecordVisit(ctx, plain.Number, workflow.Visit{Section: "Policia Local", At: day(1, 20, 10, 0), Outcome: templates.VisitAbsent}, "pl"); err != nil {
			t.Fatal(err)
		}
		if _, err := e.w.ReturnReport(ctx, plain.Number, "Policia Local", "Ningú.", "pl"); !errors.As(err, &rule) || !strings.Contains(rule.Rule, "§6.12") {
			t.Fatalf("report after one absence: %v", err)
		}
		if _, err := e.w.RecordVisit(ctx, plain.Number, workflow.Visit{Section: "Policia Local", At: day(1, 20, 11, 30), Outcome: templates.VisitAbsent}, "pl"); err != nil {
			t.Fatal(err)
		}
		if _, err := e.w.ReturnReport(ctx, plain.Number, "Policia Local", "Ningú.", "pl"); !errors.As(err, &rule) || !strings.Contains(rule.Rule, "§6.12") {
			t.Fatalf("two absences the same morning: %v", err)
		}
		// A case not on the agenda: registered after the session opened.
		s2, _ := e.w.OpenSession(ctx, day(2, 12, 9, 30), "Sala", "09:30", commission, "oiac")
		if err := e.w.Agree(ctx, s2.ID, vexp.Number, templates.DecisionFavourable, nil, "x", "oiac"); !errors.As(err, &rule) || !strings.Contains(rule.Rule, "agenda") {
			t.Fatalf("a case not on the agenda: %v", err)
		}
	})
}

// TestCommissionGapAndDue: a session after more than two skipped months
// warns; due items list the three-month contact limit and the next session.
func TestCommissionGapAndDue(t *testing.T) {
	forEachDB(t, func(t *testing.T, e *env) {
		ctx := context.Background()
		s1, _ := e.w.OpenSession(ctx, day(1, 15, 9, 30), "Sala", "09:30", commission, "oiac")
		if len(s1.Warnings) != 0 {
			t.Fatalf("first session warns: %v", s1.Warnings)
		}
		s2, _ := e.w.OpenSession(ctx, day(4, 16, 9, 30), "Sala", "09:30", commission, "oiac")
		if len(s2.Warnings) != 0 {
			t.Fatalf("February and March skipped: %v", s2.Warnings)
		}
		s3, _ := e.w.OpenSession(ctx, day(8, 20, 9, 30), "Sala", "09:30", commission, "oiac")
		if len(s3.Warnings) != 1 || !strings.Contains(s3.Warnings[0], "two months") {
			t.Fatalf("May to July skipped: %v", s3.Warnings)
		}

		exp, _ := e.caseToReport(t, "Anna Pla Vila", "Policia Local", found)
		exp, _ = e.decide(t, exp, templates.DecisionFavourable, "Hi resideix.")
		due, err := e.w.DueAt(ctx, exp.Application.RegistryDate.AddDate(0, 3, 2))
		if err != nil {
			t.Fatal(err)
		}
		var contact, session bool
		for _, d := range due {
			contact = contact || (d.Subject == exp.Number && d.Overdue && strings.Contains(d.What, "tres mesos"))
			session = session || d.Subject == "COPE"
		}
		if !contact || !session {
			t.Fatalf("due: %+v", due)
		}
	})
}
