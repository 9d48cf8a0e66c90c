package durgen

import (
	"encoding/json"

	"github.com/durgen/durgen/internal/core"
)

// Spawn starts workflow as a child instance with input in and returns a
// future of its result, without waiting: children started one after the
// other run in parallel. Its ID is the parent's ID, a slash and the step
// number; cancelling the parent cancels it. Calling a workflow function
// directly from a workflow is the waiting form (an await point).
//
// In direct mode the child runs as a plain function in its own goroutine.
func Spawn[I, O any](ctx Context, workflow func(Context, I) (O, error), in I, opts ...Option) Future[O] {
	s := ctx.State()
	if s.Direct {
		d := &directCall{done: make(chan struct{}), cancel: func() {}}
		child := Direct(s.Go)
		go func() {
			defer close(d.done)
			d.out, d.err = workflow(child, in)
		}()
		return Future[O]{Step: s.NextStep(), d: d}
	}
	st := core.Start{Func: workflow, Child: true, NoCancel: IgnoresCancel(ctx)}
	st.Input, st.Err = json.Marshal(in)
	return Future[O]{Step: s.StartActivity(st)}
}
