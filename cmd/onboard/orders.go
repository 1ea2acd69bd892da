package main

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/spf13/cobra"

	"onboard/i18n"
	"onboard/model"
	"onboard/model/rules"
	"onboard/store"
	"onboard/tui/common"
	"onboard/tui/order"
)

// catalogCmd is "catalog ID|DOMAIN|EMAIL": what Google offers this
// customer, with the SKU names orders place takes.
func catalogCmd(e *env) *cobra.Command {
	cmd := &cobra.Command{
		Use:     "catalog ID|DOMAIN|EMAIL",
		Short:   e.T("what this customer can buy at Google"),
		Example: "onboard catalog acme.nl\nonboard catalog 12 --json",
		Args:    oneCustomerArg("catalog"),
	}
	asJSON := e.jsonFlag(cmd, e.S("print the offers as JSON"))
	cmd.RunE = func(cmd *cobra.Command, args []string) error { return e.catalog(args[0], *asJSON) }
	return e.readOnlyCmd(cmd)
}

// offerOut is an offer in JSON.
type offerOut struct {
	SKU         string    `json:"sku"`
	SKUName     string    `json:"sku_name"`
	Product     string    `json:"product"`
	ProductName string    `json:"product_name"`
	Offer       string    `json:"offer"`
	Plan        string    `json:"plan"`
	Parameter   string    `json:"parameter"`
	MinSeats    int64     `json:"min_seats"`
	MaxSeats    int64     `json:"max_seats"`
	Price       *priceOut `json:"price"`
}

type priceOut struct {
	Currency string `json:"currency"`
	Amount   string `json:"amount"`
	Period   string `json:"period"`
}

func (e *env) catalog(ref string, asJSON bool) error {
	svc, c, err := e.oneCustomer(ref)
	if err != nil {
		return err
	}
	offers, err := svc.Catalog(e.ctx, c.ID, true)
	if err != nil {
		return err
	}
	if asJSON {
		out := make([]offerOut, 0, len(offers))
		for _, o := range offers {
			lo, hi := rules.SeatLimits(o)
			x := offerOut{SKU: o.SKU, SKUName: o.SKUName, Product: o.Product, ProductName: o.ProductName, Offer: o.Name, Plan: string(o.Plan),
				Parameter: o.Parameter, MinSeats: lo, MaxSeats: hi}
			if p := o.Price; p != nil {
				x.Price = &priceOut{Currency: p.Currency, Amount: fmt.Sprintf("%d.%02d", p.Units, p.Nanos/10_000_000), Period: p.Period}
			}
			out = append(out, x)
		}
		return writeJSON(e.stdout, out)
	}
	l := e.lang()
	fmt.Fprint(e.stdout, e.T("What %s (%s) can buy at Google:\n", rules.Sanitize(c.OrgName), rules.DisplayDomain(c.Domain)))
	last := ""
	for _, o := range offers {
		if o.SKU != last {
			last = o.SKU
			fmt.Fprint(e.stdout, "\n"+e.T("%s  (--sku %s)", rules.Sanitize(o.SKUName), rules.Sanitize(o.SKU))+"\n")
		}
		lo, hi := rules.SeatLimits(o)
		line := fmt.Sprintf("  %-15s %s", planFlag(o.Plan), common.PlanName(l, o.Plan))
		if o.Price != nil {
			line += ", " + order.PriceText(l, *o.Price)
		}
		line += "; " + e.T("seats %s to %s", l.Number(lo), l.Number(hi))
		fmt.Fprintln(e.stdout, line)
	}
	return nil
}

// planFlag is a plan as --plan takes it.
func planFlag(p model.Plan) string { return string(p) }

// ordersCmd is "orders": place an order, list a customer's orders.
func ordersCmd(e *env) *cobra.Command {
	cmd := group(e, "orders", e.T("place and list a customer's orders (subscriptions at Google)"), orderPlaceCmd(e), orderListCmd(e), orderSendCmd(e), orderTransferCmd(e))
	cmd.Aliases = []string{"order"}
	return cmd
}

