package pki

import (
	"crypto/x509/pkix"
	"encoding/asn1"
)

type qcStatement struct {
	ID   asn1.ObjectIdentifier
	Info asn1.RawValue `asn1:"optional"`
}

type pdsLocation struct {
	URL      string `asn1:"ia5"`
	Language string `asn1:"printable"`
}

// sealQCStatements encodes QcCompliance, QcRetentionPeriod (15 years), QcPDS
// and QcType eseal (EN 319 412-5). No QcSSCD: the key is kept in software.
func sealQCStatements() ([]byte, error) {
	retention, err := asn1.Marshal(15)
	if err != nil {
		return nil, err
	}
	pds, err := asn1.Marshal([]pdsLocation{{URL: "https://segell.example/pds/en", Language: "en"}})
	if err != nil {
		return nil, err
	}
	qcType, err := asn1.Marshal([]asn1.ObjectIdentifier{oidQcTypeESeal})
	if err != nil {
		return nil, err
	}
	return asn1.Marshal([]qcStatement{
		{ID: oidQcCompliance},
		{ID: oidQcRetentionPeriod, Info: asn1.RawValue{FullBytes: retention}},
		{ID: oidQcPDS, Info: asn1.RawValue{FullBytes: pds}},
		{ID: oidQcType, Info: asn1.RawValue{FullBytes: qcType}},
	})
}

// sealSAN is the subjectAltName directoryName of a Spanish administration seal:
// 2.16.724.1.3.5.6.2.1 certificate type, .2 organ, .3 NIF, .5 system name.
func sealSAN(o Organ, cn string) ([]byte, error) {
	oid := func(last int) asn1.ObjectIdentifier {
		return append(asn1.ObjectIdentifier{}, append(oidSealSANBase, last)...)
	}
	rdn := pkix.RDNSequence{
		{attr(oid(1), "SELLO ELECTRONICO DE NIVEL MEDIO")},
		{attr(oid(2), o.Name)},
		{attr(oid(3), o.NIF)},
		{attr(oid(5), cn)},
	}
	name, err := asn1.Marshal(rdn)
	if err != nil {
		return nil, err
	}
	// GeneralNames ::= SEQUENCE OF GeneralName; directoryName is [4] EXPLICIT Name.
	dirName := asn1.RawValue{Class: asn1.ClassContextSpecific, Tag: 4, IsCompound: true, Bytes: name}
	return asn1.Marshal([]asn1.RawValue{dirName})
}
