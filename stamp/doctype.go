package stamp

import "fmt"

// DocumentTypes are the NTI document types (TipoDocumental) with the names
// printed on the stamp, in Catalan.
var DocumentTypes = map[string]string{
	"TD01": "Resolució", "TD02": "Acord", "TD03": "Contracte", "TD04": "Conveni",
	"TD05": "Declaració", "TD06": "Comunicació", "TD07": "Notificació", "TD08": "Publicació",
	"TD09": "Justificant de recepció", "TD10": "Acta", "TD11": "Certificat", "TD12": "Diligència",
	"TD13": "Informe", "TD14": "Sol·licitud", "TD15": "Denúncia", "TD16": "Al·legació",
	"TD17": "Recurs", "TD18": "Comunicació ciutadà", "TD19": "Factura", "TD20": "Altres confiscats",
	"TD99": "Altres",
}

// DocumentTypeName returns the printed name of an NTI type code (TD01 … TD99).
func DocumentTypeName(code string) (string, error) {
	name, ok := DocumentTypes[code]
	if !ok {
		return "", fmt.Errorf("document type %q: want an NTI code TD01 … TD20 or TD99", code)
	}
	return name, nil
}
