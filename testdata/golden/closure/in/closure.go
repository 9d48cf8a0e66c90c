// Package closure: function literals between awaits, not live across any:
// a closure that writes a local that is live across awaits (the write must
// reach the saved value), a literal called at once, and a less function
// passed to sort.Slice.
package closure

import (
	"context"
	"fmt"
	"sort"
	"time"

	"github.com/durgen/durgen"
	"github.com/durgen/durgen/testdata/golden/trace"
)

// Get is an activity.
func Get(ctx context.Context, n int) ([]int, error) {
	trace.Record(ctx, "Get", n)
	return []int{n % 7, n % 5, n % 3, n}, nil
}

// Sorted collects and sorts values with closures between awaits.
//
//durgen:workflow
func Sorted(ctx durgen.Context, n int) (string, error) {
	total := n
	xs, _ := durgen.Await(ctx, Get, n)
	add := func(k int) { total += k }
	for _, x := range xs {
		add(x)
	}
	durgen.Sleep(ctx, time.Minute)
	sort.Slice(xs, func(i, j int) bool { return xs[i] > xs[j] })
	ys, _ := durgen.Await(ctx, Get, total)
	biggest := func() int {
		m := ys[0]
		for _, y := range ys {
			m = max(m, y)
		}
		return m
	}()
	double := func() { total *= 2 }
	double()
	durgen.Sleep(ctx, time.Second)
	return fmt.Sprint(total, xs, biggest), nil
}
