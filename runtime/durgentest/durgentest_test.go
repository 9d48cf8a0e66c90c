package durgentest_test

import (
	"context"
	"testing"
	"time"

	"github.com/durgen/durgen"
	"github.com/durgen/durgen/machine"
	"github.com/durgen/durgen/runtime/durgentest"
)

func square(_ context.Context, n int) (int, error) { return n * n, nil }

// sumSquares awaits square for 0..n-1, sleeping a day after each, with a
// future started first and read last.
func sumSquares(ctx durgen.Context, n int) (int, error) {
	last := durgen.Go(ctx, square, n)
	total := 0
	for i := 0; i < n; i++ {
		s, err := durgen.Await(ctx, square, i)
		if err != nil {
			return 0, err
		}
		total += s
		if err := durgen.Sleep(ctx, 24*time.Hour); err != nil {
			return 0, err
		}
	}
	l, err := last.Get(ctx)
	if err != nil {
		return 0, err
	}
	return total*1000 + l, nil
}

type sumSquaresFrame struct {
	machine.Label
	N     int                `json:"n"`
	Last  durgen.Future[int] `json:"last"`
	Total int                `json:"total"`
	I     int                `json:"i"`
}

func (f *sumSquaresFrame) Step(ctx durgen.Context) machine.Command {
	for {
		switch f.PC {
		case 0:
			f.Last = durgen.Go(ctx, square, f.N)
			f.Total = 0
			f.I = 0
			f.PC = 1
		case 1:
			if !(f.I < f.N) {
				f.PC = 4
				return machine.Get(ctx, f.Last)
			}
			f.PC = 2
			return machine.Call(ctx, "durgentest_test.square", square, f.I)
		case 2:
			s, err := machine.Result[int](ctx)
			if err != nil {
				return machine.Return(0, err)
			}
			f.Total += s
			f.PC = 3
			return machine.Sleep(ctx, 24*time.Hour)
		case 3:
			if err := machine.Done(ctx); err != nil {
				return machine.Return(0, err)
			}
			f.I++
			f.PC = 1
		case 4:
			l, err := machine.Result[int](ctx)
			if err != nil {
				return machine.Return(0, err)
			}
			return machine.Return(f.Total*1000+l, nil)
		}
	}
}

func init() {
	machine.Register(machine.Define("durgentest_test.sumSquares", sumSquares, "shape-1",
		func(n int) *sumSquaresFrame { return &sumSquaresFrame{N: n} },
		machine.NewActivity("durgentest_test.square", square)))
}

func TestRun(t *testing.T) {
	got, err := durgentest.Run(t, sumSquares, 3)
	if err != nil || got != 5009 {
		t.Fatalf("Run: %d, %v; want 5009", got, err)
	}
	cube := func(_ context.Context, n int) (int, error) { return n * n * n, nil }
	got, err = durgentest.Run(t, sumSquares, 3, durgentest.Mock(square, cube))
	if err != nil || got != 9027 {
		t.Fatalf("Run with a mock: %d, %v; want 9027", got, err)
	}
}

func TestCrashEverywhere(t *testing.T) {
	durgentest.CrashEverywhere(t, sumSquares, 2)
}
