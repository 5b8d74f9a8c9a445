package pki_test

import (
	"bytes"
	"crypto/x509"
	"encoding/asn1"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/segell/segell/internal/testenv"
	"github.com/segell/segell/pki"
)

func TestSealProfile(t *testing.T) {
	set, err := pki.Generate(pki.DefaultConfig())
	if err != nil {
		t.Fatal(err)
	}
	seal := set.Seal.Cert
	if seal.KeyUsage != x509.KeyUsageDigitalSignature|x509.KeyUsageContentCommitment|x509.KeyUsageKeyEncipherment {
		t.Errorf("seal key usage %b", seal.KeyUsage)
	}
	subject := seal.Subject.String()
	for _, want := range []string{"O=Ajuntament de Lloret de Mar", "C=ES", "SERIALNUMBER=P1709500J"} {
		if !strings.Contains(subject, want) {
			t.Errorf("seal subject %q lacks %q", subject, want)
		}
	}
	var orgID string
	for _, n := range seal.Subject.Names {
		if n.Type.Equal(asn1.ObjectIdentifier{2, 5, 4, 97}) {
			orgID, _ = n.Value.(string)
		}
	}
	if orgID != "VATES-P1709500J" {
		t.Errorf("seal organizationIdentifier %q, want VATES-P1709500J", orgID)
	}
	policies := map[string]bool{}
	for _, p := range seal.Policies {
		policies[p.String()] = true
	}
	for _, want := range []string{"1.3.6.1.4.1.15096.1.3.2.6.2", "2.16.724.1.3.5.6.2", "0.4.0.194112.1.1"} {
		if !policies[want] {
			t.Errorf("seal lacks policy %s", want)
		}
	}
	var qc bool
	for _, e := range seal.Extensions {
		if e.Id.Equal(asn1.ObjectIdentifier{1, 3, 6, 1, 5, 5, 7, 1, 3}) {
			qc = bytes.Contains(e.Value, []byte{0x06, 0x07, 0x04, 0x00, 0x8e, 0x46, 0x01, 0x06, 0x02}) // QcType-eseal
		}
	}
	if !qc {
		t.Error("seal lacks QC statements with QcType eseal")
	}
	var critEKU bool
	for _, e := range set.TSA.Cert.Extensions {
		if e.Id.Equal(asn1.ObjectIdentifier{2, 5, 29, 37}) {
			critEKU = e.Critical
		}
	}
	if !critEKU || len(set.TSA.Cert.ExtKeyUsage) != 1 || set.TSA.Cert.ExtKeyUsage[0] != x509.ExtKeyUsageTimeStamping {
		t.Error("TSA certificate needs a critical EKU of timeStamping only")
	}
	for i, p := range pki.DemoSigners() {
		if !strings.Contains(set.Signers[i].Cert.Subject.String(), "SERIALNUMBER=IDCES-"+p.DNI) {
			t.Errorf("%s: subject %s lacks IDCES-%s", p.File, set.Signers[i].Cert.Subject, p.DNI)
		}
	}
}

// TestDeterministic: two runs differ only in keys and serial numbers.
func TestDeterministic(t *testing.T) {
	a, err := pki.Generate(pki.DefaultConfig())
	if err != nil {
		t.Fatal(err)
	}
	b, err := pki.Generate(pki.DefaultConfig())
	if err != nil {
		t.Fatal(err)
	}
	same := func(x, y *x509.Certificate) bool {
		if x.Subject.String() != y.Subject.String() || !x.NotBefore.Equal(y.NotBefore) || !x.NotAfter.Equal(y.NotAfter) || x.KeyUsage != y.KeyUsage {
			return false
		}
		keyDerived := map[string]bool{"2.5.29.14": true, "2.5.29.35": true}
		var ex, ey []string
		for _, e := range x.Extensions {
			if !keyDerived[e.Id.String()] {
				ex = append(ex, e.Id.String()+string(e.Value))
			}
		}
		for _, e := range y.Extensions {
			if !keyDerived[e.Id.String()] {
				ey = append(ey, e.Id.String()+string(e.Value))
			}
		}
		return strings.Join(ex, "|") == strings.Join(ey, "|")
	}
	if !same(a.Seal.Cert, b.Seal.Cert) || !same(a.Root.Cert, b.Root.Cert) || !same(a.TSA.Cert, b.TSA.Cert) || !same(a.Signers[0].Cert, b.Signers[0].Cert) {
		t.Fatal("two generations differ in more than keys and serial numbers")
	}
	if a.Seal.Cert.SerialNumber.Cmp(b.Seal.Cert.SerialNumber) == 0 {
		t.Fatal("serial numbers repeat")
	}
}

// TestCommittedPKIWithOpenSSL opens the committed certs-example/ with openssl:
// every PKCS#12 with the PIN in its README, the chain, the CRLs.
func TestCommittedPKIWithOpenSSL(t *testing.T) {
	openssl := testenv.Tool(t, "openssl")
	dir := filepath.Join(testenv.RepoRoot(t), "certs-example")
	readme, err := os.ReadFile(filepath.Join(dir, "README.md"))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(readme), "NOT VALID") || !strings.Contains(string(readme), "NO VÀLID") {
		t.Fatal("certs-example/README.md must say EXAMPLE, NOT VALID")
	}
	pins := map[string]string{"segell-organ": "1111"}
	for _, p := range pki.DemoSigners() {
		pins[p.File] = p.PIN
	}
	for name, pin := range pins {
		if !strings.Contains(string(readme), "| "+pin+" |") {
			t.Errorf("README lacks the PIN of %s", name)
		}
		out, err := exec.Command(openssl, "pkcs12", "-in", filepath.Join(dir, name+".p12"), "-passin", "pass:"+pin, "-nodes", "-noout").CombinedOutput()
		if err != nil {
			t.Errorf("openssl pkcs12 %s: %v\n%s", name, err, out)
		}
		out, err = exec.Command(openssl, "verify", "-CAfile", filepath.Join(dir, "root-ca.pem"), "-untrusted", filepath.Join(dir, "issuing-ca.pem"), filepath.Join(dir, name+".pem")).CombinedOutput()
		if err != nil || !strings.Contains(string(out), ": OK") {
			t.Errorf("openssl verify %s: %v\n%s", name, err, out)
		}
	}
	for _, crl := range []string{"root-ca", "issuing-ca"} {
		out, err := exec.Command(openssl, "crl", "-inform", "DER", "-in", filepath.Join(dir, crl+".crl"), "-CAfile", filepath.Join(dir, "chain.pem"), "-noout").CombinedOutput()
		if err != nil || !strings.Contains(string(out), "verify OK") {
			t.Errorf("openssl crl %s: %v\n%s", crl, err, out)
		}
	}
}
