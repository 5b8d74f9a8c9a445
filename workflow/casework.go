package workflow

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/segell/segell/stamp"
	"github.com/segell/segell/templates"
)

const threeMonths = "§6.16 archive only when three months have passed since the registration entry"

// RecordVisit records a home visit of an assigned section (§6.11–6.13).
// Nobody home leaves a note; a refused inspection or blocked access ends the
// visits: no second visit is made.
func (w *Workflow) RecordVisit(ctx context.Context, number string, v Visit, by string) (*Expedient, error) {
	var note *templates.NotaVisita
	e, err := w.updateExpedient(ctx, number, func(e *Expedient) error {
		if e.State != Assigned {
			return ruleErr("§6.8 visits are made by the sections the commission assigned", "expedient %s is %q", e.Number, e.State)
		}
		if !slices.Contains(e.AssignedTo, v.Section) {
			return ruleErr("§6.8 the visit belongs to an assigned section", "%s is not assigned to %s", v.Section, e.Number)
		}
		if !slices.Contains([]string{templates.VisitFound, templates.VisitAbsent, templates.VisitRefused, templates.VisitBlocked}, v.Outcome) {
			return fmt.Errorf("visit outcome %q", v.Outcome)
		}
		for _, old := range e.Visits {
			if old.Outcome == templates.VisitRefused || old.Outcome == templates.VisitBlocked {
				return ruleErr("§6.13 refused inspection or blocked access: no second visit", "expedient %s already ended its visits", e.Number)
			}
		}
		e.Visits = append(e.Visits, v)
		if v.Outcome == templates.VisitAbsent {
			note = &templates.NotaVisita{Expedient: e.Number, Address: e.Application.Address, Applicant: e.Application.Holder.Name,
				Section: v.Section, Visit: w.date(v.At), Time: v.At.In(w.madrid).Format("15:04"), Phone: "972 36 13 13",
				Agent: templates.Signer{Name: w.cfg.Council.Name, Role: "Segell d'òrgan"}}
		}
		return nil
	})
	if err != nil || note == nil {
		return e, err
	}
	doc, _, err := w.emit(ctx, "nota-visita", note, stamp.OriginAdministration, true, by)
	if err != nil {
		return nil, err
	}
	return w.updateExpedient(ctx, number, func(e *Expedient) error { e.Documents = append(e.Documents, doc); return nil })
}

// ReturnReport renders a section's visit report and sends it to the head of
// the section to sign; when signed, the expedient waits for the commission.
// An absence conclusion needs two visits on different days and time bands.
func (w *Workflow) ReturnReport(ctx context.Context, number, section, findings, by string) (*Expedient, error) {
	e, err := w.Expedient(ctx, number)
	if err != nil {
		return nil, err
	}
	if e.State != Assigned || !slices.Contains(e.AssignedTo, section) {
		return nil, ruleErr("§6.9 the report comes from an assigned section", "expedient %s is %q", number, e.State)
	}
	head := w.cfg.Roles.SectionHeads[section]
	headRec, err := w.db.Signer(ctx, head)
	if err != nil {
		return nil, fmt.Errorf("head of %s: %w", section, err)
	}
	conclusion := templates.DecisionUnfavourable
	var visits []templates.VisitRecord
	for _, v := range e.Visits {
		if v.Section != section {
			continue
		}
		if v.Outcome == templates.VisitFound {
			conclusion = templates.DecisionFavourable
		}
		visits = append(visits, templates.VisitRecord{Date: w.date(v.At), Time: v.At.In(w.madrid).Format("15:04"), Outcome: v.Outcome, Notes: v.Notes})
	}
	report := &templates.InformeVisita{Section: section, Expedient: number, Applicant: e.Application.Holder, Address: e.Application.Address,
		Visits: visits, Findings: findings, Conclusion: conclusion, Date: w.date(w.now()), Head: templates.Signer{Name: headRec.Name, Role: headRec.Role}}
	if err := report.Validate(); err != nil {
		return nil, &RuleError{Rule: "§6.12 two visits on different days and time bands", What: err.Error()}
	}
	doc, slots, err := w.emit(ctx, "informe-visita", report, stamp.OriginAdministration, false, by)
	if err != nil {
		return nil, err
	}
	flowID, err := w.startFlow(ctx, doc, "Informe de visita "+number, Subject{Kind: expedientKind, ID: number},
		[]Step{{Signers: []string{head}}}, slotsFor(slots, map[string]string{headRec.Name: head}), false)
	if err != nil {
		return nil, err
	}
	doc.Flow = flowID
	return w.updateExpedient(ctx, number, func(e *Expedient) error {
		if err := e.move(ReportPending, by, w.now(), section, Assigned); err != nil {
			return err
		}
		e.Conclusion = conclusion
		e.Documents = append(e.Documents, doc)
		return nil
	})
}

// slotsFor maps signature slots to signer ids by the name printed in each.
func slotsFor(slots []templates.SignatureSlot, byName map[string]string) map[string]templates.SignatureSlot {
	out := map[string]templates.SignatureSlot{}
	for _, s := range slots {
		if id, ok := byName[s.Name]; ok {
			out[id] = s
		}
	}
	return out
}

// RecordContact records an attempt to reach the applicant after a favourable decision.
func (w *Workflow) RecordContact(ctx context.Context, number string, c templates.ContactAttempt, by string) (*Expedient, error) {
	return w.updateExpedient(ctx, number, func(e *Expedient) error {
		if e.State != Favourable {
			return ruleErr("§6.16 the applicant is contacted after a favourable decision", "expedient %s is %q", e.Number, e.State)
		}
		e.Contacts = append(e.Contacts, c)
		return nil
	})
}

