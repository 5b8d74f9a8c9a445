package main

import (
	"bytes"
	"crypto"
	"crypto/rand"
	"crypto/sha256"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding"
	"encoding/asn1"
	"encoding/hex"
	"fmt"
	"hash"
	"math/big"
	"os"
	"sort"

	"software.sslmate.com/src/go-pkcs12"
)

// sigKey signs the corpus: a key, its certificate and the issuing CA.
type sigKey struct {
	signer crypto.Signer
	cert   *x509.Certificate
	chain  []*x509.Certificate // without the self-signed root
	length int                 // DER length of every CMS this key makes
}

func loadKey(path, pin string) (*sigKey, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	priv, cert, cas, err := pkcs12.DecodeChain(data, pin)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	s, ok := priv.(crypto.Signer)
	if !ok {
		return nil, fmt.Errorf("%s: the key cannot sign", path)
	}
	k := &sigKey{signer: s, cert: cert}
	for _, c := range cas {
		if !bytes.Equal(c.RawIssuer, c.RawSubject) {
			k.chain = append(k.chain, c)
		}
	}
	der, err := k.cms(make([]byte, sha256.Size))
	if err != nil {
		return nil, err
	}
	k.length = len(der)
	return k, nil
}

// Object identifiers of CMS (RFC 5652) and ESS (RFC 5035).
var (
	oidData          = asn1.ObjectIdentifier{1, 2, 840, 113549, 1, 7, 1}
	oidSignedData    = asn1.ObjectIdentifier{1, 2, 840, 113549, 1, 7, 2}
	oidContentType   = asn1.ObjectIdentifier{1, 2, 840, 113549, 1, 9, 3}
	oidMessageDigest = asn1.ObjectIdentifier{1, 2, 840, 113549, 1, 9, 4}
	oidSigningCertV2 = asn1.ObjectIdentifier{1, 2, 840, 113549, 1, 9, 16, 2, 47}
	oidSHA256        = asn1.ObjectIdentifier{2, 16, 840, 1, 101, 3, 4, 2, 1}
	oidSHA256WithRSA = asn1.ObjectIdentifier{1, 2, 840, 113549, 1, 1, 11}
)

type attribute struct {
	Type   asn1.ObjectIdentifier
	Values asn1.RawValue
}

// cms makes a detached CMS SignedData over digest with the PAdES baseline
// signed attributes (content-type, message-digest, signing-certificate-v2).
// RSA PKCS #1 v1.5 signatures are deterministic, so the corpus is too.
func (k *sigKey) cms(digest []byte) ([]byte, error) {
	attr := func(oid asn1.ObjectIdentifier, v any) []byte {
		val, _ := asn1.Marshal(v)
		b, _ := asn1.Marshal(attribute{oid, asn1.RawValue{Class: asn1.ClassUniversal, Tag: asn1.TagSet, IsCompound: true, Bytes: val}})
		return b
	}
	certHash := sha256.Sum256(k.cert.Raw)
	type issuerSerial struct {
		Issuer []asn1.RawValue
		Serial *big.Int
	}
	type certID struct {
		CertHash     []byte
		IssuerSerial issuerSerial
	}
	scv2 := struct{ Certs []certID }{[]certID{{certHash[:], issuerSerial{
		[]asn1.RawValue{{Class: asn1.ClassContextSpecific, Tag: 4, IsCompound: true, Bytes: k.cert.RawIssuer}}, k.cert.SerialNumber}}}}
	attrs := [][]byte{attr(oidContentType, oidData), attr(oidMessageDigest, digest), attr(oidSigningCertV2, scv2)}
	sort.Slice(attrs, func(i, j int) bool { return bytes.Compare(attrs[i], attrs[j]) < 0 })
	set := bytes.Join(attrs, nil)
	toSign, _ := asn1.Marshal(asn1.RawValue{Class: asn1.ClassUniversal, Tag: asn1.TagSet, IsCompound: true, Bytes: set})
	h := sha256.Sum256(toSign)
	sig, err := k.signer.Sign(rand.Reader, h[:], crypto.SHA256)
	if err != nil {
		return nil, err
	}
	type sid struct {
		Issuer asn1.RawValue
		Serial *big.Int
	}
	si, err := asn1.Marshal(struct {
		Version   int
		SID       sid
		Digest    pkix.AlgorithmIdentifier
		Attrs     asn1.RawValue
		SigAlg    pkix.AlgorithmIdentifier
		Signature []byte
	}{1, sid{asn1.RawValue{FullBytes: k.cert.RawIssuer}, k.cert.SerialNumber}, pkix.AlgorithmIdentifier{Algorithm: oidSHA256},
		asn1.RawValue{Class: asn1.ClassContextSpecific, Tag: 0, IsCompound: true, Bytes: set},
		pkix.AlgorithmIdentifier{Algorithm: oidSHA256WithRSA, Parameters: asn1.RawValue{Tag: asn1.TagNull}}, sig})
	if err != nil {
		return nil, err
	}
	var certs []byte
	for _, c := range append([]*x509.Certificate{k.cert}, k.chain...) {
		certs = append(certs, c.Raw...)
	}
	sd, err := asn1.Marshal(struct {
		Version     int
		Digests     []pkix.AlgorithmIdentifier `asn1:"set"`
		Encap       struct{ Type asn1.ObjectIdentifier }
		Certs       asn1.RawValue
		SignerInfos []asn1.RawValue `asn1:"set"`
	}{1, []pkix.AlgorithmIdentifier{{Algorithm: oidSHA256}}, struct{ Type asn1.ObjectIdentifier }{oidData},
		asn1.RawValue{Class: asn1.ClassContextSpecific, Tag: 0, IsCompound: true, Bytes: certs}, []asn1.RawValue{{FullBytes: si}}})
	if err != nil {
		return nil, err
	}
	// content is [0] EXPLICIT; asn1.Marshal ignores tags on a RawValue, so wrap by hand.
	return asn1.Marshal(struct {
		Type    asn1.ObjectIdentifier
		Content asn1.RawValue
	}{oidSignedData, asn1.RawValue{Class: asn1.ClassContextSpecific, Tag: 0, IsCompound: true, Bytes: sd}})
}

