// Package binary: awaits as operands of arithmetic, comparison and string
// concatenation, on either side, with the left operand a plain variable or
// another await.
package binary

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"time"

	"github.com/durgen/durgen"
	"github.com/durgen/durgen/testdata/golden/trace"
)

// Square is an activity; it fails above 100.
func Square(ctx context.Context, n int) (int, error) {
	trace.Record(ctx, "Square", n)
	if n > 100 {
		return 0, errors.New("overflow")
	}
	return n * n, nil
}

func val(n int, err error) int {
	if err != nil {
		return -1
	}
	return n
}

// Arith combines awaited squares with operators.
//
//durgen:workflow
func Arith(ctx durgen.Context, n int) (string, error) {
	a := val(durgen.Await(ctx, Square, n)) + val(durgen.Await(ctx, Square, n+1))*2
	b := n - val(durgen.Await(ctx, Square, a%7))
	slept := durgen.Sleep(ctx, time.Second) == nil
	s := strconv.Itoa(a) + "/" + strconv.Itoa(val(durgen.Await(ctx, Square, b))) + "/" + strconv.Itoa(b)
	less := val(durgen.Await(ctx, Square, n)) < a
	return fmt.Sprint(s, slept, less, a%(val(durgen.Await(ctx, Square, 3))+b*b+1)), nil
}
