package pki

import (
	"crypto"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/rsa"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/asn1"
	"errors"
	"fmt"
	"io"
	"math/big"
	"time"
)

// Identity is a certificate with its private key and the chain of issuers
// above it (issuing CA first, root last).
type Identity struct {
	Cert  *x509.Certificate
	Key   crypto.Signer
	Chain []*x509.Certificate
}

// KeyType names a key algorithm and size.
type KeyType string

// Key types the example PKI and the tests use.
const (
	RSA2048 KeyType = "rsa2048"
	RSA3072 KeyType = "rsa3072"
	RSA4096 KeyType = "rsa4096"
	P256    KeyType = "p256"
)

// NewKey makes a fresh private key of type t.
func NewKey(t KeyType, random io.Reader) (crypto.Signer, error) {
	switch t {
	case RSA2048:
		return rsa.GenerateKey(random, 2048)
	case RSA3072:
		return rsa.GenerateKey(random, 3072)
	case RSA4096:
		return rsa.GenerateKey(random, 4096)
	case P256:
		return ecdsa.GenerateKey(elliptic.P256(), random)
	}
	return nil, fmt.Errorf("unknown key type %q", t)
}

func serial(random io.Reader) (*big.Int, error) {
	n, err := rand.Int(random, new(big.Int).Lsh(big.NewInt(1), 127))
	if err != nil {
		return nil, fmt.Errorf("serial number: %w", err)
	}
	return n.Add(n, big.NewInt(1)), nil
}

// Issue signs tmpl for key with issuer's key (or self-signs when issuer is nil)
// and returns the new identity. The serial number is random.
func Issue(issuer *Identity, tmpl *x509.Certificate, key crypto.Signer, random io.Reader) (*Identity, error) {
	if random == nil {
		random = rand.Reader
	}
	sn, err := serial(random)
	if err != nil {
		return nil, err
	}
	tmpl.SerialNumber = sn
	parent, signKey := tmpl, key
	var chain []*x509.Certificate
	if issuer != nil {
		parent, signKey = issuer.Cert, issuer.Key
		chain = append([]*x509.Certificate{issuer.Cert}, issuer.Chain...)
	}
	der, err := x509.CreateCertificate(random, tmpl, parent, key.Public(), signKey)
	if err != nil {
		return nil, fmt.Errorf("issue %q: %w", tmpl.Subject.CommonName, err)
	}
	cert, err := x509.ParseCertificate(der)
	if err != nil {
		return nil, fmt.Errorf("issue %q: %w", tmpl.Subject.CommonName, err)
	}
	return &Identity{Cert: cert, Key: key, Chain: chain}, nil
}

// CRL returns an empty certificate revocation list signed by the CA identity.
func (id *Identity) CRL(random io.Reader) ([]byte, error) {
	if !id.Cert.IsCA {
		return nil, errors.New("CRL: identity is not a CA")
	}
	return x509.CreateRevocationList(random, &x509.RevocationList{
		Number:     big.NewInt(1),
		ThisUpdate: EpochStart,
		NextUpdate: crlNextStart,
	}, id.Cert, id.Key)
}

// CATemplate is the template of a certification authority.
func CATemplate(cn string, notBefore, notAfter time.Time, pathLen int) *x509.Certificate {
	return &x509.Certificate{
		Subject: pkix.Name{
			Country:      []string{"ES"},
			Organization: []string{"segell (EXEMPLE, NO VÀLID)"},
			CommonName:   cn,
		},
		NotBefore:             notBefore,
		NotAfter:              notAfter,
		KeyUsage:              x509.KeyUsageCertSign | x509.KeyUsageCRLSign,
		BasicConstraintsValid: true,
		IsCA:                  true,
		MaxPathLen:            pathLen,
		MaxPathLenZero:        pathLen == 0,
	}
}

