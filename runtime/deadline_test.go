package runtime_test

import (
	"errors"
	"testing"
	"time"

	"github.com/durgen/durgen"
	"github.com/durgen/durgen/machine"
	"github.com/durgen/durgen/runtime"
)

// withDeadline is:
//
//	func withDeadline(ctx durgen.Context, n int) (int, error) {
//		return durgen.Await(ctx, flaky, n,
//			durgen.Retry(durgen.RetryPolicy{MaxAttempts: 10, InitialInterval: time.Minute}),
//			durgen.Deadline(5*time.Minute))
//	}
func withDeadline(ctx durgen.Context, n int) (int, error) {
	return durgen.Await(ctx, flaky, n, durgen.Retry(durgen.RetryPolicy{MaxAttempts: 10, InitialInterval: time.Minute}), durgen.Deadline(5*time.Minute))
}

type withDeadlineFrame struct {
	machine.Label
	N int `json:"n"`
}

func (f *withDeadlineFrame) Step(ctx durgen.Context) machine.Command {
	switch f.PC {
	case 0:
		f.PC = 1
		return machine.Call(ctx, flakyName, flaky, f.N,
			durgen.Retry(durgen.RetryPolicy{MaxAttempts: 10, InitialInterval: time.Minute}), durgen.Deadline(5*time.Minute))
	default:
		return machine.Return(machine.Result[int](ctx))
	}
}

func init() {
	machine.Register(machine.Define(pkg+".withDeadline", withDeadline, "shape-deadline-1",
		func(n int) *withDeadlineFrame { return &withDeadlineFrame{N: n} },
		machine.NewActivity(flakyName, flaky)))
}

// TestCallDeadline: a call's overall deadline stops its retries. flaky(9)
// fails its first nine attempts; with backoff 1m, 2m, 4m the fourth attempt
// would start 7 minutes in, past the 5-minute deadline, so the await fails
// with ErrTimeout after three attempts, while flaky(1) succeeds within it.
func TestCallDeadline(t *testing.T) {
	t.Parallel()
	e := newEngine(t, runtime.Options{})
	ctx := deadline(t)
	late, ok := uniq("deadline"), uniq("deadline")
	if _, err := runtime.Start(ctx, e, late, withDeadline, 9); err != nil {
		t.Fatal(err)
	}
	_, err := runtime.Result[int](ctx, e, late)
	if !errors.Is(err, durgen.ErrTimeout) {
		t.Fatalf("error %v, want one matching durgen.ErrTimeout", err)
	}
	if n := len(callsOf(late)); n != 3 {
		t.Fatalf("%d attempts, want 3 (no attempt starts after the deadline)", n)
	}
	if _, err := runtime.Start(ctx, e, ok, withDeadline, 1); err != nil {
		t.Fatal(err)
	}
	if got, err := runtime.Result[int](ctx, e, ok); err != nil || got != 1 {
		t.Fatalf("result %d, %v; want 1 within the deadline", got, err)
	}
}
