package templates

import (
	"fmt"
	"strconv"
	"strings"
)

// NotaVisita is the note left at the door when nobody answered a home
// visit (annex 6, protocol §6.11–6.12).
type NotaVisita struct {
	Expedient string `json:"expedient"`
	Address   string `json:"address"`
	Applicant string `json:"applicant"`
	Section   string `json:"section"` // one of Sections
	Visit     Date   `json:"visit"`
	Time      string `json:"time"` // "10:15"
	Phone     string `json:"phone"`
	Agent     Signer `json:"agent"`
}

// Validate names the first missing field.
func (n *NotaVisita) Validate() error {
	var c check
	c.text("expedient", n.Expedient)
	c.text("address", n.Address)
	c.text("applicant", n.Applicant)
	c.oneOf("section", n.Section, Sections...)
	c.date("visit", n.Visit)
	c.clock("time", n.Time)
	c.text("phone", n.Phone)
	c.text("agent.name", n.Agent.Name)
	c.text("agent.role", n.Agent.Role)
	return c.err
}

func (n *NotaVisita) meta() Meta {
	return Meta{Title: "Nota de visita domiciliària", TypeCode: "TD06", Reference: n.Expedient}
}

func (n *NotaVisita) render(d *doc) error {
	d.title("NOTA DE VISITA DOMICILIÀRIA")
	d.field("Expedient", n.Expedient)
	d.field("Persona sol·licitant", n.Applicant)
	d.field("Domicili", n.Address)
	d.pdf.Ln(2)
	d.paraf("El dia %s a les %s hores, personal de %s de l'%s ha visitat aquest domicili per comprovar la residència de la persona que ha sol·licitat empadronar-s'hi, i no hi ha trobat ningú.", n.Visit.Long(), n.Time, n.Section, d.council.Name)
	d.paraf("Us preguem que truqueu al telèfon %s, indicant el número d'expedient, per concertar una nova visita. Es faran com a mínim dues visites en dies i franges horàries diferents; si no es pot localitzar ningú, la Comissió de Padró Extraordinari pot valorar desfavorablement la sol·licitud.", n.Phone)
	d.signatureBoxes([]Signer{n.Agent})
	return nil
}

// Visit outcomes recorded in a visit report.
const (
	VisitFound   = "present" // someone was home and the visit took place
	VisitAbsent  = "absent"  // nobody was home
	VisitRefused = "refusal" // the inspection was refused
	VisitBlocked = "blocked" // access blocked (walled up, anti-squatting door)
)

// VisitRecord is one attempt at a home visit.
type VisitRecord struct {
	Date    Date   `json:"date"`
	Time    string `json:"time"`
	Outcome string `json:"outcome"` // one of the Visit… constants
	Notes   string `json:"notes,omitempty"`
}

// InformeVisita is the report of a section on its residence check (annexes
// 8 Policia Local, 9 SBAS, 10 SSE), signed by the head of the section.
type InformeVisita struct {
	Section     string        `json:"section"`
	Expedient   string        `json:"expedient"`
	Applicant   Person        `json:"applicant"`
	Address     string        `json:"address"`
	Visits      []VisitRecord `json:"visits"`
	PeopleFound []Person      `json:"peopleFound,omitempty"`
	Findings    string        `json:"findings"`
	Conclusion  string        `json:"conclusion"` // "favorable" or "desfavorable"
	Date        Date          `json:"date"`
	Head        Signer        `json:"head"`
}

