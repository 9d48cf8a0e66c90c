package runtime_test

import (
	"errors"
	"testing"
	"time"

	"github.com/durgen/durgen"
	"github.com/durgen/durgen/machine"
	"github.com/durgen/durgen/runtime"
)

// parallel is the workflow parallelFrame implements: two activities run
// while the workflow sleeps, and are read in the opposite order.
func parallel(ctx durgen.Context, n int) (int, error) {
	a := durgen.Go(ctx, double, n)
	b := durgen.Go(ctx, double, n+10)
	if err := durgen.Sleep(ctx, time.Minute); err != nil {
		return 0, err
	}
	y, err := b.Get(ctx)
	if err != nil {
		return 0, err
	}
	x, err := a.Get(ctx)
	if err != nil {
		return 0, err
	}
	return x*100 + y, nil
}

type parallelFrame struct {
	machine.Label
	N int                `json:"n"`
	A durgen.Future[int] `json:"a"`
	B durgen.Future[int] `json:"b"`
	Y int                `json:"y"`
}

func (f *parallelFrame) Step(ctx durgen.Context) machine.Command {
	for {
		switch f.PC {
		case 0:
			f.A = durgen.Go(ctx, double, f.N)
			f.B = durgen.Go(ctx, double, f.N+10)
			f.PC = 1
			return machine.Sleep(ctx, time.Minute)
		case 1:
			if err := machine.Done(ctx); err != nil {
				return machine.Return(0, err)
			}
			f.PC = 2
			return machine.Get(ctx, f.B)
		case 2:
			y, err := machine.Result[int](ctx)
			if err != nil {
				return machine.Return(0, err)
			}
			f.Y = y
			f.PC = 3
			return machine.Get(ctx, f.A)
		case 3:
			x, err := machine.Result[int](ctx)
			if err != nil {
				return machine.Return(0, err)
			}
			return machine.Return(x*100+f.Y, nil)
		}
	}
}

// approval is the workflow approvalFrame implements.
func approval(ctx durgen.Context, _ int) (string, error) {
	v, err := durgen.ReceiveWithin[string](ctx, "approve", time.Hour)
	if errors.Is(err, durgen.ErrTimeout) {
		return "timeout", nil
	}
	if err != nil {
		return "", err
	}
	w, err := durgen.Receive[string](ctx, "approve")
	if err != nil {
		return "", err
	}
	return v + "," + w, nil
}

type approvalFrame struct {
	machine.Label
	V string `json:"v"`
}

func (f *approvalFrame) Step(ctx durgen.Context) machine.Command {
	for {
		switch f.PC {
		case 0:
			f.PC = 1
			return machine.ReceiveWithin[string](ctx, "approve", time.Hour)
		case 1:
			v, err := machine.Result[string](ctx)
			if errors.Is(err, durgen.ErrTimeout) {
				return machine.Return("timeout", nil)
			}
			if err != nil {
				return machine.Return("", err)
			}
			f.V = v
			f.PC = 2
			return machine.Receive[string](ctx, "approve")
		case 2:
			w, err := machine.Result[string](ctx)
			if err != nil {
				return machine.Return("", err)
			}
			return machine.Return(f.V+","+w, nil)
		}
	}
}

func init() {
	machine.Register(machine.Define(pkg+".parallel", parallel, "shape-parallel-1",
		func(n int) *parallelFrame { return &parallelFrame{N: n} },
		machine.NewActivity(doubleName, double)))
	machine.Register(machine.Define(pkg+".approval", approval, "shape-approval-1",
		func(int) *approvalFrame { return &approvalFrame{} }))
}

