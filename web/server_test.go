package web

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"testing/fstest"
)

func newTestServer(t *testing.T, cfg Config) (*Server, *bytes.Buffer) {
	t.Helper()
	var logs bytes.Buffer
	cfg.Logger = slog.New(slog.NewJSONHandler(&logs, nil))
	s, err := NewServer(cfg)
	if err != nil {
		t.Fatal(err)
	}
	return s, &logs
}

func get(t *testing.T, h http.Handler, path string) (*http.Response, string) {
	t.Helper()
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest("GET", path, nil))
	res := rec.Result()
	body, _ := io.ReadAll(res.Body)
	return res, string(body)
}

func ok(context.Context) error { return nil }

func TestRoutes(t *testing.T) {
	s, _ := newTestServer(t, Config{Checks: []Check{{"database", ok}}})
	for _, tc := range []struct {
		path, contentType, body string
		status                  int
	}{
		{"/healthz", "text/plain", "ok", 200},
		{"/readyz", "text/plain", "ok", 200},
		{"/", "text/html", `href="/validacio"`, 200},
		{"/static/segell.css", "text/css", "body", 200},
		{"/no/such/page", "text/html", "No s&#39;ha trobat", 404},
		{"/api/v1/nothing", "application/problem+json", `"status":404`, 404},
	} {
		res, body := get(t, s.Handler(), tc.path)
		if res.StatusCode != tc.status || !strings.HasPrefix(res.Header.Get("Content-Type"), tc.contentType) || !strings.Contains(body, tc.body) {
			t.Errorf("GET %s: %d %s\n%s", tc.path, res.StatusCode, res.Header.Get("Content-Type"), body)
		}
		checkSecurityHeaders(t, tc.path, res, false)
	}
}

func checkSecurityHeaders(t *testing.T, path string, res *http.Response, tls bool) {
	t.Helper()
	want := map[string]string{
		"Content-Security-Policy": "default-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'",
		"X-Content-Type-Options":  "nosniff",
		"Referrer-Policy":         "same-origin",
	}
	for k, v := range want {
		if got := res.Header.Get(k); got != v {
			t.Errorf("GET %s: %s = %q, want %q", path, k, got, v)
		}
	}
	if res.Header.Get("X-Request-Id") == "" {
		t.Errorf("GET %s: no X-Request-Id", path)
	}
	if hsts := res.Header.Get("Strict-Transport-Security"); (hsts != "") != tls {
		t.Errorf("GET %s: Strict-Transport-Security %q with TLS %v", path, hsts, tls)
	}
}

func TestHSTSUnderTLS(t *testing.T) {
	s, _ := newTestServer(t, Config{TLS: true})
	res, _ := get(t, s.Handler(), "/healthz")
	checkSecurityHeaders(t, "/healthz", res, true)
}

func TestReadyzFailingCheck(t *testing.T) {
	hang := func(ctx context.Context) error { select {} }
	for name, check := range map[string]func(context.Context) error{
		"error": func(context.Context) error { return errors.New("dial tcp: connection refused") },
		"hang":  hang,
	} {
		s, logs := newTestServer(t, Config{ReadyTimeout: 50_000_000, Checks: []Check{{"database", ok}, {"objects", check}}})
		res, body := get(t, s.Handler(), "/readyz")
		if res.StatusCode != 503 || res.Header.Get("Content-Type") != "application/problem+json" {
			t.Fatalf("%s: %d %s", name, res.StatusCode, body)
		}
		var p map[string]any
		if err := json.Unmarshal([]byte(body), &p); err != nil {
			t.Fatal(err)
		}
		if p["type"] != "/api/problems/not-ready" || !strings.Contains(p["detail"].(string), "objects") || strings.Contains(body, "refused") {
			t.Errorf("%s: problem %s", name, body)
		}
		if !strings.Contains(logs.String(), `"check":"objects"`) {
			t.Errorf("%s: failing check not logged:\n%s", name, logs)
		}
	}
}

func TestProblemAndErrorPage(t *testing.T) {
	s, logs := newTestServer(t, Config{})
	secret := errors.New("pq: password authentication failed for user segell")
	s.handleAPI("GET /api/v1/boom", func(w http.ResponseWriter, r *http.Request) error { return secret })
	s.handle("GET /boom", func(w http.ResponseWriter, r *http.Request) error { return secret })
	s.handleAPI("GET /api/v1/missing", func(w http.ResponseWriter, r *http.Request) error { return ErrNotFound })

	res, body := get(t, s.Handler(), "/api/v1/boom")
	var p struct {
		Type, Title, Detail, Instance string
		Status                        int
		RequestID                     string `json:"request_id"`
	}
	if err := json.Unmarshal([]byte(body), &p); err != nil {
		t.Fatalf("%v: %s", err, body)
	}
	id := res.Header.Get("X-Request-Id")
	if res.StatusCode != 500 || res.Header.Get("Content-Type") != "application/problem+json" ||
		p.Type != "/api/problems/internal" || p.Status != 500 || p.Title == "" || p.Instance != "/api/v1/boom" || p.RequestID != id {
		t.Errorf("API error: %d %+v", res.StatusCode, p)
	}
	if strings.Contains(body, "password") {
		t.Errorf("internal error text served: %s", body)
	}
	if !strings.Contains(logs.String(), "password authentication failed") || !strings.Contains(logs.String(), id) {
		t.Errorf("internal error not logged with its request id:\n%s", logs)
	}

	res, body = get(t, s.Handler(), "/api/v1/missing")
	if res.StatusCode != 404 || !strings.Contains(body, `"type":"/api/problems/not-found"`) {
		t.Errorf("API 404: %d %s", res.StatusCode, body)
	}

	res, body = get(t, s.Handler(), "/boom")
	if res.StatusCode != 500 || !strings.HasPrefix(res.Header.Get("Content-Type"), "text/html") ||
		!strings.Contains(body, `lang="ca"`) || !strings.Contains(body, "Error intern") ||
		!strings.Contains(body, res.Header.Get("X-Request-Id")) || strings.Contains(body, "password") {
		t.Errorf("page error: %d %s", res.StatusCode, body)
	}
	checkSecurityHeaders(t, "/boom", res, false)
}

