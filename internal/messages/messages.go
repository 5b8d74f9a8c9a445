// Package messages says, in Catalan, what went wrong: one table for the
// command line and the web, so that a person reads the same words for the
// same refusal wherever it reaches them. Errors stay English inside the
// code; they become Catalan here, at the edge.
package messages

import (
	"errors"

	"github.com/segell/segell/signer"
	"github.com/segell/segell/stamp"
	"github.com/segell/segell/storage"
	"github.com/segell/segell/templates"
	"github.com/segell/segell/workflow"
)

// Describe turns an error of an operation ("sign", "verify", "copy",
// "render", "stamp", a web route…) into a message for people, in Catalan,
// keeping the technical detail after it.
func Describe(op string, err error) string {
	if say, ok := sentence(op, err); ok {
		var rule *workflow.RuleError
		if errors.As(err, &rule) {
			return say + " (" + rule.What + ")"
		}
		return say + " (" + err.Error() + ")"
	}
	return err.Error()
}

// Say is the Catalan sentence alone, without the technical detail: what a
// public page may show. It is "" for an error the table does not know.
func Say(op string, err error) string {
	say, _ := sentence(op, err)
	return say
}

func sentence(op string, err error) (string, bool) {
	encrypted := "el PDF està xifrat; cal desxifrar-lo abans de signar-lo"
	switch op {
	case "verify":
		encrypted = "el PDF està xifrat i cal una contrasenya per obrir-lo: sense ella no se'n poden verificar les signatures"
	case "copy", "render", "stamp":
		encrypted = "el PDF està xifrat; cal desxifrar-lo abans de fer-ne una còpia autèntica"
	}
	messages := []struct {
		target error
		text   string
	}{
		{signer.ErrWrongPIN, "el PIN o la contrasenya no són correctes"},
		{signer.ErrEncrypted, encrypted},
		{signer.ErrLimit, "el PDF supera un límit de seguretat (massa objectes, massa nivells o massa dades) i no es processa"},
		{signer.ErrPlacement, "la posició de la signatura visible no és vàlida"},
		{signer.ErrNotPDF, "el fitxer no és un PDF"},
		{signer.ErrTruncated, "el PDF està truncat (incomplet)"},
		{signer.ErrBrokenXref, "la taula de referències del PDF està malmesa"},
		{signer.ErrMalformed, "el PDF conté un objecte mal format"},
		{signer.ErrKeyMismatch, "la clau privada no correspon al certificat"},
		{signer.ErrCertExpired, "el certificat ha caducat o encara no és vigent"},
		{signer.ErrCertUsage, "el certificat no permet signar documents"},
		{signer.ErrNoSignatures, "el PDF no té cap signatura"},
		{signer.ErrCertified, "el document està certificat i no admet més signatures"},
		{signer.ErrAlreadySigned, "només la primera signatura d'un document pot certificar-lo"},
		{signer.ErrTSA, "l'autoritat de segellat de temps ha fallat"},
		{signer.ErrPageRange, "la pàgina indicada no existeix"},
		{stamp.ErrSigned, "el PDF ja està signat: estampar-lo n'invalidaria les signatures; el document original signat ja és verificable tal com és"},
		{stamp.ErrPageSize, "una pàgina del PDF és massa petita per estampar-hi el CSV (menys d'una polzada)"},
		{stamp.ErrENI, "el codi DIR3 o l'identificador ENI no és vàlid"},
		{stamp.ErrCSVLength, "el CSV no té la llargada correcta"},
		{stamp.ErrCSVChar, "el CSV té un caràcter que no hi pot aparèixer"},
		{stamp.ErrCSVCheck, "el CSV no és correcte: hi ha un caràcter equivocat o dos d'intercanviats"},
		{storage.ErrNotFound, "no hi ha cap document amb aquest CSV"},
		{storage.ErrUnavailable, "l'emmagatzematge d'objectes no respon"},
		{storage.ErrExists, "ja existeix: els documents desats no se sobreescriuen mai"},
		{templates.ErrJSON, "les dades del document han de ser un únic objecte JSON ben format, sense claus repetides ni res al darrere"},
		{templates.ErrUnprintable, "el document conté un caràcter que les lletres del document no poden imprimir"},
		{templates.ErrMissing, "a les dades del document hi falta un camp o n'hi ha un de no vàlid"},
	}
	var rule *workflow.RuleError
	if errors.As(err, &rule) {
		return "no es pot fer: " + Rule(rule.Rule), true
	}
	for _, m := range messages {
		if errors.Is(err, m.target) {
			return m.text, true
		}
	}
	return "", false
}
