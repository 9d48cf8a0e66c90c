package runtime_test

import (
	"fmt"
	"testing"
	"time"

	"github.com/durgen/durgen"
	"github.com/durgen/durgen/machine"
	"github.com/durgen/durgen/runtime"
)

// race is the workflow raceFrame implements: an activity (double, or hang
// when n < 0) against a one-hour timer; the loser is cancelled.
func race(ctx durgen.Context, n int) (string, error) {
	var work durgen.Future[int]
	if n < 0 {
		work = durgen.Go(ctx, hang, n)
	} else {
		work = durgen.Go(ctx, double, n)
	}
	timer := durgen.Timer(ctx, time.Hour)
	i, err := durgen.Select(ctx, work, timer)
	if err != nil {
		return "", err
	}
	if i == 1 {
		work.Cancel(ctx)
		return "timeout", nil
	}
	timer.Cancel(ctx)
	v, err := work.Get(ctx)
	if err != nil {
		return "", err
	}
	return fmt.Sprint(v), nil
}

type raceFrame struct {
	machine.Label
	N     int                      `json:"n"`
	Work  durgen.Future[int]       `json:"work"`
	Timer durgen.Future[time.Time] `json:"timer"`
}

func (f *raceFrame) Step(ctx durgen.Context) machine.Command {
	for {
		switch f.PC {
		case 0:
			if f.N < 0 {
				f.Work = durgen.Go(ctx, hang, f.N)
			} else {
				f.Work = durgen.Go(ctx, double, f.N)
			}
			f.Timer = durgen.Timer(ctx, time.Hour)
			f.PC = 1
			return machine.Select(ctx, f.Work, f.Timer)
		case 1:
			i, err := machine.Result[int](ctx)
			if err != nil {
				return machine.Return("", err)
			}
			if i == 1 {
				f.Work.Cancel(ctx)
				return machine.Return("timeout", nil)
			}
			f.Timer.Cancel(ctx)
			f.PC = 2
			return machine.Get(ctx, f.Work)
		case 2:
			v, err := machine.Result[int](ctx)
			if err != nil {
				return machine.Return("", err)
			}
			return machine.Return(fmt.Sprint(v), nil)
		}
	}
}

func init() {
	machine.Register(machine.Define(pkg+".race", race, "shape-race-1",
		func(n int) *raceFrame { return &raceFrame{N: n} },
		machine.NewActivity(doubleName, double), machine.NewActivity(pkg+".hang", hang)))
}

func TestSelect(t *testing.T) {
	t.Parallel()
	ctx := deadline(t)

	t.Run("activity first", func(t *testing.T) {
		t.Parallel()
		e := newEngine(t, runtime.Options{})
		id := uniq("race")
		runtime.Start(ctx, e, id, race, 21)
		got, err := runtime.Result[string](ctx, e, id)
		want, _ := race(durgen.Direct(ctx), 21)
		if err != nil || got != want || got != "42" {
			t.Fatalf("result %q, %v; direct mode %q", got, err, want)
		}
		steps, _ := e.Store().StepList(ctx, id)
		timer := steps[2]
		if timer.Kind != runtime.StepTimer || timer.Status != runtime.StepDone || timer.Error == nil {
			t.Fatalf("losing timer %+v, want cancelled", timer)
		}
	})

	t.Run("timer first", func(t *testing.T) {
		t.Parallel()
		clock := runtime.NewFakeClock(epoch, false)
		e := newEngine(t, runtime.Options{Clock: clock, Poll: 10 * time.Millisecond, ShutdownGrace: 100 * time.Millisecond})
		id := uniq("race")
		runtime.Start(ctx, e, id, race, -1)
		waitFor(t, func() bool {
			st, _ := e.Store().StepList(ctx, id)
			return len(st) == 4 && st[1].Status == runtime.StepRunning && st[3].Status == runtime.StepWaiting
		})
		clock.Advance(time.Hour)
		got, err := runtime.Result[string](ctx, e, id)
		if err != nil || got != "timeout" {
			t.Fatalf("result %q, %v; want timeout", got, err)
		}
		if in, _ := e.Get(ctx, id); string(in.Frame) != `{"pc":1,"n":-1,"work":{"step":1},"timer":{"step":2}}` {
			t.Fatalf("frame %s", in.Frame)
		}
	})

	t.Run("direct timer", func(t *testing.T) {
		t.Parallel()
		dctx := durgen.Direct(ctx)
		start := durgen.Now(dctx)
		tm := durgen.Timer(dctx, time.Hour)
		other := durgen.Timer(dctx, 2*time.Hour)
		if i, err := durgen.Select(dctx, other, tm); err != nil || i != 1 {
			t.Fatalf("Select of two timers: %d, %v", i, err)
		}
		if d := durgen.Now(dctx).Sub(start); d < time.Hour || d > time.Hour+time.Minute {
			t.Fatalf("direct clock moved %v, want an hour", d)
		}
	})
}
