package web

import (
	"context"
	"errors"
	"net/http"
	"strings"
)

// readyz answers 200 only when every readiness check answers in time, so
// a load balancer sends no traffic to an instance whose database or object
// store is unreachable. A check that ignores its context does not hold the
// answer past the timeout.
func (s *Server) readyz(w http.ResponseWriter, r *http.Request) error {
	ctx, cancel := context.WithTimeout(r.Context(), s.readyTimeout)
	defer cancel()
	type result struct {
		i   int
		err error
	}
	results := make(chan result, len(s.checks))
	for i, c := range s.checks {
		go func() { results <- result{i, c.Check(ctx)} }()
	}
	errs := make([]error, len(s.checks))
	for i := range errs {
		errs[i] = errors.New("no answer in time")
	}
wait:
	for range s.checks {
		select {
		case res := <-results:
			errs[res.i] = res.err
		case <-ctx.Done():
			break wait
		}
	}
	var failed []string
	for i, err := range errs {
		if err != nil {
			failed = append(failed, s.checks[i].Name)
			logger(r.Context()).Warn("not ready", "check", s.checks[i].Name, "err", err)
		}
	}
	if len(failed) > 0 {
		return &Error{Status: http.StatusServiceUnavailable, Type: "not-ready",
			Title:  "El servei no està preparat",
			Detail: "No responen: " + strings.Join(failed, ", ")}
	}
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	_, err := w.Write([]byte("ok\n"))
	return err
}
