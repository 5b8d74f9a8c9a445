// Command gen writes the attack and extension files of signer/attacks_test.go:
// one small PDF per attack class of the published PDF signature studies
// ("1 Trillion Dollar Refund" 2019, "Shadow Attacks" 2021, "Breaking the
// Specification: PDF Certification" 2021) and legitimately extended files,
// plus cases.json with the verdict expected for every signature.
//
//	go run ./signer/testdata/attacks/gen -out signer/testdata/attacks
//
// It starts from signer/testdata/corpus/mutool.pdf and signs with the example
// keys of certs-example/ at fixed times, so that its output is the same on
// every run; the one exception is the document time-stamp token, whose serial
// number segell's TSA draws at random.
package main

import (
	"bytes"
	"context"
	"crypto"
	"crypto/x509"
	"encoding/json"
	"encoding/pem"
	"flag"
	"fmt"
	"log"
	"net/http/httptest"
	"os"
	"path/filepath"
	"time"

	"github.com/segell/segell/signer"
)

// expect is the verdict expected for one signature, named by its field.
type expect struct {
	Field   string `json:"field"`
	Verdict string `json:"verdict"`          // "intact" or "failed"
	Reason  string `json:"reason,omitempty"` // keywords, "|" between alternatives, one of which its laterChanges or errors must hold
}

// testCase is one file of cases.json.
type testCase struct {
	File       string   `json:"file"`
	Class      string   `json:"class"`
	Source     string   `json:"source,omitempty"` // the study that describes the attack
	Note       string   `json:"note"`
	Signatures []expect `json:"signatures"`
}

// gen holds the keys and the base document every family starts from.
type gen struct {
	repo  string
	base  doc // the corpus file
	clock time.Time
	keys  map[string]*signer.Signer
	tsa   *signer.TSAClient
	cases []testCase
	files map[string][]byte
}

func main() {
	out := flag.String("out", "signer/testdata/attacks", "directory to write the files and cases.json to")
	repo := flag.String("repo", ".", "the repository root (for the corpus and certs-example)")
	flag.Parse()
	g, stop, err := newGen(*repo)
	if err != nil {
		log.Fatal(err)
	}
	defer stop()
	g.byteRanges()
	g.universalForgery()
	g.incrementalSaving()
	g.shadow()
	g.certification()
	g.revisions()
	g.legitimate()
	if err := os.MkdirAll(*out, 0o755); err != nil {
		log.Fatal(err)
	}
	for name, b := range g.files {
		if err := os.WriteFile(filepath.Join(*out, name), b, 0o644); err != nil {
			log.Fatal(err)
		}
	}
	js, _ := json.MarshalIndent(g.cases, "", "  ")
	if err := os.WriteFile(filepath.Join(*out, "cases.json"), append(js, '\n'), 0o644); err != nil {
		log.Fatal(err)
	}
	fmt.Printf("%d files written to %s\n", len(g.files), *out)
}

// people are the example keys and their PINs (certs-example/README.md).
var people = map[string]string{
	"alcalde": "2222", "secretaria": "3333", "vocal-policia": "4444",
	"vocal-habitatge": "5555", "vocal-sbas": "6666", "segell-organ": "1111",
}

func newGen(repo string) (*gen, func(), error) {
	base, err := os.ReadFile(filepath.Join(repo, "signer", "testdata", "corpus", "mutool.pdf"))
	if err != nil {
		return nil, nil, err
	}
	madrid, err := time.LoadLocation("Europe/Madrid")
	if err != nil {
		return nil, nil, err
	}
	g := &gen{repo: repo, base: doc{base}, keys: map[string]*signer.Signer{}, files: map[string][]byte{},
		clock: time.Date(2026, 3, 2, 10, 0, 0, 0, madrid)}
	for name, pin := range people {
		k, err := signer.LoadPKCS12File(filepath.Join(repo, "certs-example", name+".p12"), pin)
		if err != nil {
			return nil, nil, err
		}
		s, err := signer.New(signer.Config{Key: k, Now: g.tick, Location: madrid})
		if err != nil {
			return nil, nil, err
		}
		g.keys[name] = s
	}
	tsa, err := g.startTSA()
	if err != nil {
		return nil, nil, err
	}
	g.tsa = signer.NewTSAClient(tsa.URL, nil)
	return g, tsa.Close, nil
}

// tick advances the signing clock by a minute: every signature has its own time.
func (g *gen) tick() time.Time {
	g.clock = g.clock.Add(time.Minute)
	return g.clock
}

// startTSA runs segell's TSA with the example TSA key on a loopback port.
func (g *gen) startTSA() (*httptest.Server, error) {
	dir := filepath.Join(g.repo, "certs-example")
	chainPEM, err := os.ReadFile(filepath.Join(dir, "tsa.pem"))
	if err != nil {
		return nil, err
	}
	var certs []*x509.Certificate
	for rest := chainPEM; ; {
		var b *pem.Block
		if b, rest = pem.Decode(rest); b == nil {
			break
		}
		c, err := x509.ParseCertificate(b.Bytes)
		if err != nil {
			return nil, err
		}
		certs = append(certs, c)
	}
	keyPEM, err := os.ReadFile(filepath.Join(dir, "tsa.key.pem"))
	if err != nil {
		return nil, err
	}
	b, _ := pem.Decode(keyPEM)
	key, err := x509.ParsePKCS8PrivateKey(b.Bytes)
	if err != nil {
		return nil, err
	}
	cs, ok := key.(crypto.Signer)
	if !ok {
		return nil, fmt.Errorf("tsa.key.pem: not a signing key")
	}
	tsa, err := signer.NewTSA(signer.TSAConfig{Cert: certs[0], Chain: certs[1:], Key: cs, Now: g.tick})
	if err != nil {
		return nil, err
	}
	return httptest.NewServer(tsa), nil
}

// sign has segell sign in with the key of who.
func (g *gen) sign(who string, in doc, opts signer.Options) doc {
	var out bytes.Buffer
	if _, err := g.keys[who].Sign(context.Background(), bytes.NewReader(in.b), &out, opts); err != nil {
		panic(fmt.Sprintf("sign as %s: %v", who, err))
	}
	return doc{out.Bytes()}
}

// add records a file and what is expected of it.
func (g *gen) add(d doc, c testCase) {
	if _, dup := g.files[c.File]; dup {
		panic("two cases write " + c.File)
	}
	g.files[c.File] = d.b
	g.cases = append(g.cases, c)
}

// pdfTime is a /M value for t.
func pdfTime(t time.Time) string { return "(D:" + t.UTC().Format("20060102150405") + "Z)" }
