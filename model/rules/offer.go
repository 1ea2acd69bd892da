package rules

import (
	"strconv"
	"strings"

	"onboard/model"
)

// MaxPurchaseOrderID is the most characters Google keeps of an order's
// purchase order ID.
const MaxPurchaseOrderID = 80

// OrderRenew is the order form's renewal choice (annual plans only).
const OrderRenew model.Field = "renew"

// SeatLimits is the range of seats offer o allows: Google's own limits
// where the offer has them, else 1 to MaxSeats.
func SeatLimits(o model.Offer) (lo, hi int64) {
	lo, hi = 1, MaxSeats
	if o.MinUnits > 0 {
		lo = o.MinUnits
	}
	if o.MaxUnits > 0 {
		hi = o.MaxUnits
	}
	return lo, hi
}

// CheckSeats checks seats as typed against offer o's limits; an empty
// field is "required".
func CheckSeats(seats string, o model.Offer) (int, *Problem) {
	lo, hi := SeatLimits(o)
	t := strings.TrimSpace(seats)
	if t == "" {
		p := problem(OrderSeats, CodeRequired)
		return 0, &p
	}
	n, err := strconv.ParseInt(t, 10, 64)
	if err != nil || n < lo || n > hi {
		p := problem(OrderSeats, CodeInvalidSeats, "min", strconv.FormatInt(lo, 10), "max", strconv.FormatInt(hi, 10))
		return 0, &p
	}
	return int(n), nil
}

// ValidateOffer checks a Buy form for customer c and Google's offer o and
// returns the order it describes (status pending: it goes to Google).
func ValidateOffer(c model.Customer, o model.Offer, seats, po string, renew bool) (model.Order, Problems) {
	var ps Problems
	out := model.Order{CustomerID: c.ID, SKU: o.SKU, SKUName: o.SKUName, Offer: o.Name, Plan: o.Plan, Status: model.OrderPending,
		Renew: renew && o.Plan.Commitment()}
	if o.Name == "" {
		ps = append(ps, problem(OrderSKU, CodeRequired))
	}
	n, p := CheckSeats(seats, o)
	if p != nil {
		ps = append(ps, *p)
	}
	out.Seats = n
	poID, err := CleanText(po, MaxPurchaseOrderID)
	if err != nil {
		ps = append(ps, at(OrderPO, err))
	}
	out.PONumber = poID
	return out, ps
}