// Inscribe registers the applicant at the declared address or at one of
// the social-services addresses (§6.16–6.17).
func (w *Workflow) Inscribe(ctx context.Context, number, address, by string) (*Expedient, error) {
	return w.updateExpedient(ctx, number, func(e *Expedient) error {
		if address != e.Application.Address {
			if _, ok := SocialServicesAddresses[address]; !ok {
				return ruleErr("§6.17 inscription at the declared address or at F. 54557 / F. 34275", "address %q", address)
			}
		}
		e.InscribedAt = address
		return e.move(Inscribed, by, w.now(), address, Favourable)
	})
}

// Archive renders the diligència d'arxiu when three months have passed since
// the registration entry without contact, for the OIAC officer to sign.
func (w *Workflow) Archive(ctx context.Context, number, by string) (*Expedient, error) {
	e, err := w.Expedient(ctx, number)
	if err != nil {
		return nil, err
	}
	if e.State != Favourable {
		return nil, ruleErr("§6.16 only a favourable expedient without contact is archived", "expedient %s is %q", number, e.State)
	}
	if w.now().Before(e.contactDeadline()) {
		return nil, ruleErr(threeMonths, "expedient %s may be archived from %s", number, e.contactDeadline().Format("02/01/2006"))
	}
	if len(e.Contacts) == 0 {
		return nil, ruleErr("§6.16 archive after trying to contact the applicant", "expedient %s has no contact attempt", number)
	}
	officer, err := w.db.Signer(ctx, w.cfg.Roles.Officer)
	if err != nil {
		return nil, err
	}
	last := e.Sessions[len(e.Sessions)-1]
	session, err := w.Session(ctx, last)
	if err != nil {
		return nil, err
	}
	doc, slots, err := w.emit(ctx, "diligencia-arxiu", &templates.DiligenciaArxiu{Expedient: number, Applicant: e.Application.Holder,
		RegistryEntry: e.Application.RegistryEntry, RegistryDate: w.date(e.Application.RegistryDate), SessionNumber: session.Number,
		SessionDate: w.date(session.Date), Attempts: e.Contacts, Date: w.date(w.now()), Officer: templates.Signer{Name: officer.Name, Role: officer.Role}},
		stamp.OriginAdministration, false, by)
	if err != nil {
		return nil, err
	}
	doc.Flow, err = w.startFlow(ctx, doc, "Diligència d'arxiu "+number, Subject{Kind: expedientKind, ID: number},
		[]Step{{Signers: []string{officer.ID}}}, slotsFor(slots, map[string]string{officer.Name: officer.ID}), false)
	if err != nil {
		return nil, err
	}
	return w.updateExpedient(ctx, number, func(e *Expedient) error {
		e.Documents = append(e.Documents, doc)
		return e.move(ArchivePending, by, w.now(), "", Favourable)
	})
}

// NotificationResult records how the decree's notification went: delivered
// closes the expedient; a failed one publishes the BOE edict (Llei 39/2015, art. 44).
func (w *Workflow) NotificationResult(ctx context.Context, number string, delivered bool, by string) (*Expedient, error) {
	if delivered {
		return w.updateExpedient(ctx, number, func(e *Expedient) error {
			return e.move(Notified, by, w.now(), "notificació practicada", DecreeSigned)
		})
	}
	e, err := w.Expedient(ctx, number)
	if err != nil {
		return nil, err
	}
	if e.State != DecreeSigned {
		return nil, ruleErr("§6.19 the edict follows a failed notification of a signed decree", "expedient %s is %q", number, e.State)
	}
	decreeDate := w.now()
	for _, h := range e.History {
		if h.To == DecreeSigned {
			decreeDate = h.At
		}
	}
	people := []templates.Notified{{Name: e.Application.Holder.Name, IDDocument: e.Application.Holder.IDDocument, Expedient: number,
		Act: "Decreto de Alcaldía de denegación de la inscripción padronal", ActDate: w.date(decreeDate)}}
	doc, _, err := w.emit(ctx, "edicte-boe", &templates.EdicteBOE{People: people,
		Office: "la Oficina de Información y Atención Ciudadana (OIAC) del " + strings.Replace(w.cfg.Council.Name, "Ajuntament", "Ayuntamiento", 1),
		Date:   w.date(w.now())}, stamp.OriginAdministration, true, by)
	if err != nil {
		return nil, err
	}
	return w.updateExpedient(ctx, number, func(e *Expedient) error {
		e.Documents = append(e.Documents, doc)
		return e.move(EdictPublished, by, w.now(), "notificació infructuosa", DecreeSigned)
	})
}

// IssueVolant issues a sealed volant d'empadronament for an inscribed applicant.
func (w *Workflow) IssueVolant(ctx context.Context, number, by string) (DocRef, error) {
	e, err := w.Expedient(ctx, number)
	if err != nil {
		return DocRef{}, err
	}
	if e.State != Inscribed {
		return DocRef{}, ruleErr("a volant is issued once the person is inscribed", "expedient %s is %q", number, e.State)
	}
	since := w.now()
	for _, h := range e.History {
		if h.To == Inscribed {
			since = h.At
		}
	}
	address := e.InscribedAt
	if a, ok := SocialServicesAddresses[address]; ok {
		address = a
	}
	doc, _, err := w.emit(ctx, "volant-empadronament", &templates.VolantEmpadronament{
		Person:  templates.Resident{Name: e.Application.Holder.Name, IDDocument: e.Application.Holder.IDDocument, BirthDate: w.date(e.Application.HolderBirthDate), Since: w.date(since)},
		Address: address, Issued: w.date(w.now())}, stamp.OriginAdministration, true, by)
	if err != nil {
		return DocRef{}, err
	}
	_, err = w.updateExpedient(ctx, number, func(e *Expedient) error { e.Documents = append(e.Documents, doc); return nil })
	return doc, err
}
