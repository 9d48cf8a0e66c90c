package main

import (
	"context"
	"errors"
	"fmt"
	"testing"

	"github.com/durgen/durgen"
	"github.com/durgen/durgen/runtime"
	"github.com/durgen/durgen/runtime/durgentest"
)

func TestBookTrip(t *testing.T) {
	it, err := durgentest.Run(t, BookTrip, Trip{ID: "t1", From: "LIS", To: "OSL", Nights: 2, Card: "4242"})
	if err != nil || it.Charged != 30000+24000+8000 {
		t.Fatalf("%+v, %v", it, err)
	}
	_, err = durgentest.Run(t, BookTrip, Trip{ID: "t2", From: "LIS", To: "OSL", Nights: 2, Card: "declined"})
	const want = "charge 62000 to declined: card declined (compensated: [saga.CancelCar saga.CancelHotel saga.CancelFlight])"
	if !errors.Is(err, ErrCardDeclined) || errText(err) != want {
		t.Fatalf("error %v, want %q", err, want)
	}
	if _, derr := durgen.RunDirect(context.Background(), BookTrip, Trip{ID: "t2", From: "LIS", To: "OSL", Nights: 2, Card: "declined"}); derr == nil || derr.Error() != want {
		t.Fatalf("direct mode: %v", derr)
	}
}

// TestCrashEverywhere crashes the worker at every step of both outcomes,
// the compensations included.
func TestCrashEverywhere(t *testing.T) {
	if testing.Short() {
		t.Skip("many crash runs")
	}
	for _, card := range []string{"4242", "declined"} {
		t.Run(card, func(t *testing.T) {
			durgentest.CrashEverywhere(t, BookTrip, Trip{ID: "t", From: "LIS", To: "OSL", Nights: 2, Card: card})
		})
	}
}

// errText is the workflow's error message, without the instance's name.
func errText(err error) string {
	var ie *runtime.InstanceError
	if errors.As(err, &ie) {
		return ie.Err.Error()
	}
	return fmt.Sprint(err)
}
