// Package workflow is the padró extraordinari protocol as code: expedients
// and their states, the commission's sessions and agreements, visits,
// decisions, deadlines, and the signature flows that turn each step's
// document into a signed, sealed and stored record.
package workflow

import (
	"errors"
	"fmt"
	"time"

	"github.com/segell/segell/signer"
	"github.com/segell/segell/stamp"
	"github.com/segell/segell/storage"
	"github.com/segell/segell/templates"
)

// RuleError is an action the protocol does not allow; Rule names the rule.
type RuleError struct {
	Rule string // e.g. "§6.10 at most three sessions per expedient"
	What string
}

func (e *RuleError) Error() string { return fmt.Sprintf("%s: %s", e.What, e.Rule) }

func ruleErr(rule, format string, a ...any) error {
	return &RuleError{Rule: rule, What: fmt.Sprintf(format, a...)}
}

// Errors callers branch on.
var (
	ErrNotSigner    = errors.New("this signer has no pending signature in this flow")
	ErrFlowClosed   = errors.New("the signature flow is no longer open")
	ErrWrongPIN     = signer.ErrWrongPIN
	ErrLocked       = storage.ErrLocked
	errTooManyRaces = errors.New("too many concurrent changes; try again")
)

// Roles the workflow needs filled with signer ids.
type Roles struct {
	Mayor, Secretary string            // sign decrees, in that order
	Officer          string            // the OIAC officer: diligències
	SectionHeads     map[string]string // section (templates.Sections) → signer id: visit reports
}

// Config configures a Workflow.
type Config struct {
	Store    *storage.Store
	Renderer *templates.Renderer
	Stamper  *stamp.Stamper
	// Seal is the organ seal: volants, letters, notes and edicts are sealed
	// automatically; decrees are sealed after their signatures.
	Seal          *signer.Signer
	TSA           *signer.TSAClient // optional: seals become PAdES B-T
	Council       templates.Council
	ValidationURL string
	Roles         Roles
	Now           func() time.Time
}

// Workflow drives expedients, sessions and signature flows.
type Workflow struct {
	cfg      Config
	madrid   *time.Location // the zone of every date a document shows
	db       *storage.DB
	external external
}

// New returns a Workflow.
func New(cfg Config) (*Workflow, error) {
	if cfg.Store == nil || cfg.Renderer == nil || cfg.Stamper == nil || cfg.Seal == nil {
		return nil, errors.New("workflow: store, renderer, stamper and seal are required")
	}
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	if cfg.Council.Name == "" {
		cfg.Council = templates.Lloret
	}
	madrid, err := time.LoadLocation("Europe/Madrid")
	if err != nil {
		return nil, fmt.Errorf("workflow: time zone Europe/Madrid: %w", err)
	}
	return &Workflow{cfg: cfg, madrid: madrid, db: cfg.Store.DB(), external: external{prepared: map[string]*preparedExternal{}}}, nil
}

func (w *Workflow) now() time.Time { return w.cfg.Now() }
