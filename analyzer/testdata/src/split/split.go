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
	for i := 0; i < x; counts[must(durgen.Await(ctx, inc, i))%4]++ { // awaits on the left of an increment are brought out too
		i++
	}
	b := &bins{}
	b.row()[must(durgen.Await(ctx, inc, x))]++ // want `b.row\(\) \(\[\]int\) on the left of this assignment is evaluated before the durgen.Await \(line 27\) and would be kept across it`
	return x + counts[0], nil
}

type bins struct{ Xs []int }

func (b *bins) row() []int { return b.Xs }
