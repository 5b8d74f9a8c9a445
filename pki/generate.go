package pki

import (
	"crypto/rand"
	"crypto/x509"
	"encoding/pem"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"software.sslmate.com/src/go-pkcs12"
)

// Config parameterises Generate.
type Config struct {
	Organ   Organ
	Signers []Person
	SealPIN string
	Rand    io.Reader // crypto/rand when nil
}

// Set is a whole example PKI.
type Set struct {
	Root, Issuing *Identity
	Seal          *Identity
	TSA           *Identity
	Signers       []*Identity
	cfg           Config
}

// DefaultConfig is the configuration of the committed certs-example/ folder.
func DefaultConfig() Config {
	return Config{Organ: Lloret, Signers: DemoSigners(), SealPIN: "1111"}
}

// Generate makes a fresh PKI. Subjects, extensions and validity dates are
// fixed; only keys and serial numbers change from one run to the next.
func Generate(cfg Config) (*Set, error) {
	if cfg.Rand == nil {
		cfg.Rand = rand.Reader
	}
	s := &Set{cfg: cfg}
	var err error
	if s.Root, err = issueNew(nil, CATemplate("EXEMPLE segell Root CA - NO VÀLID", EpochStart, rootEnd, 1), RSA3072, cfg.Rand); err != nil {
		return nil, err
	}
	if s.Issuing, err = issueNew(s.Root, CATemplate("EXEMPLE segell CA emissora - NO VÀLID", EpochStart, issuingEnd, 0), RSA2048, cfg.Rand); err != nil {
		return nil, err
	}
	seal, err := SealTemplate(cfg.Organ, EpochStart, leafEnd)
	if err != nil {
		return nil, err
	}
	if s.Seal, err = issueNew(s.Issuing, seal, RSA2048, cfg.Rand); err != nil {
		return nil, err
	}
	tsa, err := TSATemplate(EpochStart, leafEnd)
	if err != nil {
		return nil, err
	}
	if s.TSA, err = issueNew(s.Issuing, tsa, RSA2048, cfg.Rand); err != nil {
		return nil, err
	}
	for _, p := range cfg.Signers {
		id, err := issueNew(s.Issuing, PersonTemplate(cfg.Organ, p, EpochStart, leafEnd), RSA2048, cfg.Rand)
		if err != nil {
			return nil, err
		}
		s.Signers = append(s.Signers, id)
	}
	return s, nil
}

func issueNew(issuer *Identity, tmpl *x509.Certificate, kt KeyType, random io.Reader) (*Identity, error) {
	key, err := NewKey(kt, random)
	if err != nil {
		return nil, err
	}
	return Issue(issuer, tmpl, key, random)
}

// WriteDir writes the PKI into dir: PEM certificates and chains, DER CRLs,
// PKCS#12 files protected by their PINs, the TSA key in PEM, and a README.
func (s *Set) WriteDir(dir string) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	files := map[string][]byte{
		"root-ca.pem":    pemCerts(s.Root.Cert),
		"issuing-ca.pem": pemCerts(s.Issuing.Cert),
		"chain.pem":      pemCerts(s.Issuing.Cert, s.Root.Cert),
		"tsa.pem":        pemCerts(append([]*x509.Certificate{s.TSA.Cert}, s.TSA.Chain...)...),
	}
	for _, ca := range []struct {
		name string
		id   *Identity
	}{{"root-ca.crl", s.Root}, {"issuing-ca.crl", s.Issuing}} {
		crl, err := ca.id.CRL(s.cfg.Rand)
		if err != nil {
			return err
		}
		files[ca.name] = crl
	}
	tsaKey, err := x509.MarshalPKCS8PrivateKey(s.TSA.Key)
	if err != nil {
		return err
	}
	files["tsa.key.pem"] = pem.EncodeToMemory(&pem.Block{Type: "PRIVATE KEY", Bytes: tsaKey})
	if err := s.addP12(files, "segell-organ", s.Seal, s.cfg.SealPIN); err != nil {
		return err
	}
	for i, p := range s.cfg.Signers {
		if err := s.addP12(files, p.File, s.Signers[i], p.PIN); err != nil {
			return err
		}
	}
	files["README.md"] = []byte(s.readme())
	for name, data := range files {
		mode := os.FileMode(0o644)
		if err := os.WriteFile(filepath.Join(dir, name), data, mode); err != nil {
			return err
		}
	}
	return nil
}

func (s *Set) addP12(files map[string][]byte, base string, id *Identity, pin string) error {
	p12, err := pkcs12.Modern2023.WithRand(s.cfg.Rand).Encode(id.Key, id.Cert, id.Chain, pin)
	if err != nil {
		return fmt.Errorf("PKCS#12 %s: %w", base, err)
	}
	files[base+".p12"] = p12
	files[base+".pem"] = pemCerts(append([]*x509.Certificate{id.Cert}, id.Chain...)...)
	return nil
}

func pemCerts(certs ...*x509.Certificate) []byte {
	var b strings.Builder
	for _, c := range certs {
		b.Write(pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: c.Raw}))
	}
	return []byte(b.String())
}

func (s *Set) readme() string {
	var b strings.Builder
	b.WriteString("# EXAMPLE PKI — NOT VALID\n\n")
	b.WriteString("**EXEMPLE, NO VÀLID.** These certificates and keys were made by `segell certs init` for\n")
	b.WriteString("development and tests. Their private keys are public: never trust them outside a test.\n\n")
	b.WriteString("Regenerate with `go run ./cmd/segell certs init certs-example` (subjects, extensions and\n")
	b.WriteString("dates are fixed; keys and serial numbers are new each time).\n\n")
	b.WriteString("| file | what | PIN |\n|---|---|---|\n")
	b.WriteString("| root-ca.pem, root-ca.crl | root CA (RSA-3072, 2026–2046) and its CRL (DER) | |\n")
	b.WriteString("| issuing-ca.pem, issuing-ca.crl | issuing CA (RSA-2048, 2026–2041) and its CRL (DER) | |\n")
	b.WriteString("| chain.pem | issuing CA + root CA | |\n")
	fmt.Fprintf(&b, "| segell-organ.p12, segell-organ.pem | organ seal of %s (DIR3 %s), CDA-1-style eseal | %s |\n",
		s.cfg.Organ.Name, s.cfg.Organ.DIR3, s.cfg.SealPIN)
	for _, p := range s.cfg.Signers {
		fmt.Fprintf(&b, "| %s.p12, %s.pem | %s %s, %s (IDCES-%s) | %s |\n", p.File, p.File, p.GivenName, p.Surnames, p.Role, p.DNI, p.PIN)
	}
	b.WriteString("| tsa.pem, tsa.key.pem | time-stamping unit (EKU timeStamping, critical); key unencrypted | |\n\n")
	b.WriteString("Every `.pem` next to a `.p12` holds the leaf certificate followed by its chain.\n")
	b.WriteString("The PKCS#12 files use AES-256-CBC with PBKDF2 (openssl 3 reads them).\n")
	return b.String()
}
