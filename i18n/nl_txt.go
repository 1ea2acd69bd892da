package i18n

// nlTxt is the Dutch of the history in words, the confirmations asked
// before what cannot be undone, and the keys' own texts.
var nlTxt = map[string]string{
	"Order":                          "Bestelling",
	"Created here":                   "Hier aangemaakt",
	"Imported with a transfer token": "Geïmporteerd met een overdrachtstoken",
	"removed (was %s)":               "verwijderd (was %s)",

	"Answer first: y records the details as confirmed today, n does not.": "Eerst antwoorden: j legt vast dat de gegevens vandaag zijn bevestigd, n niet.",
	"yes, confirmed today":                 "ja, vandaag bevestigd",
	"Not confirmed: nothing was recorded.": "Niet bevestigd: er is niets vastgelegd.",
	"Did you check organisation, domain and admin address with the customer today?": "Heb je organisatie, domein en beheerdersadres vandaag met de klant nagelopen?",
	"Answer first: y discards the draft for good, n keeps it.":                      "Eerst antwoorden: j gooit het concept definitief weg, n bewaart het.",
	"Discard this draft for good? What was typed in it is lost.":                    "Dit concept definitief weggooien? Wat erin getypt is, gaat verloren.",
	"%s discard   %s keep it": "%s weggooien   %s bewaren",
	"discard for good":        "definitief weggooien",
	"keep it":                 "bewaren",
}