// byteRangeHole is the placeholder sigDict writes; seal fills it in.
const byteRangeHole = "/ByteRange [0 0000000000 0000000000 0000000000]"

// sigDict is a PAdES signature dictionary with room for this key's CMS.
func (k *sigKey) sigDict() string {
	return fmt.Sprintf("<< /Type /Sig /Filter /Adobe.PPKLite /SubFilter /ETSI.CAdES.detached /M (D:20260601100000+02'00') %s /Contents <%s> >>",
		byteRangeHole, bytes.Repeat([]byte("0"), 2*k.length))
}

// seal signs the one signature dictionary written by sigDict in file[from:]:
// it fills /ByteRange (the whole file but the /Contents hole) and /Contents.
// running holds the SHA-256 of file[:from] and is advanced over file[from:],
// so that a chain of revisions costs linear time.
func (k *sigKey) seal(file []byte, from int, running hash.Hash) error {
	i := bytes.Index(file[from:], []byte(byteRangeHole))
	if i < 0 {
		return fmt.Errorf("no signature dictionary after byte %d", from)
	}
	i += from
	a := i + bytes.Index(file[i:], []byte("/Contents <")) + len("/Contents ")
	b := a + 2*k.length + 2
	br := fmt.Sprintf("/ByteRange [0 %d %d %d]", a, b, len(file)-b)
	copy(file[i:], br+string(bytes.Repeat([]byte(" "), len(byteRangeHole)-len(br))))
	state, err := running.(encoding.BinaryMarshaler).MarshalBinary()
	if err != nil {
		return err
	}
	h := sha256.New()
	if err := h.(encoding.BinaryUnmarshaler).UnmarshalBinary(state); err != nil {
		return err
	}
	h.Write(file[from:a])
	h.Write(file[b:])
	der, err := k.cms(h.Sum(nil))
	if err != nil {
		return err
	}
	hex.Encode(file[a+1:b-1], der)
	running.Write(file[from:])
	return nil
}

// signedChain is the ordinary document signed n times, each signature an
// incremental update. The fields hang from groups of 32 made in the first
// revision ("g0.s0" …), so that no revision rewrites a growing /Fields
// array; the groups are /FT /Sig fields themselves, so that adding a kid is
// a change a later signature may make. name gives each field's /T.
func (k *sigKey) signedChain(n int, name func(i int) string) []byte {
	groups := (n + 31) / 32
	w := ordinary("/AcroForm 6 0 R", "")
	var fields bytes.Buffer
	for g := 0; g < groups; g++ {
		fmt.Fprintf(&fields, "%d 0 R ", 7+g)
	}
	w.obj(6, "<< /Fields ["+fields.String()+"] /SigFlags 3 >>")
	for g := 0; g < groups; g++ {
		w.obj(7+g, fmt.Sprintf("<< /FT /Sig /T (g%d) /Kids [] >>", g))
	}
	prev := w.xref("/Root 1 0 R")
	running := sha256.New()
	running.Write(w.bytes())
	kids := make([][]int, groups)
	next := 7 + groups
	for i := 0; i < n; i++ {
		from := w.b.Len()
		g := i / 32
		sig, field := next, next+1
		next += 2
		kids[g] = append(kids[g], field)
		w.obj(sig, k.sigDict())
		w.obj(field, fmt.Sprintf("<< /FT /Sig /T (%s) /Parent %d 0 R /V %d 0 R /Type /Annot /Subtype /Widget /Rect [0 0 0 0] /F 132 >>", name(i), 7+g, sig))
		var refs bytes.Buffer
		for _, kid := range kids[g] {
			fmt.Fprintf(&refs, "%d 0 R ", kid)
		}
		w.obj(7+g, fmt.Sprintf("<< /FT /Sig /T (g%d) /Kids [%s] >>", g, refs.String()))
		prev = w.update([]int{sig, field, 7 + g}, next, fmt.Sprintf("/Root 1 0 R /Prev %d", prev))
		if err := k.seal(w.b.Bytes(), from, running); err != nil {
			panic(err) // the builder's own placeholder: a bug here, not a case
		}
	}
	return w.bytes()
}
