package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"os/signal"
	"path/filepath"
	"strconv"
	"syscall"
	"time"

	"github.com/segell/segell/storage"
	"github.com/segell/segell/web"
)

// shutdownGrace is how long in-flight requests get to finish after
// SIGTERM or SIGINT before the process exits anyway.
const shutdownGrace = 10 * time.Second

// runServe runs the HTTP service until ctx is cancelled or the process gets
// SIGTERM or SIGINT, then stops accepting, lets in-flight requests finish
// and returns nil.
func runServe(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("serve", flag.ContinueOnError)
	fs.SetOutput(stderr)
	listen := fs.String("listen", env("SEGELL_LISTEN", "127.0.0.1:8080"), "address to serve on (SEGELL_LISTEN)")
	tlsCert := fs.String("tls-cert", env("SEGELL_TLS_CERT", ""), "PEM certificate chain: serve HTTPS (SEGELL_TLS_CERT)")
	tlsKey := fs.String("tls-key", env("SEGELL_TLS_KEY", ""), "PEM private key for --tls-cert (SEGELL_TLS_KEY)")
	metricsListen := fs.String("metrics-listen", env("SEGELL_METRICS_LISTEN", ""), "serve /metrics on this address instead of the service's (SEGELL_METRICS_LISTEN)")
	demo := fs.Bool("demo", envBool("SEGELL_DEMO"), "seed the demo month when the database is empty (SEGELL_DEMO)")
	certs := fs.String("certs", env("SEGELL_CERTS", "certs-example"), "folder of the example PKI, for --demo (SEGELL_CERTS)")
	sf := addStoreFlags(fs)
	pos, err := parseArgs(fs, args)
	if err != nil {
		return err
	}
	if len(pos) != 0 || (*tlsCert == "") != (*tlsKey == "") {
		return usageErr("segell serve [--listen ADDR] [--tls-cert PEM --tls-key PEM] [--demo] [--metrics-listen ADDR]")
	}
	ctx, stop := signal.NotifyContext(ctx, os.Interrupt, syscall.SIGTERM)
	defer stop()
	log := newLogger(stderr)

	if *demo {
		if err := seedDemo(ctx, sf, *certs, stdout, log); err != nil {
			return fmt.Errorf("demo data: %w", err)
		}
	}
	st, closeDB, err := sf.open(ctx)
	if err != nil {
		return err
	}
	defer closeDB()
	srv, err := web.NewServer(web.Config{
		Logger:           log,
		Checks:           readiness(st),
		TLS:              *tlsCert != "",
		MetricsElsewhere: *metricsListen != "",
	})
	if err != nil {
		return err
	}

	servers := []*http.Server{newHTTPServer(srv.Handler(), log)}
	listeners := []net.Listener{}
	ln, err := net.Listen("tcp", *listen)
	if err != nil {
		return err
	}
	listeners = append(listeners, ln)
	if *metricsListen != "" {
		mln, err := net.Listen("tcp", *metricsListen)
		if err != nil {
			ln.Close()
			return err
		}
		servers = append(servers, newHTTPServer(srv.MetricsHandler(), log))
		listeners = append(listeners, mln)
		log.Info("metrics", "addr", mln.Addr().String())
	}
	scheme := "http"
	if *tlsCert != "" {
		scheme = "https"
	}
	url := scheme + "://" + ln.Addr().String() + "/"
	log.Info("serving", "url", url)
	fmt.Fprintf(stdout, "segell: %s\n", url)

	errc := make(chan error, len(servers))
	for i, hs := range servers {
		go func() {
			var err error
			if i == 0 && *tlsCert != "" {
				err = hs.ServeTLS(listeners[i], *tlsCert, *tlsKey)
			} else {
				err = hs.Serve(listeners[i])
			}
			if errors.Is(err, http.ErrServerClosed) {
				err = nil
			}
			errc <- err
		}()
	}
	select {
	case <-ctx.Done():
	case err := <-errc:
		if err != nil {
			for _, hs := range servers {
				hs.Close()
			}
			return err
		}
	}
	log.Info("shutting down")
	sctx, cancel := context.WithTimeout(context.Background(), shutdownGrace)
	defer cancel()
	var errs []error
	for _, hs := range servers {
		errs = append(errs, hs.Shutdown(sctx))
	}
	if err := errors.Join(errs...); err != nil {
		return fmt.Errorf("shutdown: %w", err)
	}
	log.Info("stopped")
	return nil
}

// newHTTPServer bounds every phase of a connection so that a slow or idle
// client cannot hold the process's resources.
func newHTTPServer(h http.Handler, log *slog.Logger) *http.Server {
	return &http.Server{
		Handler:           h,
		ReadHeaderTimeout: 5 * time.Second,
		ReadTimeout:       30 * time.Second,
		WriteTimeout:      60 * time.Second,
		IdleTimeout:       120 * time.Second,
		MaxHeaderBytes:    64 << 10,
		ErrorLog:          slog.NewLogLogger(log.Handler(), slog.LevelWarn),
	}
}

// newLogger logs JSON, one object a line, unless a person is watching the
// terminal.
func newLogger(w io.Writer) *slog.Logger {
	if f, ok := w.(*os.File); ok {
		if fi, err := f.Stat(); err == nil && fi.Mode()&os.ModeCharDevice != 0 {
			return slog.New(slog.NewTextHandler(w, nil))
		}
	}
	return slog.New(slog.NewJSONHandler(w, nil))
}

// readiness is what /readyz asks: the database and the object store.
func readiness(st *storage.Store) []web.Check {
	return []web.Check{
		{Name: "database", Check: st.DB().Ping},
		{Name: "objects", Check: st.PingObjects},
	}
}

// seedDemo plays the demo (the same run as "segell demo") when the
// database holds no expedient yet, so that a second start reuses the data.
// Its report (every document with its CSV) goes to out, standard output,
// so that standard error stays one JSON log line after another.
func seedDemo(ctx context.Context, sf *storeFlags, certs string, out io.Writer, log *slog.Logger) error {
	st, closeDB, err := sf.open(ctx)
	if err != nil {
		return err
	}
	ids, err := st.DB().RecordIDs(ctx, "expedient")
	closeDB()
	if err != nil {
		return err
	}
	if len(ids) > 0 {
		log.Info("demo data present, not seeding", "expedients", len(ids))
		return nil
	}
	log.Info("seeding demo data", "data_dir", *sf.dataDir)
	args := append([]string{"--certs", certs, "--out", filepath.Join(*sf.dataDir, "demo")}, sf.args()...)
	if err := runDemo(ctx, args, out, out); err != nil {
		return err
	}
	log.Info("demo data seeded")
	return nil
}

// args gives the storage settings back as flags, for running another
// command on the same store in process.
func (f *storeFlags) args() []string {
	return []string{
		"--db=" + *f.db, "--data-dir=" + *f.dataDir,
		"--s3-endpoint=" + *f.s3Endpoint, "--s3-bucket=" + *f.s3Bucket,
		"--s3-access-key=" + *f.s3AccessKey, "--s3-secret-key=" + *f.s3SecretKey,
		"--s3-tls=" + strconv.FormatBool(*f.s3TLS), "--s3-sse=" + strconv.FormatBool(*f.s3SSE),
		"--s3-retention-mode=" + *f.s3RetentionMode, "--s3-retention-days=" + strconv.Itoa(*f.s3RetentionDays),
	}
}