func orderPlaceCmd(e *env) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "place ID|DOMAIN|EMAIL --sku SKU --plan flexible|annual-monthly|annual-yearly --seats N",
		Short: e.T("buy a subscription for the customer (through the outbox, with a request ID)"),
		Example: `onboard orders place acme.nl --sku "Google Workspace Business Standard" --plan annual-yearly --seats 25 --po PO-7
onboard orders place acme.nl --sku products/GoogleWorkspace/skus/1010020027 --plan flexible --seats 10 --json`,
		Args: oneCustomerArg("orders place"),
	}
	fs := cmd.Flags()
	sku := fs.String("sku", "", e.S("the `SKU` as Google names it (products/…/skus/…), its id or its display name"))
	plan := fs.String("plan", "", e.S("the `PLAN`: flexible, annual-monthly or annual-yearly"))
	seats := fs.String("seats", "", e.S("`N` seats (annual) or the seat limit (flexible)"))
	po := fs.String("po", "", e.S("a purchase order `ID` (at most 80 characters)"))
	noRenew := fs.Bool("no-renew", false, e.S("an annual plan ends after its year instead of renewing"))
	asJSON := e.jsonFlag(cmd, e.S("print the order as JSON"))
	choices(cmd, "plan", "flexible", "annual-monthly", "annual-yearly")
	cmd.RunE = func(cmd *cobra.Command, args []string) error {
		set := changed(cmd)
		for _, f := range []string{"sku", "plan", "seats"} {
			if !set[f] {
				return flagUsage("--"+f, i18n.Errorf("--%s is required", f))
			}
		}
		return e.orderPlace(args[0], model.OrderForm{SKU: *sku, Plan: *plan, Seats: *seats, PO: *po, Renew: !*noRenew}, *asJSON)
	}
	return cmd
}

func (e *env) orderPlace(ref string, f model.OrderForm, asJSON bool) error {
	svc, c, err := e.oneCustomer(ref)
	if err != nil {
		return err
	}
	o, err := svc.PlaceOrder(e.ctx, actor(), c.ID, f)
	if o.ID != 0 && !asJSON {
		e.printOrder(o)
		if o.Status == model.OrderPendingToS || o.Status == model.OrderLocal {
			fmt.Fprintln(e.stdout, e.T("Contact the customer to make sure they accept Google's Terms of Service."))
			fmt.Fprintln(e.stdout, e.T("A reseller cannot accept them on the customer's behalf."))
		}
	}
	if err != nil {
		return err
	}
	if asJSON {
		return writeJSON(e.stdout, o)
	}
	return nil
}

func orderListCmd(e *env) *cobra.Command {
	cmd := &cobra.Command{
		Use:     "list ID|DOMAIN|EMAIL",
		Short:   e.T("the customer's orders and their state; --refresh reads them from Google"),
		Example: "onboard orders list acme.nl --refresh\nonboard orders list 12 --json",
		Args:    oneCustomerArg("orders list"),
	}
	refresh := cmd.Flags().Bool("refresh", false, e.S("read the subscriptions from Google first (entitlements.list)"))
	asJSON := e.jsonFlag(cmd, e.S("print the orders as JSON"))
	cmd.RunE = func(cmd *cobra.Command, args []string) error { return e.orderList(args[0], *refresh, *asJSON) }
	return cmd
}

func (e *env) orderList(ref string, refresh, asJSON bool) error {
	svc, c, err := e.oneCustomer(ref)
	if err != nil {
		return err
	}
	var os []model.Order
	if refresh {
		os, err = svc.RefreshOrders(e.ctx, actor(), c.ID)
	} else {
		os, err = svc.Orders(e.ctx, c.ID)
	}
	if err != nil {
		return err
	}
	if asJSON {
		if os == nil {
			os = []model.Order{}
		}
		return writeJSON(e.stdout, os)
	}
	if len(os) == 0 {
		fmt.Fprint(e.stdout, e.T("Customer %s has no orders.\n", i18n.ID(c.ID)))
		return nil
	}
	tos := false
	for _, o := range os {
		e.printOrder(o)
		tos = tos || o.Status == model.OrderPendingToS
	}
	if tos {
		fmt.Fprintln(e.stdout, e.T("The customer's super admin must sign in to the Admin console (admin.google.com) and accept Google's Terms of Service; a reseller cannot accept them for the customer, and the Channel API cannot send the email again: remind the customer yourself."))
	}
	return nil
}

