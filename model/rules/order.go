package rules

import (
	"strconv"
	"strings"

	"onboard/model"
)

// SKU is one Google Workspace edition the order form offers.
type SKU struct {
	ID    string
	Name  string
	Team  bool // email-verified team customers may buy it
	Edu   bool // only for educational institutions
	Plans []model.Plan
}

// skus is the short built-in list of Google Workspace editions.
var skus = []SKU{
	{ID: "workspace_business_starter", Name: "Google Workspace Business Starter", Plans: bothPlans},
	{ID: "workspace_business_standard", Name: "Google Workspace Business Standard", Plans: bothPlans},
	{ID: "workspace_business_plus", Name: "Google Workspace Business Plus", Plans: bothPlans},
	{ID: "workspace_enterprise_standard", Name: "Google Workspace Enterprise Standard", Plans: bothPlans},
	{ID: "workspace_enterprise_plus", Name: "Google Workspace Enterprise Plus", Plans: bothPlans},
	{ID: "workspace_enterprise_essentials", Name: "Google Workspace Enterprise Essentials", Team: true, Plans: bothPlans},
	{ID: "workspace_enterprise_essentials_plus", Name: "Google Workspace Enterprise Essentials Plus", Team: true, Plans: bothPlans},
	{ID: "workspace_education_standard", Name: "Google Workspace for Education Standard", Edu: true, Plans: []model.Plan{model.PlanAnnualYearly}},
	{ID: "workspace_education_plus", Name: "Google Workspace for Education Plus", Edu: true, Plans: []model.Plan{model.PlanAnnualYearly}},
}

var bothPlans = []model.Plan{model.PlanFlexible, model.PlanAnnualMonthly, model.PlanAnnualYearly}

// Order fields, named as the order form and the JSON output name them.
const (
	OrderSKU   model.Field = "sku"
	OrderSeats model.Field = "seats"
	OrderPlan  model.Field = "plan"
	OrderPO    model.Field = "purchase_order_id"
	MaxSeats               = 50000
)

// SKUName returns the edition's name for its ID (the ID when unknown).
func SKUName(id string) string {
	for _, s := range skus {
		if s.ID == id {
			return s.Name
		}
	}
	return id
}

// SKUsFor returns the editions customer c may buy.
func SKUsFor(c model.Customer) []SKU {
	var out []SKU
	for _, s := range skus {
		if (c.Kind == model.KindTeam && !s.Team) || (s.Edu && c.Education == nil) {
			continue
		}
		out = append(out, s)
	}
	return out
}

// ValidateOrder checks an order form for customer c and returns the order it
// describes.
func ValidateOrder(c model.Customer, sku, seats, plan, po string) (model.Order, Problems) {
	var ps Problems
	o := model.Order{CustomerID: c.ID, Status: model.OrderLocal}
	var chosen *SKU
	for i := range skus {
		if skus[i].ID == strings.TrimSpace(sku) || strings.EqualFold(skus[i].Name, strings.TrimSpace(sku)) {
			chosen = &skus[i]
		}
	}
	switch {
	case strings.TrimSpace(sku) == "":
		ps = append(ps, problem(OrderSKU, CodeRequired))
	case chosen == nil:
		ps = append(ps, problem(OrderSKU, CodeInvalidChoice, "value", Sanitize(sku), "options", skuNames(SKUsFor(c))))
	case c.Kind == model.KindTeam && !chosen.Team:
		ps = append(ps, problem(OrderSKU, CodeTeamSKU))
	case chosen.Edu && c.Education == nil:
		ps = append(ps, problem(OrderSKU, CodeInvalidChoice, "value", chosen.ID, "options", skuNames(SKUsFor(c))))
	default:
		o.SKU = chosen.ID
	}
	n, err := strconv.Atoi(strings.TrimSpace(seats))
	if err != nil || n < 1 || n > MaxSeats {
		ps = append(ps, problem(OrderSeats, CodeInvalidSeats, "min", "1", "max", strconv.Itoa(MaxSeats)))
	}
	o.Seats = n
	o.Plan = ParsePlan(plan)
	if o.Plan != model.PlanFlexible && o.Plan != model.PlanAnnualMonthly && o.Plan != model.PlanAnnualYearly {
		ps = append(ps, problem(OrderPlan, CodeInvalidChoice, "value", Sanitize(plan), "options", plansText(bothPlans)))
	} else if chosen != nil && !hasPlan(chosen.Plans, o.Plan) {
		ps = append(ps, problem(OrderPlan, CodeInvalidChoice, "value", string(o.Plan), "options", plansText(chosen.Plans)))
	}
	poID, err := CleanText(po, MaxCRMID)
	if err != nil {
		ps = append(ps, at(OrderPO, err))
	}
	o.PONumber = poID
	o.SKUName = SKUName(o.SKU)
	return o, ps
}

// ParsePlan reads a plan as typed: flexible, annual-monthly or
// annual-yearly ("annual" is the yearly one, as older versions wrote it).
func ParsePlan(s string) model.Plan {
	p := model.Plan(strings.ToLower(strings.TrimSpace(s)))
	if p == model.PlanAnnual {
		return model.PlanAnnualYearly
	}
	return p
}

func hasPlan(ps []model.Plan, p model.Plan) bool {
	for _, q := range ps {
		if q == p {
			return true
		}
	}
	return false
}

func plansText(ps []model.Plan) string {
	s := make([]string, len(ps))
	for i, p := range ps {
		s[i] = string(p)
	}
	return strings.Join(s, ", ")
}

func skuNames(skus []SKU) string {
	s := make([]string, len(skus))
	for i, k := range skus {
		s[i] = k.ID
	}
	return strings.Join(s, ", ")
}
