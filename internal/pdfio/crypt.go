package pdfio

import (
	"bytes"
	"crypto/aes"
	"crypto/cipher"
	"crypto/md5"
	"crypto/rc4"
	"crypto/sha256"
	"crypto/sha512"
	"encoding/binary"
	"fmt"
	"hash"

	"github.com/pdfcpu/pdfcpu/pkg/pdfcpu/types"
)

// decrypter undoes the standard security handler (ISO 32000-2, 7.6.4) of a
// file that opens with the empty user password: most "protected" PDFs only
// restrict printing or copying, and their signatures must still be
// verified. A file that needs a password stays ErrEncrypted.
type decrypter struct {
	key       []byte
	v         int
	strMethod string // "RC4", "AES" or "" (identity), for strings
	stmMethod string // the same, for streams
	encrypt   int    // the /Encrypt dictionary's object: never decrypted
	metadata  bool   // /EncryptMetadata
}

// padding is the password padding of Algorithm 2.
var padding = []byte{0x28, 0xBF, 0x4E, 0x5E, 0x4E, 0x75, 0x8A, 0x41, 0x64, 0x00, 0x4E, 0x56, 0xFF, 0xFA, 0x01, 0x08,
	0x2E, 0x2E, 0x00, 0xB6, 0xD0, 0x68, 0x3E, 0x80, 0x2F, 0x0C, 0xA9, 0xFE, 0x64, 0x53, 0x69, 0x7A}

// newDecrypter reads the /Encrypt dictionary and derives the file key for
// the empty user password.
func (f *File) newDecrypter() (*decrypter, error) {
	tr := f.Trailer()
	d, err := f.Dict(tr["Encrypt"], "/Encrypt")
	if err != nil {
		return nil, err
	}
	dc := &decrypter{encrypt: -1, metadata: true}
	if r, ok := tr["Encrypt"].(types.IndirectRef); ok {
		dc.encrypt = r.ObjectNumber.Value()
	}
	if nameOf(d["Filter"]) != "Standard" {
		return nil, fmt.Errorf("%w: security handler /%s", ErrEncrypted, nameOf(d["Filter"]))
	}
	v, _ := f.Integer(d["V"])
	r, _ := f.Integer(d["R"])
	p, _ := f.Integer(d["P"])
	dc.v = int(v)
	if b, ok := d["EncryptMetadata"].(types.Boolean); ok {
		dc.metadata = bool(b)
	}
	o, u := stringBytes(d["O"]), stringBytes(d["U"])
	var id0 []byte
	if ids, ok := tr["ID"].(types.Array); ok && len(ids) > 0 {
		id0 = stringBytes(ids[0])
	}
	dc.strMethod, dc.stmMethod = "RC4", "RC4"
	if v >= 4 {
		dc.strMethod = f.cryptMethod(d, "StrF")
		dc.stmMethod = f.cryptMethod(d, "StmF")
	}
	switch {
	case r >= 5 && len(u) >= 48:
		dc.key, err = aes256Key(int(r), u, stringBytes(d["UE"]))
	case r >= 2 && r <= 4:
		n := 5
		if l, ok := f.Integer(d["Length"]); ok && r >= 3 && l >= 40 && l <= 128 {
			n = int(l) / 8
		}
		dc.key, err = rc4Key(int(r), n, o, u, uint32(p), id0, dc.metadata)
	default:
		err = fmt.Errorf("%w: revision %d of the standard security handler", ErrEncrypted, r)
	}
	if err != nil {
		return nil, err
	}
	return dc, nil
}

// cryptMethod names what the crypt filter that key names does.
func (f *File) cryptMethod(d types.Dict, key string) string {
	name := nameOf(d[key])
	if name == "" || name == "Identity" {
		return ""
	}
	cf, _ := f.Dict(d["CF"], "/CF")
	filter, _ := f.Dict(cf[name], "crypt filter")
	switch nameOf(filter["CFM"]) {
	case "AESV2", "AESV3":
		return "AES"
	case "V2":
		return "RC4"
	}
	return ""
}

