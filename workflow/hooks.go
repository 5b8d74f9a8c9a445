package workflow

import (
	"context"
	"errors"
	"fmt"

	"github.com/segell/segell/storage"
)

func isConflict(err error) bool { return errors.Is(err, storage.ErrConflict) }

// flowCompleted runs once, when the last step of a flow is signed: the
// organ seal if the document asks for it, then the workflow moves on.
func (w *Workflow) flowCompleted(ctx context.Context, f *Flow) error {
	if f.SealAfter {
		done := false
		for attempt := 0; attempt < 20 && !done; attempt++ {
			_, v, data, err := w.cfg.Store.Get(ctx, f.Document.CSV, "workflow")
			if err != nil {
				return err
			}
			sealed, sig, err := w.seal(ctx, data, nil)
			if err != nil {
				return err
			}
			_, err = w.cfg.Store.AddVersion(ctx, f.Document.CSV, v.Version, sealed, "seal", "workflow", sig)
			switch {
			case err == nil:
				done = true
			case !isConflict(err):
				return err
			}
		}
		if !done {
			// Never move the expedient on with an unsealed decree.
			return fmt.Errorf("seal %s: %w", f.Document.ENI, errTooManyRaces) // never the CSV: errors reach logs
		}
	}
	switch f.Subject.Kind {
	case sessionKind:
		_, err := w.updateSession(ctx, f.Subject.ID, func(s *Session) error { s.State = SessionSigned; return nil })
		return err
	case expedientKind:
		_, err := w.updateExpedient(ctx, f.Subject.ID, func(e *Expedient) error {
			switch f.Document.Kind {
			case "informe-visita":
				return e.move(ReportBack, "workflow", w.now(), "informe signat", ReportPending)
			case "decret-denegacio":
				return e.move(DecreeSigned, "workflow", w.now(), "decret signat", Unfavourable)
			case "diligencia-arxiu":
				return e.move(Archived, "workflow", w.now(), "diligència signada", ArchivePending)
			}
			return nil
		})
		return err
	}
	return nil
}

// flowRejected tells the workflow that a signer refused a document: the
// expedient or session goes back to where the document can be redone.
func (w *Workflow) flowRejected(ctx context.Context, f *Flow) error {
	note := "rebutjat: " + f.Rejection.Reason
	switch f.Subject.Kind {
	case sessionKind:
		_, err := w.updateSession(ctx, f.Subject.ID, func(s *Session) error { s.State = SessionRejected; return nil })
		return err
	case expedientKind:
		_, err := w.updateExpedient(ctx, f.Subject.ID, func(e *Expedient) error {
			switch f.Document.Kind {
			case "informe-visita":
				return e.move(Assigned, f.Rejection.By, w.now(), note, ReportPending)
			case "decret-denegacio":
				return e.move(ReportBack, f.Rejection.By, w.now(), note, Unfavourable)
			case "diligencia-arxiu":
				return e.move(Favourable, f.Rejection.By, w.now(), note, ArchivePending)
			}
			return nil
		})
		return err
	}
	return nil
}

// DocumentBytes returns the latest version of a workflow document.
func (w *Workflow) DocumentBytes(ctx context.Context, d DocRef, actor string) ([]byte, error) {
	_, _, data, err := w.cfg.Store.Get(ctx, d.CSV, actor)
	return data, err
}
