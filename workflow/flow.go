package workflow

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"slices"
	"time"

	"github.com/segell/segell/signer"
	"github.com/segell/segell/storage"
	"github.com/segell/segell/templates"
)

// Flow states.
const (
	FlowOpen      = "obert"
	FlowCompleted = "completat"
	FlowRejected  = "rebutjat"
)

// Step is a group of signers; Need of them must sign (0: all of them).
type Step struct {
	Signers []string `json:"signers"`
	Need    int      `json:"need,omitempty"`
}

func (s Step) need() int {
	if s.Need <= 0 || s.Need > len(s.Signers) {
		return len(s.Signers)
	}
	return s.Need
}

// Subject is what a flow belongs to.
type Subject struct {
	Kind string `json:"kind"` // "expedient" or "session"
	ID   string `json:"id"`
}

// Flow is a document waiting for its signatures, one step after another.
type Flow struct {
	ID        string                             `json:"id"`
	Document  DocRef                             `json:"document"`
	Title     string                             `json:"title"`
	Subject   Subject                            `json:"subject"`
	Steps     []Step                             `json:"steps"`
	Current   int                                `json:"current"`
	State     string                             `json:"state"`
	SealAfter bool                               `json:"sealAfter"`
	Slots     map[string]templates.SignatureSlot `json:"slots"`
	Rejection *Rejection                         `json:"rejection,omitempty"`
	Created   time.Time                          `json:"created"`
}

// Rejection records why a flow stopped.
type Rejection struct {
	By     string    `json:"by"`
	Reason string    `json:"reason"`
	At     time.Time `json:"at"`
}

const flowKind = "flow"

// StartFlow sends a stored document through a signature flow that belongs
// to no expedient (an agreement, a certificate): its steps in order, each
// with its signers and how many of them must sign.
func (w *Workflow) StartFlow(ctx context.Context, doc DocRef, title string, steps []Step) (string, error) {
	if len(steps) == 0 {
		return "", errors.New("a flow needs at least one step")
	}
	for i, st := range steps {
		if len(st.Signers) == 0 {
			return "", fmt.Errorf("step %d has no signers", i+1)
		}
		for _, id := range st.Signers {
			if _, err := w.db.Signer(ctx, id); err != nil {
				return "", err
			}
		}
	}
	return w.startFlow(ctx, doc, title, Subject{}, steps, nil, false)
}

func (w *Workflow) startFlow(ctx context.Context, doc DocRef, title string, subject Subject, steps []Step, slots map[string]templates.SignatureSlot, sealAfter bool) (string, error) {
	n, err := w.db.NextNumber(ctx, "flow")
	if err != nil {
		return "", err
	}
	f := Flow{ID: fmt.Sprintf("F%06d", n), Document: doc, Title: title, Subject: subject, Steps: steps, State: FlowOpen,
		SealAfter: sealAfter, Slots: slots, Created: w.now()}
	if _, err := w.db.SaveRecord(ctx, flowKind, f.ID, 0, f.State, f, w.now()); err != nil {
		return "", err
	}
	return f.ID, nil
}

// Flow reads a signature flow.
func (w *Workflow) Flow(ctx context.Context, id string) (*Flow, error) {
	var f Flow
	if _, err := w.db.LoadRecord(ctx, flowKind, id, &f); err != nil {
		return nil, err
	}
	return &f, nil
}

// PendingItem is a document waiting for a signer.
type PendingItem struct {
	FlowID   string
	Title    string
	Document DocRef
	For      string // the member the signer signs for: themself, or a delegator
}

// Pending lists what a signer may sign now: their own pending steps and
// those of whoever delegated to them. Nobody sees another signer's queue.
func (w *Workflow) Pending(ctx context.Context, signerID string) ([]PendingItem, error) {
	ids, err := w.db.RecordIDs(ctx, flowKind, FlowOpen)
	if err != nil {
		return nil, err
	}
	delegators, err := w.db.DelegatorsOf(ctx, signerID, w.now())
	if err != nil {
		return nil, err
	}
	var out []PendingItem
	for _, id := range ids {
		f, err := w.Flow(ctx, id)
		if err != nil {
			return nil, err
		}
		member, err := w.memberFor(ctx, f, signerID, delegators)
		if err == nil {
			out = append(out, PendingItem{FlowID: f.ID, Title: f.Title, Document: f.Document, For: member})
		}
	}
	return out, nil
}

