package workflow

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"time"

	"github.com/segell/segell/stamp"
	"github.com/segell/segell/storage"
	"github.com/segell/segell/templates"
)

// Expedient states (protocol §6–8).
const (
	Registered     = "registrat" // waiting for the commission to assign the check
	Assigned       = "assignat"  // sections are checking residence
	ReportPending  = "informe-en-signatura"
	ReportBack     = "informe-retornat"   // waiting for the commission's decision
	Favourable     = "favorable"          // contact the applicant
	Inscribed      = "empadronat"         // final
	ArchivePending = "arxiu-en-signatura" // the diligència is being signed
	Archived       = "arxivat"            // final
	Unfavourable   = "desfavorable"       // the decree is being signed
	DecreeSigned   = "decret-signat"      // notify it
	Notified       = "notificat"          // final
	EdictPublished = "edicte-publicat"    // final, after a failed notification
)

// Typology of the application (protocol §3); squatting is .OCU, the rest .IRRE.
type Typology string

// The typologies of §3.
const (
	Squatting    Typology = "ocupacio"
	Homeless     Typology = "sense-llar"
	Substandard  Typology = "infrahabitatge"
	Subletting   Typology = "relloguer"
	Humanitarian Typology = "humanitari"
	OtherReason  Typology = "altres"
)

// Suffix is what the registration entry's description ends with (§6.1).
func (t Typology) Suffix() string {
	if t == Squatting {
		return ".OCU"
	}
	return ".IRRE"
}

// Owner is the dwelling's owner from the property-tax record.
type Owner struct {
	Name        string `json:"name"`
	Address     string `json:"address"`
	Company     bool   `json:"company"`
	LargeHolder bool   `json:"largeHolder"` // gets no letter (§6.5)
}

// Application is what the applicant registered (annex 1).
type Application struct {
	RegistryEntry     string             `json:"registryEntry"`
	RegistryDate      time.Time          `json:"registryDate"`
	Holder            templates.Person   `json:"holder"`
	HolderBirthDate   time.Time          `json:"holderBirthDate"`
	Members           []templates.Person `json:"members,omitempty"`
	Minors            int                `json:"minors"`
	Phone             string             `json:"phone"`
	Email             string             `json:"email,omitempty"`
	ElectronicNotice  bool               `json:"electronicNotice"` // notification by electronic means
	Address           string             `json:"address"`          // where they really live
	CadastralRef      string             `json:"cadastralRef"`
	CadastralUse      string             `json:"cadastralUse"` // "habitatge", "oci-hostaleria", "comercial" …
	Typology          Typology           `json:"typology"`
	GenderViolence    bool               `json:"genderViolence"`
	Dependency        bool               `json:"dependency"`
	Owner             Owner              `json:"owner"`
	AlreadyRegistered []string           `json:"alreadyRegistered,omitempty"` // people registered at the address
}

// Vulnerable is the protocol's vulnerability test (§6.7).
func (a Application) Vulnerable() bool { return a.Minors > 0 || a.GenderViolence || a.Dependency }

// Validate names the first missing field.
func (a Application) Validate() error {
	switch {
	case a.RegistryEntry == "":
		return errors.New("application: registryEntry is missing")
	case a.RegistryDate.IsZero():
		return errors.New("application: registryDate is missing")
	case a.Holder.Name == "" || a.Holder.IDDocument == "":
		return errors.New("application: holder name and identity document are required (§6.1)")
	case a.HolderBirthDate.IsZero():
		return errors.New("application: holderBirthDate is missing")
	case a.Address == "":
		return errors.New("application: address is missing")
	case a.Owner.Name == "":
		return errors.New("application: owner (property-tax record) is missing")
	}
	if !slices.Contains([]Typology{Squatting, Homeless, Substandard, Subletting, Humanitarian, OtherReason}, a.Typology) {
		return fmt.Errorf("application: typology %q is not one of §3", a.Typology)
	}
	if a.HolderBirthDate.After(a.RegistryDate) {
		return fmt.Errorf("application: holderBirthDate %s is after the registry date %s", a.HolderBirthDate.Format(time.DateOnly), a.RegistryDate.Format(time.DateOnly))
	}
	// A DNI or NIE whose letter does not match would be refused by every
	// document of the expedient: refuse it now, while the applicant is here.
	if err := templates.CheckIDDocument(a.Holder.IDDocument); err != nil {
		return ruleErr(identityRule, "application: holder.idDocument: %v", err)
	}
	for i, m := range a.Members {
		if err := templates.CheckIDDocument(m.IDDocument); err != nil {
			return ruleErr(identityRule, "application: members[%d].idDocument: %v", i, err)
		}
	}
	return nil
}

