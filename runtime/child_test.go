package runtime_test

import (
	"errors"
	"fmt"
	"testing"

	"github.com/durgen/durgen"
	"github.com/durgen/durgen/machine"
	"github.com/durgen/durgen/runtime"
)

// family is the workflow familyFrame implements: two children spawned to
// run in parallel, a third called (and waited for), then the first two read.
func family(ctx durgen.Context, n int) (int, error) {
	a := durgen.Spawn(ctx, sumDoubles, n)
	b := durgen.Spawn(ctx, sumDoubles, n+1)
	c, err := sumDoubles(ctx, n+2)
	if err != nil {
		return 0, err
	}
	x, err := a.Get(ctx)
	if err != nil {
		return 0, err
	}
	y, err := b.Get(ctx)
	if err != nil {
		return 0, err
	}
	return x*10000 + y*100 + c, nil
}

type familyFrame struct {
	machine.Label
	N int                `json:"n"`
	A durgen.Future[int] `json:"a"`
	B durgen.Future[int] `json:"b"`
	C int                `json:"c"`
	X int                `json:"x"`
}

func (f *familyFrame) Step(ctx durgen.Context) machine.Command {
	for {
		switch f.PC {
		case 0:
			f.A = durgen.Spawn(ctx, sumDoubles, f.N)
			f.B = durgen.Spawn(ctx, sumDoubles, f.N+1)
			f.PC = 1
			return machine.Child(ctx, sumDoublesWF, sumDoubles, f.N+2)
		case 1:
			c, err := machine.Result[int](ctx)
			if err != nil {
				return machine.Return(0, err)
			}
			f.C = c
			f.PC = 2
			return machine.Get(ctx, f.A)
		case 2:
			x, err := machine.Result[int](ctx)
			if err != nil {
				return machine.Return(0, err)
			}
			f.X = x
			f.PC = 3
			return machine.Get(ctx, f.B)
		case 3:
			y, err := machine.Result[int](ctx)
			if err != nil {
				return machine.Return(0, err)
			}
			return machine.Return(f.X*10000+y*100+f.C, nil)
		}
	}
}

func init() {
	machine.Register(machine.Define(pkg+".family", family, "shape-family-1",
		func(n int) *familyFrame { return &familyFrame{N: n} }))
}

func TestChildren(t *testing.T) {
	t.Parallel()
	e := newEngine(t, runtime.Options{})
	ctx := deadline(t)
	id := uniq("family")
	if _, err := runtime.Start(ctx, e, id, family, 2); err != nil {
		t.Fatal(err)
	}
	got, err := runtime.Result[int](ctx, e, id)
	want, werr := family(durgen.Direct(ctx), 2)
	if err != nil || werr != nil || got != want || got != 20612 {
		t.Fatalf("result %d, %v; direct mode %d, %v; want 20612", got, err, want, werr)
	}
	for n, input := range map[int]string{1: "2", 2: "3", 3: "4"} {
		child, err := e.Get(ctx, fmt.Sprintf("%s/%d", id, n))
		if err != nil {
			t.Fatal(err)
		}
		if child.ParentID != id || child.ParentStep != n || child.Workflow != sumDoublesWF || string(child.Input) != input ||
			child.Status != runtime.StatusCompleted {
			t.Fatalf("child %d: %+v", n, child)
		}
	}
}

func TestCancelChildren(t *testing.T) {
	t.Parallel()
	clock := runtime.NewFakeClock(epoch, false)
	e := newEngine(t, runtime.Options{Clock: clock})
	ctx := deadline(t)
	id := uniq("family")
	runtime.Start(ctx, e, id, family, 2)
	// All three children sleep after their first call.
	waitFor(t, func() bool {
		for n := 1; n <= 3; n++ {
			c, err := e.Get(ctx, fmt.Sprintf("%s/%d", id, n))
			if err != nil || c.PC != 3 {
				return false
			}
		}
		return true
	})
	if err := e.Cancel(ctx, id); err != nil {
		t.Fatal(err)
	}
	_, err := runtime.Result[int](ctx, e, id)
	var ie *runtime.InstanceError
	if !errors.Is(err, durgen.ErrCanceled) || !errors.As(err, &ie) || ie.Status != runtime.StatusCanceled {
		t.Fatalf("parent: %v, want canceled", err)
	}
	for n := 1; n <= 3; n++ {
		c, err := e.Wait(ctx, fmt.Sprintf("%s/%d", id, n))
		if err != nil || c.Status != runtime.StatusCanceled {
			t.Fatalf("child %d: %+v, %v; want canceled", n, c, err)
		}
	}
}
