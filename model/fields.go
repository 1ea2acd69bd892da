package model

import (
	"maps"
	"slices"
)

// Field names one input of the create and import forms. The names are the
// snake_case keys of the JSON output and the CSV header, so a problem reads
// the same on every front end.
type Field string

// Every field a form, the command line or a CSV file can fill in.
const (
	// Prerequisites (answered "yes" or "no").
	FieldRegisteredDomain   Field = "prereq_registered_domain"
	FieldNonprofits         Field = "prereq_nonprofits"
	FieldLegacyFree         Field = "prereq_legacy_free"
	FieldPurchasePermission Field = "prereq_purchase_permission"

	FieldProductFamily      Field = "product_family"
	FieldKind               Field = "kind"
	FieldEducation          Field = "education" // "yes" marks an educational institution
	FieldInstituteType      Field = "institute_type"
	FieldInstituteSize      Field = "institute_size"
	FieldWebsite            Field = "website"
	FieldResellerID         Field = "reseller_id"
	FieldOrgName            Field = "org_name"
	FieldDomain             Field = "domain"
	FieldPrimaryEmail       Field = "primary_email"
	FieldAlternateEmail     Field = "alternate_email"
	FieldPhone              Field = "phone"
	FieldCRMID              Field = "crm_id"
	FieldAdminFirstName     Field = "admin_first_name"
	FieldAdminLastName      Field = "admin_last_name"
	FieldRegionCode         Field = "region_code"
	FieldPostalCode         Field = "postal_code"
	FieldLocality           Field = "locality"
	FieldAdministrativeArea Field = "administrative_area"
	FieldAddressLine1       Field = "address_line_1"
	FieldAddressLine2       Field = "address_line_2"
	FieldAddressLine3       Field = "address_line_3"
	FieldTransferToken      Field = "transfer_token"
	FieldTransferTokenDate  Field = "transfer_token_date" // YYYY-MM-DD
	FieldCloudIdentityID    Field = "cloud_identity_id"
	FieldLanguage           Field = "language"
	FieldTimeZone           Field = "time_zone"
	FieldSmartFeatures      Field = "smart_features" // on or off
)

// Yes and No are the values of yes/no fields (prerequisites, education).
const (
	Yes = "yes"
	No  = "no"
)

// Fields holds the raw text of a form, field by field, exactly as typed.
type Fields map[Field]string

// Get returns the raw value of f ("" when unset); it is safe on a nil map.
func (fs Fields) Get(f Field) string { return fs[f] }

// Clone returns a copy that can be changed without touching fs.
func (fs Fields) Clone() Fields {
	if fs == nil {
		return Fields{}
	}
	return maps.Clone(fs)
}

// Keys returns the names of the fields that are set, sorted.
func (fs Fields) Keys() []Field {
	return slices.Sorted(maps.Keys(fs))
}