// rc4Key is Algorithm 2 for the empty password, checked by Algorithm 6.
func rc4Key(r, n int, o, u []byte, p uint32, id0 []byte, metadata bool) ([]byte, error) {
	h := md5.New()
	h.Write(padding)
	h.Write(o)
	binary.Write(h, binary.LittleEndian, p)
	h.Write(id0)
	if r >= 4 && !metadata {
		h.Write([]byte{0xff, 0xff, 0xff, 0xff})
	}
	key := h.Sum(nil)[:n]
	if r >= 3 {
		for i := 0; i < 50; i++ {
			s := md5.Sum(key)
			key = s[:n]
		}
	}
	var check []byte
	if r == 2 {
		check = rc4XOR(key, padding)
	} else {
		s := md5.Sum(append(append([]byte(nil), padding...), id0...))
		check = rc4XOR(key, s[:])
		for i := 1; i <= 19; i++ {
			k := make([]byte, len(key))
			for j := range key {
				k[j] = key[j] ^ byte(i)
			}
			check = rc4XOR(k, check)
		}
	}
	want := u
	if r >= 3 {
		want = u[:min(16, len(u))]
		check = check[:len(want)]
	}
	if !bytes.Equal(check, want) {
		return nil, fmt.Errorf("%w: it needs a password to be opened", ErrEncrypted)
	}
	return key, nil
}

// aes256Key is Algorithm 2.A for the empty password (revisions 5 and 6).
func aes256Key(r int, u, ue []byte) ([]byte, error) {
	if !bytes.Equal(hashR(r, u[32:40]), u[:32]) {
		return nil, fmt.Errorf("%w: it needs a password to be opened", ErrEncrypted)
	}
	if len(ue) != 32 {
		return nil, fmt.Errorf("%w: /UE is not 32 bytes", ErrEncrypted)
	}
	block, err := aes.NewCipher(hashR(r, u[40:48]))
	if err != nil {
		return nil, err
	}
	key := make([]byte, 32)
	cipher.NewCBCDecrypter(block, make([]byte, 16)).CryptBlocks(key, ue)
	return key, nil
}

// hashR hashes the empty password with a salt: SHA-256 for revision 5,
// Algorithm 2.B for revision 6.
func hashR(r int, salt []byte) []byte {
	k := sha256.Sum256(salt)
	if r == 5 {
		return k[:]
	}
	key := k[:]
	for round := 0; ; round++ {
		k1 := bytes.Repeat(key, 64)
		block, _ := aes.NewCipher(key[:16])
		e := make([]byte, len(k1))
		cipher.NewCBCEncrypter(block, key[16:32]).CryptBlocks(e, k1)
		sum := 0
		for _, b := range e[:16] {
			sum += int(b)
		}
		var h hash.Hash
		switch sum % 3 {
		case 0:
			h = sha256.New()
		case 1:
			h = sha512.New384()
		default:
			h = sha512.New()
		}
		h.Write(e)
		key = h.Sum(nil)
		if round >= 63 && int(e[len(e)-1]) <= round+1-32 {
			return key[:32]
		}
	}
}

func rc4XOR(key, data []byte) []byte {
	c, _ := rc4.NewCipher(key)
	out := make([]byte, len(data))
	c.XORKeyStream(out, data)
	return out
}

// objectKey is the key of one object's strings and streams.
func (dc *decrypter) objectKey(num, gen int, aesMethod bool) []byte {
	if dc.v >= 5 {
		return dc.key
	}
	b := append([]byte(nil), dc.key...)
	b = append(b, byte(num), byte(num>>8), byte(num>>16), byte(gen), byte(gen>>8))
	if aesMethod {
		b = append(b, "sAlT"...)
	}
	s := md5.Sum(b)
	return s[:min(len(dc.key)+5, 16)]
}

