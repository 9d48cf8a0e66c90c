package runtime_test

import (
	"context"
	"errors"
	"path/filepath"
	"testing"
	"time"

	"github.com/durgen/durgen"
	"github.com/durgen/durgen/machine"
	"github.com/durgen/durgen/runtime"
)

// cancellable is the workflow cancellableFrame implements: a long sleep,
// and a cleanup step when it is cancelled.
func cancellable(ctx durgen.Context, n int) (string, error) {
	err := durgen.Sleep(ctx, 24*time.Hour)
	if errors.Is(err, durgen.ErrCanceled) {
		_, cerr := durgen.Await(durgen.WithoutCancel(ctx), double, n)
		if cerr != nil {
			return "", cerr
		}
		return "", err
	}
	return "slept", nil
}

type cancellableFrame struct {
	machine.Label
	N   int   `json:"n"`
	Err error `json:"err"`
}

func (f *cancellableFrame) Step(ctx durgen.Context) machine.Command {
	for {
		switch f.PC {
		case 0:
			f.PC = 1
			return machine.Sleep(ctx, 24*time.Hour)
		case 1:
			f.Err = machine.Done(ctx)
			if errors.Is(f.Err, durgen.ErrCanceled) {
				f.PC = 2
				return machine.Call(durgen.WithoutCancel(ctx), doubleName, double, f.N)
			}
			return machine.Return("slept", nil)
		case 2:
			_, cerr := machine.Result[int](ctx)
			if cerr != nil {
				return machine.Return("", cerr)
			}
			return machine.Return("", f.Err)
		}
	}
}

// hang blocks until its context ends.
func hang(ctx context.Context, _ int) (int, error) {
	record(ctx, "hang", 0)
	<-ctx.Done()
	return 0, ctx.Err()
}

// lossy awaits hang with a single attempt.
func lossy(ctx durgen.Context, n int) (int, error) {
	return durgen.Await(ctx, hang, n, durgen.Retry(durgen.RetryPolicy{MaxAttempts: 1}))
}

type lossyFrame struct {
	machine.Label
	N int `json:"n"`
}

func (f *lossyFrame) Step(ctx durgen.Context) machine.Command {
	switch f.PC {
	case 0:
		f.PC = 1
		return machine.Call(ctx, pkg+".hang", hang, f.N, durgen.Retry(durgen.RetryPolicy{MaxAttempts: 1}))
	default:
		return machine.Return(machine.Result[int](ctx))
	}
}

func init() {
	machine.Register(machine.Define(pkg+".cancellable", cancellable, "shape-cancellable-1",
		func(n int) *cancellableFrame { return &cancellableFrame{N: n} },
		machine.NewActivity(doubleName, double)))
	machine.Register(machine.Define(pkg+".lossy", lossy, "shape-lossy-1",
		func(n int) *lossyFrame { return &lossyFrame{N: n} },
		machine.NewActivity(pkg+".hang", hang)))
}

func TestCancel(t *testing.T) {
	t.Parallel()
	clock := runtime.NewFakeClock(epoch, false)
	e := newEngine(t, runtime.Options{Clock: clock})
	ctx := deadline(t)
	id := uniq("cancel")
	runtime.Start(ctx, e, id, cancellable, 7)
	waitFor(t, func() bool {
		in, _ := e.Get(ctx, id)
		return in.PC == 1
	})
	if err := e.Cancel(ctx, id); err != nil {
		t.Fatal(err)
	}
	_, err := runtime.Result[string](ctx, e, id)
	var ie *runtime.InstanceError
	if !errors.Is(err, durgen.ErrCanceled) || !errors.As(err, &ie) || ie.Status != runtime.StatusCanceled {
		t.Fatalf("result error %v, want an InstanceError with status canceled matching durgen.ErrCanceled", err)
	}
	// The 24h sleep did not wait for the clock; the cleanup step ran.
	if cs := callsOf(id); len(cs) != 1 || cs[0].Input != 7 {
		t.Fatalf("cleanup calls %+v", cs)
	}
	if !clock.Now().Equal(epoch) {
		t.Fatalf("clock moved to %v", clock.Now())
	}
	if err := e.Cancel(ctx, id); !errors.Is(err, runtime.ErrInstanceEnded) {
		t.Fatalf("second cancel: %v, want ErrInstanceEnded", err)
	}

	// Uncancelled, the same workflow sleeps and returns.
	id2 := uniq("cancel")
	runtime.Start(ctx, e, id2, cancellable, 7)
	waitFor(t, func() bool {
		in, _ := e.Get(ctx, id2)
		return in.PC == 1
	})
	clock.Advance(24 * time.Hour)
	if got, err := runtime.Result[string](ctx, e, id2); err != nil || got != "slept" {
		t.Fatalf("uncancelled: %q, %v", got, err)
	}
}

// TestWorkerLost: worker A claims a step and stalls before running it; its
// lease expires; worker B takes the step over. With one attempt allowed,
// the lost attempt was the last: the await fails with ErrWorkerLost and
// the activity is not run again.
func TestWorkerLost(t *testing.T) {
	t.Parallel()
	path := filepath.Join(t.TempDir(), "durgen.db")
	clock := runtime.NewFakeClock(epoch, false)
	stall := make(chan struct{})
	a := runtime.New(openStore(t, path), runtime.Options{
		Clock: clock, Owner: "A", Lease: 200 * time.Millisecond, Poll: 20 * time.Millisecond, Concurrency: 1,
		OnEvent: func(ev runtime.Event) {
			if ev.Kind == runtime.EventStepClaimed && ev.Step == 1 {
				<-stall
			}
		},
	})
	ctx := deadline(t)
	id := uniq("lossy")
	runtime.Start(ctx, a, id, lossy, 1)
	run(t, a)
	t.Cleanup(func() { close(stall) }) // before A's Run is stopped
	waitFor(t, func() bool {
		st, _ := a.Store().StepList(ctx, id)
		return len(st) == 2 && st[1].Status == runtime.StepRunning
	})
	b := runtime.New(openStore(t, path), runtime.Options{Clock: clock, Owner: "B", Poll: 20 * time.Millisecond})
	run(t, b)
	_, err := runtime.Result[int](ctx, b, id)
	if !errors.Is(err, durgen.ErrWorkerLost) {
		t.Fatalf("error %v, want ErrWorkerLost", err)
	}
	if cs := callsOf(id); len(cs) != 0 {
		t.Fatalf("activity ran %d times after its only attempt was lost", len(cs))
	}
}
