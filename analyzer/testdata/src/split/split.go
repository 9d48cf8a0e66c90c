package split

import (
	"context"
	"time"

	"github.com/durgen/durgen"
)

func inc(ctx context.Context, n int) (int, error) { return n + 1, nil }

func must(n int, err error) int { return n }

//durgen:workflow
func Nested(ctx durgen.Context, n int) (int, error) {
	x := must(durgen.Await(ctx, inc, n)) // nested awaits are brought out by the generator
	if err := durgen.Sleep(ctx, time.Second); err != nil {
		return 0, err
	}
	for i := 0; i < x; i += must(durgen.Await(ctx, inc, i)) { // awaits in a loop's post statement are brought out too
	}
	var counts [4]int
	for i := 0; i < x; counts[must(durgen.Await(ctx, inc, i))%4]++ { // want `await inside an increment or decrement statement, a for loop's post statement, is not supported by the generator yet`
		i++
	}
	return x + counts[0], nil
}