// Validate names the first missing field and checks the visit rules: two
// visits on different days and times before an absence conclusion; none
// more after a refusal or blocked access.
func (r *InformeVisita) Validate() error {
	var c check
	c.oneOf("section", r.Section, Sections...)
	c.text("expedient", r.Expedient)
	c.person("applicant", r.Applicant)
	c.text("address", r.Address)
	c.some("visits", len(r.Visits))
	for i, v := range r.Visits {
		c.date(fmt.Sprintf("visits[%d].date", i), v.Date)
		c.clock(fmt.Sprintf("visits[%d].time", i), v.Time)
		c.oneOf(fmt.Sprintf("visits[%d].outcome", i), v.Outcome, VisitFound, VisitAbsent, VisitRefused, VisitBlocked)
		c.notAfter(fmt.Sprintf("visits[%d].date", i), v.Date, "date", r.Date)
	}
	for i, p := range r.PeopleFound {
		c.idDocument(fmt.Sprintf("peopleFound[%d].idDocument", i), p.IDDocument)
	}
	c.text("findings", r.Findings)
	c.oneOf("conclusion", r.Conclusion, DecisionFavourable, DecisionUnfavourable)
	c.date("date", r.Date)
	c.text("head.name", r.Head.Name)
	c.text("head.role", r.Head.Role)
	if c.err != nil {
		return c.err
	}
	allAbsent := true
	for _, v := range r.Visits {
		allAbsent = allAbsent && v.Outcome == VisitAbsent
	}
	if allAbsent {
		if len(r.Visits) < 2 || r.Visits[0].Date.Equal(r.Visits[1].Date.Time) || timeBand(r.Visits[0].Time) == timeBand(r.Visits[1].Time) {
			c.fail("visits", "need two attempts on different days and in different time bands when nobody is found (protocol §6.12)")
		}
	}
	return c.err
}

func (r *InformeVisita) meta() Meta {
	return Meta{Title: "Informe de visita domiciliària", TypeCode: "TD13", Reference: r.Expedient}
}

var outcomeText = map[string]string{
	VisitFound: "visita feta", VisitAbsent: "no hi havia ningú (es deixa nota)",
	VisitRefused: "no es permet la inspecció ocular", VisitBlocked: "accés bloquejat",
}

func (r *InformeVisita) render(d *doc) error {
	d.title("INFORME DE VISITA DOMICILIÀRIA", strings.ToUpper(r.Section))
	d.field("Expedient", r.Expedient)
	d.field("Persona sol·licitant", fmt.Sprintf("%s (%s)", r.Applicant.Name, r.Applicant.IDDocument))
	d.field("Domicili", r.Address)
	d.heading("Visites")
	rows := make([][]string, len(r.Visits))
	for i, v := range r.Visits {
		rows[i] = []string{v.Date.Short(), v.Time, outcomeText[v.Outcome], v.Notes}
	}
	d.table([]string{"Data", "Hora", "Resultat", "Observacions"}, []float64{24, 16, 55, 70}, rows)
	if len(r.PeopleFound) > 0 {
		d.heading("Persones identificades al domicili")
		people := make([]string, len(r.PeopleFound))
		for i, p := range r.PeopleFound {
			people[i] = fmt.Sprintf("%s (%s)", p.Name, p.IDDocument)
		}
		d.items(people, false)
	}
	d.heading("Comprovacions")
	d.para(r.Findings)
	d.heading("Conclusió")
	if r.Conclusion == DecisionFavourable {
		d.para("S'ha comprovat que la persona sol·licitant resideix habitualment en el domicili, per la qual cosa s'informa FAVORABLEMENT la sol·licitud d'empadronament.")
	} else {
		d.para("No s'ha pogut comprovar que la persona sol·licitant resideixi habitualment en el domicili, per la qual cosa s'informa DESFAVORABLEMENT la sol·licitud d'empadronament.")
	}
	d.placeAndDate(r.Date)
	d.signatureBoxes([]Signer{r.Head})
	return nil
}

// timeBand classes a "HH:MM" time as morning, afternoon or evening.
func timeBand(hhmm string) string {
	h, err := strconv.Atoi(strings.SplitN(hhmm, ":", 2)[0])
	switch {
	case err != nil:
		return hhmm
	case h < 14:
		return "matí"
	case h < 20:
		return "tarda"
	}
	return "vespre"
}
