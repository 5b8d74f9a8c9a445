package templates

import "fmt"

// legalGrounds are the norms of the protocol's legal framework (§1) that a
// denial rests on.
var legalGrounds = []string{
	"Articles 15, 16 i 17 de la Llei 7/1985, de 2 d'abril, reguladora de les bases del règim local, sobre l'obligació d'inscriure's en el padró del municipi on es resideix habitualment i el contingut del padró.",
	"Article 43 del Decret legislatiu 2/2003, de 28 d'abril, pel qual s'aprova el Text refós de la Llei municipal i de règim local de Catalunya, sobre els drets i deures dels veïns i veïnes.",
	"Reial decret 1690/1986, d'11 de juliol, pel qual s'aprova el Reglament de població i demarcació territorial de les entitats locals.",
	"Resolució de 17 de febrer de 2020, de la Presidència de l'Institut Nacional d'Estadística i de la Direcció General de Cooperació Autonòmica i Local, per la qual es dicten instruccions tècniques als ajuntaments sobre la gestió del padró municipal, que permet comprovar la residència efectiva per qualsevol mitjà.",
	"Protocol d'actuació en els casos d'empadronament extraordinari de l'Ajuntament de Lloret de Mar, aprovat per la Junta de Govern Local.",
	"Llei 39/2015, d'1 d'octubre, del procediment administratiu comú de les administracions públiques.",
}

// DecretDenegacio is the mayor's decree denying an inscription (annex 12),
// signed by the mayor and then by the secretary.
type DecretDenegacio struct {
	Expedient     string   `json:"expedient"`
	Applicant     Person   `json:"applicant"`
	Household     []Person `json:"household,omitempty"` // other members of the application
	Address       string   `json:"address"`             // where they asked to be inscribed
	RegistryEntry string   `json:"registryEntry"`       // registration entry number
	RegistryDate  Date     `json:"registryDate"`
	SessionNumber string   `json:"sessionNumber"` // the COPE session that decided
	SessionDate   Date     `json:"sessionDate"`
	Grounds       string   `json:"grounds"` // why the check was unfavourable
	Date          Date     `json:"date"`
	Mayor         string   `json:"mayor"`
	Secretary     string   `json:"secretary"`
}

// Validate names the first missing field.
func (r *DecretDenegacio) Validate() error {
	var c check
	c.text("expedient", r.Expedient)
	c.person("applicant", r.Applicant)
	for i, p := range r.Household {
		c.person(fmt.Sprintf("household[%d]", i), p)
	}
	c.text("address", r.Address)
	c.text("registryEntry", r.RegistryEntry)
	c.date("registryDate", r.RegistryDate)
	c.text("sessionNumber", r.SessionNumber)
	c.date("sessionDate", r.SessionDate)
	c.text("grounds", r.Grounds)
	c.date("date", r.Date)
	c.notAfter("registryDate", r.RegistryDate, "sessionDate", r.SessionDate)
	c.notAfter("sessionDate", r.SessionDate, "date", r.Date)
	c.text("mayor", r.Mayor)
	c.text("secretary", r.Secretary)
	return c.err
}

func (r *DecretDenegacio) meta() Meta {
	return Meta{Title: "Decret d'Alcaldia de denegació", TypeCode: "TD01", Reference: r.Expedient}
}

func (r *DecretDenegacio) render(d *doc) error {
	d.title("DECRET D'ALCALDIA", "Denegació de la inscripció en el Padró Municipal d'Habitants")
	d.field("Expedient", r.Expedient)
	d.field("Persona interessada", fmt.Sprintf("%s (%s)", r.Applicant.Name, r.Applicant.IDDocument))

	d.heading("ANTECEDENTS")
	who := r.Applicant.Name
	switch n := len(r.Household); {
	case n == 1:
		who += ", en nom propi i de l'altra persona de la seva unitat de convivència que es relaciona a la part resolutiva"
	case n > 1:
		who += fmt.Sprintf(", en nom propi i de les altres %d persones de la seva unitat de convivència que es relacionen a la part resolutiva", n)
	}
	d.items([]string{
		fmt.Sprintf("En data %s, amb número de registre d'entrada %s, %s va sol·licitar la inscripció en el Padró Municipal d'Habitants al domicili %s, sense aportar cap dels documents que acrediten el domicili en el padró ordinari.", r.RegistryDate.Long(), r.RegistryEntry, who, r.Address),
		"D'acord amb el protocol d'empadronament extraordinari, la sol·licitud es va tramitar davant la Comissió de Padró Extraordinari (COPE), que va assignar la comprovació de la residència efectiva a la secció municipal corresponent.",
		fmt.Sprintf("La COPE, en la sessió núm. %s de data %s, va valorar desfavorablement la sol·licitud pel motiu següent: %s", r.SessionNumber, r.SessionDate.Long(), r.Grounds),
	}, true)

	d.heading("FONAMENTS DE DRET")
	d.items(legalGrounds, true)
	d.para("Les dades del padró han de reflectir el domicili on realment viu cada veí o veïna; quan no es pot comprovar la residència habitual en el domicili sol·licitat, no escau la inscripció.")

	d.heading("Per tot això, RESOLC:")
	first := fmt.Sprintf("Primer. Denegar la inscripció en el Padró Municipal d'Habitants de %s (%s)", r.Applicant.Name, r.Applicant.IDDocument)
	for _, p := range r.Household {
		first += fmt.Sprintf(", de %s (%s)", p.Name, p.IDDocument)
	}
	d.para(first + " al domicili " + r.Address + ", pels motius exposats.")
	d.para("Segon. Notificar aquesta resolució a la persona interessada, per mitjans electrònics si així ho va indicar en la sol·licitud o, si no, per correu postal al domicili indicat, i, si la notificació no es pot practicar, publicar-ne l'anunci en el Butlletí Oficial de l'Estat (art. 44 de la Llei 39/2015).")

	d.heading("RECURSOS")
	d.para("Contra aquesta resolució, que posa fi a la via administrativa, podeu interposar potestativament recurs de reposició davant l'Alcaldia en el termini d'un mes, comptat des de l'endemà de la notificació (arts. 123 i 124 de la Llei 39/2015), o bé directament recurs contenciós administratiu davant el Jutjat Contenciós Administratiu de Girona en el termini de dos mesos, comptats des de l'endemà de la notificació (art. 46 de la Llei 29/1998, reguladora de la jurisdicció contenciosa administrativa). Podeu interposar qualsevol altre recurs que considereu procedent.")
	d.placeAndDate(r.Date)
	d.signatureBoxes([]Signer{{Name: r.Mayor, Role: "L'alcalde"}, {Name: r.Secretary, Role: "Dono fe, el secretari"}})
	return nil
}
