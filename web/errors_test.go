package web

import (
	"errors"
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/segell/segell/internal/pdfio"
	"github.com/segell/segell/stamp"
	"github.com/segell/segell/storage"
	"github.com/segell/segell/workflow"
)

// TestDomainErrors: the errors of the layers below reach people as a
// status and a Catalan sentence, never as their internal text.
func TestDomainErrors(t *testing.T) {
	for _, c := range []struct {
		err    error
		status int
		detail string
	}{
		{fmt.Errorf("visit: %w", &workflow.RuleError{Rule: "§6.12 two visits on different days and time bands", What: "expedient X"}), http.StatusUnprocessableEntity, "dues visites en dies i franges horàries diferents"},
		{fmt.Errorf("csv 7KQ2…: %w", storage.ErrNotFound), http.StatusNotFound, "no hi ha cap document"},
		{fmt.Errorf("flow: %w", storage.ErrConflict), http.StatusConflict, ""},
		{fmt.Errorf("approve: %w", workflow.ErrFlowClosed), http.StatusConflict, ""},
		{storage.ErrLocked, http.StatusLocked, ""},
		{fmt.Errorf("parse: %w", stamp.ErrCSVCheck), http.StatusBadRequest, "el CSV no és correcte"},
		{fmt.Errorf("upload: %w", pdfio.ErrLimit), http.StatusUnprocessableEntity, "límit de seguretat"},
		{fmt.Errorf("s3: %w", storage.ErrUnavailable), http.StatusServiceUnavailable, "no respon"},
	} {
		e := domainError(c.err)
		if e == nil || e.Status != c.status || !strings.Contains(strings.ToLower(e.Detail), strings.ToLower(c.detail)) {
			t.Errorf("%v: got %+v, want status %d and a detail with %q", c.err, e, c.status, c.detail)
			continue
		}
		if strings.Contains(e.Detail, "7KQ2") || strings.Contains(e.Detail, "expedient X") {
			t.Errorf("%v: the detail shows internals: %q", c.err, e.Detail)
		}
	}
	if e := domainError(errors.New("disk on fire")); e != nil {
		t.Errorf("an unknown error mapped to %+v, want nil (a 500)", e)
	}
}