func TestFutures(t *testing.T) {
	t.Parallel()
	e := newEngine(t, runtime.Options{})
	ctx := deadline(t)
	id := uniq("parallel")
	if _, err := runtime.Start(ctx, e, id, parallel, 1); err != nil {
		t.Fatal(err)
	}
	got, err := runtime.Result[int](ctx, e, id)
	if err != nil {
		t.Fatal(err)
	}
	want, err := parallel(durgen.Direct(ctx), 1)
	if err != nil || got != want || got != 222 {
		t.Fatalf("result %d, direct mode %d (%v), want 222", got, want, err)
	}
	steps, _ := e.Store().StepList(ctx, id)
	kinds := ""
	for _, st := range steps {
		kinds += string(st.Kind) + " "
	}
	if kinds != "start go go sleep get get " {
		t.Fatalf("steps %s", kinds)
	}
	cs := callsOf(id)
	if len(cs) != 2 {
		t.Fatalf("calls %+v", cs)
	}
	for _, c := range cs {
		if (c.Input == 1) != (c.Info.Step == 1) || c.Info.IdempotencyKey != id+"/"+map[int]string{1: "1", 2: "2"}[c.Info.Step] {
			t.Fatalf("call %+v: want input 1 at step 1 and 11 at step 2", c)
		}
	}
	in, _ := e.Get(ctx, id)
	if string(in.Frame) != `{"pc":3,"n":1,"a":{"step":1},"b":{"step":2},"y":22}` {
		t.Fatalf("final frame %s", in.Frame)
	}
}

func TestSignals(t *testing.T) {
	t.Parallel()
	ctx := deadline(t)

	t.Run("buffered", func(t *testing.T) {
		t.Parallel()
		e := runtime.New(openStore(t, t.TempDir()+"/durgen.db"), runtime.Options{Clock: runtime.NewFakeClock(epoch, true)})
		id := uniq("approval")
		runtime.Start(ctx, e, id, approval, 0)
		// Sent before any worker runs: kept in order.
		for _, v := range []string{"ann", "bob"} {
			if err := e.Signal(ctx, id, "approve", v); err != nil {
				t.Fatal(err)
			}
		}
		run(t, e)
		if got, err := runtime.Result[string](ctx, e, id); err != nil || got != "ann,bob" {
			t.Fatalf("result %q, %v; want ann,bob", got, err)
		}
		if err := e.Signal(ctx, id, "approve", "late"); !errors.Is(err, runtime.ErrInstanceEnded) {
			t.Fatalf("signal to an ended instance: %v", err)
		}
	})

	t.Run("timeout", func(t *testing.T) {
		t.Parallel()
		e := newEngine(t, runtime.Options{})
		id := uniq("approval")
		runtime.Start(ctx, e, id, approval, 0)
		if got, err := runtime.Result[string](ctx, e, id); err != nil || got != "timeout" {
			t.Fatalf("result %q, %v; want timeout", got, err)
		}
		dctx := durgen.Direct(ctx)
		if got, _ := approval(dctx, 0); got != "timeout" {
			t.Fatalf("direct mode without signals: %q", got)
		}
	})

	t.Run("wakes", func(t *testing.T) {
		t.Parallel()
		clock := runtime.NewFakeClock(epoch, false)
		e := newEngine(t, runtime.Options{Clock: clock})
		id := uniq("approval")
		runtime.Start(ctx, e, id, approval, 0)
		waitFor(t, func() bool {
			st, _ := e.Store().StepList(ctx, id)
			return len(st) == 2 && st[1].Status == runtime.StepWaiting
		})
		e.Signal(ctx, id, "approve", "ann")
		waitFor(t, func() bool {
			st, _ := e.Store().StepList(ctx, id)
			return len(st) == 3 && st[2].Status == runtime.StepWaiting
		})
		clock.Advance(2 * time.Hour) // no deadline on the second receive
		e.Signal(ctx, id, "approve", "bob")
		if got, err := runtime.Result[string](ctx, e, id); err != nil || got != "ann,bob" {
			t.Fatalf("result %q, %v", got, err)
		}
		dctx := durgen.Direct(ctx)
		durgen.SendDirect(dctx, "approve", "ann")
		durgen.SendDirect(dctx, "approve", "bob")
		if got, err := approval(dctx, 0); err != nil || got != "ann,bob" {
			t.Fatalf("direct mode: %q, %v", got, err)
		}
	})
}
