package signer

import (
	"github.com/segell/segell/internal/pdfio"
)

// longTermLevels raises B-T signatures to B-LT when a later revision added
// a /DSS with certificates and revocation data, and to B-LTA when a valid
// document time-stamp was added after that (ETSI EN 319 142-1, 5.4–5.5).
// Whether that validation data is the right data for each certificate is
// the long-term validation's to check; the level says what the file holds.
func longTermLevels(f *pdfio.File, sigs []foundSig, reports []SignatureReport) {
	dssRev := -1 // the newest revision (smallest index) whose catalog holds validation data
	for rev := f.Revisions() - 1; rev >= 0; rev-- {
		if hasValidationData(f.Revision(rev)) {
			dssRev = rev
			break // the oldest revision with a /DSS: any signature before it gains B-LT
		}
	}
	if dssRev < 0 {
		return
	}
	for i, s := range sigs {
		sr := &reports[i]
		if sr.Level != "B-T" || s.rev <= dssRev {
			continue
		}
		sr.Level = "B-LT"
		for j, ts := range sigs {
			r := reports[j]
			if r.Kind == "document-timestamp" && r.Integrity && r.TimestampValid && ts.rev < dssRev {
				sr.Level = "B-LTA"
			}
		}
	}
}

// hasValidationData tells whether a revision's catalog has a /DSS with
// certificates and OCSP responses or CRLs.
func hasValidationData(view *pdfio.File) bool {
	cat, err := view.Catalog()
	if err != nil {
		return false
	}
	dss, err := view.Dict(cat["DSS"], "DSS")
	if err != nil {
		return false
	}
	certs, _ := view.Array(dss["Certs"], "DSS /Certs")
	ocsps, _ := view.Array(dss["OCSPs"], "DSS /OCSPs")
	crls, _ := view.Array(dss["CRLs"], "DSS /CRLs")
	return len(certs) > 0 && len(ocsps)+len(crls) > 0
}
