package machine_test

import (
	"context"
	"errors"
	"math"
	"strings"
	"testing"
	"time"

	"github.com/durgen/durgen"
	"github.com/durgen/durgen/internal/core"
	"github.com/durgen/durgen/machine"
)

// double is an activity.
func double(_ context.Context, n int) (int, error) { return 2 * n, nil }

// sumDoubles is the workflow the hand-written frame below implements:
//
//	func sumDoubles(ctx durgen.Context, n int) (int, error) {
//		total := 0
//		for i := 0; i < n; i++ {
//			d, err := durgen.Await(ctx, double, i)
//			if err != nil {
//				return 0, err
//			}
//			total += d
//			durgen.Sleep(ctx, time.Hour)
//		}
//		return total, nil
//	}
type sumDoublesFrame struct {
	machine.Label
	N     int   `json:"n"`
	Total int   `json:"total"`
	I     int   `json:"i"`
	Err   error `json:"err"` // not needed by sumDoubles; exercises the error codec
}

func (f *sumDoublesFrame) Step(ctx durgen.Context) machine.Command {
	for {
		switch f.PC {
		case 0:
			f.Total = 0
			f.I = 0
			f.PC = 1
		case 1:
			if !(f.I < f.N) {
				return machine.Return(f.Total, nil)
			}
			f.PC = 2
			return machine.Call(ctx, "double", double, f.I)
		case 2:
			d, err := machine.Result[int](ctx)
			if err != nil {
				return machine.Return(0, err)
			}
			f.Total += d
			f.PC = 3
			return machine.Sleep(ctx, time.Hour)
		case 3:
			f.I++
			f.PC = 1
		}
	}
}

// drive runs a frame to completion, encoding and decoding it at every
// suspension, and returns the workflow's encoded result.
func drive(t *testing.T, f machine.Frame) string {
	t.Helper()
	ctx := &core.State{Now: time.Unix(0, 0)}
	for range 100 {
		cmd := f.Step(ctx)
		data, err := machine.EncodeFrame(f)
		if err != nil {
			t.Fatal(err)
		}
		f = &sumDoublesFrame{}
		if err := machine.DecodeFrame(data, f); err != nil {
			t.Fatal(err)
		}
		*ctx = core.State{Now: ctx.Now}
		switch cmd.Kind {
		case machine.KindReturn:
			if cmd.Err != nil {
				return "error: " + cmd.Err.Error()
			}
			return string(cmd.Output)
		case machine.KindCall:
			a, ok := machine.LookupActivity(cmd.Name)
			if !ok {
				t.Fatalf("activity %s not registered", cmd.Name)
			}
			ctx.Result, ctx.Err = a.Call(context.Background(), cmd.Input)
		case machine.KindSleep:
			ctx.Now = cmd.Until
		}
	}
	t.Fatal("workflow did not return")
	return ""
}

func TestFrameRoundTrip(t *testing.T) {
	machine.RegisterActivity(machine.NewActivity("double", double))
	if got := drive(t, &sumDoublesFrame{N: 4}); got != "12" {
		t.Fatalf("result = %s, want 12", got)
	}
}

var errSentinel = errors.New("machine_test: sentinel")

func TestFrameErrorField(t *testing.T) {
	durgen.RegisterError(errSentinel)
	f := &sumDoublesFrame{Label: machine.Label{PC: 3}, N: 2, Err: errors.Join(errors.New("ctx"), errSentinel)}
	data, err := machine.EncodeFrame(f)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(string(data), `{"pc":3,"n":2,`) {
		t.Fatalf("encoded frame %s: want the label first and fields in declaration order", data)
	}
	var g sumDoublesFrame
	if err := machine.DecodeFrame(data, &g); err != nil {
		t.Fatal(err)
	}
	if g.PC != 3 || g.N != 2 || g.Err == nil || g.Err.Error() != f.Err.Error() {
		t.Fatalf("decoded %+v from %s", g, data)
	}
	if !errors.Is(g.Err, errSentinel) {
		t.Fatalf("decoded error %v lost errors.Is identity with a registered sentinel", g.Err)
	}
	if errors.Is(g.Err, durgen.ErrCanceled) {
		t.Fatalf("decoded error %v matches a sentinel it never wrapped", g.Err)
	}
}

// cached has a field that encoding/json skips.
type cached struct {
	A int
	B int `json:"-"`
}

// exactFrame holds values that JSON cannot hold exactly.
type exactFrame struct {
	machine.Label
	F     float64   `json:"f"`
	S     string    `json:"s"`
	Fs    []float64 `json:"fs"`
	Skip  cached    `json:"skip"`
	Plain string    `json:"plain"`
}

func (f *exactFrame) Step(durgen.Context) machine.Command { return machine.Command{} }

func TestFrameExact(t *testing.T) {
	f := &exactFrame{F: math.Inf(-1), S: "a\xffb", Fs: []float64{1, math.NaN()}, Plain: "readable"}
	f.Skip.A, f.Skip.B = 1, 2
	data, err := machine.EncodeFrame(f)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(data), `"plain":"readable"`) {
		t.Errorf("a plain field is not stored as plain JSON: %s", data)
	}
	var g exactFrame
	if err := machine.DecodeFrame(data, &g); err != nil {
		t.Fatal(err)
	}
	if !math.IsInf(g.F, -1) || g.S != f.S || len(g.Fs) != 2 || !math.IsNaN(g.Fs[1]) || g.Skip != f.Skip || g.Plain != f.Plain {
		t.Fatalf("round trip of %+v gave %+v (stored %s)", *f, g, data)
	}
}
