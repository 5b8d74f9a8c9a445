package templates

// ConsentimentInformat is the applicant's informed consent to the home
// visit and to the processing of their data (annex 7).
type ConsentimentInformat struct {
	Expedient string `json:"expedient"`
	Person    Person `json:"person"`
	Address   string `json:"address"`
	Section   string `json:"section"` // the section that visits
	Date      Date   `json:"date"`
	Agent     Signer `json:"agent"`
}

// Validate names the first missing field.
func (k *ConsentimentInformat) Validate() error {
	var c check
	c.text("expedient", k.Expedient)
	c.person("person", k.Person)
	c.text("address", k.Address)
	c.oneOf("section", k.Section, Sections...)
	c.date("date", k.Date)
	c.text("agent.name", k.Agent.Name)
	c.text("agent.role", k.Agent.Role)
	return c.err
}

func (k *ConsentimentInformat) meta() Meta {
	return Meta{Title: "Consentiment informat", TypeCode: "TD05", Reference: k.Expedient}
}

func (k *ConsentimentInformat) render(d *doc) error {
	d.title("CONSENTIMENT INFORMAT", "Visita de comprovació de residència")
	d.field("Expedient", k.Expedient)
	d.pdf.Ln(2)
	d.paraf("Jo, %s, amb document d'identitat %s, en relació amb la meva sol·licitud d'inscripció en el Padró Municipal d'Habitants al domicili %s,", k.Person.Name, k.Person.IDDocument, k.Address)
	d.heading("DECLARO:")
	d.items([]string{
		"Que he estat informat/ada que la comprovació de la residència efectiva és un requisit per resoldre la sol·licitud i que es fa mitjançant una visita al domicili.",
		"Que autoritzo el personal de " + k.Section + " de l'" + d.council.Name + " a accedir al domicili per identificar les persones que hi viuen i comprovar-hi la residència habitual mitjançant l'observació d'efectes personals i altres indicis.",
		"Que he estat informat/ada que no permetre la inspecció ocular de l'habitatge és motiu suficient per denegar la sol·licitud (protocol, apartat 6.13).",
		"Que he estat informat/ada que les meves dades personals seran tractades per l'Ajuntament, com a responsable, per gestionar el Padró Municipal d'Habitants, en compliment d'una obligació legal (art. 6.1.c del Reglament (UE) 2016/679 i arts. 15 a 17 de la Llei 7/1985), que no se cediran a tercers fora dels casos previstos per la llei, i que puc exercir els drets d'accés, rectificació, supressió, limitació i oposició davant l'Ajuntament.",
	}, true)
	d.placeAndDate(k.Date)
	d.signatureBoxes([]Signer{{Name: k.Person.Name, Role: "La persona interessada"}, k.Agent})
	return nil
}
