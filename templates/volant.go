package templates

import "fmt"

// Resident is a person inscribed in the padró.
type Resident struct {
	Name       string `json:"name"`
	IDDocument string `json:"idDocument"`
	BirthDate  Date   `json:"birthDate"`
	Since      Date   `json:"since"` // date of inscription at the address
}

func (c *check) resident(field string, r Resident) {
	c.text(field+".name", r.Name)
	c.text(field+".idDocument", r.IDDocument)
	c.date(field+".birthDate", r.BirthDate)
	c.date(field+".since", r.Since)
}

// VolantEmpadronament certifies, for information, that one person is
// inscribed in the padró at an address. It is sealed automatically with the
// organ seal (Llei 40/2015, art. 42).
type VolantEmpadronament struct {
	Person  Resident `json:"person"`
	Address string   `json:"address"`
	Issued  Date     `json:"issued"`
	Purpose string   `json:"purpose,omitempty"` // optional: "per a la sol·licitud de la targeta sanitària"
}

// Validate names the first missing field.
func (v *VolantEmpadronament) Validate() error {
	var c check
	c.resident("person", v.Person)
	c.text("address", v.Address)
	c.date("issued", v.Issued)
	c.residentDates("person", v.Person, v.Issued)
	return c.err
}

func (v *VolantEmpadronament) meta() Meta {
	return Meta{Title: "Volant d'empadronament", TypeCode: "TD11"}
}

func (v *VolantEmpadronament) render(d *doc) error {
	d.title("VOLANT D'EMPADRONAMENT")
	d.paraf("L'%s fa constar que, segons les dades que figuren en el Padró Municipal d'Habitants d'aquest municipi, la persona que s'indica hi consta inscrita en el domicili següent:", d.council.Name)
	d.table([]string{"Nom i cognoms", "Document d'identitat", "Data de naixement", "Data d'alta al domicili"},
		[]float64{58, 38, 34, 35}, [][]string{{v.Person.Name, v.Person.IDDocument, v.Person.BirthDate.Short(), v.Person.Since.Short()}})
	d.field("Domicili", v.Address)
	d.pdf.Ln(3)
	volantClosing(d, v.Purpose)
	d.placeAndDate(v.Issued)
	d.signatureBoxes([]Signer{{Name: d.council.Name, Role: "Segell d'òrgan"}})
	return nil
}

// VolantConvivencia lists everyone inscribed at one address.
type VolantConvivencia struct {
	Address   string     `json:"address"`
	Residents []Resident `json:"residents"`
	Issued    Date       `json:"issued"`
	Purpose   string     `json:"purpose,omitempty"`
}

// Validate names the first missing field.
func (v *VolantConvivencia) Validate() error {
	var c check
	c.text("address", v.Address)
	c.some("residents", len(v.Residents))
	for i, r := range v.Residents {
		c.resident(fmt.Sprintf("residents[%d]", i), r)
	}
	c.date("issued", v.Issued)
	for i, r := range v.Residents {
		c.residentDates(fmt.Sprintf("residents[%d]", i), r, v.Issued)
	}
	return c.err
}

func (v *VolantConvivencia) meta() Meta {
	return Meta{Title: "Volant de convivència", TypeCode: "TD11"}
}

func (v *VolantConvivencia) render(d *doc) error {
	d.title("VOLANT DE CONVIVÈNCIA")
	d.paraf("L'%s fa constar que, segons les dades que figuren en el Padró Municipal d'Habitants d'aquest municipi, en el domicili que s'indica hi consten inscrites les %d persones següents:", d.council.Name, len(v.Residents))
	d.field("Domicili", v.Address)
	d.pdf.Ln(2)
	rows := make([][]string, len(v.Residents))
	for i, r := range v.Residents {
		rows[i] = []string{fmt.Sprint(i + 1), r.Name, r.IDDocument, r.BirthDate.Short(), r.Since.Short()}
	}
	d.table([]string{"Núm.", "Nom i cognoms", "Document d'identitat", "Data de naixement", "Data d'alta"}, []float64{12, 55, 36, 31, 31}, rows)
	volantClosing(d, v.Purpose)
	d.placeAndDate(v.Issued)
	d.signatureBoxes([]Signer{{Name: d.council.Name, Role: "Segell d'òrgan"}})
	return nil
}

func volantClosing(d *doc, purpose string) {
	reason := "a petició de la persona interessada"
	if purpose != "" {
		reason += ", " + purpose
	}
	d.paraf("I, perquè consti, %s, s'expedeix aquest volant, que té caràcter informatiu i reflecteix les dades del Padró en la data d'expedició. Per acreditar la residència davant de tercers amb plens efectes cal un certificat d'empadronament (art. 61 del Reglament de població i demarcació territorial de les entitats locals, aprovat pel Reial decret 1690/1986).", reason)
	d.para("Document segellat electrònicament amb el segell de l'òrgan, en actuació administrativa automatitzada (arts. 41 i 42 de la Llei 40/2015, d'1 d'octubre, de règim jurídic del sector públic).")
}
