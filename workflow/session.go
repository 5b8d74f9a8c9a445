package workflow

import (
	"context"
	"fmt"
	"slices"
	"time"

	"github.com/segell/segell/stamp"
	"github.com/segell/segell/templates"
)

// Session states.
const (
	SessionOpen     = "oberta"
	SessionClosed   = "tancada" // the acta is being signed
	SessionSigned   = "signada"
	SessionRejected = "acta-rebutjada"
)

// Attendee is a member present at a session.
type Attendee struct {
	Signer  string `json:"signer"`  // signer id
	Role    string `json:"role"`    // at the commission: "Presidenta", "Vocal" …
	Section string `json:"section"` // "OIAC", "Policia Local" …
}

// Session is a sitting of the Comissió de Padró Extraordinari with its own
// "mother" expedient (series 1284) grouping the cases it treated.
type Session struct {
	ID          string                `json:"id"`     // 1284/2026/000007
	Number      string                `json:"number"` // 7/2026
	Date        time.Time             `json:"date"`
	Place       string                `json:"place"`
	Start       string                `json:"start"`
	End         string                `json:"end,omitempty"`
	Attendees   []Attendee            `json:"attendees"`
	Cases       []string              `json:"cases"` // the expedients on the agenda
	Agreements  []templates.Agreement `json:"agreements"`
	NextSession time.Time             `json:"nextSession,omitzero"`
	State       string                `json:"state"`
	Acta        *DocRef               `json:"acta,omitempty"`
	Warnings    []string              `json:"warnings,omitempty"`
}

const sessionKind = "session"

// GapRule is the protocol's limit on skipped months (§5).
const GapRule = "§5 the commission may skip at most two months in a row"

// OpenSession opens a session: its agenda holds the cases waiting for an
// assignment and those whose report came back. It warns when the commission
// skipped more than two months in a row.
func (w *Workflow) OpenSession(ctx context.Context, at time.Time, place, start string, attendees []Attendee, by string) (*Session, error) {
	if len(attendees) == 0 {
		return nil, fmt.Errorf("a session needs attendees")
	}
	for _, a := range attendees {
		if _, err := w.db.Signer(ctx, a.Signer); err != nil {
			return nil, fmt.Errorf("attendee %s: %w", a.Signer, err)
		}
	}
	n, err := w.db.NextNumber(ctx, fmt.Sprintf("1284/%d", at.Year()))
	if err != nil {
		return nil, err
	}
	s := &Session{ID: fmt.Sprintf("1284/%d/%06d", at.Year(), n), Number: fmt.Sprintf("%d/%d", n, at.Year()), Date: at, Place: place,
		Start: start, Attendees: attendees, State: SessionOpen}
	if s.Cases, err = w.db.RecordIDs(ctx, expedientKind, Registered, ReportBack); err != nil {
		return nil, err
	}
	// Favourable cases nobody could contact in time: archive or extend (§6.16).
	favourable, err := w.db.RecordIDs(ctx, expedientKind, Favourable)
	if err != nil {
		return nil, err
	}
	for _, id := range favourable {
		e, err := w.Expedient(ctx, id)
		if err != nil {
			return nil, err
		}
		if !at.Before(e.contactDeadline()) {
			s.Cases = append(s.Cases, id)
		}
	}
	if last, err := w.lastSessionBefore(ctx, at); err == nil && last != nil {
		months := (at.Year()-last.Year())*12 + int(at.Month()-last.Month())
		if months > 3 {
			s.Warnings = append(s.Warnings, fmt.Sprintf("%s: the last session was on %s", GapRule, last.Format("02/01/2006")))
		}
	}
	if _, err := w.db.SaveRecord(ctx, sessionKind, s.ID, 0, s.State, s, w.now()); err != nil {
		return nil, err
	}
	return s, nil
}

func (w *Workflow) lastSessionBefore(ctx context.Context, at time.Time) (*time.Time, error) {
	ids, err := w.db.RecordIDs(ctx, sessionKind)
	if err != nil {
		return nil, err
	}
	var last *time.Time
	for _, id := range ids {
		s, err := w.Session(ctx, id)
		if err != nil {
			return nil, err
		}
		if s.Date.Before(at) && (last == nil || s.Date.After(*last)) {
			d := s.Date
			last = &d
		}
	}
	return last, nil
}

