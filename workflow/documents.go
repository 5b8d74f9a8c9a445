package workflow

import (
	"bytes"
	"context"
	"fmt"

	"github.com/segell/segell/signer"
	"github.com/segell/segell/stamp"
	"github.com/segell/segell/storage"
	"github.com/segell/segell/templates"
)

// DocRef is a document an expedient or session emitted.
type DocRef struct {
	Kind string `json:"kind"` // the template kind: "acta", "decret-denegacio" …
	CSV  string `json:"csv"`
	ENI  string `json:"eni"`
	Flow string `json:"flow,omitempty"` // its signature flow, if it has one
}

// emit renders a document, stamps it with a fresh CSV, seals it when
// sealNow, and stores it. It returns the reference and the signature slots.
func (w *Workflow) emit(ctx context.Context, kind string, doc templates.Document, origin stamp.Origin, sealNow bool, actor string) (DocRef, []templates.SignatureSlot, error) {
	r, err := w.cfg.Renderer.Render(doc)
	if err != nil {
		return DocRef{}, nil, fmt.Errorf("%s: %w", kind, err)
	}
	now := w.now()
	csv, err := stamp.NewCSV(nil)
	if err != nil {
		return DocRef{}, nil, err
	}
	eni, err := stamp.NewENI(w.cfg.Council.DIR3, now.Year(), nil)
	if err != nil {
		return DocRef{}, nil, err
	}
	h := stamp.Header{DocumentType: r.Meta.Title, Organ: w.cfg.Council.Name, Reference: r.Meta.Reference, CSV: csv, ENI: eni,
		Origin: origin, Date: now, ValidationURL: w.cfg.ValidationURL}
	var stamped bytes.Buffer
	if _, err := w.cfg.Stamper.Stamp(ctx, bytes.NewReader(r.PDF), &stamped, h, stamp.Options{KeepLayout: true}); err != nil {
		return DocRef{}, nil, err
	}
	pdf, state := stamped.Bytes(), "signing"
	var sigs []storage.Signature
	if sealNow {
		sealed, sig, err := w.seal(ctx, pdf, r.Slots)
		if err != nil {
			return DocRef{}, nil, err
		}
		pdf, state, sigs = sealed, "sealed", []storage.Signature{sig}
	}
	disclosure := "csv"
	if r.Meta.TypeCode == "TD01" {
		disclosure = "csv+id"
	}
	d := storage.Document{CSV: string(csv), ENI: eni.String(), Organ: w.cfg.Council.DIR3, OrganName: w.cfg.Council.Name,
		TypeCode: r.Meta.TypeCode, Origin: string(origin), Reference: r.Meta.Reference, Title: r.Meta.Title, Created: now,
		State: state, Disclosure: disclosure}
	if _, _, err := w.cfg.Store.Put(ctx, d, pdf, "render", actor, sigs...); err != nil {
		return DocRef{}, nil, err
	}
	return DocRef{Kind: kind, CSV: string(csv), ENI: eni.String()}, r.Slots, nil
}

// seal adds the organ seal (B-T with a TSA) in the document's seal slot,
// or invisibly when it has none.
func (w *Workflow) seal(ctx context.Context, pdf []byte, slots []templates.SignatureSlot) ([]byte, storage.Signature, error) {
	opts := signer.Options{Reason: "Segell d'òrgan (actuació administrativa automatitzada)", TSA: w.cfg.TSA}
	for _, s := range slots {
		if s.Role == "Segell d'òrgan" {
			opts.Visible = &signer.Placement{Page: s.Page, X: s.X, Y: s.Y, W: s.W, H: s.H}
		}
	}
	var out bytes.Buffer
	res, err := w.cfg.Seal.Sign(ctx, bytes.NewReader(pdf), &out, opts)
	if err != nil {
		return nil, storage.Signature{}, fmt.Errorf("seal: %w", err)
	}
	cert := w.cfg.Seal.Certificate()
	return out.Bytes(), storage.Signature{Signer: cert.Subject.CommonName, Role: "Segell d'òrgan", SignedAt: res.SigningTime, Level: level(res), Certificate: cert.Raw}, nil
}

func level(r *signer.Result) string {
	if r.Timestamped {
		return "B-T"
	}
	return "B-B"
}