// decrypt undoes one string's or stream's encryption.
func (dc *decrypter) decrypt(method string, num, gen int, data []byte) ([]byte, error) {
	switch method {
	case "":
		return data, nil
	case "RC4":
		return rc4XOR(dc.objectKey(num, gen, false), data), nil
	}
	if len(data) < 16 || len(data)%16 != 0 {
		return nil, fmt.Errorf("%w: an encrypted string or stream of object %d is not whole AES blocks", ErrMalformed, num)
	}
	block, err := aes.NewCipher(dc.objectKey(num, gen, true))
	if err != nil {
		return nil, err
	}
	out := make([]byte, len(data)-16)
	cipher.NewCBCDecrypter(block, data[:16]).CryptBlocks(out, data[16:])
	if n := len(out); n > 0 && int(out[n-1]) >= 1 && int(out[n-1]) <= 16 && int(out[n-1]) <= n {
		out = out[:n-int(out[n-1])]
	}
	return out, nil
}

// decryptObject returns an object of the file with its strings in plain
// text; cross-reference streams are never encrypted.
func (dc *decrypter) decryptObject(o any, num, gen int) any {
	if d, ok := dictOf(o); ok && isType(d, "XRef") {
		return o
	}
	return dc.decryptStrings(o, num, gen, 0)
}

// stream decrypts a stream's raw data, unless it is one that stays plain:
// a cross-reference stream, or the metadata when /EncryptMetadata is false.
func (dc *decrypter) stream(s *Stream, data []byte) ([]byte, error) {
	if isType(s.Dict, "XRef") || !dc.metadata && isType(s.Dict, "Metadata") {
		return data, nil
	}
	return dc.decrypt(dc.stmMethod, s.Num, s.Gen, data)
}

func dictOf(o any) (types.Dict, bool) {
	switch v := o.(type) {
	case types.Dict:
		return v, true
	case *Stream:
		return v.Dict, true
	}
	return nil, false
}

// decryptStrings replaces every string of an object by its plain text,
// but a signature's /Contents, which is never encrypted.
func (dc *decrypter) decryptStrings(o any, num, gen, depth int) any {
	if depth > maxNesting || num == dc.encrypt || dc.strMethod == "" {
		return o
	}
	switch v := o.(type) {
	case types.StringLiteral, types.HexLiteral:
		plain, err := dc.decrypt(dc.strMethod, num, gen, stringBytes(v))
		if err != nil {
			return o
		}
		return types.NewHexLiteral(plain)
	case types.Array:
		out := make(types.Array, len(v))
		for i, e := range v {
			out[i], _ = dc.decryptStrings(e, num, gen, depth+1).(types.Object)
		}
		return out
	case types.Dict:
		sig := isType(v, "Sig") || isType(v, "DocTimeStamp") || v["ByteRange"] != nil
		out := make(types.Dict, len(v))
		for k, e := range v {
			if sig && k == "Contents" {
				out[k] = e
				continue
			}
			out[k], _ = dc.decryptStrings(e, num, gen, depth+1).(types.Object)
		}
		return out
	case *Stream:
		s := *v
		s.Dict = dc.decryptStrings(v.Dict, num, gen, depth+1).(types.Dict)
		return &s
	}
	return o
}

// stringBytes is a string's value as bytes.
func stringBytes(o any) []byte {
	switch v := o.(type) {
	case types.StringLiteral:
		b, err := types.Unescape(string(v))
		if err == nil {
			return b
		}
	case types.HexLiteral:
		b, err := v.Bytes()
		if err == nil {
			return b
		}
	}
	return nil
}

func nameOf(o any) string { n, _ := o.(types.Name); return string(n) }

func isType(d types.Dict, t string) bool {
	n, ok := d["Type"].(types.Name)
	return ok && string(n) == t
}
