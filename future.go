package durgen

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"reflect"
	"time"

	"github.com/durgen/durgen/internal/core"
)

// Future is the result of an activity started with Go, or of a Timer, to be
// read with Get. A future is a value: keep it in a local, a slice or a map,
// across awaits; it is saved with the workflow's frame.
type Future[O any] struct {
	// Step is the step that runs the activity or the timer.
	Step int `json:"step"`
	// d holds the direct-mode call.
	d *directCall
}

// Awaitable is a future of any result type, for Select. Only Future
// implements it.
type Awaitable interface {
	direct() *directCall
}

func (f Future[O]) direct() *directCall { return f.d }

// directCall is a future in direct mode: an activity running in a
// goroutine, or a timer firing at a virtual time.
type directCall struct {
	done   chan struct{}
	out    any
	err    error
	cancel context.CancelFunc
	timer  bool
	at     time.Time
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
		gctx, cancel := context.WithCancel(s.Go)
		d := &directCall{done: make(chan struct{}), cancel: cancel}
		actx := WithActivityInfo(gctx, ActivityInfo{
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

// Timer starts a durable timer that fires d after the step's time; its
// future's result is the time it fired at. Like Go, it is not an await
// point; race it against other futures with Select.
//
// In direct mode a timer fires when it is waited for, moving Now forward.
func Timer(ctx Context, d time.Duration) Future[time.Time] {
	s := ctx.State()
	at := Now(ctx).Add(d)
	if s.Direct {
		return Future[time.Time]{Step: s.NextStep(), d: &directCall{timer: true, at: at, done: make(chan struct{})}}
	}
	return Future[time.Time]{Step: s.StartActivity(core.Start{Timer: true, Until: at, NoCancel: IgnoresCancel(ctx)})}
}

// Get waits for the future and returns its result. It is an await point.
// Get may be called more than once and in any order.
func (f Future[O]) Get(ctx Context) (O, error) {
	s := direct(ctx, "Future.Get")
	var zero O
	if f.d == nil {
		return zero, errors.New("durgen: Get of a future not started by Go or Timer in direct mode")
	}
	if f.d.timer {
		select {
		case <-f.d.done: // cancelled
			return zero, fmt.Errorf("durgen: timer cancelled: %w", ErrCanceled)
		default:
		}
		if wait := f.d.at.Sub(s.DirectNow()); wait > 0 {
			s.DirectSleep(wait)
		}
		out, _ := any(f.d.at).(O)
		return out, nil
	}
	<-f.d.done
	out, _ := f.d.out.(O)
	return out, f.d.err
}

// Cancel asks the future's activity or timer to stop. In machine mode a
// step that has not started ends with an error matching ErrCanceled (a Get
// returns it); one already running finishes. Cancel is not an await point.
func (f Future[O]) Cancel(ctx Context) {
	s := ctx.State()
	if !s.Direct {
		s.CancelFuture(f.Step)
		return
	}
	if f.d == nil {
		return
	}
	if f.d.timer {
		select {
		case <-f.d.done:
		default:
			close(f.d.done)
		}
		return
	}
	f.d.cancel()
}

// Select waits until the first of futures has ended and returns its index;
// read its result with Get. It is an await point. Futures that end at the
// same moment are taken in the order given.
//
// In direct mode activities take no time: Select returns the first
// activity to finish if there is one, and otherwise the earliest timer,
// moving Now to it.
func Select(ctx Context, futures ...Awaitable) (int, error) {
	s := direct(ctx, "durgen.Select")
	var cases []reflect.SelectCase
	var index []int
	timer := -1
	for i, f := range futures {
		d := f.direct()
		if d == nil {
			return 0, fmt.Errorf("durgen: Select: future %d was not started by Go or Timer in direct mode", i)
		}
		if d.timer {
			select {
			case <-d.done: // cancelled: ends at once
				return i, nil
			default:
			}
			if timer < 0 || d.at.Before(futures[timer].direct().at) {
				timer = i
			}
			continue
		}
		cases = append(cases, reflect.SelectCase{Dir: reflect.SelectRecv, Chan: reflect.ValueOf(d.done)})
		index = append(index, i)
	}
	if len(cases) > 0 {
		// The first in order among those already done, else the first to end.
		for j, c := range cases {
			select {
			case <-c.Chan.Interface().(chan struct{}):
				return index[j], nil
			default:
			}
		}
		j, _, _ := reflect.Select(cases)
		return index[j], nil
	}
	if timer < 0 {
		return 0, errors.New("durgen: Select of no futures")
	}
	if wait := futures[timer].direct().at.Sub(s.DirectNow()); wait > 0 {
		s.DirectSleep(wait)
	}
	return timer, nil
}
