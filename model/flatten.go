package model

// audited are the Audited fields of CustomerFields, in order.
var audited = func() []*CustomerField {
	var out []*CustomerField
	for i := range CustomerFields {
		if CustomerFields[i].Use&Audited != 0 {
			out = append(out, &CustomerFields[i])
		}
	}
	return out
}()

// ValueKeys are the keys of a customer's stored fields as text (the
// Audited ones of CustomerFields), in the order Diff lists changes and
// ValueList returns them.
var ValueKeys = func() []string {
	keys := make([]string, len(audited))
	for i, f := range audited {
		keys[i] = f.Name
	}
	return keys
}()

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
// order: what Values holds, without building a map (Diff, which bulk
// loads call for every customer).
func (c Customer) ValueList() []string {
	v := make([]string, len(audited))
	for i, f := range audited {
		v[i] = f.Get(&c)
	}
	return v
}

// Values returns the customer's stored fields as text, keyed by the JSON
// names (address lines as address_line_1…3). Audit events record changes in
// these terms, so replaying them rebuilds the record.
func (c Customer) Values() map[string]string {
	list := c.ValueList()
	v := make(map[string]string, len(list))
	for i, k := range ValueKeys {
		v[k] = list[i]
	}
	return v
}

// Diff lists the fields whose values differ between old and new, in a
// stable order.
func Diff(old, new Customer) []Change {
	var out []Change
	for _, f := range audited {
		if a, b := f.Get(&old), f.Get(&new); a != b {
			out = append(out, Change{Field: f.Name, Old: a, New: b})
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
		FieldProductFamily: c.family(), FieldNonprofits: No, FieldLegacyFree: No,
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

// family is the customer's product family, Google Workspace for one stored
// before the family was kept.
func (c Customer) family() string {
	if c.ProductFamily == "" {
		return "google_workspace"
	}
	return c.ProductFamily
}
