// Command segell signs, seals, stamps and verifies the documents of a
// municipal case workflow. Run "segell help" for the subcommands.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	_ "time/tzdata" // dates are shown in Europe/Madrid even where the system has no zoneinfo
)

// command is one subcommand: it parses its own flags from args.
type command struct {
	name    string
	summary string
	run     func(ctx context.Context, args []string, stdout, stderr io.Writer) error
}

func commands() []command {
	return []command{
		{"sign", "sign a PDF (PAdES B-B, or B-T with --tsa)", runSign},
		{"verify", "verify every signature of a PDF", runVerify},
		{"render", "render a document from its JSON data and stamp it with a fresh CSV", runRender},
		{"copy", "make an authentic copy: stamp every page, seal with the organ seal", runCopy},
		{"get", "get CSV -o OUT.pdf: the latest stored version of a document", runGet},
		{"fsck", "check that stored objects and metadata agree [--repair]", runFsck},
		{"audit", "audit verify: walk the audit log's hash chain", runAudit},
		{"tsa", "run an RFC 3161 time-stamping authority", runTSA},
		{"certs", "certs init DIR: write the example PKI", runCerts},
		{"demo", "render a volant, stamp it, seal it with the example seal and verify it", runDemo},
		{"serve", "serve HTTP: pages, API, /healthz, /readyz, /metrics [--demo]", runServe},
	}
}

// version is set at build time by the Makefile.
var version = "dev"

// errUsage marks a command-line mistake: exit status 2.
var errUsage = errors.New("usage")

// errInvalid marks a verification that found invalid or untrusted signatures: exit status 1.
var errInvalid = errors.New("invalid")

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	os.Exit(run(ctx, os.Args[1:], os.Stdout, os.Stderr))
}

func run(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 || args[0] == "help" || args[0] == "-h" || args[0] == "--help" {
		usage(stdout)
		return 0
	}
	if args[0] == "version" {
		fmt.Fprintln(stdout, "segell", version)
		return 0
	}
	for _, c := range commands() {
		if c.name != args[0] {
			continue
		}
		err := c.run(ctx, args[1:], stdout, stderr)
		switch {
		case err == nil:
			return 0
		case errors.Is(err, flag.ErrHelp):
			return 0
		case errors.Is(err, errUsage):
			fmt.Fprintf(stderr, "segell %s: %v\n", c.name, err)
			return 2
		case errors.Is(err, errInvalid):
			return 1
		default:
			fmt.Fprintf(stderr, "segell %s: %s\n", c.name, printable(describe(c.name, err)))
			return 1
		}
	}
	fmt.Fprintf(stderr, "segell: unknown command %q\n", args[0])
	usage(stderr)
	return 2
}

func usage(w io.Writer) {
	fmt.Fprintln(w, "usage: segell COMMAND [options]")
	for _, c := range commands() {
		fmt.Fprintf(w, "  %-8s %s\n", c.name, c.summary)
	}
}

// parseArgs parses flags that may come before or after positional arguments
// ("segell sign IN.pdf -o OUT.pdf") and returns the positional ones.
func parseArgs(fs *flag.FlagSet, args []string) ([]string, error) {
	var pos []string
	for {
		if err := fs.Parse(args); err != nil {
			if errors.Is(err, flag.ErrHelp) {
				return nil, err
			}
			return nil, fmt.Errorf("%w: %v", errUsage, err)
		}
		rest := fs.Args()
		if len(rest) == 0 {
			return pos, nil
		}
		pos = append(pos, rest[0])
		args = rest[1:]
	}
}

func usageErr(format string, a ...any) error {
	return fmt.Errorf("%w: %s", errUsage, fmt.Sprintf(format, a...))
}
