// Package orderkill tests that an order placed at Google survives kill -9
// at any moment between "order sent" and "answer stored": a child process
// places orders against a fake Cloud Channel API that lives in the test,
// the fake kills the child at a moment it picks, and the next child (and
// finally the test) resumes the outbox. Every order must end as exactly
// one subscription at Google: none lost, none bought twice.
package orderkill

import (
	"context"
	"fmt"
	"math/rand/v2"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"onboard/internal/killtest"
	"onboard/model"
	"onboard/store"
	"onboard/store/channel"
	"onboard/store/channel/channeltest"
)

func TestMain(m *testing.M) {
	if path := os.Getenv("ONBOARD_ORDER_CHILD"); path != "" {
		child(path)
		return
	}
	os.Exit(m.Run())
}

const account = "C0kill"

func open(path, endpoint string) (*store.Service, error) {
	ctx := context.Background()
	g, err := channel.New(ctx, channel.Config{AccountID: account, Endpoint: endpoint})
	if err != nil {
		return nil, err
	}
	return store.Open(ctx, path, store.Options{ResellerID: account, Google: g, PollWait: func(int) time.Duration { return time.Millisecond }})
}

// child places one order for the customer it is given, then resumes what
// earlier children left under way.
func child(path string) {
	ctx := context.Background()
	s, err := open(path, os.Getenv("ONBOARD_ORDER_ENDPOINT"))
	if err != nil {
		fmt.Println("error", err)
		os.Exit(1)
	}
	id, _ := strconv.ParseInt(os.Getenv("ONBOARD_ORDER_CUSTOMER"), 10, 64)
	o, err := s.PlaceOrder(ctx, "child", id, model.OrderForm{SKU: "Google Workspace Business Starter", Plan: "flexible", Seats: "7"})
	fmt.Println("placed", o.ID, o.Status, err)
	s.ResumeOrders(ctx, "child", nil)
	os.Exit(0)
}

func pushable(i int) model.Fields {
	return model.Fields{
		model.FieldKind: "domain", model.FieldOrgName: fmt.Sprintf("Kill %d BV", i), model.FieldDomain: fmt.Sprintf("kill%d.nl", i),
		model.FieldRegisteredDomain: "yes", model.FieldNonprofits: "no", model.FieldLegacyFree: "no", model.FieldProductFamily: "google_workspace",
		model.FieldRegionCode: "NL", model.FieldPostalCode: "1012 AB", model.FieldAddressLine1: "Damrak 1",
		model.FieldAdminFirstName: "Jan", model.FieldAdminLastName: "Smit", model.FieldAlternateEmail: "owner@gmail.com",
	}
}

// Kill points: where in an order the fake kills the child.
const (
	beforeCreate = iota // the create reaches Google but is not done
	afterCreate         // Google does it; the answer never arrives
	atPoll              // while the operation is followed
	atAnswer            // as the last answer is on its way to be stored
	points
)

