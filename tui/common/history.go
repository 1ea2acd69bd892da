package common

import (
	"regexp"
	"strconv"
	"time"

	"onboard/i18n"
	"onboard/model"
	"onboard/model/rules"
)

// The audit trail records each change as field, old and new text, as
// model.Diff and the store write them; these turn them into the words the
// detail screen uses for the same values, for the screen and the command
// line alike.

// EventLine is one event of a customer's history in words: when, who, what.
type EventLine struct {
	At, Actor, Action string
	Changes           []ChangeLine
}

// ChangeLine is one change of an event in words: the field's label and
// what happened to it ("Acme BV", "Acme → Acme BV", "removed (was Acme)").
type ChangeLine struct{ Label, Text string }

// HistoryWords is event ev in language l, its times in zone loc (nil: the
// machine's own zone, for the command line).
func HistoryWords(l i18n.Lang, loc *time.Location, ev model.Event) EventLine {
	if loc == nil {
		loc = time.Local
	}
	out := EventLine{At: l.DateTime(ev.At.In(loc)), Actor: Clean(ev.Actor), Action: ActionName(l, ev.Action)}
	for _, ch := range ev.Changes {
		out.Changes = append(out.Changes, ChangeWords(l, loc, ch))
	}
	return out
}

// ChangeWords is one recorded change in language l, its times in zone loc.
func ChangeWords(l i18n.Lang, loc *time.Location, ch model.Change) ChangeLine {
	f := model.Field(ch.Field)
	label := l.S(changeLabel(f))
	if f == "origin" && ch.Old == "" {
		// How the customer came in, said once, as a sentence.
		switch model.Mode(ch.New) {
		case model.ModeCreate:
			return ChangeLine{Label: l.T("Origin"), Text: l.T("Created here")}
		case model.ModeImport:
			return ChangeLine{Label: l.T("Origin"), Text: l.T("Imported with a transfer token")}
		}
	}
	old, now := ValueWords(l, loc, f, ch.Old), ValueWords(l, loc, f, ch.New)
	switch {
	case ch.Old == "":
		return ChangeLine{Label: label, Text: now}
	case ch.New == "":
		return ChangeLine{Label: label, Text: l.T("removed (was %s)", old)}
	}
	return ChangeLine{Label: label, Text: old + " → " + now}
}

// changeLabel names the fields of the trail that no form has.
func changeLabel(f model.Field) string {
	switch f {
	case "origin":
		return i18n.M("Origin")
	case "status":
		return i18n.M("Status")
	case "status_message":
		return i18n.M("Message")
	case "google_name":
		return i18n.M("Resource name")
	case "confirmed_at":
		return i18n.M("Last confirmed")
	case "order":
		return i18n.M("Order")
	}
	return rules.FieldLabel(f)
}

// orderText is the text the store records for an order: "sku × seats (plan)".
var orderText = regexp.MustCompile(`^(\S+) × (\d+) \((\w+)\)$`)

// ValueWords is a recorded value v of field f as the detail screen shows it.
func ValueWords(l i18n.Lang, loc *time.Location, f model.Field, v string) string {
	switch f {
	case model.FieldKind:
		return KindText(l, model.Kind(v))
	case "origin":
		return OriginName(l, model.Mode(v))
	case "status":
		return StatusText(l, model.Status(v))
	case model.FieldInstituteType, model.FieldInstituteSize:
		// The size's label says "(people)" already.
		return l.S(rules.OptionLabel(f, v))
	case model.FieldDomain:
		return Clean(rules.DisplayDomain(v))
	case model.FieldPrimaryEmail, model.FieldAlternateEmail:
		return Clean(rules.DisplayEmail(v))
	case model.FieldSmartFeatures:
		return SmartName(l, v)
	case "confirmed_at":
		if t, err := time.Parse(time.RFC3339Nano, v); err == nil {
			return l.DateTime(t.In(loc))
		}
	case model.FieldTransferTokenDate:
		// A calendar day: not moved into the reader's zone.
		if t, err := time.Parse(time.DateOnly, v); err == nil {
			return l.Date(t)
		}
	case "order":
		if v == model.OrderCancelled {
			return l.T("cancelled")
		}
		if m := orderText.FindStringSubmatch(v); m != nil {
			seats, _ := strconv.ParseInt(m[2], 10, 64)
			return Clean(rules.SKUName(m[1])) + " × " + l.Number(seats) + " (" + PlanName(l, model.Plan(m[3])) + ")"
		}
		return Clean(rules.SKUName(v))
	}
	return Clean(v)
}

// KindText is a customer type in the detail screen's words.
func KindText(l i18n.Lang, k model.Kind) string {
	switch k {
	case model.KindDomain:
		return l.T("Domain customer")
	case model.KindTeam:
		return l.T("Team customer (email-verified)")
	}
	return Clean(string(k))
}

// StatusText is a customer's status as the detail screen says it.
func StatusText(l i18n.Lang, st model.Status) string {
	switch st {
	case model.StatusLocal:
		return l.T("local (not pushed to Google)")
	case model.StatusCreated:
		return l.T("created at Google")
	case model.StatusImported:
		return l.T("imported at Google")
	case model.StatusFailed:
		return l.T("the last push failed")
	case model.StatusPending:
		return l.T("a push is under way")
	}
	return StatusName(l, st)
}