// printOrder is one order in words.
func (e *env) printOrder(o model.Order) {
	l := e.lang()
	name := o.SKUName
	if name == "" {
		name = o.SKU
	}
	line := e.T("Order %s: %s, %s seats, plan %s: %s", i18n.ID(o.ID), rules.Sanitize(name), l.Number(int64(o.Seats)), common.PlanName(l, o.Plan), common.OrderStatusName(l, o.Status))
	switch {
	case o.Status == model.OrderSuspended:
		line += " (" + common.SuspensionText(l, o.StatusMessage) + ")"
	case o.StatusMessage != "":
		line += " (" + rules.Sanitize(o.StatusMessage) + ")"
	}
	if o.PONumber != "" {
		line += ", " + e.T("PO %s", rules.Sanitize(o.PONumber))
	}
	fmt.Fprintln(e.stdout, line)
	if o.Entitlement != "" {
		fmt.Fprintln(e.stdout, "  "+rules.Sanitize(o.Entitlement))
	}
}

// orderSendCmd is "orders send ORDER": a local order (placed before Google
// was set up) or a failed one sent to Google, through the outbox.
func orderSendCmd(e *env) *cobra.Command {
	cmd := &cobra.Command{
		Use:     "send ORDER",
		Short:   e.T("send a local or failed order to Google"),
		Example: "onboard orders send 7",
		Args: posArgs(func(args []string) error {
			if len(args) != 1 {
				return i18n.Errorf("orders send needs one order ID")
			}
			if _, err := strconv.ParseInt(args[0], 10, 64); err != nil {
				return i18n.Errorf("orders send needs one order ID (a number), not %q", rules.Sanitize(args[0]))
			}
			return nil
		}),
	}
	asJSON := e.jsonFlag(cmd, e.S("print the order as JSON"))
	cmd.RunE = func(cmd *cobra.Command, args []string) error {
		id, _ := strconv.ParseInt(args[0], 10, 64)
		return e.orderSend(id, *asJSON)
	}
	return cmd
}

func (e *env) orderSend(id int64, asJSON bool) error {
	svc, err := e.service()
	if err != nil {
		return err
	}
	o, err := svc.Order(e.ctx, id)
	if err != nil {
		return notFound{i18n.Errorf("no order has the ID %s", i18n.ID(id))}
	}
	if o.Status == model.OrderLocal {
		o, err = svc.SendLocalOrder(e.ctx, actor(), id)
	} else {
		o, err = svc.RetryOrder(e.ctx, actor(), id)
	}
	if o.ID != 0 && !asJSON {
		e.printOrder(o)
	}
	if err != nil {
		return err
	}
	if asJSON {
		return writeJSON(e.stdout, o)
	}
	return nil
}

// orderTransferCmd is "orders transfer": after an import, move the
// customer's subscriptions here (or list them without --skus).
func orderTransferCmd(e *env) *cobra.Command {
	cmd := &cobra.Command{
		Use:     "transfer ID|DOMAIN|EMAIL [--skus all|none|SKU,...]",
		Short:   e.T("an imported customer's subscriptions elsewhere; --skus moves them here"),
		Example: "onboard orders transfer moving.nl\nonboard orders transfer moving.nl --skus all --json",
		Args:    oneCustomerArg("orders transfer"),
	}
	skus := cmd.Flags().String("skus", "", e.S("move `all`, none or these SKUs (Google's names, ids or display names); without it, list them"))
	asJSON := e.jsonFlag(cmd, e.S("print the orders as JSON"))
	cmd.RunE = func(cmd *cobra.Command, args []string) error {
		return e.orderTransfer(args[0], *skus, changed(cmd)["skus"], *asJSON)
	}
	return cmd
}

