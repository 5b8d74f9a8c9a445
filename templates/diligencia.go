package templates

import "fmt"

// ContactAttempt is one try to reach an applicant.
type ContactAttempt struct {
	Date    Date   `json:"date"`
	Channel string `json:"channel"` // "telèfon", "correu electrònic", "carta"
	Result  string `json:"result"`
}

// DiligenciaArxiu archives an expedient whose favourable decision could not
// be communicated: no contact within three months of the registration entry
// (annex 4, protocol §6.16). Signed by the OIAC officer.
type DiligenciaArxiu struct {
	Expedient     string           `json:"expedient"`
	Applicant     Person           `json:"applicant"`
	RegistryEntry string           `json:"registryEntry"`
	RegistryDate  Date             `json:"registryDate"`
	SessionNumber string           `json:"sessionNumber"`
	SessionDate   Date             `json:"sessionDate"`
	Attempts      []ContactAttempt `json:"attempts"`
	Date          Date             `json:"date"`
	Officer       Signer           `json:"officer"`
}

// Validate names the first missing field and checks the three-month rule.
func (g *DiligenciaArxiu) Validate() error {
	var c check
	c.text("expedient", g.Expedient)
	c.person("applicant", g.Applicant)
	c.text("registryEntry", g.RegistryEntry)
	c.date("registryDate", g.RegistryDate)
	c.text("sessionNumber", g.SessionNumber)
	c.date("sessionDate", g.SessionDate)
	c.some("attempts", len(g.Attempts))
	for i, a := range g.Attempts {
		c.date(fmt.Sprintf("attempts[%d].date", i), a.Date)
		c.text(fmt.Sprintf("attempts[%d].channel", i), a.Channel)
		c.text(fmt.Sprintf("attempts[%d].result", i), a.Result)
	}
	c.date("date", g.Date)
	c.text("officer.name", g.Officer.Name)
	c.text("officer.role", g.Officer.Role)
	if c.err == nil && g.Date.Before(g.RegistryDate.AddDate(0, 3, 0)) {
		c.fail("date", fmt.Sprintf("is before three months from the registration entry (%s)", g.RegistryDate.AddDate(0, 3, 0).Format("02/01/2006")))
	}
	c.notAfter("registryDate", g.RegistryDate, "sessionDate", g.SessionDate)
	c.notAfter("sessionDate", g.SessionDate, "date", g.Date)
	for i, a := range g.Attempts {
		c.notBefore(fmt.Sprintf("attempts[%d].date", i), a.Date, "registryDate", g.RegistryDate)
		c.notAfter(fmt.Sprintf("attempts[%d].date", i), a.Date, "date", g.Date)
	}
	return c.err
}

func (g *DiligenciaArxiu) meta() Meta {
	return Meta{Title: "Diligència d'arxiu", TypeCode: "TD12", Reference: g.Expedient}
}

func (g *DiligenciaArxiu) render(d *doc) error {
	d.title("DILIGÈNCIA D'ARXIU")
	d.field("Expedient", g.Expedient)
	d.field("Persona sol·licitant", fmt.Sprintf("%s (%s)", g.Applicant.Name, g.Applicant.IDDocument))
	d.pdf.Ln(2)
	d.paraf("Diligència per fer constar que la Comissió de Padró Extraordinari, en la sessió núm. %s de data %s, va valorar favorablement la sol·licitud d'empadronament presentada en data %s amb número de registre d'entrada %s.",
		g.SessionNumber, g.SessionDate.Long(), g.RegistryDate.Long(), g.RegistryEntry)
	d.para("D'acord amb el protocol (apartat 6.16), s'ha intentat contactar amb la persona sol·licitant, pels mitjans que va indicar en la sol·licitud, perquè es presentés a l'OIAC amb la documentació d'identificació original i en vigor:")
	rows := make([][]string, len(g.Attempts))
	for i, a := range g.Attempts {
		rows[i] = []string{a.Date.Short(), a.Channel, a.Result}
	}
	d.table([]string{"Data", "Mitjà", "Resultat"}, []float64{28, 45, 92}, rows)
	d.paraf("Atès que han transcorregut més de tres mesos des del registre d'entrada de la sol·licitud sense que hagi estat possible contactar amb la persona sol·licitant, s'arxiva l'expedient %s, sens perjudici que la persona interessada pugui presentar una nova sol·licitud.", g.Expedient)
	d.placeAndDate(g.Date)
	d.signatureBoxes([]Signer{g.Officer})
	return nil
}