// Each round places one order for its own customer and is killed once, at
// a point and moment the round's random draw picks (ONBOARD_CRASH_KILLS
// rounds, 25 by default; ONBOARD_CRASH_SEED varies the draw). Afterwards
// every customer has exactly one subscription at Google and one order
// here that names it, and nothing is left under way.
func TestOrderSurvivesKill(t *testing.T) {
	ctx := context.Background()
	rounds := killtest.Kills()
	seed := uint64(killtest.Seed())
	r := rand.New(rand.NewPCG(seed, 18))
	fake := channeltest.New(account)
	defer fake.Close()
	path := filepath.Join(t.TempDir(), "kill.db")
	s, err := open(path, fake.Endpoint())
	if err != nil {
		t.Fatal(err)
	}
	var ids []int64
	for i := range rounds {
		res, err := s.Create(ctx, "test", model.ModeCreate, pushable(i), model.CreateOptions{})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := s.Push(ctx, "test", res.Customer.ID); err != nil {
			t.Fatal(err)
		}
		ids = append(ids, res.Customer.ID)
	}
	s.Close()

	var mu sync.Mutex
	var proc *os.Process // the child now running
	kill := func() {
		mu.Lock()
		defer mu.Unlock()
		if proc != nil {
			proc.Kill()
			proc = nil
		}
	}
	killed := 0
	for i, id := range ids {
		point, poll := r.IntN(points), 1+r.IntN(fake.PollsToFinish)
		polls := 0
		fake.Misbehave(func(w http.ResponseWriter, req *http.Request, body map[string]any) bool {
			create := req.Method == http.MethodPost && strings.HasSuffix(req.URL.Path, "/entitlements")
			isPoll := req.Method == http.MethodGet && strings.HasPrefix(req.URL.Path, "/v1/operations/")
			if isPoll {
				polls++
			}
			switch {
			case point == beforeCreate && create:
				kill()
				drop(w)
				return true
			case point == afterCreate && create:
				kill()
				return false // Google does it; the child is gone
			case point == atPoll && isPoll && polls == poll:
				kill()
				drop(w)
				return true
			case point == atAnswer && isPoll && polls == fake.PollsToFinish:
				go kill() // races the child's storing of the answer
				return false
			}
			return false
		})
		cmd := exec.Command(os.Args[0], "-test.run", "^$")
		cmd.Env = append(os.Environ(), "ONBOARD_ORDER_CHILD="+path, "ONBOARD_ORDER_ENDPOINT="+fake.Endpoint(),
			"ONBOARD_ORDER_CUSTOMER="+strconv.FormatInt(id, 10))
		out := &strings.Builder{}
		cmd.Stdout = out
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		mu.Lock()
		proc = cmd.Process
		mu.Unlock()
		err := cmd.Wait()
		mu.Lock()
		wasKilled := proc == nil
		proc = nil
		mu.Unlock()
		if wasKilled {
			killed++
		} else if err != nil || strings.HasPrefix(out.String(), "error") {
			t.Fatalf("round %d: child: %v %s", i, err, out.String())
		}
	}
	fake.Misbehave(nil)
	if killed < rounds*3/4 {
		t.Fatalf("only %d of %d rounds were killed", killed, rounds)
	}

	s, err = open(path, fake.Endpoint())
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if _, err := s.ResumeOrders(ctx, "test", nil); err != nil {
		t.Fatal(err)
	}
	requestIDs := map[string]map[any]bool{} // customer → the requestIds its creates carried
	for _, r := range fake.Requests() {
		if r.Method == http.MethodPost && strings.HasSuffix(r.Path, "/entitlements") {
			c := strings.TrimSuffix(strings.TrimPrefix(r.Path, "/v1/"), "/entitlements")
			if requestIDs[c] == nil {
				requestIDs[c] = map[any]bool{}
			}
			requestIDs[c][r.Body["requestId"]] = true
		}
	}
	dups, lost := 0, 0
	for _, id := range ids {
		c, _ := s.Get(ctx, id)
		if n := len(requestIDs[c.GoogleName]); n != 1 {
			t.Errorf("customer %d: its order was sent with %d requestIds", id, n)
		}
		es := fake.Entitlements(c.GoogleName)
		os, _ := s.Orders(ctx, id)
		switch {
		case len(es) > 1:
			dups++
		case len(es) == 0 || len(os) != 1 || os[0].Entitlement != es[0]["name"] || os[0].Status != model.OrderPendingToS:
			lost++
			t.Errorf("customer %d: %d subscriptions at Google, orders %+v", id, len(es), os)
		}
	}
	if left, _ := s.PendingOrders(ctx); dups > 0 || lost > 0 || len(left) > 0 {
		t.Fatalf("%d duplicates, %d lost, %d still under way", dups, lost, len(left))
	}
	t.Logf("%d rounds, %d kills (seed %d): 0 duplicates, 0 lost", rounds, killed, seed)
}

// drop closes the connection without an answer.
func drop(w http.ResponseWriter) {
	if hj, ok := w.(http.Hijacker); ok {
		if conn, _, err := hj.Hijack(); err == nil {
			conn.Close()
		}
	}
}
