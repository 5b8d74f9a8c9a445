package workflow

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"sync"
	"time"

	"github.com/segell/segell/signer"
	"github.com/segell/segell/storage"
)

// external holds signatures prepared for signers with their own smart card.
// They live in memory on this instance until completed or stale.
type external struct {
	mu       sync.Mutex
	prepared map[string]*preparedExternal
}

type preparedExternal struct {
	prep    *signer.Prepared
	base    int
	member  string
	created time.Time
}

// externalTTL bounds how long a prepared external signature waits.
const externalTTL = 15 * time.Minute

// PrepareExternal returns the digest a signer's own software must sign (the
// CMS message-digest) for their pending step in a flow.
func (w *Workflow) PrepareExternal(ctx context.Context, signerID, flowID string) ([]byte, error) {
	f, err := w.Flow(ctx, flowID)
	if err != nil {
		return nil, err
	}
	delegators, err := w.db.DelegatorsOf(ctx, signerID, w.now())
	if err != nil {
		return nil, err
	}
	member, err := w.memberFor(ctx, f, signerID, delegators)
	if err != nil {
		return nil, err
	}
	rec, err := w.db.Signer(ctx, signerID)
	if err != nil {
		return nil, err
	}
	cert, err := signer.CertificateOf(rec.KeyBlob)
	if err != nil {
		return nil, err
	}
	sg, err := signer.New(signer.Config{Key: &signer.Key{Cert: cert}, Now: w.cfg.Now})
	if err != nil {
		return nil, err
	}
	_, v, data, err := w.cfg.Store.Get(ctx, f.Document.CSV, "signer:"+signerID)
	if err != nil {
		return nil, err
	}
	opts := signer.Options{Reason: f.Title, Appearance: &signer.Appearance{Name: rec.Name, Role: rec.Role}}
	if s, ok := f.Slots[member]; ok {
		opts.Visible = &signer.Placement{Page: s.Page, X: s.X, Y: s.Y, W: s.W, H: s.H}
	}
	prep, err := sg.Prepare(ctx, bytes.NewReader(data), opts)
	if err != nil {
		return nil, err
	}
	w.external.mu.Lock()
	defer w.external.mu.Unlock()
	w.external.prepared[flowID+"\x00"+signerID] = &preparedExternal{prep: prep, base: v.Version, member: member, created: w.now()}
	return prep.Digest, nil
}

// CompleteExternal accepts the CMS made by the signer's software: it must
// be the expected signer's signature of the prepared digest.
func (w *Workflow) CompleteExternal(ctx context.Context, signerID, flowID string, cms []byte, requestID string) error {
	key := flowID + "\x00" + signerID
	w.external.mu.Lock()
	p := w.external.prepared[key]
	w.external.mu.Unlock()
	if p == nil || w.now().Sub(p.created) > externalTTL {
		return errors.New("no prepared signature for this signer and flow (or it expired): prepare it again")
	}
	f, err := w.Flow(ctx, flowID)
	if err != nil {
		return err
	}
	if f.State != FlowOpen {
		return ErrFlowClosed // rejected or completed meanwhile: no signature joins it
	}
	var out bytes.Buffer
	if err := p.prep.Complete(&out, cms); err != nil {
		return err
	}
	a := storage.Approval{FlowID: f.ID, Step: f.Current, Signer: p.member, RequestID: requestID, At: w.now()}
	if p.member != signerID {
		a.SignedBy = signerID
	}
	claimed, err := w.db.AddApproval(ctx, a)
	if err != nil || !claimed {
		return err
	}
	rec, err := w.db.Signer(ctx, signerID)
	if err != nil {
		return err
	}
	cert, _ := signer.CertificateOf(rec.KeyBlob)
	sig := storage.Signature{Signer: rec.Name, Role: rec.Role, SignedAt: w.now(), Level: "B-B", Certificate: cert.Raw}
	if _, err := w.cfg.Store.AddVersion(ctx, f.Document.CSV, p.base, out.Bytes(), "sign", "signer:"+signerID, sig); err != nil {
		wctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 10*time.Second)
		defer cancel()
		if werr := w.db.WithdrawApproval(wctx, f.ID, a.Step, p.member); werr != nil {
			err = errors.Join(err, fmt.Errorf("withdrawing the approval of %s: %w", p.member, werr))
		}
		if isConflict(err) {
			return fmt.Errorf("the document changed since the signature was prepared; prepare it again: %w", err)
		}
		return err
	}
	w.external.mu.Lock()
	delete(w.external.prepared, key)
	w.external.mu.Unlock()
	return w.advance(ctx, f.ID)
}
