package workflow_test

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/segell/segell/templates"
	"github.com/segell/segell/workflow"
)

// TestApplicationIdentity: a DNI or NIE with the wrong check letter, of the
// holder or of a member, is refused by Validate with a RuleError naming
// §6.1 and the field; a passport or a right letter passes; a holder born
// after the registration is refused.
func TestApplicationIdentity(t *testing.T) {
	registered := time.Date(2026, 1, 12, 9, 0, 0, 0, time.UTC)
	cases := []struct {
		name   string
		change func(*workflow.Application)
		want   string // in a RuleError; "" means accepted
	}{
		{"the example", func(a *workflow.Application) {}, ""},
		{"a DNI with a wrong letter", func(a *workflow.Application) { a.Holder.IDDocument = "40000011B" }, "holder.idDocument"},
		{"a DNI with its letter, lower case", func(a *workflow.Application) { a.Holder.IDDocument = "40000011k" }, ""},
		{"a NIE with a wrong letter", func(a *workflow.Application) { a.Holder.IDDocument = "Y2345678B" }, "holder.idDocument"},
		{"a NIE with its letter", func(a *workflow.Application) { a.Holder.IDDocument = "Y2345678Z" }, ""},
		{"a passport", func(a *workflow.Application) { a.Holder.IDDocument = "FB1234567" }, ""},
		{"a member with a wrong NIE", func(a *workflow.Application) {
			a.Members = []templates.Person{{Name: "Maksym Kovalenko", IDDocument: "Y2345678Z"}, {Name: "Sofiia Kovalenko", IDDocument: "Y3456789M"}}
		}, "members[1].idDocument"},
		{"a member without papers", func(a *workflow.Application) { a.Members = []templates.Person{{Name: "Sofiia Kovalenko"}} }, ""},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			app := application("Olena Kovalenko", workflow.Humanitarian, registered)
			tc.change(&app)
			err := app.Validate()
			if tc.want == "" {
				if err != nil {
					t.Fatalf("refused: %v", err)
				}
				return
			}
			var rule *workflow.RuleError
			if !errors.As(err, &rule) || !strings.Contains(rule.Rule, "§6.1") || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("got %v, want a §6.1 rule error naming %s", err, tc.want)
			}
		})
	}
	born := application("Olena Kovalenko", workflow.Humanitarian, registered)
	born.HolderBirthDate = time.Date(2099, 6, 2, 0, 0, 0, 0, time.UTC)
	if err := born.Validate(); err == nil || !strings.Contains(err.Error(), "holderBirthDate") {
		t.Fatalf("born in 2099: %v", err)
	}
	born.HolderBirthDate = registered
	if err := born.Validate(); err != nil {
		t.Fatalf("born the day of the registration: %v", err)
	}
}

// TestRegisterRefusesBadIdentity: registration refuses a wrong DNI before
// it opens an expedient or emits the owner's letter, and refuses an entry
// dated after today; the right letter registers.
func TestRegisterRefusesBadIdentity(t *testing.T) {
	forEachDB(t, func(t *testing.T, e *env) {
		ctx := context.Background()
		bad := application("Joan Ferrer Puig", workflow.Subletting, e.clock.Now())
		bad.Holder.IDDocument = "40000011B"
		var rule *workflow.RuleError
		if exp, err := e.w.Register(ctx, bad, "oiac"); !errors.As(err, &rule) || exp != nil || !strings.Contains(err.Error(), "DNI 40000011B") {
			t.Fatalf("a wrong DNI registered: %v %+v", err, exp)
		}
		future := application("Joan Ferrer Puig", workflow.Subletting, e.clock.Now().AddDate(0, 0, 1))
		if _, err := e.w.Register(ctx, future, "oiac"); err == nil || !strings.Contains(err.Error(), "registryDate") {
			t.Fatalf("an entry dated tomorrow registered: %v", err)
		}
		good := application("Joan Ferrer Puig", workflow.Subletting, e.clock.Now())
		good.Holder.IDDocument = "40000011K"
		exp, err := e.w.Register(ctx, good, "oiac")
		if err != nil {
			t.Fatal(err)
		}
		// The first expedient number of the year: the refusals consumed none.
		if !strings.HasSuffix(exp.Number, "/000001") {
			t.Fatalf("expedient %s after two refusals", exp.Number)
		}
	})
}
