package runtime_test

import (
	"context"
	"errors"
	"testing"

	"github.com/durgen/durgen"
	"github.com/durgen/durgen/machine"
	"github.com/durgen/durgen/runtime"
)

// undo is a compensation; it fails for 42.
func undo(ctx context.Context, v int) (int, error) {
	record(ctx, "undo", v)
	if v == 42 {
		return 0, errors.New("cannot undo 42")
	}
	return v, nil
}

var once = durgen.Retry(durgen.RetryPolicy{MaxAttempts: 1})

// saga is the workflow sagaFrame implements: two steps with undo steps,
// then a charge that fails for n >= 100 (and undo fails for 42).
func saga(ctx durgen.Context, n int) (int, error) {
	a, err := durgen.Await(ctx, double, n)
	if err != nil {
		return 0, err
	}
	durgen.Compensate(ctx, undo, a, once)
	b, err := durgen.Await(ctx, double, n+21)
	if err != nil {
		return 0, err
	}
	durgen.Compensate(ctx, undo, b, once)
	if _, err := durgen.Await(ctx, flaky, n, once); err != nil {
		return 0, err
	}
	return a + b, nil
}

type sagaFrame struct {
	machine.Label
	N int `json:"n"`
	A int `json:"a"`
	B int `json:"b"`
}

func (f *sagaFrame) Step(ctx durgen.Context) machine.Command {
	for {
		switch f.PC {
		case 0:
			f.PC = 1
			return machine.Call(ctx, doubleName, double, f.N)
		case 1:
			a, err := machine.Result[int](ctx)
			if err != nil {
				return machine.Return(0, err)
			}
			f.A = a
			durgen.Compensate(ctx, undo, f.A, once)
			f.PC = 2
			return machine.Call(ctx, doubleName, double, f.N+21)
		case 2:
			b, err := machine.Result[int](ctx)
			if err != nil {
				return machine.Return(0, err)
			}
			f.B = b
			durgen.Compensate(ctx, undo, f.B, once)
			f.PC = 3
			return machine.Call(ctx, flakyName, flaky, f.N, once)
		case 3:
			if _, err := machine.Result[int](ctx); err != nil {
				return machine.Return(0, err)
			}
			return machine.Return(f.A+f.B, nil)
		}
	}
}

func init() {
	machine.Register(machine.Define(pkg+".saga", saga, "shape-saga-1",
		func(n int) *sagaFrame { return &sagaFrame{N: n} },
		machine.NewActivity(doubleName, double), machine.NewActivity(flakyName, flaky), machine.NewActivity(pkg+".undo", undo)))
}

func TestCompensate(t *testing.T) {
	t.Parallel()
	e := newEngine(t, runtime.Options{})
	ctx := deadline(t)
	for _, tc := range []struct {
		n     int
		undos []int
		msg   string
	}{
		{100, []int{242, 200}, "charge 100: runtime_test: declined (compensated: [runtime_test.undo runtime_test.undo])"},
		{0, nil, ""}, // succeeds: nothing undone
		{110, []int{262, 220}, "charge 110: runtime_test: declined (compensated: [runtime_test.undo runtime_test.undo])"},
	} {
		id := uniq("saga")
		runtime.Start(ctx, e, id, saga, tc.n)
		got, err := runtime.Result[int](ctx, e, id)
		want, werr := durgen.RunDirect(ctx, saga, tc.n)
		if tc.msg == "" {
			if err != nil || got != want || werr != nil {
				t.Fatalf("n=%d: %d, %v; direct %d, %v", tc.n, got, err, want, werr)
			}
			continue
		}
		var ie *runtime.InstanceError
		if !errors.As(err, &ie) || ie.Err.Error() != tc.msg || !errors.Is(err, errDeclined) || ie.Status != runtime.StatusFailed {
			t.Fatalf("n=%d: error %v, want %q matching errDeclined", tc.n, err, tc.msg)
		}
		if werr == nil || werr.Error() != tc.msg {
			t.Fatalf("n=%d: direct mode error %v, want %q", tc.n, werr, tc.msg)
		}
		var undos []int
		for _, c := range callsOf(id) {
			if c.Activity == "undo" {
				undos = append(undos, c.Input)
			}
		}
		if len(undos) != 2 || undos[0] != tc.undos[0] || undos[1] != tc.undos[1] {
			t.Fatalf("n=%d: undo calls %v, want %v (reverse order)", tc.n, undos, tc.undos)
		}
	}

	// An undo step that fails is reported; the others still run.
	id := uniq("saga")
	runtime.Start(ctx, e, id, saga, 21) // a = 42, b = 84; flaky fails its only attempt
	_, err := runtime.Result[int](ctx, e, id)
	const msg = "temporarily unavailable (compensated: [runtime_test.undo]; compensation failed: [runtime_test.undo: cannot undo 42])"
	var ie *runtime.InstanceError
	if !errors.As(err, &ie) || ie.Err.Error() != msg {
		t.Fatalf("error %v, want %q", err, msg)
	}
	if _, werr := durgen.RunDirect(ctx, saga, 21); werr == nil || werr.Error() != msg {
		t.Fatalf("direct mode: %v", werr)
	}
}
