package templates

import (
	"fmt"
	"strings"
)

// Decisions the commission takes on a case (protocol §6.6–6.10).
const (
	DecisionAssign       = "assignar" // assign the residence check to one or more sections
	DecisionFavourable   = "favorable"
	DecisionUnfavourable = "desfavorable"
	DecisionExtended     = "prorrogat" // the checks could not be made yet
)

// Sections that can be assigned a residence check (protocol §5, §6.7).
var Sections = []string{"Policia Local", "Habitatge", "SBAS", "SSE"}

// Attendee is a member of the commission present at a session.
type Attendee struct {
	Name    string `json:"name"`
	Role    string `json:"role"`    // "Presidenta", "Vocal", "Secretari"
	Section string `json:"section"` // "OIAC", "Policia Local", "Benestar i Família", "Serveis Jurídics"
}

// Agreement is the commission's decision on one expedient.
type Agreement struct {
	Expedient  string   `json:"expedient"` // "2666/2026/000123"
	Applicant  string   `json:"applicant"`
	Address    string   `json:"address"`
	Decision   string   `json:"decision"`             // one of the Decision… constants
	AssignedTo []string `json:"assignedTo,omitempty"` // for DecisionAssign: one or more Sections
	Reasons    string   `json:"reasons"`
}

// Acta is the minutes of a session of the Comissió de Padró Extraordinari
// (annex 3), signed by every attendee.
type Acta struct {
	SessionNumber string      `json:"sessionNumber"` // "7/2026"
	Expedient     string      `json:"expedient"`     // the session's "mother" expedient, series 1284
	Date          Date        `json:"date"`
	Place         string      `json:"place"`
	Start         string      `json:"start"` // "09:30"
	End           string      `json:"end"`
	Attendees     []Attendee  `json:"attendees"`
	Agenda        []string    `json:"agenda"`
	Agreements    []Agreement `json:"agreements"`
	NextSession   Date        `json:"nextSession"`
}

// Validate names the first missing or invalid field.
func (a *Acta) Validate() error {
	var c check
	c.text("sessionNumber", a.SessionNumber)
	c.text("expedient", a.Expedient)
	c.date("date", a.Date)
	c.text("place", a.Place)
	c.span("start", a.Start, "end", a.End)
	c.some("attendees", len(a.Attendees))
	for i, at := range a.Attendees {
		c.text(fmt.Sprintf("attendees[%d].name", i), at.Name)
		c.text(fmt.Sprintf("attendees[%d].role", i), at.Role)
		c.text(fmt.Sprintf("attendees[%d].section", i), at.Section)
	}
	c.some("agenda", len(a.Agenda))
	for i, ag := range a.Agreements {
		f := fmt.Sprintf("agreements[%d]", i)
		c.text(f+".expedient", ag.Expedient)
		c.text(f+".applicant", ag.Applicant)
		c.text(f+".address", ag.Address)
		c.oneOf(f+".decision", ag.Decision, DecisionAssign, DecisionFavourable, DecisionUnfavourable, DecisionExtended)
		if ag.Decision == DecisionAssign {
			c.some(f+".assignedTo", len(ag.AssignedTo))
			for j, s := range ag.AssignedTo {
				c.oneOf(fmt.Sprintf("%s.assignedTo[%d]", f, j), s, Sections...)
			}
		} else {
			c.text(f+".reasons", ag.Reasons)
		}
	}
	c.date("nextSession", a.NextSession)
	c.after("nextSession", a.NextSession, "date", a.Date)
	return c.err
}

func (a *Acta) meta() Meta {
	return Meta{Title: "Acta de la Comissió de Padró Extraordinari", TypeCode: "TD10", Reference: a.Expedient}
}

func (a *Acta) render(d *doc) error {
	d.title("ACTA DE LA SESSIÓ NÚM. "+a.SessionNumber, "DE LA COMISSIÓ DE PADRÓ EXTRAORDINARI (COPE)")
	d.field("Expedient", a.Expedient)
	d.field("Data", a.Date.Long())
	d.field("Lloc", a.Place)
	d.field("Hora d'inici", a.Start)
	d.field("Hora d'acabament", a.End)

	d.heading("Hi assisteixen")
	rows := make([][]string, len(a.Attendees))
	for i, at := range a.Attendees {
		rows[i] = []string{at.Name, at.Role, at.Section}
	}
	d.table([]string{"Nom i cognoms", "Càrrec a la comissió", "Secció"}, []float64{70, 40, 55}, rows)

	d.heading("Ordre del dia")
	d.items(a.Agenda, true)

	d.heading("Desenvolupament de la sessió i acords")
	if len(a.Agreements) == 0 {
		d.para("No s'ha tractat cap expedient en aquesta sessió.")
	}
	for i, ag := range a.Agreements {
		d.font("B", textSize)
		d.pdf.MultiCell(0, lineHeight, d.tr(fmt.Sprintf("%d. Expedient %s — %s", i+1, ag.Expedient, ag.Applicant)), "", "L", false)
		d.field("Domicili", ag.Address)
		d.field("Acord", agreementText(ag))
		if ag.Reasons != "" {
			d.field("Motivació", ag.Reasons)
		}
		d.pdf.Ln(2)
	}

	d.heading("Propera sessió")
	d.paraf("La propera sessió de la comissió es convoca per al dia %s.", a.NextSession.Long())
	d.paraf("I, no havent-hi més assumptes a tractar, la presidència aixeca la sessió a les %s hores, de la qual s'estén aquesta acta, que signen totes les persones assistents.", a.End)
	d.placeAndDate(a.Date)
	signers := make([]Signer, len(a.Attendees))
	for i, at := range a.Attendees {
		signers[i] = Signer{Name: at.Name, Role: at.Role + " (" + at.Section + ")"}
	}
	d.signatureBoxes(signers)
	return nil
}

func agreementText(ag Agreement) string {
	switch ag.Decision {
	case DecisionAssign:
		who := strings.Join(ag.AssignedTo, ", ")
		if len(ag.AssignedTo) > 1 {
			return "Assignar la comprovació de residència, de manera conjunta, a: " + who + "."
		}
		return "Assignar la comprovació de residència a: " + who + "."
	case DecisionFavourable:
		return "Valorar FAVORABLEMENT la sol·licitud d'empadronament."
	case DecisionUnfavourable:
		return "Valorar DESFAVORABLEMENT la sol·licitud d'empadronament i proposar-ne la denegació per decret d'Alcaldia."
	}
	return "Prorrogar la decisió fins que s'hagin pogut fer les comprovacions de residència."
}
