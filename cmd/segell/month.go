package main

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"path/filepath"
	"sort"
	"time"

	"github.com/segell/segell/pki"
	"github.com/segell/segell/signer"
	"github.com/segell/segell/stamp"
	"github.com/segell/segell/storage"
	"github.com/segell/segell/templates"
	"github.com/segell/segell/workflow"
)

// demoClock is the month the demo plays, moved forward by hand.
type demoClock struct{ t time.Time }

func (c *demoClock) now() time.Time { return c.t }

// runMonth plays a month of the protocol on the store: a dozen applications
// of every typology, two commission sessions, visits and reports, actes and
// decrees signed with the example signers' keys, notifications, an edict,
// inscriptions and volants; then it prints every document with its CSV.
func runMonth(ctx context.Context, certs string, sf *storeFlags, tsa *signer.TSAClient, roots *signer.VerifyOptions, stdout io.Writer) error {
	st, closeDB, err := sf.open(ctx)
	if err != nil {
		return err
	}
	defer closeDB()
	db := st.DB()
	pins := map[string]string{}
	for _, p := range pki.DemoSigners() {
		k, err := signer.LoadPKCS12File(filepath.Join(certs, p.File+".p12"), p.PIN)
		if err != nil {
			return err
		}
		blob, err := signer.EncryptKey(k, p.PIN)
		if err != nil {
			return err
		}
		if err := db.PutSigner(ctx, storage.SignerRecord{ID: p.File, Name: p.GivenName + " " + p.Surnames, Role: p.Role, KeyBlob: blob}); err != nil {
			return err
		}
		pins[p.File] = p.PIN
	}
	sealKey, err := signer.LoadPKCS12File(filepath.Join(certs, "segell-organ.p12"), "1111")
	if err != nil {
		return err
	}
	real := time.Now()
	clock := &demoClock{t: real.AddDate(0, 0, -30).Truncate(time.Hour)}
	seal, err := signer.New(signer.Config{Key: sealKey, Now: clock.now})
	if err != nil {
		return err
	}
	stamper, err := stamp.New(stamp.Config{})
	if err != nil {
		return err
	}
	w, err := workflow.New(workflow.Config{Store: st, Renderer: templates.New(templates.Config{Now: clock.now}), Stamper: stamper,
		Seal: seal, TSA: tsa, ValidationURL: defaultValidationURL(), Now: clock.now,
		Roles: workflow.Roles{Mayor: "alcalde", Secretary: "secretaria", Officer: "secretaria",
			SectionHeads: map[string]string{"Policia Local": "vocal-policia", "Habitatge": "vocal-habitatge", "SBAS": "vocal-sbas", "SSE": "vocal-sbas"}}})
	if err != nil {
		return err
	}
	approve := func(signerID string, flows ...string) error {
		if len(flows) == 0 {
			return nil
		}
		return w.Approve(ctx, signerID, pins[signerID], fmt.Sprintf("demo-%s-%d", signerID, clock.t.UnixNano()), flows...)
	}
	commission := []workflow.Attendee{
		{Signer: "secretaria", Role: "Presidenta", Section: "OIAC"},
		{Signer: "vocal-policia", Role: "Vocal", Section: "Policia Local"},
		{Signer: "vocal-habitatge", Role: "Vocal", Section: "Habitatge"},
		{Signer: "vocal-sbas", Role: "Vocal", Section: "SBAS"},
	}

	// Day 1: a dozen applications, two of each typology.
	type plan struct {
		holder   string
		typology workflow.Typology
		minors   int
		outcome  string // what the visits find
	}
	plans := []plan{
		{"Ahmed El Idrissi", workflow.Squatting, 0, templates.VisitFound}, {"Carlos Gómez Núñez", workflow.Squatting, 0, templates.VisitAbsent},
		{"Fatou Diallo", workflow.Homeless, 1, templates.VisitFound}, {"Pau Vidal Roig", workflow.Homeless, 0, templates.VisitRefused},
		{"Núria Casals Pons", workflow.Substandard, 0, templates.VisitFound}, {"Iryna Shevchenko", workflow.Substandard, 0, templates.VisitAbsent},
		{"Joan Ferrer Puig", workflow.Subletting, 0, templates.VisitFound}, {"Marc Soler Font", workflow.Subletting, 0, templates.VisitBlocked},
		{"Olena Kovalenko", workflow.Humanitarian, 2, templates.VisitFound}, {"Maksym Bondarenko", workflow.Humanitarian, 0, templates.VisitFound},
		{"Aisha Benali", workflow.OtherReason, 0, templates.VisitFound}, {"Lucía Ibáñez Ruiz", workflow.OtherReason, 0, templates.VisitAbsent},
	}
	numbers := make([]string, len(plans))
	for i, p := range plans {
		app := workflow.Application{RegistryEntry: fmt.Sprintf("E/%d/%06d", clock.t.Year(), 12000+i), RegistryDate: clock.t,
			Holder:          templates.Person{Name: p.holder, IDDocument: fmt.Sprintf("%08d%c", 41000000+i, pki.DNILetter(41000000+i))},
			HolderBirthDate: time.Date(1980+i, time.Month(1+i), 10+i, 0, 0, 0, 0, time.UTC), Minors: p.minors, Phone: "600 000 000",
			ElectronicNotice: i%2 == 0, Address: fmt.Sprintf("C. de la Riera, %d, 17310 Lloret de Mar", 10+i), CadastralRef: fmt.Sprintf("4893209DG8149S%04dQR", i),
			CadastralUse: "habitatge", Typology: p.typology,
			Owner: workflow.Owner{Name: "Immobles Costa Brava, SL", Address: "C. de Girona, 120, 08009 Barcelona", Company: true, LargeHolder: i == 0}}
		e, err := w.Register(ctx, app, "oiac")
		if err != nil {
			return err
		}
		numbers[i] = e.Number
	}

	// Day 3: the first session assigns every check.
	clock.t = clock.t.AddDate(0, 0, 2)
	s1, err := w.OpenSession(ctx, clock.t, "Sala de reunions de l'OIAC, Plaça de la Vila, 1", "09:30", commission, "oiac")
	if err != nil {
		return err
	}
	sections := make([]string, len(plans))
	for i, p := range plans {
		sections[i] = "Policia Local"
		if p.minors > 0 {
			sections[i] = "SBAS"
		}
		if err := w.Agree(ctx, s1.ID, numbers[i], templates.DecisionAssign, []string{sections[i]}, "", "oiac"); err != nil {
			return err
		}
	}
	if _, err := w.CloseSession(ctx, s1.ID, "10:40", clock.t.AddDate(0, 0, 25), []string{"Assignació de les comprovacions de residència."}, "oiac"); err != nil {
		return err
	}
	everyone := []string{"secretaria", "vocal-policia", "vocal-habitatge", "vocal-sbas"}
	if err := signPending(ctx, w, approve, everyone...); err != nil {
		return err
	}

	// Days 4–18: visits (two on different days and time bands when nobody
	// is home), each recorded when it is made; then the reports.
	type visit struct {
		i  int
		at time.Time
	}
	var visits []visit
	for i, p := range plans {
		first := clock.t.AddDate(0, 0, 1+i).Add(90 * time.Minute)
		visits = append(visits, visit{i, first})
		if p.outcome == templates.VisitAbsent {
			visits = append(visits, visit{i, first.AddDate(0, 0, 3).Add(9*time.Hour - 90*time.Minute)})
		}
	}
	sort.Slice(visits, func(a, b int) bool { return visits[a].at.Before(visits[b].at) })
	for _, v := range visits {
		clock.t = v.at
		if _, err := w.RecordVisit(ctx, numbers[v.i], workflow.Visit{Section: sections[v.i], At: v.at, Outcome: plans[v.i].outcome}, sections[v.i]); err != nil {
			return err
		}
	}
	clock.t = clock.t.AddDate(0, 0, 1).Truncate(24 * time.Hour).Add(9 * time.Hour)
	for i, p := range plans {
		if _, err := w.ReturnReport(ctx, numbers[i], sections[i], findings[p.outcome], sections[i]); err != nil {
			return err
		}
	}
	if err := signPending(ctx, w, approve, everyone...); err != nil {
		return err
	}

	// Day 27: the second session decides.
	clock.t = clock.t.AddDate(0, 0, 8)
	s2, err := w.OpenSession(ctx, clock.t, "Sala de reunions de l'OIAC, Plaça de la Vila, 1", "09:30", commission, "oiac")
	if err != nil {
		return err
	}
	for i, p := range plans {
		decision, reasons := templates.DecisionFavourable, "S'ha comprovat que hi resideix habitualment."
		if p.outcome != templates.VisitFound {
			decision, reasons = templates.DecisionUnfavourable, grounds[p.outcome]
		}
		if err := w.Agree(ctx, s2.ID, numbers[i], decision, nil, reasons, "oiac"); err != nil {
			return err
		}
	}
	if _, err := w.CloseSession(ctx, s2.ID, "11:15", clock.t.AddDate(0, 1, 0), []string{"Valoració de les sol·licituds amb informe retornat."}, "oiac"); err != nil {
		return err
	}
	// The actes by the attendees; the decrees by the mayor, then the secretary (batch, one PIN each).
	if err := signPending(ctx, w, approve, append(everyone, "alcalde", "secretaria")...); err != nil {
		return err
	}

	// Day 29: notifications, inscriptions and volants.
	clock.t = clock.t.AddDate(0, 0, 2)
	failed := false
	for i, p := range plans {
		switch {
		case p.outcome != templates.VisitFound:
			_, err = w.NotificationResult(ctx, numbers[i], failed || p.outcome != templates.VisitAbsent, "oiac")
			failed = true
		case p.holder == "Aisha Benali": // not reachable yet: the three-month limit shows among the deadlines
			_, err = w.RecordContact(ctx, numbers[i], templates.ContactAttempt{Date: templates.D(clock.t.Year(), clock.t.Month(), clock.t.Day()), Channel: "telèfon", Result: "No respon."}, "oiac")
		default:
			address := ""
			if p.minors > 0 {
				address = "F. 54557"
			}
			e, _ := w.Expedient(ctx, numbers[i])
			if address == "" {
				address = e.Application.Address
			}
			if _, err = w.Inscribe(ctx, numbers[i], address, "oiac"); err == nil {
				_, err = w.IssueVolant(ctx, numbers[i], "oiac")
			}
		}
		if err != nil {
			return fmt.Errorf("%s: %w", numbers[i], err)
		}
	}
	return printMonth(ctx, w, st, numbers, []string{s1.ID, s2.ID}, clock.t, roots, stdout)
}

