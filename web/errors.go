package web

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strings"

	"github.com/segell/segell/internal/messages"
	"github.com/segell/segell/internal/pdfio"
	"github.com/segell/segell/signer"
	"github.com/segell/segell/stamp"
	"github.com/segell/segell/storage"
	"github.com/segell/segell/templates"
	"github.com/segell/segell/workflow"
)

// Error is an error a handler returns to choose the status and what people
// (or API clients) are told. Title and Detail are in Catalan; Err, if any,
// is logged and never shown.
type Error struct {
	Status int    // HTTP status
	Type   string // stable problem type slug: "not-found", "not-ready" …
	Title  string // short, the same for every instance of Type
	Detail string // this instance, safe to show
	Err    error  // the cause, for the log
}

func (e *Error) Error() string {
	if e.Err != nil {
		return e.Title + ": " + e.Err.Error()
	}
	return e.Title
}

func (e *Error) Unwrap() error { return e.Err }

// problemTypeBase prefixes every problem type: a relative URI reference,
// stable across deployments, that later can serve a page explaining it.
const problemTypeBase = "/api/problems/"

// problem is an RFC 9457 problem details object.
type problem struct {
	Type      string `json:"type"`
	Title     string `json:"title"`
	Status    int    `json:"status"`
	Detail    string `json:"detail,omitempty"`
	Instance  string `json:"instance,omitempty"`
	RequestID string `json:"request_id"`
}

// publicError maps any error to what may be shown: typed errors keep their
// status and text; anything else is a 500 that names only the request id.
func publicError(err error) *Error {
	var e *Error
	var tooLarge *http.MaxBytesError
	switch {
	case errors.As(err, &e):
		return e
	case errors.As(err, &tooLarge):
		return &Error{Status: http.StatusRequestEntityTooLarge, Type: "too-large", Title: "Petició massa gran",
			Detail: fmt.Sprintf("El cos de la petició passa de %d octets.", tooLarge.Limit)}
	case errors.Is(err, ErrNotFound):
		return &Error{Status: http.StatusNotFound, Type: "not-found", Title: "No s'ha trobat",
			Detail: "La pàgina o el recurs que demaneu no existeix."}
	}
	if d := domainError(err); d != nil {
		return d
	}
	switch {
	default:
		return &Error{Status: http.StatusInternalServerError, Type: "internal", Title: "Error intern",
			Detail: "S'ha produït un error inesperat. Si torna a passar, indiqueu l'identificador de la petició."}
	}
}

// handlerFunc is a handler that returns its failure instead of writing it.
type handlerFunc func(w http.ResponseWriter, r *http.Request) error

// handle registers a page route: errors become an HTML page in Catalan.
func (s *Server) handle(pattern string, h handlerFunc) { s.route(pattern, s.adapt(h, false)) }

// handleAPI registers a machine route: errors become application/problem+json.
func (s *Server) handleAPI(pattern string, h handlerFunc) { s.route(pattern, s.adapt(h, true)) }

// route registers h and lets the middleware know the matched pattern, which
// labels logs and metrics instead of the raw path.
func (s *Server) route(pattern string, h http.Handler) {
	s.mux.Handle(pattern, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if info := infoFrom(r.Context()); info != nil {
			info.pattern = r.Pattern
		}
		h.ServeHTTP(w, r)
	}))
}

// adapt is the one place errors turn into responses.
func (s *Server) adapt(h handlerFunc, api bool) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		err := h(w, r)
		if err == nil {
			return
		}
		s.writeError(w, r, err, api)
	})
}

// writeError logs err (5xx at error level) and writes its public form.
func (s *Server) writeError(w http.ResponseWriter, r *http.Request, err error, api bool) {
	e := publicError(err)
	if e.Status >= 500 {
		logger(r.Context()).Error("request failed", "status", e.Status, "err", err)
	}
	id := requestID(r.Context())
	if api || strings.HasPrefix(r.URL.Path, "/api/") {
		body, _ := json.Marshal(problem{Type: problemTypeBase + e.Type, Title: e.Title, Status: e.Status,
			Detail: e.Detail, Instance: r.URL.Path, RequestID: id})
		w.Header().Set("Content-Type", "application/problem+json")
		w.Header().Set("Cache-Control", "no-store")
		w.WriteHeader(e.Status)
		w.Write(append(body, '\n'))
		return
	}
	s.render(w, r, e.Status, "error", map[string]any{"Title": e.Title, "Error": e, "RequestID": id})
}

// render executes a page into a buffer first, so a failing template is a
// clean 500 rather than half a page.
func (s *Server) render(w http.ResponseWriter, r *http.Request, status int, page string, data any) error {
	var buf bytes.Buffer
	if err := s.pages[page].Execute(&buf, data); err != nil {
		logger(r.Context()).Error("template", "page", page, "err", err)
		http.Error(w, "Error intern ("+requestID(r.Context())+")", http.StatusInternalServerError)
		return nil
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.WriteHeader(status)
	_, err := w.Write(buf.Bytes())
	return err
}

// domainError maps the errors of the layers below, by their types and
// sentinels (never their text), to a status and the Catalan sentence the
// command line would say (internal/messages): bad input 400/422, not found
// 404, a conflict 409, a rule of the protocol 422, a locked key 423.
func domainError(err error) *Error {
	var rule *workflow.RuleError
	var status int
	var typ, title string
	switch {
	case errors.As(err, &rule):
		status, typ, title = http.StatusUnprocessableEntity, "rule", "El protocol no ho permet"
	case errors.Is(err, storage.ErrNotFound):
		status, typ, title = http.StatusNotFound, "not-found", "No s'ha trobat"
	case errors.Is(err, storage.ErrConflict), errors.Is(err, storage.ErrExists), errors.Is(err, workflow.ErrFlowClosed):
		status, typ, title = http.StatusConflict, "conflict", "Conflicte"
	case errors.Is(err, storage.ErrLocked):
		status, typ, title = http.StatusLocked, "locked", "Clau bloquejada"
	case errors.Is(err, stamp.ErrCSVLength), errors.Is(err, stamp.ErrCSVChar), errors.Is(err, stamp.ErrCSVCheck):
		status, typ, title = http.StatusBadRequest, "bad-csv", "CSV incorrecte"
	case errors.Is(err, signer.ErrWrongPIN), errors.Is(err, workflow.ErrNotSigner),
		errors.Is(err, pdfio.ErrNotPDF), errors.Is(err, pdfio.ErrMalformed), errors.Is(err, pdfio.ErrBrokenXref),
		errors.Is(err, pdfio.ErrTruncated), errors.Is(err, pdfio.ErrLimit), errors.Is(err, pdfio.ErrEncrypted),
		errors.Is(err, templates.ErrMissing), errors.Is(err, templates.ErrUnprintable):
		status, typ, title = http.StatusUnprocessableEntity, "unprocessable", "No es pot processar"
	case errors.Is(err, storage.ErrUnavailable):
		status, typ, title = http.StatusServiceUnavailable, "unavailable", "Servei no disponible"
	default:
		return nil
	}
	detail := messages.Say("", err)
	if detail != "" {
		detail = strings.ToUpper(detail[:1]) + detail[1:] + "."
	}
	return &Error{Status: status, Type: typ, Title: title, Detail: detail, Err: err}
}
