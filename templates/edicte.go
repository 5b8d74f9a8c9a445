package templates

import (
	"fmt"
	"strings"
	"unicode"
)

// Notified is a person whose notification failed.
type Notified struct {
	Name       string `json:"name"`
	IDDocument string `json:"idDocument"`
	Expedient  string `json:"expedient"`
	Act        string `json:"act"` // "Decreto de Alcaldía de denegación de la inscripción padronal"
	ActDate    Date   `json:"actDate"`
}

// EdicteBOE is the announcement of notification published in the Boletín
// Oficial del Estado when a decree could not be notified (annex 5; Llei
// 39/2015, art. 44). It is in Spanish. Identity documents are masked as the
// seventh additional provision of Ley Orgánica 3/2018 requires.
type EdicteBOE struct {
	People []Notified `json:"people"`
	Office string     `json:"office"` // where the full text can be consulted
	Date   Date       `json:"date"`
}

// Validate names the first missing field.
func (e *EdicteBOE) Validate() error {
	var c check
	c.some("people", len(e.People))
	for i, p := range e.People {
		f := fmt.Sprintf("people[%d]", i)
		c.text(f+".name", p.Name)
		c.text(f+".idDocument", p.IDDocument)
		c.idDocument(f+".idDocument", p.IDDocument)
		c.text(f+".expedient", p.Expedient)
		c.text(f+".act", p.Act)
		c.date(f+".actDate", p.ActDate)
		c.notAfter(f+".actDate", p.ActDate, "date", e.Date)
	}
	c.text("office", e.Office)
	c.date("date", e.Date)
	return c.err
}

func (e *EdicteBOE) meta() Meta {
	return Meta{Title: "Anuncio de notificación (BOE)", TypeCode: "TD08"}
}

func (e *EdicteBOE) render(d *doc) error {
	d.title("ANUNCIO DE NOTIFICACIÓN", strings.ToUpper(spanishCouncil(d.council.Name)))
	d.paraf("De conformidad con lo dispuesto en el artículo 44 de la Ley 39/2015, de 1 de octubre, del Procedimiento Administrativo Común de las Administraciones Públicas, y habiéndose intentado sin efecto la notificación en el último domicilio conocido, se hace pública la notificación de los actos administrativos que se relacionan a las personas interesadas siguientes:")
	rows := make([][]string, len(e.People))
	for i, p := range e.People {
		rows[i] = []string{p.Name, MaskID(p.IDDocument), p.Expedient, p.Act, p.ActDate.Short()}
	}
	d.table([]string{"Interesado/a", "Documento", "Expediente", "Acto", "Fecha"}, []float64{38, 22, 31, 52, 22}, rows)
	d.paraf("Las personas interesadas o sus representantes pueden comparecer para conocer el contenido íntegro de los actos, en el plazo de diez días hábiles contados desde el día siguiente al de la publicación de este anuncio, en %s, de lunes a viernes, de 9 a 14 horas. Transcurrido dicho plazo sin comparecer, la notificación se entenderá producida a todos los efectos desde el día siguiente al del vencimiento del plazo.", e.Office)
	d.para("Contra los actos notificados, que ponen fin a la vía administrativa, puede interponerse recurso potestativo de reposición ante la Alcaldía en el plazo de un mes, o directamente recurso contencioso-administrativo ante el Juzgado de lo Contencioso-Administrativo de Girona en el plazo de dos meses, contados ambos desde el día siguiente al de la notificación.")
	d.pdf.Ln(2)
	d.para(fmt.Sprintf("%s, %s", d.council.Town, e.Date.LongES()))
	return nil
}

func spanishCouncil(name string) string {
	return strings.Replace(name, "Ajuntament de", "Ayuntamiento de", 1)
}

// MaskID hides an identity document as the AEPD's guidance on the seventh
// additional provision of Ley Orgánica 3/2018 says: of a DNI (12345678Z)
// only digits 4 to 7 show (***4567**); of a NIE (X1234567L) digits 4 to 7
// after the letter (****4567*); of any other document, four middle characters.
func MaskID(id string) string {
	id = strings.ToUpper(strings.ReplaceAll(strings.ReplaceAll(id, "-", ""), " ", ""))
	r := []rune(id)
	show := func(from, to int) string {
		var b strings.Builder
		for i := range r {
			if i >= from && i < to {
				b.WriteRune(r[i])
			} else {
				b.WriteByte('*')
			}
		}
		return b.String()
	}
	switch {
	case len(r) == 9 && unicode.IsDigit(r[0]):
		return show(3, 7)
	case len(r) == 9 && strings.ContainsRune("XYZ", r[0]):
		return show(4, 8)
	case len(r) >= 6:
		mid := (len(r) - 4) / 2
		return show(mid, mid+4)
	}
	return strings.Repeat("*", len(r))
}