// SealTemplate is an electronic seal certificate for organ, shaped like the
// AOC CDA-1 medium-level seal: a legal-person subject with organizationIdentifier,
// seal key usages, QC statements for an eseal and the seal policies.
func SealTemplate(o Organ, notBefore, notAfter time.Time) (*x509.Certificate, error) {
	cn := "EXEMPLE Segell d'òrgan " + o.Name
	subject := pkix.Name{
		Country:            []string{"ES"},
		Organization:       []string{o.Name},
		OrganizationalUnit: []string{"Certificat de segell electrònic nivell mig"},
		SerialNumber:       o.NIF,
		CommonName:         cn,
		ExtraNames:         []pkix.AttributeTypeAndValue{attr(oidOrganizationIdentifier, "VATES-"+o.NIF)},
	}
	eku, err := asn1.Marshal([]asn1.ObjectIdentifier{oidEKUClientAuth, oidEKUEmailProt, oidEKUAdobeAuthDoc})
	if err != nil {
		return nil, err
	}
	qc, err := sealQCStatements()
	if err != nil {
		return nil, err
	}
	san, err := sealSAN(o, cn)
	if err != nil {
		return nil, err
	}
	return &x509.Certificate{
		Subject:               subject,
		NotBefore:             notBefore,
		NotAfter:              notAfter,
		KeyUsage:              x509.KeyUsageDigitalSignature | x509.KeyUsageContentCommitment | x509.KeyUsageKeyEncipherment,
		BasicConstraintsValid: true,
		Policies:              policies(OIDPolicyAOCSealMedium, OIDPolicyAGESealMedium, oidPolicyQCPLegal),
		ExtraExtensions: []pkix.Extension{
			{Id: oidExtKeyUsage, Value: eku},
			{Id: oidQCStatements, Value: qc},
			{Id: oidSubjectAltNam, Value: san},
		},
	}, nil
}

// PersonTemplate is a public employee's signing certificate: subject
// serialNumber in the IDCES-<DNI> form, given name, surnames, title (the role)
// and the organ.
func PersonTemplate(o Organ, p Person, notBefore, notAfter time.Time) *x509.Certificate {
	return &x509.Certificate{
		Subject: pkix.Name{
			Country:            []string{"ES"},
			Organization:       []string{o.Name},
			OrganizationalUnit: []string{p.Department},
			CommonName:         "EXEMPLE " + p.CommonName(),
			ExtraNames: []pkix.AttributeTypeAndValue{
				attr(oidOrganizationIdentifier, "VATES-"+o.NIF),
				attr(oidSerialNumber, "IDCES-"+p.DNI),
				attr(oidGivenName, p.GivenName),
				attr(oidSurname, p.Surnames),
				attr(oidTitle, p.Role),
			},
		},
		NotBefore:             notBefore,
		NotAfter:              notAfter,
		KeyUsage:              x509.KeyUsageDigitalSignature | x509.KeyUsageContentCommitment,
		ExtKeyUsage:           []x509.ExtKeyUsage{x509.ExtKeyUsageClientAuth, x509.ExtKeyUsageEmailProtection},
		BasicConstraintsValid: true,
		Policies:              policies(oidPolicyExample),
	}
}

// TSATemplate is a time-stamping unit's certificate: extended key usage
// timeStamping only, marked critical as RFC 3161 §2.3 requires.
func TSATemplate(notBefore, notAfter time.Time) (*x509.Certificate, error) {
	eku, err := asn1.Marshal([]asn1.ObjectIdentifier{oidEKUTimeStamping})
	if err != nil {
		return nil, err
	}
	return &x509.Certificate{
		Subject: pkix.Name{
			Country:      []string{"ES"},
			Organization: []string{"segell (EXEMPLE, NO VÀLID)"},
			CommonName:   "EXEMPLE segell TSA",
		},
		NotBefore:             notBefore,
		NotAfter:              notAfter,
		KeyUsage:              x509.KeyUsageDigitalSignature | x509.KeyUsageContentCommitment,
		BasicConstraintsValid: true,
		ExtraExtensions:       []pkix.Extension{{Id: oidExtKeyUsage, Critical: true, Value: eku}},
	}, nil
}

func policies(oids ...asn1.ObjectIdentifier) []x509.OID {
	out := make([]x509.OID, 0, len(oids))
	for _, o := range oids {
		p, err := x509.OIDFromInts(toUint64(o))
		if err == nil {
			out = append(out, p)
		}
	}
	return out
}

func toUint64(o asn1.ObjectIdentifier) []uint64 {
	u := make([]uint64, len(o))
	for i, v := range o {
		u[i] = uint64(v)
	}
	return u
}
