package runtime_test

import (
	"testing"
	"time"

	"github.com/durgen/durgen/runtime"
)

func TestScaledClock(t *testing.T) {
	t.Parallel()
	anchor := time.Now()
	virtual := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	// Two processes given the same anchors agree on virtual time.
	a := runtime.ScaledClock(anchor, virtual, 3600) // an hour per second
	b := runtime.ScaledClock(anchor, virtual, 3600)
	ta := a.Now()
	if d := b.Now().Sub(ta); d < 0 || d > time.Minute {
		t.Fatalf("clocks with one anchor disagree by %v", d)
	}
	// Ten virtual minutes pass in about 1/6 s; the timer fires once the
	// clock has reached its time.
	target := a.Now().Add(10 * time.Minute)
	start := time.Now()
	ch, release := a.At(target)
	defer release()
	select {
	case <-ch:
	case <-time.After(10 * time.Second):
		t.Fatal("scaled timer did not fire")
	}
	if a.Now().Before(target) {
		t.Fatalf("timer fired at %v, before %v", a.Now(), target)
	}
	if real := time.Since(start); real > 5*time.Second {
		t.Fatalf("ten virtual minutes took %v", real)
	}
}

func TestFakeClock(t *testing.T) {
	t.Parallel()
	start := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	c := runtime.NewFakeClock(start, false)
	ch, release := c.At(start.Add(time.Hour))
	defer release()
	c.Advance(59 * time.Minute)
	select {
	case <-ch:
		t.Fatal("fired early")
	default:
	}
	c.Advance(time.Minute)
	select {
	case <-ch:
	default:
		t.Fatal("did not fire when reached")
	}
	c.Set(start) // never backwards
	if !c.Now().Equal(start.Add(time.Hour)) {
		t.Fatalf("clock went back to %v", c.Now())
	}

	auto := runtime.NewFakeClock(start, true)
	ch, _ = auto.At(start.Add(240 * time.Hour))
	select {
	case <-ch:
	default:
		t.Fatal("auto-advancing clock did not jump to its timer")
	}
	if !auto.Now().Equal(start.Add(240 * time.Hour)) {
		t.Fatalf("auto clock at %v", auto.Now())
	}
}
