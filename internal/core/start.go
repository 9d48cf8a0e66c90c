package core

import (
	"context"
	"encoding/json"
	"reflect"
	"runtime"
	"strings"
	"time"
)

// Start is an activity started by durgen.Go in a machine-mode continuation.
// The runtime records it as a step with the continuation's checkpoint; the
// workflow holds a Future naming the step.
type Start struct {
	// Step is the step number the future names.
	Step int
	// Func is the activity function; the runtime finds its registered
	// name.
	Func any
	// Input and Options are the encoded input and []durgen.Option.
	Input   json.RawMessage
	Options json.RawMessage
	// Err is set if the input could not be encoded.
	Err error
	// NoCancel is set for a start made with durgen.WithoutCancel.
	NoCancel bool
	// Child is set for durgen.Spawn: Func is a workflow function.
	Child bool
	// Timer is set for durgen.Timer, which fires at Until.
	Timer bool
	Until time.Time
	// Run runs a direct-mode compensation.
	Run func(context.Context) error
}

// AddCompensation records a durgen.Compensate registration.
func (s *State) AddCompensation(st Start) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.Compensations = append(s.Compensations, st)
}

// TakeCompensations returns the registrations recorded and forgets them.
func (s *State) TakeCompensations() []Start {
	s.mu.Lock()
	defer s.mu.Unlock()
	c := s.Compensations
	s.Compensations = nil
	return c
}

// FuncName returns a function value's short name: package.Func.
func FuncName(fn any) string {
	v := reflect.ValueOf(fn)
	if v.Kind() != reflect.Func {
		return "?"
	}
	f := runtime.FuncForPC(v.Pointer())
	if f == nil {
		return "?"
	}
	name := f.Name()
	if i := strings.LastIndex(name, "/"); i >= 0 {
		name = name[i+1:]
	}
	return name
}

// CancelFuture records a Future.Cancel of the step, saved with the
// checkpoint.
func (s *State) CancelFuture(step int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.Cancels = append(s.Cancels, step)
}

// StartActivity records a durgen.Go start and returns its step number.
func (s *State) StartActivity(st Start) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	st.Step = s.Seq
	s.Seq++
	s.Starts = append(s.Starts, st)
	return st.Step
}

// DirectSend queues a direct-mode signal.
func (s *State) DirectSend(name string, payload json.RawMessage) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.signals == nil {
		s.signals = map[string][]json.RawMessage{}
	}
	s.signals[name] = append(s.signals[name], payload)
}

// DirectReceive takes the oldest queued direct-mode signal named name.
func (s *State) DirectReceive(name string) (json.RawMessage, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	q := s.signals[name]
	if len(q) == 0 {
		return nil, false
	}
	s.signals[name] = q[1:]
	return q[0], true
}
