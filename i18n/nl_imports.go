package i18n

// nlImports is the Dutch of the texts of CSV imports under way: their
// lock, their end and their undoing by another process.
var nlImports = map[string]string{
	"another process undid this import while it ran: none of its rows are stored": "een ander proces heeft deze import tijdens het lopen ongedaan gemaakt: geen van de rijen is opgeslagen",
	"take the import lock: %w":              "importslot nemen: %w",
	"the import recorded %d of its %d rows": "de import legde %d van zijn %d rijen vast",
	"end the import: %w":                    "import afronden: %w",
}
