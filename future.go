package durgen

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"

	"github.com/durgen/durgen/internal/core"
)

// Future is the result of an activity started with Go, to be read with Get.
// A future is a value: keep it in a local, a slice or a map, across awaits;
// it is saved with the workflow's frame.
type Future[O any] struct {
	// Step is the step that runs the activity.
	Step int `json:"step"`
	// d holds the direct-mode call.
	d *directCall
}

type directCall struct {
	done chan struct{}
	out  any
	err  error
}

// Go starts activity with input in and returns at once; Get waits for the
// result. Go is not an await point: in machine mode the start is recorded
// with the workflow's next checkpoint, with a stable step number and
// idempotency key, and the activity runs (and is retried) while the
// workflow goes on to its next await. Activities started and never waited
// for before the workflow returns are abandoned.
//
// In direct mode the activity runs in its own goroutine.
func Go[I, O any](ctx Context, activity func(context.Context, I) (O, error), in I, opts ...Option) Future[O] {
	s := ctx.State()
	if s.Direct {
		step := s.NextStep()
		d := &directCall{done: make(chan struct{})}
		actx := WithActivityInfo(s.Go, ActivityInfo{
			InstanceID:     "direct",
			Step:           step,
			Attempt:        1,
			IdempotencyKey: fmt.Sprintf("direct/%d", step),
		})
		go func() {
			defer close(d.done)
			d.out, d.err = activity(actx, in)
		}()
		return Future[O]{Step: step, d: d}
	}
	st := core.Start{Func: activity, NoCancel: IgnoresCancel(ctx)}
	st.Input, st.Err = json.Marshal(in)
	if len(opts) > 0 {
		st.Options, _ = json.Marshal(opts) // plain data
	}
	return Future[O]{Step: s.StartActivity(st)}
}

// Get waits for the future's activity and returns its result. It is an
// await point. Get may be called more than once and in any order.
func (f Future[O]) Get(ctx Context) (O, error) {
	direct(ctx, "Future.Get")
	var zero O
	if f.d == nil {
		return zero, errors.New("durgen: Get of a future not started by Go in direct mode")
	}
	<-f.d.done
	out, _ := f.d.out.(O)
	return out, f.d.err
}
