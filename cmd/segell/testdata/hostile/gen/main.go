// Command gen writes segell's hostile PDF corpus: one file per class of
// hostile input, <class>.pdf, and cases.json saying what each of segell's
// operations (sign, verify, copy, stamp) must do with it.
//
//	go run ./cmd/segell/testdata/hostile/gen -out cmd/segell/testdata/hostile
//	go run ./cmd/segell/testdata/hostile/gen -out DIR -large
//
// Without -large it writes the small files (each well under 1 MB; they are
// committed) and cases.json, which lists every case, large ones included.
// With -large it writes only the large files (1–50 MB), which
// cmd/segell/hostile_test.go makes into a temporary folder at test time.
// The output is deterministic: the same bytes on every run. Signatures are
// made with certs-example/alcalde.p12 (RSA PKCS #1 v1.5 is deterministic)
// at a fixed signing time.
//
// Every byte is written by hand (fmt, bytes, compress/zlib), so a file is
// exactly as hostile as its class says: no PDF library repairs it.
package main

import (
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"sort"
)

// Expectations of an operation on a case.
const (
	ok     = "ok"     // must succeed: a legitimate if unusual file
	refuse = "refuse" // must fail with a clear error
	either = "either" // may do either, within the ceilings
)

// hostileCase is one class of hostile input and what segell must do with it.
type hostileCase struct {
	Name   string `json:"name"`
	What   string `json:"what"`
	Source string `json:"source,omitempty"` // a bug report of another reader with this class
	Large  bool   `json:"large,omitempty"`
	Signed bool   `json:"signed,omitempty"` // the file carries signatures
	Sign   string `json:"sign"`
	Verify string `json:"verify"`
	Copy   string `json:"copy"`
	Stamp  string `json:"stamp"`
	// Forbid lists, per operation ("*" for all), text no output may contain.
	Forbid map[string][]string `json:"forbid,omitempty"`

	build func(*env) []byte
}

// env is what builders share: the signing key.
type env struct{ key *sigKey }

// legit is a legitimate if unusual file: sign, copy and stamp must succeed;
// verify refuses it only because it has no signature.
func legit(name, what string, build func(*env) []byte) hostileCase {
	return hostileCase{Name: name, What: what, Sign: ok, Verify: refuse, Copy: ok, Stamp: ok, build: build}
}

// broken is a damaged file a reader may repair or refuse, within the ceilings.
func broken(name, what string, build func(*env) []byte) hostileCase {
	return hostileCase{Name: name, What: what, Sign: either, Verify: refuse, Copy: either, Stamp: either, build: build}
}

// invalid is a file every operation must refuse with a clear error.
func invalid(name, what string, build func(*env) []byte) hostileCase {
	return hostileCase{Name: name, What: what, Sign: refuse, Verify: refuse, Copy: refuse, Stamp: refuse, build: build}
}

func (c hostileCase) from(source string) hostileCase { c.Source = source; return c }
func (c hostileCase) large() hostileCase             { c.Large = true; return c }

// simple adapts a builder that needs no key.
func simple(f func() []byte) func(*env) []byte { return func(*env) []byte { return f() } }

func allCases() []hostileCase {
	var all []hostileCase
	for _, family := range [][]hostileCase{
		lengthCases(), pageCases(), bombCases(), xrefCases(), syntaxCases(),
		formCases(), signatureCases(), objStmCases(), miscCases(),
	} {
		all = append(all, family...)
	}
	return all
}

func main() {
	out := flag.String("out", ".", "folder to write the corpus to")
	large := flag.Bool("large", false, "write only the large cases (1–50 MB)")
	certs := flag.String("certs", "certs-example", "folder of the example PKI (alcalde.p12 signs)")
	flag.Parse()
	if err := run(*out, *certs, *large); err != nil {
		fmt.Fprintln(os.Stderr, "gen:", err)
		os.Exit(1)
	}
}

func run(out, certs string, large bool) error {
	key, err := loadKey(filepath.Join(certs, "alcalde.p12"), "2222")
	if err != nil {
		return err
	}
	e := &env{key: key}
	if err := os.MkdirAll(out, 0o755); err != nil {
		return err
	}
	cases := allCases()
	sort.Slice(cases, func(i, j int) bool { return cases[i].Name < cases[j].Name })
	seen := map[string]bool{}
	for _, c := range cases {
		if seen[c.Name] {
			return fmt.Errorf("two cases named %s", c.Name)
		}
		seen[c.Name] = true
		if c.Large != large {
			continue
		}
		data := c.build(e)
		if !large && len(data) >= 1<<20 {
			return fmt.Errorf("%s: %d bytes, small cases must stay under 1 MB", c.Name, len(data))
		}
		if err := os.WriteFile(filepath.Join(out, c.Name+".pdf"), data, 0o644); err != nil {
			return err
		}
	}
	if large {
		return nil
	}
	js, err := json.MarshalIndent(cases, "", "  ")
	if err != nil {
		return err
	}
	return os.WriteFile(filepath.Join(out, "cases.json"), append(js, '\n'), 0o644)
}
