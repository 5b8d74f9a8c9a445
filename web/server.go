// Package web is the HTTP service: the pages people see, the API other
// systems call, and the health and metrics endpoints operators watch.
package web

import (
	"context"
	"embed"
	"errors"
	"fmt"
	"html/template"
	"io/fs"
	"log/slog"
	"net/http"
	"time"

	"github.com/prometheus/client_golang/prometheus"
)

//go:embed templates static
var embedded embed.FS

// Check is one readiness check: the service is ready only when every check
// returns nil within Config.ReadyTimeout.
type Check struct {
	Name  string // shown in the 503 problem and the logs: "database", "objects"
	Check func(ctx context.Context) error
}

// Config configures a Server.
type Config struct {
	// Logger receives the access log and every error; nil discards them.
	Logger *slog.Logger
	// Checks are what /readyz asks: the database, the object store.
	Checks []Check
	// ReadyTimeout bounds each readiness check; zero means 2 s.
	ReadyTimeout time.Duration
	// TLS says the service is reached over HTTPS, so responses carry HSTS.
	TLS bool
	// MetricsElsewhere leaves /metrics off Handler: it is served on its own
	// address through MetricsHandler (segell serve --metrics-listen).
	MetricsElsewhere bool
	// MaxBodyBytes bounds every request body; zero means 1 MiB. Routes that
	// take documents raise it for themselves.
	MaxBodyBytes int64
	// Templates replaces the embedded page templates (a folder holding
	// templates/*.tmpl); nil uses the embedded ones.
	Templates fs.FS
}

// Server is the HTTP service. Its handlers are safe for concurrent use.
type Server struct {
	log          *slog.Logger
	checks       []Check
	readyTimeout time.Duration
	tls          bool
	maxBody      int64
	pages        map[string]*template.Template
	mux          *http.ServeMux
	handler      http.Handler
	registry     *prometheus.Registry
	metrics      *metrics
}

// NewServer parses the templates and installs the routes. A template that
// does not parse is an error here, not on the first request.
func NewServer(cfg Config) (*Server, error) {
	s := &Server{
		log:          cfg.Logger,
		checks:       cfg.Checks,
		readyTimeout: cfg.ReadyTimeout,
		tls:          cfg.TLS,
		maxBody:      cfg.MaxBodyBytes,
		mux:          http.NewServeMux(),
		registry:     prometheus.NewRegistry(),
	}
	if s.log == nil {
		s.log = slog.New(slog.DiscardHandler)
	}
	if s.maxBody <= 0 {
		s.maxBody = 1 << 20
	}
	if s.readyTimeout <= 0 {
		s.readyTimeout = 2 * time.Second
	}
	tfs := cfg.Templates
	if tfs == nil {
		tfs = embedded
	}
	var err error
	if s.pages, err = parsePages(tfs); err != nil {
		return nil, err
	}
	if s.metrics, err = newMetrics(s.registry); err != nil {
		return nil, err
	}
	static, err := fs.Sub(embedded, "static")
	if err != nil {
		return nil, err
	}
	s.install(static, !cfg.MetricsElsewhere)
	// Browsers say where a request comes from (Sec-Fetch-Site, Origin): a
	// form posted from another site is refused before any handler runs.
	cop := http.NewCrossOriginProtection()
	cop.SetDenyHandler(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		s.writeError(w, r, errCrossOrigin, false)
	}))
	s.handler = s.middleware(cop.Handler(s.mux))
	return s, nil
}

// install registers every route. The catch-alls make unknown paths answer
// with our own 404 page or problem, with the security headers.
func (s *Server) install(static fs.FS, withMetrics bool) {
	s.handle("GET /{$}", s.home)
	s.handle("GET /healthz", healthz)
	s.handleAPI("GET /readyz", s.readyz)
	s.route("GET /static/", cacheForAnHour(http.StripPrefix("/static/", http.FileServerFS(static))))
	if withMetrics {
		s.route("GET /metrics", s.MetricsHandler())
	}
	s.handle("/", notFound)
	s.handleAPI("/api/", notFound)
}

// Handler returns the service with its middleware: request ids, access
// logs, metrics, security headers, body limits, cross-origin protection
// and panic recovery.
func (s *Server) Handler() http.Handler { return s.handler }

// MetricsHandler serves the Prometheus metrics of this server.
func (s *Server) MetricsHandler() http.Handler { return s.metrics.handler(s.registry) }

// parsePages parses every page with the shared layout.
func parsePages(fsys fs.FS) (map[string]*template.Template, error) {
	pages := map[string]*template.Template{}
	for _, name := range []string{"home", "error"} {
		t, err := template.New("layout.tmpl").ParseFS(fsys, "templates/layout.tmpl", "templates/"+name+".tmpl")
		if err != nil {
			return nil, fmt.Errorf("web: template %s: %w", name, err)
		}
		pages[name] = t
	}
	return pages, nil
}

func (s *Server) home(w http.ResponseWriter, r *http.Request) error {
	return s.render(w, r, http.StatusOK, "home", map[string]any{"Title": "segell"})
}

func healthz(w http.ResponseWriter, r *http.Request) error {
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	_, err := w.Write([]byte("ok\n"))
	return err
}

func notFound(w http.ResponseWriter, r *http.Request) error { return ErrNotFound }

// cacheForAnHour lets browsers keep the static assets: they are embedded,
// so they change only with a new build.
func cacheForAnHour(h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Cache-Control", "public, max-age=3600")
		h.ServeHTTP(w, r)
	})
}

var errCrossOrigin = &Error{Status: http.StatusForbidden, Type: "cross-origin", Title: "Petició d'un altre lloc",
	Detail: "Aquesta petició ve d'un altre lloc web i no s'accepta."}

// ErrNotFound is what a handler returns for something that does not exist: 404.
var ErrNotFound = errors.New("not found")