// identityRule is why a DNI or NIE with a wrong letter is refused.
const identityRule = "§6.1 the applicants identify themselves with a valid identity document (a DNI or NIE has the check letter of its number)"

// Visit is a home visit of a section.
type Visit struct {
	Section string    `json:"section"`
	At      time.Time `json:"at"`
	Outcome string    `json:"outcome"` // templates.Visit… outcomes
	Notes   string    `json:"notes,omitempty"`
}

// Transition is one change of state, with who and when.
type Transition struct {
	From string    `json:"from"`
	To   string    `json:"to"`
	By   string    `json:"by"`
	At   time.Time `json:"at"`
	Note string    `json:"note,omitempty"`
}

// Expedient is one application's case (series 2666).
type Expedient struct {
	Number      string                     `json:"number"` // 2666/2026/000123
	Application Application                `json:"application"`
	State       string                     `json:"state"`
	Sessions    []string                   `json:"sessions,omitempty"` // sessions that treated it
	AssignedTo  []string                   `json:"assignedTo,omitempty"`
	Visits      []Visit                    `json:"visits,omitempty"`
	Conclusion  string                     `json:"conclusion,omitempty"` // of the returned report
	Contacts    []templates.ContactAttempt `json:"contacts,omitempty"`
	InscribedAt string                     `json:"inscribedAt,omitempty"`
	// ContactDeadline is when a favourable expedient without contact may be
	// archived: three months after the registration entry, unless the
	// commission extended it.
	ContactDeadline time.Time    `json:"contactDeadline,omitzero"`
	Documents       []DocRef     `json:"documents,omitempty"`
	History         []Transition `json:"history"`
}

const expedientKind = "expedient"

// Social-services addresses where people followed by Benestar i Família are
// registered (§6.17).
var SocialServicesAddresses = map[string]string{
	"F. 54557": "C. Torrentó, 22-24, 2n pis (Serveis Bàsics d'Atenció Social)",
	"F. 34275": "C. Torrentó, 22-24, 3r pis (Serveis Socials Especialitzats)",
}

// Register opens an expedient for an application and emits the letter to
// the owner, unless the owner is a large holder.
func (w *Workflow) Register(ctx context.Context, app Application, by string) (*Expedient, error) {
	if err := app.Validate(); err != nil {
		return nil, err
	}
	if today := w.date(w.now()); w.date(app.RegistryDate).After(today.Time) {
		return nil, fmt.Errorf("application: registryDate %s is after today %s", app.RegistryDate.Format(time.DateOnly), today.ISO())
	}
	year := app.RegistryDate.Year()
	n, err := w.db.NextNumber(ctx, fmt.Sprintf("2666/%d", year))
	if err != nil {
		return nil, err
	}
	e := &Expedient{Number: fmt.Sprintf("2666/%d/%06d", year, n), Application: app, State: Registered,
		History: []Transition{{To: Registered, By: by, At: w.now(), Note: "registre d'entrada " + app.RegistryEntry + " " + app.Typology.Suffix()}}}
	if !app.Owner.LargeHolder {
		typology := "irregular"
		if app.Typology == Squatting {
			typology = "ocupació"
		}
		doc, _, err := w.emit(ctx, "carta-propietari", &templates.CartaPropietari{
			Owner: app.Owner.Name, OwnerAddress: app.Owner.Address, Property: app.Address, CadastralRef: app.CadastralRef,
			Expedient: e.Number, RegistryDate: w.date(app.RegistryDate), Typology: typology, Date: w.date(w.now()),
			Officer: templates.Signer{Name: w.cfg.Council.Name, Role: "Segell d'òrgan"}, ContactPhone: "972 36 47 35",
		}, stamp.OriginAdministration, true, by)
		if err != nil {
			return nil, err
		}
		e.Documents = append(e.Documents, doc)
	}
	if _, err := w.db.SaveRecord(ctx, expedientKind, e.Number, 0, e.State, e, w.now()); err != nil {
		return nil, err
	}
	return e, nil
}

