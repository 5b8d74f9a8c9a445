package templates

// CartaPropietari tells the owner of a dwelling, as recorded in the property
// tax roll, that someone has asked to be inscribed in it (annex 2, protocol
// §6.5). Large holders get no letter: the workflow decides that.
type CartaPropietari struct {
	Owner        string `json:"owner"` // person or company
	OwnerAddress string `json:"ownerAddress"`
	Property     string `json:"property"` // the dwelling
	CadastralRef string `json:"cadastralRef"`
	Expedient    string `json:"expedient"`
	RegistryDate Date   `json:"registryDate"`
	Typology     string `json:"typology"` // "ocupació" or "irregular" (.OCU / .IRRE)
	Date         Date   `json:"date"`
	Officer      Signer `json:"officer"`
	ContactPhone string `json:"contactPhone"`
}

// Validate names the first missing field.
func (l *CartaPropietari) Validate() error {
	var c check
	c.text("owner", l.Owner)
	c.text("ownerAddress", l.OwnerAddress)
	c.text("property", l.Property)
	c.text("cadastralRef", l.CadastralRef)
	c.text("expedient", l.Expedient)
	c.date("registryDate", l.RegistryDate)
	c.oneOf("typology", l.Typology, "ocupació", "irregular")
	c.date("date", l.Date)
	c.notAfter("registryDate", l.RegistryDate, "date", l.Date)
	c.text("officer.name", l.Officer.Name)
	c.text("officer.role", l.Officer.Role)
	c.text("contactPhone", l.ContactPhone)
	return c.err
}

func (l *CartaPropietari) meta() Meta {
	return Meta{Title: "Comunicació a la propietat", TypeCode: "TD06", Reference: l.Expedient}
}

func (l *CartaPropietari) render(d *doc) error {
	d.font("", textSize)
	d.pdf.SetX(pageW - marginRight - 80)
	d.pdf.MultiCell(80, lineHeight, d.tr(l.Owner+"\n"+l.OwnerAddress), "", "L", false)
	d.pdf.Ln(6)
	d.field("Expedient", l.Expedient)
	d.field("Assumpte", "Sol·licitud d'empadronament en un immoble de la vostra titularitat")
	d.pdf.Ln(3)
	d.para("Benvolgut/benvolguda,")
	d.paraf("Us comuniquem que en data %s s'ha presentat en aquest Ajuntament una sol·licitud d'inscripció en el Padró Municipal d'Habitants al domicili %s (referència cadastral %s), del qual consteu com a titular segons el padró de l'Impost sobre Béns Immobles.",
		l.RegistryDate.Long(), l.Property, l.CadastralRef)
	if l.Typology == "ocupació" {
		d.para("Segons la informació de què disposem, les persones sol·licitants ocupen l'immoble sense cap títol que les habiliti. Us ho comuniquem perquè en tingueu coneixement i, si escau, adopteu les mesures que considereu convenients en defensa dels vostres drets.")
	} else {
		d.para("Les persones sol·licitants no han aportat cap títol ni contracte que acrediti el seu dret a residir a l'immoble. Us ho comuniquem perquè en tingueu coneixement i, si escau, hi feu les observacions que considereu oportunes.")
	}
	d.para("La inscripció en el padró té com a única finalitat deixar constància del domicili on viuen efectivament les persones: no atorga cap dret sobre l'immoble ni prejutja cap qüestió de propietat o d'arrendament, que l'Ajuntament no té competència per jutjar (Resolució de 17 de febrer de 2020 de l'INE i la Direcció General de Cooperació Autonòmica i Local).")
	d.paraf("Per a qualsevol aclariment, podeu adreçar-vos a l'Oficina d'Informació i Atenció Ciutadana (OIAC) al telèfon %s, indicant el número d'expedient.", l.ContactPhone)
	d.para("Atentament,")
	d.placeAndDate(l.Date)
	d.signatureBoxes([]Signer{l.Officer})
	return nil
}