func (e *env) orderTransfer(ref, skus string, move, asJSON bool) error {
	svc, c, err := e.oneCustomer(ref)
	if err != nil {
		return err
	}
	if move {
		moved, err := e.transferAfterImport(svc, c, skus)
		if err != nil {
			return err
		}
		if asJSON {
			return writeJSON(e.stdout, ordersOrEmpty(moved))
		}
		e.printTransferred(true, moved)
		return nil
	}
	chs, err := svc.TransferOptions(e.ctx, c.ID)
	if err != nil {
		return err
	}
	if asJSON {
		type choiceOut struct {
			SKU      string `json:"sku"`
			SKUName  string `json:"sku_name"`
			Eligible bool   `json:"eligible"`
			Reason   string `json:"reason"`
			Why      string `json:"why"`
			Seats    int    `json:"seats"`
		}
		out := make([]choiceOut, 0, len(chs))
		for _, ch := range chs {
			out = append(out, choiceOut{SKU: ch.SKU.SKU, SKUName: ch.SKU.SKUName, Eligible: ch.SKU.Eligible, Reason: ch.SKU.Reason, Why: ch.SKU.Why, Seats: ch.Seats})
		}
		return writeJSON(e.stdout, out)
	}
	if len(chs) == 0 {
		fmt.Fprintln(e.stdout, e.T("The customer has no subscriptions that Google lists for a transfer."))
		return nil
	}
	for _, ch := range chs {
		k := ch.SKU
		if k.Eligible {
			fmt.Fprintln(e.stdout, e.T("%s (%s): can move, %s seats", rules.Sanitize(k.SKUName), rules.Sanitize(k.SKU), e.lang().Number(int64(ch.Seats))))
		} else {
			fmt.Fprintln(e.stdout, e.T("%s (%s): cannot move: %s", rules.Sanitize(k.SKUName), rules.Sanitize(k.SKU), rules.Sanitize(whyNot(k))))
		}
	}
	fmt.Fprintln(e.stdout, e.T("Move them with --skus all, or name them: --skus SKU,…"))
	return nil
}

// transferAfterImport moves the imported customer's subscriptions as
// --transfer says: all that can move, none (the token is forgotten), or
// the SKUs named (Google's name, its id or its display name).
func (e *env) transferAfterImport(svc *store.Service, c model.Customer, spec string) ([]model.Order, error) {
	spec = strings.TrimSpace(spec)
	chs, err := svc.TransferOptions(e.ctx, c.ID)
	if err != nil {
		return nil, err
	}
	var picks []model.TransferPick
	switch strings.ToLower(spec) {
	case "none":
	case "all":
		for _, ch := range chs {
			if ch.SKU.Eligible && len(ch.Offers) > 0 {
				picks = append(picks, model.TransferPick{Offer: ch.Offers[0], Seats: max(1, ch.Seats)})
			}
		}
	default:
		for _, want := range strings.Split(spec, ",") {
			want = strings.TrimSpace(want)
			found := false
			for _, ch := range chs {
				k := ch.SKU
				if k.SKU != want && !strings.EqualFold(k.SKUName, want) && !strings.HasSuffix(k.SKU, "/skus/"+want) {
					continue
				}
				found = true
				if !k.Eligible || len(ch.Offers) == 0 {
					return nil, i18n.Errorf("%s cannot be transferred: %s", rules.Sanitize(k.SKUName), rules.Sanitize(whyNot(k)))
				}
				picks = append(picks, model.TransferPick{Offer: ch.Offers[0], Seats: max(1, ch.Seats)})
			}
			if !found {
				var names []string
				for _, ch := range chs {
					names = append(names, ch.SKU.SKUName)
				}
				return nil, flagUsage("--transfer", i18n.Errorf("the customer has no %q to transfer; it has: %s", rules.Sanitize(want), rules.Sanitize(strings.Join(names, ", "))))
			}
		}
	}
	return svc.Transfer(e.ctx, actor(), c.ID, picks)
}

func whyNot(k model.TransferableSKU) string {
	if k.Why != "" {
		return k.Why
	}
	return k.Reason
}

// printTransferred says what "customers import --transfer" moved.
func (e *env) printTransferred(asked bool, moved []model.Order) {
	if !asked {
		return
	}
	if len(moved) == 0 {
		fmt.Fprintln(e.stdout, e.T("No subscription was moved; the transfer token is forgotten."))
		return
	}
	fmt.Fprintln(e.stdout, e.T("Transferred, now the customer's orders:"))
	for _, o := range moved {
		e.printOrder(o)
	}
}

// ordersOrEmpty is orders, [] rather than null in JSON.
func ordersOrEmpty(os []model.Order) []model.Order {
	if os == nil {
		return []model.Order{}
	}
	return os
}
