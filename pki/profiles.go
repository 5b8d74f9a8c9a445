// Package pki issues the example public-key infrastructure of segell: a root CA,
// an issuing CA, the organ's electronic seal, the demo signers' personal
// certificates and a time-stamping certificate, shaped like their Spanish
// public-administration counterparts. Everything it makes is marked EXAMPLE and
// is for development and tests only.
package pki

import (
	"crypto/x509/pkix"
	"encoding/asn1"
	"fmt"
	"time"
)

// Object identifiers used by the certificate profiles (see ../shared/STANDARDS.md §5).
var (
	oidOrganizationIdentifier = asn1.ObjectIdentifier{2, 5, 4, 97}
	oidTitle                  = asn1.ObjectIdentifier{2, 5, 4, 12}
	oidSerialNumber           = asn1.ObjectIdentifier{2, 5, 4, 5}
	oidGivenName              = asn1.ObjectIdentifier{2, 5, 4, 42}
	oidSurname                = asn1.ObjectIdentifier{2, 5, 4, 4}

	oidExtKeyUsage   = asn1.ObjectIdentifier{2, 5, 29, 37}
	oidSubjectAltNam = asn1.ObjectIdentifier{2, 5, 29, 17}
	oidQCStatements  = asn1.ObjectIdentifier{1, 3, 6, 1, 5, 5, 7, 1, 3}

	oidEKUTimeStamping = asn1.ObjectIdentifier{1, 3, 6, 1, 5, 5, 7, 3, 8}
	oidEKUClientAuth   = asn1.ObjectIdentifier{1, 3, 6, 1, 5, 5, 7, 3, 2}
	oidEKUEmailProt    = asn1.ObjectIdentifier{1, 3, 6, 1, 5, 5, 7, 3, 4}
	oidEKUAdobeAuthDoc = asn1.ObjectIdentifier{1, 2, 840, 113583, 1, 1, 5}

	// OIDPolicyAOCSealMedium is the Consorci AOC policy of the CDA-1 medium-level seal.
	OIDPolicyAOCSealMedium = asn1.ObjectIdentifier{1, 3, 6, 1, 4, 1, 15096, 1, 3, 2, 6, 2}
	// OIDPolicyAGESealMedium is the Spanish AGE policy of a medium-level (software) seal.
	OIDPolicyAGESealMedium = asn1.ObjectIdentifier{2, 16, 724, 1, 3, 5, 6, 2}
	oidPolicyQCPLegal      = asn1.ObjectIdentifier{0, 4, 0, 194112, 1, 1}
	oidPolicyExample       = asn1.ObjectIdentifier{1, 3, 6, 1, 4, 1, 99999, 1, 1} // private arc: example persons

	oidQcCompliance      = asn1.ObjectIdentifier{0, 4, 0, 1862, 1, 1}
	oidQcRetentionPeriod = asn1.ObjectIdentifier{0, 4, 0, 1862, 1, 3}
	oidQcPDS             = asn1.ObjectIdentifier{0, 4, 0, 1862, 1, 5}
	oidQcType            = asn1.ObjectIdentifier{0, 4, 0, 1862, 1, 6}
	oidQcTypeESeal       = asn1.ObjectIdentifier{0, 4, 0, 1862, 1, 6, 2}
	oidSealSANBase       = []int{2, 16, 724, 1, 3, 5, 6, 2}
)

// Organ describes the legal person that owns the seal certificate.
type Organ struct {
	Name string // "Ajuntament de Lloret de Mar"
	DIR3 string // "L01170950"
	NIF  string // tax identifier of the council, "P1709500J"
}

// Person describes a demo signer.
type Person struct {
	File       string // base name of the files written for this person
	GivenName  string
	Surnames   string
	DNI        string // eight digits and the check letter
	Role       string // shown in signature appearances: "Alcalde"
	PIN        string
	Department string
}

// CommonName is the subject CN of a personal certificate in the Spanish style.
func (p Person) CommonName() string {
	return fmt.Sprintf("%s %s - %s", p.GivenName, p.Surnames, p.DNI)
}

// DNILetter returns the check letter of a Spanish DNI number.
func DNILetter(number int) byte {
	return "TRWAGMYFPDXBNJZSQVHLCKE"[number%23]
}

// Lloret is the organ of the example PKI.
var Lloret = Organ{Name: "Ajuntament de Lloret de Mar", DIR3: "L01170950", NIF: "P1709500J"}

func dni(n int) string { return fmt.Sprintf("%08d%c", n, DNILetter(n)) }

// DemoSigners are the people of the example PKI: the mayor, the secretary and
// three members of the commission (COPE).
func DemoSigners() []Person {
	return []Person{
		{File: "alcalde", GivenName: "Adrià", Surnames: "Puig Serra", DNI: dni(40000001), Role: "Alcalde", PIN: "2222", Department: "Alcaldia"},
		{File: "secretaria", GivenName: "Montserrat", Surnames: "Ferrer Vidal", DNI: dni(40000002), Role: "Secretària general", PIN: "3333", Department: "Secretaria"},
		{File: "vocal-policia", GivenName: "Jordi", Surnames: "Coll Pagès", DNI: dni(40000003), Role: "Vocal de la COPE", PIN: "4444", Department: "Policia Local"},
		{File: "vocal-habitatge", GivenName: "Núria", Surnames: "Soler Roca", DNI: dni(40000004), Role: "Vocal de la COPE", PIN: "5555", Department: "Habitatge"},
		{File: "vocal-sbas", GivenName: "Laia", Surnames: "Martí Font", DNI: dni(40000005), Role: "Vocal de la COPE", PIN: "6666", Department: "Serveis Bàsics d'Atenció Social"},
	}
}

// Validity periods of the example PKI. Fixed dates keep the generator
// deterministic apart from keys and serial numbers.
var (
	EpochStart   = time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	rootEnd      = time.Date(2046, 1, 1, 0, 0, 0, 0, time.UTC)
	issuingEnd   = time.Date(2041, 1, 1, 0, 0, 0, 0, time.UTC)
	leafEnd      = time.Date(2031, 1, 1, 0, 0, 0, 0, time.UTC)
	crlNextStart = time.Date(2036, 1, 1, 0, 0, 0, 0, time.UTC)
)

func attr(oid asn1.ObjectIdentifier, v string) pkix.AttributeTypeAndValue {
	return pkix.AttributeTypeAndValue{Type: oid, Value: v}
}