// date is the civil date of t in Europe/Madrid: a document made at 00:30
// in Lloret is dated that day, whatever the server's clock zone.
func (w *Workflow) date(t time.Time) templates.Date {
	t = t.In(w.madrid)
	return templates.D(t.Year(), t.Month(), t.Day())
}

// Expedient reads an expedient.
func (w *Workflow) Expedient(ctx context.Context, number string) (*Expedient, error) {
	var e Expedient
	if _, err := w.db.LoadRecord(ctx, expedientKind, number, &e); err != nil {
		return nil, err
	}
	return &e, nil
}

// updateExpedient applies fn to the latest expedient and saves it, retrying
// when someone else changed it meanwhile. fn may refuse with an error.
func (w *Workflow) updateExpedient(ctx context.Context, number string, fn func(e *Expedient) error) (*Expedient, error) {
	return update(ctx, w, expedientKind, number, fn, func(e *Expedient) string { return e.State })
}

// update is the optimistic read-modify-write of a workflow record.
func update[T any](ctx context.Context, w *Workflow, kind, id string, fn func(*T) error, state func(*T) string) (*T, error) {
	for attempt := 0; attempt < 20; attempt++ {
		var v T
		ver, err := w.db.LoadRecord(ctx, kind, id, &v)
		if err != nil {
			return nil, err
		}
		if err := fn(&v); err != nil {
			return nil, err
		}
		_, err = w.db.SaveRecord(ctx, kind, id, ver, state(&v), v, w.now())
		if errors.Is(err, storage.ErrConflict) {
			continue
		}
		return &v, err
	}
	return nil, errTooManyRaces
}

// move changes the state if it is one of from, recording the transition.
func (e *Expedient) move(to, by string, at time.Time, note string, from ...string) error {
	if !slices.Contains(from, e.State) {
		return ruleErr(fmt.Sprintf("from %q only %s", e.State, allowedFrom(e.State)), "expedient %s cannot go to %q", e.Number, to)
	}
	e.History = append(e.History, Transition{From: e.State, To: to, By: by, At: at, Note: note})
	e.State = to
	return nil
}

// transitions is the protocol's state machine: who may follow whom.
var transitions = map[string][]string{
	Registered:     {Assigned},
	Assigned:       {ReportPending, Assigned},
	ReportPending:  {ReportBack, Assigned},
	ReportBack:     {Favourable, Unfavourable, Assigned},
	Favourable:     {Inscribed, ArchivePending, Favourable},
	ArchivePending: {Archived, Favourable},
	Unfavourable:   {DecreeSigned, ReportBack},
	DecreeSigned:   {Notified, EdictPublished},
}

func allowedFrom(state string) string {
	next := transitions[state]
	if len(next) == 0 {
		return "nothing: the expedient is closed"
	}
	return fmt.Sprintf("%v may follow", next)
}

// contactDeadline is when a favourable expedient without contact may be archived.
func (e *Expedient) contactDeadline() time.Time {
	if !e.ContactDeadline.IsZero() {
		return e.ContactDeadline
	}
	return e.Application.RegistryDate.AddDate(0, 3, 0)
}
