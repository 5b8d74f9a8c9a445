package signer_test

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/segell/segell/internal/testenv"
	"github.com/segell/segell/signer"
)

// attackCase is one entry of signer/testdata/attacks/cases.json, written by
// signer/testdata/attacks/gen.
type attackCase struct {
	File       string         `json:"file"`
	Class      string         `json:"class"`
	Source     string         `json:"source"`
	Signatures []attackExpect `json:"signatures"`
}

// attackExpect is the verdict expected for the signature of one field.
type attackExpect struct {
	Field   string `json:"field"`
	Verdict string `json:"verdict"` // "intact" or "failed"
	Reason  string `json:"reason"`  // keywords of laterChanges or errors, "|" between alternatives
}

// TestAttacks verifies every attack and legitimately extended file of
// testdata/attacks against the verdict cases.json expects for each
// signature, and the files other products sign (attacks_producers_test.go).
// For intact signatures pdfsig and openssl must agree with Verify.
func TestAttacks(t *testing.T) {
	dir := filepath.Join(testenv.RepoRoot(t), "signer", "testdata", "attacks")
	raw, err := os.ReadFile(filepath.Join(dir, "cases.json"))
	if err != nil {
		t.Fatal(err)
	}
	var cases []attackCase
	if err := json.Unmarshal(raw, &cases); err != nil {
		t.Fatal(err)
	}
	nss := testenv.NSSDB(t, filepath.Join(examplePKI(t), "root-ca.pem"))
	// The issuing CA too, for signatures whose CMS carries only the leaf
	// (podofosign's): pdfsig then judges the signature, not a missing issuer.
	run(t, testenv.Tool(t, "certutil"), "-A", "-d", nss, "-n", "segell-issuing", "-t", ",,", "-i", filepath.Join(examplePKI(t), "issuing-ca.pem"))
	for _, c := range cases {
		t.Run(strings.TrimSuffix(c.File, ".pdf"), func(t *testing.T) {
			pdf, err := os.ReadFile(filepath.Join(dir, c.File))
			if err != nil {
				t.Fatal(err)
			}
			checkVerdicts(t, nss, c, pdf)
		})
	}
	t.Run("producers", func(t *testing.T) { testProducers(t, nss, dir) })
}

// checkVerdicts asserts the verdict of each signature.
func checkVerdicts(t *testing.T, nss string, c attackCase, pdf []byte) {
	rep, verr := signer.Verify(bytes.NewReader(pdf), int64(len(pdf)), signer.VerifyOptions{Roots: exampleRoots(t), Intermediates: issuingCA(t)})
	ps := pdfsigByField(t, nss, pdf)
	for _, want := range c.Signatures {
		got, ok := verdictOf(rep, verr, want.Field, want.Verdict, want.Reason)
		key := c.File + "/" + want.Field
		if !ok {
			t.Errorf("%s: want %s (%s), got %s", key, want.Verdict, want.Reason, got)
		}
		t.Logf("verdict %s: want %s (%s); Verify: %s; pdfsig: %s", key, want.Verdict, want.Reason, got, ps[want.Field].summary())
		if want.Verdict == "intact" {
			agreeOnIntact(t, key, rep, ps, want.Field, pdf)
		}
	}
	if strings.HasPrefix(c.File, "swa-") {
		// poppler is wrong here, knowingly: it hashes whatever the /ByteRange
		// names and does not check that the ranges exclude exactly the
		// signature's own /Contents, so signature wrapping passes pdfsig.
		for field, r := range ps {
			if !r.valid {
				t.Errorf("pdfsig no longer accepts signature wrapping (%s): update this assertion\n%s", field, r.text)
			}
		}
	}
}

// verdictOf returns whether the report gives field the verdict wanted and a
// description of what it says.
func verdictOf(rep *signer.Report, verr error, field, verdict, reason string) (string, bool) {
	if verr != nil {
		return "Verify error: " + verr.Error(), false
	}
	for _, s := range rep.Signatures {
		if s.Field != field {
			continue
		}
		said := strings.Join(append(append([]string(nil), s.Errors...), s.LaterChanges...), "; ")
		got := "valid"
		if !s.Valid() {
			got = "not valid"
		}
		got += " (integrity " + yesNo(s.Integrity) + ", trusted " + yesNo(s.Trusted) + ", changes " + s.ChangesAfter + ")"
		if said != "" {
			got += ": " + said
		}
		if verdict == "intact" {
			return got, s.Integrity && s.Trusted && s.ChangesAfter != "modified"
		}
		found := false
		for _, kw := range strings.Split(reason, "|") {
			found = found || strings.Contains(strings.ToLower(said), strings.ToLower(kw))
		}
		return got, !s.Valid() && found
	}
	return "not reported", false
}

func yesNo(b bool) string {
	if b {
		return "yes"
	}
	return "no"
}

// agreeOnIntact checks that poppler's pdfsig and openssl agree that the
// signature of field is intact.
func agreeOnIntact(t *testing.T, key string, rep *signer.Report, ps map[string]pdfsigResult, field string, pdf []byte) {
	var sr *signer.SignatureReport
	for i := range rep.Signatures {
		if rep.Signatures[i].Field == field {
			sr = &rep.Signatures[i]
		}
	}
	if sr == nil {
		return // already reported as a wrong verdict
	}
	if sr.Kind == "document-timestamp" {
		// pdfsig 22.12 does not verify ETSI.RFC3161 ("Unable to validate this
		// type of signature"): openssl ts checks the token instead.
		opensslTimestamp(t, pdf, sr.ByteRange)
		return
	}
	r, ok := ps[field]
	if !ok || !r.valid || !r.trusted {
		t.Errorf("%s: pdfsig disagrees, the signature is not valid and trusted:\n%s", key, r.text)
	}
	opensslCMS(t, pdf, sr.ByteRange)
}
