package i18n

// nlTxt is the Dutch of the history in words, the confirmations asked
// before what cannot be undone, and the keys' own texts.
var nlTxt = map[string]string{
	"Order":                          "Bestelling",
	"Created here":                   "Hier aangemaakt",
	"Imported with a transfer token": "Geïmporteerd met een overdrachtstoken",
	"removed (was %s)":               "verwijderd (was %s)",
}
