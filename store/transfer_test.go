package store

import (
	"context"
	"strings"
	"testing"

	"onboard/model"
	"onboard/store/channel/channeltest"
)

// importedWith imports a customer that has subscriptions elsewhere.
func importedWith(t *testing.T, s *Service, fake *channeltest.Fake, domain, token string, expired bool, ts ...channeltest.Transferable) model.Customer {
	t.Helper()
	cid := "C0" + strings.TrimSuffix(domain, ".nl")
	fake.AddIdentity(channeltest.Identity{Domain: domain, Email: "admin@" + domain, CloudIdentityID: cid, Type: "DOMAIN", Token: token})
	for _, x := range ts {
		fake.AddTransferable(cid, x)
	}
	f := form("Moving BV", domain)
	f[model.FieldTransferToken], f[model.FieldPurchasePermission] = token, "yes"
	c := addCustomer(t, s, model.ModeImport, f)
	got, err := s.Push(context.Background(), "anna", c.ID)
	if err != nil || got.Status != model.StatusImported {
		t.Fatalf("import: %+v %v", got, err)
	}
	if expired {
		fake.ExpireToken(cid)
	}
	return got
}

// After an import: the transferable subscriptions with their eligibility
// and why not, the offers and seats an eligible one moves with; the chosen
// one moves with the token in one transferEntitlements call, becomes the
// customer's order, and the token is forgotten.
func TestTransferAfterImport(t *testing.T) {
	ctx := context.Background()
	s, fake, _ := googleTest(t)
	c := importedWith(t, s, fake, "moving.nl", "TOKEN1", false,
		channeltest.Transferable{SKU: "1010020028", Seats: 12},
		channeltest.Transferable{SKU: "1010050001", Seats: 3, Reason: "SKU_SUSPENDED"})
	chs, err := s.TransferOptions(ctx, c.ID)
	if err != nil {
		t.Fatal(err)
	}
	if len(chs) != 2 || !chs[0].SKU.Eligible || chs[0].Seats != 12 || len(chs[0].Offers) != 3 ||
		chs[1].SKU.Eligible || chs[1].SKU.Reason != "SKU_SUSPENDED" || chs[1].SKU.Why == "" {
		t.Fatalf("choices %+v", chs)
	}
	pick := chs[0].Offers[2] // annual, paid yearly
	moved, err := s.Transfer(ctx, "anna", c.ID, []model.TransferPick{{Offer: pick, Seats: chs[0].Seats}})
	if err != nil {
		t.Fatal(err)
	}
	if len(moved) != 1 || moved[0].Status != model.OrderActive || !moved[0].Transferred || moved[0].Seats != 12 || moved[0].Plan != model.PlanAnnualYearly {
		t.Fatalf("moved %+v", moved)
	}
	var sent channeltest.Request
	for _, r := range fake.Requests() {
		if strings.HasSuffix(r.Path, ":transferEntitlements") {
			sent = r
		}
	}
	if sent.Body["authToken"] != "TOKEN1" || sent.Body["requestId"] == "" {
		t.Fatalf("transfer request %v", sent.Body)
	}
	if n := len(fake.Entitlements(c.GoogleName)); n != 1 {
		t.Fatalf("%d subscriptions at Google", n)
	}
	after, _ := s.Get(ctx, c.ID)
	if after.TransferToken != "" {
		t.Fatal("the transfer token is kept after the transfer")
	}
	if _, err := s.TransferOptions(ctx, c.ID); err != ErrNoToken {
		t.Fatalf("options without a token: %v", err)
	}
	hist, _ := s.History(ctx, c.ID)
	for _, e := range hist {
		for _, ch := range e.Changes {
			if strings.Contains(ch.Old+ch.New, "TOKEN1") {
				t.Fatalf("the token is in the history: %+v", e)
			}
		}
	}
}

// An expired token is said in words; choosing nothing forgets the token.
func TestTransferExpiredTokenAndNone(t *testing.T) {
	ctx := context.Background()
	s, fake, _ := googleTest(t)
	c := importedWith(t, s, fake, "old.nl", "TOKEN2", true, channeltest.Transferable{SKU: "1010020027", Seats: 4})
	_, err := s.TransferOptions(ctx, c.ID)
	if err == nil || !strings.Contains(err.Error(), "transfer token is not valid or has expired") {
		t.Fatalf("expired token: %v", err)
	}
	if _, err := s.Transfer(ctx, "anna", c.ID, nil); err != nil {
		t.Fatal(err)
	}
	if after, _ := s.Get(ctx, c.ID); after.TransferToken != "" {
		t.Fatal("token kept after choosing none")
	}
}

// A transfer whose answer is lost stays under way; resumed (its orders
// side by side), it is sent once more with the same requestId and both
// subscriptions arrive once.
func TestTransferLostAnswerResumed(t *testing.T) {
	ctx := context.Background()
	s, fake, _ := googleTest(t)
	c := importedWith(t, s, fake, "moving.nl", "TOKEN1", false,
		channeltest.Transferable{SKU: "1010020028", Seats: 12}, channeltest.Transferable{SKU: "1010050001", Seats: 3})
	chs, err := s.TransferOptions(ctx, c.ID)
	if err != nil {
		t.Fatal(err)
	}
	fake.DropOrderAnswers(1)
	picks := []model.TransferPick{{Offer: chs[0].Offers[0], Seats: chs[0].Seats}, {Offer: chs[1].Offers[0], Seats: chs[1].Seats}}
	if _, err := s.Transfer(ctx, "anna", c.ID, picks); err == nil {
		t.Fatal("a lost answer reported as done")
	}
	if ids, _ := s.PendingOrders(ctx); len(ids) != 2 {
		t.Fatalf("under way: %v", ids)
	}
	if got, _ := s.Get(ctx, c.ID); got.TransferToken == "" {
		t.Fatal("the token is forgotten while the transfer is under way")
	}
	if _, err := s.ResumeOrders(ctx, "anna", nil); err != nil {
		t.Fatal(err)
	}
	os, _ := s.Orders(ctx, c.ID)
	if len(os) != 2 || os[0].Status != model.OrderActive || os[1].Status != model.OrderActive {
		t.Fatalf("orders %+v", os)
	}
	var ids []any
	for _, r := range fake.Requests() {
		if strings.HasSuffix(r.Path, ":transferEntitlements") {
			ids = append(ids, r.Body["requestId"])
		}
	}
	if len(ids) != 2 || ids[0] != ids[1] || len(fake.Entitlements(c.GoogleName)) != 2 {
		t.Fatalf("transfer calls %v, %d subscriptions", ids, len(fake.Entitlements(c.GoogleName)))
	}
	if got, _ := s.Get(ctx, c.ID); got.TransferToken != "" {
		t.Fatal("the token is kept after the transfer")
	}
}
