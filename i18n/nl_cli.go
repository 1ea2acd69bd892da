package i18n

// nlCLI is the Dutch of the command line's own texts: the help of each
// command, its usage mistakes and the words around fang's help.
var nlCLI = map[string]string{
	// fang's headings (its help writes them in upper case)
	"USAGE":    "GEBRUIK",
	"EXAMPLES": "VOORBEELDEN",
	"COMMANDS": "OPDRACHTEN",
	"FLAGS":    "FLAGS",

	"onboard adds and imports Google Workspace customers for a reseller.": "onboard voegt Google Workspace-klanten toe en importeert ze, voor een reseller.",
	"onboard adds and imports Google Workspace customers for a reseller: without a command, the full-screen app.\n\nExit codes: 0 success, 1 a rule or data problem, 2 a usage error.":                                              "onboard voegt Google Workspace-klanten toe en importeert ze, voor een reseller: zonder opdracht de app op het volle scherm.\n\nAfsluitcodes: 0 gelukt, 1 een probleem met een regel of de gegevens, 2 een fout in het gebruik.",
	"# the full-screen app\nonboard --db customers.db\n# add a customer from the command line\nonboard customers add --kind domain --org \"Bakkerij De Vries\" --domain devries.nl\nonboard customers list --query bakkerij --json": "# de app op het volle scherm\nonboard --db customers.db\n# een klant toevoegen vanaf de opdrachtregel\nonboard customers add --kind domain --org \"Bakkerij De Vries\" --domain devries.nl\nonboard customers list --query bakkerij --json",

	"%s needs a command: %s":               "%s heeft een opdracht nodig: %s",
	"unknown command %q; did you mean %s?": "onbekende opdracht %q; bedoelde u %s?",
	"Usage:":                               "Gebruik:",
	"Flags:":                               "Flags:",
	"Commands:":                            "Opdrachten:",
	"Run “%s --help” for the help of this command.": "Voer ‘%s --help’ uit voor de hulp bij deze opdracht.",
	"show the help of a command":                    "de hulp bij een opdracht tonen",
	"print onboard's version":                       "de versie van onboard afdrukken",

	"list, show, add, import and change customers":                                                      "klanten tonen, toevoegen, importeren en wijzigen",
	"list customers, sorted and searched":                                                               "klanten opsommen, gesorteerd en doorzocht",
	"show every field of one customer":                                                                  "elk veld van één klant tonen",
	"add a customer (the same rules as the app)":                                                        "een klant toevoegen (dezelfde regels als de app)",
	"import a customer that has a Cloud Identity account, with its transfer token":                      "een klant met een Cloud Identity-account importeren, met zijn overdrachtstoken",
	"change fields of a customer (the same rules as the app)":                                           "velden van een klant wijzigen (dezelfde regels als de app)",
	"record that the details were confirmed with the customer today":                                    "vastleggen dat de gegevens vandaag met de klant zijn bevestigd",
	"every change of a customer: who, when, what":                                                       "elke wijziging van een klant: wie, wanneer, wat",
	"customers not confirmed for [upkeep] confirm_after_days, oldest first":                             "klanten die [upkeep] confirm_after_days niet zijn bevestigd, oudste eerst",
	"send a customer to Google ([google] in the config)":                                                "een klant naar Google sturen ([google] in de configuratie)",
	"what Google has that differs; --take stores it":                                                    "wat Google anders heeft; --take slaat het op",
	"import or export customers as CSV":                                                                 "klanten importeren of exporteren als CSV",
	"add every customer of a CSV file, or none (- for standard input)":                                  "elke klant uit een CSV-bestand toevoegen, of geen enkele (- voor standaardinvoer)",
	"customers as CSV (stdout without FILE)":                                                            "klanten als CSV (standaarduitvoer zonder BESTAND)",
	"wizards left unfinished, newest first":                                                             "onafgemaakte wizards, nieuwste eerst",
	"a consistent copy of the database, while others work":                                              "een consistente kopie van de database, terwijl anderen werken",
	"the app over SSH for the team ([ssh] in the config)":                                               "de app via SSH voor het team ([ssh] in de configuratie)",
	"add realistic demo customers":                                                                      "realistische demoklanten toevoegen",
	"the shell completion script for bash, zsh, fish or powershell":                                     "het aanvulscript voor de shell: bash, zsh, fish of powershell",
	"the completion script for %s":                                                                      "het aanvulscript voor %s",
	"The completion script for %s. %s":                                                                  "Het aanvulscript voor %s. %s",
	"the man page of onboard (roff): onboard man | man -l -":                                            "de man-pagina van onboard (roff): onboard man | man -l -",
	"Load it in the current shell with: source <(onboard completion bash)":                              "Laad het in de huidige shell met: source <(onboard completion bash)",
	"Load it in the current shell with: source <(onboard completion zsh)":                               "Laad het in de huidige shell met: source <(onboard completion zsh)",
	"Load it in the current shell with: onboard completion fish | source":                               "Laad het in de huidige shell met: onboard completion fish | source",
	"Load it in the current shell with: onboard completion powershell | Out-String | Invoke-Expression": "Laad het in de huidige shell met: onboard completion powershell | Out-String | Invoke-Expression",

	"no customer has the ID %s":                                                 "geen klant heeft de ID %s",
	"no customer has the domain %s":                                             "geen klant heeft het domein %s",
	"no team customer has the primary email %s":                                 "geen teamklant heeft het primaire e-mailadres %s",
	"%q is not an ID, a domain or a team's email address":                       "%q is geen ID, domein of e-mailadres van een team",
	"--kind must be domain or team":                                             "--kind moet domain of team zijn",
	"--limit must be at least 1":                                                "--limit moet minstens 1 zijn",
	"at most `N` customers (any number: the rows are written as they are read)": "hoogstens `N` klanten (elk aantal: de rijen worden geschreven terwijl ze worden gelezen)",
}
