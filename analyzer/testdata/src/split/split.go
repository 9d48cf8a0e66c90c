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

type bins struct {
	Xs []int
	M  map[string]int
}

func (b *bins) row() []int             { return b.Xs }
func (b *bins) counts() map[string]int { return b.M }
func (b *bins) name() string           { return "bins" }

func record(m map[string]int, n int) { m["n"] += n }

func label(s string, n int) string { return s }

//durgen:workflow
func Spilled(ctx durgen.Context, n int) (int, error) {
	b := &bins{M: map[string]int{}}
	record(b.counts(), must(durgen.Await(ctx, inc, n)))     // want `b.counts\(\) \(map\[string\]int\), argument 1 of record, is evaluated before the durgen.Await \(line 47\) and would be kept across it, but a copy restored after a restart does not share memory with the original`
	b.Xs = append(b.row(), must(durgen.Await(ctx, inc, n))) // want `b.row\(\) \(\[\]int\), argument 1 of append, is evaluated before the durgen.Await \(line 48\)`
	s := label(b.name(), must(durgen.Await(ctx, inc, n)))   // a string made by a call is kept across the await as it is
	xs := b.Xs
	xs = append(xs, must(durgen.Await(ctx, inc, n))) // a slice local is read after the await, not kept in a temporary
	m := b.counts()
	record(m, must(durgen.Await(ctx, inc, n))) // the way out: a local of its own
	return len(s) + len(xs) + m["n"], nil
}