var findings = map[string]string{
	templates.VisitFound:   "S'ha identificat la persona sol·licitant al domicili, amb efectes personals que indiquen residència habitual.",
	templates.VisitAbsent:  "En les dues visites, fetes en dies i franges horàries diferents, no s'ha trobat ningú al domicili.",
	templates.VisitRefused: "La persona que ha obert la porta no ha permès la inspecció ocular de l'habitatge.",
	templates.VisitBlocked: "L'accés a l'habitatge està tapiat; no s'hi pot accedir.",
}

var grounds = map[string]string{
	templates.VisitAbsent:  "no s'ha trobat ningú al domicili en dues visites fetes en dies i franges horàries diferents.",
	templates.VisitRefused: "no s'ha permès la inspecció ocular de l'habitatge (protocol, apartat 6.13).",
	templates.VisitBlocked: "l'accés a l'habitatge està bloquejat i no s'ha pogut fer la visita (protocol, apartat 6.13).",
}

// signPending has each signer approve everything in their queue with one PIN entry.
func signPending(ctx context.Context, w *workflow.Workflow, approve func(string, ...string) error, signers ...string) error {
	for _, id := range signers {
		items, err := w.Pending(ctx, id)
		if err != nil {
			return err
		}
		flows := make([]string, len(items))
		for i, it := range items {
			flows[i] = it.FlowID
		}
		if err := approve(id, flows...); err != nil {
			return err
		}
	}
	return nil
}

