package model

import "time"

// ValueKeys are the keys of a customer's stored fields as text, in the
// order Diff lists changes and ValueList returns them.
var ValueKeys = [NumValues]string{
	"kind", "origin", "org_name", "domain", "primary_email", "alternate_email", "phone", "crm_id",
	"institute_type", "institute_size", "website", "admin_first_name", "admin_last_name",
	"region_code", "postal_code", "locality", "administrative_area",
	"address_line_1", "address_line_2", "address_line_3", "reseller_id", "status", "status_message",
	"cloud_identity_id", "google_name", "language", "time_zone", "smart_features", "transfer_token_date", "confirmed_at",
}

// NumValues is how many stored fields ValueList returns.
const NumValues = 30

// ValueIndex returns key's place in ValueKeys, or -1.
func ValueIndex(key string) int {
	for i, k := range ValueKeys {
		if k == key {
			return i
		}
	}
	return -1
}

// ValueList returns the customer's stored fields as text in ValueKeys'
// order: what Values holds, without building a map (bulk paths such as
// CSV export and seeding call it for every customer).
func (c Customer) ValueList() [NumValues]string {
	v := [NumValues]string{
		string(c.Kind), string(c.Origin), c.OrgName, c.Domain, c.PrimaryEmail, c.AlternateEmail, c.Phone, c.CRMID,
		"", "", "", c.AdminFirstName, c.AdminLastName,
		c.Address.RegionCode, c.Address.PostalCode, c.Address.Locality, c.Address.AdministrativeArea,
		"", "", "", c.ResellerID, string(c.Status), c.StatusMessage,
		c.CloudIdentityID, c.GoogleName, c.Language, c.TimeZone, c.SmartFeatures, "", "",
	}
	if c.Education != nil {
		v[8], v[9], v[10] = c.Education.InstituteType, c.Education.InstituteSize, c.Education.Website
	}
	for i, l := range c.Address.AddressLines {
		if i < 3 {
			v[17+i] = l
		}
	}
	if !c.TransferTokenDate.IsZero() {
		v[28] = c.TransferTokenDate.UTC().Format(time.DateOnly)
	}
	if c.ConfirmedAt != nil {
		v[29] = c.ConfirmedAt.UTC().Format(time.RFC3339)
	}
	return v
}

// Values returns the customer's stored fields as text, keyed by the JSON
// names (address lines as address_line_1…3). Audit events record changes in
// these terms, so replaying them rebuilds the record.
func (c Customer) Values() map[string]string {
	list := c.ValueList()
	v := make(map[string]string, NumValues)
	for i, k := range ValueKeys {
		v[k] = list[i]
	}
	return v
}

// Diff lists the fields whose values differ between old and new, in a
// stable order.
func Diff(old, new Customer) []Change {
	a, b := old.ValueList(), new.ValueList()
	var out []Change
	for i, k := range ValueKeys {
		if a[i] != b[i] {
			out = append(out, Change{Field: k, Old: a[i], New: b[i]})
		}
	}
	return out
}

// Form returns the customer as the raw form fields that describe it, for an
// edit form or a re-validation; the prerequisites count as met, since the
// customer exists.
func (c Customer) Form() Fields {
	v := c.Values()
	f := Fields{
		FieldProductFamily: "google_workspace", FieldNonprofits: No, FieldLegacyFree: No,
		FieldRegisteredDomain: Yes, FieldPurchasePermission: Yes,
		FieldKind: v["kind"], FieldOrgName: c.OrgName, FieldDomain: c.Domain, FieldPrimaryEmail: c.PrimaryEmail,
		FieldAlternateEmail: c.AlternateEmail, FieldPhone: c.Phone, FieldCRMID: c.CRMID,
		FieldAdminFirstName: c.AdminFirstName, FieldAdminLastName: c.AdminLastName,
		FieldRegionCode: c.Address.RegionCode, FieldPostalCode: c.Address.PostalCode,
		FieldLocality: c.Address.Locality, FieldAdministrativeArea: c.Address.AdministrativeArea,
		FieldAddressLine1: v["address_line_1"], FieldAddressLine2: v["address_line_2"], FieldAddressLine3: v["address_line_3"],
		FieldResellerID: c.ResellerID, FieldCloudIdentityID: c.CloudIdentityID,
		FieldTransferToken: c.TransferToken, FieldTransferTokenDate: v["transfer_token_date"],
		FieldLanguage: c.Language, FieldTimeZone: c.TimeZone, FieldSmartFeatures: c.SmartFeatures, FieldEducation: No,
	}
	if c.Education != nil {
		f[FieldEducation] = Yes
		f[FieldInstituteType], f[FieldInstituteSize], f[FieldWebsite] = c.Education.InstituteType, c.Education.InstituteSize, c.Education.Website
	}
	return f
}