// memberFor picks the step member signerID signs for: themself, or a
// delegator who has not signed yet.
func (w *Workflow) memberFor(ctx context.Context, f *Flow, signerID string, delegators []string) (string, error) {
	if f.State != FlowOpen {
		return "", ErrFlowClosed
	}
	approvals, err := w.db.Approvals(ctx, f.ID)
	if err != nil {
		return "", err
	}
	done := map[string]bool{}
	for _, a := range approvals {
		if a.Step == f.Current {
			done[a.Signer] = true
		}
	}
	step := f.Steps[f.Current]
	for _, cand := range append([]string{signerID}, delegators...) {
		if slices.Contains(step.Signers, cand) && !done[cand] {
			return cand, nil
		}
	}
	return "", ErrNotSigner
}

// unlock decrypts a signer's key with their PIN, counting wrong PINs.
func (w *Workflow) unlock(ctx context.Context, signerID, pin string) (*storage.SignerRecord, *signer.Key, error) {
	rec, err := w.db.Signer(ctx, signerID)
	if err != nil {
		return nil, nil, err
	}
	if rec.Locked {
		return nil, nil, ErrLocked
	}
	key, err := signer.DecryptKey(rec.KeyBlob, pin)
	if errors.Is(err, signer.ErrWrongPIN) {
		locked, ferr := w.db.PINFailed(ctx, signerID)
		if ferr != nil {
			return nil, nil, ferr
		}
		if locked {
			return nil, nil, ErrLocked
		}
		return nil, nil, ErrWrongPIN
	}
	if err != nil {
		return nil, nil, err
	}
	return rec, key, w.db.PINAccepted(ctx, signerID)
}

// Approve signs the documents of the given flows with one PIN entry
// (batch approval). The key is decrypted once, used, and dropped. The same
// approval sent twice counts once; approvals of one parallel step made at
// the same time all count.
func (w *Workflow) Approve(ctx context.Context, signerID, pin, requestID string, flowIDs ...string) error {
	rec, key, err := w.unlock(ctx, signerID, pin)
	if err != nil {
		return err
	}
	sg, err := signer.New(signer.Config{Key: key, Now: w.cfg.Now})
	if err != nil {
		return err
	}
	for _, id := range flowIDs {
		if err := w.approveOne(ctx, rec, sg, id, requestID); err != nil {
			return fmt.Errorf("flow %s: %w", id, err)
		}
	}
	return nil
}

func (w *Workflow) approveOne(ctx context.Context, rec *storage.SignerRecord, sg *signer.Signer, flowID, requestID string) error {
	f, err := w.Flow(ctx, flowID)
	if err != nil {
		return err
	}
	if f.State != FlowOpen {
		if w.alreadyApproved(ctx, f, rec.ID) {
			return nil // a repeated request: it counted once
		}
		return ErrFlowClosed
	}
	delegators, err := w.db.DelegatorsOf(ctx, rec.ID, w.now())
	if err != nil {
		return err
	}
	member, err := w.memberFor(ctx, f, rec.ID, delegators)
	if err != nil {
		if w.alreadyApproved(ctx, f, rec.ID) {
			return nil
		}
		return err
	}
	a := storage.Approval{FlowID: f.ID, Step: f.Current, Signer: member, RequestID: requestID, At: w.now()}
	if member != rec.ID {
		a.SignedBy = rec.ID
	}
	// Claim the approval first: exactly one request per member signs.
	claimed, err := w.db.AddApproval(ctx, a)
	if err != nil || !claimed {
		return err
	}
	if err := w.signDocument(ctx, f, member, rec, sg); err != nil {
		// The claim must go even when the request was cancelled: a claim
		// left behind would count an approval that has no signature.
		wctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 10*time.Second)
		defer cancel()
		if werr := w.db.WithdrawApproval(wctx, f.ID, a.Step, member); werr != nil {
			return errors.Join(err, fmt.Errorf("withdrawing the approval of %s: %w", member, werr))
		}
		return err
	}
	return w.advance(ctx, f.ID)
}

func (w *Workflow) alreadyApproved(ctx context.Context, f *Flow, signerID string) bool {
	approvals, _ := w.db.Approvals(ctx, f.ID)
	for _, a := range approvals {
		if a.Signer == signerID || a.SignedBy == signerID {
			return true
		}
	}
	return false
}