// printMonth lists every document the month produced, verified.
func printMonth(ctx context.Context, w *workflow.Workflow, st *storage.Store, numbers, sessions []string, at time.Time, roots *signer.VerifyOptions, out io.Writer) error {
	type line struct{ subject, kind, csv, state string }
	var lines []line
	add := func(subject string, d workflow.DocRef) error {
		data, err := w.DocumentBytes(ctx, d, "demo")
		if err != nil {
			return err
		}
		state := "sense signar"
		if rep, err := signer.Verify(bytes.NewReader(data), int64(len(data)), *roots); err == nil {
			state = fmt.Sprintf("%d signatures", len(rep.Signatures))
			if !rep.Valid() {
				state += " NO VÀLIDES"
			}
		}
		lines = append(lines, line{subject, d.Kind, d.CSV, state})
		return nil
	}
	fmt.Fprintf(out, "\nUn mes del protocol de padró extraordinari (fins al %s)\n", at.Format("02/01/2006"))
	for _, id := range sessions {
		s, err := w.Session(ctx, id)
		if err != nil {
			return err
		}
		fmt.Fprintf(out, "  Sessió %s de la COPE (%s): %d acords, acta %s\n", s.Number, s.ID, len(s.Agreements), s.State)
		if s.Acta != nil {
			if err := add("sessió "+s.Number, *s.Acta); err != nil {
				return err
			}
		}
	}
	for _, n := range numbers {
		e, err := w.Expedient(ctx, n)
		if err != nil {
			return err
		}
		fmt.Fprintf(out, "  Expedient %s (%s, %s): %s\n", e.Number, e.Application.Holder.Name, e.Application.Typology.Suffix(), e.State)
		for _, d := range e.Documents {
			if err := add("exp. "+e.Number, d); err != nil {
				return err
			}
		}
	}
	sort.SliceStable(lines, func(i, j int) bool { return lines[i].subject < lines[j].subject })
	fmt.Fprintf(out, "\n%-24s %-22s %-28s %s\n", "De", "Document", "CSV", "Signatures")
	for _, l := range lines {
		fmt.Fprintf(out, "%-24s %-22s %-28s %s\n", l.subject, l.kind, stamp.CSV(l.csv).String(), l.state)
	}
	due, err := w.DueAt(ctx, at)
	if err != nil {
		return err
	}
	fmt.Fprintln(out, "\nTerminis:")
	for _, d := range due {
		mark := "pendent"
		if d.Overdue {
			mark = "VENÇUT"
		}
		fmt.Fprintf(out, "  %s %s: %s (%s)\n", d.By.Format("02/01/2006"), d.Subject, d.What, mark)
	}
	return nil
}
