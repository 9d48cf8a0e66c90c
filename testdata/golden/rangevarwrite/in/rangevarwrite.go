// Package rangevarwrite: writing the iteration variables of a range in its
// body does not change the iteration: the next iteration starts from the
// next position whatever the body did to the key, for a range over an
// integer, a slice, a string and a map; the writes are seen in the rest of
// their own iteration, across an await.
package rangevarwrite

import (
	"context"
	"fmt"

	"github.com/durgen/durgen"
	"github.com/durgen/durgen/testdata/golden/trace"
)

// Echo is an activity.
func Echo(ctx context.Context, n int) (int, error) {
	trace.Record(ctx, "Echo", n)
	return n, nil
}

// Writes changes its loop variables.
//
//durgen:workflow
func Writes(ctx durgen.Context, n int) (string, error) {
	var out []int
	for i := range n {
		i += 10
		e, _ := durgen.Await(ctx, Echo, i)
		out = append(out, e, i)
	}
	xs := []int{100, 200, 300}[:min(n, 3)]
	for i, v := range xs {
		i *= 5
		v++
		e, _ := durgen.Await(ctx, Echo, i+v)
		out = append(out, e, i, v)
	}
	for i, r := range "héllo"[:n] {
		i = -i
		e, _ := durgen.Await(ctx, Echo, i)
		out = append(out, e, int(r))
	}
	m := map[int]int{1: 10, 2: 20}
	sum := 0
	for k, v := range m {
		k, v = 0, v*2
		durgen.Await(ctx, Echo, 7)
		sum += k + v
	}
	return fmt.Sprint(out, sum), nil
}