// signDocument adds the signature to the latest version, redoing it on top
// of a newer version when another signer got there first.
func (w *Workflow) signDocument(ctx context.Context, f *Flow, member string, rec *storage.SignerRecord, sg *signer.Signer) error {
	app := signer.Appearance{Name: rec.Name, Role: rec.Role}
	if member != rec.ID {
		m, err := w.db.Signer(ctx, member)
		if err != nil {
			return err
		}
		app.Delegation = fmt.Sprintf("Per delegació de %s (%s)", m.Name, m.Role)
	}
	opts := signer.Options{Reason: f.Title, Appearance: &app}
	if s, ok := f.Slots[member]; ok {
		opts.Visible = &signer.Placement{Page: s.Page, X: s.X, Y: s.Y, W: s.W, H: s.H}
	}
	for attempt := 0; attempt < 20; attempt++ {
		_, v, data, err := w.cfg.Store.Get(ctx, f.Document.CSV, "signer:"+rec.ID)
		if err != nil {
			return err
		}
		var out bytes.Buffer
		res, err := sg.Sign(ctx, bytes.NewReader(data), &out, opts)
		if err != nil {
			return err
		}
		sig := storage.Signature{Signer: rec.Name, Role: rec.Role, SignedAt: res.SigningTime, Level: level(res), Certificate: sg.Certificate().Raw}
		_, err = w.cfg.Store.AddVersion(ctx, f.Document.CSV, v.Version, out.Bytes(), "sign", "signer:"+rec.ID, sig)
		if !errors.Is(err, storage.ErrConflict) {
			return err
		}
		time.Sleep(time.Duration(attempt+1) * 5 * time.Millisecond)
	}
	return errTooManyRaces
}

// advance moves the flow past every step whose rule is met; whoever
// completes the flow runs what follows it, once.
func (w *Workflow) advance(ctx context.Context, flowID string) error {
	for attempt := 0; attempt < 20; attempt++ {
		var f Flow
		ver, err := w.db.LoadRecord(ctx, flowKind, flowID, &f)
		if err != nil {
			return err
		}
		if f.State != FlowOpen {
			return nil
		}
		approvals, err := w.db.Approvals(ctx, f.ID)
		if err != nil {
			return err
		}
		moved := false
		for f.Current < len(f.Steps) {
			n := 0
			for _, a := range approvals {
				if a.Step == f.Current {
					n++
				}
			}
			if n < f.Steps[f.Current].need() {
				break
			}
			f.Current++
			moved = true
		}
		if !moved {
			return nil
		}
		if f.Current == len(f.Steps) {
			f.State = FlowCompleted
		}
		_, err = w.db.SaveRecord(ctx, flowKind, f.ID, ver, f.State, f, w.now())
		if errors.Is(err, storage.ErrConflict) {
			continue
		}
		if err != nil {
			return err
		}
		if f.State == FlowCompleted {
			return w.flowCompleted(ctx, &f)
		}
		return nil
	}
	return errTooManyRaces
}

// Reject stops a flow with a reason; the workflow is told.
func (w *Workflow) Reject(ctx context.Context, signerID, flowID, reason string) error {
	if reason == "" {
		return errors.New("a rejection needs a reason")
	}
	delegators, err := w.db.DelegatorsOf(ctx, signerID, w.now())
	if err != nil {
		return err
	}
	f, err := update(ctx, w, flowKind, flowID, func(f *Flow) error {
		if _, err := w.memberFor(ctx, f, signerID, delegators); err != nil {
			return err
		}
		f.State, f.Rejection = FlowRejected, &Rejection{By: signerID, Reason: reason, At: w.now()}
		return nil
	}, func(f *Flow) string { return f.State })
	if err != nil {
		return err
	}
	if err := w.cfg.Store.Audit(ctx, "signer:"+signerID, "reject", f.Document.ENI, reason); err != nil {
		return err
	}
	return w.flowRejected(ctx, f)
}

// Delegate lets a substitute sign for a delegator during a period; the
// appearance of those signatures says "per delegació".
func (w *Workflow) Delegate(ctx context.Context, delegator, substitute string, from, to time.Time) error {
	for _, id := range []string{delegator, substitute} {
		if _, err := w.db.Signer(ctx, id); err != nil {
			return err
		}
	}
	return w.db.AddDelegation(ctx, storage.Delegation{Delegator: delegator, Substitute: substitute, Starts: from, Ends: to})
}
