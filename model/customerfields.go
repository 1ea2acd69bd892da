package model

import (
	"strconv"
	"time"
)

// CustomerFields declares every field of a customer once, in the order the
// audit trail lists changes and a CSV export writes its columns. The
// customers table's columns, the store's scan targets and stored values,
// Values and Diff, and the CSV columns are all derived from it: a new field
// is a line here (and the struct field, and a migration that adds its
// column).
var CustomerFields = []CustomerField{
	row("id", Exported, func(c *Customer) *int64 { return &c.ID }),
	text("kind", Audited|Exported, func(c *Customer) *string { return (*string)(&c.Kind) }),
	text("origin", Audited|Exported, func(c *Customer) *string { return (*string)(&c.Origin) }),
	text("org_name", Audited|Exported, func(c *Customer) *string { return &c.OrgName }),
	text("domain", Audited|Exported, func(c *Customer) *string { return &c.Domain }),
	text("primary_email", Audited|Exported, func(c *Customer) *string { return &c.PrimaryEmail }),
	text("alternate_email", Audited|Exported, func(c *Customer) *string { return &c.AlternateEmail }),
	text("phone", Audited|Exported, func(c *Customer) *string { return &c.Phone }),
	text("crm_id", Audited|Exported, func(c *Customer) *string { return &c.CRMID }),
	education("institute_type", true, func(e *Education) *string { return &e.InstituteType }),
	education("institute_size", true, func(e *Education) *string { return &e.InstituteSize }),
	education("website", false, func(e *Education) *string { return &e.Website }),
	text("admin_first_name", Audited|Exported, func(c *Customer) *string { return &c.AdminFirstName }),
	text("admin_last_name", Audited|Exported, func(c *Customer) *string { return &c.AdminLastName }),
	text("region_code", Audited|Exported, func(c *Customer) *string { return &c.Address.RegionCode }),
	text("postal_code", Audited|Exported, func(c *Customer) *string { return &c.Address.PostalCode }),
	text("locality", Audited|Exported, func(c *Customer) *string { return &c.Address.Locality }),
	text("administrative_area", Audited|Exported, func(c *Customer) *string { return &c.Address.AdministrativeArea }),
	addressLine(1), addressLine(2), addressLine(3),
	lines("address_lines", func(c *Customer) *[]string { return &c.Address.AddressLines }),
	text("reseller_id", Audited|Exported, func(c *Customer) *string { return &c.ResellerID }),
	text("status", Audited|Exported, func(c *Customer) *string { return (*string)(&c.Status) }),
	text("status_message", Audited|Exported, func(c *Customer) *string { return &c.StatusMessage }),
	text("cloud_identity_id", Audited|Exported, func(c *Customer) *string { return &c.CloudIdentityID }),
	text("google_name", Audited, func(c *Customer) *string { return &c.GoogleName }),
	text("language", Audited|Exported, func(c *Customer) *string { return &c.Language }),
	text("time_zone", Audited|Exported, func(c *Customer) *string { return &c.TimeZone }),
	text("smart_features", Audited|Exported, func(c *Customer) *string { return &c.SmartFeatures }),
	text("transfer_token", Stored, func(c *Customer) *string { return &c.TransferToken }),
	day("transfer_token_date", Audited, func(c *Customer) *time.Time { return &c.TransferTokenDate }),
	text("created_by", Stored, func(c *Customer) *string { return &c.CreatedBy }),
	instant("created_at", Exported, func(c *Customer) *time.Time { return &c.CreatedAt }),
	instant("updated_at", Exported, func(c *Customer) *time.Time { return &c.UpdatedAt }),
	optInstant("confirmed_at", Audited|Exported, func(c *Customer) **time.Time { return &c.ConfirmedAt }),
	row("version", Stored, func(c *Customer) *int64 { return &c.Version }),
	text("product_family", Stored, func(c *Customer) *string { return &c.ProductFamily }),
}

// CustomerField is one field of a customer: its name, the column that
// stores it, where else it appears, and how to read and set it.
type CustomerField struct {
	// Name is the field's key in Values, Diff and the audit trail, and the
	// header of its CSV column; the form's field of that name (see Field)
	// fills it in.
	Name string
	// Column is the customers table's column, "" when another field's
	// column holds it (the three address lines are kept as one list).
	Column string
	// Type is how the field is held: which accessor it has and how a
	// store keeps it.
	Type FieldType
	// Use says where else the field appears besides the store.
	Use FieldUse
	// Get returns the field as text, as Values records it; every field that
	// is Audited or Exported has it.
	Get func(*Customer) string
	// Set sets a TextField from its text.
	Set func(*Customer, string)
	// Int points at a RowField, Time at a DayField or TimeField, OptTime at
	// an OptTimeField and Lines at a LinesField.
	Int     func(*Customer) *int64
	Time    func(*Customer) *time.Time
	OptTime func(*Customer) **time.Time
	Lines   func(*Customer) *[]string
}

