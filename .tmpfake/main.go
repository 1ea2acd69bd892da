package main

import (
	"fmt"
	"os"
	"time"

	"onboard/store/channel/channeltest"
)

func main() {
	f := channeltest.New("C0reseller")
	f.AddCustomers(1, 300, 3)
	f.Quota["customers.list"], f.Quota["entitlements.list"] = 24, 24
	fmt.Println(f.Endpoint())
	os.WriteFile("/tmp/fake-endpoint", []byte(f.Endpoint()), 0o600)
	time.Sleep(time.Hour)
}
