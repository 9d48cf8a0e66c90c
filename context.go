package durgen

import (
	"context"
	"time"

	"github.com/durgen/durgen/internal/core"
)

// Context is a workflow's handle on its execution. Workflow functions take it
// as their first parameter and pass it to Await, Sleep and Now. A Context is
// made by Direct (direct mode) or by the runtime (machine mode); it cannot be
// implemented outside durgen.
type Context interface {
	// State returns the execution state behind the context. It is the seam
	// between durgen's packages; workflow code has no use for it.
	State() *core.State
}

// Direct returns a Context that runs a workflow as a plain Go function:
// awaits call their activities inline with ctx, sleeps return at once, and
// Now is the wall clock moved forward by the time slept so far. Direct mode
// is how a workflow is unit-tested and the oracle its generated state machine
// is checked against.
func Direct(ctx context.Context) Context {
	if ctx == nil {
		ctx = context.Background()
	}
	return &core.State{Go: ctx, Direct: true}
}

// Now returns the time of the current step. In machine mode it is recorded
// when the step starts and saved with the checkpoint, so it is the same value
// however often the step's code runs and is safe to use in duration
// arithmetic across a sleep (unlike a monotonic time.Now reading).
func Now(ctx Context) time.Time {
	s := ctx.State()
	if s.Direct {
		return s.DirectNow()
	}
	return s.Now
}

// direct returns the state behind ctx if ctx is a direct-mode context, and
// panics otherwise: in machine mode the generated state machine replaces every
// await, so reaching one means the workflow function was called by the
// runtime without its generated code.
func direct(ctx Context, what string) *core.State {
	s := ctx.State()
	if !s.Direct {
		panic("durgen: " + what + " reached in a machine-mode context; the generated state machine should have replaced it (run go generate)")
	}
	return s
}
