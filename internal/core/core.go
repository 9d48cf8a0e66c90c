// Package core holds the execution state shared by the author API (package
// durgen), the protocol between generated code and the runtime (package
// machine) and the runtime itself. It is internal so that a durgen.Context can
// be made only by durgen's own packages.
package core

import (
	"context"
	"encoding/json"
	"sync"
	"time"
)

// State is what a durgen.Context carries. In direct mode the workflow runs as
// a plain Go function and awaits execute inline; in machine mode the runtime
// fills in the step's recorded time and the outcome of the await that resumed
// the step.
type State struct {
	// Go is the Go context: the caller's in direct mode, the engine's in
	// machine mode. Activities started in direct mode receive it.
	Go context.Context

	// Direct reports whether the workflow runs as a plain function.
	Direct bool

	// mu guards slept; a direct-mode workflow may hand its Context to
	// several goroutines only through durgen.Go futures, which lock.
	mu sync.Mutex
	// slept is the virtual time a direct-mode workflow has slept: sleeps
	// return at once and Now moves forward by the slept duration.
	slept time.Duration
	// Clock reads the wall clock in direct mode (nil: time.Now).
	Clock func() time.Time
	// steps counts direct-mode awaits, for ActivityInfo.Step.
	steps int
	// signals are the direct-mode signals not yet received, by name.
	signals map[string][]json.RawMessage

	// Instance is the instance ID (machine mode).
	Instance string
	// Now is the recorded time of the current step (machine mode).
	Now time.Time
	// Result is the JSON-encoded result of the await that resumed this step.
	Result json.RawMessage
	// Err is the error of the await that resumed this step.
	Err error
	// Seq numbers the steps a machine-mode continuation records: the
	// runtime sets it to the instance's next step number before the step
	// runs; durgen.Go takes numbers from it, and the await that ends the
	// step takes the next.
	Seq int
	// Starts are the activities started by durgen.Go during this step,
	// saved with its checkpoint.
	Starts []Start
	// Cancels are the futures cancelled during this step (their steps).
	Cancels []int
	// Compensations are the undo steps registered (durgen.Compensate):
	// in machine mode during this step, in direct mode so far.
	Compensations []Start
}

// State returns s, so that *State satisfies durgen.Context.
func (s *State) State() *State { return s }

// DirectNow returns the direct-mode clock: the wall clock plus the time the
// workflow has slept.
func (s *State) DirectNow() time.Time {
	now := time.Now
	if s.Clock != nil {
		now = s.Clock
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	return now().Add(s.slept)
}

// DirectSleep records a direct-mode sleep of d.
func (s *State) DirectSleep(d time.Duration) {
	if d <= 0 {
		return
	}
	s.mu.Lock()
	s.slept += d
	s.mu.Unlock()
}

// NextStep numbers a direct-mode await, from 1.
func (s *State) NextStep() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.steps++
	return s.steps
}