// Session reads a session.
func (w *Workflow) Session(ctx context.Context, id string) (*Session, error) {
	var s Session
	if _, err := w.db.LoadRecord(ctx, sessionKind, id, &s); err != nil {
		return nil, err
	}
	return &s, nil
}

// Agree records the commission's decision on a case of the agenda and
// applies it to the expedient, checking the protocol's rules.
func (w *Workflow) Agree(ctx context.Context, sessionID, number, decision string, assignTo []string, reasons, by string) error {
	s, err := w.Session(ctx, sessionID)
	if err != nil {
		return err
	}
	if s.State != SessionOpen {
		return ruleErr("agreements are taken in an open session", "session %s is %q", s.Number, s.State)
	}
	if !slices.Contains(s.Cases, number) {
		return ruleErr("§6.10 the commission decides the cases on its agenda", "expedient %s is not on the agenda of session %s", number, s.Number)
	}
	e, err := w.Expedient(ctx, number)
	if err != nil {
		return err
	}
	if err := checkAgreement(e, s.ID, decision, assignTo); err != nil {
		return err
	}
	var decree *DocRef
	if decision == templates.DecisionUnfavourable {
		d, err := w.renderDecree(ctx, e, s, reasons, by)
		if err != nil {
			return err
		}
		decree = &d
	}
	_, err = w.updateExpedient(ctx, number, func(e *Expedient) error {
		if !slices.Contains(e.Sessions, s.ID) {
			e.Sessions = append(e.Sessions, s.ID)
		}
		note := "sessió " + s.Number
		switch decision {
		case templates.DecisionAssign:
			e.AssignedTo = assignTo
			return e.move(Assigned, by, w.now(), note, Registered)
		case DecisionExtended:
			if e.State == Favourable {
				e.ContactDeadline = w.now().AddDate(0, 3, 0)
				return e.move(Favourable, by, w.now(), note+": pròrroga del termini de contacte fins al "+e.ContactDeadline.Format("02/01/2006"), Favourable)
			}
			e.Visits, e.Conclusion = nil, ""
			return e.move(Assigned, by, w.now(), note+": pròrroga", ReportBack)
		case templates.DecisionFavourable:
			return e.move(Favourable, by, w.now(), note, ReportBack)
		}
		e.Documents = append(e.Documents, *decree)
		return e.move(Unfavourable, by, w.now(), note, ReportBack)
	})
	if err != nil {
		return err
	}
	ag := templates.Agreement{Expedient: number, Applicant: e.Application.Holder.Name, Address: e.Application.Address,
		Decision: decision, AssignedTo: assignTo, Reasons: reasons}
	_, err = w.updateSession(ctx, sessionID, func(s *Session) error {
		s.Agreements = append(s.Agreements, ag)
		return nil
	})
	return err
}

// DecisionExtended is the commission's extension of a case (prorrogat).
const DecisionExtended = templates.DecisionExtended

// checkAgreement applies the rules of §6 to a decision on an expedient.
func checkAgreement(e *Expedient, sessionID, decision string, assignTo []string) error {
	sessions := len(e.Sessions)
	if !slices.Contains(e.Sessions, sessionID) {
		sessions++
	}
	switch decision {
	case templates.DecisionAssign:
		if e.State != Registered {
			return ruleErr("§6.6 the first session assigns the check", "expedient %s is %q", e.Number, e.State)
		}
		if len(assignTo) == 0 {
			return ruleErr("§6.6 assign the check to Policia Local, Habitatge, SBAS or SSE", "no section for %s", e.Number)
		}
		welfare := false
		for _, sec := range assignTo {
			if !slices.Contains(templates.Sections, sec) {
				return ruleErr("§6.6 assign the check to Policia Local, Habitatge, SBAS or SSE", "unknown section %q", sec)
			}
			welfare = welfare || sec != "Policia Local"
		}
		if e.Application.Vulnerable() && !welfare {
			return ruleErr("§6.7 with minors or vulnerability, Benestar i Família makes the visit", "expedient %s is vulnerable", e.Number)
		}
	case templates.DecisionFavourable, templates.DecisionUnfavourable, DecisionExtended:
		if decision == DecisionExtended && e.State == Favourable {
			return nil // the contact period of a favourable case is extended (§6.16)
		}
		if e.State != ReportBack {
			return ruleErr("§6.10 a decision needs the section's report", "expedient %s is %q", e.Number, e.State)
		}
		if decision == DecisionExtended && sessions >= 3 {
			return ruleErr("§6.10 at most three sessions per expedient: the third must decide", "expedient %s is at its session %d", e.Number, sessions)
		}
		for _, v := range e.Visits {
			if (v.Outcome == templates.VisitRefused || v.Outcome == templates.VisitBlocked) && decision != templates.DecisionUnfavourable {
				return ruleErr("§6.13 refused inspection or blocked access is decided unfavourably", "expedient %s", e.Number)
			}
		}
	default:
		return fmt.Errorf("decision %q: want assignar, favorable, desfavorable or prorrogat", decision)
	}
	return nil
}