func TestPanicIs500WithRequestID(t *testing.T) {
	s, logs := newTestServer(t, Config{})
	s.handle("GET /panic", func(w http.ResponseWriter, r *http.Request) error { panic("index out of range") })
	res, body := get(t, s.Handler(), "/panic?csv=SECRET123")
	id := res.Header.Get("X-Request-Id")
	if res.StatusCode != 500 || id == "" || !strings.Contains(body, id) || strings.Contains(body, "index out of range") {
		t.Errorf("panic: %d %s", res.StatusCode, body)
	}
	checkSecurityHeaders(t, "/panic", res, false)
	l := logs.String()
	if !strings.Contains(l, "index out of range") || !strings.Contains(l, "goroutine") || !strings.Contains(l, `"request_id":"`+id+`"`) {
		t.Errorf("panic not logged with stack and request id:\n%s", l)
	}
	if strings.Contains(l, "SECRET123") {
		t.Errorf("query string logged:\n%s", l)
	}
}

func TestMetricsByRoutePattern(t *testing.T) {
	s, _ := newTestServer(t, Config{})
	get(t, s.Handler(), "/healthz")
	get(t, s.Handler(), "/healthz?x=1")
	get(t, s.Handler(), "/api/v1/documents/ABCD-EFGH-1234")
	_, body := get(t, s.Handler(), "/metrics")
	for _, want := range []string{
		`segell_http_requests_total{code="200",method="GET",route="GET /healthz"} 2`,
		`segell_http_requests_total{code="404",method="GET",route="/api/"} 1`,
		`segell_http_request_duration_seconds_bucket{method="GET",route="GET /healthz"`,
	} {
		if !strings.Contains(body, want) {
			t.Errorf("metrics lack %s", want)
		}
	}
	if strings.Contains(body, "ABCD") || strings.Contains(body, `route="/healthz"`) {
		t.Errorf("raw path in metrics:\n%s", body)
	}

	elsewhere, _ := newTestServer(t, Config{MetricsElsewhere: true})
	if res, _ := get(t, elsewhere.Handler(), "/metrics"); res.StatusCode != 404 {
		t.Errorf("MetricsElsewhere: /metrics is %d on the service", res.StatusCode)
	}
	if _, body := get(t, elsewhere.MetricsHandler(), "/metrics"); !strings.Contains(body, "segell_http_requests_total") {
		t.Errorf("MetricsHandler: %s", body)
	}
}

func TestBrokenTemplateFailsNewServer(t *testing.T) {
	broken := fstest.MapFS{
		"templates/layout.tmpl": {Data: []byte(`<html>{{template "content" .}}</html>`)},
		"templates/home.tmpl":   {Data: []byte(`{{define "content"}}{{.Title}{{end}}`)},
		"templates/error.tmpl":  {Data: []byte(`{{define "content"}}{{.Error.Title}}{{end}}`)},
	}
	if _, err := NewServer(Config{Templates: broken}); err == nil || !strings.Contains(err.Error(), "home") {
		t.Fatalf("NewServer with a broken template: %v", err)
	}
}

func TestCrossOriginAndBodyLimit(t *testing.T) {
	s, _ := newTestServer(t, Config{MaxBodyBytes: 10})
	s.handleAPI("POST /api/v1/echo", func(w http.ResponseWriter, r *http.Request) error {
		b, err := io.ReadAll(r.Body)
		if err != nil {
			return fmt.Errorf("read body: %w", err)
		}
		_, err = w.Write(b)
		return err
	})
	do := func(body, site string) (*http.Response, string) {
		req := httptest.NewRequest("POST", "/api/v1/echo", strings.NewReader(body))
		if site != "" {
			req.Header.Set("Sec-Fetch-Site", site)
		}
		rec := httptest.NewRecorder()
		s.Handler().ServeHTTP(rec, req)
		return rec.Result(), rec.Body.String()
	}
	if res, body := do("short", ""); res.StatusCode != 200 || body != "short" {
		t.Errorf("small body: %d %s", res.StatusCode, body)
	}
	if res, body := do("a body longer than ten bytes", ""); res.StatusCode != 413 || !strings.Contains(body, `"type":"/api/problems/too-large"`) {
		t.Errorf("large body: %d %s", res.StatusCode, body)
	}
	res, body := do("short", "cross-site")
	if res.StatusCode != 403 || !strings.Contains(body, "cross-origin") {
		t.Errorf("cross-site POST: %d %s", res.StatusCode, body)
	}
	checkSecurityHeaders(t, "cross-site POST", res, false)
}
