// Package vardecl: awaits in var declarations: several names with several
// awaited values, a grouped declaration whose later value uses an earlier
// name, and a typed declaration of a Sleep's error.
package vardecl

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/durgen/durgen"
	"github.com/durgen/durgen/testdata/golden/trace"
)

// Half is an activity; it fails for odd numbers.
func Half(ctx context.Context, n int) (int, error) {
	trace.Record(ctx, "Half", n)
	if n%2 != 0 {
		return 0, errors.New("odd")
	}
	return n / 2, nil
}

func val(n int, err error) int {
	if err != nil {
		return -1
	}
	return n
}

// Declare declares locals from awaits.
//
//durgen:workflow
func Declare(ctx durgen.Context, n int) (string, error) {
	var a, b = val(durgen.Await(ctx, Half, n)), val(durgen.Await(ctx, Half, n+2))
	var (
		c       = a + b
		d int64 = int64(val(durgen.Await(ctx, Half, c)))
		e error = durgen.Sleep(ctx, time.Minute)
	)
	var f, err = durgen.Await(ctx, Half, int(d)*4)
	return fmt.Sprint(a, b, c, d, e, f, err), nil
}