// renderDecree renders the mayor's denial decree and opens its flow: the
// mayor, then the secretary; the organ seal follows.
func (w *Workflow) renderDecree(ctx context.Context, e *Expedient, s *Session, grounds, by string) (DocRef, error) {
	if grounds == "" {
		return DocRef{}, ruleErr("a denial states its grounds", "expedient %s", e.Number)
	}
	mayor, err := w.db.Signer(ctx, w.cfg.Roles.Mayor)
	if err != nil {
		return DocRef{}, err
	}
	secretary, err := w.db.Signer(ctx, w.cfg.Roles.Secretary)
	if err != nil {
		return DocRef{}, err
	}
	doc, slots, err := w.emit(ctx, "decret-denegacio", &templates.DecretDenegacio{Expedient: e.Number, Applicant: e.Application.Holder,
		Household: e.Application.Members, Address: e.Application.Address, RegistryEntry: e.Application.RegistryEntry,
		RegistryDate: w.date(e.Application.RegistryDate), SessionNumber: s.Number, SessionDate: w.date(s.Date), Grounds: grounds,
		Date: w.date(w.now()), Mayor: mayor.Name, Secretary: secretary.Name}, stamp.OriginAdministration, false, by)
	if err != nil {
		return DocRef{}, err
	}
	doc.Flow, err = w.startFlow(ctx, doc, "Decret de denegació "+e.Number, Subject{Kind: expedientKind, ID: e.Number},
		[]Step{{Signers: []string{mayor.ID}}, {Signers: []string{secretary.ID}}},
		slotsFor(slots, map[string]string{mayor.Name: mayor.ID, secretary.Name: secretary.ID}), true)
	return doc, err
}

// CloseSession renders the acta and opens its flow: every attendee signs,
// in any order.
func (w *Workflow) CloseSession(ctx context.Context, sessionID, end string, next time.Time, agenda []string, by string) (*Session, error) {
	s, err := w.Session(ctx, sessionID)
	if err != nil {
		return nil, err
	}
	if s.State != SessionOpen && s.State != SessionRejected {
		return nil, ruleErr("a session closes once", "session %s is %q", s.Number, s.State)
	}
	acta := &templates.Acta{SessionNumber: s.Number, Expedient: s.ID, Date: w.date(s.Date), Place: s.Place, Start: s.Start, End: end,
		Agenda: agenda, Agreements: s.Agreements, NextSession: w.date(next)}
	ids := map[string]string{}
	var signers []string
	for _, a := range s.Attendees {
		rec, err := w.db.Signer(ctx, a.Signer)
		if err != nil {
			return nil, err
		}
		acta.Attendees = append(acta.Attendees, templates.Attendee{Name: rec.Name, Role: a.Role, Section: a.Section})
		ids[rec.Name] = rec.ID
		signers = append(signers, rec.ID)
	}
	doc, slots, err := w.emit(ctx, "acta", acta, stamp.OriginAdministration, false, by)
	if err != nil {
		return nil, err
	}
	doc.Flow, err = w.startFlow(ctx, doc, "Acta de la sessió "+s.Number+" de la COPE", Subject{Kind: sessionKind, ID: s.ID},
		[]Step{{Signers: signers}}, slotsFor(slots, ids), false)
	if err != nil {
		return nil, err
	}
	return w.updateSession(ctx, sessionID, func(s *Session) error {
		s.End, s.NextSession, s.Acta, s.State = end, next, &doc, SessionClosed
		return nil
	})
}

func (w *Workflow) updateSession(ctx context.Context, id string, fn func(s *Session) error) (*Session, error) {
	return update(ctx, w, sessionKind, id, fn, func(s *Session) string { return s.State })
}
