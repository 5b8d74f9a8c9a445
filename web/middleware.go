package web

import (
	"context"
	"crypto/rand"
	"fmt"
	"log/slog"
	"net/http"
	"runtime/debug"
	"time"
)

// requestInfo is what the middleware learns about one request: its id, its
// logger and, once the mux has matched it, the route pattern.
type requestInfo struct {
	id      string
	log     *slog.Logger
	pattern string
}

type infoKey struct{}

func infoFrom(ctx context.Context) *requestInfo {
	info, _ := ctx.Value(infoKey{}).(*requestInfo)
	return info
}

// requestID is the id of the request being served, or "".
func requestID(ctx context.Context) string {
	if info := infoFrom(ctx); info != nil {
		return info.id
	}
	return ""
}

// logger is the request's logger (it carries the request id), or a
// discarding one outside a request.
func logger(ctx context.Context) *slog.Logger {
	if info := infoFrom(ctx); info != nil {
		return info.log
	}
	return slog.New(slog.DiscardHandler)
}

// Security headers sent on every response. The pages use no inline script
// or style, so the policy allows only our own origin.
const contentSecurityPolicy = "default-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'"

// middleware wraps the mux: it gives the request an id, sets the security
// headers, recovers a panic into a 500, then logs and counts the request by
// its route pattern. Query strings are never logged: a CSV may be in one.
func (s *Server) middleware(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		info := &requestInfo{id: rand.Text()}
		info.log = s.log.With("request_id", info.id)
		h := w.Header()
		h.Set("X-Request-Id", info.id)
		h.Set("Content-Security-Policy", contentSecurityPolicy)
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("Referrer-Policy", "same-origin")
		if s.tls {
			h.Set("Strict-Transport-Security", "max-age=63072000; includeSubDomains")
		}
		rw := &statusWriter{ResponseWriter: w}
		r = r.WithContext(context.WithValue(r.Context(), infoKey{}, info))
		if r.Body != nil {
			r.Body = http.MaxBytesReader(rw, r.Body, s.maxBody)
		}
		defer func() {
			if v := recover(); v != nil {
				if v == http.ErrAbortHandler {
					panic(v)
				}
				info.log.Error("panic", "panic", fmt.Sprint(v), "stack", string(debug.Stack()))
				if !rw.wrote {
					s.writeError(rw, r, fmt.Errorf("panic: %v", v), false)
				}
			}
			route := info.pattern
			if route == "" {
				route = "unmatched"
			}
			elapsed := time.Since(start)
			s.metrics.observe(route, r.Method, rw.status(), elapsed)
			info.log.Info("request", "method", r.Method, "route", route, "status", rw.status(),
				"bytes", rw.bytes, "duration_ms", float64(elapsed.Microseconds())/1000)
		}()
		next.ServeHTTP(rw, r)
	})
}

// statusWriter remembers the status and size of a response.
type statusWriter struct {
	http.ResponseWriter
	code  int
	bytes int64
	wrote bool
}

func (w *statusWriter) WriteHeader(code int) {
	if !w.wrote {
		w.code, w.wrote = code, true
	}
	w.ResponseWriter.WriteHeader(code)
}

func (w *statusWriter) Write(b []byte) (int, error) {
	if !w.wrote {
		w.code, w.wrote = http.StatusOK, true
	}
	n, err := w.ResponseWriter.Write(b)
	w.bytes += int64(n)
	return n, err
}

func (w *statusWriter) status() int {
	if !w.wrote {
		return http.StatusOK
	}
	return w.code
}

// Unwrap lets http.ResponseController reach the underlying writer.
func (w *statusWriter) Unwrap() http.ResponseWriter { return w.ResponseWriter }