// FieldType is how a customer field is held, and so how a store keeps it.
type FieldType uint8

// The types of customer fields.
const (
	// TextField is a string (Get, Set), stored as text.
	TextField FieldType = iota
	// RowField is a number the store gives the row (id, version): read
	// with it, never written as one of the customer's fields.
	RowField
	// DayField is a date (Time), stored as unix seconds; 0 when unset.
	DayField
	// TimeField is an instant (Time), stored as unix microseconds.
	TimeField
	// OptTimeField is an instant or none (OptTime), stored as unix
	// microseconds or NULL.
	OptTimeField
	// LinesField is a list of lines (Lines), stored as one JSON array.
	LinesField
)

// FieldUse says where a field appears besides the store.
type FieldUse uint8

// Where fields appear; Stored is the store alone.
const (
	Stored FieldUse = 0
	// Audited fields are in Values and Diff, so the audit trail records
	// their changes.
	Audited FieldUse = 1 << iota
	// Exported fields are columns of a CSV export (and read by an import).
	Exported
)

// CSVText is the field as a CSV export writes it: its text, except that an
// instant is written to the microsecond (the audit trail records the
// second), so an import keeps it exactly.
func (f *CustomerField) CSVText(c *Customer) string {
	switch f.Type {
	case TimeField:
		return f.Time(c).UTC().Format(time.RFC3339Nano)
	case OptTimeField:
		if t := *f.OptTime(c); t != nil {
			return t.UTC().Format(time.RFC3339Nano)
		}
		return ""
	}
	return f.Get(c)
}

// CSVColumns returns the names of the Exported fields, in order: the
// header of a CSV export.
func CSVColumns() []string {
	var out []string
	for _, f := range CustomerFields {
		if f.Use&Exported != 0 {
			out = append(out, f.Name)
		}
	}
	return out
}

// text is a string field, stored in the column of its name.
func text(name string, use FieldUse, p func(*Customer) *string) CustomerField {
	return CustomerField{Name: name, Column: name, Type: TextField, Use: use,
		Get: func(c *Customer) string { return *p(c) },
		Set: func(c *Customer, v string) { *p(c) = v }}
}

// education is a field of Education, audited and exported. Setting it on
// a customer without an Education creates one only if makes: a website
// alone does not make an institution (and has never read back as one), so
// the website comes after the type and size.
func education(name string, makes bool, p func(*Education) *string) CustomerField {
	return CustomerField{Name: name, Column: name, Type: TextField, Use: Audited | Exported,
		Get: func(c *Customer) string {
			if c.Education == nil {
				return ""
			}
			return *p(c.Education)
		},
		Set: func(c *Customer, v string) {
			if c.Education == nil {
				if v == "" || !makes {
					return
				}
				c.Education = &Education{}
			}
			*p(c.Education) = v
		}}
}

// addressLine is the n-th address line (from 1) as the form and a file
// have it; the address_lines field stores all of them.
func addressLine(n int) CustomerField {
	return CustomerField{Name: "address_line_" + strconv.Itoa(n), Type: TextField, Use: Audited | Exported,
		Get: func(c *Customer) string {
			if l := c.Address.AddressLines; n <= len(l) {
				return l[n-1]
			}
			return ""
		}}
}

func lines(name string, p func(*Customer) *[]string) CustomerField {
	return CustomerField{Name: name, Column: name, Type: LinesField, Lines: p}
}

func row(name string, use FieldUse, p func(*Customer) *int64) CustomerField {
	return CustomerField{Name: name, Column: name, Type: RowField, Use: use, Int: p,
		Get: func(c *Customer) string { return strconv.FormatInt(*p(c), 10) }}
}

// day is a date, as text YYYY-MM-DD ("" when unset).
func day(name string, use FieldUse, p func(*Customer) *time.Time) CustomerField {
	return CustomerField{Name: name, Column: name, Type: DayField, Use: use, Time: p,
		Get: func(c *Customer) string {
			if t := *p(c); !t.IsZero() {
				return t.UTC().Format(time.DateOnly)
			}
			return ""
		}}
}

// instant is a time, as text RFC 3339 to the second.
func instant(name string, use FieldUse, p func(*Customer) *time.Time) CustomerField {
	return CustomerField{Name: name, Column: name, Type: TimeField, Use: use, Time: p,
		Get: func(c *Customer) string { return p(c).UTC().Format(time.RFC3339) }}
}

// optInstant is a time or none, as text RFC 3339 to the second ("" for
// none).
func optInstant(name string, use FieldUse, p func(*Customer) **time.Time) CustomerField {
	return CustomerField{Name: name, Column: name, Type: OptTimeField, Use: use, OptTime: p,
		Get: func(c *Customer) string {
			if t := *p(c); t != nil {
				return t.UTC().Format(time.RFC3339)
			}
			return ""
		}}
}
