package runtime

import (
	"sync"
	"time"
)

// Clock is the engine's time: it decides when a durable timer fires and when
// a retry is due, and it is the recorded time of each step (durgen.Now).
//
// Leases do not use it: a lease measures whether a worker process is still
// alive, in wall-clock time, however fast the workflow's clock runs. A demo
// on a scaled clock, or a test on a fake one, keeps real lease expiry.
type Clock interface {
	// Now returns the current time.
	Now() time.Time
	// At returns a channel that receives once the clock reaches t, and a
	// function that releases the timer.
	At(t time.Time) (<-chan struct{}, func())
}

// RealClock is the wall clock.
func RealClock() Clock { return realClock{} }

type realClock struct{}

func (realClock) Now() time.Time { return time.Now() }

func (realClock) At(t time.Time) (<-chan struct{}, func()) {
	return realTimer(time.Until(t))
}

func realTimer(d time.Duration) (<-chan struct{}, func()) {
	ch := make(chan struct{})
	tm := time.AfterFunc(max(d, 0), func() { close(ch) })
	return ch, func() { tm.Stop() }
}

// ScaledClock returns a clock that reads virtual time at realAnchor as
// virtualAnchor and then runs factor times faster than the wall clock. Every
// process given the same anchors and factor agrees on the virtual time, so a
// demo's workers, killed and restarted, see one consistent clock in which a
// ten-day sleep passes in seconds.
func ScaledClock(realAnchor, virtualAnchor time.Time, factor float64) Clock {
	if factor <= 0 {
		factor = 1
	}
	return &scaledClock{real: realAnchor, virtual: virtualAnchor, factor: factor}
}

type scaledClock struct {
	real, virtual time.Time
	factor        float64
}

func (c *scaledClock) Now() time.Time {
	elapsed := time.Since(c.real)
	return c.virtual.Add(time.Duration(float64(elapsed) * c.factor))
}

func (c *scaledClock) At(t time.Time) (<-chan struct{}, func()) {
	d := t.Sub(c.Now())
	// Round up so that the clock has reached t when the timer fires.
	return realTimer(time.Duration(float64(d)/c.factor) + time.Microsecond)
}

// FakeClock is a clock for tests. Its time moves only when told to: by
// Advance and Set, or, with AutoAdvance, whenever an idle engine waits for its
// next timer, in which case the clock jumps straight to that timer. A
// workflow that sleeps ten days completes in milliseconds.
type FakeClock struct {
	mu      sync.Mutex
	now     time.Time
	auto    bool
	waiters []fakeWaiter
}

type fakeWaiter struct {
	at time.Time
	ch chan struct{}
}

// NewFakeClock returns a fake clock reading start. With autoAdvance, At
// jumps the clock to its argument and fires at once.
func NewFakeClock(start time.Time, autoAdvance bool) *FakeClock {
	return &FakeClock{now: start, auto: autoAdvance}
}

// Now returns the fake time.
func (c *FakeClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

// At implements Clock.
func (c *FakeClock) At(t time.Time) (<-chan struct{}, func()) {
	c.mu.Lock()
	defer c.mu.Unlock()
	ch := make(chan struct{})
	if c.auto && t.After(c.now) {
		c.now = t
	}
	if !t.After(c.now) {
		close(ch)
		return ch, func() {}
	}
	c.waiters = append(c.waiters, fakeWaiter{t, ch})
	return ch, func() {
		c.mu.Lock()
		defer c.mu.Unlock()
		for i, w := range c.waiters {
			if w.ch == ch {
				c.waiters = append(c.waiters[:i], c.waiters[i+1:]...)
				return
			}
		}
	}
}

// Advance moves the clock forward by d and fires the timers it passes.
func (c *FakeClock) Advance(d time.Duration) { c.Set(c.Now().Add(d)) }

// Set moves the clock to t (never backwards) and fires the timers it passes.
func (c *FakeClock) Set(t time.Time) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if t.After(c.now) {
		c.now = t
	}
	kept := c.waiters[:0]
	for _, w := range c.waiters {
		if !w.at.After(c.now) {
			close(w.ch)
		} else {
			kept = append(kept, w)
		}
	}
	c.waiters = kept
}
