package workflow

import (
	"context"
	"fmt"
	"time"
)

// Due is something the protocol asks to be done by a date.
type Due struct {
	What    string    // what is due, for people (Catalan)
	Subject string    // an expedient number, or "COPE"
	By      time.Time // when it is (or was) due
	Overdue bool
}

// DueAt lists what is due or overdue at a moment: contacting favourable
// applicants within three months of their registration entry, the yearly
// review of people registered at the social-services addresses, and a
// commission that must not skip more than two months.
func (w *Workflow) DueAt(ctx context.Context, at time.Time) ([]Due, error) {
	var out []Due
	add := func(what, subject string, by time.Time) {
		out = append(out, Due{What: what, Subject: subject, By: by, Overdue: !at.Before(by)})
	}
	ids, err := w.db.RecordIDs(ctx, expedientKind, Favourable, Inscribed)
	if err != nil {
		return nil, err
	}
	for _, id := range ids {
		e, err := w.Expedient(ctx, id)
		if err != nil {
			return nil, err
		}
		switch e.State {
		case Favourable:
			add("Contactar la persona sol·licitant: sense contacte en tres mesos des del registre d'entrada, diligència d'arxiu (§6.16)", e.Number, e.contactDeadline())
		case Inscribed:
			if _, social := SocialServicesAddresses[e.InscribedAt]; social {
				since := e.History[len(e.History)-1].At
				add("Revisió anual de l'empadronament als domicilis de Benestar i Família (§7.1)", e.Number, since.AddDate(1, 0, 0))
			}
		}
	}
	last, err := w.lastSessionBefore(ctx, at.Add(time.Nanosecond))
	if err != nil {
		return nil, err
	}
	if last != nil {
		next := time.Date(last.Year(), last.Month()+3, 1, 0, 0, 0, 0, last.Location()).AddDate(0, 1, -1)
		add(fmt.Sprintf("Propera sessió de la COPE abans del %s: no es poden saltar més de dos mesos seguits (§5)", next.Format("02/01/2006")), "COPE", next)
	}
	return out, nil
}
