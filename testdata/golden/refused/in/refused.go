// Package refused: constructs the generator does not take yet, each refused
// with its position.
package refused

import (
	"context"
	"time"

	"github.com/durgen/durgen"
)

// Inc is an activity.
func Inc(ctx context.Context, n int) (int, error) { return n + 1, nil }

// Refused awaits where the splitter cannot resume yet.
//
//durgen:workflow
func Refused(ctx durgen.Context, n int) (int, error) {
	x, _ := durgen.Await(ctx, Inc, n)
	y := x + must(durgen.Await(ctx, Inc, x))
	select {
	case <-time.After(time.Second):
		durgen.Sleep(ctx, time.Second)
	}
	for _, v := range []int{1, 2} {
		durgen.Await(ctx, Inc, v)
	}
	f := Inc
	durgen.Await(ctx, f, 1)
	return y, nil
}

func must(n int, err error) int { return n }
