package common

import (
	"fmt"
	"testing"
	"time"

	"onboard/i18n"
	"onboard/model"
)

// TestHistoryInWords: the audit trail reads as the detail screen speaks,
// in both languages: field labels, values in their words, times in the
// reader's zone, orders by their product's name.
func TestHistoryInWords(t *testing.T) {
	ams, err := time.LoadLocation("Europe/Amsterdam")
	if err != nil {
		t.Fatal(err)
	}
	ev := model.Event{At: time.Date(2026, 12, 4, 3, 2, 9, 0, time.UTC), Actor: "anna", Action: "create", Changes: []model.Change{
		{Field: "kind", New: "domain"},
		{Field: "origin", New: "create"},
		{Field: "org_name", New: "Acme BV"},
		{Field: "domain", New: "xn--bcher-kva.nl"},
		{Field: "institute_size", New: "SIZE_2001_5000"},
		{Field: "status", New: "local"},
		{Field: "confirmed_at", New: "2026-12-04T03:02:09Z"},
		{Field: "transfer_token_date", New: "2026-12-01"},
		{Field: "order", New: "workspace_business_standard × 25 (flexible)"},
		{Field: "order", Old: "workspace_business_standard × 25 (flexible)", New: "cancelled"},
		{Field: "crm_id", Old: "CRM-1"},
		{Field: "status", Old: "local", New: "created"},
		{Field: "origin", Old: "", New: "import"},
	}}
	for _, tc := range []struct {
		lang i18n.Lang
		want string
	}{
		{i18n.New(i18n.English), `4 Dec 2026 04:02 anna created
Customer type: Domain customer
Origin: Created here
Organisation name: Acme BV
Domain: bücher.nl
Institute size (people): 2,001–5,000
Status: local (not pushed to Google)
Last confirmed: 4 Dec 2026 04:02
Token generated: 1 Dec 2026
Order: Google Workspace Business Standard × 25 (flexible)
Order: Google Workspace Business Standard × 25 (flexible) → cancelled
CRM ID: removed (was CRM-1)
Status: local (not pushed to Google) → created at Google
Origin: Imported with a transfer token
`},
		{i18n.New(i18n.Dutch), `4 dec 2026 04:02 anna gemaakt
Klanttype: Domeinklant
Herkomst: Hier aangemaakt
Organisatienaam: Acme BV
Domein: bücher.nl
Grootte (personen): 2.001–5.000
Status: lokaal (niet naar Google gestuurd)
Laatst bevestigd: 4 dec 2026 04:02
Token gegenereerd: 1 dec 2026
Bestelling: Google Workspace Business Standard × 25 (flexibel)
Bestelling: Google Workspace Business Standard × 25 (flexibel) → geannuleerd
CRM-ID: verwijderd (was CRM-1)
Status: lokaal (niet naar Google gestuurd) → gemaakt bij Google
Herkomst: Geïmporteerd met een overdrachtstoken
`},
	} {
		w := HistoryWords(tc.lang, ams, ev)
		got := fmt.Sprintf("%s %s %s\n", w.At, w.Actor, w.Action)
		for _, ch := range w.Changes {
			got += ch.Label + ": " + ch.Text + "\n"
		}
		if got != tc.want {
			t.Errorf("%v:\n got %s\nwant %s", tc.lang.Tag(), got, tc.want)
		}
	}
}
