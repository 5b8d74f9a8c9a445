package messages

import "strings"

// rules says each rule of the protocol that the workflow enforces in the
// words of the protocol; a test holds it to every rule the workflow names.
var rules = map[string]string{
	"§5 the commission may skip at most two months in a row":                                                                   "§5 la comissió no es pot saltar més de dos mesos seguits",
	"§6.1 the applicants identify themselves with a valid identity document (a DNI or NIE has the check letter of its number)": "§6.1 les persones sol·licitants s'identifiquen amb un document vàlid (la lletra d'un DNI o NIE correspon al seu número)",
	"§6.6 assign the check to Policia Local, Habitatge, SBAS or SSE":                                                           "§6.6 la comprovació s'assigna a la Policia Local, Habitatge, SBAS o SSE",
	"§6.6 the first session assigns the check":                                                                                 "§6.6 la primera sessió assigna la comprovació",
	"§6.7 with minors or vulnerability, Benestar i Família makes the visit":                                                    "§6.7 amb menors o vulnerabilitat, la visita la fa Benestar i Família",
	"§6.8 the visit belongs to an assigned section":                                                                            "§6.8 la visita la fa una secció assignada",
	"§6.8 visits are made by the sections the commission assigned":                                                             "§6.8 les visites les fan les seccions que la comissió ha assignat",
	"§6.9 the report comes from an assigned section":                                                                           "§6.9 l'informe el retorna una secció assignada",
	"§6.10 a decision needs the section's report":                                                                              "§6.10 per decidir cal l'informe de la secció",
	"§6.10 at most three sessions per expedient: the third must decide":                                                        "§6.10 com a màxim tres sessions per expedient: la tercera ha de decidir",
	"§6.10 the commission decides the cases on its agenda":                                                                     "§6.10 la comissió decideix els casos del seu ordre del dia",
	"§6.12 two visits on different days and time bands":                                                                        "§6.12 dues visites en dies i franges horàries diferents",
	"§6.13 refused inspection or blocked access is decided unfavourably":                                                       "§6.13 la inspecció refusada o l'accés impedit es resolen desfavorablement",
	"§6.13 refused inspection or blocked access: no second visit":                                                              "§6.13 inspecció refusada o accés impedit: no hi ha segona visita",
	"§6.16 archive after trying to contact the applicant":                                                                      "§6.16 s'arxiva després d'intentar contactar la persona sol·licitant",
	"§6.16 archive only when three months have passed since the registration entry":                                            "§6.16 només s'arxiva quan han passat tres mesos des del registre d'entrada",
	"§6.16 only a favourable expedient without contact is archived":                                                            "§6.16 només s'arxiva un expedient favorable sense contacte",
	"§6.16 the applicant is contacted after a favourable decision":                                                             "§6.16 es contacta la persona sol·licitant després d'una decisió favorable",
	"§6.17 inscription at the declared address or at F. 54557 / F. 34275":                                                      "§6.17 l'empadronament es fa al domicili declarat o a F. 54557 / F. 34275",
	"§6.19 the edict follows a failed notification of a signed decree":                                                         "§6.19 l'edicte segueix una notificació fallida d'un decret signat",
	"a denial states its grounds":                                                                                              "una denegació n'exposa els motius",
	"a session closes once":                                                                                                    "una sessió es tanca una sola vegada",
	"a volant is issued once the person is inscribed":                                                                          "el volant s'expedeix quan la persona ja és empadronada",
	"agreements are taken in an open session":                                                                                  "els acords es prenen en una sessió oberta",
}

// Rule gives a rule of the protocol in Catalan; a change of state the
// transition table does not allow is said as such.
func Rule(rule string) string {
	if ca, ok := rules[rule]; ok {
		return ca
	}
	if strings.HasPrefix(rule, "from ") {
		return "l'expedient no pot fer aquest pas des de l'estat en què es troba"
	}
	return rule
}
