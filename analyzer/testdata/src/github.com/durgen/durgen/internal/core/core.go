// Package core is a stub of github.com/durgen/durgen/internal/core for the
// analyzer's tests.
package core

import "context"

// State is what a durgen.Context carries.
type State struct {
	Go     context.Context
	Direct bool
}

// State returns s.
func (s *State) State() *State { return s }
