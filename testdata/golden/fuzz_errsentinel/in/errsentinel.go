// Package errsentinel: found by FuzzTransform (after 1712 programs of its
// 10-minute run). An activity's error wraps a sentinel the package registers
// with durgen.RegisterError; errors.Is(err, ErrOdd) on the await's error is
// true in direct mode and false in the state machine, whose error has come
// through machine.EncodeError and DecodeError (as the store keeps it). The
// workflow takes the other branch once it runs durably.
package errsentinel

import (
	"context"
	"errors"
	"fmt"

	"github.com/durgen/durgen"
	"github.com/durgen/durgen/testdata/golden/trace"
)

// ErrOdd is the sentinel Inc wraps.
var ErrOdd = errors.New("odd")

func init() { durgen.RegisterError(ErrOdd) }

// Inc is an activity: n+1, or an error wrapping ErrOdd for odd n.
func Inc(ctx context.Context, n int) (int, error) {
	trace.Record(ctx, "Inc", n)
	if n%2 == 1 {
		return 0, fmt.Errorf("inc %d: %w", n, ErrOdd)
	}
	return n + 1, nil
}

// Classify tells an odd input by the sentinel of the activity's error.
//
//durgen:workflow
func Classify(ctx durgen.Context, n int) (string, error) {
	_, err := durgen.Await(ctx, Inc, n)
	if errors.Is(err, ErrOdd) {
		return "odd", nil // direct mode, n=1
	}
	return fmt.Sprint(err), nil // the machine, n=1: "inc 1: odd"
}
