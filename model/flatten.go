package model

import (
	"strconv"
	"time"
)

// Values returns the customer's stored fields as text, keyed by the JSON
// names (address lines as address_line_1…3). Audit events record changes in
// these terms, so replaying them rebuilds the record.
func (c Customer) Values() map[string]string {
	v := map[string]string{
		"kind": string(c.Kind), "origin": string(c.Origin), "org_name": c.OrgName, "domain": c.Domain,
		"primary_email": c.PrimaryEmail, "alternate_email": c.AlternateEmail, "phone": c.Phone,
		"crm_id": c.CRMID, "admin_first_name": c.AdminFirstName, "admin_last_name": c.AdminLastName,
		"region_code": c.Address.RegionCode, "postal_code": c.Address.PostalCode,
		"locality": c.Address.Locality, "administrative_area": c.Address.AdministrativeArea,
		"reseller_id": c.ResellerID, "status": string(c.Status), "status_message": c.StatusMessage,
		"cloud_identity_id": c.CloudIdentityID, "google_name": c.GoogleName,
		"language": c.Language, "time_zone": c.TimeZone, "smart_features": c.SmartFeatures,
		"institute_type": "", "institute_size": "", "website": "",
		"address_line_1": "", "address_line_2": "", "address_line_3": "",
		"confirmed_at": "", "transfer_token_date": "",
	}
	if c.Education != nil {
		v["institute_type"], v["institute_size"], v["website"] = c.Education.InstituteType, c.Education.InstituteSize, c.Education.Website
	}
	for i, l := range c.Address.AddressLines {
		if i < 3 {
			v["address_line_"+strconv.Itoa(i+1)] = l
		}
	}
	if c.ConfirmedAt != nil {
		v["confirmed_at"] = c.ConfirmedAt.UTC().Format(time.RFC3339)
	}
	if !c.TransferTokenDate.IsZero() {
		v["transfer_token_date"] = c.TransferTokenDate.UTC().Format(time.DateOnly)
	}
	return v
}

// Diff lists the fields whose values differ between old and new, in a
// stable order.
func Diff(old, new Customer) []Change {
	a, b := old.Values(), new.Values()
	var out []Change
	for _, k := range valueOrder {
		if a[k] != b[k] {
			out = append(out, Change{Field: k, Old: a[k], New: b[k]})
		}
	}
	return out
}

var valueOrder = []string{
	"kind", "origin", "org_name", "domain", "primary_email", "alternate_email", "phone", "crm_id",
	"institute_type", "institute_size", "website", "admin_first_name", "admin_last_name",
	"region_code", "postal_code", "locality", "administrative_area",
	"address_line_1", "address_line_2", "address_line_3", "reseller_id", "status", "status_message",
	"cloud_identity_id", "google_name", "language", "time_zone", "smart_features", "transfer_token_date", "confirmed_at",
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
